//! The `afterglow` command line: each subcommand is a thin call into `afterglow-core`; no
//! subcommand opens the desktop app (`afterglow-app`).

pub mod cli;
