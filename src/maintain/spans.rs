//! Positions of values in a glossary's TOML text, for diagnostics about
//! values the model does not keep spans for (ids, tags, metadata).

use toml_edit::{Item, TableLike};

use crate::finding::Span;

/// A parsed glossary text that answers "where is this value?".
pub(crate) struct TomlSpans {
    doc: Option<toml_edit::Document<String>>,
}

fn span(r: Option<std::ops::Range<usize>>) -> Option<Span> {
    r.map(|r| Span::new(r.start, r.end))
}

impl TomlSpans {
    /// Parses `text`; on a syntax error every lookup answers `None`.
    pub(crate) fn parse(text: &str) -> Self {
        Self {
            doc: toml_edit::Document::parse(text.to_owned()).ok(),
        }
    }

    fn term(&self, index: usize) -> Option<&dyn TableLike> {
        let item = self.doc.as_ref()?.as_table().get("term")?;
        if let Some(aot) = item.as_array_of_tables() {
            return aot.get(index).map(|t| t as &dyn TableLike);
        }
        item.as_array()?
            .get(index)?
            .as_inline_table()
            .map(|t| t as &dyn TableLike)
    }

    /// The value of `key` in the `index`-th term.
    pub(crate) fn term_value(&self, index: usize, key: &str) -> Option<Span> {
        span(self.term(index)?.get(key)?.span())
    }

    /// Element `item` of the array `key` in the `index`-th term.
    pub(crate) fn term_array_item(&self, index: usize, key: &str, item: usize) -> Option<Span> {
        let value = self.term(index)?.get(key)?;
        span(value.as_array()?.get(item)?.span())
    }

    /// The value of `key` in the top-level table `table`.
    pub(crate) fn table_value(&self, table: &str, key: &str) -> Option<Span> {
        let t: &Item = self.doc.as_ref()?.as_table().get(table)?;
        span(t.as_table_like()?.get(key)?.span())
    }
}
