//! The bulky parts of an article (text, word tokens, sentences) as fields that read like
//! the values themselves, whether the index holds them or reads them from its cache file.
//!
//! A built index holds every part in memory. An index read from the cache holds only what
//! each query needs, so a look-up in a 100 MB corpus does not read 100 MB: a part is read
//! from the file, checked, and kept the first time it is used. Either way the field derefs
//! to the value, so `article.text[..]` and `article.tokens.get(i)` read the same.

use super::cache::CachedArticle;
use super::{Span, Tokens};
use std::fmt;
use std::ops::Deref;

/// A part of an article: in memory, or read from the cache file on first use.
///
/// A part read from a damaged file reads as empty (a text as spaces of its length, so
/// every offset into it stays valid), and the index says so with
/// [`Index::is_damaged`](super::Index::is_damaged).
#[derive(Clone)]
pub struct Lazy<T>(Source<T>);

#[derive(Clone)]
enum Source<T> {
    Held(T),
    Cached(CachedArticle),
}

impl<T> Lazy<T> {
    pub(crate) fn cached(article: CachedArticle) -> Lazy<T> {
        Lazy(Source::Cached(article))
    }
}

impl<T> From<T> for Lazy<T> {
    fn from(value: T) -> Lazy<T> {
        Lazy(Source::Held(value))
    }
}

impl Deref for Lazy<String> {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Source::Held(text) => text,
            Source::Cached(article) => article.text(),
        }
    }
}

impl Deref for Lazy<Tokens> {
    type Target = Tokens;

    fn deref(&self) -> &Tokens {
        match &self.0 {
            Source::Held(tokens) => tokens,
            Source::Cached(article) => article.tokens(),
        }
    }
}

impl Deref for Lazy<Vec<Span>> {
    type Target = Vec<Span>;

    fn deref(&self) -> &Vec<Span> {
        match &self.0 {
            Source::Held(sentences) => sentences,
            Source::Cached(article) => article.sentences(),
        }
    }
}

impl<T> fmt::Debug for Lazy<T>
where
    Lazy<T>: Deref<Target: fmt::Debug>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T> PartialEq for Lazy<T>
where
    Lazy<T>: Deref<Target: PartialEq>,
{
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T> Eq for Lazy<T> where Lazy<T>: Deref<Target: Eq> {}

impl PartialEq<str> for Lazy<String> {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for Lazy<String> {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl fmt::Display for Lazy<String> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl serde::Serialize for Lazy<String> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl<'a, T> IntoIterator for &'a Lazy<T>
where
    Lazy<T>: Deref<Target = T>,
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        (**self).into_iter()
    }
}
