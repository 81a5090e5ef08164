//! An article's title, read off its first line or its first sentence.

use unicode_width::UnicodeWidthChar;

/// The most columns a title takes.
pub const MAX_TITLE_COLUMNS: usize = 100;

/// The title of an article: its first line when that line reads as a headline (short, no
/// sentence punctuation at its end), otherwise its first sentence, cut at a word boundary
/// with "…" to at most [`MAX_TITLE_COLUMNS`] columns. `first_sentence` is the text of the
/// first sentence, if any.
pub fn title(text: &str, first_sentence: Option<&str>) -> String {
    let first_line = text.lines().map(str::trim).find(|l| !l.is_empty());
    let Some(line) = first_line else {
        return String::from("(empty)");
    };
    if reads_as_headline(line) {
        return cut(line, MAX_TITLE_COLUMNS);
    }
    let sentence = first_sentence.unwrap_or(line);
    let one_line: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(&one_line, MAX_TITLE_COLUMNS)
}

fn reads_as_headline(line: &str) -> bool {
    let short = width(line) <= MAX_TITLE_COLUMNS && line.split_whitespace().count() <= 16;
    let ends_like_a_sentence = line.ends_with(['.', ',', ';', ':']);
    short && !ends_like_a_sentence
}

fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut at a word boundary to at most `max` columns, "…" marking the cut.
pub fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let budget = max.saturating_sub(1);
    let mut used = 0;
    let mut end = 0;
    let mut last_space = None;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        if c.is_whitespace() {
            last_space = Some(i);
        }
        used += w;
        end = i + c.len_utf8();
    }
    let cut_at = match last_space {
        Some(sp) if sp > 0 => sp,
        _ => end,
    };
    format!("{}…", s[..cut_at].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_first_line_without_a_full_stop_is_the_title() {
        let text = "Trump und Kim: Romanze der Staatschefs feiert ihre Renaissance\nDie USA müssen entscheiden.";
        assert_eq!(
            title(
                text,
                Some("Trump und Kim: Romanze der Staatschefs feiert ihre Renaissance")
            ),
            "Trump und Kim: Romanze der Staatschefs feiert ihre Renaissance"
        );
    }

    #[test]
    fn a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis() {
        let sentence = "Zu sagen, dass der gewählte Präsident Donald Trump für seine zweite Amtszeit viele Pläne hat, wäre eine grobe Untertreibung.";
        let t = title(&format!("{sentence} Er hat versprochen."), Some(sentence));
        assert_eq!(
            t,
            "Zu sagen, dass der gewählte Präsident Donald Trump für seine zweite Amtszeit viele Pläne hat, wäre…"
        );
        assert!(width(&t) <= MAX_TITLE_COLUMNS);
    }

    #[test]
    fn an_empty_article_is_titled_empty() {
        assert_eq!(title("", None), "(empty)");
        assert_eq!(title("\n\n", None), "(empty)");
    }

    #[test]
    fn a_word_longer_than_the_limit_is_cut_inside_it() {
        let long = "x".repeat(300);
        let t = cut(&long, 100);
        assert_eq!(width(&t), 100);
        assert!(t.ends_with('…'));
    }
}
