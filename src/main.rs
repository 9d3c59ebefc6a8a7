use std::process::ExitCode;

// See Cargo.toml: measured against glibc's malloc and mimalloc.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    astana::cli::main()
}
