//! `sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One rule per (finding kind, term): `variant/indivisible-security`, so a
//! viewer can group, filter and dismiss per term. Results carry regions
//! (code-point columns, as `columnKind` says), byte offsets, fixes as SARIF
//! fixes, and the baseline fingerprint as a partial fingerprint so alerts
//! keep their identity when lines move.

use std::collections::BTreeMap;
use std::io;

use serde_json::{Value, json};

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::fingerprint::fingerprint;
use crate::finding::{Finding, Severity};
use crate::text::Document;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Buffers results and writes one SARIF log at the end.
pub struct SarifPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    rules: BTreeMap<String, Value>,
    results: Vec<(String, Value)>,
    /// `toolExecutionNotifications` of the inputs that could not be
    /// checked.
    notifications: Vec<Value>,
    cwd: Option<std::path::PathBuf>,
}

impl<'w> SarifPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn io::Write + 'w>) -> Self {
        Self {
            out,
            rules: BTreeMap::new(),
            results: Vec::new(),
            notifications: Vec::new(),
            cwd: std::env::current_dir().ok(),
        }
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "note",
    }
}

/// A relative URI reference for a path: `/` separators, and bytes that a
/// URI cannot hold percent-encoded.
pub(crate) fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The base every relative artifact URI is resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// An artifact location for a path as shown: relative paths (and
/// absolute ones under the working directory) as a relative URI against
/// `%SRCROOT%`, other absolute paths as `file:` URIs.
pub(crate) fn artifact_location(path: &str, cwd: Option<&std::path::Path>) -> Value {
    let p = std::path::Path::new(path);
    if !p.is_absolute() {
        return json!({"uri": uri(path), "uriBaseId": SRCROOT});
    }
    if let Some(rel) = cwd.and_then(|c| p.strip_prefix(c).ok()) {
        return json!({"uri": uri(&rel.to_string_lossy()), "uriBaseId": SRCROOT});
    }
    json!({"uri": file_uri(path)})
}

/// A `file:` URI for an absolute path (`C:\x` becomes `file:///C:/x`).
fn file_uri(path: &str) -> String {
    let u = uri(path);
    if u.starts_with('/') {
        format!("file://{u}")
    } else {
        format!("file:///{u}")
    }
}

/// `variant`, `indivisible-security` → `VariantIndivisibleSecurity`: a
/// rule name that reads as one and differs from the id.
pub(crate) fn rule_name(kind: &str, term_id: &str) -> String {
    let mut out = String::new();
    for word in kind
        .split(|c: char| !c.is_alphanumeric())
        .chain(term_id.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
    {
        let mut cs = word.chars();
        if let Some(first) = cs.next() {
            out.extend(first.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    out
}

const HELP_URI: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/docs/cli.md#finding-kinds"
);

fn region(doc: &Document, start: usize, end: usize) -> Value {
    let s = doc.line_col(start);
    let e = doc.line_col(end);
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": e.line,
        "endColumn": e.column,
        // Offsets into the file as it is (a UTF-16 file's bytes).
        "byteOffset": doc.original_offset(start),
        "byteLength": doc.original_offset(end) - doc.original_offset(start),
    })
}

fn rule(f: &Finding) -> Value {
    let mut help = format!("Use '{}'.", f.preferred);
    if let Some(note) = &f.note {
        help.push(' ');
        help.push_str(note);
    }
    if let Some(r) = &f.reference {
        help.push_str(&format!(" Reference: {r}."));
    }
    let short = match f.kind.as_str() {
        "variant" => format!("Variant rendering of '{}'", f.preferred),
        "case" => format!("'{}' in the wrong case", f.preferred),
        "near-miss" => format!("Near miss of '{}'", f.preferred),
        kind => format!("{kind}: '{}'", f.preferred),
    };
    json!({
        "id": format!("{}/{}", f.kind, f.term_id),
        "name": rule_name(f.kind.as_str(), &f.term_id),
        "helpUri": HELP_URI,
        "shortDescription": {"text": short},
        "fullDescription": {"text": help.clone()},
        "help": {"text": help},
        "defaultConfiguration": {"level": level(f.severity)},
        "properties": {
            "tags": ["terminology", f.kind.as_str()],
            "kind": f.kind.as_str(),
            "term_id": f.term_id,
            "preferred": f.preferred,
        },
    })
}

impl Printer for SarifPrinter<'_> {
    fn begin(&mut self, _info: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let location = artifact_location(&doc.path, self.cwd.as_deref());
        for f in findings {
            let id = format!("{}/{}", f.kind, f.term_id);
            self.rules.entry(id.clone()).or_insert_with(|| rule(f));
            let fixes: Vec<Value> =
                f.fix
                    .iter()
                    .map(|fix| {
                        let replacements: Vec<Value> = fix
                            .edits
                            .iter()
                            .map(|e| {
                                json!({
                                    "deletedRegion": region(doc, e.span.start, e.span.end),
                                    "insertedContent": {"text": e.replacement},
                                })
                            })
                            .collect();
                        let text = fix.edits.first().map_or_else(String::new, |e| {
                            format!("Replace with '{}'", e.replacement)
                        });
                        json!({
                            "description": {"text": text},
                            "artifactChanges": [{
                                "artifactLocation": location.clone(),
                                "replacements": replacements,
                            }],
                        })
                    })
                    .collect();
            let mut reg = region(doc, f.span.start, f.span.end);
            reg["snippet"] = json!({"text": f.found});
            let mut result = json!({
                "ruleId": id,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location.clone(),
                        "region": reg,
                    },
                }],
                "partialFingerprints": {"termcheck/v1": fingerprint(doc, f)},
                "properties": {
                    "kind": f.kind.as_str(),
                    "term_id": f.term_id,
                    "found": f.found,
                    "preferred": f.preferred,
                },
            });
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            self.results.push((id, result));
        }
        Ok(())
    }

    fn error(&mut self, error: &Error) -> io::Result<()> {
        let w = super::WireError::new(error);
        let mut n = json!({
            "level": "error",
            "message": {"text": w.text()},
            "descriptor": {"id": w.code},
        });
        if let Some(p) = &w.path {
            let mut loc = json!({"physicalLocation": {"artifactLocation": {"uri": uri(p)}}});
            if let (Some(line), Some(col)) = (w.line, w.column) {
                loc["physicalLocation"]["region"] = json!({"startLine": line, "startColumn": col});
            }
            n["locations"] = json!([loc]);
        }
        self.notifications.push(n);
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        let index: BTreeMap<&str, usize> = self
            .rules
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let results: Vec<Value> = self
            .results
            .iter()
            .map(|(id, r)| {
                let mut r = r.clone();
                r["ruleIndex"] = json!(index.get(id.as_str()).copied().unwrap_or(0));
                r
            })
            .collect();
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "termcheck",
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": self.rules.values().collect::<Vec<_>>(),
                }},
                "invocations": [{
                    "executionSuccessful": self.notifications.is_empty(),
                    "toolExecutionNotifications": self.notifications,
                }],
                "originalUriBaseIds": {
                    SRCROOT: {"uri": self.cwd.as_deref().map_or_else(
                        || "file:///".to_owned(),
                        |c| {
                            let u = file_uri(&c.to_string_lossy());
                            if u.ends_with('/') { u } else { format!("{u}/") }
                        },
                    )},
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        });
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_rule_names() {
        let cwd = std::path::Path::new("/repo");
        assert_eq!(
            artifact_location("news/a b.md", Some(cwd)),
            json!({"uri": "news/a%20b.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("/repo/news/x.md", Some(cwd)),
            json!({"uri": "news/x.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("/tmp/x y.md", Some(cwd)),
            json!({"uri": "file:///tmp/x%20y.md"})
        );
        assert_eq!(
            rule_name("near-miss", "indivisible-security"),
            "NearMissIndivisibleSecurity"
        );
        assert_eq!(rule_name("variant", "un/kyiv"), "VariantUnKyiv");
    }

    #[test]
    fn uris() {
        assert_eq!(uri("news/a b.md"), "news/a%20b.md");
        assert_eq!(uri("dir\\Žé#1.txt"), "dir/%C5%BD%C3%A9%231.txt");
    }
}
