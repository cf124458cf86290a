//! One cell's details: what it gave, its seed and time, and each failure with its
//! counterexample as copyable Rust.

use std::fmt::Write as _;

use super::cell_anchor;
use crate::report::markup::escape;
use crate::report::verdict::problem;
use storage_conformance::records::{CellRecord, FailureRecord, Status};

fn fact(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, "<dt>{}</dt><dd>{value}</dd>", escape(name));
}

fn failure(out: &mut String, failure: &FailureRecord) {
    let _ = write!(
        out,
        "<div class=\"failure\"><h4>{}</h4><dl class=\"facts\">",
        escape(&failure.rule)
    );
    if let Some(expected) = &failure.expected {
        fact(
            out,
            "expected",
            &format!("<code>{}</code>", escape(expected)),
        );
    }
    if let Some(actual) = &failure.actual {
        fact(out, "actual", &format!("<code>{}</code>", escape(actual)));
    }
    for detail in &failure.details {
        fact(
            out,
            &format!("{:?}", failure.kind).to_lowercase(),
            &format!("<code>{}</code>", escape(detail)),
        );
    }
    if let Some(step) = failure.step {
        fact(out, "at step", &format!("{step} of {}", failure.steps));
    }
    if !failure.pins.is_empty() {
        fact(out, "pinned readings", &escape(&failure.pins.join(", ")));
    }
    if let Some(seed) = &failure.case_seed {
        fact(
            out,
            "case seed",
            &format!(
                "<code>{}</code> (after {} cases and {} shrink steps)",
                escape(seed),
                failure.cases_run,
                failure.shrink_iters
            ),
        );
    }
    out.push_str("</dl>");
    if let Some(code) = &failure.counterexample {
        let _ = write!(
            out,
            "<p>Minimal counterexample ({} steps), as Rust:</p>\
             <div class=\"code\"><button type=\"button\" class=\"copy\">Copy</button>\
             <pre><code class=\"language-rust\">{}</code></pre></div>",
            failure.steps,
            escape(code)
        );
    }
    out.push_str("</div>");
}

/// Renders `cell`'s details into `out`, with `classes` (its judgement and status).
pub fn render(out: &mut String, cell: &CellRecord, classes: &str) {
    let _ = write!(
        out,
        "<details class=\"cell {classes}\" id=\"{}\"><summary>{} · {} — {:?}</summary>",
        cell_anchor(cell),
        escape(&cell.implementation),
        escape(&cell.property),
        cell.status
    );
    if let Some(problem) = problem(cell) {
        let _ = write!(out, "<p><b>Needs attention:</b> {}</p>", escape(&problem));
    }
    out.push_str("<dl class=\"facts\">");
    fact(out, "suite", &escape(&cell.suite));
    let role = match &cell.target {
        Some(target) => format!(
            "{}: must be caught by <code>{}</code>",
            cell.role.label(),
            escape(target)
        ),
        None => format!("{}: must pass", cell.role.label()),
    };
    fact(out, "role", &role);
    fact(out, "seed", &format!("<code>{}</code>", escape(&cell.seed)));
    fact(out, "time", &format!("{} ms", cell.millis));
    fact(out, "cases", &cell.cases.to_string());
    match cell.status {
        Status::Skipped => fact(
            out,
            "skipped",
            &escape(cell.skip_reason.as_deref().unwrap_or("")),
        ),
        Status::Error => fact(out, "error", &escape(cell.error.as_deref().unwrap_or(""))),
        Status::Pass | Status::Fail => {}
    }
    let readings: Vec<String> = cell
        .readings
        .iter()
        .map(|r| format!("<code>{}</code>", escape(&r.text)))
        .collect();
    if !readings.is_empty() {
        fact(out, "readings", &readings.join("<br>"));
    }
    out.push_str("</dl>");
    for one in &cell.failures {
        failure(out, one);
    }
    out.push_str("</details>\n");
}
