//! Items worked on by every thread, their results handed on strictly in order.
//!
//! Building the index analyses articles independently (the costly part) and merges them
//! into one dictionary in corpus order (a tenth of the work, and it must be one thread).
//! Analysing in fixed chunks left threads idle at the end of every chunk and woke them
//! again for the next; here each thread takes the next article as soon as it is free,
//! and the thread that merges also analyses whenever the next result is not ready yet.
//! At most `window` results wait to be merged, so memory stays bounded.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Runs `work` on every item on the threads of the current rayon pool and gives each
/// result to `take` in the items' order, on the calling thread.
pub(super) fn map_in_order<T, R>(
    items: Vec<T>,
    window: usize,
    work: impl Fn(T) -> R + Sync,
    mut take: impl FnMut(R) + Send,
) where
    T: Send,
    R: Send,
{
    let n = items.len();
    let window = window.max(1);
    let items: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let results: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let taken = AtomicUsize::new(0);
    // A thread with nothing to do sleeps here until a result is stored or taken. The state
    // it waits on is in the atomics, not under this lock, so a wake-up can be missed: the
    // timeout bounds what that costs.
    let moved = (Mutex::new(()), Condvar::new());
    // How many threads sleep there: a notification is a system call, even with nobody to
    // wake, and two an article were 18,000 calls on 9,000 articles, most of them for
    // nothing.
    let sleepers = AtomicUsize::new(0);
    let notify = || {
        if sleepers.load(Ordering::SeqCst) > 0 {
            moved.1.notify_all();
        }
    };
    let panicked: Mutex<Option<Box<dyn std::any::Any + Send>>> = Mutex::new(None);
    let wait = || {
        sleepers.fetch_add(1, Ordering::SeqCst);
        let guard = lock(&moved.0);
        let _ = moved.1.wait_timeout(guard, Duration::from_millis(1));
        sleepers.fetch_sub(1, Ordering::SeqCst);
    };
    // Claims the next item inside the window and works on it; false when there is none to
    // claim now.
    let work_one = || -> bool {
        let i = next.load(Ordering::Acquire);
        if i >= n || i >= taken.load(Ordering::Acquire) + window {
            return false;
        }
        if next
            .compare_exchange(i, i + 1, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return true; // another thread took it: try the next
        }
        let item = lock(&items[i]).take();
        if let Some(item) = item {
            // A panic in `work` must reach the caller, not leave the merging thread
            // waiting for a result that never comes.
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item))) {
                Ok(result) => *lock(&results[i]) = Some(result),
                Err(payload) => {
                    lock(&panicked).get_or_insert(payload);
                }
            }
            notify();
        }
        true
    };
    rayon::scope(|scope| {
        for _ in 1..rayon::current_num_threads() {
            scope.spawn(|_| {
                while next.load(Ordering::Acquire) < n {
                    if !work_one() {
                        // The window is full: the merging thread is behind.
                        wait();
                    }
                }
            });
        }
        // However this thread leaves (a panic in `work` or in `take` included), nothing more
        // is claimed, so the other threads finish what they hold and the scope can end.
        let _stop_claims = StopClaims(&next, n);
        let mut i = 0;
        while i < n {
            if let Some(payload) = lock(&panicked).take() {
                std::panic::resume_unwind(payload);
            }
            let ready = lock(&results[i]).take();
            match ready {
                Some(result) => {
                    take(result);
                    i += 1;
                    taken.store(i, Ordering::Release);
                    notify();
                }
                None => {
                    if !work_one() {
                        // Item i is being worked on by another thread.
                        wait();
                    }
                }
            }
        }
    });
}

/// Marks every item claimed when dropped.
struct StopClaims<'a>(&'a AtomicUsize, usize);

impl Drop for StopClaims<'_> {
    fn drop(&mut self) {
        self.0.store(self.1, Ordering::Release);
    }
}

/// The slot behind a mutex; a panic while holding it (already a failed build) does not
/// hide the slot from the others.
fn lock<X>(m: &Mutex<X>) -> std::sync::MutexGuard<'_, X> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` on a pool of `threads` threads.
    fn in_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool")
            .install(f)
    }

    /// Whether `f` panics (rather than returning, or hanging the test).
    fn panics(f: impl FnOnce()) -> bool {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err()
    }

    /// Uneven work, so results finish out of order.
    fn uneven(x: u64) -> u64 {
        (0..(x % 7) * 1000).fold(x, |a, b| a.wrapping_add(b % 3))
    }

    #[test]
    fn results_come_in_order_whatever_the_threads_and_window() {
        let want: Vec<u64> = (0..500u64).map(uneven).collect();
        for threads in [1, 2, 3] {
            for window in [1, 2, 7, 1000] {
                let mut seen = Vec::new();
                in_pool(threads, || {
                    map_in_order((0..500u64).collect(), window, uneven, |r| seen.push(r))
                });
                assert_eq!(seen, want, "{threads} threads, window {window}");
            }
        }
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller_instead_of_a_hang() {
        for threads in [1, 2] {
            let failing_work = |x: u32| {
                assert!(x != 37, "item 37 fails");
                x
            };
            let outcome = panics(|| {
                in_pool(threads, || {
                    map_in_order((0..100).collect(), 8, failing_work, |_| {})
                })
            });
            assert!(outcome, "{threads} threads");
        }
    }

    #[test]
    fn a_panic_while_taking_a_result_reaches_the_caller_instead_of_a_hang() {
        for threads in [1, 2] {
            let failing_take = |x: u32| assert!(x != 5, "taking 5 fails");
            let outcome = panics(|| {
                in_pool(threads, || {
                    map_in_order((0..100).collect(), 4, |x| x, failing_take)
                })
            });
            assert!(outcome, "{threads} threads");
        }
    }

    #[test]
    fn no_items_is_no_results() {
        let mut seen: Vec<u8> = Vec::new();
        map_in_order(Vec::<u8>::new(), 4, |x| x, |r| seen.push(r));
        assert!(seen.is_empty());
    }
}
