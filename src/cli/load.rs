//! Loading the glossaries named on the command line.

use std::fs;

use termcheck::error::Error;
use termcheck::finding::diagnostic::Diagnostic;
use termcheck::glossary::{self, BUILTIN_NAME, Glossary, GlossarySet};
use termcheck::report::render_diagnostic;

/// Loaded glossaries and every diagnostic met on the way.
pub(crate) struct LoadOutcome {
    pub(crate) glossaries: Vec<Glossary>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Files that could not be read at all.
    pub(crate) unreadable: Vec<String>,
    /// Every file read, by the path it was read by, with the hash of its
    /// bytes (what a cached compilation depends on).
    pub(crate) files: Vec<(String, u128)>,
}

impl LoadOutcome {
    pub(crate) fn has_errors(&self) -> bool {
        !self.unreadable.is_empty() || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The glossary names of a command: `-g` files, then `--pack` packs; the
/// config's glossaries and packs stand in for whichever the command line
/// does not name.
pub(crate) fn selection(
    args: &super::args::GlossaryArgs,
    config: Option<&termcheck::engine::config::Config>,
) -> Vec<String> {
    let mut names: Vec<String> = if args.glossaries.is_empty() {
        config.map_or_else(Vec::new, |c| {
            c.glossaries
                .iter()
                .map(|g| match g {
                    termcheck::engine::config::GlossaryRef::Builtin => BUILTIN_NAME.to_owned(),
                    termcheck::engine::config::GlossaryRef::Path(p) => p.display().to_string(),
                })
                .collect()
        })
    } else {
        args.glossaries.clone()
    };
    let packs: &[String] = if args.packs.is_empty() {
        config.map_or(&[], |c| &c.packs)
    } else {
        &args.packs
    };
    names.extend(packs.iter().map(|p| format!("{PACK_PREFIX}{p}")));
    names
}

/// How a command dates documents: `--date`, then the config's rule.
pub(crate) fn dating(
    args: &super::args::GlossaryArgs,
    config: Option<&termcheck::engine::config::Config>,
) -> termcheck::date::Dating {
    termcheck::date::Dating {
        fixed: args.date,
        path_rule: config.and_then(|c| c.date_from_path.clone()),
        ..termcheck::date::Dating::default()
    }
}

/// Prefix of a pack named by `--pack` or the config's `packs`, in the
/// list of glossary names handed to [`load`].
pub(crate) const PACK_PREFIX: &str = "pack:";

/// Loads each named glossary: a file, `diplomatic` (every built-in pack),
/// or `pack:NAME` (one built-in pack); none named: the default pack. A
/// glossary that `extends` packs or files gets them loaded too.
pub(crate) fn load(names: &[String]) -> LoadOutcome {
    let mut out = LoadOutcome {
        glossaries: Vec::new(),
        diagnostics: Vec::new(),
        unreadable: Vec::new(),
        files: Vec::new(),
    };
    let default_only = [format!("{PACK_PREFIX}{}", glossary::DEFAULT_PACK)];
    let names = if names.is_empty() {
        &default_only[..]
    } else {
        names
    };
    let mut seen = Seen::default();
    for name in names {
        if name == BUILTIN_NAME || name == "builtin" {
            for pack in glossary::pack_names() {
                load_pack(pack, &mut out, &mut seen);
            }
            continue;
        }
        if let Some(pack) = name.strip_prefix(PACK_PREFIX) {
            if glossary::pack_files(pack).next().is_none() {
                out.unreadable.push(format!(
                    "there is no built-in pack `{pack}`\n  help: the packs are: {} (see `termcheck glossary list-packs`)",
                    glossary::pack_names().join(", ")
                ));
            }
            load_pack(pack, &mut out, &mut seen);
            continue;
        }
        load_file(name, &mut out, &mut seen);
    }
    out
}

/// Packs and files already loaded, so each is loaded once.
#[derive(Default)]
struct Seen {
    packs: Vec<String>,
    /// Canonical path and the name it was loaded by.
    files: Vec<(std::path::PathBuf, String)>,
}

fn load_pack(pack: &str, out: &mut LoadOutcome, seen: &mut Seen) {
    if seen.packs.iter().any(|p| p == pack) {
        return;
    }
    seen.packs.push(pack.to_owned());
    for f in glossary::pack_files(pack) {
        let loaded = glossary::parse(f.path, f.text);
        out.diagnostics.extend(loaded.diagnostics);
        out.glossaries.extend(loaded.glossary.map(|mut g| {
            g.pack = Some(f.pack.to_owned());
            g
        }));
    }
}

/// Loads a glossary file (once); returns the name it is known by.
fn load_file(name: &str, out: &mut LoadOutcome, seen: &mut Seen) -> String {
    let canonical = fs::canonicalize(name).unwrap_or_else(|_| name.into());
    if let Some((_, known)) = seen.files.iter().find(|(c, _)| *c == canonical) {
        return known.clone();
    }
    seen.files.push((canonical, name.to_owned()));
    let read = termcheck::io::read_path(
        std::path::Path::new(name),
        name,
        termcheck::io::Limits::default(),
    );
    let text = match read {
        Err(e) => {
            out.unreadable.push(format!(
                "glossary: {e}\n  help: check the path, or use `--pack NAME` for a built-in pack (`termcheck glossary list-packs`)"
            ));
            return name.to_owned();
        }
        Ok(bytes) => match String::from_utf8({
            out.files.push((
                name.to_owned(),
                termcheck::engine::cache::content_hash(&bytes),
            ));
            bytes
        }) {
            Err(_) => {
                out.unreadable.push(format!(
                    "glossary `{name}` is not valid UTF-8\n  help: save it as UTF-8"
                ));
                return name.to_owned();
            }
            Ok(text) => text,
        },
    };
    let loaded = glossary::parse(name, &text);
    out.diagnostics.extend(loaded.diagnostics);
    let Some(mut g) = loaded.glossary else {
        return name.to_owned();
    };
    // What it extends is loaded first; a relative path is resolved against
    // the glossary's directory and recorded as the path it was loaded by.
    let dir = std::path::Path::new(name)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    for base in &mut g.extends {
        if glossary::pack_files(base).next().is_some() {
            load_pack(base, out, seen);
        } else if base == BUILTIN_NAME {
            for pack in glossary::pack_names() {
                load_pack(pack, out, seen);
            }
        } else {
            let path = dir.join(&*base).display().to_string();
            *base = load_file(&path, out, seen);
        }
    }
    if g.extends.iter().any(|e| e == BUILTIN_NAME) {
        g.extends = glossary::pack_names()
            .into_iter()
            .map(str::to_owned)
            .chain(g.extends.drain(..).filter(|e| e != BUILTIN_NAME))
            .collect();
    }
    out.glossaries.push(g);
    name.to_owned()
}

/// Loads and cross-checks glossaries; every problem is in the error.
pub(crate) fn load_set_err(names: &[String]) -> Result<GlossarySet, Error> {
    load_set_traced(names).map(|(set, _)| set)
}

/// [`load_set_err`], also returning every file read with the hash of its
/// bytes.
pub(crate) fn load_set_traced(
    names: &[String],
) -> Result<(GlossarySet, Vec<(String, u128)>), Error> {
    let outcome = load(names);
    if outcome.has_errors() {
        let what = match names {
            [one] => format!("glossary `{one}`"),
            [] => "the built-in glossary".to_owned(),
            _ => "glossaries".to_owned(),
        };
        if let Some(u) = outcome.unreadable.first()
            && outcome.diagnostics.iter().all(|d| !d.is_error())
        {
            return Err(Error::Settings(u.clone()));
        }
        return Err(Error::Rejected {
            what,
            diagnostics: outcome
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        });
    }
    let files = outcome.files;
    GlossarySet::new(outcome.glossaries)
        .map(|set| (set, files))
        .map_err(|diagnostics| Error::Rejected {
            what: "glossaries".to_owned(),
            diagnostics,
        })
}

/// Whether `name` is a built-in glossary or pack rather than a file.
pub(crate) fn is_builtin_name(name: &str) -> bool {
    name == BUILTIN_NAME || name == "builtin" || name.starts_with(PACK_PREFIX)
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
