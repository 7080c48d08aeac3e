//! The `marsad` command line: parses arguments and hands each command to its module.

mod args;
mod commands;
mod progress;

use clap::{CommandFactory, Parser};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction and analysis allocate many small,
/// short-lived strings and vectors across threads, where glibc's allocator spent a sixth of a
/// crawl worker's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: clap prints them on stdout.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            args::print_usage_error(&e, &mut args::Cli::command());
            return ExitCode::from(2);
        }
    };
    commands::init_logging(cli.verbose);
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marsad: {e:#}");
            ExitCode::FAILURE
        }
    }
}
