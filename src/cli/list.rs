//! `lupe list`: the articles, one a line.

use super::out::{DIM_STYLE, HEADER_STYLE, Out};
use super::{Failure, Found};
use lupe::Index;
use serde_json::json;

pub fn run(index: &Index, json: bool, out: &mut Out) -> Result<Found, Failure> {
    let articles = index.articles();
    if json {
        let list: Vec<_> = articles
            .iter()
            .map(|a| {
                json!({
                    "id": a.id,
                    "title": a.title,
                    "words": a.words,
                    "sentences": a.sentences.len(),
                    "mentions": a.mentions.len(),
                })
            })
            .collect();
        out.json(&json!({ "articles": list }))?;
    } else {
        let id_width = articles
            .iter()
            .map(|a| a.id.chars().count())
            .max()
            .unwrap_or(2);
        out.styled(
            HEADER_STYLE,
            &format!(
                "{:>3}  {:<id_width$}  {:>6}  {:>5}  {:>8}  title",
                "#", "id", "words", "sent.", "mentions"
            ),
        )?;
        out.put("\n")?;
        for (i, a) in articles.iter().enumerate() {
            out.styled(DIM_STYLE, &format!("{:>3}", i + 1))?;
            out.line(&format!(
                "  {:<id_width$}  {:>6}  {:>5}  {:>8}  {}",
                a.id,
                a.words,
                a.sentences.len(),
                a.mentions.len(),
                a.title
            ))?;
        }
    }
    Ok(if articles.is_empty() {
        Found::Nothing
    } else {
        Found::Something
    })
}
