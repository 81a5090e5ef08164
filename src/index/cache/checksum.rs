//! The checksum that tells a sound part of the cache file from a damaged one.
//!
//! Four lanes of multiply-rotate over 8-byte words: fast enough to check each part as it is
//! read (several GB/s), and a changed word always changes the sum, since every step is a
//! bijection of the lane for a fixed input and the lanes are folded in one by one. It is
//! not a cryptographic hash: it finds damage, not forgery.

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
}
