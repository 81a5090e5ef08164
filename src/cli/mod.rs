//! The command line: parses arguments, loads the corpus and lexicon, runs one command.
//!
//! Exit codes are grep's: 0 something found, 1 nothing found, 2 an error.

mod actors;
mod article_ref;
mod cache;
mod evict;
mod kwic;
mod list;
mod load;
mod out;
mod show;
mod tokens;

use clap::{Parser, Subcommand, ValueEnum};
use lupe::Index;
use std::io::IsTerminal;
use std::path::PathBuf;

/// A terminal corpus browser for close reading of political news.
#[derive(Debug, Parser)]
#[command(name = "lupe", version, about, long_about = None)]
pub struct Args {
    /// A file or directory of articles (repeatable); the built-in corpus when absent.
    #[arg(long = "corpus", value_name = "PATH", global = true)]
    pub corpus: Vec<PathBuf>,
    /// File endings that count as articles in a directory (repeatable) [default: txt, md].
    #[arg(long = "ext", value_name = "EXT", global = true)]
    pub ext: Vec<String>,
    /// A lexicon file (TOML) to use instead of the built-in one.
    #[arg(long, value_name = "FILE", global = true)]
    pub lexicon: Option<PathBuf>,
    /// When to colour the output (NO_COLOR in the environment means never, unless always).
    #[arg(long, value_enum, default_value = "auto", global = true)]
    pub color: ColorChoice,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Neither read nor write the index cache (in $XDG_CACHE_HOME/lupe or ~/.cache/lupe;
    /// it drops indexes unused for 30 days and keeps under LUPE_CACHE_MAX_MB, 4096 unless set).
    #[arg(long, global = true)]
    pub no_cache: bool,
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
    /// List the articles: id, words, sentences, mentions, title.
    List,
    /// Print an article with its actors and keywords coloured.
    Show {
        /// Article id, its number in `lupe list` (from 1), or a unique start of its id.
        article: String,
    },
    /// Keyword in context: every hit of QUERY with its context.
    Kwic {
        /// The query (see README: words, Atom*, "phrases", @actor, #topic, /regex/, OR).
        query: String,
        /// Width of a line in columns, the match centred.
        #[arg(long, default_value_t = lupe::kwic::DEFAULT_WIDTH)]
        width: usize,
        /// position, match, or words around the match: L1-L3, R1-R3, comma-separated.
        #[arg(long, default_value = "position")]
        sort: String,
        /// Show at most N lines.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Only hits in this article.
        #[arg(long, value_name = "ID")]
        article: Option<String>,
    },
    /// Mentions per actor: total, articles, per article.
    Actors {
        /// Only this article.
        #[arg(long, value_name = "ID")]
        article: Option<String>,
    },
    /// Hits per keyword topic.
    Keywords {
        /// Only this article.
        #[arg(long, value_name = "ID")]
        article: Option<String>,
    },
    /// How an article was cut: tokens, sentences, and what each mention matched.
    Tokens {
        /// Article id, number or unique start of its id.
        article: String,
    },
}

/// A command's failure: the message for stderr; exit code 2.
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// What a command found: decides the exit code.
pub enum Found {
    Something,
    Nothing,
}

pub fn main() -> i32 {
    let args = Args::parse();
    match run(args) {
        Ok(Found::Something) => 0,
        Ok(Found::Nothing) => 1,
        Err(Failure(message)) => {
            eprintln!("lupe: {message}");
            2
        }
    }
}

fn run(args: Args) -> Result<Found, Failure> {
    let colour = out::Colour::decide(args.color);
    let command = match args.command {
        Some(c) => c,
        None => {
            if !std::io::stdout().is_terminal() {
                return Err(Failure(
                    "standard output is not a terminal: use a subcommand, e.g. `lupe list` or \
                     `lupe kwic QUERY` (see `lupe --help`)"
                        .into(),
                ));
            }
            Command::Browse {
                theme: Theme::default(),
                mouse: false,
            }
        }
    };
    let lexicon = load::lexicon(args.lexicon.as_deref())?;
    if let Command::Browse { theme, mouse } = command {
        // The browser reads and indexes the corpus in the background, so it shows at once.
        let (paths, ext, use_cache) = (args.corpus, args.ext, !args.no_cache);
        let load: crate::tui::loading::Loader = Box::new(move |progress| {
            let (index, saver) = load::index(&paths, &ext, lexicon, use_cache, progress)
                .and_then(|loaded| loaded.into_sound(progress))
                .map_err(|Failure(message)| message)?;
            let then: Option<crate::tui::loading::Then> =
                saver.map(|saver| Box::new(move |index: &Index| saver.save(index)) as _);
            Ok((index, then))
        });
        crate::tui::run(load, crate::tui::TuiOptions::from_cli(theme, mouse))?;
        return Ok(Found::Something);
    }
    let progress = lupe::index::Progress::default();
    let mut loaded = load::index(&args.corpus, &args.ext, lexicon, !args.no_cache, &progress)?;
    // An index read from the cache answers before the corpus's key is worked out, and
    // reads the parts of the file a command needs as it runs; the answer is held back
    // until both are known sound, else given again from an index built from the corpus.
    // An index built here is saved for next time on a thread of its own while it answers;
    // the process waits for the file before it ends.
    loop {
        let answered = std::thread::scope(|scope| {
            if loaded.needs_saving() {
                scope.spawn(|| {
                    for warning in loaded.save() {
                        eprintln!("{warning}");
                    }
                });
            }
            let mut out = out::Out::stdout(colour, &loaded);
            let found = answer(&command, &loaded.index, args.json, &mut out);
            if !loaded.is_sound() {
                return Ok(None);
            }
            // An error is an answer too: it is shown after the warnings.
            out.finish()?;
            Ok::<_, Failure>(Some(found))
        })?;
        let Some(found) = answered else {
            loaded.rebuild(&progress)?;
            continue;
        };
        // The process ends here: freeing a large index part by part took 7 ms of CPU on a
        // 100 MB corpus, which the operating system does faster when the process exits.
        std::mem::forget(loaded);
        return found;
    }
}

/// Runs one command (not the browser) over `index`.
fn answer(
    command: &Command,
    index: &Index,
    json: bool,
    out: &mut out::Out,
) -> Result<Found, Failure> {
    match command {
        Command::Browse { .. } => unreachable!("the browser is started before any index"),
        Command::List => list::run(index, json, out),
        Command::Show { article } => show::run(index, article, json, out),
        Command::Kwic {
            query,
            width,
            sort,
            limit,
            article,
        } => {
            let options = kwic::Options {
                width: *width,
                sort,
                limit: *limit,
                article: article.as_deref(),
                json,
            };
            kwic::run(index, query, &options, out)
        }
        Command::Actors { article } => actors::run_actors(index, article.as_deref(), json, out),
        Command::Keywords { article } => actors::run_keywords(index, article.as_deref(), json, out),
        Command::Tokens { article } => tokens::run(index, article, json, out),
    }
}
