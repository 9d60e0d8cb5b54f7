//! The one-line editor behind `e`: a pure state machine (no terminal),
//! so every key is unit-tested. The pre-filled text starts selected, as
//! in a dialog's text field: typing replaces it, a movement key keeps it
//! and puts the cursor at one end.

/// A key the editor understands (the terminal front end maps its events
/// to these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EditKey {
    Char(char),
    Left,
    Right,
    /// Home or Ctrl-A.
    Home,
    /// End or Ctrl-E.
    End,
    Backspace,
    Delete,
    /// Ctrl-U: delete from the start to the cursor.
    KillToStart,
    /// Ctrl-K: delete from the cursor to the end.
    KillToEnd,
    /// Ctrl-W: delete the word before the cursor (and the spaces after it).
    DeleteWord,
    Enter,
    Esc,
}

/// What a key led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EditOutcome {
    Editing,
    /// Enter: the text (possibly empty).
    Accepted(String),
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineEditor {
    chars: Vec<char>,
    /// Cursor position in characters, `0..=chars.len()`.
    cursor: usize,
    /// The whole text is selected (only ever the pre-filled text).
    selected: bool,
}

impl LineEditor {
    /// An editor holding `initial`, all of it selected (nothing selected
    /// when it is empty).
    pub(crate) fn new(initial: &str) -> Self {
        let chars: Vec<char> = initial.chars().collect();
        Self {
            cursor: chars.len(),
            selected: !chars.is_empty(),
            chars,
        }
    }

    pub(crate) fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub(crate) fn cursor(&self) -> usize {
        self.cursor
    }

    pub(crate) fn selected(&self) -> bool {
        self.selected
    }

    pub(crate) fn handle(&mut self, key: EditKey) -> EditOutcome {
        let selected = std::mem::replace(&mut self.selected, false);
        match key {
            EditKey::Enter => return EditOutcome::Accepted(self.text()),
            EditKey::Esc => {
                self.selected = selected;
                return EditOutcome::Cancelled;
            }
            EditKey::Char(c) => {
                if selected {
                    self.chars.clear();
                    self.cursor = 0;
                }
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            EditKey::Backspace | EditKey::Delete if selected => {
                self.chars.clear();
                self.cursor = 0;
            }
            EditKey::Left if selected => self.cursor = 0,
            EditKey::Right if selected => self.cursor = self.chars.len(),
            EditKey::Left => self.cursor = self.cursor.saturating_sub(1),
            EditKey::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            EditKey::Home => self.cursor = 0,
            EditKey::End => self.cursor = self.chars.len(),
            EditKey::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    self.chars.remove(self.cursor);
                }
            }
            EditKey::Delete => {
                if self.cursor < self.chars.len() {
                    self.chars.remove(self.cursor);
                }
            }
            EditKey::KillToStart => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            EditKey::KillToEnd => {
                self.chars.truncate(self.cursor);
            }
            EditKey::DeleteWord => {
                // As in readline: spaces before the cursor, then the word.
                let mut start = self.cursor;
                while start > 0 && self.chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !self.chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
        }
        EditOutcome::Editing
    }
}

#[cfg(test)]
mod tests {
    use super::EditKey::*;
    use super::*;

    fn run(initial: &str, keys: &[EditKey]) -> LineEditor {
        let mut e = LineEditor::new(initial);
        for &k in keys {
            assert_eq!(e.handle(k), EditOutcome::Editing, "{k:?}");
        }
        e
    }

    fn typed(s: &str) -> Vec<EditKey> {
        s.chars().map(Char).collect()
    }

    #[test]
    fn prefilled_text_is_selected_and_typing_replaces_it() {
        let e = LineEditor::new("Republic of Türkiye");
        assert!(e.selected());
        assert_eq!(e.cursor(), 19);
        let e = run("Republic of Türkiye", &typed("Turkey"));
        assert_eq!(e.text(), "Turkey");
        assert!(!e.selected());
    }

    #[test]
    fn an_empty_prefill_selects_nothing() {
        let e = LineEditor::new("");
        assert!(!e.selected());
        assert_eq!(run("", &typed("ab")).text(), "ab");
    }

    #[test]
    fn movement_deselects_and_keeps_the_text() {
        let mut keys = vec![Home];
        keys.extend(typed("the "));
        assert_eq!(run("OSCE", &keys).text(), "the OSCE");
        let mut keys = vec![End];
        keys.extend(typed("'s"));
        assert_eq!(run("OSCE", &keys).text(), "OSCE's");
        // Left on a selection goes to its start, Right to its end.
        let e = run("OSCE", &[Left]);
        assert_eq!((e.cursor(), e.selected()), (0, false));
        let e = run("OSCE", &[Right]);
        assert_eq!((e.cursor(), e.selected()), (4, false));
    }

    #[test]
    fn arrows_move_one_character_within_bounds() {
        let e = run("ab", &[End, Left, Left, Left]);
        assert_eq!(e.cursor(), 0);
        let e = run("ab", &[Home, Right, Right, Right]);
        assert_eq!(e.cursor(), 2);
        // Positions are characters, not bytes.
        let e = run(
            "Cote",
            &[Home, Right, Delete, Char('ô'), End, Left, Backspace],
        );
        assert_eq!((e.text().as_str(), e.cursor()), ("Côe", 2));
    }

    #[test]
    fn backspace_and_delete() {
        assert_eq!(run("abc", &[Backspace]).text(), "");
        assert_eq!(run("abc", &[Delete]).text(), "");
        assert_eq!(run("abc", &[End, Backspace]).text(), "ab");
        assert_eq!(run("abc", &[Home, Delete]).text(), "bc");
        assert_eq!(run("abc", &[Home, Backspace]).text(), "abc");
        assert_eq!(run("abc", &[End, Delete]).text(), "abc");
        let e = run("abc", &[End, Left, Backspace]);
        assert_eq!((e.text().as_str(), e.cursor()), ("ac", 1));
    }

    #[test]
    fn kill_keys() {
        let e = run("one two three", &[End, Left, Left, KillToStart]);
        assert_eq!((e.text().as_str(), e.cursor()), ("ee", 0));
        let e = run("one two three", &[Home, Right, Right, Right, KillToEnd]);
        assert_eq!((e.text().as_str(), e.cursor()), ("one", 3));
        // Ctrl-U on the selection (cursor at its end) clears it all.
        assert_eq!(run("one two", &[KillToStart]).text(), "");
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        assert_eq!(run("one two three", &[End, DeleteWord]).text(), "one two ");
        assert_eq!(
            run("one two  ", &[End, DeleteWord]).text(),
            "one ",
            "trailing spaces go with the word"
        );
        let e = run(
            "one two three",
            &[End, Left, Left, Left, Left, Left, Left, DeleteWord],
        );
        assert_eq!((e.text().as_str(), e.cursor()), ("one  three", 4));
        assert_eq!(run("x", &[Home, DeleteWord]).text(), "x");
        assert_eq!(run("one two", &[DeleteWord]).text(), "one ");
    }

    #[test]
    fn enter_accepts_and_esc_cancels() {
        let mut e = LineEditor::new("OSCE");
        assert_eq!(e.handle(Enter), EditOutcome::Accepted("OSCE".to_owned()));
        let mut e = run("OSCE", &[Backspace]);
        assert_eq!(e.handle(Enter), EditOutcome::Accepted(String::new()));
        let mut e = LineEditor::new("OSCE");
        assert_eq!(e.handle(Esc), EditOutcome::Cancelled);
    }
}
