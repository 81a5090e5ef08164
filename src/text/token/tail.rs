//! The rules that join pieces, applied to the pieces as the scanner hands them on, so that
//! no list of pieces is ever written.
//!
//! Two small stages, each holding back at most two items until it knows what follows them:
//!
//! - the merge stage joins word-hyphen-word into a compound and number pieces into a whole
//!   number (`28 500`, `50%`);
//! - the dot stage takes the merge stage's tokens and gives a word or number its dot when it
//!   is an abbreviation, an initial or an ordinal.
//!
//! Each stage decides exactly as its list-rewriting pass did: that pass looked no further
//! ahead than the items held back here. The common steps (a word, or punctuation that is
//! no hyphen or dot, after a word) are taken where the piece is handed on; the others are
//! a call to the stages in full.

use super::{
    Token, TokenKind, is_abbreviation, is_byte, is_hyphen_piece, is_one_number_space,
    is_ordinal_after, is_three_digits, may_be_ordinal,
};

/// What the merge stage holds back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// Nothing: the last piece was punctuation, or there was none.
    Idle,
    /// A word or number (`cur`) that a hyphen, a number piece or `%` may still extend.
    Open,
    /// A word or number (`cur`) and a hyphen right after it (`hyphen`): a compound if a
    /// word follows at once.
    Hyphen,
}

/// What the dot stage holds back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dots {
    /// Nothing: the last token was punctuation, or there was none.
    Idle,
    /// A word or number (`held`), which takes a dot that follows it if the rules say so.
    Word,
    /// A number of up to four digits (`held`) and the dot right after it (`dot`): an
    /// ordinal if the token after the dot says so.
    Ordinal,
}

/// The joining stages; they write to the caller's token list.
pub(super) struct Tail<'t> {
    text: &'t str,
    merge: Merge,
    cur: Held,
    hyphen: Held,
    dots: Dots,
    held: Held,
    dot: Held,
    /// The start of every compound the merge stage has joined, in text order.
    compounds: Vec<u32>,
}

/// A token as the stages hold it: its start and end in one number, which is written and
/// read back whole. A token written a field at a time and then copied, which reads it as
/// one eight-byte number and one four-byte one, makes the processor wait for the writes
/// to land: that wait was the costliest single instruction of the pass.
#[derive(Clone, Copy)]
struct Held {
    span: u64,
    kind: TokenKind,
}

impl Held {
    const NONE: Held = Held {
        span: 0,
        kind: TokenKind::Punct,
    };

    #[inline(always)]
    fn of(t: Token) -> Held {
        Held {
            span: u64::from(t.start) | u64::from(t.end) << 32,
            kind: t.kind,
        }
    }

    #[inline(always)]
    fn token(self) -> Token {
        Token {
            start: self.span as u32,
            end: (self.span >> 32) as u32,
            kind: self.kind,
        }
    }

    #[inline(always)]
    fn end(self) -> u32 {
        (self.span >> 32) as u32
    }

    #[inline(always)]
    fn with_end(self, end: u32) -> Held {
        Held {
            span: self.span & 0xffff_ffff | u64::from(end) << 32,
            kind: self.kind,
        }
    }
}

impl<'t> Tail<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Tail {
            text,
            merge: Merge::Idle,
            cur: Held::NONE,
            hyphen: Held::NONE,
            dots: Dots::Idle,
            held: Held::NONE,
            dot: Held::NONE,
            compounds: Vec::new(),
        }
    }

    /// Takes the next piece from the scanner: a word piece, a number piece or punctuation.
    #[inline(always)]
    pub(super) fn piece(&mut self, out: &mut Vec<Token>, p: Token) {
        // The common steps are taken here, where nothing is held back that a rule could
        // still change; what the stages below do with them comes to the same. Every other
        // step is a call, so that the stages are not copied into every place a piece is
        // handed on.
        match self.merge {
            // Nothing to extend: a word or number waits, punctuation goes on.
            Merge::Idle if p.kind != TokenKind::Punct => {
                self.merge = Merge::Open;
                self.cur = Held::of(p);
                return;
            }
            Merge::Idle if self.dots == Dots::Idle => {
                out.push(p);
                return;
            }
            // A word, which only a hyphen right after it extends and only a dot right
            // after it can concern.
            Merge::Open if self.cur.kind == TokenKind::Word && self.dots != Dots::Ordinal => {
                if p.kind != TokenKind::Punct {
                    if self.dots == Dots::Word {
                        out.push(self.held.token());
                    }
                    self.dots = Dots::Word;
                    self.held = self.cur;
                    self.cur = Held::of(p);
                    return;
                }
                let touches = p.start == self.cur.end();
                if !touches || !matches!(self.text.as_bytes()[p.start as usize], b'-' | b'.' | 0xe2)
                {
                    if self.dots == Dots::Word {
                        out.push(self.held.token());
                    }
                    out.push(self.cur.token());
                    out.push(p);
                    self.merge = Merge::Idle;
                    self.dots = Dots::Idle;
                    return;
                }
            }
            _ => {}
        }
        self.any_piece(out, p);
    }

    /// [`Tail::piece`] for any piece: the merge stage.
    #[inline(never)]
    fn any_piece(&mut self, out: &mut Vec<Token>, p: Token) {
        match self.merge {
            Merge::Idle => self.merge_start(out, p),
            Merge::Open => {
                if p.kind == TokenKind::Punct
                    && p.start == self.cur.end()
                    && is_hyphen_piece(self.text, &p)
                {
                    self.hyphen = Held::of(p);
                    self.merge = Merge::Hyphen;
                } else if self.cur.kind == TokenKind::Number
                    && continues_number(self.text, &self.cur.token(), &p)
                {
                    self.cur = self.cur.with_end(p.end);
                } else {
                    self.merged(out, self.cur.token());
                    self.merge_start(out, p);
                }
            }
            Merge::Hyphen => {
                if p.kind != TokenKind::Punct && p.start == self.hyphen.end() {
                    // A compound is a word, even where its first part was a number.
                    self.cur = self.cur.with_end(p.end);
                    self.cur.kind = TokenKind::Word;
                    self.merge = Merge::Open;
                    let start = self.cur.span as u32;
                    if self.compounds.last() != Some(&start) {
                        self.compounds.push(start);
                    }
                } else {
                    self.merged(out, self.cur.token());
                    self.merged(out, self.hyphen.token());
                    self.merge_start(out, p);
                }
            }
        }
    }

    /// Hands on what is held back, once the scanner is done; returns the start of every
    /// compound it joined (see [`super::Tokenized::compounds`]).
    pub(super) fn finish(mut self, out: &mut Vec<Token>) -> Vec<u32> {
        match self.merge {
            Merge::Idle => {}
            Merge::Open => self.merged(out, self.cur.token()),
            Merge::Hyphen => {
                self.merged(out, self.cur.token());
                self.merged(out, self.hyphen.token());
            }
        }
        match self.dots {
            Dots::Idle => {}
            Dots::Word => out.push(self.held.token()),
            // Nothing follows the dot, so the number is no ordinal.
            Dots::Ordinal => {
                out.push(self.held.token());
                out.push(self.dot.token());
            }
        }
        self.compounds
    }

    /// A piece that nothing before it extends: punctuation goes on, a word or number waits.
    #[inline(always)]
    fn merge_start(&mut self, out: &mut Vec<Token>, p: Token) {
        if p.kind == TokenKind::Punct {
            self.merge = Merge::Idle;
            self.merged(out, p);
        } else {
            self.merge = Merge::Open;
            self.cur = Held::of(p);
        }
    }

    /// Takes the next token from the merge stage.
    #[inline(always)]
    fn merged(&mut self, out: &mut Vec<Token>, t: Token) {
        match self.dots {
            Dots::Idle => self.dots_start(out, t),
            Dots::Word => {
                if t.kind == TokenKind::Punct
                    && t.start == self.held.end()
                    && is_byte(self.text, &t, b'.')
                {
                    self.dot_after_held(out, t);
                } else {
                    out.push(self.held.token());
                    self.dots_start(out, t);
                }
            }
            Dots::Ordinal => {
                if is_ordinal_after(self.text, &self.dot.token(), &t) {
                    out.push(with_dot(self.held.token(), &self.dot.token()));
                } else {
                    out.push(self.held.token());
                    out.push(self.dot.token());
                }
                self.dots_start(out, t);
            }
        }
    }

    /// A token that no dot before it concerns: punctuation never takes a dot and goes on, a
    /// word or number waits for what follows it.
    #[inline(always)]
    fn dots_start(&mut self, out: &mut Vec<Token>, t: Token) {
        if t.kind == TokenKind::Punct {
            self.dots = Dots::Idle;
            out.push(t);
        } else {
            self.dots = Dots::Word;
            self.held = Held::of(t);
        }
    }

    /// The held word or number with a dot right after it. A dot that is not taken is
    /// punctuation and goes on as it is.
    #[inline(always)]
    fn dot_after_held(&mut self, out: &mut Vec<Token>, dot: Token) {
        let held = self.held.token();
        self.dots = Dots::Idle;
        match takes_dot(self.text, &held) {
            Some(true) => out.push(with_dot(held, &dot)),
            Some(false) => {
                out.push(held);
                out.push(dot);
            }
            None => {
                self.dots = Dots::Ordinal;
                self.dot = Held::of(dot);
            }
        }
    }
}

/// Whether the word or number `p` takes the dot after it; `None` for a number that is an
/// ordinal or not depending on the token after the dot.
#[inline(never)]
fn takes_dot(text: &str, p: &Token) -> Option<bool> {
    let body = p.text(text);
    match p.kind {
        TokenKind::Word => Some(is_abbreviation(body)),
        TokenKind::Number if may_be_ordinal(body) => None,
        TokenKind::Number | TokenKind::Punct => Some(false),
    }
}

/// Whether the number `cur` goes on with `p`: three digits after a no-break space
/// (`28 500`), or a percent sign right after it or after such a space (`50%`).
#[inline(never)]
fn continues_number(text: &str, cur: &Token, p: &Token) -> bool {
    let gap = &text[cur.end as usize..p.start as usize];
    if p.kind == TokenKind::Number {
        is_one_number_space(gap) && is_three_digits(p.text(text))
    } else {
        is_byte(text, p, b'%') && (gap.is_empty() || is_one_number_space(gap))
    }
}

/// `p` extended over the dot after it; it keeps its kind.
fn with_dot(p: Token, dot: &Token) -> Token {
    Token { end: dot.end, ..p }
}
