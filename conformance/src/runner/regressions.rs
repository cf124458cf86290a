//! Regression seeds: a failing case's seed is appended to a file in the implementer's
//! crate and replayed before any new case on the next run. The file is plain text, one
//! `seed 0x…  # rule` line per failure, meant to be committed.

use std::fs;
use std::io::Write as _;
use std::path::PathBuf;

use crate::config::{RunConfig, parse_number};

fn file(config: &RunConfig, property: &str) -> Option<PathBuf> {
    config
        .regressions
        .as_ref()
        .map(|dir| dir.join(format!("{property}.txt")))
}

/// The seeds stored for `property`, oldest first; none if there is no file.
pub fn load(config: &RunConfig, property: &str) -> Vec<u64> {
    let Some(path) = file(config, property) else {
        return Vec::new();
    };
    let Ok(text) = fs::read_to_string(&path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| line.strip_prefix("seed "))
        .filter_map(|rest| rest.split_whitespace().next())
        .filter_map(|seed| parse_number(seed).ok())
        .collect()
}

/// Appends `seed` for `property` unless it is already stored. Failing to write is
/// reported on stderr, never as a test failure: the failure itself is what matters.
pub fn save(config: &RunConfig, property: &str, seed: u64, rule: &str) {
    let Some(path) = file(config, property) else {
        return;
    };
    if load(config, property).contains(&seed) {
        return;
    }
    let written = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| {
            let new_file = !path.exists();
            let mut out = fs::OpenOptions::new().create(true).append(true).open(&path)?;
            if new_file {
                writeln!(
                    out,
                    "# Seeds of failing cases of `{property}`, replayed first on every run.\n# Commit this file; delete a line once its bug is fixed and covered elsewhere."
                )?;
            }
            writeln!(out, "seed {seed:#018x}  # {rule}")
        });
    if let Err(e) = written {
        eprintln!(
            "could not record the regression seed in {}: {e}",
            path.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_seeds_load_back_once_each() {
        let dir =
            std::env::temp_dir().join(format!("conformance-regressions-{}", std::process::id()));
        let config = RunConfig::default().regressions(&dir);
        assert!(load(&config, "p").is_empty());
        save(&config, "p", 0xabc, "a rule");
        save(&config, "p", 0xabc, "a rule");
        save(&config, "p", 7, "another rule");
        assert_eq!(load(&config, "p"), vec![0xabc, 7]);
        assert!(load(&RunConfig::default(), "p").is_empty());
        let _ = fs::remove_dir_all(dir);
    }
}
