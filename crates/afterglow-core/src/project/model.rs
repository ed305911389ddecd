//! The data model of a project (version 1), exactly as `project.json` stores it.
//!
//! Every field that may be missing in an older file has a `#[serde(default)]`, so a file written
//! by an earlier build of version 1 still loads.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::concern::Concern;
use super::guide::Guide;
use super::view::View;
use crate::geometry::{Affine2, Point};

/// The `format` tag at the top of every `project.json`.
pub const FORMAT: &str = "afterglow-project";
/// The newest `version` this build reads and writes.
pub const VERSION: u32 = 1;

/// A photo's id: the first 16 hex digits of the blake3 hash of its original bytes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhotoId(pub String);

impl std::fmt::Display for PhotoId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A session's number in the project, stable across edits (not its place in date order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub u32);

/// A region's number in the project, stable across edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RegionId(pub u32);

/// Everything `project.json` holds: photos, sessions, regions, the guide.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Always `FORMAT`; tells an Afterglow project file from any other JSON.
    pub format: String,
    /// The file's format version; a newer one than `VERSION` is not opened.
    pub version: u32,
    /// The project's name, as the user gave it.
    pub name: String,
    /// When the project was created.
    pub created: DateTime<Utc>,
    /// The reference photo chosen by the user for its view (the front view, unless every
    /// photo is a side view); `None` means the earliest photo of the view not excluded.
    #[serde(default)]
    pub reference: Option<PhotoId>,
    /// The references chosen for the other views (left and right 45°), when not `reference`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub view_references: BTreeMap<View, PhotoId>,
    /// Treatment sessions, in no particular order (see `sessions_by_date`).
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// The photos in the project, in import order.
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// Photos the user removed: their files live in `trash/` until the user empties it.
    #[serde(default)]
    pub trash: Vec<Photo>,
    /// Measurement regions, in reference coordinates.
    #[serde(default)]
    pub regions: Vec<Region>,
    /// The treatment guide the timeline and captions follow.
    #[serde(default)]
    pub guide: Guide,
}

impl Project {
    /// An empty project named `name`, with the default microneedling guide.
    pub fn new(name: impl Into<String>, created: DateTime<Utc>) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            name: name.into(),
            created,
            reference: None,
            view_references: BTreeMap::new(),
            sessions: Vec::new(),
            photos: Vec::new(),
            trash: Vec::new(),
            regions: Vec::new(),
            guide: Guide::default(),
        }
    }

    /// The photo with this id, if it is in the project (not the trash).
    pub fn photo(&self, id: &PhotoId) -> Option<&Photo> {
        self.photos.iter().find(|p| &p.id == id)
    }

    /// The photo with this id, for changing it in place.
    pub fn photo_mut(&mut self, id: &PhotoId) -> Option<&mut Photo> {
        self.photos.iter_mut().find(|p| &p.id == id)
    }

    /// Finds a photo by its id or a unique prefix of it (at least 4 characters), as typed on
    /// the command line.
    pub fn photo_by_prefix(&self, prefix: &str) -> Option<&Photo> {
        if prefix.len() < 4 {
            return None;
        }
        let mut found = self.photos.iter().filter(|p| p.id.0.starts_with(prefix));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The session with this id.
    pub fn session(&self, id: SessionId) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// The region with this id.
    pub fn region(&self, id: RegionId) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// Photos in capture order (see `Photo::capture_order_key`; ties broken by id so the
    /// order is stable).
    pub fn photos_by_date(&self) -> Vec<&Photo> {
        let mut v: Vec<&Photo> = self.photos.iter().collect();
        v.sort_by(|a, b| a.capture_order_key().cmp(&b.capture_order_key()));
        v
    }

    /// Sessions in date order.
    pub fn sessions_by_date(&self) -> Vec<&Session> {
        let mut v: Vec<&Session> = self.sessions.iter().collect();
        v.sort_by_key(|s| (s.start(), s.id));
        v
    }

    /// The main view's reference photo (see `main_view`): the one chosen, else the earliest
    /// photo of that view not excluded.
    pub fn reference_photo(&self) -> Option<&Photo> {
        self.reference_photo_for(self.main_view())
    }

    /// The reference of one view: the photo chosen for it, else the earliest photo of that
    /// view not excluded. `None` when the view has no photo.
    pub fn reference_photo_for(&self, view: View) -> Option<&Photo> {
        let chosen = self
            .reference
            .iter()
            .chain(self.view_references.get(&view))
            .filter_map(|id| self.photo(id))
            .find(|p| p.view() == view);
        chosen.or_else(|| {
            self.photos_by_date()
                .into_iter()
                .find(|p| !p.excluded && p.view() == view)
        })
    }

    /// The reference `photo` is aligned to and compared against: its own view's.
    pub fn reference_of(&self, photo: &Photo) -> Option<&Photo> {
        self.reference_photo_for(photo.view())
    }

    /// The view the project is mostly about: the chosen reference's, else front when any
    /// photo is, else the earliest photo's. Projects without side views only have this one.
    pub fn main_view(&self) -> View {
        if let Some(p) = self.reference.as_ref().and_then(|id| self.photo(id)) {
            return p.view();
        }
        let views = self.views();
        if views.contains(&View::Front) {
            return View::Front;
        }
        self.photos_by_date()
            .into_iter()
            .find(|p| !p.excluded)
            .map_or(View::Front, Photo::view)
    }

    /// The views the project's photos are in, front first.
    pub fn views(&self) -> Vec<View> {
        View::ALL
            .into_iter()
            .filter(|v| self.photos.iter().any(|p| p.view() == *v))
            .collect()
    }

    /// An id no session has yet.
    pub fn next_session_id(&self) -> SessionId {
        SessionId(self.sessions.iter().map(|s| s.id.0 + 1).max().unwrap_or(1))
    }

    /// An id no region has yet.
    pub fn next_region_id(&self) -> RegionId {
        RegionId(self.regions.iter().map(|r| r.id.0 + 1).max().unwrap_or(1))
    }
}

/// One treatment session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The session's number in the project.
    pub id: SessionId,
    /// The session's date (local).
    pub date: NaiveDate,
    /// Local time the session started, when known; without it the session counts from the
    /// start of its day.
    #[serde(default)]
    pub time: Option<NaiveTime>,
    /// The treatment given, in words (default "Microneedling").
    #[serde(default = "default_treatment")]
    pub treatment: String,
    /// Needle depth in millimetres, when noted.
    #[serde(default)]
    pub depth_mm: Option<f64>,
    /// The device used, in words.
    #[serde(default)]
    pub device: String,
    /// Serums or products applied, in words.
    #[serde(default)]
    pub product: String,
    /// Who performed it, in words.
    #[serde(default)]
    pub practitioner: String,
    /// Free notes about the session.
    #[serde(default)]
    pub notes: String,
}

fn default_treatment() -> String {
    "Microneedling".to_owned()
}

impl Session {
    /// A session on `date` with the defaults and nothing noted.
    pub fn new(id: SessionId, date: NaiveDate) -> Self {
        Self {
            id,
            date,
            time: None,
            treatment: default_treatment(),
            depth_mm: None,
            device: String::new(),
            product: String::new(),
            practitioner: String::new(),
            notes: String::new(),
        }
    }

    /// When the session started, local time.
    pub fn start(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }
}

/// Where a photo's capture time came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateSource {
    /// EXIF DateTimeOriginal (or DateTimeDigitized).
    Exif,
    /// A date and time in the file's name, e.g. `IMG_20260301_091500.jpg`.
    FileName,
    /// The capture time an export keeps beside the photo (Google Takeout's JSON sidecar).
    Sidecar,
    /// The file's modification time (least reliable).
    FileTime,
    /// Set by the user.
    Manual,
}

impl DateSource {
    /// The source in words, for the app and the command line.
    pub fn label(self) -> &'static str {
        match self {
            DateSource::Exif => "EXIF",
            DateSource::FileName => "file name",
            DateSource::Sidecar => "sidecar",
            DateSource::FileTime => "file time",
            DateSource::Manual => "set by hand",
        }
    }
}

/// One imported photo: its stored original, capture time, alignment and notes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    /// The first 16 hex digits of the original's BLAKE3 hash.
    pub id: PhotoId,
    /// Relative path inside the project folder: `photos/<id>.<ext>` (or `trash/…`).
    pub file: String,
    /// The file's name when it was imported.
    pub original_name: String,
    /// Full blake3 hash of the original bytes, hex.
    pub hash: String,
    /// Size of the original in bytes.
    #[serde(default)]
    pub byte_len: u64,
    /// Local capture date-time, as the camera's clock showed it.
    pub taken_at: NaiveDateTime,
    /// Where `taken_at` came from.
    pub taken_at_source: DateSource,
    /// The capture day is known but not the time (a file name like `2026-01-02.jpg`, or a
    /// date the user set without a time): `taken_at` then holds midnight as a placeholder.
    /// Absent from project.json when false, so older files load and timed projects are
    /// written unchanged (no format-version bump needed).
    #[serde(default, skip_serializing_if = "is_false")]
    pub date_only: bool,
    /// Offset from UTC in minutes, when the photo says (EXIF OffsetTimeOriginal).
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
    /// Width and height as displayed (EXIF orientation applied).
    pub width: u32,
    /// Height as displayed (EXIF orientation applied).
    pub height: u32,
    /// EXIF orientation (1–8) of the stored original; 1 when it has none.
    #[serde(default = "default_orientation")]
    pub orientation: u8,
    /// How the photo maps onto the reference, once aligned.
    #[serde(default)]
    pub alignment: Option<Alignment>,
    /// Eye centres the user marked (left on screen first), in photo coordinates.
    #[serde(default)]
    pub eyes: Option<[Point; 2]>,
    /// A neutral patch (grey card, white paper) the user marked, in photo coordinates.
    #[serde(default)]
    pub white_patch: Option<Rect>,
    /// The user's scores and note.
    #[serde(default)]
    pub annotation: Annotation,
    /// Left out of comparisons, measurements and reports.
    #[serde(default)]
    pub excluded: bool,
    /// The view the user set; `None` follows `face_yaw`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view_set: Option<View>,
    /// Which way the face looks, degrees (positive to the person's left; see
    /// `face::facing_yaw`), measured from its landmarks when it was aligned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_yaw: Option<f64>,
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

fn default_orientation() -> u8 {
    1
}

impl Photo {
    /// A photo record made by hand (tests, examples, benches): id `id`, taken at `taken_at`,
    /// `width`×`height`, its file named from the id, dated from EXIF, and nothing else set
    /// (no alignment, marks or annotation). Import fills every field from the file instead.
    pub fn new(id: &str, taken_at: NaiveDateTime, width: u32, height: u32) -> Photo {
        Photo {
            id: PhotoId(id.into()),
            file: format!("photos/{id}.jpg"),
            original_name: format!("{id}.jpg"),
            hash: id.into(),
            byte_len: 1,
            taken_at,
            taken_at_source: DateSource::Exif,
            date_only: false,
            utc_offset_minutes: None,
            width,
            height,
            orientation: 1,
            alignment: None,
            eyes: None,
            white_patch: None,
            annotation: Annotation::default(),
            excluded: false,
            view_set: None,
            face_yaw: None,
        }
    }

    /// The photo's view: the one the user set, else the one its face's yaw gives, else front
    /// (not measured yet, or no face found).
    pub fn view(&self) -> View {
        self.view_set
            .or_else(|| self.face_yaw.map(View::from_yaw))
            .unwrap_or_default()
    }

    /// The name of the file inside `photos/` or `trash/`.
    pub fn file_name(&self) -> &str {
        self.file.rsplit('/').next().unwrap_or(&self.file)
    }
}

/// An axis-aligned rectangle in some pixel frame.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// The corner with the smaller coordinates.
    pub min: Point,
    /// The corner with the larger coordinates.
    pub max: Point,
}

/// How an alignment was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlignMethod {
    /// By the automatic aligner.
    Auto,
    /// From eye centres marked by the user (locked).
    Landmarks,
    /// By hand, nudged by the user (locked).
    Manual,
}

/// A photo's registration to the reference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    /// Maps the photo's full-resolution upright pixels onto the reference's.
    pub reference_from_photo: Affine2,
    /// How it was made.
    pub method: AlignMethod,
    /// Correlation after alignment, 0–1.
    pub score: f64,
    /// False when light or pose differ too much for a comparison to be trusted.
    #[serde(default = "yes")]
    pub comparable: bool,
    /// A locked alignment is never replaced by an automatic run.
    #[serde(default)]
    pub locked: bool,
    /// The reference this alignment was computed against; stale when the reference changes.
    #[serde(default)]
    pub reference: Option<PhotoId>,
    /// Why the photo is not comparable (empty when it is, and in projects saved before the
    /// reasons were kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<Concern>,
}

impl Alignment {
    /// True when the photo is mirrored against the reference (a front camera that saved it the
    /// other way round): `reference_from_photo` reflects, so the photo is shown, measured and
    /// exported the right way round. Read from the transform, never stored apart from it.
    pub fn is_mirrored(&self) -> bool {
        self.reference_from_photo.is_mirrored()
    }

    /// Why a photo with this alignment should not be compared, in words, or `None` when it
    /// may be. Names the stored reasons; older projects kept none, so they get the general one.
    pub fn not_comparable_because(&self) -> Option<String> {
        if self.comparable {
            return None;
        }
        let reasons: Vec<&Concern> = self
            .concerns
            .iter()
            .filter(|c| !c.is_advice_only())
            .collect();
        Some(if reasons.is_empty() {
            "light or pose differ too much from the reference".to_owned()
        } else {
            reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

fn yes() -> bool {
    true
}

/// The 0–4 scale for redness and texture.
pub const SCORE_WORDS: [&str; 5] = ["none", "faint", "mild", "moderate", "marked"];

/// The user's own reading of a photo.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Redness on the 0–4 scale of `SCORE_WORDS`.
    #[serde(default)]
    pub redness: Option<u8>,
    /// Texture on the 0–4 scale of `SCORE_WORDS`.
    #[serde(default)]
    pub texture: Option<u8>,
    /// Free note.
    #[serde(default)]
    pub note: String,
    /// Tags the user gave the photo.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Annotation {
    /// True when nothing has been noted.
    pub fn is_empty(&self) -> bool {
        self.redness.is_none()
            && self.texture.is_none()
            && self.note.is_empty()
            && self.tags.is_empty()
    }
}

/// A named area of skin in reference coordinates: the same skin in every aligned photo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// The region's number in the project.
    pub id: RegionId,
    /// The region's name, e.g. "Left cheek" (the person's own left).
    pub name: String,
    /// Its outline in reference coordinates.
    pub shape: Shape,
    /// The view whose reference `shape` is drawn on; the region measures that view's photos.
    #[serde(default)]
    pub view: View,
}

/// A region's outline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// An ellipse with semi-axes `radii`, rotated by `angle` radians.
    Ellipse {
        /// Centre of the ellipse.
        centre: Point,
        /// Semi-axes along the ellipse's own axes.
        radii: [f64; 2],
        /// Turn of the ellipse in radians.
        #[serde(default)]
        angle: f64,
    },
    /// A closed polygon.
    Polygon {
        /// Its corners, in order.
        points: Vec<Point>,
    },
}

impl Shape {
    /// True when `p` lies inside the outline.
    pub fn contains(&self, p: Point) -> bool {
        match self {
            Shape::Ellipse {
                centre,
                radii,
                angle,
            } => ellipse_radius(p, *centre, *radii, *angle) <= 1.0,
            Shape::Polygon { points } => point_in_polygon(p, points),
        }
    }

    /// The axis-aligned bounding box.
    pub fn bounds(&self) -> Rect {
        match self {
            Shape::Ellipse {
                centre,
                radii,
                angle,
            } => {
                let (s, c) = angle.sin_cos();
                let hx = ((radii[0] * c).powi(2) + (radii[1] * s).powi(2)).sqrt();
                let hy = ((radii[0] * s).powi(2) + (radii[1] * c).powi(2)).sqrt();
                Rect {
                    min: Point::new(centre.x - hx, centre.y - hy),
                    max: Point::new(centre.x + hx, centre.y + hy),
                }
            }
            Shape::Polygon { points } => {
                let mut r = Rect {
                    min: Point::new(f64::INFINITY, f64::INFINITY),
                    max: Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
                };
                for p in points {
                    r.min.x = r.min.x.min(p.x);
                    r.min.y = r.min.y.min(p.y);
                    r.max.x = r.max.x.max(p.x);
                    r.max.y = r.max.y.max(p.y);
                }
                r
            }
        }
    }
}

/// How far out `q` lies in an ellipse's own units (centre, semi-axes `radii`, turned by
/// `angle` radians): 1 on its edge, below 1 inside.
pub fn ellipse_radius(q: Point, centre: Point, radii: [f64; 2], angle: f64) -> f64 {
    let (dx, dy) = (q.x - centre.x, q.y - centre.y);
    let (s, c) = angle.sin_cos();
    let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
    (u / radii[0].max(1e-9)).hypot(v / radii[1].max(1e-9))
}

fn point_in_polygon(p: Point, poly: &[Point]) -> bool {
    let mut inside = false;
    let n = poly.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (poly[i], poly[j]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipse_contains_its_centre_not_outside() {
        let e = Shape::Ellipse {
            centre: Point::new(10.0, 10.0),
            radii: [5.0, 2.0],
            angle: 0.0,
        };
        assert!(e.contains(Point::new(10.0, 10.0)));
        assert!(e.contains(Point::new(14.9, 10.0)));
        assert!(!e.contains(Point::new(10.0, 12.5)));
        let r = e.bounds();
        assert_eq!((r.min.x, r.max.y), (5.0, 12.0));
    }

    #[test]
    fn polygon_contains() {
        let sq = Shape::Polygon {
            points: vec![
                Point::new(0.0, 0.0),
                Point::new(4.0, 0.0),
                Point::new(4.0, 4.0),
                Point::new(0.0, 4.0),
            ],
        };
        assert!(sq.contains(Point::new(2.0, 2.0)));
        assert!(!sq.contains(Point::new(5.0, 2.0)));
    }

    #[test]
    fn an_alignment_says_why_it_is_not_comparable_and_keeps_the_reasons_on_disk() {
        let mut a = Alignment {
            reference_from_photo: Affine2::IDENTITY,
            method: AlignMethod::Auto,
            score: 0.9,
            comparable: true,
            locked: false,
            reference: None,
            concerns: Vec::new(),
        };
        assert_eq!(a.not_comparable_because(), None);
        a.comparable = false;
        assert_eq!(
            a.not_comparable_because().as_deref(),
            Some("light or pose differ too much from the reference"),
            "a project saved before the reasons were kept"
        );
        a.concerns = vec![Concern::ScaleFarOff { ratio: 0.78 }, Concern::MouthOpen];
        let why = a.not_comparable_because().unwrap();
        assert!(why.contains("0.78×") && why.contains("mouth open"), "{why}");
        let back: Alignment = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back, a);
        // Older files have no `concerns` field at all.
        let old = r#"{"reference_from_photo":[[1,0,0],[0,1,0]],"method":"Auto","score":0.5,"comparable":false}"#;
        let old: Alignment = serde_json::from_str(old).unwrap();
        assert!(old.concerns.is_empty());
    }

    #[test]
    fn prefix_lookup_needs_a_unique_match() {
        let mut p = Project::new("t", Utc::now());
        for id in ["abcd1111", "abcd2222"] {
            p.photos.push(Photo::new(
                id,
                NaiveDate::from_ymd_opt(2026, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
                1,
                1,
            ));
        }
        assert!(p.photo_by_prefix("abcd").is_none());
        assert_eq!(p.photo_by_prefix("abcd2").unwrap().id.0, "abcd2222");
        assert!(p.photo_by_prefix("abc").is_none());
    }
}
