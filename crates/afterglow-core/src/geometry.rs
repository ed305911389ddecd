//! 2-D transforms between pixel frames.
//!
//! Coordinates are those of the photo as displayed (EXIF orientation applied): the centre of the
//! top-left pixel is (0, 0), x to the right, y down. A transform is named `b_from_a`: it maps a
//! point in a's frame to b's, and `c_from_b * b_from_a == c_from_a`.

use std::ops::Mul;

use serde::{Deserialize, Serialize};

/// A point in some pixel frame, serialised as `[x, y]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "[f64; 2]", into = "[f64; 2]")]
pub struct Point {
    /// Horizontal coordinate, growing to the right.
    pub x: f64,
    /// Vertical coordinate, growing downwards (image convention).
    pub y: f64,
}

impl Point {
    /// The point (`x`, `y`).
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// The Euclidean distance to `other`, in the frame's units.
    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

impl From<[f64; 2]> for Point {
    fn from([x, y]: [f64; 2]) -> Self {
        Self { x, y }
    }
}

impl From<Point> for [f64; 2] {
    fn from(p: Point) -> Self {
        [p.x, p.y]
    }
}

/// An affine transform `[[a, b, tx], [c, d, ty]]`: (x, y) ↦ (a·x + b·y + tx, c·x + d·y + ty).
/// Serialised as the 2×3 row-major matrix.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "[[f64; 3]; 2]", into = "[[f64; 3]; 2]")]
pub struct Affine2 {
    /// The 2×3 row-major matrix `[[a, b, tx], [c, d, ty]]`.
    pub m: [[f64; 3]; 2],
}

impl Default for Affine2 {
    fn default() -> Self {
        Self::IDENTITY
    }
}

impl From<[[f64; 3]; 2]> for Affine2 {
    fn from(m: [[f64; 3]; 2]) -> Self {
        Self { m }
    }
}

impl From<Affine2> for [[f64; 3]; 2] {
    fn from(t: Affine2) -> Self {
        t.m
    }
}

impl Affine2 {
    /// The transform that leaves every point where it is.
    pub const IDENTITY: Affine2 = Affine2 {
        m: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
    };

    /// Moves every point by (`tx`, `ty`).
    pub const fn translation(tx: f64, ty: f64) -> Self {
        Self {
            m: [[1.0, 0.0, tx], [0.0, 1.0, ty]],
        }
    }

    /// Uniform scale about the origin (the centre of the top-left pixel).
    pub const fn scale(s: f64) -> Self {
        Self {
            m: [[s, 0.0, 0.0], [0.0, s, 0.0]],
        }
    }

    /// Anisotropic scale about the origin.
    pub const fn scale_xy(sx: f64, sy: f64) -> Self {
        Self {
            m: [[sx, 0.0, 0.0], [0.0, sy, 0.0]],
        }
    }

    /// Rotation by `angle` radians (counter-clockwise on screen is negative because y is down),
    /// uniform `scale`, then a shift.
    pub fn similarity(scale: f64, angle: f64, tx: f64, ty: f64) -> Self {
        let (s, c) = angle.sin_cos();
        Self {
            m: [[scale * c, -scale * s, tx], [scale * s, scale * c, ty]],
        }
    }

    /// A similarity that rotates and scales about `centre`, then shifts by (tx, ty).
    pub fn similarity_about(centre: Point, scale: f64, angle: f64, tx: f64, ty: f64) -> Self {
        Self::translation(centre.x + tx, centre.y + ty)
            * Self::similarity(scale, angle, 0.0, 0.0)
            * Self::translation(-centre.x, -centre.y)
    }

    /// The similarity mapping `from[0] → to[0]` and `from[1] → to[1]` exactly
    /// (e.g. the two eye centres of a photo onto the reference's).
    pub fn similarity_from_two_points(from: [Point; 2], to: [Point; 2]) -> Option<Self> {
        let (fx, fy) = (from[1].x - from[0].x, from[1].y - from[0].y);
        let (gx, gy) = (to[1].x - to[0].x, to[1].y - to[0].y);
        let n = fx * fx + fy * fy;
        if n < 1e-12 || !n.is_finite() {
            return None;
        }
        // Complex division (g / f) gives a + ib = s·e^{iθ}.
        let a = (gx * fx + gy * fy) / n;
        let b = (gy * fx - gx * fy) / n;
        let tx = to[0].x - (a * from[0].x - b * from[0].y);
        let ty = to[0].y - (b * from[0].x + a * from[0].y);
        Some(Self {
            m: [[a, -b, tx], [b, a, ty]],
        })
    }

    /// Least-squares similarity mapping `from[i]` onto `to[i]` (two or more points).
    pub fn similarity_least_squares(from: &[Point], to: &[Point]) -> Option<Self> {
        if from.len() != to.len() || from.len() < 2 {
            return None;
        }
        let n = from.len() as f64;
        let (mut fx, mut fy, mut gx, mut gy) = (0.0, 0.0, 0.0, 0.0);
        for (f, g) in from.iter().zip(to) {
            fx += f.x;
            fy += f.y;
            gx += g.x;
            gy += g.y;
        }
        let (fx, fy, gx, gy) = (fx / n, fy / n, gx / n, gy / n);
        let (mut sxx, mut sab, mut sba) = (0.0, 0.0, 0.0);
        for (f, g) in from.iter().zip(to) {
            let (px, py) = (f.x - fx, f.y - fy);
            let (qx, qy) = (g.x - gx, g.y - gy);
            sxx += px * px + py * py;
            sab += px * qx + py * qy;
            sba += px * qy - py * qx;
        }
        if sxx < 1e-12 {
            return None;
        }
        let a = sab / sxx;
        let b = sba / sxx;
        Some(Self {
            m: [
                [a, -b, gx - (a * fx - b * fy)],
                [b, a, gy - (b * fx + a * fy)],
            ],
        })
    }

    /// Maps the point `p` (linear part and translation).
    pub fn apply(&self, p: Point) -> Point {
        let m = &self.m;
        Point {
            x: m[0][0] * p.x + m[0][1] * p.y + m[0][2],
            y: m[1][0] * p.x + m[1][1] * p.y + m[1][2],
        }
    }

    /// Applies only the linear part (for directions and offsets).
    pub fn apply_vector(&self, v: Point) -> Point {
        let m = &self.m;
        Point {
            x: m[0][0] * v.x + m[0][1] * v.y,
            y: m[1][0] * v.x + m[1][1] * v.y,
        }
    }

    /// The determinant of the linear part: negative for a reflection, its size the area scale.
    pub fn determinant(&self) -> f64 {
        self.m[0][0] * self.m[1][1] - self.m[0][1] * self.m[1][0]
    }

    /// The mean linear scale factor, √|det|.
    pub fn mean_scale(&self) -> f64 {
        self.determinant().abs().sqrt()
    }

    /// The rotation angle of the linear part in radians (exact for similarities). For a
    /// reflection it is φ of `R(φ)·diag(1, −1)`; for how far a mirrored photo is turned, use
    /// [`Affine2::turn`].
    pub fn rotation(&self) -> f64 {
        self.m[1][0].atan2(self.m[0][0])
    }

    /// True when the linear part reflects (determinant below zero): a photo mapped by it is
    /// shown mirrored, as when a front camera saved a selfie the other way round.
    pub fn is_mirrored(&self) -> bool {
        self.determinant() < 0.0
    }

    /// How far the transform turns its source once a left–right mirror of the source is taken
    /// out, in radians: θ of `R(θ)·diag(−1, 1)` for a reflection, [`Affine2::rotation`]
    /// otherwise. This is the tilt a person sees: a mirrored photo held level turns by 0, not by
    /// the half turn `rotation` reads from the negated x axis.
    pub fn turn(&self) -> f64 {
        if self.is_mirrored() {
            (-self.m[1][0]).atan2(-self.m[0][0])
        } else {
            self.rotation()
        }
    }

    /// The left–right mirror of an image `width` pixels wide onto itself (pixel centres at
    /// whole numbers: x ↦ width − 1 − x). Its own inverse.
    pub fn flip_horizontal(width: u32) -> Self {
        Self {
            m: [[-1.0, 0.0, f64::from(width) - 1.0], [0.0, 1.0, 0.0]],
        }
    }

    /// True when every coefficient is finite (no NaN or infinity from a failed fit).
    pub fn is_finite(&self) -> bool {
        self.m.iter().flatten().all(|v| v.is_finite())
    }

    /// The inverse transform, or `None` when the linear part is (nearly) singular.
    pub fn inverse(&self) -> Option<Self> {
        let det = self.determinant();
        if det.abs() < 1e-12 || !det.is_finite() {
            return None;
        }
        let [[a, b, tx], [c, d, ty]] = self.m;
        let (ia, ib, ic, id) = (d / det, -b / det, -c / det, a / det);
        Some(Self {
            m: [
                [ia, ib, -(ia * tx + ib * ty)],
                [ic, id, -(ic * tx + id * ty)],
            ],
        })
    }

    /// Root-mean-square distance between where `self` and `other` send the points of a
    /// `width`×`height` pixel grid (sampled on a 16×16 lattice, corners included).
    pub fn rms_difference(&self, other: &Affine2, width: f64, height: f64) -> f64 {
        const N: usize = 16;
        let mut sum = 0.0;
        for j in 0..N {
            for i in 0..N {
                let p = Point::new(
                    (width - 1.0) * i as f64 / (N - 1) as f64,
                    (height - 1.0) * j as f64 / (N - 1) as f64,
                );
                let d = self.apply(p).distance(other.apply(p));
                sum += d * d;
            }
        }
        (sum / (N * N) as f64).sqrt()
    }

    /// Maximum absolute difference between the matrix entries (for tests).
    pub fn max_abs_diff(&self, other: &Affine2) -> f64 {
        self.m
            .iter()
            .flatten()
            .zip(other.m.iter().flatten())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max)
    }
}

/// `c_from_b * b_from_a == c_from_a`: the right-hand transform is applied first.
impl Mul for Affine2 {
    type Output = Affine2;

    fn mul(self, rhs: Affine2) -> Affine2 {
        let [[a, b, tx], [c, d, ty]] = self.m;
        let [[e, f, ux], [g, h, uy]] = rhs.m;
        Affine2 {
            m: [
                [a * e + b * g, a * f + b * h, a * ux + b * uy + tx],
                [c * e + d * g, c * f + d * h, c * ux + d * uy + ty],
            ],
        }
    }
}

/// Maps pixel coordinates between two resolutions of the same picture, honouring pixel
/// centres: pixel i of an image `from_len` wide covers [i - 0.5, i + 0.5], so the edges map
/// onto each other and `x_to = (x_from + 0.5)·s − 0.5`.
pub fn resample_from(to_w: u32, to_h: u32, from_w: u32, from_h: u32) -> Affine2 {
    let sx = to_w as f64 / from_w as f64;
    let sy = to_h as f64 / from_h as f64;
    Affine2 {
        m: [[sx, 0.0, 0.5 * sx - 0.5], [0.0, sy, 0.5 * sy - 0.5]],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: Point, b: Point) -> bool {
        a.distance(b) < 1e-9 * (1.0 + a.x.abs() + a.y.abs())
    }

    #[test]
    fn a_mirrored_similarity_is_mirrored_and_turns_by_its_own_angle() {
        let flip = Affine2::flip_horizontal(101);
        assert!(flip.is_mirrored());
        assert!((flip * flip).max_abs_diff(&Affine2::IDENTITY) < 1e-12);
        assert!(close(
            flip.apply(Point::new(0.0, 7.0)),
            Point::new(100.0, 7.0)
        ));
        for degrees in [-40.0f64, -3.0, 0.0, 12.0, 170.0] {
            let turned = Affine2::similarity(1.3, degrees.to_radians(), 5.0, -2.0);
            assert!(!turned.is_mirrored());
            assert!((turned.turn() - turned.rotation()).abs() < 1e-12);
            let mirrored = turned * flip;
            assert!(mirrored.is_mirrored());
            assert!(
                (mirrored.turn().to_degrees() - degrees).abs() < 1e-9,
                "{degrees}° → {}",
                mirrored.turn().to_degrees()
            );
        }
    }

    #[test]
    fn similarity_rotates_y_down() {
        // A quarter turn maps the x axis onto the y axis (down on screen).
        let t = Affine2::similarity(1.0, std::f64::consts::FRAC_PI_2, 0.0, 0.0);
        assert!(close(t.apply(Point::new(1.0, 0.0)), Point::new(0.0, 1.0)));
    }

    #[test]
    fn two_points_map_exactly() {
        let from = [Point::new(10.0, 20.0), Point::new(50.0, 22.0)];
        let to = [Point::new(100.0, 80.0), Point::new(180.0, 60.0)];
        let t = Affine2::similarity_from_two_points(from, to).unwrap();
        assert!(close(t.apply(from[0]), to[0]));
        assert!(close(t.apply(from[1]), to[1]));
        assert!(Affine2::similarity_from_two_points([from[0], from[0]], to).is_none());
    }

    #[test]
    fn least_squares_recovers_exact_similarity() {
        let t = Affine2::similarity(1.3, 0.2, 5.0, -7.0);
        let from: Vec<Point> = [(0.0, 0.0), (10.0, 3.0), (-4.0, 8.0)]
            .iter()
            .map(|&(x, y)| Point::new(x, y))
            .collect();
        let to: Vec<Point> = from.iter().map(|&p| t.apply(p)).collect();
        let fit = Affine2::similarity_least_squares(&from, &to).unwrap();
        assert!(fit.max_abs_diff(&t) < 1e-9);
    }

    #[test]
    fn resample_maps_edges_onto_edges() {
        let t = resample_from(100, 50, 200, 100);
        assert!(close(
            t.apply(Point::new(-0.5, -0.5)),
            Point::new(-0.5, -0.5)
        ));
        assert!(close(
            t.apply(Point::new(199.5, 99.5)),
            Point::new(99.5, 49.5)
        ));
    }

    #[test]
    fn serialises_as_rows() {
        let t = Affine2::similarity(2.0, 0.0, 3.0, 4.0);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "[[2.0,-0.0,3.0],[0.0,2.0,4.0]]"
        );
    }

    fn similarity() -> impl Strategy<Value = Affine2> {
        (0.2f64..5.0, -3.2f64..3.2, -1e3f64..1e3, -1e3f64..1e3)
            .prop_map(|(s, a, tx, ty)| Affine2::similarity(s, a, tx, ty))
    }

    fn affine() -> impl Strategy<Value = Affine2> {
        prop::array::uniform6(-10.0f64..10.0)
            .prop_filter("invertible", |v| (v[0] * v[4] - v[1] * v[3]).abs() > 0.1)
            .prop_map(|v| Affine2 {
                m: [[v[0], v[1], v[2] * 100.0], [v[3], v[4], v[5] * 100.0]],
            })
    }

    proptest! {
        #[test]
        fn inverse_composed_is_identity(t in affine(), x in -1e3f64..1e3, y in -1e3f64..1e3) {
            let inv = t.inverse().unwrap();
            let p = Point::new(x, y);
            let back = inv.apply(t.apply(p));
            prop_assert!(back.distance(p) < 1e-6, "{back:?} != {p:?}");
            prop_assert!((t * inv).max_abs_diff(&Affine2::IDENTITY) < 1e-6);
        }

        #[test]
        fn composition_is_associative(a in affine(), b in affine(), c in affine()) {
            let left = (a * b) * c;
            let right = a * (b * c);
            let scale = 1.0 + left.m.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
            prop_assert!(left.max_abs_diff(&right) < 1e-9 * scale);
        }

        #[test]
        fn composition_applies_right_first(a in similarity(), b in similarity(), x in -1e3f64..1e3, y in -1e3f64..1e3) {
            let p = Point::new(x, y);
            let q = (a * b).apply(p);
            let r = a.apply(b.apply(p));
            prop_assert!(q.distance(r) < 1e-6);
        }

        #[test]
        fn similarity_keeps_scale_and_angle(s in 0.2f64..5.0, ang in -3.0f64..3.0) {
            let t = Affine2::similarity(s, ang, 1.0, 2.0);
            prop_assert!((t.mean_scale() - s).abs() < 1e-9);
            prop_assert!((t.rotation() - ang).abs() < 1e-9);
        }
    }
}
