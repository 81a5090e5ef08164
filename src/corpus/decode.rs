//! Bytes to normalised text: the one place where a file's bytes become the text that
//! every token, sentence, mention and hit is a byte range into.
//!
//! The steps, in order: UTF-16 with a byte order mark is decoded; otherwise a NUL byte
//! marks the file as binary; a UTF-8 byte order mark is dropped; invalid UTF-8 is replaced
//! (and reported); CRLF and lone CR become LF; the text is put in NFC; and finally it is
//! made terminal-safe with [`sanitize_text`], so nothing downstream has to remember to.
//!
//! This runs over whole corpora, so each step borrows when it has nothing to change and
//! the text is copied only by the steps that do change it.

use crate::text::sanitize::{is_unsafe, sanitize_text};
use std::borrow::Cow;
use std::fmt;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";
const UTF16_LE_BOM: &[u8] = b"\xff\xfe";
const UTF16_BE_BOM: &[u8] = b"\xfe\xff";

/// The text of one file as lupe reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The normalised text, or `None` when the file was skipped (binary).
    pub text: Option<String>,
    /// What was wrong with the bytes, if anything.
    pub issue: Option<DecodeIssue>,
}

/// A problem found while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeIssue {
    /// Invalid UTF-8, replaced; the byte offset of the first bad byte.
    InvalidUtf8 { first_bad_byte: usize },
    /// UTF-16 (it had a byte order mark) with an unpaired surrogate or an odd trailing byte,
    /// replaced; the byte offset of the first bad code unit in the file.
    InvalidUtf16 { first_bad_byte: usize },
    /// A NUL byte: the file is binary and skipped.
    Binary,
}

impl fmt::Display for DecodeIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeIssue::InvalidUtf8 { first_bad_byte } => write!(
                f,
                "invalid UTF-8 at byte {first_bad_byte}, replaced with U+FFFD"
            ),
            DecodeIssue::InvalidUtf16 { first_bad_byte } => write!(
                f,
                "invalid UTF-16 at byte {first_bad_byte}, replaced with U+FFFD"
            ),
            DecodeIssue::Binary => write!(f, "binary file (contains NUL bytes), skipped"),
        }
    }
}

/// Decodes and normalises the bytes of one file (see the module docs for the steps).
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_cow(Cow::Borrowed(bytes))
}

/// [`decode`] of bytes the caller gives up: text that is UTF-8 already, as nearly every
/// file is, keeps their buffer instead of being copied into a new one.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    decode_cow(Cow::Owned(bytes))
}

fn decode_cow(bytes: Cow<'_, [u8]>) -> Decoded {
    let (text, issue) = if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        decode_utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        decode_utf16(rest, u16::from_be_bytes)
    } else {
        // Nearly every file is UTF-8 that no step changes: one walk says so (settled text
        // has no NUL either, so the search for one is left to the other files).
        return match settled_utf8(bytes) {
            Ok(text) => Decoded {
                text: Some(text),
                issue: None,
            },
            Err(bytes) => decode_unsettled(bytes),
        };
    };
    normalise(text, issue)
}

/// The text of `bytes` if they are UTF-8 that [`is_settled`], or the bytes back.
fn settled_utf8(bytes: Cow<'_, [u8]>) -> Result<String, Cow<'_, [u8]>> {
    match bytes {
        Cow::Owned(owned) => match utf8_string(owned) {
            Ok(text) if is_settled(&text) => Ok(text),
            Ok(text) => Err(Cow::Owned(text.into_bytes())),
            Err(bytes) => Err(Cow::Owned(bytes)),
        },
        Cow::Borrowed(bytes) => match simdutf8::basic::from_utf8(bytes) {
            Ok(text) if is_settled(text) => Ok(text.to_owned()),
            _ => Err(Cow::Borrowed(bytes)),
        },
    }
}

/// `bytes` as a string if they are UTF-8, else back. Checked with `simdutf8`, which reads
/// text with a letter outside ASCII every few words, such as German, several times as fast
/// as the standard library, whose fast path is for ASCII alone.
fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: just checked to be UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// [`decode_cow`] of bytes that are not UTF-16 with a byte order mark, nor settled UTF-8.
fn decode_unsettled(bytes: Cow<'_, [u8]>) -> Decoded {
    if bytes.contains(&0) {
        // Checked after UTF-16, whose ASCII text is half NULs.
        return Decoded {
            text: None,
            issue: Some(DecodeIssue::Binary),
        };
    }
    let (text, issue) = match bytes {
        Cow::Owned(owned) if !owned.starts_with(UTF8_BOM) => match String::from_utf8(owned) {
            Ok(text) => (Cow::Owned(text), None),
            Err(error) => {
                let (text, issue) = decode_utf8(error.as_bytes(), 0);
                (Cow::Owned(text.into_owned()), issue)
            }
        },
        bytes => {
            let (rest, bom_len) = match bytes.strip_prefix(UTF8_BOM) {
                Some(rest) => (rest, UTF8_BOM.len()),
                None => (&bytes[..], 0),
            };
            let (text, issue) = decode_utf8(rest, bom_len);
            (Cow::Owned(text.into_owned()), issue)
        }
    };
    normalise(text, issue)
}

/// The steps after decoding: line breaks, tabs, NFC, and terminal safety.
fn normalise(text: Cow<'_, str>, issue: Option<DecodeIssue>) -> Decoded {
    if is_settled(&text) {
        return Decoded {
            text: Some(text.into_owned()),
            issue,
        };
    }
    normalise_each_step(text, issue)
}

/// [`normalise`] step by step, for text [`is_settled`] cannot pass whole.
fn normalise_each_step(text: Cow<'_, str>, issue: Option<DecodeIssue>) -> Decoded {
    let text = normalise_line_breaks(text);
    // A tab is layout, not a control to show: it becomes spaces, so the reader shows an
    // indented line rather than a placeholder.
    let text = if text.contains('\t') {
        Cow::Owned(text.replace('\t', "    "))
    } else {
        text
    };
    let text = nfc(text);
    let text = match sanitize_text(&text) {
        Cow::Borrowed(_) => text.into_owned(),
        Cow::Owned(safe) => safe,
    };
    Decoded {
        text: Some(text),
        issue,
    }
}

/// UTF-8 after its byte order mark; `offset` is the length of that mark, so the reported
/// position is into the file as it is on disk.
fn decode_utf8(bytes: &[u8], offset: usize) -> (Cow<'_, str>, Option<DecodeIssue>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(error) => {
            let issue = DecodeIssue::InvalidUtf8 {
                first_bad_byte: offset + error.valid_up_to(),
            };
            (String::from_utf8_lossy(bytes), Some(issue))
        }
    }
}

/// UTF-16 after its two-byte byte order mark.
fn decode_utf16(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
) -> (Cow<'static, str>, Option<DecodeIssue>) {
    const BOM_LEN: usize = 2;
    let mut first_bad = None;
    let mut text = String::with_capacity(bytes.len() / 2);
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut position = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                position += 2 * c.len_utf16();
                text.push(c);
            }
            Err(_) => {
                first_bad.get_or_insert(BOM_LEN + position);
                position += 2;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if bytes.len() % 2 == 1 {
        first_bad.get_or_insert(BOM_LEN + bytes.len() - 1);
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let issue = first_bad.map(|first_bad_byte| DecodeIssue::InvalidUtf16 { first_bad_byte });
    (Cow::Owned(text), issue)
}

/// CRLF and lone CR become LF, so sentences and lines split the same on every platform.
fn normalise_line_breaks(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(cr) = rest.find('\r') {
        out.push_str(&rest[..cr]);
        out.push('\n');
        rest = &rest[cr + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Canonical composition, so `o` + combining diaeresis and `ö` are the same word. Most
/// text is already NFC; the quick check proves that without copying.
fn nfc(text: Cow<'_, str>) -> Cow<'_, str> {
    if is_nfc_already(&text) {
        return text;
    }
    Cow::Owned(nfc_in_stretches(&text))
}

/// The NFC form of `text`, composing only the stretches that may change.
///
/// NFC can be taken piece by piece, the pieces cut before any character of combining class
/// 0 that no character before it composes with (quick check Yes): the plain starters. So
/// the text between them is copied as it is, and each run of other characters is composed
/// with the plain starter before it (which `o` + U+0308 needs). Composing a whole file
/// character by character took 1.2 s for 100 MB that held one combining mark.
fn nfc_in_stretches(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Copied up to here; where the last plain starter began.
    let (mut copied, mut last_plain) = (0, 0);
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            let run = ascii_run(&bytes[at..]);
            at += run;
            last_plain = at - 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if is_plain_starter(c) {
            last_plain = at;
            at += c.len_utf8();
            continue;
        }
        // A stretch: from the plain starter before it (or from what is not copied yet,
        // where no plain starter came since), up to the next plain starter.
        let start = last_plain.max(copied);
        let mut end = at + c.len_utf8();
        while let Some(next) = text[end..].chars().next() {
            if is_plain_starter(next) {
                break;
            }
            end += next.len_utf8();
        }
        out.push_str(&text[copied..start]);
        out.extend(text[start..end].nfc());
        (copied, at) = (end, end);
    }
    out.push_str(&text[copied..]);
    out
}

/// The NFC quick check, run only over the stretches of `text` that need it.
///
/// A character with combining class 0 that is NFC-stable resets the quick check, so
/// checking the stretches between such characters on their own gives the same answer as
/// checking the whole text. ASCII, Latin, Greek, Cyrillic and common punctuation are all
/// of that kind (see [`is_plain_starter`]); in news text they are nearly every character,
/// and skipping their table lookups makes this several times faster. A combining mark
/// after one of them (`o` + U+0308) is still checked, and still composed.
fn is_nfc_already(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut stretch_start = None;
    let mut at = 0;
    while at < bytes.len() {
        // Runs of ASCII are skipped bytewise; other characters are decoded one by one.
        let (plain, len) = if bytes[at].is_ascii() {
            (true, ascii_run(&bytes[at..]))
        } else {
            match text[at..].chars().next() {
                Some(c) => (is_plain_starter(c), c.len_utf8()),
                None => break,
            }
        };
        match (plain, stretch_start) {
            (true, Some(start)) => {
                stretch_start = None;
                if is_nfc_quick(text[start..at].chars()) != IsNormalized::Yes {
                    return false;
                }
            }
            (false, None) => stretch_start = Some(at),
            _ => {}
        }
        at += len;
    }
    stretch_start.is_none_or(|start| is_nfc_quick(text[start..].chars()) == IsNormalized::Yes)
}

/// Whether no step of [`normalise`] would change `text`: it has no control character but
/// the line feed (so no CR, tab or escape), and every other character is one NFC leaves
/// alone and a terminal may be shown ([`is_plain_starter`], not [`is_unsafe`]).
///
/// Nearly every file is like that, and this answers for all the steps in one walk:
/// printable ASCII and line feeds sixteen bytes at a time, the rest a character at a time.
/// It may say no of text that needs nothing (a Devanagari letter, say); the steps then
/// look at it one by one.
fn is_settled(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b < 0x80 {
            // Straight to the first byte that is not printable or a line feed, sixteen
            // bytes a step: in news text that is the next letter with an accent, some
            // fifty bytes on.
            at = plain_ascii_run(bytes, at);
            match bytes.get(at) {
                None => return true,
                Some(&b) if b < 0x80 => return false,
                Some(_) => continue,
            }
        }
        // The first byte of a character (the text is UTF-8). Latin letters and the no-break
        // space (U+00A0 to U+02FF, two bytes) pass by their first byte; C1 controls, the
        // rest of C2 80 to C2 9F, do not. Punctuation, arrows and box drawing (E2: U+2000
        // to U+2FFF) are told by their code point, without decoding the character: runs of
        // box drawing are the tables of technical text.
        match b {
            0xc2 if bytes[at + 1] >= 0xa0 => at += 2,
            0xc3..=0xcb => at += 2,
            0xe2 => {
                let c =
                    0x2000 | u32::from(bytes[at + 1] & 0x3f) << 6 | u32::from(bytes[at + 2] & 0x3f);
                if !char::from_u32(c).is_some_and(|c| is_plain_starter(c) && !is_unsafe(c)) {
                    return false;
                }
                at += 3;
            }
            _ => {
                let Some(c) = text[at..].chars().next() else {
                    return false;
                };
                if !is_plain_starter(c) || is_unsafe(c) {
                    return false;
                }
                at += c.len_utf8();
            }
        }
    }
    true
}

/// Where the run of printable ASCII and line feeds that starts at `at` ends.
#[inline(always)]
fn plain_ascii_run(bytes: &[u8], mut at: usize) -> usize {
    let eight = |at: usize| {
        bytes
            .get(at..at + 8)
            .map(|chunk| u64::from_le_bytes(chunk.try_into().expect("eight bytes")))
    };
    while let (Some(lo), Some(hi)) = (eight(at), eight(at + 8)) {
        let (lo, hi) = (
            not_printable_or_line_feed(lo),
            not_printable_or_line_feed(hi),
        );
        if lo | hi != 0 {
            let odd = if lo != 0 {
                lo.trailing_zeros()
            } else {
                64 + hi.trailing_zeros()
            };
            return at + odd as usize / 8;
        }
        at += 16;
    }
    while let Some(&b) = bytes.get(at) {
        if b != b'\n' && !(0x20..0x7f).contains(&b) {
            break;
        }
        at += 1;
    }
    at
}

/// The bytes of `chunk` (little-endian) that are neither printable ASCII (0x20 to 0x7E)
/// nor a line feed, as the high bit of each; 0 when there are none. Each test is exact
/// per byte: no sum carries from one byte into the next, since the high bits are cleared
/// before adding.
fn not_printable_or_line_feed(chunk: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    const LOW7: u64 = 0x7f * ONES;
    // High bit set in each byte that is not zero.
    let nonzero = |v: u64| (((v & LOW7) + LOW7) | v) & HIGH;
    let at_least_space = ((chunk & LOW7) + 0x60 * ONES) & HIGH;
    let control = !at_least_space & !chunk & HIGH;
    let line_feed = !nonzero(chunk ^ (b'\n' as u64 * ONES)) & HIGH;
    let del = !nonzero(chunk ^ LOW7) & HIGH;
    chunk & HIGH | (control & !line_feed) | del
}

/// How many bytes `bytes` starts with that are ASCII: eight at a time while there are.
fn ascii_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        if u64::from_le_bytes(chunk.try_into().expect("eight bytes")) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - n)
}

/// Characters with canonical combining class 0 that NFC leaves as they are, in any
/// context (checked against the Unicode tables in the tests).
fn is_plain_starter(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2ff}' // ASCII, Latin-1, Latin Extended-A and -B, IPA, modifier letters
        | '\u{388}'..='\u{482}' // most of Greek, and Cyrillic
        | '\u{48a}'..='\u{52f}' // Cyrillic and Cyrillic Supplement
        | '\u{2002}'..='\u{20cf}' // general punctuation, super- and subscripts, currency
        // Arrows, mathematical and technical signs, box drawing, shapes, dingbats: the
        // tables and frames of technical text (U+2329 and U+232A, angle brackets that NFC
        // replaces, are left out)
        | '\u{212c}'..='\u{2328}'
        | '\u{232b}'..='\u{2adb}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> String {
        decode(bytes)
            .text
            .unwrap_or_else(|| panic!("{bytes:?} was skipped"))
    }

    fn issue_of(bytes: &[u8]) -> Option<DecodeIssue> {
        decode(bytes).issue
    }

    #[test]
    fn empty_file_is_empty_text_without_issue() {
        assert_eq!(
            decode(b""),
            Decoded {
                text: Some(String::new()),
                issue: None
            }
        );
    }

    #[test]
    fn plain_utf8_passes_unchanged() {
        let s = "Zu sagen, dass der gewählte Präsident Donald Trump …\n";
        assert_eq!(text_of(s.as_bytes()), s);
        assert_eq!(issue_of(s.as_bytes()), None);
    }

    #[test]
    fn utf8_byte_order_mark_is_dropped() {
        assert_eq!(text_of(b"\xef\xbb\xbfKiew"), "Kiew");
        assert_eq!(issue_of(b"\xef\xbb\xbfKiew"), None);
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(text_of(b"eins\r\nzwei\r\n"), "eins\nzwei\n");
    }

    #[test]
    fn lone_cr_becomes_lf() {
        assert_eq!(text_of(b"eins\rzwei\r\r\ndrei\r"), "eins\nzwei\n\ndrei\n");
    }

    #[test]
    fn decomposed_umlaut_is_composed() {
        let text = text_of("Scho\u{308}ne Gru\u{308}\u{df}e".as_bytes());
        assert_eq!(text, "Schöne Grüße");
    }

    #[test]
    fn plain_starters_are_nfc_stable_starters() {
        use unicode_normalization::char::canonical_combining_class;
        let all = ('\0'..='\u{2fff}').filter(|&c| is_plain_starter(c));
        for c in all {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    proptest::proptest! {
        /// Composing stretch by stretch gives the NFC of the whole: combining marks after
        /// ASCII and Latin letters and after each other in and out of order, Hangul jamo and
        /// syllables, characters NFC replaces (U+2329, a CJK compatibility ideograph), and
        /// a mark first in the text.
        #[test]
        fn nfc_in_stretches_is_nfc_of_the_whole(
            text in "([a-zA-Z .]{1,8}|[éöÅ]|[\u{300}\u{301}\u{308}\u{323}\u{327}\u{345}]|\u{1100}|\u{1161}|\u{11a8}|\u{ac00}|\u{1ea1}|\u{2329}|\u{f900}|\u{3b1}|\u{3099}|\u{304b}|Київ){0,24}",
        ) {
            let whole: String = text.nfc().collect();
            proptest::prop_assert_eq!(nfc_in_stretches(&text), whole);
        }
    }

    #[test]
    fn text_with_a_combining_mark_anywhere_is_not_taken_as_nfc() {
        assert!(is_nfc_already("Grüße aus Kiew – „Київ“"));
        assert!(!is_nfc_already("Gru\u{308}\u{df}e"));
        assert!(!is_nfc_already("Pjo\u{308}ngjang"));
        assert!(!is_nfc_already("Ende e\u{301}"));
        // Combining marks out of canonical order, behind a character with no quick answer.
        assert!(!is_nfc_already("\u{1ea1}\u{301}\u{323}"));
    }

    #[test]
    fn invalid_utf8_at_start_is_replaced_and_located() {
        assert_eq!(text_of(b"\xffBerlin"), "\u{fffd}Berlin");
        assert_eq!(
            issue_of(b"\xffBerlin"),
            Some(DecodeIssue::InvalidUtf8 { first_bad_byte: 0 })
        );
    }

    #[test]
    fn invalid_utf8_in_the_middle_is_located() {
        assert_eq!(
            issue_of(b"Pr\xc3\xa4sident \x80 sagte"),
            Some(DecodeIssue::InvalidUtf8 { first_bad_byte: 11 })
        );
    }

    #[test]
    fn truncated_utf8_at_end_is_located() {
        // "ö" is C3 B6; the file was cut after the first byte.
        assert_eq!(text_of(b"Gr\xc3"), "Gr\u{fffd}");
        assert_eq!(
            issue_of(b"Gr\xc3"),
            Some(DecodeIssue::InvalidUtf8 { first_bad_byte: 2 })
        );
    }

    #[test]
    fn invalid_utf8_offset_counts_the_byte_order_mark() {
        assert_eq!(
            issue_of(b"\xef\xbb\xbfab\xff"),
            Some(DecodeIssue::InvalidUtf8 { first_bad_byte: 5 })
        );
    }

    #[test]
    fn latin1_bytes_are_replaced_with_a_warning() {
        assert_eq!(text_of(b"Pj\xf6ngjang"), "Pj\u{fffd}ngjang");
        assert_eq!(
            issue_of(b"Pj\xf6ngjang"),
            Some(DecodeIssue::InvalidUtf8 { first_bad_byte: 2 })
        );
    }

    #[test]
    fn nul_byte_marks_a_binary_file() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Decoded {
                text: None,
                issue: Some(DecodeIssue::Binary)
            }
        );
        assert_eq!(
            issue_of(b"text until the very end\0"),
            Some(DecodeIssue::Binary)
        );
    }

    #[test]
    fn utf16_le_with_byte_order_mark_is_decoded() {
        let bytes = b"\xff\xfeK\0i\0e\0w\0\r\0\n\0\xf6\0";
        assert_eq!(text_of(bytes), "Kiew\nö");
        assert_eq!(issue_of(bytes), None);
    }

    #[test]
    fn utf16_be_with_byte_order_mark_is_decoded() {
        let bytes = b"\xfe\xff\0K\0i\0e\0w\xd8\x3d\xde\x00";
        assert_eq!(text_of(bytes), "Kiew😀");
        assert_eq!(issue_of(bytes), None);
    }

    #[test]
    fn utf16_unpaired_surrogate_and_odd_byte_are_replaced() {
        // "a", a lone high surrogate, "b", then half a code unit.
        let bytes = b"\xff\xfea\0\x3d\xd8b\0x";
        assert_eq!(text_of(bytes), "a\u{fffd}b\u{fffd}");
        assert_eq!(
            issue_of(bytes),
            Some(DecodeIssue::InvalidUtf16 { first_bad_byte: 4 })
        );
    }

    #[test]
    fn escape_in_text_is_made_visible() {
        assert_eq!(text_of(b"vorher\x1b[2Jnachher"), "vorher␛[2Jnachher");
        assert_eq!(text_of(b"\xc2\x9b2J"), "\u{fffd}2J");
    }

    #[test]
    fn decoded_text_keeps_newlines_and_turns_tabs_into_spaces() {
        assert_eq!(text_of(b"a\tb\nc"), "a    b\nc");
    }

    #[test]
    fn news_text_is_settled_in_one_walk_and_anything_a_step_changes_is_not() {
        for article in crate::corpus::builtin::ARTICLES {
            assert!(
                is_settled(&decode(article.1).text.unwrap()),
                "{}",
                article.0
            );
        }
        assert!(is_settled(
            "Kim-Trump-Gipfeltreffen\n„Nordkoreas“ –\u{a0}Pjöngjang’s"
        ));
        assert!(is_settled("┌──┬──┐\n│ a │ b │ ⟨Datei⟩ → ✓"));
        for changed in [
            "a\tb",
            "a\r\nb",
            "Pjo\u{308}ngjang",
            "x\u{1b}[2J",
            "\u{202e}ab",
            "\u{85}",
            "\u{7f}",
            "\u{2329}",
        ] {
            assert!(!is_settled(changed), "{changed:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn decoded_text_is_nfc(
            chars in proptest::collection::vec(proptest::prop_oneof![
                proptest::char::range('a', 'e'),
                proptest::char::range('\u{c0}', '\u{c5}'),
                proptest::char::range('\u{300}', '\u{30a}'),
                proptest::char::range('\u{323}', '\u{327}'),
                proptest::char::range('\u{1100}', '\u{1102}'),
                proptest::char::range('\u{1161}', '\u{1163}'),
                proptest::char::range('\u{1ea0}', '\u{1ea3}'),
            ], 0..24)
        ) {
            let s: String = chars.into_iter().collect();
            let text = text_of(s.as_bytes());
            proptest::prop_assert!(unicode_normalization::is_nfc(&text), "{:?} -> {:?}", s, text);
            // The fast check may say "not sure" of NFC text, but never "yes" of other text.
            if is_nfc_already(&s) {
                proptest::prop_assert!(unicode_normalization::is_nfc(&s), "{:?}", s);
            }
        }

        /// Settled text is text that every step would leave as it is; the walk that says so
        /// must never pass one the steps would change.
        #[test]
        fn settled_text_is_what_the_steps_leave_alone(
            chars in proptest::collection::vec(proptest::prop_oneof![
                8 => proptest::char::range(' ', '~'),
                2 => proptest::sample::select(vec!['\n', '\r', '\t', '\x1b', '\x7f', '\0', '\u{85}', '\u{a0}', '\u{202e}', '\u{2019}', '\u{61c}']),
                2 => proptest::char::range('\u{c0}', '\u{17f}'),
                1 => proptest::char::range('\u{300}', '\u{30a}'),
                1 => proptest::char::range('\u{1100}', '\u{1102}'),
                1 => proptest::char::any(),
            ], 0..40)
        ) {
            let s: String = chars.into_iter().collect();
            let stepwise = normalise_each_step(Cow::Borrowed(&s), None).text;
            if is_settled(&s) {
                proptest::prop_assert_eq!(stepwise.as_deref(), Some(s.as_str()));
            }
            proptest::prop_assert_eq!(normalise(Cow::Borrowed(&s), None).text, stepwise);
        }

        #[test]
        fn each_of_eight_bytes_is_judged_as_it_would_be_alone(chunk in proptest::num::u64::ANY, picks in proptest::collection::vec(0usize..8, 0..4), fill in proptest::sample::select(vec![b' ', b'\n', b'a', b'~', 0x1f, 0x7f, 0x0a ^ 0x80, 0x0b, 0x09, 0xff])) {
            // Mostly printable words with a few chosen bytes, so both answers come up.
            let mut bytes = (chunk & 0x3f3f_3f3f_3f3f_3f3f | 0x4040_4040_4040_4040).to_le_bytes();
            if chunk % 3 == 0 {
                bytes = chunk.to_le_bytes();
            }
            for i in picks {
                bytes[i] = fill;
            }
            let odd = not_printable_or_line_feed(u64::from_le_bytes(bytes));
            for (i, &b) in bytes.iter().enumerate() {
                let passes = b == b'\n' || (0x20..0x7f).contains(&b);
                proptest::prop_assert_eq!(odd >> (8 * i) & 0xff, if passes { 0 } else { 0x80 }, "{:?}", bytes);
            }
        }

        /// The quick way through settled UTF-8 must give what every step one by one gives.
        #[test]
        fn settled_utf8_decodes_as_the_steps_one_by_one_do(
            bom in proptest::bool::weighted(0.1),
            chars in proptest::collection::vec(proptest::prop_oneof![
                8 => proptest::char::range(' ', '~'),
                2 => proptest::sample::select(vec![
                    '\n', '\r', '\t', '\0', '\x1b', '\x7f', '\u{85}', '\u{9f}', '\u{a0}', '\u{ad}',
                    '\u{feff}', '\u{2001}', '\u{2002}', '\u{200e}', '\u{2019}', '\u{202a}',
                    '\u{202e}', '\u{2066}', '\u{20d0}', '\u{2329}', '\u{2500}', '\u{2adc}',
                    '\u{2ffe}', '\u{308}', '\u{61c}',
                ]),
                2 => proptest::char::range('\u{c0}', '\u{2ff}'),
                2 => proptest::char::range('\u{2000}', '\u{2fff}'),
                1 => proptest::char::any(),
            ], 0..48),
            cut in proptest::option::of(0usize..64),
        ) {
            let s: String = chars.into_iter().collect();
            let mut bytes = [if bom { UTF8_BOM } else { b"" }, s.as_bytes()].concat();
            // Sometimes cut inside a character, so that the bytes are not UTF-8.
            if let Some(cut) = cut.filter(|&c| c < bytes.len()) {
                bytes.truncate(cut);
            }
            let expected = decode_unsettled(Cow::Borrowed(&bytes));
            proptest::prop_assert_eq!(&decode(&bytes), &expected, "{:?}", s);
            proptest::prop_assert_eq!(&decode_owned(bytes.clone()), &expected, "{:?}", s);
        }

        #[test]
        fn a_plain_ascii_run_ends_at_the_first_other_byte(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                16 => 0x20u8..0x7f,
                1 => proptest::num::u8::ANY,
                1 => proptest::sample::select(vec![b'\n', b'\r', b'\t', 0, 0x7f, 0x80, 0xc3]),
            ], 0..80),
            from in 0usize..8,
        ) {
            let from = from.min(bytes.len());
            let expected = bytes[from..]
                .iter()
                .position(|&b| b != b'\n' && !(0x20..0x7f).contains(&b))
                .map_or(bytes.len(), |p| from + p);
            proptest::prop_assert_eq!(plain_ascii_run(&bytes, from), expected);
        }

        #[test]
        fn an_ascii_run_ends_at_the_first_byte_that_is_not_ascii(
            bytes in proptest::collection::vec(proptest::prop_oneof![8 => 0u8..0x80, 1 => 0x80u8..=0xff], 0..40)
        ) {
            let expected = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len());
            proptest::prop_assert_eq!(ascii_run(&bytes), expected);
        }

        #[test]
        fn any_bytes_decode_to_safe_text_without_carriage_returns(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..256)
        ) {
            if let Some(text) = decode(&bytes).text {
                proptest::prop_assert!(!text.chars().any(|c| c == '\r' || crate::text::sanitize::is_unsafe(c)));
            }
        }

        /// Files are decoded from their own buffer; tests and tools decode borrowed bytes.
        #[test]
        fn owned_and_borrowed_bytes_decode_alike(
            prefix in proptest::sample::select(vec![&b""[..], UTF8_BOM, UTF16_LE_BOM, UTF16_BE_BOM]),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..256),
            text in "\\PC{0,64}",
        ) {
            for body in [body, text.into_bytes()] {
                let bytes = [prefix, &body[..]].concat();
                proptest::prop_assert_eq!(decode_owned(bytes.clone()), decode(&bytes));
            }
        }
    }
}
