//! Wrapping long articles off the thread that reads keys: one of 99 MB takes a third of a
//! second to wrap, which the key that opens it, and every step of a window being resized,
//! would wait for.
//!
//! One worker thread wraps what the browser asks (see
//! [`App::take_wrap`](super::app::App::take_wrap)), always the latest ask: those that came
//! meanwhile are skipped. Until the lines come, the reader shows the lines around its place,
//! wrapped on their own.

use super::search::pass_on_panic;
use super::wrap::{WrappedLine, wrap};
use lupe::Index;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

/// An article wrapped at a width.
#[derive(Debug)]
pub struct Wrapped {
    pub article: usize,
    pub width: u16,
    pub lines: Arc<Vec<WrappedLine>>,
}

/// The worker and the two ways to it. Dropping it lets the worker end.
pub struct Wrapper {
    asks: Sender<(usize, u16)>,
    done: Receiver<Wrapped>,
    worker: Option<thread::JoinHandle<()>>,
}

impl Wrapper {
    /// Starts the worker over the articles of `index`.
    pub fn start(index: Arc<Index>) -> Wrapper {
        let (asks, asked) = mpsc::channel::<(usize, u16)>();
        let (wrapped, done) = mpsc::channel();
        let worker = thread::spawn(move || {
            // Ends when the browser drops its side.
            while let Ok(mut ask) = asked.recv() {
                // Only the latest ask is worth doing.
                while let Ok(newer) = asked.try_recv() {
                    ask = newer;
                }
                let (article, width) = ask;
                let Some(text) = index.articles().get(article).map(|a| &a.text) else {
                    continue;
                };
                let lines = Arc::new(wrap(text, usize::from(width)));
                if wrapped
                    .send(Wrapped {
                        article,
                        width,
                        lines,
                    })
                    .is_err()
                {
                    return;
                }
            }
        });
        Wrapper {
            asks,
            done,
            worker: Some(worker),
        }
    }

    /// Hands article `article` at `width` to the worker.
    pub fn wrap(&self, article: usize, width: u16) {
        // The worker only ends when this side is dropped.
        let _ = self.asks.send((article, width));
    }

    /// An article wrapped, if one has come.
    pub fn wrapped(&self) -> Option<Wrapped> {
        self.done.try_recv().ok()
    }

    /// Carries a panic of the worker on to this thread (see
    /// [`Searcher::pass_on_panic`](super::search::Searcher::pass_on_panic)).
    pub fn pass_on_panic(&mut self, wait: bool) {
        pass_on_panic(&mut self.worker, wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lupe::{Corpus, Lexicon};
    use std::time::{Duration, Instant};

    /// The next article wrapped, waiting at most `wait`.
    fn wrapped_within(wrapper: &Wrapper, wait: Duration) -> Option<Wrapped> {
        let start = Instant::now();
        loop {
            if let Some(w) = wrapper.wrapped() {
                return Some(w);
            }
            if start.elapsed() > wait {
                return None;
            }
            thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn the_worker_wraps_what_it_is_asked_as_wrap_does() {
        let index = Arc::new(Index::build(Corpus::builtin(), Lexicon::builtin()));
        let wrapper = Wrapper::start(Arc::clone(&index));
        wrapper.wrap(2, 37);
        let w = wrapped_within(&wrapper, Duration::from_secs(10)).expect("wrapped");
        assert_eq!((w.article, w.width), (2, 37));
        assert_eq!(*w.lines, wrap(&index.articles()[2].text, 37));
        // An article that is not there is skipped, and the worker goes on.
        wrapper.wrap(99, 37);
        wrapper.wrap(0, 50);
        let w = wrapped_within(&wrapper, Duration::from_secs(10)).expect("wrapped");
        assert_eq!((w.article, w.width), (0, 50));
    }
}
