//! `json-lines`: one finding per line, the contract's finding object,
//! written as each file is done (streamed, for `jq` and log shippers).

use std::io;

use super::json::WireFinding;
use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::Finding;
use crate::text::Document;

/// Writes each finding as one line of JSON.
pub struct JsonLinesPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
}

impl<'w> JsonLinesPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self { out }
    }
}

impl Printer for JsonLinesPrinter<'_> {
    fn begin(&mut self, _info: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            serde_json::to_writer(&mut self.out, &WireFinding::new(doc, f))?;
            writeln!(self.out)?;
        }
        self.out.flush()
    }

    /// An input that could not be checked: one line `{"error": {...}}`,
    /// told apart from findings by its one key.
    fn error(&mut self, error: &Error) -> io::Result<()> {
        serde_json::to_writer(
            &mut self.out,
            &serde_json::json!({ "error": super::WireError::new(error) }),
        )?;
        writeln!(self.out)?;
        self.out.flush()
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
