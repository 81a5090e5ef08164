//! The sanitiser for terminal output: whatever goes in, nothing unsafe comes out, no
//! character is lost or added, and a one-line display never holds a line break.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lupe::text::sanitize::{is_unsafe, sanitize_line, sanitize_text};

fuzz_target!(|text: &str| {
    let chars = text.chars().count();
    let out = sanitize_text(text);
    assert!(!out.chars().any(is_unsafe));
    assert!(!out.chars().any(|c| c != '\n' && c.is_control()));
    assert_eq!(out.chars().count(), chars);
    assert_eq!(out.matches('\n').count(), text.matches('\n').count());
    let line = sanitize_line(text);
    assert!(!line.chars().any(|c| is_unsafe(c) || c == '\n' || c.is_control()));
    assert_eq!(line.chars().count(), chars);
});
