use std::process::ExitCode;

// jemalloc: Cargo.toml says why (cross-thread frees during the load).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// Freed pages are kept for reuse, not handed back to the system: each
// keystroke on a large archive allocates and frees vectors of the corpus's
// size, and pages handed back are faulted in and zeroed again on the next
// key (docs/PERFORMANCE.md, "The allocator", has the measurements). The
// symbol is jemalloc's `malloc_conf` under the prefix tikv-jemallocator
// gives its symbols; a thin pointer to a NUL-terminated string, as C reads
// it.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_CONF: &[u8; 36] = b"dirty_decay_ms:-1,muzzy_decay_ms:-1\0";

fn main() -> ExitCode {
    astana::cli::main()
}
