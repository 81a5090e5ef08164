//! Keyword-in-context lines: each hit with its left and right context, cut to a width in
//! terminal columns, and the AntConc-style sorts over them.
//!
//! Contexts are cut from the article text by the hit's byte range, so KWIC, the reader and
//! the highlighting can never disagree. Wide characters count two columns and nothing is cut
//! inside a character; a line break inside a context is shown as one space.

use crate::index::{ArticleIndex, Index};
use crate::query::Hit;
use crate::text::fold::fold_into;
use crate::text::parts;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use unicode_width::UnicodeWidthChar;

/// The NLTK concordance layout: 79 columns, the match centred.
pub const DEFAULT_WIDTH: usize = 79;

/// One concordance line. `left` and `right` are one line each, cut to columns: `left` ends
/// where the match starts, `right` starts where it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    pub hit: Hit,
    pub left: String,
    pub matched: String,
    pub right: String,
    /// Columns given to each side; `left` is padded to `left_width` when rendered.
    pub left_width: usize,
    pub right_width: usize,
}

impl KwicLine {
    /// The line as plain text, `left_width + match + right_width` columns plus two spaces,
    /// the match starting in the same column on every line.
    pub fn render(&self) -> String {
        if self.left_width == 0 && self.right_width == 0 {
            return self.matched.clone();
        }
        let pad = self.left_width.saturating_sub(width(&self.left));
        format!(
            "{}{} {} {}",
            " ".repeat(pad),
            self.left,
            self.matched,
            self.right
        )
        .trim_end()
        .to_string()
    }
}

/// Which word a sort key looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// The match itself.
    Match,
    /// The n-th word (1-3) left of the match.
    Left(u8),
    /// The n-th word (1-3) right of the match.
    Right(u8),
}

impl SortKey {
    /// `M`, `L1`..`L3`, `R1`..`R3` (case-insensitive).
    pub fn parse(s: &str) -> Option<SortKey> {
        let s = s.trim().to_ascii_uppercase();
        let n = |d: &str| d.parse::<u8>().ok().filter(|n| (1..=3).contains(n));
        match s.as_str() {
            "M" | "MATCH" => Some(SortKey::Match),
            _ if s.starts_with('L') => n(&s[1..]).map(SortKey::Left),
            _ if s.starts_with('R') => n(&s[1..]).map(SortKey::Right),
            _ => None,
        }
    }

    pub fn label(self) -> String {
        match self {
            SortKey::Match => "match".into(),
            SortKey::Left(n) => format!("L{n}"),
            SortKey::Right(n) => format!("R{n}"),
        }
    }
}

/// How KWIC lines are ordered: by position when empty, else by these keys in turn, ties by
/// position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sort {
    pub keys: Vec<SortKey>,
}

impl Sort {
    /// `position`, or a comma-separated list of keys: `R1,R2`, `L1`, `match`.
    pub fn parse(s: &str) -> Result<Sort, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("position") || s.eq_ignore_ascii_case("pos") {
            return Ok(Sort::default());
        }
        let keys = s
            .split(',')
            .map(|k| {
                SortKey::parse(k).ok_or_else(|| {
                    format!(
                        "unknown sort key \"{}\": use position, match, L1-L3 or R1-R3",
                        crate::text::sanitize::sanitize_line(k.trim())
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Sort { keys })
    }

    pub fn label(&self) -> String {
        if self.keys.is_empty() {
            return "position".into();
        }
        self.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The byte range of the word a sort key looks at, if there is one. The words next to a hit
/// inside a compound are its other parts (`US` is L1 of `Sanktionen` in `US-Sanktionen`),
/// as a reader of the KWIC line sees them.
pub fn key_span(article: &ArticleIndex, hit: Hit, key: SortKey) -> Option<(u32, u32)> {
    match key {
        SortKey::Match => Some((hit.start, hit.end)),
        SortKey::Left(n) => {
            let first = article.token_at(hit.start);
            let inside = article
                .tokens
                .get(first)
                .filter(|t| t.start < hit.start)
                .map(|t| parts(&t, &article.text))
                .unwrap_or_default();
            inside
                .into_iter()
                .rev()
                .filter(|(_, e)| *e <= hit.start)
                .chain(
                    article
                        .tokens
                        .iter()
                        .take(first)
                        .rev()
                        .map(|t| (t.start, t.end)),
                )
                .nth(n as usize - 1)
        }
        SortKey::Right(n) => {
            let last = article.token_at(hit.end.saturating_sub(1));
            let inside = article
                .tokens
                .get(last)
                .filter(|t| t.end > hit.end && t.start < hit.end)
                .map(|t| parts(&t, &article.text))
                .unwrap_or_default();
            let after = article.tokens.partition_point(|t| t.start < hit.end);
            inside
                .into_iter()
                .filter(|(s, _)| *s >= hit.end)
                .chain(article.tokens.iter().skip(after).map(|t| (t.start, t.end)))
                .nth(n as usize - 1)
        }
    }
}

/// Orders `hits` by `sort`; ties, and an empty sort, by position.
pub fn sort_hits(index: &Index, hits: &mut [Hit], sort: &Sort) {
    hits.sort_unstable();
    if let Some(order) = sort_order_unless(index, hits, sort, &|| false) {
        let old = hits.to_vec();
        for (slot, i) in hits.iter_mut().zip(order) {
            *slot = old[i];
        }
    }
}

/// The order of `hits` by `sort`, as the place in `hits` of each hit in turn; ties keep
/// the order of `hits` (by position, when they are in the corpus's order). `None` when
/// `give_up` says so first: sorting millions of hits takes a second or more, and the
/// browser asks for another order, or another query, meanwhile.
pub fn sort_order_unless(
    index: &Index,
    hits: &[Hit],
    sort: &Sort,
    give_up: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<usize>> {
    if sort.keys.is_empty() {
        return Some((0..hits.len()).collect());
    }
    // Each key word is folded once per hit and numbered by its distinct form; the forms
    // (a few thousand even for 300,000 hits) are then ranked once, so the sort itself
    // compares integers, not strings. The numbers are kept in one flat table, key after
    // key for each hit: millions of hits must not mean millions of allocations. The hits
    // are keyed in a few stretches on all cores (6.5 million take a second on one), each
    // with forms of its own; ranking the forms of all stretches together makes the keys
    // the same whatever the stretches.
    let width = sort.keys.len();
    let stretch = hits.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    let stretches: Vec<Keyed> = hits
        .par_chunks(stretch)
        .map(|part| key_stretch(index, part, &sort.keys, give_up))
        .collect::<Option<_>>()?;
    if give_up() {
        return None;
    }
    // Every stretch's forms in order, equal forms side by side: their ranks.
    let mut all: Vec<(&str, u32, u32)> = stretches
        .iter()
        .enumerate()
        .flat_map(|(k, s)| {
            s.forms
                .iter()
                .enumerate()
                .map(move |(id, f)| (&**f, k as u32, id as u32))
        })
        .collect();
    all.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut ranks: Vec<Vec<u32>> = stretches.iter().map(|s| vec![0; s.forms.len()]).collect();
    let mut rank = 0;
    for (i, &(form, k, id)) in all.iter().enumerate() {
        if i > 0 && all[i - 1].0 != form {
            rank += 1;
        }
        ranks[k as usize][id as usize] = rank;
    }
    // Missing words (the start or end of an article) sort last.
    let keys: Vec<u32> = stretches
        .iter()
        .zip(&ranks)
        .flat_map(|(s, ranks)| {
            s.keys.iter().map(|&k| {
                if k == NO_WORD {
                    NO_WORD
                } else {
                    ranks[k as usize]
                }
            })
        })
        .collect();
    if give_up() {
        return None;
    }
    // A tie keeps the order of `hits`: the place breaks it.
    Some(if width == 1 && u32::try_from(hits.len()).is_ok() {
        // One key: its rank and the place packed in one number, the fastest to sort.
        let mut packed: Vec<u64> = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (u64::from(k) << 32) | i as u64)
            .collect();
        packed.par_sort_unstable();
        packed
            .iter()
            .map(|p| (p & u64::from(u32::MAX)) as usize)
            .collect()
    } else {
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.par_sort_unstable_by(|&a, &b| {
            keys[a * width..][..width]
                .cmp(&keys[b * width..][..width])
                .then(a.cmp(&b))
        });
        order
    })
}

/// How many hits are keyed between two looks at whether to give up: a few milliseconds.
const GIVE_UP_EVERY: usize = 1 << 14;

/// A stretch of hits keyed: per hit its keys' form numbers, [`NO_WORD`] for a missing
/// word; and the folded forms by number.
struct Keyed {
    keys: Vec<u32>,
    forms: Vec<Box<str>>,
}

/// The keys of `hits`, unless `give_up` says so first.
fn key_stretch(
    index: &Index,
    hits: &[Hit],
    keys: &[SortKey],
    give_up: &(dyn Fn() -> bool + Sync),
) -> Option<Keyed> {
    let mut numbers: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut buf = String::new();
    let mut out = Vec::with_capacity(hits.len() * keys.len());
    for (i, &h) in hits.iter().enumerate() {
        if i % GIVE_UP_EVERY == 0 && give_up() {
            return None;
        }
        let article = &index.articles()[h.article as usize];
        for &key in keys {
            out.push(match key_span(article, h, key) {
                Some((s, e)) => {
                    buf.clear();
                    fold_into(article.slice(s, e).trim_end_matches('.'), &mut buf);
                    match numbers.get(buf.as_str()) {
                        Some(id) => *id,
                        None => {
                            let id = numbers.len() as u32;
                            numbers.insert(buf.as_str().into(), id);
                            id
                        }
                    }
                }
                None => NO_WORD,
            });
        }
    }
    let mut forms = vec![Box::<str>::default(); numbers.len()];
    for (form, id) in numbers {
        forms[id as usize] = form;
    }
    Some(Keyed { keys: out, forms })
}

/// The sort key of a missing word: after every real one.
const NO_WORD: u32 = u32::MAX;

/// The KWIC line of `hit`, `width` columns in all, the match centred.
pub fn line(index: &Index, hit: Hit, width: usize) -> KwicLine {
    let article = &index.articles()[hit.article as usize];
    let text = &article.text;
    let matched = one_line(&text[hit.start as usize..hit.end as usize]);
    let match_width = self::width(&matched);
    let room = width.saturating_sub(match_width + 2);
    let left_width = room / 2;
    let right_width = room - left_width;
    let matched = if match_width + 2 > width {
        cut_right(&matched, width)
    } else {
        matched
    };
    KwicLine {
        hit,
        left: cut_left(&text[..hit.start as usize], left_width),
        matched,
        right: cut_right(&text[hit.end as usize..], right_width),
        left_width,
        right_width,
    }
}

fn char_width(c: char) -> usize {
    if c == '\n' { 1 } else { c.width().unwrap_or(0) }
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn one_line(s: &str) -> String {
    s.replace('\n', " ")
}

/// The end of `s`, at most `max` columns of it.
fn cut_left(s: &str, max: usize) -> String {
    let mut used = 0;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        let w = char_width(c);
        if used + w > max {
            break;
        }
        used += w;
        start = i;
    }
    one_line(&s[start..])
}

/// The start of `s`, at most `max` columns of it.
fn cut_right(s: &str, max: usize) -> String {
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let w = char_width(c);
        if used + w > max {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    one_line(&s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::lexicon::Lexicon;
    use crate::query::{evaluate, parse};

    fn index(texts: &[(&str, &str)]) -> Index {
        Index::build(
            Corpus::from_texts(texts.iter().copied()),
            Lexicon::default(),
        )
    }

    fn hits(index: &Index, q: &str) -> Vec<Hit> {
        evaluate(index, &parse(q).expect("parses")).expect("evaluates")
    }

    #[test]
    fn the_match_is_centred_in_79_columns() {
        let idx = index(&[(
            "a.txt",
            "Die Sanktionen seien weitgehend ineffektiv, sagte der Sondergesandte, und die Sanktionen bleiben trotzdem in Kraft bis zum Ende.",
        )]);
        let h = hits(&idx, "ineffektiv");
        let l = line(&idx, h[0], DEFAULT_WIDTH);
        assert_eq!(l.matched, "ineffektiv");
        assert_eq!(l.left, "Die Sanktionen seien weitgehend ");
        assert_eq!(l.left_width, 33);
        assert_eq!(l.right_width, 34);
        assert_eq!(l.right, ", sagte der Sondergesandte, und di");
        assert!(width(&l.right) <= l.right_width);
        assert_eq!(
            width(&l.render()),
            l.left_width + 1 + 10 + 1 + width(&l.right)
        );
    }

    #[test]
    fn line_breaks_in_a_context_become_one_space() {
        let idx = index(&[(
            "a.txt",
            "Zankapfel Atomprogramm\n\nSeit dem Singapur-Treffen",
        )]);
        let l = line(&idx, hits(&idx, "Seit")[0], 40);
        // 40 - 4 - 2 = 34 columns: 17 on the left.
        assert_eq!(l.left, "el Atomprogramm  ");
        assert!(!l.left.contains('\n'));
    }

    #[test]
    fn wide_characters_count_two_columns_and_are_never_cut() {
        let idx = index(&[("a.txt", "北朝鮮の核 Sanktionen 韓国と日本")]);
        let l = line(&idx, hits(&idx, "Sanktionen")[0], 21);
        // 21 - 10 - 2 = 9 columns: 4 on the left, where "の" would make 5.
        assert_eq!(l.left_width, 4);
        assert_eq!(l.left, "核 ");
        assert!(width(&l.left) <= 4);
        assert_eq!(l.right, " 韓国");
        assert!(width(&l.right) <= 5);
    }

    #[test]
    fn a_match_wider_than_the_line_is_cut() {
        let idx = index(&[("a.txt", "Denuklearisierungsverhandlungen")]);
        let l = line(&idx, hits(&idx, "Denukleari*")[0], 10);
        assert_eq!(l.matched, "Denukleari");
        assert!(width(&l.render()) <= 10);
    }

    #[test]
    fn sorting_by_first_word_right_orders_hits_alphabetically_then_by_position() {
        let idx = index(&[(
            "a.txt",
            "die Sanktionen wirken. die Sanktionen bleiben. die Sanktionen wirken.",
        )]);
        let mut h = hits(&idx, "Sanktionen");
        let positions: Vec<u32> = h.iter().map(|h| h.start).collect();
        sort_hits(&idx, &mut h, &Sort::parse("R1").expect("sort"));
        let order: Vec<u32> = h.iter().map(|h| h.start).collect();
        assert_eq!(order, [positions[1], positions[0], positions[2]]);
    }

    #[test]
    fn a_sort_is_given_up_when_asked_and_else_gives_the_order_of_sort_hits() {
        let text = "die Sanktionen wirken. ".repeat(GIVE_UP_EVERY / 2)
            + &"der Druck bleibt. ".repeat(GIVE_UP_EVERY / 2);
        let idx = index(&[("a.txt", &text)]);
        let all = hits(&idx, "/d.*/");
        assert!(all.len() > GIVE_UP_EVERY, "{} hits", all.len());
        let sort = Sort::parse("R1").expect("sort");
        assert_eq!(sort_order_unless(&idx, &all, &sort, &|| true), None);
        // Told to give up only after it has begun: it gives up then.
        let looks = std::sync::atomic::AtomicUsize::new(0);
        let after_the_first_look = || looks.fetch_add(1, std::sync::atomic::Ordering::Relaxed) > 0;
        assert_eq!(
            sort_order_unless(&idx, &all, &sort, &after_the_first_look),
            None
        );
        let order = sort_order_unless(&idx, &all, &sort, &|| false).expect("sorted");
        let mut sorted = all.clone();
        sort_hits(&idx, &mut sorted, &sort);
        let by_order: Vec<Hit> = order.iter().map(|&i| all[i]).collect();
        assert_eq!(by_order, sorted);
        assert_ne!(sorted, all, "R1 puts \"Druck\" before \"Sanktionen\"");
    }

    #[test]
    fn sorting_by_left_word_looks_past_punctuation() {
        let idx = index(&[("a.txt", "zwar, Trump. aber, Trump. also Trump.")]);
        let mut h = hits(&idx, "Trump");
        sort_hits(&idx, &mut h, &Sort::parse("L1").expect("sort"));
        let left: Vec<&str> = h
            .iter()
            .map(|h| {
                let a = &idx.articles()[0];
                let (s, e) = key_span(a, *h, SortKey::Left(1)).expect("word");
                a.slice(s, e)
            })
            .collect();
        assert_eq!(left, ["aber", "also", "zwar"]);
    }

    #[test]
    fn the_words_next_to_a_compound_part_are_its_other_parts() {
        let idx = index(&[("a.txt", "ein Ende der US-Sanktionen-Politik heute")]);
        let a = &idx.articles()[0];
        let h = hits(&idx, "Sanktionen")[0];
        let word = |k| key_span(a, h, k).map(|(s, e)| a.slice(s, e));
        assert_eq!(word(SortKey::Left(1)), Some("US"));
        assert_eq!(word(SortKey::Left(2)), Some("der"));
        assert_eq!(word(SortKey::Right(1)), Some("Politik"));
        assert_eq!(word(SortKey::Right(2)), Some("heute"));
        assert_eq!(word(SortKey::Right(3)), None);
    }

    #[test]
    fn sort_keys_parse_like_antconc() {
        assert_eq!(
            Sort::parse("R1,R2").expect("parses").keys,
            [SortKey::Right(1), SortKey::Right(2)]
        );
        assert_eq!(Sort::parse("position").expect("parses").keys, []);
        assert!(Sort::parse("L4").is_err());
        assert!(Sort::parse("X").is_err());
    }
}
