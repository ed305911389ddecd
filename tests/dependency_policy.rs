//! A fresh machine with only the Rust toolchain and a C compiler builds and tests Afterglow:
//! no crate that needs a system `-dev` package (headers or a `.pc` file found through
//! pkg-config: GTK, glib, cairo, pango, libheif-sys, libdbus-sys, OpenSSL…) may enter the
//! dependency tree. System libraries are opened at run time instead (libheif, libdbus for the
//! portal, GL, xkbcommon). The test asks cargo for the tree of this machine's target with the
//! features as resolved (`cargo tree`), and names every offender with the path that pulls it in.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Crates that bind a system library through its development files.
const DENIED: [&str; 12] = [
    "gtk-sys",
    "gdk-sys",
    "glib-sys",
    "gobject-sys",
    "gio-sys",
    "cairo-sys-rs",
    "pango-sys",
    "gdk-pixbuf-sys",
    "libheif-sys",
    "libdbus-sys",
    "dbus",
    "openssl-sys",
];

/// Build-time helpers that look for a system library's development files: a crate that
/// build-depends on one (with the features this build turns on) needs a `-dev` package.
const FINDERS: [&str; 3] = ["pkg-config", "system-deps", "pkgconf"];

/// Finder users whose build scripts carry on without pkg-config or the `-dev` files (each
/// read in its `build.rs`), when the feature named here is on (`""`: always).
const TOLERATED: [(&str, &str, &str); 2] = [
    (
        "wayland-sys",
        "dlopen",
        "with `dlopen` its build script returns before probing; the library is opened at run time",
    ),
    (
        "x11-dl",
        "",
        "asks pkg-config for a libdir hint only, and writes None when it cannot",
    ),
];

/// The normal edges (what the binary is made of), and the edges `cargo test` builds too.
const SHIPPED: &str = "normal,build";
const TESTED: &str = "normal,build,dev";

/// Package name → the features turned on for it.
type Tree = BTreeMap<String, BTreeSet<String>>;

/// The offenders in `tree` given the packages that build-depend on a finder (`users`, with
/// the finder), each with why.
fn offenders(tree: &Tree, users: &[(String, String)]) -> Vec<String> {
    let denied = tree
        .keys()
        .filter(|n| DENIED.contains(&n.as_str()))
        .map(|n| format!("{n}: binds a system library through its -dev package"));
    let tolerated = |user: &str| {
        TOLERATED.iter().any(|(name, feature, _)| {
            *name == user && (feature.is_empty() || tree[user].contains(*feature))
        })
    };
    let finders = users
        .iter()
        .filter(|(user, _)| tree.contains_key(user) && !FINDERS.contains(&user.as_str()))
        .filter(|(user, _)| !tolerated(user))
        .map(|(user, finder)| format!("{user}: its build script runs {finder}"));
    denied.chain(finders).collect()
}

fn cargo(args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tree", "--offline", "--workspace", "--prefix", "none"])
        .args(args)
        .output()
        .expect("cargo runs")
}

fn stdout_of(args: &[&str]) -> String {
    let out = cargo(args);
    assert!(
        out.status.success(),
        "cargo tree {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The first word of each line: the package names.
fn names(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// Every package in the tree along `edges`, with its features.
fn tree(edges: &str) -> Tree {
    let text = stdout_of(&["-e", edges, "--format", "{p} ~{f}"]);
    let mut tree = Tree::new();
    for line in text.lines() {
        let Some(name) = line.split_whitespace().next() else {
            continue;
        };
        let features = line.split_once('~').map_or("", |(_, f)| f);
        let features = features.split_whitespace().next().unwrap_or_default();
        tree.entry(name.to_owned()).or_default().extend(
            features
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned),
        );
    }
    tree
}

/// The packages that depend on a finder directly (its dependents one level up), with it.
fn finder_users(edges: &str) -> Vec<(String, String)> {
    let mut users = Vec::new();
    for finder in FINDERS {
        let out = cargo(&["-e", edges, "--invert", finder, "--depth", "1"]);
        // cargo refuses an --invert of a package the tree does not hold: nobody uses it.
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("did not match any packages"),
                "cargo tree: {err}"
            );
            continue;
        }
        for user in names(&String::from_utf8(out.stdout).unwrap()) {
            users.push((user, finder.to_owned()));
        }
    }
    users
}

/// How `name` gets into the tree.
fn path_to(name: &str, edges: &str) -> String {
    stdout_of(&["-e", edges, "--invert", name])
}

fn check(edges: &str) {
    let tree = tree(edges);
    for ours in ["afterglow", "afterglow-app", "eframe", "rfd", "egui_file"] {
        assert!(tree.contains_key(ours), "the tree lists {ours}: {tree:?}");
    }
    let bad = offenders(&tree, &finder_users(edges));
    let report: Vec<String> = bad
        .iter()
        .map(|b| {
            let name = b.split(':').next().unwrap_or_default();
            format!("{b}; pulled in by:\n{}", path_to(name, edges))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "crates that need a system -dev package to build (edges {edges}):\n{}",
        report.join("\n")
    );
}

#[test]
fn the_binary_needs_no_system_dev_package() {
    check(SHIPPED);
}

#[test]
fn the_tests_need_no_system_dev_package() {
    check(TESTED);
}

#[test]
fn the_check_names_gtk_and_any_pkg_config_user() {
    let with = |features: &[&str]| features.iter().map(|f| f.to_string()).collect();
    let mut tree = Tree::new();
    for name in [
        "rfd",
        "gtk-sys",
        "pkg-config",
        "libc",
        "x11-dl",
        "libfoo-sys",
    ] {
        tree.insert(name.to_owned(), with(&[]));
    }
    tree.insert("wayland-sys".to_owned(), with(&["client"]));
    let user = |name: &str| (name.to_owned(), "pkg-config".to_owned());
    let users = [
        user("wayland-sys"),
        user("x11-dl"),
        user("libfoo-sys"),
        user("not-in-tree"),
        user("pkg-config"),
    ];
    let bad = offenders(&tree, &users);
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert!(bad[0].starts_with("gtk-sys:"), "{bad:?}");
    assert!(
        bad[1].starts_with("wayland-sys:"),
        "linked, not dlopen: {bad:?}"
    );
    assert!(bad[2].starts_with("libfoo-sys:"), "{bad:?}");
    // With `dlopen`, wayland-sys's build script never runs pkg-config.
    tree.insert("wayland-sys".to_owned(), with(&["client", "dlopen"]));
    assert_eq!(offenders(&tree, &users).len(), 2);
}
