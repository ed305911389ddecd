//! Makes a large library to try the app or the command line on:
//!
//!     cargo run --release --example make-large-project -- /tmp/large.afterglow [PHOTOS]
//!
//! PHOTOS defaults to 2,000 small photos (see `benches/support/large_project.rs`).

#[path = "../benches/support/large_project.rs"]
mod large_project;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(root) = args.next().map(std::path::PathBuf::from) else {
        eprintln!("usage: make-large-project FOLDER [PHOTOS]");
        return std::process::ExitCode::from(2);
    };
    let photos = match args.next().map(|a| a.to_string_lossy().parse::<usize>()) {
        None => 2000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("PHOTOS: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let started = std::time::Instant::now();
    match large_project::make_large_project(&root, photos) {
        Ok(p) => {
            eprintln!(
                "made {} with {} photos and {} sessions in {:.1} s",
                root.display(),
                p.photos.len(),
                p.sessions.len(),
                started.elapsed().as_secs_f64()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("make-large-project: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
