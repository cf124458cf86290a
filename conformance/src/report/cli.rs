//! The report's command line: `conformance-report` (the kit's bundled implementations)
//! and `storage-report` (those and the real stores) are this, each over its catalog.
//! Exit status 0 when every reference implementation and correct control passes and
//! every faulty implementation is caught by its target property; 1 otherwise, with the
//! reasons; 2 for bad arguments.

use std::io::{IsTerminal, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    Cell, Progress, Role, Selection, Subject, render_matrix, run_report, to_json, verdict,
};
use crate::config::{RunConfig, parse_number};
use clap::Parser;

/// Runs the conformance kit's suites against the bundled reference, correct-control and
/// faulty implementations and prints a property × implementation matrix.
#[derive(Debug, Parser)]
#[command(name = "conformance-report", version)]
struct Args {
    /// Only these implementations (repeat or separate with commas); `--list` shows them.
    #[arg(long = "impl", value_delimiter = ',')]
    implementations: Vec<String>,
    /// Only these properties (repeat or separate with commas).
    #[arg(long = "property", value_delimiter = ',')]
    properties: Vec<String>,
    /// Cases per property (default: PROPTEST_CASES, else the kit's default).
    #[arg(long)]
    cases: Option<u32>,
    /// Run seed, decimal or 0x hex (default: CONFORMANCE_SEED, else random).
    #[arg(long, value_parser = parse_number)]
    seed: Option<u64>,
    /// Also write the results as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// List the implementations and properties, then exit.
    #[arg(long)]
    list: bool,
    /// Expect this implementation to pass every property, whatever its role: shows what
    /// the report does when a reference implementation fails.
    #[arg(long, hide = true, value_delimiter = ',')]
    treat_as_reference: Vec<String>,
    /// `name=property`: expect this faulty implementation to be caught by another
    /// property: shows what the report does when a faulty one is not caught.
    #[arg(long, hide = true, value_parser = parse_retarget)]
    retarget: Vec<(String, String)>,
}

fn parse_retarget(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(name, property)| (name.to_string(), property.to_string()))
        .ok_or_else(|| format!("{text:?} is not name=property"))
}

/// The catalog with the roles the hidden options change.
fn subjects(args: &Args, catalog: fn() -> Vec<Subject>) -> Result<Vec<Subject>, String> {
    let mut subjects = catalog();
    for subject in &mut subjects {
        if args.treat_as_reference.contains(&subject.name) {
            subject.role = Role::Reference;
        }
        if let Some((_, property)) = args.retarget.iter().find(|(name, _)| *name == subject.name) {
            let target = subject
                .properties
                .iter()
                .find(|p| p.id == property)
                .ok_or_else(|| format!("`{property}` is not a property of {}", subject.suite))?;
            subject.role = Role::Faulty { target: target.id };
        }
    }
    Ok(subjects)
}

/// Progress on stderr: one rewritten line on a terminal, a line per cell otherwise.
struct StderrProgress {
    terminal: bool,
}

impl Progress for StderrProgress {
    fn started(&mut self, index: usize, total: usize, subject: &str, property: &str) {
        if self.terminal {
            eprint!("\r\x1b[2K[{}/{total}] {subject} · {property}", index + 1);
            let _ = std::io::stderr().flush();
        }
    }

    fn finished(&mut self, cell: &Cell) {
        if !self.terminal {
            let status = match &cell.outcome {
                crate::outcome::Outcome::Passed { .. } => "pass",
                crate::outcome::Outcome::Skipped { .. } => "skip",
                crate::outcome::Outcome::Failed(_) => "FAIL",
            };
            eprintln!(
                "{} · {}: {status} ({} ms)",
                cell.subject,
                cell.property.id,
                cell.elapsed.as_millis()
            );
        }
    }
}

fn list(catalog: fn() -> Vec<Subject>) {
    println!("implementations:");
    for subject in catalog() {
        println!(
            "  {:<44} {} ({:?})",
            subject.name, subject.suite, subject.role
        );
    }
    println!("properties:");
    for property in crate::registry::all_properties() {
        println!("  {:<44} {}", property.id, property.rule);
    }
}

/// Parses the command line, runs the report over the subjects `catalog` returns, prints
/// it, and returns the exit status.
pub fn main(catalog: fn() -> Vec<Subject>) -> ExitCode {
    let args = Args::parse();
    if args.list {
        list(catalog);
        return ExitCode::SUCCESS;
    }
    let mut config = match RunConfig::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(cases) = args.cases {
        config.cases = cases;
    }
    if let Some(seed) = args.seed {
        config.seed = seed;
    }
    let selection = Selection {
        implementations: args.implementations.clone(),
        properties: args.properties.clone(),
    };
    let terminal = std::io::stderr().is_terminal();
    eprintln!(
        "conformance-report: {} cases per property, seed {:#x}",
        config.cases, config.seed
    );
    let run = subjects(&args, catalog).and_then(|subjects| {
        run_report(
            &subjects,
            &selection,
            &config,
            &mut StderrProgress { terminal },
        )
    });
    let cells = match run {
        Ok(cells) => cells,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if terminal {
        eprintln!();
    }
    let verdict = verdict(&cells);
    print!("{}", render_matrix(&cells, &verdict));
    if let Some(path) = &args.json {
        let json = to_json(&cells, &verdict);
        let written = serde_json::to_string_pretty(&json)
            .map_err(|e| e.to_string())
            .and_then(|text| std::fs::write(path, text + "\n").map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("error: could not write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    if verdict.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
