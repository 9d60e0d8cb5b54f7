//! Checks turn matches into findings. Each kind of check is one file
//! implementing [`Check`]; the [`Checker`] folds and matches a document
//! once and hands the same matches to every check.

mod case;
pub mod consistency;
pub mod context;
mod glossary_consistency;
mod missing;
mod mixed_script;
mod near_miss;
mod options;
mod variant;

pub use case::CaseCheck;
pub use consistency::{ConsistencyCheck, Scope, Tally};
pub use glossary_consistency::{FirstUses, GroupCheck, TermConsistencyCheck};
pub use missing::{Expected, MissingCheck};
pub use mixed_script::MixedScriptCheck;
pub use near_miss::{DEFAULT_NEAR_MISS_THRESHOLD, NearMissCheck};
pub use options::{CheckOptions, CompiledChecker, glossary_threshold};
pub use variant::VariantCheck;

use std::cell::OnceCell;
use std::sync::Arc;

use crate::date::{Date, Dating, DocDate};
use crate::finding::{Finding, Fix, Kind, Span, TextPool, sort_findings};
use crate::glossary::{GlossarySet, Term, TermRef};
use crate::matcher::{Matcher, MatcherBuilder, TermMatch};
use crate::text::{CharRefs, Document, Folded, fold_with};

/// One checked region of a document: its folded text and the matches in
/// it. Plain text has one part (the whole body); markup formats give one
/// part per text run, so matches never cross markup.
pub struct Part {
    /// The region in original bytes.
    pub span: Span,
    /// The document region it lies in: `span` itself, unless a long
    /// document was cut into windows. Rules that read around a match (its
    /// sentence, paragraph or quotation) look this far, so a window's edge
    /// does not change what they see.
    pub region: Span,
    /// Its folded, lower-cased text (offsets map back to the original).
    pub folded: Folded,
    /// Every match of every form, in text order.
    pub matches: Vec<TermMatch>,
    /// The words of `folded`, cut once on first use and shared by the
    /// checks.
    words: OnceCell<Vec<near_miss::Tok>>,
}

impl Part {
    /// A checked region: its span, folded text and matches.
    pub fn new(span: Span, folded: Folded, matches: Vec<TermMatch>) -> Self {
        Self {
            span,
            region: span,
            folded,
            matches,
            words: OnceCell::new(),
        }
    }

    /// The words of the folded text as the crate's one tokenizer cuts
    /// them ([`crate::text::words`]), with their lengths and letter sets.
    pub(crate) fn words(&self) -> &[near_miss::Tok] {
        self.words
            .get_or_init(|| near_miss::text_tokens(&self.folded.text))
    }
}

/// Everything a check may look at for one document.
pub struct Context<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The glossaries.
    pub set: &'a GlossarySet,
    /// The compiled forms.
    pub matcher: &'a Matcher,
    /// The checked regions, in text order.
    pub parts: &'a [Part],
    /// Each term's note and reference, `[glossary][term]`, shared by its
    /// findings.
    shared: &'a [Vec<SharedTexts>],
    /// How documents are dated.
    dating: &'a Dating,
    /// The document's date, resolved on first use.
    date: &'a OnceCell<DocDate>,
    /// Tally the capitalization of two-word names for consistency.
    pub(crate) capitalization: bool,
}

/// A term's note and reference, allocated once per run.
type SharedTexts = (Option<Arc<str>>, Option<Arc<str>>);

impl Context<'_> {
    /// Every match of every part, with its part, in text order.
    pub fn matches(&self) -> impl Iterator<Item = (&Part, &TermMatch)> {
        self.parts
            .iter()
            .flat_map(|p| p.matches.iter().map(move |m| (p, m)))
    }

    /// The original text of a span.
    pub fn text(&self, span: Span) -> &str {
        &self.doc.text[span.range()]
    }

    /// The document's date (resolved once, on first use).
    pub fn date(&self) -> DocDate {
        *self
            .date
            .get_or_init(|| self.dating.resolve(&self.doc.path, &self.doc.text))
    }

    /// Marks a finding about match `m` with the document date it depended
    /// on, in the `date` field and at the end of its message.
    pub fn date_finding(&self, m: &TermMatch, f: &mut Finding) {
        if m.dated {
            let d = self.date();
            f.message = format!("{} (document {d})", f.message).into();
            f.date = Some(d);
        }
    }

    /// A finding about `term`, filled with the glossary's facts.
    pub fn finding(
        &self,
        term: TermRef,
        kind: Kind,
        span: Span,
        message: String,
        fix: Option<Fix>,
    ) -> Finding {
        let t: &Term = self.set.term(term);
        let (note, reference) = self
            .shared
            .get(term.glossary)
            .and_then(|g| g.get(term.term))
            .cloned()
            .unwrap_or_else(|| {
                (
                    t.note.as_deref().map(Arc::from),
                    t.reference.as_deref().map(Arc::from),
                )
            });
        Finding {
            span,
            kind,
            severity: t.severity,
            term_id: self.set.qualified_id(term).into(),
            found: self.text(span).into(),
            preferred: t.preferred.text.as_str().into(),
            message: message.into(),
            note,
            reference,
            fix,
            source_span: None,
            date: None,
        }
    }
}

/// One kind of check.
pub trait Check: Send + Sync {
    /// Short name, for `--verbose` and docs.
    fn name(&self) -> &'static str;
    /// Appends this check's findings for one document.
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
    /// True for a check that compares distant places of one document
    /// (file-scoped consistency). When a long document is checked in
    /// windows, such a check is not run per window; the checker merges
    /// the windows' consistency tallies instead.
    fn whole_document(&self) -> bool {
        false
    }
    /// True for the check whose votes the checker gathers over a long
    /// document's windows into one [`Tally`] (file-scoped `inconsistent`
    /// on unlisted spellings).
    fn tallies(&self) -> bool {
        false
    }
    /// For a whole-document check judged by first uses (consistent terms,
    /// groups): what this checked text contributes. Windows of a long
    /// document merge these in text order, then
    /// [`Check::report_first_uses`] reports once.
    fn first_uses(&self, _cx: &Context<'_>) -> Option<FirstUses> {
        None
    }
    /// Reports the merged first uses of a whole document.
    fn report_first_uses(&self, _cx: &Context<'_>, _uses: &FirstUses, _out: &mut Vec<Finding>) {}
    /// Notes for the user about the run so far: where a limit cut the
    /// check's work short (and so some findings may be missing).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Documents whose checked text is longer than twice this are checked in
/// windows of about this many bytes, one after the other, so that memory
/// stays near the size of the file itself (the folded copy, matches and
/// tokens of one window at a time). 256 KiB: a window's scratch is
/// resident on top of the whole file (at 512 KiB its words alone took
/// 2.8 MB); halving it brought a 1 GB file's peak under 50 MB plus the
/// file, for about 2% more time on a 100 MB file.
pub const WINDOW_BYTES: usize = 1 << 18;

/// The glossaries, their compiled matcher and the checks to run.
pub struct Checker {
    set: GlossarySet,
    matcher: Matcher,
    checks: Vec<Box<dyn Check>>,
    shared: Vec<Vec<SharedTexts>>,
    dating: Dating,
    /// [`CheckOptions::consistency_capitalization`].
    capitalization: bool,
}

impl Checker {
    /// A checker running the exact-match checks (`variant`, `case`).
    pub fn new(set: GlossarySet) -> Result<Self, crate::matcher::BuildError> {
        let matcher = MatcherBuilder::new().glossaries(&set).build()?;
        Ok(Self::with_checks(
            set,
            matcher,
            vec![Box::new(VariantCheck), Box::new(CaseCheck)],
        ))
    }

    /// A checker with a prepared matcher and a chosen list of checks.
    pub fn with_checks(set: GlossarySet, matcher: Matcher, checks: Vec<Box<dyn Check>>) -> Self {
        let shared = set
            .glossaries()
            .iter()
            .map(|g| {
                g.terms
                    .iter()
                    .map(|t| {
                        (
                            t.note.as_deref().map(Arc::from),
                            t.reference.as_deref().map(Arc::from),
                        )
                    })
                    .collect()
            })
            .collect();
        Self {
            set,
            matcher,
            checks,
            shared,
            dating: Dating::default(),
            capitalization: false,
        }
    }

    /// Dates documents by `dating` (`--date`, `date_from_path`) instead of
    /// their own dates, then today.
    pub fn with_dating(mut self, dating: Dating) -> Self {
        self.dating = dating;
        self
    }

    /// Changes how documents are dated (between documents of a run whose
    /// dates come from elsewhere, such as an archive's index).
    pub fn set_dating(&mut self, dating: Dating) {
        self.dating = dating;
    }

    /// How documents are dated.
    pub fn dating(&self) -> &Dating {
        &self.dating
    }

    /// The glossaries.
    pub fn glossaries(&self) -> &GlossarySet {
        &self.set
    }

    /// Every check's [`Check::notes`]: limits hit so far in this run.
    pub fn notes(&self) -> Vec<String> {
        self.checks.iter().flat_map(|c| c.notes()).collect()
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Checks the whole body of a document (after any BOM); findings come
    /// sorted in the contract's order.
    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        let body = Span::new(doc.body_start(), doc.text.len());
        self.check_regions(doc, &[body])
    }

    /// Checks only the given regions of a document (original byte spans on
    /// char boundaries, in order, not overlapping): what markup readers
    /// use to skip code, tags and attributes.
    pub fn check_regions(&self, doc: &Document, regions: &[Span]) -> Vec<Finding> {
        self.check_regions_full(doc, regions, CharRefs::None, &[])
    }

    /// Like [`Checker::check_regions`], then runs `extra` checks, which see
    /// the findings of the checker's own checks in `out` (so `missing` can
    /// stay quiet where a variant already says what is wrong).
    pub fn check_regions_with(
        &self,
        doc: &Document,
        regions: &[Span],
        extra: &[&dyn Check],
    ) -> Vec<Finding> {
        self.check_regions_full(doc, regions, CharRefs::None, extra)
    }

    /// Like [`Checker::check_regions`], decoding the markup escapes `refs`
    /// names inside the regions (`&amp;` in HTML, `\"` in a PO string)
    /// while positions still point at the escapes' original bytes.
    pub fn check_regions_decoding(
        &self,
        doc: &Document,
        regions: &[Span],
        refs: CharRefs,
    ) -> Vec<Finding> {
        self.check_regions_full(doc, regions, refs, &[])
    }

    /// Regions, escape decoding, and extra checks run after the checker's
    /// own.
    pub fn check_regions_full(
        &self,
        doc: &Document,
        regions: &[Span],
        refs: CharRefs,
        extra: &[&dyn Check],
    ) -> Vec<Finding> {
        self.check_regions_observed(doc, regions, refs, extra, &mut |_, _| (), false)
            .0
    }

    /// Like [`Checker::check_regions_full`], also handing each checked
    /// piece's context and findings to `observe`: the whole document, or
    /// each window of a long one in text order (the findings of the checks
    /// that judge the whole document come after the last window and are
    /// not observed); with `run_tally`, also the document's spellings for
    /// run-scoped consistency and the usage table
    /// ([`consistency::tally_run`]), gathered window by window. A pass
    /// over a long document so costs no more memory than `check`.
    pub fn check_regions_observed(
        &self,
        doc: &Document,
        regions: &[Span],
        refs: CharRefs,
        extra: &[&dyn Check],
        observe: &mut dyn FnMut(&Context<'_>, &[Finding]),
        run_tally: bool,
    ) -> (Vec<Finding>, Option<Tally>) {
        self.check_windowed(doc, regions, refs, extra, WINDOW_BYTES, observe, run_tally)
    }

    /// [`Checker::check_regions_observed`] with windows of `size` bytes.
    #[allow(clippy::too_many_arguments)]
    fn check_windowed(
        &self,
        doc: &Document,
        regions: &[Span],
        refs: CharRefs,
        extra: &[&dyn Check],
        size: usize,
        observe: &mut dyn FnMut(&Context<'_>, &[Finding]),
        run_tally: bool,
    ) -> (Vec<Finding>, Option<Tally>) {
        let total: usize = regions.iter().map(Span::len).sum();
        if total <= 2 * size {
            return self.check_regions_then(doc, regions, refs, extra, |cx, found| {
                observe(cx, found);
                run_tally.then(|| consistency::tally_run(cx, found))
            });
        }
        let tallies = self.checks.iter().any(|c| c.tallies());
        let wanted = tallies.then(|| consistency::wanted_words(&doc.text, regions));
        let mut out = Vec::new();
        let mut texts = TextPool::default();
        let mut votes = consistency::WindowVotes::default();
        let mut run_votes = run_tally.then(consistency::WindowVotes::default);
        // First uses per whole-document check (by index), merged in order.
        let mut firsts: Vec<Option<FirstUses>> = self.checks.iter().map(|_| None).collect();
        let date_cell = OnceCell::new();
        for (n, window) in windows(&doc.text, regions, size).into_iter().enumerate() {
            if n % TRIM_EVERY == TRIM_EVERY - 1 {
                give_back_free_memory();
            }
            let (mut found, uses) =
                self.run_checks(doc, &window, regions, refs, extra, true, |cx, found| {
                    observe(cx, found);
                    if let Some(v) = &mut run_votes {
                        consistency::tally_run_window(&doc.text, cx, found, regions, v);
                    }
                    if let Some(w) = &wanted {
                        consistency::tally_window(&doc.text, cx, found, w, regions, &mut votes);
                    }
                    let uses: Vec<Option<FirstUses>> =
                        self.checks.iter().map(|c| c.first_uses(cx)).collect();
                    if let Some(d) = cx.date.get() {
                        let _ = date_cell.set(*d);
                    }
                    uses
                });
            for f in &mut found {
                texts.share(f);
            }
            out.append(&mut found);
            for (slot, u) in firsts.iter_mut().zip(uses) {
                match (slot.as_mut(), u) {
                    (Some(m), Some(u)) => m.merge(u),
                    (None, u) => *slot = u,
                    (Some(_), None) => {}
                }
            }
        }
        if tallies {
            let t = votes.finish();
            out.extend(t.findings(&[doc]).into_iter().map(|(_, mut f)| {
                texts.share(&mut f);
                f
            }));
        }
        // The first-use checks report once over the whole document.
        let cx = Context {
            doc,
            set: &self.set,
            matcher: &self.matcher,
            parts: &[],
            shared: &self.shared,
            dating: &self.dating,
            date: &date_cell,
            capitalization: self.capitalization,
        };
        for (check, uses) in self.checks.iter().zip(&firsts) {
            if let Some(uses) = uses {
                check.report_first_uses(&cx, uses, &mut out);
            }
        }
        sort_findings(&mut out);
        (out, run_votes.map(consistency::WindowVotes::finish))
    }

    /// The general form: like [`Checker::check_regions_full`], then hands
    /// the context and the sorted findings to `after` (for passes that need
    /// both, such as run-scoped consistency and usage tables) and returns
    /// what it returns.
    pub fn check_regions_then<R>(
        &self,
        doc: &Document,
        regions: &[Span],
        refs: CharRefs,
        extra: &[&dyn Check],
        after: impl FnOnce(&Context<'_>, &[Finding]) -> R,
    ) -> (Vec<Finding>, R) {
        self.run_checks(doc, regions, regions, refs, extra, false, after)
    }

    /// Folds and matches `regions` (some of the document's `whole`
    /// regions, or pieces of them), runs the checks (all, or all but the
    /// whole-document ones) and the extra checks, then `after`.
    #[allow(clippy::too_many_arguments)]
    fn run_checks<R>(
        &self,
        doc: &Document,
        regions: &[Span],
        whole: &[Span],
        refs: CharRefs,
        extra: &[&dyn Check],
        skip_whole_document: bool,
        after: impl FnOnce(&Context<'_>, &[Finding]) -> R,
    ) -> (Vec<Finding>, R) {
        let date_cell = OnceCell::new();
        let date = || -> Date {
            date_cell
                .get_or_init(|| self.dating.resolve(&doc.path, &doc.text))
                .value
        };
        let parts: Vec<Part> = regions
            .iter()
            .filter_map(|&span| {
                let text = doc.text.get(span.range())?;
                let folded = fold_with(text, span.start, true, refs);
                let matches = self.matcher.find_all_dated(&doc.text, &folded, Some(&date));
                let mut part = Part::new(span, folded, matches);
                part.region = around(whole, span);
                Some(part)
            })
            .collect();
        let cx = Context {
            doc,
            set: &self.set,
            matcher: &self.matcher,
            parts: &parts,
            shared: &self.shared,
            dating: &self.dating,
            date: &date_cell,
            capitalization: self.capitalization,
        };
        let mut out = Vec::new();
        for check in &self.checks {
            if !(skip_whole_document && check.whole_document()) {
                check.run(&cx, &mut out);
            }
        }
        for check in extra {
            check.run(&cx, &mut out);
        }
        sort_findings(&mut out);
        let extra = after(&cx, &out);
        (out, extra)
    }
}

/// The span of the regions of `whole` (sorted, disjoint) that `span`
/// touches: the region a window's piece was cut from. `span` itself when
/// it lies in none.
fn around(whole: &[Span], span: Span) -> Span {
    let first = whole.partition_point(|r| r.end <= span.start);
    let last = whole.partition_point(|r| r.start < span.end);
    match (
        whole.get(first),
        last.checked_sub(1).and_then(|i| whole.get(i)),
    ) {
        (Some(a), Some(b)) if first < last => {
            Span::new(a.start.min(span.start), b.end.max(span.end))
        }
        _ => span,
    }
}

/// Cuts `regions` into windows of about `size` bytes. A region longer than
/// a window is cut near the window's end, in the last 64 KiB: at a blank
/// line, else after a sentence end, else at a line break, a space, or a
/// char boundary (a run of 64 KiB without a space: then a term spanning
/// that very cut could be missed).
fn windows(text: &str, regions: &[Span], size: usize) -> Vec<Vec<Span>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Vec<Span>> = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    let mut current_len = 0;
    for &r in regions {
        let mut start = r.start;
        while start < r.end {
            // Rather than cut a small piece to fill the window, close it.
            if current_len >= size / 2 && r.end - start > size - current_len {
                out.push(std::mem::take(&mut current));
                current_len = 0;
            }
            let room = size.saturating_sub(current_len).max(1);
            let mut end = r.end;
            if end - start > room {
                let limit = start + room;
                let floor = limit.saturating_sub(64 << 10).max(start + 1);
                // A term never spans a sentence end; it may span a line
                // break (hard-wrapped text), so sentence ends come first.
                let sentence_end = |i: usize| {
                    matches!(bytes[i - 1], b'.' | b'!' | b'?')
                        && matches!(bytes[i], b' ' | b'\n')
                        && (bytes[i - 1] != b'.' || !abbreviation_before(&bytes[..i - 1]))
                };
                end = (floor..limit)
                    .rev()
                    .find(|&i| bytes[i] == b'\n' && bytes[i - 1] == b'\n')
                    .or_else(|| (floor..limit).rev().find(|&i| sentence_end(i)))
                    .or_else(|| (floor..limit).rev().find(|&i| bytes[i] == b'\n'))
                    .or_else(|| (floor..limit).rev().find(|&i| bytes[i] == b' '))
                    .map(|i| i + 1)
                    .or_else(|| {
                        (start + 1..=limit)
                            .rev()
                            .find(|&i| text.is_char_boundary(i))
                    })
                    .unwrap_or(r.end);
            }
            match current.last_mut() {
                Some(last) if last.end == start => last.end = end,
                _ => current.push(Span::new(start, end)),
            }
            current_len += end - start;
            start = end;
            if current_len >= size {
                out.push(std::mem::take(&mut current));
                current_len = 0;
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether the period after `before` may end an abbreviation rather than
/// a sentence: the letters before it are one letter or begin with a
/// capital ("U.S.", "Mr.", "Gen.", "Jan."), which a listed form can go on
/// past ("U.S. Secretary of State").
fn abbreviation_before(before: &[u8]) -> bool {
    let word = before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let word = &before[before.len() - word..];
    !word.is_empty() && (word.len() == 1 || word[0].is_ascii_uppercase())
}

/// Gives `replacement` the case shape of `found`: ALL CAPS stays all caps,
/// a capitalized first letter stays capitalized, otherwise the glossary's
/// own spelling is kept.
pub fn transfer_case(found: &str, replacement: &str) -> String {
    if all_caps(found) {
        return replacement.to_uppercase();
    }
    let found_first_upper = found
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if found_first_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_owned(),
    }
}

/// What replaces a variant match: the preferred form in the case shape of
/// `found` (the matched text without its ending; a listed variant's own
/// leading capital is not carried over), in the apostrophe style of
/// `found`, then `ending` (a plural ending is formed anew for the
/// preferred form: "diapers" -> "nappies"). `None` when no replacement can
/// be written safely (a plural that English does not form by rule).
pub(crate) fn variant_replacement(
    term: &Term,
    m: &TermMatch,
    found: &str,
    ending: &str,
    target: Option<&str>,
) -> Option<String> {
    let form = match m.kind {
        crate::glossary::FormKind::Variant(i) => term.variants.get(i),
        _ => None,
    };
    let preferred = target.unwrap_or_else(|| closest_approved(term, found));
    let cased = if form.is_some_and(|f| all_caps(&f.text)) && all_caps(found) {
        // The glossary lists the capitals ("VNIC" for "vNIC"): they are
        // the variant's spelling, not a headline's.
        preferred.to_owned()
    } else {
        match form.filter(|_| m.derived.is_none()) {
            Some(form) => transfer_case_for(&form.text, found, preferred),
            None => transfer_case(found, preferred),
        }
    };
    let cased = same_apostrophes(found, &cased);
    let folded_ending = ending.replace(['\u{2019}', '\u{02BC}'], "'").to_lowercase();
    Some(match folded_ending.as_str() {
        "s" | "es" => plural(&cased, ending.chars().any(char::is_uppercase))?,
        "s'" => format!(
            "{}{}",
            plural(&cased, ending.starts_with('S'))?,
            &ending[1..]
        ),
        _ => format!("{cased}{ending}"),
    })
}

/// The approved form a fix writes: the preferred form, or an undated
/// admitted form that is closer to what the text has, so a fix changes as
/// little as it must and keeps the kind of name the text uses ("UN
/// Secretary General" becomes the admitted "UN Secretary-General", not
/// "Secretary-General of the United Nations"; "ISIS" becomes an admitted
/// acronym, not the organization's full name).
fn closest_approved<'t>(term: &'t Term, found: &str) -> &'t str {
    /// Longer texts are not weighed: the distance costs the product of the
    /// lengths (a hostile 100 KB form would take minutes).
    const MAX_BYTES: usize = 800;
    let preferred = term.preferred.text.as_str();
    let candidates = || {
        term.admitted
            .iter()
            .filter(|f| f.valid.is_always() && f.text.len() <= MAX_BYTES)
    };
    if found.len() > MAX_BYTES || preferred.len() > MAX_BYTES || candidates().next().is_none() {
        return preferred;
    }
    let found = found.to_lowercase();
    let distance = |form: &str| strsim::levenshtein(&found, &form.to_lowercase());
    let mut best = (distance(preferred), preferred);
    for f in candidates() {
        let d = distance(&f.text);
        if d < best.0 {
            best = (d, f.text.as_str());
        }
    }
    best.1
}

/// True when `s` has at least two letters, all capitals.
fn all_caps(s: &str) -> bool {
    let mut letters = 0;
    s.chars().filter(|c| c.is_alphabetic()).all(|c| {
        letters += 1;
        c.is_uppercase()
    }) && letters >= 2
}

/// `replacement` with the apostrophes of `found`: a text that writes
/// typographic apostrophes ("Cote d’Ivoire") keeps them in the fix, and
/// one with straight apostrophes keeps those.
fn same_apostrophes(found: &str, replacement: &str) -> String {
    const CURLY: char = '\u{2019}';
    if found.contains(CURLY) && !found.contains('\'') {
        replacement.replace('\'', "\u{2019}")
    } else if found.contains('\'') && !found.contains(CURLY) {
        replacement.replace(CURLY, "'")
    } else {
        replacement.to_owned()
    }
}

/// The regular English plural of a form (its last word): "-ies" after a
/// consonant and "y", "-es" after a sibilant, else "-s"; an acronym takes
/// "s". `None` for words whose plural is not formed by these rules
/// ("-man", "-child", "-person", "-sis", "-ium", "-fe", "-lf"): a guess
/// would write a wrong word, so the fix is withheld.
fn plural(form: &str, upper: bool) -> Option<String> {
    let last = form.rsplit([' ', '-']).next().unwrap_or(form);
    let lower = last.to_lowercase();
    let suffix = |s: &str| {
        if upper {
            s.to_uppercase()
        } else {
            s.to_owned()
        }
    };
    if all_caps(last) && !upper {
        return Some(format!("{form}s"));
    }
    const IRREGULAR: &[&str] = &[
        "man", "child", "person", "foot", "tooth", "mouse", "sis", "xis", "rion", "enon", "dum",
        "ium", "lum", "fe", "lf", "eaf",
    ];
    if IRREGULAR.iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    let vowel = |c: char| "aeiou".contains(c);
    let mut rev = lower.chars().rev();
    let (z, y) = (rev.next(), rev.next());
    Some(match (y, z) {
        (Some(c), Some('y')) if !vowel(c) => {
            format!("{}{}", &form[..form.len() - 1], suffix("ies"))
        }
        (_, Some('s' | 'x' | 'z')) | (Some('c' | 's'), Some('h')) => {
            format!("{form}{}", suffix("es"))
        }
        _ => format!("{form}{}", suffix("s")),
    })
}

/// [`transfer_case`] for a match of the glossary form `form`: a capital
/// that the form itself starts with ("European security") is the form's
/// spelling, not a sentence start, so it is not moved onto the
/// replacement ("pan-European security", not "Pan-European security").
pub fn transfer_case_for(form: &str, found: &str, replacement: &str) -> String {
    let starts_upper = |s: &str| {
        s.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    };
    let caps = transfer_case(found, replacement);
    if starts_upper(form) && caps != replacement.to_uppercase() {
        return replacement.to_owned();
    }
    caps
}

/// A checker with every check for a glossary `body` (after its
/// `[glossary]` header), dating documents by `date` (`YYYY-MM-DD`) when given.
#[cfg(test)]
pub(crate) fn test_checker(body: &str, date: Option<&str>) -> Checker {
    let text = format!("[glossary]\nname = \"t\"\nlanguage = \"en\"\n{body}");
    let loaded = crate::glossary::parse("t.toml", &text);
    let g = loaded
        .glossary
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let set = GlossarySet::new(vec![g]).unwrap_or_else(|e| panic!("{e:?}"));
    let opts = CheckOptions {
        near_miss: None,
        ..CheckOptions::default()
    };
    let mut dating = Dating {
        today: Date::parse("2026-01-01").unwrap(),
        ..Dating::default()
    };
    dating.fixed = date.map(|d| Date::parse(d).unwrap());
    Checker::with_options(set, &opts)
        .unwrap()
        .with_dating(dating)
}

/// `kind found -> fix` of each finding of `checker` on `text`.
#[cfg(test)]
pub(crate) fn test_findings(checker: &Checker, text: &str) -> Vec<String> {
    let doc = Document::new("d.txt", text.to_owned());
    checker
        .check(&doc)
        .into_iter()
        .map(|f| {
            let fix = f
                .fix
                .map_or("none".to_owned(), |x| x.edits[0].replacement.clone());
            format!("{} {} -> {fix}", f.kind, f.found)
        })
        .collect()
}

/// Windows between two [`give_back_free_memory`] calls (4 MiB of text).
const TRIM_EVERY: usize = 16;

/// Returns the C heap's free pages to the system. Each window's scratch
/// blocks are freed between the long-lived findings and tallies, and the
/// C allocator keeps such free pages resident: over a 1 GB file they added
/// some 15 MB to the resident set beyond the live heap.
fn give_back_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the C allocator.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_keep_typography_plurals_and_listed_capitals() {
        let c = test_checker(
            "[[term]]\npreferred = \"Côte d'Ivoire\"\nvariants = [\"Cote d'Ivoire\"]\n\
             [[term]]\npreferred = \"nappy\"\nvariants = [\"diaper\"]\n\
             [[term]]\npreferred = \"box\"\nvariants = [\"crate\"]\n\
             [[term]]\npreferred = \"chairperson\"\nvariants = [\"chair\"]\n\
             [[term]]\npreferred = \"vNIC\"\nvariants = [\"VNIC\", \"V-NIC\"]\ncase = \"sensitive\"\n\
             [[term]]\npreferred = \"reform\"\nvariants = [\"re\"]\n",
            None,
        );
        let f = |t: &str| test_findings(&c, t);
        assert_eq!(
            f("Cote d\u{2019}Ivoire"),
            ["variant Cote d\u{2019}Ivoire -> Côte d\u{2019}Ivoire"]
        );
        assert_eq!(
            f("Cote d'Ivoire"),
            ["variant Cote d'Ivoire -> Côte d'Ivoire"]
        );
        assert_eq!(f("Diapers"), ["variant Diapers -> Nappies"]);
        assert_eq!(f("DIAPERS"), ["variant DIAPERS -> NAPPIES"]);
        assert_eq!(
            f("diapers\u{2019} prices"),
            ["variant diapers\u{2019} -> nappies\u{2019}"]
        );
        assert_eq!(f("crates"), ["variant crates -> boxes"]);
        // No rule gives the plural of "person": no fix rather than a guess.
        assert_eq!(f("chairs"), ["variant chairs -> none"]);
        assert_eq!(f("a VNIC"), ["variant VNIC -> vNIC"]);
        assert_eq!(f("a V-NIC"), ["variant V-NIC -> vNIC"]);
        // A contraction's clitic is no word.
        assert!(f("they're here, we're there").is_empty());
        assert_eq!(f("the re"), ["variant re -> reform"]);
    }

    #[test]
    fn a_capital_of_the_form_is_not_a_sentence_start() {
        let r = "pan-European security";
        assert_eq!(
            transfer_case_for("European security", "European security", r),
            r
        );
        assert_eq!(
            transfer_case_for("European security", "EUROPEAN SECURITY", r),
            "PAN-EUROPEAN SECURITY"
        );
        assert_eq!(
            transfer_case_for(
                "undivided security",
                "Undivided security",
                "indivisible security"
            ),
            "Indivisible security"
        );
    }

    #[test]
    fn windowed_checking_finds_what_whole_checking_finds() {
        let text = r#"[glossary]
name = "t"
language = "en"
[[term]]
preferred = "indivisible security"
variants = ["indivisibility of security"]
[[term]]
preferred = "Sergey Lavrov"
[[term]]
preferred = "Organization for Security and Co-operation in Europe"
[[term]]
preferred = "ceasefire"
admitted = ["truce"]
consistent = true
[[group]]
forms = ["judgement", "judgment"]
"#;
        let checker = checker_with_all_checks(text);
        let mut body = String::new();
        for i in 0..400 {
            body.push_str(&format!(
                "Paragraph {i}: Sergei Lavrov spoke of the indivisibility of\nsecurity; \
                 the Organisation for Security and Cooperation in Europe met. \
                 A co-operation plan, then a cooperation plan, Sergey Lavrov.\n"
            ));
            // Mixed only across windows: the first uses are far apart.
            body.push_str(match i {
                0 => "A ceasefire and a judgment.\n",
                300.. => "A truce and a judgement.\n",
                _ => "",
            });
        }
        let doc = Document::new("t.txt", body);
        let all = Span::new(0, doc.text.len());
        let whole = checker.check_regions_full(&doc, &[all], CharRefs::None, &[]);
        let windowed = in_windows(&checker, &doc, 4096);
        assert!(whole.len() > 1000);
        assert!(whole.iter().any(|f| f.kind == Kind::Inconsistent));
        let mixed: Vec<&str> = whole
            .iter()
            .filter(|f| &*f.term_id == "ceasefire" || f.term_id.starts_with("group:"))
            .map(|f| &*f.found)
            .collect();
        assert_eq!(mixed, ["truce", "judgement"]);
        let show = |a: &[Finding], b: &[Finding]| -> Vec<String> {
            a.iter()
                .filter(|f| !b.contains(f))
                .take(3)
                .map(|f| format!("{} {:?} {}", f.kind, f.span, f.message))
                .collect()
        };
        assert!(
            windowed == whole,
            "only whole: {:?}\nonly windowed: {:?}",
            show(&whole, &windowed),
            show(&windowed, &whole)
        );
    }

    /// The findings of the whole of `doc` checked in windows of `size`.
    fn in_windows(checker: &Checker, doc: &Document, size: usize) -> Vec<Finding> {
        let all = Span::new(0, doc.text.len());
        checker
            .check_windowed(
                doc,
                &[all],
                CharRefs::None,
                &[],
                size,
                &mut |_, _| (),
                false,
            )
            .0
    }

    /// A checker with all checks of a glossary listing "Kiev" as a variant
    /// of "Kyiv", with `more` settings of that term.
    fn kyiv_checker(more: &str) -> Checker {
        checker_with_all_checks(&format!(
            "[glossary]\nname = \"t\"\nlanguage = \"en\"\n\
             [[term]]\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\n{more}"
        ))
    }

    fn checker_with_all_checks(glossary: &str) -> Checker {
        let g = crate::glossary::parse("t.toml", glossary).glossary.unwrap();
        let set = GlossarySet::new(vec![g]).unwrap();
        let opts = CheckOptions::all(&set);
        Checker::with_options(set, &opts).unwrap()
    }

    #[test]
    fn rules_that_read_around_a_match_ignore_window_edges() {
        let checker = kyiv_checker("exception_rules = [\"in-quotation\"]\n");
        // A paragraph per line; a line with one quotation mark leaves the
        // quotation open only within that line.
        let mut body = String::new();
        for i in 0..300 {
            body.push_str(&format!(
                "Line {i}: he said \"Kiev is ours\" today.\nKiev talks went on.\nAn odd \" mark.\n"
            ));
        }
        let doc = Document::new("t.txt", body);
        let all = Span::new(0, doc.text.len());
        let whole = checker.check_regions_full(&doc, &[all], CharRefs::None, &[]);
        // Far from the text's ends, the quoted "Kiev" is excepted and the
        // plain one flagged.
        let plain = |f: &Finding| doc.text[f.span.start..].starts_with("Kiev talks");
        assert_eq!(whole.iter().filter(|f| plain(f)).count(), 300);
        assert!(whole.len() < 400);
        // Windows no wider than the paragraph rule's reach: every match is
        // near a window edge.
        let windowed = in_windows(&checker, &doc, 2048);
        assert_eq!(windowed, whole);
    }

    #[test]
    fn periods_after_capitals_and_single_letters_may_end_abbreviations() {
        for before in ["the U.S", "said Mr", "Gen", "a", "in Kyiv"] {
            assert!(abbreviation_before(before.as_bytes()), "{before}");
        }
        for before in ["talks", "in 2024", "said \"yes", ""] {
            assert!(!abbreviation_before(before.as_bytes()), "{before}");
        }
    }

    /// The run-scoped tally gathered window by window is the tally of the
    /// whole document, and every window is observed once, in order.
    #[test]
    fn a_long_documents_run_tally_is_its_whole_tally() {
        let checker = kyiv_checker("");
        let mut body = String::new();
        for i in 0..300 {
            body.push_str(&format!(
                "MEETING IN KIEV {i}\nThe Grand Prix Of The Year Opens In Monaco today. \
                 A grand prix, a grandprix and a grand-prix in Kiev, e-mail and email.\n"
            ));
        }
        let doc = Document::new("t.txt", body);
        let all = Span::new(0, doc.text.len());
        let (_, whole) =
            checker.check_regions_then(&doc, &[all], CharRefs::None, &[], |cx, found| {
                consistency::tally_run(cx, found)
            });
        assert!(!whole.conflicts().is_empty());
        for size in [1000, 1500, 2048, 3000, 4096] {
            let mut starts = Vec::new();
            let (_, windowed) = checker.check_windowed(
                &doc,
                &[all],
                CharRefs::None,
                &[],
                size,
                &mut |cx, _| starts.push(cx.parts[0].span.start),
                true,
            );
            assert!(starts.len() > 10 && starts.is_sorted(), "{starts:?}");
            let windowed = windowed.expect("asked for");
            assert_eq!(
                format!("{:?}", windowed.conflicts()),
                format!("{:?}", whole.conflicts()),
                "windows of {size} bytes"
            );
        }
    }

    #[test]
    fn case_shapes() {
        assert_eq!(
            transfer_case("indivisibility of security", "indivisible security"),
            "indivisible security"
        );
        assert_eq!(
            transfer_case("Indivisibility of security", "indivisible security"),
            "Indivisible security"
        );
        assert_eq!(
            transfer_case("INDIVISIBILITY OF SECURITY", "indivisible security"),
            "INDIVISIBLE SECURITY"
        );
        assert_eq!(
            transfer_case("sergei lavrov", "Sergey Lavrov"),
            "Sergey Lavrov"
        );
        assert_eq!(
            transfer_case("Ivory Coast", "Côte d'Ivoire"),
            "Côte d'Ivoire"
        );
    }
}
