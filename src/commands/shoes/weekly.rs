//! `/shoes weekly`: a PNG of the member's distance per week (Monday to Sunday) over the last
//! 12 weeks, each bar stacked by pair, in the member's unit. Drawn from the runs already
//! stored. Self-contained (its own font registration and palette) so it does not depend on
//! the wear chart's internals; the background is opaque white so it reads the same on
//! Discord's dark and light themes.

use std::sync::OnceLock;

use anyhow::{anyhow, Context as _};
use chrono::{Datelike as _, Days, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{CommandError, Ctx};
use crate::reply::{Attachment, Embed, Reply, COLOUR_INFO};
use crate::store::PairDay;

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 450;
pub const FILENAME: &str = "weekly.png";
pub const WEEKS: usize = 12;
/// Pairs with a colour of their own; the rest share one bar part, "other pairs".
const PAIRS: usize = 6;

const FONT: &str = "sans-serif";
/// Distinct on white, and for the common colour-vision deficiencies (Okabe-Ito).
const PALETTE: [RGBColor; PAIRS + 1] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(120, 120, 120),
];

pub const EMPTY: &str = "You have no runs in the last 12 weeks yet. Add a pair with \
    `/shoes add name:\"Blue racers\"`, log a run with `/shoes log distance:5k`, and \
    `/shoes weekly` will chart your weeks.";

/// The chart's data: each pair's distance per week, in the member's unit, oldest week first.
#[derive(Debug, Clone, PartialEq)]
pub struct Weeks {
    pub mondays: Vec<NaiveDate>,
    /// (pair name, one value per week), biggest total first.
    pub pairs: Vec<(String, Vec<f64>)>,
}

/// The Monday that starts the week of `day`.
fn monday(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Sums `days` into the 12 weeks ending with the week of `today`, by pair.
pub fn weeks(days: &[PairDay], today: NaiveDate, value: impl Fn(i64) -> f64) -> Weeks {
    let first = monday(today) - Days::new(7 * (WEEKS as u64 - 1));
    let mondays: Vec<NaiveDate> = (0..WEEKS)
        .map(|w| first + Days::new(7 * w as u64))
        .collect();
    let mut totals: Vec<(i64, String, i64, [i64; WEEKS])> = Vec::new();
    for d in days
        .iter()
        .filter(|d| d.run_on >= first && d.run_on <= today)
    {
        // The filter keeps the runs from `first` to `today`: 0 to WEEKS - 1.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let week = ((d.run_on - first).num_days() / 7) as usize;
        let at = match totals.iter().position(|t| t.0 == d.shoe_id) {
            Some(at) => at,
            None => {
                totals.push((d.shoe_id, d.shoe_name.clone(), 0, [0; WEEKS]));
                totals.len() - 1
            }
        };
        totals[at].2 += d.distance_m;
        totals[at].3[week.min(WEEKS - 1)] += d.distance_m;
    }
    totals.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut pairs: Vec<(String, Vec<f64>)> = Vec::new();
    let mut other = [0i64; WEEKS];
    for (i, (_, name, _, per_week)) in totals.into_iter().enumerate() {
        if i < PAIRS {
            pairs.push((name, per_week.iter().map(|m| value(*m)).collect()));
        } else {
            other.iter_mut().zip(per_week).for_each(|(o, m)| *o += m);
        }
    }
    if other.iter().any(|m| *m > 0) {
        pairs.push((
            "other pairs".to_owned(),
            other.iter().map(|m| value(*m)).collect(),
        ));
    }
    Weeks { mondays, pairs }
}

pub(super) async fn weekly(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let first = monday(ctx.today) - Days::new(7 * (WEEKS as u64 - 1));
    let days = ctx
        .app
        .store
        .runs()
        .per_pair_and_day(ctx.user, first..=ctx.today)
        .await?;
    if days.is_empty() {
        return Ok(Reply::notice(EMPTY));
    }
    let unit = ctx.unit;
    let data = weeks(&days, ctx.today, |m| unit.value(m));
    let total = |w: usize| data.pairs.iter().map(|(_, v)| v[w]).sum::<f64>();
    let average = (0..WEEKS).map(total).sum::<f64>() / WEEKS as f64;
    let this_week = total(WEEKS - 1);
    let code = unit.code();
    let png = tokio::task::spawn_blocking(move || render(&data, code))
        .await
        .map_err(anyhow::Error::from)??;
    let embed = Embed {
        title: "Your weekly distance".to_owned(),
        description: format!(
            "The last 12 weeks, Monday to Sunday, each bar split by pair. This week so far: \
             {this_week:.1} {code}; average: {average:.1} {code} a week."
        ),
        fields: Vec::new(),
        footer: None,
        colour: Some(COLOUR_INFO),
        image: Some(FILENAME.to_owned()),
    };
    let mut reply = Reply::embed(embed).ephemeral();
    reply.attachments.push(Attachment {
        filename: FILENAME.to_owned(),
        bytes: png,
    });
    Ok(reply)
}

fn font_ready() -> anyhow::Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
    });
    ok.then_some(())
        .ok_or_else(|| anyhow!("the embedded chart font did not load"))
}

/// Draws the chart and encodes it as PNG.
pub fn render(data: &Weeks, unit: &str) -> anyhow::Result<Vec<u8>> {
    font_ready()?;
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, data, unit).map_err(|e| anyhow!("drawing the weekly chart: {e}"))?;
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

fn draw(rgb: &mut [u8], data: &Weeks, unit: &str) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let weeks = data.mondays.len();
    let highest = (0..weeks)
        .map(|w| data.pairs.iter().map(|(_, v)| v[w]).sum::<f64>())
        .fold(1.0, f64::max);
    // Room above the tallest bar for the legend (about 17 px a pair of a 340 px plot).
    let reserve = ((data.pairs.len() * 17 + 24) as f64 / 340.0).min(0.6);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("Weekly distance ({unit}), stacked by pair"),
            (FONT, 20),
        )
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5f64..weeks as f64 - 0.5, 0f64..highest / (1.0 - reserve))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(0)
        .y_desc(unit)
        .label_style((FONT, 14))
        .draw()?;
    let mut base = vec![0.0; weeks];
    for (i, (name, values)) in data.pairs.iter().enumerate() {
        let colour = PALETTE[i.min(PALETTE.len() - 1)];
        let bars: Vec<_> = (0..weeks)
            .filter(|w| values[*w] > 0.0)
            .map(|w| {
                let (x, y) = (w as f64, base[w]);
                Rectangle::new([(x - 0.35, y), (x + 0.35, y + values[w])], colour.filled())
            })
            .collect();
        base.iter_mut().zip(values).for_each(|(b, v)| *b += v);
        chart
            .draw_series(bars)?
            .label(short(name))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(200, 200, 200))
        .label_font((FONT, 13))
        .draw()?;
    let style = TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    for (w, day) in data.mondays.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(w as f64, 0.0));
        let label = day.format("%-d %b").to_string();
        root.draw(&Text::new(label, (x, y + 8), style.clone()))?;
    }
    root.present()?;
    Ok(())
}

fn short(label: &str) -> String {
    let mut chars = label.chars();
    let head: String = chars.by_ref().take(18).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn on(shoe_id: i64, date: &str, distance_m: i64) -> PairDay {
        PairDay {
            shoe_id,
            shoe_name: format!("Pair {shoe_id}"),
            run_on: day(date),
            distance_m,
        }
    }

    #[test]
    // The sums are of whole kilometres, exact in f64.
    #[allow(clippy::float_cmp)]
    fn runs_are_summed_per_week_and_pair_and_drawn_as_a_png() {
        // Sunday 29 November 2026: the last week starts on Monday 23 November.
        let today = day("2026-11-29");
        let mut days = vec![
            on(1, "2026-11-23", 5_000),
            on(1, "2026-11-29", 10_000),
            on(2, "2026-11-22", 8_000),
            on(2, "2026-09-07", 3_000),
            on(2, "2026-09-06", 99_000),
        ];
        days.extend((3..10).map(|i| on(i, "2026-10-05", 1_000)));
        let data = weeks(&days, today, |m| m as f64 / 1000.0);
        assert_eq!(data.mondays[0], day("2026-09-07"));
        assert_eq!(data.mondays[11], day("2026-11-23"));
        assert_eq!(data.pairs[0].0, "Pair 1");
        assert_eq!(data.pairs[0].1[11], 15.0);
        assert_eq!(data.pairs[1].1[10], 8.0);
        assert_eq!(
            data.pairs[1].1[0], 3.0,
            "6 September is before the 12 weeks"
        );
        assert_eq!(data.pairs.len(), PAIRS + 1);
        assert_eq!(data.pairs[PAIRS].0, "other pairs");
        assert_eq!(data.pairs[PAIRS].1[4], 3.0);

        let png = render(&data, "km").unwrap();
        let reader = png::Decoder::new(png.as_slice()).read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
        if let Ok(dir) = std::env::var("PACER_SAVE_CHARTS") {
            std::fs::write(std::path::Path::new(&dir).join(FILENAME), &png).unwrap();
        }
    }
}
