//! [`CheckOptions`]: which checks beyond the exact ones a [`Checker`] runs.

use super::{
    CaseCheck, Check, Checker, ConsistencyCheck, GroupCheck, MixedScriptCheck, NearMissCheck,
    Scope, TermConsistencyCheck, VariantCheck,
};
use crate::derive;
use crate::glossary::GlossarySet;
use crate::matcher::{Matcher, MatcherBuilder};

/// What a [`Checker`] built with [`Checker::with_options`] does.
/// `Checker::new` stays the exact-match checker (`variant`, `case`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckOptions {
    /// Add derived variants (hyphenation, spelling, romanization), as far
    /// as each term's `derive_*` switches allow.
    pub derive: bool,
    /// Near-miss threshold (similarity in (0, 1]); `None` or 1 turns the
    /// check off.
    pub near_miss: Option<f64>,
    /// Scope of `inconsistent` findings; `None` turns the check off.
    /// With [`Scope::Run`] the caller merges [`super::Tally`]s itself.
    pub consistency: Option<Scope>,
    /// Look for homoglyphs and invisible characters.
    pub mixed_script: bool,
    /// Also report a two-word name capitalized two ways ("Minsk
    /// agreements" / "Minsk Agreements"); off by default, since most such
    /// pairs are common nouns whose capitals are a house-style choice
    /// ("Syrian army" / "Syrian Army").
    pub consistency_capitalization: bool,
}

impl Default for CheckOptions {
    /// Everything on, near-miss threshold from the glossaries or the
    /// built-in default, consistency per file.
    fn default() -> Self {
        Self {
            derive: true,
            near_miss: None,
            consistency: Some(Scope::File),
            mixed_script: true,
            consistency_capitalization: false,
        }
    }
}

impl CheckOptions {
    /// Only the exact checks (`variant`, `case`), as [`Checker::new`].
    pub fn exact() -> Self {
        Self {
            derive: false,
            near_miss: None,
            consistency: None,
            mixed_script: false,
            consistency_capitalization: false,
        }
    }

    /// All checks on, with the near-miss threshold the glossaries ask for
    /// (the lowest `[defaults] near_miss_threshold`) or the built-in default.
    pub fn all(set: &GlossarySet) -> Self {
        Self {
            near_miss: Some(glossary_threshold(set).unwrap_or(super::DEFAULT_NEAR_MISS_THRESHOLD)),
            ..Self::default()
        }
    }
}

/// The lowest `near_miss_threshold` any glossary of the set declares.
pub fn glossary_threshold(set: &GlossarySet) -> Option<f64> {
    set.glossaries()
        .iter()
        .filter_map(|g| g.near_miss_threshold)
        .reduce(f64::min)
}

impl Checker {
    /// A checker running the exact checks plus what `opts` switches on.
    pub fn with_options(
        set: GlossarySet,
        opts: &CheckOptions,
    ) -> Result<Self, crate::matcher::BuildError> {
        Ok(CompiledChecker::compile(set, opts)?.into_checker())
    }
}

/// A checker's date-independent compiled state (glossaries, matcher,
/// indexes), as data: what the compiled-glossary cache stores
/// ([`crate::engine::cache`]). [`CompiledChecker::into_checker`] turns it
/// into a [`Checker`] without compiling anything again.
pub struct CompiledChecker {
    set: GlossarySet,
    matcher: Matcher,
    checks: Vec<AnyCheck>,
    options: CheckOptions,
}

/// The checks a [`CompiledChecker`] can hold, in the order they run.
#[derive(serde::Serialize, serde::Deserialize)]
enum AnyCheck {
    Variant,
    Case,
    MixedScript,
    NearMiss(NearMissCheck),
    Consistency(ConsistencyCheck),
    Terms(TermConsistencyCheck),
    Groups(GroupCheck),
}

/// Encoded size from which [`CompiledChecker::decode`] decodes on two
/// threads (the built-in packs, 1.1 MB, decode faster on one).
const PARALLEL_DECODE: usize = 4 << 20;

impl CompiledChecker {
    /// Compiles the forms of `set` (and their derived variants when asked)
    /// and the indexes of the checks `opts` switches on.
    pub fn compile(
        set: GlossarySet,
        opts: &CheckOptions,
    ) -> Result<Self, crate::matcher::BuildError> {
        let mut builder = MatcherBuilder::new().glossaries(&set);
        if opts.derive {
            derive::add_derived(&mut builder, &set);
        }
        let matcher = builder.build()?;
        let mut checks = vec![AnyCheck::Variant, AnyCheck::Case];
        if opts.mixed_script {
            checks.push(AnyCheck::MixedScript);
        }
        if let Some(t) = opts.near_miss.filter(|t| *t > 0.0 && *t < 1.0) {
            checks.push(AnyCheck::NearMiss(NearMissCheck::new(&set, t)));
        }
        if let Some(scope) = opts.consistency {
            checks.push(AnyCheck::Consistency(ConsistencyCheck::new(scope)));
            // What the glossaries ask for is judged per document in any scope.
            if let Some(terms) = TermConsistencyCheck::new(&set) {
                checks.push(AnyCheck::Terms(terms));
            }
            if let Some(groups) = GroupCheck::new(&set)? {
                checks.push(AnyCheck::Groups(groups));
            }
        }
        Ok(Self {
            set,
            matcher,
            checks,
            options: *opts,
        })
    }

    /// The glossaries it was compiled from.
    pub fn glossaries(&self) -> &GlossarySet {
        &self.set
    }

    /// The options it was compiled with.
    pub fn options(&self) -> &CheckOptions {
        &self.options
    }

    /// Encodes it as three parts (glossaries, matcher, checks), for
    /// [`CompiledChecker::decode`].
    pub fn encode(&self) -> Option<[Vec<u8>; 3]> {
        Some([
            postcard::to_stdvec(&self.set).ok()?,
            postcard::to_stdvec(&self.matcher).ok()?,
            postcard::to_stdvec(&(&self.checks, &self.options)).ok()?,
        ])
    }

    /// Decodes what [`CompiledChecker::encode`] made; `None` when a part
    /// does not decode. A large glossary's matcher decodes on a thread of
    /// its own while this one decodes the rest, halves of about equal size
    /// (10,000 terms: 11.5 MB against 11.7 MB); a small one's parts
    /// decode here, in less time than a thread and its heap take to start.
    pub fn decode(parts: [&[u8]; 3]) -> Option<Self> {
        let size: usize = parts.iter().map(|p| p.len()).sum();
        Self::decode_on(parts, size >= PARALLEL_DECODE)
    }

    /// [`CompiledChecker::decode`], on two threads or on this one.
    fn decode_on(parts: [&[u8]; 3], two_threads: bool) -> Option<Self> {
        let [set, matcher, checks] = parts;
        let decode_matcher = || postcard::from_bytes::<Matcher>(matcher).ok();
        let decode_rest = || {
            (
                postcard::from_bytes::<GlossarySet>(set).ok(),
                postcard::from_bytes::<(Vec<AnyCheck>, CheckOptions)>(checks).ok(),
            )
        };
        let ((set, checks), matcher) = if !two_threads {
            (decode_rest(), decode_matcher())
        } else {
            std::thread::scope(|s| {
                let m = s.spawn(decode_matcher);
                let rest = decode_rest();
                (rest, m.join().ok().flatten())
            })
        };
        let (checks, options) = checks?;
        Some(Self {
            set: set?,
            matcher: matcher?,
            checks,
            options,
        })
    }

    /// The checker.
    pub fn into_checker(self) -> Checker {
        let checks = self
            .checks
            .into_iter()
            .map(|c| -> Box<dyn Check> {
                match c {
                    AnyCheck::Variant => Box::new(VariantCheck),
                    AnyCheck::Case => Box::new(CaseCheck),
                    AnyCheck::MixedScript => Box::new(MixedScriptCheck),
                    AnyCheck::NearMiss(c) => Box::new(c),
                    AnyCheck::Consistency(c) => Box::new(c),
                    AnyCheck::Terms(c) => Box::new(c),
                    AnyCheck::Groups(c) => Box::new(c),
                }
            })
            .collect();
        let mut checker = Checker::with_checks(self.set, self.matcher, checks);
        checker.capitalization = self.options.consistency_capitalization;
        checker
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decoding on two threads gives what decoding on one gives, and a
    /// damaged part is no checker either way.
    #[test]
    fn both_ways_of_decoding_give_the_same_checker() {
        let pack = crate::glossary::pack(crate::glossary::DEFAULT_PACK)
            .expect("a pack")
            .expect("the pack loads");
        let set = GlossarySet::new(pack).expect("the pack forms a set");
        let opts = CheckOptions {
            near_miss: Some(crate::checks::DEFAULT_NEAR_MISS_THRESHOLD),
            ..CheckOptions::default()
        };
        let compiled = CompiledChecker::compile(set, &opts).expect("the pack compiles");
        let parts = compiled.encode().expect("the checker encodes");
        let refs = [&parts[0][..], &parts[1][..], &parts[2][..]];
        let one = CompiledChecker::decode_on(refs, false).expect("decodes on one thread");
        let two = CompiledChecker::decode_on(refs, true).expect("decodes on two threads");
        let doc = crate::text::Document::new(
            "a.txt",
            "Byelorussia and Kirghizia sent notes to the Russain Federation. \
             Co-operation and cooperation, the Organisation and the organization."
                .to_owned(),
        );
        let found = |c: CompiledChecker| format!("{:?}", c.into_checker().check(&doc));
        let fresh = CompiledChecker {
            set: compiled.set.clone(),
            ..compiled
        };
        let expected = found(fresh);
        for found in ["Byelorussia", "Kirghizia", "Russain Federation"] {
            assert!(expected.contains(found), "{found}: {expected}");
        }
        assert_eq!(found(one), expected);
        assert_eq!(found(two), expected);
        for two_threads in [false, true] {
            for broken in 0..3 {
                let mut damaged = parts.clone();
                damaged[broken].truncate(damaged[broken].len() / 2);
                let refs = [&damaged[0][..], &damaged[1][..], &damaged[2][..]];
                assert!(CompiledChecker::decode_on(refs, two_threads).is_none());
            }
        }
    }
}
