//! Canonical formatting of glossary TOML (`termcheck glossary fmt`).
//!
//! The document is parsed with `toml_edit` and written out again by hand,
//! so the layout is decided here and nowhere else: tables in the order
//! `[glossary]`, `[defaults]`, `[[term]]`…; keys in the documented order
//! ([`TERM_KEYS`] and friends), unknown keys last in their own order;
//! strings in toml_edit's default quoting; an array on one line when it
//! has one element or fits in [`MAX_WIDTH`] columns, otherwise one element
//! per line with a trailing comma; `examples` as dotted keys. Terms keep
//! their order and every comment is kept with the key, table or array
//! element it stands above (or beside). Before returning, the output is
//! parsed again and compared with the input: formatting never changes
//! the data.

use std::collections::BTreeMap;

use toml_edit::{Array, DocumentMut, Formatted, InlineTable, Item, Key, Table, Value};

use super::load::{
    DEFAULTS_KEYS, EXAMPLE_KEYS, FORM_KEYS, GLOSSARY_KEYS, GROUP_KEYS, ROOT_KEYS, TERM_KEYS,
};
use crate::finding::Span;

/// Widest line (in chars) an array is kept on before it is split.
pub const MAX_WIDTH: usize = 100;

/// Why a file could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FmtError {
    /// What went wrong.
    pub message: String,
    /// Where in the input (bytes), when known.
    pub span: Option<Span>,
}

impl std::fmt::Display for FmtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Formats a whole file's text, keeping its BOM and line endings (CRLF
/// when the file mostly uses CRLF).
pub fn format_file_text(text: &str) -> Result<String, FmtError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let crlf = body.matches("\r\n").count();
    let lf = body.matches('\n').count();
    let use_crlf = crlf > 0 && crlf * 2 >= lf;
    let lf_body = if crlf > 0 {
        body.replace("\r\n", "\n")
    } else {
        body.to_owned()
    };
    let formatted = format_toml(&lf_body).map_err(|mut e| {
        // Spans are of the LF text; map them back to the original bytes.
        if let (Some(span), true) = (e.span, crlf > 0 || !bom.is_empty()) {
            e.span = Some(Span::new(
                lf_to_original(body, span.start) + bom.len(),
                lf_to_original(body, span.end) + bom.len(),
            ));
        }
        e
    })?;
    let out = if use_crlf {
        formatted.replace('\n', "\r\n")
    } else {
        formatted
    };
    Ok(format!("{bom}{out}"))
}

/// Byte offset in `original` (which may hold CRLF) of offset `lf` in the
/// same text with every CRLF turned into LF.
fn lf_to_original(original: &str, lf: usize) -> usize {
    let mut seen = 0;
    let bytes = original.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if seen >= lf {
            return i;
        }
        if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            seen += 1;
        }
    }
    original.len()
}

/// Formats glossary TOML (LF line endings, no BOM) canonically.
pub fn format_toml(text: &str) -> Result<String, FmtError> {
    let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| FmtError {
        message: format!("invalid TOML: {}", e.message().trim()),
        span: e.span().map(|r| Span::new(r.start, r.end)),
    })?;
    let mut w = Writer::default();
    w.document(&doc)?;
    let out = w.finish();
    let again: DocumentMut = out.parse().map_err(|e: toml_edit::TomlError| FmtError {
        message: format!(
            "internal error: formatted output is not valid TOML ({}); the file was left alone",
            e.message().trim()
        ),
        span: None,
    })?;
    if plain_table(doc.as_table()) != plain_table(again.as_table()) {
        return Err(FmtError {
            message: "internal error: formatting would change the data; the file was left alone"
                .to_owned(),
            span: None,
        });
    }
    Ok(out)
}

/// The output under construction.
#[derive(Default)]
struct Writer {
    out: String,
    /// Position of the table that came first in the input: the part of
    /// its comment block above a blank line is the file's header and stays
    /// at the top even when the table moves.
    first_position: Option<isize>,
}

/// The documented key order of a table, by its path.
fn key_order(path: &str) -> &'static [&'static str] {
    match path {
        "" => ROOT_KEYS,
        "glossary" => GLOSSARY_KEYS,
        "defaults" => DEFAULTS_KEYS,
        "term" => TERM_KEYS,
        "term.examples" => EXAMPLE_KEYS,
        "group" => GROUP_KEYS,
        _ => &[],
    }
}

/// Keys of `table` in canonical order: documented ones first in their
/// order, then the rest as written.
fn ordered_keys<'t>(keys: impl Iterator<Item = &'t str>, path: &str) -> Vec<&'t str> {
    let order = key_order(path);
    let mut keys: Vec<(usize, usize, &str)> = keys
        .enumerate()
        .map(|(i, k)| {
            let rank = order.iter().position(|o| *o == k).unwrap_or(order.len());
            (rank, i, k)
        })
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, _, k)| k).collect()
}

/// Comment lines (trimmed) of a piece of decor.
fn comments(raw: Option<&toml_edit::RawString>) -> Vec<String> {
    raw.and_then(|r| r.as_str())
        .map(|s| {
            s.lines()
                .map(str::trim)
                .filter(|l| l.starts_with('#'))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Decor text before a header, as lines: comments kept, runs of blank
/// lines collapsed to one, leading and trailing blanks dropped except one
/// blank between the last comment and the header when there was one.
fn header_prefix(raw: Option<&toml_edit::RawString>) -> Vec<String> {
    let Some(s) = raw.and_then(|r| r.as_str()) else {
        return Vec::new();
    };
    let mut lines: Vec<String> = Vec::new();
    for l in s.split('\n') {
        let t = l.trim();
        if t.is_empty() {
            if lines.last().is_some_and(|p: &String| !p.is_empty()) {
                lines.push(String::new());
            }
        } else if t.starts_with('#') {
            lines.push(t.to_owned());
        }
    }
    lines
}

/// A trailing same-line comment in decor text (`# ...` before any newline).
fn same_line_comment(raw: Option<&toml_edit::RawString>) -> Option<String> {
    let s = raw.and_then(|r| r.as_str())?;
    let first = s.split('\n').next()?;
    let pos = first.find('#')?;
    Some(first[pos..].trim_end().to_owned())
}

fn key_repr(k: &str) -> String {
    Key::new(k).display_repr().into_owned()
}

impl Writer {
    fn finish(mut self) -> String {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        if !self.out.ends_with('\n') && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s.trim_end());
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn document(&mut self, doc: &DocumentMut) -> Result<(), FmtError> {
        let root = doc.as_table();
        for c in header_prefix(root.decor().prefix()) {
            self.line(&c);
        }
        let mut first: Option<&Table> = None;
        for (_, item) in root.iter() {
            let tables: Vec<&Table> = match item {
                Item::Table(t) => vec![t],
                Item::ArrayOfTables(a) => a.iter().collect(),
                _ => Vec::new(),
            };
            for t in tables {
                if t.position().is_some() && first.is_none_or(|f| t.position() < f.position()) {
                    first = Some(t);
                }
            }
        }
        if let Some(t) = first {
            let prefix = header_prefix(t.decor().prefix());
            if let Some(cut) = prefix.iter().rposition(String::is_empty) {
                for l in &prefix[..cut] {
                    self.line(l);
                }
                self.first_position = t.position();
            }
        }
        // Plain values at the top level come first (before any header).
        let names = ordered_keys(root.iter().map(|(k, _)| k), "");
        for name in &names {
            if let Some(Item::Value(v)) = root.get(name) {
                let key = root.key(name);
                self.key_value(key, &key_repr(name), v, "")?;
            }
        }
        for name in &names {
            match root.get(name) {
                Some(Item::Table(t)) => self.header_table(t, name, &key_repr(name), false)?,
                Some(Item::ArrayOfTables(a)) => {
                    for t in a.iter() {
                        self.header_table(t, name, &key_repr(name), true)?;
                    }
                }
                _ => {}
            }
        }
        let trailing = header_prefix(Some(doc.trailing()));
        if trailing.iter().any(|l| !l.is_empty()) {
            self.blank();
            for c in trailing {
                self.line(&c);
            }
        }
        Ok(())
    }

    /// A `[name]` or `[[name]]` table with its keys; sub-tables become
    /// dotted keys.
    fn header_table(
        &mut self,
        t: &Table,
        path: &str,
        header: &str,
        array: bool,
    ) -> Result<(), FmtError> {
        if t.is_implicit() && !array && t.iter().all(|(_, i)| !i.is_value()) {
            // `[a.b]` without `[a]`: emit the children under their own headers.
            for (k, item) in t.iter() {
                let sub = format!("{header}.{}", key_repr(k));
                match item {
                    Item::Table(st) => self.header_table(st, "", &sub, false)?,
                    Item::ArrayOfTables(a) => {
                        for st in a.iter() {
                            self.header_table(st, "", &sub, true)?;
                        }
                    }
                    _ => {}
                }
            }
            return Ok(());
        }
        self.blank();
        let mut prefix = header_prefix(t.decor().prefix());
        if self.first_position.is_some() && t.position() == self.first_position {
            if let Some(cut) = prefix.iter().rposition(String::is_empty) {
                prefix.drain(..=cut);
            }
        }
        for c in &prefix {
            self.line(c);
        }
        let mut h = if array {
            format!("[[{header}]]")
        } else {
            format!("[{header}]")
        };
        if let Some(c) = same_line_comment(t.decor().suffix()) {
            h.push(' ');
            h.push_str(&c);
        }
        self.line(&h);
        self.table_body(t, path, "")
    }

    /// The keys of a table, in canonical order; `dotted` is the key path
    /// written before each key (`examples.`).
    fn table_body(&mut self, t: &Table, path: &str, dotted: &str) -> Result<(), FmtError> {
        for name in ordered_keys(t.iter().map(|(k, _)| k), path) {
            let Some(item) = t.get(name) else { continue };
            let key = t.key(name);
            let shown = format!("{dotted}{}", key_repr(name));
            let sub_path = format!("{path}.{name}");
            match item {
                Item::Value(Value::InlineTable(it)) => {
                    for c in key
                        .map(|k| comments(k.leaf_decor().prefix()))
                        .unwrap_or_default()
                    {
                        self.line(&c);
                    }
                    self.inline_as_dotted(it, &sub_path, &format!("{shown}."))?;
                }
                Item::Value(v) => self.key_value(key, &shown, v, path)?,
                Item::Table(st) => {
                    if let Some(k) = key {
                        for c in comments(k.leaf_decor().prefix())
                            .into_iter()
                            .chain(comments(k.dotted_decor().prefix()))
                        {
                            self.line(&c);
                        }
                    }
                    for c in comments(st.decor().prefix()) {
                        self.line(&c);
                    }
                    self.table_body(st, &sub_path, &format!("{shown}."))?;
                }
                Item::ArrayOfTables(_) => {
                    return Err(FmtError {
                        message: format!(
                            "cannot format the nested array of tables `{shown}`; \
                             glossaries do not use them"
                        ),
                        span: t.span().map(|r| Span::new(r.start, r.end)),
                    });
                }
                Item::None => {}
            }
        }
        Ok(())
    }

    fn inline_as_dotted(
        &mut self,
        it: &InlineTable,
        path: &str,
        dotted: &str,
    ) -> Result<(), FmtError> {
        for name in ordered_keys(it.iter().map(|(k, _)| k), path) {
            let Some(v) = it.get(name) else { continue };
            let shown = format!("{dotted}{}", key_repr(name));
            match v {
                Value::InlineTable(sub) => {
                    self.inline_as_dotted(sub, &format!("{path}.{name}"), &format!("{shown}."))?;
                }
                _ => self.key_value(it.key(name), &shown, v, path)?,
            }
        }
        Ok(())
    }

    fn key_value(
        &mut self,
        key: Option<&Key>,
        shown: &str,
        v: &Value,
        _path: &str,
    ) -> Result<(), FmtError> {
        if let Some(k) = key {
            for c in comments(k.leaf_decor().prefix())
                .into_iter()
                .chain(comments(k.dotted_decor().prefix()))
            {
                self.line(&c);
            }
        }
        let trailing = same_line_comment(v.decor().suffix());
        let lead = format!("{shown} = ");
        let mut text = String::new();
        match v {
            Value::Array(a) => self.array(a, &lead, &mut text),
            _ => {
                text.push_str(&lead);
                text.push_str(&scalar(v));
            }
        }
        if let Some(c) = trailing {
            text.push(' ');
            text.push_str(&c);
        }
        for l in text.split('\n') {
            self.line(l);
        }
        Ok(())
    }

    /// An array after `lead` (`key = `), one line or one element per line.
    fn array(&self, a: &Array, lead: &str, out: &mut String) {
        let items: Vec<String> = a.iter().map(inline_value).collect();
        let mut has_comment = same_line_comment(Some(a.trailing())).is_some()
            || !comments(Some(a.trailing())).is_empty();
        for v in a.iter() {
            has_comment |= !comments(v.decor().prefix()).is_empty()
                || !comments(v.decor().suffix()).is_empty();
        }
        let one_line = format!("{lead}[{}]", items.join(", "));
        let multi_line_item = items.iter().any(|i| i.contains('\n'));
        if !has_comment
            && !multi_line_item
            && (items.len() <= 1 || one_line.chars().count() <= MAX_WIDTH)
        {
            out.push_str(&one_line);
            return;
        }
        out.push_str(lead);
        out.push('[');
        let values: Vec<&Value> = a.iter().collect();
        for (i, v) in values.iter().enumerate() {
            let prefix = v.decor().prefix();
            // A comment on the line of the previous element belongs to it.
            let own: Vec<String> = match prefix.and_then(|r| r.as_str()) {
                Some(s) => {
                    let mut parts = s.splitn(2, '\n');
                    let first = parts.next().unwrap_or("");
                    if let (Some(pos), true) = (first.find('#'), i > 0) {
                        out.push(' ');
                        out.push_str(first[pos..].trim_end());
                    }
                    parts
                        .next()
                        .map(|rest| {
                            rest.lines()
                                .map(str::trim)
                                .filter(|l| l.starts_with('#'))
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default()
                }
                None => Vec::new(),
            };
            for c in own {
                out.push_str("\n  ");
                out.push_str(&c);
            }
            out.push_str("\n  ");
            out.push_str(&items[i]);
            out.push(',');
            if let Some(c) = same_line_comment(v.decor().suffix()) {
                out.push(' ');
                out.push_str(&c);
            }
        }
        let trailing = a.trailing().as_str().unwrap_or("");
        let mut parts = trailing.splitn(2, '\n');
        let first = parts.next().unwrap_or("");
        if let Some(pos) = first.find('#') {
            out.push(' ');
            out.push_str(first[pos..].trim_end());
        }
        if let Some(rest) = parts.next() {
            for c in rest.lines().map(str::trim).filter(|l| l.starts_with('#')) {
                out.push_str("\n  ");
                out.push_str(c);
            }
        }
        out.push_str("\n]");
    }
}

/// A scalar value in canonical form (no decor).
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => Formatted::new(s.value().clone())
            .display_repr()
            .into_owned(),
        Value::Integer(i) => Formatted::new(*i.value()).display_repr().into_owned(),
        Value::Float(f) => Formatted::new(*f.value()).display_repr().into_owned(),
        Value::Boolean(b) => Formatted::new(*b.value()).display_repr().into_owned(),
        Value::Datetime(d) => Formatted::new(*d.value()).display_repr().into_owned(),
        Value::Array(_) | Value::InlineTable(_) => inline_value(v),
    }
}

/// A value written inline (inside an array or inline table).
fn inline_value(v: &Value) -> String {
    match v {
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(inline_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::InlineTable(t) => {
            // A form table (format 1.1) in the documented key order.
            let mut entries: Vec<(&str, &Value)> = t.iter().collect();
            if t.contains_key("form") {
                let rank = |k: &str| FORM_KEYS.iter().position(|f| *f == k).unwrap_or(usize::MAX);
                entries.sort_by_key(|(k, _)| rank(k));
            }
            let items: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{} = {}", key_repr(k), inline_value(v)))
                .collect();
            if items.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{ {} }}", items.join(", "))
            }
        }
        _ => scalar(v),
    }
}

/// The data of a TOML table without any formatting, for comparing the
/// input and output of the formatter.
#[derive(Debug, PartialEq)]
enum Plain {
    Scalar(String),
    List(Vec<Plain>),
    Map(BTreeMap<String, Plain>),
}

fn plain_table(t: &Table) -> Plain {
    Plain::Map(
        t.iter()
            .filter(|(_, i)| !i.is_none())
            .map(|(k, i)| (k.to_owned(), plain_item(i)))
            .collect(),
    )
}

fn plain_item(i: &Item) -> Plain {
    match i {
        Item::Value(v) => plain_value(v),
        Item::Table(t) => plain_table(t),
        Item::ArrayOfTables(a) => Plain::List(a.iter().map(plain_table).collect()),
        Item::None => Plain::Scalar(String::new()),
    }
}

fn plain_value(v: &Value) -> Plain {
    match v {
        Value::String(s) => Plain::Scalar(format!("s:{}", s.value())),
        Value::Array(a) => Plain::List(a.iter().map(plain_value).collect()),
        Value::InlineTable(t) => Plain::Map(
            t.iter()
                .map(|(k, v)| (k.to_owned(), plain_value(v)))
                .collect(),
        ),
        other => Plain::Scalar(format!("v:{}", scalar(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = r#"# Header comment

[[term]]
# about the term
examples = { bad = ["x is bad"], good = ['x good'] }
variants = [ "b",
  "c" ]  # trailing
preferred = 'a'   
id = "a"

[defaults]
case = "smart"
severity = "error"

[glossary]
language = "en"
name = "T"
"#;

    const CANONICAL: &str = r#"# Header comment

[glossary]
name = "T"
language = "en"

[defaults]
severity = "error"
case = "smart"

[[term]]
id = "a"
preferred = "a"
variants = ["b", "c"] # trailing
# about the term
examples.good = ["x good"]
examples.bad = ["x is bad"]
"#;

    #[test]
    fn orders_keys_and_normalizes_layout() {
        let out = format_toml(MESSY).unwrap();
        assert_eq!(out, CANONICAL);
    }

    #[test]
    fn format_1_1_round_trips() {
        let text = r#"[[group]]
forms = ["ceasefire", "cease-fire"]
id = "ceasefire"

[[term]]
rationale = "UN note"
sources = ["UNTERM"]
preferred = "Türkiye"
valid_until = "2100-01-01"
avoid = ["Turkish Republic"]
variants = [{ case = "sensitive", valid_from = "2022-06-01", form = "Turkey" }, "Turkiye"]
fix = false
exception_rules = ["followed-by-capitalized"]
consistent = true

[glossary]
extends = ["default"]
pack = "un"
name = "UN"
language = "en"
format = "1.1"
"#;
        let out = format_toml(text).unwrap();
        assert_eq!(
            out,
            r#"[glossary]
name = "UN"
language = "en"
format = "1.1"
pack = "un"
extends = ["default"]

[[term]]
preferred = "Türkiye"
variants = [{ form = "Turkey", valid_from = "2022-06-01", case = "sensitive" }, "Turkiye"]
avoid = ["Turkish Republic"]
exception_rules = ["followed-by-capitalized"]
valid_until = "2100-01-01"
fix = false
consistent = true
rationale = "UN note"
sources = ["UNTERM"]

[[group]]
id = "ceasefire"
forms = ["ceasefire", "cease-fire"]
"#
        );
        assert_eq!(format_toml(&out).unwrap(), out);
        let loaded = crate::glossary::parse("g.toml", &out);
        assert!(loaded.glossary.is_some(), "{:?}", loaded.diagnostics);
    }

    #[test]
    fn idempotent() {
        let once = format_toml(MESSY).unwrap();
        assert_eq!(format_toml(&once).unwrap(), once);
    }

    #[test]
    fn long_arrays_split_and_keep_comments() {
        let text = format!(
            "[[term]]\npreferred = \"p\"\nvariants = [\n  # first\n  \"{}\", # one\n  \"{}\",\n  # last\n]\n",
            "a".repeat(60),
            "b".repeat(60)
        );
        let out = format_toml(&text).unwrap();
        let want = format!(
            "[[term]]\npreferred = \"p\"\nvariants = [\n  # first\n  \"{}\", # one\n  \"{}\",\n  # last\n]\n",
            "a".repeat(60),
            "b".repeat(60)
        );
        assert_eq!(out, want);
        assert_eq!(format_toml(&out).unwrap(), out);
    }

    #[test]
    fn keeps_section_comments_between_terms() {
        let text = "[[term]]\npreferred = \"a\"\n\n\n# -----\n# Section\n# -----\n\n[[term]]\npreferred = \"b\"\n";
        let out = format_toml(text).unwrap();
        assert_eq!(
            out,
            "[[term]]\npreferred = \"a\"\n\n# -----\n# Section\n# -----\n\n[[term]]\npreferred = \"b\"\n"
        );
    }

    #[test]
    fn subtable_examples_become_dotted() {
        let text = "[[term]]\npreferred = \"a\"\n[term.examples]\nbad = [\"y\"]\ngood = [\"x\"]\n";
        let out = format_toml(text).unwrap();
        assert_eq!(
            out,
            "[[term]]\npreferred = \"a\"\nexamples.good = [\"x\"]\nexamples.bad = [\"y\"]\n"
        );
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let text = "\u{feff}[glossary]\r\nlanguage = 'en'\r\nname = \"T\"\r\n";
        let out = format_file_text(text).unwrap();
        assert_eq!(
            out,
            "\u{feff}[glossary]\r\nname = \"T\"\r\nlanguage = \"en\"\r\n"
        );
    }

    #[test]
    fn syntax_error_has_span() {
        let text = "\u{feff}[glossary]\r\nname = \"x\r\n";
        let e = format_file_text(text).unwrap_err();
        let span = e.span.unwrap();
        // The error points into line 2 of the original (CRLF, BOM) bytes.
        assert!(span.start > "\u{feff}[glossary]\r\n".len() - 1, "{span:?}");
    }

    #[test]
    fn strings_with_quotes_and_newlines() {
        let text =
            "[[term]]\npreferred = \"say \\\"hi\\\"\"\nnote = \"\"\"\nline one\nline two\"\"\"\n";
        let out = format_toml(text).unwrap();
        assert_eq!(format_toml(&out).unwrap(), out);
        assert!(out.contains("line two"));
    }
}
