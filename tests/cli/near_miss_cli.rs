//! CLI tests of issue 3: derived variants, near-misses, consistency,
//! hidden characters and the `report` usage table, on the fixtures in
//! tests/fixtures/near-miss/ (which include the traps the issue names).

use assert_cmd::Command;
use serde_json::Value;

const DIR: &str = "tests/fixtures/near-miss";

fn termcheck() -> Command {
    let mut c = super::common::bin();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn json(args: &[&str]) -> (Value, i32) {
    let out = termcheck()
        .arg("check")
        .args(["-g", &format!("{DIR}/glossary.toml"), "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (v, out.status.code().unwrap())
}

/// (kind, term_id, found) of every finding.
fn triples(v: &Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["term_id"].as_str().unwrap().to_owned(),
                f["found"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(v: &Value, kind: &str, term: &str, found: &str) -> bool {
    triples(v)
        .iter()
        .any(|(k, t, f)| k == kind && t == term && f == found)
}

#[test]
fn traps_stay_quiet() {
    // "Sergey Ryabkov" is not "Sergey Lavrov"; "Belarusian", "Moldovan"
    // and ordinary words do not fire; the OSCE's "Co-operation" next to
    // the SCO's "Cooperation" is not inconsistent.
    let (v, code) = json(&[&format!("{DIR}/traps.txt")]);
    assert_eq!(triples(&v), Vec::<(String, String, String)>::new());
    assert_eq!(code, 0);
}

#[test]
fn near_misses_and_derived_variants() {
    let (v, code) = json(&[&format!("{DIR}/near.txt")]);
    assert_eq!(code, 1);
    assert!(has(
        &v,
        "near-miss",
        "indivisible-security",
        "indivisable security"
    ));
    assert!(has(
        &v,
        "near-miss",
        "osce",
        "Organization for Security and Co-operation in Eruope"
    ));
    assert!(has(&v, "variant", "zakharova", "Mariia Zakharova"));
    assert!(has(&v, "variant", "lavrov", "Sergej Lawrow"));
    assert!(has(&v, "variant", "lavrov", "Sergei Lavrov"));
    assert!(has(&v, "variant", "nato-centrism", "NATO centrism"));
    assert!(has(
        &v,
        "variant",
        "osce",
        "Organisation for Security and Cooperation in Europe"
    ));
    for f in v["findings"].as_array().unwrap() {
        match f["kind"].as_str().unwrap() {
            "near-miss" => assert!(f["fix"].is_null()),
            "variant" => {
                assert!(f["fix"]["replacement"].is_string());
                assert!(
                    f["message"].as_str().unwrap().contains("romanization")
                        || f["message"].as_str().unwrap().contains("hyphenation")
                );
            }
            k => panic!("unexpected kind {k}"),
        }
    }
}

#[test]
fn near_miss_threshold_flag() {
    // At 1 the check is off; a bad value is a usage error (exit 2).
    let (v, _) = json(&["--near-miss-threshold", "1", &format!("{DIR}/near.txt")]);
    assert!(!triples(&v).iter().any(|(k, _, _)| k == "near-miss"));
    termcheck()
        .args([
            "check",
            "--near-miss-threshold",
            "1.5",
            &format!("{DIR}/near.txt"),
        ])
        .assert()
        .code(2);
    // A threshold above the typo's similarity drops it.
    let (v, _) = json(&["--near-miss-threshold", "0.99", &format!("{DIR}/near.txt")]);
    assert!(!has(
        &v,
        "near-miss",
        "indivisible-security",
        "indivisable security"
    ));
}

#[test]
fn no_derive_flag_turns_derived_variants_off() {
    // "Sergei Lavrov" is still another romanization of a listed name (the
    // name search, which the near-miss threshold switches), not a derived
    // form.
    let (v, _) = json(&["--no-derive", &format!("{DIR}/near.txt")]);
    assert!(has(&v, "variant", "lavrov", "Sergei Lavrov"));
    let (v, _) = json(&[
        "--no-derive",
        "--near-miss-threshold",
        "1",
        &format!("{DIR}/near.txt"),
    ]);
    assert!(!has(&v, "variant", "lavrov", "Sergei Lavrov"));
}

#[test]
fn hidden_characters_with_fixes() {
    let (v, _) = json(&[&format!("{DIR}/hidden.txt")]);
    let f = v["findings"].as_array().unwrap();
    let kinds: Vec<&str> = f.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["mixed-script"; 4]);
    let fixes: Vec<&str> = f
        .iter()
        .map(|f| f["fix"]["replacement"].as_str().unwrap())
        .collect();
    assert_eq!(fixes, ["Sergey Lavrov", "OSCE", "Sergey Lavrov", "car"]);
    assert_eq!(f[0]["term_id"], "lavrov");
    assert_eq!(f[1]["term_id"], "osce");
    assert_eq!(f[2]["found"], "Sergey Lav\u{200B}rov");
    // The whole-Cyrillic word "Путин" is Russian, not a mixed word.
    assert!(!f.iter().any(|f| f["found"].as_str().unwrap().contains('П')));
}

#[test]
fn consistency_within_a_file() {
    let (v, _) = json(&[&format!("{DIR}/consistency.txt")]);
    assert!(has(
        &v,
        "inconsistent",
        "unlisted:cooperation",
        "co-operation"
    ));
    assert!(has(
        &v,
        "inconsistent",
        "unlisted:organization",
        "organization"
    ));
    assert!(has(&v, "inconsistent", "unlisted:sergei shoigu", "Sergey"));
    // Capitalization is a house-style choice unless the config asks.
    assert!(!has(
        &v,
        "inconsistent",
        "unlisted:minsk agreements",
        "Minsk Agreements"
    ));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("termcheck.toml");
    std::fs::write(&config, "[consistency]\ncapitalization = true\n").unwrap();
    let (with_caps, _) = json(&[
        "--config",
        config.to_str().unwrap(),
        &format!("{DIR}/consistency.txt"),
    ]);
    assert!(has(
        &with_caps,
        "inconsistent",
        "unlisted:minsk agreements",
        "Minsk Agreements"
    ));
    for f in v["findings"].as_array().unwrap() {
        assert!(f["fix"].is_null());
        assert_eq!(f["severity"], "info");
    }
    let msg = v["findings"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("(1×)") && msg.contains("(3×, first at line 1)"),
        "{msg}"
    );
    // Off means off.
    let (v, _) = json(&["--consistency", "off", &format!("{DIR}/consistency.txt")]);
    assert!(triples(&v).is_empty());
}

#[test]
fn consistency_across_a_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Their co-operation grew.\n").unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Our cooperation grew.\nMore cooperation.\n",
    )
    .unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let (v, _) = json(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(
        triples(&v).is_empty(),
        "file scope sees one spelling per file"
    );
    let (v, code) = json(&[
        "--consistency",
        "run",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "inconsistent findings are info");
    let f = &v["findings"][0];
    assert_eq!(f["found"], "co-operation");
    assert!(f["path"].as_str().unwrap().ends_with("a.txt"));
    let msg = f["message"].as_str().unwrap();
    assert!(msg.contains("b.txt:1"), "{msg}");
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn derive_switches_in_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.toml");
    std::fs::write(
        &g,
        "[glossary]\nname = \"x\"\nlanguage = \"en\"\n[defaults]\nderive_romanization = false\nnear_miss_threshold = 0.9\n\
         [[term]]\npreferred = \"Sergey Lavrov\"\nsource = [\"Сергей Лавров\"]\n\
         [[term]]\npreferred = \"Maria Zakharova\"\nsource = [\"Мария Захарова\"]\nderive_romanization = true\n",
    )
    .unwrap();
    let t = dir.path().join("t.txt");
    std::fs::write(&t, "Sergei Lavrov and Mariia Zakharova.\n").unwrap();
    let out = termcheck()
        .args(["check", "--format", "json", "-g"])
        .arg(&g)
        .arg(&t)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<(String, String, String)> = triples(&v);
    assert!(kinds.contains(&(
        "variant".to_owned(),
        "maria-zakharova".to_owned(),
        "Mariia Zakharova".to_owned()
    )));
    // "Sergei Lavrov" is not derived, but it is still another
    // romanization of the listed name: a variant.
    assert!(kinds.contains(&(
        "variant".to_owned(),
        "sergey-lavrov".to_owned(),
        "Sergei Lavrov".to_owned()
    )));
}

#[test]
fn unknown_derive_key_is_rejected_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.toml");
    std::fs::write(
        &g,
        "[glossary]\nname = \"x\"\nlanguage = \"en\"\n[defaults]\nderive_romanisation = false\n[[term]]\npreferred = \"a\"\n",
    )
    .unwrap();
    let out = termcheck()
        .args(["glossary", "lint"])
        .arg(&g)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("derive_romanization"), "{s}");
    std::fs::write(
        &g,
        "[glossary]\nname = \"x\"\nlanguage = \"en\"\n[defaults]\nnear_miss_threshold = 2\n[[term]]\npreferred = \"a\"\n",
    )
    .unwrap();
    termcheck()
        .args(["glossary", "lint"])
        .arg(&g)
        .assert()
        .code(2);
}

#[test]
fn report_table_human_and_json() {
    let files = [
        format!("{DIR}/near.txt"),
        format!("{DIR}/traps.txt"),
        format!("{DIR}/consistency.txt"),
    ];
    let out = termcheck()
        .args([
            "report",
            "-g",
            &format!("{DIR}/glossary.toml"),
            "--format",
            "json",
        ])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files_read"], 3);
    let terms = v["terms"].as_array().unwrap();
    let lavrov = terms.iter().find(|t| t["term_id"] == "lavrov").unwrap();
    let r: Vec<(String, String, u64)> = lavrov["renderings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["text"].as_str().unwrap().to_owned(),
                r["kind"].as_str().unwrap().to_owned(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        r.contains(&("Sergey Lavrov".to_owned(), "preferred".to_owned(), 2)),
        "{r:?}"
    );
    assert!(
        r.contains(&("Sergei Lavrov".to_owned(), "derived".to_owned(), 1)),
        "{r:?}"
    );
    let osce = terms.iter().find(|t| t["term_id"] == "osce").unwrap();
    assert!(
        osce["renderings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "near-miss")
    );
    let unlisted = v["unlisted"].as_array().unwrap();
    let coop = unlisted.iter().find(|g| g["key"] == "cooperation").unwrap();
    assert_eq!(coop["group"], "hyphenation");
    assert_eq!(coop["renderings"][0]["text"], "cooperation");
    // Three in consistency.txt and one in traps.txt: the table spans files.
    assert_eq!(coop["renderings"][0]["count"], 4);

    let out = termcheck()
        .args(["report", "-g", &format!("{DIR}/glossary.toml")])
        .args(&files)
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("TERM"), "{s}");
    assert!(s.contains("Sergei Lavrov"), "{s}");
    assert!(s.contains("(hyphenation of \"cooperation\")"), "{s}");
}

#[test]
fn human_output_names_the_new_kinds() {
    let out = termcheck()
        .args([
            "check",
            "--color",
            "never",
            "-g",
            &format!("{DIR}/glossary.toml"),
            &format!("{DIR}/near.txt"),
            &format!("{DIR}/hidden.txt"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("warning[near-miss]: 'indivisable security' is close to 'indivisible security'"),
        "{s}"
    );
    assert!(s.contains("did you mean 'indivisible security'?"), "{s}");
    assert!(s.contains("[mixed-script]"), "{s}");
    assert!(
        s.contains("(ICAO Doc 9303 romanization of 'Сергей Лавров')"),
        "{s}"
    );
}

/// One-word names and a listed variant: the near-misses that need support.
const WEAK_GLOSSARY: &str = include_str!("../fixtures/near-miss/weak.toml");

/// (term_id, found) of the near-misses in `text`, checked against
/// [`WEAK_GLOSSARY`].
fn weak_near_misses(text: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.toml");
    let t = dir.path().join("t.txt");
    std::fs::write(&g, WEAK_GLOSSARY).unwrap();
    std::fs::write(&t, text).unwrap();
    let out = termcheck()
        .args(["check", "--no-config", "--format", "json", "-g"])
        .arg(&g)
        .arg(&t)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    triples(&v)
        .into_iter()
        .filter(|(k, _, _)| k == "near-miss")
        .map(|(_, t, f)| (t, f))
        .collect()
}

fn pair(term: &str, found: &str) -> (String, String) {
    (term.to_owned(), found.to_owned())
}

#[test]
fn an_english_word_is_not_a_one_word_near_miss() {
    // "Hungry" is one edit from "Hungary" but an English word; "Hungray"
    // is not, and the text names Hungary nearby.
    let got = weak_near_misses(
        "Hungary joined the talks. Hungry for growth, the bank invested. Hungray signed.\n",
    );
    assert_eq!(got, [pair("hungary", "Hungray")]);
}

#[test]
fn a_one_word_near_miss_needs_no_mention_nearby() {
    let near = weak_near_misses("Bulgaria and Romania met. Bulgaira signed.\n");
    assert_eq!(near, [pair("bulgaria", "Bulgaira")]);
    // The same typo 6,000 bytes from the only mention, or alone.
    let filler = "The talks went on for many hours without a result. ".repeat(120);
    let far = weak_near_misses(&format!(
        "Bulgaria and Romania met.\n{filler}\nBulgaira signed.\n"
    ));
    assert_eq!(far, [pair("bulgaria", "Bulgaira")]);
    assert_eq!(
        weak_near_misses("The Bulgaira talks.\n"),
        [pair("bulgaria", "Bulgaira")]
    );
    // Not a slip of typing ("Bulgoria": o is no key next to a), a
    // dictionary name, or a word inside a longer name: no finding.
    for ok in [
        "Bulgoria signed.\n",
        "Angela Merkel and Bulgaira Smith.\n",
        "Bulgaria met.\n",
    ] {
        assert_eq!(weak_near_misses(ok), Vec::<(String, String)>::new(), "{ok}");
    }
}

#[test]
fn a_near_miss_of_a_listed_variant_needs_the_term_named_nearby() {
    // A variant is already a wrong rendering; a name one more edit away
    // ("Zelinsky", a different surname) is a near-miss only where the
    // text is about the term.
    let alone = weak_near_misses("Father Vladimir Zelinsky wrote about the Hagia Sophia.\n");
    assert_eq!(alone, Vec::<(String, String)>::new());
    let named =
        weak_near_misses("Volodymyr Zelenskyy spoke in Kyiv. Later Vladimir Zelinsky said more.\n");
    assert_eq!(named, [pair("zelenskyy", "Vladimir Zelinsky")]);
}

/// A misspelt formal name that begins with its short name ("Russian
/// Federration" begins with "Russia" as a string, "Brunei Darusalam" with
/// the word "Brunei") is still a near-miss of the formal name, also before
/// a possessive ending.
#[test]
fn formal_names_that_begin_with_their_short_name_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(
        &path,
        "Officials of the Russian Federration met their counterparts.\n\
         The delegation of the Syrian Arab Repuublic arrived on Monday.\n\
         Trade with Brunei Darusalam grew last year.\n\
         The Islamic Rpublic of Iran\u{2019}s envoy spoke.\n\
         Brunei and Russia signed it.\n",
    )
    .unwrap();
    let out = termcheck()
        .args(["check", "--no-config", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String)> = triples(&v)
        .into_iter()
        .filter(|(k, _, _)| k == "near-miss")
        .map(|(_, t, f)| (t, f))
        .collect();
    let want = [
        ("russian-federation", "Russian Federration"),
        ("syrian-arab-republic", "Syrian Arab Repuublic"),
        ("brunei-darussalam", "Brunei Darusalam"),
        ("iran-formal", "Islamic Rpublic of Iran"),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_owned(), b.to_owned())), "{v}");
}

/// Every finding of the built-in `packs` in `text`: (kind, found, fix).
fn pack_findings(packs: &[&str], text: &str) -> Vec<(String, String, Option<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t.txt");
    std::fs::write(&t, text).unwrap();
    let mut c = termcheck();
    c.args([
        "check",
        "--no-config",
        "--format",
        "json",
        "--date",
        "2024-06-01",
    ]);
    for p in packs {
        c.args(["--pack", p]);
    }
    let out = c.arg(&t).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["found"].as_str().unwrap().to_owned(),
                f["fix"]["replacement"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn other_romanizations_and_typos_of_names_are_flagged_once() {
    // (packs, sentence, the one finding: kind, found, safe fix)
    type Case<'a> = (&'a [&'a str], &'a str, &'a str, &'a str, Option<&'a str>);
    let cases: [Case<'_>; 10] = [
        (
            &["default", "mfa-transliteration"],
            "Presidential Aide Jury Ushakov briefed journalists.",
            "variant",
            "Jury Ushakov",
            Some("Yury Ushakov"),
        ),
        (
            &["default", "mfa-transliteration"],
            "Talks with Foreign Minister Sergey Lavroff ended late.",
            "variant",
            "Sergey Lavroff",
            Some("Sergey Lavrov"),
        ),
        (
            &["default"],
            "The talks with Ilham Aliyeff went well.",
            "variant",
            "Ilham Aliyeff",
            Some("Ilham Aliyev"),
        ),
        (
            &["default"],
            "Delegations of the Russian Federration met.",
            "near-miss",
            "Russian Federration",
            None,
        ),
        (
            &["default"],
            "The Syrian Arab Repuublic voted against.",
            "near-miss",
            "Syrian Arab Repuublic",
            None,
        ),
        (
            &["default"],
            "Trade with Chnia grew last year.",
            "near-miss",
            "Chnia",
            None,
        ),
        (
            &["default"],
            "Volodymyr Zelenskyi addressed the Assembly.",
            "variant",
            "Volodymyr Zelenskyi",
            Some("Volodymyr Zelenskyy"),
        ),
        // German х as "ch": the key of the source's German spelling.
        (
            &["default"],
            "Exports from Kasachstan grew.",
            "variant",
            "Kasachstan",
            Some("Kazakhstan"),
        ),
        // The admitted "Palestine" is no romanization of Палестина, so it
        // accepts no other one.
        (
            &["default"],
            "Talks on Palestina resumed.",
            "variant",
            "Palestina",
            Some("Palestine"),
        ),
        // ISO 9 typed without its diacritics (ш as s).
        (
            &["default"],
            "Prime Minister Nikol Pasinjan spoke.",
            "variant",
            "Nikol Pasinjan",
            Some("Nikol Pashinyan"),
        ),
    ];
    for (packs, text, kind, found, fix) in cases {
        let got = pack_findings(packs, text);
        assert_eq!(
            got,
            [(kind.to_owned(), found.to_owned(), fix.map(str::to_owned))],
            "{text}"
        );
    }
}

#[test]
fn a_german_or_plain_iso9_spelling_names_its_system() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t.txt");
    std::fs::write(&t, "Exports from Kasachstan grew. Marija Zaharova spoke.").unwrap();
    let out = termcheck()
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--pack",
            "default",
        ])
        .arg(&t)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let msgs: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].contains("German (Duden) romanization of 'Казахстан'"),
        "{msgs:?}"
    );
    assert!(
        msgs[1].contains("ISO 9 without diacritics romanization of 'Мария Захарова'"),
        "{msgs:?}"
    );
}

#[test]
fn names_near_listed_names_stay_unflagged() {
    // Real words and names one edit or one romanization away from a
    // listed name, and contexts where a name is part of a longer one.
    for text in [
        "Jury members said the verdict was fair.",
        "Angela Merkel met German business leaders.",
        "Prime Minister of Pakistan Imran Khan spoke.",
        "In the well-known book, I Ching, the well is a symbol.",
        "St Petersburg, Chita, Vladivostok and Beijing.",
        "Chelyabinsk Region and Styria signed an accord.",
        "Our compatriots, Turkomen, reside in the city of Tal Afar.",
        "The Battle of Kiev was fought in 1941.",
        "Vietnam Airlines flies to Moscow.",
        "The Maly Theatre and the Bolshoi are in Moscow.",
        "Georgi Poltavchenko, Governor of St Petersburg, attended.",
        "The earthquake destroyed many houses in Palu.",
        "Guillermo del Toro has declined the role.",
        "Benn said on radio this week.",
        // Romanizations of an exonym source (Колумбия, Италия) are other
        // names.
        "Columbia University and Forza Italia.",
        // The default pack admits Russian-based English spellings of this
        // name ("Aleksey Reznikov"): ICAO's "Aleksei" is one more.
        "Defence Minister Aleksei Reznikov met his counterparts.",
        // The window holds the admitted "Food and Agriculture Organisation".
        "They met the UN Food and Agriculture Organisation (FAO) and the UNECE.",
    ] {
        assert_eq!(
            pack_findings(&["default"], text),
            Vec::<(String, String, Option<String>)>::new(),
            "{text}"
        );
    }
}
