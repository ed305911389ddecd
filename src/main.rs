use std::process::ExitCode;

use clap::Parser;

use afterglow::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::exit_code(cli::run(command)),
        None => match afterglow_app::run(args.project) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("afterglow: {}", cli::error_text(&e));
                ExitCode::from(2)
            }
        },
    }
}
