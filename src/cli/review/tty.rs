//! The terminal front end of `review`: ratatui on crossterm, raw mode on
//! the alternate screen, one key per decision, redrawn on resize. The
//! drawing ([`render`]) is a function of the [`State`] and the frame size,
//! so it is tested on ratatui's test backend; the session logic lives in
//! `mod.rs` and never draws.
//!
//! The terminal is given back on every exit path: normal return, error,
//! panic (a panic hook restores it before the message is printed), Ctrl-C
//! (read as a key in raw mode, meaning quit) and around `$EDITOR`.

use std::io::{self, Stdout};
use std::ops::Range;
use std::sync::Once;

use crossterm::cursor::{Hide, Show};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::execute;
use crossterm::style::ResetColor;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::line_edit::{EditKey, EditOutcome, LineEditor};
use super::ui::{KEYS, Key, Ui, View};

/// Runs `f` with a terminal front end, restoring the terminal afterwards.
pub(crate) fn with_terminal<T>(
    color: bool,
    f: impl FnOnce(&mut dyn Ui) -> io::Result<T>,
) -> io::Result<T> {
    install_panic_hook();
    let mut tty = Tty::enter(color)?;
    let result = f(&mut tty);
    drop(tty);
    result
}

fn restore() {
    let mut out = io::stdout();
    let _ = execute!(out, ResetColor, Show, LeaveAlternateScreen);
    let _ = disable_raw_mode();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// What is on the screen.
#[derive(Default)]
pub(crate) enum Screen {
    #[default]
    None,
    View(Box<View>),
    /// A longer text: the glossary entry, help.
    Page(String),
}

/// Everything the drawing depends on besides the frame size.
#[derive(Default)]
pub(crate) struct State {
    pub(crate) color: bool,
    pub(crate) screen: Screen,
    /// The first body row shown; `None`: chosen so the match is visible.
    pub(crate) scroll: Option<usize>,
    /// The scroll the last drawing used and the most it could be.
    shown_scroll: usize,
    max_scroll: usize,
    body_rows: usize,
    /// Status messages since the last decision, newest last.
    pub(crate) status: Vec<String>,
    /// The line editor of `e`, with its prompt.
    pub(crate) prompt: Option<(String, LineEditor)>,
}

impl State {
    fn scroll_by(&mut self, rows: isize) {
        let now = self.shown_scroll as isize + rows;
        self.scroll = Some(now.clamp(0, self.max_scroll as isize) as usize);
    }

    fn push_status(&mut self, msg: &str) {
        self.status.push(msg.to_owned());
        if self.status.len() > 3 {
            self.status.remove(0);
        }
    }
}

struct Tty {
    term: Terminal<CrosstermBackend<Stdout>>,
    state: State,
}

impl Tty {
    fn enter(color: bool) -> io::Result<Self> {
        enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, Hide) {
            restore();
            return Err(e);
        }
        let term = match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        Ok(Self {
            term,
            state: State {
                color,
                ..State::default()
            },
        })
    }

    fn draw(&mut self) -> io::Result<()> {
        let state = &mut self.state;
        self.term.draw(|f| render(f, state))?;
        Ok(())
    }

    /// The next key press; resizes redraw and are not returned.
    fn next_key(&mut self) -> io::Result<KeyEvent> {
        loop {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => return Ok(k),
                Event::Resize(_, _) => {
                    self.term.autoresize()?;
                    self.draw()?;
                }
                _ => {}
            }
        }
    }

    /// Scrolls for the paging keys; false for any other key.
    fn scrolled(&mut self, k: &KeyEvent) -> bool {
        let page = self.state.body_rows.saturating_sub(1).max(1) as isize;
        let rows = match k.code {
            KeyCode::Char('j') | KeyCode::Down => 1,
            KeyCode::Char('k') | KeyCode::Up => -1,
            KeyCode::PageDown | KeyCode::Char(' ') => page,
            KeyCode::PageUp => -page,
            _ => return false,
        };
        self.state.scroll_by(rows);
        true
    }
}

fn is_interrupt(k: &KeyEvent) -> bool {
    k.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(k.code, KeyCode::Char('c') | KeyCode::Char('d'))
}

/// The line editor's key for a key press, if it has one.
fn edit_key(k: &KeyEvent) -> Option<EditKey> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char('a') if ctrl => EditKey::Home,
        KeyCode::Char('e') if ctrl => EditKey::End,
        KeyCode::Char('u') if ctrl => EditKey::KillToStart,
        KeyCode::Char('k') if ctrl => EditKey::KillToEnd,
        KeyCode::Char('w') if ctrl => EditKey::DeleteWord,
        KeyCode::Char('h') if ctrl => EditKey::Backspace,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => EditKey::Char(c),
        KeyCode::Left => EditKey::Left,
        KeyCode::Right => EditKey::Right,
        KeyCode::Home => EditKey::Home,
        KeyCode::End => EditKey::End,
        KeyCode::Backspace => EditKey::Backspace,
        KeyCode::Delete => EditKey::Delete,
        KeyCode::Enter => EditKey::Enter,
        KeyCode::Esc => EditKey::Esc,
        _ => return None,
    })
}

impl Drop for Tty {
    fn drop(&mut self) {
        restore();
    }
}

impl Ui for Tty {
    fn show(&mut self, view: &View) -> io::Result<()> {
        self.state.screen = Screen::View(Box::new(view.clone()));
        self.state.scroll = None;
        self.draw()
    }

    fn key(&mut self) -> io::Result<Option<Key>> {
        loop {
            let k = self.next_key()?;
            if is_interrupt(&k) {
                return Ok(Some(Key::Quit));
            }
            if self.scrolled(&k) {
                self.draw()?;
                continue;
            }
            if let KeyCode::Char(c) = k.code {
                if let Some(key) = Key::from_char(c) {
                    // The status belongs to the decisions before this one.
                    self.state.status.clear();
                    return Ok(Some(key));
                }
                self.state
                    .push_status(&format!("unknown key `{c}` (? for help)"));
                self.draw()?;
            }
        }
    }

    fn line(&mut self, prompt: &str, initial: &str) -> io::Result<Option<String>> {
        self.state.prompt = Some((prompt.to_owned(), LineEditor::new(initial)));
        let result = loop {
            self.draw()?;
            let k = self.next_key()?;
            if is_interrupt(&k) {
                break None;
            }
            let Some(key) = edit_key(&k) else { continue };
            let Some((_, editor)) = self.state.prompt.as_mut() else {
                break None;
            };
            match editor.handle(key) {
                EditOutcome::Editing => {}
                EditOutcome::Accepted(s) => break Some(s).filter(|s| !s.is_empty()),
                EditOutcome::Cancelled => break None,
            }
        };
        self.state.prompt = None;
        Ok(result)
    }

    fn message(&mut self, msg: &str) -> io::Result<()> {
        self.state.push_status(msg);
        self.draw()
    }

    fn page(&mut self, text: &str) -> io::Result<()> {
        let previous = std::mem::replace(&mut self.state.screen, Screen::Page(text.to_owned()));
        let previous_scroll = self.state.scroll.replace(0);
        let r = loop {
            if let Err(e) = self.draw() {
                break Err(e);
            }
            match self.next_key() {
                Ok(k) if !is_interrupt(&k) && self.scrolled(&k) => {}
                Ok(_) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        self.state.screen = previous;
        self.state.scroll = previous_scroll;
        self.draw()?;
        r
    }

    fn suspended(&mut self, f: &mut dyn FnMut() -> io::Result<()>) -> io::Result<()> {
        restore();
        let r = f();
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, Hide)?;
        // The editor drew over the screen: everything is drawn again.
        self.term.clear()?;
        self.draw()?;
        r
    }
}

/// Byte ranges of `text` cut into rows of at most `width` characters, at
/// spaces where there is one (a row keeps its trailing space), else
/// inside the word.
pub(crate) fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let (mut start, mut count) = (0, 0);
    // Byte just after the last space in the current row, and the count of
    // characters up to there.
    let mut space: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if count == width {
            if c == ' ' {
                rows.push(start..i);
                (start, count, space) = (i + 1, 0, None);
                continue;
            }
            match space {
                Some((b, n)) if b > start => {
                    rows.push(start..b);
                    (start, count) = (b, count - n);
                }
                _ => {
                    rows.push(start..i);
                    (start, count) = (i, 0);
                }
            }
            space = None;
        }
        count += 1;
        if c == ' ' {
            space = Some((i + 1, count));
        }
    }
    rows.push(start..text.len());
    rows
}

/// `text` cut into rows of at most `width` characters.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_ranges(text, width)
        .into_iter()
        .map(|r| text[r].trim_end().to_owned())
        .collect()
}

/// The one-line key legend for small terminals.
fn short_legend() -> String {
    let mut s: String = KEYS
        .iter()
        .filter(|(c, _, _)| *c != '?')
        .map(|(c, _, _)| c.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    s.push_str("  ? help");
    s
}

fn styled(color: bool, fg: Color) -> Style {
    if color {
        Style::default().fg(fg)
    } else {
        Style::default()
    }
}

/// The rows of a finding's view below its header line, and the first row
/// showing the match.
fn view_body(v: &View, width: usize, color: bool) -> (Vec<Line<'static>>, usize) {
    let mut rows: Vec<Line<'static>> = Vec::new();
    let title = styled(color, Color::Yellow).add_modifier(Modifier::BOLD);
    for l in wrap(&v.title, width) {
        rows.push(Line::styled(l, title));
    }
    rows.push(Line::default());
    let num_w = v
        .lines
        .iter()
        .map(|l| l.number.to_string().len())
        .max()
        .unwrap_or(1);
    let gutter = styled(color, Color::DarkGray);
    let mark_style = if color {
        Style::default()
            .fg(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        Style::default().add_modifier(Modifier::REVERSED)
    };
    let mut mark_row = None;
    let text_w = width.saturating_sub(num_w + 3).max(8);
    for l in &v.lines {
        for (i, r) in wrap_ranges(&l.text, text_w).into_iter().enumerate() {
            let number = if i == 0 {
                format!("{:>num_w$} | ", l.number)
            } else {
                format!("{:>num_w$} | ", "")
            };
            let mut spans = vec![Span::styled(number, gutter)];
            match l.mark {
                Some((s, e)) if s < r.end && e > r.start || (s == e && r.contains(&s)) => {
                    let (s, e) = (s.max(r.start), e.min(r.end));
                    mark_row.get_or_insert(rows.len());
                    spans.push(Span::raw(l.text[r.start..s].to_owned()));
                    spans.push(Span::styled(l.text[s..e].to_owned(), mark_style));
                    spans.push(Span::raw(l.text[e..r.end].to_owned()));
                }
                _ => spans.push(Span::raw(l.text[r].to_owned())),
            }
            rows.push(Line::from(spans));
        }
    }
    rows.push(Line::default());
    let longest = v.facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    // Aligned as in the piped output where there is room.
    let label_w = if width >= 60 {
        longest.max(10)
    } else {
        longest
    };
    for (k, val) in &v.facts {
        let style = match *k {
            "found" => styled(color, Color::Red),
            "preferred" | "fix" => styled(color, Color::Green),
            _ => Style::default(),
        };
        let val_w = width.saturating_sub(label_w + 2).max(8);
        for (i, line) in wrap(val, val_w).into_iter().enumerate() {
            let label = if i == 0 {
                format!("{k:>label_w$}: ")
            } else {
                " ".repeat(label_w + 2)
            };
            rows.push(Line::from(vec![
                Span::styled(label, gutter),
                Span::styled(line, style),
            ]));
        }
    }
    (rows, mark_row.unwrap_or(0))
}

/// Draws the state into the frame.
pub(crate) fn render(f: &mut Frame<'_>, state: &mut State) {
    let area = f.area();
    let (w, h) = (usize::from(area.width), usize::from(area.height));
    if w == 0 || h == 0 {
        return;
    }
    let color = state.color;
    let roomy = h >= 20 && w >= 60;
    // Bottom up: the prompt, the status, the legend.
    let mut footer: Vec<Line<'static>> = Vec::new();
    let (body, mark_row, header) = match &state.screen {
        Screen::None => (Vec::new(), 0, None),
        Screen::Page(text) => {
            let rows = text
                .lines()
                .flat_map(|l| wrap(l, w))
                .map(Line::raw)
                .collect();
            footer.push(Line::styled(
                "j/k, PgUp/PgDn: scroll; other keys: back",
                styled(color, Color::DarkGray),
            ));
            (rows, 0, None)
        }
        Screen::View(v) => {
            let (rows, mark) = view_body(v, w, color);
            let legend = styled(color, Color::Blue);
            if roomy {
                footer.extend(
                    wrap(&v.keys, w)
                        .into_iter()
                        .map(|l| Line::styled(l, legend)),
                );
            } else {
                footer.push(Line::styled(short_legend(), legend));
            }
            (rows, mark, Some((v.counter.clone(), v.position.clone())))
        }
    };
    let status_rows = state.status.len().min(if roomy { 3 } else { 1 });
    let mut bottom: Vec<Line<'static>> = Vec::new();
    for s in &state.status[state.status.len() - status_rows..] {
        bottom.push(Line::styled(
            s.replace(['\n', '\r'], " "),
            styled(color, Color::Yellow),
        ));
    }
    bottom.extend(footer);
    let mut cursor = None;
    if let Some((prompt, editor)) = &state.prompt {
        let (line, x) = prompt_line(prompt, editor, w, color);
        cursor = Some(x);
        bottom.push(line);
    }
    // The body keeps at least one row (the match) however small the
    // terminal: the footer gives up rows from the top first.
    let header_rows = usize::from(header.is_some() && h >= 3);
    let room = h.saturating_sub(header_rows).saturating_sub(1);
    if bottom.len() > room {
        bottom.drain(..bottom.len() - room);
    }
    let body_rows = h - header_rows - bottom.len();
    let max_scroll = body.len().saturating_sub(body_rows);
    let scroll = match state.scroll {
        Some(s) => s.min(max_scroll),
        // The match in view, a third of the way down when it must move.
        None if mark_row < body_rows => 0,
        None => mark_row.saturating_sub(body_rows / 3).min(max_scroll),
    };
    (state.shown_scroll, state.max_scroll, state.body_rows) = (scroll, max_scroll, body_rows);
    let mut y = area.y;
    if let Some((counter, position)) = header.filter(|_| header_rows == 1) {
        let mut spans = vec![
            Span::styled(format!("{counter} "), styled(color, Color::DarkGray)),
            Span::styled(position, styled(color, Color::Cyan)),
        ];
        if max_scroll > 0 {
            spans.push(Span::styled(
                format!("  [{}/{} j/k]", scroll + 1, max_scroll + 1),
                styled(color, Color::DarkGray),
            ));
        }
        f.render_widget(
            Paragraph::new(Line::from(spans)),
            Rect::new(area.x, y, area.width, 1),
        );
        y += 1;
    }
    let shown: Vec<Line<'static>> = body.into_iter().skip(scroll).take(body_rows).collect();
    f.render_widget(
        Paragraph::new(shown),
        Rect::new(area.x, y, area.width, body_rows as u16),
    );
    let top = area.y + (h - bottom.len()) as u16;
    let prompt_y = top + bottom.len().saturating_sub(1) as u16;
    f.render_widget(
        Paragraph::new(bottom),
        Rect::new(
            area.x,
            top,
            area.width,
            (h as u16).saturating_sub(top - area.y),
        ),
    );
    if let Some(x) = cursor {
        f.set_cursor_position((area.x + x as u16, prompt_y));
    }
}

/// The prompt row of the line editor, scrolled sideways to keep the
/// cursor in view, and the cursor's column.
fn prompt_line(prompt: &str, editor: &LineEditor, w: usize, color: bool) -> (Line<'static>, usize) {
    let label = format!("{prompt} ");
    let label_w = label.chars().count().min(w / 2);
    let room = w.saturating_sub(label_w + 1).max(1);
    let chars: Vec<char> = editor.text().chars().collect();
    let first = (editor.cursor() + 1).saturating_sub(room);
    let visible: String = chars.iter().skip(first).take(room).collect();
    let text_style = if editor.selected() {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    };
    let line = Line::from(vec![
        Span::styled(
            label.chars().take(label_w).collect::<String>(),
            styled(color, Color::Cyan).add_modifier(Modifier::BOLD),
        ),
        Span::styled(visible, text_style),
    ]);
    (line, label_w + editor.cursor() - first)
}

#[cfg(test)]
mod tests {
    use ratatui::backend::TestBackend;

    use super::super::ui::ContextLine;
    use super::*;

    #[test]
    fn wrap_splits_at_spaces_and_long_words() {
        assert_eq!(wrap("aa bb cc", 10), vec!["aa bb cc"]);
        assert_eq!(wrap("aaaa bbbb cccc", 10), vec!["aaaa bbbb", "cccc"]);
        assert_eq!(wrap(&"x".repeat(25), 10).len(), 3);
        assert_eq!(wrap("", 10), vec![""]);
        // Nothing is lost: the rows put back together are the text.
        let text = "The Republic of Türkiye and the  OSCE's view: indivisible security.";
        for width in 1..30 {
            let rows = wrap_ranges(text, width);
            let mut joined = String::new();
            let mut last = 0;
            for r in &rows {
                joined.push_str(&text[last..r.start]);
                joined.push_str(&text[r.clone()]);
                last = r.end;
                assert!(
                    text[r.clone()].trim_end().chars().count() <= width,
                    "{width}"
                );
            }
            assert_eq!(joined, text, "{width}");
        }
    }

    fn view() -> View {
        let long = "Moscow insists on the indivisibility of security, a principle that the \
                    Organization for Security and Co-operation in Europe wrote into its charter \
                    at Istanbul in 1999 and that every member state signed."
            .to_owned();
        let s = long.find("indivisibility").unwrap_or(0);
        View {
            position: "crlf.txt:3:23".to_owned(),
            counter: "[1/4]".to_owned(),
            title: "warning[variant]: variant rendering of 'indivisible security'".to_owned(),
            lines: vec![
                ContextLine {
                    number: 1,
                    text: "First line of the story, long enough to wrap at forty columns."
                        .to_owned(),
                    mark: None,
                },
                ContextLine {
                    number: 2,
                    text: "Second line, also long enough to wrap at forty columns wide."
                        .to_owned(),
                    mark: None,
                },
                ContextLine {
                    number: 3,
                    text: long,
                    mark: Some((s, s + "indivisibility of security".len())),
                },
            ],
            facts: vec![
                ("found", "indivisibility of security".to_owned()),
                ("preferred", "indivisible security".to_owned()),
                ("note", "OSCE principle: no state strengthens its security.".to_owned()),
            ],
            keys: "[y]es fix  [e]dit  [n]o/skip  [i]gnore  [a]dmit  [v]ariant  [o]pen editor  [u]ndo  [g]lossary entry  [q]uit  [?]".to_owned(),
        }
    }

    fn draw(state: &mut State, w: u16, h: u16) -> Vec<String> {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| render(f, state)).unwrap();
        let buf = term.backend().buffer();
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect()
    }

    fn state() -> State {
        State {
            screen: Screen::View(Box::new(view())),
            status: vec!["fixed crlf.txt:1 → 'indivisible security'".to_owned()],
            ..State::default()
        }
    }

    #[test]
    fn a_roomy_terminal_shows_everything_wrapped() {
        let rows = draw(&mut state(), 120, 40);
        let screen = rows.join("\n");
        assert!(rows[0].starts_with("[1/4] crlf.txt:3:23"), "{screen}");
        // The long line is wrapped, not cut: its last words are there.
        assert!(screen.contains("every member state signed."), "{screen}");
        assert!(screen.contains("      note: OSCE principle"), "{screen}");
        assert!(screen.contains("[o]pen editor  [u]ndo"), "{screen}");
        assert!(
            screen.contains("fixed crlf.txt:1 → 'indivisible security'"),
            "{screen}"
        );
        assert!(rows.iter().all(|r| r.chars().count() <= 120));
    }

    #[test]
    fn at_40_by_12_the_legend_is_one_line_and_the_match_stays() {
        let mut st = state();
        let rows = draw(&mut st, 40, 12);
        let screen = rows.join("\n");
        assert!(rows.iter().all(|r| r.chars().count() <= 40), "{screen}");
        assert!(screen.contains("on the indivisibility"), "{screen}");
        assert!(rows[10].starts_with("fixed crlf.txt:1 → "), "{screen}");
        assert_eq!(rows[11], "y Y e n i I a v o u g q  ? help", "{screen}");
        assert!(!screen.contains("[o]pen editor"), "{screen}");
        // Scrolling down reaches the facts; the header says where it is.
        assert!(rows[0].contains("j/k]"), "{screen}");
        st.scroll_by(100);
        let screen = draw(&mut st, 40, 12).join("\n");
        assert!(screen.contains("note: OSCE principle"), "{screen}");
        st.scroll_by(-100);
        let screen = draw(&mut st, 40, 12).join("\n");
        assert!(screen.contains("warning[variant]"), "{screen}");
    }

    #[test]
    fn a_tiny_terminal_still_shows_the_matched_row() {
        for (w, h) in [(40, 4), (20, 2), (10, 1)] {
            let rows = draw(&mut state(), w, h);
            let screen = rows.join("\n");
            assert!(screen.contains("indivi"), "{w}x{h}:\n{screen}");
        }
    }

    #[test]
    fn the_prompt_shows_the_selection_and_sets_the_cursor() {
        let mut st = state();
        let mut ed = LineEditor::new("indivisible security");
        st.prompt = Some(("replacement:".to_owned(), ed.clone()));
        let rows = draw(&mut st, 40, 12);
        assert_eq!(rows[11], "replacement: indivisible security");
        assert!(rows[10].starts_with("y Y e"));
        ed.handle(EditKey::Home);
        let (_, x) = prompt_line("replacement:", &ed, 40, false);
        assert_eq!(x, "replacement: ".len());
        // A long text scrolls sideways to keep the cursor in view.
        let mut long = LineEditor::new(&"x".repeat(100));
        long.handle(EditKey::End);
        let (line, x) = prompt_line("replacement:", &long, 40, false);
        assert!(x < 40 && line.width() <= 40);
    }

    #[test]
    fn pages_scroll() {
        let text: String = (1..=50).map(|i| format!("line {i}\n")).collect();
        let mut st = State {
            screen: Screen::Page(text),
            scroll: Some(0),
            ..State::default()
        };
        let rows = draw(&mut st, 40, 12);
        assert_eq!(rows[0], "line 1");
        assert!(rows[11].contains("j/k"));
        st.scroll_by(45);
        let rows = draw(&mut st, 40, 12);
        assert_eq!(rows[10], "line 50");
    }
}
