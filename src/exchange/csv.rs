//! CSV exchange: one row per form.
//!
//! Columns: `term_id, status, language, form, note, reference, tags,
//! severity, case, inflections, fuzzy`. `status` is `preferred`, `admitted`, `variant`,
//! `avoid`, `exception`, `source`, `example-good` or `example-bad`; term-level
//! columns are filled on the `preferred` row. Import also accepts the
//! spellings termbase exports use (`id`/`concept_id`, `term`, `type`,
//! `lang`, `deprecated`/`superseded`/`rejected` for variants) and reports
//! columns it does not know.

use std::collections::BTreeMap;

use super::{ExchangeError, Imported, sanitize};
use crate::glossary::{CaseMode, Form, Glossary, Term};

/// The header written by [`export`].
pub const HEADER: [&str; 11] = [
    "term_id",
    "status",
    "language",
    "form",
    "note",
    "reference",
    "tags",
    "severity",
    "case",
    "inflections",
    "fuzzy",
];

/// Writes a glossary as CSV.
pub fn export(g: &Glossary) -> Result<String, ExchangeError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| ExchangeError::plain(format!("cannot write CSV: {e}"));
    w.write_record(HEADER).map_err(fail)?;
    let src = g.source_language.as_deref().unwrap_or("");
    for t in &g.terms {
        let tags = t.tags.join("; ");
        w.write_record([
            t.id.as_str(),
            "preferred",
            g.language.as_str(),
            t.preferred.text.as_str(),
            t.note.as_deref().unwrap_or(""),
            t.reference.as_deref().unwrap_or(""),
            tags.as_str(),
            t.severity.as_str(),
            t.case.as_str(),
            if t.inflections { "true" } else { "false" },
            if t.fuzzy { "true" } else { "false" },
        ])
        .map_err(fail)?;
        let rows = [
            ("admitted", g.language.as_str(), &t.admitted),
            ("variant", g.language.as_str(), &t.variants),
            ("avoid", g.language.as_str(), &t.avoid),
            ("exception", g.language.as_str(), &t.exceptions),
            ("source", src, &t.source),
            ("example-good", g.language.as_str(), &t.examples.good),
            ("example-bad", g.language.as_str(), &t.examples.bad),
        ];
        for (status, lang, forms) in rows {
            for f in forms.iter() {
                w.write_record([
                    t.id.as_str(),
                    status,
                    lang,
                    f.text.as_str(),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ])
                .map_err(fail)?;
            }
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ExchangeError::plain(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| ExchangeError::plain(format!("cannot write CSV: {e}")))
}

/// Options of a CSV import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Glossary name (default "Imported termbase").
    pub name: Option<String>,
    /// Language of the checked text (default: the language of the first
    /// `preferred` row, else `en`).
    pub language: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Id,
    Status,
    Language,
    Form,
    Note,
    Reference,
    Tags,
    Severity,
    Case,
    Inflections,
    Fuzzy,
}

fn column(name: &str) -> Option<Col> {
    let n = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    Some(match n.as_str() {
        "term_id" | "id" | "concept_id" | "concept" | "entry_id" => Col::Id,
        "status" | "type" | "term_status" | "administrative_status" => Col::Status,
        "language" | "lang" | "language_code" | "xml_lang" => Col::Language,
        "form" | "term" | "text" => Col::Form,
        "note" | "definition" => Col::Note,
        "reference" | "source_reference" => Col::Reference,
        "tags" | "tag" | "subject_field" | "subject" | "domain" => Col::Tags,
        "severity" => Col::Severity,
        "case" => Col::Case,
        "inflections" => Col::Inflections,
        "fuzzy" => Col::Fuzzy,
        _ => return None,
    })
}

/// Reads CSV (with a header row) into a glossary.
pub fn import(text: &str, opts: &ImportOptions) -> Result<Imported, ExchangeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = r
        .headers()
        .map_err(|e| ExchangeError::at(format!("cannot read the CSV header: {e}"), text, 0))?
        .clone();
    let mut cols: Vec<Option<Col>> = Vec::new();
    let mut notes = Vec::new();
    for h in headers.iter() {
        let c = column(h);
        if c.is_none() && !h.trim().is_empty() {
            notes.push(format!(
                "column `{h}` not mapped (no glossary field for it)"
            ));
        }
        cols.push(c);
    }
    for (need, what) in [(Col::Id, "term_id"), (Col::Form, "form")] {
        if !cols.contains(&Some(need)) {
            return Err(ExchangeError::at(
                format!(
                    "the CSV has no `{what}` column; the header must name at least `term_id` and `form`"
                ),
                text,
                0,
            ));
        }
    }
    let mut order: Vec<String> = Vec::new();
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    let mut pending: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut language = opts.language.clone();
    let mut source_language: Option<String> = None;
    let mut unknown_status: BTreeMap<String, usize> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            ExchangeError {
                message: format!("malformed CSV: {e}"),
                line: Some(line),
                column: None,
            }
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let get = |c: Col| -> String {
            cols.iter()
                .position(|x| *x == Some(c))
                .and_then(|i| rec.get(i))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let id = get(Col::Id);
        let form = get(Col::Form);
        if id.is_empty() || form.is_empty() {
            if !rec.iter().all(|f| f.trim().is_empty()) {
                notes.push(format!(
                    "line {line}: row without `term_id` or `form` skipped"
                ));
            }
            continue;
        }
        let status = get(Col::Status).to_ascii_lowercase();
        let lang = get(Col::Language);
        let is_preferred = status == "preferred" || status.starts_with("preferredterm");
        if is_preferred && language.is_none() {
            language = Some(if lang.is_empty() {
                "en".to_owned()
            } else {
                lang.clone()
            });
        }
        let target = language
            .as_deref()
            .is_some_and(|l| lang.is_empty() || lang.eq_ignore_ascii_case(l));
        if is_preferred && target {
            if !terms.contains_key(&id) {
                order.push(id.clone());
            }
            let t = terms
                .entry(id.clone())
                .or_insert_with(|| Term::new(form.clone()));
            t.id = id.clone();
            t.preferred = Form::new(form);
            let note = get(Col::Note);
            t.note = (!note.is_empty()).then_some(note);
            let reference = get(Col::Reference);
            t.reference = (!reference.is_empty()).then_some(reference);
            t.tags = get(Col::Tags)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if let Ok(s) = get(Col::Severity).parse() {
                t.severity = s;
            }
            if let Some(c) = CaseMode::parse(&get(Col::Case)) {
                t.case = c;
            }
            if let Ok(b) = get(Col::Inflections).parse() {
                t.inflections = b;
            }
            if let Ok(b) = get(Col::Fuzzy).parse() {
                t.fuzzy = b;
            }
        } else {
            pending
                .entry(id)
                .or_default()
                .push((status, format!("{lang}\u{0}{form}")));
        }
    }
    let language = language.unwrap_or_else(|| "en".to_owned());
    let mut orphans = 0;
    for (id, rows) in pending {
        let Some(t) = terms.get_mut(&id) else {
            orphans += rows.len();
            continue;
        };
        for (status, packed) in rows {
            let (lang, form) = packed.split_once('\u{0}').unwrap_or(("", packed.as_str()));
            let f = Form::new(form);
            let other_lang = !lang.is_empty() && !lang.eq_ignore_ascii_case(&language);
            if status == "source" || (other_lang && !status.starts_with("example")) {
                if other_lang {
                    source_language.get_or_insert_with(|| lang.to_owned());
                }
                t.source.push(f);
                continue;
            }
            match status.as_str() {
                "admitted" | "admittedterm-admn-sts" | "" => t.admitted.push(f),
                "variant"
                | "deprecated"
                | "superseded"
                | "rejected"
                | "forbidden"
                | "deprecatedterm-admn-sts"
                | "supersededterm-admn-sts" => t.variants.push(f),
                "avoid" => t.avoid.push(f),
                "exception" => t.exceptions.push(f),
                "example-good" => t.examples.good.push(f),
                "example-bad" => t.examples.bad.push(f),
                other => {
                    *unknown_status.entry(other.to_owned()).or_default() += 1;
                    t.admitted.push(f);
                }
            }
        }
    }
    if orphans > 0 {
        notes.push(format!(
            "{orphans} row(s) skipped: their term has no `preferred` row"
        ));
    }
    for (s, n) in unknown_status {
        notes.push(format!(
            "{n} row(s) with unknown status `{s}` mapped to `admitted`"
        ));
    }
    let mut g = Glossary::new(
        opts.name
            .clone()
            .unwrap_or_else(|| "Imported termbase".to_owned()),
        language,
    );
    g.source_language = source_language;
    g.terms = order
        .into_iter()
        .filter_map(|id| terms.remove(&id))
        .collect();
    sanitize(&mut g, &mut notes);
    Ok(Imported {
        glossary: g,
        unmapped: notes,
    })
}
