//! The `chancery` binary: headless subcommands for scripts and tests (the GUI comes next).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = chancery::cli::Cli::parse();
    match chancery::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("chancery: {error:#}");
            ExitCode::from(2)
        }
    }
}
