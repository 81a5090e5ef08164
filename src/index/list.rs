//! A term's posting list as the build grows it and the built index keeps it.
//!
//! Most distinct terms of a real corpus stand once or twice in it: names, numbers, typos,
//! rare inflected forms. A vector of their own cost each of them an allocation besides the
//! vector itself, 56 bytes or more for one posting of 8, and the allocator's work in the
//! merge, which runs on one thread. So a list of one posting keeps it in place, in the
//! same 24 bytes a vector takes, and only a second posting gives it a vector.

use super::prefetch::prefetch;
use super::terms::Posting;

/// The postings of one term, in corpus order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PostingList {
    /// One posting, held in place.
    One(Posting),
    /// No posting (a list not yet grown), or two and more.
    Many(Vec<Posting>),
}

impl Default for PostingList {
    fn default() -> Self {
        PostingList::Many(Vec::new())
    }
}

impl PostingList {
    pub(super) fn as_slice(&self) -> &[Posting] {
        match self {
            PostingList::One(p) => std::slice::from_ref(p),
            PostingList::Many(list) => list,
        }
    }

    /// Appends `run`, the postings of article `a` with article 0 (see
    /// [`Posting::in_article`]). When a vector has no room for them, it is given
    /// `room(len, run_len)` more, at least `run_len`.
    pub(super) fn append(
        &mut self,
        run: &[Posting],
        a: u32,
        room: impl FnOnce(usize, usize) -> usize,
    ) {
        match self {
            PostingList::Many(list) if list.capacity() - list.len() >= run.len() => {
                list.extend(run.iter().map(|p| p.in_article(a)));
            }
            PostingList::Many(list) if list.is_empty() && run.len() == 1 => {
                *self = PostingList::One(run[0].in_article(a));
            }
            PostingList::Many(list) => {
                list.reserve_exact(room(list.len(), run.len()).max(run.len()));
                list.extend(run.iter().map(|p| p.in_article(a)));
            }
            PostingList::One(first) => {
                let mut list = Vec::with_capacity(1 + room(1, run.len()).max(run.len()));
                list.push(*first);
                list.extend(run.iter().map(|p| p.in_article(a)));
                *self = PostingList::Many(list);
            }
        }
    }

    /// Asks for the memory the next [`PostingList::append`] will write to, if the list
    /// is a vector (see [`super::prefetch`]).
    #[inline(always)]
    pub(super) fn prefetch_end(&self) {
        if let PostingList::Many(list) = self {
            prefetch(list.as_ptr().wrapping_add(list.len()));
        }
    }

    /// Gives back the room a vector grew into.
    pub(super) fn shrink_to_fit(&mut self) {
        if let PostingList::Many(list) = self {
            list.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tokens: &[u32]) -> Vec<Posting> {
        tokens.iter().map(|&t| Posting::new(0, t, 0)).collect()
    }

    fn places(list: &PostingList) -> Vec<(u32, u32)> {
        list.as_slice()
            .iter()
            .map(|p| (p.article(), p.token()))
            .collect()
    }

    #[test]
    fn a_list_is_no_larger_than_a_vector() {
        assert_eq!(
            std::mem::size_of::<PostingList>(),
            std::mem::size_of::<Vec<Posting>>()
        );
    }

    #[test]
    fn one_posting_is_held_in_place_and_more_go_on_in_order() {
        let mut list = PostingList::default();
        assert!(list.as_slice().is_empty());
        list.append(&run(&[4]), 1, |_, _| 0);
        assert_eq!(list, PostingList::One(Posting::new(1, 4, 0)));
        list.append(&run(&[2, 9]), 3, |_, _| 0);
        assert_eq!(places(&list), [(1, 4), (3, 2), (3, 9)]);
        list.append(&run(&[0]), 5, |_, _| 0);
        list.append(&run(&[]), 6, |_, _| 0);
        assert_eq!(places(&list), [(1, 4), (3, 2), (3, 9), (5, 0)]);
        list.shrink_to_fit();
        assert_eq!(places(&list), [(1, 4), (3, 2), (3, 9), (5, 0)]);
    }

    #[test]
    fn a_first_run_of_several_goes_in_a_vector_with_the_room_asked() {
        let mut list = PostingList::default();
        list.append(&run(&[1, 2]), 7, |len, run| len + run + 10);
        assert_eq!(places(&list), [(7, 1), (7, 2)]);
        let PostingList::Many(v) = &list else {
            panic!("two postings are a vector")
        };
        assert_eq!(v.capacity(), 12);
        // The room asked is used until it is full, then asked for again.
        let mut asked = Vec::new();
        for a in 8..20 {
            list.append(&run(&[a]), a, |len, run| {
                asked.push(len);
                len + run
            });
        }
        assert_eq!(asked, [12]);
        assert_eq!(list.as_slice().len(), 14);
    }

    #[test]
    fn a_single_posting_that_grows_asks_for_room() {
        let mut list = PostingList::default();
        list.append(&run(&[3]), 0, |_, _| {
            unreachable!("one posting needs no room")
        });
        let mut asked = None;
        list.append(&run(&[5]), 2, |len, run| {
            asked = Some((len, run));
            6
        });
        assert_eq!(asked, Some((1, 1)));
        let PostingList::Many(v) = &list else {
            panic!("two postings are a vector")
        };
        assert_eq!(v.capacity(), 7);
    }
}
