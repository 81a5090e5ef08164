//! Folded forms: how two spellings are made to compare equal.
//!
//! Matching is case-insensitive by Unicode full case folding (so `ß` and `ss` are one), on
//! NFC text. Accent-insensitive matching, which the user asks for, additionally drops
//! combining marks after canonical decomposition (`Pjöngjang` ~ `Pjongjang`).

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Full Unicode case folding of `s`, NFC-normalised.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appending to `out`: indexing folds millions of words into one buffer.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
        return;
    }
    if s.chars().all(lowercase_is_fold) {
        for c in s.chars() {
            match c {
                'ß' => out.push_str("ss"),
                c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                c => out.extend(c.to_lowercase()),
            }
        }
        return;
    }
    out.extend(s.chars().default_case_fold().nfc());
}

/// Characters whose case fold is their lowercase (ß aside, which folds to "ss"): ASCII and
/// the accented Latin letters of Western and Central Europe. German words fold by this fast
/// path; everything else goes through full case folding and NFC.
fn lowercase_is_fold(c: char) -> bool {
    c.is_ascii() || (('\u{c0}'..='\u{17e}').contains(&c) && c != '\u{149}')
}

/// `s` without its accents: decomposed, combining marks removed, recomposed.
pub fn strip_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharp_s_folds_to_double_s() {
        assert_eq!(fold("Straße"), fold("STRASSE"));
        assert_eq!(fold("Maßnahmen"), "massnahmen");
    }

    #[test]
    fn umlauts_fold_by_case_but_keep_their_accent() {
        assert_eq!(fold("PJÖNGJANG"), "pjöngjang");
        assert_ne!(fold("Pjöngjang"), fold("Pjongjang"));
        assert_eq!(strip_accents(&fold("Pjöngjang")), "pjongjang");
    }

    #[test]
    fn the_fast_path_folds_like_full_case_folding() {
        for c in ('\u{0}'..='\u{17f}').filter(|c| lowercase_is_fold(*c)) {
            let s = format!("A{c}b");
            let full: String = s.chars().default_case_fold().nfc().collect();
            assert_eq!(fold(&s), full, "{c:?}");
        }
    }

    #[test]
    fn decomposed_and_composed_fold_alike() {
        assert_eq!(fold("Pjo\u{308}ngjang"), fold("Pjöngjang"));
    }
}
