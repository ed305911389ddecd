//! Measurements cached in `cache/metrics.json`, keyed by everything a value depends on: the
//! photo's content hash, its transform into the reference frame, the region, the neutral
//! patch, what the colour normalisation depends on (the reference) and the method's version. The file is safe to delete; a damaged or older one is
//! ignored and rewritten.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::measure::{Calibration, RegionValues};
use super::texture::TextureParams;
use crate::geometry::Affine2;
use crate::imaging::write_atomic_unique;
use crate::project::{Photo, Rect, Shape};
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

/// Bump when a change to the method changes the values, so old entries are not reused.
pub const METHOD_VERSION: u32 = 5;
const FORMAT: &str = "afterglow-metrics-cache";

/// One cached value and how it was white-balanced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CachedValues {
    /// The region's values.
    pub values: RegionValues,
    /// How the photo was white-balanced when they were measured.
    pub calibration: Calibration,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: String,
    version: u32,
    entries: HashMap<String, CachedValues>,
}

/// The cache of one project.
#[derive(Debug, Default)]
pub struct MetricsCache {
    path: Option<PathBuf>,
    entries: HashMap<String, CachedValues>,
    /// Keys looked up or stored in this run: the ones worth keeping.
    used: HashMap<String, CachedValues>,
    changed: bool,
}

impl MetricsCache {
    /// The project's cache, or an empty one when it is missing, damaged or from another
    /// version of the method.
    pub fn load(paths: &ProjectPaths) -> Self {
        let path = Self::file(paths);
        let entries = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<CacheFile>(&b).ok())
            .filter(|f| f.format == FORMAT && f.version == METHOD_VERSION)
            .map(|f| f.entries)
            .unwrap_or_default();
        Self {
            path: Some(path),
            entries,
            ..Self::default()
        }
    }

    /// A cache that remembers nothing and writes nothing.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Where the cache lives: `cache/metrics.json`.
    pub fn file(paths: &ProjectPaths) -> PathBuf {
        paths.cache_file("metrics", "metrics.json")
    }

    /// The values stored under `key` (photo, region, method and parameters hashed).
    pub fn get(&mut self, key: &str) -> Option<CachedValues> {
        let v = self.entries.get(key)?.clone();
        self.used.insert(key.to_owned(), v.clone());
        Some(v)
    }

    /// Stores `value` under `key`.
    pub fn insert(&mut self, key: String, value: CachedValues) {
        if self.path.is_none() {
            return;
        }
        self.entries.insert(key.clone(), value.clone());
        self.used.insert(key, value);
        self.changed = true;
    }

    /// Writes the entries used in this run (older ones are dropped, so the file does not
    /// grow forever). Does nothing when nothing changed.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if !self.changed && self.used.len() == self.entries.len() {
            return Ok(());
        }
        let file = CacheFile {
            format: FORMAT.to_owned(),
            version: METHOD_VERSION,
            entries: self.used.clone(),
        };
        let bytes = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
        write_atomic_unique(path, &bytes)
    }
}

/// Everything a region's values depend on, hashed.
#[derive(Serialize)]
struct KeyParts<'a> {
    method: u32,
    photo_hash: &'a str,
    photo_size: (u32, u32),
    reference_from_photo: &'a Affine2,
    frame: (u32, u32, &'a Affine2),
    region: &'a Shape,
    white_patch: Option<&'a Rect>,
    texture: &'a TextureParams,
    colour: &'a str,
}

/// The cache key of one region of one photo; `colour` is the normalisation's key
/// (`normalise::normalisation_key`: the reference's content, patch and eyes).
pub fn cache_key(
    photo: &Photo,
    reference_from_photo: &Affine2,
    frame: &ReferenceFrame,
    region: &Shape,
    texture: &TextureParams,
    colour: &str,
) -> String {
    let parts = KeyParts {
        method: METHOD_VERSION,
        photo_hash: &photo.hash,
        photo_size: (photo.width, photo.height),
        reference_from_photo,
        frame: (frame.width, frame.height, &frame.frame_from_reference),
        region,
        white_patch: photo.white_patch.as_ref(),
        texture,
        colour,
    };
    let json = serde_json::to_vec(&parts).unwrap_or_default();
    blake3::hash(&json).to_hex()[..32].to_owned()
}
