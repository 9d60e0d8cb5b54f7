//! CSV exchange: one row per form.
//!
//! Columns: `term_id, status, language, form, note, reference, tags,
//! severity, case, inflections, fuzzy, valid_from, valid_until, settings`.
//! `status` is `preferred`, `admitted`, `variant`, `avoid`, `exception`,
//! `source`, `example-good` or `example-bad`; term-level columns are
//! filled on the `preferred` row. `valid_from`/`valid_until` hold the
//! term's dates on its `preferred` row and a form's own dates on the
//! form's row. `settings` holds, as JSON, what has no column of its own
//! (derive switches, `fix`, `consistent`, context rules, a form's own
//! case or fix), so an export imports back to the same glossary. The
//! maintainer-only `rationale` and `sources` are not exported. Import also accepts the
//! spellings termbase exports use (`id`/`concept_id`, `term`, `type`,
//! `lang`, `deprecated`/`superseded`/`rejected` for variants) and reports
//! columns it does not know.
//!
//! Import detects the delimiter (`,`, `;`, tab or `|`, from the header
//! row) and reads the usual termbase layouts: IATE exports (`E_ID`,
//! `L_CODE`, `T_TERM`, `T_EVALUATION`, `E_DOMAINS`), long tables with a
//! short and a formal name per row (UNTERM `short_name`/`formal_name`),
//! and wide tables with a column per language (UNTERM `English Short`,
//! `English Formal`, `Russian Short`, or `en_short`, `ru_short`). A
//! concept with no row marked preferred takes its first approved
//! target-language form as `preferred`.
//!
//! Export writes a UTF-8 BOM (so spreadsheets read the file as UTF-8;
//! opt out with [`ExportOptions::bom`]) and neutralises cells that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or CR) by prefixing `'`; import removes that prefix again.

use std::collections::BTreeMap;

use super::{ExchangeError, Imported, sanitize};
use crate::glossary::{CaseMode, Form, Glossary, Term};

/// The header written by [`export`].
pub const HEADER: [&str; 14] = [
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
    "valid_from",
    "valid_until",
    "settings",
];

/// Options of a CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// Start with a UTF-8 byte order mark (default: yes).
    pub bom: bool,
    /// Field delimiter (default `,`).
    pub delimiter: u8,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            bom: true,
            delimiter: b',',
        }
    }
}

/// A cell a spreadsheet would evaluate, made inert with a leading `'`.
fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes [`neutralise`].
fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Writes a glossary as CSV with the default options.
pub fn export(g: &Glossary) -> Result<String, ExchangeError> {
    export_with(g, ExportOptions::default())
}

/// Writes a glossary as CSV.
pub fn export_with(g: &Glossary, opts: ExportOptions) -> Result<String, ExchangeError> {
    let mut w = NeutralWriter(
        csv::WriterBuilder::new()
            .delimiter(opts.delimiter)
            .from_writer(Vec::new()),
    );
    let fail = |e: csv::Error| ExchangeError::plain(format!("cannot write CSV: {e}"));
    w.write_record(HEADER).map_err(fail)?;
    let src = g.source_language.as_deref().unwrap_or("");
    for t in &g.terms {
        let tags = t.tags.join("; ");
        let (from, until) = dates(t.valid);
        let settings = super::csv_settings(t).unwrap_or_default();
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
            from.as_str(),
            until.as_str(),
            settings.as_str(),
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
                let (from, until) = dates(f.valid);
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
                    from.as_str(),
                    until.as_str(),
                    "",
                ])
                .map_err(fail)?;
            }
        }
    }
    let bytes =
        w.0.into_inner()
            .map_err(|e| ExchangeError::plain(format!("cannot write CSV: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| ExchangeError::plain(format!("cannot write CSV: {e}")))?;
    Ok(if opts.bom {
        format!("\u{FEFF}{text}")
    } else {
        text
    })
}

/// The `valid_from` and `valid_until` cells of a date range.
fn dates(r: crate::date::DateRange) -> (String, String) {
    let text = |d: Option<crate::date::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    (text(r.from), text(r.until))
}

/// A CSV writer whose every cell goes through [`neutralise`].
struct NeutralWriter(csv::Writer<Vec<u8>>);

impl NeutralWriter {
    fn write_record<'a>(&mut self, rec: impl IntoIterator<Item = &'a str>) -> csv::Result<()> {
        self.0
            .write_record(rec.into_iter().map(|c| neutralise(c).into_owned()))
    }
}

/// Options of a CSV import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Glossary name (default "Imported termbase").
    pub name: Option<String>,
    /// Language of the checked text (default: the language of the first
    /// `preferred` row, else `en`).
    pub language: Option<String>,
    /// Field delimiter (default: detected from the header row).
    pub delimiter: Option<u8>,
}

/// The delimiter of a CSV text: whichever of `,` `;` tab `|` occurs most
/// often outside quotes in its first line (`,` on a tie or none).
pub fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
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
    ValidFrom,
    ValidUntil,
    Settings,
    /// A second form in the same row (UNTERM `formal_name`): admitted.
    Formal,
}

fn column(name: &str) -> Option<Col> {
    let n = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    Some(match n.as_str() {
        "term_id" | "id" | "concept_id" | "concept" | "entry_id" | "e_id" | "record_id"
        | "iso2" => Col::Id,
        "status"
        | "type"
        | "term_status"
        | "administrative_status"
        | "t_evaluation"
        | "evaluation" => Col::Status,
        "language" | "lang" | "language_code" | "xml_lang" | "l_code" => Col::Language,
        "form" | "term" | "text" | "t_term" | "short_name" => Col::Form,
        "formal_name" => Col::Formal,
        "note" | "definition" => Col::Note,
        "reference" | "source_reference" => Col::Reference,
        "tags" | "tag" | "subject_field" | "subject" | "domain" | "e_domains" | "domains" => {
            Col::Tags
        }
        "severity" => Col::Severity,
        "case" => Col::Case,
        "inflections" => Col::Inflections,
        "fuzzy" => Col::Fuzzy,
        "valid_from" => Col::ValidFrom,
        "valid_until" => Col::ValidUntil,
        "settings" => Col::Settings,
        _ => return None,
    })
}

/// Language names in wide-layout headers ("English Short").
const LANGUAGE_NAMES: [(&str, &str); 7] = [
    ("english", "en"),
    ("french", "fr"),
    ("spanish", "es"),
    ("russian", "ru"),
    ("chinese", "zh"),
    ("arabic", "ar"),
    ("german", "de"),
];

/// A wide-layout column: its language and whether it holds the main
/// name (`Short`, `Term`, `Name`, or the bare language) or a longer one
/// (`Formal`, `Full`, `Long`).
fn language_column(name: &str) -> Option<(&'static str, bool)> {
    let n = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    let (lang, kind) = n.split_once('_').unwrap_or((n.as_str(), ""));
    let code = LANGUAGE_NAMES
        .iter()
        .find(|(full, code)| lang == *full || lang == *code)
        .map(|(_, code)| *code)?;
    match kind {
        "" | "short" | "term" | "name" | "short_name" => Some((code, true)),
        "formal" | "full" | "long" | "formal_name" | "full_name" => Some((code, false)),
        _ => None,
    }
}

/// Reads CSV (with a header row) into a glossary.
pub fn import(text: &str, opts: &ImportOptions) -> Result<Imported, ExchangeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = opts.delimiter.unwrap_or_else(|| detect_delimiter(text));
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers = r
        .headers()
        .map_err(|e| ExchangeError::at(format!("cannot read the CSV header: {e}"), text, 0))?
        .clone();
    let cols: Vec<Option<Col>> = headers.iter().map(column).collect();
    if !cols.contains(&Some(Col::Form)) {
        let wide: Vec<Option<(&str, bool)>> = headers.iter().map(language_column).collect();
        if wide.iter().any(Option::is_some) {
            return import_wide(text, r, &headers, &cols, &wide, opts);
        }
    }
    let mut notes = Vec::new();
    for (h, c) in headers.iter().zip(&cols) {
        if c.is_none() && !h.trim().is_empty() {
            notes.push(format!(
                "column `{h}` not mapped (no glossary field for it)"
            ));
        }
    }
    for (need, what) in [(Col::Id, "term_id"), (Col::Form, "form")] {
        if !cols.contains(&Some(need)) {
            return Err(ExchangeError::at(
                format!(
                    "the CSV has no `{what}` column; the header must name at least `term_id` and \
                     `form` (or a column per language, such as `English Short`)"
                ),
                text,
                0,
            ));
        }
    }
    let mut order: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    let mut pending: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut settings: Vec<(String, usize, String)> = Vec::new();
    let mut language = opts.language.clone();
    let mut source_language: Option<String> = None;
    let mut unknown_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut promoted = 0;
    // Concept-level columns of concepts with no preferred row (IATE
    // repeats them on every row).
    let mut first_tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
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
                .map(restore)
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
        if seen.insert(id.clone()) {
            order.push(id.clone());
        }
        let tags: Vec<String> = get(Col::Tags)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if !tags.is_empty() {
            first_tags.entry(id.clone()).or_insert_with(|| tags.clone());
        }
        let status = get(Col::Status).to_ascii_lowercase();
        let lang = get(Col::Language);
        let valid = date_range(&get(Col::ValidFrom), &get(Col::ValidUntil), line)?;
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
        if is_preferred && target && !terms.contains_key(&id) {
            let mut t = Term::new(form.clone());
            t.id = id.clone();
            t.preferred = Form::new(form);
            let note = get(Col::Note);
            t.note = (!note.is_empty()).then_some(note);
            let reference = get(Col::Reference);
            t.reference = (!reference.is_empty()).then_some(reference);
            t.tags = tags;
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
            t.valid = valid;
            let json = get(Col::Settings);
            if !json.is_empty() {
                settings.push((id.clone(), line, json));
            }
            terms.insert(id.clone(), t);
        } else {
            let status = if is_preferred {
                "admitted".to_owned()
            } else {
                status
            };
            pending.entry(id.clone()).or_default().push(Row {
                status,
                lang: lang.clone(),
                form,
                valid,
            });
        }
        let formal = get(Col::Formal);
        if !formal.is_empty() && formal != get(Col::Form) {
            pending.entry(id).or_default().push(Row {
                status: "admitted".to_owned(),
                lang,
                form: formal,
                valid: crate::date::DateRange::default(),
            });
        }
    }
    let language = language.unwrap_or_else(|| "en".to_owned());
    let mut orphans = 0;
    for (id, rows) in pending {
        if !terms.contains_key(&id) {
            // No preferred row: the first approved target-language form.
            let first = rows.iter().position(|r| {
                (r.lang.is_empty() || r.lang.eq_ignore_ascii_case(&language))
                    && matches!(r.status.as_str(), "" | "admitted" | "admittedterm-admn-sts")
            });
            if let Some(i) = first {
                let mut t = Term::new(rows[i].form.clone());
                t.id = id.clone();
                t.tags = first_tags.remove(&id).unwrap_or_default();
                terms.insert(id.clone(), t);
                promoted += 1;
                let rows: Vec<_> = rows
                    .into_iter()
                    .enumerate()
                    .filter(|(k, _)| *k != i)
                    .map(|(_, r)| r)
                    .collect();
                place(
                    &id,
                    rows,
                    &mut terms,
                    &language,
                    &mut source_language,
                    &mut unknown_status,
                );
                continue;
            }
        }
        if terms.contains_key(&id) {
            place(
                &id,
                rows,
                &mut terms,
                &language,
                &mut source_language,
                &mut unknown_status,
            );
        } else {
            orphans += rows.len();
        }
    }
    for (id, line, json) in settings {
        if let Some(t) = terms.get_mut(&id) {
            super::apply_csv_settings(&json, t).map_err(|e| ExchangeError {
                message: format!("the `settings` cell of term `{id}` is not valid: {e}"),
                line: Some(line),
                column: None,
            })?;
        }
    }
    if promoted > 0 {
        notes.push(format!(
            "{promoted} concept(s) without a preferred row: the first approved form became `preferred`"
        ));
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
        violations: Vec::new(),
        glossary: g,
        unmapped: notes,
    })
}

/// A non-preferred row, filed once its term is known.
struct Row {
    status: String,
    lang: String,
    form: String,
    valid: crate::date::DateRange,
}

/// The date range of a row's `valid_from` and `valid_until` cells.
fn date_range(
    from: &str,
    until: &str,
    line: usize,
) -> Result<crate::date::DateRange, ExchangeError> {
    let parse = |cell: &str, name: &str| -> Result<Option<crate::date::Date>, ExchangeError> {
        if cell.is_empty() {
            return Ok(None);
        }
        crate::date::Date::parse(cell)
            .map(Some)
            .map_err(|e| ExchangeError {
                message: format!("`{name}` `{cell}` is not a date ({e}); write YYYY-MM-DD"),
                line: Some(line),
                column: None,
            })
    };
    Ok(crate::date::DateRange {
        from: parse(from, "valid_from")?,
        until: parse(until, "valid_until")?,
    })
}

/// Files the non-preferred rows of term `id`.
fn place(
    id: &str,
    rows: Vec<Row>,
    terms: &mut BTreeMap<String, Term>,
    language: &str,
    source_language: &mut Option<String>,
    unknown_status: &mut BTreeMap<String, usize>,
) {
    let Some(t) = terms.get_mut(id) else { return };
    for Row {
        status,
        lang,
        form,
        valid,
    } in rows
    {
        let lang = lang.as_str();
        let mut f = Form::new(form);
        f.valid = valid;
        let other_lang = !lang.is_empty() && !lang.eq_ignore_ascii_case(language);
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
            | "obsolete"
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

/// A wide table: one row per concept, a column per language (and name
/// length).
fn import_wide(
    text: &str,
    mut r: csv::Reader<&[u8]>,
    headers: &csv::StringRecord,
    cols: &[Option<Col>],
    wide: &[Option<(&'static str, bool)>],
    opts: &ImportOptions,
) -> Result<Imported, ExchangeError> {
    let language = opts.language.clone().unwrap_or_else(|| "en".to_owned());
    let mut notes = Vec::new();
    for ((h, c), w) in headers.iter().zip(cols).zip(wide) {
        if c.is_none() && w.is_none() && !h.trim().is_empty() {
            notes.push(format!(
                "column `{h}` not mapped (no glossary field for it)"
            ));
        }
    }
    if !wide
        .iter()
        .flatten()
        .any(|(l, _)| l.eq_ignore_ascii_case(&language))
    {
        return Err(ExchangeError::at(
            format!("the CSV has no column for the language `{language}`"),
            text,
            0,
        ));
    }
    let source_language = wide
        .iter()
        .flatten()
        .map(|(l, _)| *l)
        .find(|l| !l.eq_ignore_ascii_case(&language))
        .map(str::to_owned);
    let mut g = Glossary::new(
        opts.name
            .clone()
            .unwrap_or_else(|| "Imported termbase".to_owned()),
        language.clone(),
    );
    g.source_language = source_language.clone();
    let mut skipped = 0;
    for rec in r.records() {
        let rec = rec.map_err(|e| ExchangeError {
            message: format!("malformed CSV: {e}"),
            line: e.position().map(|p| p.line() as usize),
            column: None,
        })?;
        let cell = |i: usize| rec.get(i).map(restore).unwrap_or("").trim().to_owned();
        let mut mains = Vec::new();
        let mut longer = Vec::new();
        let mut source = Vec::new();
        for (i, w) in wide.iter().enumerate() {
            let Some((l, main)) = w else { continue };
            let v = cell(i);
            if v.is_empty() {
                continue;
            }
            if l.eq_ignore_ascii_case(&language) {
                if *main {
                    mains.push(v);
                } else {
                    longer.push(v);
                }
            } else if source_language.as_deref() == Some(*l) && !source.contains(&v) {
                source.push(v);
            }
        }
        mains.extend(longer);
        mains.dedup();
        let mut forms = mains.into_iter();
        let Some(preferred) = forms.next() else {
            skipped += 1;
            continue;
        };
        let mut t = Term::new(preferred);
        let id = cols
            .iter()
            .position(|c| *c == Some(Col::Id))
            .map(&cell)
            .unwrap_or_default();
        t.id = if crate::glossary::is_kebab(&id.to_ascii_lowercase()) {
            id.to_ascii_lowercase()
        } else {
            String::new()
        };
        t.admitted = forms
            .filter(|f| *f != t.preferred.text)
            .map(Form::new)
            .collect();
        t.source = source.into_iter().map(Form::new).collect();
        g.terms.push(t);
    }
    if skipped > 0 {
        notes.push(format!("{skipped} row(s) skipped: no `{language}` name"));
    }
    sanitize(&mut g, &mut notes);
    Ok(Imported {
        violations: Vec::new(),
        glossary: g,
        unmapped: notes,
    })
}
