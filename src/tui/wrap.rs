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
    let mut lines = Vec::new();
    wrap_from(text, 0, width.max(1), usize::MAX, &mut lines);
    lines
}

/// The line of `lines` that holds byte `offset`.
pub fn line_of(lines: &[WrappedLine], offset: u32) -> usize {
    lines
        .partition_point(|l| l.start <= offset)
        .saturating_sub(1)
}

/// Some lines of a text, and whether the last of them is the text's last line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub lines: Arc<Vec<WrappedLine>>,
    pub to_end: bool,
}

impl Window {
    /// Every line of a text.
    pub fn whole(lines: Arc<Vec<WrappedLine>>) -> Window {
        Window {
            lines,
            to_end: true,
        }
    }
}

/// The lines of `text` at `width` around byte `at`: up to `before` lines before the one that
/// holds it and `after` after, wrapped without wrapping the text up to there.
///
/// For an article too long to wrap within a key press, while it is wrapped whole off that
/// thread. The lines start at the nearest paragraph a little way before `at`, and are then
/// the very lines [`wrap`] gives; in a paragraph longer than that, at a word some way back,
/// and may break differently from [`wrap`]'s until the next paragraph (greedy wrapping
/// depends on where the paragraph starts). `before` lines are there unless the text before
/// `at` has more than four bytes a column.
pub fn wrap_around(text: &str, width: usize, at: u32, before: usize, after: usize) -> Window {
    let width = width.max(1);
    let at = (at as usize).min(text.len());
    // A line holds at most `width` characters of four bytes, and its break.
    let per_line = width * 4 + 1;
    let reach = before.saturating_add(1).saturating_mul(per_line);
    let start = window_start(text, at, reach);
    let stop = at.saturating_add(after.saturating_add(1).saturating_mul(per_line));
    let mut lines = Vec::new();
    let stopped = wrap_from(text, start, width, stop, &mut lines);
    let line = line_of(&lines, at as u32);
    let end = line
        .saturating_add(after)
        .saturating_add(1)
        .min(lines.len());
    let to_end = !stopped && end == lines.len();
    lines.truncate(end);
    lines.drain(..line.saturating_sub(before));
    Window {
        lines: Arc::new(lines),
        to_end,
    }
}

/// Where to start wrapping to have `reach` bytes before `at`: the start of the text, or of
/// a paragraph up to `reach` further back, or else the next word.
fn window_start(text: &str, at: usize, reach: usize) -> usize {
    let from = at.saturating_sub(reach);
    if from == 0 {
        return 0;
    }
    let bytes = text.as_bytes();
    let back = from.saturating_sub(reach);
    if let Some(i) = memchr::memrchr(b'\n', &bytes[back..from]) {
        return back + i + 1;
    }
    if back == 0 {
        return 0;
    }
    let mut i = from;
    while !text.is_char_boundary(i) {
        i += 1;
    }
    // Past the word `i` is in and the white space after it: a line there starts unindented.
    let (word_end, _) = word_run(text, i);
    let (next, _) = space_run(text, word_end);
    let next = if bytes.get(next) == Some(&b'\n') {
        next + 1
    } else {
        next
    };
    // (A word longer than the whole reach: start within it.)
    if next <= at { next } else { i }
}

/// Wraps the paragraphs of `text` from `start` (a paragraph's start, or a word's) into
/// `lines`, to the end of the text or until a line would start after byte `stop`; says
/// whether it stopped there.
fn wrap_from(
    text: &str,
    start: usize,
    width: usize,
    stop: usize,
    lines: &mut Vec<WrappedLine>,
) -> bool {
    let mut at = start;
    loop {
        let (end, stopped) = wrap_paragraph(text, at, width, stop, lines);
        if stopped {
            return true;
        }
        if end >= text.len() {
            return false;
        }
        at = end + 1; // the line break
        if at > stop {
            return true;
        }
    }
}

/// Wraps the paragraph of `text` that starts at `start`, and returns where it ends: at its
/// line break or at the end of the text, or (with `true`) where a line would start after
/// byte `stop`.
///
/// Word by word: a word's width is measured whole, and only a word longer than a line is
/// walked grapheme by grapheme. The text is walked once, eight bytes at a time through
/// words of ASCII (which nearly all words are), and a word of ASCII and accented letters
/// has a column for each character, unmeasured: a 10 MB article wraps in 16 to 19 ms, where
/// decoding and measuring every character took 47 ms (a 99 MB one: 155 to 190 ms, from
/// 475 ms). Articles that long are wrapped off the thread that reads keys.
fn wrap_paragraph(
    text: &str,
    start: usize,
    width: usize,
    stop: usize,
    lines: &mut Vec<WrappedLine>,
) -> (usize, bool) {
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
            if i > stop {
                return (i, true);
            }
        }
        if col + gap + w > width {
            for (k, g) in word.grapheme_indices(true) {
                let gw = columns(g);
                if col + gap + gw > width && col + gap > 0 {
                    lines.push(at(line_start)..at(i + k));
                    (line_start, col, gap) = (i + k, 0, 0);
                    if i + k > stop {
                        return (i + k, true);
                    }
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
    (i, false)
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
        self.insert(article, width, Arc::clone(&lines));
        lines
    }

    /// Keeps `lines`, article `article` wrapped at `width` elsewhere.
    pub fn insert(&mut self, article: usize, width: u16, lines: Arc<Vec<WrappedLine>>) {
        self.entries.retain(|(key, _)| *key != (article, width));
        // The oldest go first, until the others fit beside the new one.
        let mut kept: usize = self.entries.iter().map(|(_, l)| l.len()).sum();
        while !self.entries.is_empty()
            && (self.entries.len() >= KEPT || kept + lines.len() > self.budget)
        {
            kept -= self.entries.remove(0).1.len();
        }
        self.entries.push(((article, width), lines));
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

    proptest::proptest! {
        /// Where a paragraph starts within reach before the place, the lines around it are
        /// the very lines of the whole text: paragraphs here are up to 63 bytes long, several
        /// lines, and reach is at least three lines' bytes, 63.
        #[test]
        fn lines_around_a_place_are_the_whole_texts_lines_there(
            text in "(([a-z]{1,6} ?){0,9}\n){0,40}",
            width in 5usize..12,
            at in 0usize..2000,
            before in 2usize..5,
            after in 0usize..5,
        ) {
            let at = at.min(text.len()) as u32;
            let whole = wrap(&text, width);
            let line = line_of(&whole, at);
            let from = line.saturating_sub(before);
            let to = (line + after + 1).min(whole.len());
            let window = wrap_around(&text, width, at, before, after);
            proptest::prop_assert_eq!(&window.lines[..], &whole[from..to]);
            proptest::prop_assert_eq!(window.to_end, to == whole.len());
        }

        /// In one long paragraph the lines around a place start at a word some way back:
        /// they hold the place, keep every word between their ends, fit the width, and
        /// reach no further than asked.
        #[test]
        fn lines_around_a_place_in_one_long_paragraph_hold_it_and_lose_nothing(
            words in proptest::collection::vec("[a-zA-Zä]{1,14}", 50..400),
            width in 1usize..40,
            at in 0usize..4000,
            before in 0usize..6,
            after in 0usize..6,
        ) {
            let text = words.join(" ");
            let at = at.min(text.len()) as u32;
            let window = wrap_around(&text, width, at, before, after);
            let lines = &window.lines;
            proptest::prop_assert!(!lines.is_empty());
            proptest::prop_assert!(lines.len() <= before + after + 1);
            let (first, last) = (&lines[0], &lines[lines.len() - 1]);
            // The place is on one of the lines, or in the spaces after the last.
            proptest::prop_assert!(first.start <= at);
            let held = at < last.end || text[last.end as usize..at as usize].trim().is_empty();
            proptest::prop_assert!(held, "{} not in {:?}", at, lines);
            proptest::prop_assert_eq!(window.to_end, last.end as usize == text.len());
            let kept: String = lines.iter().map(|l| &text[l.start as usize..l.end as usize]).collect();
            let all: String = text[first.start as usize..last.end as usize].split_whitespace().collect();
            proptest::prop_assert_eq!(kept.split_whitespace().collect::<String>(), all);
            for l in lines.iter() {
                let s = &text[l.start as usize..l.end as usize];
                proptest::prop_assert!(s.width() <= width, "{:?}", s);
            }
        }
    }

    #[test]
    fn lines_around_a_place_start_at_a_paragraph_before_it_else_at_a_word() {
        // A paragraph starts at 401.
        let text = format!("{}\n{}", "a ".repeat(200), "b ".repeat(200));
        // 100 bytes back from 551 is 451: the paragraph 50 bytes before that is where the
        // lines start, so they are the whole text's lines.
        assert_eq!(window_start(&text, 551, 100), 401);
        // No paragraph within reach further back: the next word after 650.
        assert_eq!(window_start(&text, 750, 100), 651);
        // Within reach of the text's start: there.
        assert_eq!(window_start(&text, 150, 100), 0);
        assert_eq!(window_start(&text, 50, 100), 0);
    }

    #[test]
    fn lines_around_a_place_wrap_only_near_it() {
        // 4 MB in one paragraph: the lines around its middle come from a few hundred bytes
        // on either side of it.
        let text = "Wort ".repeat(800_000);
        let at = 2_000_002;
        let window = wrap_around(&text, 80, at, 10, 20);
        assert_eq!(window.lines.len(), 31);
        let (first, last) = (&window.lines[0], &window.lines[30]);
        assert!(first.start >= at - 11 * 321 && last.end <= at + 21 * 321 + 80);
        assert!(!window.to_end);
        // At the end: the last lines, and no more after them.
        let end = text.len() as u32;
        let window = wrap_around(&text, 80, end, 3, 20);
        assert!(window.to_end);
        assert_eq!(window.lines.len(), 4);
        assert_eq!(window.lines[3].end as usize, text.trim_end().len());
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
