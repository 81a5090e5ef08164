//! The one pass over the text: words are found by the scanner's rules (see
//! [`crate::text::scan`]) and handed on as pieces to the joining stages ([`super::tail`])
//! at once.
//!
//! While a word is scanned, the same loop notes what would make it need the slow rules of
//! [`super::split_word`]: a lowercase letter followed by an uppercase one, or a dot or colon
//! inside. A word with neither, nearly every word, becomes one piece without being looked
//! at again. Runs of ASCII letters and digits, and of white space, are taken eight bytes at
//! a time ([`super::lanes`]); the accented letters of European languages a character at a
//! time with a table ([`LATIN`]); everything else by the scanner's general rules.

use super::lanes;
use super::tail::Tail;
use super::{Token, TokenKind, Tokenized, dots_may_split, kind_of, split_word};
use crate::text::scan::{self, Class};

/// Flags of an ASCII byte: a letter, digit or `_` goes on with a word, and lowercase and
/// uppercase letters are noted to spot a glued joint (`zurechtTrump`), digits to see a
/// number, and letters and digits (ALNUM, not `_`) to see that a word is no punctuation;
/// white space is skipped; and a byte that ENDS a word is one that cannot join it to what
/// follows (white space, or punctuation that is not a dot, colon, comma, semicolon or
/// apostrophe).
const WORD: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
const DIGIT: u8 = 8;
const ALNUM: u8 = 16;
const ENDS: u8 = 32;
const SPACE: u8 = 64;

const FLAGS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match scan::ASCII[b] {
            Class::Letter if (b as u8).is_ascii_lowercase() => WORD | LOWER | ALNUM,
            Class::Letter if (b as u8).is_ascii_uppercase() => WORD | UPPER | ALNUM,
            Class::Digit => WORD | DIGIT | ALNUM,
            Class::Letter => WORD, // `_`
            Class::Space => SPACE | ENDS,
            Class::Other => ENDS,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The case of the letters U+00C0 to U+017F (the accented letters of European languages,
/// which the scanner classes as letters without asking the general tables), LOWER or UPPER;
/// 0 for U+00D7 and U+00F7, which are signs. A test checks it against the general tables.
const LATIN: [u8; 0xc0] = {
    let mut table = [0u8; 0xc0];
    let mut i = 0;
    while i < 0xc0 {
        let c = i + 0xc0;
        // Pairs of capital and small letter, the capital first at an even or an odd place.
        let even_capital = if c % 2 == 0 { UPPER } else { LOWER };
        let odd_capital = if c % 2 == 1 { UPPER } else { LOWER };
        table[i] = match c {
            0xd7 | 0xf7 => 0,
            0xc0..=0xde => UPPER,
            0xdf..=0xff => LOWER,
            0x100..=0x137 | 0x14a..=0x177 => even_capital,
            0x139..=0x148 | 0x179..=0x17e => odd_capital,
            0x178 => UPPER,
            _ => LOWER, // ĸ, ŉ, ſ
        };
        i += 1;
    }
    table
};

/// The case flags of the two-byte character `b0 b1` if it is one of the letters of
/// [`LATIN`].
#[inline(always)]
fn latin_letter(b0: u8, b1: u8) -> Option<u8> {
    if !(0xc3..=0xc5).contains(&b0) || b1 & 0xc0 != 0x80 {
        return None;
    }
    let c = (usize::from(b0 & 0x1f) << 6) | usize::from(b1 & 0x3f);
    let case = LATIN[c - 0xc0];
    (case != 0).then_some(case)
}

/// See [`super::tokenize`].
pub(super) fn tokenize(text: &str, is_name: &dyn Fn(&str) -> bool) -> Tokenized {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut tail = Tail::new(text);
    let mut split = Vec::new();
    let mut pass = Pass {
        text,
        is_name,
        tail: &mut tail,
        out: &mut out,
        split: &mut split,
    };
    let mut at = 0;
    // Ifs, not a match: a jump table would send every segment through one indirect jump,
    // which the processor guesses worse than these branches.
    while let Some(&b) = bytes.get(at) {
        let flags = FLAGS[usize::from(b)];
        if flags & WORD == 0 {
            if flags & SPACE != 0 {
                at = skip_spaces(bytes, at + 1);
                continue;
            }
            let (lead, end) = if b < 0x80 {
                (Class::Other, at + 1)
            } else {
                let (class, len) = scan::class_at(text, at).expect("a character");
                (class, at + len)
            };
            match lead {
                Class::Space => {}
                // A word: scanned like one that starts with an ASCII letter. A letter or
                // digit that is not ASCII is alphanumeric (a test checks every one), and
                // no digit of ASCII, so the word is a word.
                Class::Letter | Class::Digit => {
                    at = pass.word(at, ALNUM);
                    continue;
                }
                // A word of one character.
                Class::Ideograph => pass.word_found(at, end, false, 0),
                // Marks with nothing to attach to, and punctuation: one character each.
                _ => pass.tail.piece(pass.out, punct(at, end)),
            }
            at = end;
            continue;
        }
        at = pass.word(at, flags);
    }
    let compounds = tail.finish(&mut out);
    Tokenized {
        tokens: out,
        compounds,
    }
}

/// Eight bytes of the text, `x`, loaded from `at`.
#[derive(Clone, Copy)]
struct Eight {
    at: usize,
    x: u64,
}

impl Eight {
    /// The byte at `i`, one of the eight.
    #[inline(always)]
    fn byte(self, i: usize) -> u8 {
        (self.x >> (8 * (i - self.at))) as u8
    }
}

/// Where the run of ASCII white space at `at` ends, looking first at the eight bytes that
/// were loaded to find the end of the word before it, which hold `at`: a single space
/// between two words is then skipped without loading them again.
#[inline(always)]
fn skip_spaces_after(bytes: &[u8], at: usize, eight: Eight) -> usize {
    let from_at = !0u64 << (8 * (at - eight.at));
    let other = !lanes::space_lanes(eight.x) & lanes::HIGH & from_at;
    if other != 0 {
        eight.at + lanes::first(other)
    } else {
        skip_spaces(bytes, eight.at + 8)
    }
}

/// Where the run of ASCII white space at `at` ends.
#[inline(always)]
fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    loop {
        let other = !lanes::space_lanes(lanes::load(bytes, at)) & lanes::HIGH;
        if other != 0 {
            return at + lanes::first(other);
        }
        at += 8;
    }
}

fn punct(start: usize, end: usize) -> Token {
    Token {
        start: start as u32,
        end: end as u32,
        kind: TokenKind::Punct,
    }
}

/// The state of the pass besides the position: the joining stages, the tokens, and a list
/// for the pieces of a word that is split, kept to be used again.
struct Pass<'p, 't, 'n> {
    text: &'t str,
    is_name: &'n dyn Fn(&str) -> bool,
    tail: &'p mut Tail<'t>,
    out: &'p mut Vec<Token>,
    split: &'p mut Vec<Token>,
}

impl Pass<'_, '_, '_> {
    /// Scans the word at `start`, whose first character is a letter or digit, and hands on
    /// its pieces; returns where it ends, or past the white space after it, where the next
    /// segment may begin. `first` are the [`FLAGS`] of its first byte, ALNUM alone if it is
    /// not ASCII. Where the word ends is decided by the rules of [`scan::segments`], which
    /// has the same loop without the notes.
    #[inline(always)]
    fn word(&mut self, start: usize, first: u8) -> usize {
        let bytes = self.text.as_bytes();
        let mut at = start;
        // The class of the last letter or digit, which says what a mid character may join.
        let mut last = Class::Other;
        // Whether the last character is a lowercase letter, whether an uppercase letter
        // followed a lowercase one, whether a dot or colon is inside, and whether every
        // character is ASCII.
        let mut prev_lower = false;
        let mut joint = false;
        let mut dotted = false;
        let mut ascii = true;
        let mut next = None;
        loop {
            let run = at;
            let (end, eight) = ascii_run(bytes, at, prev_lower, &mut joint);
            at = end;
            // The byte after the run, from the eight loaded (0 past the end of the text,
            // which ENDS the word as any control character does).
            let b = eight.byte(at);
            let flags = FLAGS[usize::from(b)];
            if flags & ENDS != 0 {
                if flags & SPACE != 0 {
                    next = Some(skip_spaces_after(bytes, at, eight));
                }
                break;
            }
            // The word goes on, or may: what the run ends with matters.
            if at > run {
                let b = bytes[at - 1];
                last = scan::ASCII[usize::from(b)];
                prev_lower = b.is_ascii_lowercase();
            }
            if b < 0x80 {
                // A dot, colon, comma, semicolon or apostrophe (white space and other
                // punctuation ENDS the word). Mostly it ends a sentence or a clause, before
                // a space; where it is followed by something that is not ASCII, the general
                // rules below decide.
                match bytes.get(at + 1) {
                    None => break,
                    Some(&after) if after < 0x80 => {
                        let after = scan::ASCII[usize::from(after)];
                        if !mid_joins(scan::ASCII[usize::from(b)], last, after) {
                            break;
                        }
                        dotted |= matches!(b, b'.' | b':');
                        prev_lower = false;
                        at += 1;
                        continue;
                    }
                    Some(_) => {}
                }
            }
            ascii = false;
            if let Some(case) = bytes.get(at + 1).and_then(|&b1| latin_letter(b, b1)) {
                joint |= prev_lower && case == UPPER;
                prev_lower = case == LOWER;
                last = Class::Letter;
                at += 2;
                continue;
            }
            let Some((c, class)) = goes_on(self.text, at, last) else {
                break;
            };
            joint |= prev_lower && c.is_uppercase();
            prev_lower = c.is_lowercase();
            dotted |= c == '.' || c == ':';
            if matches!(class, Class::Letter | Class::Digit) {
                last = class;
            }
            at += c.len_utf8();
        }
        let may_split = joint || (dotted && (!ascii || dots_may_split(&bytes[start..at])));
        self.word_found(start, at, may_split, first);
        next.unwrap_or(at)
    }

    /// Hands on the pieces of the word `text[start..end]`. `may_split` is whether a
    /// lowercase letter is followed by an uppercase one in it, or a dot or colon that may
    /// split it is inside it. `first` are the [`FLAGS`] of its first byte (ALNUM alone for
    /// a letter or digit that is not ASCII, 0 for an ideograph).
    #[inline(always)]
    fn word_found(&mut self, start: usize, end: usize, may_split: bool, first: u8) {
        let whole = |kind| Token {
            start: start as u32,
            end: end as u32,
            kind,
        };
        // Nearly every word: starting with a letter or digit, nothing to split.
        if !may_split && first & ALNUM != 0 {
            let kind = if first & DIGIT != 0 {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            self.tail.piece(self.out, whole(kind));
            return;
        }
        let word = &self.text[start..end];
        // A word of only `_` or of marks is punctuation.
        let alphanumeric =
            word.as_bytes()[0].is_ascii_alphanumeric() || word.chars().any(char::is_alphanumeric);
        if !alphanumeric {
            self.tail.piece(self.out, whole(TokenKind::Punct));
            return;
        }
        if may_split && !(self.is_name)(word) {
            split_word(self.text, start, end, self.is_name, self.split);
            for p in self.split.drain(..) {
                self.tail.piece(self.out, p);
            }
        } else {
            self.tail.piece(self.out, whole(kind_of(word)));
        }
    }
}

/// The character at `at` and its class, if it goes on with a word whose last letter or
/// digit has class `last`: letters, digits and marks always do, and a mid character
/// does between two letters or two digits.
#[inline(never)]
fn goes_on(text: &str, at: usize, last: Class) -> Option<(char, Class)> {
    let c = text[at..].chars().next()?;
    let class = scan::class(c);
    if matches!(class, Class::Letter | Class::Digit | Class::Extend) {
        return Some((c, class));
    }
    let after = scan::class_at(text, at + c.len_utf8()).map_or(Class::Other, |a| a.0);
    mid_joins(class, last, after).then_some((c, class))
}

/// Whether a character of class `mid` between a letter or digit of class `last` and a
/// character of class `after` joins them into one word: a mid character joins two letters
/// or two digits, as its class says.
#[inline(always)]
fn mid_joins(mid: Class, last: Class, after: Class) -> bool {
    let joins_letters = matches!(mid, Class::MidLetter | Class::MidNumLet) && last == Class::Letter;
    let joins_digits = matches!(mid, Class::MidNum | Class::MidNumLet) && last == Class::Digit;
    match after {
        Class::Letter => joins_letters,
        Class::Digit => joins_digits,
        _ => false,
    }
}

/// Where the run of ASCII letters and digits at `at` ends, eight bytes at a time, and the
/// eight bytes that hold its end (see [`skip_spaces_after`]); sets `joint` if an uppercase
/// letter in the run follows a lowercase one, or is its first byte and `prev_lower` says
/// the character before is a lowercase letter.
#[inline(always)]
fn ascii_run(bytes: &[u8], mut at: usize, prev_lower: bool, joint: &mut bool) -> (usize, Eight) {
    // The lanes where an uppercase letter follows a lowercase one; `carry` is the lowercase
    // lane just before the eight, moved to the first.
    let mut joints = 0u64;
    let mut carry = if prev_lower { 0x80 } else { 0 };
    loop {
        let x = lanes::load(bytes, at);
        let lanes = lanes::word_lanes(x);
        let other = !lanes.word & lanes::HIGH;
        joints |= ((lanes.lower << 8) | carry) & lanes.upper & lanes::before_first(other);
        if other != 0 {
            *joint |= joints != 0;
            return (at + lanes::first(other), Eight { at, x });
        }
        carry = (lanes.lower >> 56) & 0x80;
        at += 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_letters_have_the_case_of_the_general_tables() {
        for c in '\u{c0}'..='\u{17f}' {
            let mut utf8 = [0u8; 2];
            c.encode_utf8(&mut utf8);
            let case = latin_letter(utf8[0], utf8[1]);
            if scan::class(c) == Class::Letter {
                assert_eq!(case == Some(LOWER), c.is_lowercase(), "{c:?}");
                assert_eq!(case == Some(UPPER), c.is_uppercase(), "{c:?}");
                assert!(case.is_some(), "{c:?}");
            } else {
                assert_eq!(case, None, "{c:?}");
            }
        }
    }

    #[test]
    fn every_letter_or_digit_that_is_not_ascii_is_alphanumeric() {
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            if matches!(scan::class(c), Class::Letter | Class::Digit) {
                assert!(c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn only_two_byte_characters_from_u00c0_to_u017f_are_latin_letters() {
        for b0 in 0..=255u8 {
            for b1 in 0..=255u8 {
                let two = [b0, b1];
                let Some(_) = latin_letter(b0, b1) else {
                    continue;
                };
                let c = std::str::from_utf8(&two)
                    .ok()
                    .and_then(|s| s.chars().next())
                    .expect("one character");
                assert!(('\u{c0}'..='\u{17f}').contains(&c), "{c:?}");
            }
        }
    }
}
