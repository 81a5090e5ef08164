// The browser, compiled into a benchmark. It is a module of the `lupe` binary, not of the
// library, so it is compiled in here by path; the one thing it names from the binary is the
// `--theme` type, stood in for below. Its unit tests are compiled here too (without the
// harness that runs them), so their imports, and what only the binary calls, look unused.
#[allow(unused_imports, dead_code)]
#[path = "../../src/tui/mod.rs"]
mod tui;

/// Stands in for the binary's `cli` module, of which the browser uses only `Theme`.
#[allow(dead_code)]
mod cli {
    #[derive(Debug, Clone, Copy)]
    pub enum Theme {
        Dark,
        Light,
        Mono,
    }
}
