//! What both review front ends share: the keys, the view of one finding,
//! the front-end trait, and the piped front end (one key per line on
//! standard input, plain text out) for scripts and tests.

use std::io::{self, BufRead, Write};

/// A key choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Accept,
    AcceptAll,
    IgnoreTerm,
    Edit,
    Skip,
    Ignore,
    AddAdmitted,
    AddVariant,
    Editor,
    Undo,
    Entry,
    Quit,
    Help,
}

/// The keys, their letters and what they do (shown in help and docs).
pub(crate) const KEYS: &[(char, Key, &str)] = &[
    ('y', Key::Accept, "accept the fix"),
    (
        'Y',
        Key::AcceptAll,
        "accept the fix of every remaining occurrence of this term, in every file",
    ),
    ('e', Key::Edit, "edit the replacement"),
    ('n', Key::Skip, "skip"),
    (
        'i',
        Key::Ignore,
        "ignore this occurrence (recorded in the --baseline file; else a suppression comment in Markdown, HTML, XLIFF and PO, for this review only in plain prose)",
    ),
    (
        'I',
        Key::IgnoreTerm,
        "ignore this term for the rest of the review",
    ),
    (
        'a',
        Key::AddAdmitted,
        "add the found form to the glossary as admitted",
    ),
    (
        'v',
        Key::AddVariant,
        "add the found form to the glossary as a variant",
    ),
    ('o', Key::Editor, "open $EDITOR at the line"),
    ('u', Key::Undo, "undo the last decision"),
    ('g', Key::Entry, "show the term's full glossary entry"),
    ('q', Key::Quit, "quit (decisions so far are kept)"),
    ('?', Key::Help, "help"),
];

impl Key {
    pub(crate) fn from_char(c: char) -> Option<Key> {
        KEYS.iter()
            .find(|(k, _, _)| *k == c)
            .map(|(_, key, _)| *key)
    }
}

/// One line of context around a finding.
#[derive(Clone)]
pub(crate) struct ContextLine {
    pub(crate) number: usize,
    pub(crate) text: String,
    /// The highlighted byte range within `text`, if the finding is on it.
    pub(crate) mark: Option<(usize, usize)>,
}

/// Everything shown for one finding.
#[derive(Clone)]
pub(crate) struct View {
    pub(crate) position: String,
    pub(crate) counter: String,
    pub(crate) title: String,
    pub(crate) lines: Vec<ContextLine>,
    pub(crate) facts: Vec<(&'static str, String)>,
    pub(crate) keys: String,
}

impl View {
    /// The view as plain text lines (piped mode and tests).
    pub(crate) fn plain(&self, width: usize) -> Vec<String> {
        let mut out = vec![format!(
            "{} {}  {}",
            self.counter, self.position, self.title
        )];
        let num_w = self
            .lines
            .iter()
            .map(|l| l.number.to_string().len())
            .max()
            .unwrap_or(1);
        for l in &self.lines {
            let (text, mark) = trim_around(&l.text, l.mark, width.saturating_sub(num_w + 3));
            out.push(format!("{:>num_w$} | {text}", l.number));
            if let Some((s, e)) = mark {
                let pad = text[..s].chars().count();
                let len = text[s..e].chars().count().max(1);
                out.push(format!(
                    "{:>num_w$} | {}{}",
                    "",
                    " ".repeat(pad),
                    "^".repeat(len)
                ));
            }
        }
        for (k, v) in &self.facts {
            out.push(format!("{k:>10}: {v}"));
        }
        out.push(self.keys.clone());
        out
    }
}

/// Cuts `text` to at most `width` characters, keeping the marked range
/// visible (with `...` where text was cut); returns the new text and the
/// mark's new byte range.
pub(crate) fn trim_around(
    text: &str,
    mark: Option<(usize, usize)>,
    width: usize,
) -> (String, Option<(usize, usize)>) {
    let width = width.max(20);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() <= width {
        return (text.to_owned(), mark);
    }
    let idx = |b: usize| chars.partition_point(|(i, _)| *i < b);
    let (ms, me) = mark.map_or((0, 0), |(s, e)| (idx(s), idx(e)));
    let room = width.saturating_sub(6);
    let mlen = me - ms;
    let before = room.saturating_sub(mlen) / 3;
    let mut start = ms.saturating_sub(before);
    let end = (start + room.max(mlen)).min(chars.len());
    if end - start < room {
        start = end.saturating_sub(room);
    }
    let byte = |c: usize| chars.get(c).map_or(text.len(), |(i, _)| *i);
    let prefix = if start > 0 { "..." } else { "" };
    let suffix = if end < chars.len() { "..." } else { "" };
    let body = &text[byte(start)..byte(end)];
    let out = format!("{prefix}{body}{suffix}");
    let mark = mark.map(|(s, e)| {
        let off = byte(start);
        let s = s.clamp(off, byte(end)) - off + prefix.len();
        let e = e.clamp(off, byte(end)) - off + prefix.len();
        (s, e)
    });
    (out, mark)
}

/// A front end: shows views and messages, reads keys and lines.
pub(crate) trait Ui {
    fn show(&mut self, view: &View) -> io::Result<()>;
    /// The next key; `None` at end of input (treated as quit).
    fn key(&mut self) -> io::Result<Option<Key>>;
    /// A line of text (the edited replacement); `None` to cancel.
    fn line(&mut self, prompt: &str, initial: &str) -> io::Result<Option<String>>;
    fn message(&mut self, msg: &str) -> io::Result<()>;
    /// Shows a longer text (the glossary entry, help) until a key.
    fn page(&mut self, text: &str) -> io::Result<()>;
    /// Runs `f` with the terminal given back (for $EDITOR).
    fn suspended(&mut self, f: &mut dyn FnMut() -> io::Result<()>) -> io::Result<()>;
}

/// Piped front end: one key per line on standard input, plain text out.
pub(crate) struct Piped<R, W> {
    pub(crate) input: R,
    pub(crate) out: W,
}

impl<R: BufRead, W: Write> Piped<R, W> {
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut buf = String::new();
        if self.input.read_line(&mut buf)? == 0 {
            return Ok(None);
        }
        Ok(Some(buf.trim_end_matches(['\n', '\r']).to_owned()))
    }
}

impl<R: BufRead, W: Write> Ui for Piped<R, W> {
    fn show(&mut self, view: &View) -> io::Result<()> {
        writeln!(self.out)?;
        for l in view.plain(120) {
            writeln!(self.out, "{l}")?;
        }
        self.out.flush()
    }

    fn key(&mut self) -> io::Result<Option<Key>> {
        loop {
            let Some(line) = self.read_line()? else {
                return Ok(None);
            };
            let Some(c) = line.trim().chars().next() else {
                continue;
            };
            match Key::from_char(c) {
                Some(k) => return Ok(Some(k)),
                None => writeln!(self.out, "unknown key `{c}` (? for help)")?,
            }
        }
    }

    fn line(&mut self, prompt: &str, initial: &str) -> io::Result<Option<String>> {
        writeln!(self.out, "{prompt} [{initial}]")?;
        self.out.flush()?;
        Ok(self.read_line()?.filter(|l| !l.is_empty()))
    }

    fn message(&mut self, msg: &str) -> io::Result<()> {
        writeln!(self.out, "{msg}")?;
        self.out.flush()
    }

    fn page(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")?;
        self.out.flush()
    }

    fn suspended(&mut self, f: &mut dyn FnMut() -> io::Result<()>) -> io::Result<()> {
        f()
    }
}
