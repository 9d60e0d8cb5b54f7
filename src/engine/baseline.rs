//! Baselines: record today's findings, later report only new ones.
//!
//! A finding is identified by a fingerprint of its term, kind, found text
//! and the words around it on its line, never by its line number or byte
//! offset, so inserting
//! or deleting lines elsewhere in the file does not bring old findings
//! back. Identical fingerprints in one file are counted: a baseline with
//! two occurrences suppresses two, and a third one is new.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
pub use crate::finding::fingerprint::{CONTEXT_WORDS, fingerprint};
use crate::text::Document;

/// The baseline file format (version 1).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct BaselineFile {
    /// Format version: 1.
    pub version: u32,
    /// Recorded findings, sorted by path, then line.
    pub findings: Vec<Entry>,
}

/// One recorded finding. Only `path` and `fingerprint` are used for
/// matching; the rest makes the file reviewable.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// The file, as displayed in the run that wrote the baseline.
    pub path: String,
    /// The term id.
    pub term_id: String,
    /// The finding kind.
    pub kind: String,
    /// The text found.
    pub found: String,
    /// Where it was when recorded (informational).
    pub line: usize,
    /// Hash of term, kind, found text and surrounding words.
    pub fingerprint: String,
}

fn path_key(path: &str) -> String {
    path.replace('\\', "/")
}

impl BaselineFile {
    /// A baseline of these documents' findings.
    pub fn record<'a>(files: impl IntoIterator<Item = (&'a Document, &'a [Finding])>) -> Self {
        let mut findings = Vec::new();
        for (doc, fs) in files {
            for f in fs {
                findings.push(Entry {
                    path: path_key(&doc.path),
                    term_id: f.term_id.to_string(),
                    kind: f.kind.as_str().to_owned(),
                    found: f.found.to_string(),
                    line: doc.line_col(f.span.start).line,
                    fingerprint: fingerprint(doc, f),
                });
            }
        }
        findings.sort_by(|a, b| {
            (&a.path, a.line, &a.fingerprint).cmp(&(&b.path, b.line, &b.fingerprint))
        });
        Self {
            version: 1,
            findings,
        }
    }

    /// The file's JSON text (pretty, one entry per block, final newline).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parses a baseline file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let b: BaselineFile = serde_json::from_str(text).map_err(|e| {
            format!(
                "invalid baseline at line {}, column {}: {e}",
                e.line(),
                e.column()
            )
        })?;
        if b.version != 1 {
            return Err(format!(
                "unsupported baseline version {} (this termcheck reads version 1)",
                b.version
            ));
        }
        Ok(b)
    }
}

/// A baseline ready for filtering: remaining counts per (path, fingerprint).
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    counts: HashMap<(String, String), usize>,
}

impl Baseline {
    /// Prepares a baseline file for filtering.
    pub fn new(file: &BaselineFile) -> Self {
        let mut counts = HashMap::new();
        for e in &file.findings {
            *counts
                .entry((path_key(&e.path), e.fingerprint.clone()))
                .or_default() += 1;
        }
        Self { counts }
    }

    /// Removes the findings the baseline records (each recorded occurrence
    /// absorbs one finding); returns how many were removed.
    pub fn filter(&mut self, doc: &Document, findings: &mut Vec<Finding>) -> usize {
        let before = findings.len();
        let path = path_key(&doc.path);
        findings.retain(|f| {
            let key = (path.clone(), fingerprint(doc, f));
            match self.counts.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Kind, Severity, Span};

    fn finding(text: &str, needle: &str, nth: usize) -> Finding {
        let (start, _) = text.match_indices(needle).nth(nth).unwrap();
        Finding {
            span: Span::new(start, start + needle.len()),
            kind: Kind::Variant,
            severity: Severity::Warning,
            term_id: "cote-divoire".into(),
            found: needle.into(),
            preferred: "".into(),
            message: "".into(),
            note: None,
            reference: None,
            fix: None,
            source_span: None,
            date: None,
        }
    }

    #[test]
    fn context_words() {
        let text = "One two, three FOUR Ivory Coast five six seven eight";
        let f = finding(text, "Ivory Coast", 0);
        assert_eq!(
            crate::finding::fingerprint::context(text, f.span, 3),
            ("two three four".to_owned(), "five six seven".to_owned())
        );
    }

    #[test]
    fn survives_inserted_lines_and_counts_duplicates() {
        let old = "Intro.\nTalks with Ivory Coast went well.\nIvory Coast again.\n";
        let doc = Document::new("a.txt", old);
        let fs = vec![
            finding(old, "Ivory Coast", 0),
            finding(old, "Ivory Coast", 1),
        ];
        let file = BaselineFile::record([(&doc, fs.as_slice())]);
        let file = BaselineFile::parse(&file.to_json()).unwrap();
        assert_eq!(file.findings.len(), 2);

        let new = "New lead.\n\nMore text.\nIntro.\nTalks with Ivory Coast went well.\nIvory Coast again.\nFresh: Ivory Coast now.\n";
        let doc = Document::new("a.txt", new);
        let mut fs: Vec<Finding> = (0..3).map(|i| finding(new, "Ivory Coast", i)).collect();
        let mut b = Baseline::new(&file);
        assert_eq!(b.filter(&doc, &mut fs), 2);
        assert_eq!(fs.len(), 1);
        assert_eq!(doc.line_col(fs[0].span.start).line, 7);

        // Another file with the same text is not covered.
        let other = Document::new("b.txt", new);
        let mut fs = vec![finding(new, "Ivory Coast", 0)];
        assert_eq!(Baseline::new(&file).filter(&other, &mut fs), 0);
    }

    #[test]
    fn rejects_bad_files() {
        assert!(BaselineFile::parse("{").unwrap_err().contains("line 1"));
        assert!(
            BaselineFile::parse("{\"version\":2,\"findings\":[]}")
                .unwrap_err()
                .contains("version 2")
        );
    }
}
