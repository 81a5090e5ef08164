//! An article's words as the matcher and the index compare them: whole tokens and the parts
//! of compounds, each folded once into a term of the article's own small dictionary.
//!
//! Folding and hashing every occurrence was the cost of indexing; here each occurrence only
//! looks its folded form up, and everything per form (which aliases start with it, which
//! topic it belongs to) is worked out once per distinct form.

use crate::index::NO_TERM;
use crate::text::fold::fold_into;
use crate::text::gap_breaks_line;
use crate::text::token::{Token, TokenKind, is_compound, is_hyphen};
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// One word for matching: a whole token, or a part of a compound.
#[derive(Debug, Clone, Copy)]
pub struct Piece {
    pub start: u32,
    pub end: u32,
    /// The token it belongs to.
    pub token: u32,
    /// The word token it belongs to, counting words and numbers only.
    pub word: u32,
    /// 0 for a whole token, k for the k-th part of a compound.
    pub part: u16,
    /// Its folded form, as an id into [`Words::terms`].
    pub term: u32,
    /// Punctuation or a line break stands between this piece and the one before.
    pub break_before: bool,
}

impl Piece {
    pub fn in_compound(&self) -> bool {
        self.part > 0
    }
}

/// The folded words of one text.
#[derive(Debug, Default)]
pub struct Words {
    pub pieces: Vec<Piece>,
    /// Local term id to folded form (trailing dots removed).
    pub terms: TermList,
    /// Per token, the local term of its whole form; [`NO_TERM`] for punctuation.
    pub token_terms: Vec<u32>,
}

/// The distinct folded forms of one text, by local id, in one buffer: an article has
/// hundreds of them and a corpus millions, too many to allocate one by one.
#[derive(Debug, Default)]
pub struct TermList {
    text: String,
    /// Where each form ends in `text`; it starts where the one before ends.
    ends: Vec<u32>,
    /// Each form's [`hash_form`], which the index looks it up by.
    hashes: Vec<u64>,
}

impl TermList {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The folded form of local term `id`.
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start as usize..self.ends[i] as usize]
    }

    /// The [`hash_form`] of local term `id`.
    pub fn hash(&self, id: u32) -> u64 {
        self.hashes[id as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|id| self.get(id))
    }
}

/// Numbers the distinct forms of a text as they come.
struct Interner<'t> {
    list: TermList,
    ids: HashTable<u32>,
    /// The text the words come from.
    text: &'t str,
    /// Each distinct spelling seen so far, as it stands in the text, with the id of its
    /// folded form: most words repeat a spelling already seen, and are numbered by one
    /// look-up of their bytes, without being copied and folded again.
    spellings: HashTable<Spelling>,
}

#[derive(Clone, Copy)]
struct Spelling {
    start: u32,
    end: u32,
    id: u32,
}

/// Whether two words are the same bytes. Words are short, and a loop the compiler can
/// inline beats a call to `memcmp` for every look-up that finds its entry.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The hash of a folded form in an article's dictionary (FxHash, which is quick on the
/// short words that make up most of a text).
pub(crate) fn hash_form(form: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(form)
}

impl Interner<'_> {
    /// The id of the form just appended to `list.text` after `from`, dropping the copy
    /// if the form is already known.
    fn settle(&mut self, from: usize) -> u32 {
        let Interner { list, ids, .. } = self;
        let form = &list.text.as_bytes()[from..];
        let hash = hash_form(&list.text[from..]);
        let (text, ends) = (list.text.as_bytes(), &list.ends);
        let known = ids.find(hash, |&id| {
            let i = id as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] as usize };
            same_bytes(&text[start..ends[i] as usize], form)
        });
        if let Some(&id) = known {
            list.text.truncate(from);
            return id;
        }
        let id = list.ends.len() as u32;
        list.ends.push(list.text.len() as u32);
        list.hashes.push(hash);
        let hashes = &list.hashes;
        ids.insert_unique(hash, id, |&id| hashes[id as usize]);
        id
    }

    /// The id of the folded form of the word at `start..end` of the text, its trailing
    /// dots left out.
    fn intern(&mut self, start: u32, end: u32) -> u32 {
        // Bytes, not str: slicing a str checks char boundaries, and this runs per word.
        let text = self.text.as_bytes();
        let spelling = &text[start as usize..end as usize];
        let hash = rustc_hash::FxBuildHasher.hash_one(spelling);
        let known = self.spellings.find(hash, |s| {
            &text[s.start as usize..s.end as usize] == spelling
        });
        if let Some(s) = known {
            return s.id;
        }
        let id = self.fold(&self.text[start as usize..end as usize]);
        self.spellings
            .insert_unique(hash, Spelling { start, end, id }, |s| {
                rustc_hash::FxBuildHasher.hash_one(&text[s.start as usize..s.end as usize])
            });
        id
    }

    /// The id of the folded form of `word`, its trailing dots left out.
    fn fold(&mut self, word: &str) -> u32 {
        let from = self.list.text.len();
        let word = word.trim_end_matches('.');
        // Most words are ASCII: copied and lowercased in place, without the checks of
        // full case folding.
        if word.is_ascii() {
            self.list.text.push_str(word);
            self.list.text[from..].make_ascii_lowercase();
        } else {
            fold_into(word, &mut self.list.text);
        }
        self.settle(from)
    }
}

/// The parts of the compound word token `t` between its hyphens, as byte ranges into the
/// text.
fn compound_parts(t: &Token, text: &str) -> impl Iterator<Item = (u32, u32)> {
    let body = t.text(text);
    let base = body.as_ptr() as usize;
    body.split(is_hyphen)
        .filter(|p| !p.is_empty())
        .map(move |p| {
            let s = t.start + (p.as_ptr() as usize - base) as u32;
            (s, s + p.len() as u32)
        })
}

impl Words {
    /// Folds and numbers the words of `tokens`.
    pub fn new(text: &str, tokens: &[Token]) -> Words {
        let compounds: Vec<u32> = tokens
            .iter()
            .filter(|t| is_compound(t, text))
            .map(|t| t.start)
            .collect();
        Words::with_compounds(text, tokens, &compounds)
    }

    /// [`Words::new`] for tokens whose compounds are known: `compounds` holds the start of
    /// each, in text order, as [`crate::text::token::Tokenized::compounds`] does.
    pub fn with_compounds(text: &str, tokens: &[Token], compounds: &[u32]) -> Words {
        let mut words = Words {
            pieces: Vec::with_capacity(tokens.len()),
            terms: TermList::default(),
            token_terms: Vec::with_capacity(tokens.len()),
        };
        let mut interner = Interner {
            list: TermList {
                text: String::with_capacity(text.len() / 2),
                ends: Vec::with_capacity(tokens.len() / 3),
                hashes: Vec::with_capacity(tokens.len() / 3),
            },
            // Room for a distinct form in three tokens: seldom grown, seldom rehashed.
            ids: HashTable::with_capacity(tokens.len() / 3),
            text,
            spellings: HashTable::with_capacity(tokens.len() / 3),
        };
        let mut punct_since_last = false;
        let mut last_end: Option<u32> = None;
        let mut word = 0u32;
        let mut compounds = compounds.iter().peekable();
        for (ti, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Punct {
                punct_since_last = true;
                words.token_terms.push(NO_TERM);
                continue;
            }
            let gap_breaks = last_end
                .is_some_and(|e| gap_breaks_line(&text.as_bytes()[e as usize..t.start as usize]));
            let break_before = punct_since_last || gap_breaks;
            punct_since_last = false;
            last_end = Some(t.end);
            let whole = interner.intern(t.start, t.end);
            words.token_terms.push(whole);
            let mut piece = Piece {
                start: t.start,
                end: t.end,
                token: ti as u32,
                word,
                part: 0,
                term: whole,
                break_before,
            };
            word += 1;
            if compounds.next_if_eq(&&t.start).is_none() {
                words.pieces.push(piece);
                continue;
            }
            debug_assert!(is_compound(t, text));
            let before = words.pieces.len();
            for (k, (s, e)) in compound_parts(t, text).enumerate() {
                piece.start = s;
                piece.end = e;
                piece.part = (k + 1).min(u16::MAX as usize) as u16;
                piece.term = interner.intern(s, e);
                piece.break_before = k == 0 && break_before;
                words.pieces.push(piece);
            }
            if words.pieces.len() == before {
                // Hyphens only: no parts, the token stands alone.
                words.pieces.push(Piece {
                    start: t.start,
                    end: t.end,
                    ..piece
                });
            }
        }
        words.terms = interner.list;
        words
    }

    /// The folded form of a piece.
    pub fn key(&self, piece: &Piece) -> &str {
        self.terms.get(piece.term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::token::tokenize;

    #[test]
    fn each_term_keeps_the_hash_of_its_folded_form() {
        let text = "Die USA, die Vereinigten Staaten und die US-Sanktionen. Straße STRASSE z.B.";
        let tokens = tokenize(text, &|_| true);
        let words = Words::new(text, &tokens);
        assert!(words.terms.len() > 5);
        for (id, term) in words.terms.iter().enumerate() {
            assert_eq!(words.terms.hash(id as u32), hash_form(term), "{term}");
        }
        let forms: Vec<&str> = words.terms.iter().collect();
        assert!(forms.contains(&"die") && forms.contains(&"sanktionen"));
    }
}
