//! Where tokens become sentences.
