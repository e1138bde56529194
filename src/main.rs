//! The `ladder` binary: everything is in the library.

fn main() -> std::process::ExitCode {
    ladder::cli::main()
}
