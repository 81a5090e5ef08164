//! Answering queries off the thread that reads keys and draws: a query of millions of hits
//! (`*e*` on a 100 MB corpus takes over a second) must not hold up a key press, nor the
//! query typed after it.
//!
//! One worker thread answers the questions the browser asks (see
//! [`App::take_question`](super::app::App::take_question)), always the latest: questions
//! asked meanwhile are skipped, and the one being answered is given up as soon as a newer
//! one comes ([`lupe::query::evaluate_unless`]). The browser keeps its results until the
//! answer to its latest question arrives, and says meanwhile that it is searching.
//!
//! A question is answered twice when it has many hits: first with a preview, the first few
//! hundred and their number where that comes cheap ([`lupe::query::preview`], a millisecond
//! or two on 100 MB), then with every hit, which scrolling, sorting and the count per
//! article need.
//!
//! The same thread sorts the KWIC rows ([`SortQuestion`]): a million hits take a second.
//! The browser asks for a sort only while no query is being answered, so whatever is asked
//! last, query or sort, is the one worth finishing.

use super::app::{Answer, Coverage, Question, SortQuestion, Sorted, sort_rows};
use lupe::Index;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

/// How many hits a preview holds: more than a screen has rows, so that the user can move
/// on a few screens before every hit is in.
const PREVIEW: usize = 500;

/// What the worker is asked.
enum Job {
    Query(Question),
    Sort(SortQuestion),
}

impl Job {
    fn generation(&self) -> u64 {
        match self {
            Job::Query(q) => q.generation,
            Job::Sort(q) => q.generation,
        }
    }
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Answer(Answer),
    Sorted(Sorted),
}

/// The worker and the two ways to it. Dropping it lets the worker end.
pub struct Searcher {
    questions: Sender<Job>,
    answers: Receiver<Reply>,
    /// The generation of the latest question: the worker gives up any older one.
    latest: Arc<AtomicU64>,
    worker: Option<thread::JoinHandle<()>>,
}

impl Searcher {
    /// Starts the worker over `index`.
    pub fn start(index: Arc<Index>) -> Searcher {
        let (questions, asked) = mpsc::channel::<Job>();
        let (answered, answers) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        let worker = thread::spawn(move || {
            // Ends when the browser drops its side.
            while let Ok(mut job) = asked.recv() {
                // Debug builds only: a panic on demand, so a test can check that a panic
                // here ends the browser as one on its own thread does.
                #[cfg(debug_assertions)]
                if std::env::var_os("LUPE_DEBUG_PANIC_SEARCH").is_some() {
                    panic!("a panic in the search asked for by LUPE_DEBUG_PANIC_SEARCH");
                }
                // Only the latest of the jobs waiting is worth doing.
                while let Ok(newer) = asked.try_recv() {
                    job = newer;
                }
                let generation = job.generation();
                let superseded = || newest.load(Ordering::Acquire) != generation;
                let question = match job {
                    Job::Query(question) => question,
                    Job::Sort(question) => {
                        if let Some(sorted) = sort_rows(&index, &question, &superseded)
                            && answered.send(Reply::Sorted(sorted)).is_err()
                        {
                            return;
                        }
                        continue;
                    }
                };
                let send = |result, coverage| {
                    answered
                        .send(Reply::Answer(Answer {
                            generation,
                            result,
                            coverage,
                        }))
                        .is_ok()
                };
                // The first screen first: a few milliseconds, where every hit of a query
                // can take half a second. Not when the first screen builds every hit
                // anyway (an actor in the query): that would build them twice.
                if !lupe::query::builds_every_hit(&question.query) {
                    let (result, coverage) =
                        match lupe::query::preview(&index, &question.query, PREVIEW) {
                            Ok(p) if p.total.is_none_or(|t| t > p.hits.len()) => {
                                (Ok(p.hits), Coverage::First(p.total))
                            }
                            result => (result.map(|p| p.hits), Coverage::Every),
                        };
                    if !send(result, coverage) {
                        return;
                    }
                    if coverage == Coverage::Every || superseded() {
                        continue;
                    }
                }
                let result =
                    match lupe::query::evaluate_unless(&index, &question.query, &superseded) {
                        Ok(Some(hits)) => Ok(hits),
                        Ok(None) => continue,
                        Err(error) => Err(error),
                    };
                if !send(result, Coverage::Every) {
                    return;
                }
            }
        });
        Searcher {
            questions,
            answers,
            latest,
            worker: Some(worker),
        }
    }

    /// Carries a panic of the worker on to this thread, which then unwinds as if it had
    /// panicked itself: the panic hook has given the terminal back and printed the message
    /// already, and the browser must not go on drawing as if searching. With `wait`, gives
    /// the worker a second to finish unwinding first (a panic is known to have happened,
    /// perhaps on another thread); nothing while the worker runs on.
    pub fn pass_on_panic(&mut self, wait: bool) {
        pass_on_panic(&mut self.worker, wait);
    }

    /// Hands `question` to the worker, which gives up any older question or sort.
    pub fn ask(&self, question: Question) {
        self.send(Job::Query(question));
    }

    /// Hands `question` to the worker, which gives up any older question or sort.
    pub fn sort(&self, question: SortQuestion) {
        self.send(Job::Sort(question));
    }

    fn send(&self, job: Job) {
        self.latest.store(job.generation(), Ordering::Release);
        // The worker only ends when this side is dropped.
        let _ = self.questions.send(job);
    }

    /// An answer, if one has come.
    pub fn answer(&self) -> Option<Reply> {
        self.answers.try_recv().ok()
    }

    /// An answer, waiting for one at most `wait`.
    pub fn answer_within(&self, wait: Duration) -> Option<Reply> {
        self.answers.recv_timeout(wait).ok()
    }
}

/// [`Searcher::pass_on_panic`] for any worker thread.
pub(super) fn pass_on_panic(worker: &mut Option<thread::JoinHandle<()>>, wait: bool) {
    let finished = |w: &Option<thread::JoinHandle<()>>| w.as_ref().is_some_and(|w| w.is_finished());
    for _ in 0..if wait { 100 } else { 0 } {
        if finished(worker) {
            break;
        }
        thread::sleep(Duration::from_millis(10));
    }
    if finished(worker)
        && let Some(Err(payload)) = worker.take().map(thread::JoinHandle::join)
    {
        std::panic::resume_unwind(payload);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lupe::{Corpus, Lexicon};

    /// The next answer to a query, waiting at most `wait`.
    fn answer_within(searcher: &Searcher, wait: Duration) -> Option<Answer> {
        searcher.answer_within(wait).map(|reply| match reply {
            Reply::Answer(answer) => answer,
            other => panic!("not the answer to a query: {other:?}"),
        })
    }

    fn question(generation: u64, text: &str) -> Question {
        Question {
            generation,
            query: lupe::query::parse(text).expect("query parses"),
        }
    }

    #[test]
    fn the_latest_question_is_answered_with_what_evaluate_gives() {
        let index = Arc::new(Index::build(Corpus::builtin(), Lexicon::builtin()));
        let searcher = Searcher::start(Arc::clone(&index));
        searcher.ask(question(1, "*e*"));
        searcher.ask(question(2, "Sanktionen"));
        searcher.ask(question(3, "@nobody"));
        searcher.ask(question(4, "Kim*"));
        let want = lupe::query::evaluate(&index, &question(4, "Kim*").query);
        let mut answers = Vec::new();
        while let Some(answer) = answer_within(&searcher, Duration::from_secs(10)) {
            let done = answer.generation == 4;
            answers.push(answer);
            if done {
                break;
            }
        }
        let last = answers.pop().expect("the latest question is answered");
        assert_eq!(
            (last.generation, last.result, last.coverage),
            (4, want, Coverage::Every)
        );
        // Older questions may have been answered before the newer ones came, in order,
        // each at most once in full (after a preview); never after a newer one.
        let older: Vec<(u64, Coverage)> =
            answers.iter().map(|a| (a.generation, a.coverage)).collect();
        assert!(
            older
                .windows(2)
                .all(|w| w[0].0 < w[1].0 || matches!(w, [(_, Coverage::First(_)), _])),
            "{older:?}"
        );
        assert!(older.iter().all(|&(g, _)| g < 4), "{older:?}");
    }

    #[test]
    fn a_question_of_many_hits_is_answered_with_its_first_hits_then_with_every_hit() {
        let index = Arc::new(Index::build(Corpus::builtin(), Lexicon::builtin()));
        let searcher = Searcher::start(Arc::clone(&index));
        let asked = question(1, "*e*");
        let all = lupe::query::evaluate(&index, &asked.query).expect("evaluates");
        assert!(all.len() > PREVIEW, "{} hits", all.len());
        searcher.ask(asked);
        let wait = Duration::from_secs(10);
        let first = answer_within(&searcher, wait).expect("a preview");
        assert_eq!(first.coverage, Coverage::First(Some(all.len())));
        assert_eq!(first.result, Ok(all[..PREVIEW].to_vec()));
        let every = answer_within(&searcher, wait).expect("every hit");
        assert_eq!(
            (every.generation, every.coverage, every.result),
            (1, Coverage::Every, Ok(all))
        );
    }

    #[test]
    fn a_question_with_an_actor_is_answered_once_with_every_hit() {
        let index = Arc::new(Index::build(Corpus::builtin(), Lexicon::builtin()));
        let searcher = Searcher::start(Arc::clone(&index));
        let asked = question(1, "@usa OR *e*");
        assert!(lupe::query::builds_every_hit(&asked.query));
        let all = lupe::query::evaluate(&index, &asked.query).expect("evaluates");
        assert!(all.len() > PREVIEW, "{} hits", all.len());
        searcher.ask(asked);
        let answer = answer_within(&searcher, Duration::from_secs(10)).expect("an answer");
        assert_eq!((answer.coverage, answer.result), (Coverage::Every, Ok(all)));
        assert!(answer_within(&searcher, Duration::from_millis(200)).is_none());
    }

    #[test]
    fn a_question_of_few_hits_is_answered_once() {
        let index = Arc::new(Index::build(Corpus::builtin(), Lexicon::builtin()));
        let searcher = Searcher::start(Arc::clone(&index));
        searcher.ask(question(1, "Sanktionen"));
        let answer = answer_within(&searcher, Duration::from_secs(10)).expect("an answer");
        assert_eq!(answer.coverage, Coverage::Every);
        assert_eq!(answer.result.map(|h| h.len()), Ok(14));
        assert!(answer_within(&searcher, Duration::from_millis(200)).is_none());
    }

    #[test]
    fn a_sort_is_answered_with_the_rows_in_its_order_and_where_each_hit_went() {
        let index = Arc::new(Index::build(Corpus::builtin(), Lexicon::builtin()));
        let searcher = Searcher::start(Arc::clone(&index));
        let all = lupe::query::evaluate(&index, &question(1, "*e*").query).expect("evaluates");
        let asked = SortQuestion {
            generation: 1,
            hits: all.clone().into(),
            sort: 3,
        };
        assert_eq!(crate::tui::app::SORTS[asked.sort].0, "R1");
        searcher.sort(asked);
        let Some(Reply::Sorted(sorted)) = searcher.answer_within(Duration::from_secs(10)) else {
            panic!("no rows sorted");
        };
        let mut want = all.clone();
        lupe::kwic::sort_hits(&index, &mut want, &lupe::kwic::Sort::parse("R1").unwrap());
        assert_eq!((sorted.generation, &sorted.hits), (1, &want));
        assert_ne!(sorted.hits, all);
        for (i, hit) in all.iter().enumerate() {
            assert_eq!(sorted.hits[sorted.rows_of[i]], *hit);
        }
    }

    #[test]
    fn a_bad_query_is_answered_with_its_error() {
        let index = Arc::new(Index::build(Corpus::builtin(), Lexicon::builtin()));
        let searcher = Searcher::start(index);
        searcher.ask(question(7, "@nobody"));
        let answer = answer_within(&searcher, Duration::from_secs(10)).expect("an answer");
        assert_eq!(answer.generation, 7);
        assert!(answer.result.is_err());
    }
}
