use lupe::corpus::LoadOptions;
use lupe::{Corpus, Index, Lexicon};
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let corpus = Corpus::load(&[dir.into()], &LoadOptions::default()).unwrap();
    let index = Index::build(corpus, Lexicon::builtin());
    for (piece, s, e) in [
        ("datei", true, false),
        ("datei", false, false),
        ("konfigurations", true, false),
    ] {
        let t = Instant::now();
        let mut ids = Vec::new();
        for _ in 0..20 {
            ids = index.terms().with_piece(piece, s, e);
        }
        let el = t.elapsed() / 20;
        let postings: usize = ids.iter().map(|&i| index.terms().postings(i).len()).sum();
        println!(
            "{piece} {s} {e}: {} terms {postings} postings, {:?}",
            ids.len(),
            el
        );
    }
    for q in [
        "die",
        "Datei*",
        "*datei*",
        "/Konfigurations.*/",
        "*e*",
        "*e",
        "e*",
        "*d",
        "/.*e.*/",
    ] {
        let query = lupe::query::parse(q).unwrap();
        let t = Instant::now();
        let mut total = 0;
        let n = 5;
        for _ in 0..n {
            total = lupe::query::first(&index, &query, 25).unwrap().total;
        }
        println!("{q}: total {total} {:?}", t.elapsed() / n);
        let t = Instant::now();
        let hits = lupe::query::evaluate(&index, &query).unwrap().len();
        println!("   evaluate {hits} {:?}", t.elapsed());
    }
}
