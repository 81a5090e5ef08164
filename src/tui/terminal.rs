//! The terminal's lifecycle: raw mode and the alternate screen on, and reliably off again on
//! every way out (quit, Ctrl-C, SIGTERM/SIGHUP, a panic), so no one is left with a garbled
//! shell.

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use signal_hook::SigId;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io::{self, stdout};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Takes over the terminal. Also installs the panic hook: ratatui's restores raw mode and the
/// screen, and ours, run before it, gives back the mouse and the cursor, which it does not.
pub fn start(mouse: bool) -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        give_back_cursor_and_mouse(mouse);
        previous(info);
    }));
    let terminal = match terminal {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            return Err(e);
        }
    };
    if mouse && let Err(e) = execute!(stdout(), EnableMouseCapture) {
        stop(mouse);
        return Err(e);
    }
    Ok(terminal)
}

/// Gives the terminal back as it was.
pub fn stop(mouse: bool) {
    give_back_cursor_and_mouse(mouse);
    ratatui::restore();
}

fn give_back_cursor_and_mouse(mouse: bool) {
    // Errors are ignored: this runs on the way out, when there is nowhere to report them.
    if mouse {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let _ = execute!(stdout(), Show);
}

/// A flag raised by SIGTERM, SIGHUP or SIGINT. In raw mode Ctrl-C arrives as a key, but a
/// `kill` or a closed SSH session arrives as a signal, and must end the loop, not the process,
/// so the terminal is restored first.
pub struct StopSignals {
    pub raised: Arc<AtomicBool>,
    ids: Vec<SigId>,
}

impl StopSignals {
    pub fn register() -> io::Result<StopSignals> {
        let raised = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            ids.push(signal_hook::flag::register(signal, Arc::clone(&raised))?);
        }
        Ok(StopSignals { raised, ids })
    }
}

impl Drop for StopSignals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}
