//! Cutting a query into items — words and quoted phrases, `@actors`, `#topics`, `/regexes/`
//! and `OR`s — each with the column where it starts, so that every error can point at the
//! character that caused it. How the items combine is the parser's business.

use super::{Pattern, QueryError, REGEX_SIZE_LIMIT};

/// One piece of a query, before the items are combined into phrases and alternatives.
#[derive(Debug)]
pub(super) enum Item {
    /// A bare word or a quoted phrase; words in a row become one phrase later.
    Words(Vec<Pattern>),
    Actor(String),
    Topic(String),
    Regex(String),
    Or,
}

/// An item and the column (in characters) where it starts.
#[derive(Debug)]
pub(super) struct Located {
    pub item: Item,
    pub position: usize,
}

pub(super) fn error(position: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        position,
        message: message.into(),
    }
}

/// The items of `chars[start..]`, in order.
pub(super) fn items(chars: &[char], start: usize) -> Result<Vec<Located>, QueryError> {
    let mut items = Vec::new();
    let mut at = start;
    while at < chars.len() {
        let c = chars[at];
        if c.is_whitespace() {
            at += 1;
            continue;
        }
        let (item, end) = match c {
            '|' => (Item::Or, at + 1),
            '@' => name(chars, at, "an actor")?,
            '#' => name(chars, at, "a topic")?,
            '/' => regex(chars, at)?,
            _ if closing_quotes(c).is_some() => {
                let (first, last) = quoted(chars, at)?;
                let words = split_words(chars, first, last)
                    .into_iter()
                    .map(|(s, e)| pattern(chars, s, e))
                    .collect::<Result<_, _>>()?;
                (Item::Words(words), last + 1)
            }
            _ => bare_word(chars, at)?,
        };
        items.push(Located { item, position: at });
        at = end;
    }
    Ok(items)
}

/// The quotes that close a quote opened with `open`, or `None` if `open` is no quote.
/// Straight quotes pair with each other; German „…“ and English “…” (and the odd „…”)
/// pair typographic quotes, since that is what a German keyboard or word processor makes.
fn closing_quotes(open: char) -> Option<&'static [char]> {
    match open {
        '"' => Some(&['"']),
        '„' | '“' | '”' => Some(&['“', '”']),
        _ => None,
    }
}

fn is_quote(c: char) -> bool {
    closing_quotes(c).is_some()
}

/// Where an item without its own closing mark (a word, an unquoted name) must end.
fn ends_item(c: char) -> bool {
    c.is_whitespace() || c == '|' || is_quote(c)
}

/// The content of the quote opened at `open`, as `(first, closing quote)` columns.
fn quoted(chars: &[char], open: usize) -> Result<(usize, usize), QueryError> {
    let closers = closing_quotes(chars[open]).unwrap_or(&['"']);
    let close = chars[open + 1..]
        .iter()
        .position(|c| closers.contains(c))
        .map(|offset| open + 1 + offset)
        .ok_or_else(|| error(open, "unclosed quote"))?;
    if chars[open + 1..close].iter().all(|c| c.is_whitespace()) {
        return Err(error(open, "empty quotes"));
    }
    Ok((open + 1, close))
}

/// The `(start, end)` columns of the whitespace-separated words in `chars[first..last]`.
fn split_words(chars: &[char], first: usize, last: usize) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in chars.iter().enumerate().take(last).skip(first) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push((s, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, last));
    }
    words
}

/// A bare word starting at `start`: `OR`, or a word pattern.
fn bare_word(chars: &[char], start: usize) -> Result<(Item, usize), QueryError> {
    let end = (start..chars.len())
        .find(|&at| ends_item(chars[at]))
        .unwrap_or(chars.len());
    let word = &chars[start..end];
    if word == ['O', 'R'] {
        return Ok((Item::Or, end));
    }
    if let Some(offset) = word.windows(2).position(|pair| pair == ['(', '?']) {
        return Err(error(start + offset, "flags go at the start"));
    }
    Ok((Item::Words(vec![pattern(chars, start, end)?]), end))
}

/// Punctuation that pasted text carries at the edges of words and that no token contains.
fn is_sentence_punctuation(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '(' | ')')
}

/// The word in `chars[start..end]` without sentence punctuation at its edges, with its
/// `*` wildcards taken apart.
fn pattern(chars: &[char], start: usize, end: usize) -> Result<Pattern, QueryError> {
    let mut first = start;
    let mut last = end;
    while first < last && is_sentence_punctuation(chars[first]) {
        first += 1;
    }
    while last > first && is_sentence_punctuation(chars[last - 1]) {
        last -= 1;
    }
    if first == last {
        return Err(error(start, "punctuation alone is not a word"));
    }
    let text_first = (first..last)
        .find(|&at| chars[at] != '*')
        .ok_or_else(|| error(first, "a wildcard needs at least one letter"))?;
    let text_last = (first..last)
        .rev()
        .find(|&at| chars[at] != '*')
        .map_or(last, |at| at + 1);
    if let Some(star) = (text_first..text_last).find(|&at| chars[at] == '*') {
        return Err(error(star, "wildcards only at the start or end of a word"));
    }
    let text: String = chars[text_first..text_last].iter().collect();
    let leading = text_first > first;
    let trailing = text_last < last;
    Ok(if leading || trailing {
        Pattern::Wildcard {
            text,
            leading,
            trailing,
        }
    } else {
        Pattern::Word(text)
    })
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// An `@actor` or `#topic` at `sigil`: a bare name or a quoted one, whose inner spaces are
/// collapsed so that `@"Donald  Trump"` finds the same actor as `@"Donald Trump"`.
fn name(chars: &[char], sigil: usize, what: &str) -> Result<(Item, usize), QueryError> {
    let start = sigil + 1;
    let (text, end) = if chars.get(start).is_some_and(|&c| is_quote(c)) {
        let (first, last) = quoted(chars, start)?;
        let words: Vec<String> = split_words(chars, first, last)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect())
            .collect();
        (words.join(" "), last + 1)
    } else {
        let end = (start..chars.len())
            .find(|&at| !is_name_char(chars[at]))
            .unwrap_or(chars.len());
        if end == start {
            let message = format!("{what} needs a name after {}", chars[sigil]);
            return Err(error(sigil, message));
        }
        if end < chars.len() && !ends_item(chars[end]) {
            let message = format!("{what} name may contain only letters, digits, _, - and .");
            return Err(error(end, message));
        }
        (chars[start..end].iter().collect(), end)
    };
    let item = if chars[sigil] == '@' {
        Item::Actor(text)
    } else {
        Item::Topic(text)
    };
    Ok((item, end))
}

/// A `/regex/` opening at `slash`, checked now so that a bad one is reported while the user
/// is still typing rather than when the index is searched.
fn regex(chars: &[char], slash: usize) -> Result<(Item, usize), QueryError> {
    let mut pattern = String::new();
    let mut at = slash + 1;
    loop {
        match chars.get(at) {
            None => return Err(error(slash, "unclosed regex: add a / at its end")),
            Some('/') => break,
            // `\/` is a slash inside the regex; every other escape belongs to the regex.
            Some('\\') => match chars.get(at + 1) {
                Some('/') => pattern.push('/'),
                Some(&next) => {
                    pattern.push('\\');
                    pattern.push(next);
                }
                None => pattern.push('\\'),
            },
            Some(&c) => {
                pattern.push(c);
                at += 1;
                continue;
            }
        }
        at += 2;
    }
    if pattern.is_empty() {
        return Err(error(slash, "empty regex"));
    }
    regex::RegexBuilder::new(&pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| error(slash, regex_message(&e)))?;
    Ok((Item::Regex(pattern), at + 1))
}

/// The regex crate's error in one line: its syntax errors draw a caret under the pattern
/// over several lines, which the search box has no room for.
fn regex_message(err: &regex::Error) -> String {
    match err {
        regex::Error::CompiledTooBig(limit) => {
            format!("regex too large (more than {} KB compiled)", limit / 1024)
        }
        regex::Error::Syntax(text) => {
            let detail = text
                .lines()
                .rev()
                .find_map(|line| line.strip_prefix("error: "))
                .map_or_else(|| one_line(text), str::to_string);
            format!("invalid regex: {detail}")
        }
        other => format!("invalid regex: {}", one_line(&other.to_string())),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
