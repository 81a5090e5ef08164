//! `lupe kwic QUERY`: concordance lines, grep-like, one hit a line.

use super::article_ref::resolve;
use super::out::{DIM_STYLE, MATCH_STYLE, Out};
use super::{Failure, Found};
use lupe::kwic::{Sort, line, sort_hits};
use lupe::query::{QueryError, evaluate, first, parse};
use lupe::text::sanitize::sanitize_line;
use lupe::{Index, kwic};
use serde_json::json;

pub struct Options<'a> {
    pub width: usize,
    pub sort: &'a str,
    pub limit: Option<usize>,
    pub article: Option<&'a str>,
    pub json: bool,
}

pub fn run(
    index: &Index,
    source: &str,
    options: &Options,
    out: &mut Out,
) -> Result<Found, Failure> {
    let sort = Sort::parse(options.sort).map_err(Failure)?;
    let query = parse(source).map_err(|e| query_failure(source, &e))?;
    let (shown, total) = match (options.limit, options.article) {
        // A first screen in position order: only the lines shown are built.
        (Some(limit), None) if sort.keys.is_empty() => {
            let page = first(index, &query, limit).map_err(|e| query_failure(source, &e))?;
            (page.hits, page.total)
        }
        _ => {
            let mut hits = evaluate(index, &query).map_err(|e| query_failure(source, &e))?;
            if let Some(reference) = options.article {
                let a = resolve(index, reference)?;
                hits.retain(|h| h.article == a);
            }
            let total = hits.len();
            sort_hits(index, &mut hits, &sort);
            hits.truncate(options.limit.unwrap_or(total));
            (hits, total)
        }
    };
    if options.json {
        let lines: Vec<_> = shown
            .iter()
            .map(|&h| {
                let l = line(index, h, options.width);
                json!({
                    "article": index.articles()[h.article as usize].id,
                    "offset": h.start,
                    "left": l.left,
                    "match": l.matched,
                    "right": l.right,
                })
            })
            .collect();
        out.json(&json!({ "query": source, "total": total, "hits": lines }))?;
    } else {
        // The prefix is padded to one width, so the match starts in one column on every line.
        let prefixes: Vec<String> = shown
            .iter()
            .map(|h| format!("{}:{}:", index.articles()[h.article as usize].id, h.start))
            .collect();
        let prefix_width = prefixes.iter().map(|p| kwic::width(p)).max().unwrap_or(0);
        for (&h, prefix) in shown.iter().zip(&prefixes) {
            let l = line(index, h, options.width);
            let pad = l.left_width.saturating_sub(kwic::width(&l.left))
                + prefix_width.saturating_sub(kwic::width(prefix));
            out.styled(DIM_STYLE, prefix)?;
            out.put(&format!(" {}{} ", " ".repeat(pad), l.left))?;
            out.styled(MATCH_STYLE, &l.matched)?;
            out.line(format!(" {}", l.right).trim_end())?;
        }
        if shown.len() < total {
            out.note(format!("showing {} of {} hits", shown.len(), total));
        }
    }
    Ok(if total == 0 {
        Found::Nothing
    } else {
        Found::Something
    })
}

/// A query error with the query and a caret under the place.
pub fn query_failure(source: &str, e: &QueryError) -> Failure {
    let shown: String = sanitize_line(source).chars().take(200).collect();
    let caret = " ".repeat(e.position.min(200));
    Failure(format!(
        "invalid query: {}\n  {shown}\n  {caret}^",
        e.message
    ))
}
