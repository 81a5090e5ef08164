//! Wrapping an article to a pane width, as byte ranges into its text (never copies), so the
//! highlights that are byte ranges too stay exact across line breaks. Wrapping is the only
//! work proportional to the article's length, so it is done once per article and width and
//! kept; scrolling then only slices.

use std::ops::Range;
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// One screen line: a byte range of the article text, without its line break or the spaces
/// it was broken at.
pub type WrappedLine = Range<u32>;

/// The columns a piece of text takes. Whitespace (a tab, say) takes one: it is drawn as a
/// space, and unicode-width would count a tab as nothing.
pub fn columns(grapheme: &str) -> usize {
    if grapheme.chars().all(char::is_whitespace) {
        grapheme.chars().count()
    } else {
        grapheme.width()
    }
}

/// The lines of `text` at `width` columns: paragraphs (line breaks) kept, blank lines kept,
/// words broken only when longer than a line.
pub fn wrap(text: &str, width: usize) -> Vec<WrappedLine> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut paragraph_start = 0;
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, paragraph_start, width, &mut lines);
        paragraph_start += paragraph.len() + 1;
    }
    lines
}

/// Word by word: a word's width is measured whole, and only a word longer than a line is
/// walked grapheme by grapheme, which keeps wrapping a 10 MB article well under a second.
fn wrap_paragraph(paragraph: &str, offset: usize, width: usize, lines: &mut Vec<WrappedLine>) {
    let at = |i: usize| (offset + i) as u32;
    let is_space = |c: char| c.is_whitespace();
    let lead = paragraph.len() - paragraph.trim_start_matches(is_space).len();
    let (mut line_start, mut line_end) = (0, 0);
    // Columns used on the line, and the spaces waiting between the last word and the next.
    let mut col = paragraph[..lead].chars().count();
    let mut gap = 0;
    let mut placed = false;
    let mut i = lead;
    while i < paragraph.len() {
        let word_end = paragraph[i..]
            .find(is_space)
            .map_or(paragraph.len(), |k| i + k);
        let word = &paragraph[i..word_end];
        let w = word.width();
        if placed && col + gap + w > width {
            lines.push(at(line_start)..at(line_end));
            (line_start, col, gap) = (i, 0, 0);
        }
        if col + gap + w > width {
            for (k, g) in word.grapheme_indices(true) {
                let gw = columns(g);
                if col + gap + gw > width && col + gap > 0 {
                    lines.push(at(line_start)..at(i + k));
                    (line_start, col, gap) = (i + k, 0, 0);
                }
                col += gap + gw;
                gap = 0;
            }
        } else {
            col += gap + w;
        }
        line_end = word_end;
        placed = true;
        let next = paragraph[word_end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(paragraph.len(), |k| word_end + k);
        gap = paragraph[word_end..next].chars().count();
        i = next;
    }
    lines.push(at(line_start)..at(line_end.max(line_start)));
}

/// An article index and a width.
type WrapKey = (usize, u16);

/// Wrapped articles, by article and width. Keeps a few, so switching back and forth between
/// two articles, or resizing back, costs nothing.
#[derive(Debug, Default)]
pub struct WrapCache {
    entries: Vec<(WrapKey, Arc<Vec<WrappedLine>>)>,
}

/// How many wrapped articles are kept.
const KEPT: usize = 8;

impl WrapCache {
    /// The lines of article `article` at `width`, if wrapped already.
    pub fn get(&self, article: usize, width: u16) -> Option<Arc<Vec<WrappedLine>>> {
        self.entries
            .iter()
            .find(|(key, _)| *key == (article, width))
            .map(|(_, lines)| Arc::clone(lines))
    }

    /// The lines of article `article` (whose text is `text`) at `width`, wrapping it now if
    /// needed.
    pub fn lines(&mut self, article: usize, width: u16, text: &str) -> Arc<Vec<WrappedLine>> {
        if let Some(lines) = self.get(article, width) {
            return lines;
        }
        let lines = Arc::new(wrap(text, usize::from(width)));
        if self.entries.len() >= KEPT {
            self.entries.remove(0);
        }
        self.entries.push(((article, width), Arc::clone(&lines)));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width)
            .into_iter()
            .map(|r| &text[r.start as usize..r.end as usize])
            .collect()
    }

    #[test]
    fn words_wrap_at_spaces_and_spaces_at_breaks_are_dropped() {
        assert_eq!(
            wrapped("Trump droht Nordkorea mit Sanktionen", 12),
            ["Trump droht", "Nordkorea", "mit", "Sanktionen"]
        );
    }

    #[test]
    fn paragraphs_and_blank_lines_are_kept() {
        assert_eq!(
            wrapped("Titel\n\nErster Absatz.", 40),
            ["Titel", "", "Erster Absatz."]
        );
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken() {
        assert_eq!(
            wrapped("Denuklearisierungsverhandlungen", 10),
            ["Denukleari", "sierungsve", "rhandlunge", "n"]
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(wrapped("金正恩 und 文在寅", 7), ["金正恩", "und", "文在寅"]);
        for line in wrapped("金正恩金正恩金正恩", 5) {
            assert!(line.width() <= 5, "{line}");
        }
    }

    #[test]
    fn umlauts_and_combining_marks_are_one_column() {
        assert_eq!(
            wrapped("Pjöngjang Pjo\u{308}ngjang", 9),
            ["Pjöngjang", "Pjo\u{308}ngjang"]
        );
    }

    #[test]
    fn no_line_is_wider_than_the_width_and_no_text_is_lost() {
        let text = "Die USA und Südkorea verlängern die Sanktionen gegen Nordkorea, sagt Trump.\n\nKim Jong Un antwortet in Pjöngjang: »Niemals«.";
        for width in 1..50 {
            let lines = wrap(text, width);
            let mut kept = String::new();
            for line in &lines {
                let s = &text[line.start as usize..line.end as usize];
                assert!(s.width() <= width, "{width}: {s:?}");
                kept.push_str(s);
            }
            let all: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let kept: String = kept.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(kept, all, "width {width}");
        }
    }

    #[test]
    fn width_zero_does_not_loop_or_panic() {
        assert_eq!(wrapped("ab", 0), ["a", "b"]);
        assert_eq!(wrapped("", 10), [""]);
    }

    #[test]
    fn the_cache_wraps_each_article_and_width_once() {
        let mut cache = WrapCache::default();
        let a = cache.lines(0, 20, "eins zwei drei");
        let b = cache.lines(0, 20, "ignored: already wrapped");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(cache.get(0, 21).is_none());
    }
}
