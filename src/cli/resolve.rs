//! Resolve first, then work: arguments plus the config file become the
//! engine's [`Settings`] before any input is read, the same way for every
//! command that checks text (flags first, then `termcheck.toml`, then
//! defaults).

use std::fs;
use std::path::{Path, PathBuf};

use termcheck::checks::{CheckOptions, Scope};
use termcheck::date::Dating;
use termcheck::engine::baseline::{Baseline, BaselineFile};
use termcheck::engine::config::{self, Config, ConfigError, ConsistencyScope};
use termcheck::engine::input::{self, Found};
use termcheck::engine::{Collected, Engine, Input, Settings};
use termcheck::error::Error;
use termcheck::finding::Severity;
use termcheck::finding::diagnostic::Diagnostic;
use termcheck::formats::InputFormat;
use termcheck::glossary::GlossarySet;
use termcheck::report::{GlossaryInfo, RunInfo};

use super::args::FailOn;
use super::load::{dating, is_builtin_name, load_set_traced, selection};
use super::shared_args::{
    AlignArg, ConsistencyArg, FuzzyArgs, GlossaryArgs, InputFormatArg, SettingsArgs,
};
use termcheck::checks::CompiledChecker;
use termcheck::engine::cache::{Cache, Entry, KeyBuilder};

/// What a command adds to the shared settings.
#[derive(Default, Clone)]
pub(crate) struct Extra<'a> {
    /// `--baseline`.
    pub(crate) baseline: Option<&'a Path>,
    /// `--source` and `--align`.
    pub(crate) source: Option<(&'a Path, AlignArg)>,
    /// `--fail-on`.
    pub(crate) fail_on: Option<FailOn>,
    /// Count spellings across the run (the usage table of `report`).
    pub(crate) run_consistency: bool,
    /// Only the exact checks (`glossary mine`: derived variants are
    /// unlisted renderings worth proposing).
    pub(crate) exact_only: bool,
    /// How documents are dated (`--date`, the config's `date_from_path`).
    pub(crate) dating: Dating,
    /// The input paths: the config is the nearest one above them.
    pub(crate) inputs: &'a [PathBuf],
}

/// The engine of a run and what printers and warnings need to know.
pub(crate) struct Resolved {
    pub(crate) engine: Engine,
    pub(crate) info: RunInfo,
    /// Warnings about the config that need the glossaries (unknown term
    /// ids in `[severity]`).
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Resolves `-g` (or `glossaries`), the config and the settings into an
/// engine. Any failure is an [`Error`] for the command to report.
pub(crate) fn resolve(
    glossary: &GlossaryArgs,
    args: &SettingsArgs,
    extra: Extra<'_>,
) -> Result<Resolved, Error> {
    let config = config_for(args, extra.inputs)?;
    let names = selection(glossary, Some(&config));
    let compiled = load_compiled(&names, &config, args, &extra)?;
    let dating = dating(glossary, Some(&config));
    resolve_compiled(compiled, config, args, Extra { dating, ..extra })
}

/// The share of a run that one config governs: its engine and inputs.
pub(crate) struct Part {
    pub(crate) resolved: Resolved,
    pub(crate) collected: Collected,
}

/// Resolves a run whose inputs may fall under several configs, as ruff
/// does: `--config` or `--no-config` gives one set of settings for all;
/// otherwise each input is governed by the nearest config above it, so a
/// config inside a walked directory governs the files below it. Every
/// engine is built before any input is checked; the parts are in the order
/// of their first input. Paths that could not be read are in the first
/// part's `collected.errors`.
pub(crate) fn resolve_parts(
    glossary: &GlossaryArgs,
    args: &SettingsArgs,
    extra: Extra<'_>,
    stdin_name: Option<&str>,
) -> Result<Vec<Part>, Error> {
    let inputs = extra.inputs;
    if args.no_config || args.config.is_some() {
        let resolved = resolve(glossary, args, extra)?;
        let collected = resolved.engine.collect(inputs, stdin_name)?;
        return Ok(vec![Part {
            resolved,
            collected,
        }]);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (found, errors) = input::find(inputs, stdin_name);
    let mut governing: std::collections::HashMap<PathBuf, Option<PathBuf>> =
        std::collections::HashMap::new();
    let mut groups: Vec<(Option<PathBuf>, Vec<Found>)> = Vec::new();
    for f in found {
        let dir = f.dir().map_or_else(|| cwd.clone(), |d| cwd.join(d));
        let config = governing
            .entry(dir)
            .or_insert_with_key(|d| config::discover(d))
            .clone();
        match groups.iter_mut().find(|(c, _)| *c == config) {
            Some((_, share)) => share.push(f),
            None => groups.push((config, vec![f])),
        }
    }
    if groups.is_empty() {
        // Nothing to check: the run still has settings (and reports the
        // paths that could not be read).
        groups.push((discover_for(&cwd, inputs)?, Vec::new()));
    }
    if extra.source.is_some() && groups.len() > 1 {
        return Err(Error::Source(
            "`--source` pairs one source with one translation, but the inputs fall under \
             different configs\n  help: name exactly one target file after `--source`"
                .to_owned(),
        ));
    }
    let mut parts = Vec::with_capacity(groups.len());
    for (path, found) in groups {
        let config = match path {
            // Shown relative to the current directory where it is inside it.
            Some(p) => load_config(&p.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(p))?,
            None => Config::empty(cwd.clone()),
        };
        let names = selection(glossary, Some(&config));
        let compiled = load_compiled(&names, &config, args, &extra)?;
        let dating = dating(glossary, Some(&config));
        let resolved = resolve_compiled(
            compiled,
            config,
            args,
            Extra {
                dating,
                ..extra.clone()
            },
        )?;
        let collected = resolved.engine.select(found)?;
        parts.push(Part {
            resolved,
            collected,
        });
    }
    if let Some(first) = parts.first_mut() {
        first.collected.errors = errors;
    }
    Ok(parts)
}

/// [`resolve`] with the glossaries already loaded (`glossary impact`
/// compares two sets under the same settings).
pub(crate) fn resolve_with(
    set: GlossarySet,
    config: Config,
    args: &SettingsArgs,
    extra: Extra<'_>,
) -> Result<Resolved, Error> {
    let checks = compile_options(&set, &config, args, &extra);
    let compiled =
        CompiledChecker::compile(set, &checks).map_err(|e| Error::Compile(e.to_string()))?;
    resolve_compiled(compiled, config, args, extra)
}

/// The checks a command runs on `set`: `--exact`-only commands the exact
/// ones, the others by the flags, then the config, then the glossaries.
fn compile_options(
    set: &GlossarySet,
    config: &Config,
    args: &SettingsArgs,
    extra: &Extra<'_>,
) -> CheckOptions {
    let mut checks = if extra.exact_only {
        CheckOptions::exact()
    } else {
        check_options(&args.fuzzy, set, config)
    };
    if extra.run_consistency && checks.consistency.is_some() {
        checks.consistency = Some(Scope::Run);
    }
    checks
}

/// Loads and compiles the glossaries `names` through the compiled-glossary
/// cache: a hit skips parsing and compiling; a miss compiles and stores
/// the result (any cache failure just compiles). The heap then grows at
/// its usual pace again (`heap::loaded`).
fn load_compiled(
    names: &[String],
    config: &Config,
    args: &SettingsArgs,
    extra: &Extra<'_>,
) -> Result<CompiledChecker, Error> {
    let compiled = load_or_compile(names, config, args, extra);
    crate::heap::loaded();
    compiled
}

/// See [`load_compiled`].
fn load_or_compile(
    names: &[String],
    config: &Config,
    args: &SettingsArgs,
    extra: &Extra<'_>,
) -> Result<CompiledChecker, Error> {
    let cache = if args.no_cache || config.cache == Some(false) {
        Cache::disabled()
    } else {
        Cache::from_env()
    };
    let key = cache.dir().and_then(|_| {
        let mut k = KeyBuilder::new();
        // Everything `compile_options` reads besides the glossaries
        // (which the key covers by their bytes); a hit is checked against
        // the options computed anew as well.
        let inputs = format!(
            "{:?} {} {:?} {:?} {} {}",
            args.fuzzy
                .near_miss_threshold
                .or(config.analysis.near_miss_threshold),
            args.fuzzy.no_derive,
            args.fuzzy.consistency,
            config.analysis,
            extra.exact_only,
            extra.run_consistency,
        );
        k.setting(inputs.as_bytes());
        for name in names {
            k.setting(name.as_bytes());
            if !is_builtin_name(name) {
                let canonical = fs::canonicalize(name).ok()?;
                k.setting(canonical.as_os_str().as_encoded_bytes());
                k.content(&fs::read(name).ok()?);
            }
        }
        Some(k.finish())
    });
    if let Some(key) = &key
        && let Some(entry) = cache.load(key)
        && entry.is_current()
        && compile_options(entry.compiled.glossaries(), config, args, extra)
            == *entry.compiled.options()
    {
        return Ok(entry.compiled);
    }
    let (set, files) = load_set_traced(names)?;
    let checks = compile_options(&set, config, args, extra);
    let compiled =
        CompiledChecker::compile(set, &checks).map_err(|e| Error::Compile(e.to_string()))?;
    let Some(key) = key else {
        return Ok(compiled);
    };
    let entry = Entry {
        // The files named are in the key; what they extend is checked on
        // every hit.
        dependencies: files
            .into_iter()
            .filter(|(path, _)| !names.contains(path))
            .collect(),
        compiled,
    };
    cache.store(&key, &entry);
    Ok(entry.compiled)
}

/// [`resolve_with`] for glossaries compiled already.
pub(crate) fn resolve_compiled(
    compiled: CompiledChecker,
    config: Config,
    args: &SettingsArgs,
    extra: Extra<'_>,
) -> Result<Resolved, Error> {
    let set = compiled.glossaries();
    let info = RunInfo {
        glossaries: set
            .glossaries()
            .iter()
            .map(|g| GlossaryInfo {
                path: g.path.clone(),
                name: g.name.clone(),
                terms: g.terms.len(),
            })
            .collect(),
    };
    let warnings = config.unknown_terms(set);
    let checks = *compiled.options();
    let baseline = match extra.baseline {
        Some(p) => Some(load_baseline(p)?),
        None => None,
    };
    let settings = Settings {
        checks,
        input_format: input_format(args.input_format),
        baseline,
        source: extra
            .source
            .map(|(p, align)| (Input::file(p), align.into())),
        fail_on: fail_on(extra.fail_on, &config),
        dating: extra.dating,
        limits: termcheck::io::Limits {
            max_size: args
                .max_file_size
                .or(config.max_file_size)
                .unwrap_or(termcheck::io::read::DEFAULT_MAX_SIZE),
        },
        config,
        glossaries: GlossarySet::default(),
        compiled: Some(compiled),
    };
    let engine = Engine::new(settings)?;
    Ok(Resolved {
        engine,
        info,
        warnings,
    })
}

/// The config in force: `--config`, else the nearest termcheck.toml above
/// the inputs (above the current directory when there are none, or for
/// standard input), else none. Inputs under different configs are an
/// error: one run has one set of settings.
pub(crate) fn config_for(args: &SettingsArgs, inputs: &[PathBuf]) -> Result<Config, Error> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = if args.no_config {
        None
    } else if let Some(p) = &args.config {
        Some(p.clone())
    } else {
        // Shown relative to the current directory where it is inside it.
        discover_for(&cwd, inputs)?
            .map(|p| p.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(p))
    };
    match path {
        Some(path) => load_config(&path),
        None => Ok(Config::empty(cwd)),
    }
}

/// Reads the config at `path`; its errors as the command reports them.
fn load_config(path: &Path) -> Result<Config, Error> {
    config::load(path).map_err(|e| match e {
        ConfigError::Io(msg) => Error::Settings(msg),
        ConfigError::Invalid(diagnostics) => Error::Rejected {
            what: format!("config `{}`", path.display()),
            diagnostics,
        },
    })
}

/// The nearest config above every input, as ruff finds one for each file.
fn discover_for(cwd: &Path, inputs: &[PathBuf]) -> Result<Option<PathBuf>, Error> {
    let starts: Vec<(&PathBuf, PathBuf)> = inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| {
            let abs = cwd.join(p);
            let dir = if abs.is_dir() {
                abs
            } else {
                abs.parent()
                    .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
            };
            (p, dir)
        })
        .collect();
    if starts.is_empty() {
        return Ok(config::discover(cwd));
    }
    let mut found: Vec<(&PathBuf, Option<PathBuf>)> = Vec::new();
    for (input, dir) in starts {
        let c = config::discover(&dir);
        if !found.iter().any(|(_, f)| *f == c) {
            found.push((input, c));
        }
    }
    if let [(_, one)] = found.as_slice() {
        return Ok(one.clone());
    }
    let shown = |(input, c): &(&PathBuf, Option<PathBuf>)| match c {
        Some(c) => format!("`{}` for `{}`", c.display(), input.display()),
        None => format!("no config for `{}`", input.display()),
    };
    Err(Error::Settings(format!(
        "the inputs fall under different configs: {} and {}\n  \
         help: check each project in its own run, or pass --config FILE (or --no-config) to use \
         one for all",
        shown(&found[0]),
        shown(&found[1])
    )))
}

/// The checks of a run: flags first, then the config, then the
/// glossaries' defaults.
fn check_options(args: &FuzzyArgs, set: &GlossarySet, config: &Config) -> CheckOptions {
    let mut opts = CheckOptions::all(set);
    if let Some(t) = args
        .near_miss_threshold
        .or(config.analysis.near_miss_threshold)
    {
        opts.near_miss = Some(t);
    }
    opts.derive = !args.no_derive;
    opts.consistency_capitalization = config.analysis.consistency_capitalization == Some(true);
    opts.consistency = match args.consistency {
        Some(ConsistencyArg::File) => Some(Scope::File),
        Some(ConsistencyArg::Run) => Some(Scope::Run),
        Some(ConsistencyArg::Off) => None,
        None => match config.analysis.consistency_scope {
            Some(ConsistencyScope::Run) => Some(Scope::Run),
            Some(ConsistencyScope::File) | None => Some(Scope::File),
        },
    };
    opts
}

fn input_format(arg: InputFormatArg) -> Option<InputFormat> {
    match arg {
        InputFormatArg::Auto => None,
        InputFormatArg::Text => Some(InputFormat::Text),
        InputFormatArg::Markdown => Some(InputFormat::Markdown),
        InputFormatArg::Html => Some(InputFormat::Html),
        InputFormatArg::Xliff => Some(InputFormat::Xliff),
        InputFormatArg::Po => Some(InputFormat::Po),
    }
}

/// `--fail-on`, else the config's `fail-on`, else warning.
fn fail_on(arg: Option<FailOn>, config: &Config) -> Option<Severity> {
    match arg {
        Some(FailOn::Error) => Some(Severity::Error),
        Some(FailOn::Warning) => Some(Severity::Warning),
        Some(FailOn::Info) => Some(Severity::Info),
        Some(FailOn::Never) => None,
        None => match config.fail_on {
            Some(config::FailOn::Severity(s)) => Some(s),
            Some(config::FailOn::Never) => None,
            None => Some(Severity::Warning),
        },
    }
}

fn load_baseline(path: &Path) -> Result<Baseline, Error> {
    let shown = path.display().to_string();
    let text = fs::read_to_string(path).map_err(|e| Error::Baseline {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    BaselineFile::parse(&text)
        .map(|file| Baseline::new(&file))
        .map_err(|reason| Error::Baseline {
            path: shown,
            reason,
        })
}
