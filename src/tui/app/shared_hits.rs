//! A run of a query's hits, shared rather than copied: the hits of one article are a slice
//! of the query's, and an article can hold millions of them (a wide wildcard in a corpus
//! that is one large file), which a copy for every key that shows them would cost tens of
//! milliseconds.

use lupe::query::Hit;
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// `all[range]`, read as a slice of hits.
#[derive(Clone, Default)]
pub struct SharedHits {
    all: Arc<Vec<Hit>>,
    range: Range<usize>,
}

impl SharedHits {
    /// Hits `range` of `all`.
    pub fn part(all: &Arc<Vec<Hit>>, range: Range<usize>) -> SharedHits {
        let range = range.start.min(all.len())..range.end.min(all.len());
        SharedHits {
            all: Arc::clone(all),
            range,
        }
    }

    /// Whether these are hits of `all` itself, not of a copy.
    #[cfg(test)]
    pub fn shares(&self, all: &Arc<Vec<Hit>>) -> bool {
        Arc::ptr_eq(&self.all, all)
    }

    /// Every hit of `all`.
    pub fn whole(all: &Arc<Vec<Hit>>) -> SharedHits {
        SharedHits::part(all, 0..all.len())
    }
}

impl From<Vec<Hit>> for SharedHits {
    fn from(hits: Vec<Hit>) -> SharedHits {
        SharedHits::whole(&Arc::new(hits))
    }
}

impl Deref for SharedHits {
    type Target = [Hit];

    fn deref(&self) -> &[Hit] {
        &self.all[self.range.clone()]
    }
}

impl PartialEq for SharedHits {
    fn eq(&self, other: &SharedHits) -> bool {
        **self == **other
    }
}

impl fmt::Debug for SharedHits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_reads_as_its_slice_of_the_hits_it_shares() {
        let hit = |article, start| Hit {
            article,
            start,
            end: start + 1,
        };
        let all = Arc::new(vec![hit(0, 1), hit(1, 2), hit(1, 5), hit(2, 0)]);
        let part = SharedHits::part(&all, 1..3);
        assert_eq!(*part, [hit(1, 2), hit(1, 5)]);
        assert!(part.shares(&all), "shared, not copied");
        assert_eq!(*SharedHits::whole(&all), *all);
        assert!(
            SharedHits::part(&all, 3..9).len() == 1,
            "cut to the hits there are"
        );
        assert!(SharedHits::default().is_empty());
    }
}
