use std::path::PathBuf;

use thiserror::Error;

/// Why a project folder could not be opened, read or written. Every variant names the file.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The folder holds no `project.json`.
    #[error("{path}: not an Afterglow project (no project.json inside)")]
    NotAProject {
        /// The folder.
        path: PathBuf,
    },
    /// A new project was asked for where one already is.
    #[error("{path}: a project already exists here")]
    AlreadyExists {
        /// The folder.
        path: PathBuf,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: damaged at line {line}, column {column}: {message}{}",
        backup_hint(backup)
    )]
    /// `project.json` is not valid JSON or does not match the format.
    Malformed {
        /// The file.
        path: PathBuf,
        /// Line of the first error, 1-based.
        line: usize,
        /// Column of the first error, 1-based.
        column: usize,
        /// The parser's message.
        message: String,
        /// The backup, when one exists that could be restored.
        backup: Option<PathBuf>,
    },
    /// The file is JSON but not an Afterglow project file.
    #[error("{path}: not an Afterglow project file (format is {found:?})")]
    WrongFormat {
        /// The file.
        path: PathBuf,
        /// The format name the file declares.
        found: String,
    },
    #[error(
        "{path}: made by a newer Afterglow (project version {found}; this one reads up to {supported}). \
         Update Afterglow to open it; the file was not changed."
    )]
    /// Written by a newer Afterglow; left unchanged.
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The version the file declares.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The project file is larger than a project file can sensibly be.
    #[error("{path}: {size} bytes is too large for a project file (limit {limit} bytes)")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// An entry names a path that would leave the project folder or is otherwise unsafe.
    #[error("{path}: {entry} is {value:?}: {reason}")]
    UnsafePath {
        /// The project file.
        path: PathBuf,
        /// Which entry, e.g. a photo's `file`.
        entry: String,
        /// The path it gives.
        value: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The file loads but contradicts itself (e.g. two photos with one id).
    #[error("{path}: {problem}")]
    Inconsistent {
        /// The file.
        path: PathBuf,
        /// What contradicts what.
        problem: String,
    },
    /// A write was asked of a project opened for reading only.
    #[error("{path}: the project is open for reading only ({reason})")]
    ReadOnly {
        /// The project folder.
        path: PathBuf,
        /// Why it is read-only.
        reason: String,
    },
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
