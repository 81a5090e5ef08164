//! The cache file against itself: what is read back is what was written, and damage
//! anywhere, found on opening or only when a part is first read, is never trusted.

use super::open::{open, sections};
use super::{ENTRY, Section, u64_at, write};
use crate::corpus::Corpus;
use crate::index::{Index, Tokens};
use crate::lexicon::Lexicon;
use crate::query::{evaluate, parse};
use crate::text::Token;
use std::path::PathBuf;

const QUERIES: [&str; 9] = [
    "Sanktionen",
    "@trump",
    "#nuclear",
    "Kim Jong Un",
    "Atom*",
    "*korea*",
    "*korea",
    "/Denukleari.*/",
    "(?c)Trump",
];

/// The built-in corpus indexed, and its cache file (written for key 42) as bytes.
fn saved() -> (Index, Vec<u8>) {
    let index = Index::build(Corpus::builtin(), Lexicon::builtin());
    let mut bytes = Vec::new();
    write(&index, 42, &mut bytes).expect("write to memory");
    (index, bytes)
}

/// `bytes` as a cache file in a directory of their own.
struct File {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn file(bytes: &[u8]) -> File {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("index.idx");
    std::fs::write(&path, bytes).expect("write the cache file");
    File { _dir: dir, path }
}

fn read(bytes: &[u8], key: u64) -> Option<Index> {
    let f = file(bytes);
    open(&f.path, key, &Lexicon::builtin())
}

fn answers(index: &Index) -> Vec<String> {
    QUERIES
        .iter()
        .map(|q| format!("{:?}", evaluate(index, &parse(q).expect("parses"))))
        .collect()
}

fn same(a: &Index, b: &Index) {
    assert_eq!(a.articles().len(), b.articles().len());
    assert_eq!(a.warnings(), b.warnings());
    for (x, y) in a.articles().iter().zip(b.articles()) {
        assert_eq!(
            (&x.id, &x.title, &x.text, x.words),
            (&y.id, &y.title, &y.text, y.words)
        );
        assert_eq!(x.tokens, y.tokens);
        assert_eq!(x.sentences, y.sentences);
        assert_eq!(x.mentions, y.mentions);
        assert_eq!(x.keywords, y.keywords);
    }
    assert_eq!(a.terms().len(), b.terms().len());
    for (id, term) in a.terms().iter() {
        assert_eq!(b.terms().text(id), term);
        assert_eq!(b.terms().id(term), Some(id), "{term}");
        assert_eq!(a.terms().postings(id), b.terms().postings(id), "{term}");
    }
    assert_eq!(a.terms().compounds(), b.terms().compounds());
    assert_eq!(a.terms().joins(), b.terms().joins());
    for actor in 0..a.lexicon().actors.len() {
        assert_eq!(a.actor_mentions(actor), b.actor_mentions(actor));
    }
    for topic in 0..a.lexicon().topics.len() {
        assert_eq!(a.topic_hits(topic), b.topic_hits(topic));
    }
    assert_eq!(answers(a), answers(b));
}

/// Where section `s` lies in `bytes`.
fn section(bytes: &[u8], s: Section) -> std::ops::Range<usize> {
    sections(bytes, 42).expect("a sound file")[s as usize].clone()
}

fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut damaged = bytes.to_vec();
    damaged[at] ^= 0xa5;
    damaged
}

#[test]
fn an_index_read_back_is_the_index_written() {
    let (index, bytes) = saved();
    let back = read(&bytes, 42).expect("reads back");
    same(&index, &back);
    assert!(!back.is_damaged());
}

#[test]
fn an_index_read_back_part_by_part_answers_as_the_index_written() {
    // Each query on a fresh read, so that each one reads its parts itself.
    let (index, bytes) = saved();
    for q in QUERIES {
        let back = read(&bytes, 42).expect("reads back");
        let query = parse(q).expect("parses");
        assert_eq!(evaluate(&index, &query), evaluate(&back, &query), "{q}");
        assert!(!back.is_damaged(), "{q}");
    }
    let back = read(&bytes, 42).expect("reads back");
    back.load_all();
    assert!(!back.is_damaged());
    same(&index, &back);
}

#[test]
fn an_index_read_from_the_cache_writes_the_same_file() {
    let (_, bytes) = saved();
    let back = read(&bytes, 42).expect("reads back");
    let mut again = Vec::new();
    write(&back, 42, &mut again).expect("write to memory");
    assert!(again == bytes);
}

#[test]
fn another_key_is_a_miss() {
    let (_, bytes) = saved();
    assert!(read(&bytes, 43).is_none());
}

#[test]
fn a_truncated_or_longer_file_is_a_miss() {
    let (_, bytes) = saved();
    for cut in [0, 7, 8, 30, bytes.len() / 2, bytes.len() - 1] {
        assert!(read(&bytes[..cut], 42).is_none(), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(read(&longer, 42).is_none());
}

/// A flipped byte anywhere in the file is found: on opening (a miss), or when the part it
/// is in is read (the index says it is damaged). Before that, answers never panic.
fn damage_is_found(bytes: &[u8], at: usize) {
    let damaged = flipped(bytes, at);
    let Some(index) = read(&damaged, 42) else {
        return;
    };
    let _ = answers(&index);
    index.load_all();
    assert!(index.is_damaged(), "a flipped byte at {at} went unnoticed");
    let _ = answers(&index);
    for a in index.articles() {
        let _ = index.tokenize(index.article_by_id(&a.id).unwrap_or(0));
    }
}

#[test]
fn a_flipped_byte_anywhere_is_never_trusted() {
    let (_, bytes) = saved();
    let step = (bytes.len() / 401).max(1);
    for at in (0..bytes.len()).step_by(step) {
        damage_is_found(&bytes, at);
    }
    // And the first, middle and last byte of every section, and the header's last byte.
    for s in super::Section::ALL {
        let range = section(&bytes, s);
        if !range.is_empty() {
            for at in [range.start, (range.start + range.end) / 2, range.end - 1] {
                damage_is_found(&bytes, at);
            }
        }
    }
    damage_is_found(&bytes, super::HEADER - 1);
}

#[test]
fn the_sections_read_on_opening_are_checked_on_opening() {
    let (_, bytes) = saved();
    for s in [Section::Warnings, Section::Articles, Section::ChunkSums] {
        let range = section(&bytes, s);
        for at in [range.start, range.end - 1] {
            assert!(read(&flipped(&bytes, at), 42).is_none(), "{s:?} at {at}");
        }
    }
}

#[test]
fn a_file_whose_word_counts_disagree_is_not_trusted() {
    // Sound by its checksums, but an article's number of words is not its number of
    // word tokens: phrase counts number the corpus's words by the one and find postings
    // by the other.
    let (mut index, _) = saved();
    index.articles[2].words += 1;
    let mut bytes = Vec::new();
    write(&index, 42, &mut bytes).expect("write to memory");
    assert!(read(&bytes, 42).is_none());
    index.articles[2].words -= 1;
    bytes.clear();
    write(&index, 42, &mut bytes).expect("write to memory");
    assert!(read(&bytes, 42).is_some());
}

#[test]
fn a_token_that_cuts_a_character_is_not_trusted() {
    // Sound by its checksums, but one token of an article ends inside a letter of two
    // bytes: cutting the text there would panic. Its tokens are not trusted when read.
    let (mut index, _) = saved();
    let a = 1;
    let text = index.articles[a].text.to_string();
    let mut tokens: Vec<Token> = index.articles[a].tokens.iter().collect();
    let (i, cut) = tokens
        .iter()
        .enumerate()
        .find_map(|(i, t)| {
            let word = &text[t.start as usize..t.end as usize];
            let (k, _) = word.char_indices().find(|(_, c)| c.len_utf8() > 1)?;
            Some((i, t.start + k as u32 + 1))
        })
        .expect("a word with a letter of two bytes");
    tokens[i].end = cut;
    index.articles[a].tokens = Tokens::from_tokens(&tokens).into();
    let mut bytes = Vec::new();
    write(&index, 42, &mut bytes).expect("write to memory");
    let cached = read(&bytes, 42).expect("opens: offsets are checked when the tokens are read");
    assert!(!cached.is_damaged());
    assert_eq!(cached.articles()[a].tokens.get(i), None, "read as none");
    assert!(cached.articles()[a].tokens.is_empty());
    assert!(cached.is_damaged());
    // The text itself is sound, and reads as it was written.
    assert_eq!(*cached.articles()[a].text, *text);
    // The other articles read as they were written.
    assert_eq!(
        *cached.articles()[a + 1].text,
        *index.articles()[a + 1].text
    );
}

/// An article's bulky parts, by their number in [`article_part`], and their sections.
const PARTS: [(usize, Section); 3] = [
    (0, Section::Texts),
    (1, Section::Tokens),
    (2, Section::Sentences),
];

/// Article `a`'s part (text, tokens or sentences) as the file places it: `(start, len)`
/// in its section, from the article metadata.
fn article_part(index: &Index, a: usize, part: usize) -> (usize, usize) {
    let file = index.terms().cache_file().expect("a cached index");
    let parts = &file.articles[a];
    let p = [parts.text, parts.tokens, parts.sentences][part];
    (p.start, p.len)
}

/// A flipped byte inside one article's bulky part is found when (and only when) that part
/// is read: the others answer as before.
#[test]
fn damage_inside_one_article_is_found_when_it_is_read() {
    let (index, bytes) = saved();
    let good = read(&bytes, 42).expect("reads back");
    let last = index.articles().len() - 1;
    for (part, s) in PARTS {
        let (start, len) = article_part(&good, last, part);
        let at = section(&bytes, s).start + start + len / 2;
        let damaged = read(&flipped(&bytes, at), 42).expect("opens: the damage is further in");
        for a in 0..last {
            let (x, y) = (&index.articles()[a], &damaged.articles()[a]);
            assert_eq!(
                (&x.text, &x.tokens, &x.sentences),
                (&y.text, &y.tokens, &y.sentences)
            );
        }
        assert!(!damaged.is_damaged(), "{s:?}: not read yet");
        let article = &damaged.articles()[last];
        let text = &index.articles()[last].text;
        match part {
            0 => {
                assert_eq!(article.text.len(), text.len());
                assert!(article.text.bytes().all(|b| b == b' '), "read as spaces");
            }
            1 => assert!(article.tokens.is_empty()),
            _ => assert!(article.sentences.is_empty()),
        }
        assert!(damaged.is_damaged(), "{s:?}: found when read");
        // Whatever is asked of it now, it does not panic.
        let _ = answers(&damaged);
        let _ = damaged.tokenize(last);
    }
}

/// Reading all of the index (what a command does before it prints an answer read from the
/// cache) finds damage in any part of any article, with no query read first.
#[test]
fn reading_all_of_the_index_checks_every_part_of_every_article() {
    let (_, bytes) = saved();
    let good = read(&bytes, 42).expect("reads back");
    for a in 0..good.articles().len() {
        for (part, s) in PARTS {
            let (start, len) = article_part(&good, a, part);
            let at = section(&bytes, s).start + start + len / 2;
            let damaged = read(&flipped(&bytes, at), 42).expect("opens");
            damaged.load_all();
            assert!(damaged.is_damaged(), "article {a}, {s:?}");
        }
    }
}

#[test]
fn damage_inside_one_posting_list_is_found_when_it_is_read() {
    let (index, bytes) = saved();
    let id = index
        .terms()
        .id("sanktionen")
        .expect("a term of the corpus");
    let entries = section(&bytes, Section::TermEntries);
    let start = u64_at(&bytes, entries.start + id as usize * ENTRY + 8).expect("entry") as usize;
    let at = section(&bytes, Section::Postings).start + start * 8 + 3;
    let damaged = read(&flipped(&bytes, at), 42).expect("opens");
    let query = parse("Trump").expect("parses");
    assert_eq!(evaluate(&damaged, &query), evaluate(&index, &query));
    assert!(!damaged.is_damaged(), "another term's list is sound");
    assert!(damaged.terms().postings(id).is_empty());
    assert!(damaged.is_damaged());
    let query = parse("Sanktionen").expect("parses");
    assert_eq!(evaluate(&damaged, &query).map(|h| h.len()), Ok(0));
}

#[test]
fn damage_in_the_term_dictionary_is_found_when_it_is_read() {
    let (_, bytes) = saved();
    for s in [Section::TermText, Section::TermEntries, Section::TermTable] {
        // The middle: opening reads the first and last entries, not the middle chunks.
        let range = section(&bytes, s);
        let at = (range.start + range.end) / 2;
        let damaged = read(&flipped(&bytes, at), 42).expect("opens");
        assert!(!damaged.is_damaged(), "{s:?}: not read yet");
        let _ = answers(&damaged);
        damaged.load_all();
        assert!(damaged.is_damaged(), "{s:?}");
    }
}

/// The built-in articles, each 20 times: lists of more than 64 articles, whose tokens are
/// read ahead on another thread.
fn many() -> (Index, Vec<u8>) {
    let builtin = Corpus::builtin();
    let texts = (0..20).flat_map(|copy| {
        builtin
            .articles
            .iter()
            .map(move |a| (format!("{copy:02}/{}", a.id), a.text.clone()))
    });
    let index = Index::build(Corpus::from_texts(texts), Lexicon::builtin());
    let mut bytes = Vec::new();
    write(&index, 42, &mut bytes).expect("write to memory");
    (index, bytes)
}

#[test]
fn answers_are_the_same_while_tokens_are_read_ahead() {
    let (index, bytes) = many();
    for q in ["die", "Sanktionen", "Atom*", "\"Kim Jong Un\""] {
        let back = read(&bytes, 42).expect("reads back");
        let query = parse(q).expect("parses");
        assert_eq!(evaluate(&back, &query), evaluate(&index, &query), "{q}");
        assert!(!back.is_damaged());
    }
}

#[test]
fn damage_found_by_the_read_ahead_is_found_all_the_same() {
    // The read-ahead starts from the last article, which is damaged here.
    let (index, bytes) = many();
    let good = read(&bytes, 42).expect("reads back");
    let last = index.articles().len() - 1;
    let (start, len) = article_part(&good, last, 1);
    let at = section(&bytes, Section::Tokens).start + start + len / 2;
    let damaged = read(&flipped(&bytes, at), 42).expect("opens");
    let _ = evaluate(&damaged, &parse("die").expect("parses"));
    assert!(damaged.is_damaged());
}

/// An index of one article longer than the length above which an article's parts are
/// read together, in one pass over pieces of its text: the built-in articles over and
/// over, with a letter of two bytes across the end of the first piece. Written with
/// `change` made to it first.
fn long_saved(change: impl FnOnce(&mut Index)) -> (Index, Vec<u8>) {
    use super::checksum::PIECE;
    let articles = Corpus::builtin().articles;
    let mut text = String::new();
    while text.len() <= 5 * PIECE {
        for a in &articles {
            text.push_str(&a.text);
            text.push_str("\n\n");
        }
    }
    let (last_wide, _) = text[..PIECE - 1]
        .char_indices()
        .rfind(|(_, c)| c.len_utf8() == 2)
        .expect("a letter of two bytes");
    text.insert_str(0, &" ".repeat(PIECE - 1 - last_wide));
    assert_eq!(
        text.as_bytes()[PIECE - 1] & 0xe0,
        0xc0,
        "a letter's first byte"
    );
    let mut index = Index::build(Corpus::from_texts([("long", text)]), Lexicon::builtin());
    change(&mut index);
    let mut bytes = Vec::new();
    write(&index, 42, &mut bytes).expect("write to memory");
    (index, bytes)
}

#[test]
fn a_long_article_read_in_pieces_reads_back_as_it_was_written() {
    let (index, bytes) = long_saved(|_| {});
    // Its tokens asked for first, and its text first: either reads all three parts.
    for first in ["tokens", "text"] {
        let back = read(&bytes, 42).expect("reads back");
        let article = &back.articles()[0];
        match first {
            "tokens" => assert_eq!(article.tokens.len(), index.articles()[0].tokens.len()),
            _ => assert_eq!(article.text.len(), index.articles()[0].text.len()),
        }
        same(&index, &back);
        assert_eq!(answers(&back), answers(&index));
        assert!(!back.is_damaged(), "read first: {first}");
    }
}

#[test]
fn damage_in_a_long_article_is_found_in_the_part_it_is_in() {
    let (index, bytes) = long_saved(|_| {});
    let good = read(&bytes, 42).expect("reads back");
    let written = &index.articles()[0];
    for (part, s) in PARTS {
        // In the last piece of the part: each piece is summed on its own. In the text, a
        // letter's case, which leaves it UTF-8: only its checksum tells.
        let (start, len) = article_part(&good, 0, part);
        let mut at = section(&bytes, s).start + start + len - 5;
        let mut damaged = bytes.clone();
        if part == 0 {
            at -= 1 + damaged[..at]
                .iter()
                .rev()
                .position(u8::is_ascii_alphabetic)
                .expect("a letter");
            assert!(damaged[at].is_ascii_alphabetic());
            damaged[at] ^= 0x20;
            assert!(std::str::from_utf8(&damaged[section(&bytes, s)]).is_ok());
        } else {
            damaged[at] ^= 0xa5;
        }
        let damaged = read(&damaged, 42).expect("opens: the damage is further in");
        assert!(!damaged.is_damaged(), "{s:?}: not read yet");
        let article = &damaged.articles()[0];
        let text_is_spaces = article.text.bytes().all(|b| b == b' ');
        assert_eq!(article.text.len(), written.text.len());
        assert_eq!(text_is_spaces, part == 0, "{s:?}");
        assert_eq!(article.tokens.is_empty(), part == 1, "{s:?}");
        assert_eq!(article.sentences.is_empty(), part == 2, "{s:?}");
        match part {
            0 => assert_eq!(*article.tokens, *written.tokens),
            1 => assert_eq!(*article.text, *written.text),
            _ => assert_eq!(*article.text, *written.text),
        }
        assert!(damaged.is_damaged(), "{s:?}: found when read");
        let _ = answers(&damaged);
    }
}

#[test]
fn a_long_article_s_token_or_sentence_that_cuts_a_character_is_not_trusted() {
    // Sound by their checksums, but a token, or a sentence, ends inside a letter of two
    // bytes near the end of the text, in the last piece.
    // The last of `spans` (start, end) with a letter of two bytes in it, and one past that
    // letter's first byte.
    let cut = |text: &str, spans: &[(u32, u32)]| {
        (0..spans.len())
            .rev()
            .find_map(|i| {
                let (start, end) = (spans[i].0 as usize, spans[i].1 as usize);
                let (at, _) = text[start..end]
                    .char_indices()
                    .find(|(_, c)| c.len_utf8() == 2)?;
                Some((i, (start + at + 1) as u32))
            })
            .expect("a letter of two bytes")
    };
    let (index, bytes) = long_saved(|index| {
        let text = index.articles[0].text.to_string();
        let mut tokens: Vec<Token> = index.articles[0].tokens.iter().collect();
        let spans: Vec<(u32, u32)> = tokens.iter().map(|t| (t.start, t.end)).collect();
        let (i, inside) = cut(&text, &spans);
        tokens[i].end = inside;
        index.articles[0].tokens = Tokens::from_tokens(&tokens).into();
    });
    let back = read(&bytes, 42).expect("opens");
    assert_eq!(*back.articles()[0].text, *index.articles()[0].text);
    assert!(back.articles()[0].tokens.is_empty(), "tokens not trusted");
    assert!(back.is_damaged());

    let (index, bytes) = long_saved(|index| {
        let text = index.articles[0].text.to_string();
        let mut sentences = index.articles[0].sentences.to_vec();
        let spans: Vec<(u32, u32)> = sentences.iter().map(|s| (s.start, s.end)).collect();
        let (s, inside) = cut(&text, &spans);
        sentences[s].end = inside;
        index.articles[0].sentences = sentences.into();
    });
    let back = read(&bytes, 42).expect("opens");
    let text = &back.articles()[0].text;
    assert!(text.bytes().all(|b| b == b' '), "text not trusted");
    assert_eq!(*back.articles()[0].tokens, *index.articles()[0].tokens);
    assert!(back.is_damaged());
}
