//! `--fix` over real copy: the shared Kremlin English archive, the UN
//! General Debate statements and the WMT English references (each line a
//! document: the older sets do not mark document boundaries), with every
//! built-in pack and every document
//! dated 2023-05-01 (so the dated renamings, "Turkey" -> "Türkiye" among
//! them, all apply). Each fix must keep the sentence's grammar and the
//! text's typography, and a second `--fix` must change nothing. Skips when
//! the corpus is absent, but fails under CI (`CI=true`).
#![allow(clippy::print_stderr)]

use std::fs;
use std::path::Path;

use termcheck::checks::{CheckOptions, Checker};
use termcheck::date::{Date, Dating};
use termcheck::engine::fix::{apply_fixes, fix_until_stable};
use termcheck::finding::{Applicability, Finding};
use termcheck::formats::InputFormat;
use termcheck::glossary::{self, GlossarySet};
use termcheck::text::Document;

fn checker() -> Checker {
    let mut gs = Vec::new();
    for pack in [
        "default",
        "un",
        "ukraine-places",
        "mfa-transliteration",
        "wire-style",
        "own-spelling",
    ] {
        gs.extend(glossary::pack(pack).unwrap().unwrap());
    }
    let set = GlossarySet::new(gs).unwrap();
    let opts = CheckOptions::all(&set);
    let mut c = Checker::with_options(set, &opts).unwrap();
    c.set_dating(Dating::fixed(Date::parse("2023-05-01").unwrap()));
    c
}

/// Words of a state's formal name, which takes an article ("the Republic
/// of Türkiye"): a fix must not swap it for a short name ("the Türkiye")
/// or the other way round ("Islamic Republic of Iran said").
const FORMAL: &[&str] = &[
    "Republic",
    "Kingdom",
    "Federation",
    "Principality",
    "Sultanate",
    "Emirates",
];

fn formal(s: &str) -> bool {
    s.split_whitespace().any(|w| FORMAL.contains(&w))
}

/// A name written with an acronym ("ISIS", "G20", "New START"): a word of
/// two or more letters and no lower-case one.
fn acronym(s: &str) -> bool {
    s.split([' ', '-']).any(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.contains(char::is_lowercase)
    })
}

/// An "X of Y" phrase: it cannot stand where the text had a title before
/// a name ("UN Secretary General Guterres" must not become
/// "Secretary-General of the United Nations Guterres").
fn of_phrase(s: &str) -> bool {
    s.split_whitespace().any(|w| w == "of")
}

/// What is wrong with one applied fix, if anything.
fn damage(f: &Finding, replacement: &str, after: &str) -> Option<String> {
    if formal(&f.found) != formal(replacement) {
        return Some("a state's formal and short names swapped".to_owned());
    }
    let trim = |s: &str| s.trim_end_matches(['s', '\'', '\u{2019}']).to_owned();
    let (base, new) = (trim(&f.found), trim(replacement));
    // A case fix ("Oecd" -> "OECD") keeps the kind of name.
    if !base.eq_ignore_ascii_case(&new) && acronym(&base) != acronym(&new) {
        return Some("an acronym and a full name swapped".to_owned());
    }
    let before_a_name = after
        .strip_prefix(' ')
        .and_then(|a| a.chars().next())
        .is_some_and(char::is_uppercase);
    if before_a_name && !formal(&f.found) && !of_phrase(&f.found) && of_phrase(replacement) {
        return Some("a title before a name became an 'of' phrase".to_owned());
    }
    let curly = |s: &str| s.contains('\u{2019}');
    let straight = |s: &str| s.contains('\'');
    if (curly(&f.found) && straight(replacement)) || (straight(&f.found) && curly(replacement)) {
        return Some("apostrophe style changed".to_owned());
    }
    if f.found.ends_with("s'") != replacement.ends_with("s'") {
        return Some("plural possessive lost".to_owned());
    }
    if replacement.is_empty() || replacement.contains("  ") {
        return Some("empty replacement or doubled space".to_owned());
    }
    None
}

#[test]
fn fixes_on_real_copy_keep_grammar_and_typography_and_settle() {
    let Some(corpus) = super::common::corpus() else {
        return;
    };
    let txt = |p: &Path| p.extension().is_some_and(|x| x == "txt");
    let mut files = super::common::files_under(&corpus.join("statements/kremlin-en"), &txt);
    files.extend(super::common::files_under(
        &corpus.join("un/ungdc-rus"),
        &txt,
    ));
    assert!(files.len() > 1000, "{} files", files.len());
    let mut docs: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let name = path.strip_prefix(&corpus).unwrap().display().to_string();
            (name, fs::read_to_string(path).unwrap())
        })
        .collect();
    let english_ref = |p: &Path| {
        let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        n.contains(".ru-en.ref") && n.ends_with(".en")
    };
    let refs = super::common::files_under(&corpus.join("news-ru-en"), &english_ref);
    assert!(refs.len() >= 10, "{} WMT reference files", refs.len());
    let mut ref_lines = 0;
    for path in &refs {
        let name = path.strip_prefix(&corpus).unwrap().display().to_string();
        for (i, line) in fs::read_to_string(path).unwrap().lines().enumerate() {
            ref_lines += 1;
            docs.push((format!("{name}:{}", i + 1), format!("{line}\n")));
        }
    }
    let checker = checker();
    let (mut fixes, mut fixed_docs) = (0, 0);
    let mut problems = Vec::new();
    for (name, text) in docs {
        let doc = Document::new(name.clone(), text);
        let findings = checker.check(&doc);
        if !findings.iter().any(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Safe)
        }) {
            continue;
        }
        let recheck = |t: String| {
            let d = Document::new(name.clone(), t);
            let found = checker.check(&d);
            (d.text, found)
        };
        let out = fix_until_stable(&doc.text, InputFormat::Text, &findings, recheck);
        fixed_docs += 1;
        for &i in &out.fixed {
            let f = &findings[i];
            let e = &f.fix.as_ref().unwrap().edits[0];
            fixes += 1;
            let after = doc.text.get(f.span.end..).unwrap_or("");
            if let Some(why) = damage(f, &e.replacement, after) {
                problems.push(format!(
                    "{name}: '{}' -> '{}' [{}]: {why}",
                    f.found, e.replacement, f.term_id
                ));
            }
        }
        assert!(!out.unsettled, "{name}: fixes did not settle");
        let (_, again) = recheck(out.text.clone());
        let twice = apply_fixes(&out.text, &again);
        if twice.text != out.text {
            problems.push(format!("{name}: a second --fix changed the text"));
        }
    }
    assert!(fixes > 50, "only {fixes} fixes in {fixed_docs} documents");
    eprintln!(
        "{fixes} fixes in {fixed_docs} of {} documents checked ({} files, {ref_lines} WMT reference lines)",
        files.len() + ref_lines,
        files.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {fixes} fixes damage copy:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
