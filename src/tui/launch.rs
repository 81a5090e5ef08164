//! From the command line's choices to the browser's options.

use super::basic_colors::announces_256_colours;
use super::{ThemeName, TuiOptions};
use crate::cli::Theme;

impl TuiOptions {
    /// The options for `--theme` and `--mouse`; `NO_COLOR` (set and not empty) turns colour off,
    /// and a `TERM` that does not announce 256 colours asks for the basic colour codes.
    pub fn from_cli(theme: Theme, mouse: bool) -> TuiOptions {
        TuiOptions {
            theme: match theme {
                Theme::Dark => ThemeName::Dark,
                Theme::Light => ThemeName::Light,
                Theme::Mono => ThemeName::Mono,
            },
            mouse,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            basic_colors: !announces_256_colours(std::env::var("TERM").ok().as_deref()),
        }
    }
}
