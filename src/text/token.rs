//! Where text becomes tokens.
//!
//! Words are found by Unicode word boundaries (UAX #29, see [`super::scan`]) and then mended for German news text
//! as it really is, machine-translated and scraped:
//!
//! - a hyphenated compound is one token (`Kim-Trump-Gipfeltreffen`); its parts are found again
//!   with [`parts`], so a query or a name can match a part;
//! - where a lowercase letter meets an uppercase one inside a word, two words were glued
//!   together when a link was removed (`zurechtTrump`), and they are split again, unless the
//!   whole form is a known name (`DePetris`);
//! - numbers stay whole (`2.0`, `28 500` with a no-break space, `50%`, the ordinal `27.`);
//! - abbreviations and initials keep their dot (`D.C.`, `R.`, `bzw.`, `z.`), so that the dot
//!   is not read as the end of a sentence.
//!
//! All this is one pass over the text (module `pass`): a word is scanned once, and only a
//! word that may be glued or dotted is looked at again by characters; compounds, numbers
//! and dots are joined as the pieces come (module `tail`), so that no list of pieces is
//! written, only the tokens.

pub(crate) mod lanes;
mod pass;
mod tail;

#[cfg(test)]
mod equivalence;
#[cfg(test)]
mod reference;

// The test of the scanner's plain words checks them against the old splitting rules.
#[cfg(test)]
use {super::scan, reference::may_split};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word, possibly a hyphenated compound whose parts can match on their own; an
    /// abbreviation or initial includes its dot.
    Word,
    /// A number, kept whole: `2.0`, `28 500`, `50%`, `27.`.
    Number,
    /// Punctuation: quotes, dashes, sentence marks, symbols.
    Punct,
}

/// A token: a byte range into the article text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }

    /// True for words and numbers: what a reader counts as a word.
    pub fn is_word(&self) -> bool {
        self.kind != TokenKind::Punct
    }
}

/// Abbreviations that keep their dot in running German (and some English) text. Words that
/// are also ordinary words at the end of a sentence (`Art`, `Abs`) are left out on purpose.
const ABBREVIATIONS: &[&str] = &[
    "bzw", "ca", "vgl", "usw", "etc", "evtl", "ggf", "dr", "prof", "nr", "st", "mio", "mrd", "jh",
    "mr", "mrs", "ms", "jr", "sr", "inkl", "sog", "bspw", "bzgl", "zzgl", "ebd", "einschl",
    "entspr", "etw", "exkl", "mind", "rd", "urspr", "hrsg", "tel", "str", "co", "inc", "ltd",
    "corp", "gen", "sen", "rep", "gov", "lt", "col", "capt", "jan", "feb", "apr", "aug", "sept",
    "okt", "nov", "dez", "vs", "bd", "fa", "abt", "allg", "dt", "engl", "frz", "gegr", "jhd",
    "max", "min", "ff", "zb", "dh", "ua", "uvm",
];

/// Month names: a number with a dot before one of these is a date's ordinal (`27. Februar`).
const MONTHS: &[&str] = &[
    "januar",
    "jänner",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

/// Characters that join the parts of a compound.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Whether `b` may begin a hyphen: `-` itself, or 0xE2, which begins U+2010 and U+2011
/// (and other characters too, so a word with it still needs the exact check).
#[inline]
pub(crate) fn may_begin_hyphen(b: u8) -> bool {
    b == b'-' || b == 0xe2
}

/// Whether `token` is a compound: a word with a hyphen. Every word is asked, and few have
/// one: their bytes are looked at first (see [`may_begin_hyphen`]).
#[inline]
pub(crate) fn is_compound(token: &Token, text: &str) -> bool {
    token.kind == TokenKind::Word
        && may_have_hyphen(text.as_bytes(), token.start, token.end)
        && token.text(text).contains(is_hyphen)
}

/// The start of every compound token of `tokens`, in text order, as
/// [`Tokenized::compounds`] has them.
pub(crate) fn compound_starts(tokens: &[Token], text: &str) -> Vec<u32> {
    tokens
        .iter()
        .filter(|t| is_compound(t, text))
        .map(|t| t.start)
        .collect()
}

/// Whether `text[start..end]` has a byte that [`may_begin_hyphen`], eight bytes at a time: a word is
/// read as one or two machine words, its bytes compared all at once. Most words are
/// shorter than eight bytes; the loop by bytes this replaced cost some 36 instructions a
/// word.
#[inline]
fn may_have_hyphen(text: &[u8], start: u32, end: u32) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `x` that is `b`: exact, since a byte can only borrow
    // from a lower one that is itself a match.
    let matches = |x: u64, b: u8| {
        let y = x ^ (ONES * b as u64);
        y.wrapping_sub(ONES) & !y & HIGHS
    };
    let (mut at, end) = (start as usize, end as usize);
    while at < end {
        let Some(chunk) = text.get(at..at + 8) else {
            return text[at..end].iter().any(|&b| may_begin_hyphen(b));
        };
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = matches(x, b'-') | matches(x, 0xe2);
        // Only the bytes of the word count: the text goes on after it.
        let left = end - at;
        let mask = if left >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * left)) - 1
        };
        if found & mask != 0 {
            return true;
        }
        at += 8;
    }
    false
}

/// Spaces that may stand inside a number as a thousands separator.
fn is_number_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The byte ranges of the parts of a hyphenated compound token, relative to `text`; a token
/// that is not a compound has no parts.
pub fn parts(token: &Token, text: &str) -> Vec<(u32, u32)> {
    if !is_compound(token, text) {
        return Vec::new();
    }
    let body = token.text(text);
    let mut out = Vec::new();
    let mut start = 0usize;
    for (i, c) in body.char_indices() {
        if is_hyphen(c) {
            if i > start {
                out.push((token.start + start as u32, token.start + i as u32));
            }
            start = i + c.len_utf8();
        }
    }
    if start < body.len() {
        out.push((token.start + start as u32, token.end));
    }
    out
}

/// The `k`-th part (from 0) of a compound token, without listing the others.
pub fn nth_part(token: &Token, text: &str, k: usize) -> Option<(u32, u32)> {
    if !is_compound(token, text) {
        return None;
    }
    let body = token.text(text);
    let mut start = 0usize;
    let mut n = 0;
    for (i, c) in body.char_indices() {
        if is_hyphen(c) {
            if i > start {
                if n == k {
                    return Some((token.start + start as u32, token.start + i as u32));
                }
                n += 1;
            }
            start = i + c.len_utf8();
        }
    }
    (start < body.len() && n == k).then_some((token.start + start as u32, token.end))
}

/// Cuts `text` into tokens. `is_name` says whether a form is a known name that must not be
/// split where a lowercase letter meets an uppercase one (`DePetris`).
pub fn tokenize(text: &str, is_name: &dyn Fn(&str) -> bool) -> Vec<Token> {
    pass::tokenize(text, is_name).tokens
}

/// The tokens of a text, and which of them are compounds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokenized {
    pub tokens: Vec<Token>,
    /// The start of every compound token (a word token with an [`is_hyphen`] character in
    /// it), in text order. The tokenizer joins compounds, so it knows them; looking for a
    /// hyphen in every word again was 3% of the index build's instructions.
    pub compounds: Vec<u32>,
}

/// [`tokenize`], with the compounds marked.
pub fn tokenize_marking_compounds(text: &str, is_name: &dyn Fn(&str) -> bool) -> Tokenized {
    pass::tokenize(text, is_name)
}

/// A word's kind by its first byte: a word that starts with a digit is a number.
fn kind_of(s: &str) -> TokenKind {
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// Splits one UAX #29 word at glued joints and dotted run-ons, pushing the pieces onto
/// `out`. The caller has found that the word may need it (a lowercase letter before an
/// uppercase one, or a dot or colon inside) and is not a name as a whole.
fn split_word(
    text: &str,
    start: usize,
    end: usize,
    is_name: &dyn Fn(&str) -> bool,
    out: &mut Vec<Token>,
) {
    let word = &text[start..end];
    let mut push_piece = |from: usize, to: usize, kind: TokenKind| {
        if to > from {
            out.push(Token {
                start: (start + from) as u32,
                end: (start + to) as u32,
                kind,
            });
        }
    };
    let mut piece_start = 0usize;
    let mut prev: Option<char> = None;
    for (at, c) in word.char_indices() {
        // A dot or colon between letters is a run-on of two words ("betrachtet.wichtigste"),
        // unless a side is short, as in abbreviations ("z.B", "D.C", "u.a") and domains
        // ("ForeignPolicy.com"), or the right side is capitalised ("IPPEN.MEDIA").
        let dot_or_colon = c == '.' || c == ':';
        let rest = if dot_or_colon { &word[at + 1..] } else { "" };
        if let (true, Some(p), Some(next)) = (dot_or_colon, prev, rest.chars().next()) {
            let left = &word[piece_start..at];
            let right_len = rest.chars().take_while(|c| c.is_alphabetic()).count();
            let left_len = left.chars().rev().take_while(|c| c.is_alphabetic()).count();
            let letters_both_sides = p.is_alphabetic() && next.is_alphabetic();
            let lower_after = next.is_lowercase();
            if letters_both_sides && (c == ':' || (left_len >= 3 && right_len >= 4 && lower_after))
            {
                push_piece(piece_start, at, kind_of(left));
                push_piece(at, at + 1, TokenKind::Punct);
                piece_start = at + 1;
                prev = Some(c);
                continue;
            }
        }
        // lowercase then uppercase: a glued joint. At least two letters on the left, so that
        // forms like "iPhone" or "eBay" stay whole.
        if c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
            let left = &word[piece_start..at];
            let left_letters = left.chars().rev().take_while(|c| c.is_alphabetic()).count();
            if left_letters >= 2 && !is_name(&word[piece_start..]) {
                push_piece(piece_start, at, kind_of(left));
                piece_start = at;
            }
        }
        prev = Some(c);
    }
    push_piece(piece_start, word.len(), kind_of(&word[piece_start..]));
}

/// Whether [`split_word`] may split the ASCII word `word` at a dot or colon. A word for
/// which this is false and in which no lowercase letter is followed by an uppercase one
/// comes out of [`split_word`] whole, so that it need not go there: the dots of domain
/// names and abbreviations (`www.gnu.org`, `z.B`) are far more common than run-ons.
fn dots_may_split(word: &[u8]) -> bool {
    // The letters right before the byte at `i`; before the first split, `split_word`
    // counts them back to the start of the word at most, as here.
    let mut letters_before = 0;
    for (i, &b) in word.iter().enumerate() {
        if b == b'.' || b == b':' {
            let after = &word[i + 1..];
            let letters_after = after.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            // The rule of `split_word`, for ASCII: letters on both sides, and a colon, or
            // three letters before the dot and four after it, the first one lowercase.
            let both_sides = letters_before > 0 && letters_after > 0;
            let long_sides = letters_before >= 3 && letters_after >= 4;
            if both_sides && (b == b':' || (long_sides && after[0].is_ascii_lowercase())) {
                return true;
            }
        }
        letters_before = if b.is_ascii_alphabetic() {
            letters_before + 1
        } else {
            0
        };
    }
    false
}

/// Whether `piece` is the one ASCII character `b`, looked at as bytes: asked of nearly
/// every piece.
fn is_byte(text: &str, piece: &Token, b: u8) -> bool {
    piece.end == piece.start + 1 && text.as_bytes()[piece.start as usize] == b
}

/// Whether `piece` starts with a hyphen; U+2010 and U+2011 both start with the byte 0xE2.
fn is_hyphen_piece(text: &str, piece: &Token) -> bool {
    match text.as_bytes()[piece.start as usize] {
        b'-' => true,
        0xe2 => piece.text(text).starts_with(is_hyphen),
        _ => false,
    }
}

fn is_three_digits(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `gap`, the text between two pieces, is one space of the kind that may stand
/// inside a number.
fn is_one_number_space(gap: &str) -> bool {
    gap.chars().count() == 1 && gap.chars().all(is_number_space)
}

/// Whether a word followed by a dot is an abbreviation or an initial.
fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_alphabetic()
    {
        return true; // an initial ("R.") or a one-letter abbreviation ("z.", "B.")
    }
    if word.bytes().any(|b| b == b'.') {
        // "D.C", "u.a", "z.B": short dotted segments
        return word.split('.').all(|s| s.chars().count() <= 3);
    }
    is_listed(word, &ABBREVIATION_LIST)
}

/// A list of lowercase words, with what looks a word up in it fast.
struct WordList<const N: usize> {
    words: &'static [&'static str],
    /// The [`key`]s of the words of up to seven bytes, sorted; `u64::MAX`, which is no
    /// key, for longer ones.
    keys: [u64; N],
    /// For each length up to seven bytes, the first bytes of the words of that length, as
    /// bits (`b % 64`): a word whose bit is not set needs no search.
    firsts: [u64; 8],
    /// The length in bytes of the longest word.
    longest: usize,
}

const ABBREVIATION_LIST: WordList<{ ABBREVIATIONS.len() }> = word_list(ABBREVIATIONS);
const MONTH_LIST: WordList<{ MONTHS.len() }> = word_list(MONTHS);

/// Whether the lowercase form of `word` is in `list`. A short ASCII word is looked up by
/// its key, without making its lowercase form, and a word of more characters than the
/// longest listed word has bytes not at all (no character becomes less than one character
/// in lowercase): most words before a dot end a sentence, and are not listed.
fn is_listed<const N: usize>(word: &str, list: &WordList<N>) -> bool {
    if word.is_ascii() {
        if word.len() <= 7 {
            let first = word.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
            return list.firsts[word.len()] & (1 << (first % 64)) != 0
                && list.keys.binary_search(&key(word.as_bytes())).is_ok();
        }
        if word.len() > list.longest {
            return false;
        }
    } else if word.chars().count() > list.longest {
        return false;
    }
    list.words.contains(&word.to_lowercase().as_str())
}

/// An ASCII word of up to seven bytes as one number: its bytes in lowercase, and its
/// length in the eighth byte. Looking a word up in a list is then comparing numbers.
fn key(word: &[u8]) -> u64 {
    // Put together in a register: bytes copied into an array and read back as a number
    // make the processor wait for the copy to land.
    let mut x = (word.len() as u64) << 56;
    for (i, &b) in word.iter().enumerate() {
        x |= u64::from(b) << (8 * i);
    }
    // An uppercase letter's bit 7 moved to bit 5 makes it lowercase.
    x | (lanes::word_lanes(x).upper >> 2)
}

/// `list` with its keys; the words are lowercase already.
const fn word_list<const N: usize>(words: &'static [&'static str]) -> WordList<N> {
    let mut keys = [u64::MAX; N];
    let mut firsts = [0u64; 8];
    let mut longest = 0;
    let mut i = 0;
    while i < N {
        let word = words[i].as_bytes();
        if word.len() > longest {
            longest = word.len();
        }
        if word.len() <= 7 {
            let first = if word.is_empty() { 0 } else { word[0] };
            firsts[word.len()] |= 1 << (first % 64);
            let mut key = (word.len() as u64) << 56;
            let mut k = 0;
            while k < word.len() {
                key |= (word[k] as u64) << (8 * k);
                k += 1;
            }
            keys[i] = key;
        }
        // Insertion sort: the lists are short, and this runs when compiling.
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    WordList {
        words,
        keys,
        firsts,
        longest,
    }
}

/// Whether a number followed by a dot may be an ordinal at all: up to four digits. Whether
/// it is one depends on what follows the dot ([`is_ordinal_after`]).
fn may_be_ordinal(number: &str) -> bool {
    number.len() <= 4 && number.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `next`, the token after a number's dot, makes the number an ordinal: it follows
/// on the same line and is lowercase, a month, or another number (`am 27. und 28. Februar`,
/// `am 20. Januar`).
fn is_ordinal_after(text: &str, dot: &Token, next: &Token) -> bool {
    let gap = &text[dot.end as usize..next.start as usize];
    if gap.contains('\n') || gap.is_empty() {
        return false;
    }
    let word = next.text(text);
    match next.kind {
        TokenKind::Number => true,
        TokenKind::Word => word.starts_with(char::is_lowercase) || is_listed(word, &MONTH_LIST),
        TokenKind::Punct => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Against the plain loop over bytes, for every range of a text: words at its end
        /// (fewer than eight bytes left), hyphens just inside and just after a word.
        #[test]
        fn the_hyphen_test_by_machine_words_agrees_with_one_by_bytes(
            text in "[a-z\\-\u{2010}\u{2013}ä ]{0,40}",
        ) {
            let bytes = text.as_bytes();
            for start in 0..=bytes.len() {
                for end in start..=bytes.len() {
                    let want = bytes[start..end].iter().any(|&b| b == b'-' || b == 0xe2);
                    prop_assert_eq!(
                        may_have_hyphen(bytes, start as u32, end as u32),
                        want,
                        "{:?} {}..{}", text, start, end
                    );
                }
            }
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, &|_| false)
            .iter()
            .map(|t| t.text(text))
            .collect()
    }

    fn words_with_names<'t>(text: &'t str, names: &[&str]) -> Vec<&'t str> {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        tokenize(text, &|s| names.iter().any(|n| n == s))
            .iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn hyphenated_compound_is_one_token_with_parts() {
        let text = "für die bahnbrechenden Kim-Trump-Gipfeltreffen 2018";
        let tokens = tokenize(text, &|_| false);
        let compound = tokens
            .iter()
            .find(|t| t.text(text) == "Kim-Trump-Gipfeltreffen")
            .expect("compound token");
        let parts: Vec<&str> = parts(compound, text)
            .iter()
            .map(|(s, e)| &text[*s as usize..*e as usize])
            .collect();
        assert_eq!(parts, ["Kim", "Trump", "Gipfeltreffen"]);
    }

    #[test]
    fn nth_part_agrees_with_parts() {
        let text = "die Kim-Trump--Gipfeltreffen-";
        let tokens = tokenize(text, &|_| false);
        for t in &tokens {
            let all = parts(t, text);
            for (k, p) in all.iter().enumerate() {
                assert_eq!(nth_part(t, text, k), Some(*p));
            }
            assert_eq!(nth_part(t, text, all.len()), None);
        }
    }

    #[test]
    fn us_praesident_and_biden_regierung_are_compounds() {
        assert_eq!(
            words("der gewählte US-Präsident Donald Trump"),
            ["der", "gewählte", "US-Präsident", "Donald", "Trump"]
        );
        assert_eq!(
            words("Die Annäherungsversuche der Biden-Regierung an Pjöngjang"),
            [
                "Die",
                "Annäherungsversuche",
                "der",
                "Biden-Regierung",
                "an",
                "Pjöngjang"
            ]
        );
    }

    #[test]
    fn glued_words_are_split_at_the_case_joint() {
        assert_eq!(
            words("„kam sehr gut zurechtTrump ist überzeugt"),
            [
                "„",
                "kam",
                "sehr",
                "gut",
                "zurecht",
                "Trump",
                "ist",
                "überzeugt"
            ]
        );
        assert_eq!(
            words("der Trump-Regierung für die UkraineKeith Kellogg sieht"),
            [
                "der",
                "Trump-Regierung",
                "für",
                "die",
                "Ukraine",
                "Keith",
                "Kellogg",
                "sieht"
            ]
        );
        assert_eq!(
            words("sagte er im NovemberEr fügte"),
            ["sagte", "er", "im", "November", "Er", "fügte"]
        );
    }

    #[test]
    fn glued_word_after_a_compound_is_split_and_the_compound_kept() {
        assert_eq!(
            words("Präsident Roh Moo-hyunUnd Kim Jong Il"),
            ["Präsident", "Roh", "Moo-hyun", "Und", "Kim", "Jong", "Il"]
        );
    }

    #[test]
    fn a_known_name_is_not_split() {
        assert_eq!(
            words_with_names("Daniel R. DePetris ist Fellow", &["DePetris"]),
            ["Daniel", "R.", "DePetris", "ist", "Fellow"]
        );
        assert_eq!(
            words("Daniel R. DePetris"),
            ["Daniel", "R.", "De", "Petris"]
        );
    }

    #[test]
    fn short_left_side_is_not_a_glued_joint() {
        assert_eq!(words("ein iPhone"), ["ein", "iPhone"]);
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            words("die Beibehaltung von 28\u{a0}500 amerikanischen Truppen"),
            [
                "die",
                "Beibehaltung",
                "von",
                "28\u{a0}500",
                "amerikanischen",
                "Truppen"
            ]
        );
        assert_eq!(
            words("aber Trump will, dass Seoul 50% mehr zahlt."),
            [
                "aber", "Trump", "will", ",", "dass", "Seoul", "50%", "mehr", "zahlt", "."
            ]
        );
        assert_eq!(words("Version 2.0 ist"), ["Version", "2.0", "ist"]);
        let text = "am 27. und 28. Februar ihren zweiten Gipfel";
        let tokens = tokenize(text, &|_| false);
        assert_eq!(tokens[1].text(text), "27.");
        assert_eq!(tokens[1].kind, TokenKind::Number);
        assert_eq!(tokens[3].text(text), "28.");
    }

    #[test]
    fn a_year_at_the_end_of_a_sentence_keeps_no_dot() {
        assert_eq!(
            words("von Kim Jong Un im Jahr 2011.\nEs gibt"),
            [
                "von", "Kim", "Jong", "Un", "im", "Jahr", "2011", ".", "Es", "gibt"
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_keep_their_dot() {
        assert_eq!(
            words("Außenminister bzw. nationalen Sicherheitsberater"),
            ["Außenminister", "bzw.", "nationalen", "Sicherheitsberater"]
        );
        assert_eq!(words("Stephen E. Biegun"), ["Stephen", "E.", "Biegun"]);
        assert_eq!(
            words("in Washington, D.C. bekannt"),
            ["in", "Washington", ",", "D.C.", "bekannt"]
        );
        assert_eq!(words("z. B. Sanktionen"), ["z.", "B.", "Sanktionen"]);
    }

    #[test]
    fn typographic_quotes_and_dashes_are_punctuation() {
        let text = "ein „blutige Nase„Der Angriff – weitere Wirtschaftssanktionen";
        let tokens = tokenize(text, &|_| false);
        let kinds: Vec<(&str, TokenKind)> = tokens.iter().map(|t| (t.text(text), t.kind)).collect();
        assert!(kinds.contains(&("„", TokenKind::Punct)));
        assert!(kinds.contains(&("–", TokenKind::Punct)));
        assert!(kinds.contains(&("Nase", TokenKind::Word)));
        assert!(kinds.contains(&("Der", TokenKind::Word)));
    }

    #[test]
    fn dotted_run_on_words_are_split() {
        assert_eq!(
            words("als sein „wichtiges Ziel“ betrachtet.wichtigste außenpolitische"),
            [
                "als",
                "sein",
                "„",
                "wichtiges",
                "Ziel",
                "“",
                "betrachtet",
                ".",
                "wichtigste",
                "außenpolitische"
            ]
        );
    }

    #[test]
    fn dotted_names_stay_whole() {
        assert_eq!(
            words("den Lesern der IPPEN.MEDIA-Portale zur Verfügung"),
            [
                "den",
                "Lesern",
                "der",
                "IPPEN.MEDIA-Portale",
                "zur",
                "Verfügung"
            ]
        );
        assert_eq!(
            words("im Magazin „ForeignPolicy.com“"),
            ["im", "Magazin", "„", "Foreign", "Policy.com", "“"]
        );
    }

    #[test]
    fn truncated_compound_keeps_its_hyphen_apart() {
        assert_eq!(
            words("zwischen Nord- und Südkorea"),
            ["zwischen", "Nord", "-", "und", "Südkorea"]
        );
    }

    #[test]
    fn offsets_cover_the_text_exactly() {
        let text = "Trumps Nordkorea-Politik: „Wir testen“ – 50% am 27. Juni.";
        for t in tokenize(text, &|_| false) {
            assert!(text.is_char_boundary(t.start as usize));
            assert!(text.is_char_boundary(t.end as usize));
            assert!(t.start < t.end);
        }
    }

    proptest::proptest! {
        /// A word the scanner calls plain is pushed whole without the splitting checks;
        /// those checks would have kept it whole too.
        #[test]
        fn a_plain_segment_is_one_the_splitting_would_keep_whole(
            text in "([a-zA-Z0-9_äöüÄÖÜß.:'’\\-]{1,12}[ \n,\u{a0}]){0,12}"
        ) {
            for seg in scan::segments(&text).filter(|s| s.plain) {
                let word = &text[seg.start..seg.end];
                proptest::prop_assert!(seg.word && word.is_ascii() && !may_split(word), "{:?}", word);
            }
        }
    }
}
