//! Folded forms: how two spellings are made to compare equal.
//!
//! Matching is case-insensitive by Unicode full case folding (so `ß` and `ss` are one), on
//! NFC text. Accent-insensitive matching, which the user asks for, additionally drops
//! combining marks after canonical decomposition (`Pjöngjang` ~ `Pjongjang`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Full Unicode case folding of `s`, NFC-normalised.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    caseless::default_case_fold_str(s).nfc().collect()
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
    fn decomposed_and_composed_fold_alike() {
        assert_eq!(fold("Pjo\u{308}ngjang"), fold("Pjöngjang"));
    }
}
