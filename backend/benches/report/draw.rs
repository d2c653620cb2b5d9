//! Drawing while updates arrive: the real built frontend in headless Chromium ([`browser`]), served by
//! a backend process on the bench's Redis, timed frame by frame as it draws
//!
//! - the rate-limit lab's timeline growing to [`MARKS`] marks in a live run, then redrawn whole by the
//!   zoom buttons;
//! - a presenter's room view while [`MEMBERS`] WebSocket participants ([`audience`]) join, then while
//!   the presenter publishes to all of them.
//!
//! A probe installed before the page's own scripts runs a `requestAnimationFrame` loop and records each
//! frame's start; a frame's time is the gap to the next one, which is one 60 Hz period (16.7 ms) when
//! the frame's script, style, layout and paint fit in it and a multiple when they did not. A
//! `MutationObserver` records (with `performance.mark`) when the watched view changed, so the frames
//! that carried an update are told apart; a `PerformanceObserver` collects Chromium's long animation
//! frames (50 ms and more).
//!
//! [`browser`]: crate::browser
//! [`audience`]: crate::audience

use std::{collections::HashMap, time::Duration};

use backend::embedded::EmbeddedRedis;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::Deserialize;
use serde_json::json;
use shared::{
    LabRequest,
    ratelimit::{Algorithm, Limits, Mode, Pattern, RatelimitRequest, Traffic},
    speed::Speed,
};

use crate::{
    BoxError,
    audience::{Audience, GENEROUS_LIMITS},
    browser::Driver,
    markdown::{count, table},
    procs::BackendProcess,
    workspace_root,
};

/// Lanes of the rate-limit run.
const LANES: [Algorithm; 5] = [
    Algorithm::FixedWindow,
    Algorithm::SlidingLogLua,
    Algorithm::SlidingCounter,
    Algorithm::TokenBucket,
    Algorithm::Gcra,
];
/// Requests a second of the run's steady traffic (the pattern's most).
const PER_SECOND: u32 = 100;
/// Seconds of traffic: 5 lanes × 100 a second × 20 s is 10,000 marks.
const SECONDS: u32 = 20;
/// Marks on the timeline at the end of the run.
const MARKS: usize = LANES.len() * (PER_SECOND * SECONDS) as usize;
/// Zoom presses once the run is over, each redrawing every mark.
const ZOOMS: usize = 10;
/// Participants in the room.
const MEMBERS: usize = 1000;
/// Messages the presenter publishes once everyone is in.
const PUBLISHES: usize = 20;
/// The longest a page, a run or a room may take to get where the bench waits for it.
const WITHIN: Duration = Duration::from_secs(120);
/// A frame longer than this missed its 60 Hz slot: one period (16.7 ms) plus slack for timer jitter.
const OVER_MS: f64 = 20.0;

/// Installed before the page's own scripts; `window.__draw.watch` names the view whose changes count.
const PROBE: &str = r#"(() => {
  const d = window.__draw = { on: false, watch: null, frames: [], changes: [], long: [] };
  const tick = (t) => { if (d.on) d.frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new MutationObserver((records) => {
    if (!d.on || !d.watch) return;
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest(d.watch)) {
        d.changes.push(performance.mark('draw-update').startTime);
        return;
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  try {
    new PerformanceObserver((list) => {
      if (d.on) for (const e of list.getEntries()) {
        d.long.push([e.duration, e.renderStart ? e.renderStart - e.startTime : e.duration]);
      }
    }).observe({ type: 'long-animation-frame' });
  } catch (e) {}
})();"#;

/// What the probe recorded between a start and a stop.
#[derive(Deserialize)]
struct Recorded {
    /// Each frame's start, in ms on the page's clock.
    frames: Vec<f64>,
    /// When the watched view changed.
    changes: Vec<f64>,
    /// Chromium's long animation frames: each one's duration, and how much of it ran scripts before
    /// the rendering (style, layout, paint) began.
    long: Vec<(f64, f64)>,
}

/// One measured phase, as a table row.
struct Phase {
    name: String,
    recorded: Recorded,
}

impl Phase {
    /// Frame times: every gap between consecutive frame starts.
    fn all(&self) -> Vec<f64> {
        self.recorded
            .frames
            .windows(2)
            .map(|w| w[1] - w[0])
            .collect()
    }

    /// The frames that carried an update: for each change, the frame it happened in (its script) and
    /// the next (its style, layout and paint), each counted once.
    fn updated(&self) -> Vec<f64> {
        let frames = &self.recorded.frames;
        let mut carried = vec![false; frames.len().saturating_sub(1)];
        for &at in &self.recorded.changes {
            let i = frames.partition_point(|&t| t <= at);
            for frame in [i.checked_sub(1), Some(i)].into_iter().flatten() {
                if let Some(c) = carried.get_mut(frame) {
                    *c = true;
                }
            }
        }
        frames
            .windows(2)
            .zip(carried)
            .filter(|(_, c)| *c)
            .map(|(w, _)| w[1] - w[0])
            .collect()
    }

    fn row(&self) -> Vec<String> {
        let updated = self.updated();
        let all = self.all();
        let over = updated.iter().filter(|&&ms| ms > OVER_MS).count();
        let (long_ms, script_ms) = self
            .recorded
            .long
            .iter()
            .fold((0.0, 0.0), |(all, script), (d, s)| (all + d, script + s));
        let longest = self.recorded.long.iter().map(|l| l.0).fold(0.0, f64::max);
        vec![
            self.name.clone(),
            count(self.recorded.changes.len() as f64),
            count(updated.len() as f64),
            ms(percentile(&updated, 50.0)),
            ms(percentile(&updated, 95.0)),
            ms(percentile(&updated, 100.0)),
            format!("{} ({})", count(over as f64), share(over, updated.len())),
            format!(
                "{} / {}",
                ms(percentile(&all, 50.0)),
                ms(percentile(&all, 95.0))
            ),
            if self.recorded.long.is_empty() {
                "0".into()
            } else {
                format!(
                    "{} (longest {}; {:.0} % script)",
                    self.recorded.long.len(),
                    ms(Some(longest)),
                    script_ms * 100.0 / long_ms
                )
            },
        ]
    }
}

/// The section's markdown; without a built `dist/` it says how to build one.
pub async fn section(redis: &EmbeddedRedis) -> Result<String, BoxError> {
    if !workspace_root().join("dist/index.html").is_file() {
        return Ok(
            "## Drawing\n\nNot measured: `dist/` holds no built frontend. \
                   `scripts/bench.sh` builds it with `trunk build --release` first.\n"
                .into(),
        );
    }
    let backend = BackendProcess::start(&redis.url(), &GENEROUS_LIMITS).await?;
    let profile = tempfile::tempdir()?;
    let driver = Driver::start(profile.path()).await?;
    let measured = async {
        driver
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": PROBE }),
            )
            .await?;
        let mut phases = timeline(&driver, &backend).await?;
        let (room, audience) = room(&driver, &backend).await?;
        phases.extend(room);
        Ok::<_, BoxError>((phases, audience))
    }
    .await;
    // Closing the presenter's browser closes the room (leaving the page would ask first), which ends
    // the participants.
    driver.quit().await;
    let finished = match measured {
        Ok((phases, audience)) => audience.finish().await.map(|()| phases),
        Err(e) => Err(e),
    };
    backend.stop().await;
    let phases = finished?;

    let rows: Vec<Vec<String>> = phases.iter().map(Phase::row).collect();
    Ok(format!(
        "## Drawing\n\n\
         The built frontend (`dist/`) in headless Chromium (1280×900, software rendering), served by a \
         backend process on this Redis, drawing what arrives from real runs. A probe installed before \
         the page's scripts runs a `requestAnimationFrame` loop: a frame's time is the gap between two \
         frame starts, 16.7 ms at 60 Hz when the frame's script, style, layout and paint fit, a \
         multiple when they did not. A `MutationObserver` marks (`performance.mark`) each change of the \
         view measured; the frames carrying an update are the frame of each change and the next (which \
         lays out and paints it). Over budget: longer than {OVER_MS} ms, i.e. a 60 Hz frame was missed. \
         Long animation frames are Chromium's own (`PerformanceObserver`, 50 ms or more). Everything \
         shares this machine's CPUs: Chromium, the backend, Redis and, for the room, the bench's \
         {members} WebSocket participants.\n\n\
         - **timeline, live run**: the rate-limit lab opened with a share link of a live run, recorded \
         from when the page's shell is drawn (the app's loading and first render are left out): \
         {lanes} lanes (`{names}`), steady traffic of {PER_SECOND} requests a second for {SECONDS} s \
         under 50 per 1 s, so the timeline grows to {marks} marks while decisions stream (the lab \
         redraws at most every 250 ms).\n\
         - **timeline, zoom**: with all {marks} marks drawn, the zoom buttons pressed {ZOOMS} times, \
         each placing and drawing every mark again.\n\
         - **timeline, trace panel collapsed**: the same live run again with the command trace panel \
         collapsed, so its rows are not drawn: what the timeline costs on its own.\n\
         - **room, joining**: `/present` opens a room; {members} participants join it over WebSocket \
         (50 at a time), each join a new member list for the presenter's view.\n\
         - **room, publishing**: with {members} members in, the presenter's page publishes {PUBLISHES} \
         messages through its own publish box, one every 250 ms, each reaching every member.\n\n\
         The goal (issue 14) is met where a row's frames carrying an update are all within budget. Where \
         the time goes, from the long animation frames' split of script and rendering, a CPU profile of \
         the live run read by hand, and rows measured again with parts of the page hidden by a \
         stylesheet: the timeline's own cost (the collapsed row) was painting its marks, not script. \
         With the marks hidden its frames kept to budget. \
         Each lane now draws its marks as two `<path>`s per 64-pixel strip of the plot, so a live \
         update repaints only the strips whose marks changed (all of them only when the axis grows by \
         a window), in shapes that are cheap to paint: whole-pixel squares and crosses with butt caps \
         (item 12 of \"Found slow, and fixed\"). With the command trace panel open, a live run of 500 \
         decisions a second writes about 800 trace lines a second (one `EVALSHA` per decision, four \
         lines for the fixed window's MULTI/EXEC), and the panel redraws at most every 500 ms; it draws \
         the rows near its view and the newest 60, in chunks of 20 lines that are not drawn again unless \
         their lines change, so a redraw no longer makes and lays out most of its 500 rows (items 13 \
         and 15). The first row's frames still over budget are mostly at the run's start (its first two \
         view changes). A presenter's room view draws at most 60 member nodes however many join, and the \
         backend sends it the member list a few times a second at most (`RoomEvent::Members`, less often as the room \
         grows), so joining redraws it only a few times. While it publishes, the bench's {members} \
         participants read every message on the same CPUs as Chromium, so a frame over budget there may \
         be either's.\n\n{}",
        table(
            &[
                "phase",
                "view changes",
                "frames carrying one",
                "p50 ms",
                "p95 ms",
                "max ms",
                "over budget",
                "all frames p50 / p95 ms",
                "long animation frames (≥ 50 ms)",
            ],
            &rows,
        ),
        lanes = LANES.len(),
        names = LANES.map(|a| a.id()).join("`, `"),
        marks = count(MARKS as f64),
        members = count(MEMBERS as f64),
    ))
}

/// The rate-limit timeline: a live run to [`MARKS`] marks, then [`ZOOMS`] redraws; then the same run
/// again with the command trace panel collapsed, which tells the timeline's own cost from the trace's.
async fn timeline(driver: &Driver, backend: &BackendProcess) -> Result<Vec<Phase>, BoxError> {
    let run = LabRequest::Ratelimit(RatelimitRequest::Run {
        algorithms: LANES.to_vec(),
        limits: Limits {
            max_requests: 50,
            window_seconds: 1,
        },
        mode: Mode::Live,
        traffic: Traffic::Pattern {
            pattern: Pattern::Steady {
                per_second: PER_SECOND,
                seconds: SECONDS,
            },
        },
        speed: Speed::Normal,
    });
    let link = shared::share::encode(&run).ok_or("a rate-limit run has a share link")?;
    let url = backend.url(&format!("/ratelimit?s={}", URL_SAFE_NO_PAD.encode(link)));
    let live = live_run(driver, &url, false).await?;
    let marks = driver
        .script(
            "return [...document.querySelectorAll('[data-testid=ratelimit-stat-allowed], \
             [data-testid=ratelimit-stat-denied]')].reduce((n, e) => n + Number(e.textContent), 0);",
        )
        .await?
        .as_u64()
        .unwrap_or(0);
    if marks != MARKS as u64 {
        return Err(format!("the timeline holds {marks} marks, not {MARKS}").into());
    }

    driver.script("window.__draw.on = true;").await?;
    for press in 0..ZOOMS {
        let zoom = if press % 2 == 0 {
            "windows"
        } else {
            "requests"
        };
        driver
            .script(&format!(
                "document.querySelector('[data-testid=ratelimit-zoom][data-zoom={zoom}]').click();"
            ))
            .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let zoom = take(driver).await?;
    let quiet = live_run(driver, &url, true).await?;
    Ok(vec![
        Phase {
            name: format!("timeline, live run to {} marks", count(MARKS as f64)),
            recorded: live,
        },
        Phase {
            name: format!("timeline, zoom with {} marks", count(MARKS as f64)),
            recorded: zoom,
        },
        Phase {
            name: format!(
                "timeline, live run to {} marks, trace panel collapsed",
                count(MARKS as f64)
            ),
            recorded: quiet,
        },
    ])
}

/// Opens the run's share link at `url` and, once the page's shell is drawn (its trace panel's toggle is
/// there, which it clicks when `collapsed`), records until the run is done. The page's start (the
/// app's loading and first render of the shell) is left out of both runs alike.
async fn live_run(driver: &Driver, url: &str, collapsed: bool) -> Result<Recorded, BoxError> {
    driver.command("url", json!({ "url": url })).await?;
    driver
        .wait_for(
            &format!(
                "const t = document.querySelector('[data-testid=trace-toggle]'); \
                 if (!t) return null; if ({collapsed}) t.click(); return true;"
            ),
            WITHIN,
            "the trace panel's toggle",
        )
        .await?;
    driver
        .script("window.__draw.watch = '.ratelimit-stage'; window.__draw.on = true;")
        .await?;
    driver
        .wait_for(
            "return document.querySelector('[data-testid=ratelimit-status][data-state=done]') \
             ? true : null;",
            WITHIN,
            "the live run to end",
        )
        .await?;
    take(driver).await
}

/// A presenter's room view while [`MEMBERS`] participants join, then while it publishes to them; the
/// participants stay until the room closes.
async fn room(
    driver: &Driver,
    backend: &BackendProcess,
) -> Result<(Vec<Phase>, Audience), BoxError> {
    driver
        .command("url", json!({ "url": backend.url("/present") }))
        .await?;
    let code = driver
        .wait_for(
            "const c = document.querySelector('[data-testid=room-code]'); \
             return c ? c.dataset.code : null;",
            WITHIN,
            "the room to open",
        )
        .await?;
    let code = code.as_str().ok_or("the room's code is text")?.to_owned();
    driver
        .script("window.__draw.watch = '[data-testid=room]'; window.__draw.on = true;")
        .await?;
    let mut audience = Audience::join(&backend.ws_url(), &code, MEMBERS, PUBLISHES).await?;
    driver
        .wait_for(
            &format!(
                "return document.querySelector('[data-testid=room-member-count][data-count=\"{MEMBERS}\"]') \
                 ? true : null;"
            ),
            WITHIN,
            "the presenter to see every member",
        )
        .await?;
    let joining = take(driver).await?;

    driver.script("window.__draw.on = true;").await?;
    for n in 1..=PUBLISHES {
        driver
            .script(&format!(
                "const i = document.querySelector('[data-testid=room-publish-text]'); \
                 i.value = 'draw {n}'; i.dispatchEvent(new Event('input', {{ bubbles: true }}));"
            ))
            .await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        driver
            .script("document.querySelector('[data-testid=room-publish]').click();")
            .await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    audience.deliveries(&HashMap::new()).await?;
    let publishing = take(driver).await?;
    let phases = vec![
        Phase {
            name: format!("room of {} members, joining", count(MEMBERS as f64)),
            recorded: joining,
        },
        Phase {
            name: format!("room of {} members, publishing", count(MEMBERS as f64)),
            recorded: publishing,
        },
    ];
    Ok((phases, audience))
}

/// Stops the probe and takes what it recorded, leaving it empty.
async fn take(driver: &Driver) -> Result<Recorded, BoxError> {
    let value = driver
        .script(
            "const d = window.__draw; d.on = false; \
             const r = { frames: d.frames, changes: d.changes, long: d.long }; \
             d.frames = []; d.changes = []; d.long = []; return r;",
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// The `p`th percentile (nearest rank) of `values`.
fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0 * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len().max(1));
    sorted.get(rank - 1).copied()
}

/// Milliseconds with one decimal, or a dash.
fn ms(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |ms| format!("{ms:.1}"))
}

/// `part` of `whole` as a percentage.
fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.0} %", part as f64 * 100.0 / whole as f64)
    }
}
