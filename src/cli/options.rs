//! From `--near-miss-threshold`, `--consistency` and `--no-derive` to the
//! library's [`CheckOptions`], and the run-scoped consistency pass.

use termcheck::checks::{CheckOptions, Scope, Tally};
use termcheck::engine::config::{AnalysisOptions, ConsistencyScope};
use termcheck::finding::{Finding, sort_findings};
use termcheck::glossary::GlossarySet;
use termcheck::text::Document;

use super::args::{ConsistencyArg, FuzzyArgs};

/// The options of a run: flags first, then the glossaries' defaults.
pub(crate) fn check_options(
    args: &FuzzyArgs,
    set: &GlossarySet,
    config: &AnalysisOptions,
) -> CheckOptions {
    let mut opts = CheckOptions::all(set);
    if let Some(t) = args.near_miss_threshold.or(config.near_miss_threshold) {
        opts.near_miss = Some(t);
    }
    opts.derive = !args.no_derive;
    opts.consistency = match args.consistency {
        Some(ConsistencyArg::File) => Some(Scope::File),
        Some(ConsistencyArg::Run) => Some(Scope::Run),
        Some(ConsistencyArg::Off) => None,
        None => match config.consistency_scope {
            Some(ConsistencyScope::Run) => Some(Scope::Run),
            Some(ConsistencyScope::File) | None => Some(Scope::File),
        },
    };
    opts
}

/// Adds the run-scoped `inconsistent` findings to each file's findings.
/// `files` holds (document, findings, tally) in path order.
pub(crate) fn run_consistency(files: &mut [(&Document, &mut Vec<Finding>, Tally)]) {
    let mut all = Tally::default();
    for (i, (_, _, t)) in files.iter_mut().enumerate() {
        let mut t = std::mem::take(t);
        t.set_file(i);
        all.merge(t);
    }
    let docs: Vec<&Document> = files.iter().map(|(d, _, _)| *d).collect();
    for (i, finding) in all.findings(&docs) {
        if let Some((_, findings, _)) = files.get_mut(i) {
            findings.push(finding);
        }
    }
    for (_, findings, _) in files.iter_mut() {
        sort_findings(findings);
    }
}
