//! The `http` section: `/backpain stretches` at 1,000/s (`--http-rate`), and the sweep, over three front ends
//! in one sitting: pacer on the gateway (`pacer run`), pacer over HTTP (`pacer serve`, signed
//! POSTs) and the HTTP floor (`pacer-bench http-responder`); then what checking one signature
//! costs, as a share of `pacer serve`'s CPU at that rate.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use ed25519_dalek::Signer as _;

use crate::cases::Case;
use crate::fake::Fake;
use crate::http_client::{unix_now, HttpRun, Pool, Signer};
use crate::load::{median, offer, Outcome};
use crate::measure::{rate_count, sweep, Sustained};
use crate::procs::{free_address, Bot};
use crate::report::{mb, ms, Report};
use crate::{sqlite, Options, FLOOR_REPLY};

/// One front end's figures.
struct Row {
    label: &'static str,
    fixed: Outcome,
    sustained: Sustained,
}

pub async fn section(
    fake: &Fake,
    dir: &Path,
    options: &Options,
    report: &mut Report,
) -> anyhow::Result<()> {
    let case = Case::Stretches;
    let rate = options.http_rate;
    let count = rate_count(rate, options.run_seconds);
    let signer = Signer::new();
    let mut rows = Vec::new();

    let label = "/backpain stretches, gateway (pacer run)";
    let bot = Bot::pacer(fake, dir, &sqlite(dir, "http-gateway.db")).await?;
    let fixed = offer(fake, &case.frames(count), rate, case.marker(), bot.pid).await?;
    let sustained = sweep(fake, label, case.marker(), bot.pid, options, |n| {
        case.frames(n)
    })
    .await?;
    bot.stop().await?;
    rows.push(Row {
        label,
        fixed,
        sustained,
    });

    let addr = free_address()?;
    let database = sqlite(dir, "http-serve.db");
    let bot = Bot::serve(fake, dir, &database, addr, &signer.public_hex()).await?;
    let label = "/backpain stretches, HTTP (pacer serve)";
    let row = over_http(fake, &bot, addr, &signer, (label, case.marker()), options).await;
    bot.stop().await?;
    rows.push(row?);

    let addr = free_address()?;
    let floor = Bot::http_responder(addr).await?;
    let label = "HTTP floor: trivial responder";
    let row = over_http(fake, &floor, addr, &signer, (label, FLOOR_REPLY), options).await;
    floor.stop().await?;
    rows.push(row?);

    for row in &rows {
        report.latency(row.label, &row.fixed);
        report.sustained(row.label, row.sustained.clone());
    }
    let verification = tokio::task::spawn_blocking({
        let (signer, times) = (signer, options.verifications);
        move || verify_cost(&signer, times)
    })
    .await?;
    report.section(table(&rows, verification, options));
    Ok(())
}

/// The fixed-rate run and the sweep against a server on `addr`.
async fn over_http(
    fake: &Fake,
    bot: &Bot,
    addr: std::net::SocketAddr,
    signer: &Signer,
    (label, marker): (&'static str, &'static str),
    options: &Options,
) -> anyhow::Result<Row> {
    let case = Case::Stretches;
    let pool = Pool::new(addr);
    let run = |n: usize| HttpRun::new(&pool, signer, &case.numbered(n).1);
    let fixed = offer(
        fake,
        &run(rate_count(options.http_rate, options.run_seconds)),
        options.http_rate,
        marker,
        bot.pid,
    )
    .await?;
    pool.report_failures();
    eprintln!(
        "  {label} at {}/s: {} of {} as expected, p99 {:?}",
        fixed.rate, fixed.ok, fixed.offered, fixed.p99
    );
    let sustained = sweep(fake, label, marker, bot.pid, options, run).await?;
    pool.report_failures();
    Ok(Row {
        label,
        fixed,
        sustained,
    })
}

/// The median time of one strict Ed25519 verification of a signed `/backpain stretches`
/// body, as pacer does it for each request, over `times` verifications; and the body's size.
fn verify_cost(signer: &Signer, times: usize) -> (Duration, usize) {
    let body = Case::Stretches.numbered(1).1[0].to_string();
    let message = [unix_now().to_string().as_bytes(), body.as_bytes()].concat();
    let signature = signer.key().sign(&message);
    let key = signer.key().verifying_key();
    let mut each: Vec<Duration> = (0..times.max(1))
        .map(|_| {
            let start = Instant::now();
            let verified = key.verify_strict(std::hint::black_box(&message), &signature);
            let took = start.elapsed();
            std::hint::black_box(verified.is_ok());
            took
        })
        .collect();
    (median(&mut each), body.len())
}

fn table(rows: &[Row], (verify, body): (Duration, usize), options: &Options) -> String {
    let mut out = String::new();
    let rate = options.http_rate;
    let _ = writeln!(
        out,
        "Gateway vs HTTP vs floor: `/backpain stretches` at {rate}/s, {} s; latency: the frame \
         on the socket → its callback at the fake (gateway), the request written → its response \
         read (HTTP), in ms.\n",
        options.run_seconds
    );
    let _ = writeln!(
        out,
        "| front end | p50 | p99 | answered as expected | CPU % of one core | peak RSS MB | highest rate sustained |\n|---|---|---|---|---|---|---|"
    );
    for row in rows {
        let o = &row.fixed;
        let held = row.sustained.0.as_ref().map_or("none".to_owned(), |b| {
            format!("{}/s (p99 {} ms)", b.rate, ms(b.p99))
        });
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} of {} | {:.0} | {} | {held} |",
            row.label,
            ms(o.p50),
            ms(o.p99),
            o.ok,
            o.offered,
            o.usage.cpu_percent,
            mb(o.usage.peak_rss_kib),
        );
    }
    if let [_, serve, floor] = rows {
        let gap = serve.fixed.p99.as_secs_f64() - floor.fixed.p99.as_secs_f64();
        let _ = writeln!(
            out,
            "\n`pacer serve` p99 minus the HTTP floor's: {:.2} ms.",
            gap * 1000.0
        );
        // The CPU time signature checks take each second, as a share of the CPU time pacer
        // serve used each second at that rate.
        let per_second = verify.as_secs_f64() * rate;
        let used = serve.fixed.usage.cpu_percent / 100.0;
        let share = if used > 0.0 {
            format!("{:.1} %", 100.0 * per_second / used)
        } else {
            "- (no CPU measured)".to_owned()
        };
        let _ = writeln!(
            out,
            "Signature check: one `verify_strict` over a {body}-byte body takes {:.1} µs (median \
             of {}, in the bench process); × {rate}/s = {:.1} ms of CPU a second, {share} of \
             `pacer serve`'s measured CPU ({:.0} % of a core).",
            verify.as_secs_f64() * 1e6,
            options.verifications,
            per_second * 1000.0,
            serve.fixed.usage.cpu_percent,
        );
    }
    out
}
