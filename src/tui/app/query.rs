//! The current query and the query line: typed text is parsed and answered on every key, a
//! bad query keeps the last good results, Esc goes back to the query from before.

use super::App;
use crate::tui::action::Action;
use lupe::query::{self, Expr, Hit, Query, QueryError};
use std::ops::Range;
use std::sync::Arc;

/// The query whose results the panes show.
#[derive(Debug, Clone, Default)]
pub struct QueryState {
    /// The text as typed last, good or not.
    pub source: String,
    /// The last query that parsed; `hits` are its results.
    pub query: Option<Query>,
    /// In corpus order; shared with the KWIC pane when it shows them in that order.
    pub hits: Arc<Vec<Hit>>,
    /// Hits per article, by article index.
    pub per_article: Vec<usize>,
    /// Why `source` did not parse, if it did not.
    pub error: Option<QueryError>,
    /// The query typed last, while its results are not in yet: until they are, the panes
    /// show those of `query`, and the status bar says it is searching.
    pub asked: Option<Question>,
    /// Whether `hits` are all the results of `query` or only the first (a preview of the
    /// question asked, whose every hit is still being found).
    pub coverage: Coverage,
    /// Open while the user types.
    pub line: Option<QueryLine>,
}

impl QueryState {
    /// Whether a query is in force (its results shown).
    pub fn active(&self) -> bool {
        self.query.is_some()
    }

    /// How many hits article `article` has; `None` while a preview holds only the first
    /// of them (in the article of its last hit, or after it).
    pub fn hits_in(&self, article: usize) -> Option<usize> {
        let known = match self.coverage {
            Coverage::Every => true,
            Coverage::First(_) => self
                .hits
                .last()
                .is_some_and(|last| article < last.article as usize),
        };
        known.then(|| self.per_article.get(article).copied().unwrap_or(0))
    }

    /// How many hits the query has in all, if known.
    pub fn total(&self) -> Option<usize> {
        match self.coverage {
            Coverage::Every => Some(self.hits.len()),
            Coverage::First(total) => total,
        }
    }

    /// Whether `hits` are only the first of the results.
    pub fn is_preview(&self) -> bool {
        matches!(self.coverage, Coverage::First(_))
    }

    /// The hits in article `article`, by position.
    pub fn hits_of(&self, article: usize) -> &[Hit] {
        &self.hits[self.range_of(article)]
    }

    /// Where the hits in article `article` are in [`QueryState::hits`].
    pub fn range_of(&self, article: usize) -> Range<usize> {
        let article = article as u32;
        let first = self.hits.partition_point(|h| h.article < article);
        let last = self.hits.partition_point(|h| h.article <= article);
        first..last
    }

    /// Whether the query selects an actor or a topic, so the list narrows to its articles.
    pub fn selects_articles(&self) -> bool {
        matches!(
            self.query.as_ref().map(|q| &q.expr),
            Some(Expr::Actor(_) | Expr::Topic(_))
        )
    }
}

/// How many of `hits` (in corpus order) stand in each of `articles` articles: where each
/// article's hits end, found by a galloping search from where the last one's ended rather
/// than by a walk over millions of hits on the thread that reads keys. (Halving all the
/// rest for each article took 20 ms for `*e*` on 100 MB: each step a cache miss.)
fn per_article(hits: &[Hit], articles: usize) -> Vec<usize> {
    let mut counts = Vec::with_capacity(articles);
    let mut from = 0;
    for a in 0..articles as u32 {
        let rest = &hits[from..];
        let mut step = 1;
        while step < rest.len() && rest[step - 1].article <= a {
            step *= 2;
        }
        // rest[..step / 2] are all in article a or before; the end is before `step`.
        let low = step / 2;
        let high = step.min(rest.len());
        let end = from + low + rest[low..high].partition_point(|h| h.article <= a);
        counts.push(end - from);
        from = end;
    }
    counts
}

/// A query to answer, numbered: a newer question has a higher number.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub generation: u64,
    pub query: Query,
}

/// The results of the question with the same number, or why there are none (an actor or
/// topic the lexicon does not know).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub generation: u64,
    pub result: Result<Vec<Hit>, QueryError>,
    /// Whether the hits are all of them, or a preview that another answer completes.
    pub coverage: Coverage,
}

/// How much of a query's results some hits are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Coverage {
    /// Every hit.
    #[default]
    Every,
    /// The first hits in corpus order, and how many there are in all if that is known: a
    /// query of millions of hits shows its first screen at once, while every hit (to
    /// scroll through, sort and count per article) is still being found.
    First(Option<usize>),
}

/// The query being typed.
#[derive(Debug, Clone)]
pub struct QueryLine {
    pub text: String,
    /// In characters.
    pub cursor: usize,
    /// The query state from before the line opened, for Esc.
    before: Box<QueryState>,
}

impl App {
    pub(super) fn open_query_line(&mut self) {
        let before = Box::new(QueryState {
            line: None,
            ..self.query.clone()
        });
        let text = self.query.source.clone();
        self.query.line = Some(QueryLine {
            cursor: text.chars().count(),
            text,
            before,
        });
    }

    pub(super) fn edit_query(&mut self, action: &Action) {
        let Some(line) = &mut self.query.line else {
            return;
        };
        let byte = |text: &str, chars: usize| {
            text.char_indices()
                .nth(chars)
                .map_or(text.len(), |(i, _)| i)
        };
        let len = line.text.chars().count();
        match action {
            Action::QueryInsert(c) => {
                if len >= query::MAX_QUERY_CHARS {
                    return;
                }
                let at = byte(&line.text, line.cursor);
                line.text.insert(at, *c);
                line.cursor += 1;
            }
            Action::QueryBackspace if line.cursor > 0 => {
                line.cursor -= 1;
                let at = byte(&line.text, line.cursor);
                line.text.remove(at);
            }
            Action::QueryDelete if line.cursor < len => {
                let at = byte(&line.text, line.cursor);
                line.text.remove(at);
            }
            Action::QueryLeft => line.cursor = line.cursor.saturating_sub(1),
            Action::QueryRight => line.cursor = (line.cursor + 1).min(len),
            Action::QueryHome => line.cursor = 0,
            Action::QueryEnd => line.cursor = len,
            Action::QueryClear => {
                line.text.clear();
                line.cursor = 0;
            }
            _ => return,
        }
        let text = line.text.clone();
        self.run_query(&text);
    }

    pub(super) fn cancel_query(&mut self) {
        if let Some(line) = self.query.line.take() {
            let mut before = *line.before;
            let changed = before.query != self.query.query;
            // A question from before the line opened was given up for the ones typed
            // since: it is asked again.
            let waiting = before.asked.take();
            self.query = before;
            if changed {
                self.results_changed();
            }
            if let Some(question) = waiting {
                self.ask(question.query);
            }
        }
    }

    /// Parses and answers `text`; an empty text clears the query, a bad one is kept as an
    /// error next to the last good results.
    pub(super) fn run_query(&mut self, text: &str) {
        self.query.source = text.to_string();
        if text.trim().is_empty() {
            self.query.error = None;
            self.query.asked = None;
            if self.query.query.take().is_some() {
                self.query.hits = Arc::default();
                self.query.coverage = Coverage::Every;
                self.results_changed();
            }
            return;
        }
        match query::parse(text) {
            Ok(parsed) => {
                self.query.error = None;
                self.ask(parsed);
            }
            Err(error) => self.query.error = Some(error),
        }
    }

    /// Asks for the results of `query`, unless they are shown or already asked for; answers
    /// at once unless the event loop answers (see [`App::answer_in_background`]).
    fn ask(&mut self, query: Query) {
        // A preview is not all there is to show: its question stays asked.
        let shown = self.query.query.as_ref() == Some(&query) && !self.query.is_preview();
        match &self.query.asked {
            Some(asked) if asked.query == query => return,
            // Back to what is shown: nothing to wait for.
            Some(_) if shown => {
                self.query.asked = None;
                return;
            }
            None if shown => return,
            _ => {}
        }
        self.questions.asked += 1;
        // A sort handed to the search thread is given up for this question: it is asked
        // again once the question is answered, if the rows it sorts are still shown.
        self.questions.sort_unsent |= self.kwic.sorting.is_some();
        self.query.asked = Some(Question {
            generation: self.questions.asked,
            query,
        });
        self.questions.unsent = true;
        if self.questions.at_once
            && let Some(question) = self.take_question()
        {
            // An unknown actor or topic is found out here, not by the parser.
            let result = query::evaluate(&self.index, &question.query);
            self.apply_answer(Answer {
                generation: question.generation,
                result,
                coverage: Coverage::Every,
            });
        }
    }

    /// The question asked last, once, for the event loop to have answered (see
    /// [`App::answer`]); `None` if it was taken already or there is none.
    pub fn take_question(&mut self) -> Option<Question> {
        if !std::mem::take(&mut self.questions.unsent) {
            return None;
        }
        self.query.asked.clone()
    }

    /// Shows the results of `answer` if it answers the question asked last; an answer to an
    /// older question is dropped.
    pub fn answer(&mut self, answer: Answer) {
        self.apply_answer(answer);
        self.prepare();
    }

    fn apply_answer(&mut self, answer: Answer) {
        let Some(asked) = self
            .query
            .asked
            .as_ref()
            .filter(|q| q.generation == answer.generation)
        else {
            return;
        };
        // A preview answers in part: the question stays asked until every hit is in.
        let asked = match answer.coverage {
            Coverage::Every => self.query.asked.take().expect("asked, just seen"),
            Coverage::First(_) => asked.clone(),
        };
        match answer.result {
            Ok(hits) => {
                // Every hit after the preview of the same query: the hit the reader is on
                // is among them still.
                let current = self.reader.current;
                let same = self.query.query.as_ref() == Some(&asked.query);
                self.query.hits = Arc::new(hits);
                self.query.coverage = answer.coverage;
                self.query.query = Some(asked.query);
                self.results_changed();
                if same {
                    self.reader.current =
                        current.filter(|c| self.query.hits.binary_search(c).is_ok());
                }
            }
            Err(error) => self.query.error = Some(error),
        }
    }

    /// Re-derives everything that shows the results.
    fn results_changed(&mut self) {
        self.query.per_article = per_article(&self.query.hits, self.index.articles().len());
        self.reader.current = None;
        self.refresh_list();
        self.refresh_kwic();
    }

    /// The query that selects the actor or topic under the cursor in the actor pane.
    pub(super) fn query_selected_count(&mut self) {
        let Some(count) = self.counts.rows.get(self.counts.cursor.selected) else {
            return;
        };
        let lexicon = self.index.lexicon();
        let (sigil, id) = if self.counts.topics {
            (
                '#',
                lexicon.topics.get(count.id as usize).map(|t| t.id.clone()),
            )
        } else {
            (
                '@',
                lexicon.actors.get(count.id as usize).map(|a| a.id.clone()),
            )
        };
        let Some(id) = id else { return };
        let plain = id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        let text = if plain {
            format!("{sigil}{id}")
        } else {
            format!("{sigil}\"{}\"", id.replace('"', ""))
        };
        self.run_query(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_are_counted_per_article_with_none_in_some() {
        let hit = |article| Hit {
            article,
            start: 0,
            end: 1,
        };
        let hits: Vec<Hit> = [0, 0, 2, 2, 2, 5].into_iter().map(hit).collect();
        assert_eq!(per_article(&hits, 7), [2, 0, 3, 0, 0, 1, 0]);
        assert_eq!(per_article(&[], 3), [0, 0, 0]);
        assert_eq!(per_article(&[], 0), [0; 0]);
        // Runs of every length, against a plain count.
        for lengths in [
            [1, 0, 7, 3],
            [16, 15, 17, 0],
            [0, 0, 0, 33],
            [64, 1, 2, 100],
        ] {
            let hits: Vec<Hit> = lengths
                .iter()
                .enumerate()
                .flat_map(|(a, &n)| std::iter::repeat_n(hit(a as u32), n))
                .collect();
            assert_eq!(per_article(&hits, 5), [&lengths[..], &[0]].concat());
        }
    }
}
