//! Editing a glossary file in place: adding a form found in a text to a
//! term as admitted or as a variant, keeping every comment and the layout
//! of everything else (toml_edit), and showing a term's whole entry.

use std::ops::Range;

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use super::load::parse;
use super::model::slug;
use crate::diagnostic::Diagnostic;
use crate::text::fold;

/// Where a form is added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddAs {
    /// To `admitted`: never flagged again.
    Admitted,
    /// To `variants`: flagged, with the preferred form as fix.
    Variant,
}

impl AddAs {
    fn key(self) -> &'static str {
        match self {
            AddAs::Admitted => "admitted",
            AddAs::Variant => "variants",
        }
    }

    fn other(self) -> &'static str {
        match self {
            AddAs::Admitted => "variants",
            AddAs::Variant => "admitted",
        }
    }
}

/// What [`add_form`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The new glossary text.
    pub text: String,
    /// False when the form was already listed there (text unchanged).
    pub changed: bool,
    /// True when the form was taken out of the other list (a variant
    /// becoming admitted, or the reverse).
    pub moved: bool,
}

/// Why a glossary could not be edited.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// The file is not valid TOML.
    #[error("the glossary is not valid TOML: {0}")]
    Syntax(String),
    /// No `[[term]]` has this id.
    #[error("no term with id `{0}` in the glossary")]
    NoTerm(String),
    /// The edited glossary would be rejected.
    #[error("the glossary would become invalid: {0}")]
    Invalid(String),
}

fn same_form(a: &str, b: &str) -> bool {
    fold(a.trim(), 0, false).text == fold(b.trim(), 0, false).text
}

fn term_id(t: &Table) -> Option<String> {
    if let Some(id) = t.get("id").and_then(Item::as_str) {
        return Some(id.to_owned());
    }
    t.get("preferred").and_then(Item::as_str).map(slug)
}

fn find_term<'d>(doc: &'d mut DocumentMut, id: &str) -> Option<&'d mut Table> {
    doc.get_mut("term")?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| term_id(t).as_deref() == Some(id))
}

/// Adds `form` to the term `id` (unqualified) of the glossary `text`,
/// under `admitted` or `variants`. A form listed under the other key is
/// moved. The result is validated like any glossary: an edit that would
/// make the file invalid is refused. `path` is used in messages only.
pub fn add_form(
    path: &str,
    text: &str,
    id: &str,
    form: &str,
    to: AddAs,
) -> Result<Added, EditError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Syntax(e.message().trim().to_owned()))?;
    let term = find_term(&mut doc, id).ok_or_else(|| EditError::NoTerm(id.to_owned()))?;
    let listed = |t: &Table, key: &str| {
        t.get(key).and_then(Item::as_array).is_some_and(|a| {
            a.iter()
                .any(|v| form_text(v).is_some_and(|s| same_form(s, form)))
        })
    };
    if listed(term, to.key()) {
        return Ok(Added {
            text: text.to_owned(),
            changed: false,
            moved: false,
        });
    }
    let mut moved = false;
    if let Some(other) = term.get_mut(to.other()).and_then(Item::as_array_mut) {
        moved = remove_keeping_comments(other, form);
    }
    match term.get_mut(to.key()).and_then(Item::as_array_mut) {
        Some(arr) => push_like_last(arr, form),
        None => {
            let mut arr = Array::new();
            arr.push(form);
            term.insert(to.key(), Item::Value(Value::Array(arr)));
        }
    }
    let new_text = doc.to_string();
    let loaded = parse(path, &new_text);
    if let Some(d) = loaded.diagnostics.iter().find(|d| d.is_error()) {
        return Err(EditError::Invalid(short(d)));
    }
    Ok(Added {
        text: new_text,
        changed: true,
        moved,
    })
}

fn short(d: &Diagnostic) -> String {
    match &d.help {
        Some(h) => format!("{} ({h})", d.message),
        None => d.message.clone(),
    }
}

/// Removes the elements equal to `form`. A comment in front of a removed
/// element (the comment on the previous element's line) is kept, moved to
/// what follows it; `[a, b]` without `a` becomes `[b]`, not `[ b]`.
/// The form an array element stands for: a string, or the `form` of a
/// form table (format 1.1).
fn form_text(v: &Value) -> Option<&str> {
    v.as_str()
        .or_else(|| v.as_inline_table()?.get("form")?.as_str())
}

fn remove_keeping_comments(arr: &mut Array, form: &str) -> bool {
    let mut removed = false;
    for i in (0..arr.len()).rev() {
        let hit = arr
            .get(i)
            .and_then(form_text)
            .is_some_and(|s| same_form(s, form));
        if !hit {
            continue;
        }
        removed = true;
        let v = arr.remove(i);
        let prefix = v.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
        let Some(nl) = prefix.rfind('\n').filter(|_| prefix.contains('#')) else {
            continue;
        };
        let keep = &prefix[..=nl];
        if let Some(next) = arr.get_mut(i) {
            let p = next.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
            let joined = format!("{keep}{}", p.strip_prefix('\n').unwrap_or(p));
            next.decor_mut().set_prefix(joined);
        } else {
            let t = arr.trailing().as_str().unwrap_or("");
            let joined = format!("{keep}{}", t.strip_prefix('\n').unwrap_or(t));
            arr.set_trailing(joined);
        }
    }
    if let Some(first) = arr.get_mut(0) {
        let inline = first
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_some_and(|p| !p.contains('\n'));
        if removed && inline {
            first.decor_mut().set_prefix("");
        }
    }
    removed
}

/// Appends a string to an array, indented like its last element, so a
/// one-per-line array stays one-per-line.
fn push_like_last(arr: &mut Array, form: &str) {
    let prefix = arr
        .iter()
        .last()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .map(str::to_owned);
    let mut v = Value::from(form);
    if let Some(mut p) = prefix {
        // A comment after the last element belongs to that element: keep
        // it on its line and put the new element on the next one.
        let trailing = arr.trailing().as_str().unwrap_or("").to_owned();
        if trailing.contains('#') && p.contains('\n') {
            let indent = p.rsplit('\n').next().unwrap_or("").to_owned();
            p = format!("{trailing}{indent}");
            arr.set_trailing("\n");
        }
        v.decor_mut().set_prefix(p);
        v.decor_mut().set_suffix("");
        arr.push_formatted(v);
    } else {
        arr.push(form);
    }
}

/// A `[[term]]` entry's text (see [`entry_range`]) without the keys for
/// maintainers only (`rationale`, `sources`), for showing to editors.
pub fn without_maintainer_fields(entry: &str) -> String {
    const HIDDEN: [&str; 2] = ["rationale", "sources"];
    if let Ok(mut doc) = entry.parse::<DocumentMut>()
        && let Some(aot) = doc.get_mut("term").and_then(Item::as_array_of_tables_mut)
    {
        for t in aot.iter_mut() {
            for k in HIDDEN {
                t.remove(k);
            }
        }
        return doc.to_string();
    }
    // Not a whole entry: drop the lines that start those keys.
    entry
        .lines()
        .filter(|l| {
            let key = l.split('=').next().unwrap_or("").trim();
            !HIDDEN.contains(&key)
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The byte range of a term's whole entry in a glossary file: from the
/// line holding `header` (a byte inside its `[[term]]` header) to the next
/// top-level table header, without trailing blank lines.
pub fn entry_range(text: &str, header: usize) -> Range<usize> {
    let header = header.min(text.len());
    let start = text[..header].rfind('\n').map_or(0, |i| i + 1);
    let mut end = text.len();
    let mut at = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    while at < text.len() {
        let line = &text[at..];
        let t = line.trim_start();
        if (t.starts_with('[') && !t.starts_with("[term.") && !t.starts_with("[[term."))
            || t.starts_with("[[") && !t.starts_with("[[term.")
        {
            end = at;
            break;
        }
        at = line.find('\n').map_or(text.len(), |i| at + i + 1);
    }
    let trimmed = text[start..end].trim_end().len();
    start..start + trimmed
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: &str = r#"# Diplomatic terms
[glossary]
name = "t"
language = "en"

# The OSCE principle.
[[term]]
id = "indivisible-security"
preferred = "indivisible security"   # keep
variants = [
  "indivisibility of security",  # common in TASS copy
]
note = "OSCE principle"

[[term]]
preferred = "OSCE"
"#;

    #[test]
    fn adds_a_variant_keeping_comments_and_layout() {
        let out = add_form(
            "g.toml",
            G,
            "indivisible-security",
            "undivided security",
            AddAs::Variant,
        )
        .unwrap();
        assert!(out.changed && !out.moved);
        assert!(out.text.contains("# common in TASS copy"));
        assert!(
            out.text
                .contains("preferred = \"indivisible security\"   # keep")
        );
        assert!(
            out.text.contains(
                "  \"indivisibility of security\",  # common in TASS copy\n  \"undivided security\""
            ),
            "{}",
            out.text
        );
        // Everything outside the term is byte for byte the same.
        assert!(out.text.ends_with("[[term]]\npreferred = \"OSCE\"\n"));
        assert!(out.text.starts_with("# Diplomatic terms\n[glossary]\n"));
    }

    #[test]
    fn adds_admitted_by_slug_id_and_is_idempotent() {
        let out = add_form("g.toml", G, "osce", "Osce", AddAs::Admitted).unwrap();
        assert!(
            out.text
                .contains("preferred = \"OSCE\"\nadmitted = [\"Osce\"]"),
            "{}",
            out.text
        );
        let again = add_form("g.toml", &out.text, "osce", "Osce", AddAs::Admitted).unwrap();
        assert!(!again.changed);
        assert_eq!(again.text, out.text);
    }

    #[test]
    fn form_tables_count_as_listed_and_move() {
        let g = "[glossary]\nname = \"t\"\nlanguage = \"en\"\n[[term]]\npreferred = \"p\"\n\
                 variants = [{ form = \"a\", valid_from = \"2022-06-01\" }, \"b\"]\n";
        let same = add_form("g.toml", g, "p", "a", AddAs::Variant).unwrap();
        assert!(!same.changed);
        let out = add_form("g.toml", g, "p", "a", AddAs::Admitted).unwrap();
        assert!(out.moved);
        assert!(out.text.contains("variants = [\"b\"]\n"), "{}", out.text);
        assert!(out.text.contains("admitted = [\"a\"]"), "{}", out.text);
    }

    #[test]
    fn moving_a_variant_to_admitted() {
        let out = add_form(
            "g.toml",
            G,
            "indivisible-security",
            "indivisibility of security",
            AddAs::Admitted,
        )
        .unwrap();
        assert!(out.moved);
        assert!(
            out.text
                .contains("admitted = [\"indivisibility of security\"]")
        );
        let g = "[glossary]\nname = \"t\"\nlanguage = \"en\"\n[[term]]\npreferred = \"p\"\nvariants = [\"a\", \"b\"]\n";
        let out = add_form("g.toml", g, "p", "a", AddAs::Admitted).unwrap();
        assert!(out.text.contains("variants = [\"b\"]\n"), "{}", out.text);
        assert!(parse("g.toml", &out.text).glossary.is_some());
    }

    #[test]
    fn removing_keeps_comments() {
        let out = add_form(
            "g.toml",
            G,
            "indivisible-security",
            "indivisibility of security",
            AddAs::Admitted,
        )
        .unwrap();
        assert!(
            out.text.contains("variants = [  # common in TASS copy\n]"),
            "{}",
            out.text
        );
        let g = G.replace(
            "  \"indivisibility of security\",  # common in TASS copy\n",
            "  \"a b\",  # on a\n  \"indivisibility of security\",  # on it\n  \"c d\",\n",
        );
        let out = add_form(
            "g.toml",
            &g,
            "indivisible-security",
            "indivisibility of security",
            AddAs::Admitted,
        )
        .unwrap();
        assert!(
            out.text
                .contains("  \"a b\",  # on a\n  # on it\n  \"c d\",\n]"),
            "{}",
            out.text
        );
    }

    #[test]
    fn refusals() {
        assert!(matches!(
            add_form("g.toml", G, "nope", "x", AddAs::Variant),
            Err(EditError::NoTerm(_))
        ));
        // A variant equal to the preferred form would be rejected.
        assert!(matches!(
            add_form("g.toml", G, "osce", "OSCE", AddAs::Variant),
            Err(EditError::Invalid(_))
        ));
        assert!(matches!(
            add_form("g.toml", "[[term", "x", "y", AddAs::Variant),
            Err(EditError::Syntax(_))
        ));
    }

    #[test]
    fn maintainer_fields_are_hidden_from_the_shown_entry() {
        let entry = "[[term]]\npreferred = \"p\" # kept\nrationale = \"corpus: 12 hits\"\n\
                     sources = [\n  \"a.txt:3\",\n]\nnote = \"Write p.\"\n";
        let shown = without_maintainer_fields(entry);
        assert_eq!(
            shown,
            "[[term]]\npreferred = \"p\" # kept\nnote = \"Write p.\"\n"
        );
    }

    #[test]
    fn entry_range_covers_the_term() {
        let at = G.find("id = \"indiv").unwrap() - 9;
        let r = entry_range(G, at);
        let entry = &G[r];
        assert!(entry.starts_with("[[term]]\nid = \"indivisible-security\""));
        assert!(entry.ends_with("note = \"OSCE principle\""));
    }

    #[test]
    fn loader_term_span_finds_the_entry() {
        let g = parse("g.toml", G).glossary.unwrap();
        let span = g.terms[0].span.unwrap();
        let entry = &G[entry_range(G, span.start)];
        assert!(
            entry.starts_with("[[term]]\nid = \"indivisible-security\""),
            "{entry:?} {span:?}"
        );
    }
}
