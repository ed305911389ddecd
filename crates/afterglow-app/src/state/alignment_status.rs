//! How a photo is placed on the reference for display, and what the user should be told about
//! it ("not aligned", "alignment poor", …).

use afterglow_core::geometry::Affine2;
use afterglow_core::project::{AlignMethod, Photo, Project};

/// Below this correlation an automatic alignment is flagged as poor.
pub const POOR_SCORE: f64 = 0.6;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AlignStatus {
    /// The photo is the reference itself.
    Reference,
    Aligned {
        method: AlignMethod,
        score: f64,
        locked: bool,
        comparable: bool,
    },
    /// Aligned, but to a photo that is no longer the reference.
    Stale,
    NotAligned,
}

impl AlignStatus {
    pub fn of(project: &Project, photo: &Photo) -> Self {
        Self::against(project.reference_of(photo), photo)
    }

    /// The status of `photo` given the project's reference (found once for many photos).
    pub fn against(reference: Option<&Photo>, photo: &Photo) -> Self {
        if reference.is_some_and(|r| r.id == photo.id) {
            return AlignStatus::Reference;
        }
        match &photo.alignment {
            None => AlignStatus::NotAligned,
            Some(a)
                if a.reference.is_some() && a.reference.as_ref() != reference.map(|r| &r.id) =>
            {
                AlignStatus::Stale
            }
            Some(a) => AlignStatus::Aligned {
                method: a.method,
                score: a.score,
                locked: a.locked,
                comparable: a.comparable,
            },
        }
    }

    /// Whether the photo lies on the reference (so regions and comparisons mean something).
    pub fn is_aligned(self) -> bool {
        matches!(self, AlignStatus::Reference | AlignStatus::Aligned { .. })
    }

    /// A warning for the user, or `None` when all is well.
    pub fn warning(self) -> Option<&'static str> {
        match self {
            AlignStatus::Reference => None,
            AlignStatus::NotAligned => Some("not aligned"),
            AlignStatus::Stale => Some("aligned to an older reference"),
            AlignStatus::Aligned {
                comparable: false, ..
            } => Some("not comparable"),
            AlignStatus::Aligned {
                method: AlignMethod::Auto,
                score,
                ..
            } if score < POOR_SCORE => Some("alignment poor"),
            AlignStatus::Aligned { .. } => None,
        }
    }

    /// One line for the details panel.
    pub fn describe(self) -> String {
        match self {
            AlignStatus::Reference => "This is the reference: every photo is aligned to it.".into(),
            AlignStatus::NotAligned => {
                "Not aligned yet: shown scaled to the reference only.".into()
            }
            AlignStatus::Stale => {
                "Aligned to a photo that is no longer the reference; align it again.".into()
            }
            AlignStatus::Aligned { method, locked, .. } => {
                // No "match %": the correlation reads near 100 % for nearly every photo and
                // says nothing the verdict below does not.
                let how = match method {
                    AlignMethod::Auto => "Aligned automatically".to_owned(),
                    AlignMethod::Landmarks => "Aligned by the eyes marked by hand".to_owned(),
                    AlignMethod::Manual => "Aligned by hand".to_owned(),
                };
                let lock = if locked { " · locked" } else { "" };
                format!("{how}{lock}.")
            }
        }
    }
}

/// `reference_from_photo` for display: the photo's alignment when it is current, otherwise the
/// photo scaled (uniformly, centred) onto the reference's size so it still shows in place.
pub fn display_reference_from_photo(project: &Project, photo: &Photo) -> Affine2 {
    let status = AlignStatus::of(project, photo);
    match (status, &photo.alignment) {
        (AlignStatus::Reference, _) => Affine2::IDENTITY,
        (AlignStatus::Aligned { .. }, Some(a)) if a.reference_from_photo.inverse().is_some() => {
            a.reference_from_photo
        }
        _ => unaligned_reference_from_photo(project, photo),
    }
}

/// The photo scaled to fit the reference, centred: the best guess without an alignment.
pub fn unaligned_reference_from_photo(project: &Project, photo: &Photo) -> Affine2 {
    let Some(reference) = project.reference_of(photo) else {
        return Affine2::IDENTITY;
    };
    let (rw, rh) = (f64::from(reference.width), f64::from(reference.height));
    let (pw, ph) = (
        f64::from(photo.width.max(1)),
        f64::from(photo.height.max(1)),
    );
    let s = (rw / pw).min(rh / ph);
    // Map the photo's centre onto the reference's centre (pixel centres at integers).
    let tx = (rw - 1.0) / 2.0 - s * (pw - 1.0) / 2.0;
    let ty = (rh - 1.0) / 2.0 - s * (ph - 1.0) / 2.0;
    Affine2::similarity(s, 0.0, tx, ty)
}
