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

use crate::glossary::{CaseMode, Defaults, Form, Glossary, Term, format_toml, slug};
use crate::maintain::mine::toml_string;
use crate::text::fold;

/// What an import produced.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The glossary (spans are empty: it did not come from TOML).
    pub glossary: Glossary,
    /// What the source held that the glossary format cannot (or this
    /// importer does not) carry, one line each, with counts.
    pub unmapped: Vec<String>,
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
    fn at(message: impl Into<String>, text: &str, offset: usize) -> Self {
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

    fn plain(message: impl Into<String>) -> Self {
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exceptions: Vec<String>,
    /// Bad examples of a term with no variant to hang them on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    bad_examples: Vec<String>,
}

impl Settings {
    fn of(t: &Term, d: &Defaults, bad_on_term: bool) -> Self {
        Self {
            severity: (t.severity != d.severity).then(|| t.severity.as_str().to_owned()),
            case: (t.case != d.case).then(|| t.case.as_str().to_owned()),
            inflections: (t.inflections != d.inflections).then_some(t.inflections),
            fuzzy: (t.fuzzy != d.fuzzy).then_some(t.fuzzy),
            exceptions: t.exceptions.iter().map(|f| f.text.clone()).collect(),
            bad_examples: if bad_on_term {
                t.examples.bad.iter().map(|f| f.text.clone()).collect()
            } else {
                Vec::new()
            },
        }
    }

    fn apply(&self, t: &mut Term) {
        if let Some(s) = self.severity.as_deref().and_then(|s| s.parse().ok()) {
            t.severity = s;
        }
        if let Some(c) = self.case.as_deref().and_then(CaseMode::parse) {
            t.case = c;
        }
        if let Some(i) = self.inflections {
            t.inflections = i;
        }
        if let Some(f) = self.fuzzy {
            t.fuzzy = f;
        }
        t.exceptions.extend(self.exceptions.iter().map(Form::new));
        t.examples
            .bad
            .extend(self.bad_examples.iter().map(Form::new));
    }

    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
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
    if *d != base {
        s.push_str("\n[defaults]\n");
        s.push_str(&format!("severity = \"{}\"\n", d.severity.as_str()));
        s.push_str(&format!("case = \"{}\"\n", d.case.as_str()));
        s.push_str(&format!("inflections = {}\n", d.inflections));
        s.push_str(&format!("fuzzy = {}\n", d.fuzzy));
    }
    let list = |v: &[Form]| {
        format!(
            "[{}]",
            v.iter()
                .map(|f| toml_string(&f.text))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    for t in &g.terms {
        s.push_str("\n[[term]]\n");
        s.push_str(&format!("id = {}\n", toml_string(&t.id)));
        s.push_str(&format!("preferred = {}\n", toml_string(&t.preferred.text)));
        for (k, v) in [
            ("admitted", &t.admitted),
            ("variants", &t.variants),
            ("exceptions", &t.exceptions),
            ("source", &t.source),
        ] {
            if !v.is_empty() {
                s.push_str(&format!("{k} = {}\n", list(v)));
            }
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
        if let Some(n) = &t.note {
            s.push_str(&format!("note = {}\n", toml_string(n)));
        }
        if let Some(r) = &t.reference {
            s.push_str(&format!("reference = {}\n", toml_string(r)));
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

/// Drops forms that would make the glossary invalid (a form claimed by an
/// earlier term, a variant equal to an approved form) and makes ids
/// unique, reporting each change in `unmapped`.
fn sanitize(g: &mut Glossary, unmapped: &mut Vec<String>) {
    let key = |s: &str| fold(s.trim(), 0, true).text;
    let mut claimed: HashSet<String> = HashSet::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut dropped = 0;
    // A concept whose preferred form an earlier one already claims would
    // make the glossary invalid: it is left out, and counted.
    let before = g.terms.len();
    g.terms.retain(|t| {
        let k = key(&t.preferred.text);
        let new = !claimed.contains(&k);
        if new {
            claimed.extend(t.forms().map(|(_, f)| key(&f.text)));
        }
        new
    });
    let skipped = before - g.terms.len();
    claimed.clear();
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
        let mine: HashSet<String> = std::iter::once(&t.preferred)
            .chain(&t.admitted)
            .map(|f| key(&f.text))
            .collect();
        t.admitted.retain(|f| {
            let k = key(&f.text);
            let keep = !claimed.contains(&k) && k != key(&t.preferred.text);
            dropped += usize::from(!keep);
            keep
        });
        t.variants.retain(|f| {
            let k = key(&f.text);
            let keep = !claimed.contains(&k) && !mine.contains(&k);
            dropped += usize::from(!keep);
            keep
        });
        claimed.extend(t.forms().map(|(_, f)| key(&f.text)));
    }
    if skipped > 0 {
        unmapped.push(format!(
            "{skipped} concept(s) skipped: their preferred term is already a term of an earlier concept"
        ));
    }
    if dropped > 0 {
        unmapped.push(format!(
            "{dropped} form(s) dropped: already a form of another term, or a variant equal to an approved form"
        ));
    }
}
