//! The 16 colours written as the basic SGR codes, for terminals that know no others.
//!
//! crossterm writes every colour as `38;5;N` or `48;5;N`, the 16 named ones too. The Linux
//! console, and other terminals whose `TERM` does not announce 256 colours, know only
//! `30–37`, `90–97`, `40–47` and `100–107`. For them the browser's output passes through
//! [`BasicColors`], which rewrites the 16 colours into those codes and leaves every other
//! byte as it is. The themes use only the 16 colours, so nothing is lost.

use std::io::{self, Write};

const ESC: u8 = 0x1b;

/// A sequence longer than this is not one of crossterm's; it is passed on as it is.
const LONGEST_SEQUENCE: usize = 64;

/// Whether `TERM` announces 256 colours (or direct colour), so `38;5;N` may be written.
pub fn announces_256_colours(term: Option<&str>) -> bool {
    term.is_some_and(|t| t.contains("256color") || t.contains("direct"))
}

/// A writer that turns `38;5;N` and `48;5;N` for N below 16 into the basic codes.
///
/// On the Linux console `90–97` also make the text bold (that is how it shows bright
/// colours), and the bold stays when the colour changes. So when a bright foreground ends
/// and the browser has not asked for bold or dim, a `22` (normal intensity) is added; and when
/// the browser ends bold or dim under a bright colour, the colour is written again.
pub struct BasicColors<W: Write> {
    inner: W,
    rewrite: bool,
    /// An escape sequence begun and not yet ended (crossterm may write one in pieces).
    pending: Vec<u8>,
    /// The browser asked for bold or dim (`1`, `2`) and has not ended it (`22`, `0`).
    intense: bool,
    /// The bright foreground code (`90–97`) in force, if any.
    bright: Option<u16>,
}

impl<W: Write> BasicColors<W> {
    /// Wraps `inner`; only when `rewrite` is any byte changed.
    pub fn new(inner: W, rewrite: bool) -> BasicColors<W> {
        BasicColors {
            inner,
            rewrite,
            pending: Vec::new(),
            intense: false,
            bright: None,
        }
    }

    /// Takes one byte of an escape sequence; writes the sequence out once it is complete.
    fn sequence_byte(&mut self, b: u8) -> io::Result<()> {
        if self.pending.len() == 1 && b != b'[' {
            // Not a CSI sequence (`ESC 7`, an OSC): nothing to rewrite.
            self.pending.push(b);
            return self.pass_pending();
        }
        if self.pending.len() == 1 || (0x20..=0x3f).contains(&b) {
            self.pending.push(b);
            return if self.pending.len() > LONGEST_SEQUENCE {
                self.pass_pending()
            } else {
                Ok(())
            };
        }
        if (0x40..=0x7e).contains(&b) {
            self.pending.push(b);
            if b == b'm' {
                let mut sequence = std::mem::take(&mut self.pending);
                let sgr = self.rewrite_sgr(&sequence[2..sequence.len() - 1]);
                self.inner.write_all(&sgr)?;
                sequence.clear();
                self.pending = sequence;
                return Ok(());
            }
            return self.pass_pending();
        }
        // A control byte inside a sequence ends it unfinished.
        self.pass_pending()?;
        if b == ESC {
            self.pending.push(b);
            Ok(())
        } else {
            self.inner.write_all(&[b])
        }
    }

    fn pass_pending(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.pending)?;
        self.pending.clear();
        Ok(())
    }

    /// The SGR sequence for `params` (the bytes between `ESC [` and `m`), rewritten.
    fn rewrite_sgr(&mut self, params: &[u8]) -> Vec<u8> {
        let mut sgr = b"\x1b[".to_vec();
        if params
            .first()
            .is_some_and(|b| !b.is_ascii_digit() && *b != b';')
        {
            // A private sequence, not colours.
            sgr.extend_from_slice(params);
            sgr.push(b'm');
            return sgr;
        }
        let raw: Vec<&[u8]> = params.split(|b| *b == b';').collect();
        let number = |k: usize| -> Option<u16> {
            let p = raw.get(k)?;
            if p.is_empty() {
                return Some(0);
            }
            std::str::from_utf8(p).ok()?.parse().ok()
        };
        let was_bright = self.bright.is_some();
        let mut ended_intensity = false;
        let mut out: Vec<String> = Vec::with_capacity(raw.len() + 1);
        let mut k = 0;
        while k < raw.len() {
            let as_is = String::from_utf8_lossy(raw[k]).into_owned();
            match number(k) {
                Some(0) => {
                    self.intense = false;
                    self.bright = None;
                }
                Some(1 | 2) => self.intense = true,
                Some(22) => {
                    self.intense = false;
                    ended_intensity = true;
                }
                Some(30..=37 | 39) => self.bright = None,
                Some(code @ 90..=97) => self.bright = Some(code),
                Some(base @ (38 | 48)) => {
                    let foreground = base == 38;
                    match (number(k + 1), number(k + 2)) {
                        (Some(5), Some(n)) if n < 16 => {
                            let code = basic_code(foreground, n);
                            if foreground {
                                self.bright = (n >= 8).then_some(code);
                            }
                            out.push(code.to_string());
                            k += 3;
                            continue;
                        }
                        (Some(mode @ (2 | 5)), _) => {
                            // 256 or RGB colours: written as they are.
                            let len = if mode == 5 { 3 } else { 5 };
                            let end = (k + len).min(raw.len());
                            for p in &raw[k..end] {
                                out.push(String::from_utf8_lossy(p).into_owned());
                            }
                            if foreground {
                                self.bright = None;
                            }
                            k = end;
                            continue;
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
            out.push(as_is);
            k += 1;
        }
        if was_bright && self.bright.is_none() && !self.intense {
            out.push("22".into());
        }
        if let Some(code) = self.bright.filter(|_| ended_intensity) {
            out.push(code.to_string());
        }
        sgr.extend_from_slice(out.join(";").as_bytes());
        sgr.push(b'm');
        sgr
    }
}

/// `30–37`/`90–97` for a foreground, `40–47`/`100–107` for a background, for colour `n` < 16.
fn basic_code(foreground: bool, n: u16) -> u16 {
    let base = if foreground { 30 } else { 40 };
    if n < 8 { base + n } else { base + 60 + n - 8 }
}

impl<W: Write> Write for BasicColors<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.rewrite {
            return self.inner.write(buf);
        }
        let mut rest = buf;
        while let Some((&b, tail)) = rest.split_first() {
            if self.pending.is_empty() {
                // Text up to the next escape goes straight through.
                let text = rest.iter().position(|&b| b == ESC).unwrap_or(rest.len());
                self.inner.write_all(&rest[..text])?;
                if let Some(tail) = rest.get(text + 1..) {
                    self.pending.push(ESC);
                    rest = tail;
                } else {
                    rest = &[];
                }
                continue;
            }
            self.sequence_byte(b)?;
            rest = tail;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // Nothing is held back past a flush, even a sequence cut short.
        self.pass_pending()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the terminal receives when `pieces` are written one by one, rewriting.
    fn through(pieces: &[&str]) -> String {
        let mut w = BasicColors::new(Vec::new(), true);
        for p in pieces {
            w.write_all(p.as_bytes()).expect("write");
        }
        w.flush().expect("flush");
        String::from_utf8(w.inner).expect("UTF-8")
    }

    #[test]
    fn the_16_colours_become_the_basic_codes() {
        assert_eq!(through(&["\x1b[38;5;1mrot"]), "\x1b[31mrot");
        assert_eq!(through(&["\x1b[38;5;6m"]), "\x1b[36m");
        assert_eq!(through(&["\x1b[48;5;4m"]), "\x1b[44m");
        assert_eq!(through(&["\x1b[38;5;9m"]), "\x1b[91m");
        assert_eq!(through(&["\x1b[48;5;15m"]), "\x1b[107m");
        // crossterm's SetColors: both in one sequence, the background reset.
        assert_eq!(through(&["\x1b[38;5;8;49m"]), "\x1b[90;49m");
    }

    #[test]
    fn everything_else_passes_unchanged() {
        for s in [
            "plain text, äöü 北京",
            "\x1b[38;5;196m",
            "\x1b[38;2;1;2;3m",
            "\x1b[1m\x1b[7m\x1b[0m",
            "\x1b[12;40H",
            "\x1b[?1049h\x1b[?25l",
            "\x1b7\x1b8",
            "\x1b]0;title\x07",
        ] {
            assert_eq!(through(&[s]), s);
        }
        let mut w = BasicColors::new(Vec::new(), false);
        w.write_all(b"\x1b[38;5;1m").expect("write");
        assert_eq!(w.inner, b"\x1b[38;5;1m");
    }

    #[test]
    fn a_sequence_written_in_pieces_is_still_rewritten() {
        // How crossterm writes one colour: through fmt, a piece at a time.
        assert_eq!(
            through(&["ab\x1b", "[", "38;", "5;2", "m", "cd"]),
            "ab\x1b[32mcd"
        );
    }

    #[test]
    fn the_bold_of_a_bright_colour_ends_with_it() {
        // Bright red, then the default colour: the console's bold must go too.
        assert_eq!(
            through(&["\x1b[38;5;9m", "\x1b[39m"]),
            "\x1b[91m\x1b[39;22m"
        );
        // Unless the browser asked for bold itself.
        assert_eq!(
            through(&["\x1b[1m", "\x1b[38;5;9m", "\x1b[39m"]),
            "\x1b[1m\x1b[91m\x1b[39m"
        );
        // Ending bold under a bright colour keeps the colour bright.
        assert_eq!(
            through(&["\x1b[1m", "\x1b[38;5;12m", "\x1b[22m"]),
            "\x1b[1m\x1b[94m\x1b[22;94m"
        );
    }

    #[test]
    fn only_terms_that_announce_256_colours_get_them() {
        for term in [
            "xterm-256color",
            "screen-256color",
            "tmux-256color",
            "xterm-direct",
        ] {
            assert!(announces_256_colours(Some(term)), "{term}");
        }
        for term in [
            Some("linux"),
            Some("xterm"),
            Some("screen"),
            Some("vt100"),
            None,
        ] {
            assert!(!announces_256_colours(term), "{term:?}");
        }
    }
}
