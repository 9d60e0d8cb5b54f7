//! Exchange with termbases: TBX (ISO 30042:2019, TBX-Basic dialect) and
//! CSV (one row per form), both ways.
//!
//! Import builds a [`Glossary`] and says what it could not map; export
//! writes a glossary's terms. [`to_toml`] writes any glossary as canonical
//! glossary TOML, so an imported termbase can be saved and then edited.

pub mod csv;
pub mod tbx;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::glossary::toml_string;
use crate::glossary::{CaseMode, Defaults, Form, Glossary, Term, format_toml, slug};
use crate::text::fold;

/// What an import produced.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The glossary (spans are empty: it did not come from TOML).
    pub glossary: Glossary,
    /// What the source held that the glossary format cannot (or this
    /// importer does not) carry, one line each, with counts.
    pub unmapped: Vec<String>,
    /// Dialect or structure constraints the source broke. An import
    /// returns them as its error unless it was asked to be lenient; then
    /// they are here, and what they concern was left out.
    pub violations: Vec<ExchangeError>,
}

/// An import that could not be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeError {
    /// What is wrong and what to do.
    pub message: String,
    /// 1-based line in the input, when known.
    pub line: Option<usize>,
    /// 1-based column in the input, when known.
    pub column: Option<usize>,
}

impl ExchangeError {
    pub(crate) fn at(message: impl Into<String>, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Self {
            message: message.into(),
            line: Some(line),
            column: Some(column),
        }
    }

    pub(crate) fn plain(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            line: None,
            column: None,
        }
    }
}

impl std::fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Term settings that TBX and CSV have no data category for, carried in
/// a `termcheck:` note (TBX) so a round trip loses nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inflections: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fuzzy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    derive_hyphenation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    derive_spelling: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    derive_romanization: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exceptions: Vec<String>,
    /// Bad examples of a term with no variant to hang them on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    bad_examples: Vec<String>,
    /// Format 1.1: forms to avoid, context rules, dates, `fix`, `consistent`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    avoid: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exception_rules: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    consistent: Option<bool>,
    /// Settings of single forms (dates, case, fix).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    forms: Vec<FormSettings>,
}

/// A form's own settings (format 1.1 form tables).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct FormSettings {
    form: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<bool>,
}

fn date_text(d: Option<crate::date::Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn parse_date(s: Option<&String>) -> Option<crate::date::Date> {
    s.and_then(|s| crate::date::Date::parse(s).ok())
}

impl Settings {
    fn of(t: &Term, d: &Defaults, bad_on_term: bool) -> Self {
        Self {
            severity: (t.severity != d.severity).then(|| t.severity.as_str().to_owned()),
            case: (t.case != d.case).then(|| t.case.as_str().to_owned()),
            inflections: (t.inflections != d.inflections).then_some(t.inflections),
            fuzzy: (t.fuzzy != d.fuzzy).then_some(t.fuzzy),
            derive_hyphenation: (t.derive.hyphenation != d.derive.hyphenation)
                .then_some(t.derive.hyphenation),
            derive_spelling: (t.derive.spelling != d.derive.spelling).then_some(t.derive.spelling),
            derive_romanization: (t.derive.romanization != d.derive.romanization)
                .then_some(t.derive.romanization),
            exceptions: t.exceptions.iter().map(|f| f.text.clone()).collect(),
            bad_examples: if bad_on_term {
                t.examples.bad.iter().map(|f| f.text.clone()).collect()
            } else {
                Vec::new()
            },
            avoid: t.avoid.iter().map(|f| f.text.clone()).collect(),
            exception_rules: t
                .exception_rules
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect(),
            valid_from: date_text(t.valid.from),
            valid_until: date_text(t.valid.until),
            fix: (!t.fix).then_some(false),
            consistent: t.consistent.then_some(true),
            forms: t
                .forms()
                .map(|(_, f)| f)
                .filter(|f| f.has_settings())
                .map(|f| FormSettings {
                    form: f.text.clone(),
                    valid_from: date_text(f.valid.from),
                    valid_until: date_text(f.valid.until),
                    case: f.case.map(|c| c.as_str().to_owned()),
                    fix: f.fix,
                })
                .collect(),
        }
    }

    fn apply(&self, t: &mut Term) {
        Switches {
            severity: &self.severity,
            case: &self.case,
            inflections: self.inflections,
            fuzzy: self.fuzzy,
            derive: [
                self.derive_hyphenation,
                self.derive_spelling,
                self.derive_romanization,
            ],
        }
        .apply(
            &mut t.severity,
            &mut t.case,
            &mut t.inflections,
            &mut t.fuzzy,
            &mut t.derive,
        );
        t.exceptions.extend(self.exceptions.iter().map(Form::new));
        t.examples
            .bad
            .extend(self.bad_examples.iter().map(Form::new));
        t.avoid.extend(self.avoid.iter().map(Form::new));
        t.exception_rules.extend(
            self.exception_rules
                .iter()
                .filter_map(|r| crate::glossary::ExceptionRule::parse(r)),
        );
        t.valid.from = parse_date(self.valid_from.as_ref()).or(t.valid.from);
        t.valid.until = parse_date(self.valid_until.as_ref()).or(t.valid.until);
        if let Some(f) = self.fix {
            t.fix = f;
        }
        if let Some(c) = self.consistent {
            t.consistent = c;
        }
        for fs in &self.forms {
            let forms = t
                .admitted
                .iter_mut()
                .chain(t.variants.iter_mut())
                .chain(t.avoid.iter_mut());
            for f in forms.filter(|f| f.text == fs.form) {
                f.valid.from = parse_date(fs.valid_from.as_ref()).or(f.valid.from);
                f.valid.until = parse_date(fs.valid_until.as_ref()).or(f.valid.until);
                f.case = fs.case.as_deref().and_then(CaseMode::parse).or(f.case);
                f.fix = fs.fix.or(f.fix);
            }
        }
    }

    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A term's settings that CSV has no column for (derive switches, `fix`,
/// `consistent`, context rules, a form's own case or fix), as one JSON
/// cell; `None` when there are none. Maintainer-only fields (`rationale`,
/// `sources`) are never exported.
fn csv_settings(t: &Term) -> Option<String> {
    let mut s = Settings::of(t, &Defaults::default(), false);
    s.severity = None;
    s.case = None;
    s.inflections = None;
    s.fuzzy = None;
    s.exceptions.clear();
    s.avoid.clear();
    s.valid_from = None;
    s.valid_until = None;
    for f in &mut s.forms {
        f.valid_from = None;
        f.valid_until = None;
    }
    s.forms.retain(|f| f.case.is_some() || f.fix.is_some());
    if s.is_empty() {
        return None;
    }
    serde_json::to_string(&s).ok()
}

/// Applies a [`csv_settings`] cell to an imported term.
fn apply_csv_settings(json: &str, t: &mut Term) -> Result<(), String> {
    let s: Settings = serde_json::from_str(json).map_err(|e| e.to_string())?;
    s.apply(t);
    Ok(())
}

/// The switches a term's settings note and the glossary's defaults note
/// both carry, applied the same way to a term or to `[defaults]`.
struct Switches<'a> {
    severity: &'a Option<String>,
    case: &'a Option<String>,
    inflections: Option<bool>,
    fuzzy: Option<bool>,
    /// Hyphenation, spelling, romanization.
    derive: [Option<bool>; 3],
}

impl Switches<'_> {
    fn apply(
        &self,
        severity: &mut crate::finding::Severity,
        case: &mut CaseMode,
        inflections: &mut bool,
        fuzzy: &mut bool,
        derive: &mut crate::glossary::DeriveSwitches,
    ) {
        if let Some(s) = self.severity.as_deref().and_then(|s| s.parse().ok()) {
            *severity = s;
        }
        if let Some(c) = self.case.as_deref().and_then(CaseMode::parse) {
            *case = c;
        }
        if let Some(v) = self.inflections {
            *inflections = v;
        }
        if let Some(v) = self.fuzzy {
            *fuzzy = v;
        }
        let [h, sp, r] = self.derive;
        if let Some(v) = h {
            derive.hyphenation = v;
        }
        if let Some(v) = sp {
            derive.spelling = v;
        }
        if let Some(v) = r {
            derive.romanization = v;
        }
    }
}

/// `[defaults]` (and the glossary-wide settings beside them), carried in
/// a TBX header paragraph so a round trip loses none of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct DefaultsWire {
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inflections: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fuzzy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    derive_hyphenation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    derive_spelling: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    derive_romanization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    near_miss_threshold: Option<f64>,
    /// The glossary's `source_language`, which TBX otherwise knows only
    /// from the languages of source terms (a glossary may have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    source_language: Option<String>,
}

impl DefaultsWire {
    /// What differs from the built-in defaults; `None` when nothing does.
    fn of(g: &Glossary) -> Option<Self> {
        let d = &g.defaults;
        let b = Defaults::default();
        let w = Self {
            severity: (d.severity != b.severity).then(|| d.severity.as_str().to_owned()),
            case: (d.case != b.case).then(|| d.case.as_str().to_owned()),
            inflections: (d.inflections != b.inflections).then_some(d.inflections),
            fuzzy: (d.fuzzy != b.fuzzy).then_some(d.fuzzy),
            derive_hyphenation: (d.derive.hyphenation != b.derive.hyphenation)
                .then_some(d.derive.hyphenation),
            derive_spelling: (d.derive.spelling != b.derive.spelling).then_some(d.derive.spelling),
            derive_romanization: (d.derive.romanization != b.derive.romanization)
                .then_some(d.derive.romanization),
            near_miss_threshold: g.near_miss_threshold,
            source_language: g.source_language.clone(),
        };
        (w != Self::default()).then_some(w)
    }

    fn apply(&self, g: &mut Glossary) {
        if let Some(l) = &self.source_language {
            g.source_language = Some(l.clone());
        }
        let d = &mut g.defaults;
        Switches {
            severity: &self.severity,
            case: &self.case,
            inflections: self.inflections,
            fuzzy: self.fuzzy,
            derive: [
                self.derive_hyphenation,
                self.derive_spelling,
                self.derive_romanization,
            ],
        }
        .apply(
            &mut d.severity,
            &mut d.case,
            &mut d.inflections,
            &mut d.fuzzy,
            &mut d.derive,
        );
        if self.near_miss_threshold.is_some() {
            g.near_miss_threshold = self.near_miss_threshold;
        }
    }
}

/// A term with a glossary's defaults (what a term inherits when the
/// source says nothing else).
fn term_with_defaults(preferred: String, d: &Defaults) -> Term {
    let mut t = Term::new(preferred);
    t.severity = d.severity;
    t.case = d.case;
    t.inflections = d.inflections;
    t.fuzzy = d.fuzzy;
    t.derive = d.derive;
    t
}

/// Writes a glossary as canonical glossary TOML.
pub fn to_toml(g: &Glossary) -> String {
    let mut s = String::new();
    s.push_str("[glossary]\n");
    s.push_str(&format!("name = {}\n", toml_string(&g.name)));
    s.push_str(&format!("language = {}\n", toml_string(&g.language)));
    for (k, v) in [
        ("source_language", &g.source_language),
        ("version", &g.version),
        ("description", &g.description),
    ] {
        if let Some(v) = v {
            s.push_str(&format!("{k} = {}\n", toml_string(v)));
        }
    }
    let d = &g.defaults;
    let base = Defaults::default();
    if *d != base || g.near_miss_threshold.is_some() {
        s.push_str("\n[defaults]\n");
        s.push_str(&format!("severity = \"{}\"\n", d.severity.as_str()));
        s.push_str(&format!("case = \"{}\"\n", d.case.as_str()));
        s.push_str(&format!("inflections = {}\n", d.inflections));
        s.push_str(&format!("fuzzy = {}\n", d.fuzzy));
        for (k, v, b) in derive_keys(&d.derive, &base.derive) {
            if v != b {
                s.push_str(&format!("{k} = {v}\n"));
            }
        }
        if let Some(t) = g.near_miss_threshold {
            s.push_str(&format!("near_miss_threshold = {t:?}\n"));
        }
    }
    let list = |v: &[Form]| {
        format!(
            "[{}]",
            v.iter().map(form_toml).collect::<Vec<_>>().join(", ")
        )
    };
    for t in &g.terms {
        s.push_str("\n[[term]]\n");
        s.push_str(&format!("id = {}\n", toml_string(&t.id)));
        s.push_str(&format!("preferred = {}\n", toml_string(&t.preferred.text)));
        for (k, v) in [
            ("admitted", &t.admitted),
            ("variants", &t.variants),
            ("avoid", &t.avoid),
            ("exceptions", &t.exceptions),
            ("source", &t.source),
        ] {
            if !v.is_empty() {
                s.push_str(&format!("{k} = {}\n", list(v)));
            }
        }
        if !t.exception_rules.is_empty() {
            let rules: Vec<String> = t
                .exception_rules
                .iter()
                .map(|r| toml_string(r.as_str()))
                .collect();
            s.push_str(&format!("exception_rules = [{}]\n", rules.join(", ")));
        }
        for (k, d) in [("valid_from", t.valid.from), ("valid_until", t.valid.until)] {
            if let Some(d) = d {
                s.push_str(&format!("{k} = \"{d}\"\n"));
            }
        }
        if !t.fix {
            s.push_str("fix = false\n");
        }
        if t.consistent {
            s.push_str("consistent = true\n");
        }
        if t.severity != d.severity {
            s.push_str(&format!("severity = \"{}\"\n", t.severity.as_str()));
        }
        if t.case != d.case {
            s.push_str(&format!("case = \"{}\"\n", t.case.as_str()));
        }
        if t.inflections != d.inflections {
            s.push_str(&format!("inflections = {}\n", t.inflections));
        }
        if t.fuzzy != d.fuzzy {
            s.push_str(&format!("fuzzy = {}\n", t.fuzzy));
        }
        for (k, v, b) in derive_keys(&t.derive, &d.derive) {
            if v != b {
                s.push_str(&format!("{k} = {v}\n"));
            }
        }
        if let Some(n) = &t.note {
            s.push_str(&format!("note = {}\n", toml_string(n)));
        }
        if let Some(r) = &t.reference {
            s.push_str(&format!("reference = {}\n", toml_string(r)));
        }
        if let Some(r) = &t.rationale {
            s.push_str(&format!("rationale = {}\n", toml_string(r)));
        }
        if !t.sources.is_empty() {
            let sources: Vec<Form> = t.sources.iter().map(Form::new).collect();
            s.push_str(&format!("sources = {}\n", list(&sources)));
        }
        if !t.tags.is_empty() {
            let tags: Vec<Form> = t.tags.iter().map(Form::new).collect();
            s.push_str(&format!("tags = {}\n", list(&tags)));
        }
        if !t.examples.good.is_empty() {
            s.push_str(&format!("examples.good = {}\n", list(&t.examples.good)));
        }
        if !t.examples.bad.is_empty() {
            s.push_str(&format!("examples.bad = {}\n", list(&t.examples.bad)));
        }
    }
    format_toml(&s).unwrap_or(s)
}

/// A form as TOML: a string, or a form table when it has 1.1 settings.
fn form_toml(f: &Form) -> String {
    if !f.has_settings() {
        return toml_string(&f.text);
    }
    let mut parts = vec![format!("form = {}", toml_string(&f.text))];
    if let Some(d) = f.valid.from {
        parts.push(format!("valid_from = \"{d}\""));
    }
    if let Some(d) = f.valid.until {
        parts.push(format!("valid_until = \"{d}\""));
    }
    if let Some(c) = f.case {
        parts.push(format!("case = \"{}\"", c.as_str()));
    }
    if let Some(x) = f.fix {
        parts.push(format!("fix = {x}"));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn derive_keys(
    d: &crate::glossary::DeriveSwitches,
    base: &crate::glossary::DeriveSwitches,
) -> [(&'static str, bool, bool); 3] {
    [
        ("derive_hyphenation", d.hyphenation, base.hyphenation),
        ("derive_spelling", d.spelling, base.spelling),
        ("derive_romanization", d.romanization, base.romanization),
    ]
}

/// Drops forms that would make the glossary invalid (a form claimed by an
/// earlier term, a variant equal to an approved form) and makes ids
/// unique, reporting each change in `unmapped`.
fn sanitize(g: &mut Glossary, unmapped: &mut Vec<String>) {
    let key = |s: &str| fold(s.trim(), 0, true).text;
    let mut ids: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut dropped = 0;
    let mut homographs: Vec<String> = Vec::new();
    // Terms of periods that do not overlap may share a preferred form
    // (Astana, Nur-Sultan, Astana again).
    let mut preferred: std::collections::HashMap<String, Vec<crate::date::DateRange>> =
        std::collections::HashMap::new();
    g.terms.retain(|t| {
        let k = key(&t.preferred.text);
        let periods = preferred.entry(k).or_default();
        if periods.iter().any(|r| r.overlaps(&t.valid)) {
            homographs.push(t.preferred.text.clone());
            false
        } else {
            periods.push(t.valid);
            true
        }
    });
    // Each form with the periods of the terms that claim it: a form may
    // belong to two terms whose periods do not overlap.
    let mut claims: std::collections::HashMap<String, Vec<crate::date::DateRange>> =
        std::collections::HashMap::new();
    for t in &mut g.terms {
        let mut base = if t.id.is_empty() {
            slug(&t.preferred.text)
        } else {
            t.id.clone()
        };
        if base.is_empty() {
            base = "term".to_owned();
        }
        // The next suffix to try per base id, so that n terms sharing one
        // id take O(n) tries in all, not O(n^2).
        let mut id = base.clone();
        if !ids.insert(id.clone()) {
            let n = next_suffix.entry(base.clone()).or_insert(2);
            loop {
                id = format!("{base}-{n}");
                *n += 1;
                if ids.insert(id.clone()) {
                    break;
                }
            }
        }
        t.id = id;
        let valid = t.valid;
        let claimed = |k: &String| {
            claims
                .get(k)
                .is_some_and(|rs| rs.iter().any(|r| r.overlaps(&valid)))
        };
        let mine: HashSet<String> = std::iter::once(&t.preferred)
            .chain(&t.admitted)
            .map(|f| key(&f.text))
            .collect();
        t.admitted.retain(|f| {
            let k = key(&f.text);
            let keep = !claimed(&k) && k != key(&t.preferred.text);
            dropped += usize::from(!keep);
            keep
        });
        t.variants.retain(|f| {
            let k = key(&f.text);
            let keep = !claimed(&k) && !mine.contains(&k);
            dropped += usize::from(!keep);
            keep
        });
        t.avoid.retain(|f| {
            let k = key(&f.text);
            let keep = !claimed(&k) && !mine.contains(&k);
            dropped += usize::from(!keep);
            keep
        });
        for (_, f) in t.forms() {
            claims.entry(key(&f.text)).or_default().push(valid);
        }
    }
    if !homographs.is_empty() {
        unmapped.push(format!(
            "{} concept(s) skipped: their preferred form is the preferred form of an earlier \
             concept (homographs such as a noun and a verb; merge them by hand if needed): {}",
            homographs.len(),
            homographs.join(", ")
        ));
    }
    if dropped > 0 {
        unmapped.push(format!(
            "{dropped} form(s) dropped: already a form of another term, or a variant equal to an approved form"
        ));
    }
}
