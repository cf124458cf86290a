//! The report as one self-contained HTML page (styles and script inline, nothing
//! fetched): the verdict, the settings, what needs attention, and per suite a matrix
//! coloured by outcome whose every cell opens its details (counterexample as copyable
//! Rust, seed, time) and the readings each implementation was checked under.

mod cell;
mod matrix;

use std::fmt::Write as _;

use super::markup::escape;
use super::settings::{common_seed, describe, distinct_settings, tally};
use super::table::tables;
use super::verdict::{Verdict, problem};
use storage_conformance::records::CellRecord;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// The id of `cell`'s details in the page: `cell-<implementation>--<property>`.
pub fn cell_anchor(cell: &CellRecord) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    format!(
        "cell-{}--{}",
        safe(&cell.implementation),
        safe(&cell.property)
    )
}

fn header(out: &mut String, records: &[CellRecord], verdict: &Verdict, source: &str) {
    let (class, word) = if verdict.passed() {
        ("pass", "PASS")
    } else {
        ("fail", "FAIL")
    };
    let _ = writeln!(
        out,
        "<header><h1>Conformance report</h1><p class=\"muted\">{}</p>\
         <p><span class=\"verdict {class}\">Verdict: {word}</span> {} cells: {}</p></header>",
        escape(source),
        records.len(),
        tally(records)
    );
}

fn settings(out: &mut String, records: &[CellRecord]) {
    out.push_str("<section id=\"settings\"><h2>Settings</h2><dl class=\"settings\">");
    for settings in distinct_settings(records) {
        let _ = write!(
            out,
            "<dt>run with</dt><dd>{}</dd>",
            escape(&describe(settings).join(", "))
        );
    }
    let seed = common_seed(records).map_or_else(
        || "each cell's own (in its details)".to_string(),
        |seed| format!("<code>{}</code> (replay with <code>CONFORMANCE_SEED={}</code> or the report's <code>--seed</code>)", escape(seed), escape(seed)),
    );
    let _ = write!(out, "<dt>seed</dt><dd>{seed}</dd>");
    let _ = write!(
        out,
        "<dt>kit</dt><dd>storage-conformance {}</dd>",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("</dl></section>\n");
}

fn attention(out: &mut String, records: &[CellRecord], verdict: &Verdict) {
    if verdict.passed() {
        return;
    }
    out.push_str("<section id=\"attention\"><h2>Needs attention</h2><ul class=\"problems\">");
    for cell in records {
        if let Some(problem) = problem(cell) {
            let _ = write!(
                out,
                "<li><a href=\"#{}\">{} · {}</a>: {}</li>",
                cell_anchor(cell),
                escape(&cell.implementation),
                escape(&cell.property),
                escape(&problem)
            );
        }
    }
    for problem in verdict.problems.iter().filter(|_| records.is_empty()) {
        let _ = write!(out, "<li>{}</li>", escape(problem));
    }
    out.push_str("</ul></section>\n");
}

/// The whole report as an HTML page; `source` says where the records come from.
pub fn to_html(records: &[CellRecord], verdict: &Verdict, source: &str) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    );
    let _ = write!(
        out,
        "<title>Conformance report: {}</title><style>{STYLE}</style></head>\n<body>\n",
        if verdict.passed() { "PASS" } else { "FAIL" }
    );
    header(&mut out, records, verdict, source);
    let tables = tables(records);
    out.push_str("<nav>");
    for table in &tables {
        let _ = write!(out, "<a href=\"#suite-{0}\">{0}</a>", escape(table.name));
    }
    out.push_str("<a href=\"#settings\">Settings</a></nav>\n");
    attention(&mut out, records, verdict);
    let _ = writeln!(
        out,
        "<p class=\"legend\">✓ pass · ✗ fail · – skipped · E not run (the kit could not run it) · \
         green: as expected · red: needs attention · amber: a faulty implementation failing a property \
         other than its target · grey: skipped · <b>*</b> the property that must catch a faulty \
         implementation. Click a cell for its details.</p>"
    );
    for table in &tables {
        matrix::render(&mut out, table);
    }
    settings(&mut out, records);
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body></html>\n");
    out
}
