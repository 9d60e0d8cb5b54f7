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

/// Every rendering found for one term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermUsage {
    /// The term's (qualified) id.
    pub term_id: String,
    /// Its preferred form.
    pub preferred: String,
    /// Renderings, most frequent first.
    pub renderings: Vec<RenderingUsage>,
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
    terms: &'a [TermUsage],
    unlisted: &'a [GroupUsage],
}

/// Writes the table as one JSON document.
pub fn write_usage_json(out: &mut dyn io::Write, t: &UsageTable) -> io::Result<()> {
    let wire = WireUsage {
        version: 1,
        tool: "termcheck",
        files_read: t.files,
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
        for (i, r) in term.renderings.iter().enumerate() {
            rows.push([
                if i == 0 {
                    term.term_id.clone()
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
    writeln!(
        out,
        "\n{} term{} and {} unlisted group{} in {} file{}.",
        t.terms.len(),
        if t.terms.len() == 1 { "" } else { "s" },
        t.unlisted.len(),
        if t.unlisted.len() == 1 { "" } else { "s" },
        t.files,
        if t.files == 1 { "" } else { "s" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_table_aligns_and_truncates_file_lists() {
        let t = UsageTable {
            files: 5,
            terms: vec![TermUsage {
                term_id: "osce".to_owned(),
                preferred: "OSCE".to_owned(),
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
