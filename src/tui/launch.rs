//! From the command line to the browser: refuse without a terminal, load the corpus and the
//! lexicon the arguments name, build the index, run. The CLI calls this for `lupe` with no
//! subcommand and for `lupe browse`.

use super::{ThemeName, TuiOptions};
use crate::cli::{Args, ColorChoice, Command, Theme};
use lupe::corpus::LoadOptions;
use lupe::{Corpus, Index, Lexicon};
use std::io::IsTerminal;

/// Exit status when the browser cannot run where it was started (no terminal).
pub const EXIT_NOT_A_TERMINAL: i32 = 2;

/// Runs the browser for `args`; returns the process's exit status.
pub fn browse(args: &Args) -> i32 {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "lupe: the browser needs a terminal; to print results, use a subcommand (see `lupe --help`)"
        );
        return EXIT_NOT_A_TERMINAL;
    }
    let (theme, mouse) = match &args.command {
        Some(Command::Browse { theme, mouse }) => (*theme, *mouse),
        _ => (Theme::default(), false),
    };
    // The NO_COLOR convention: set and not empty means no colour.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || args.color == ColorChoice::Never;
    let options = TuiOptions {
        theme: match theme {
            Theme::Dark => ThemeName::Dark,
            Theme::Light => ThemeName::Light,
            Theme::Mono => ThemeName::Mono,
        },
        mouse,
        no_color,
    };
    let corpus = if args.corpus.is_empty() {
        Corpus::builtin()
    } else {
        let mut load = LoadOptions::default();
        if !args.ext.is_empty() {
            load.extensions = args.ext.clone();
        }
        match Corpus::load(&args.corpus, &load) {
            Ok(corpus) => corpus,
            Err(e) => {
                eprintln!("lupe: {}", super::safe(&e.to_string()));
                return 1;
            }
        }
    };
    let lexicon = match load_lexicon(args) {
        Ok(lexicon) => lexicon,
        Err(message) => {
            eprintln!("lupe: {}", super::safe(&message));
            return 1;
        }
    };
    let index = Index::build(corpus, lexicon);
    match super::run(index, options) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("lupe: terminal error: {e}");
            1
        }
    }
}

fn load_lexicon(args: &Args) -> Result<Lexicon, String> {
    if let Some(path) = &args.lexicon {
        return Err(format!(
            "--lexicon {} is not supported by the browser yet",
            path.display()
        ));
    }
    // Until the engine's built-in lexicon lands.
    Ok(Lexicon::default())
}
