use lupe::corpus::LoadOptions;
use lupe::{Corpus, Index, Lexicon};
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let q = std::env::args().nth(2).unwrap();
    let n: usize = std::env::args().nth(3).map_or(5, |s| s.parse().unwrap());
    let corpus = Corpus::load(&[dir.into()], &LoadOptions::default()).unwrap();
    let index = Index::build(corpus, Lexicon::builtin());
    let query = lupe::query::parse(&q).unwrap();
    let t = Instant::now();
    let mut len = 0;
    for _ in 0..n {
        len = lupe::query::evaluate(&index, &query).unwrap().len();
    }
    println!("{q}: {len} hits {:?}", t.elapsed() / n as u32);
}
