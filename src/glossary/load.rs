//! TOML → [`Glossary`], with every rejection pointing at file:line:col.
//!
//! The document is walked with `toml_edit` rather than deserialized with
//! serde so that every key and value keeps its span, unknown keys get a
//! did-you-mean, and all problems of a file are reported in one run.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::Arc;

use toml_edit::{Item, TableLike, Value};

use super::model::{
    CaseMode, Defaults, DeriveSwitches, Examples, ExceptionRule, Form, Glossary, Group, Term, slug,
};
use crate::date::{Date, DateRange};
use crate::finding::diagnostic::{Diagnostic, did_you_mean};
use crate::finding::toml_check::{TomlCheck, span_of};
use crate::finding::{Severity, Span};
use crate::text::fold;

/// Top-level tables.
pub const ROOT_KEYS: &[&str] = &["glossary", "defaults", "term", "group"];
/// Keys of `[glossary]`.
pub const GLOSSARY_KEYS: &[&str] = &[
    "name",
    "language",
    "source_language",
    "version",
    "description",
    "format",
    "pack",
    "authority",
    "extends",
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
    "avoid",
    "exceptions",
    "exception_rules",
    "source",
    "valid_from",
    "valid_until",
    "severity",
    "case",
    "fix",
    "consistent",
    "inflections",
    "fuzzy",
    "derive_hyphenation",
    "derive_spelling",
    "derive_romanization",
    "note",
    "rationale",
    "sources",
    "reference",
    "tags",
    "examples",
];
/// Keys of a form written as a table (format 1.1).
pub const FORM_KEYS: &[&str] = &["form", "valid_from", "valid_until", "case", "fix"];
/// Keys of `[[group]]`.
pub const GROUP_KEYS: &[&str] = &["id", "forms", "note", "severity"];
/// Values of `[glossary] format`.
pub const FORMATS: &[&str] = &["1", "1.1"];
/// Keys of a term's `examples`.
pub const EXAMPLE_KEYS: &[&str] = &["good", "bad"];
const SEVERITIES: &[&str] = &["error", "warning", "info"];
const CASES: &[&str] = &["smart", "insensitive", "sensitive", "strict"];

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
    let mut cx = Cx::new(path, &source);
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

/// The shared TOML checks and the glossary's own structure.
type Cx<'a> = TomlCheck<'a>;

impl Cx<'_> {
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
        if let Some((key, item)) = root.get_key_value("group") {
            let defaults = g.defaults;
            for (t, span) in self.tables(key.span(), item, "group") {
                if let Some(group) = self.group(t, span, &defaults) {
                    g.groups.push(group);
                }
            }
        }
        Some(g)
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
        if let Some((f, span)) = self.string(t, "format") {
            if FORMATS.contains(&f.as_str()) {
                g.format = Some(f);
            } else {
                self.bad_value(span, "format", &f, FORMATS);
            }
        }
        g.pack = self.string(t, "pack").map(|s| s.0);
        g.authority = self.string(t, "authority").map(|s| s.0);
        g.extends = self
            .forms(t, "extends", false)
            .into_iter()
            .map(|f| f.text)
            .collect();
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
        for (t, span) in self.tables(key_span, item, "term") {
            if let Some(term) = self.term(t, span, &g.defaults) {
                g.terms.push(term);
            }
        }
    }

    /// The tables of an array of tables (`[[term]]`, `[[group]]`).
    fn tables<'i>(
        &mut self,
        key_span: Option<Range<usize>>,
        item: &'i Item,
        what: &str,
    ) -> Vec<(&'i dyn TableLike, Span)> {
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
                            format!("each `{what}` must be a table"),
                        );
                    }
                }
            }
        } else {
            self.error(
                "wrong-type",
                span_of(key_span),
                format!("`{what}` must be an array of tables"),
            )
            .help = Some(format!("write each {what} as a `[[{what}]]` table"));
        }
        tables
    }

    fn group(&mut self, t: &dyn TableLike, header: Span, d: &Defaults) -> Option<Group> {
        self.unknown_keys(t, GROUP_KEYS, "[[group]]");
        let forms = self.forms(t, "forms", false);
        if forms.len() < 2 {
            self.error(
                "bad-value",
                header,
                "a `[[group]]` needs at least two `forms` that must not mix",
            )
            .help = Some("e.g. `forms = [\"ceasefire\", \"cease-fire\"]`".to_owned());
            return None;
        }
        let id = match self.string(t, "id") {
            Some((id, span)) if id.trim().is_empty() => {
                self.error("empty-value", span, "`id` must not be empty");
                return None;
            }
            Some((id, _)) => id,
            None => slug(&forms[0].text),
        };
        Some(Group {
            id,
            forms,
            note: self.string(t, "note").map(|s| s.0),
            severity: self.severity(t).unwrap_or(d.severity),
            span: Some(header),
        })
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
                Form::at(text, span)
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
        term.admitted = self.forms(t, "admitted", true);
        term.variants = self.forms(t, "variants", true);
        term.avoid = self.forms(t, "avoid", true);
        term.exceptions = self.forms(t, "exceptions", false);
        term.exception_rules = self.exception_rules(t);
        term.source = self.forms(t, "source", false);
        term.valid = self.range(t, header);
        term.severity = self.severity(t).unwrap_or(d.severity);
        term.case = self.case(t).unwrap_or(d.case);
        term.fix = self.boolean(t, "fix").unwrap_or(true);
        term.consistent = self.boolean(t, "consistent").unwrap_or(false);
        term.inflections = self.boolean(t, "inflections").unwrap_or(d.inflections);
        term.fuzzy = self.boolean(t, "fuzzy").unwrap_or(d.fuzzy);
        term.derive = self.derive_switches(t, d.derive);
        term.note = self.string(t, "note").map(|s| s.0);
        term.reference = self.string(t, "reference").map(|s| s.0);
        term.rationale = self.string(t, "rationale").map(|s| s.0);
        term.sources = self
            .forms(t, "sources", false)
            .into_iter()
            .map(|f| f.text)
            .collect();
        term.tags = self
            .forms(t, "tags", false)
            .into_iter()
            .map(|f| f.text)
            .collect();
        if let Some((key, item)) = t.get_key_value("examples") {
            match item.as_table_like() {
                Some(ex) => {
                    self.unknown_keys(ex, EXAMPLE_KEYS, "`examples`");
                    term.examples = Examples {
                        good: self.forms(ex, "good", false),
                        bad: self.forms(ex, "bad", false),
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

    /// `valid_from` / `valid_until` of a term or form table.
    fn range(&mut self, t: &dyn TableLike, at: Span) -> DateRange {
        let date = |cx: &mut Self, key: &str| -> Option<Date> {
            let (s, span) = cx.string(t, key)?;
            match Date::parse(s.trim()) {
                Ok(d) => Some(d),
                Err(msg) => {
                    cx.error("invalid-value", span, format!("`{key}`: {msg}"))
                        .help = Some(format!("e.g. `{key} = \"2022-06-01\"`"));
                    None
                }
            }
        };
        let r = DateRange {
            from: date(self, "valid_from"),
            until: date(self, "valid_until"),
        };
        if r.is_empty() {
            let span = t
                .get_key_value("valid_until")
                .map_or(at, |(_, i)| span_of(i.span()));
            self.error(
                "empty-range",
                span,
                format!("`valid_until` {} is not after `valid_from`", r.describe()),
            )
            .help = Some("`valid_from` is the first day in force, `valid_until` the first day no longer in force".to_owned());
        }
        r
    }

    fn exception_rules(&mut self, t: &dyn TableLike) -> Vec<ExceptionRule> {
        let names: Vec<&str> = ExceptionRule::ALL.iter().map(|r| r.as_str()).collect();
        let mut out = Vec::new();
        for f in self.forms(t, "exception_rules", false) {
            match ExceptionRule::parse(f.text.trim()) {
                Some(r) if !out.contains(&r) => out.push(r),
                Some(_) => {}
                None => {
                    let span = f.span.unwrap_or_default();
                    let help = match did_you_mean(&f.text, &names) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("use one of: {}", names.join(", ")),
                    };
                    self.error(
                        "invalid-value",
                        span,
                        format!("unknown exception rule `{}`", f.text),
                    )
                    .help = Some(help);
                }
            }
        }
        out
    }

    /// A form written as a table: `{ form, valid_from, valid_until, case, fix }`.
    fn form_table(&mut self, key: &str, t: &dyn TableLike, span: Span) -> Option<Form> {
        self.unknown_keys(t, FORM_KEYS, &format!("a form of `{key}`"));
        let Some((text, fspan)) = self.string(t, "form") else {
            if t.get_key_value("form").is_none() {
                self.error(
                    "missing-key",
                    span,
                    format!("a form table in `{key}` has no `form`"),
                )
                .help = Some("write `{ form = \"...\", ... }`".to_owned());
            }
            return None;
        };
        if text.trim().is_empty() {
            self.error("empty-value", fspan, format!("empty form in `{key}`"));
            return None;
        }
        Some(Form {
            text,
            span: Some(fspan),
            valid: self.range(t, span),
            case: self.case(t),
            fix: self.boolean(t, "fix"),
        })
    }

    /// An array of strings; with `tables`, entries may also be form tables.
    fn forms(&mut self, t: &dyn TableLike, key: &str, tables: bool) -> Vec<Form> {
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
                        out.push(Form::at(text, span));
                    }
                }
                Value::InlineTable(it) if tables => {
                    out.extend(self.form_table(key, it, span));
                }
                _ if tables => {
                    self.error(
                        "wrong-type",
                        span,
                        format!("`{key}` must hold strings or form tables"),
                    )
                    .help = Some(
                        "write `\"form\"` or `{ form = \"...\", valid_from = \"YYYY-MM-DD\" }`"
                            .to_owned(),
                    );
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
            for v in term.variants.iter().chain(&term.avoid) {
                let cased = fold(v.text.trim(), 0, false).text;
                let lower = fold(&v.text, 0, true).text;
                let vspan = v.span.unwrap_or(at);
                let sensitive = v.case.unwrap_or(term.case) == CaseMode::Sensitive;
                // A variant may spell an approved form of another period.
                if let Some((f, _, _)) = approved
                    .iter()
                    .find(|(f, c, _)| *c == cased && f.valid.overlaps(&v.valid))
                {
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
                } else if !sensitive
                    && term.case != CaseMode::Strict
                    && approved
                        .iter()
                        .any(|(f, _, l)| l.trim() == lower.trim() && f.valid.overlaps(&v.valid))
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
            if term.variants.is_empty()
                && term.admitted.is_empty()
                && term.avoid.is_empty()
                && term.source.is_empty()
                && term.case != CaseMode::Strict
            {
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
        for term in &g.terms {
            let at = term.span.unwrap_or_default();
            if term.consistent && term.admitted.is_empty() {
                self.warning(
                    "consistent-without-admitted",
                    at,
                    format!(
                        "term `{}` is `consistent` but has no admitted forms: there is nothing to mix",
                        term.id
                    ),
                );
            }
            if !term.exception_rules.is_empty()
                && term.variants.is_empty()
                && term.avoid.is_empty()
                && !term.admitted.iter().any(|f| !f.valid.is_always())
            {
                self.warning(
                    "rules-without-variants",
                    at,
                    format!(
                        "term `{}` has `exception_rules` but no variants or forms to avoid: the rules never apply",
                        term.id
                    ),
                );
            }
        }
        let mut group_ids: HashMap<&str, Span> = HashMap::default();
        for group in &g.groups {
            let at = group.span.unwrap_or_default();
            if let Some(first) = group_ids.get(group.id.as_str()) {
                let rel = self.location(*first);
                let d = self.error(
                    "duplicate-id",
                    at,
                    format!("duplicate group id `{}`", group.id),
                );
                d.related = Some((rel, "first defined here".to_owned()));
                d.help = Some("give each group a unique `id`".to_owned());
            } else {
                group_ids.insert(&group.id, at);
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

    const V11: &str = r#"
[glossary]
name = "UN"
language = "en"
format = "1.1"
pack = "un"
authority = "UNTERM"
extends = ["default"]

[[term]]
id = "turkiye"
preferred = "Türkiye"
admitted = [{ form = "Republic of Türkiye", valid_from = "2022-06-01" }]
variants = [{ form = "Turkey", valid_from = "2022-06-01", case = "sensitive", fix = true }, "Turkiye"]
avoid = ["Turkish Republic"]
exceptions = ["Turkey Point"]
exception_rules = ["followed-by-capitalized", "in-quotation"]
valid_from = "2000-01-01"
valid_until = "2100-01-01"
fix = false
consistent = true
note = "Write 'Türkiye'."
rationale = "UN note of 1 June 2022."
sources = ["UNTERM"]

[[group]]
id = "ceasefire-spelling"
forms = ["ceasefire", "cease-fire"]
note = "Pick one."
severity = "info"
"#;

    #[test]
    fn loads_format_1_1() {
        let l = parse("g.toml", V11);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let g = l.glossary.unwrap();
        assert_eq!(g.format.as_deref(), Some("1.1"));
        assert_eq!(g.pack.as_deref(), Some("un"));
        assert_eq!(g.authority.as_deref(), Some("UNTERM"));
        assert_eq!(g.extends, ["default"]);
        let t = &g.terms[0];
        let v = &t.variants[0];
        assert_eq!(v.text, "Turkey");
        assert_eq!(v.valid.from, Date::parse("2022-06-01").ok());
        assert_eq!(v.case, Some(CaseMode::Sensitive));
        assert_eq!(v.fix, Some(true));
        assert!(!t.variants[1].has_settings());
        assert_eq!(t.admitted[0].valid.from, Date::parse("2022-06-01").ok());
        assert_eq!(t.avoid[0].text, "Turkish Republic");
        assert_eq!(
            t.exception_rules,
            [
                ExceptionRule::FollowedByCapitalized,
                ExceptionRule::InQuotation
            ]
        );
        assert_eq!(t.valid.until, Date::parse("2100-01-01").ok());
        assert!(!t.fix && t.consistent);
        assert_eq!(t.rationale.as_deref(), Some("UN note of 1 June 2022."));
        assert_eq!(t.sources, ["UNTERM"]);
        assert_eq!(g.groups[0].id, "ceasefire-spelling");
        assert_eq!(g.groups[0].forms.len(), 2);
        assert_eq!(g.groups[0].severity, Severity::Info);
    }

    #[test]
    fn rejects_bad_1_1_values() {
        let cases = [
            (
                V11.replace("\"2022-06-01\", case", "\"2022-6-1\", case"),
                "",
                "invalid-value",
            ),
            (
                V11.replace("\"2100-01-01\"", "\"1999-01-01\""),
                "",
                "empty-range",
            ),
            (
                V11.replace("\"in-quotation\"", "\"in-quotes\""),
                "did you mean `in-quotation`",
                "invalid-value",
            ),
            (
                V11.replace("case = \"sensitive\"", "kase = \"sensitive\""),
                "did you mean `case`",
                "unknown-key",
            ),
            (V11.replace("{ form = \"Turkey\",", "{"), "", "missing-key"),
            (
                V11.replace("format = \"1.1\"", "format = \"2\""),
                "",
                "invalid-value",
            ),
            (
                V11.replace(
                    "exceptions = [\"Turkey Point\"]",
                    "exceptions = [{ form = \"x\" }]",
                ),
                "",
                "wrong-type",
            ),
            (V11.replace("\"cease-fire\"", ""), "", "bad-value"),
            (
                format!("{V11}[[group]]\nid = \"ceasefire-spelling\"\nforms = [\"a\", \"b\"]\n"),
                "",
                "duplicate-id",
            ),
        ];
        for (text, help, code) in cases {
            let d = diags(&text);
            assert!(
                d.iter().any(|s| s.contains(code) && s.contains(help)),
                "{code}: {d:?}"
            );
        }
    }

    #[test]
    fn a_variant_may_equal_an_approved_form_of_another_period() {
        let text = OK.replace(
            "variants = [\"indivisibility of security\"]",
            "admitted = [{ form = \"equal security\", valid_until = \"2000-01-01\" }]\n\
             variants = [{ form = \"equal security\", valid_from = \"2000-01-01\" }]",
        );
        assert!(diags(&text).is_empty(), "{:?}", diags(&text));
        let overlapping =
            text.replace("valid_from = \"2000-01-01\"", "valid_from = \"1999-01-01\"");
        assert!(
            diags(&overlapping)
                .iter()
                .any(|s| s.contains("variant-is-approved"))
        );
    }

    #[test]
    fn warns_about_1_1_settings_that_do_nothing() {
        let text = OK.replace(
            "variants = [\"indivisibility of security\"]",
            "consistent = true\nexception_rules = [\"in-quotation\"]",
        );
        let d = diags(&text);
        assert!(
            d.iter()
                .any(|s| s.contains("warning consistent-without-admitted")),
            "{d:?}"
        );
        assert!(
            d.iter()
                .any(|s| s.contains("warning rules-without-variants")),
            "{d:?}"
        );
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
