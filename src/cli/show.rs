//! `lupe show ARTICLE`: the text with actors and keywords coloured.

use super::article_ref::resolve;
use super::out::{HEADER_STYLE, KEYWORD_STYLE, Out, actor_style};
use super::{Failure, Found};
use lupe::Index;
use serde_json::json;

pub fn run(index: &Index, reference: &str, json: bool, out: &mut Out) -> Result<Found, Failure> {
    let a = resolve(index, reference)?;
    let article = &index.articles()[a as usize];
    let lexicon = index.lexicon();
    if json {
        let mentions: Vec<_> = article
            .mentions
            .iter()
            .map(|m| {
                let actor = &lexicon.actors[m.actor as usize];
                json!({"start": m.start, "end": m.end, "actor": actor.id, "kind": actor.kind.as_str()})
            })
            .collect();
        let keywords: Vec<_> = article
            .keywords
            .iter()
            .map(|k| json!({"start": k.start, "end": k.end, "topic": lexicon.topics[k.topic as usize].id}))
            .collect();
        out.json(&json!({
            "article": article.id,
            "title": article.title,
            "text": article.text,
            "mentions": mentions,
            "keywords": keywords,
        }))?;
        return Ok(Found::Something);
    }
    out.styled(HEADER_STYLE, &format!("{} — {}", article.id, article.title))?;
    out.put("\n\n")?;
    // Mentions and keyword hits never overlap (a word that is an actor is not a keyword),
    // so one pass in text order cuts the text into plain and styled pieces.
    let mut spans: Vec<(u32, u32, &str)> = article
        .mentions
        .iter()
        .map(|m| {
            (
                m.start,
                m.end,
                actor_style(lexicon.actors[m.actor as usize].kind),
            )
        })
        .chain(
            article
                .keywords
                .iter()
                .map(|k| (k.start, k.end, KEYWORD_STYLE)),
        )
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut at = 0u32;
    for (start, end, style) in spans {
        if start < at {
            continue;
        }
        out.put(article.slice(at, start))?;
        out.styled(style, article.slice(start, end))?;
        at = end;
    }
    out.put(article.slice(at, article.text.len() as u32))?;
    if !article.text.ends_with('\n') {
        out.put("\n")?;
    }
    Ok(Found::Something)
}
