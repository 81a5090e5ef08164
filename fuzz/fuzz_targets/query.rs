//! The query parser and evaluation: any text as a query over the built-in corpus. It parses
//! or gives an error whose column is inside the text; a parsed query is answered or gives an
//! error; every hit lies inside its article, on character boundaries, in corpus order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lupe::{Corpus, Index, Lexicon, query};
use std::sync::OnceLock;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(Corpus::builtin(), Lexicon::builtin()))
}

fuzz_target!(|source: &str| {
    let parsed = match query::parse(source) {
        Ok(parsed) => parsed,
        Err(error) => {
            assert!(error.position <= source.chars().count().max(query::MAX_QUERY_CHARS));
            return;
        }
    };
    let index = index();
    let Ok(hits) = query::evaluate(index, &parsed) else {
        return;
    };
    let mut last = (0, 0);
    for hit in hits {
        let text = &index.articles()[hit.article as usize].text;
        let (start, end) = (hit.start as usize, hit.end as usize);
        assert!(start <= end && end <= text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        assert!((hit.article, hit.start) >= last);
        last = (hit.article, hit.start);
    }
});
