//! Which words of the corpus follow the word before them with only white space between.
//!
//! The words of a phrase must stand in a row: whole tokens one after another, with no
//! punctuation between them. Their postings tell the first; one bit per word tells the
//! second. So a phrase is counted from postings and bits alone, without reading any
//! article's tokens or text: from the cache, reading them at every place of a phrase of
//! common words was most of a look-up (0.27 s for `"die d*"` on 100 MB).

use crate::text::Token;

/// One article's bits: bit `w` is set when word `w` follows word `w - 1` with only white
/// space between them (never for word 0). `tokens` are all of the article's tokens,
/// punctuation included.
pub(super) fn of_article(text: &str, tokens: &[Token]) -> Vec<u64> {
    // The tokenizer makes a token of every character that is not white space, so only
    // white space lies between a word and the token after it: a word joins the word
    // before it when no punctuation token came between. Looking at the text of every gap
    // instead cost 3% of the build (runs of spaces in indented text); tests check the
    // bits against the text.
    let mut bits = Vec::with_capacity(tokens.len() / 64 + 1);
    let (mut word, mut filled) = (0u64, 0u32);
    let mut after_word = false;
    let mut end_before = 0u32;
    for t in tokens {
        debug_assert!(
            text[end_before as usize..t.start as usize]
                .chars()
                .all(char::is_whitespace),
            "only white space between tokens"
        );
        end_before = t.end;
        // No branch on the kind: punctuation, a third of the tokens in no order a
        // processor can guess, only sets `after_word` (its bit is written as 0 where the
        // next word's goes).
        let is_word = t.is_word();
        word |= u64::from(after_word && is_word) << filled;
        filled += u32::from(is_word);
        if filled == 64 {
            bits.push(word);
            (word, filled) = (0, 0);
        }
        after_word = is_word;
    }
    if filled > 0 {
        bits.push(word);
    }
    bits
}

/// The corpus's bits as the merge appends each article's, in corpus order.
#[derive(Debug, Default)]
pub(super) struct Builder {
    bits: Vec<u64>,
    words: u64,
}

impl Builder {
    /// Appends the bits of an article of `words` words ([`of_article`]).
    pub(super) fn append(&mut self, article: &[u64], words: usize) {
        debug_assert_eq!(article.len(), words.div_ceil(64));
        let shift = (self.words % 64) as u32;
        if shift == 0 {
            self.bits.extend_from_slice(article);
        } else {
            for &b in article {
                *self.bits.last_mut().expect("a partial word") |= b << shift;
                self.bits.push(b >> (64 - shift));
            }
        }
        self.words += words as u64;
        // The last shifted word may have gone one past what the words need; it is zero.
        self.bits.truncate(self.words.div_ceil(64) as usize);
    }

    pub(super) fn finish(mut self) -> Vec<u64> {
        self.bits.shrink_to_fit();
        self.bits
    }
}

/// Every word of the corpus by one number, in corpus order (article by article, word
/// token by word token), and which words join the word before them.
#[derive(Debug, Clone, Copy)]
pub struct WordMap<'i> {
    /// Where each article's words start; the last entry is the number of all words.
    starts: &'i [u64],
    /// One bit per word (see [`of_article`]); empty if a damaged cache file lost them.
    joins: &'i [u64],
}

impl<'i> WordMap<'i> {
    pub(super) fn new(starts: &'i [u64], joins: &'i [u64]) -> WordMap<'i> {
        WordMap { starts, joins }
    }

    /// How many words the corpus has.
    pub fn words(&self) -> u64 {
        self.starts.last().copied().unwrap_or(0)
    }

    /// The number of the first word of article `article`; for the article after the
    /// last, the number of all words.
    pub fn first(&self, article: u32) -> u64 {
        self.starts.get(article as usize).copied().unwrap_or(0)
    }

    /// Whether word number `at` follows the word before it in its article with only
    /// white space between them.
    pub fn joins(&self, at: u64) -> bool {
        self.joins
            .get((at / 64) as usize)
            .is_some_and(|b| b & (1 << (at % 64)) != 0)
    }

    /// Whether the `n` words from word `token` of article `article` stand in a row: all in
    /// the article, with only white space between each and the next.
    pub fn in_a_row(&self, article: u32, token: u32, n: usize) -> bool {
        let first = self.first(article) + u64::from(token);
        let last = first + (n as u64).saturating_sub(1);
        last < self.first(article + 1) && (first + 1..=last).all(|at| self.joins(at))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Corpus, Index, Lexicon};

    /// Each word with whether it joins the one before, as the text says.
    fn joins_by_text(index: &Index) -> Vec<bool> {
        let mut out = Vec::new();
        for article in index.articles() {
            let mut end_before = None;
            for t in article.tokens.iter() {
                out.push(end_before.is_some_and(|end: u32| {
                    article.text[end as usize..t.start as usize]
                        .chars()
                        .all(char::is_whitespace)
                }));
                end_before = Some(t.end);
            }
        }
        out
    }

    fn joins_by_bits(index: &Index) -> Vec<bool> {
        let map = index.word_map();
        (0..map.words()).map(|at| map.joins(at)).collect()
    }

    #[test]
    fn a_word_joins_the_one_before_across_white_space_only() {
        let index = Index::build(
            Corpus::from_texts([
                // A comma, a non-breaking space, a line break, glued words, a quote.
                ("a", "eins, zwei\u{a0}drei\nvier zurechtTrump „fünf“ sechs"),
                // An article's first word never joins the last word of the one before.
                ("b", "sieben acht"),
            ]),
            Lexicon::builtin(),
        );
        let words: Vec<&str> = index
            .articles()
            .iter()
            .flat_map(|a| a.tokens.iter().map(|t| t.text(&a.text)))
            .collect();
        let joined: Vec<&str> = joins_by_bits(&index)
            .iter()
            .zip(&words)
            .filter(|(j, _)| **j)
            .map(|(_, w)| *w)
            .collect();
        assert_eq!(words.len(), 10, "{words:?}");
        assert_eq!(joined, ["drei", "vier", "zurecht", "Trump", "acht"]);
    }

    #[test]
    fn the_bits_agree_with_the_text_on_the_built_in_corpus() {
        let index = Index::build(Corpus::builtin(), Lexicon::builtin());
        let by_text = joins_by_text(&index);
        assert_eq!(by_text.len() as u64, index.word_map().words());
        assert!(by_text.iter().any(|j| *j) && by_text.iter().any(|j| !*j));
        assert_eq!(joins_by_bits(&index), by_text);
    }

    #[test]
    fn articles_of_any_length_append_at_the_right_word() {
        // Lengths around a 64-bit word, so that appends land at every shift.
        let texts: Vec<(String, String)> = [1, 63, 64, 65, 3, 127, 0, 130, 2]
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let words: Vec<String> = (0..n)
                    .map(|w| format!("w{w}{}", if (w + i) % 3 == 0 { "," } else { "" }))
                    .collect();
                (format!("a{i}"), words.join(" "))
            })
            .collect();
        let index = Index::build(Corpus::from_texts(texts), Lexicon::builtin());
        assert_eq!(index.word_map().words(), 455);
        assert_eq!(joins_by_bits(&index), joins_by_text(&index));
    }

    #[test]
    fn words_in_a_row_stay_in_their_article() {
        let index = Index::build(
            Corpus::from_texts([("a", "eins zwei, drei"), ("b", "vier fünf")]),
            Lexicon::builtin(),
        );
        let map = index.word_map();
        assert!(map.in_a_row(0, 0, 2));
        assert!(!map.in_a_row(0, 1, 2), "a comma between");
        assert!(!map.in_a_row(0, 2, 2), "past the article's end");
        assert!(!map.in_a_row(0, 3, 1), "no such word");
        assert!(map.in_a_row(1, 0, 2));
        assert!(map.in_a_row(1, 1, 1));
        assert!(!map.in_a_row(1, 1, 2), "past the corpus's end");
        assert!(!map.in_a_row(2, 0, 1), "no such article");
    }
}
