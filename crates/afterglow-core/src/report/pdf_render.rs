//! Turns laid-out pages into a PDF with krilla. The document's metadata holds only the title
//! and the creation date: no producer, author, software or file names.

use chrono::{Datelike, NaiveDateTime, Timelike};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::ReportError;
use super::canvas::{Op, Page, Rgb, Weight};
use super::fonts::{BOLD, REGULAR};

pub fn render(
    pages: &[Page],
    (width, height): (f32, f32),
    title: &str,
    created: NaiveDateTime,
) -> Result<Vec<u8>, ReportError> {
    let settings = krilla::SerializeSettings {
        // The XMP packet would repeat the metadata and add tool fields; the Info dictionary
        // with title and date is all we publish.
        xmp_metadata: false,
        ..Default::default()
    };
    let mut document = Document::new_with(settings);
    let font = |data: &'static [u8]| {
        Font::new(data.to_vec().into(), 0)
            .ok_or_else(|| ReportError::Font("cannot load the report font".into()))
    };
    let regular = font(REGULAR)?;
    let bold = font(BOLD)?;
    let page_settings = PageSettings::from_wh(width, height)
        .ok_or_else(|| ReportError::Pdf("invalid page size".into()))?;
    for page in pages {
        let mut p = document.start_page_with(page_settings.clone());
        let mut surface = p.surface();
        for op in &page.ops {
            draw(&mut surface, op, &regular, &bold)?;
        }
        surface.finish();
        p.finish();
    }
    let date = DateTime::new(created.year().clamp(0, 9999) as u16)
        .month(created.month() as u8)
        .day(created.day() as u8)
        .hour(created.hour() as u8)
        .minute(created.minute() as u8)
        .second(created.second() as u8);
    document.set_metadata(Metadata::new().title(title.to_owned()).creation_date(date));
    document
        .finish()
        .map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c[0], c[1], c[2])
}

fn fill(c: Rgb, opacity: f32) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::new(opacity.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
        rule: Default::default(),
    }
}

fn draw(
    surface: &mut Surface<'_>,
    op: &Op,
    regular: &Font,
    bold: &Font,
) -> Result<(), ReportError> {
    match op {
        Op::Text {
            x,
            y,
            size,
            weight,
            color: c,
            text,
        } => {
            surface.set_fill(Some(fill(*c, 1.0)));
            surface.set_stroke(None);
            let font = match weight {
                Weight::Regular => regular.clone(),
                Weight::Bold => bold.clone(),
            };
            surface.draw_text(
                Point::from_xy(*x, *y),
                font,
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            fill: f,
            stroke,
            opacity,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                return Ok(());
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                surface.set_fill(f.map(|c| fill(c, *opacity)));
                surface.set_stroke(stroke.map(|(c, width)| Stroke {
                    paint: color(c).into(),
                    width,
                    ..Default::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Line {
            points,
            color: c,
            width,
            dashed,
        } => {
            if points.len() < 2 {
                return Ok(());
            }
            let mut pb = PathBuilder::new();
            pb.move_to(points[0].0, points[0].1);
            for &(x, y) in &points[1..] {
                pb.line_to(x, y);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(*c).into(),
                    width: *width,
                    line_cap: LineCap::Round,
                    dash: dashed.then(|| StrokeDash {
                        array: vec![3.0, 2.5],
                        offset: 0.0,
                    }),
                    ..Default::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Dot { x, y, r, color: c } => {
            // A circle from four cubic arcs.
            const K: f32 = 0.552_284_8;
            let (x, y, r) = (*x, *y, *r);
            let mut pb = PathBuilder::new();
            pb.move_to(x + r, y);
            pb.cubic_to(x + r, y + K * r, x + K * r, y + r, x, y + r);
            pb.cubic_to(x - K * r, y + r, x - r, y + K * r, x - r, y);
            pb.cubic_to(x - r, y - K * r, x - K * r, y - r, x, y - r);
            pb.cubic_to(x + K * r, y - r, x + r, y - K * r, x + r, y);
            pb.close();
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(fill(*c, 1.0)));
                surface.set_stroke(None);
                surface.draw_path(&path);
            }
        }
        Op::Jpeg { x, y, w, h, data } => {
            let image = Image::from_jpeg((**data).clone().into(), true)
                .map_err(|e| ReportError::Pdf(format!("image: {e}")))?;
            let size =
                Size::from_wh(*w, *h).ok_or_else(|| ReportError::Pdf("empty image".into()))?;
            surface.push_transform(&Transform::from_translate(*x, *y));
            surface.draw_image(image, size);
            surface.pop();
        }
    }
    Ok(())
}
