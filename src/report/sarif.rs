//! `sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One rule per (finding kind, term): `variant/indivisible-security`, so a
//! viewer can group, filter and dismiss per term. Results carry regions
//! (code-point columns, as `columnKind` says), byte offsets, fixes as SARIF
//! fixes, and the baseline fingerprint as a partial fingerprint so alerts
//! keep their identity when lines move.

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;
use serde_json::{Value, json};

use super::{Printer, RunInfo, Summary};
use crate::error::Error;
use crate::finding::fingerprint::fingerprint;
use crate::finding::{Finding, Severity};
use crate::text::Document;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Buffers results and writes one SARIF log at the end. Rules and results
/// are kept as compact JSON and parsed back one at a time while the log is
/// written: kept as trees, the 6,000 results and 4,800 rules of a 100 MB
/// file took 150 MB.
pub struct SarifPrinter<'w> {
    out: Box<dyn io::Write + 'w>,
    rules: BTreeMap<String, Box<[u8]>>,
    /// Each result's rule id and the result without its `ruleIndex`
    /// (known once every rule is: the rules are listed in id order).
    results: Vec<(Box<str>, Box<[u8]>)>,
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
            if !self.rules.contains_key(&id) {
                self.rules
                    .insert(id.clone(), serde_json::to_vec(&rule(f))?.into());
            }
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
            self.results
                .push((id.into_boxed_str(), serde_json::to_vec(&result)?.into()));
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
        let log = Log {
            schema: SCHEMA,
            runs: [Run {
                column_kind: "unicodeCodePoints",
                invocations: json!([{
                    "executionSuccessful": self.notifications.is_empty(),
                    "toolExecutionNotifications": self.notifications,
                }]),
                original_uri_base_ids: json!({
                    SRCROOT: {"uri": self.cwd.as_deref().map_or_else(
                        || "file:///".to_owned(),
                        |c| {
                            let u = file_uri(&c.to_string_lossy());
                            if u.ends_with('/') { u } else { format!("{u}/") }
                        },
                    )},
                }),
                results: Trees(
                    self.results
                        .iter()
                        .map(|(id, r)| (&**r, Some(index.get(&**id).copied().unwrap_or(0))))
                        .collect(),
                ),
                tool: Tool {
                    driver: Driver {
                        information_uri: env!("CARGO_PKG_REPOSITORY"),
                        name: "termcheck",
                        rules: Trees(self.rules.values().map(|r| (&**r, None)).collect()),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        version: env!("CARGO_PKG_VERSION"),
                    },
                },
            }],
            version: "2.1.0",
        };
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

/// The log. Fields are in name order, as in every other object of it
/// (`serde_json` writes a map's keys sorted).
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

/// The one run, fields in name order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    invocations: Value,
    original_uri_base_ids: Value,
    results: Trees<'a>,
    tool: Tool<'a>,
}

/// The tool: its driver, with the rules.
#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

/// The driver, fields in name order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    information_uri: &'static str,
    name: &'static str,
    rules: Trees<'a>,
    semantic_version: &'static str,
    version: &'static str,
}

/// Objects kept as compact JSON, each parsed back as it is written (so
/// one at a time is a tree), with its `ruleIndex` when it is a result.
struct Trees<'a>(Vec<(&'a [u8], Option<usize>)>);

impl Serialize for Trees<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for &(bytes, rule_index) in &self.0 {
            let mut tree: Value = serde_json::from_slice(bytes).map_err(S::Error::custom)?;
            if let Some(i) = rule_index {
                tree["ruleIndex"] = json!(i);
            }
            seq.serialize_element(&tree)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Checker;
    use crate::glossary::{GlossarySet, parse};

    /// The log is the one a whole tree pretty-printed at once gives (keys
    /// in name order at every level), and every result's `ruleIndex`
    /// names its rule in the id-ordered rule list.
    #[test]
    fn the_log_reads_as_one_tree_printed_at_once() {
        let g = parse(
            "t.toml",
            "[glossary]\nname = \"t\"\nlanguage = \"en\"\n\n\
             [[term]]\nid = \"kyiv\"\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\n\n\
             [[term]]\nid = \"belarus\"\npreferred = \"Belarus\"\nvariants = [\"Byelorussia\"]\n\
             note = \"The official short name.\"\n",
        )
        .glossary
        .unwrap();
        let checker = Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap();
        let doc = Document::new("news/a.txt", "Kiev, Byelorussia and kyiv.\nKiev again.\n");
        let findings = checker.check(&doc);
        assert!(findings.len() >= 3, "{findings:?}");
        let mut buf = Vec::new();
        {
            let mut p = SarifPrinter::new(Box::new(&mut buf));
            p.file(&doc, &findings).unwrap();
            p.error(&Error::Binary {
                path: "news/b.bin".to_owned(),
            })
            .unwrap();
            p.finish(&Summary::default()).unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        let log: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(text, serde_json::to_string_pretty(&log).unwrap() + "\n");
        let run = &log["runs"][0];
        let rules: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let mut sorted = rules.clone();
        sorted.sort_unstable();
        assert_eq!(rules, sorted);
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), findings.len());
        for r in results {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i], r["ruleId"].as_str().unwrap());
        }
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    }

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
