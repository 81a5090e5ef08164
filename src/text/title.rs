//! An article's title, read off its first line or first sentence.
