//! `case`: an approved form written in the wrong case (contract rule 3).

use super::{Check, Context};
use crate::finding::{Finding, Fix, Kind};
use crate::glossary::CaseMode;
use crate::text::sentence_start_before;

/// Reports approved forms of `smart` terms whose case differs from every
/// approved spelling. Accepted without a finding: forms written all in
/// lower case (any case matches), text written all in capitals (headlines),
/// and a capitalized first letter at the start of a sentence.
pub struct CaseCheck;

impl Check for CaseCheck {
    fn name(&self) -> &'static str {
        "case"
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (part, m) in cx.matches() {
            if !m.kind.is_approved() {
                continue;
            }
            let term = cx.set.term(m.term);
            if term.case != CaseMode::Smart {
                continue;
            }
            let found = cx.text(m.base);
            let cased = part.folded.refold(found, false);
            let approved: Vec<&str> = cx.matcher.approved_cased_forms(m).map(|(f, _)| f).collect();
            if approved.iter().any(|a| *a == cased) {
                continue;
            }
            if approved.iter().any(|a| !a.chars().any(char::is_uppercase)) {
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
            let fix = Some(Fix::safe(m.span, replacement));
            out.push(cx.finding(m.term, Kind::Case, m.span, message, fix));
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
