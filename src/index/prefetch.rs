//! Asking the processor for memory some steps before it is read.
//!
//! The merge appends each article's postings to lists spread over some 100 MB, one list
//! after another, and each append used to wait for the end of its list to come from
//! memory. The lists an article will touch are known before the first append, so their
//! ends can be asked for a few appends ahead, and the waits overlap.

/// Asks for the cache line holding `p`. A hint only: it reads nothing the program sees
/// and never faults, whatever the address, so any pointer (dangling, past the end) will
/// do. Does nothing where the processor has no such hint in stable Rust.
#[inline(always)]
pub(super) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetcht0` has no effect the program can observe and does not fault on
    // any address; SSE, which it belongs to, is part of every x86_64 processor.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
