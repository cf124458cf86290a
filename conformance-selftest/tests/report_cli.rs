//! The report binary's exit status in its three cases, its text (one matrix per suite,
//! only what needs attention, no colour when piped), its JSON and JUnit files, and its
//! handling of bad arguments.

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
        stdout.contains("✗*"),
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
    let failure = &results[1]["failures"][0];
    assert!(
        failure["counterexample"]
            .as_str()
            .unwrap()
            .contains("e.put(")
    );
    assert_eq!(failure["kind"], "violation");
    assert_eq!(parsed["implementations"].as_array().unwrap().len(), 2);
    assert_eq!(parsed["settings"][0]["cases"], 32);
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
        &["--from", "/no/such/conformance-records"],
        &["--from", ".", "--seed", "1"],
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
        "faulty_engine_put_returns_none",
        "engine_cursor_interleaved",
    ] {
        assert!(stdout.contains(name), "{name}: {stdout}");
    }
}

fn temp_file(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("conformance-report-{}-{name}", std::process::id()))
}

#[test]
fn piped_output_is_one_matrix_without_colour_and_only_what_needs_attention() {
    let out = report(&[&SMALL[..], &["--seed", "7"]].concat());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains('\x1b'), "no colour when piped: {stdout:?}");
    assert!(
        stdout.contains("StorageEngine — 2 implementations × 1 property"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  faulty_engine_put_returns_none  ✗*"),
        "{stdout}"
    );
    // The faulty engine's caught failure is as expected: its counterexample waits for
    // --verbose, and nothing needs attention.
    assert!(!stdout.contains("Needs attention"), "{stdout}");
    assert!(!stdout.contains("minimal counterexample"), "{stdout}");
    assert!(
        text(&out.stderr).lines().count() <= 1,
        "no progress when piped: {}",
        text(&out.stderr)
    );
    let verbose = report(&[&SMALL[..], &["--seed", "7", "--verbose"]].concat());
    let stdout = text(&verbose.stdout);
    assert!(
        stdout.contains("Failures (1)") && stdout.contains("minimal counterexample"),
        "{stdout}"
    );
}

#[test]
fn skips_are_summarised_once_per_implementation_and_reason() {
    let out = report(&[
        "--impl",
        "null_data_store,in_memory_data_store",
        "--cases",
        "4",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // The other kinds' properties do not apply to a store of one kind.
    let reason =
        "needs the capability `datastore_write_behind`, which does not apply to the implementation";
    assert_eq!(
        stdout.matches(reason).count(),
        2,
        "once for each implementation: {stdout}"
    );
    assert!(
        stdout.contains("5 properties: needs the capability `datastore_write_behind`"),
        "{stdout}"
    );
}

#[test]
fn junit_has_one_test_case_per_cell_failing_where_the_verdict_fails() {
    let junit = temp_file("junit.xml");
    let junit_arg = junit.to_string_lossy().into_owned();
    let out = report(
        &[
            &SMALL[..],
            &[
                "--treat-as-reference",
                "faulty_engine_put_returns_none",
                "--junit",
                &junit_arg,
            ],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), 2, "{xml}");
    assert!(xml.contains("tests=\"2\" failures=\"1\""), "{xml}");
    assert!(
        xml.contains("classname=\"StorageEngine.faulty_engine_put_returns_none\" name=\"engine_model_equivalence\""),
        "{xml}"
    );
    let _ = std::fs::remove_file(junit);
}
