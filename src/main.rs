//! The `ladder` binary: everything is in the library.

/// mimalloc rather than the system allocator: reading and diffing make many small, short-lived
/// allocations, where glibc's malloc and free were a quarter of the time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ladder::cli::main()
}
