use std::process::ExitCode;

fn main() -> ExitCode {
    astana::cli::main()
}
