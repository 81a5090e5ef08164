//! The tokenizer as it stood before the fused pass, kept unchanged as the oracle that the
//! tests in `equivalence` compare [`super::tokenize`] with: four passes over the text, the
//! first of them [`scan::segments`], each writing a list.
//!
//! Only the word lists, [`is_hyphen`] and the token types are shared with the real module,
//! so that a rule changed there in code shows up here as a failing comparison, not as a
//! silent agreement.

use super::{ABBREVIATIONS, MONTHS, Token, TokenKind, is_hyphen};
use crate::text::scan;

/// Spaces that may stand inside a number as a thousands separator.
fn is_number_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Cuts `text` into tokens. `is_name` says whether a form is a known name that must not be
/// split where a lowercase letter meets an uppercase one (`DePetris`).
pub fn tokenize(text: &str, is_name: &dyn Fn(&str) -> bool) -> Vec<Token> {
    let raw = segments(text, is_name);
    let merged = merge_compounds_and_numbers(text, raw);
    attach_dots(text, merged)
}

/// A piece from the first pass, before merging: a token with 32-bit offsets, so the lists
/// the passes hand on are half the size (they are rewritten once per pass over ten million
/// words).
type Piece = Token;

/// Words from the scanner, with glued words and dotted run-ons split.
fn segments(text: &str, is_name: &dyn Fn(&str) -> bool) -> Vec<Piece> {
    let mut out = Vec::with_capacity(text.len() / 5);
    for seg in scan::segments(text) {
        let word = &text[seg.start..seg.end];
        let alphanumeric =
            word.as_bytes()[0].is_ascii_alphanumeric() || word.chars().any(char::is_alphanumeric);
        if !seg.word || !alphanumeric {
            out.push(Piece {
                start: seg.start as u32,
                end: seg.end as u32,
                kind: TokenKind::Punct,
            });
            continue;
        }
        split_word(text, seg.start, seg.end, is_name, &mut out);
    }
    out
}

/// Whether a word may need splitting: a lowercase letter before an uppercase one, or a dot
/// or colon inside. Most words have neither, and skip the slow path.
pub(super) fn may_split(word: &str) -> bool {
    // One pass over the bytes while they are ASCII, as nearly all are.
    let mut prev_lower = false;
    for &b in word.as_bytes() {
        if !b.is_ascii() {
            return may_split_unicode(word);
        }
        if b == b'.' || b == b':' || (prev_lower && b.is_ascii_uppercase()) {
            return true;
        }
        prev_lower = b.is_ascii_lowercase();
    }
    false
}

/// [`may_split`] by characters, for a word that is not all ASCII.
fn may_split_unicode(word: &str) -> bool {
    let mut prev_lower = false;
    for c in word.chars() {
        if c == '.' || c == ':' || (prev_lower && c.is_uppercase()) {
            return true;
        }
        prev_lower = c.is_lowercase();
    }
    false
}

/// Splits one UAX #29 word at glued joints and dotted run-ons, pushing the pieces.
fn split_word(
    text: &str,
    start: usize,
    end: usize,
    is_name: &dyn Fn(&str) -> bool,
    out: &mut Vec<Piece>,
) {
    let word = &text[start..end];
    let kind_of = |s: &str| {
        if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            TokenKind::Number
        } else {
            TokenKind::Word
        }
    };
    if !may_split(word) || is_name(word) {
        out.push(Piece {
            start: start as u32,
            end: end as u32,
            kind: kind_of(word),
        });
        return;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut piece_start = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        // A dot or colon between letters is a run-on of two words ("betrachtet.wichtigste"),
        // unless a side is short, as in abbreviations ("z.B", "D.C", "u.a") and domains
        // ("ForeignPolicy.com"), or the right side is capitalised ("IPPEN.MEDIA").
        if (c == '.' || c == ':') && i > 0 && i + 1 < chars.len() {
            let left = &word[piece_start..at];
            let right_len = chars[i + 1..]
                .iter()
                .take_while(|(_, c)| c.is_alphabetic())
                .count();
            let left_len = left.chars().rev().take_while(|c| c.is_alphabetic()).count();
            let letters_both_sides =
                prev.is_some_and(char::is_alphabetic) && chars[i + 1].1.is_alphabetic();
            let lower_after = chars[i + 1].1.is_lowercase();
            if letters_both_sides && (c == ':' || (left_len >= 3 && right_len >= 4 && lower_after))
            {
                push_piece(out, start, piece_start, at, kind_of(left));
                out.push(Piece {
                    start: (start + at) as u32,
                    end: (start + at + 1) as u32,
                    kind: TokenKind::Punct,
                });
                piece_start = at + 1;
                i += 1;
                continue;
            }
        }
        // lowercase then uppercase: a glued joint. At least two letters on the left, so that
        // forms like "iPhone" or "eBay" stay whole.
        if c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
            let left = &word[piece_start..at];
            let left_letters = left.chars().rev().take_while(|c| c.is_alphabetic()).count();
            if left_letters >= 2 && !is_name(&word[piece_start..]) {
                push_piece(out, start, piece_start, at, kind_of(left));
                piece_start = at;
            }
        }
        i += 1;
    }
    push_piece(
        out,
        start,
        piece_start,
        word.len(),
        kind_of(&word[piece_start..]),
    );
}

fn push_piece(out: &mut Vec<Piece>, base: usize, from: usize, to: usize, kind: TokenKind) {
    if to > from {
        out.push(Piece {
            start: (base + from) as u32,
            end: (base + to) as u32,
            kind,
        });
    }
}

/// Joins word-hyphen-word runs into compounds, and number pieces into whole numbers.
fn merge_compounds_and_numbers(text: &str, mut pieces: Vec<Piece>) -> Vec<Piece> {
    // Written back into the same list: a merged piece is never ahead of what is read.
    let mut written = 0;
    let mut i = 0;
    while i < pieces.len() {
        let mut cur = pieces[i];
        i += 1;
        if cur.kind == TokenKind::Punct {
            pieces[written] = cur;
            written += 1;
            continue;
        }
        loop {
            // word-word: a compound continues across a hyphen with no space either side.
            if i + 1 < pieces.len()
                && pieces[i].kind == TokenKind::Punct
                && pieces[i].start == cur.end
                && is_hyphen_piece(text, &pieces[i])
                && pieces[i + 1].kind != TokenKind::Punct
                && pieces[i + 1].start == pieces[i].end
            {
                cur.end = pieces[i + 1].end;
                cur.kind = TokenKind::Word;
                i += 2;
                continue;
            }
            if cur.kind == TokenKind::Number {
                // "28 500": a no-break space between a number and three digits.
                if i < pieces.len()
                    && pieces[i].kind == TokenKind::Number
                    && gap(text, &cur, &pieces[i]).chars().count() == 1
                    && gap(text, &cur, &pieces[i]).chars().all(is_number_space)
                    && is_three_digits(pieces[i].text(text))
                {
                    cur.end = pieces[i].end;
                    i += 1;
                    continue;
                }
                // "50%", or "50 %" with a no-break space.
                if i < pieces.len() && is_byte(text, &pieces[i], b'%') {
                    let gap = gap(text, &cur, &pieces[i]);
                    if gap.is_empty()
                        || (gap.chars().count() == 1 && gap.chars().all(is_number_space))
                    {
                        cur.end = pieces[i].end;
                        i += 1;
                        continue;
                    }
                }
            }
            break;
        }
        pieces[written] = cur;
        written += 1;
    }
    pieces.truncate(written);
    pieces
}

/// Whether `piece` is the one ASCII character `b`, looked at as bytes: asked of nearly
/// every piece.
fn is_byte(text: &str, piece: &Piece, b: u8) -> bool {
    piece.end == piece.start + 1 && text.as_bytes()[piece.start as usize] == b
}

/// Whether `piece` starts with a hyphen; U+2010 and U+2011 both start with the byte 0xE2.
fn is_hyphen_piece(text: &str, piece: &Piece) -> bool {
    match text.as_bytes()[piece.start as usize] {
        b'-' => true,
        0xe2 => piece.text(text).starts_with(is_hyphen),
        _ => false,
    }
}

fn is_three_digits(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Gives abbreviations, initials and ordinals their dot.
fn attach_dots(text: &str, mut pieces: Vec<Piece>) -> Vec<Token> {
    // In place, as the merge: a token is written where it or an earlier piece stood.
    let mut written = 0;
    let mut i = 0;
    while i < pieces.len() {
        let p = pieces[i];
        let next_is_dot = i + 1 < pieces.len()
            && pieces[i + 1].start == p.end
            && is_byte(text, &pieces[i + 1], b'.');
        let mut end = p.end;
        if next_is_dot {
            let body = p.text(text);
            let takes_dot = match p.kind {
                TokenKind::Word => is_abbreviation(body),
                TokenKind::Number => is_ordinal(text, body, &pieces, i + 2),
                TokenKind::Punct => false,
            };
            if takes_dot {
                end = pieces[i + 1].end;
                i += 1;
            }
        }
        pieces[written] = Token {
            start: p.start,
            end,
            kind: p.kind,
        };
        written += 1;
        i += 1;
    }
    pieces.truncate(written);
    pieces
}

/// The text between two pieces.
fn gap<'t>(text: &'t str, before: &Piece, after: &Piece) -> &'t str {
    &text[before.end as usize..after.start as usize]
}

/// Whether a word followed by a dot is an abbreviation or an initial.
fn is_abbreviation(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let single_letter = letters.next().is_some() && letters.next().is_none();
    if single_letter && word.chars().count() == 1 {
        return true; // an initial ("R.") or a one-letter abbreviation ("z.", "B.")
    }
    if word.contains('.') {
        // "D.C", "u.a", "z.B": short dotted segments
        return word.split('.').all(|s| s.chars().count() <= 3);
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Whether a number followed by a dot is an ordinal: the next word is lowercase, a month, or
/// another number (`am 27. und 28. Februar`, `am 20. Januar`).
fn is_ordinal(text: &str, number: &str, pieces: &[Piece], next: usize) -> bool {
    if number.len() > 4 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some(p) = pieces.get(next) else {
        return false;
    };
    let gap = gap(text, &pieces[next - 1], p);
    if gap.contains('\n') || gap.is_empty() {
        return false;
    }
    let word = p.text(text);
    match p.kind {
        TokenKind::Number => true,
        TokenKind::Word => {
            word.starts_with(char::is_lowercase) || MONTHS.contains(&word.to_lowercase().as_str())
        }
        TokenKind::Punct => false,
    }
}
