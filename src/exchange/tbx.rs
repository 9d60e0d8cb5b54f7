//! TBX, both generations: TBX v3 (ISO 30042:2019; `<tbx>`, DCA and DCT
//! styles) and TBX 2008 (ISO 30042:2008; `<martif>`, TBX-Basic and
//! TBX-Default, what Weblate, Pootle, Pontoon, Lokalize and
//! translate-toolkit write). Export writes TBX-Basic v3 in the DCA style
//! (valid against the core structure RELAX NG schema and the TBX-Basic
//! Schematron), or TBX-Basic 2008 on request.
//!
//! Mapping: `preferredTerm-admn-sts` ↔ `preferred`, `admittedTerm-admn-sts`
//! ↔ `admitted`, `deprecatedTerm-admn-sts` ↔ `variants` (import also maps
//! `supersededTerm-admn-sts`, and TBX-Default's `normativeAuthorization`
//! values); terms in the source language ↔ `source`; concept `<note>` ↔
//! `note` (line breaks kept); `source` of the preferred term ↔
//! `reference`; `subjectField` ↔ `tags`; `context` of an approved term ↔
//! `examples.good`, of a deprecated term ↔ `examples.bad`. Term settings
//! TBX has no data category for travel in a `termcheck:{json}` concept
//! note, `[defaults]` in a `<p type="termcheck-defaults">` of the header.
//!
//! Import checks the constraints of the core structure and, for
//! TBX-Basic, of the dialect (data categories, where they may stand,
//! picklist values) and reports each violation at its line and column.
//!
//! Security: a document type declaration is accepted and ignored: it is
//! never resolved, nothing is fetched, and no entity it declares is
//! expanded (a reference to one is an error). Only the five predefined
//! XML entities and character references are resolved.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::escape::{escape, partial_escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};

use super::{DefaultsWire, ExchangeError, Imported, Settings, sanitize, term_with_defaults};
use crate::glossary::{Form, Glossary, Term};

const NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";
const SETTINGS_PREFIX: &str = "termcheck:";
const DEFAULTS_TYPE: &str = "termcheck-defaults";
const BAD_EXAMPLE_PREFIX: &str = "Bad example: ";
const MARKER: &str = "Exported by termcheck";
const TRANSACTIONS: &str = "transactions (transacGrp)";

/// Which generation of TBX to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Version {
    /// TBX v3, ISO 30042:2019 (`<tbx>`), TBX-Basic dialect, DCA style.
    #[default]
    V3,
    /// TBX 2008, ISO 30042:2008 (`<martif>`), TBX-Basic.
    V2,
}

/// Writes a glossary as TBX-Basic v3 (DCA style).
pub fn export(g: &Glossary) -> String {
    export_as(g, Version::V3)
}

/// Element names of one generation.
struct Names {
    root: &'static str,
    header: &'static str,
    entry: &'static str,
    lang: &'static str,
    term_sec: &'static str,
}

const V3: Names = Names {
    root: "tbx",
    header: "tbxHeader",
    entry: "conceptEntry",
    lang: "langSec",
    term_sec: "termSec",
};

const V2: Names = Names {
    root: "martif",
    header: "martifHeader",
    entry: "termEntry",
    lang: "langSet",
    term_sec: "tig",
};

/// Writes a glossary as TBX-Basic of the given generation.
pub fn export_as(g: &Glossary, version: Version) -> String {
    let n = match version {
        Version::V3 => &V3,
        Version::V2 => &V2,
    };
    let mut x = String::new();
    let lang = if g.language.is_empty() {
        "en"
    } else {
        &g.language
    };
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match version {
        Version::V3 => {
            let _ = writeln!(
                x,
                "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{}\" xmlns=\"{NAMESPACE}\">",
                escape(lang)
            );
        }
        Version::V2 => {
            x.push_str("<!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">\n");
            let _ = writeln!(
                x,
                "<martif type=\"TBX-Basic\" xml:lang=\"{}\">",
                escape(lang)
            );
        }
    }
    let _ = writeln!(x, "  <{}>\n    <fileDesc>", n.header);
    let title = format!(
        "      <titleStmt>\n        <title>{}</title>\n      </titleStmt>\n",
        escape(g.name.as_str())
    );
    let publication = g.version.as_ref().map(|v| {
        format!(
            "      <publicationStmt>\n        <p>Version {}</p>\n      </publicationStmt>\n",
            escape(v.as_str())
        )
    });
    // The v3 core schema orders publicationStmt before titleStmt; the
    // 2008 DTD the other way round.
    match version {
        Version::V3 => {
            x.push_str(publication.as_deref().unwrap_or(""));
            x.push_str(&title);
        }
        Version::V2 => {
            x.push_str(&title);
            x.push_str(publication.as_deref().unwrap_or(""));
        }
    }
    x.push_str("      <sourceDesc>\n");
    if let Some(d) = &g.description {
        let _ = writeln!(x, "        <p>{}</p>", escape(d.as_str()));
    }
    let _ = writeln!(x, "        <p>{MARKER}</p>");
    if let Some(w) = DefaultsWire::of(g) {
        let json = serde_json::to_string(&w).unwrap_or_default();
        let _ = writeln!(
            x,
            "        <p type=\"{DEFAULTS_TYPE}\">{}</p>",
            partial_escape(json.as_str())
        );
    }
    x.push_str("      </sourceDesc>\n    </fileDesc>\n");
    if version == Version::V2 {
        x.push_str(
            "    <encodingDesc>\n      <p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\n    </encodingDesc>\n",
        );
    }
    let _ = writeln!(x, "  </{}>", n.header);
    if g.terms.is_empty() && version == Version::V3 {
        // The v3 core schema wants at least one concept in a <body>.
        x.push_str("  <text/>\n");
    } else {
        x.push_str("  <text>\n    <body>\n");
        let mut ids = HashSet::new();
        for t in &g.terms {
            concept(&mut x, n, g, t, lang, &mut ids);
        }
        x.push_str("    </body>\n  </text>\n");
    }
    let _ = writeln!(x, "</{}>", n.root);
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

fn concept(
    x: &mut String,
    n: &Names,
    g: &Glossary,
    t: &Term,
    lang: &str,
    ids: &mut HashSet<String>,
) {
    let base = xml_id(&t.id);
    let mut id = base.clone();
    let mut k = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{k}");
        k += 1;
    }
    let _ = writeln!(x, "      <{} id=\"{}\">", n.entry, escape(id.as_str()));
    for tag in &t.tags {
        elem(x, 8, "descrip type=\"subjectField\"", "descrip", tag);
    }
    if let Some(note) = &t.note {
        elem(x, 8, "note", "note", note);
    }
    let bad_on_term = t.variants.is_empty();
    let settings = Settings::of(t, &g.defaults, bad_on_term);
    if !settings.is_empty() {
        let json = serde_json::to_string(&settings).unwrap_or_default();
        elem(x, 8, "note", "note", &format!("{SETTINGS_PREFIX}{json}"));
    }
    let _ = writeln!(x, "        <{} xml:lang=\"{}\">", n.lang, escape(lang));
    term_sec(
        x,
        n,
        &t.preferred.text,
        Some("preferredTerm-admn-sts"),
        &t.examples.good,
        t.reference.as_deref(),
    );
    for a in &t.admitted {
        term_sec(x, n, &a.text, Some("admittedTerm-admn-sts"), &[], None);
    }
    for (i, v) in t.variants.iter().enumerate() {
        let bad: &[Form] = if i == 0 { &t.examples.bad } else { &[] };
        term_sec(x, n, &v.text, Some("deprecatedTerm-admn-sts"), bad, None);
    }
    let _ = writeln!(x, "        </{}>", n.lang);
    if !t.source.is_empty() {
        let sl = g.source_language.as_deref().unwrap_or("und");
        let _ = writeln!(x, "        <{} xml:lang=\"{}\">", n.lang, escape(sl));
        for s in &t.source {
            term_sec(x, n, &s.text, None, &[], None);
        }
        let _ = writeln!(x, "        </{}>", n.lang);
    }
    let _ = writeln!(x, "      </{}>", n.entry);
}

fn term_sec(
    x: &mut String,
    n: &Names,
    term: &str,
    status: Option<&str>,
    contexts: &[Form],
    source: Option<&str>,
) {
    let _ = writeln!(x, "          <{}>", n.term_sec);
    elem(x, 12, "term", "term", term);
    if let Some(status) = status {
        elem(
            x,
            12,
            "termNote type=\"administrativeStatus\"",
            "termNote",
            status,
        );
    }
    for c in contexts {
        elem(x, 12, "descrip type=\"context\"", "descrip", &c.text);
    }
    if let Some(s) = source {
        elem(x, 12, "admin type=\"source\"", "admin", s);
    }
    let _ = writeln!(x, "          </{}>", n.term_sec);
}

/// Options of a TBX import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Language of the checked text (default: the root's `xml:lang`, else `en`).
    pub language: Option<String>,
    /// Language of the `source` forms (default: the first other language).
    pub source_language: Option<String>,
    /// Glossary name (default: the TBX title, else "Imported termbase").
    pub name: Option<String>,
    /// Import what is valid and report the violations in
    /// [`Imported::violations`] instead of failing: a concept that breaks
    /// a constraint is left out.
    pub lenient: bool,
}

/// An element of the document, kept for one entry (or the header) at a
/// time.
#[derive(Debug, Default)]
struct Node {
    /// Local name.
    name: String,
    /// Had a namespace prefix (a DCT-style data category, or a foreign
    /// element).
    prefixed: bool,
    attrs: Vec<(String, String)>,
    content: Vec<Content>,
    /// Byte offset of its start tag.
    pos: usize,
}

#[derive(Debug)]
enum Content {
    Text(String),
    Elem(Node),
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn children(&self) -> impl Iterator<Item = &Node> {
        self.content.iter().filter_map(|c| match c {
            Content::Elem(n) => Some(n),
            Content::Text(_) => None,
        })
    }

    /// All text inside, in document order.
    fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, s: &mut String) {
        for c in &self.content {
            match c {
                Content::Text(t) => s.push_str(t),
                Content::Elem(n) => n.collect_text(s),
            }
        }
    }

    /// The children, with groups (`descripGrp`, `termGrp`, ...) other
    /// than `transacGrp` opened: their members count as members of this
    /// element.
    fn members(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        for c in self.children() {
            if c.name.ends_with("Grp") && c.name != "transacGrp" && !c.prefixed {
                out.extend(c.members());
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// The generation of the document being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Generation {
    V3,
    V2,
}

/// Where a data category stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Entry,
    Lang,
    TermSec,
}

impl Level {
    fn name(self, generation: Generation) -> &'static str {
        match (self, generation) {
            (Level::Entry, Generation::V3) => "conceptEntry",
            (Level::Lang, Generation::V3) => "langSec",
            (Level::TermSec, Generation::V3) => "termSec",
            (Level::Entry, Generation::V2) => "termEntry",
            (Level::Lang, Generation::V2) => "langSet",
            (Level::TermSec, Generation::V2) => "tig",
        }
    }
}

/// The data-category elements of the core structure.
const CATEGORY_ELEMENTS: [&str; 7] = [
    "termNote",
    "descrip",
    "admin",
    "ref",
    "xref",
    "transac",
    "transacNote",
];

/// TBX-Basic's data categories: the element that carries each in the DCA
/// style, and where it may stand.
fn basic_category(cat: &str) -> Option<(&'static str, &'static [Level])> {
    use Level::{Entry, Lang, TermSec};
    Some(match cat {
        "administrativeStatus"
        | "partOfSpeech"
        | "geographicalUsage"
        | "grammaticalGender"
        | "termLocation"
        | "termType" => ("termNote", &[TermSec]),
        "subjectField" => ("descrip", &[Entry]),
        "context" => ("descrip", &[TermSec]),
        "definition" => ("descrip", &[Entry, Lang]),
        "customerSubset" | "projectSubset" => ("admin", &[Entry, TermSec]),
        "source" => ("admin", &[Entry, Lang, TermSec]),
        "crossReference" => ("ref", &[Entry, TermSec]),
        "externalCrossReference" => ("xref", &[Entry, Lang, TermSec]),
        "xGraphic" => ("xref", &[Entry, Lang]),
        "transactionType" => ("transac", &[Entry, Lang, TermSec]),
        "responsibility" => ("transacNote", &[Entry, Lang, TermSec]),
        _ => return None,
    })
}

/// The picklist of a TBX-Basic data category.
fn picklist(cat: &str) -> Option<&'static [&'static str]> {
    Some(match cat {
        "administrativeStatus" => &[
            "admittedTerm-admn-sts",
            "deprecatedTerm-admn-sts",
            "supersededTerm-admn-sts",
            "preferredTerm-admn-sts",
        ],
        "partOfSpeech" => &["adjective", "noun", "other", "verb", "adverb"],
        "grammaticalGender" => &["masculine", "feminine", "neuter", "other"],
        "termType" => &[
            "fullForm",
            "acronym",
            "abbreviation",
            "shortForm",
            "variant",
            "phrase",
        ],
        "termLocation" => &[
            "checkBox",
            "comboBox",
            "comboBoxElement",
            "dialogBox",
            "groupBox",
            "informativeMessage",
            "interactiveMessage",
            "menuItem",
            "progressBar",
            "pushButton",
            "radioButton",
            "slider",
            "spinBox",
            "tab",
            "tableText",
            "textBox",
            "toolTip",
            "user-definedType",
        ],
        "transactionType" => &["origination", "modification"],
        _ => return None,
    })
}

/// What the document says about itself, from its root element.
struct Doc<'a> {
    text: &'a str,
    generation: Generation,
    /// TBX-Basic: its dialect constraints are checked.
    basic: bool,
    /// v3 DCA style: no namespaced data categories.
    dca: bool,
    /// Line starts, built at the first violation (a file with many
    /// violations is scanned once, not once per violation).
    lines: std::cell::OnceCell<crate::text::LineIndex>,
}

impl Doc<'_> {
    fn violation(&self, node: &Node, message: impl Into<String>) -> ExchangeError {
        let index = self
            .lines
            .get_or_init(|| crate::text::LineIndex::new(self.text));
        let lc = index.line_col(self.text, node.pos.min(self.text.len()));
        ExchangeError {
            message: message.into(),
            line: Some(lc.line),
            column: Some(lc.column),
        }
    }

    /// The data category of an element: its `type` for the DCA style
    /// (and TBX 2008), its local name for the DCT style.
    fn category(node: &Node) -> Option<String> {
        if node.prefixed {
            return Some(node.name.clone());
        }
        if CATEGORY_ELEMENTS.contains(&node.name.as_str()) {
            return Some(node.attr("type").unwrap_or_default().to_owned());
        }
        None
    }

    /// Checks one data-category element standing at `level`.
    fn check_category(&self, node: &Node, level: Level, out: &mut Vec<ExchangeError>) {
        let Some(cat) = Self::category(node) else {
            return;
        };
        if node.prefixed && self.dca {
            out.push(self.violation(
                node,
                format!(
                    "<{}> is a DCT-style element, not allowed in a document declared style=\"dca\"",
                    node.name
                ),
            ));
            return;
        }
        if !node.prefixed && cat.is_empty() {
            out.push(self.violation(
                node,
                format!("<{}> needs a non-empty `type` attribute", node.name),
            ));
            return;
        }
        if node.name == "termNote" && level != Level::TermSec {
            out.push(self.violation(
                node,
                format!(
                    "<termNote> may only stand in a term section (<{}>)",
                    Level::TermSec.name(self.generation)
                ),
            ));
        }
        if !self.basic {
            return;
        }
        let Some((element, levels)) = basic_category(&cat) else {
            if node.prefixed {
                // A foreign element of another module: not TBX-Basic's to judge.
                return;
            }
            out.push(self.violation(
                node,
                format!("data category `{cat}` is not part of TBX-Basic"),
            ));
            return;
        };
        if !node.prefixed && node.name != element {
            out.push(self.violation(
                node,
                format!("`{cat}` is a <{element}>, not a <{}>", node.name),
            ));
        }
        if !levels.contains(&level) {
            let allowed: Vec<&str> = levels.iter().map(|l| l.name(self.generation)).collect();
            out.push(self.violation(
                node,
                format!(
                    "`{cat}` may only stand in {}, not in <{}>",
                    allowed.join(" or "),
                    level.name(self.generation)
                ),
            ));
        }
        if let Some(values) = picklist(&cat) {
            let v = node.text();
            let v = v.trim();
            if !values.contains(&v) {
                out.push(self.violation(
                    node,
                    format!(
                        "`{v}` is not a value of `{cat}`; TBX-Basic allows {}",
                        values.join(", ")
                    ),
                ));
            }
        }
    }
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

/// Whole-file state of an import.
struct Reading {
    concepts: Vec<Concept>,
    violations: Vec<ExchangeError>,
    unmapped: BTreeMap<String, usize>,
    ids: HashSet<String>,
    /// Ids already reported as repeated: each is reported once, however
    /// often it repeats, so a hostile file gets one line, not thousands.
    repeated_ids: HashSet<String>,
    title: Option<String>,
    header_ps: Vec<String>,
    defaults: Option<DefaultsWire>,
    /// Keep text exactly as written (our own export).
    ours: bool,
}

/// Reads TBX (v3 or 2008) into a glossary. Malformed XML, or a document
/// that breaks the constraints of its structure or dialect, is an error
/// listing every problem with its line and column (unless
/// [`ImportOptions::lenient`]).
pub fn import(text: &str, opts: &ImportOptions) -> Result<Imported, Vec<ExchangeError>> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut doc: Option<Doc<'_>> = None;
    let mut root_lang: Option<String> = None;
    let mut dialect: Option<String> = None;
    let mut st = Reading {
        concepts: Vec::new(),
        violations: Vec::new(),
        unmapped: BTreeMap::new(),
        ids: HashSet::new(),
        repeated_ids: HashSet::new(),
        title: None,
        header_ps: Vec::new(),
        defaults: None,
        ours: false,
    };
    let mut saw_header = false;
    let mut saw_doctype = false;
    let malformed = |e: quick_xml::Error, pos: u64| {
        vec![ExchangeError::at(
            format!("malformed XML: {e}"),
            text,
            pos as usize,
        )]
    };
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| malformed(e, reader.error_position()))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let node = open(&e, pos as usize).map_err(|e| malformed(e, pos))?;
            if doc.is_none() {
                // The root element.
                let generation = match node.name.as_str() {
                    "tbx" => Generation::V3,
                    "martif" => Generation::V2,
                    other => {
                        return Err(vec![ExchangeError::at(
                            format!(
                                "not a TBX document: the root element is <{other}>, not <tbx> \
                                 (TBX v3) or <martif> (TBX 2008)"
                            ),
                            text,
                            pos as usize,
                        )]);
                    }
                };
                root_lang = node.attr("xml:lang").map(str::to_owned);
                dialect = node.attr("type").map(str::to_owned);
                let d = Doc {
                    text,
                    generation,
                    basic: dialect.as_deref() == Some("TBX-Basic"),
                    dca: generation == Generation::V3 && node.attr("style") == Some("dca"),
                    lines: std::cell::OnceCell::new(),
                };
                check_root(&d, &node, &mut st.violations);
                doc = Some(d);
            }
            stack.push(node);
            if !empty {
                continue;
            }
        }
        match ev {
            Event::Start(_) => {}
            Event::DocType(_) => saw_doctype = true,
            Event::Text(t) => {
                if let Some(top) = stack.last_mut().filter(|p| !container(p)) {
                    let s = t.decode().map_err(|e| malformed(e.into(), pos))?;
                    push_text(top, &s);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    push_text(top, &String::from_utf8_lossy(&t.into_inner()));
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| malformed(e, pos))?
                        .map(String::from)
                        .unwrap_or_default()
                } else {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    match resolve_predefined_entity(&name) {
                        Some(s) => s.to_owned(),
                        None => {
                            let why = if saw_doctype {
                                "entities declared in a <!DOCTYPE> are never expanded"
                            } else {
                                "only the five predefined XML entities and character references \
                                 are accepted"
                            };
                            return Err(vec![ExchangeError::at(
                                format!("unknown entity `&{name};`: {why}"),
                                text,
                                pos as usize,
                            )]);
                        }
                    }
                };
                if let Some(top) = stack.last_mut() {
                    push_text(top, &resolved);
                }
            }
            Event::End(_) | Event::Empty(_) => {
                let Some(node) = stack.pop() else { continue };
                let Some(d) = doc.as_ref() else { continue };
                match node.name.as_str() {
                    "tbxHeader" | "martifHeader" if stack.len() == 1 => {
                        saw_header = true;
                        header(d, &node, &mut st);
                    }
                    "conceptEntry" | "termEntry" => entry(d, &node, opts.lenient, &mut st),
                    _ => {
                        // Keep what an entry or the header is made of;
                        // the containers of entries are not kept.
                        if let Some(parent) = stack.last_mut().filter(|p| !container(p)) {
                            parent.content.push(Content::Elem(node));
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let Some(d) = doc else {
        return Err(vec![ExchangeError::plain(
            "not a TBX document: no root element",
        )]);
    };
    if !saw_header {
        st.violations.push(ExchangeError::at(
            format!(
                "<{}> has no <{}>: TBX needs a header with a <fileDesc> and a <sourceDesc>",
                if d.generation == Generation::V3 {
                    "tbx"
                } else {
                    "martif"
                },
                if d.generation == Generation::V3 {
                    "tbxHeader"
                } else {
                    "martifHeader"
                }
            ),
            text,
            0,
        ));
    }
    if !opts.lenient && !st.violations.is_empty() {
        st.violations.sort_by_key(|v| (v.line, v.column));
        return Err(st.violations);
    }
    finish(st, root_lang, dialect, opts)
}

/// The root, `text`, `body` and `back`: what holds entries is not kept.
fn container(n: &Node) -> bool {
    !n.prefixed && matches!(n.name.as_str(), "tbx" | "martif" | "text" | "body" | "back")
}

fn push_text(node: &mut Node, s: &str) {
    if let Some(Content::Text(t)) = node.content.last_mut() {
        t.push_str(s);
    } else {
        node.content.push(Content::Text(s.to_owned()));
    }
}

fn open(e: &BytesStart<'_>, pos: usize) -> Result<Node, quick_xml::Error> {
    let qname = e.name();
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let prefixed = qname.prefix().is_some();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(quick_xml::Error::from)?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Node {
        name,
        prefixed,
        attrs,
        content: Vec::new(),
        pos,
    })
}

fn check_root(d: &Doc<'_>, root: &Node, out: &mut Vec<ExchangeError>) {
    let name = &root.name;
    if root.attr("xml:lang").is_none_or(str::is_empty) {
        out.push(d.violation(
            root,
            format!("<{name}> needs an `xml:lang` attribute (the termbase's main language)"),
        ));
    }
    match d.generation {
        Generation::V3 => {
            match root.attr("type") {
                Some(t) if t.starts_with("TBX-") && t.len() > 4 => {}
                _ => out.push(d.violation(
                    root,
                    "<tbx> needs a `type` attribute naming its dialect, e.g. type=\"TBX-Basic\"",
                )),
            }
            if !matches!(root.attr("style"), Some("dca" | "dct")) {
                out.push(d.violation(root, "<tbx> needs style=\"dca\" or style=\"dct\""));
            }
        }
        Generation::V2 => {
            if root.attr("type").is_none_or(str::is_empty) {
                out.push(d.violation(
                    root,
                    "<martif> needs a `type` attribute, e.g. type=\"TBX-Basic\" or type=\"TBX\"",
                ));
            }
        }
    }
}

fn header(d: &Doc<'_>, h: &Node, st: &mut Reading) {
    let file_desc = h.children().find(|c| c.name == "fileDesc");
    let Some(fd) = file_desc else {
        st.violations
            .push(d.violation(h, format!("<{}> needs a <fileDesc>", h.name)));
        return;
    };
    if !fd.children().any(|c| c.name == "sourceDesc") {
        st.violations
            .push(d.violation(fd, "<fileDesc> needs a <sourceDesc> with at least one <p>"));
    }
    for c in fd.children() {
        match c.name.as_str() {
            "titleStmt" => {
                if let Some(t) = c.children().find(|t| t.name == "title") {
                    st.title = Some(normalize_space(&t.text()));
                }
            }
            "publicationStmt" | "sourceDesc" => {
                for p in c.children().filter(|p| p.name == "p") {
                    if p.attr("type") == Some(DEFAULTS_TYPE) {
                        st.defaults = serde_json::from_str(&p.text()).ok();
                        continue;
                    }
                    let text = p.text();
                    if text == MARKER {
                        st.ours = true;
                    } else {
                        st.header_ps.push(text);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Maps and checks one entry.
fn entry(d: &Doc<'_>, e: &Node, lenient: bool, st: &mut Reading) {
    let mut v = Vec::new();
    let id = e.attr("id").unwrap_or_default().to_owned();
    if id.is_empty() && d.generation == Generation::V3 {
        v.push(d.violation(e, "<conceptEntry> needs an `id`"));
    } else if !id.is_empty() && !st.ids.insert(id.clone()) && st.repeated_ids.insert(id.clone()) {
        v.push(d.violation(
            e,
            format!("the id `{id}` is used more than once (later repeats are not listed)"),
        ));
    }
    let mut c = Concept {
        id,
        ..Concept::default()
    };
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut langs = 0;
    for m in e.members() {
        match m.name.as_str() {
            "langSec" | "langSet" if !m.prefixed => {
                langs += 1;
                c.langs
                    .push(lang_sec(d, m, &mut c.definitions, &mut unmapped, &mut v));
            }
            "note" => c.notes.push(note_text(m, st.ours)),
            "transacGrp" => {
                *unmapped.entry(TRANSACTIONS.to_owned()).or_default() += 1;
                check_transactions(d, m, Level::Entry, &mut v);
            }
            _ => {
                d.check_category(m, Level::Entry, &mut v);
                match Doc::category(m).as_deref() {
                    Some("subjectField") => c.subjects.push(normalize_space(&m.text())),
                    Some("definition") => c.definitions.push((None, note_text(m, st.ours))),
                    Some("source") => {
                        *unmapped
                            .entry("source (of a definition or concept)".to_owned())
                            .or_default() += 1;
                    }
                    Some(cat) => *unmapped.entry(cat.to_owned()).or_default() += 1,
                    None => *unmapped.entry(m.name.clone()).or_default() += 1,
                }
            }
        }
    }
    if langs == 0 {
        v.push(d.violation(
            e,
            format!(
                "<{}> needs at least one <{}>",
                e.name,
                Level::Lang.name(d.generation)
            ),
        ));
    }
    let bad = !v.is_empty();
    st.violations.append(&mut v);
    if bad && lenient {
        return;
    }
    for (k, n) in unmapped {
        *st.unmapped.entry(k).or_default() += n;
    }
    st.concepts.push(c);
}

fn check_transactions(d: &Doc<'_>, g: &Node, level: Level, v: &mut Vec<ExchangeError>) {
    for m in g.children() {
        d.check_category(m, level, v);
    }
}

fn lang_sec(
    d: &Doc<'_>,
    l: &Node,
    definitions: &mut Vec<(Option<String>, String)>,
    unmapped: &mut BTreeMap<String, usize>,
    v: &mut Vec<ExchangeError>,
) -> LangSec {
    let lang = l.attr("xml:lang").unwrap_or_default().to_owned();
    if lang.is_empty() {
        v.push(d.violation(l, format!("<{}> needs an `xml:lang`", l.name)));
    }
    let mut out = LangSec {
        lang: lang.clone(),
        terms: Vec::new(),
    };
    for m in l.members() {
        match m.name.as_str() {
            "termSec" | "tig" | "ntig" if !m.prefixed => {
                out.terms.push(term_sec_of(d, m, unmapped, v));
            }
            "transacGrp" => {
                *unmapped.entry(TRANSACTIONS.to_owned()).or_default() += 1;
                check_transactions(d, m, Level::Lang, v);
            }
            "note" => *unmapped.entry("note".to_owned()).or_default() += 1,
            _ => {
                d.check_category(m, Level::Lang, v);
                match Doc::category(m).as_deref() {
                    Some("definition") => {
                        definitions.push((Some(lang.clone()), note_text(m, false)))
                    }
                    Some("source") => {
                        *unmapped
                            .entry("source (of a definition or concept)".to_owned())
                            .or_default() += 1;
                    }
                    Some(cat) => *unmapped.entry(cat.to_owned()).or_default() += 1,
                    None => *unmapped.entry(m.name.clone()).or_default() += 1,
                }
            }
        }
    }
    if out.terms.is_empty() {
        v.push(d.violation(
            l,
            format!(
                "<{}> needs at least one <{}>",
                l.name,
                Level::TermSec.name(d.generation)
            ),
        ));
    }
    out
}

fn term_sec_of(
    d: &Doc<'_>,
    t: &Node,
    unmapped: &mut BTreeMap<String, usize>,
    v: &mut Vec<ExchangeError>,
) -> TermSec {
    let mut out = TermSec::default();
    let mut terms = 0;
    for m in t.members() {
        match m.name.as_str() {
            "term" if !m.prefixed => {
                terms += 1;
                out.term = normalize_space(&m.text());
                if out.term.is_empty() {
                    v.push(d.violation(m, "empty <term>"));
                }
            }
            "note" => out.notes += 1,
            "transacGrp" => {
                *unmapped.entry(TRANSACTIONS.to_owned()).or_default() += 1;
                check_transactions(d, m, Level::TermSec, v);
            }
            _ => {
                d.check_category(m, Level::TermSec, v);
                match Doc::category(m).as_deref() {
                    Some("administrativeStatus") => {
                        out.status = Some(normalize_space(&m.text()));
                    }
                    Some("normativeAuthorization") if out.status.is_none() => {
                        out.status = normative(&normalize_space(&m.text()));
                    }
                    Some("context") => out.contexts.push(normalize_space(&m.text())),
                    Some("source") => out.sources.push(normalize_space(&m.text())),
                    Some(cat) => *unmapped.entry(cat.to_owned()).or_default() += 1,
                    None => *unmapped.entry(m.name.clone()).or_default() += 1,
                }
            }
        }
    }
    if terms != 1 {
        v.push(d.violation(
            t,
            format!("<{}> needs exactly one <term>, not {terms}", t.name),
        ));
    }
    out
}

/// TBX-Default's `normativeAuthorization` values as administrative statuses.
fn normative(v: &str) -> Option<String> {
    let s = match v.trim_end_matches("-admn-sts") {
        "standardizedTerm" | "preferredTerm" => "preferredTerm-admn-sts",
        "admittedTerm" | "legalTerm" | "regulatedTerm" => "admittedTerm-admn-sts",
        "deprecatedTerm" => "deprecatedTerm-admn-sts",
        "supersededTerm" => "supersededTerm-admn-sts",
        _ => return None,
    };
    Some(s.to_owned())
}

/// A note's or definition's text: line breaks kept (a termcheck export
/// is taken exactly as written; other files lose the indentation of
/// pretty-printing).
fn note_text(n: &Node, exact: bool) -> String {
    let t = n.text().replace("\r\n", "\n");
    if exact {
        return t;
    }
    t.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

fn finish(
    st: Reading,
    root_lang: Option<String>,
    dialect: Option<String>,
    opts: &ImportOptions,
) -> Result<Imported, Vec<ExchangeError>> {
    let Reading {
        concepts,
        violations,
        mut unmapped,
        title,
        header_ps,
        defaults,
        ours,
        ..
    } = st;
    let mut notes = Vec::new();
    if let Some(dl) = dialect
        .as_deref()
        .filter(|dl| !dl.starts_with("TBX-Basic") && !dl.starts_with("TBX-Core") && *dl != "TBX")
    {
        notes.push(format!(
            "dialect `{dl}` is read as TBX-Basic: data categories it adds are reported below"
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
    if let Some(w) = &defaults {
        w.apply(&mut g);
    }
    for p in header_ps {
        if let Some(v) = p.strip_prefix("Version ") {
            g.version = Some(v.to_owned());
        } else {
            let p = if ours { p } else { p.trim().to_owned() };
            g.description = Some(match g.description.take() {
                Some(d) => format!("{d}\n{p}"),
                None => p,
            });
        }
    }
    let mut other_langs: BTreeMap<String, usize> = BTreeMap::new();
    let mut counts = BTreeMap::<&str, usize>::new();
    let ctx = MapContext {
        language: &language,
        source_language: source_language.as_deref(),
        defaults: g.defaults,
    };
    for mut c in concepts {
        // An id our export had to prefix ("3-plus-1" is written
        // "_3-plus-1", an XML name cannot begin with a digit) is read back
        // as it was.
        if ours
            && let Some(bare) = c.id.strip_prefix('_')
            && !bare.is_empty()
            && xml_id(bare) == c.id
        {
            c.id = bare.to_owned();
        }
        // Our own export keeps its ids, but only ids an export can write
        // (an edited file may hold others): a round trip is then stable.
        let keep_id = (ours && xml_id(&c.id) == c.id)
            || (crate::glossary::is_kebab(&c.id) && !generated_id(&c.id));
        if let Some(t) = concept_to_term(
            c,
            keep_id,
            &ctx,
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
        violations,
    })
}

struct MapContext<'a> {
    language: &'a str,
    source_language: Option<&'a str>,
    defaults: crate::glossary::Defaults,
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
    ctx: &MapContext<'_>,
    other_langs: &mut BTreeMap<String, usize>,
    counts: &mut BTreeMap<&'static str, usize>,
    unmapped: &mut BTreeMap<String, usize>,
) -> Option<Term> {
    let language = ctx.language;
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
        } else if ctx.source_language.is_some_and(|s| same_lang(&l.lang, s)) {
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
    let mut t = term_with_defaults(preferred.term.clone(), &ctx.defaults);
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
    let definitions: Vec<_> = definitions
        .into_iter()
        .filter(|(_, d)| !d.is_empty())
        .collect();
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
