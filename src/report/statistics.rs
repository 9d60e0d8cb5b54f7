//! `--statistics`: counts per term and finding kind instead of the
//! findings themselves (a table, or JSON with `--format json`).

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::Finding;
use crate::text::Document;

#[derive(Debug, Clone, Default, Serialize)]
struct Row {
    term_id: String,
    kind: &'static str,
    count: usize,
    fixable: usize,
    files: usize,
}

/// Counts findings and prints the table at the end.
pub struct StatisticsPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    json: bool,
    rows: BTreeMap<(String, &'static str), Row>,
}

impl<'w> StatisticsPrinter<'w> {
    /// A printer writing to `out`; `json` selects JSON over a table.
    pub fn new(out: Box<dyn io::Write + 'w>, json: bool) -> Self {
        Self {
            out,
            json,
            rows: BTreeMap::new(),
        }
    }
}

impl Printer for StatisticsPrinter<'_> {
    fn begin(&mut self, _info: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, _doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let mut seen = std::collections::BTreeSet::new();
        for f in findings {
            let key = (f.term_id.to_string(), f.kind.as_str());
            let row = self.rows.entry(key.clone()).or_insert_with(|| Row {
                term_id: f.term_id.to_string(),
                kind: f.kind.as_str(),
                ..Row::default()
            });
            row.count += 1;
            row.fixable += usize::from(
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability == crate::finding::Applicability::Safe),
            );
            if seen.insert(key) {
                row.files += 1;
            }
        }
        Ok(())
    }

    fn error(&mut self, _error: &Error) -> io::Result<()> {
        // Counted in the summary line (and shown on standard error).
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let mut rows: Vec<&Row> = self.rows.values().collect();
        // Most frequent first; ties by term, then kind, for stable output.
        rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.term_id.cmp(&b.term_id))
                .then_with(|| a.kind.cmp(b.kind))
        });
        if self.json {
            serde_json::to_writer_pretty(&mut self.out, &rows)?;
            writeln!(self.out)?;
            return self.out.flush();
        }
        let id_w = rows
            .iter()
            .map(|r| r.term_id.len())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            self.out,
            "{:>6}  {:<12}  {:<id_w$}  {:>7}  {:>5}",
            "count", "kind", "term", "fixable", "files"
        )?;
        for r in &rows {
            writeln!(
                self.out,
                "{:>6}  {:<12}  {:<id_w$}  {:>7}  {:>5}",
                r.count, r.kind, r.term_id, r.fixable, r.files
            )?;
        }
        writeln!(
            self.out,
            "{:>6}  findings in {} of {} files checked",
            s.total(),
            s.files_with_findings,
            s.files_checked
        )?;
        if s.files_failed > 0 {
            writeln!(
                self.out,
                "{:>6}  file{} could not be checked",
                s.files_failed,
                if s.files_failed == 1 { "" } else { "s" }
            )?;
        }
        self.out.flush()
    }
}
