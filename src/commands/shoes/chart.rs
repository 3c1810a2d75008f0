//! `/shoes chart`: a PNG of horizontal bars, one per active pair, each filled to the share of
//! its own retirement distance run so far, with the percentage and the projected retirement
//! at its end. A dark card with light text, so it reads on Discord's dark and light themes
//! alike. The font is embedded (`DejaVu` Sans), so the chart needs no system fonts; characters
//! it has no glyph for (emoji, most CJK) are left out of the names ([`drawable`]).

// Pixel geometry: coordinates and sizes are bounded by the 720-pixel-wide canvas,
// and colour channels are rounded into 0..=255 before the cast.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use super::raster::{has_glyph, text_width, Align, Canvas, Rgb};
use crate::wear::Stage;

pub const WIDTH: u32 = 720;
pub const FILENAME: &str = "shoes.png";
/// Pairs drawn at most; more would make the image too tall to read in a message.
pub const MAX_BARS: usize = 20;

const PAD: i32 = 20;
const HEADER: i32 = 36;
const ROW: i32 = 46;
const AXIS: i32 = 24;
/// Room right of the longest bar for its label.
const LABEL_ROOM: i32 = 200;
/// The scale runs to at least 100 % and at most this.
const MAX_PCT: f64 = 150.0;
/// Text sizes in pixels (ascent to descent).
const NAME_PX: f32 = 17.0;
const LABEL_PX: f32 = 15.0;
const SMALL_PX: f32 = 14.0;

pub const BACKGROUND: Rgb = [32, 34, 37];
const TEXT: Rgb = [242, 243, 245];
const MUTED: Rgb = [181, 186, 193];
const TRACK: Rgb = [58, 61, 68];
const TICK: Rgb = [88, 92, 100];
const RETIRE_LINE: Rgb = [150, 154, 164];
pub const BLUE_BAR: Rgb = [88, 150, 245];
pub const AMBER_BAR: Rgb = [242, 163, 74];
pub const RED_BAR: Rgb = [237, 85, 80];

/// One pair on the chart, every text already worded.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The nickname, as the member wrote it.
    pub label: String,
    /// Distance run over the retirement distance: 0.5 is half worn.
    pub share: f64,
    /// How worn the pair is, as [`crate::wear`] decides: it picks the bar's colour.
    pub stage: Stage,
    /// `457 of 800 km`.
    pub detail: String,
    /// `57% · ~2027-03-14`.
    pub end: String,
}

/// The image's height for `bars` pairs.
pub fn height(bars: usize) -> u32 {
    let rows = bars.clamp(1, MAX_BARS) as i32;
    (2 * PAD + HEADER + rows * ROW + AXIS) as u32
}

/// Joiners and variation selectors: parts of emoji, drawn as nothing or as boxes.
fn invisible(c: char) -> bool {
    matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{200b}'..='\u{200d}' | '\u{2060}')
}

/// The text without the characters the font has no glyph for (they would print as boxes),
/// spaces collapsed; `fallback` when nothing is left (a name of emoji only).
pub fn drawable(text: &str, fallback: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| *c == ' ' || (!c.is_control() && !invisible(*c) && has_glyph(*c)))
        .collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    if words.is_empty() {
        fallback.to_owned()
    } else {
        words.join(" ")
    }
}

/// Draws the chart and encodes it as PNG. `bars` must not be empty.
pub fn render(bars: &[Bar]) -> anyhow::Result<Vec<u8>> {
    if bars.is_empty() {
        anyhow::bail!("no bars to draw");
    }
    let bars = &bars[..bars.len().min(MAX_BARS)];
    let mut canvas = Canvas::new(WIDTH, height(bars.len()), BACKGROUND);
    draw(&mut canvas, bars);
    super::png_out::encode(&canvas.rgb, canvas.width, canvas.height)
}

fn colour(stage: Stage) -> Rgb {
    match stage {
        Stage::Past => RED_BAR,
        Stage::Near => AMBER_BAR,
        Stage::Fresh => BLUE_BAR,
    }
}

/// `text` cut with `…` until it is at most `room` pixels wide at `size`.
fn fit(text: &str, size: f32, room: i32) -> String {
    let fits = |t: &str| text_width(t, size) <= room as f32;
    if fits(text) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len())
        .rev()
        .map(|n| format!("{}…", chars[..n].iter().collect::<String>().trim_end()))
        .find(|t| fits(t))
        .unwrap_or_else(|| "…".to_owned())
}

fn draw(canvas: &mut Canvas, bars: &[Bar]) {
    let width = WIDTH as i32;
    // The scale: 0 % at `left`, `full` % at `left + span`.
    let full = bars
        .iter()
        .map(|b| b.share * 100.0)
        .fold(100.0, f64::max)
        .min(MAX_PCT);
    let (left, span) = (PAD, width - 2 * PAD - LABEL_ROOM);
    let x = |pct: f64| left + (f64::from(span) * pct.clamp(0.0, full) / full).round() as i32;
    let top = PAD + HEADER;
    let bottom = top + bars.len() as i32 * ROW;
    canvas.text(
        "Wear: distance so far against each pair's retirement distance",
        (PAD, PAD + 8),
        SMALL_PX,
        MUTED,
        Align::Left,
    );
    // Ticks every 25 % under the bars; the retirement line at 100 % crosses each bar.
    let mut pct = 0.0;
    while pct <= full + 0.1 {
        // `pct` steps by 25 from 0, exact in f64.
        let retire = (pct - 100.0_f64).abs() < f64::EPSILON;
        let tick = if retire { RETIRE_LINE } else { TICK };
        canvas.fill((x(pct), bottom), (x(pct) + 1, bottom + 5), tick);
        let label = if retire {
            "100% retire".to_owned()
        } else {
            format!("{pct:.0}%")
        };
        let align = if pct == 0.0 {
            Align::Left
        } else {
            Align::Centre
        };
        canvas.text(
            &label,
            (x(pct), bottom + AXIS / 2 + 4),
            SMALL_PX,
            MUTED,
            align,
        );
        pct += 25.0;
    }
    for (i, bar) in bars.iter().enumerate() {
        let row = top + i as i32 * ROW;
        let fallback = format!("Pair {}", i + 1);
        let end = x(bar.share * 100.0);
        draw_row(canvas, bar, &fallback, row, (left, x(100.0), end));
    }
}

/// One pair: its name and distance on a line, then the bar from `left` (0 %) with its track
/// to `retire` (100 %), filled to `end`, and its label after whichever is further.
fn draw_row(
    canvas: &mut Canvas,
    bar: &Bar,
    fallback: &str,
    row: i32,
    (left, retire, end): (i32, i32, i32),
) {
    let width = WIDTH as i32;
    let detail_w = text_width(&bar.detail, SMALL_PX).ceil() as i32;
    canvas.text(
        &bar.detail,
        (width - PAD, row + 10),
        SMALL_PX,
        MUTED,
        Align::Right,
    );
    let room = width - 2 * PAD - detail_w - 16;
    let name = fit(&drawable(&bar.label, fallback), NAME_PX, room);
    canvas.text(&name, (left, row + 10), NAME_PX, TEXT, Align::Left);
    let (y0, y1) = (row + 23, row + 39);
    canvas.fill((left, y0), (retire, y1), TRACK);
    if end > left {
        canvas.fill((left, y0), (end, y1), colour(bar.stage));
    }
    canvas.fill((retire, y0 - 3), (retire + 1, y1 + 3), RETIRE_LINE);
    let from = end.max(retire) + 8;
    let label = fit(&drawable(&bar.end, ""), LABEL_PX, width - PAD - from);
    canvas.text(
        &label,
        (from, i32::midpoint(y0, y1)),
        LABEL_PX,
        TEXT,
        Align::Left,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, share: f64) -> Bar {
        // The stage as if the pair were `share` of 1 km worn (NaN counts as none).
        let stage = Stage::of((share * 1_000.0) as i64, 1_000);
        Bar {
            label: label.into(),
            share,
            stage,
            detail: format!("{:.0} of 800 km", share * 800.0),
            end: format!("{:.0}% · ~2027-03-14", share * 100.0),
        }
    }

    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut decoder = png::Decoder::new(png);
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut rgb).unwrap();
        (reader.info().width, reader.info().height, rgb)
    }

    fn pixel(png: &[u8], x: u32, y: u32) -> [u8; 3] {
        let (width, _, rgb) = decode(png);
        let at = ((y * width + x) * 3) as usize;
        [rgb[at], rgb[at + 1], rgb[at + 2]]
    }

    fn rgb(c: Rgb) -> [u8; 3] {
        c
    }

    #[test]
    fn one_row_per_pair_on_a_dark_card() {
        let png = render(&[bar("Blue racers", 0.5), bar("Worn", 1.2)]).unwrap();
        let (width, height, _) = decode(&png);
        assert_eq!((width, height), (WIDTH, 2 * 20 + 36 + 2 * 46 + 24));
        assert_eq!(pixel(&png, 2, 2), rgb(BACKGROUND));
        // The first bar: blue from the left up to half of its track (the scale runs to
        // 120 %, the second pair's share), the track beyond.
        let y = (20 + 36 + 31) as u32;
        assert_eq!(pixel(&png, 30, y), rgb(BLUE_BAR));
        assert_eq!(pixel(&png, 300, y), rgb(TRACK));
        assert_eq!(pixel(&png, 30, y + 46), rgb(RED_BAR));
    }

    #[test]
    fn ten_and_more_pairs_each_get_a_row_and_the_png_stays_small() {
        let bars: Vec<Bar> = (0..25)
            .map(|i| {
                bar(
                    &format!("Pair with a long nickname {i:02} {}", "x".repeat(12)),
                    f64::from(i) / 20.0,
                )
            })
            .collect();
        let png = render(&bars).unwrap();
        let (_, height, _) = decode(&png);
        assert_eq!(height, super::height(MAX_BARS), "at most 20 rows");
        let pixels = decode(&png).2;
        let colours: std::collections::HashSet<&[u8]> = pixels.chunks(3).collect();
        eprintln!("{} bytes, {} colours", png.len(), colours.len());
        assert!(png.len() < 100_000, "{} bytes", png.len());
    }

    #[test]
    fn names_lose_only_the_characters_the_font_lacks() {
        assert_eq!(drawable("Blue racers", "?"), "Blue racers");
        assert_eq!(drawable("🏃 Daily  trainers 👟", "?"), "Daily trainers");
        assert_eq!(drawable("Zoom Fly ⚡️", "?"), "Zoom Fly ⚡");
        assert_eq!(drawable("Ækte løbesko — åh", "?"), "Ækte løbesko — åh");
        assert_eq!(drawable("🔥🔥", "Pair 3"), "Pair 3");
        assert_eq!(drawable("跑鞋", "Pair 1"), "Pair 1");
        assert!(render(&[bar("🔥🔥", 0.3), bar("跑鞋 road", 0.9)]).is_ok());
    }

    #[test]
    fn no_bars_is_an_error_not_a_panic() {
        assert!(render(&[]).is_err());
        assert!(render(&[bar("Odd", f64::NAN), bar("Huge", 1e300)]).is_ok());
    }
}
