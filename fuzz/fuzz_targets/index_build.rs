//! The tokeniser and the lexicon matcher: any bytes as one article, indexed with the built-in
//! lexicon. Tokens, sentences, mentions and keyword hits must lie inside the text, on
//! character boundaries, in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lupe::{Corpus, Index, Lexicon};
use std::sync::OnceLock;

fn lexicon() -> Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::builtin).clone()
}

fuzz_target!(|data: &[u8]| {
    let index = Index::build(Corpus::from_texts([("fuzz.txt", data)]), lexicon());
    let Some(article) = index.articles().first() else {
        return; // skipped as binary
    };
    let text = &article.text;
    let inside = |start: u32, end: u32| {
        start < end
            && end as usize <= text.len()
            && text.is_char_boundary(start as usize)
            && text.is_char_boundary(end as usize)
    };
    let mut last = 0;
    for token in article.tokens.iter() {
        assert!(inside(token.start, token.end) && token.start >= last);
        last = token.end;
    }
    let mut last = 0;
    for token in index.tokenize(0) {
        assert!(inside(token.start, token.end) && token.start >= last);
        last = token.end;
    }
    let mut last = 0;
    for sentence in &article.sentences {
        assert!(inside(sentence.start, sentence.end) && sentence.start >= last);
        last = sentence.end;
    }
    let mut last = 0;
    for mention in &article.mentions {
        assert!(inside(mention.start, mention.end) && mention.start >= last);
        last = mention.end;
    }
    for hit in &article.keywords {
        assert!(inside(hit.start, hit.end));
    }
});
