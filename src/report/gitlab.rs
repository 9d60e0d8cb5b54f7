//! `gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`),
//! a JSON array of issues.
//!
//! Each issue's `fingerprint` identifies the finding across commits:
//! it hashes the file, the term, the kind, the matched text and which
//! occurrence of that text in the file it is, never its line, so text
//! added or removed above a finding does not make GitLab report it as
//! fixed and new again.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io;

use serde_json::{Value, json};

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::text::Document;

/// Writes each issue as it comes (the bytes `serde_json::to_writer_pretty`
/// gives for the whole array).
pub struct GitlabPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    /// At least one issue written (the array is open).
    any: bool,
}

impl<'w> GitlabPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self { out, any: false }
    }

    /// Writes one issue of the array, opening it before the first.
    fn issue(&mut self, issue: &Value) -> io::Result<()> {
        let item = serde_json::to_vec_pretty(issue)?;
        let mut buf = Vec::with_capacity(item.len() + item.len() / 4 + 4);
        buf.extend_from_slice(if self.any { b",\n" } else { b"[\n" });
        super::json::push_indented(&mut buf, &item, b"  ");
        self.any = true;
        self.out.write_all(&buf)
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        _ => "info",
    }
}

/// 32 hex digits: two 64-bit FNV-1a hashes of the parts (stable across
/// platforms and Rust versions).
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let mut out = String::new();
    for seed in [0u8, 1] {
        let mut h = fnv::FnvHasher::default();
        h.write(&[seed]);
        for p in parts {
            h.write(p.as_bytes());
            h.write(&[0]);
        }
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

impl Printer for GitlabPrinter<'_> {
    fn begin(&mut self, _info: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let path = doc.path.replace('\\', "/");
        let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for f in findings {
            let n = seen
                .entry((&*f.term_id, f.kind.as_str(), &*f.found))
                .or_default();
            *n += 1;
            let occurrence = n.to_string();
            let start = doc.line_col(f.span.start);
            let end = doc.line_col(f.span.end);
            let mut description = format!("{} (term {})", f.message, f.term_id);
            if let Some(fix) = f.fix.as_ref().and_then(|x| x.edits.first()) {
                description.push_str(&format!(": use '{}'", fix.replacement));
            }
            self.issue(&json!({
                "type": "issue",
                "description": description,
                "check_name": format!("{}/{}", f.kind, f.term_id),
                "categories": ["Style"],
                "fingerprint": fingerprint(&[
                    &path,
                    &f.term_id,
                    f.kind.as_str(),
                    &f.found,
                    &occurrence,
                ]),
                "severity": severity(f.severity),
                "location": {
                    "path": path,
                    "lines": {"begin": start.line, "end": end.line},
                },
            }))?;
        }
        Ok(())
    }

    /// An input that could not be checked: a blocker issue on the file, so
    /// the merge request shows it (Code Quality has no other channel).
    fn error(&mut self, error: &Error) -> io::Result<()> {
        let w = super::WireError::new(error);
        let path = w
            .path
            .clone()
            .unwrap_or_else(|| "-".to_owned())
            .replace('\\', "/");
        let line = w.line.unwrap_or(1);
        self.issue(&json!({
            "type": "issue",
            "description": w.text(),
            "check_name": format!("termcheck/{}", w.code),
            "categories": ["Bug Risk"],
            "fingerprint": fingerprint(&[&path, "error", w.code]),
            "severity": "blocker",
            "location": {"path": path, "lines": {"begin": line, "end": line}},
        }))
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out
            .write_all(if self.any { b"\n]\n" } else { b"[]\n" })?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Checker;
    use crate::glossary::{GlossarySet, parse};

    fn report(text: &str) -> Vec<Value> {
        serde_json::from_slice(&written(text, false)).unwrap()
    }

    /// The printer's bytes for `text` (and a failed input when `error`).
    fn written(text: &str, error: bool) -> Vec<u8> {
        let g = parse(
            "t.toml",
            "[glossary]\nname = \"t\"\nlanguage = \"en\"\n\n[[term]]\nid = \"kyiv\"\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\n",
        )
        .glossary
        .unwrap();
        let checker = Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap();
        let doc = Document::new("news/a.txt", text);
        let findings = checker.check(&doc);
        let mut buf = Vec::new();
        {
            let mut p = GitlabPrinter::new(Box::new(&mut buf));
            p.file(&doc, &findings).unwrap();
            if error {
                let e = Error::NotUtf8 {
                    path: "news/b.txt".to_owned(),
                    why: "no encoding declared, so UTF-8",
                    offset: 7,
                    line: 2,
                    column: 3,
                };
                p.error(&e).unwrap();
            }
            p.finish(&Summary::default()).unwrap();
        }
        buf
    }

    /// Issues are written as they come; the document is the one the whole
    /// array pretty-printed at once gives.
    #[test]
    fn streamed_issues_read_as_the_whole_array_printed_at_once() {
        for (text, error) in [
            ("Talks in Kiev.\nMore talks in Kiev.\n", false),
            ("Talks in Kiev.\n", true),
            ("Talks in Kyiv.\n", true),
            ("Talks in Kyiv.\n", false),
        ] {
            let bytes = written(text, error);
            let parsed: Value = serde_json::from_slice(&bytes).unwrap();
            let whole = serde_json::to_string_pretty(&parsed).unwrap() + "\n";
            assert_eq!(String::from_utf8(bytes).unwrap(), whole, "{text:?} {error}");
        }
    }

    #[test]
    fn fingerprints_survive_moved_lines_and_tell_occurrences_apart() {
        let before = report("Talks in Kiev.\nMore talks in Kiev.\n");
        let after = report("A new first line.\n\nTalks in Kiev.\nMore talks in Kiev.\n");
        assert_eq!(before.len(), 2);
        let prints = |r: &[Value]| {
            r.iter()
                .map(|i| i["fingerprint"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(prints(&before), prints(&after));
        assert_ne!(before[0]["fingerprint"], before[1]["fingerprint"]);
        assert_eq!(after[0]["location"]["lines"]["begin"], 3);
        assert_eq!(before[0]["location"]["path"], "news/a.txt");
        assert_eq!(before[0]["severity"], "minor");
        assert_eq!(before[0]["check_name"], "variant/kyiv");
    }
}
