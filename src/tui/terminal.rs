//! The terminal's lifecycle: raw mode and the alternate screen on, and reliably off again on
//! every way out (quit, Ctrl-C, SIGTERM/SIGHUP, a panic), so no one is left with a garbled
//! shell.

use super::basic_colors::BasicColors;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use signal_hook::SigId;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::io::{self, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::thread;
use std::time::Duration;

/// Set by the panic hook: the terminal was given back because some thread panicked. The
/// search runs on a thread of its own, so the thread that draws must look before it draws,
/// or it would draw over the panic's message on the restored screen.
static GIVEN_BACK_IN_PANIC: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Whether a panic on some thread gave the terminal back (see [`start`]'s hook).
pub fn given_back_in_panic() -> bool {
    GIVEN_BACK_IN_PANIC.load(std::sync::atomic::Ordering::SeqCst)
}

/// The browser's terminal: ratatui's, with the output passed through [`BasicColors`].
pub type Tty = Terminal<CrosstermBackend<BasicColors<Stdout>>>;

/// Takes over the terminal, as `ratatui::try_init` does but writing through [`BasicColors`]
/// (the 16 colours as basic codes when `basic_colors`). Also installs the panic hook, which
/// gives back the mouse and the cursor, then raw mode and the screen.
pub fn start(mouse: bool, basic_colors: bool) -> io::Result<Tty> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        GIVEN_BACK_IN_PANIC.store(true, std::sync::atomic::Ordering::SeqCst);
        give_back_cursor_and_mouse(mouse);
        ratatui::restore();
        previous(info);
    }));
    let terminal = enable_raw_mode()
        .and_then(|()| execute!(stdout(), EnterAlternateScreen))
        .and_then(|()| {
            Terminal::new(CrosstermBackend::new(BasicColors::new(
                stdout(),
                basic_colors,
            )))
        });
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
///
/// When the terminal itself is gone (the SSH session dropped, the terminal window closed),
/// crossterm keeps reading the dead terminal and the loop never gets to look at the flag. So
/// a watcher thread waits for the signal too, and if the loop has not finished a moment
/// after it, gives the terminal back as far as it still can and ends the process.
pub struct StopSignals {
    pub raised: Arc<AtomicBool>,
    ids: Vec<SigId>,
    watcher: Option<signal_hook::iterator::Handle>,
}

/// How long the loop gets to finish on its own after a stop signal.
const GRACE: Duration = Duration::from_millis(500);

impl StopSignals {
    pub fn register(mouse: bool) -> io::Result<StopSignals> {
        let raised = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            ids.push(signal_hook::flag::register(signal, Arc::clone(&raised))?);
        }
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let watcher = signals.handle();
        thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                thread::sleep(GRACE);
                stop(mouse);
                std::process::exit(128 + signal);
            }
        });
        Ok(StopSignals {
            raised,
            ids,
            watcher: Some(watcher),
        })
    }
}

impl Drop for StopSignals {
    fn drop(&mut self) {
        if let Some(watcher) = self.watcher.take() {
            watcher.close();
        }
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}
