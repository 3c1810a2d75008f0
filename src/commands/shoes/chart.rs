//! `/shoes chart`: a PNG bar chart of each active pair's distance against its retirement
//! distance. The font is embedded (DejaVu Sans), so the chart needs no system fonts.

use std::sync::OnceLock;

use anyhow::{anyhow, Context as _};
use plotters::prelude::*;

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 450;
pub const FILENAME: &str = "shoes.png";

const FONT: &str = "sans-serif";
const BLUE_BAR: RGBColor = RGBColor(47, 128, 237);
const AMBER_BAR: RGBColor = RGBColor(242, 153, 74);
const RED_BAR: RGBColor = RGBColor(217, 48, 37);
const TARGET: RGBColor = RGBColor(210, 214, 220);

/// One pair on the chart, distances already in the member's unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub distance: f64,
    pub retire_at: f64,
}

fn font_ready() -> anyhow::Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
    });
    ok.then_some(())
        .ok_or_else(|| anyhow!("the embedded chart font did not load"))
}

fn short(label: &str) -> String {
    let mut chars = label.chars();
    let head: String = chars.by_ref().take(14).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Draws the chart and encodes it as PNG. `bars` must not be empty.
pub fn render(bars: &[Bar], unit: &str) -> anyhow::Result<Vec<u8>> {
    font_ready()?;
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, bars, unit).map_err(|e| anyhow!("drawing the chart: {e}"))?;
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().context("writing the PNG header")?;
    writer
        .write_image_data(&rgb)
        .context("writing the PNG data")?;
    writer.finish().context("finishing the PNG")?;
    Ok(png)
}

fn draw(rgb: &mut [u8], bars: &[Bar], unit: &str) -> Result<(), Box<dyn std::error::Error>> {
    // plotters' integer ranges include their end: `0..n - 1` has one segment per bar.
    let last = bars.len().checked_sub(1).ok_or("no bars to draw")?;
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let top = bars
        .iter()
        .map(|b| b.distance.max(b.retire_at))
        .fold(1.0, f64::max)
        * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Shoe wear: distance against retirement distance",
            (FONT, 20),
        )
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d((0..last).into_segmented(), 0f64..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(bars.len())
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => bars.get(*i).map(|b| short(&b.label)).unwrap_or_default(),
            _ => String::new(),
        })
        .y_desc(format!("distance ({unit})"))
        .label_style((FONT, 14))
        .draw()?;
    let span = |i: usize, height: f64| {
        [
            (SegmentValue::Exact(i), 0.0),
            (SegmentValue::Exact(i + 1), height),
        ]
    };
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let mut target = Rectangle::new(span(i, b.retire_at), TARGET.filled());
        target.set_margin(0, 0, 8, 8);
        target
    }))?;
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let share = b.distance / b.retire_at.max(f64::EPSILON);
        let colour = if share >= 1.0 {
            RED_BAR
        } else if share >= 0.8 {
            AMBER_BAR
        } else {
            BLUE_BAR
        };
        let mut bar = Rectangle::new(span(i, b.distance), colour.filled());
        bar.set_margin(0, 0, 20, 20);
        bar
    }))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_a_png_of_the_promised_size() {
        let bars = vec![
            Bar {
                label: "Blue racers".into(),
                distance: 412.0,
                retire_at: 800.0,
            },
            Bar {
                label: "A very long nickname indeed".into(),
                distance: 820.0,
                retire_at: 800.0,
            },
        ];
        let png = render(&bars, "km").unwrap();
        let decoder = png::Decoder::new(png.as_slice());
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
    }

    #[test]
    fn no_bars_is_an_error_not_a_panic() {
        assert!(render(&[], "km").is_err());
    }

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(short("Blue racers"), "Blue racers");
        assert_eq!(short("A very long nickname"), "A very long ni…");
    }
}
