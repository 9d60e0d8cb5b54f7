//! `termcheck glossary lint` and `termcheck glossary test`.

use std::io::{self, Write};

use termcheck::checks::Checker;
use termcheck::finding::diagnostic::Diagnostic;
use termcheck::glossary::GlossarySet;
use termcheck::maintain::cross_check;
use termcheck::maintain::lint::extra_warnings;
use termcheck::report::{LintSummary, lint_json, render_diagnostic};

use super::args::GlossaryFiles;
use super::glossary_args::{LintArgs, ReportFormat};
use super::load::{load, load_set};
use super::{Status, stderr_color, stdout_color};

/// Maintenance commands given no glossary work on every built-in pack.
fn all_builtin_if_none(files: &[String]) -> Vec<String> {
    if files.is_empty() {
        vec![termcheck::glossary::BUILTIN_NAME.to_owned()]
    } else {
        files.to_vec()
    }
}

pub(crate) fn lint(args: LintArgs) -> io::Result<Status> {
    let json = args.format == ReportFormat::Json;
    let args = args.files;
    let color = stdout_color(args.color);
    let outcome = load(&all_builtin_if_none(&args.files));
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
                diags.extend(cross_check::warnings(&set));
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
    let Some(set) = load_set(&all_builtin_if_none(&args.files), stderr_color(args.color)) else {
        return Ok(Status::Error);
    };
    // Examples run through the same checks as `termcheck check`.
    let Some(checker) = super::load::full_checker(set) else {
        return Ok(Status::Error);
    };
    let mut results = cross_check::run_examples(&checker);
    // Good examples must also pass every built-in pack: a legitimate use of
    // one term must not be flagged by another.
    let mut whole_names = all_builtin_if_none(&args.files);
    if !whole_names
        .iter()
        .any(|n| n == termcheck::glossary::BUILTIN_NAME)
    {
        whole_names.push(termcheck::glossary::BUILTIN_NAME.to_owned());
    }
    let whole_outcome = load(&whole_names);
    let whole = if whole_outcome.has_errors() {
        None
    } else {
        GlossarySet::new(whole_outcome.glossaries)
            .ok()
            .and_then(super::load::full_checker)
    };
    match &whole {
        Some(whole) => {
            // A good example flagged by another pack fails in place.
            for a in cross_check::run_good_examples_across(&checker, whole, &results) {
                if a.passed {
                    continue;
                }
                if let Some(r) = results
                    .iter_mut()
                    .find(|r| r.passed && r.term_id == a.term_id && r.sentence == a.sentence)
                {
                    *r = a;
                }
            }
        }
        None => eprintln!(
            "note: these glossaries do not load together with every built-in pack; \
             good examples were run against these glossaries only"
        ),
    }
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

/// `termcheck glossary list-packs`.
pub(crate) fn list_packs() -> io::Result<Status> {
    let packs = match termcheck::glossary::packs() {
        Ok(p) => p,
        Err(errors) => {
            for d in &errors {
                eprintln!("{}\n", render_diagnostic(d, false));
            }
            return Ok(Status::Error);
        }
    };
    let mut out = io::stdout().lock();
    for p in &packs {
        writeln!(
            out,
            "{}{}  ({} terms)",
            p.name,
            if p.default { " [default]" } else { "" },
            p.terms
        )?;
        if let Some(a) = &p.authority {
            writeln!(out, "  authority: {a}")?;
        }
        if let Some(d) = &p.description {
            writeln!(out, "  {d}")?;
        }
    }
    Ok(Status::Clean)
}
