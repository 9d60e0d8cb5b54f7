//! The fuzz targets' bodies: each takes arbitrary bytes, runs one part of
//! termcheck on them and asserts what must hold for every input. A panic
//! (including a failed assertion) is a bug.
//!
//! The same functions run in three places: the cargo-fuzz binaries in
//! `fuzz_targets/`, the bounded smoke run in `.ci/run` (`scripts/fuzz`),
//! and `tests/cli/fuzz_corpus.rs` in the main package, which replays the
//! committed corpora and proptest mutations of them on the stable
//! toolchain without libFuzzer.

use std::io;
use std::sync::OnceLock;

use termcheck::checks::Checker;
use termcheck::engine::fix::{apply_fixes, fix_until_stable};
use termcheck::engine::{Engine, FileOutcome, Settings};
use termcheck::exchange::{self, tbx};
use termcheck::finding::diagnostic::{Diagnostic, Location};
use termcheck::finding::{Finding, Span};
use termcheck::formats::{self, InputFormat};
use termcheck::glossary::{GlossarySet, parse};
use termcheck::report::{self, Format, GlossaryInfo, HumanOptions, RunInfo, Summary};
use termcheck::text::{CharRefs, Document, Folded, decode as decode_bytes, fold_key, fold_with};

/// The fixed glossary the checking targets match against: overlapping
/// forms, all case modes, inflections off and on, an exception, non-ASCII
/// forms and forms that need decoding (`&`, quotes, apostrophes).
pub const GLOSSARY: &str = include_str!("../glossary.toml");

/// A sentence with forms of every term of [`GLOSSARY`], checked by the
/// glossary target with each glossary the fuzzer makes.
const SENTENCE: &str = "Sergei Lavrov spoke of the indivisibility of security, NATO-centrism \
and the UN Secretary General at the OSCE in Türkiye.\n";

/// The checker for [`GLOSSARY`], built once per process.
pub fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let Some(g) = parse("fuzz.toml", GLOSSARY).glossary else {
            panic!("the fuzz glossary is invalid");
        };
        let set = GlossarySet::new(vec![g])
            .unwrap_or_else(|d| panic!("the fuzz glossary is rejected: {d:?}"));
        Checker::new(set).unwrap_or_else(|e| panic!("the fuzz glossary does not compile: {e}"))
    })
}

/// The engine for [`GLOSSARY`] (exact checks), built once per process:
/// the format targets go through the same pipeline as `check`.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut settings = Settings::new(checker().glossaries().clone());
        settings.checks = termcheck::checks::CheckOptions::exact();
        Engine::new(settings).unwrap_or_else(|e| panic!("the fuzz glossary does not compile: {e}"))
    })
}

/// `glossary::parse` never panics; every diagnostic points at char
/// boundaries inside the file with a consistent line and column; a
/// glossary is returned exactly when no error was reported; a glossary
/// that loads compiles and checks text.
pub fn glossary(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let loaded = parse("fuzz.toml", &text);
    for d in &loaded.diagnostics {
        assert_location(&text, &d.location);
        if let Some((related, _)) = &d.related {
            assert_location(&text, related);
        }
        let _ = report::render_diagnostic(d, false);
    }
    let has_error = loaded.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        loaded.glossary.is_some(),
        !has_error,
        "a glossary must be returned exactly when no error was reported"
    );
    let Some(g) = loaded.glossary else { return };
    let set = match GlossarySet::new(vec![g]) {
        Ok(set) => set,
        Err(diags) => {
            assert!(!diags.is_empty(), "a rejected set must say why");
            for d in &diags {
                assert_location(&text, &d.location);
            }
            return;
        }
    };
    let Ok(checker) = Checker::new(set) else {
        return;
    };
    let doc = Document::new("fuzz.txt", SENTENCE);
    let findings = checker.check(&doc);
    assert_findings(&doc, &findings);
    // The glossary's own text, checked with itself.
    let doc = Document::new("fuzz.toml", text.as_ref());
    let findings = checker.check(&doc);
    assert_findings(&doc, &findings);
}

/// A diagnostic's place lies inside the file, on char boundaries, and its
/// line and column are those of its start.
fn assert_location(text: &str, loc: &Location) {
    let Span { start, end } = loc.span;
    assert!(
        start <= end && end <= text.len(),
        "span {start}..{end} outside a file of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {start}..{end} not on char boundaries"
    );
    let line = text[..start].matches('\n').count() + 1;
    assert_eq!(loc.line, line, "line of byte {start}");
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_start = if line == 1 && text.starts_with('\u{FEFF}') {
        line_start.max(3.min(start))
    } else {
        line_start
    };
    let column = text[line_start..start].chars().count() + 1;
    assert_eq!(loc.column, column, "column of byte {start}");
}

/// Reads the first byte of `data` as fuzzing options and the rest as
/// text (invalid UTF-8 replaced, as a user's file would be refused).
fn split(data: &[u8]) -> (u8, String) {
    match data.split_first() {
        Some((&opts, rest)) => (opts, String::from_utf8_lossy(rest).into_owned()),
        None => (0, String::new()),
    }
}

/// Folding with every escape mode: every folded char boundary maps to an
/// original char boundary inside the folded piece, monotonically, every
/// folded char maps to a non-empty original range, and the whole folded
/// text maps inside the piece.
pub fn fold(data: &[u8]) {
    let (opts, text) = split(data);
    let refs = match opts & 3 {
        0 => CharRefs::None,
        1 => CharRefs::Xml,
        2 => CharRefs::Html,
        _ => CharRefs::PoString,
    };
    let lowercase = opts & 4 != 0;
    // Fold a piece of a larger document, as checking markup does.
    let prefix = usize::from(opts >> 3);
    let original = format!("{}{text}", "x".repeat(prefix));
    let folded = fold_with(&original[prefix..], prefix, lowercase, refs);
    assert_folded(&original, prefix, &folded);
    let _ = fold_key(&text);
}

fn assert_folded(original: &str, base: usize, folded: &Folded) {
    let end_of_piece = original.len();
    let ok = |o: usize| o >= base && o <= end_of_piece && original.is_char_boundary(o);
    let mut last: Option<(usize, usize, usize)> = None;
    let bounds = folded
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain([folded.text.len()]);
    for f in bounds {
        let s = folded.orig_start(f);
        let e = folded.orig_end(f);
        assert!(
            ok(s),
            "orig_start({f}) = {s} is not a char boundary in {base}..{end_of_piece}"
        );
        assert!(
            ok(e),
            "orig_end({f}) = {e} is not a char boundary in {base}..{end_of_piece}"
        );
        if let Some((pf, ps, pe)) = last {
            assert!(s >= ps, "orig_start is not monotonic at folded {f}");
            assert!(e >= pe, "orig_end is not monotonic at folded {f}");
            // One folded char maps to at least one original byte, so a
            // match is never empty in the original.
            assert!(
                ps < e,
                "folded {pf}..{f} maps to the empty or reversed {ps}..{e}"
            );
        }
        last = Some((f, s, e));
    }
    let whole = folded.to_original(0, folded.text.len());
    assert!(whole.start >= base && whole.end <= end_of_piece);
}

/// Checking plain text: findings lie on char boundaries inside the text,
/// `found` is exactly their bytes, they come sorted, fixes apply, and a
/// second fix changes nothing unless the fix outcome says it stopped at the
/// pass limit.
pub fn check(data: &[u8]) {
    let (_, text) = split(data);
    let checker = checker();
    let doc = Document::new("fuzz.txt", text);
    let findings = checker.check(&doc);
    assert_findings(&doc, &findings);
    print_all(&doc, &findings);

    // As `--fix` does: fixed, checked again and fixed until stable.
    let once = fix_until_stable(&doc.text, InputFormat::Text, &findings, |t| {
        let d = Document::new("fuzz.txt", t);
        let found = checker.check(&d);
        (d.text, found)
    });
    let doc2 = Document::new("fuzz.txt", once.text.clone());
    let again = checker.check(&doc2);
    assert_findings(&doc2, &again);
    let twice = apply_fixes(&doc2.text, &again);
    // A fix that re-creates its own variant ("security architecture
    // architecture ...") may need more passes than the limit; the outcome
    // says so, and otherwise the text is stable.
    assert_eq!(
        twice.text != once.text,
        once.unsettled,
        "`unsettled` does not say whether a second fix changes the text"
    );
}

/// One input format: the reader never panics; its regions lie inside the
/// document on char boundaries, in order, without overlap; directives lie
/// inside the document; checking it gives well-formed findings.
pub fn format(format: InputFormat, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let doc = Document::new("fuzz", text.as_ref());
    let len = doc.text.len();
    let inside = |s: Span| {
        s.start <= s.end
            && s.end <= len
            && doc.text.is_char_boundary(s.start)
            && doc.text.is_char_boundary(s.end)
    };
    let ex = match formats::extract(format, &doc) {
        Ok(ex) => ex,
        Err(e) => {
            assert!(e.offset <= len, "error offset {} past the end", e.offset);
            let _ = e.to_diagnostic(&doc);
            return;
        }
    };
    let mut last_end = 0;
    for r in &ex.regions {
        assert!(
            inside(*r),
            "region {r:?} outside {len} bytes or off char boundaries"
        );
        assert!(
            r.start >= last_end,
            "region {r:?} overlaps or precedes the one before"
        );
        last_end = r.end;
    }
    for d in &ex.directives {
        assert!(
            inside(d.span),
            "directive {:?} outside the document",
            d.span
        );
        for (_, s) in &d.ids {
            assert!(inside(*s), "directive id {s:?} outside the document");
        }
    }
    for (_, s) in &ex.unknown {
        assert!(inside(*s), "unknown directive {s:?} outside the document");
    }
    let checked = match engine().check_document(doc.clone(), format) {
        FileOutcome::Checked(c) => c,
        other => panic!("extract succeeded but the engine gave {other:?}"),
    };
    assert_findings(&doc, &checked.findings);
    print_all(&doc, &checked.findings);
}

/// Findings on char boundaries inside the document, `found` equal to
/// their bytes, fix edits inside the document, sorted by the contract.
fn assert_findings(doc: &Document, findings: &[Finding]) {
    let len = doc.text.len();
    for f in findings {
        let s = f.span;
        assert!(
            s.start <= s.end && s.end <= len,
            "finding {s:?} outside {len} bytes"
        );
        assert!(
            doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end),
            "finding {s:?} not on char boundaries"
        );
        assert_eq!(
            &*f.found,
            &doc.text[s.range()],
            "found is not the finding's bytes"
        );
        for e in f.fix.iter().flat_map(|x| &x.edits) {
            let s = e.span;
            assert!(
                s.start <= s.end
                    && s.end <= len
                    && doc.text.is_char_boundary(s.start)
                    && doc.text.is_char_boundary(s.end),
                "fix edit {s:?} outside the document or off char boundaries"
            );
        }
    }
    for w in findings.windows(2) {
        assert!(
            w[0].sort_key() <= w[1].sort_key(),
            "findings out of order: {:?} then {:?}",
            w[0].sort_key(),
            w[1].sort_key()
        );
    }
}

/// Every printer renders the findings without panicking.
fn print_all(doc: &Document, findings: &[Finding]) {
    let info = RunInfo {
        glossaries: vec![GlossaryInfo {
            path: "fuzz.toml".to_owned(),
            name: "fuzz".to_owned(),
            terms: 1,
        }],
    };
    let mut summary = Summary::default();
    summary.add_file(findings);
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
    ] {
        let opts = HumanOptions {
            width: Some(60),
            ..HumanOptions::default()
        };
        let mut p = report::printer(format, Box::new(io::sink()), opts);
        let ok = p.begin(&info).and_then(|()| p.file(doc, findings));
        let ok = ok.and_then(|()| p.finish(&summary));
        assert!(ok.is_ok(), "printing to a sink failed");
    }
}

/// `date::from_document` never panics, and a date it finds is a day of
/// the calendar that prints and parses back; `Date::parse_prefix` agrees.
pub fn document_date(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(d) = termcheck::date::from_document(&text) {
        let shown = d.value.to_string();
        assert_eq!(termcheck::date::Date::parse(&shown), Ok(d.value), "{shown}");
    }
    if let Some(d) = termcheck::date::Date::parse_prefix(&text) {
        assert_eq!(termcheck::date::Date::parse(&d.to_string()), Ok(d));
    }
}

/// `text::decode` never panics; decoded offsets map monotonically into
/// the original bytes; UTF-8 input decodes to itself.
pub fn decode(data: &[u8]) {
    let Ok(d) = decode_bytes(data.to_vec(), "fuzz.html") else {
        return;
    };
    if let Ok(s) = std::str::from_utf8(data)
        && d.encoding.name() == "UTF-8"
    {
        assert_eq!(d.text, s, "UTF-8 input must decode to itself");
    }
    let mut last = 0;
    for (i, _) in d
        .text
        .char_indices()
        .chain(std::iter::once((d.text.len(), ' ')))
    {
        let o = d.offsets.original(i);
        assert!(o >= last, "offsets must not go backwards");
        assert!(o <= data.len(), "offset past the end");
        last = o;
    }
    assert_eq!(
        d.offsets.original(d.text.len()),
        data.len(),
        "the end maps to the end"
    );
}

/// `tbx::import` never panics; every error has a position inside the
/// text; an imported glossary exports to TBX that imports again to the
/// same glossary, in both generations.
pub fn tbx_import(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for lenient in [false, true] {
        let opts = tbx::ImportOptions {
            lenient,
            ..Default::default()
        };
        let imported = match tbx::import(&text, &opts) {
            Ok(i) => i,
            Err(errors) => {
                assert!(!errors.is_empty(), "a refused import must say why");
                let lines = text.lines().count().max(1);
                for e in &errors {
                    if let Some(l) = e.line {
                        assert!(l <= lines + 1, "error line {l} past the end ({lines})");
                    }
                }
                continue;
            }
        };
        let toml = exchange::to_toml(&imported.glossary);
        let Some(g) = parse("imported.toml", &toml).glossary else {
            // What sanitize cannot repair is reported by the CLI.
            continue;
        };
        for version in [tbx::Version::V3, tbx::Version::V2] {
            let again = tbx::import(&tbx::export_as(&g, version), &tbx::ImportOptions::default())
                .unwrap_or_else(|e| panic!("an export does not import: {e:?}"));
            assert_eq!(
                exchange::to_toml(&again.glossary),
                toml,
                "a round trip through {version:?} changed the glossary"
            );
        }
    }
}

/// The time one generated input of [`hostile`] may take in the fuzzer
/// (release build): slower is a failure, like a crash.
pub const HOSTILE_BUDGET: std::time::Duration = std::time::Duration::from_secs(5);

/// Structure-aware hostile input: the first byte picks a shape, the next
/// two how often its unit repeats (up to 20,000), the rest is the unit.
/// Shapes: a tag with many quoted attributes; deep nesting (HTML, Markdown
/// quotes, XLIFF `<g>`); repeated suppression directives in every comment
/// syntax; TBX concepts with duplicate ids and forms; a glossary of
/// near-identical forms against a text of near-identical words; one long
/// line. Every shape goes through the same reader and checker as real
/// input, with the invariants of [`format`], and must finish within
/// `budget`: work that grows faster than the input is a failure.
pub fn hostile(data: &[u8], budget: std::time::Duration) {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let (n, unit) = match rest {
        [a, b, unit @ ..] => ((usize::from(*a) << 8 | usize::from(*b)) % 20_000 + 1, unit),
        _ => (1, rest),
    };
    let unit: String = String::from_utf8_lossy(unit).chars().take(32).collect();
    let unit = if unit.trim().is_empty() {
        "a".to_owned()
    } else {
        unit
    };
    let start = std::time::Instant::now();
    match shape % 8 {
        0 => {
            let attrs: String = (0..n).map(|_| format!(" {unit}=\"{unit}\"")).collect();
            let html = format!("<p{attrs} title=\"indivisibility of security\">NATO-centrism</p>");
            format(InputFormat::Html, html.as_bytes());
        }
        1 => {
            let html = format!(
                "{}{unit} indivisibility of security{}",
                "<div>".repeat(n),
                "</div>".repeat(n)
            );
            format(InputFormat::Html, html.as_bytes());
            let md = format!("{} {unit} indivisibility of security\n", ">".repeat(n));
            format(InputFormat::Markdown, md.as_bytes());
        }
        2 => {
            let g = format!(
                "{}indivisibility of security{}",
                "<g id=\"1\">".repeat(n),
                "</g>".repeat(n)
            );
            let x = format!(
                "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>x</source><target>{g}</target></trans-unit></body></file></xliff>"
            );
            format(InputFormat::Xliff, x.as_bytes());
        }
        3 | 4 => {
            // One comment naming `unit` n times, then n directives and
            // findings, one a line, in every comment syntax.
            let ids = format!(" termcheck-disable {unit}").repeat(n);
            let lines =
                "indivisibility of security <!-- termcheck-disable-line -->\n".repeat(n.min(5000));
            let md = format!("<!--{ids} -->\n{lines}");
            format(InputFormat::Markdown, md.as_bytes());
            format(InputFormat::Html, md.as_bytes());
            let po = format!("#.{ids}\nmsgid \"a\"\nmsgstr \"indivisibility of security\"\n");
            format(InputFormat::Po, po.as_bytes());
            let x = format!(
                "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file><body><!--{ids} --><trans-unit id=\"1\"><source>x</source><target>indivisibility of security</target></trans-unit></body></file></xliff>"
            );
            format(InputFormat::Xliff, x.as_bytes());
        }
        5 => {
            let id =
                termcheck::text::fold_key(&unit).replace(|c: char| !c.is_ascii_alphanumeric(), "-");
            let entry = |i: usize| {
                let form = if i.is_multiple_of(2) {
                    unit.clone()
                } else {
                    format!("{unit} {i}")
                };
                format!(
                    "<conceptEntry id=\"{id}\"><langSec xml:lang=\"en\"><termSec><term>{}</term></termSec></langSec></conceptEntry>",
                    quick_escape(&form)
                )
            };
            let body: String = (0..n).map(entry).collect();
            let tbx = format!(
                "<?xml version=\"1.0\"?><tbx type=\"TBX-Basic\" xml:lang=\"en\"><text><body>{body}</body></text></tbx>"
            );
            if let Ok(imported) = termcheck::exchange::tbx::import(
                &tbx,
                &termcheck::exchange::tbx::ImportOptions::default(),
            ) {
                let toml = termcheck::exchange::to_toml(&imported.glossary);
                let loaded = parse("imported.toml", &toml);
                assert!(
                    loaded.glossary.is_some(),
                    "an imported glossary must load: {:?}",
                    loaded.diagnostics.first()
                );
            }
        }
        6 => near_identical(&unit, n),
        _ => {
            let text = format!("{} indivisibility of security\n", unit.repeat(n));
            check(text.as_bytes());
        }
    }
    let took = start.elapsed();
    assert!(
        took <= budget,
        "shape {} with {n} repetitions of {unit:?} took {took:?} (budget {budget:?})",
        shape % 8
    );
}

fn quick_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A glossary of up to 1,000 forms one letter apart from a word made of
/// `unit`, checked with near-misses on against `n` (at most 1,000) words also
/// one letter apart from it.
fn near_identical(unit: &str, n: usize) {
    let letters: Vec<char> = unit.chars().filter(|c| c.is_alphabetic()).collect();
    let mut stem: Vec<char> = letters.iter().copied().cycle().take(12).collect();
    if stem.len() < 12 {
        stem = "marlowvinski".chars().collect();
    }
    stem[0] = stem[0].to_uppercase().next().unwrap_or('M');
    let alphabet: Vec<char> = ('a'..='z').collect();
    let mutate = |k: usize| {
        let mut w = stem.clone();
        let i = 1 + k % (w.len() - 1);
        w[i] = alphabet[(k / (w.len() - 1)) % 26];
        w.into_iter().collect::<String>()
    };
    let mut toml = String::from("[glossary]\nname = \"near\"\nlanguage = \"en\"\n");
    let mut seen = std::collections::HashSet::new();
    for k in 0..1000 {
        let f = mutate(k);
        if seen.insert(f.clone()) {
            toml.push_str(&format!(
                "[[term]]\nid = \"t{k}\"\npreferred = \"{}\"\n",
                f.replace(['"', '\\'], "")
            ));
        }
    }
    let Some(g) = parse("near.toml", &toml).glossary else {
        return;
    };
    let Ok(set) = GlossarySet::new(vec![g]) else {
        return;
    };
    let opts = termcheck::checks::CheckOptions::all(&set);
    let Ok(checker) = Checker::with_options(set, &opts) else {
        return;
    };
    let text: String = (0..n.min(1000)).map(|k| mutate(k * 7 + 3) + " ").collect();
    let doc = Document::new("near.txt", text);
    let findings = checker.check(&doc);
    assert_findings(&doc, &findings);
}
