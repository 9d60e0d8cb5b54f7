//! Pairing source and target segments: line by line, paragraph by
//! paragraph (blank-line separated) or the whole document at once.
//!
//! Alignment is structural, never guessed from content: when the counts
//! differ the pair is rejected with the first place the two files look
//! different, because a checker that silently compares the wrong
//! sentences reports nonsense with confidence.

use std::fmt;
use std::str::FromStr;

use crate::finding::Span;
use crate::text::Document;

/// How source and target are paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AlignMode {
    /// Lines when the line counts agree, else paragraphs when the
    /// paragraph counts agree, else an error.
    #[default]
    Auto,
    /// Line N of the source with line N of the target.
    Line,
    /// Paragraph N (blank-line separated) with paragraph N.
    Paragraph,
    /// The whole source with the whole target: `missing` compares counts.
    Document,
}

impl AlignMode {
    /// The command-line spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            AlignMode::Auto => "auto",
            AlignMode::Line => "line",
            AlignMode::Paragraph => "paragraph",
            AlignMode::Document => "document",
        }
    }
}

impl fmt::Display for AlignMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AlignMode {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "auto" => Ok(AlignMode::Auto),
            "line" => Ok(AlignMode::Line),
            "paragraph" => Ok(AlignMode::Paragraph),
            "document" => Ok(AlignMode::Document),
            _ => Err(()),
        }
    }
}

/// One aligned pair of segments (original byte spans, trimmed of their
/// line endings; an empty segment is an empty span at its line's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// The source segment.
    pub source: Span,
    /// The target segment.
    pub target: Span,
}

/// The segments of a source/target pair and the mode that produced them
/// (never `Auto`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// The mode used.
    pub mode: AlignMode,
    /// Pairs in text order, blank source segments left out.
    pub segments: Vec<Segment>,
}

/// Why a pair could not be aligned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignError {
    /// The unit that was compared ("line", "paragraph").
    pub unit: &'static str,
    /// Source path.
    pub source_path: String,
    /// Number of units in the source.
    pub source_count: usize,
    /// Target path.
    pub target_path: String,
    /// Number of units in the target.
    pub target_count: usize,
    /// Where they first diverge, in words.
    pub divergence: String,
}

impl fmt::Display for AlignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.source_count == 1 { "" } else { "s" };
        write!(
            f,
            "`{}` has {} {}{plural} but `{}` has {}: they are not {}-aligned\n  \
             first divergence: {}\n  \
             help: fix the segmentation so both files have one {} per segment, \
             or use `--align document` to compare term counts over the whole text",
            self.source_path,
            self.source_count,
            self.unit,
            self.target_path,
            self.target_count,
            self.unit,
            self.divergence,
            self.unit,
        )
    }
}

impl std::error::Error for AlignError {}

/// One unit of a file: its span and first line.
#[derive(Debug, Clone, Copy)]
struct Unit {
    span: Span,
    line: usize,
    blank: bool,
}

/// Lines of the document body, without a final empty line or trailing
/// blank lines.
fn lines(doc: &Document) -> Vec<Unit> {
    let mut out: Vec<Unit> = (1..=doc.index.line_count())
        .map(|n| {
            let r = doc.index.line_range(&doc.text, n);
            let blank = doc.text[r.clone()].trim().is_empty();
            Unit {
                span: Span::new(r.start, r.end),
                line: n,
                blank,
            }
        })
        .collect();
    while out.last().is_some_and(|u| u.blank) {
        out.pop();
    }
    out
}

/// Paragraphs: runs of non-blank lines.
fn paragraphs(doc: &Document) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut open = false;
    for l in lines(doc) {
        if l.blank {
            open = false;
        } else if open {
            if let Some(p) = out.last_mut() {
                p.span.end = l.span.end;
            }
        } else {
            out.push(l);
            open = true;
        }
    }
    out
}

/// Pairs the segments of `source` and `target`.
pub fn align(
    source: &Document,
    target: &Document,
    mode: AlignMode,
) -> Result<Alignment, AlignError> {
    match mode {
        AlignMode::Document => Ok(Alignment {
            mode,
            segments: vec![Segment {
                source: Span::new(source.body_start(), source.text.len()),
                target: Span::new(target.body_start(), target.text.len()),
            }],
        }),
        AlignMode::Line => pair(source, target, "line", lines(source), lines(target), mode),
        AlignMode::Paragraph => pair(
            source,
            target,
            "paragraph",
            paragraphs(source),
            paragraphs(target),
            mode,
        ),
        AlignMode::Auto => {
            let (sl, tl) = (lines(source), lines(target));
            if sl.len() == tl.len() {
                return pair(source, target, "line", sl, tl, AlignMode::Line);
            }
            let (sp, tp) = (paragraphs(source), paragraphs(target));
            if sp.len() == tp.len() && sp.len() > 1 {
                return pair(source, target, "paragraph", sp, tp, AlignMode::Paragraph);
            }
            // Neither fits: explain in the unit the files seem to use.
            let blank = |u: &[Unit]| u.iter().any(|u| u.blank);
            if blank(&sl) && blank(&tl) {
                pair(source, target, "paragraph", sp, tp, AlignMode::Paragraph)
            } else {
                pair(source, target, "line", sl, tl, AlignMode::Line)
            }
        }
    }
}

fn pair(
    source: &Document,
    target: &Document,
    unit: &'static str,
    s: Vec<Unit>,
    t: Vec<Unit>,
    mode: AlignMode,
) -> Result<Alignment, AlignError> {
    if s.len() != t.len() {
        return Err(AlignError {
            unit,
            source_path: source.path.clone(),
            source_count: s.len(),
            target_path: target.path.clone(),
            target_count: t.len(),
            divergence: divergence(source, target, unit, &s, &t),
        });
    }
    let segments = s
        .iter()
        .zip(&t)
        .filter(|(a, _)| !a.blank)
        .map(|(a, b)| Segment {
            source: a.span,
            target: b.span,
        })
        .collect();
    Ok(Alignment { mode, segments })
}

/// The first place two unit lists look different: a blank line on one
/// side only, then a pair whose lengths are far out of the files' overall
/// proportion (a split or merged unit), else the end of the shorter file.
fn divergence(source: &Document, target: &Document, unit: &str, s: &[Unit], t: &[Unit]) -> String {
    let chars = |doc: &Document, u: &Unit| doc.text[u.span.range()].chars().count().max(1);
    let at = |i: usize| {
        format!(
            "{unit} {} (`{}` line {}, `{}` line {})",
            i + 1,
            source.path,
            s[i].line,
            target.path,
            t[i].line
        )
    };
    for (i, (a, b)) in s.iter().zip(t).enumerate() {
        if a.blank != b.blank {
            let (blank_in, text_in) = if a.blank {
                (&source.path, &target.path)
            } else {
                (&target.path, &source.path)
            };
            return format!("{} is blank in `{blank_in}` but not in `{text_in}`", at(i));
        }
    }
    // The typical target/source length ratio: the median over the pairs,
    // which a few split or merged units do not move.
    let mut ratios: Vec<f64> = s
        .iter()
        .zip(t)
        .filter(|(a, _)| !a.blank)
        .map(|(a, b)| chars(target, b) as f64 / chars(source, a) as f64)
        .collect();
    ratios.sort_by(f64::total_cmp);
    if let Some(&typical) = ratios.get(ratios.len() / 2) {
        for (i, (a, b)) in s.iter().zip(t).enumerate() {
            if a.blank {
                continue;
            }
            let r = chars(target, b) as f64 / chars(source, a) as f64 / typical;
            if !(0.55..=1.8).contains(&r) {
                return format!(
                    "{}: their lengths differ far more than elsewhere, so one side was probably split or merged here",
                    at(i)
                );
            }
        }
    }
    let n = s.len().min(t.len());
    let (longer, extra) = if s.len() > t.len() {
        (&source.path, &s[n])
    } else {
        (&target.path, &t[n])
    };
    format!(
        "`{longer}` goes on after the other ends: its {unit} {} (line {}) has no counterpart",
        n + 1,
        extra.line
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(path: &str, text: &str) -> Document {
        Document::new(path, text)
    }

    #[test]
    fn auto_prefers_lines() {
        let a = align(&d("s", "а\nб\n"), &d("t", "a\nb"), AlignMode::Auto).unwrap();
        assert_eq!(a.mode, AlignMode::Line);
        assert_eq!(a.segments.len(), 2);
        assert_eq!(a.segments[1].target, Span::new(2, 3));
    }

    #[test]
    fn auto_falls_back_to_paragraphs() {
        let s = d("s", "один\nдва\n\nтри\n");
        let t = d("t", "one two\n\nthree\n\n");
        let a = align(&s, &t, AlignMode::Auto).unwrap();
        assert_eq!(a.mode, AlignMode::Paragraph);
        assert_eq!(a.segments.len(), 2);
        assert_eq!(&s.text[a.segments[0].source.range()], "один\nдва");
        assert_eq!(&t.text[a.segments[1].target.range()], "three");
    }

    #[test]
    fn crlf_and_bom() {
        let s = d("s", "\u{FEFF}а\r\nб\r\n");
        let t = d("t", "a\r\nb\r\n");
        let a = align(&s, &t, AlignMode::Line).unwrap();
        assert_eq!(&s.text[a.segments[0].source.range()], "а");
        assert_eq!(&t.text[a.segments[1].target.range()], "b");
    }

    #[test]
    fn blank_source_lines_are_skipped_blank_targets_kept() {
        let a = align(&d("s", "а\n\nв\n"), &d("t", "a\nx\n\n"), AlignMode::Line);
        // target has 2 lines after trailing blanks are dropped
        assert!(a.is_err());
        let a = align(&d("s", "а\n\nв\n"), &d("t", "\nx\nc\n"), AlignMode::Line).unwrap();
        assert_eq!(a.segments.len(), 2);
        assert!(a.segments[0].target.is_empty());
    }

    #[test]
    fn mismatch_names_first_blank_divergence() {
        let e = align(
            &d("s.ru", "а\nб\nв\n"),
            &d("t.en", "a\n\nb\nc\n"),
            AlignMode::Line,
        )
        .unwrap_err();
        assert_eq!((e.source_count, e.target_count), (3, 4));
        assert!(e.divergence.contains("line 2"), "{}", e.divergence);
        assert!(e.divergence.contains("blank in `t.en`"), "{}", e.divergence);
        assert!(
            e.to_string()
                .contains("`s.ru` has 3 lines but `t.en` has 4")
        );
    }

    #[test]
    fn mismatch_names_length_divergence() {
        let s = d(
            "s",
            "один два три\nчетыре пять шесть\nсемь восемь\nдевять десять\nодиннадцать\n",
        );
        let t = d(
            "t",
            "one two three\nfour five six\nseven eight and nine ten too\neleven\n",
        );
        let e = align(&s, &t, AlignMode::Line).unwrap_err();
        assert!(e.divergence.starts_with("line 3 "), "{}", e.divergence);
    }

    #[test]
    fn mismatch_at_end() {
        let e = align(&d("s", "а\nб\n"), &d("t", "a\nb\nc\n"), AlignMode::Line).unwrap_err();
        assert!(e.divergence.contains("line 3 (line 3)"), "{}", e.divergence);
    }

    #[test]
    fn document_mode_is_one_segment() {
        let a = align(&d("s", "а\nб"), &d("t", "x"), AlignMode::Document).unwrap();
        assert_eq!(a.segments.len(), 1);
        assert_eq!(a.segments[0].source, Span::new(0, 5));
    }

    #[test]
    fn modes_parse() {
        for m in [
            AlignMode::Auto,
            AlignMode::Line,
            AlignMode::Paragraph,
            AlignMode::Document,
        ] {
            assert_eq!(m.as_str().parse::<AlignMode>(), Ok(m));
        }
    }
}
