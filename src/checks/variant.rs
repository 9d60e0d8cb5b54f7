//! `variant`: a form listed (or derived) as a variant of a term.

use super::{Check, Context, variant_replacement};
use crate::finding::{Finding, Fix, Kind};
use crate::glossary::FormKind;

/// Reports variant forms, with the preferred form as a safe fix that keeps
/// the case shape and the inflection ending of what it replaces.
pub struct VariantCheck;

impl Check for VariantCheck {
    fn name(&self) -> &'static str {
        "variant"
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (part, m) in cx.matches() {
            if !matches!(m.kind, FormKind::Variant(_)) || cx.matcher.in_exception(m, &part.folded) {
                continue;
            }
            let term = cx.set.term(m.term);
            let found_base = cx.text(m.base);
            let replacement = variant_replacement(term, m, found_base, cx.text(m.ending()));
            let message = match &m.derived {
                Some(how) => format!("variant rendering of '{}' ({how})", term.preferred.text),
                None => format!("variant rendering of '{}'", term.preferred.text),
            };
            let fix = (cx.text(m.span) != replacement).then(|| Fix::safe(m.span, replacement));
            out.push(cx.finding(m.term, Kind::Variant, m.span, message, fix));
        }
    }
}
