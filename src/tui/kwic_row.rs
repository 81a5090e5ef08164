//! One KWIC row cut from the article text by columns: byte ranges for the left context, the
//! match and the right context, so the row is highlighted from the same ranges as the reader.

use super::wrap::columns;
use lupe::query::Hit;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A hit laid out in `width` columns with its match centred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicRow {
    /// Blank columns before the left context (near the start of an article).
    pub pad: usize,
    pub left: Range<u32>,
    pub matched: Range<u32>,
    pub right: Range<u32>,
}

/// The columns `hit`'s match takes.
pub fn match_columns(text: &str, hit: &Hit) -> usize {
    let start = floor_boundary(text, hit.start as usize);
    let end = floor_boundary(text, (hit.end as usize).max(start));
    text[start..end].graphemes(true).map(columns).sum()
}

/// Cuts the row of `hit` from `text` for `width` columns, the match starting at column
/// `left_cols` (the same for every row, so the matches line up).
pub fn cut(text: &str, hit: &Hit, width: usize, left_cols: usize) -> KwicRow {
    let left_cols = left_cols.min(width);
    let start = floor_boundary(text, hit.start as usize);
    let end = floor_boundary(text, (hit.end as usize).max(start));
    let mut matched_end = start;
    let mut matched_cols = 0;
    for (i, g) in text[start..end].grapheme_indices(true) {
        let w = columns(g);
        if left_cols + matched_cols + w > width {
            break;
        }
        matched_cols += w;
        matched_end = start + i + g.len();
    }
    let mut left_start = start;
    let mut used = 0;
    for (i, g) in text[..start].grapheme_indices(true).rev() {
        let w = columns(g);
        if used + w > left_cols {
            break;
        }
        used += w;
        left_start = i;
    }
    let pad = left_cols - used;
    let right_cols = width - left_cols - matched_cols;
    // A match cut short leaves no room for the right context.
    let right_from = if matched_end == end { end } else { matched_end };
    let mut right_end = right_from;
    let mut used = 0;
    for (i, g) in text[right_from..].grapheme_indices(true) {
        let w = columns(g);
        if used + w > right_cols {
            break;
        }
        used += w;
        right_end = right_from + i + g.len();
    }
    KwicRow {
        pad,
        left: left_start as u32..start as u32,
        matched: start as u32..matched_end as u32,
        right: right_from as u32..right_end as u32,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn show(text: &str, row: &KwicRow) -> String {
        let part = |r: &Range<u32>| &text[r.start as usize..r.end as usize];
        format!(
            "{}{}[{}]{}",
            " ".repeat(row.pad),
            part(&row.left),
            part(&row.matched),
            part(&row.right)
        )
    }

    #[test]
    fn the_match_starts_at_the_given_column_and_the_row_fills_the_width() {
        let text = "Die USA verhängen neue Sanktionen gegen Nordkorea und China.";
        let start = text.find("Sanktionen").unwrap() as u32;
        let hit = Hit {
            article: 0,
            start,
            end: start + 10,
        };
        let row = cut(text, &hit, 30, 10);
        assert_eq!(show(text, &row), "ngen neue [Sanktionen] gegen Nor");
        let cols = row.pad + text[row.left.start as usize..row.right.end as usize].width();
        assert_eq!(cols, 30);
    }

    #[test]
    fn near_the_start_the_left_context_is_padded() {
        let text = "Sanktionen wirken.";
        let row = cut(
            text,
            &Hit {
                article: 0,
                start: 0,
                end: 10,
            },
            20,
            5,
        );
        assert_eq!(row.pad, 5);
        assert_eq!(show(text, &row), "     [Sanktionen] wirk");
    }

    #[test]
    fn a_match_wider_than_the_pane_is_cut_and_nothing_panics() {
        let text = "Ä Denuklearisierungsverhandlungen Ö";
        let start = text.find('D').unwrap() as u32;
        for width in 0..12 {
            let row = cut(
                text,
                &Hit {
                    article: 0,
                    start,
                    end: start + 31,
                },
                width,
                width / 3,
            );
            assert!(show(text, &row).width() <= width + 2);
        }
    }
}
