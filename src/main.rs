use std::process::ExitCode;

// jemalloc: Cargo.toml says why (cross-thread frees during the load).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    astana::cli::main()
}
