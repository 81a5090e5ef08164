//! The `lupe` binary: argument parsing, then the CLI or the terminal browser.

mod cli;
mod tui;

fn main() {
    std::process::exit(cli::main());
}
