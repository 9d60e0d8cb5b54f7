//! The one pipeline every command checks a document through.
//!
//! An [`Engine`] is built once per run from resolved [`Settings`]
//! (glossaries, checks, config, input format, baseline, source pairing)
//! and checks one input at a time: read and decode
//! ([`input::read`]), find the format's prose regions
//! ([`crate::formats::extract`]), cut long documents into windows and run
//! the checks ([`crate::checks::Checker`]), apply suppressions, severity
//! overrides and the baseline, and return a [`FileReport`]. `check`,
//! `review`, `report`, `glossary impact`, `glossary mine` and `--source`
//! all call it; an editor integration calls [`Engine::check_text`] on a
//! buffer.

pub mod baseline;
pub mod cache;
pub mod config;
pub mod fix;
pub mod input;
mod pipeline;
mod run;
pub mod source;
pub mod usage;

pub use input::{Collected, Input, Skip};
pub use pipeline::CheckedFile;
pub use run::{ExitStatus, FileOutcome, FileReport, Verdict};

use crate::checks::{CheckOptions, Checker, CompiledChecker, Scope};
use crate::error::Error;
use crate::finding::Severity;
use crate::formats::InputFormat;
use crate::glossary::GlossarySet;
use crate::source::{AlignMode, SourceMatcher};
use baseline::Baseline;
use config::Config;
use source::SourcePlan;

/// Everything a run needs, resolved before any input is read.
pub struct Settings {
    /// The glossaries, validated and cross-checked.
    pub glossaries: GlossarySet,
    /// Which checks run beyond the exact ones.
    pub checks: CheckOptions,
    /// The config in force (selection, formats, severities, fail-on).
    pub config: Config,
    /// Read every input as this format (`--input-format`); `None`: by
    /// the config's `[formats]`, else by extension.
    pub input_format: Option<InputFormat>,
    /// Report only findings this baseline does not record.
    pub baseline: Option<Baseline>,
    /// `--source`: the source text of the one target, and how to pair.
    pub source: Option<(Input, AlignMode)>,
    /// Lowest severity that fails the run; `None`: nothing fails it.
    pub fail_on: Option<Severity>,
    /// How documents are dated for dated glossary entries.
    pub dating: crate::date::Dating,
    /// What one input may take (`--max-file-size`).
    pub limits: crate::io::Limits,
    /// Glossaries already compiled (from the cache, [`cache`]): used
    /// instead of compiling `glossaries` with `checks`, which it was
    /// compiled from.
    pub compiled: Option<CompiledChecker>,
}

impl Settings {
    /// Settings with every check on, no config, no baseline, no source.
    pub fn new(glossaries: GlossarySet) -> Self {
        let checks = CheckOptions::all(&glossaries);
        Self {
            glossaries,
            checks,
            config: Config::empty(std::path::PathBuf::from(".")),
            input_format: None,
            baseline: None,
            source: None,
            fail_on: Some(Severity::Warning),
            dating: crate::date::Dating::default(),
            limits: crate::io::Limits::default(),
            compiled: None,
        }
    }

    /// Settings for glossaries compiled already, with every check it was
    /// compiled with, no config, no baseline, no source.
    pub fn compiled(compiled: CompiledChecker) -> Self {
        let mut s = Self::new(GlossarySet::default());
        s.checks = *compiled.options();
        s.compiled = Some(compiled);
        s
    }
}

/// The compiled glossaries and everything else a run checks with.
pub struct Engine {
    checker: Checker,
    config: Config,
    input_format: Option<InputFormat>,
    /// The baseline as read; each filtering pass uses a fresh copy (its
    /// counts are per path, so any split of a run's files gives the same
    /// result).
    baseline: Option<Baseline>,
    source: Option<SourcePlan>,
    /// The matcher of bilingual files' own source text (XLIFF, PO), when
    /// any glossary term has source forms and no `--source` is given;
    /// built on the first bilingual file (most runs have none).
    bilingual: std::sync::OnceLock<Option<SourceMatcher>>,
    run_scope: bool,
    fail_on: Option<Severity>,
    limits: crate::io::Limits,
}

impl Engine {
    /// Compiles the glossaries and reads the `--source` text.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        let checker = match settings.compiled {
            Some(c) => c.into_checker(),
            None => Checker::with_options(settings.glossaries, &settings.checks)
                .map_err(|e| Error::Compile(e.to_string()))?,
        }
        .with_dating(settings.dating);
        let run_scope = settings.checks.consistency == Some(Scope::Run);
        let source = match &settings.source {
            Some((input, mode)) => Some(SourcePlan::read(input, *mode, &checker, settings.limits)?),
            None => None,
        };
        Ok(Self {
            checker,
            config: settings.config,
            input_format: settings.input_format,
            baseline: settings.baseline,
            source,
            bilingual: std::sync::OnceLock::new(),
            run_scope,
            fail_on: settings.fail_on,
            limits: settings.limits,
        })
    }

    /// The matcher of bilingual files' own source text, when there is
    /// no `--source` and some term has source forms.
    fn bilingual(&self) -> Option<&SourceMatcher> {
        if self.source.is_some() {
            return None;
        }
        self.bilingual
            .get_or_init(|| {
                let m = SourceMatcher::new(self.checker.glossaries());
                (!m.is_empty()).then_some(m)
            })
            .as_ref()
    }

    /// The compiled glossaries and checks.
    pub fn checker(&self) -> &Checker {
        &self.checker
    }

    /// The glossaries.
    pub fn glossaries(&self) -> &GlossarySet {
        self.checker.glossaries()
    }

    /// The config in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The `--source` pairing, when given.
    pub fn source(&self) -> Option<&SourcePlan> {
        self.source.as_ref()
    }

    /// Whether `inconsistent` findings compare spellings across the whole
    /// run (then [`Engine::finish_run`] must see every file together).
    pub fn run_scoped(&self) -> bool {
        self.run_scope
    }

    /// Lowest severity that fails the run.
    pub fn fail_on(&self) -> Option<Severity> {
        self.fail_on
    }

    /// The inputs `paths` name, selected by the config. With `--source`,
    /// exactly one target is allowed; a bilingual target is refused.
    pub fn collect(
        &self,
        paths: &[std::path::PathBuf],
        stdin_name: Option<&str>,
    ) -> Result<Collected, Error> {
        self.checked_selection(input::collect(paths, stdin_name, &self.config))
    }

    /// The inputs of `found` this engine's config selects (a run whose
    /// inputs fall under several configs gives each engine its share).
    pub fn select(&self, found: Vec<input::Found>) -> Result<Collected, Error> {
        self.checked_selection(input::select(found, &self.config))
    }

    /// With `--source`, exactly one target is allowed; a bilingual target
    /// is refused.
    fn checked_selection(&self, collected: Collected) -> Result<Collected, Error> {
        if let Some(plan) = &self.source {
            let shown = &plan.document().path;
            if collected.inputs.len() > 1 {
                return Err(Error::Source(format!(
                    "`--source` pairs one source with one translation, but {} files were given to check\n  \
                     help: name exactly one target file after `--source {shown}`",
                    collected.inputs.len(),
                )));
            }
            if let Some(i) = collected
                .inputs
                .iter()
                .find(|i| self.format_of(i).is_bilingual())
            {
                return Err(Error::Source(format!(
                    "`{}` is a bilingual file (XLIFF or PO): it holds its own source text, so `--source` cannot pair another one with it\n  \
                     help: drop `--source`; each unit's source is checked against its own target",
                    i.display
                )));
            }
        }
        Ok(collected)
    }

    /// The format an input is read as: `--input-format`, else the
    /// config's `[formats]`, else its extension.
    pub fn format_of(&self, input: &Input) -> InputFormat {
        if let Some(f) = self.input_format {
            return f;
        }
        match &input.source {
            input::Source::File(p) => self
                .config
                .format_for(p)
                .unwrap_or_else(|| InputFormat::from_path(&input.display)),
            _ => InputFormat::from_path(&input.display),
        }
    }

    /// Reads and decodes one input under the run's limits.
    pub fn read(&self, input: &Input) -> Result<input::Read, Error> {
        input::read(input, self.limits)
    }

    /// Reads, decodes and checks one input.
    pub fn check_input(&self, input: &Input) -> FileReport {
        let outcome = match input::read(input, self.limits) {
            Ok(input::Read::Doc(doc)) => self.check_document(doc, self.format_of(input)),
            Ok(input::Read::Skipped(why)) => FileOutcome::Skipped(why),
            Err(e) => FileOutcome::Failed(e),
        };
        FileReport {
            path: input.display.clone(),
            outcome,
        }
    }

    /// Checks text held in memory (an editor's buffer) shown as `path`,
    /// read as the format its name implies (or the config's).
    pub fn check_text(&self, path: &str, text: &str) -> FileReport {
        self.check_input(&Input::memory(path, text))
    }

    /// Checks an editor's buffer for the file at `path` the way `check`
    /// checks that file: read as `--input-format`, else the config's
    /// `[formats]`, else its extension; `None` when the config's
    /// `include`/`exclude` leave the file out. Run-scoped consistency is
    /// finished over this one file, as `check` on it alone would.
    pub fn check_buffer(&self, path: &std::path::Path, text: String) -> Option<FileReport> {
        let input = Input::file(path);
        if !self.config.selects(path) {
            return None;
        }
        let format = self.format_of(&input);
        let doc = crate::text::Document::new(&input.display, text);
        let mut reports = [FileReport {
            path: input.display.clone(),
            outcome: self.check_document(doc, format),
        }];
        self.finish_run(&mut reports);
        let [report] = reports;
        Some(report)
    }

    /// Checks every input (in parallel on the current rayon pool), in
    /// input order.
    pub fn check_inputs(&self, inputs: &[Input], progress: impl Fn() + Sync) -> Vec<FileReport> {
        use rayon::prelude::*;
        inputs
            .par_iter()
            .map(|i| {
                let r = self.check_input(i);
                progress();
                r
            })
            .collect()
    }
}
