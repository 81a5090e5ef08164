//! An article's words as the matcher and the index compare them: whole tokens and the parts
//! of compounds, each folded once into a term of the article's own small dictionary.
//!
//! Folding and hashing every occurrence was the cost of indexing; here each occurrence only
//! looks its folded form up, and everything per form (which aliases start with it, which
//! topic it belongs to) is worked out once per distinct form.

use crate::index::NO_TERM;
use crate::text::fold::fold_into;
use crate::text::token::{Token, TokenKind, parts};
use rustc_hash::FxHashMap;

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
    pub terms: Vec<Box<str>>,
    /// Per token, the local term of its whole form; [`NO_TERM`] for punctuation.
    pub token_terms: Vec<u32>,
}

impl Words {
    /// Folds and numbers the words of `tokens`.
    pub fn new(text: &str, tokens: &[Token]) -> Words {
        let mut ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut words = Words {
            pieces: Vec::with_capacity(tokens.len()),
            terms: Vec::new(),
            token_terms: Vec::with_capacity(tokens.len()),
        };
        let mut buf = String::new();
        // Each distinct form is allocated once, as the map's key; the list of forms by id is
        // made from the map at the end.
        let mut intern = |s: &str, buf: &mut String| -> u32 {
            buf.clear();
            fold_into(s.trim_end_matches('.'), buf);
            if let Some(id) = ids.get(buf.as_str()) {
                return *id;
            }
            let id = ids.len() as u32;
            ids.insert(buf.as_str().into(), id);
            id
        };
        let mut punct_since_last = false;
        let mut last_end: Option<u32> = None;
        let mut word = 0u32;
        for (ti, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Punct {
                punct_since_last = true;
                words.token_terms.push(NO_TERM);
                continue;
            }
            let gap_breaks =
                last_end.is_some_and(|e| text[e as usize..t.start as usize].contains('\n'));
            let break_before = punct_since_last || gap_breaks;
            punct_since_last = false;
            last_end = Some(t.end);
            let whole = intern(t.text(text), &mut buf);
            words.token_terms.push(whole);
            let ps = parts(t, text);
            if ps.is_empty() {
                words.pieces.push(Piece {
                    start: t.start,
                    end: t.end,
                    token: ti as u32,
                    word,
                    part: 0,
                    term: whole,
                    break_before,
                });
                word += 1;
                continue;
            }
            for (k, (s, e)) in ps.into_iter().enumerate() {
                let term = intern(&text[s as usize..e as usize], &mut buf);
                let part = (k + 1).min(u16::MAX as usize) as u16;
                words.pieces.push(Piece {
                    start: s,
                    end: e,
                    token: ti as u32,
                    word,
                    part,
                    term,
                    break_before: k == 0 && break_before,
                });
            }
            word += 1;
        }
        words.terms = vec![Box::default(); ids.len()];
        for (term, id) in ids {
            words.terms[id as usize] = term;
        }
        words
    }

    /// The folded form of a piece.
    pub fn key(&self, piece: &Piece) -> &str {
        &self.terms[piece.term as usize]
    }
}
