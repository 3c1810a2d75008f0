//! `/shoes chart`: a PNG bar chart of each active pair's distance against its retirement
//! distance. The font is embedded (DejaVu Sans), so the chart needs no system fonts.

use std::sync::OnceLock;

use anyhow::{anyhow, Context as _};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 450;
pub const FILENAME: &str = "shoes.png";
/// Pairs drawn at most; more would make bars too thin to read.
pub const MAX_BARS: usize = 20;

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
    if bars.is_empty() {
        return Err("no bars to draw".into());
    }
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let top = bars
        .iter()
        .map(|b| b.distance.max(b.retire_at))
        .fold(1.0, f64::max)
        * 1.1;
    // Bar i is centred on x = i; the axis runs half a bar beyond the first and last.
    let right = bars.len() as f64 - 0.5;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Shoe wear: distance against retirement distance",
            (FONT, 20),
        )
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.5f64..right, 0f64..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(0)
        .y_desc(format!("distance ({unit})"))
        .label_style((FONT, 14))
        .draw()?;
    let span =
        |i: usize, half: f64, height: f64| [(i as f64 - half, 0.0), (i as f64 + half, height)];
    chart.draw_series(
        bars.iter()
            .enumerate()
            .map(|(i, b)| Rectangle::new(span(i, 0.42, b.retire_at), TARGET.filled())),
    )?;
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let share = b.distance / b.retire_at.max(f64::EPSILON);
        let colour = if share >= 1.0 {
            RED_BAR
        } else if share >= 0.8 {
            AMBER_BAR
        } else {
            BLUE_BAR
        };
        Rectangle::new(span(i, 0.3, b.distance), colour.filled())
    }))?;
    // Names under the bars, placed in pixels below the x axis.
    let style = TextStyle::from((FONT, 14).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    for (i, bar) in bars.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64, 0.0));
        root.draw(&Text::new(short(&bar.label), (x, y + 8), style.clone()))?;
    }
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

    fn pixel(png: &[u8], x: u32, y: u32) -> [u8; 3] {
        let mut reader = png::Decoder::new(png).read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut rgb).unwrap();
        let at = ((y * WIDTH + x) * 3) as usize;
        [rgb[at], rgb[at + 1], rgb[at + 2]]
    }

    #[test]
    fn a_single_pair_is_drawn_in_the_middle_of_the_plot() {
        let bars = [Bar {
            label: "Solo".into(),
            distance: 400.0,
            retire_at: 800.0,
        }];
        let png = render(&bars, "km").unwrap();
        let blue = [BLUE_BAR.0, BLUE_BAR.1, BLUE_BAR.2];
        // The plot spans x from about 80 to 784 and its bottom third is bar for sure.
        assert_eq!(pixel(&png, 432, 340), blue);
        assert_eq!(
            pixel(&png, 100, 340),
            [255, 255, 255],
            "nothing left of the bar"
        );
        let red = [RED_BAR.0, RED_BAR.1, RED_BAR.2];
        let two = [
            bars[0].clone(),
            Bar {
                label: "Worn".into(),
                distance: 900.0,
                retire_at: 800.0,
            },
        ];
        let png = render(&two, "km").unwrap();
        assert_eq!(pixel(&png, 256, 340), blue);
        assert_eq!(pixel(&png, 608, 340), red);
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
