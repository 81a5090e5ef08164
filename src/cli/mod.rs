//! The command line: parses arguments, loads the corpus and lexicon, runs one command.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A terminal corpus browser for close reading of political news.
#[derive(Debug, Parser)]
#[command(name = "lupe", version)]
pub struct Args {
    /// A file or directory of articles (repeatable); the built-in corpus when absent.
    #[arg(long = "corpus", value_name = "PATH", global = true)]
    pub corpus: Vec<PathBuf>,
    /// File endings that count as articles in a directory (repeatable).
    #[arg(long = "ext", value_name = "EXT", global = true)]
    pub ext: Vec<String>,
    /// A lexicon file (TOML) to use instead of the built-in one.
    #[arg(long, value_name = "FILE", global = true)]
    pub lexicon: Option<PathBuf>,
    /// When to colour the output.
    #[arg(long, value_enum, default_value = "auto", global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Theme {
    #[default]
    Dark,
    Light,
    Mono,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal browser (the default).
    Browse {
        /// Colour theme.
        #[arg(long, value_enum, default_value = "dark")]
        theme: Theme,
        /// Take mouse input (wheel, clicks); off so that selecting text works over SSH.
        #[arg(long)]
        mouse: bool,
    },
}

pub fn main() -> i32 {
    let args = Args::parse();
    match args.command {
        None | Some(Command::Browse { .. }) => crate::tui::launch::browse(&args),
    }
}
