//! TOML → [`Glossary`], with every rejection pointing at file:line:col.
//!
//! The document is walked with `toml_edit` rather than deserialized with
//! serde so that every key and value keeps its span, unknown keys get a
//! did-you-mean, and all problems of a file are reported in one run.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::Arc;

use toml_edit::{Item, TableLike, Value};

use super::model::{CaseMode, Defaults, DeriveSwitches, Examples, Form, Glossary, Term, slug};
use crate::finding::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::finding::{Severity, Span};
use crate::text::fold;

/// Top-level tables.
pub const ROOT_KEYS: &[&str] = &["glossary", "defaults", "term"];
/// Keys of `[glossary]`.
pub const GLOSSARY_KEYS: &[&str] = &[
    "name",
    "language",
    "source_language",
    "version",
    "description",
];
/// Keys of `[defaults]`.
pub const DEFAULTS_KEYS: &[&str] = &[
    "severity",
    "case",
    "inflections",
    "fuzzy",
    "derive_hyphenation",
    "derive_spelling",
    "derive_romanization",
    "near_miss_threshold",
];
/// Keys of `[[term]]`, in the documented order.
pub const TERM_KEYS: &[&str] = &[
    "id",
    "preferred",
    "admitted",
    "variants",
    "exceptions",
    "source",
    "severity",
    "case",
    "inflections",
    "fuzzy",
    "derive_hyphenation",
    "derive_spelling",
    "derive_romanization",
    "note",
    "reference",
    "tags",
    "examples",
];
/// Keys of a term's `examples`.
pub const EXAMPLE_KEYS: &[&str] = &["good", "bad"];
const SEVERITIES: &[&str] = &["error", "warning", "info"];
const CASES: &[&str] = &["smart", "insensitive", "sensitive"];

/// The result of loading one glossary file: the glossary when no error
/// rejected it, and every diagnostic (errors and warnings).
#[derive(Debug)]
pub struct Loaded {
    /// The glossary, or `None` when an error rejected it.
    pub glossary: Option<Glossary>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates one glossary file.
pub fn parse(path: &str, text: &str) -> Loaded {
    let source: Arc<str> = Arc::from(text);
    let mut cx = Cx {
        path,
        source: &source,
        diags: Vec::new(),
    };
    let glossary = cx.document(text);
    if let Some(g) = &glossary {
        cx.validate(g);
    }
    let has_error = cx.diags.iter().any(Diagnostic::is_error);
    Loaded {
        glossary: if has_error { None } else { glossary },
        diagnostics: cx.diags,
    }
}

struct Cx<'a> {
    path: &'a str,
    source: &'a Arc<str>,
    diags: Vec<Diagnostic>,
}

fn span_of(r: Option<Range<usize>>) -> Span {
    r.map_or(Span::default(), |r| Span::new(r.start, r.end))
}

impl Cx<'_> {
    fn error(&mut self, code: &'static str, span: Span, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, self.path, self.source, span, msg));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn warning(&mut self, code: &'static str, span: Span, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(code, self.path, self.source, span, msg));
    }

    fn location(&self, span: Span) -> Location {
        Location::new(self.path, self.source, span)
    }

    fn document(&mut self, text: &str) -> Option<Glossary> {
        let doc = match toml_edit::Document::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let span = span_of(e.span());
                let msg = e.message().trim().to_owned();
                self.error("toml-syntax", span, format!("invalid TOML: {msg}"))
                    .help = Some("fix the TOML syntax at this position".to_owned());
                return None;
            }
        };
        let root = doc.as_table();
        self.unknown_keys(root, ROOT_KEYS, "top level");

        let mut g = Glossary::new("", "");
        g.path = self.path.to_owned();
        g.source_text = Arc::clone(self.source);
        match root.get_key_value("glossary") {
            Some((_, item)) => match item.as_table_like() {
                Some(t) => self.meta(t, item, &mut g),
                None => {
                    self.error(
                        "wrong-type",
                        span_of(item.span()),
                        "`glossary` must be a table",
                    );
                }
            },
            None => {
                self.error(
                    "missing-key",
                    Span::new(0, 0),
                    "missing required table `[glossary]`",
                )
                .help = Some("add `[glossary]` with `name` and `language`".to_owned());
            }
        }
        if let Some((_, item)) = root.get_key_value("defaults") {
            match item.as_table_like() {
                Some(t) => {
                    g.defaults = self.defaults(t);
                    g.near_miss_threshold = self.threshold(t);
                }
                None => {
                    self.error(
                        "wrong-type",
                        span_of(item.span()),
                        "`defaults` must be a table",
                    );
                }
            }
        }
        if let Some((key, item)) = root.get_key_value("term") {
            self.terms(key.span(), item, &mut g);
        }
        Some(g)
    }

    fn unknown_keys(&mut self, table: &dyn TableLike, known: &[&str], what: &str) {
        for (name, _) in table.iter() {
            if known.contains(&name) {
                continue;
            }
            let span = table
                .get_key_value(name)
                .map_or(Span::default(), |(k, _)| span_of(k.span()));
            let help = match did_you_mean(name, known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known keys here: {}", known.join(", ")),
            };
            let d = self.error(
                "unknown-key",
                span,
                format!("unknown key `{name}` in {what}"),
            );
            d.help = Some(help);
        }
    }

    fn meta(&mut self, t: &dyn TableLike, item: &Item, g: &mut Glossary) {
        self.unknown_keys(t, GLOSSARY_KEYS, "[glossary]");
        let header = span_of(item.span());
        match self.string(t, "name") {
            Some((name, span)) if name.trim().is_empty() => {
                self.error("empty-value", span, "`name` must not be empty");
            }
            Some((name, _)) => g.name = name,
            None => {
                self.error("missing-key", header, "`[glossary]` needs a `name`")
                    .help = Some("add `name = \"...\"`".to_owned());
            }
        }
        match self.string(t, "language") {
            Some((lang, span)) if lang.trim().is_empty() => {
                self.error("empty-value", span, "`language` must not be empty");
            }
            Some((lang, _)) => g.language = lang,
            None => {
                self.error("missing-key", header, "`[glossary]` needs a `language`")
                    .help = Some("add `language = \"en\"` (a BCP 47 tag)".to_owned());
            }
        }
        g.source_language = self.string(t, "source_language").map(|s| s.0);
        g.version = self.string(t, "version").map(|s| s.0);
        g.description = self.string(t, "description").map(|s| s.0);
    }

    fn defaults(&mut self, t: &dyn TableLike) -> Defaults {
        self.unknown_keys(t, DEFAULTS_KEYS, "[defaults]");
        let base = Defaults::default();
        Defaults {
            severity: self.severity(t).unwrap_or(base.severity),
            case: self.case(t).unwrap_or(base.case),
            inflections: self.boolean(t, "inflections").unwrap_or(base.inflections),
            fuzzy: self.boolean(t, "fuzzy").unwrap_or(base.fuzzy),
            derive: self.derive_switches(t, base.derive),
        }
    }

    /// The `derive_*` switches of a table, each falling back to `base`.
    fn derive_switches(&mut self, t: &dyn TableLike, base: DeriveSwitches) -> DeriveSwitches {
        DeriveSwitches {
            hyphenation: self
                .boolean(t, "derive_hyphenation")
                .unwrap_or(base.hyphenation),
            spelling: self.boolean(t, "derive_spelling").unwrap_or(base.spelling),
            romanization: self
                .boolean(t, "derive_romanization")
                .unwrap_or(base.romanization),
        }
    }

    /// `[defaults] near_miss_threshold`: a number in (0, 1].
    fn threshold(&mut self, t: &dyn TableLike) -> Option<f64> {
        let (_, item) = t.get_key_value("near_miss_threshold")?;
        let v = item
            .as_float()
            .or_else(|| item.as_integer().map(|i| i as f64));
        match v {
            Some(x) if x > 0.0 && x <= 1.0 => Some(x),
            _ => {
                let span = span_of(item.span());
                self.error(
                    "bad-value",
                    span,
                    "`near_miss_threshold` must be a number greater than 0 and at most 1",
                )
                .help =
                    Some("e.g. `near_miss_threshold = 0.85`; 1 turns near-misses off".to_owned());
                None
            }
        }
    }

    fn terms(&mut self, key_span: Option<Range<usize>>, item: &Item, g: &mut Glossary) {
        let mut tables: Vec<(&dyn TableLike, Span)> = Vec::new();
        if let Some(aot) = item.as_array_of_tables() {
            for t in aot.iter() {
                tables.push((t, span_of(t.span())));
            }
        } else if let Some(arr) = item.as_array() {
            for v in arr.iter() {
                match v.as_inline_table() {
                    Some(t) => tables.push((t, span_of(v.span()))),
                    None => {
                        self.error(
                            "wrong-type",
                            span_of(v.span()),
                            "each `term` must be a table",
                        );
                    }
                }
            }
        } else {
            self.error(
                "wrong-type",
                span_of(key_span),
                "`term` must be an array of tables",
            )
            .help = Some("write each term as a `[[term]]` table".to_owned());
            return;
        }
        for (t, span) in tables {
            if let Some(term) = self.term(t, span, &g.defaults) {
                g.terms.push(term);
            }
        }
    }

    fn term(&mut self, t: &dyn TableLike, header: Span, d: &Defaults) -> Option<Term> {
        self.unknown_keys(t, TERM_KEYS, "[[term]]");
        let preferred = match t.get_key_value("preferred") {
            None => {
                self.error("missing-key", header, "term has no `preferred` form")
                    .help = Some("every term needs `preferred = \"...\"`".to_owned());
                return None;
            }
            Some(_) => {
                let (text, span) = self.string(t, "preferred")?;
                if text.trim().is_empty() {
                    self.error("empty-value", span, "`preferred` must not be empty");
                    return None;
                }
                Form {
                    text,
                    span: Some(span),
                }
            }
        };
        let mut term = Term::new(preferred.text.clone());
        term.preferred = preferred;
        term.span = Some(header);
        if let Some((id, span)) = self.string(t, "id") {
            if id.trim().is_empty() {
                self.error("empty-value", span, "`id` must not be empty");
            }
            term.id = id;
        } else {
            term.id = slug(&term.preferred.text);
        }
        term.admitted = self.forms(t, "admitted");
        term.variants = self.forms(t, "variants");
        term.exceptions = self.forms(t, "exceptions");
        term.source = self.forms(t, "source");
        term.severity = self.severity(t).unwrap_or(d.severity);
        term.case = self.case(t).unwrap_or(d.case);
        term.inflections = self.boolean(t, "inflections").unwrap_or(d.inflections);
        term.fuzzy = self.boolean(t, "fuzzy").unwrap_or(d.fuzzy);
        term.derive = self.derive_switches(t, d.derive);
        term.note = self.string(t, "note").map(|s| s.0);
        term.reference = self.string(t, "reference").map(|s| s.0);
        term.tags = self.forms(t, "tags").into_iter().map(|f| f.text).collect();
        if let Some((key, item)) = t.get_key_value("examples") {
            match item.as_table_like() {
                Some(ex) => {
                    self.unknown_keys(ex, EXAMPLE_KEYS, "`examples`");
                    term.examples = Examples {
                        good: self.forms(ex, "good"),
                        bad: self.forms(ex, "bad"),
                    };
                }
                None => {
                    self.error(
                        "wrong-type",
                        span_of(key.span()),
                        "`examples` must be a table with `good` and `bad`",
                    );
                }
            }
        }
        Some(term)
    }

    fn string(&mut self, t: &dyn TableLike, key: &str) -> Option<(String, Span)> {
        let (_, item) = t.get_key_value(key)?;
        let span = span_of(item.span());
        match item.as_str() {
            Some(s) => Some((s.to_owned(), span)),
            None => {
                self.error("wrong-type", span, format!("`{key}` must be a string"));
                None
            }
        }
    }

    fn boolean(&mut self, t: &dyn TableLike, key: &str) -> Option<bool> {
        let (_, item) = t.get_key_value(key)?;
        match item.as_bool() {
            Some(b) => Some(b),
            None => {
                let span = span_of(item.span());
                self.error("wrong-type", span, format!("`{key}` must be true or false"));
                None
            }
        }
    }

    fn forms(&mut self, t: &dyn TableLike, key: &str) -> Vec<Form> {
        let Some((_, item)) = t.get_key_value(key) else {
            return Vec::new();
        };
        let Some(arr) = item.as_array() else {
            let span = span_of(item.span());
            self.error(
                "wrong-type",
                span,
                format!("`{key}` must be an array of strings"),
            )
            .help = Some(format!("write `{key} = [\"...\"]`"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for v in arr.iter() {
            let span = span_of(v.span());
            match v {
                Value::String(s) => {
                    let text = s.value().clone();
                    if text.trim().is_empty() {
                        self.error("empty-value", span, format!("empty string in `{key}`"));
                    } else {
                        out.push(Form {
                            text,
                            span: Some(span),
                        });
                    }
                }
                _ => {
                    self.error(
                        "wrong-type",
                        span,
                        format!("`{key}` must hold only strings"),
                    );
                }
            }
        }
        out
    }

    fn severity(&mut self, t: &dyn TableLike) -> Option<Severity> {
        let (s, span) = self.string(t, "severity")?;
        match s.parse() {
            Ok(sev) => Some(sev),
            Err(()) => {
                self.bad_value(span, "severity", &s, SEVERITIES);
                None
            }
        }
    }

    fn case(&mut self, t: &dyn TableLike) -> Option<CaseMode> {
        let (s, span) = self.string(t, "case")?;
        let parsed = CaseMode::parse(&s);
        if parsed.is_none() {
            self.bad_value(span, "case", &s, CASES);
        }
        parsed
    }

    fn bad_value(&mut self, span: Span, key: &str, value: &str, allowed: &[&str]) {
        let help = match did_you_mean(value, allowed) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of: {}", allowed.join(", ")),
        };
        self.error("invalid-value", span, format!("unknown {key} `{value}`"))
            .help = Some(help);
    }

    /// Rules about one glossary on its own: duplicate ids, variants equal
    /// to their own approved forms, terms that can only yield near-misses.
    fn validate(&mut self, g: &Glossary) {
        let mut ids: HashMap<&str, Span> = HashMap::default();
        for term in &g.terms {
            let at = term.span.unwrap_or_default();
            if let Some(first) = ids.get(term.id.as_str()) {
                let rel = self.location(*first);
                let d = self.error(
                    "duplicate-id",
                    at,
                    format!("duplicate term id `{}`", term.id),
                );
                d.related = Some((rel, "first defined here".to_owned()));
                d.help = Some("give each term a unique `id`".to_owned());
            } else {
                ids.insert(&term.id, at);
            }
            let approved: Vec<(&Form, String, String)> = std::iter::once(&term.preferred)
                .chain(&term.admitted)
                .map(|f| {
                    (
                        f,
                        fold(f.text.trim(), 0, false).text,
                        fold(&f.text, 0, true).text,
                    )
                })
                .collect();
            for v in &term.variants {
                let cased = fold(v.text.trim(), 0, false).text;
                let lower = fold(&v.text, 0, true).text;
                let vspan = v.span.unwrap_or(at);
                if let Some((f, _, _)) = approved.iter().find(|(_, c, _)| *c == cased) {
                    let rel = self.location(f.span.unwrap_or(at));
                    let d = self.error(
                        "variant-is-approved",
                        vspan,
                        format!(
                            "variant `{}` equals the approved form `{}` of term `{}`",
                            v.text, f.text, term.id
                        ),
                    );
                    d.related = Some((rel, "approved form".to_owned()));
                    d.help = Some("remove the variant, or the approved form".to_owned());
                } else if term.case != CaseMode::Sensitive
                    && approved.iter().any(|(_, _, l)| l.trim() == lower.trim())
                {
                    self.warning(
                        "variant-differs-in-case",
                        vspan,
                        format!(
                            "variant `{}` differs from an approved form of `{}` only in case; \
                             the case check already reports wrong case",
                            v.text, term.id
                        ),
                    );
                }
            }
            if term.variants.is_empty() && term.admitted.is_empty() && term.source.is_empty() {
                self.warning(
                    "only-near-misses",
                    term.preferred.span.unwrap_or(at),
                    format!(
                        "term `{}` has no variants, admitted or source forms: it can only \
                         yield near-miss findings",
                        term.id
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
[glossary]
name = "T"
language = "en"

[defaults]
severity = "error"

[[term]]
preferred = "indivisible security"
variants = ["indivisibility of security"]
examples.good = ["indivisible security"]
examples.bad = ["indivisibility of security"]
"#;

    fn diags(text: &str) -> Vec<String> {
        parse("g.toml", text)
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{} {} {}",
                    d.location.line,
                    d.location.column,
                    d.level.as_str(),
                    d.code,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn loads_a_valid_glossary() {
        let l = parse("g.toml", OK);
        let g = l.glossary.unwrap();
        assert_eq!(g.name, "T");
        assert_eq!(g.terms.len(), 1);
        let t = &g.terms[0];
        assert_eq!(t.id, "indivisible-security");
        assert_eq!(t.severity, Severity::Error);
        assert_eq!(t.examples.bad.len(), 1);
        assert!(l.diagnostics.is_empty());
    }

    #[test]
    fn unknown_key_suggests() {
        let text = OK.replace("variants =", "varaints =");
        let d = diags(&text);
        assert!(
            d.iter()
                .any(|s| s.starts_with("11:1:error unknown-key did you mean `variants`?")),
            "{d:?}"
        );
    }

    #[test]
    fn syntax_error_has_position() {
        let d = diags("[glossary]\nname = \"x\nlanguage = \"en\"\n");
        assert!(d[0].starts_with("2:"), "{d:?}");
        assert!(d[0].contains("toml-syntax"));
    }

    #[test]
    fn rejections() {
        let cases = [
            (
                OK.replace("preferred = \"indivisible security\"", "preferred = \"\""),
                "empty-value",
            ),
            (
                OK.replace("preferred = \"indivisible security\"\n", ""),
                "missing-key",
            ),
            (OK.replace("\"error\"", "\"fatal\""), "invalid-value"),
            (
                OK.replace(
                    "[\"indivisibility of security\"]",
                    "[\"Indivisible\u{00A0}security\"]",
                ),
                "variant-differs-in-case",
            ),
            (
                OK.replace(
                    "[\"indivisibility of security\"]",
                    "[\"indivisible  security\"]",
                ),
                "variant-is-approved",
            ),
            (
                format!("{OK}\n[[term]]\nid = \"indivisible-security\"\npreferred = \"x\"\n"),
                "duplicate-id",
            ),
            (OK.replace("name = \"T\"\n", ""), "missing-key"),
            (OK.replace("variants = [", "variants = [1, "), "wrong-type"),
        ];
        for (text, code) in cases {
            let d = diags(&text);
            assert!(d.iter().any(|s| s.contains(code)), "{code}: {d:?}");
        }
    }

    #[test]
    fn case_value_suggestion() {
        let text = OK.replace("severity = \"error\"", "case = \"smrt\"");
        let d = diags(&text);
        assert!(
            d.iter().any(|s| s.contains("did you mean `smart`?")),
            "{d:?}"
        );
    }
}
