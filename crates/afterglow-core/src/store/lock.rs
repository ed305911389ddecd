//! One writer per project. The lock is an OS advisory lock (`flock`) on `project.lock`, so a
//! lock left by a process that died is released by the OS and simply taken over; the file's
//! text (pid, host, time) is only there to tell the user who holds it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

/// Held while this process may write the project; released on drop.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    path: PathBuf,
}

/// The outcome of trying to take the lock.
#[derive(Debug)]
pub enum LockOutcome {
    /// The lock is ours while this value lives (the OS releases it with the process).
    Acquired(ProjectLock),
    /// Another live process holds it; `holder` describes it for the user.
    HeldByOther {
        /// Who holds it (process and machine), for the user.
        holder: String,
    },
}

impl ProjectLock {
    /// Tries the OS file lock at `path` without waiting; when held, says by whom.
    pub fn try_acquire(path: &Path) -> Result<LockOutcome, StoreError> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| StoreError::io(path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                file.read_to_string(&mut text).ok();
                let holder = text.trim();
                let holder = if holder.is_empty() {
                    "another Afterglow is using it".to_owned()
                } else {
                    format!("another Afterglow is using it: {holder}")
                };
                return Ok(LockOutcome::HeldByOther { holder });
            }
            Err(TryLockError::Error(e)) => return Err(StoreError::io(path, e)),
        }
        let who = format!(
            "pid {} on {} since {}",
            std::process::id(),
            hostname(),
            chrono::Local::now().format("%Y-%m-%d %H:%M")
        );
        let written = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(who.as_bytes()));
        written.map_err(|e| StoreError::io(path, e))?;
        Ok(LockOutcome::Acquired(ProjectLock {
            file,
            path: path.to_owned(),
        }))
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Empty the note first so nobody reads a stale holder; the OS drops the lock with the
        // file handle anyway.
        self.file.set_len(0).ok();
        self.file.unlock().ok();
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "this computer".to_owned())
}
