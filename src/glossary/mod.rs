//! Glossaries: the model, TOML loading with positioned diagnostics, and the
//! checks that span several terms or glossaries.

mod builtin;
mod edit;
mod fmt;
mod load;
mod model;
mod set;

pub use builtin::{BUILTIN_FILES, BUILTIN_NAME, BuiltinFile, DEFAULT_PACK, pack_files, pack_names};
pub use edit::{AddAs, Added, EditError, add_form, entry_range, without_maintainer_fields};
pub use fmt::{FmtError, MAX_WIDTH, format_file_text, format_toml};
pub use load::{
    DEFAULTS_KEYS, EXAMPLE_KEYS, FORM_KEYS, FORMATS, GLOSSARY_KEYS, GROUP_KEYS, Loaded, ROOT_KEYS,
    TERM_KEYS, parse,
};
pub use model::{
    CaseMode, Defaults, DeriveSwitches, Examples, ExceptionRule, Form, FormKind, Glossary, Group,
    Term, slug,
};
pub use set::{GlossarySet, TermRef};

use crate::diagnostic::Diagnostic;

/// Loads every built-in glossary (all packs).
pub fn builtin() -> Result<Vec<Glossary>, Vec<Diagnostic>> {
    load_builtin(BUILTIN_FILES.iter())
}

/// Loads the built-in glossaries of pack `name`; `None` when there is no
/// such pack.
pub fn pack(name: &str) -> Option<Result<Vec<Glossary>, Vec<Diagnostic>>> {
    let mut files = pack_files(name).peekable();
    files.peek()?;
    Some(load_builtin(files))
}

/// Parses built-in files; each glossary's `pack` is set from the list.
fn load_builtin<'a>(
    files: impl Iterator<Item = &'a BuiltinFile>,
) -> Result<Vec<Glossary>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        let loaded = parse(f.path, f.text);
        let loaded = Loaded {
            glossary: loaded.glossary.map(|mut g| {
                g.pack = Some(f.pack.to_owned());
                g
            }),
            ..loaded
        };
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

/// What `glossary list-packs` shows about one pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackInfo {
    /// The pack name.
    pub name: String,
    /// Who decides its choices (the first `authority` among its files).
    pub authority: Option<String>,
    /// Its files' descriptions.
    pub description: Option<String>,
    /// Number of terms.
    pub terms: usize,
    /// True for the pack used when nothing is named.
    pub default: bool,
}

/// Every built-in pack.
pub fn packs() -> Result<Vec<PackInfo>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    for name in pack_names() {
        let gs = pack(name).unwrap_or_else(|| Ok(Vec::new()))?;
        let first = |f: fn(&Glossary) -> Option<&String>| gs.iter().find_map(f).cloned();
        out.push(PackInfo {
            name: name.to_owned(),
            authority: first(|g| g.authority.as_ref()),
            description: first(|g| g.description.as_ref()),
            terms: gs.iter().map(|g| g.terms.len()).sum(),
            default: name == DEFAULT_PACK,
        });
    }
    Ok(out)
}
