//! `termcheck.toml`: project settings for `check`, found by walking up from
//! the inputs (see [`discover`]).
//!
//! Like glossaries, the file is walked with `toml_edit` so that every
//! rejection points at file:line:col and unknown keys get a did-you-mean.
//! Command-line options override the file; the file overrides defaults.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml_edit::TableLike;

use crate::finding::diagnostic::{Diagnostic, did_you_mean};
use crate::finding::toml_check::{TomlCheck, item_span, key_span};
use crate::finding::{Finding, Kind, Severity, Span};
use crate::formats::InputFormat;
use crate::glossary::GlossarySet;

/// File names looked for, in each directory, in this order.
pub const CONFIG_NAMES: &[&str] = &["termcheck.toml", ".termcheck.toml"];

/// Top-level keys.
pub const ROOT_KEYS: &[&str] = &[
    "glossaries",
    "packs",
    "date_from_path",
    "include",
    "exclude",
    "fail-on",
    "max-file-size",
    "cache",
    "severity",
    "consistency",
    "near-miss",
    "formats",
];
/// Keys of `[severity]`.
pub const SEVERITY_KEYS: &[&str] = &["kinds", "terms"];
/// Keys of `[consistency]`.
pub const CONSISTENCY_KEYS: &[&str] = &["scope", "capitalization"];
/// Keys of `[near-miss]`.
pub const NEAR_MISS_KEYS: &[&str] = &["threshold"];
const FAIL_ON: &[&str] = &["error", "warning", "info", "never"];
const OVERRIDES: &[&str] = &["error", "warning", "info", "off"];
const SCOPES: &[&str] = &["file", "run"];

/// A commented starter config, written by `termcheck init`.
pub const STARTER: &str = r#"# termcheck configuration. Command-line options override these settings.
# Reference: docs/ci.md (config, formats, suppressions, baselines).

# Built-in glossary packs (`termcheck glossary list-packs`). "default"
# flags what is wrong in every house style; the others are choices a desk
# makes: uncomment the ones yours follows.
@PACKS@

# Your own glossaries: paths relative to this file. A glossary with
# `extends = ["default"]` replaces the pack's terms it redefines.
# glossaries = ["house.toml"]

# Documents are dated by --date, their own front matter, meta or header,
# then this rule on the path (named groups year, month, day), else today.
# date_from_path = "(?<year>\\d{4})/(?<month>\\d{2})/"

# Which files to check when a directory is walked (globs relative to this
# file; `*` also crosses `/`). An empty `include` means every file.
include = ["**/*.txt", "**/*.md", "**/*.html", "**/*.xlf", "**/*.xliff", "**/*.po"]
exclude = ["target/**", "node_modules/**"]

# Lowest severity that fails the run (exit status 1): error, warning, info
# or never.
fail-on = "warning"

# Larger inputs are refused with an error instead of being read (K, M, G).
# max-file-size = "1G"

# Keep the compiled glossaries in the platform cache directory (or
# $TERMCHECK_CACHE_DIR) so later runs skip compiling them; false compiles
# every run, like --no-cache.
# cache = true

# Severity overrides: per finding kind, and per term id (a term wins over
# its kind). "off" drops the findings.
[severity.kinds]
# case = "info"
# inconsistent = "off"

[severity.terms]
# indivisible-security = "error"

# Where one spelling must be used consistently: "file" or "run".
# `capitalization = true` also reports a two-word name capitalized two
# ways ("Minsk agreements" / "Minsk Agreements").
[consistency]
scope = "file"
# capitalization = false

# How close an unlisted rendering must be to a glossary form (0.0 to 1.0)
# to be reported as a near miss.
[near-miss]
threshold = 0.85

# Input format by glob, where the extension does not tell: text, markdown,
# html, xliff or po.
[formats]
# "copy/*.txt" = "markdown"
"#;

/// The starter config with every built-in pack: `default` on, the others
/// listed and commented.
pub fn starter() -> String {
    let mut packs = String::from("packs = [\"default\"]");
    for p in crate::glossary::pack_names() {
        if p != crate::glossary::DEFAULT_PACK {
            packs.push_str(&format!("\n# packs = [\"default\", \"{p}\"]"));
        }
    }
    STARTER.replace("@PACKS@", &packs)
}

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Findings at or above this severity fail the run.
    Severity(Severity),
    /// No finding fails the run.
    Never,
}

/// What an override does to a finding's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeverityOverride {
    /// Use this severity.
    Set(Severity),
    /// Drop the finding.
    Off,
}

/// Per-kind and per-term severity overrides.
#[derive(Debug, Clone, Default)]
pub struct SeverityOverrides {
    /// By finding kind.
    pub kinds: Vec<(Kind, SeverityOverride)>,
    /// By term id (as in findings, or unqualified), with the key's span.
    pub terms: Vec<(String, SeverityOverride, Span)>,
}

impl SeverityOverrides {
    /// True when nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.terms.is_empty()
    }

    /// The override for a finding: its term's, else its kind's.
    fn for_finding(&self, f: &Finding) -> Option<SeverityOverride> {
        let unqualified = f.term_id.rsplit_once('/').map_or(&*f.term_id, |p| p.1);
        self.terms
            .iter()
            .find(|(id, _, _)| **id == *f.term_id || id == unqualified)
            .map(|(_, o, _)| *o)
            .or_else(|| {
                self.kinds
                    .iter()
                    .find(|(k, _)| *k == f.kind)
                    .map(|(_, o)| *o)
            })
    }

    /// Applies the overrides: changes severities, drops findings set `off`.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        if self.is_empty() {
            return;
        }
        findings.retain_mut(|f| match self.for_finding(f) {
            Some(SeverityOverride::Off) => false,
            Some(SeverityOverride::Set(s)) => {
                f.severity = s;
                true
            }
            None => true,
        });
    }
}

/// Where one spelling must be used consistently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsistencyScope {
    /// Within each file.
    File,
    /// Across all files of a run.
    Run,
}

/// Settings of the consistency and near-miss checks, read from the config
/// and handed to those checks unchanged. `None` means the check's default.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AnalysisOptions {
    /// `[consistency] scope`.
    pub consistency_scope: Option<ConsistencyScope>,
    /// `[consistency] capitalization`.
    pub consistency_capitalization: Option<bool>,
    /// `[near-miss] threshold`, between 0.0 and 1.0.
    pub near_miss_threshold: Option<f64>,
}

/// A glossary named by the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossaryRef {
    /// The built-in glossary (`"diplomatic"`).
    Builtin,
    /// A file, resolved against the config's directory.
    Path(PathBuf),
}

/// A loaded `termcheck.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as shown to the user.
    pub path: String,
    /// Its directory: globs and glossary paths are relative to it.
    pub dir: PathBuf,
    /// `glossaries`.
    pub glossaries: Vec<GlossaryRef>,
    /// `packs`: built-in packs.
    pub packs: Vec<String>,
    /// `date_from_path`: how a document's path gives its date.
    pub date_from_path: Option<crate::date::PathRule>,
    /// `fail-on`.
    pub fail_on: Option<FailOn>,
    /// `[severity]`.
    pub severity: SeverityOverrides,
    /// `[consistency]` and `[near-miss]`.
    pub analysis: AnalysisOptions,
    /// `max-file-size`, in bytes: larger inputs are refused.
    pub max_file_size: Option<u64>,
    /// `cache`: false compiles the glossaries every run (`--no-cache`).
    pub cache: Option<bool>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    formats: Vec<(GlobSet, InputFormat)>,
    source: Arc<str>,
}

/// Why a config could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read.
    Io(String),
    /// The file is invalid; every problem, positioned.
    Invalid(Vec<Diagnostic>),
}

impl Config {
    /// An empty config (no file): every default.
    pub fn empty(dir: PathBuf) -> Self {
        Self {
            path: String::new(),
            dir,
            glossaries: Vec::new(),
            packs: Vec::new(),
            date_from_path: None,
            fail_on: None,
            severity: SeverityOverrides::default(),
            analysis: AnalysisOptions::default(),
            max_file_size: None,
            cache: None,
            include: None,
            exclude: None,
            formats: Vec::new(),
            source: Arc::from(""),
        }
    }

    /// The path relative to the config's directory, as globs see it.
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let abs = if path.is_absolute() {
            std::borrow::Cow::Borrowed(path)
        } else {
            match std::env::current_dir() {
                Ok(cwd) => std::borrow::Cow::Owned(cwd.join(path)),
                Err(_) => std::borrow::Cow::Borrowed(path),
            }
        };
        let clean: PathBuf = abs
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        match clean.strip_prefix(&self.dir) {
            Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// True when `include`/`exclude` select the file.
    pub fn selects(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
            return false;
        }
        self.include.as_ref().is_none_or(|g| g.is_match(&rel))
    }

    /// True when `include` lists globs (then it alone decides which walked
    /// files are checked).
    pub fn has_include(&self) -> bool {
        self.include.is_some()
    }

    /// The input format `[formats]` assigns to the file, if any.
    pub fn format_for(&self, path: &Path) -> Option<InputFormat> {
        let rel = self.relative(path);
        self.formats
            .iter()
            .find(|(g, _)| g.is_match(&rel))
            .map(|(_, f)| *f)
    }

    /// Warnings for `[severity.terms]` keys that no loaded glossary has.
    pub fn unknown_terms(&self, set: &GlossarySet) -> Vec<Diagnostic> {
        let ids: Vec<&str> = set.terms().map(|(r, _)| set.qualified_id(r)).collect();
        self.severity
            .terms
            .iter()
            .filter(|(id, _, _)| {
                let group = id.strip_prefix("group:").is_some_and(|g| {
                    set.glossaries()
                        .iter()
                        .any(|gl| gl.groups.iter().any(|x| x.id == g))
                });
                set.find_id(id).is_none() && !group
            })
            .map(|(id, _, span)| {
                let help = match did_you_mean(id, &ids) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use a term id from the glossaries".to_owned(),
                };
                Diagnostic::warning(
                    "unknown-term-id",
                    &self.path,
                    &self.source,
                    *span,
                    format!("`[severity.terms]` names unknown term id `{id}`"),
                )
                .with_help(help)
            })
            .collect()
    }
}

/// The nearest config file in `start` or one of its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().find_map(|dir| {
        CONFIG_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    })
}

/// Reads and parses a config file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let text = fs::read_to_string(path).map_err(|e| {
        ConfigError::Io(format!(
            "cannot read config `{shown}`: {e}\n  help: check the path, or pass --no-config"
        ))
    })?;
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let dir: PathBuf = abs
        .parent()
        .unwrap_or(Path::new("."))
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    parse(&shown, dir, &text).map_err(ConfigError::Invalid)
}

/// Parses config text; `dir` is the directory paths are relative to.
pub fn parse(path: &str, dir: PathBuf, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    let mut cx = Cx::new(path, &source);
    let mut config = Config::empty(dir);
    config.path = path.to_owned();
    config.source = Arc::clone(&source);
    let doc = match toml_edit::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::default(), |r| Span::new(r.start, r.end));
            cx.error(
                "toml-syntax",
                span,
                format!("invalid TOML: {}", e.message().trim()),
            )
            .help = Some("fix the TOML syntax at this position".to_owned());
            return Err(cx.diags);
        }
    };
    let root = doc.as_table();
    cx.unknown_keys(root, ROOT_KEYS, "termcheck.toml");
    if let Some(list) = cx.strings(root, "glossaries") {
        config.glossaries = list
            .into_iter()
            .map(|(g, _)| {
                if g == crate::glossary::BUILTIN_NAME || g == "builtin" {
                    GlossaryRef::Builtin
                } else {
                    GlossaryRef::Path(config.dir.join(g))
                }
            })
            .collect();
    }
    if let Some(list) = cx.strings(root, "packs") {
        let known = crate::glossary::pack_names();
        for (p, span) in list {
            if known.contains(&p.as_str()) {
                config.packs.push(p);
            } else {
                let help = match did_you_mean(&p, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the built-in packs are: {}", known.join(", ")),
                };
                cx.error("invalid-value", span, format!("unknown pack `{p}`"))
                    .help = Some(help);
            }
        }
    }
    if let Some((rule, span)) = cx.string(root, "date_from_path") {
        match crate::date::PathRule::new(&rule) {
            Ok(r) => config.date_from_path = Some(r),
            Err(msg) => {
                cx.error("invalid-value", span, msg).help = Some(
                    "a regex over the path with `/` separators; named groups year (required), month, day"
                        .to_owned(),
                );
            }
        }
    }
    config.include = cx.globs(root, "include");
    config.exclude = cx.globs(root, "exclude");
    if let Some((v, span)) = cx.string(root, "fail-on") {
        config.fail_on = match v.as_str() {
            "never" => Some(FailOn::Never),
            s => match s.parse() {
                Ok(sev) => Some(FailOn::Severity(sev)),
                Err(()) => {
                    cx.bad_value(span, "fail-on", &v, FAIL_ON);
                    None
                }
            },
        };
    }
    if let Some((_, item)) = root.get_key_value("max-file-size") {
        let span = item_span(item);
        let parsed = match (item.as_str(), item.as_integer()) {
            (Some(s), _) => crate::io::read::parse_size(s),
            (None, Some(n)) => u64::try_from(n)
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("{n} is not a size")),
            (None, None) => {
                Err("`max-file-size` must be a size such as \"1G\" or a number of bytes".to_owned())
            }
        };
        match parsed {
            Ok(n) => config.max_file_size = Some(n),
            Err(msg) => {
                cx.error("invalid-value", span, msg).help =
                    Some("use a size such as \"500M\", \"1G\" or \"4G\"".to_owned());
            }
        }
    }
    config.cache = cx.boolean(root, "cache");
    if let Some(t) = cx.table(root, "severity") {
        cx.unknown_keys(t, SEVERITY_KEYS, "[severity]");
        if let Some(kinds) = cx.table(t, "kinds") {
            for (key, _) in kinds.iter() {
                let Some((value, vspan)) = cx.string(kinds, key) else {
                    continue;
                };
                let kspan = key_span(kinds, key);
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                let Ok(kind) = key.parse::<Kind>() else {
                    let help = match did_you_mean(key, &names) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("finding kinds: {}", names.join(", ")),
                    };
                    cx.error(
                        "unknown-key",
                        kspan,
                        format!("unknown finding kind `{key}` in [severity.kinds]"),
                    )
                    .help = Some(help);
                    continue;
                };
                if let Some(o) = cx.severity_override(&value, vspan) {
                    config.severity.kinds.push((kind, o));
                }
            }
        }
        if let Some(terms) = cx.table(t, "terms") {
            for (key, _) in terms.iter() {
                let Some((value, vspan)) = cx.string(terms, key) else {
                    continue;
                };
                if let Some(o) = cx.severity_override(&value, vspan) {
                    config
                        .severity
                        .terms
                        .push((key.to_owned(), o, key_span(terms, key)));
                }
            }
        }
    }
    if let Some(t) = cx.table(root, "consistency") {
        cx.unknown_keys(t, CONSISTENCY_KEYS, "[consistency]");
        if let Some((v, span)) = cx.string(t, "scope") {
            config.analysis.consistency_scope = match v.as_str() {
                "file" => Some(ConsistencyScope::File),
                "run" => Some(ConsistencyScope::Run),
                _ => {
                    cx.bad_value(span, "consistency scope", &v, SCOPES);
                    None
                }
            };
        }
        config.analysis.consistency_capitalization = cx.boolean(t, "capitalization");
    }
    if let Some(t) = cx.table(root, "near-miss") {
        cx.unknown_keys(t, NEAR_MISS_KEYS, "[near-miss]");
        if let Some((_, item)) = t.get_key_value("threshold") {
            let span = item_span(item);
            let value = item
                .as_float()
                .or_else(|| item.as_integer().map(|i| i as f64));
            match value {
                Some(v) if (0.0..=1.0).contains(&v) => {
                    config.analysis.near_miss_threshold = Some(v)
                }
                Some(v) => {
                    cx.error(
                        "invalid-value",
                        span,
                        format!("near-miss threshold {v} is out of range"),
                    )
                    .help = Some("use a number from 0.0 to 1.0, e.g. 0.85".to_owned());
                }
                None => {
                    cx.error(
                        "wrong-type",
                        span,
                        "`threshold` must be a number from 0.0 to 1.0",
                    );
                }
            }
        }
    }
    if let Some(t) = cx.table(root, "formats") {
        for (key, _) in t.iter() {
            let Some((value, vspan)) = cx.string(t, key) else {
                continue;
            };
            let names: Vec<&str> = InputFormat::ALL.iter().map(|f| f.as_str()).collect();
            let Ok(format) = value.parse::<InputFormat>() else {
                cx.bad_value(vspan, "input format", &value, &names);
                continue;
            };
            if let Some(g) = cx.glob_set(&[(key.to_owned(), key_span(t, key))]) {
                config.formats.push((g, format));
            }
        }
    }
    if cx.diags.iter().any(Diagnostic::is_error) {
        Err(cx.diags)
    } else {
        Ok(config)
    }
}

/// The shared TOML checks and the config's own value types.
type Cx<'a> = TomlCheck<'a>;

impl Cx<'_> {
    fn globs(&mut self, t: &dyn TableLike, key: &str) -> Option<GlobSet> {
        let list = self.strings(t, key)?;
        if list.is_empty() {
            return None;
        }
        self.glob_set(&list)
    }

    fn glob_set(&mut self, list: &[(String, Span)]) -> Option<GlobSet> {
        let mut b = GlobSetBuilder::new();
        for (pat, span) in list {
            match Glob::new(pat) {
                Ok(g) => {
                    b.add(g);
                }
                Err(e) => {
                    self.error(
                        "invalid-glob",
                        *span,
                        format!("invalid glob `{pat}`: {}", e.kind()),
                    )
                    .help = Some("see docs/ci.md for the glob syntax".to_owned());
                }
            }
        }
        b.build().ok()
    }

    fn severity_override(&mut self, value: &str, span: Span) -> Option<SeverityOverride> {
        if value == "off" {
            return Some(SeverityOverride::Off);
        }
        match value.parse() {
            Ok(s) => Some(SeverityOverride::Set(s)),
            Err(()) => {
                self.bad_value(span, "severity", value, OVERRIDES);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        parse("termcheck.toml", PathBuf::from("/proj"), text).unwrap()
    }

    fn errors(text: &str) -> Vec<String> {
        parse("termcheck.toml", PathBuf::from("/proj"), text)
            .unwrap_err()
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {} {}",
                    d.location.line,
                    d.location.column,
                    d.code,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn starter_config_is_valid() {
        let text = starter();
        let c = parse_ok(&text);
        assert!(c.glossaries.is_empty());
        assert_eq!(c.packs, ["default"]);
        assert!(c.date_from_path.is_none());
        // Every other pack is listed, commented; uncommented, the rule parses.
        for p in crate::glossary::pack_names() {
            assert!(text.contains(&format!("\"{p}\"")), "{p}");
        }
        let dated = text.replace("# date_from_path", "date_from_path");
        let c = parse_ok(&dated);
        let rule = c.date_from_path.clone().unwrap();
        assert_eq!(
            rule.date("/proj/2021/03/a.md")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-03-01")
        );
        assert_eq!(c.fail_on, Some(FailOn::Severity(Severity::Warning)));
        assert_eq!(c.analysis.consistency_scope, Some(ConsistencyScope::File));
        assert_eq!(c.analysis.near_miss_threshold, Some(0.85));
        assert!(c.selects(Path::new("/proj/news/a.md")));
        assert!(!c.selects(Path::new("/proj/target/a.md")));
        assert!(!c.selects(Path::new("/proj/news/a.rs")));
    }

    #[test]
    fn packs_and_date_rule_are_checked() {
        let e = errors("packs = [\"defualt\"]\n");
        assert!(
            e.iter().any(|s| s.contains("did you mean `default`?")),
            "{e:?}"
        );
        let e = errors("date_from_path = \"(\\\\d{4})/\"\n");
        assert!(
            e.iter().any(|s| s.starts_with("1:18 invalid-value")),
            "{e:?}"
        );
    }

    #[test]
    fn full_config() {
        let c = parse_ok(
            r#"
glossaries = ["diplomatic", "house/terms.toml"]
exclude = ["drafts/**"]
fail-on = "never"
[severity.kinds]
case = "info"
inconsistent = "off"
[severity.terms]
nato = "error"
[formats]
"copy/*.txt" = "markdown"
"#,
        );
        assert_eq!(
            c.glossaries,
            [
                GlossaryRef::Builtin,
                GlossaryRef::Path(PathBuf::from("/proj/house/terms.toml"))
            ]
        );
        assert_eq!(c.fail_on, Some(FailOn::Never));
        assert!(c.selects(Path::new("/proj/x.bin")));
        assert!(!c.selects(Path::new("/proj/drafts/a.md")));
        assert_eq!(
            c.format_for(Path::new("/proj/copy/a.txt")),
            Some(InputFormat::Markdown)
        );
        assert_eq!(c.format_for(Path::new("/proj/a.txt")), None);
        assert_eq!(c.analysis, AnalysisOptions::default());
    }

    #[test]
    fn overrides_apply_term_over_kind() {
        let c = parse_ok(
            "[severity.kinds]\ncase = \"info\"\nvariant = \"off\"\n[severity.terms]\nosce = \"error\"\n",
        );
        let f = |kind, id: &str| Finding {
            span: Span::new(0, 1),
            kind,
            severity: Severity::Warning,
            term_id: id.into(),
            found: "".into(),
            preferred: "".into(),
            message: "".into(),
            note: None,
            reference: None,
            fix: None,
            source_span: None,
            date: None,
        };
        let mut fs = vec![
            f(Kind::Case, "nato"),
            f(Kind::Variant, "nato"),
            f(Kind::Variant, "g/osce"),
        ];
        c.severity.apply(&mut fs);
        let got: Vec<_> = fs.iter().map(|f| (f.kind, f.severity)).collect();
        assert_eq!(
            got,
            [
                (Kind::Case, Severity::Info),
                (Kind::Variant, Severity::Error)
            ]
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_positioned() {
        let e = errors("glosaries = []\nfail-on = \"warn\"\n[near-miss]\nthreshold = 2.0\n");
        assert_eq!(
            e,
            [
                "1:1 unknown-key did you mean `glossaries`?",
                "2:11 invalid-value did you mean `warning`?",
                "4:13 invalid-value use a number from 0.0 to 1.0, e.g. 0.85",
            ]
        );
        let e = errors(
            "[severity.kinds]\nnearmiss = \"info\"\n[consistency]\nscope = \"files\"\n[formats]\n\"*.x\" = \"xlif\"\n",
        );
        assert_eq!(
            e,
            [
                "2:1 unknown-key did you mean `near-miss`?",
                "4:9 invalid-value did you mean `file`?",
                "6:9 invalid-value did you mean `xliff`?",
            ]
        );
        let e = errors("include = [\"a/{b\"]\n");
        assert!(e[0].starts_with("1:12 invalid-glob"), "{e:?}");
        let e = errors("fail-on = \n");
        assert!(e[0].contains("toml-syntax"), "{e:?}");
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(&deep), None);
        fs::write(dir.path().join(".termcheck.toml"), "").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join(".termcheck.toml")));
        fs::write(dir.path().join("a/termcheck.toml"), "").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join("a/termcheck.toml")));
    }
}
