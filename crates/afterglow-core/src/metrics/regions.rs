//! Default regions (left cheek, right cheek, forehead, chin) placed from a face box in
//! reference coordinates.
//!
//! "Left cheek" is the person's left, which appears on the right of an unmirrored photo;
//! the names say both so nobody has to guess.

use crate::geometry::Point;
use crate::project::{Concern, Rect, Region, RegionId, Shape, View};

/// The four regions every project starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DefaultRegion {
    /// The person's own left cheek (on the image's right in an unmirrored photo).
    LeftCheek,
    /// The person's own right cheek.
    RightCheek,
    /// The forehead.
    Forehead,
    /// The chin.
    Chin,
}

impl DefaultRegion {
    /// The four, in the order they are placed and listed.
    pub const ALL: [DefaultRegion; 4] = [
        DefaultRegion::LeftCheek,
        DefaultRegion::RightCheek,
        DefaultRegion::Forehead,
        DefaultRegion::Chin,
    ];

    /// The region's name as stored in the project.
    pub fn name(self) -> &'static str {
        match self {
            DefaultRegion::LeftCheek => "Left cheek (right side of photo)",
            DefaultRegion::RightCheek => "Right cheek (left side of photo)",
            DefaultRegion::Forehead => "Forehead",
            DefaultRegion::Chin => "Chin",
        }
    }

    /// Which default a region name is, if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// True for the two cheeks.
    pub fn is_cheek(self) -> bool {
        matches!(self, DefaultRegion::LeftCheek | DefaultRegion::RightCheek)
    }

    /// Ellipse centre (fractions of the face box, x from the photo's left, y from the top)
    /// and semi-axes (fractions of the box's width and height).
    fn layout(self) -> ([f64; 2], [f64; 2]) {
        match self {
            // On the photo's right: the person's left.
            DefaultRegion::LeftCheek => ([0.75, 0.57], [0.10, 0.07]),
            DefaultRegion::RightCheek => ([0.25, 0.57], [0.10, 0.07]),
            DefaultRegion::Forehead => ([0.50, 0.22], [0.18, 0.05]),
            DefaultRegion::Chin => ([0.50, 0.90], [0.11, 0.045]),
        }
    }
}

/// Whether `concern` spoils the comparison in `region`. A smile or an open mouth moves the
/// cheeks and the chin but not the forehead; everything else (a turned head, another light, a
/// misalignment) spoils every region, and so does any concern in a region of the user's own,
/// whose place on the face is not known.
pub fn concern_spoils(concern: &Concern, region: &Region) -> bool {
    match concern {
        Concern::Smiling | Concern::MouthOpen => {
            DefaultRegion::from_name(&region.name) != Some(DefaultRegion::Forehead)
        }
        c => !c.is_advice_only(),
    }
}

/// The face box convention: from the hairline to the bottom of the chin, and from cheek to
/// cheek, with the eye centres at [`EYE_LINE`] of its height and [`EYE_SPAN`] of its width
/// apart. Typical adult proportions: eye centres ~62 mm apart, ~75 mm below the hairline and
/// ~115 mm above the bottom of the chin.
pub const EYE_LINE: f64 = 0.39;
/// Eye centres are this share of the face box's width apart.
pub const EYE_SPAN: f64 = 0.40;
/// The face box's height over its width.
pub const FACE_ASPECT: f64 = 1.22;

/// A face box, possibly tilted: `origin` is its top-left corner, `across` runs along its top
/// edge (its length is the width), `down` along its left edge (its length is the height).
#[derive(Clone, Copy, Debug, PartialEq)]
struct FaceFrame {
    origin: Point,
    across: Point,
    down: Point,
}

impl FaceFrame {
    fn point(&self, fx: f64, fy: f64) -> Point {
        Point::new(
            self.origin.x + fx * self.across.x + fy * self.down.x,
            self.origin.y + fx * self.across.y + fy * self.down.y,
        )
    }

    fn width(&self) -> f64 {
        self.across.x.hypot(self.across.y)
    }

    fn height(&self) -> f64 {
        self.down.x.hypot(self.down.y)
    }

    fn angle(&self) -> f64 {
        self.across.y.atan2(self.across.x)
    }
}

/// The four default regions inside `face` (reference coordinates, upright face), numbered
/// from `first_id`.
pub fn default_regions(face: &Rect, first_id: RegionId) -> Vec<Region> {
    let frame = FaceFrame {
        origin: Point::new(face.min.x.min(face.max.x), face.min.y.min(face.max.y)),
        across: Point::new((face.max.x - face.min.x).abs(), 0.0),
        down: Point::new(0.0, (face.max.y - face.min.y).abs()),
    };
    regions_in(&frame, first_id)
}

/// The face box implied by the eye centres (upright face).
pub fn face_box_from_eyes(eyes: [Point; 2]) -> Rect {
    let frame = face_frame_from_eyes(eyes);
    let (w, h) = (frame.width(), frame.height());
    let mid = Point::new((eyes[0].x + eyes[1].x) / 2.0, (eyes[0].y + eyes[1].y) / 2.0);
    Rect {
        min: Point::new(mid.x - w / 2.0, mid.y - EYE_LINE * h),
        max: Point::new(mid.x + w / 2.0, mid.y + (1.0 - EYE_LINE) * h),
    }
}

/// The four default regions placed from the eye centres; a tilted head tilts the regions.
pub fn default_regions_from_eyes(eyes: [Point; 2], first_id: RegionId) -> Vec<Region> {
    regions_in(&face_frame_from_eyes(eyes), first_id)
}

fn face_frame_from_eyes(eyes: [Point; 2]) -> FaceFrame {
    // Order the eyes left to right on screen, whatever order they were marked in.
    let (l, r) = if eyes[0].x <= eyes[1].x {
        (eyes[0], eyes[1])
    } else {
        (eyes[1], eyes[0])
    };
    let (dx, dy) = (r.x - l.x, r.y - l.y);
    let span = dx.hypot(dy).max(1e-9);
    let (ux, uy) = (dx / span, dy / span);
    let width = span / EYE_SPAN;
    let height = width * FACE_ASPECT;
    let across = Point::new(ux * width, uy * width);
    // Perpendicular to the eye line, pointing down the face (y grows downwards).
    let down = Point::new(-uy * height, ux * height);
    let mid = Point::new((l.x + r.x) / 2.0, (l.y + r.y) / 2.0);
    let origin = Point::new(
        mid.x - 0.5 * across.x - EYE_LINE * down.x,
        mid.y - 0.5 * across.y - EYE_LINE * down.y,
    );
    FaceFrame {
        origin,
        across,
        down,
    }
}

fn regions_in(frame: &FaceFrame, first_id: RegionId) -> Vec<Region> {
    DefaultRegion::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let ([cx, cy], [rx, ry]) = d.layout();
            Region {
                id: RegionId(first_id.0 + i as u32),
                name: d.name().to_owned(),
                shape: Shape::Ellipse {
                    centre: frame.point(cx, cy),
                    radii: [rx * frame.width(), ry * frame.height()],
                    angle: frame.angle(),
                },
                view: View::Front,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_smile_spoils_cheeks_and_chin_but_not_the_forehead() {
        let regions = default_regions_from_eyes(
            [Point::new(100.0, 100.0), Point::new(200.0, 100.0)],
            RegionId(1),
        );
        let spoilt =
            |c: Concern| -> Vec<bool> { regions.iter().map(|r| concern_spoils(&c, r)).collect() };
        // The order of `DefaultRegion::ALL`: left cheek, right cheek, forehead, chin.
        assert_eq!(spoilt(Concern::Smiling), [true, true, false, true]);
        assert_eq!(spoilt(Concern::MouthOpen), [true, true, false, true]);
        let turned = Concern::HeadTurned {
            yaw: 20.0,
            pitch: 0.0,
        };
        assert_eq!(spoilt(turned), [true; 4]);
        let mut custom = regions[2].clone();
        custom.name = "Scar".to_owned();
        assert!(concern_spoils(&Concern::Smiling, &custom));
    }
    use super::*;

    fn centre(r: &Region) -> Point {
        match r.shape {
            Shape::Ellipse { centre, .. } => centre,
            Shape::Polygon { .. } => unreachable!(),
        }
    }

    #[test]
    fn the_persons_left_cheek_is_on_the_right_of_the_photo() {
        let face = Rect {
            min: Point::new(100.0, 100.0),
            max: Point::new(300.0, 344.0),
        };
        let rs = default_regions(&face, RegionId(5));
        assert_eq!(rs.iter().map(|r| r.id.0).collect::<Vec<_>>(), [5, 6, 7, 8]);
        let left = rs
            .iter()
            .find(|r| r.name == DefaultRegion::LeftCheek.name())
            .unwrap();
        let right = rs
            .iter()
            .find(|r| r.name == DefaultRegion::RightCheek.name())
            .unwrap();
        assert!(centre(left).x > 200.0 && centre(right).x < 200.0);
        let forehead = &rs[2];
        let chin = &rs[3];
        assert!(centre(forehead).y < centre(left).y && centre(left).y < centre(chin).y);
        for r in &rs {
            let b = r.shape.bounds();
            assert!(b.min.x >= face.min.x && b.max.x <= face.max.x);
            assert!(b.min.y >= face.min.y && b.max.y <= face.max.y);
        }
        assert_eq!(
            DefaultRegion::from_name(&left.name),
            Some(DefaultRegion::LeftCheek)
        );
    }

    #[test]
    fn eyes_place_the_same_regions_as_the_box_they_imply() {
        let eyes = [Point::new(160.0, 200.0), Point::new(240.0, 200.0)];
        let face = face_box_from_eyes(eyes);
        assert!((face.max.x - face.min.x - 200.0).abs() < 1e-9);
        let a = default_regions(&face, RegionId(1));
        let b = default_regions_from_eyes([eyes[1], eyes[0]], RegionId(1));
        for (ra, rb) in a.iter().zip(&b) {
            assert!(centre(ra).distance(centre(rb)) < 1e-9, "{ra:?} vs {rb:?}");
        }
    }

    #[test]
    fn a_tilted_head_tilts_the_regions() {
        let eyes = [Point::new(100.0, 100.0), Point::new(180.0, 140.0)];
        let rs = default_regions_from_eyes(eyes, RegionId(1));
        let chin = centre(&rs[3]);
        let forehead = centre(&rs[2]);
        // The chin lies below the forehead, shifted against the tilt (to the left).
        assert!(chin.y > forehead.y && chin.x < forehead.x);
        if let Shape::Ellipse { angle, .. } = rs[0].shape {
            assert!((angle - 0.5f64.atan()).abs() < 1e-9);
        }
    }
}
