//! Painting in a pane: a photo's preview as a textured quad placed by its alignment (the GPU
//! does the warping), the heat map, the grid, the legend and the pane's caption.

use egui::epaint::Vertex;
use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, TextureId, Vec2};

use afterglow_core::geometry::{Affine2, Point, resample_from};
use afterglow_core::reference_frame::ReferenceFrame;

use super::heat_map::heat_colour;
use super::view::to_pos;

/// A textured quad whose corners are the texture's corners mapped by `screen_from_texture`
/// (texture pixel centres at integer coordinates, so the edges are at −0.5 and size − 0.5).
pub fn textured_quad(
    texture: TextureId,
    size: Vec2,
    screen_from_texture: &Affine2,
    tint: Color32,
) -> Mesh {
    let (w, h) = (f64::from(size.x), f64::from(size.y));
    let corners = [
        (Point::new(-0.5, -0.5), Pos2::new(0.0, 0.0)),
        (Point::new(w - 0.5, -0.5), Pos2::new(1.0, 0.0)),
        (Point::new(w - 0.5, h - 0.5), Pos2::new(1.0, 1.0)),
        (Point::new(-0.5, h - 0.5), Pos2::new(0.0, 1.0)),
    ];
    let mut mesh = Mesh::with_texture(texture);
    for (p, uv) in corners {
        mesh.vertices.push(Vertex {
            pos: to_pos(screen_from_texture.apply(p)),
            uv,
            color: tint,
        });
    }
    mesh.indices.extend_from_slice(&[0, 1, 2, 0, 2, 3]);
    mesh
}

/// `screen_from_preview` of a photo: screen ← frame ← reference ← photo ← preview.
pub fn screen_from_preview(
    screen_from_frame: &Affine2,
    frame: &ReferenceFrame,
    reference_from_photo: &Affine2,
    photo_size: (u32, u32),
    preview_size: Vec2,
) -> Affine2 {
    let photo_from_preview = resample_from(
        photo_size.0,
        photo_size.1,
        preview_size.x as u32,
        preview_size.y as u32,
    );
    *screen_from_frame * frame.frame_from_reference * *reference_from_photo * photo_from_preview
}

/// Faint lines over the frame, the same skin in every pane: 8 columns of square cells, and the
/// centre lines a little stronger.
pub fn grid(painter: &Painter, screen_from_frame: &Affine2, frame: &ReferenceFrame) {
    let (w, h) = (f64::from(frame.width), f64::from(frame.height));
    let cell = w / 8.0;
    let thin = Stroke::new(1.0, Color32::from_white_alpha(60));
    let strong = Stroke::new(1.5, Color32::from_white_alpha(110));
    let line = |a: Point, b: Point, s: Stroke| {
        painter.line_segment(
            [
                to_pos(screen_from_frame.apply(a)),
                to_pos(screen_from_frame.apply(b)),
            ],
            s,
        );
    };
    let mut x = 0.0;
    while x <= w {
        line(
            Point::new(x - 0.5, -0.5),
            Point::new(x - 0.5, h - 0.5),
            thin,
        );
        x += cell;
    }
    let mut y = 0.0;
    while y <= h {
        line(
            Point::new(-0.5, y - 0.5),
            Point::new(w - 0.5, y - 0.5),
            thin,
        );
        y += cell;
    }
    line(
        Point::new(w / 2.0 - 0.5, -0.5),
        Point::new(w / 2.0 - 0.5, h - 0.5),
        strong,
    );
    line(
        Point::new(-0.5, h / 2.0 - 0.5),
        Point::new(w - 0.5, h / 2.0 - 0.5),
        strong,
    );
}

/// A caption in the pane's top-left corner, with an optional warning under it.
pub fn caption(painter: &Painter, rect: Rect, text: &str, warning: Option<&str>, active: bool) {
    let font = FontId::proportional(14.0);
    let pos = rect.left_top() + Vec2::new(8.0, 8.0);
    let galley = painter.layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE);
    let bg = Rect::from_min_size(pos - Vec2::splat(4.0), galley.size() + Vec2::splat(8.0));
    let fill = if active {
        Color32::from_rgba_unmultiplied(30, 70, 120, 220)
    } else {
        Color32::from_black_alpha(170)
    };
    painter.rect_filled(bg, 4.0, fill);
    painter.galley(pos, galley, Color32::WHITE);
    if let Some(w) = warning {
        let pos = Pos2::new(pos.x, bg.max.y + 6.0);
        let galley = painter.layout_no_wrap(w.to_owned(), font, Color32::BLACK);
        let bg = Rect::from_min_size(pos - Vec2::splat(4.0), galley.size() + Vec2::splat(8.0));
        painter.rect_filled(bg, 4.0, Color32::from_rgb(250, 200, 80));
        painter.galley(pos, galley, Color32::BLACK);
    }
}

/// A message in the middle of an empty or loading pane.
pub fn centred_note(painter: &Painter, rect: Rect, text: &str) {
    // Wrapped to the pane, centred line by line: a narrow pane still shows all of it.
    let mut job = egui::text::LayoutJob::simple(
        text.to_owned(),
        FontId::proportional(15.0),
        Color32::from_gray(170),
        (rect.width() - 24.0).max(40.0),
    );
    job.halign = egui::Align::Center;
    let galley = painter.layout_job(job);
    let top_centre = rect.center() - egui::vec2(0.0, galley.size().y / 2.0);
    painter.galley(top_centre, galley, Color32::from_gray(170));
}

/// How the two photos of a redness map were brought to the same colours, and whether that
/// needs a warning (one photo calibrated by its patch, the other not).
pub fn calibration_note(before_patch: bool, after_patch: bool) -> (&'static str, bool) {
    match (before_patch, after_patch) {
        (true, true) => ("Colours matched by both photos' neutral patches", false),
        (false, false) => (
            "Colours matched through the surroundings (no neutral patch)",
            false,
        ),
        _ => (
            "Only one photo has a neutral patch: a difference may be the light",
            true,
        ),
    }
}

/// The heat map's colour scale: blue (less red) through clear to red (redder), with values,
/// and how the pair's colours were matched (`calibration_note`).
pub fn legend(painter: &Painter, rect: Rect, range: f32, noise: f32, note: (&str, bool)) {
    let bar = Rect::from_min_size(
        Pos2::new(rect.left() + 16.0, rect.bottom() - 70.0),
        Vec2::new(320.0, 14.0),
    );
    let panel = bar
        .expand2(Vec2::new(10.0, 32.0))
        .translate(Vec2::new(0.0, 10.0));
    painter.rect_filled(panel, 6.0, Color32::from_black_alpha(190));
    let steps = 64;
    let mut mesh = Mesh::default();
    for i in 0..=steps {
        let t = i as f32 / steps as f32;
        let d = (t * 2.0 - 1.0) * range;
        // Show the colour as it looks over mid grey skin.
        let c = over_grey(heat_colour(d, range, noise));
        let x = bar.left() + t * bar.width();
        let base = mesh.vertices.len() as u32;
        mesh.colored_vertex(Pos2::new(x, bar.top()), c);
        mesh.colored_vertex(Pos2::new(x, bar.bottom()), c);
        if i > 0 {
            mesh.add_triangle(base - 2, base - 1, base);
            mesh.add_triangle(base - 1, base, base + 1);
        }
    }
    painter.add(Shape::mesh(mesh));
    let font = FontId::proportional(12.0);
    let white = Color32::WHITE;
    painter.text(
        bar.left_top() - Vec2::new(0.0, 4.0),
        Align2::LEFT_BOTTOM,
        "Change in redness (Δa*)",
        font.clone(),
        white,
    );
    painter.text(
        bar.left_bottom() + Vec2::new(0.0, 3.0),
        Align2::LEFT_TOP,
        format!("−{range:.0} less red"),
        font.clone(),
        white,
    );
    painter.text(
        bar.center_bottom() + Vec2::new(0.0, 3.0),
        Align2::CENTER_TOP,
        if noise > 0.0 {
            format!("±{noise:.1} within noise")
        } else {
            "0".to_owned()
        },
        font.clone(),
        white,
    );
    painter.text(
        bar.right_bottom() + Vec2::new(0.0, 3.0),
        Align2::RIGHT_TOP,
        format!("+{range:.0} redder"),
        font.clone(),
        white,
    );
    // How the two photos' colours were brought together (as the measurements do).
    let (text, warn) = note;
    painter.text(
        bar.left_bottom() + Vec2::new(0.0, 20.0),
        Align2::LEFT_TOP,
        text,
        font,
        if warn {
            Color32::from_rgb(250, 190, 80)
        } else {
            Color32::from_gray(190)
        },
    );
}

fn over_grey(c: Color32) -> Color32 {
    let a = f32::from(c.a()) / 255.0;
    let mix = |v: u8| (f32::from(v) + 128.0 * (1.0 - a)) as u8;
    // `c` is premultiplied: add the grey that shows through.
    Color32::from_rgb(mix(c.r()), mix(c.g()), mix(c.b()))
}

/// A small cross where an eye was marked.
pub fn eye_mark(painter: &Painter, at: Pos2, colour: Color32) {
    let s = Stroke::new(2.0, colour);
    painter.circle_stroke(at, 9.0, s);
    painter.line_segment([at - Vec2::new(14.0, 0.0), at + Vec2::new(14.0, 0.0)], s);
    painter.line_segment([at - Vec2::new(0.0, 14.0), at + Vec2::new(0.0, 14.0)], s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_with_one_patch_is_warned_about() {
        assert!(!calibration_note(true, true).1);
        assert!(!calibration_note(false, false).1);
        assert!(calibration_note(true, false).1 && calibration_note(false, true).1);
        assert!(calibration_note(false, true).0.contains("Only one photo"));
    }
}
