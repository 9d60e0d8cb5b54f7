//! The usage table of `termcheck report`: plain data and its two formats
//! (an aligned text table, and JSON).

use std::io;

use serde::Serialize;

/// One rendering of a term or of an unlisted word, with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenderingUsage {
    /// The rendering as found (equivalences applied, case kept).
    pub text: String,
    /// `preferred`, `admitted`, `variant`, `derived`, `case`, `near-miss`,
    /// `mixed-script`, or `unlisted`.
    pub kind: String,
    /// Occurrences.
    pub count: usize,
    /// Files it occurs in, in path order.
    pub files: Vec<String>,
}

/// One way the source text writes a term (an inflected form, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrittenUsage {
    /// The source words as written (equivalences applied, case kept).
    pub text: String,
    /// Occurrences.
    pub count: usize,
}

/// What the source text says about one term (`report --source`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceUsage {
    /// How many times the source mentions the term.
    pub mentions: usize,
    /// How it is written there, most frequent first.
    pub written: Vec<WrittenUsage>,
    /// `missing` findings: segments whose translation renders the term
    /// nowhere (with `--align document`: 1 when it renders it fewer times
    /// than the source mentions it).
    pub missing: usize,
}

/// Every rendering found for one term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermUsage {
    /// The term's (qualified) id.
    pub term_id: String,
    /// Its preferred form.
    pub preferred: String,
    /// Source mentions, when the table was made against a source text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceUsage>,
    /// Renderings in the translation, most frequent first.
    pub renderings: Vec<RenderingUsage>,
}

/// The source text a table was made against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairInfo {
    /// The source file as named on the command line.
    pub path: String,
    /// How it was aligned with the target: `line`, `paragraph` or
    /// `document`.
    pub align: String,
}

/// An unlisted word or phrase spelled more than one way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupUsage {
    /// What the spellings share (e.g. "cooperation").
    pub key: String,
    /// `hyphenation`, `spelling`, `transliteration` or `capitalization`.
    pub group: String,
    /// Spellings, most frequent first.
    pub renderings: Vec<RenderingUsage>,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageTable {
    /// Files read.
    pub files: usize,
    /// The source text, with `report --source`.
    pub source: Option<PairInfo>,
    /// Terms found at least once, in glossary order.
    pub terms: Vec<TermUsage>,
    /// Unlisted words spelled several ways.
    pub unlisted: Vec<GroupUsage>,
}

#[derive(Serialize)]
struct WireUsage<'a> {
    version: u32,
    tool: &'static str,
    files_read: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a PairInfo>,
    terms: &'a [TermUsage],
    unlisted: &'a [GroupUsage],
}

/// Writes the table as one JSON document.
pub fn write_usage_json(out: &mut dyn io::Write, t: &UsageTable) -> io::Result<()> {
    let wire = WireUsage {
        version: 1,
        tool: "termcheck",
        files_read: t.files,
        source: t.source.as_ref(),
        terms: &t.terms,
        unlisted: &t.unlisted,
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}

fn files_cell(files: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut s = files
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > SHOWN {
        s.push_str(&format!(" (+{} more)", files.len() - SHOWN));
    }
    s
}

/// Writes the table as aligned text: one block per term, then the
/// unlisted groups.
pub fn write_usage_human(out: &mut dyn io::Write, t: &UsageTable) -> io::Result<()> {
    let mut rows: Vec<[String; 5]> = Vec::new();
    for term in &t.terms {
        let mut cells: Vec<[String; 4]> = Vec::new();
        // With a source: how the source writes the term, then the
        // translation's renderings, then the segments that render it nowhere.
        if let (Some(s), Some(pair)) = (&term.source, &t.source) {
            for w in &s.written {
                let row = [&w.text, "source", &w.count.to_string(), &pair.path];
                cells.push(row.map(str::to_owned));
            }
        }
        for r in &term.renderings {
            cells.push([
                r.text.clone(),
                r.kind.clone(),
                r.count.to_string(),
                files_cell(&r.files),
            ]);
        }
        if let Some(s) = term.source.as_ref().filter(|s| s.missing > 0) {
            let row = ["(no rendering)", "missing", &s.missing.to_string(), ""];
            cells.push(row.map(str::to_owned));
        }
        for (i, [text, kind, count, files]) in cells.into_iter().enumerate() {
            let id = if i == 0 {
                term.term_id.clone()
            } else {
                String::new()
            };
            rows.push([id, text, kind, count, files]);
        }
    }
    for g in &t.unlisted {
        for (i, r) in g.renderings.iter().enumerate() {
            rows.push([
                if i == 0 {
                    format!("({} of \"{}\")", g.group, g.key)
                } else {
                    String::new()
                },
                r.text.clone(),
                r.kind.clone(),
                r.count.to_string(),
                files_cell(&r.files),
            ]);
        }
    }
    let header = ["TERM", "RENDERING", "KIND", "COUNT", "FILES"].map(str::to_owned);
    let mut width = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in width.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn io::Write, row: &[String; 5]| -> io::Result<()> {
        let mut s = String::new();
        for (i, cell) in row.iter().enumerate().take(4) {
            let pad = width[i].saturating_sub(cell.chars().count());
            if i == 3 {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str("  ");
        }
        s.push_str(&row[4]);
        writeln!(out, "{}", s.trim_end())
    };
    line(out, &header)?;
    for row in &rows {
        line(out, row)?;
    }
    write!(
        out,
        "\n{} term{} and {} unlisted group{} in {} file{}",
        t.terms.len(),
        if t.terms.len() == 1 { "" } else { "s" },
        t.unlisted.len(),
        if t.unlisted.len() == 1 { "" } else { "s" },
        t.files,
        if t.files == 1 { "" } else { "s" },
    )?;
    match &t.source {
        Some(p) => {
            let mentions: usize = t
                .terms
                .iter()
                .filter_map(|u| u.source.as_ref())
                .map(|s| s.mentions)
                .sum();
            let missing: usize = t
                .terms
                .iter()
                .filter_map(|u| u.source.as_ref())
                .map(|s| s.missing)
                .sum();
            writeln!(
                out,
                "; source `{}` ({}-aligned): {mentions} term mention{}, {missing} not rendered.",
                p.path,
                p.align,
                if mentions == 1 { "" } else { "s" },
            )
        }
        None => writeln!(out, "."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_table_aligns_and_truncates_file_lists() {
        let t = UsageTable {
            files: 5,
            source: None,
            terms: vec![TermUsage {
                term_id: "osce".to_owned(),
                preferred: "OSCE".to_owned(),
                source: None,
                renderings: vec![
                    RenderingUsage {
                        text: "OSCE".to_owned(),
                        kind: "admitted".to_owned(),
                        count: 12,
                        files: (1..=5).map(|i| format!("f{i}.txt")).collect(),
                    },
                    RenderingUsage {
                        text: "Osce".to_owned(),
                        kind: "case".to_owned(),
                        count: 1,
                        files: vec!["f2.txt".to_owned()],
                    },
                ],
            }],
            unlisted: vec![],
        };
        let mut buf = Vec::new();
        write_usage_human(&mut buf, &t).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(
            s.contains("osce  OSCE       admitted     12  f1.txt, f2.txt, f3.txt (+2 more)"),
            "{s}"
        );
        assert!(
            s.contains("      Osce       case          1  f2.txt"),
            "{s}"
        );
        assert!(s.ends_with("1 term and 0 unlisted groups in 5 files.\n"));
    }
}
