//! The report's command line: `conformance-report` (the kit's bundled implementations)
//! and `storage-report` (those and the real stores) are this, each over its catalog.
//! It runs every suite against every implementation of the catalog (or reads the
//! records an implementer's tests wrote, with `--from`) and prints the conformance
//! matrix, what needs attention and the verdict; writes JSON, HTML and JUnit XML on
//! request. Exit status 0 when every implementation that must pass passes and every
//! faulty implementation is caught by its target property; 1 otherwise, with the
//! reasons; 2 for bad arguments.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use super::progress::{ProgressLine, Quiet};
use super::run::WAITING_JOBS;
use super::text::{Style, TextOptions, render_text};
use super::workers::{WorkerProcess, serve};
use super::{
    CellRecord, CellRunner, Progress, Role, Selection, Subject, plan, read_records, run_cells,
    to_html, to_json, to_junit, verdict,
};
use clap::Parser;
use storage_conformance::config::{DISTINCT_RULES_ENV, RunConfig, parse_number};

/// Runs the conformance kit's suites against the bundled reference, correct-control and
/// faulty implementations (or renders the records of your own tests, `--from`) and
/// prints a property × implementation matrix per suite.
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
    #[arg(long, conflicts_with = "from")]
    cases: Option<u32>,
    /// Run seed, decimal or 0x hex (default: CONFORMANCE_SEED, else random).
    #[arg(long, value_parser = parse_number, conflicts_with = "from")]
    seed: Option<u64>,
    /// Cells run at once, each in a worker process (default: the number of cores + 1),
    /// and two more for the cells of real stores, which mostly wait on their commits.
    #[arg(long, conflicts_with = "from")]
    jobs: Option<usize>,
    /// Render the records your own tests wrote to this directory (run them with
    /// CONFORMANCE_REPORT_DIR set to it) instead of running the bundled implementations.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Print every failure, skip and reading, not only what needs attention.
    #[arg(long, short)]
    verbose: bool,
    /// Also write the report as JSON (the verdict and one record per cell) to this file.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also write the report as one self-contained HTML page to this file.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Also write the report as JUnit XML (one test case per cell) to this file.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
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
    /// Serve cells to a report over stdin and stdout (the report starts its workers so).
    #[arg(long, hide = true)]
    worker: bool,
}

fn parse_retarget(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(name, property)| (name.to_string(), property.to_string()))
        .ok_or_else(|| format!("{text:?} is not name=property"))
}

/// The catalog with the roles the hidden options change.
fn subjects(args: &Args, catalog: Catalog) -> Result<Vec<Subject>, String> {
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

fn list(catalog: Catalog) {
    println!("implementations:");
    for subject in catalog() {
        println!(
            "  {:<44} {} ({:?})",
            subject.name, subject.suite, subject.role
        );
    }
    println!("properties:");
    for property in storage_conformance::registry::all_properties() {
        println!("  {:<44} {}", property.id, property.rule);
    }
}

fn config(args: &Args) -> Result<RunConfig, String> {
    let mut config = RunConfig::from_env()?;
    // The verdict needs each cell's first failure only, and the search for every
    // distinct broken rule would add about a fifth to the run over the faulty controls:
    // it runs when the environment asks for it.
    if std::env::var_os(DISTINCT_RULES_ENV).is_none() {
        config = config.distinct_rules(1);
    }
    if let Some(cases) = args.cases {
        config.cases = cases;
    }
    if let Some(seed) = args.seed {
        config.seed = seed;
    }
    Ok(config)
}

/// Runs the selected cells in worker processes, `jobs` at once, with a progress line
/// on a terminal.
fn run(
    args: &Args,
    catalog: Catalog,
    config: &RunConfig,
    selection: &Selection,
) -> Result<Vec<CellRecord>, String> {
    let subjects = subjects(args, catalog)?;
    let planned = plan(&subjects, selection)?;
    // One worker more than cores: a cell waiting out a watchdog (a hang) or a barrier
    // leaves its core idle, and the extra worker fills it.
    let jobs = args
        .jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get) + 1
        })
        .clamp(1, planned.len().max(1));
    let program = std::env::current_exe()
        .map_err(|e| format!("could not find this program to start workers: {e}"))?;
    let new_runner =
        || -> Box<dyn CellRunner> { Box::new(WorkerProcess::new(program.clone(), config.clone())) };
    let waiting = if jobs > 1 && planned.iter().any(|cell| cell.subject.waits) {
        format!(" (and {WAITING_JOBS} for the real stores' cells)")
    } else {
        String::new()
    };
    eprintln!(
        "conformance-report: {} cells, {} at once{waiting}, {} cases per property, seed {:#x}",
        planned.len(),
        jobs,
        config.cases,
        config.seed
    );
    if !std::io::stderr().is_terminal() {
        return Ok(run_cells(&planned, jobs, &new_runner, &Quiet));
    }
    let progress = ProgressLine::new(planned.len());
    let (stop, ticks) = mpsc::channel::<()>();
    let records = std::thread::scope(|scope| {
        // Redraws the line between cells, so that its clocks keep moving.
        let progress = &progress;
        scope.spawn(move || {
            while let Err(mpsc::RecvTimeoutError::Timeout) =
                ticks.recv_timeout(Duration::from_millis(250))
            {
                progress.draw();
            }
        });
        let records = run_cells(&planned, jobs, &new_runner, progress as &dyn Progress);
        drop(stop);
        records
    });
    progress.clear();
    Ok(records)
}

fn write(path: &PathBuf, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("could not write {}: {e}", path.display()))
}

fn report(args: &Args, catalog: Catalog) -> Result<bool, String> {
    let selection = Selection {
        implementations: args.implementations.clone(),
        properties: args.properties.clone(),
    };
    let (records, source) = if let Some(dir) = &args.from {
        let mut records = read_records(dir)?;
        records.retain(|r| selection.keeps(r));
        (records, format!("the records in {}", dir.display()))
    } else {
        let config = config(args)?;
        let records = run(args, catalog, &config, &selection)?;
        (records, "the bundled implementations".to_string())
    };
    let verdict = verdict(&records);
    let style = Style::detect(
        std::io::stdout().is_terminal(),
        std::env::var("NO_COLOR").ok().as_deref(),
    );
    let options = TextOptions {
        verbose: args.verbose,
        style,
    };
    print!("{}", render_text(&records, &verdict, options));
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&to_json(&records, &verdict))
            .map_err(|e| e.to_string())?;
        write(path, &(json + "\n"))?;
    }
    if let Some(path) = &args.html {
        write(path, &to_html(&records, &verdict, &source))?;
    }
    if let Some(path) = &args.junit {
        write(path, &to_junit(&records))?;
    }
    Ok(verdict.passed())
}

/// The implementations a report runs.
pub type Catalog = fn() -> Vec<Subject>;

/// Parses the command line and runs the report over the subjects `catalog` returns (its
/// workers are this program again, serving the same catalog); returns the exit status.
pub fn main(catalog: Catalog) -> ExitCode {
    let args = Args::parse();
    if args.list {
        list(catalog);
        return ExitCode::SUCCESS;
    }
    if args.worker {
        let served = config(&args).and_then(|config| {
            serve(
                &catalog(),
                &config,
                std::io::stdin().lock(),
                std::io::stdout().lock(),
            )
        });
        return match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    match report(&args, catalog) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
