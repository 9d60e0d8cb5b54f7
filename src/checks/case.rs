//! `case`: an approved form written in the wrong case (contract rule 3).

use super::{Check, Context};
use crate::finding::{Finding, Fix, Kind};
use crate::glossary::CaseMode;
use crate::text::sentence_start_before;

/// Reports approved forms of `smart` and `strict` terms whose case differs
/// from every approved spelling. Accepted without a finding: forms written
/// all in lower case (any case matches; not for `strict` terms), text
/// written all in capitals (headlines), and a capitalized first letter at
/// the start of a sentence.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct CaseCheck;

impl Check for CaseCheck {
    fn name(&self) -> &'static str {
        "case"
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (part, m) in cx.matches() {
            if !m.kind.is_approved() || m.expired {
                continue;
            }
            let term = cx.set.term(m.term);
            let strict = term.case == CaseMode::Strict;
            if term.case != CaseMode::Smart && !strict {
                continue;
            }
            let found = cx.text(m.base);
            let cased = part.folded.refold(found, false);
            let approved: Vec<&str> = cx.matcher.approved_cased_forms(m).map(|(f, _)| f).collect();
            if approved.iter().any(|a| *a == cased) {
                continue;
            }
            if !strict && approved.iter().any(|a| !a.chars().any(char::is_uppercase)) {
                continue;
            }
            if is_all_caps(&cased) {
                continue;
            }
            if sentence_start_before(&cx.doc.text, m.base.start)
                && approved.iter().any(|a| capitalize(a) == cased)
            {
                continue;
            }
            if cx.matcher.in_exception(m, &part.folded) {
                continue;
            }
            let right = term.form(m.kind).text.trim();
            let replacement = format!("{right}{}", cx.text(m.ending()));
            let message = format!("'{found}' should be written '{right}'");
            let fix = term
                .fix_allowed(m.kind)
                .then(|| Fix::safe(m.span, replacement));
            let mut finding = cx.finding(m.term, Kind::Case, m.span, message, fix);
            cx.date_finding(m, &mut finding);
            out.push(finding);
        }
    }
}

fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::checks::{test_checker, test_findings};

    #[test]
    fn a_strict_lower_case_form_is_enforced() {
        let body = "[[term]]\npreferred = \"ceasefire\"\ncase = \"strict\"\n";
        let c = test_checker(body, None);
        assert_eq!(
            test_findings(&c, "the Ceasefire held"),
            ["case Ceasefire -> ceasefire"]
        );
        assert!(test_findings(&c, "Ceasefire held. CEASEFIRE NOW. the ceasefire").is_empty());
        let smart = test_checker("[[term]]\npreferred = \"ceasefire\"\n", None);
        assert!(test_findings(&smart, "the Ceasefire held").is_empty());
    }
}
