//! `lupe actors` and `lupe keywords`: counts as a table or JSON.

use super::article_ref::resolve;
use super::out::{HEADER_STYLE, Out, actor_style};
use super::{Failure, Found};
use lupe::Index;
use lupe::counts::{Count, actor_counts, topic_counts};
use serde_json::{Map, Value, json};

fn per_article(index: &Index, c: &Count) -> Value {
    let mut map = Map::new();
    for (a, n) in &c.per_article {
        map.insert(index.articles()[*a as usize].id.clone(), json!(n));
    }
    Value::Object(map)
}

pub fn run_actors(
    index: &Index,
    article: Option<&str>,
    json: bool,
    out: &mut Out,
) -> Result<Found, Failure> {
    let scope = article.map(|r| resolve(index, r)).transpose()?;
    let counts = actor_counts(index, scope);
    let actors = &index.lexicon().actors;
    if json {
        let list: Vec<_> = counts
            .iter()
            .map(|c| {
                let a = &actors[c.id as usize];
                json!({
                    "id": a.id, "name": a.name, "kind": a.kind.as_str(),
                    "total": c.total, "articles": c.articles,
                    "per_article": per_article(index, c),
                })
            })
            .collect();
        out.json(&json!({ "actors": list }))?;
    } else {
        let width = counts
            .iter()
            .map(|c| actors[c.id as usize].name.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        out.styled(
            HEADER_STYLE,
            &format!(
                "{:<width$}  {:<12}  {:>5}  {:>8}",
                "actor", "kind", "total", "articles"
            ),
        )?;
        out.put("\n")?;
        for c in &counts {
            let a = &actors[c.id as usize];
            out.styled(actor_style(a.kind), &format!("{:<width$}", a.name))?;
            out.line(&format!(
                "  {:<12}  {:>5}  {:>8}",
                a.kind.as_str(),
                c.total,
                c.articles
            ))?;
        }
    }
    Ok(if counts.is_empty() {
        Found::Nothing
    } else {
        Found::Something
    })
}

pub fn run_keywords(
    index: &Index,
    article: Option<&str>,
    json: bool,
    out: &mut Out,
) -> Result<Found, Failure> {
    let scope = article.map(|r| resolve(index, r)).transpose()?;
    let counts = topic_counts(index, scope);
    let topics = &index.lexicon().topics;
    if json {
        let list: Vec<_> = counts
            .iter()
            .map(|c| {
                let t = &topics[c.id as usize];
                json!({
                    "id": t.id, "name": t.name,
                    "total": c.total, "articles": c.articles,
                    "per_article": per_article(index, c),
                })
            })
            .collect();
        out.json(&json!({ "topics": list }))?;
    } else {
        let width = counts
            .iter()
            .map(|c| topics[c.id as usize].name.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        out.styled(
            HEADER_STYLE,
            &format!(
                "{:<width$}  {:<12}  {:>5}  {:>8}",
                "topic", "id", "total", "articles"
            ),
        )?;
        out.put("\n")?;
        for c in &counts {
            let t = &topics[c.id as usize];
            out.line(&format!(
                "{:<width$}  {:<12}  {:>5}  {:>8}",
                t.name, t.id, c.total, c.articles
            ))?;
        }
    }
    Ok(if counts.is_empty() {
        Found::Nothing
    } else {
        Found::Something
    })
}
