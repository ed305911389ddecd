//! Which file dialogs to use: the desktop's own, through the XDG desktop portal (GNOME, KDE and
//! the other portal desktops), or Afterglow's in-app browser where no portal runs (a bare X
//! server, a minimal window manager, the tests). Decided once at start from what is installed,
//! and again if a portal call fails (`PortalWatch`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The environment variable that forces a choice: `builtin` (the in-app browser) or `portal`.
pub const FORCE_VAR: &str = "AFTERGLOW_FILE_DIALOG";

/// Where the file dialogs come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialogs {
    /// The desktop's dialogs through the XDG desktop portal (`rfd`, on a worker thread).
    Portal,
    /// Afterglow's own browser, drawn in the window (`file_browser`).
    Builtin,
}

impl Dialogs {
    /// The choice for this machine: `AFTERGLOW_FILE_DIALOG` if set, else the portal when one
    /// looks available.
    pub fn detect() -> Self {
        let forced = std::env::var(FORCE_VAR).ok();
        let data_dirs = data_dirs();
        let bus = session_bus();
        choose(
            forced.as_deref(),
            bus,
            std::path::Path::new("/.flatpak-info").exists(),
            &data_dirs,
        )
    }
}

/// The decision, from what `detect` found (separate so the tests can feed it).
fn choose(forced: Option<&str>, bus: bool, sandboxed: bool, data_dirs: &[PathBuf]) -> Dialogs {
    match forced.map(str::trim) {
        Some("builtin") => return Dialogs::Builtin,
        Some("portal") => return Dialogs::Portal,
        _ => {}
    }
    // In a Flatpak sandbox the portal is how files are reached at all.
    if sandboxed || (bus && portal_installed(data_dirs)) {
        Dialogs::Portal
    } else {
        Dialogs::Builtin
    }
}

/// A session bus to reach the portal on: named in the environment, or at its usual socket.
fn session_bus() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists())
}

/// The XDG data folders (`$XDG_DATA_DIRS`, by default /usr/local/share and /usr/share).
fn data_dirs() -> Vec<PathBuf> {
    let dirs = std::env::var("XDG_DATA_DIRS").unwrap_or_default();
    let dirs: Vec<PathBuf> = dirs
        .split(':')
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .collect();
    if dirs.is_empty() {
        vec!["/usr/local/share".into(), "/usr/share".into()]
    } else {
        dirs
    }
}

/// The portal service can be started (its D-Bus service file is installed) and some installed
/// backend implements the file chooser (a `.portal` file naming the interface). Both are
/// needed: the `xdg-desktop-portal` package alone answers FileChooser calls with an error.
/// Checked from files, without talking D-Bus, so it costs nothing and needs no library.
fn portal_installed(data_dirs: &[PathBuf]) -> bool {
    let service = data_dirs.iter().any(|d| {
        d.join("dbus-1/services/org.freedesktop.portal.Desktop.service")
            .is_file()
    });
    let chooser = data_dirs.iter().any(|d| {
        let Ok(entries) = std::fs::read_dir(d.join("xdg-desktop-portal/portals")) else {
            return false;
        };
        entries.flatten().any(|e| {
            e.path().extension().is_some_and(|x| x == "portal")
                && std::fs::read_to_string(e.path())
                    .is_ok_and(|t| t.contains("org.freedesktop.impl.portal.FileChooser"))
        })
    });
    service && chooser
}

/// Set when `rfd` logged that neither the portal nor its zenity fallback could show a dialog.
static DIALOG_FAILED: AtomicBool = AtomicBool::new(false);

/// rfd answers "cancelled" when the portal call fails and zenity is missing too, and says why
/// only in its log. This logger listens to rfd alone (every other crate's records are
/// dropped, as they were before it) so the app can tell a failure from a cancel.
struct PortalWatch;

static WATCH: PortalWatch = PortalWatch;

impl log::Log for PortalWatch {
    fn enabled(&self, meta: &log::Metadata) -> bool {
        meta.target().starts_with("rfd") && meta.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let text = record.args().to_string();
        // "Failed to pick file(s)/folder with zenity: …" or "save file": the portal failed
        // first ("Using zenity fallback"), then zenity.
        if record.level() == log::Level::Error && text.contains("zenity") {
            DIALOG_FAILED.store(true, Ordering::SeqCst);
        }
        eprintln!("afterglow: file dialog: {text}");
    }

    fn flush(&self) {}
}

/// Installs the watch (once, at the start of the app; a second logger is refused quietly).
pub fn watch_rfd() {
    if log::set_logger(&WATCH).is_ok() {
        log::set_max_level(log::LevelFilter::Warn);
    }
}

/// Runs a dialog and says whether it could be shown at all (`None`: it could not; only
/// known when `watch_rfd` was installed, else a failure reads as a cancel).
pub fn shown<T>(dialog: impl FnOnce() -> T) -> Option<T> {
    // One dialog runs at a time (the app's FileDialog job is single), so one flag will do.
    DIALOG_FAILED.store(false, Ordering::SeqCst);
    let answer = dialog();
    (!DIALOG_FAILED.swap(false, Ordering::SeqCst)).then_some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share_with(service: bool, chooser: Option<&str>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        if service {
            let d = dir.path().join("dbus-1/services");
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("org.freedesktop.portal.Desktop.service"), "x").unwrap();
        }
        if let Some(interfaces) = chooser {
            let d = dir.path().join("xdg-desktop-portal/portals");
            std::fs::create_dir_all(&d).unwrap();
            let text = format!("[portal]\nDBusName=x\nInterfaces={interfaces}\n");
            std::fs::write(d.join("gtk.portal"), text).unwrap();
        }
        dir
    }

    #[test]
    fn the_portal_is_used_only_with_a_bus_the_service_and_a_file_chooser_backend() {
        let full = share_with(true, Some("org.freedesktop.impl.portal.FileChooser;"));
        let dirs = [full.path().to_path_buf()];
        assert_eq!(choose(None, true, false, &dirs), Dialogs::Portal);
        assert_eq!(
            choose(None, false, false, &dirs),
            Dialogs::Builtin,
            "no bus"
        );
        let no_chooser = share_with(true, Some("org.freedesktop.impl.portal.Screenshot;"));
        let dirs = [no_chooser.path().to_path_buf()];
        assert_eq!(choose(None, true, false, &dirs), Dialogs::Builtin);
        let no_service = share_with(false, Some("org.freedesktop.impl.portal.FileChooser"));
        let dirs = [no_service.path().to_path_buf()];
        assert_eq!(choose(None, true, false, &dirs), Dialogs::Builtin);
        assert_eq!(choose(None, false, true, &[]), Dialogs::Portal, "Flatpak");
    }

    #[test]
    fn the_environment_variable_forces_either_way() {
        let full = share_with(true, Some("org.freedesktop.impl.portal.FileChooser"));
        let dirs = [full.path().to_path_buf()];
        assert_eq!(
            choose(Some("builtin"), true, false, &dirs),
            Dialogs::Builtin
        );
        assert_eq!(choose(Some("portal"), false, false, &[]), Dialogs::Portal);
        assert_eq!(choose(Some("other"), false, false, &[]), Dialogs::Builtin);
    }

    #[test]
    fn a_zenity_failure_logged_by_rfd_marks_the_dialog_as_not_shown() {
        use log::Log;
        let fail = || {
            WATCH.log(
                &log::Record::builder()
                    .target("rfd::backend::xdg_desktop_portal")
                    .level(log::Level::Error)
                    .args(format_args!("Failed to pick files with zenity: not found"))
                    .build(),
            );
            7
        };
        assert_eq!(shown(fail), None);
        assert_eq!(shown(|| 7), Some(7), "a quiet dialog was shown");
        let other_crate = || {
            WATCH.log(
                &log::Record::builder()
                    .target("winit")
                    .level(log::Level::Error)
                    .args(format_args!("zenity"))
                    .build(),
            );
        };
        assert_eq!(shown(other_crate), Some(()));
    }
}
