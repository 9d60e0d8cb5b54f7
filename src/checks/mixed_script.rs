//! `mixed-script`: look-alike letters from another script ("Lavrоv" with a
//! Cyrillic "о") or invisible characters ("Lav\u{200B}rov") that keep a
//! glossary form from matching, and Latin words holding Cyrillic letters.

use super::{Check, Context, variant_replacement};
use crate::finding::{Finding, Fix, Kind, Span};
use crate::text::{fold, is_word_char};

/// Cyrillic and Greek letters that look like Latin ones.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'ο' => 'o',
        'α' => 'a',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    })
}

/// Characters that show nothing: zero-width space, non-joiner, joiner,
/// word joiner, and a byte-order mark inside the text.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_cyrillic_or_greek(c: char) -> bool {
    is_greek(c) || is_cyrillic(c)
}

fn is_greek(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// Each character of `span` that does not belong there (an invisible one,
/// or a Cyrillic or Greek letter in a word with Latin letters), named with
/// its code point, Unicode name and column: "U+043E CYRILLIC SMALL LETTER
/// O at column 12".
fn odd_characters(doc: &crate::text::Document, span: Span) -> String {
    let word = &doc.text[span.range()];
    let latin = word.chars().any(|c| c.is_ascii_alphabetic());
    word.char_indices()
        .filter(|&(_, c)| is_invisible(c) || (latin && is_cyrillic_or_greek(c)))
        .map(|(i, c)| {
            let name = unicode_names2::name(c).map_or_else(String::new, |n| format!(" {n}"));
            let column = doc.line_col(span.start + i).column;
            format!("U+{:04X}{name} at column {column}", u32::from(c))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The check.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct MixedScriptCheck;

/// A word with something hidden in it: its original span, and what it
/// reads as once cleaned.
struct Suspect {
    span: Span,
    cleaned: String,
    latin_with_cyrillic: bool,
    fully_mapped: bool,
}

/// Words (runs of word and invisible characters) that hold an invisible
/// character, or mix Latin letters with Cyrillic or Greek ones.
fn suspects(text: &str, base: usize) -> Vec<Suspect> {
    let mut out = Vec::new();
    let flush = |s: usize, e: usize, out: &mut Vec<Suspect>| {
        let w = &text[s..e];
        let invisible = w.chars().any(is_invisible);
        let latin = w.chars().any(|c| c.is_ascii_alphabetic());
        let foreign = w.chars().any(is_cyrillic_or_greek);
        let letters = w.chars().filter(|c| !is_invisible(*c)).count();
        if letters == 0 || !(invisible || latin && foreign) {
            return;
        }
        // A Greek letter that looks like no Latin one (Λ, Δ, μ, β) beside
        // Latin letters is notation ("ΛCDM", "μg", "TGF-β"), not a slip of
        // the keyboard; Cyrillic beside Latin is always suspect.
        let notation = !invisible
            && !w.chars().any(is_cyrillic)
            && w.chars()
                .any(|c| is_greek(c) && latin_lookalike(c).is_none());
        if notation {
            return;
        }
        let mut cleaned = String::with_capacity(w.len());
        let mut fully_mapped = true;
        for c in w.chars().filter(|c| !is_invisible(*c)) {
            match latin_lookalike(c) {
                Some(l) if latin => cleaned.push(l),
                _ => {
                    fully_mapped &= !is_cyrillic_or_greek(c) || !latin;
                    cleaned.push(c);
                }
            }
        }
        out.push(Suspect {
            span: Span::new(base + s, base + e),
            cleaned,
            latin_with_cyrillic: latin && foreign,
            fully_mapped,
        });
    };
    // Only a word holding a Cyrillic, Greek or invisible character can be a
    // suspect, so jump from one such character to the next (most of a text
    // is ASCII, and most of the rest is punctuation) and look at the word
    // around it.
    let in_word = |c: char| is_word_char(c) || is_invisible(c);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut flushed_to = 0;
    while let Some(off) = bytes[i..].iter().position(|b| !b.is_ascii()) {
        let at = i + off;
        let c = text[at..].chars().next().unwrap_or(' ');
        i = at + c.len_utf8();
        if at < flushed_to || !(is_invisible(c) || is_cyrillic_or_greek(c)) {
            continue;
        }
        let s = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| in_word(c))
            .last()
            .map_or(at, |(j, _)| j);
        let e = text[at..]
            .char_indices()
            .find(|&(_, c)| !in_word(c))
            .map_or(text.len(), |(j, _)| at + j);
        flush(s, e, &mut out);
        flushed_to = e;
        i = e.max(i);
    }
    out
}

impl Check for MixedScriptCheck {
    fn name(&self) -> &'static str {
        "mixed-script"
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for part in cx.parts {
            let region = cx.text(part.span);
            // Fast path: nothing outside ASCII and Latin-1 letters.
            if region.is_ascii() {
                continue;
            }
            let all = suspects(region, part.span.start);
            // Each group of suspects is looked at with the text around it
            // (forms are far shorter than the context), not the whole
            // region: cleaning and mapping stay small on long documents.
            for (window, sus) in groups(&cx.doc.text, part.span, &all) {
                self.check_window(cx, window, sus, out);
            }
        }
    }
}

/// Suspects grouped by overlapping context windows of `CONTEXT` bytes on
/// each side, clamped to `part`.
fn groups<'a>(text: &str, part: Span, sus: &'a [Suspect]) -> Vec<(Span, &'a [Suspect])> {
    const CONTEXT: usize = 1024;
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut out: Vec<(Span, &'a [Suspect])> = Vec::new();
    let mut first = 0;
    while first < sus.len() {
        let start = floor(
            sus[first]
                .span
                .start
                .saturating_sub(CONTEXT)
                .max(part.start),
        );
        let mut last = first;
        let mut end = ceil((sus[last].span.end + CONTEXT).min(part.end));
        while last + 1 < sus.len() && sus[last + 1].span.start < end {
            last += 1;
            end = ceil((sus[last].span.end + CONTEXT).min(part.end));
        }
        out.push((Span::new(start, end), &sus[first..=last]));
        first = last + 1;
    }
    out
}

impl MixedScriptCheck {
    /// Matches the glossary in `window` with its suspect words cleaned.
    fn check_window(
        &self,
        cx: &Context<'_>,
        window: Span,
        sus: &[Suspect],
        out: &mut Vec<Finding>,
    ) {
        // The window with every suspect word cleaned, and a map from
        // its byte offsets back to the original.
        let mut cleaned = String::with_capacity(window.len());
        let mut map: Vec<usize> = Vec::with_capacity(window.len() + 1);
        let mut at = window.start;
        for s in sus {
            let keep = &cx.doc.text[at..s.span.start];
            for (i, _) in keep.bytes().enumerate() {
                map.push(at + i);
            }
            cleaned.push_str(keep);
            map.extend(std::iter::repeat_n(s.span.start, s.cleaned.len()));
            cleaned.push_str(&s.cleaned);
            at = s.span.end;
        }
        let rest = &cx.doc.text[at..window.end];
        for (i, _) in rest.bytes().enumerate() {
            map.push(at + i);
        }
        cleaned.push_str(rest);
        map.push(window.end);
        let orig = |i: usize| map.get(i).copied().unwrap_or(window.end);
        let folded = fold(&cleaned, 0, true);
        let mut claimed: Vec<Span> = Vec::new();
        for m in cx.matcher.find_all(&cleaned, &folded) {
            // Map the cleaned span back, widening to whole suspect words.
            let mut span = Span::new(orig(m.span.start), orig(m.span.end));
            for s in sus {
                if s.span.overlaps(span) || s.span.start == span.start {
                    span.start = span.start.min(s.span.start);
                    span.end = span.end.max(s.span.end);
                }
            }
            if !sus.iter().any(|s| span.contains(s.span)) {
                continue;
            }
            let term = cx.set.term(m.term);
            let reads = &cleaned[m.span.range()];
            let replacement = if m.kind.is_approved() {
                reads.to_owned()
            } else {
                let base = &cleaned[m.base.range()];
                variant_replacement(term, &m, base, &cleaned[m.ending().range()], None)
                    .unwrap_or_else(|| reads.to_owned())
            };
            let message = format!(
                "'{}' holds look-alike or invisible characters ({}); it reads '{reads}'",
                cx.text(span).replace(is_invisible_str, "\u{2423}"),
                odd_characters(cx.doc, span)
            );
            let fix = Some(Fix::safe(span, replacement));
            out.push(cx.finding(m.term, Kind::MixedScript, span, message, fix));
            claimed.push(span);
        }
        for s in sus.iter().filter(|s| s.latin_with_cyrillic) {
            if claimed.iter().any(|c| c.overlaps(s.span)) {
                continue;
            }
            let found = cx.text(s.span);
            let fix = s.fully_mapped.then(|| Fix::safe(s.span, s.cleaned.clone()));
            out.push(Finding {
                span: s.span,
                kind: Kind::MixedScript,
                severity: crate::finding::Severity::Warning,
                term_id: "mixed-script".into(),
                found: found.into(),
                preferred: s.cleaned.as_str().into(),
                message: format!(
                    "'{found}' mixes Latin and Cyrillic or Greek letters ({}){}",
                    odd_characters(cx.doc, s.span),
                    if s.fully_mapped {
                        format!("; it reads '{}'", s.cleaned)
                    } else {
                        String::new()
                    }
                )
                .into(),
                note: None,
                reference: None,
                fix,
                source_span: None,
                date: None,
            });
        }
    }
}

fn is_invisible_str(c: char) -> bool {
    is_invisible(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{CheckOptions, Checker};
    use crate::glossary::{GlossarySet, parse};
    use crate::text::Document;

    #[test]
    fn a_hidden_variant_is_fixed_like_a_plain_one() {
        let g = parse(
            "t.toml",
            "[glossary]\nname = \"t\"\nlanguage = \"en\"\n[[term]]\n\
             preferred = \"pan-European security\"\nvariants = [\"European security\"]\n",
        )
        .glossary
        .unwrap();
        let set = GlossarySet::new(vec![g]).unwrap();
        let opts = CheckOptions::all(&set);
        let checker = Checker::with_options(set, &opts).unwrap();
        // A Cyrillic "о" in "Eurоpean", mid-sentence: the variant's own
        // capital must not become "Pan-".
        let doc = Document::new("t", "They spoke of Eur\u{043E}pean security.".to_owned());
        let f = checker
            .check(&doc)
            .into_iter()
            .find(|f| f.kind == Kind::MixedScript)
            .unwrap();
        let fix = f.fix.unwrap();
        assert_eq!(fix.edits[0].replacement, "pan-European security");
    }

    #[test]
    fn suspects_found() {
        let t = "Lavr\u{043E}v met Lav\u{200B}rov and Путин in Moscow";
        let s = suspects(t, 0);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].cleaned, "Lavrov");
        assert!(s[0].latin_with_cyrillic && s[0].fully_mapped);
        assert_eq!(s[1].cleaned, "Lavrov");
        assert!(!s[1].latin_with_cyrillic);
    }

    /// Greek letters with no Latin look-alike are notation; a Greek
    /// look-alike inside a Latin word is still a slip.
    #[test]
    fn greek_notation_is_not_a_suspect() {
        for w in ["\u{039B}CDM", "5\u{03BC}g", "TGF\u{03B2}", "\u{0394}T"] {
            assert!(suspects(w, 0).is_empty(), "{w}");
        }
        let s = suspects("Lavr\u{03BF}v", 0);
        assert_eq!((s.len(), s[0].cleaned.as_str()), (1, "Lavrov"));
        // Cyrillic beside a Greek symbol is still suspect.
        assert_eq!(suspects("Lavr\u{043E}v\u{0394}", 0).len(), 1);
    }

    #[test]
    fn unmapped_cyrillic_is_not_fully_mapped() {
        let s = suspects("Moskвa", 0);
        assert_eq!(s.len(), 1);
        assert!(!s[0].fully_mapped);
    }
}
