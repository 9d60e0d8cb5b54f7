//! The terminal front end of `review`: crossterm raw mode on the alternate
//! screen, one key per decision, redrawn on resize. The terminal is given
//! back on every exit path: normal return, error, panic (a panic hook
//! restores it before the message is printed) and Ctrl-C (read as a key
//! in raw mode, meaning quit).

use std::io::{self, Write};
use std::sync::Once;

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, Color, Print, ResetColor, SetAttribute, SetForegroundColor};
use crossterm::terminal::{
    self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use crossterm::{execute, queue};

use super::ui::{Key, Ui, View, trim_around};

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

enum Screen {
    None,
    View(Box<View>),
    Page(String),
}

struct Tty {
    color: bool,
    screen: Screen,
    status: Vec<String>,
    prompt: Option<String>,
}

impl Tty {
    fn enter(color: bool) -> io::Result<Self> {
        enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, Hide) {
            restore();
            return Err(e);
        }
        Ok(Self {
            color,
            screen: Screen::None,
            status: Vec::new(),
            prompt: None,
        })
    }

    fn size() -> (usize, usize) {
        terminal::size().map_or((80, 24), |(w, h)| (usize::from(w), usize::from(h)))
    }

    fn styled(
        &self,
        out: &mut impl Write,
        text: &str,
        fg: Option<Color>,
        bold: bool,
    ) -> io::Result<()> {
        if self.color {
            if let Some(c) = fg {
                queue!(out, SetForegroundColor(c))?;
            }
            if bold {
                queue!(out, SetAttribute(Attribute::Bold))?;
            }
        }
        queue!(out, Print(text))?;
        if self.color {
            queue!(out, SetAttribute(Attribute::Reset), ResetColor)?;
        }
        Ok(())
    }

    fn draw(&self) -> io::Result<()> {
        let (w, h) = Self::size();
        let mut out = io::stdout().lock();
        queue!(out, Clear(ClearType::All), MoveTo(0, 0))?;
        let mut rows = 0usize;
        match &self.screen {
            Screen::None => {}
            Screen::Page(text) => {
                for line in text.lines().flat_map(|l| wrap(l, w)) {
                    queue!(out, Print(line), Print("\r\n"))?;
                    rows += 1;
                }
                self.styled(
                    &mut out,
                    "(any key to go back)",
                    Some(Color::DarkGrey),
                    false,
                )?;
                queue!(out, Print("\r\n"))?;
                rows += 1;
            }
            Screen::View(v) => rows += self.draw_view(&mut out, v, w)?,
        }
        let status_rows = self.status.len().min(3);
        let free = h.saturating_sub(rows + status_rows + 1);
        for _ in 0..free.min(2) {
            queue!(out, Print("\r\n"))?;
        }
        for s in self.status.iter().rev().take(status_rows).rev() {
            let (t, _) = trim_around(s, None, w.saturating_sub(1));
            self.styled(&mut out, &t, Some(Color::Yellow), false)?;
            queue!(out, Print("\r\n"))?;
        }
        if let Some(p) = &self.prompt {
            self.styled(&mut out, p, Some(Color::Cyan), true)?;
            queue!(out, Show)?;
        } else {
            queue!(out, Hide)?;
        }
        out.flush()
    }

    fn draw_view(&self, out: &mut impl Write, v: &View, w: usize) -> io::Result<usize> {
        let mut rows = 0;
        self.styled(
            out,
            &format!("{} ", v.counter),
            Some(Color::DarkGrey),
            false,
        )?;
        self.styled(out, &v.position, Some(Color::Cyan), false)?;
        queue!(out, Print("\r\n"))?;
        for line in wrap(&v.title, w) {
            self.styled(out, &line, Some(Color::Yellow), true)?;
            queue!(out, Print("\r\n"))?;
            rows += 1;
        }
        queue!(out, Print("\r\n"))?;
        rows += 2;
        let num_w = v
            .lines
            .iter()
            .map(|l| l.number.to_string().len())
            .max()
            .unwrap_or(1);
        for l in &v.lines {
            let (text, mark) = trim_around(&l.text, l.mark, w.saturating_sub(num_w + 4));
            self.styled(
                out,
                &format!("{:>num_w$} | ", l.number),
                Some(Color::DarkGrey),
                false,
            )?;
            match mark {
                Some((s, e)) => {
                    queue!(out, Print(&text[..s]))?;
                    if self.color {
                        queue!(
                            out,
                            SetForegroundColor(Color::Red),
                            SetAttribute(Attribute::Bold),
                            SetAttribute(Attribute::Underlined),
                            Print(&text[s..e]),
                            SetAttribute(Attribute::Reset),
                            ResetColor
                        )?;
                    } else {
                        queue!(
                            out,
                            SetAttribute(Attribute::Reverse),
                            Print(&text[s..e]),
                            SetAttribute(Attribute::Reset)
                        )?;
                    }
                    queue!(out, Print(&text[e..]), Print("\r\n"))?;
                }
                None => queue!(out, Print(text), Print("\r\n"))?,
            }
            rows += 1;
        }
        queue!(out, Print("\r\n"))?;
        rows += 1;
        for (k, val) in &v.facts {
            let color = match *k {
                "found" => Some(Color::Red),
                "preferred" | "fix" => Some(Color::Green),
                _ => None,
            };
            for (i, line) in wrap(val, w.saturating_sub(12)).into_iter().enumerate() {
                let label = if i == 0 {
                    format!("{k:>10}: ")
                } else {
                    " ".repeat(12)
                };
                self.styled(out, &label, Some(Color::DarkGrey), false)?;
                self.styled(out, &line, color, false)?;
                queue!(out, Print("\r\n"))?;
                rows += 1;
            }
        }
        queue!(out, Print("\r\n"))?;
        rows += 1;
        for line in wrap(&v.keys, w) {
            self.styled(out, &line, Some(Color::Blue), false)?;
            queue!(out, Print("\r\n"))?;
            rows += 1;
        }
        Ok(rows)
    }

    /// The next key press; resizes redraw and are not returned.
    fn next_key(&mut self) -> io::Result<KeyEvent> {
        loop {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => return Ok(k),
                Event::Resize(_, _) => self.draw()?,
                _ => {}
            }
        }
    }
}

fn is_interrupt(k: &KeyEvent) -> bool {
    k.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(k.code, KeyCode::Char('c') | KeyCode::Char('d'))
}

/// Splits `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let wl = word.chars().count();
        let cl = cur.chars().count();
        if cl > 0 && cl + 1 + wl > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
        while cur.chars().count() > width {
            let cut: String = cur.chars().take(width).collect();
            let rest: String = cur.chars().skip(width).collect();
            lines.push(cut);
            cur = rest;
        }
    }
    lines.push(cur);
    lines
}

impl Drop for Tty {
    fn drop(&mut self) {
        restore();
    }
}

impl Ui for Tty {
    fn show(&mut self, view: &View) -> io::Result<()> {
        self.screen = Screen::View(Box::new(view.clone()));
        self.draw()?;
        self.status.clear();
        Ok(())
    }

    fn key(&mut self) -> io::Result<Option<Key>> {
        loop {
            let k = self.next_key()?;
            if is_interrupt(&k) {
                return Ok(Some(Key::Quit));
            }
            if let KeyCode::Char(c) = k.code {
                if let Some(key) = Key::from_char(c) {
                    return Ok(Some(key));
                }
                self.status.push(format!("unknown key `{c}` (? for help)"));
                self.draw()?;
            }
        }
    }

    fn line(&mut self, prompt: &str, initial: &str) -> io::Result<Option<String>> {
        let mut buf = initial.to_owned();
        loop {
            self.prompt = Some(format!("{prompt} {buf}"));
            self.draw()?;
            let k = self.next_key()?;
            if is_interrupt(&k) {
                self.prompt = None;
                return Ok(None);
            }
            match k.code {
                KeyCode::Enter => {
                    self.prompt = None;
                    return Ok(Some(buf).filter(|b| !b.is_empty()));
                }
                KeyCode::Esc => {
                    self.prompt = None;
                    return Ok(None);
                }
                KeyCode::Backspace => {
                    buf.pop();
                }
                KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => buf.clear(),
                KeyCode::Char(c) => buf.push(c),
                _ => {}
            }
        }
    }

    fn message(&mut self, msg: &str) -> io::Result<()> {
        self.status.push(msg.to_owned());
        self.draw()
    }

    fn page(&mut self, text: &str) -> io::Result<()> {
        let previous = std::mem::replace(&mut self.screen, Screen::Page(text.to_owned()));
        self.draw()?;
        let k = self.next_key();
        self.screen = previous;
        self.draw()?;
        k.map(|_| ())
    }

    fn suspended(&mut self, f: &mut dyn FnMut() -> io::Result<()>) -> io::Result<()> {
        restore();
        let r = f();
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, Hide)?;
        self.draw()?;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_splits_at_spaces_and_long_words() {
        assert_eq!(wrap("aa bb cc", 10), vec!["aa bb cc"]);
        assert_eq!(wrap("aaaa bbbb cccc", 10), vec!["aaaa bbbb", "cccc"]);
        assert_eq!(wrap(&"x".repeat(25), 10).len(), 3);
    }
}
