//! `check --fix` and `check --diff`: apply the safe fixes of a run.
//!
//! All new contents are computed and every target is checked (writable,
//! unchanged on disk) before the first write, so a run that ends with
//! exit status 2 leaves every file as it was; a write that still fails
//! rolls back the files written before it.

use std::io::{self, Write};
use std::path::Path;

use termcheck::engine::fix::{
    FixOutcome, fix_edit, fix_until_stable, preflight, unified_diff, verify_structure, write_atomic,
};
use termcheck::engine::input::Source;
use termcheck::engine::{Engine, FileOutcome, Input};
use termcheck::finding::{Applicability, Finding};
use termcheck::text::Document;

/// What to do with the fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Write them.
    Fix,
    /// Print them as a unified diff.
    Diff,
}

/// One checked input whose findings may be fixed.
pub(crate) struct Target<'a> {
    /// The engine that checked it (a run may have one per config).
    pub(crate) engine: &'a Engine,
    pub(crate) input: &'a Input,
    pub(crate) doc: &'a mut Document,
    pub(crate) findings: &'a mut Vec<Finding>,
    pub(crate) format: termcheck::formats::InputFormat,
}

fn path_of(input: &Input) -> Option<&Path> {
    match &input.source {
        Source::File(p) => Some(p),
        Source::Stdin | Source::Memory(_) => None,
    }
}

/// Applies or shows the fixes. `blocked` is true when some input could not
/// be read: then nothing is written. Returns true when the run failed
/// (exit status 2). After a successful `--fix` each fixed target holds the
/// new text and its remaining findings.
pub(crate) fn run(
    mode: Mode,
    unsafe_fixes: bool,
    mut targets: Vec<Target<'_>>,
    blocked: bool,
) -> io::Result<bool> {
    // `--unsafe-fixes`: unsafe fixes count as safe, in every pass.
    let allow = |findings: &mut [Finding]| allow_unsafe(unsafe_fixes, findings);
    for t in &mut targets {
        allow(t.findings);
    }
    let (stdin, targets): (Vec<_>, Vec<_>) = targets
        .into_iter()
        .partition(|t| mode == Mode::Fix && matches!(t.input.source, Source::Stdin));
    if !stdin.is_empty() {
        return fix_stdin(unsafe_fixes, stdin, blocked || !targets.is_empty());
    }
    // Findings of files no fix changes, for the hint on unsafe fixes.
    let mut unchanged: Vec<Vec<Finding>> = Vec::new();
    let mut plans: Vec<(Target<'_>, FixOutcome)> = targets
        .into_iter()
        .filter_map(|t| {
            let out = fix_until_stable(&t.doc.text, t.format, t.findings, |text| {
                recheck(&t, text, &allow)
            });
            if out.unsettled {
                eprintln!("{}", unsettled_warning(&t.doc.path));
            }
            if !out.changed(&t.doc.text) {
                unchanged.push(t.findings.clone());
                return None;
            }
            Some((t, out))
        })
        .collect();
    let fixes: usize = plans.iter().map(|(_, o)| o.fixed.len()).sum();
    if mode == Mode::Diff {
        let mut out = super::stdout::stdout();
        for (t, o) in &plans {
            out.write_all(unified_diff(&t.doc.path, &t.doc.text, &o.text).as_bytes())?;
        }
        out.flush()?;
        eprintln!(
            "{fixes} fix{} in {} file{} would be applied by --fix{}.",
            if fixes == 1 { "" } else { "es" },
            plans.len(),
            if plans.len() == 1 { "" } else { "s" },
            if unsafe_fixes { " --unsafe-fixes" } else { "" }
        );
        return Ok(false);
    }
    if blocked {
        if !plans.is_empty() {
            eprintln!("error: nothing was fixed because some inputs could not be read (see below)");
        }
        return Ok(true);
    }
    let mut errors = Vec::new();
    for (t, o) in &plans {
        match path_of(t.input) {
            None => errors.push(
                "cannot fix standard input in place\n  help: use --diff, or pass the file's path"
                    .to_owned(),
            ),
            Some(_) if t.doc.origin.is_some() => errors.push(format!(
                "cannot fix `{}` in place: it is {}, and --fix writes UTF-8 only\n  \
                 help: use --diff, or convert the file to UTF-8 first",
                t.doc.path,
                t.doc.origin.as_ref().map_or("not UTF-8", |o| o.encoding)
            )),
            Some(p) => {
                if let Err(e) = preflight(p, t.doc.text.as_bytes()) {
                    errors.push(e.to_string());
                } else if let Err(e) = verify_structure(t.format, &t.doc.text, &o.text) {
                    errors.push(format!(
                        "cannot fix `{}`: {e}\n  help: fix it by hand, or report the finding; \
                         the file was left as it was",
                        t.doc.path
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("error: {e}");
        }
        eprintln!("error: nothing was written");
        return Ok(true);
    }
    let mut written: Vec<usize> = Vec::new();
    for (i, (t, o)) in plans.iter().enumerate() {
        let Some(p) = path_of(t.input) else { continue };
        if let Err(e) = write_atomic(p, t.doc.text.as_bytes(), o.text.as_bytes()) {
            eprintln!("error: {e}");
            rollback(&plans, &written);
            return Ok(true);
        }
        written.push(i);
    }
    if plans.is_empty() {
        eprintln!("Nothing to fix.");
        hidden_fixes(unchanged.iter().flat_map(|f| f.iter()));
        return Ok(false);
    }
    let mut remaining = 0;
    for (t, o) in &mut plans {
        for &i in &o.fixed {
            eprintln!("{}", fixed_line(t.doc, &t.findings[i]));
        }
        if o.unsettled {
            eprintln!("{}", unsettled_warning(&t.doc.path));
        }
        let new_doc = Document::new(t.doc.path.clone(), std::mem::take(&mut o.text));
        // The fixed text goes through the same pipeline as the original.
        match t.engine.check_document(new_doc, t.format) {
            FileOutcome::Checked(mut c) => {
                // Only findings outside the baseline still count.
                t.engine.filter_baseline(&c.doc, &mut c.findings);
                *t.findings = c.findings;
                *t.doc = c.doc;
            }
            FileOutcome::Failed(e) => {
                eprintln!(
                    "error: the fixed `{}` no longer reads as its format: {e}",
                    t.doc.path
                );
                return Ok(true);
            }
            FileOutcome::Skipped(_) => {}
        }
        remaining += t.findings.len();
    }
    eprintln!(
        "Fixed {fixes} finding{} in {} file{}; {remaining} remaining in the fixed files.",
        if fixes == 1 { "" } else { "s" },
        plans.len(),
        if plans.len() == 1 { "" } else { "s" }
    );
    hidden_fixes(plans.iter().flat_map(|(t, _)| t.findings.iter()));
    Ok(false)
}

/// Says how many unsafe fixes `--unsafe-fixes` would also apply.
fn hidden_fixes<'a>(findings: impl Iterator<Item = &'a Finding>) {
    let hidden = findings
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Unsafe)
        })
        .count();
    if hidden > 0 {
        eprintln!(
            "{hidden} more fix{} need{} --unsafe-fixes (close misspellings: look at them with \
             --diff --unsafe-fixes first).",
            if hidden == 1 { "" } else { "es" },
            if hidden == 1 { "s" } else { "" }
        );
    }
}

/// `--unsafe-fixes`: unsafe fixes count as safe, in every pass.
fn allow_unsafe(on: bool, findings: &mut [Finding]) {
    if on {
        for fix in findings.iter_mut().filter_map(|f| f.fix.as_mut()) {
            fix.applicability = Applicability::Safe;
        }
    }
}

/// The warning for a file whose fixes did not settle within the pass limit.
fn unsettled_warning(path: &str) -> String {
    format!(
        "warning: {path}: fixes were still changing the text after {} passes \
         (a fix re-creates a form it replaces)\n  help: run --fix again, or check the glossary entry",
        termcheck::engine::fix::MAX_FIX_PASSES
    )
}

/// A fixed text of `t` checked again as `check` checks it (the baseline
/// applied, unsafe fixes allowed as `allow` says), handed back with its
/// findings. A text that no longer reads as its format has none (the
/// structure check refuses it before anything is written).
fn recheck(t: &Target<'_>, text: String, allow: &dyn Fn(&mut [Finding])) -> (String, Vec<Finding>) {
    let doc = Document::new(t.doc.path.clone(), text);
    let mut findings = t.engine.findings_of(&doc, t.format).unwrap_or_default();
    t.engine.filter_baseline(&doc, &mut findings);
    allow(&mut findings);
    (doc.text, findings)
}

/// `--fix -`: the fixed text (or the text unchanged) on standard output,
/// as editor filters expect (`:%!termcheck check --fix -`); what was fixed
/// and what remains on standard error. With other inputs in the same run
/// (`not_alone`), nothing is fixed.
fn fix_stdin(unsafe_fixes: bool, targets: Vec<Target<'_>>, not_alone: bool) -> io::Result<bool> {
    if not_alone || targets.len() > 1 {
        eprintln!("error: `--fix -` fixes standard input alone; nothing was fixed");
        return Ok(true);
    }
    let mut out = io::stdout().lock();
    for t in targets {
        let o = fix_until_stable(&t.doc.text, t.format, t.findings, |text| {
            recheck(&t, text, &|f: &mut [Finding]| allow_unsafe(unsafe_fixes, f))
        });
        for &i in &o.fixed {
            eprintln!("{}", fixed_line(t.doc, &t.findings[i]));
        }
        if o.unsettled {
            eprintln!("{}", unsettled_warning(&t.doc.path));
        }
        out.write_all(o.text.as_bytes())?;
        let new_doc = Document::new(t.doc.path.clone(), o.text);
        if let FileOutcome::Checked(mut c) = t.engine.check_document(new_doc, t.format) {
            t.engine.filter_baseline(&c.doc, &mut c.findings);
            for f in &c.findings {
                eprintln!("{}", termcheck::report::finding_line(&c.doc, f, false));
            }
            *t.findings = c.findings;
            *t.doc = c.doc;
        }
    }
    out.flush()?;
    Ok(false)
}

/// Puts back the original text of files already written when a later
/// write failed, so a failed run changes nothing.
fn rollback(plans: &[(Target<'_>, FixOutcome)], written: &[usize]) {
    for &i in written {
        let (t, o) = &plans[i];
        let Some(p) = path_of(t.input) else { continue };
        match write_atomic(p, o.text.as_bytes(), t.doc.text.as_bytes()) {
            Ok(()) => eprintln!("note: restored `{}`", t.doc.path),
            Err(e) => eprintln!("error: could not restore `{}`: {e}", t.doc.path),
        }
    }
    eprintln!("error: nothing was written");
}

/// `fixed PATH:LINE:COL: 'found' -> 'replacement' [term]`.
fn fixed_line(doc: &Document, f: &Finding) -> String {
    let lc = doc.line_col(f.span.start);
    let replacement = f
        .fix
        .as_ref()
        .and_then(|x| x.edits.first())
        .map(|e| fix_edit(&doc.text, e).replacement)
        .unwrap_or_default();
    format!(
        "fixed {}:{}:{}: '{}' -> '{}' [{}]",
        doc.path,
        lc.line,
        lc.column,
        visible(&f.found),
        visible(&replacement),
        f.term_id
    )
}

/// Line breaks and tabs shown as escapes, so one fix stays on one line.
fn visible(s: &str) -> String {
    s.replace('\r', "\\r")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}
