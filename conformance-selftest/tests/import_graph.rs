//! The kit's modules depend on each other one way: suites → concurrency → core, with no
//! import cycle between any two of its files (issue 13). A file depends on the modules
//! its code names through `crate::…` and `super::…` paths (comments and the unit tests
//! of a `mod tests { … }` block aside); a module naming its own ancestor is the usual
//! parent–child link and no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside the kit: `["recordstore", "run"]` for `crate::recordstore::run`.
type Module = Vec<String>;

fn kit_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/src")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|x| x == "rs") {
            found.push(path);
        }
    }
}

/// The module a file defines: `recordstore/run.rs` and `recordstore/run/mod.rs` are both
/// `recordstore::run`; `lib.rs` is the crate root.
fn module_of(root: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its `mod tests { … }` block.
fn code(text: &str) -> String {
    let text = text
        .find("#[cfg(test)]\nmod tests {")
        .map_or(text, |end| &text[..end]);
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `prefix::a::b…` path in `code`, as its segments.
fn paths(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut segments = Vec::new();
        let mut tail = rest;
        while let Some(after) = tail.strip_prefix("::") {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if name.is_empty() {
                break;
            }
            tail = &after[name.len()..];
            segments.push(name);
        }
        found.push(segments);
    }
    found
}

/// The longest prefix of `path` that is a module of the kit.
fn resolve(modules: &BTreeSet<Module>, path: &[String]) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|candidate| modules.contains(candidate))
}

/// Each module's dependencies on other modules of the kit, its ancestors left out.
fn import_graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let root = kit_src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(&root, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_of(&root, file);
        if module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        let code = code(&text);
        // `super` of `a/b.rs` and of `a/b/mod.rs` is `a`.
        let parent: Module = module[..module.len().saturating_sub(1)].to_vec();
        let mut targets = BTreeSet::new();
        for path in paths(&code, "crate") {
            targets.extend(resolve(&modules, &path));
        }
        for path in paths(&code, "super") {
            let full: Vec<String> = parent.iter().cloned().chain(path).collect();
            targets.extend(resolve(&modules, &full));
        }
        targets.retain(|t| *t != module && !module.starts_with(t));
        graph.insert(module, targets);
    }
    graph
}

/// A cycle through `start`, if there is one: depth first, as module paths.
fn cycle_from(
    graph: &BTreeMap<Module, BTreeSet<Module>>,
    start: &Module,
    at: &Module,
    trail: &mut Vec<Module>,
    seen: &mut BTreeSet<Module>,
) -> Option<Vec<Module>> {
    for next in graph.get(at).into_iter().flatten() {
        if next == start {
            let mut cycle = trail.clone();
            cycle.push(next.clone());
            return Some(cycle);
        }
        if seen.insert(next.clone()) {
            trail.push(next.clone());
            if let Some(cycle) = cycle_from(graph, start, next, trail, seen) {
                return Some(cycle);
            }
            trail.pop();
        }
    }
    None
}

#[test]
fn the_kits_modules_import_each_other_without_a_cycle() {
    let graph = import_graph();
    assert!(
        graph.len() > 50,
        "the kit's files were not found: {graph:?}"
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|start| {
            let mut trail = vec![start.clone()];
            cycle_from(&graph, start, start, &mut trail, &mut BTreeSet::new())
        })
        .map(|cycle| {
            cycle
                .iter()
                .map(|m| m.join("::"))
                .collect::<Vec<_>>()
                .join(" -> ")
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_concurrency_core_names_no_suite() {
    let graph = import_graph();
    let suites = ["engine", "recordstore", "datastore", "observer"];
    for (module, targets) in &graph {
        if module.first().is_some_and(|m| m == "concurrent") {
            let named: Vec<&Module> = targets
                .iter()
                .filter(|t| t.first().is_some_and(|m| suites.contains(&m.as_str())))
                .collect();
            assert!(named.is_empty(), "{module:?} names {named:?}");
        }
    }
}

#[test]
fn a_cycle_between_two_files_is_found() {
    let a: Module = vec!["a".into()];
    let b: Module = vec!["b".into()];
    let graph = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([a.clone()])),
    ]);
    let found = cycle_from(&graph, &a, &a, &mut vec![a.clone()], &mut BTreeSet::new());
    assert_eq!(found, Some(vec![a.clone(), b, a]));
    assert_eq!(
        paths(
            "use crate::recordstore::run::CaseRun; let _ = crate::x;",
            "crate"
        ),
        vec![
            vec!["recordstore".to_string(), "run".into()],
            vec!["x".to_string()]
        ]
    );
}
