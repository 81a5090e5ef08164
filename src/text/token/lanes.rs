//! Eight bytes at a time: where a run of ASCII word bytes or of ASCII white space ends,
//! found with plain integer arithmetic on a `u64` whose eight bytes are eight lanes.
//!
//! A loop that looks at one byte at a time stops at a place the processor cannot guess,
//! once per word and once per space; a wrong guess costs more than the rest of the loop.
//! Here a run of up to eight bytes takes no guess at all, and the answers for each lane
//! (a word byte? a lowercase letter?) sit in bit 7 of the lane.

/// The lowest bit of every lane.
const LOW: u64 = 0x0101_0101_0101_0101;
/// Bit 7 of every lane: where the answers are.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes from `at`, the first in the lowest lane; past the end of `bytes` the
/// lanes are 0, which is neither a word byte nor white space.
#[inline(always)]
pub(crate) fn load(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => {
            let mut padded = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

/// Bit 7 set in the lanes of `low7` (lanes below 0x80) that are at least `n` (1 to 0x80):
/// adding `0x80 - n` carries into bit 7 exactly then, and never out of the lane.
#[inline(always)]
const fn at_least(low7: u64, n: u8) -> u64 {
    (low7 + (0x80 - n as u64) * LOW) & HIGH
}

/// Bit 7 set in the lanes of `low7` that are in `from..=to`.
#[inline(always)]
const fn between(low7: u64, from: u8, to: u8) -> u64 {
    at_least(low7, from) & !at_least(low7, to + 1)
}

/// The lanes of `x` that hold ASCII letters, digits and `_` (the bytes that go on with a
/// word whatever came before), and of those the lowercase and the uppercase letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WordLanes {
    pub word: u64,
    pub lower: u64,
    pub upper: u64,
}

#[inline(always)]
pub(super) fn word_lanes(x: u64) -> WordLanes {
    let ascii = !x & HIGH;
    let low7 = x & !HIGH;
    // Setting bit 5 folds uppercase onto lowercase and moves no other byte into a..z.
    let letter = between(low7 | (0x20 * LOW), b'a', b'z') & ascii;
    let digit = between(low7, b'0', b'9');
    let underscore = between(low7, b'_', b'_');
    // Bit 5 of each lane, moved up to bit 7: set in lowercase letters.
    let small = (low7 << 2) & HIGH;
    WordLanes {
        word: letter | ((digit | underscore) & ascii),
        lower: letter & small,
        upper: letter & !small,
    }
}

/// `x` with its ASCII uppercase letters lowercased (each of `A`..=`Z` gains 0x20); other
/// lanes are left as they are.
#[inline(always)]
pub(crate) fn ascii_lowercase(x: u64) -> u64 {
    let upper = between(x & !HIGH, b'A', b'Z') & !x & HIGH;
    x | (upper >> 2)
}

/// The lanes of `x` that hold ASCII white space: space, tab, line feed, vertical tab, form
/// feed, carriage return.
#[inline(always)]
pub(super) fn space_lanes(x: u64) -> u64 {
    let low7 = x & !HIGH;
    (between(low7, b' ', b' ') | between(low7, b'\t', b'\r')) & !x & HIGH
}

/// The number of lanes before the first lane set in `lanes`, which is not 0.
#[inline(always)]
pub(super) fn first(lanes: u64) -> usize {
    (lanes.trailing_zeros() / 8) as usize
}

/// The lanes before the first lane set in `lanes`, all lanes if none is.
#[inline(always)]
pub(super) fn before_first(lanes: u64) -> u64 {
    !lanes & lanes.wrapping_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_lowercased_eight_bytes_at_a_time_in_every_lane() {
        for b in 0..0x80u8 {
            for lane in 0..8 {
                // The byte among others that are no letters and letters of both cases.
                let mut bytes = *b"aZ@[`{Az";
                bytes[lane] = b;
                let mut want = bytes;
                want.make_ascii_lowercase();
                let got = ascii_lowercase(u64::from_le_bytes(bytes)).to_le_bytes();
                assert_eq!(got, want, "{b:#x} in lane {lane}");
            }
        }
    }
    use crate::text::scan::{ASCII, Class};

    fn lane(mask: u64, i: usize) -> bool {
        mask >> (8 * i + 7) & 1 == 1
    }

    #[test]
    fn every_byte_in_every_lane_is_classed_as_the_scanner_classes_it() {
        for b in 0..=255u8 {
            for i in 0..8 {
                // The byte in lane i, among neighbours of every kind.
                for fill in [0u8, b' ', b'a', b'Z', b'_', 0xc3, 0xff] {
                    let mut bytes = [fill; 8];
                    bytes[i] = b;
                    let x = u64::from_le_bytes(bytes);
                    let w = word_lanes(x);
                    let class = (b < 0x80).then(|| ASCII[usize::from(b)]);
                    let word = matches!(class, Some(Class::Letter | Class::Digit));
                    assert_eq!(lane(w.word, i), word, "word {b:#x} lane {i}");
                    assert_eq!(lane(w.lower, i), b.is_ascii_lowercase(), "lower {b:#x}");
                    assert_eq!(lane(w.upper, i), b.is_ascii_uppercase(), "upper {b:#x}");
                    let space = class == Some(Class::Space);
                    assert_eq!(lane(space_lanes(x), i), space, "space {b:#x} lane {i}");
                }
            }
        }
    }

    #[test]
    fn answers_are_only_in_bit_7() {
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b; 8]);
            let w = word_lanes(x);
            for mask in [w.word, w.lower, w.upper, space_lanes(x)] {
                assert_eq!(mask & !HIGH, 0);
            }
        }
    }

    #[test]
    fn loads_pad_with_zero_past_the_end() {
        let bytes = b"abcdefghij";
        assert_eq!(load(bytes, 0), u64::from_le_bytes(*b"abcdefgh"));
        assert_eq!(load(bytes, 5), u64::from_le_bytes(*b"fghij\0\0\0"));
        assert_eq!(load(bytes, 10), 0);
    }

    #[test]
    fn first_and_before_first() {
        assert_eq!(first(0x80), 0);
        assert_eq!(first(0x80 << 24), 3);
        assert_eq!(before_first(0x80 << 24) & HIGH, 0x80_8080);
        assert_eq!(before_first(0), !0);
    }
}
