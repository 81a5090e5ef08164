//! Engine benchmarks on the built-in corpus: index build and KWIC queries.
//!
//! `cargo bench --bench engine`. The baseline in the same run is `read + decode`, the cost of
//! just getting the text, so figures can be read as ratios against it.

use criterion::{Criterion, criterion_group, criterion_main};
use lupe::kwic::{self, Sort};
use lupe::query::{evaluate, parse};
use lupe::{Corpus, Index, Lexicon};
use std::hint::black_box;

fn engine(c: &mut Criterion) {
    c.bench_function("baseline: decode built-in corpus", |b| {
        b.iter(|| black_box(Corpus::builtin()))
    });
    c.bench_function("index build (built-in corpus)", |b| {
        b.iter(|| black_box(Index::build(Corpus::builtin(), Lexicon::builtin())))
    });
    let index = Index::build(Corpus::builtin(), Lexicon::builtin());
    for q in [
        "Sanktionen",
        "Atom*",
        "\"Kim Jong Un\"",
        "@trump",
        "/Denukleari.*/",
    ] {
        let query = parse(q).expect("benchmark query parses");
        c.bench_function(&format!("kwic 25 lines: {q}"), |b| {
            b.iter(|| {
                let hits = evaluate(&index, &query).expect("evaluates");
                let lines: Vec<_> = hits
                    .iter()
                    .take(25)
                    .map(|&h| kwic::line(&index, h, kwic::DEFAULT_WIDTH))
                    .collect();
                black_box(lines)
            })
        });
    }
    let die = parse("die").expect("parses");
    c.bench_function("kwic all lines of `die`, sorted R1", |b| {
        b.iter(|| {
            let mut hits = evaluate(&index, &die).expect("evaluates");
            kwic::sort_hits(&index, &mut hits, &Sort::parse("R1").expect("sort"));
            black_box(hits)
        })
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);
