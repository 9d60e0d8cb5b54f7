//! `variant`: a form listed (or derived) as a variant of a term.

use super::{Check, Context, transfer_case, transfer_case_for};
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
            let listed = match m.kind {
                FormKind::Variant(i) if m.derived.is_none() => term.variants.get(i),
                _ => None,
            };
            let cased = match listed {
                Some(form) => transfer_case_for(&form.text, found_base, &term.preferred.text),
                None => transfer_case(found_base, &term.preferred.text),
            };
            let replacement = format!("{cased}{}", cx.text(m.ending()));
            let message = match &m.derived {
                Some(how) => format!("variant rendering of '{}' ({how})", term.preferred.text),
                None => format!("variant rendering of '{}'", term.preferred.text),
            };
            let fix = (cx.text(m.span) != replacement).then(|| Fix::safe(m.span, replacement));
            out.push(cx.finding(m.term, Kind::Variant, m.span, message, fix));
        }
    }
}
