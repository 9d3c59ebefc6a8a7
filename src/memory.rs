//! What the program asks of the allocator the binary installs (jemalloc,
//! `src/main.rs`).

/// From now on, the pages the allocator frees are kept for reuse rather
/// than handed back to the system. The explorer asks it once loaded: each
/// keystroke on a large corpus allocates and frees vectors of the corpus's
/// size, and pages handed back are faulted in and zeroed again on the next
/// key (docs/PERFORMANCE.md, "The allocator"). Not from the start: while
/// loading, which frees and allocates in other sizes, kept pages would
/// add to the peak.
///
/// Sets jemalloc's dirty and muzzy decay to "never" for every arena and for
/// arenas made later; a failure only leaves the default decay. (Where
/// jemalloc is not the global allocator, as in the tests, this tunes an
/// allocator that serves nothing.)
pub fn keep_freed_pages() {
    #[cfg(not(target_env = "msvc"))]
    {
        use tikv_jemalloc_ctl::raw;
        const NEVER: isize = -1;
        // SAFETY: "arenas.narenas" is an unsigned, the decay keys take an
        // ssize_t (jemalloc(3), MALLCTL NAMESPACE).
        unsafe {
            for key in ["arenas.dirty_decay_ms\0", "arenas.muzzy_decay_ms\0"] {
                let _ = raw::write(key.as_bytes(), NEVER);
            }
            let arenas: u32 = raw::read(b"arenas.narenas\0").unwrap_or(0);
            for arena in 0..arenas {
                for decay in ["dirty", "muzzy"] {
                    let key = format!("arena.{arena}.{decay}_decay_ms\0");
                    let _ = raw::write(key.as_bytes(), NEVER);
                }
            }
        }
    }
}
