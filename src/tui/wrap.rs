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
    let mut at = 0;
    loop {
        at = wrap_paragraph(text, at, width, &mut lines);
        if at >= text.len() {
            return lines;
        }
        at += 1; // the line break
    }
}

/// Wraps the paragraph of `text` that starts at `start`, and returns where it ends: at its
/// line break, or at the end of the text.
///
/// Word by word: a word's width is measured whole, and only a word longer than a line is
/// walked grapheme by grapheme. The text is walked once, eight bytes at a time through
/// words of ASCII (which nearly all words are), and a word of ASCII and accented letters
/// has a column for each character, unmeasured: a 10 MB article wraps in 16 to 19 ms, where
/// decoding and measuring every character took 47 ms (a 99 MB one: 155 to 190 ms, from
/// 475 ms), time that a key opening it, or a resize, waits for its frame.
fn wrap_paragraph(text: &str, start: usize, width: usize, lines: &mut Vec<WrappedLine>) -> usize {
    let at = |i: usize| i as u32;
    let (lead, lead_columns) = space_run(text, start);
    let (mut line_start, mut line_end) = (start, start);
    // Columns used on the line, and the spaces waiting between the last word and the next.
    let mut col = lead_columns;
    let mut gap = 0;
    let mut placed = false;
    let mut i = lead;
    while i < text.len() && text.as_bytes()[i] != b'\n' {
        let (word_end, simple) = word_run(text, i);
        let word = &text[i..word_end];
        let w = simple.unwrap_or_else(|| word.width());
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
        let (next, spaces) = space_run(text, word_end);
        gap = spaces;
        i = next;
    }
    lines.push(at(line_start)..at(line_end.max(line_start)));
    i
}

/// White space as [`char::is_whitespace`] has it, for an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Where the word at `i` of `text` ends (at white space, a line break included, or the end),
/// and its width if it was simple to tell: a word of ASCII and of the accented letters of
/// European languages (U+00C0 to U+017F) has a column for every character, as unicode-width
/// has it (a control character too). `i` is at a character.
fn word_run(text: &str, i: usize) -> (usize, Option<usize>) {
    let bytes = text.as_bytes();
    let (mut k, mut simple, mut wide) = (i, true, 0);
    loop {
        // Eight bytes at a time up to the first that is below `!` (white space, or a
        // control character) or not ASCII; that one is looked at alone.
        while let Some(eight) = bytes.get(k..k + 8) {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            let stop = (x.wrapping_sub(ONES * 0x21) & !x & HIGH) | (x & HIGH);
            if stop != 0 {
                k += stop.trailing_zeros() as usize / 8;
                break;
            }
            k += 8;
        }
        let Some(&b) = bytes.get(k) else { break };
        if b < 0x80 {
            if is_ascii_space(b) {
                break;
            }
            k += 1;
        } else {
            let c = text[k..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                break;
            }
            // Two bytes for one column: counted so the width is the bytes less these.
            simple &= ('\u{c0}'..='\u{17f}').contains(&c);
            wide += 1;
            k += c.len_utf8();
        }
    }
    (k, simple.then_some(k - i - wide))
}

/// Where the white space at `i` of `text` ends (at anything else, or at a line break), and
/// how many characters it has. `i` is at a character.
fn space_run(text: &str, i: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut k, mut chars) = (i, 0);
    while let Some(&b) = bytes.get(k) {
        if b < 0x80 {
            if b == b'\n' || !is_ascii_space(b) {
                break;
            }
            k += 1;
        } else {
            let c = text[k..].chars().next().unwrap_or('x');
            if !c.is_whitespace() {
                break;
            }
            k += c.len_utf8();
        }
        chars += 1;
    }
    (k, chars)
}

/// An article index and a width.
type WrapKey = (usize, u16);

/// Wrapped articles, by article and width. Keeps a few, so switching back and forth between
/// two articles, or resizing back, costs nothing; but no more lines than [`LINES_KEPT`]
/// besides the newest: an article of 99 MB has 2.9 million lines at 100 columns (22 MB of
/// ranges), and eight widths of it, a window dragged, held 180 MB.
#[derive(Debug)]
pub struct WrapCache {
    /// Oldest first.
    entries: Vec<(WrapKey, Arc<Vec<WrappedLine>>)>,
    /// The most lines kept in all.
    budget: usize,
}

/// How many wrapped articles are kept at most.
const KEPT: usize = 8;
/// How many lines are kept in all, the newest article's aside: 32 MB of ranges.
const LINES_KEPT: usize = 1 << 22;

impl Default for WrapCache {
    fn default() -> Self {
        WrapCache::with_budget(LINES_KEPT)
    }
}

impl WrapCache {
    /// A cache that keeps at most `budget` lines besides the newest article's.
    fn with_budget(budget: usize) -> WrapCache {
        WrapCache {
            entries: Vec::new(),
            budget,
        }
    }

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
        // The oldest go first, until the others fit beside the new one.
        let mut kept: usize = self.entries.iter().map(|(_, l)| l.len()).sum();
        while !self.entries.is_empty()
            && (self.entries.len() >= KEPT || kept + lines.len() > self.budget)
        {
            kept -= self.entries.remove(0).1.len();
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

    /// The wrapping as it was before words were found byte by byte: every character
    /// decoded and measured.
    fn reference(text: &str, width: usize) -> Vec<WrappedLine> {
        let width = width.max(1);
        let mut lines = Vec::new();
        let mut offset = 0;
        for paragraph in text.split('\n') {
            let at = |i: usize| (offset + i) as u32;
            let is_space = |c: char| c.is_whitespace();
            let lead = paragraph.len() - paragraph.trim_start_matches(is_space).len();
            let (mut line_start, mut line_end) = (0, 0);
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
            offset += paragraph.len() + 1;
        }
        lines
    }

    proptest::proptest! {
        /// Byte by byte or character by character, the lines are the same: ASCII words and
        /// spaces of every kind, no-break and ideographic spaces, umlauts, combining marks,
        /// wide characters, control characters, words longer than a line, at every width.
        #[test]
        fn ascii_quick_paths_wrap_as_every_character_measured_does(
            text in "([a-zA-Z.,!]{1,12}|[ \t\x0b\x0c\r]{1,3}|\n|\u{a0}|\u{3000}|[äßéŁ×\u{bf}\u{180}]|o\u{308}|金正恩|[\x00-\x1f\x7f]|\u{200b}){0,40}",
            width in 0usize..30,
        ) {
            proptest::prop_assert_eq!(wrap(&text, width), reference(&text, width));
        }
    }

    #[test]
    fn the_cache_wraps_each_article_and_width_once() {
        let mut cache = WrapCache::default();
        let a = cache.lines(0, 20, "eins zwei drei");
        let b = cache.lines(0, 20, "ignored: already wrapped");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(cache.get(0, 21).is_none());
    }

    #[test]
    fn the_cache_keeps_eight_articles_and_drops_the_oldest() {
        let mut cache = WrapCache::default();
        for article in 0..9 {
            cache.lines(article, 20, "eins zwei drei");
        }
        assert!(cache.get(0, 20).is_none());
        assert!((1..9).all(|a| cache.get(a, 20).is_some()));
    }

    #[test]
    fn the_cache_keeps_no_more_lines_than_its_budget_but_always_the_newest() {
        // At 5 columns each word is a line: 30 lines an article.
        let text = "wort ".repeat(30);
        let mut cache = WrapCache::with_budget(70);
        for article in 0..3 {
            assert_eq!(cache.lines(article, 5, &text).len(), 30);
        }
        // 90 lines do not fit 70: the oldest went.
        assert!(cache.get(0, 5).is_none());
        assert!(cache.get(1, 5).is_some() && cache.get(2, 5).is_some());
        // An article longer than the whole budget is still kept, alone.
        let long = "wort ".repeat(100);
        let lines = cache.lines(3, 5, &long);
        assert_eq!(lines.len(), 100);
        assert!(Arc::ptr_eq(
            &lines,
            &cache.get(3, 5).expect("the newest is kept")
        ));
        assert!((0..3).all(|a| cache.get(a, 5).is_none()));
        // And the next one after it replaces it.
        cache.lines(4, 5, &text);
        assert!(cache.get(3, 5).is_none() && cache.get(4, 5).is_some());
    }
}
