//! `lupe actors` and `lupe keywords`: counts as a table or JSON.

use super::article_ref::resolve;
use super::out::{HEADER_STYLE, Out, actor_style};
use super::{Failure, Found};
use lupe::Index;
use lupe::counts::{Count, actor_counts, topic_counts};
use serde_json::{Map, Value, json};

/// One line of a count table: a name, a second column, the style of the name, and the
/// entry's JSON fields (counts are added to them).
struct Row {
    name: String,
    second: String,
    style: Option<&'static str>,
    json: Value,
}

pub fn run_actors(
    index: &Index,
    article: Option<&str>,
    json: bool,
    out: &mut Out,
) -> Result<Found, Failure> {
    let scope = article.map(|r| resolve(index, r)).transpose()?;
    let actors = &index.lexicon().actors;
    let rows = actor_counts(index, scope)
        .into_iter()
        .map(|c| {
            let a = &actors[c.id as usize];
            let row = Row {
                name: a.name.clone(),
                second: a.kind.as_str().into(),
                style: Some(actor_style(a.kind)),
                json: json!({"id": a.id, "name": a.name, "kind": a.kind.as_str()}),
            };
            (row, c)
        })
        .collect();
    print(index, rows, ["actor", "kind", "actors"], json, out)
}

pub fn run_keywords(
    index: &Index,
    article: Option<&str>,
    json: bool,
    out: &mut Out,
) -> Result<Found, Failure> {
    let scope = article.map(|r| resolve(index, r)).transpose()?;
    let topics = &index.lexicon().topics;
    let rows = topic_counts(index, scope)
        .into_iter()
        .map(|c| {
            let t = &topics[c.id as usize];
            let row = Row {
                name: t.name.clone(),
                second: t.id.clone(),
                style: None,
                json: json!({"id": t.id, "name": t.name}),
            };
            (row, c)
        })
        .collect();
    print(index, rows, ["topic", "id", "topics"], json, out)
}

/// Prints the rows as a table, or as `{"<key>": [...]}` JSON.
fn print(
    index: &Index,
    rows: Vec<(Row, Count)>,
    [first, second, key]: [&str; 3],
    json: bool,
    out: &mut Out,
) -> Result<Found, Failure> {
    if json {
        let list: Vec<Value> = rows
            .iter()
            .map(|(row, c)| {
                let mut entry = row.json.clone();
                if let Value::Object(map) = &mut entry {
                    map.insert("total".into(), json!(c.total));
                    map.insert("articles".into(), json!(c.articles));
                    map.insert("per_article".into(), per_article(index, c));
                }
                entry
            })
            .collect();
        out.json(&json!({ key: list }))?;
    } else {
        let width = rows
            .iter()
            .map(|(row, _)| row.name.chars().count())
            .max()
            .unwrap_or(0)
            .max(first.len());
        out.styled(
            HEADER_STYLE,
            &format!(
                "{first:<width$}  {second:<12}  {:>5}  {:>8}",
                "total", "articles"
            ),
        )?;
        out.put("\n")?;
        for (row, c) in &rows {
            let name = format!("{:<width$}", row.name);
            match row.style {
                Some(style) => out.styled(style, &name)?,
                None => out.put(&name)?,
            }
            out.line(&format!(
                "  {:<12}  {:>5}  {:>8}",
                row.second, c.total, c.articles
            ))?;
        }
    }
    Ok(if rows.is_empty() {
        Found::Nothing
    } else {
        Found::Something
    })
}

fn per_article(index: &Index, c: &Count) -> Value {
    let mut map = Map::new();
    for (a, n) in &c.per_article {
        map.insert(index.articles()[*a as usize].id.clone(), json!(n));
    }
    Value::Object(map)
}
