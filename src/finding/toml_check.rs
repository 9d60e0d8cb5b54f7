//! The one TOML-validation helper behind glossaries and `termcheck.toml`:
//! every problem becomes a positioned [`Diagnostic`] (file:line:col),
//! unknown keys and values get a did-you-mean, wrong types say what was
//! expected.

use std::ops::Range;
use std::sync::Arc;

use toml_edit::{Item, TableLike};

use super::Span;
use super::diagnostic::{Diagnostic, Location, did_you_mean};

/// A span from `toml_edit`'s optional byte range.
pub fn span_of(r: Option<Range<usize>>) -> Span {
    r.map_or(Span::default(), |r| Span::new(r.start, r.end))
}

/// The span of a key in a table.
pub fn key_span(t: &dyn TableLike, key: &str) -> Span {
    t.get_key_value(key)
        .map_or(Span::default(), |(k, _)| span_of(k.span()))
}

/// Collects the diagnostics of one TOML file while it is read.
pub struct TomlCheck<'a> {
    /// The file as shown to the user.
    pub path: &'a str,
    /// Its text.
    pub source: &'a Arc<str>,
    /// Everything found so far.
    pub diags: Vec<Diagnostic>,
}

impl<'a> TomlCheck<'a> {
    /// A checker for `source`, shown as `path`.
    pub fn new(path: &'a str, source: &'a Arc<str>) -> Self {
        Self {
            path,
            source,
            diags: Vec::new(),
        }
    }

    /// Adds an error; returns it so that help or related places can be set.
    pub fn error(
        &mut self,
        code: &'static str,
        span: Span,
        msg: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, self.path, self.source, span, msg));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// Adds a warning.
    pub fn warning(&mut self, code: &'static str, span: Span, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(code, self.path, self.source, span, msg));
    }

    /// A place in the file.
    pub fn location(&self, span: Span) -> Location {
        Location::new(self.path, self.source, span)
    }

    /// An error for every key of `table` not in `known`, with the closest
    /// known key as a suggestion.
    pub fn unknown_keys(&mut self, table: &dyn TableLike, known: &[&str], what: &str) {
        for (name, _) in table.iter() {
            if known.contains(&name) {
                continue;
            }
            let help = match did_you_mean(name, known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known keys here: {}", known.join(", ")),
            };
            self.error(
                "unknown-key",
                key_span(table, name),
                format!("unknown key `{name}` in {what}"),
            )
            .help = Some(help);
        }
    }

    /// The sub-table `key`, or an error when it is something else.
    pub fn table<'t>(&mut self, t: &'t dyn TableLike, key: &str) -> Option<&'t dyn TableLike> {
        let (_, item) = t.get_key_value(key)?;
        let table = item.as_table_like();
        if table.is_none() {
            self.error(
                "wrong-type",
                item_span(item),
                format!("`{key}` must be a table"),
            );
        }
        table
    }

    /// The string `key` with its span, or an error when it is not one.
    pub fn string(&mut self, t: &dyn TableLike, key: &str) -> Option<(String, Span)> {
        let (_, item) = t.get_key_value(key)?;
        let span = item_span(item);
        match item.as_str() {
            Some(s) => Some((s.to_owned(), span)),
            None => {
                self.error("wrong-type", span, format!("`{key}` must be a string"));
                None
            }
        }
    }

    /// The boolean `key`, or an error when it is not one.
    pub fn boolean(&mut self, t: &dyn TableLike, key: &str) -> Option<bool> {
        let (_, item) = t.get_key_value(key)?;
        match item.as_bool() {
            Some(b) => Some(b),
            None => {
                let span = item_span(item);
                self.error("wrong-type", span, format!("`{key}` must be true or false"));
                None
            }
        }
    }

    /// The array of strings `key`, each with its span.
    pub fn strings(&mut self, t: &dyn TableLike, key: &str) -> Option<Vec<(String, Span)>> {
        let (_, item) = t.get_key_value(key)?;
        let Some(arr) = item.as_array() else {
            self.error(
                "wrong-type",
                item_span(item),
                format!("`{key}` must be an array of strings"),
            )
            .help = Some(format!("write `{key} = [\"...\"]`"));
            return None;
        };
        let mut out = Vec::new();
        for v in arr.iter() {
            let span = span_of(v.span());
            match v.as_str() {
                Some(s) => out.push((s.to_owned(), span)),
                None => {
                    self.error(
                        "wrong-type",
                        span,
                        format!("`{key}` must hold only strings"),
                    );
                }
            }
        }
        Some(out)
    }

    /// An error for a value outside `allowed`, with a suggestion.
    pub fn bad_value(&mut self, span: Span, what: &str, value: &str, allowed: &[&str]) {
        let help = match did_you_mean(value, allowed) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of: {}", allowed.join(", ")),
        };
        self.error("invalid-value", span, format!("unknown {what} `{value}`"))
            .help = Some(help);
    }
}

/// The span of an item's value.
pub fn item_span(item: &Item) -> Span {
    span_of(item.span())
}
