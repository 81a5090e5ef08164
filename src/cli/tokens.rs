//! `lupe tokens ARTICLE`: how the text was cut, for lexicon authors and workshops.

use super::article_ref::resolve;
use super::out::{DIM_STYLE, HEADER_STYLE, Out, actor_style};
use super::{Failure, Found};
use lupe::Index;
use lupe::text::TokenKind;
use serde_json::json;

fn kind(k: TokenKind) -> &'static str {
    match k {
        TokenKind::Word => "word",
        TokenKind::Number => "number",
        TokenKind::Punct => "punct",
    }
}

pub fn run(index: &Index, reference: &str, json: bool, out: &mut Out) -> Result<Found, Failure> {
    let a = resolve(index, reference)?;
    let article = &index.articles()[a as usize];
    let lexicon = index.lexicon();
    if json {
        let tokens: Vec<_> = article
            .tokens
            .iter()
            .map(|t| json!({"start": t.start, "end": t.end, "text": t.text(&article.text), "kind": kind(t.kind)}))
            .collect();
        let sentences: Vec<_> = article
            .sentences
            .iter()
            .map(|s| json!({"start": s.start, "end": s.end}))
            .collect();
        let mentions: Vec<_> = article
            .mentions
            .iter()
            .map(|m| {
                let actor = &lexicon.actors[m.actor as usize];
                json!({
                    "start": m.start, "end": m.end, "actor": actor.id,
                    "text": article.slice(m.start, m.end),
                    "alias": actor.aliases.get(m.alias as usize).map(|al| al.text.as_str()),
                    "rule": m.rule.as_str(),
                })
            })
            .collect();
        out.json(&json!({"article": article.id, "tokens": tokens, "sentences": sentences, "mentions": mentions}))?;
        return Ok(Found::Something);
    }
    out.styled(
        HEADER_STYLE,
        &format!(
            "{} — {} tokens, {} words, {} sentences, {} mentions",
            article.id,
            article.tokens.len(),
            article.words,
            article.sentences.len(),
            article.mentions.len()
        ),
    )?;
    out.put("\n")?;
    let mut t = 0;
    for (n, s) in article.sentences.iter().enumerate() {
        out.styled(
            DIM_STYLE,
            &format!("\n[{}] {}..{}\n", n + 1, s.start, s.end),
        )?;
        let mut line = Vec::new();
        while t < article.tokens.len() && article.tokens[t].start < s.end {
            line.push(article.tokens[t].text(&article.text).replace('\n', " "));
            t += 1;
        }
        out.line(&format!("  {}", line.join(" │ ")))?;
    }
    out.styled(HEADER_STYLE, "\nmentions\n")?;
    for m in &article.mentions {
        let actor = &lexicon.actors[m.actor as usize];
        let alias = actor
            .aliases
            .get(m.alias as usize)
            .map(|al| al.text.as_str())
            .unwrap_or("");
        out.put(&format!("  {:>6}..{:<6} ", m.start, m.end))?;
        out.styled(actor_style(actor.kind), article.slice(m.start, m.end))?;
        out.line(&format!(
            "  → {} ({}, alias \"{}\")",
            actor.id,
            m.rule.as_str(),
            alias
        ))?;
    }
    Ok(Found::Something)
}
