//! Finding the article a user means: by id, by number, or by a unique start of its id.

use super::Failure;
use lupe::Index;
use lupe::text::sanitize::sanitize_line;

/// The position of the article `reference` names: its id, else the one id it starts, else
/// its number in `lupe list` (so `002` is the id starting with 002, and `2` the second
/// article unless an id starts with 2 alone).
pub fn resolve(index: &Index, reference: &str) -> Result<u32, Failure> {
    if let Some(i) = index.article_by_id(reference) {
        return Ok(i as u32);
    }
    let number = reference
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=index.articles().len()).contains(n));
    let starts: Vec<usize> = index
        .articles()
        .iter()
        .enumerate()
        .filter(|(_, a)| a.id.starts_with(reference))
        .map(|(i, _)| i)
        .collect();
    match (starts.as_slice(), number) {
        ([one], _) => Ok(*one as u32),
        (_, Some(n)) => Ok((n - 1) as u32),
        ([], None) => Err(Failure(format!(
            "no article \"{}\" (see `lupe list` for ids and numbers)",
            sanitize_line(reference)
        ))),
        (many, None) => Err(Failure(format!(
            "\"{}\" names {} articles: {}",
            sanitize_line(reference),
            many.len(),
            many.iter()
                .take(5)
                .map(|i| index.articles()[*i].id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
