//! An article's words as the matcher and the index compare them: whole tokens and the parts
//! of compounds, each folded once into a term of the article's own small dictionary.
//!
//! Folding and hashing every occurrence was the cost of indexing; here each occurrence only
//! looks its folded form up, and everything per form (which aliases start with it, which
//! topic it belongs to) is worked out once per distinct form.

use crate::index::NO_TERM;
use crate::text::fold::fold_into;
use crate::text::gap_breaks_line;
use crate::text::token::{Token, TokenKind, compound_starts, is_compound, is_hyphen, lanes};
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
    /// Where each compound cut into parts starts in `pieces`: its first part.
    pub compounds: Vec<u32>,
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

    /// The hash of local term `id`: the one the vocabulary looks the term up by.
    pub fn hash(&self, id: u32) -> u64 {
        self.hashes[id as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|id| self.get(id))
    }
}

/// Numbers the distinct forms of a text as they come.
///
/// A plain word (ASCII, not too long, no trailing dot: most words of a text) is folded
/// while it is looked up: it is read eight bytes at a time, lowercased in place, hashed,
/// and found by its folded form, with no copy and no second table. Other words go through
/// a table of the spellings seen so far, so that each distinct one is folded only once.
struct Interner<'t> {
    list: TermList,
    /// The folded forms, by [`hash_form`].
    forms: HashTable<Form>,
    /// The text the words come from.
    text: &'t str,
    /// Each distinct spelling not taken by the quick path seen so far, as it stands in the
    /// text, with the id of its folded form.
    spellings: HashTable<Spelling>,
}

/// A folded form in [`Interner::forms`]: its first eight bytes (zero after its end) and
/// its length, which settle most comparisons without reading the form itself.
#[derive(Clone, Copy)]
struct Form {
    head: u64,
    len: u32,
    id: u32,
}

#[derive(Clone, Copy)]
struct Spelling {
    start: u32,
    end: u32,
    id: u32,
}

/// The longest word the quick path of [`Interner::intern`] takes, in eight-byte chunks.
const CHUNKS: usize = 3;

/// The hash of a folded form of `len` bytes, from its bytes in eight-byte chunks, the last
/// one zero after the form's end (see [`hash_form`]).
#[inline]
fn hash_chunks(chunks: impl IntoIterator<Item = u64>, len: usize) -> u64 {
    // FxHash's step, one chunk at a time.
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = (len as u64).wrapping_mul(K);
    for c in chunks {
        h = (h ^ c).wrapping_mul(K);
    }
    // The product's high bits depend on every bit of the input; the tables take low bits.
    h.rotate_left(26)
}

/// The hash of a folded form, in an article's dictionary and in the vocabulary.
pub(crate) fn hash_form(form: &str) -> u64 {
    hash_chunks(form.as_bytes().chunks(8).map(chunk_of), form.len())
}

/// Up to eight bytes as a little-endian number, zero after their end.
#[inline]
fn chunk_of(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(buf)
}

/// `text[at..at + n]`, `n` at most eight, as [`chunk_of`] gives it.
#[inline(always)]
fn load(text: &[u8], at: usize, n: usize) -> u64 {
    let x = lanes::load(text, at);
    if n >= 8 {
        x
    } else {
        x & ((1u64 << (8 * n)) - 1)
    }
}

impl Interner<'_> {
    /// The id of `form`, whose first chunk (as [`load`] gives it) is `head` and whose
    /// [`hash_form`] is `hash`, if it is known. Not inlined: in one place, the table's
    /// search is inlined into it.
    #[inline(never)]
    fn find_form(&self, hash: u64, head: u64, form: &[u8]) -> Option<u32> {
        let (text, ends) = (self.list.text.as_bytes(), &self.list.ends);
        let len = form.len();
        self.forms
            .find(hash, |f| {
                f.head == head
                    && f.len as usize == len
                    && (len <= 8 || {
                        let end = ends[f.id as usize] as usize;
                        &text[end - len..end] == form
                    })
            })
            .map(|f| f.id)
    }

    /// Adds the form just appended to `list.text` after `from`, new, with its hash.
    #[inline(always)]
    fn add_form(&mut self, from: usize, hash: u64, head: u64) -> u32 {
        let list = &mut self.list;
        let id = list.ends.len() as u32;
        let len = (list.text.len() - from) as u32;
        list.ends.push(list.text.len() as u32);
        list.hashes.push(hash);
        let hashes = &list.hashes;
        self.forms
            .insert_unique(hash, Form { head, len, id }, |f| hashes[f.id as usize]);
        id
    }

    /// The id of the form just appended to `list.text` after `from`, dropping the copy
    /// if the form is already known.
    fn settle(&mut self, from: usize) -> u32 {
        let form = &self.list.text.as_bytes()[from..];
        let hash = hash_form(&self.list.text[from..]);
        let head = chunk_of(&form[..form.len().min(8)]);
        if let Some(id) = self.find_form(hash, head, form) {
            self.list.text.truncate(from);
            return id;
        }
        self.add_form(from, hash, head)
    }

    /// The id of the folded form of the word at `start..end` of the text, its trailing
    /// dots left out.
    #[inline]
    fn intern(&mut self, start: u32, end: u32) -> u32 {
        let text = self.text.as_bytes();
        let (s, e) = (start as usize, end as usize);
        let len = e - s;
        if len == 0 || len > 8 * CHUNKS || text[e - 1] == b'.' {
            return self.intern_spelling(start, end);
        }
        // Most words fit one chunk.
        let first = load(text, s, len.min(8));
        let mut chunks = [lanes::ascii_lowercase(first), 0, 0];
        let mut any = first;
        let n = len.div_ceil(8);
        let mut k = 1;
        while k < n {
            let x = load(text, s + 8 * k, (len - 8 * k).min(8));
            any |= x;
            chunks[k] = lanes::ascii_lowercase(x);
            k += 1;
        }
        if any & lanes::HIGH != 0 {
            return self.intern_spelling(start, end);
        }
        let hash = hash_chunks(chunks[..n].iter().copied(), len);
        let mut bytes = [0u8; 8 * CHUNKS];
        for (k, c) in chunks[..n].iter().enumerate() {
            bytes[8 * k..8 * k + 8].copy_from_slice(&c.to_le_bytes());
        }
        if let Some(id) = self.find_form(hash, chunks[0], &bytes[..len]) {
            return id;
        }
        let from = self.list.text.len();
        self.list.text.push_str(&self.text[s..e]);
        self.list.text[from..].make_ascii_lowercase();
        self.add_form(from, hash, chunks[0])
    }

    /// [`Interner::intern`] for a word the quick path does not take, through the table of
    /// spellings.
    fn intern_spelling(&mut self, start: u32, end: u32) -> u32 {
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
        fold_into(word, &mut self.list.text);
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
        Words::with_compounds(text, tokens, &compound_starts(tokens, text))
    }

    /// [`Words::new`] for tokens whose compounds are known: `compounds` holds the start of
    /// each, in text order, as [`crate::text::token::Tokenized::compounds`] does.
    pub fn with_compounds(text: &str, tokens: &[Token], compounds: &[u32]) -> Words {
        let mut words = Words {
            pieces: Vec::with_capacity(tokens.len()),
            terms: TermList::default(),
            token_terms: Vec::with_capacity(tokens.len()),
            compounds: Vec::new(),
        };
        // Room for a distinct form in three tokens: an article's tables are then seldom
        // grown. But a text's vocabulary grows ever slower than the text: sized so for a
        // file of 100 MB, with room for 5 million forms where 61,000 came, every look-up
        // missed the processor's caches (3.8 s rather than 3.2 s to index it). So past
        // some 16,000 forms the tables grow as they fill.
        let expected_forms = (tokens.len() / 3).min(1 << 14);
        let mut interner = Interner {
            list: TermList {
                text: String::with_capacity(text.len() / 2),
                ends: Vec::with_capacity(expected_forms),
                hashes: Vec::with_capacity(expected_forms),
            },
            forms: HashTable::with_capacity(expected_forms),
            text,
            spellings: HashTable::with_capacity(expected_forms),
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
            if words.pieces.len() > before {
                words.compounds.push(before as u32);
            } else {
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
    use crate::text::fold::fold;
    use crate::text::token::tokenize;
    use proptest::prelude::*;

    proptest! {
        /// Every piece, whichever path numbers it (the quick one for plain ASCII words, or
        /// the table of spellings), gets the id of its folded form, dots at its end left
        /// out; and each form has one id. Words of all lengths around the quick path's
        /// limit, and at the very end of the text, where eight bytes cannot be read.
        #[test]
        fn each_piece_is_numbered_by_its_folded_form(
            sample in "([a-zA-ZäÖß.\\-]{1,30}[ ,]){0,30}[a-zA-Z.]{0,12}",
        ) {
            let tokens = tokenize(&sample, &|_| false);
            let words = Words::new(&sample, &tokens);
            let forms: Vec<&str> = words.terms.iter().collect();
            let mut seen = std::collections::HashSet::new();
            for form in &forms {
                prop_assert!(seen.insert(*form), "{:?} twice", form);
            }
            for piece in &words.pieces {
                let spelling = &sample[piece.start as usize..piece.end as usize];
                prop_assert_eq!(
                    words.key(piece),
                    fold(spelling.trim_end_matches('.')),
                    "{:?}", spelling
                );
            }
            for (id, term) in words.terms.iter().enumerate() {
                prop_assert_eq!(words.terms.hash(id as u32), hash_form(term));
            }
        }
    }

    #[test]
    fn a_text_of_more_forms_than_the_tables_first_hold_numbers_each_once() {
        // 40,000 distinct forms, past the room the tables start with, then each again in
        // other letters, so that every form is looked up after the tables grew: half of
        // them plain ASCII, half with an umlaut, which take the table of spellings.
        let pass = |end: &str| -> String {
            (0..40_000)
                .map(|i| {
                    let stem = if i % 2 == 0 { "Wort" } else { "Wört" };
                    format!("{stem}{i:05}{end} ")
                })
                .collect()
        };
        let text = pass("x") + &pass("X");
        let tokens = tokenize(&text, &|_| false);
        let words = Words::new(&text, &tokens);
        assert_eq!(words.pieces.len(), 80_000);
        assert_eq!(words.terms.len(), 40_000);
        for piece in &words.pieces {
            let spelling = &text[piece.start as usize..piece.end as usize];
            assert_eq!(words.key(piece), fold(spelling), "{spelling}");
        }
        for (id, term) in words.terms.iter().enumerate() {
            assert_eq!(words.terms.hash(id as u32), hash_form(term));
        }
    }

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
