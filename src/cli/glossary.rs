//! `termcheck glossary lint` and `termcheck glossary test`.

use std::io::{self, Write};

use termcheck::checks::Checker;
use termcheck::diagnostic::Diagnostic;
use termcheck::glossary::GlossarySet;
use termcheck::lint;
use termcheck::maintain::lint::extra_warnings;
use termcheck::report::{LintSummary, lint_json, render_diagnostic};

use super::args::GlossaryFiles;
use super::glossary_args::{LintArgs, ReportFormat};
use super::load::{load, load_set};
use super::{Status, stderr_color, stdout_color};

pub(crate) fn lint(args: LintArgs) -> io::Result<Status> {
    let json = args.format == ReportFormat::Json;
    let args = args.files;
    let color = stdout_color(args.color);
    let outcome = load(&args.files);
    let mut out = super::stdout::stdout();
    if !json {
        for u in &outcome.unreadable {
            eprintln!("error: {u}");
        }
    }
    let mut diags: Vec<Diagnostic> = outcome.diagnostics;
    let terms: usize = outcome.glossaries.iter().map(|g| g.terms.len()).sum();
    let files = outcome.glossaries.len();
    if !diags.iter().any(Diagnostic::is_error) {
        match GlossarySet::new(outcome.glossaries) {
            Ok(set) => {
                diags.extend(lint::warnings(&set));
                if let Ok(checker) = Checker::new(set) {
                    diags.extend(extra_warnings(&checker));
                }
            }
            Err(errors) => diags.extend(errors),
        }
    }
    diags.sort_by(|a, b| {
        (&a.location.path, a.location.span.start, a.code).cmp(&(
            &b.location.path,
            b.location.span.start,
            b.code,
        ))
    });
    let errors = diags.iter().filter(|d| d.is_error()).count() + outcome.unreadable.len();
    let warnings = diags.len() + outcome.unreadable.len() - errors;
    if json {
        let summary = LintSummary {
            glossaries: files,
            terms,
            errors,
            warnings,
        };
        writeln!(out, "{}", lint_json(&diags, &outcome.unreadable, summary))?;
        return Ok(if errors > 0 {
            Status::Error
        } else {
            Status::Clean
        });
    }
    for d in &diags {
        writeln!(out, "{}\n", render_diagnostic(d, color))?;
    }
    writeln!(
        out,
        "{files} glossar{} with {terms} terms: {errors} error{}, {warnings} warning{}.",
        if files == 1 { "y" } else { "ies" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    )?;
    Ok(if errors > 0 {
        Status::Error
    } else {
        Status::Clean
    })
}

pub(crate) fn test(args: GlossaryFiles) -> io::Result<Status> {
    let Some(set) = load_set(&args.files, stderr_color(args.color)) else {
        return Ok(Status::Error);
    };
    // Examples run through the same checks as `termcheck check`.
    let Some(checker) = super::load::full_checker(set) else {
        return Ok(Status::Error);
    };
    let results = lint::run_examples(&checker);
    let mut out = super::stdout::stdout();
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    for r in &failed {
        writeln!(out, "{r}")?;
    }
    writeln!(
        out,
        "{} passed, {} failed",
        results.len() - failed.len(),
        failed.len()
    )?;
    Ok(if failed.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}
