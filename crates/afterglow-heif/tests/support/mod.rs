//! Shared by the HEIF tests of this crate and the workspace's `tests/heif_import.rs`.

/// libheif is a run-time library (Debian's `libheif1`), not needed to build: without it the
/// HEIF tests say so and pass without checking, unless `AFTERGLOW_REQUIRE_HEIF` is set (CI sets
/// it, so there they run or fail).
pub fn libheif_loads() -> bool {
    match afterglow_heif::library_version() {
        Ok(_) => true,
        Err(e) if std::env::var_os("AFTERGLOW_REQUIRE_HEIF").is_none() => {
            eprintln!("skipped: libheif does not load ({e}); install libheif1 to run this test");
            false
        }
        Err(e) => panic!("AFTERGLOW_REQUIRE_HEIF is set but libheif does not load: {e}"),
    }
}
