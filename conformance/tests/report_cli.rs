//! The report binary's exit status in its three cases, its JSON, and its handling of
//! bad arguments.

use std::process::{Command, Output};

fn report(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conformance-report"))
        .args(args)
        .env_remove("CONFORMANCE_SEED")
        .env_remove("PROPTEST_CASES")
        .output()
        .unwrap_or_else(|e| panic!("could not run the report: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A reference engine and the faulty engine whose put returns None, on the property
/// that targets it: a small run that exercises every part of the verdict.
const SMALL: [&str; 6] = [
    "--impl",
    "hash_map_engine,faulty_engine_put_returns_none",
    "--property",
    "engine_model_equivalence",
    "--cases",
    "32",
];

#[test]
fn all_good_exits_zero_and_writes_parsable_json() {
    let json = std::env::temp_dir().join(format!("conformance-report-{}.json", std::process::id()));
    let json_arg = json.to_string_lossy().into_owned();
    let out = report(&[&SMALL[..], &["--seed", "7", "--json", &json_arg]].concat());
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(stdout.contains("Verdict: PASS"), "{stdout}");
    assert!(
        stdout.contains("FAIL*"),
        "the faulty engine's target cell is marked: {stdout}"
    );
    let parsed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(parsed["passed"], true);
    let results = parsed["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["implementation"], "hash_map_engine");
    assert_eq!(results[0]["status"], "pass");
    assert_eq!(results[0]["seed"], "0x7");
    assert_eq!(results[1]["status"], "fail");
    assert_eq!(results[1]["target"], "engine_model_equivalence");
    assert!(
        results[1]["counterexample"]
            .as_str()
            .unwrap()
            .contains("e.put(")
    );
    let _ = std::fs::remove_file(json);
}

#[test]
fn a_failing_reference_implementation_exits_one_with_the_reason() {
    let out = report(
        &[
            &SMALL[..],
            &["--treat-as-reference", "faulty_engine_put_returns_none"],
        ]
        .concat(),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "`faulty_engine_put_returns_none` must pass but fails `engine_model_equivalence`"
        ),
        "{stdout}"
    );
}

#[test]
fn a_faulty_implementation_not_caught_exits_one_with_the_reason() {
    let out = report(&[
        "--impl",
        "faulty_engine_put_returns_none",
        "--property",
        "engine_snapshot",
        "--cases",
        "32",
        "--retarget",
        "faulty_engine_put_returns_none=engine_snapshot",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("is not caught by `engine_snapshot`"),
        "{stdout}"
    );
}

#[test]
fn bad_arguments_get_a_message_and_exit_two_without_panicking() {
    for args in [
        &["--cases", "many"][..],
        &["--seed", "0xZZ"],
        &["--impl", "no_such_engine"],
        &["--property", "engine_no_such_property"],
        &["--frobnicate"],
    ] {
        let out = report(args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn list_names_every_implementation_and_property() {
    let out = report(&["--list"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for name in [
        "hash_map_engine",
        "faulty_engine_offset_cursor_over_hash_map",
        "engine_cursor_interleaved",
    ] {
        assert!(stdout.contains(name), "{name}: {stdout}");
    }
}
