//! TBX (ISO 30042:2019), dialect TBX-Basic: export in the DCA style,
//! import from both the DCA (`<termNote type="administrativeStatus">`) and
//! the DCT (`<min:administrativeStatus>`) styles.
//!
//! Mapping: `preferredTerm-admn-sts` ↔ `preferred`, `admittedTerm-admn-sts`
//! ↔ `admitted`, `deprecatedTerm-admn-sts` ↔ `variants` (import also maps
//! `supersededTerm-admn-sts` to `variants`); terms in the source language
//! ↔ `source`; concept `<note>` ↔ `note`; `source` of the preferred term ↔
//! `reference`; `subjectField` ↔ `tags`; `context` of an approved term ↔
//! `examples.good`, of a deprecated term ↔ `examples.bad`. Settings TBX
//! has no data category for travel in a `termcheck:{json}` note.
//!
//! Security: a document type declaration is rejected (so no entity can
//! be declared, expanded or fetched), and only the five predefined XML
//! entities and character references are resolved.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::escape::{escape, partial_escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};

use super::{ExchangeError, Imported, Settings, sanitize};
use crate::glossary::{Form, Glossary, Term};

const NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";
const SETTINGS_PREFIX: &str = "termcheck:";
const BAD_EXAMPLE_PREFIX: &str = "Bad example: ";

/// Writes a glossary as TBX-Basic (DCA style).
pub fn export(g: &Glossary) -> String {
    let mut x = String::new();
    let lang = if g.language.is_empty() {
        "en"
    } else {
        &g.language
    };
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{}\" xmlns=\"{NAMESPACE}\">",
        escape(lang)
    );
    x.push_str("  <tbxHeader>\n    <fileDesc>\n");
    let _ = writeln!(
        x,
        "      <titleStmt>\n        <title>{}</title>\n      </titleStmt>",
        escape(g.name.as_str())
    );
    if let Some(v) = &g.version {
        let _ = writeln!(
            x,
            "      <publicationStmt>\n        <p>Version {}</p>\n      </publicationStmt>",
            escape(v.as_str())
        );
    }
    x.push_str("      <sourceDesc>\n");
    if let Some(d) = &g.description {
        let _ = writeln!(x, "        <p>{}</p>", escape(d.as_str()));
    }
    x.push_str("        <p>Exported by termcheck</p>\n      </sourceDesc>\n");
    x.push_str("    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n");
    for t in &g.terms {
        concept(&mut x, g, t, lang);
    }
    x.push_str("    </body>\n  </text>\n</tbx>\n");
    x
}

fn elem(x: &mut String, indent: usize, open: &str, close: &str, text: &str) {
    let _ = writeln!(
        x,
        "{:indent$}<{open}>{}</{close}>",
        "",
        partial_escape(text),
        indent = indent
    );
}

/// An XML `ID`: an NCName. Other ids are prefixed with `_` and their
/// invalid characters replaced.
fn xml_id(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

fn concept(x: &mut String, g: &Glossary, t: &Term, lang: &str) {
    let _ = writeln!(x, "      <conceptEntry id=\"{}\">", escape(xml_id(&t.id)));
    for tag in &t.tags {
        elem(x, 8, "descrip type=\"subjectField\"", "descrip", tag);
    }
    if let Some(n) = &t.note {
        elem(x, 8, "note", "note", n);
    }
    let bad_on_term = t.variants.is_empty();
    let settings = Settings::of(t, &g.defaults, bad_on_term);
    if !settings.is_empty() {
        let json = serde_json::to_string(&settings).unwrap_or_default();
        elem(x, 8, "note", "note", &format!("{SETTINGS_PREFIX}{json}"));
    }
    let _ = writeln!(x, "        <langSec xml:lang=\"{}\">", escape(lang));
    term_sec(
        x,
        &t.preferred.text,
        "preferredTerm-admn-sts",
        &t.examples.good,
        t.reference.as_deref(),
    );
    for a in &t.admitted {
        term_sec(x, &a.text, "admittedTerm-admn-sts", &[], None);
    }
    for (i, v) in t.variants.iter().enumerate() {
        let bad: &[Form] = if i == 0 { &t.examples.bad } else { &[] };
        term_sec(x, &v.text, "deprecatedTerm-admn-sts", bad, None);
    }
    x.push_str("        </langSec>\n");
    if !t.source.is_empty() {
        let sl = g.source_language.as_deref().unwrap_or("und");
        let _ = writeln!(x, "        <langSec xml:lang=\"{}\">", escape(sl));
        for s in &t.source {
            x.push_str("          <termSec>\n");
            elem(x, 12, "term", "term", &s.text);
            x.push_str("          </termSec>\n");
        }
        x.push_str("        </langSec>\n");
    }
    x.push_str("      </conceptEntry>\n");
}

fn term_sec(x: &mut String, term: &str, status: &str, contexts: &[Form], source: Option<&str>) {
    x.push_str("          <termSec>\n");
    elem(x, 12, "term", "term", term);
    elem(
        x,
        12,
        "termNote type=\"administrativeStatus\"",
        "termNote",
        status,
    );
    for c in contexts {
        elem(x, 12, "descrip type=\"context\"", "descrip", &c.text);
    }
    if let Some(s) = source {
        elem(x, 12, "admin type=\"source\"", "admin", s);
    }
    x.push_str("          </termSec>\n");
}

/// Options of a TBX import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Language of the checked text (default: the `<tbx xml:lang>`, else `en`).
    pub language: Option<String>,
    /// Language of the `source` forms (default: the first other language).
    pub source_language: Option<String>,
    /// Glossary name (default: the TBX title, else "Imported termbase").
    pub name: Option<String>,
}

#[derive(Debug, Default)]
struct TermSec {
    term: String,
    status: Option<String>,
    contexts: Vec<String>,
    sources: Vec<String>,
    notes: usize,
}

#[derive(Debug, Default)]
struct LangSec {
    lang: String,
    terms: Vec<TermSec>,
}

#[derive(Debug, Default)]
struct Concept {
    id: String,
    subjects: Vec<String>,
    notes: Vec<String>,
    /// Definitions with the language section they stand in (none: concept level).
    definitions: Vec<(Option<String>, String)>,
    langs: Vec<LangSec>,
}

/// Where text being collected goes when its element ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Title,
    HeaderP,
    Term,
    Status,
    Subject,
    Definition,
    Context,
    Source,
    Note,
}

/// The data category of an element: its `type` attribute for the DCA
/// style, its local name for the DCT style.
fn category(e: &BytesStart<'_>, local: &str) -> Result<String, quick_xml::Error> {
    if matches!(
        local,
        "descrip" | "admin" | "termNote" | "xref" | "ref" | "transac"
    ) && let Some(v) = attr(e, "type")?
    {
        return Ok(v);
    }
    Ok(local.to_owned())
}

/// An attribute's value with the predefined entities resolved.
fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, quick_xml::Error> {
    match e.try_get_attribute(name)? {
        Some(a) => Ok(Some(
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?
                .into_owned(),
        )),
        None => Ok(None),
    }
}

/// Reads TBX-Basic (DCA or DCT style) into a glossary.
pub fn import(text: &str, opts: &ImportOptions) -> Result<Imported, ExchangeError> {
    let mut reader = Reader::from_str(text);
    let mut root_lang: Option<String> = None;
    let mut dialect: Option<String> = None;
    let mut title: Option<String> = None;
    let mut header_ps: Vec<String> = Vec::new();
    let mut concepts: Vec<Concept> = Vec::new();
    let mut cur: Option<Concept> = None;
    let mut lang: Option<LangSec> = None;
    let mut tsec: Option<TermSec> = None;
    let mut slot: Option<(Slot, usize)> = None;
    let mut buf = String::new();
    let mut depth = 0usize;
    let mut in_header = false;
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let err = |e: quick_xml::Error, pos: u64| {
        ExchangeError::at(format!("malformed XML: {e}"), text, pos as usize)
    };
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| err(e, reader.error_position()))?;
        match ev {
            Event::DocType(_) => {
                return Err(ExchangeError::at(
                    "a document type declaration (<!DOCTYPE>) is not accepted: \
                     TBX needs none, and entity declarations could expand without bound; \
                     remove it",
                    text,
                    pos as usize,
                ));
            }
            Event::Start(e) => {
                depth += 1;
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let cat = category(&e, &local).map_err(|e| err(e, pos))?;
                match local.as_str() {
                    "tbx" => {
                        root_lang = attr(&e, "xml:lang").map_err(|e| err(e, pos))?;
                        dialect = attr(&e, "type").map_err(|e| err(e, pos))?;
                    }
                    "tbxHeader" => in_header = true,
                    "conceptEntry" => {
                        let id = attr(&e, "id").map_err(|e| err(e, pos))?.unwrap_or_default();
                        cur = Some(Concept {
                            id,
                            ..Concept::default()
                        });
                    }
                    "langSec" => {
                        let l = attr(&e, "xml:lang")
                            .map_err(|e| err(e, pos))?
                            .unwrap_or_default();
                        lang = Some(LangSec {
                            lang: l,
                            terms: Vec::new(),
                        });
                    }
                    "termSec" => tsec = Some(TermSec::default()),
                    _ => {}
                }
                if slot.is_none() {
                    let s = match (local.as_str(), cat.as_str()) {
                        ("title", _) if in_header => Some(Slot::Title),
                        ("p", _) if in_header => Some(Slot::HeaderP),
                        ("term", _) => Some(Slot::Term),
                        (_, "administrativeStatus") => Some(Slot::Status),
                        (_, "subjectField") => Some(Slot::Subject),
                        (_, "definition") => Some(Slot::Definition),
                        (_, "context") => Some(Slot::Context),
                        (_, "source") => Some(Slot::Source),
                        ("note", _) => Some(Slot::Note),
                        _ => None,
                    };
                    match s {
                        Some(s) => {
                            slot = Some((s, depth));
                            buf.clear();
                        }
                        None if cur.is_some()
                            && !matches!(
                                local.as_str(),
                                "langSec" | "termSec" | "descripGrp" | "conceptEntry"
                            ) =>
                        {
                            let name = if cat == "transactionType" || local == "transacGrp" {
                                "transactions (transacGrp)".to_owned()
                            } else {
                                cat
                            };
                            if local != "transac"
                                && local != "date"
                                && local != "transacNote"
                                && !(local == "transactionType" || local == "responsibility")
                            {
                                *unmapped.entry(name).or_default() += 1;
                            }
                        }
                        None => {}
                    }
                }
            }
            Event::Empty(_) => {}
            Event::Text(t) if slot.is_some() => {
                let s = t.decode().map_err(|e| err(e.into(), pos))?;
                buf.push_str(&s);
            }
            Event::CData(t) if slot.is_some() => {
                buf.push_str(&String::from_utf8_lossy(&t.into_inner()));
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| err(e, pos))?
                        .map(String::from)
                } else {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    match resolve_predefined_entity(&name) {
                        Some(s) => Some(s.to_owned()),
                        None => {
                            return Err(ExchangeError::at(
                                format!(
                                    "unknown entity `&{name};`: only the five predefined XML \
                                     entities and character references are accepted"
                                ),
                                text,
                                pos as usize,
                            ));
                        }
                    }
                };
                if slot.is_some() {
                    buf.push_str(&resolved.unwrap_or_default());
                }
            }
            Event::End(e) => {
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if let Some((s, d)) = slot.clone()
                    && d == depth
                {
                    let value = normalize_space(&buf);
                    slot = None;
                    match s {
                        Slot::Title => title = Some(value),
                        Slot::HeaderP => header_ps.push(value),
                        Slot::Term => {
                            if let Some(ts) = tsec.as_mut() {
                                ts.term = value;
                            }
                        }
                        Slot::Status => {
                            if let Some(ts) = tsec.as_mut() {
                                ts.status = Some(value);
                            }
                        }
                        Slot::Subject => {
                            if let Some(c) = cur.as_mut() {
                                c.subjects.push(value);
                            }
                        }
                        Slot::Definition => {
                            if let Some(c) = cur.as_mut() {
                                c.definitions
                                    .push((lang.as_ref().map(|l| l.lang.clone()), value));
                            }
                        }
                        Slot::Context => match tsec.as_mut() {
                            Some(ts) => ts.contexts.push(value),
                            None => *unmapped.entry("context".to_owned()).or_default() += 1,
                        },
                        Slot::Source => match tsec.as_mut() {
                            Some(ts) => ts.sources.push(value),
                            None => {
                                *unmapped
                                    .entry("source (of a definition or concept)".to_owned())
                                    .or_default() += 1;
                            }
                        },
                        Slot::Note => match (tsec.as_mut(), lang.as_ref(), cur.as_mut()) {
                            (Some(ts), _, _) => ts.notes += 1,
                            (None, None, Some(c)) => c.notes.push(value),
                            _ => *unmapped.entry("note".to_owned()).or_default() += 1,
                        },
                    }
                }
                match local.as_str() {
                    "tbxHeader" => in_header = false,
                    "termSec" => {
                        if let (Some(ts), Some(l)) = (tsec.take(), lang.as_mut()) {
                            l.terms.push(ts);
                        }
                    }
                    "langSec" => {
                        if let (Some(l), Some(c)) = (lang.take(), cur.as_mut()) {
                            c.langs.push(l);
                        }
                    }
                    "conceptEntry" => concepts.extend(cur.take()),
                    _ => {}
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if dialect.is_none() {
        return Err(ExchangeError::plain(
            "not a TBX document: no <tbx type=\"...\"> root element found",
        ));
    }
    let mut notes = Vec::new();
    if let Some(d) = dialect
        .as_deref()
        .filter(|d| !d.starts_with("TBX-Basic") && !d.starts_with("TBX-Core"))
    {
        notes.push(format!(
            "dialect `{d}` is read as TBX-Basic: data categories it adds are reported below"
        ));
    }
    let language = opts
        .language
        .clone()
        .or(root_lang)
        .unwrap_or_else(|| "en".to_owned());
    let source_language = opts.source_language.clone().or_else(|| {
        concepts
            .iter()
            .flat_map(|c| &c.langs)
            .map(|l| l.lang.clone())
            .find(|l| !same_lang(l, &language))
    });
    let mut g = Glossary::new(
        opts.name
            .clone()
            .or(title)
            .unwrap_or_else(|| "Imported termbase".to_owned()),
        language.clone(),
    );
    g.source_language = source_language.clone();
    let header_ps_had_marker = header_ps.iter().any(|p| p == "Exported by termcheck");
    for p in header_ps {
        if let Some(v) = p.strip_prefix("Version ") {
            g.version = Some(v.to_owned());
        } else if p != "Exported by termcheck" {
            g.description = Some(match g.description.take() {
                Some(d) => format!("{d} {p}"),
                None => p,
            });
        }
    }
    let ours = header_ps_had_marker;
    let mut other_langs: BTreeMap<String, usize> = BTreeMap::new();
    let mut counts = BTreeMap::<&str, usize>::new();
    for c in concepts {
        let keep_id = ours || (crate::glossary::is_kebab(&c.id) && !generated_id(&c.id));
        if let Some(t) = concept_to_term(
            c,
            keep_id,
            &language,
            source_language.as_deref(),
            &mut other_langs,
            &mut counts,
            &mut unmapped,
        ) {
            g.terms.push(t);
        }
    }
    for (what, n) in counts {
        notes.push(format!("{n} {what}"));
    }
    for (l, n) in other_langs {
        notes.push(format!(
            "{n} term(s) in language `{l}` not mapped (only `{language}` and the source language are)"
        ));
    }
    for (cat, n) in unmapped {
        notes.push(format!(
            "{n} × `{cat}` not mapped (no glossary field for it)"
        ));
    }
    sanitize(&mut g, &mut notes);
    Ok(Imported {
        glossary: g,
        unmapped: notes,
    })
}

fn same_lang(a: &str, b: &str) -> bool {
    let primary = |s: &str| {
        s.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    primary(a) == primary(b)
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Ids like `c12` or `4711` are record numbers, not names worth keeping.
fn generated_id(id: &str) -> bool {
    let digits = id.chars().filter(char::is_ascii_digit).count();
    digits > 0
        && id
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .chars()
            .all(|c| c.is_ascii_digit())
}

fn concept_to_term(
    c: Concept,
    keep_id: bool,
    language: &str,
    source_language: Option<&str>,
    other_langs: &mut BTreeMap<String, usize>,
    counts: &mut BTreeMap<&'static str, usize>,
    unmapped: &mut BTreeMap<String, usize>,
) -> Option<Term> {
    let mut preferred: Option<TermSec> = None;
    let mut admitted = Vec::new();
    let mut variants = Vec::new();
    let mut source = Vec::new();
    for l in c.langs {
        if same_lang(&l.lang, language) {
            for ts in l.terms.into_iter().filter(|t| !t.term.is_empty()) {
                if ts.notes > 0 {
                    *unmapped.entry("note on a term".to_owned()).or_default() += ts.notes;
                }
                match ts.status.as_deref() {
                    Some("preferredTerm-admn-sts") if preferred.is_none() => preferred = Some(ts),
                    Some("preferredTerm-admn-sts") => {
                        *counts
                            .entry("extra preferred term(s) mapped to `admitted`")
                            .or_default() += 1;
                        admitted.push(ts);
                    }
                    Some("deprecatedTerm-admn-sts") => variants.push(ts),
                    Some("supersededTerm-admn-sts") => {
                        *counts
                            .entry("superseded term(s) mapped to `variants`")
                            .or_default() += 1;
                        variants.push(ts);
                    }
                    Some("admittedTerm-admn-sts") => admitted.push(ts),
                    _ => {
                        *counts
                            .entry("term(s) without a known status mapped to `admitted`")
                            .or_default() += 1;
                        admitted.push(ts);
                    }
                }
            }
        } else if source_language.is_some_and(|s| same_lang(&l.lang, s)) {
            for ts in l.terms {
                if ts.term.is_empty() {
                    continue;
                }
                if matches!(
                    ts.status.as_deref(),
                    Some("deprecatedTerm-admn-sts" | "supersededTerm-admn-sts")
                ) {
                    *counts
                        .entry("deprecated source-language term(s) skipped")
                        .or_default() += 1;
                } else {
                    source.push(Form::new(ts.term));
                }
            }
        } else {
            *other_langs.entry(l.lang).or_default() += l.terms.len();
        }
    }
    let preferred = match preferred {
        Some(p) => p,
        None if !admitted.is_empty() => {
            *counts.entry("concept(s) without a preferred term: the first approved term became `preferred`").or_default() += 1;
            admitted.remove(0)
        }
        None => {
            *counts
                .entry("concept(s) skipped: no approved term in the target language")
                .or_default() += 1;
            return None;
        }
    };
    let mut settings = Settings::default();
    let mut notes = Vec::new();
    for n in c.notes {
        match n.strip_prefix(SETTINGS_PREFIX) {
            Some(json) => match serde_json::from_str::<Settings>(json) {
                Ok(s) => settings = s,
                Err(_) => notes.push(n),
            },
            None => match n.strip_prefix(BAD_EXAMPLE_PREFIX) {
                Some(b) => settings.bad_examples.push(b.to_owned()),
                None => notes.push(n),
            },
        }
    }
    let mut t = Term::new(preferred.term.clone());
    t.id = if keep_id { c.id.clone() } else { String::new() };
    let (definitions, foreign): (Vec<_>, Vec<_>) = c
        .definitions
        .into_iter()
        .partition(|(l, _)| l.as_deref().is_none_or(|l| same_lang(l, language)));
    if !foreign.is_empty() {
        *unmapped
            .entry("definition in another language".to_owned())
            .or_default() += foreign.len();
    }
    if notes.is_empty() && !definitions.is_empty() {
        *counts.entry("definition(s) mapped to `note`").or_default() += 1;
        notes = definitions.into_iter().map(|(_, d)| d).collect();
    } else if !definitions.is_empty() {
        *unmapped.entry("definition".to_owned()).or_default() += definitions.len();
    }
    t.note = (!notes.is_empty()).then(|| notes.join("\n"));
    t.reference = (!preferred.sources.is_empty()).then(|| preferred.sources.join("; "));
    t.tags = c.subjects;
    t.examples.good = preferred.contexts.iter().map(Form::new).collect();
    for a in &admitted {
        t.examples.good.extend(a.contexts.iter().map(Form::new));
    }
    for v in &variants {
        t.examples.bad.extend(v.contexts.iter().map(Form::new));
    }
    let other_sources: usize = admitted
        .iter()
        .chain(&variants)
        .map(|x| x.sources.len())
        .sum();
    if other_sources > 0 {
        *unmapped
            .entry("source (of an admitted or deprecated term)".to_owned())
            .or_default() += other_sources;
    }
    t.admitted = admitted.into_iter().map(|a| Form::new(a.term)).collect();
    t.variants = variants.into_iter().map(|v| Form::new(v.term)).collect();
    t.source = source;
    settings.apply(&mut t);
    Some(t)
}
