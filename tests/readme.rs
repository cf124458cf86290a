//! README.md's copies of repository files stay equal to the files: a fenced block right
//! after a line `<!-- copy of PATH -->` must hold exactly the content of PATH.

use std::path::Path;

const MARKER: &str = "<!-- copy of ";

/// Every `(path, block)` pair in `readme`: the path named by a marker and the content of
/// the fenced block that follows it.
fn copies(readme: &str) -> Vec<(String, String)> {
    let mut lines = readme.lines();
    let mut found = Vec::new();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .strip_prefix(MARKER)
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        let fence = lines.next().unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "the marker for {path} is not followed by a fenced block"
        );
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        found.push((path.to_string(), block.join("\n") + "\n"));
    }
    found
}

#[test]
fn the_readme_quick_start_is_the_example_crates_test_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let copies = copies(&readme);
    assert!(
        copies
            .iter()
            .any(|(path, _)| path == "examples/my-engine/tests/conformance.rs"),
        "README.md has no marked copy of the example's test file"
    );
    for (path, block) in copies {
        let file = std::fs::read_to_string(root.join(&path))
            .unwrap_or_else(|e| panic!("README.md copies {path}, which cannot be read: {e}"));
        assert_eq!(
            block, file,
            "README.md's copy of {path} differs from the file: copy the file into README.md"
        );
    }
}
