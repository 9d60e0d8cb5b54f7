//! The glossary model: plain data a library user can build or inspect.

use std::sync::Arc;

use crate::finding::{Severity, Span};

/// How a term's forms treat letter case (contract rule 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum CaseMode {
    /// Lower-case forms match any case; forms with capitals match any case
    /// but a wrongly cased match is a `case` finding.
    #[default]
    Smart,
    /// Any case matches and case is never reported.
    Insensitive,
    /// Only the exact case matches.
    Sensitive,
}

impl CaseMode {
    /// The glossary spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            CaseMode::Smart => "smart",
            CaseMode::Insensitive => "insensitive",
            CaseMode::Sensitive => "sensitive",
        }
    }

    /// Parses the glossary spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "smart" => Some(CaseMode::Smart),
            "insensitive" => Some(CaseMode::Insensitive),
            "sensitive" => Some(CaseMode::Sensitive),
            _ => None,
        }
    }
}

/// One written form of a term, with where it stands in the glossary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The form as written in the glossary.
    pub text: String,
    /// Its byte span in the glossary file, when it came from one.
    pub span: Option<Span>,
}

impl Form {
    /// A form that did not come from a file.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            span: None,
        }
    }
}

/// The role a form plays in its term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormKind {
    /// The approved rendering.
    Preferred,
    /// Also acceptable (index into `admitted`).
    Admitted(usize),
    /// A rendering to flag (index into `variants`).
    Variant(usize),
}

impl FormKind {
    /// Preferred and admitted forms are approved: never flagged.
    pub const fn is_approved(self) -> bool {
        !matches!(self, FormKind::Variant(_))
    }

    /// A word for messages.
    pub const fn label(self) -> &'static str {
        match self {
            FormKind::Preferred => "preferred",
            FormKind::Admitted(_) => "admitted",
            FormKind::Variant(_) => "variant",
        }
    }
}

/// `examples.good` and `examples.bad`: the term's own tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    /// Sentences that must produce no finding for the term.
    pub good: Vec<Form>,
    /// Sentences that must produce at least one finding for the term.
    pub bad: Vec<Form>,
}

/// One concept and its renderings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Unique id within its glossary.
    pub id: String,
    /// The approved rendering.
    pub preferred: Form,
    /// Also acceptable renderings.
    pub admitted: Vec<Form>,
    /// Renderings to flag; the fix is `preferred`.
    pub variants: Vec<Form>,
    /// Phrases inside which a match is not reported.
    pub exceptions: Vec<Form>,
    /// Source-language forms.
    pub source: Vec<Form>,
    /// Severity of this term's findings.
    pub severity: Severity,
    /// Case handling.
    pub case: CaseMode,
    /// Whether plural and possessive endings are allowed.
    pub inflections: bool,
    /// Whether the term takes part in near-miss search.
    pub fuzzy: bool,
    /// Which unlisted spellings are derived from its approved forms.
    pub derive: DeriveSwitches,
    /// Why the rendering is preferred.
    pub note: Option<String>,
    /// The authority.
    pub reference: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// The term's own tests.
    pub examples: Examples,
    /// Span of the `[[term]]` header in the glossary file.
    pub span: Option<Span>,
}

impl Term {
    /// A term with only a preferred form and default settings.
    pub fn new(preferred: impl Into<String>) -> Self {
        let preferred = preferred.into();
        Self {
            id: slug(&preferred),
            preferred: Form::new(preferred),
            admitted: Vec::new(),
            variants: Vec::new(),
            exceptions: Vec::new(),
            source: Vec::new(),
            severity: Severity::Warning,
            case: CaseMode::Smart,
            inflections: true,
            fuzzy: true,
            derive: DeriveSwitches::default(),
            note: None,
            reference: None,
            tags: Vec::new(),
            examples: Examples::default(),
            span: None,
        }
    }

    /// The form of the given kind.
    pub fn form(&self, kind: FormKind) -> &Form {
        match kind {
            FormKind::Preferred => &self.preferred,
            FormKind::Admitted(i) => &self.admitted[i],
            FormKind::Variant(i) => &self.variants[i],
        }
    }

    /// Preferred, admitted and variant forms with their kinds.
    pub fn forms(&self) -> impl Iterator<Item = (FormKind, &Form)> {
        std::iter::once((FormKind::Preferred, &self.preferred))
            .chain(
                self.admitted
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (FormKind::Admitted(i), f)),
            )
            .chain(
                self.variants
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (FormKind::Variant(i), f)),
            )
    }
}

/// `[defaults]`: what every term inherits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Defaults {
    /// Default severity.
    pub severity: Severity,
    /// Default case mode.
    pub case: CaseMode,
    /// Default for `inflections`.
    pub inflections: bool,
    /// Default for `fuzzy`.
    pub fuzzy: bool,
    /// Defaults for `derive_hyphenation`, `derive_spelling`, `derive_romanization`.
    pub derive: DeriveSwitches,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            severity: Severity::Warning,
            case: CaseMode::Smart,
            inflections: true,
            fuzzy: true,
            derive: DeriveSwitches::default(),
        }
    }
}

/// Which kinds of unlisted spellings are derived from a term's approved
/// forms and flagged as variants (`derive_*` keys; all on by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeriveSwitches {
    /// Hyphen / space / closed: "co-operation", "co operation", "cooperation".
    pub hyphenation: bool,
    /// British / American spelling: "organisation", "organization".
    pub spelling: bool,
    /// Standard romanizations of Cyrillic `source` forms.
    pub romanization: bool,
}

impl Default for DeriveSwitches {
    fn default() -> Self {
        Self {
            hyphenation: true,
            spelling: true,
            romanization: true,
        }
    }
}

/// A loaded glossary.
#[derive(Debug, Clone)]
pub struct Glossary {
    /// Where it came from (a path, or `builtin:NAME`).
    pub path: String,
    /// The TOML text, kept to point at positions in it.
    pub source_text: Arc<str>,
    /// `[glossary] name`.
    pub name: String,
    /// BCP 47 tag of the checked text.
    pub language: String,
    /// Language of the `source` forms.
    pub source_language: Option<String>,
    /// Free-text version.
    pub version: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// `[defaults]`.
    pub defaults: Defaults,
    /// The terms, in file order.
    pub terms: Vec<Term>,
    /// `[defaults] near_miss_threshold`: minimum similarity of a near-miss.
    pub near_miss_threshold: Option<f64>,
}

impl Glossary {
    /// An empty glossary (for building one in code).
    pub fn new(name: impl Into<String>, language: impl Into<String>) -> Self {
        Self {
            path: String::new(),
            source_text: Arc::from(""),
            name: name.into(),
            language: language.into(),
            source_language: None,
            version: None,
            description: None,
            defaults: Defaults::default(),
            terms: Vec::new(),
            near_miss_threshold: None,
        }
    }
}

/// The default id of a term: its preferred form in kebab-case.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// True for `lower-case-words-0-9` (any script's lower-case letters).
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c == '-' || c.is_numeric() || (c.is_alphabetic() && !c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("indivisible security"), "indivisible-security");
        assert_eq!(slug("NATO-centrism"), "nato-centrism");
        assert_eq!(slug("Côte d'Ivoire"), "côte-d-ivoire");
        assert_eq!(slug("  G20 "), "g20");
    }
}
