//! The command line: a stable contract for scripts and tests. Each command is a thin call into
//! the core. Exit status: 0 all went well; 1 some inputs were rejected (the rest were
//! processed); 2 bad usage or the project could not be opened. Messages go to stderr, one line
//! each, naming the file.

/// Prints a line on stdout. When the reader has gone (`afterglow list | head`), the command
/// ends quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::print_line(format_args!($($arg)*))
    };
}

mod align_cmd;
mod args;
mod check_cmd;
mod docs;
mod import_cmd;
mod merge_cmd;
mod output;
mod project_cmds;
mod report_cmds;
mod session_cmds;
mod shared;

use std::process::ExitCode;

use anyhow::Result;

use align_cmd::cmd_align;
pub use args::{Cli, CliCommand, SessionCommand, SessionFields};
use check_cmd::cmd_check;
use import_cmd::cmd_import;
pub use output::print_line;
use project_cmds::{cmd_list, cmd_new};
pub use project_cmds::{default_name, list_json};
use report_cmds::{ReportFiles, cmd_metrics, cmd_report, cmd_timelapse};
use session_cmds::{cmd_session, cmd_set_date, cmd_set_view};
pub use shared::Status;

/// Runs a subcommand; errors are printed once, by `main`, and exit with 2.
pub fn run(command: CliCommand) -> Result<Status> {
    match command {
        CliCommand::New { project, name } => cmd_new(&project, name),
        CliCommand::Import {
            project,
            paths,
            reference,
        } => cmd_import(&project, &paths, reference == "earliest"),
        CliCommand::Session(c) => cmd_session(c),
        CliCommand::Merge {
            project,
            conflict_file,
        } => merge_cmd::cmd_merge(&project, &conflict_file),
        CliCommand::List { project, json } => cmd_list(&project, json),
        CliCommand::Metrics { project, csv } => cmd_metrics(&project, csv.as_deref()),
        CliCommand::Align {
            paths,
            reference,
            json,
        } => cmd_align(&paths, reference.as_deref(), json),
        CliCommand::SetDate {
            project,
            photo,
            date,
        } => cmd_set_date(&project, &photo, &date),
        CliCommand::GenerateDocs { out } => docs::generate(&out).map(|()| Status::Ok),
        CliCommand::SetView {
            project,
            photo,
            view,
        } => cmd_set_view(&project, &photo, &view),
        CliCommand::Report {
            project,
            output,
            sheet,
            photos,
            page,
            keep_names,
            csv,
        } => cmd_report(
            &project,
            &ReportFiles {
                pdf: &output,
                sheet: sheet.as_deref(),
                csv: csv.as_deref(),
            },
            photos,
            page,
            keep_names,
        ),
        CliCommand::Timelapse {
            project,
            output,
            fps,
            crossfade,
            keep_names,
        } => cmd_timelapse(&project, &output, fps, crossfade, keep_names),
        CliCommand::Check {
            project,
            repair,
            search,
        } => cmd_check(&project, repair, search.as_deref()),
    }
}

pub fn exit_code(result: Result<Status>) -> ExitCode {
    match result {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::SomeRejected) => ExitCode::from(1),
        Err(e) => {
            eprintln!("afterglow: {}", error_text(&e));
            ExitCode::from(2)
        }
    }
}

/// An error and its causes on one line, each said once: errors that name their file already
/// include their cause's text ("photos/x.jpg: No space left on device"), so a cause whose
/// text is already there is not repeated.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if text.contains(&s) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&s);
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cause_already_in_the_message_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device");
        let e = anyhow::Error::new(afterglow_core::store::StoreError::Io {
            path: "p/project.json".into(),
            source: io,
        })
        .context("saving");
        assert_eq!(
            super::error_text(&e),
            "saving: p/project.json: No space left on device"
        );
    }
}
