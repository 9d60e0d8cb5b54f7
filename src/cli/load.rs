//! Loading the glossaries named on the command line.

use termcheck::diagnostic::Diagnostic;
use termcheck::glossary::{self, BUILTIN_NAME, Glossary, GlossarySet};
use termcheck::report::render_diagnostic;

/// Loaded glossaries and every diagnostic met on the way.
pub(crate) struct LoadOutcome {
    pub(crate) glossaries: Vec<Glossary>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Files that could not be read at all.
    pub(crate) unreadable: Vec<String>,
}

impl LoadOutcome {
    pub(crate) fn has_errors(&self) -> bool {
        !self.unreadable.is_empty() || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads each named glossary (`diplomatic` or none: the built-in ones).
pub(crate) fn load(names: &[String]) -> LoadOutcome {
    let mut out = LoadOutcome {
        glossaries: Vec::new(),
        diagnostics: Vec::new(),
        unreadable: Vec::new(),
    };
    let builtin_only = [BUILTIN_NAME.to_owned()];
    let names = if names.is_empty() {
        &builtin_only[..]
    } else {
        names
    };
    for name in names {
        if name == BUILTIN_NAME || name == "builtin" {
            for (path, text) in glossary::BUILTIN {
                let loaded = glossary::parse(path, text);
                out.diagnostics.extend(loaded.diagnostics);
                out.glossaries.extend(loaded.glossary);
            }
            continue;
        }
        match termcheck::io::read_path(std::path::Path::new(name), name, super::inputs::limits()) {
            Err(e) => out.unreadable.push(format!(
                "glossary: {e}\n  help: check the path, or use `-g {BUILTIN_NAME}` for the built-in glossary"
            )),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => out.unreadable.push(format!(
                    "glossary `{name}` is not valid UTF-8\n  help: save it as UTF-8"
                )),
                Ok(text) => {
                    let loaded = glossary::parse(name, &text);
                    out.diagnostics.extend(loaded.diagnostics);
                    out.glossaries.extend(loaded.glossary);
                }
            },
        }
    }
    out
}

/// Loads and cross-checks glossaries for a checking command. On any error,
/// prints the errors to stderr and returns `None` (exit status 2).
pub(crate) fn load_set(names: &[String], color: bool) -> Option<GlossarySet> {
    let outcome = load(names);
    if outcome.has_errors() {
        print_errors(&outcome, color);
        return None;
    }
    match GlossarySet::new(outcome.glossaries) {
        Ok(set) => Some(set),
        Err(errors) => {
            for d in &errors {
                eprintln!("{}\n", render_diagnostic(d, color));
            }
            None
        }
    }
}

fn print_errors(outcome: &LoadOutcome, color: bool) {
    for u in &outcome.unreadable {
        eprintln!("error: {u}");
    }
    for d in outcome.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{}\n", render_diagnostic(d, color));
    }
    let n = outcome.unreadable.len() + outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "error: glossary rejected ({n} error{}); nothing was checked",
        if n == 1 { "" } else { "s" }
    );
}

/// The checker `check` runs (all checks, the glossaries' defaults), or
/// `None` after printing why the forms could not be compiled.
pub(crate) fn full_checker(set: GlossarySet) -> Option<termcheck::checks::Checker> {
    let opts = termcheck::checks::CheckOptions::all(&set);
    match termcheck::checks::Checker::with_options(set, &opts) {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!("error: cannot compile the glossary forms: {e}");
            None
        }
    }
}
