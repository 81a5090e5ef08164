//! The letters every term a regex query matches must start with, so that only the terms that
//! do are tried: `/Konfigurations.*/` tried every term of the corpus, 10.6 ms on one of
//! 600,000 terms, where the terms starting with `konfigurations` are found in one search
//! over all the terms' text ([`crate::index::Terms::with_piece`]).
//!
//! Only what is sure is taken: the ASCII letters and digits the regex starts with, up to
//! the first thing that is not one, less the last if a `?`, `*` or `{` makes it optional or
//! counted; nothing if an alternative (`|`) stands anywhere in it, since another branch may
//! start otherwise. Terms are folded (Unicode full case folding), so they have no capitals
//! and none of the other letters a case-insensitive ASCII letter matches (the Kelvin sign
//! folds to `k`, the long s to `s`): a term the regex matches starts with these letters in
//! lowercase.

/// The lowercase letters and digits every match of `re` starts with, if there are any.
pub(super) fn literal_prefix(re: &str) -> Option<String> {
    if re.contains('|') {
        return None;
    }
    let mut prefix = String::new();
    let mut chars = re.chars().peekable();
    while let Some(c) = chars.next_if(char::is_ascii_alphanumeric) {
        match chars.peek() {
            // Optional, repeated from none, or counted: not sure to stand as it is.
            Some('?' | '*' | '{') => break,
            // At least once: it stands, and what follows is not sure to come right after.
            Some('+') => {
                prefix.push(c.to_ascii_lowercase());
                break;
            }
            _ => prefix.push(c.to_ascii_lowercase()),
        }
    }
    (!prefix.is_empty()).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letters_a_regex_surely_starts_with() {
        assert_eq!(
            literal_prefix("Konfigurations.*").as_deref(),
            Some("konfigurations")
        );
        assert_eq!(literal_prefix("Datei").as_deref(), Some("datei"));
        assert_eq!(literal_prefix("Date?i").as_deref(), Some("dat"));
        assert_eq!(literal_prefix("Dat*ei").as_deref(), Some("da"));
        assert_eq!(literal_prefix("Da{2}tei").as_deref(), Some("d"));
        assert_eq!(literal_prefix("Da+tei").as_deref(), Some("da"));
        assert_eq!(literal_prefix("A1[bc]").as_deref(), Some("a1"));
        assert_eq!(literal_prefix("ab(?-i)c").as_deref(), Some("ab"));
        for none in [
            ".*datei",
            "(?i)datei",
            "\\w+",
            "[Dd]atei",
            "Datei|Akte",
            "(Datei)",
            "ä",
            "",
        ] {
            assert_eq!(literal_prefix(none), None, "{none}");
        }
    }
}
