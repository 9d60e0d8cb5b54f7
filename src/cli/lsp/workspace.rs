//! Settings per file, found the way `check` finds them: the nearest
//! termcheck.toml above the file, resolved by [`super::super::resolve`]
//! (so packs, dates and every other setting mean what they mean to
//! `check`). One engine per config file, compiled once and kept until
//! the config or one of its glossaries changes on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use clap::Parser;
use termcheck::engine::Engine;
use termcheck::engine::config;
use termcheck::error::{Error, Plain};
use termcheck::finding::diagnostic::Diagnostic;

use super::super::resolve::{Extra, resolve};
use super::super::shared_args::{GlossaryArgs, SettingsArgs};

/// The settings flags, parsed as the command line would parse them, so a
/// setting added to `check` reaches the server too.
#[derive(Parser)]
#[command(no_binary_name = true)]
struct Flags {
    #[command(flatten)]
    glossary: GlossaryArgs,
    #[command(flatten)]
    settings: SettingsArgs,
}

/// A compiled engine and the files it was built from.
pub(crate) struct Loaded {
    pub(crate) engine: Engine,
    /// The config file, if any.
    pub(crate) config: Option<PathBuf>,
    /// The glossary files (absolute), for reloading and editing.
    pub(crate) glossaries: Vec<PathBuf>,
    /// Warnings about the config (`[severity.terms]` naming unknown ids).
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Why no engine could be built for a config.
pub(crate) struct Failure {
    /// The one-line message for `window/showMessage`.
    pub(crate) message: String,
    /// Positioned errors in glossary or config files.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

pub(crate) type Built = Result<Arc<Loaded>, Arc<Failure>>;

/// Engines by config file (`None`: no config above the file).
#[derive(Default)]
pub(crate) struct Engines {
    /// `-g`, `--pack` and `--date` as given to `termcheck lsp`.
    glossary_flags: Vec<String>,
    cache: Mutex<HashMap<Option<PathBuf>, Built>>,
    /// Counts [`Engines::clear`]: an engine built from files read before
    /// a clear is used once but not kept.
    generation: AtomicU64,
}

impl Engines {
    /// `glossaries`: the server's `-g` arguments (they win over the
    /// config's, as in `check`).
    pub(crate) fn new(glossary_flags: Vec<String>) -> Self {
        Self {
            glossary_flags,
            cache: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        }
    }

    /// The config file that governs `path` (the nearest termcheck.toml
    /// above it), or none.
    pub(crate) fn config_of(path: Option<&Path>) -> Option<PathBuf> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let dir = path.and_then(Path::parent).unwrap_or(&cwd);
        config::discover(dir)
    }

    /// The engine for a config, if it is built already.
    pub(crate) fn cached(&self, config: &Option<PathBuf>) -> Option<Built> {
        self.lock().get(config).cloned()
    }

    /// The engine for a config, built now if needed. The second value is
    /// true when it was built by this call (so a failure is announced
    /// once, not on every keystroke).
    pub(crate) fn get(&self, config: &Option<PathBuf>) -> (Built, bool) {
        if let Some(b) = self.cached(config) {
            return (b, false);
        }
        // Built outside the lock: compiling a large glossary takes a while
        // and hover must not wait for it.
        let generation = self.generation.load(Ordering::SeqCst);
        let built = self.build(config);
        let mut cache = self.lock();
        if self.generation.load(Ordering::SeqCst) == generation {
            cache.insert(config.clone(), built.clone());
        }
        (built, true)
    }

    /// Forgets every engine: a config or glossary changed on disk (a new
    /// termcheck.toml can change which config governs a file, so all go).
    pub(crate) fn clear(&self) {
        let mut cache = self.lock();
        cache.clear();
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// True when `path` is a config or a glossary file of a built engine,
    /// or is named like a config file.
    pub(crate) fn watches(&self, path: &Path) -> bool {
        if path
            .file_name()
            .is_some_and(|n| n == "termcheck.toml" || n == ".termcheck.toml")
        {
            return true;
        }
        self.lock().values().any(|b| match b {
            Ok(l) => l.glossaries.iter().any(|g| g == path) || l.config.as_deref() == Some(path),
            // A failed build is retried on any TOML change.
            Err(_) => path.extension().is_some_and(|e| e == "toml"),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Option<PathBuf>, Built>> {
        // A panic while holding the lock leaves a map that is still valid.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn build(&self, config: &Option<PathBuf>) -> Built {
        let mut argv: Vec<std::ffi::OsString> = Vec::new();
        match config {
            Some(p) => {
                argv.push("--config".into());
                argv.push(p.clone().into_os_string());
            }
            None => argv.push("--no-config".into()),
        }
        argv.extend(self.glossary_flags.iter().map(Into::into));
        let flags = Flags::try_parse_from(argv).map_err(|e| {
            Arc::new(Failure {
                message: format!("termcheck: {e}"),
                diagnostics: Vec::new(),
            })
        })?;
        match resolve(&flags.glossary, &flags.settings, Extra::default()) {
            Ok(r) => {
                let cwd = std::env::current_dir().unwrap_or_default();
                let glossaries = r
                    .engine
                    .glossaries()
                    .glossaries()
                    .iter()
                    .filter(|g| !g.path.starts_with("builtin:"))
                    .map(|g| cwd.join(&g.path))
                    .collect();
                Ok(Arc::new(Loaded {
                    engine: r.engine,
                    config: config.clone(),
                    glossaries,
                    warnings: r.warnings,
                }))
            }
            Err(e) => Err(Arc::new(failure(&e))),
        }
    }
}

fn failure(e: &Error) -> Failure {
    let message = match e {
        Error::Rejected { .. } => format!("termcheck: {e}; nothing is checked until it is fixed"),
        _ => format!("termcheck: {}", Plain(e)),
    };
    Failure {
        message,
        diagnostics: e.diagnostics().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_engine_per_config_until_cleared() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("termcheck.toml");
        std::fs::write(&config, "glossaries = [\"diplomatic\"]\n").expect("write");
        let file = dir.path().join("sub/a.txt");
        let found = Engines::config_of(Some(&file));
        assert_eq!(found.as_deref(), Some(config.as_path()));
        let engines = Engines::new(Vec::new());
        let (a, fresh_a) = engines.get(&found);
        let (b, fresh_b) = engines.get(&found);
        assert!(fresh_a && !fresh_b);
        let (Ok(a), Ok(b)) = (a, b) else {
            panic!("the built-in glossary loads")
        };
        assert!(Arc::ptr_eq(&a, &b), "compiled once");
        assert!(engines.watches(&config));
        engines.clear();
        assert!(engines.cached(&found).is_none());
    }
}
