//! Glossaries: the model, TOML loading with positioned diagnostics, and the
//! checks that span several terms or glossaries.

mod builtin;
mod edit;
mod fmt;
mod load;
mod model;
mod set;

pub use builtin::{BUILTIN, BUILTIN_NAME};
pub use edit::{AddAs, Added, EditError, add_exception, add_form, entry_range};
pub use fmt::{FmtError, MAX_WIDTH, format_file_text, format_toml};
pub use load::{DEFAULTS_KEYS, EXAMPLE_KEYS, GLOSSARY_KEYS, Loaded, ROOT_KEYS, TERM_KEYS, parse};
pub use model::{
    CaseMode, Defaults, DeriveSwitches, Examples, Form, FormKind, Glossary, Term, slug,
};
pub use set::{GlossarySet, TermRef};

use crate::finding::diagnostic::Diagnostic;

/// Loads the built-in glossaries.
pub fn builtin() -> Result<Vec<Glossary>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (path, text) in BUILTIN {
        let loaded = parse(path, text);
        match loaded.glossary {
            Some(g) => out.push(g),
            None => errors.extend(loaded.diagnostics.into_iter().filter(Diagnostic::is_error)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
