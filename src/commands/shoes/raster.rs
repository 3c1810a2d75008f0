//! A small RGB canvas for the chart: filled rectangles and anti-aliased text in the embedded
//! `DejaVu` Sans, laid out with its advances, side bearings and kerning.

// Pixel geometry: coordinates and sizes are bounded by the chart's canvas,
// and colour channels are rounded into 0..=255 before the cast.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::sync::OnceLock;

use ab_glyph::{point, Font as _, FontRef, GlyphId, PxScale, ScaleFont as _};

pub type Rgb = [u8; 3];

/// Where a text's x coordinate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

pub fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(dejavu::sans::regular()).ok())
        .as_ref()
}

/// Whether the font has a glyph for `c` (anything else would print as a box).
pub fn has_glyph(c: char) -> bool {
    font().is_some_and(|f| f.glyph_id(c).0 != 0)
}

pub struct Canvas {
    pub width: u32,
    pub height: u32,
    /// 3 bytes a pixel, rows top to bottom.
    pub rgb: Vec<u8>,
}

impl Canvas {
    pub fn new(width: u32, height: u32, background: Rgb) -> Canvas {
        let pixels = width as usize * height as usize;
        Canvas {
            width,
            height,
            rgb: background.repeat(pixels),
        }
    }

    /// Mixes `colour` into the pixel at (x, y) by `cover` (0 to 1); outside is ignored.
    fn blend(&mut self, x: i32, y: i32, colour: Rgb, cover: f32) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let at = (y as usize * self.width as usize + x as usize) * 3;
        // Coverage in 16 steps: smooth enough for text, and few enough colours for a small
        // palette PNG.
        let cover = (cover.clamp(0.0, 1.0) * 15.0).round() / 15.0;
        for (i, c) in colour.iter().enumerate() {
            let old = f32::from(self.rgb[at + i]);
            self.rgb[at + i] = (old + (f32::from(*c) - old) * cover).round() as u8;
        }
    }

    /// Fills the rectangle from (x0, y0) up to but not including (x1, y1).
    pub fn fill(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), colour: Rgb) {
        for y in y0.max(0)..y1.min(self.height as i32) {
            for x in x0.max(0)..x1.min(self.width as i32) {
                self.blend(x, y, colour, 1.0);
            }
        }
    }

    /// Draws `text` of `size` pixels with its x at `x` as `align` says and its middle at `y`.
    pub fn text(&mut self, text: &str, (x, y): (i32, i32), size: f32, colour: Rgb, align: Align) {
        let Some(font) = font() else { return };
        let scaled = font.as_scaled(PxScale::from(size));
        let width = text_width(text, size);
        let left = match align {
            Align::Left => x as f32,
            Align::Centre => x as f32 - width / 2.0,
            Align::Right => x as f32 - width,
        };
        // Capitals centred on `y`: the baseline sits half their height below it.
        let baseline = y as f32 + scaled.ascent() * 0.36;
        let mut pen = left;
        let mut prev: Option<GlyphId> = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(prev) = prev {
                pen += scaled.kern(prev, id);
            }
            let glyph = id.with_scale_and_position(size, point(pen, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let (bx, by) = (bounds.min.x as i32, bounds.min.y as i32);
                outline.draw(|gx, gy, cover| {
                    self.blend(bx + gx as i32, by + gy as i32, colour, cover);
                });
            }
            pen += scaled.h_advance(id);
            prev = Some(id);
        }
    }
}

/// How wide `text` is at `size` pixels.
pub fn text_width(text: &str, size: f32) -> f32 {
    let Some(font) = font() else { return 0.0 };
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = prev {
            width += scaled.kern(prev, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_inside_the_canvas_and_clipped_at_its_edges() {
        let mut canvas = Canvas::new(60, 20, [0, 0, 0]);
        canvas.text("Hi", (2, 10), 16.0, [255, 255, 255], Align::Left);
        assert!(canvas.rgb.iter().any(|b| *b > 200), "something was drawn");
        canvas.text("far off", (-500, -500), 16.0, [255, 255, 255], Align::Right);
        canvas.fill((-5, -5), (1_000, 1_000), [9, 9, 9]);
        assert!(canvas.rgb.iter().all(|b| *b == 9));
        assert!(text_width("WW", 16.0) > text_width("ii", 16.0));
        assert!(has_glyph('é') && !has_glyph('🏃'));
    }
}
