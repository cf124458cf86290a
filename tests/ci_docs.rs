//! docs/ci.md names nextest profiles and files that exist in this repository.

use std::path::Path;

fn read(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_profile_the_ci_page_uses_is_configured_with_junit_output() {
    let page = read("docs/ci.md");
    let config = read(".config/nextest.toml");
    let profiles: Vec<&str> = page
        .split("--profile ")
        .skip(1)
        .filter_map(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .collect();
    assert!(profiles.contains(&"ci") && profiles.contains(&"nightly"));
    for profile in profiles {
        assert!(
            config.contains(&format!("[profile.{profile}]")),
            "docs/ci.md uses the nextest profile {profile}, which .config/nextest.toml lacks"
        );
        assert!(
            config.contains(&format!("[profile.{profile}.junit]"))
                && page.contains(&format!("target/nextest/{profile}/junit.xml")),
            "profile {profile}: no JUnit output, or docs/ci.md does not say where it goes"
        );
    }
}

#[test]
fn the_readme_links_the_ci_page_and_the_ci_page_names_the_readme_test_command() {
    assert!(read("README.md").contains("(docs/ci.md)"));
    let run = read(".ci/run");
    let page = read("docs/ci.md");
    let command = "cargo test --workspace --locked";
    // The command itself, possibly with its output piped on (for the total line).
    assert!(run.lines().any(|line| {
        let line = line.trim();
        line == command || line.starts_with(&format!("{command} 2>&1 |"))
    }));
    assert!(page.contains(command));
}
