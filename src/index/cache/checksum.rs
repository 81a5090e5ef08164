//! The checksum that tells a sound part of the cache file from a damaged one.
//!
//! Four lanes of multiply-rotate over 8-byte words: fast enough to check each part as it is
//! read (several GB/s), and a changed word always changes the sum, since every step is a
//! bijection of the lane for a fixed input and the lanes are folded in one by one. It is
//! not a cryptographic hash: it finds damage, not forgery.

use rayon::prelude::*;
use std::ops::Range;

const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// The checksum of `bytes`.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut lanes = [K, K ^ 0x5555, K ^ 0xaaaa, K ^ 0xffff];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        mix(&mut lanes, block);
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 32];
        last[..rest.len()].copy_from_slice(rest);
        mix(&mut lanes, &last);
    }
    let mut h = K ^ bytes.len() as u64;
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

/// The size of the pieces a bulky part of the cache file is summed in: an article of many
/// megabytes (a whole archive in one file) is checked on every core, a piece each.
pub const PIECE: usize = 1 << 20;

/// The checksum of a bulky part: [`checksum`] of its bytes, or for a part of more than one
/// [`PIECE`], of its pieces' checksums.
pub fn part_sum(bytes: &[u8]) -> u64 {
    by_pieces(bytes, |_, _| ()).0
}

/// The part sum of `bytes` (see [`part_sum`]), and what `each` finds in each piece, given
/// its number and range: done by the thread that sums the piece, right after, while its
/// bytes are in the processor's cache.
pub fn by_pieces<T: Send>(
    bytes: &[u8],
    each: impl Fn(usize, Range<usize>) -> T + Sync,
) -> (u64, Vec<T>) {
    if bytes.len() <= PIECE {
        return (checksum(bytes), vec![each(0, 0..bytes.len())]);
    }
    let (sums, found): (Vec<u64>, Vec<T>) = (0..bytes.len().div_ceil(PIECE))
        .into_par_iter()
        .map(|k| {
            let range = k * PIECE..((k + 1) * PIECE).min(bytes.len());
            let sum = checksum(&bytes[range.clone()]);
            (sum, each(k, range))
        })
        .unzip();
    (of_sums(&sums), found)
}

fn of_sums(sums: &[u64]) -> u64 {
    let bytes: Vec<u8> = sums.iter().flat_map(|s| s.to_le_bytes()).collect();
    checksum(&bytes)
}

fn mix(lanes: &mut [u64; 4], block: &[u8]) {
    for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        *lane = (*lane ^ u64::from_le_bytes(w))
            .wrapping_mul(K)
            .rotate_left(31);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flipped_byte_and_every_length_changes_the_sum() {
        let bytes: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        let sum = checksum(&bytes);
        for at in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                assert_ne!(checksum(&damaged), sum, "byte {at} ^ {flip:#x}");
            }
        }
        for len in 0..bytes.len() {
            assert_ne!(checksum(&bytes[..len]), sum, "cut to {len}");
        }
        // Trailing zeros are not padding: a longer run of zeros is another sum.
        assert_ne!(checksum(&[0; 5]), checksum(&[0; 6]));
    }

    #[test]
    fn a_part_of_many_pieces_is_summed_by_them_and_every_piece_counts() {
        let bytes: Vec<u8> = (0..3 * PIECE + 100).map(|i| (i * 31 % 251) as u8).collect();
        let sum = part_sum(&bytes);
        let (by, found) = by_pieces(&bytes, |k, range| (k, range));
        assert_eq!(by, sum);
        let ends = [PIECE, 2 * PIECE, 3 * PIECE, 3 * PIECE + 100];
        let ranges: Vec<_> = (0..4).map(|k| (k, k * PIECE..ends[k])).collect();
        assert_eq!(found, ranges);
        for at in [0, PIECE - 1, PIECE, 2 * PIECE + 7, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x01;
            assert_ne!(part_sum(&damaged), sum, "byte {at}");
        }
        assert_ne!(part_sum(&bytes[..bytes.len() - 1]), sum);
        // Up to one piece, the sum of the bytes themselves.
        assert_eq!(part_sum(&bytes[..PIECE]), checksum(&bytes[..PIECE]));
        assert_eq!(
            by_pieces(&bytes[..10], |_, r| (r.start, r.end)).1,
            [(0, 10)]
        );
    }
}
