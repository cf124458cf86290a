//! One suite's section of the page: the matrix, the cells' details, the readings.

use std::fmt::Write as _;

use super::cell;
use super::cell_anchor;
use crate::report::markup::escape;
use crate::report::table::SuiteTable;
use crate::report::verdict::{Judgement, judge};
use storage_conformance::records::{CellRecord, ReadingRecord, Status};

fn classes(cell: &CellRecord) -> String {
    let judgement = match judge(cell) {
        Judgement::Expected => "expected",
        Judgement::Problem => "problem",
        Judgement::Incidental => "incidental",
    };
    let status = match cell.status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Skipped => "skipped",
        Status::Error => "error",
    };
    let target = if cell.is_target() { " target" } else { "" };
    format!("{judgement} {status}{target}")
}

fn symbol(cell: &CellRecord) -> &'static str {
    match (cell.status, cell.is_target()) {
        (Status::Pass, false) => "✓",
        (Status::Pass, true) => "✓*",
        (Status::Fail, false) => "✗",
        (Status::Fail, true) => "✗*",
        (Status::Skipped, _) => "–",
        (Status::Error, _) => "E",
    }
}

fn readings(out: &mut String, table: &SuiteTable<'_>) {
    let mut groups: Vec<(&[ReadingRecord], Vec<&str>)> = Vec::new();
    for row in &table.rows {
        match groups.iter_mut().find(|(r, _)| *r == row.readings()) {
            Some((_, names)) => names.push(row.implementation),
            None => groups.push((row.readings(), vec![row.implementation])),
        }
    }
    out.push_str("<h3>Readings each implementation was checked under</h3>");
    if groups.iter().all(|(r, _)| r.is_empty()) {
        out.push_str("<p class=\"muted\">No open readings in this suite: every rule is an assertion of the spec.</p>");
        return;
    }
    out.push_str("<table class=\"readings\"><tr><th>implementations</th><th>readings</th></tr>");
    for (readings, names) in groups {
        let who = if names.len() == table.rows.len() {
            format!("all {}", names.len())
        } else {
            names
                .iter()
                .map(|n| escape(n))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let what: Vec<String> = readings
            .iter()
            .map(|r| format!("<code>{}</code>", escape(&r.text)))
            .collect();
        let _ = write!(out, "<tr><td>{who}</td><td>{}</td></tr>", what.join("<br>"));
    }
    out.push_str("</table>");
}

/// Renders `table`'s section into `out`.
pub fn render(out: &mut String, table: &SuiteTable<'_>) {
    let name = escape(table.name);
    let _ = write!(
        out,
        "<section class=\"suite\" id=\"suite-{name}\"><h2>{name} <small>{} implementations × {} properties</small></h2>\
         <div class=\"scroll\"><table class=\"matrix\"><thead><tr><th></th>",
        table.rows.len(),
        table.properties.len()
    );
    for property in &table.properties {
        let _ = write!(
            out,
            "<th class=\"prop\" title=\"{0}\"><div>{0}</div></th>",
            escape(property)
        );
    }
    out.push_str("</tr></thead><tbody>");
    let mut role = None;
    for row in &table.rows {
        if role != Some(row.role) {
            role = Some(row.role);
            let _ = write!(
                out,
                "<tr class=\"role\"><th colspan=\"{}\">{}</th></tr>",
                table.properties.len() + 1,
                escape(row.role.heading())
            );
        }
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th>",
            escape(row.implementation)
        );
        for cell in &row.cells {
            match cell {
                Some(cell) => {
                    let _ = write!(
                        out,
                        "<td class=\"{}\"><a href=\"#{}\" title=\"{} · {}: {:?}, {} ms\">{}</a></td>",
                        classes(cell),
                        cell_anchor(cell),
                        escape(&cell.implementation),
                        escape(&cell.property),
                        cell.status,
                        cell.millis,
                        symbol(cell)
                    );
                }
                None => out.push_str("<td class=\"not-run\" title=\"not run\"></td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n<div class=\"cells\">\n");
    for cell in table.cells() {
        cell::render(out, cell, &classes(cell));
    }
    out.push_str("</div>");
    readings(out, table);
    out.push_str("</section>\n");
}
