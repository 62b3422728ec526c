//! The `chancery` binary: the desktop window, or with a subcommand, headless commands for
//! scripts and tests.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = match chancery::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Help and the version print whole; a bad argument is one line, as every other error.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            eprintln!("chancery: {}", chancery::cli::one_line(&e));
            return ExitCode::from(2);
        }
    };
    let outcome = chancery::cli::database_path(cli.db).and_then(|path| match cli.command {
        Some(command) => chancery::cli::run(command, path),
        None => chancery::ui::run(path)
            .map(|()| ExitCode::SUCCESS)
            .map_err(anyhow::Error::msg),
    });
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("chancery: {}", chancery::cli::error_line(&error));
            ExitCode::from(2)
        }
    }
}
