//! The glossary model: plain data a library user can build or inspect.

use std::sync::Arc;

use crate::date::DateRange;
use crate::finding::{Severity, Span};

/// How a term's forms treat letter case (contract rule 3).
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default, Hash,
)]
pub enum CaseMode {
    /// Lower-case forms match any case; forms with capitals match any case
    /// but a wrongly cased match is a `case` finding.
    #[default]
    Smart,
    /// Any case matches and case is never reported.
    Insensitive,
    /// Only the exact case matches.
    Sensitive,
    /// Any case matches, and any spelling other than an approved one is a
    /// `case` finding, lower-case forms included ("Ceasefire" mid-sentence
    /// for "ceasefire"); a sentence start and all capitals stay accepted.
    Strict,
}

impl CaseMode {
    /// The glossary spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            CaseMode::Smart => "smart",
            CaseMode::Insensitive => "insensitive",
            CaseMode::Sensitive => "sensitive",
            CaseMode::Strict => "strict",
        }
    }

    /// Parses the glossary spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "smart" => Some(CaseMode::Smart),
            "insensitive" => Some(CaseMode::Insensitive),
            "sensitive" => Some(CaseMode::Sensitive),
            "strict" => Some(CaseMode::Strict),
            _ => None,
        }
    }
}

/// One written form of a term, with where it stands in the glossary file.
/// Format 1.1 writes a form as a table `{ form, valid_from, valid_until,
/// case, fix }`; a plain string is a form with none of these.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The form as written in the glossary.
    pub text: String,
    /// Its byte span in the glossary file, when it came from one.
    pub span: Option<Span>,
    /// `valid_from` / `valid_until`: a variant is flagged only for
    /// documents dated in the range; an approved form is approved only in it.
    pub valid: DateRange,
    /// `case`: this form's own case mode (overrides the term's).
    pub case: Option<CaseMode>,
    /// `fix = false`: this variant's findings carry no automatic fix.
    pub fix: Option<bool>,
}

impl Form {
    /// A form that did not come from a file.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            span: None,
            valid: DateRange::default(),
            case: None,
            fix: None,
        }
    }

    /// A plain string form at `span`.
    pub fn at(text: impl Into<String>, span: Span) -> Self {
        Self {
            span: Some(span),
            ..Self::new(text)
        }
    }

    /// True when the form has any 1.1 setting (and so is written as a table).
    pub fn has_settings(&self) -> bool {
        !self.valid.is_always() || self.case.is_some() || self.fix.is_some()
    }
}

/// A reusable context rule (`exception_rules`): a match of a variant or
/// avoided form is not reported in this context.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExceptionRule {
    /// The next word is capitalized ("Turkey Point", "Kiev Pechersk Lavra").
    FollowedByCapitalized,
    /// The previous word is capitalized and does not start a sentence
    /// ("Wild Turkey").
    PrecededByCapitalized,
    /// Inside double quotation marks in the same paragraph.
    InQuotation,
    /// Inside a historical name: "Battle of X", "X pogrom", "X Front", ...
    HistoricalName,
}

impl ExceptionRule {
    /// Every rule.
    pub const ALL: [ExceptionRule; 4] = [
        ExceptionRule::FollowedByCapitalized,
        ExceptionRule::PrecededByCapitalized,
        ExceptionRule::InQuotation,
        ExceptionRule::HistoricalName,
    ];

    /// The glossary spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            ExceptionRule::FollowedByCapitalized => "followed-by-capitalized",
            ExceptionRule::PrecededByCapitalized => "preceded-by-capitalized",
            ExceptionRule::InQuotation => "in-quotation",
            ExceptionRule::HistoricalName => "historical-name",
        }
    }

    /// Parses the glossary spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// `[[group]]`: spellings that must not mix within one document; the first
/// one the document uses wins.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Unique id within its glossary.
    pub id: String,
    /// The spellings (two or more).
    pub forms: Vec<Form>,
    /// For editors.
    pub note: Option<String>,
    /// Severity of its `inconsistent` findings.
    pub severity: Severity,
    /// Span of the `[[group]]` header.
    pub span: Option<Span>,
}

/// The role a form plays in its term.
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum FormKind {
    /// The approved rendering.
    Preferred,
    /// Also acceptable (index into `admitted`).
    Admitted(usize),
    /// A rendering to flag (index into `variants`).
    Variant(usize),
    /// A rendering to flag with no replacement (index into `avoid`).
    Avoid(usize),
}

impl FormKind {
    /// Preferred and admitted forms are approved: never flagged.
    pub const fn is_approved(self) -> bool {
        !matches!(self, FormKind::Variant(_) | FormKind::Avoid(_))
    }

    /// A word for messages.
    pub const fn label(self) -> &'static str {
        match self {
            FormKind::Preferred => "preferred",
            FormKind::Admitted(_) => "admitted",
            FormKind::Variant(_) => "variant",
            FormKind::Avoid(_) => "avoid",
        }
    }
}

/// `examples.good` and `examples.bad`: the term's own tests.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    /// Sentences that must produce no finding for the term.
    pub good: Vec<Form>,
    /// Sentences that must produce at least one finding for the term.
    pub bad: Vec<Form>,
}

/// One concept and its renderings.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Unique id within its glossary.
    pub id: String,
    /// The approved rendering.
    pub preferred: Form,
    /// Also acceptable renderings.
    pub admitted: Vec<Form>,
    /// Renderings to flag; the fix is `preferred`.
    pub variants: Vec<Form>,
    /// Forms flagged with no replacement (finding kind `avoid`).
    pub avoid: Vec<Form>,
    /// Phrases inside which a match is not reported.
    pub exceptions: Vec<Form>,
    /// Context rules under which a variant or avoided match is not reported.
    pub exception_rules: Vec<ExceptionRule>,
    /// `valid_from` / `valid_until`: the term is in force only for
    /// documents dated in the range.
    pub valid: DateRange,
    /// `fix = false`: no finding of this term carries an automatic fix.
    pub fix: bool,
    /// `consistent = true`: two approved forms must not mix in a document.
    pub consistent: bool,
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
    /// For editors: what to write and why (printed with findings).
    pub note: Option<String>,
    /// The authority.
    pub reference: Option<String>,
    /// For maintainers only: the research behind the entry. Never printed
    /// by `check` or exported as a note; `glossary explain` shows it.
    pub rationale: Option<String>,
    /// For maintainers only: sources consulted (shown by `glossary explain`).
    pub sources: Vec<String>,
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
            avoid: Vec::new(),
            exceptions: Vec::new(),
            exception_rules: Vec::new(),
            valid: DateRange::default(),
            fix: true,
            consistent: false,
            source: Vec::new(),
            severity: Severity::Warning,
            case: CaseMode::Smart,
            inflections: true,
            fuzzy: true,
            derive: DeriveSwitches::default(),
            note: None,
            reference: None,
            rationale: None,
            sources: Vec::new(),
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
            FormKind::Avoid(i) => &self.avoid[i],
        }
    }

    /// Preferred, admitted, variant and avoided forms with their kinds.
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
            .chain(
                self.avoid
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (FormKind::Avoid(i), f)),
            )
    }

    /// The listed form `kind`, or `None` for a derived one (derived forms
    /// are numbered past the listed ones).
    pub fn listed_form(&self, kind: FormKind) -> Option<&Form> {
        match kind {
            FormKind::Preferred => Some(&self.preferred),
            FormKind::Admitted(i) => self.admitted.get(i),
            FormKind::Variant(i) => self.variants.get(i),
            FormKind::Avoid(i) => self.avoid.get(i),
        }
    }

    /// True unless `fix = false` on the term or on the form `kind`.
    pub fn fix_allowed(&self, kind: FormKind) -> bool {
        self.fix && self.listed_form(kind).is_none_or(|f| f.fix != Some(false))
    }

    /// True when some finding of this term can depend on a document's date.
    pub fn is_dated(&self) -> bool {
        !self.valid.is_always() || self.forms().any(|(_, f)| !f.valid.is_always())
    }
}

/// `[defaults]`: what every term inherits.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Glossary {
    /// Where it came from (a path, or `builtin:NAME`).
    pub path: String,
    /// The TOML text, kept to point at positions in it.
    #[serde(with = "source_text")]
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
    /// `[glossary] format`: "1" (or absent) or "1.1".
    pub format: Option<String>,
    /// `[glossary] pack`: the built-in pack this file belongs to.
    pub pack: Option<String>,
    /// `[glossary] authority`: who decides the pack's choices.
    pub authority: Option<String>,
    /// `[glossary] extends`: packs or relative paths this glossary is
    /// layered on; its terms replace theirs by id or by a shared form.
    pub extends: Vec<String>,
    /// `[[group]]` consistency groups.
    pub groups: Vec<Group>,
}

/// Serde for [`Glossary::source_text`]: a built-in file's text is stored
/// as its index in [`BUILTIN_FILES`](crate::glossary::BUILTIN_FILES)
/// (the binary holds it; a compiled-glossary cache entry is for one build),
/// any other text as itself. The built-in packs' TOML is three quarters of
/// their compiled form, and reading and checking it back was a third of
/// their load.
mod source_text {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::glossary::BUILTIN_FILES;

    #[derive(Serialize, Deserialize)]
    enum Stored<'a> {
        Builtin(u8),
        Text(#[serde(borrow)] std::borrow::Cow<'a, str>),
    }

    pub(super) fn serialize<S: Serializer>(text: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
        let builtin = BUILTIN_FILES
            .iter()
            .position(|f| f.text.len() == text.len() && f.text == &**text)
            .and_then(|i| u8::try_from(i).ok());
        match builtin {
            Some(i) => Stored::Builtin(i),
            None => Stored::Text(std::borrow::Cow::Borrowed(text)),
        }
        .serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
        match Stored::deserialize(d)? {
            Stored::Builtin(i) => BUILTIN_FILES
                .get(usize::from(i))
                .map(|f| Arc::from(f.text))
                .ok_or_else(|| serde::de::Error::custom("no such built-in glossary")),
            Stored::Text(t) => Ok(Arc::from(t.as_ref())),
        }
    }
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
            format: None,
            pack: None,
            authority: None,
            extends: Vec::new(),
            groups: Vec::new(),
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
