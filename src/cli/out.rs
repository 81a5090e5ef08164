//! Writing to standard output: colour when wanted, and a quiet end when a pipe closes.

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
pub struct Out {
    w: BufWriter<io::Stdout>,
    pub colour: Colour,
    broken: bool,
}

impl Out {
    pub fn stdout(colour: Colour) -> Out {
        Out {
            w: BufWriter::new(io::stdout()),
            colour,
            broken: false,
        }
    }

    /// Writes `s`; a closed pipe (`lupe kwic die | head`) ends the output quietly.
    pub fn put(&mut self, s: &str) -> Result<(), Failure> {
        if self.broken {
            return Ok(());
        }
        match self.w.write_all(s.as_bytes()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.broken = true;
                Ok(())
            }
            Err(e) => Err(Failure(format!("cannot write output: {e}"))),
        }
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

    pub fn finish(&mut self) -> Result<(), Failure> {
        if self.broken {
            return Ok(());
        }
        match self.w.flush() {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                Err(Failure(format!("cannot write output: {e}")))
            }
            _ => Ok(()),
        }
    }
}
