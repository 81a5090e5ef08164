//! Terminal-safe text: no byte of a corpus, a lexicon or a query reaches a terminal raw.
//!
//! Text from a corpus is untrusted. A terminal obeys control characters and escape
//! sequences, so an article containing `ESC ] 52 ; …` could write to the clipboard, and
//! one containing `ESC [ 2 J` could wipe the screen. Bidi overrides (RLO and friends) can
//! make a line read differently from the bytes it holds. Everything here makes such
//! characters *visible* instead: C0 controls become their Control Pictures (`␛`, `␇`, …)
//! so a reader can see that something was there, and C1 controls and bidi formatting
//! characters, which have no picture, become U+FFFD `�`.
//!
//! Every replacement is a single `char` and only the unsafe ones change, so safe text
//! passes through borrowed and untouched.

use std::borrow::Cow;

/// DEL has its own picture, outside the run U+2400 + code used for C0.
const DEL_PICTURE: char = '\u{2421}';

/// True for a character that must never reach a terminal raw.
///
/// `\n` is not unsafe: multi-line text keeps it (see [`sanitize_text`]); one-line displays
/// flatten it separately (see [`sanitize_line`]).
pub fn is_unsafe(c: char) -> bool {
    c != '\n' && replacement(c).is_some()
}

/// Makes multi-line text safe to print: keeps `\n`, shows every other control or bidi
/// formatting character visibly (see the module docs). Borrows when nothing changes.
pub fn sanitize_text(s: &str) -> Cow<'_, str> {
    sanitize(s, Mode::Text)
}

/// Like [`sanitize_text`], but for one-line displays (titles, ids, KWIC contexts, queries,
/// error messages): `\n` and tab become a single space, so the line stays one line.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    sanitize(s, Mode::Line)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    Line,
}

/// The visible stand-in for `c` in multi-line text, or `None` when `c` is safe as it is.
fn replacement(c: char) -> Option<char> {
    match c {
        '\n' => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some(DEL_PICTURE),
        '\u{80}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some(char::REPLACEMENT_CHARACTER),
        _ => None,
    }
}

fn replacement_in(c: char, mode: Mode) -> Option<char> {
    match (c, mode) {
        ('\n' | '\t', Mode::Line) => Some(' '),
        _ => replacement(c),
    }
}

fn sanitize(s: &str, mode: Mode) -> Cow<'_, str> {
    let Some(mut change) = next_change(s, 0, mode) else {
        return Cow::Borrowed(s);
    };
    // Copy the safe runs between changes whole, not char by char.
    let mut out = String::with_capacity(s.len() + 16);
    let mut copied_up_to = 0;
    loop {
        out.push_str(&s[copied_up_to..change]);
        let Some(c) = s[change..].chars().next() else {
            break;
        };
        out.push(replacement_in(c, mode).unwrap_or(c));
        copied_up_to = change + c.len_utf8();
        match next_change(s, copied_up_to, mode) {
            Some(next) => change = next,
            None => break,
        }
    }
    out.push_str(&s[copied_up_to..]);
    Cow::Owned(out)
}

/// Bytes that can start a character that `mode` changes: every unsafe character is ASCII
/// or starts with one of three UTF-8 lead bytes (0xC2 for C1, 0xD8 for U+061C, 0xE2 for
/// U+200E–U+2069). `\n` changes only in one-line mode.
const fn may_change(line: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\n' as usize || line;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xd8] = true;
    table[0xe2] = true;
    table
}

static MAY_CHANGE_TEXT: [bool; 256] = may_change(false);
static MAY_CHANGE_LINE: [bool; 256] = may_change(true);

/// Whether the character at `bytes[0]`, a candidate lead byte, may be unsafe, judged by
/// its second byte: no-break spaces (C2 A0) and typographic quotes and dashes (E2 80 9x)
/// are common in news text and need no decoding to be passed.
fn second_byte_may_change(bytes: &[u8]) -> bool {
    match (bytes[0], bytes.get(1)) {
        (0xc2, Some(b)) => (0x80..=0x9f).contains(b),
        (0xd8, Some(b)) => *b == 0x9c,
        (0xe2, Some(&b)) => b == 0x80 || b == 0x81,
        _ => true,
    }
}

/// Whether none of the eight bytes in `chunk` can start a character that changes: all
/// printable ASCII (0x20–0x7E). Checks them at once, as bits of one word.
fn plain_ascii(chunk: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let high = chunk & HIGH;
    // With no high bit set, a byte below 0x20 borrows into its high bit when 0x20 is
    // taken away, and a byte equal to 0x7F becomes zero when xored with it.
    let control = chunk.wrapping_sub(0x20 * ONES) & !chunk & HIGH;
    let del = chunk ^ (0x7f * ONES);
    let del = del.wrapping_sub(ONES) & !del & HIGH;
    high | control | del == 0
}

/// The byte offset, at or after `from` (a char boundary), of the next character that
/// `mode` changes.
///
/// This runs over every article on load, so it skips printable ASCII eight bytes at a
/// time, looks other bytes up in a table, and decodes a character only where its first
/// bytes make it a candidate.
fn next_change(s: &str, from: usize, mode: Mode) -> Option<usize> {
    let bytes = s.as_bytes();
    let table = match mode {
        Mode::Text => &MAY_CHANGE_TEXT,
        Mode::Line => &MAY_CHANGE_LINE,
    };
    let mut at = from;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let chunk = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if plain_ascii(chunk) {
                at += 8;
                continue;
            }
        }
        let end = (at + 8).min(bytes.len());
        let Some(offset) = bytes[at..end].iter().position(|&b| table[usize::from(b)]) else {
            // No lead byte of a candidate here; the chunk may end inside a character,
            // but the next one goes on from there as bytes, which is all it looks at.
            at = end;
            continue;
        };
        let candidate = at + offset;
        if !second_byte_may_change(&bytes[candidate..]) {
            at = candidate + 1;
            continue;
        }
        // A candidate byte is ASCII or a lead byte, so always a char boundary.
        let c = s.get(candidate..)?.chars().next()?;
        if replacement_in(c, mode).is_some() {
            return Some(candidate);
        }
        at = candidate + c.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "Zu sagen, dass der gewählte Präsident –\n„viele Pläne“ hat.";
        assert!(matches!(sanitize_text(s), Cow::Borrowed(t) if t == s));
        let one = "Pjöngjang — ein Titel";
        assert!(matches!(sanitize_line(one), Cow::Borrowed(t) if t == one));
    }

    #[test]
    fn osc_52_clipboard_write_is_shown_not_obeyed() {
        let attack = "Klick hier\x1b]52;c;cm0gLXJmIH4K\x07 bitte";
        assert_eq!(
            sanitize_text(attack),
            "Klick hier␛]52;c;cm0gLXJmIH4K␇ bitte"
        );
    }

    #[test]
    fn title_change_escape_is_shown_not_obeyed() {
        assert_eq!(sanitize_line("\x1b]0;pwned\x07Titel"), "␛]0;pwned␇Titel");
    }

    #[test]
    fn csi_clear_screen_is_shown_not_obeyed() {
        assert_eq!(sanitize_text("vorher\x1b[2Jnachher"), "vorher␛[2Jnachher");
    }

    #[test]
    fn c1_csi_becomes_replacement_character() {
        assert_eq!(sanitize_text("a\u{9b}2Jb"), "a\u{fffd}2Jb");
        assert_eq!(sanitize_text("\u{80}\u{9f}"), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn backspace_and_carriage_return_cannot_overwrite_what_was_shown() {
        // "harmlos" then backspaces or a CR would visually replace the word on screen.
        assert_eq!(
            sanitize_text("harmlos\x08\x08\x08\x08bös"),
            "harmlos␈␈␈␈bös"
        );
        assert_eq!(sanitize_line("ok\rFEHLER"), "ok␍FEHLER");
    }

    #[test]
    fn right_to_left_override_cannot_reorder_a_line() {
        // The classic file name trick: "invoice_\u{202e}fdp.exe" displays as "…exe.pdf".
        assert_eq!(
            sanitize_line("invoice_\u{202e}fdp.exe"),
            "invoice_\u{fffd}fdp.exe"
        );
        assert_eq!(
            sanitize_text("\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{061c}"),
            "\u{fffd}".repeat(7)
        );
    }

    #[test]
    fn delete_and_nul_get_their_pictures() {
        assert_eq!(sanitize_text("a\x7fb\0c"), "a␡b␀c");
    }

    #[test]
    fn text_keeps_newlines_and_shows_tabs() {
        assert_eq!(sanitize_text("eins\tzwei\ndrei"), "eins␉zwei\ndrei");
    }

    #[test]
    fn line_flattens_newlines_and_tabs_to_spaces() {
        assert_eq!(sanitize_line("eins\tzwei\ndrei"), "eins zwei drei");
    }

    #[test]
    fn neighbours_of_unsafe_ranges_stay() {
        // Same lead bytes as unsafe characters, but harmless: ¡ (C2 A1), ب (D8 A8), – (E2 80 93).
        let s = "\u{a0}¡ب–\u{2065}\u{206a}";
        assert!(matches!(sanitize_text(s), Cow::Borrowed(_)));
    }

    /// Strings that mix ordinary text with the characters an attacker would use, since
    /// `any::<String>()` alone rarely produces a control character.
    fn hostile_string() -> impl Strategy<Value = String> {
        let c = prop_oneof![
            any::<char>(),
            proptest::char::range('\u{0}', '\u{a0}'),
            proptest::char::range('\u{2000}', '\u{2070}'),
            Just('\u{061c}'),
        ];
        proptest::collection::vec(c, 0..64).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn sanitized_text_holds_nothing_unsafe(s in hostile_string()) {
            let out = sanitize_text(&s);
            prop_assert!(!out.chars().any(is_unsafe));
            prop_assert_eq!(out.matches('\n').count(), s.matches('\n').count());
            prop_assert_eq!(out.chars().count(), s.chars().count());
        }

        #[test]
        fn sanitized_line_holds_nothing_unsafe_and_no_line_break(s in hostile_string()) {
            let out = sanitize_line(&s);
            prop_assert!(!out.chars().any(|c| is_unsafe(c) || c == '\n'));
            prop_assert_eq!(out.chars().count(), s.chars().count());
        }

        #[test]
        fn safe_text_is_never_copied(s in "[^\u{0}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}]*") {
            prop_assert!(matches!(sanitize_text(&s), Cow::Borrowed(_)));
        }

        /// The byte-level scan changes exactly the characters that the rules change.
        #[test]
        fn sanitizing_changes_exactly_what_the_rules_change(
            // Runs of printable ASCII between hostile characters, so the eight-byte skip
            // and the chunks that end inside a character are both taken.
            parts in proptest::collection::vec((hostile_string(), "[ -~]{0,20}"), 0..6),
        ) {
            let s: String = parts.into_iter().map(|(a, b)| a.chars().take(5).collect::<String>() + &b).collect();
            for (mode, out) in [(Mode::Text, sanitize_text(&s)), (Mode::Line, sanitize_line(&s))] {
                let expected: String =
                    s.chars().map(|c| replacement_in(c, mode).unwrap_or(c)).collect();
                prop_assert_eq!(out.as_ref(), expected.as_str());
            }
        }
    }
}
