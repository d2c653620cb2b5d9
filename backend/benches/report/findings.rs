//! What the report found slow, what changed, and the figures before and after. Unlike the other sections
//! these figures are not measured on every run: they are the two runs that showed the problem and its
//! fix, kept so that the reason for the change stays next to the figures it changed.

use crate::markdown::table;

/// One figure before and after a change, measured by the report's own sections.
struct Change {
    /// The figure.
    what: &'static str,
    /// Before the change.
    before: &'static str,
    /// After it.
    after: &'static str,
    /// After ÷ before, or before ÷ after when less is better, so the ratio reads as "times better".
    ratio: &'static str,
}

/// The section's markdown.
pub fn section() -> String {
    let changes = [
        Change {
            what: "websocket `hit`, decisions/s (one socket, one after another)",
            before: "22",
            after: "5,257",
            ratio: "239×",
        },
        Change {
            what: "websocket `hit`, p50 round trip",
            before: "44.0 ms",
            after: "0.19 ms",
            ratio: "233×",
        },
        Change {
            what: "1,000 sessions × 10/s, decisions/s reached",
            before: "8,127",
            after: "6,095",
            ratio: "0.75× (see below)",
        },
        Change {
            what: "1,000 sessions × 10/s, p50 / p99 round trip",
            before: "80.3 / 221.0 ms",
            after: "10.7 / 656.8 ms",
            ratio: "7.5× / 0.34× (see below)",
        },
        Change {
            what: "backend RSS with 1,000 sessions open",
            before: "153.1 MiB",
            after: "31.8 MiB",
            ratio: "4.8×",
        },
        Change {
            what: "3: websocket `hit`, decisions/s (one socket, one after another)",
            before: "2,378",
            after: "3,326",
            ratio: "1.40×",
        },
        Change {
            what: "3: 1,000 sessions × 10/s, decisions/s reached",
            before: "8,189",
            after: "9,962",
            ratio: "1.22×",
        },
        Change {
            what: "3: 1,000 sessions × 10/s, p50 / p99 round trip",
            before: "119.2 / 176.3 ms",
            after: "2.7 / 52.0 ms",
            ratio: "44× / 3.4×",
        },
        Change {
            what: "3: backend CPU per decision (1,000 sessions)",
            before: "132 µs",
            after: "78 µs",
            ratio: "1.69×",
        },
        Change {
            what: "4: frontend wasm + js, gzipped (level 6)",
            before: "757.9 KiB",
            after: "622.2 KiB",
            ratio: "1.22×",
        },
        Change {
            what: "4: first visit under \"Fast 3G\", bytes transferred",
            before: "742.5 KiB",
            after: "509.2 KiB",
            ratio: "1.46×",
        },
        Change {
            what: "4: first visit under \"Fast 3G\", time to interactive (median of 5)",
            before: "7,239 ms",
            after: "5,797 ms",
            ratio: "1.25×",
        },
        Change {
            what: "5: timeline, live run to 10,000 marks: frames carrying an update, p50 / p95",
            before: "66.7 / 250.0 ms",
            after: "16.7 / 133.4 ms",
            ratio: "4.0× / 1.9×",
        },
        Change {
            what: "5: timeline, live run to 10,000 marks: frames over budget",
            before: "82 %",
            after: "43 %",
            ratio: "1.9×",
        },
        Change {
            what: "5: the same, trace panel collapsed (the change does not apply): over budget",
            before: "35 %",
            after: "24 %",
            ratio: "1.5×",
        },
    ];
    let rows: Vec<Vec<String>> = changes
        .iter()
        .map(|c| {
            vec![
                c.what.into(),
                c.before.into(),
                c.after.into(),
                c.ratio.into(),
            ]
        })
        .collect();
    format!(
        "## Found slow, and fixed\n\n\
         Measured on this machine on 2026-11-25 with `--only script,sessions`, before and after \
         each change below (the sections above are this run's figures, after all of them).\n\n\
         1. **Nagle's algorithm on the server's sockets.** A button press is answered with two \
         frames, the trace batch and then the reply, written one after the other. With Nagle's \
         algorithm on, the kernel held the reply until the browser acknowledged the batch, and the \
         browser delays that acknowledgement by up to 40 ms: every `hit` took about 44 ms however \
         fast Redis was. `backend::run` now sets `TCP_NODELAY` on every accepted connection (axum's \
         `ListenerExt::tap_io`).\n\
         2. **128 KiB read buffer per socket.** tungstenite allocates its default read buffer for \
         every connection up front, so 1,000 idle sessions held about 140 MiB. `/ws` now reads 8 KiB \
         at a time (`WebSocketUpgrade::read_buffer_size`); requests are a few hundred bytes, and a \
         frame up to the 64 KiB limit still arrives whole.\n\
         3. **The limits cost three round trips per request.** The per-socket message rate and \
         the per-session run count live in Redis (so that every backend process enforces them \
         alike), and each request also ran the message token bucket, the run count's take and its \
         give-back: four round trips for a `hit` instead of one, and in the 1,000-session load the \
         2 CPUs were full. A request that opens no Redis connection of its own (a `hit`, a ping, a \
         publish into a running hub) runs a few commands and ends, and the message rate already \
         bounds it, so `labs::dispatch` now counts only runs that open connections.\n\
         4. **The frontend's download.** The wasm was built with the backend's release profile \
         (`opt-level = \"z\"` already, but thin LTO, 16 codegen units and unwinding tables) and \
         compressed on the fly for every response, with the compression layer's fast default. trunk \
         now builds it with the `wasm-release` profile (fat LTO, one codegen unit, `panic = \"abort\"`), \
         and its post-build hook writes brotli (quality 11) and gzip (level 9) copies that the \
         server sends as they are. The 350 KB target is not reached. Of the code left (function \
         sizes from the name section, before wasm-opt), the components' render functions are 27 %, \
         serde's derived `Deserialize` of the internally tagged protocol enums (each buffered \
         through serde's `Content` before its variant is read) 21 %, the rest of yew 17 %, and the \
         data section (mostly the ja/en texts and the course's code) is 16 % of the gzipped \
         size.\n\
         5. **The trace panel laid out the page.** In a live run of 500 decisions a second the command \
         trace panel replaces most of its 500 rows twice a second, and every such layout dirtied the \
         whole page: four in five of the run's frames carrying an update missed 60 Hz, against a third \
         with the panel collapsed. On wide screens, where the panel is a column of its own, its scroller \
         is now sized by the column alone (`contain: strict`), so its rows' layout and paint stay \
         inside it. It is not enough for 16 ms: the rows are still rebuilt, and the timeline's own \
         update (the collapsed row) still misses some frames.\n\
         6. **The message rate cost a round trip before every message.** Each socket's token \
         bucket ran in Redis (one `EVALSHA` before the request was even decoded). A socket lives \
         on one backend, so nothing another process needs is in that bucket: it is now a token \
         bucket in the process (`limits::MessageBucket`), and a `hit` is one round trip to Redis. \
         Measured with `--only script` only after the change (see \"One decision, end to end\").\n\n{}\n\
         Rows marked 3 were measured on 2026-11-25 with `--only script,sessions`, just before and \
         just after that change, with the machine otherwise idle (load average about 2). Rows \
         marked 4 were measured on 2026-12-02 with `--only bundle`: before, the same commit's \
         frontend built with the old profile and served without copies. Rows marked 5 were measured \
         on 2026-12-02 with `--only draw`, before (load average 6.3) and after (2.3) the change: the \
         collapsed row, which the change leaves alone, shows how much of the difference is the \
         quieter machine. The other \
         rows: both runs had the machine's 2 CPUs shared with other builds (load average about 13), and the \
         1,000-session load is starved by it: the backend, Redis and the clients together used less \
         than one core, and fewer decisions were asked than the 10,000 a second planned, since a \
         client waits for each answer. So the load's rate and p99 moved with the machine, not with \
         the change; its p50, the single socket's figures and the memory are the changes' own.\n",
        table(&["figure", "before", "after", "better by"], &rows)
    )
}
