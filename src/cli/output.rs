//! What every command shares for output: a progress bar on stderr only when it is a
//! terminal, and lines on stdout that end the command quietly when the reader has gone.

use std::io::IsTerminal;

/// A progress bar on stderr, only when stderr is a terminal (scripts get clean output).
pub(super) struct TerminalBar(Option<indicatif::ProgressBar>);

impl TerminalBar {
    pub(super) fn new(template: &str) -> Self {
        Self(std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    pub(super) fn set(&self, done: usize, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    pub(super) fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

#[doc(hidden)]
pub fn print_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("afterglow: cannot write the output: {e}");
        std::process::exit(2);
    }
}
