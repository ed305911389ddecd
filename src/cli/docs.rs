//! The man pages and shell completions, generated from the clap definitions (never written by
//! hand): `afterglow generate-docs DIR` writes `DIR/man/afterglow.1` (listing every command),
//! one page per command (`afterglow-import.1`, …) and
//! `DIR/completions/{afterglow.bash,_afterglow,afterglow.fish}`. The Debian package installs
//! them (Cargo.toml, `[package.metadata.deb]`).

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;

pub(super) fn generate(out: &Path) -> Result<()> {
    let (man, completions) = (out.join("man"), out.join("completions"));
    for dir in [&man, &completions] {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut command = Cli::command();
    clap_mangen::generate_to(command.clone(), &man)
        .with_context(|| format!("cannot write the man pages into {}", man.display()))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let path = clap_complete::generate_to(shell, &mut command, "afterglow", &completions)
            .with_context(|| format!("cannot write the {shell} completions"))?;
        say!("wrote {}", path.display());
    }
    say!("wrote the man pages in {}", man.display());
    Ok(())
}
