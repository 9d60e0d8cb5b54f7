//! `glossary stats`: how big a glossary is and how well it is documented.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::glossary::Glossary;

/// Counts of forms by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FormCounts {
    /// Preferred forms (one per term).
    pub preferred: usize,
    /// Admitted forms.
    pub admitted: usize,
    /// Variants.
    pub variants: usize,
    /// Forms to avoid.
    pub avoid: usize,
    /// Exception phrases.
    pub exceptions: usize,
    /// Source-language forms.
    pub source: usize,
}

/// Statistics of one glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GlossaryStats {
    /// Where it came from.
    pub path: String,
    /// Its name.
    pub name: String,
    /// Number of terms.
    pub terms: usize,
    /// Forms by kind.
    pub forms: FormCounts,
    /// Terms per severity.
    pub severity: BTreeMap<String, usize>,
    /// Terms per case mode.
    pub case: BTreeMap<String, usize>,
    /// Terms per tag (a term with several tags counts for each).
    pub tags: BTreeMap<String, usize>,
    /// Terms without any tag.
    pub untagged: usize,
    /// Terms with a `note`.
    pub with_note: usize,
    /// Terms with a `reference`.
    pub with_reference: usize,
    /// Terms with at least one good example.
    pub with_good_examples: usize,
    /// Terms with at least one bad example.
    pub with_bad_examples: usize,
    /// All good examples.
    pub good_examples: usize,
    /// All bad examples.
    pub bad_examples: usize,
    /// Terms with `inflections = false`.
    pub inflections_off: usize,
    /// Terms with `fuzzy = false`.
    pub fuzzy_off: usize,
}

/// Computes the statistics of one glossary.
pub fn stats(g: &Glossary) -> GlossaryStats {
    let mut s = GlossaryStats {
        path: g.path.clone(),
        name: g.name.clone(),
        terms: g.terms.len(),
        ..GlossaryStats::default()
    };
    for t in &g.terms {
        s.forms.preferred += 1;
        s.forms.admitted += t.admitted.len();
        s.forms.variants += t.variants.len();
        s.forms.avoid += t.avoid.len();
        s.forms.exceptions += t.exceptions.len();
        s.forms.source += t.source.len();
        *s.severity
            .entry(t.severity.as_str().to_owned())
            .or_default() += 1;
        *s.case.entry(t.case.as_str().to_owned()).or_default() += 1;
        for tag in &t.tags {
            *s.tags.entry(tag.clone()).or_default() += 1;
        }
        s.untagged += usize::from(t.tags.is_empty());
        s.with_note += usize::from(t.note.is_some());
        s.with_reference += usize::from(t.reference.is_some());
        s.with_good_examples += usize::from(!t.examples.good.is_empty());
        s.with_bad_examples += usize::from(!t.examples.bad.is_empty());
        s.good_examples += t.examples.good.len();
        s.bad_examples += t.examples.bad.len();
        s.inflections_off += usize::from(!t.inflections);
        s.fuzzy_off += usize::from(!t.fuzzy);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::parse;

    #[test]
    fn counts() {
        let text = "[glossary]\nname = \"T\"\nlanguage = \"en\"\n\
            [[term]]\npreferred = \"a\"\nadmitted = [\"b\"]\nvariants = [\"c\", \"d\"]\nseverity = \"error\"\ntags = [\"x\", \"y\"]\nnote = \"n\"\nexamples.good = [\"a\"]\n\
            [[term]]\npreferred = \"e\"\ncase = \"sensitive\"\nsource = [\"е\"]\ninflections = false\n";
        let s = stats(&parse("t.toml", text).glossary.unwrap());
        assert_eq!(s.terms, 2);
        assert_eq!(
            s.forms,
            FormCounts {
                preferred: 2,
                admitted: 1,
                variants: 2,
                avoid: 0,
                exceptions: 0,
                source: 1
            }
        );
        assert_eq!(s.severity.get("error"), Some(&1));
        assert_eq!(s.severity.get("warning"), Some(&1));
        assert_eq!(s.case.get("sensitive"), Some(&1));
        assert_eq!(s.tags.len(), 2);
        assert_eq!(
            (
                s.untagged,
                s.with_note,
                s.with_good_examples,
                s.inflections_off
            ),
            (1, 1, 1, 1)
        );
    }
}
