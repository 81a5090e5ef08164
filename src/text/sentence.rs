//! Where tokens become sentences.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets that follow)
//! when a space or the end of the text comes next, and at a line break, unless the next line
//! goes on in lowercase (a hard-wrapped paragraph). Abbreviations, initials and ordinals carry
//! their dot inside the token (see [`super::token`]), so they never end a sentence.

use super::token::{Token, TokenKind};

/// Sentence spans `(start, end)` as byte offsets, covering the tokens of `text`.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<(u32, u32)> {
    // Gaps are looked at as bytes: slicing a str checks char boundaries, for every token.
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut first: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if first.is_none() {
            first = Some(i);
        }
        let mut last = i;
        let mut ends = false;
        if t.kind == TokenKind::Punct && is_final_mark(&bytes[t.start as usize..t.end as usize]) {
            // Closing quotes and brackets glued to the mark belong to this sentence.
            while last + 1 < tokens.len()
                && tokens[last + 1].start == tokens[last].end
                && is_closer(tokens[last + 1].text(text))
            {
                last += 1;
            }
            ends = tokens
                .get(last + 1)
                .is_none_or(|n| n.start > tokens[last].end);
        }
        if !ends && let Some(next) = tokens.get(last + 1) {
            let (end, start) = (tokens[last].end as usize, next.start as usize);
            // Nearly every gap is nothing or one space, and breaks no line.
            let plain = start == end || (start == end + 1 && bytes[end] == b' ');
            if !plain {
                let gap = &bytes[end..start];
                ends = super::gap_breaks_line(gap) && breaks_line(gap, next.text(text));
            }
        }
        if (ends || last + 1 == tokens.len())
            && let Some(f) = first.take()
        {
            out.push((tokens[f].start, tokens[last].end));
        }
        i = last + 1;
    }
    out
}

/// By bytes: asked of every punctuation token.
fn is_final_mark(s: &[u8]) -> bool {
    matches!(s, b"." | b"!" | b"?" | [0xe2, 0x80, 0xa6]) // the last is `…`
}

fn is_closer(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "“" | "”" | "’" | "«" | "»" | "‹" | "›" | ")" | "]" | "}"
    )
}

/// A line break ends a sentence, except where the next line goes on in lowercase.
fn breaks_line(gap: &[u8], next: &str) -> bool {
    let breaks = gap.iter().filter(|&&b| b == b'\n').count();
    if breaks == 0 {
        return false;
    }
    breaks > 1 || !next.starts_with(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn split(text: &str) -> Vec<&str> {
        let tokens = tokenize(text, &|_| false);
        sentences(text, &tokens)
            .iter()
            .map(|(s, e)| &text[*s as usize..*e as usize])
            .collect()
    }

    #[test]
    fn splits_at_sentence_final_punctuation() {
        assert_eq!(
            split("Reden ist eine Sache, Realität eine andere. Wenn Trump sein Amt antritt!"),
            [
                "Reden ist eine Sache, Realität eine andere.",
                "Wenn Trump sein Amt antritt!"
            ]
        );
        assert_eq!(
            split("Kommt er? Er zögerte… Dann\u{a0}sprach er.  Gut."),
            ["Kommt er?", "Er zögerte…", "Dann\u{a0}sprach er.", "Gut."]
        );
    }

    #[test]
    fn closing_quote_after_the_mark_stays_in_the_sentence() {
        assert_eq!(
            split("„Wir haben bereits alle möglichen Wege ausgelotet.“ Er fügte hinzu."),
            [
                "„Wir haben bereits alle möglichen Wege ausgelotet.“",
                "Er fügte hinzu."
            ]
        );
    }

    #[test]
    fn initials_and_abbreviations_do_not_end_a_sentence() {
        assert_eq!(
            split("Daniel R. DePetris ist Fellow bei Defense Priorities. Stephen E. Biegun sagte."),
            [
                "Daniel R. DePetris ist Fellow bei Defense Priorities.",
                "Stephen E. Biegun sagte."
            ]
        );
        assert_eq!(
            split("Rubio bzw. Waltz, z. B. heute."),
            ["Rubio bzw. Waltz, z. B. heute."]
        );
    }

    #[test]
    fn ordinals_do_not_end_a_sentence() {
        assert_eq!(
            split("Sie treffen sich am 27. und 28. Februar in Vietnam."),
            ["Sie treffen sich am 27. und 28. Februar in Vietnam."]
        );
    }

    #[test]
    fn a_headline_line_is_its_own_sentence() {
        assert_eq!(
            split("Zankapfel Atomprogramm\n\nSeit dem Singapur-Treffen herrschte Sonnenschein."),
            [
                "Zankapfel Atomprogramm",
                "Seit dem Singapur-Treffen herrschte Sonnenschein."
            ]
        );
        assert_eq!(
            split(
                "Der Backchannel, der Geschichte schrieb\nAm 30. Juni 2019 betrat Trump Nordkorea."
            ),
            [
                "Der Backchannel, der Geschichte schrieb",
                "Am 30. Juni 2019 betrat Trump Nordkorea."
            ]
        );
    }

    #[test]
    fn a_hard_wrapped_line_going_on_in_lowercase_continues_the_sentence() {
        assert_eq!(
            split("Die Sanktionen seien weitgehend\nineffektiv, sagte er."),
            ["Die Sanktionen seien weitgehend\nineffektiv, sagte er."]
        );
    }
}
