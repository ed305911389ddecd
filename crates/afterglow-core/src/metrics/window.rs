//! Windows of the reference frame, and which of their pixels a region covers.
//!
//! A region is measured inside a window: its bounding box in the frame plus a margin (the
//! texture filter needs the skin around it). Keeping work to windows rather than the whole
//! frame is what makes measuring a project fast.

use crate::geometry::Point;
use crate::project::Shape;
use crate::reference_frame::ReferenceFrame;

/// A rectangle of frame pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameWindow {
    /// Left edge in frame pixels.
    pub x0: u32,
    /// Top edge in frame pixels.
    pub y0: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl FrameWindow {
    /// The whole frame.
    pub fn whole(frame: &ReferenceFrame) -> Self {
        Self {
            x0: 0,
            y0: 0,
            width: frame.width,
            height: frame.height,
        }
    }

    /// Pixels in the window.
    pub fn len(&self) -> usize {
        self.width as usize * self.height as usize
    }

    /// True when the window holds no pixel.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The window around `shape` (in reference coordinates) with `margin` frame pixels on
    /// every side, clipped to the frame; `None` when the shape lies outside the frame.
    pub fn around(shape: &Shape, frame: &ReferenceFrame, margin: u32) -> Option<Self> {
        let b = shape.bounds();
        let t = frame.frame_from_reference;
        let (p, q) = (t.apply(b.min), t.apply(b.max));
        let m = f64::from(margin);
        let x0 = (p.x.min(q.x) - m).floor().max(0.0);
        let y0 = (p.y.min(q.y) - m).floor().max(0.0);
        let x1 = (p.x.max(q.x) + m).ceil().min(f64::from(frame.width) - 1.0);
        let y1 = (p.y.max(q.y) + m).ceil().min(f64::from(frame.height) - 1.0);
        if !(x0 <= x1 && y0 <= y1 && x0.is_finite() && y0.is_finite()) {
            return None;
        }
        Some(Self {
            x0: x0 as u32,
            y0: y0 as u32,
            width: (x1 - x0) as u32 + 1,
            height: (y1 - y0) as u32 + 1,
        })
    }
}

/// For each pixel of `window` (row by row), whether its centre lies inside `shape`.
pub fn shape_mask(shape: &Shape, frame: &ReferenceFrame, window: &FrameWindow) -> Vec<bool> {
    let reference_from_frame = frame.reference_from_frame();
    let mut mask = Vec::with_capacity(window.len());
    for y in 0..window.height {
        for x in 0..window.width {
            let q = Point::new(f64::from(window.x0 + x), f64::from(window.y0 + y));
            mask.push(shape.contains(reference_from_frame.apply(q)));
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_covers_the_shape_plus_margin_and_stays_in_the_frame() {
        let frame = ReferenceFrame::with_long_side(400, 200, 200);
        // An ellipse at (100, 100) reference px with radii 20 → (49.75, 49.75) frame px, radii 10.
        let shape = Shape::Ellipse {
            centre: Point::new(100.0, 100.0),
            radii: [20.0, 20.0],
            angle: 0.0,
        };
        let w = FrameWindow::around(&shape, &frame, 3).unwrap();
        assert_eq!((w.x0, w.y0), (36, 36));
        assert_eq!((w.width, w.height), (28, 28));
        let mask = shape_mask(&shape, &frame, &w);
        let inside = mask.iter().filter(|&&m| m).count() as f64;
        let expected = std::f64::consts::PI * 10.0 * 10.0;
        assert!((inside - expected).abs() < 0.1 * expected, "{inside}");
        let edge = Shape::Ellipse {
            centre: Point::new(0.0, 0.0),
            radii: [20.0, 20.0],
            angle: 0.0,
        };
        let w = FrameWindow::around(&edge, &frame, 3).unwrap();
        assert_eq!((w.x0, w.y0), (0, 0));
        let far = Shape::Ellipse {
            centre: Point::new(-500.0, 0.0),
            radii: [20.0, 20.0],
            angle: 0.0,
        };
        assert!(FrameWindow::around(&far, &frame, 3).is_none());
    }
}
