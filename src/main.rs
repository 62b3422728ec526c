//! The `chancery` binary: the desktop window, or with a subcommand, headless commands for
//! scripts and tests.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = chancery::cli::Cli::parse();
    match chancery::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("chancery: {error:#}");
            ExitCode::from(2)
        }
    }
}
