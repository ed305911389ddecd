use std::path::PathBuf;

use thiserror::Error;

/// Why a project folder could not be opened, read or written. Every variant names the file.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path}: not an Afterglow project (no project.json inside)")]
    NotAProject { path: PathBuf },
    #[error("{path}: a project already exists here")]
    AlreadyExists { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: damaged at line {line}, column {column}: {message}{}",
        backup_hint(backup)
    )]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        backup: Option<PathBuf>,
    },
    #[error("{path}: not an Afterglow project file (format is {found:?})")]
    WrongFormat { path: PathBuf, found: String },
    #[error(
        "{path}: made by a newer Afterglow (project version {found}; this one reads up to {supported}). \
         Update Afterglow to open it; the file was not changed."
    )]
    NewerVersion {
        path: PathBuf,
        found: u64,
        supported: u32,
    },
    #[error("{path}: {size} bytes is too large for a project file (limit {limit} bytes)")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: {entry} is {value:?}: {reason}")]
    UnsafePath {
        path: PathBuf,
        entry: String,
        value: String,
        reason: &'static str,
    },
    #[error("{path}: {problem}")]
    Inconsistent { path: PathBuf, problem: String },
    #[error("{path}: the project is open for reading only ({reason})")]
    ReadOnly { path: PathBuf, reason: String },
}

fn backup_hint(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(b) => format!(
            ". The previous good version is in {}; copy it over project.json to go back to it.",
            b.display()
        ),
        None => String::new(),
    }
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.into(),
            source,
        }
    }
}
