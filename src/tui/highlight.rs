//! Styled pieces of article text, cut from the index's byte ranges: actor mentions, keyword
//! hits, query hits. The reader and the KWIC pane both draw through here, so a word is
//! marked the same wherever it shows.

use super::theme::Theme;
use lupe::Lexicon;
use lupe::index::{ArticleIndex, KeywordHit, Mention};
use lupe::query::Hit;
use ratatui::style::Style;
use ratatui::text::Span;
use std::borrow::Cow;
use std::ops::Range;

/// What to mark in one article.
pub struct Marks<'a> {
    pub article: &'a ArticleIndex,
    pub lexicon: &'a Lexicon,
    /// This article's query hits, by start.
    pub hits: &'a [Hit],
    /// The hit the reader was sent to, marked more strongly.
    pub current: Option<Hit>,
    /// Extra ranges to mark with the theme's sort-key style (the KWIC sort words).
    pub sort_words: &'a [Range<u32>],
}

/// The ranges of `items` (in text order, not overlapping each other) that touch `range`.
fn touching<'a, T>(items: &'a [T], range: &Range<u32>, span: impl Fn(&T) -> (u32, u32)) -> &'a [T] {
    let first = items.partition_point(|x| span(x).1 <= range.start);
    let last = items.partition_point(|x| span(x).0 < range.end);
    if first < last {
        &items[first..last]
    } else {
        &[]
    }
}

fn covers(span: (u32, u32), piece: &Range<u32>) -> bool {
    span.0 <= piece.start && span.1 >= piece.end
}

impl<'a> Marks<'a> {
    /// The text of `range` as styled spans. Whitespace is drawn as plain spaces, so a range
    /// with a line break (a KWIC context) stays on one screen line.
    pub fn spans(&self, range: Range<u32>, theme: &Theme) -> Vec<Span<'a>> {
        let text: &'a str = &self.article.text;
        let mentions = touching(&self.article.mentions, &range, |m: &Mention| {
            (m.start, m.end)
        });
        let keywords = touching(&self.article.keywords, &range, |k: &KeywordHit| {
            (k.start, k.end)
        });
        let hits = touching(self.hits, &range, |h: &Hit| (h.start, h.end));
        let mut cuts = vec![range.start, range.end];
        let spans = mentions
            .iter()
            .map(|m| (m.start, m.end))
            .chain(keywords.iter().map(|k| (k.start, k.end)))
            .chain(hits.iter().map(|h| (h.start, h.end)))
            .chain(self.current.map(|h| (h.start, h.end)))
            .chain(self.sort_words.iter().map(|r| (r.start, r.end)));
        for (start, end) in spans {
            cuts.extend([start, end].into_iter().filter(|c| range.contains(c)));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = Vec::with_capacity(cuts.len());
        for pair in cuts.windows(2) {
            let piece = pair[0]..pair[1];
            let Some(s) = text.get(piece.start as usize..piece.end as usize) else {
                continue;
            };
            let mut style = theme.text;
            if keywords.iter().any(|k| covers((k.start, k.end), &piece)) {
                style = style.patch(theme.keyword);
            }
            if let Some(m) = mentions.iter().find(|m| covers((m.start, m.end), &piece)) {
                style = style.patch(self.actor_style(m.actor, theme));
            }
            if self
                .sort_words
                .iter()
                .any(|r| covers((r.start, r.end), &piece))
            {
                style = style.patch(theme.sort_key);
            }
            if hits.iter().any(|h| covers((h.start, h.end), &piece)) {
                style = style.patch(theme.hit);
            }
            if self
                .current
                .is_some_and(|h| covers((h.start, h.end), &piece))
            {
                style = style.patch(theme.current_hit);
            }
            out.push(Span::styled(one_line(s), style));
        }
        out
    }

    fn actor_style(&self, actor: u32, theme: &Theme) -> Style {
        match self.lexicon.actors.get(actor as usize) {
            Some(a) => theme.actor(&a.id, a.kind),
            None => Style::default(),
        }
    }
}

/// `s` with every whitespace character drawn as a space (line breaks, tabs); borrowed when
/// it has none, which is nearly always, so drawing a line allocates little.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| c.is_whitespace() && c != ' ') {
        Cow::Owned(
            s.chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}
