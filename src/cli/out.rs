//! Writing to standard output: colour when wanted, and a quiet end when a pipe closes.

use super::load::{self, Loaded};
use super::{ColorChoice, Failure};
use lupe::ActorKind;
use std::io::{self, BufWriter, IsTerminal, Write};

/// Whether to colour, decided once from `--color`, `NO_COLOR` and the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub bool);

impl Colour {
    pub fn decide(choice: ColorChoice) -> Colour {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Colour(match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && io::stdout().is_terminal(),
        })
    }
}

/// The SGR style of an actor kind: the same four colours the browser uses.
pub fn actor_style(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "1;33",
        ActorKind::State => "1;32",
        ActorKind::Capital => "1;36",
        ActorKind::Organisation => "1;35",
    }
}

pub const KEYWORD_STYLE: &str = "4;34";
pub const MATCH_STYLE: &str = "1;31";
pub const DIM_STYLE: &str = "2";
pub const HEADER_STYLE: &str = "1";

/// Standard output, buffered. Corpus text reaching it is already sanitised; the only escape
/// sequences written are our own SGR codes, and only when colour is on.
///
/// Over an index read from the cache, the output (and the loading warnings) is held back
/// until the index is known sound ([`Loaded::is_sound`]), so that an answer from a stale or
/// damaged file can be thrown away unseen and given again from a rebuilt index. Past
/// [`HOLD_LIMIT`] the rest of the index is read and checked at once; if it is sound, what
/// was held is written and the rest goes straight out.
pub struct Out<'l> {
    w: BufWriter<io::Stdout>,
    pub colour: Colour,
    broken: bool,
    loaded: &'l Loaded,
    /// The output held back, while it is.
    held: Option<Vec<u8>>,
    /// The answer will be thrown away: the index is not sound.
    unsound: bool,
    /// Lines for stderr, printed after the output.
    notes: Vec<String>,
}

/// How much output is held back before the whole index is checked instead.
pub const HOLD_LIMIT: usize = 8 << 20;

impl<'l> Out<'l> {
    /// Standard output for an answer from `loaded`.
    pub fn stdout(colour: Colour, loaded: &'l Loaded) -> Out<'l> {
        let held = loaded.is_cached().then(Vec::new);
        if held.is_none() {
            load::print_warnings(&loaded.index);
        }
        Out {
            w: BufWriter::new(io::stdout()),
            colour,
            broken: false,
            loaded,
            held,
            unsound: false,
            notes: Vec::new(),
        }
    }

    /// Writes `s`; a closed pipe (`lupe kwic die | head`) ends the output quietly.
    pub fn put(&mut self, s: &str) -> Result<(), Failure> {
        if self.unsound || self.loaded.index.is_damaged() {
            // This answer will be thrown away: no use keeping it.
            self.unsound = true;
            self.held = Some(Vec::new());
            return Ok(());
        }
        let Some(held) = &mut self.held else {
            return self.write(s.as_bytes());
        };
        held.extend_from_slice(s.as_bytes());
        if held.len() <= HOLD_LIMIT {
            return Ok(());
        }
        if !self.loaded.check_all() {
            self.unsound = true;
            self.held = Some(Vec::new());
            return Ok(());
        }
        self.release()
    }

    /// Writes the warnings and what was held; from now on output goes straight out.
    fn release(&mut self) -> Result<(), Failure> {
        match self.held.take() {
            Some(held) => {
                load::print_warnings(&self.loaded.index);
                self.write(&held)
            }
            None => Ok(()),
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if self.broken {
            return Ok(());
        }
        match self.w.write_all(bytes) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.broken = true;
                Ok(())
            }
            Err(e) => Err(Failure(format!("cannot write output: {e}"))),
        }
    }

    /// A line for stderr (`lupe: ` is put before it), printed after the output.
    pub fn note(&mut self, s: String) {
        self.notes.push(s);
    }

    /// Writes `s` in `style` when colour is on.
    pub fn styled(&mut self, style: &str, s: &str) -> Result<(), Failure> {
        if self.colour.0 && !s.is_empty() {
            self.put(&format!("\x1b[{style}m{s}\x1b[0m"))
        } else {
            self.put(s)
        }
    }

    pub fn line(&mut self, s: &str) -> Result<(), Failure> {
        self.put(s)?;
        self.put("\n")
    }

    pub fn json(&mut self, value: &serde_json::Value) -> Result<(), Failure> {
        let s = serde_json::to_string_pretty(value)?;
        self.line(&s)
    }

    /// Writes what was held back and the notes. Call only once the index is known sound.
    pub fn finish(&mut self) -> Result<(), Failure> {
        self.release()?;
        let flushed = if self.broken {
            Ok(())
        } else {
            match self.w.flush() {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    Err(Failure(format!("cannot write output: {e}")))
                }
                _ => Ok(()),
            }
        };
        for note in self.notes.drain(..) {
            eprintln!("lupe: {note}");
        }
        flushed
    }
}
