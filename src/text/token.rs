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

use super::scan;

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

/// Whether `s` has a hyphen, looking at bytes: every word is asked, few have one. U+2010 and
/// U+2011 both start with the byte 0xE2, so that byte sends the word to the exact check.
fn has_hyphen(s: &str) -> bool {
    s.bytes().any(|b| b == b'-' || b == 0xe2) && s.contains(is_hyphen)
}

/// Spaces that may stand inside a number as a thousands separator.
fn is_number_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The byte ranges of the parts of a hyphenated compound token, relative to `text`; a token
/// that is not a compound has no parts.
pub fn parts(token: &Token, text: &str) -> Vec<(u32, u32)> {
    let body = token.text(text);
    if token.kind != TokenKind::Word || !has_hyphen(body) {
        return Vec::new();
    }
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
    let body = token.text(text);
    if token.kind != TokenKind::Word || !has_hyphen(body) {
        return None;
    }
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
        if seg.plain {
            // Nothing to split: the scanner saw no case joint, dot or colon inside.
            let number = word.as_bytes()[0].is_ascii_digit();
            out.push(Piece {
                start: seg.start as u32,
                end: seg.end as u32,
                kind: if number {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
            });
            continue;
        }
        split_word(text, seg.start, seg.end, is_name, &mut out);
    }
    out
}

/// Whether a word may need splitting: a lowercase letter before an uppercase one, or a dot
/// or colon inside. Most words have neither, and skip the slow path.
fn may_split(word: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
