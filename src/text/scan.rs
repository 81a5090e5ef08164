//! The word scanner: where a word begins and ends, by the rules of Unicode word boundaries
//! (UAX #29) that matter for news text, with a fast path for ASCII.
//!
//! A word is a run of letters, digits, combining marks and `_`; a dot, apostrophe or colon
//! joins two letters (`D.C`, `Trump's`) and a dot, comma or apostrophe joins two digits
//! (`2.0`, `1,5`), as in UAX #29. Han ideographs and Hiragana are words of one character
//! each, as UAX #29 has them. Everything else that is not white space is punctuation, one
//! character at a time. The scanner is hand-written because the general segmenter was the
//! largest cost of indexing a 100 MB corpus (see `benches/`); a property test checks that it
//! agrees with `unicode-segmentation` on the words of German text.

use unicode_normalization::char::is_combining_mark;

/// A segment of text: a word, or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub word: bool,
    /// A word of ASCII letters, digits and `_` only, with no uppercase letter right after
    /// a lowercase one: it cannot be two words glued together, so the tokenizer need not
    /// look at it again.
    pub plain: bool,
}

/// The word-boundary class of a character; the tokenizer's fused pass reads it too, so that
/// both agree on where words end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Space,
    Letter,
    Digit,
    /// Continues whatever word it follows (combining marks, joiners).
    Extend,
    /// Joins two letters: `:`.
    MidLetter,
    /// Joins two letters or two digits: `.` `'` `’`.
    MidNumLet,
    /// Joins two digits: `,` `;`.
    MidNum,
    /// A word of its own: Han ideographs, Hiragana.
    Ideograph,
    Other,
}

/// The class of every ASCII character, looked up instead of matched: nine bytes in ten of
/// German news text are ASCII.
pub(super) const ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Class::Space,
            b'.' | b'\'' => Class::MidNumLet,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

pub(super) fn class(c: char) -> Class {
    if c.is_ascii() {
        return ASCII[c as usize];
    }
    // The accented letters of European languages, before the general tables.
    if ('\u{c0}'..='\u{17f}').contains(&c) && c != '\u{d7}' && c != '\u{f7}' {
        return Class::Letter;
    }
    if is_plain_symbol(c) {
        return Class::Other;
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{2024}' | '\u{fe52}' | '\u{ff07}' | '\u{ff0e}' => {
            Class::MidNumLet
        }
        '\u{b7}' | '\u{387}' | '\u{5f4}' | '\u{2027}' | '\u{fe13}' | '\u{fe55}' | '\u{ff1a}' => {
            Class::MidLetter
        }
        '\u{37e}' | '\u{589}' | '\u{60c}' | '\u{60d}' | '\u{66c}' | '\u{7f8}' | '\u{2044}'
        | '\u{fe10}' | '\u{fe14}' | '\u{fe50}' | '\u{fe54}' | '\u{ff0c}' | '\u{ff1b}' => {
            Class::MidNum
        }
        '\u{200c}' | '\u{200d}' | '\u{ad}' => Class::Extend,
        '\u{3040}'..='\u{309f}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}' => Class::Ideograph,
        _ if c.is_whitespace() => Class::Space,
        _ if c.is_numeric() => Class::Digit,
        _ if c.is_alphabetic() => Class::Letter,
        _ if is_combining_mark(c) => Class::Extend,
        _ => Class::Other,
    }
}

/// Punctuation and symbols that are frequent in news and manual pages (quotes, dashes,
/// ellipses, bullets, angle brackets, arrows, lines of tables), known to be [`Class::Other`]
/// without asking the general tables four questions about each. A test checks every
/// character against the general tables.
fn is_plain_symbol(c: char) -> bool {
    matches!(c,
        '\u{a1}'..='\u{a9}'
        | '\u{ab}'
        | '\u{ac}'
        | '\u{ae}'..='\u{b1}'
        | '\u{b4}'
        | '\u{b6}'
        | '\u{b8}'
        | '\u{bb}'
        | '\u{bf}'
        | '\u{d7}'
        | '\u{f7}'
        | '\u{2010}'..='\u{2017}'
        | '\u{201a}'..='\u{2023}'
        | '\u{2025}'..='\u{2026}'
        | '\u{2030}'..='\u{2043}'
        | '\u{2045}'..='\u{205e}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2500}'..='\u{259f}'
        | '\u{27e6}'..='\u{27ef}')
}

fn is_wordish(c: Class) -> bool {
    matches!(c, Class::Letter | Class::Digit)
}

/// The class and length in bytes of the character at byte `i` of `text` (a char boundary).
#[inline(always)]
pub(super) fn class_at(text: &str, i: usize) -> Option<(Class, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((ASCII[b as usize], 1));
    }
    let c = text[i..].chars().next()?;
    Some((class(c), c.len_utf8()))
}

/// The ASCII bytes that continue a word whatever came before (letters, digits and `_`),
/// by case: [`LOWER`], [`UPPER`] or [`CASELESS`]; 0 for every other byte.
const ASCII_WORD: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' | b'_' => CASELESS,
            _ => 0,
        };
        b += 1;
    }
    table
};
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const CASELESS: u8 = 3;

/// The segments of `text`, in order; white space is skipped.
pub fn segments(text: &str) -> Segments<'_> {
    Segments { text, at: 0 }
}

/// The iterator of [`segments`]: one pass over the text, no list in between.
pub struct Segments<'t> {
    text: &'t str,
    at: usize,
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let text = self.text;
        let bytes = text.as_bytes();
        // The position lives in a local while scanning, so the loops below run in
        // registers; it is stored back once per segment.
        let mut at = self.at;
        loop {
            // Most segments follow a single space.
            while bytes.get(at) == Some(&b' ') {
                at += 1;
            }
            let start = at;
            let (k, len) = class_at(text, at)?;
            at += len;
            match k {
                Class::Space => continue,
                Class::Ideograph => {
                    self.at = at;
                    return Some(Segment {
                        start,
                        end: at,
                        word: true,
                        plain: false,
                    });
                }
                Class::Letter | Class::Digit => {}
                _ => {
                    // Marks with nothing to attach to, and punctuation: one character each.
                    self.at = at;
                    return Some(Segment {
                        start,
                        end: at,
                        word: false,
                        plain: false,
                    });
                }
            }
            let mut last = k;
            // Whether the word is still plain (see [`Segment::plain`]): its first character
            // is ASCII, and so far no lowercase letter was followed by an uppercase one.
            let mut plain = len == 1;
            let mut prev_lower = plain && bytes[start].is_ascii_lowercase();
            loop {
                // Runs of ASCII letters and digits first, a byte at a time; only the class
                // of the run's last byte matters for what may follow.
                let run = at;
                while at < bytes.len() {
                    let case = ASCII_WORD[usize::from(bytes[at])];
                    if case == 0 {
                        break;
                    }
                    plain &= !(prev_lower && case == UPPER);
                    prev_lower = case == LOWER;
                    at += 1;
                }
                if at > run {
                    last = ASCII[usize::from(bytes[at - 1])];
                }
                let Some((kn, n)) = class_at(text, at) else {
                    break;
                };
                if is_wordish(kn) || kn == Class::Extend {
                    plain = false;
                    at += n;
                    if kn != Class::Extend {
                        last = kn;
                    }
                    continue;
                }
                let joins_letters = matches!(kn, Class::MidLetter | Class::MidNumLet);
                let joins_digits = matches!(kn, Class::MidNum | Class::MidNumLet);
                if (joins_letters && last == Class::Letter)
                    || (joins_digits && last == Class::Digit)
                {
                    // A mid character joins only if the same kind follows it.
                    let ok = match class_at(text, at + n).map(|a| a.0) {
                        Some(Class::Letter) => joins_letters && last == Class::Letter,
                        Some(Class::Digit) => joins_digits && last == Class::Digit,
                        _ => false,
                    };
                    if ok {
                        plain = false;
                        at += n;
                        continue;
                    }
                }
                break;
            }
            self.at = at;
            return Some(Segment {
                start,
                end: at,
                word: true,
                plain,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn words(text: &str) -> Vec<&str> {
        segments(text).map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn dots_apostrophes_and_colons_join_letters() {
        assert_eq!(
            words("D.C. Trump's Zitat:Text"),
            ["D.C", ".", "Trump's", "Zitat:Text"]
        );
    }

    #[test]
    fn dots_and_commas_join_digits() {
        assert_eq!(
            words("2.0 und 1,5 aber 3, 4"),
            ["2.0", "und", "1,5", "aber", "3", ",", "4"]
        );
    }

    #[test]
    fn ideographs_are_words_of_one_character() {
        assert_eq!(words("北朝鮮 핵무기"), ["北", "朝", "鮮", "핵무기"]);
    }

    #[test]
    fn combining_marks_stay_in_their_word() {
        assert_eq!(words("Pjo\u{308}ngjang!"), ["Pjo\u{308}ngjang", "!"]);
    }

    /// [`class`] as it was before its shortcuts for frequent symbols: the general tables.
    fn class_by_the_general_tables(c: char) -> Class {
        if c.is_ascii() {
            return ASCII[c as usize];
        }
        if ('\u{c0}'..='\u{17f}').contains(&c) && c != '\u{d7}' && c != '\u{f7}' {
            return Class::Letter;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{2024}' | '\u{fe52}' | '\u{ff07}' | '\u{ff0e}' => {
                Class::MidNumLet
            }
            '\u{b7}' | '\u{387}' | '\u{5f4}' | '\u{2027}' | '\u{fe13}' | '\u{fe55}'
            | '\u{ff1a}' => Class::MidLetter,
            '\u{37e}' | '\u{589}' | '\u{60c}' | '\u{60d}' | '\u{66c}' | '\u{7f8}' | '\u{2044}'
            | '\u{fe10}' | '\u{fe14}' | '\u{fe50}' | '\u{fe54}' | '\u{ff0c}' | '\u{ff1b}' => {
                Class::MidNum
            }
            '\u{200c}' | '\u{200d}' | '\u{ad}' => Class::Extend,
            '\u{3040}'..='\u{309f}'
            | '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{f900}'..='\u{faff}'
            | '\u{20000}'..='\u{3134f}' => Class::Ideograph,
            _ if c.is_whitespace() => Class::Space,
            _ if c.is_numeric() => Class::Digit,
            _ if c.is_alphabetic() => Class::Letter,
            _ if is_combining_mark(c) => Class::Extend,
            _ => Class::Other,
        }
    }

    #[test]
    fn shortcuts_class_every_character_as_the_general_tables_do() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(class(c), class_by_the_general_tables(c), "{c:?}");
        }
    }

    /// The words of the general segmenter, for comparison.
    fn uax29_words(text: &str) -> Vec<&str> {
        text.split_word_bounds()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .collect()
    }

    #[test]
    fn agrees_with_uax29_on_the_builtin_corpus() {
        for text in [
            include_str!("../../fixtures/articles/000_a0c9e3cb8058340b.txt"),
            include_str!("../../fixtures/articles/001_13991f40eaa9f95a.txt"),
            include_str!("../../fixtures/articles/002_71e4d82f6747df7e.txt"),
            include_str!("../../fixtures/articles/003_1e6b0e475ff56036.txt"),
            include_str!("../../fixtures/articles/004_3edf93f4457be493.txt"),
        ] {
            let ours: Vec<&str> = segments(text)
                .filter(|s| s.word)
                .map(|s| &text[s.start..s.end])
                .collect();
            assert_eq!(ours, uax29_words(text));
        }
    }

    proptest! {
        #[test]
        fn agrees_with_uax29_on_german_like_text(text in "[a-zA-ZäöüÄÖÜß0-9 .,:;'’„“\\-–!?()\n\u{a0}]{0,200}") {
            let ours: Vec<&str> = segments(&text)
                .filter(|s| s.word)
                .map(|s| &text[s.start..s.end])
                .collect();
            prop_assert_eq!(ours, uax29_words(&text));
        }

        #[test]
        fn segments_are_in_order_on_char_boundaries(text in any::<String>()) {
            let mut last = 0;
            for s in segments(&text) {
                prop_assert!(s.start >= last && s.start < s.end);
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                last = s.end;
            }
        }
    }
}
