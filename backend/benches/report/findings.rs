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
         the two changes below (the sections above are this run's figures, after them).\n\n\
         1. **Nagle's algorithm on the server's sockets.** A button press is answered with two \
         frames, the trace batch and then the reply, written one after the other. With Nagle's \
         algorithm on, the kernel held the reply until the browser acknowledged the batch, and the \
         browser delays that acknowledgement by up to 40 ms: every `hit` took about 44 ms however \
         fast Redis was. `backend::run` now sets `TCP_NODELAY` on every accepted connection (axum's \
         `ListenerExt::tap_io`).\n\
         2. **128 KiB read buffer per socket.** tungstenite allocates its default read buffer for \
         every connection up front, so 1,000 idle sessions held about 140 MiB. `/ws` now reads 8 KiB \
         at a time (`WebSocketUpgrade::read_buffer_size`); requests are a few hundred bytes, and a \
         frame up to the 64 KiB limit still arrives whole.\n\n{}\n\
         Both runs had the machine's 2 CPUs shared with other builds (load average about 13), and the \
         1,000-session load is starved by it: the backend, Redis and the clients together used less \
         than one core, and fewer decisions were asked than the 10,000 a second planned, since a \
         client waits for each answer. So the load's rate and p99 moved with the machine, not with \
         the change; its p50, the single socket's figures and the memory are the changes' own.\n\n\
         **Found, not fixed: the limits cost three round trips per request.** Since the per-socket \
         message rate and the per-session run count live in Redis (so that every backend process \
         enforces them alike), each request also runs the message token bucket, the run count's \
         take and its give-back, each an `EVALSHA` on the shared connection and each traced: four \
         round trips for a `hit` instead of one. In the 1,000-session load, before and after merging \
         them, CPU per decision went from 44 to 116 µs in the backend (38% of a core for 8,581 \
         decisions/s, then 106% for 9,139) and from 13 to 31 µs in Redis; the machine's 2 CPUs were \
         then full (backend, Redis and clients together 191%), and p50 rose from 5 ms to 106 ms. \
         Folding the message check and the run count into one script per request would remove two \
         of the three.\n",
        table(&["figure", "before", "after", "better by"], &rows)
    )
}
