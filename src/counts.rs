//! Counts per actor and per keyword topic, read from the index's mentions and hits.

use crate::index::Index;

/// How often one actor (or topic) is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Index into the lexicon's actors (or topics).
    pub id: u32,
    pub total: usize,
    /// Number of articles with at least one mention.
    pub articles: usize,
    /// `(article index, count)` for each article with a mention, in corpus order.
    pub per_article: Vec<(u32, usize)>,
}

/// Mentions per actor, in the whole corpus or in one article, sorted by total (descending,
/// then by name); actors with no mention are left out.
pub fn actor_counts(index: &Index, article: Option<u32>) -> Vec<Count> {
    let actors = &index.lexicon().actors;
    let lists = (0..actors.len()).map(|a| index.actor_mentions(a));
    by_total(tally(lists, article), |id| &actors[id as usize].name)
}

/// Hits per keyword topic, likewise.
pub fn topic_counts(index: &Index, article: Option<u32>) -> Vec<Count> {
    let topics = &index.lexicon().topics;
    let lists = (0..topics.len()).map(|t| index.topic_hits(t));
    by_total(tally(lists, article), |id| &topics[id as usize].name)
}

/// Largest total first; a tie in name order, so the order never depends on the lexicon's.
fn by_total<'n>(mut counts: Vec<Count>, name: impl Fn(u32) -> &'n str) -> Vec<Count> {
    counts.sort_by(|x, y| {
        y.total
            .cmp(&x.total)
            .then_with(|| name(x.id).cmp(name(y.id)))
    });
    counts
}

/// Counts from per-entry lists of `(article, _)` in corpus order.
fn tally<'a>(lists: impl Iterator<Item = &'a [(u32, u32)]>, only: Option<u32>) -> Vec<Count> {
    let mut out = Vec::new();
    for (id, list) in lists.enumerate() {
        let mut per_article: Vec<(u32, usize)> = Vec::new();
        for &(a, _) in list {
            if only.is_some_and(|o| o != a) {
                continue;
            }
            match per_article.last_mut() {
                Some((last, n)) if *last == a => *n += 1,
                _ => per_article.push((a, 1)),
            }
        }
        let total = per_article.iter().map(|(_, n)| n).sum();
        if total > 0 {
            out.push(Count {
                id: id as u32,
                total,
                articles: per_article.len(),
                per_article,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::lexicon::Lexicon;

    const LEXICON: &str = r#"
[[actor]]
id = "trump"
name = "Donald Trump"
kind = "person"
aliases = ["Trump"]

[[actor]]
id = "kim"
name = "Kim Jong Un"
kind = "person"
aliases = ["Kim"]

[[actor]]
id = "moon"
name = "Moon Jae-in"
kind = "person"

[[topic]]
id = "summit"
name = "Gipfel"
terms = ["*gipfel*"]
"#;

    fn index() -> Index {
        let corpus = Corpus::from_texts([
            (
                "a.txt",
                "Trump traf Kim. Trumps Gipfel mit Kim-Trump-Gipfeltreffen.",
            ),
            ("b.txt", "Kim schwieg."),
        ]);
        Index::build(corpus, Lexicon::parse(LEXICON, "t.toml").expect("lexicon"))
    }

    #[test]
    fn actor_counts_have_totals_articles_and_per_article_sorted_by_total() {
        let idx = index();
        let counts = actor_counts(&idx, None);
        // A tie on the total is ordered by name: Donald Trump before Kim Jong Un.
        let trump = Count {
            id: 0,
            total: 3,
            articles: 1,
            per_article: vec![(0, 3)],
        };
        let kim = Count {
            id: 1,
            total: 3,
            articles: 2,
            per_article: vec![(0, 2), (1, 1)],
        };
        assert_eq!(counts, [trump, kim]);
    }

    #[test]
    fn counts_for_one_article_leave_the_others_out() {
        let idx = index();
        let counts = actor_counts(&idx, Some(1));
        assert_eq!(
            counts,
            [Count {
                id: 1,
                total: 1,
                articles: 1,
                per_article: vec![(1, 1)]
            }]
        );
    }

    #[test]
    fn topic_counts_count_keyword_hits() {
        let idx = index();
        let counts = topic_counts(&idx, None);
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].total, 2);
    }
}
