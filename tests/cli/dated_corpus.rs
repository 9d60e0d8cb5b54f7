//! Dated glossary entries on the shared Kremlin English archive
//! (../shared/corpus/statements/kremlin-en, 2009–2020), each file dated by
//! its `index.tsv`: the `un` pack must flag no "Turkey" written before the
//! UN adopted "Türkiye" (2022-06-01), and a 2023 text's "Turkey" is
//! flagged with the date it used. Skips when the corpus is absent, but
//! fails under CI (`CI=true`).
#![allow(clippy::print_stderr)]

use std::fs;
use std::path::PathBuf;

use termcheck::checks::{CheckOptions, Checker};
use termcheck::date::{Date, DateSource, Dating};
use termcheck::glossary::{self, GlossarySet};
use termcheck::text::Document;

fn archive() -> Option<PathBuf> {
    super::common::corpus().map(|c| c.join("statements/kremlin-en"))
}

fn checker() -> Checker {
    let mut gs = glossary::pack("default").unwrap().unwrap();
    gs.extend(glossary::pack("un").unwrap().unwrap());
    let set = GlossarySet::new(gs).unwrap();
    let opts = CheckOptions::all(&set);
    Checker::with_options(set, &opts).unwrap()
}

#[test]
fn no_turkey_before_june_2022_and_a_dated_note_after() {
    let Some(dir) = archive() else {
        return;
    };
    let index = fs::read_to_string(dir.join("index.tsv")).unwrap();
    let mut checker = checker();
    let (mut files, mut mentions, mut flagged) = (0, 0, Vec::new());
    let mut later = 0;
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, date) = (cols[0], Date::parse(cols[2]).unwrap());
        let text = fs::read_to_string(dir.join(file)).unwrap();
        files += 1;
        mentions += text.matches("Turkey").count();
        let doc = Document::new(file, text);
        checker.set_dating(Dating::fixed(date));
        for f in checker.check(&doc) {
            if &*f.term_id == "turkiye" && f.found.starts_with("Turkey") {
                flagged.push(format!("{file} ({date}): {}", f.message));
            }
        }
        // The same text dated 2023: its "Turkey" is flagged, with the date.
        if doc.text.contains(" in Turkey") && later < 20 {
            later += 1;
            checker.set_dating(Dating::fixed(Date::parse("2023-05-01").unwrap()));
            let found = checker.check(&doc);
            let f = found
                .iter()
                .find(|f| &*f.term_id == "turkiye" && &*f.found == "Turkey")
                .unwrap_or_else(|| panic!("{file} dated 2023: no Turkey finding"));
            let d = f.date.expect("a dated finding carries its date");
            assert_eq!(
                (d.value.to_string().as_str(), d.source),
                ("2023-05-01", DateSource::Option)
            );
            assert!(
                f.message.contains("dated 2023-05-01 from --date"),
                "{}",
                f.message
            );
        }
    }
    assert!(files > 1000, "{files} files");
    assert!(
        mentions > 100,
        "the archive mentions Turkey {mentions} times"
    );
    assert!(later > 0);
    assert!(
        flagged.is_empty(),
        "{} flagged before 2022-06-01:\n{}",
        flagged.len(),
        flagged.join("\n")
    );
}
