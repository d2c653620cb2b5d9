//! The playground's browser app: Yew components that drive the labs and show what Redis did.
//!
//! Data flows one way: a lab's button sends through its `use_lab` handle, the `ws` module encodes a
//! `ClientMsg` onto the WebSocket, and every `ServerMsg` that comes back is stored once and handed to
//! whoever subscribed to it: the header, the trace panel, or the lab that sent the request.
//!
//! - [`app`]: the root component, providers and page layout.
//! - [`route`]: URLs and the page each one shows.
//! - [`ws`]: the only module that knows WebSocket frames and JSON; `WsProvider`, `use_ws()`,
//!   `use_trace()` and each lab's `use_lab()`.
//! - [`trace_log`]: the capped in-memory command trace.
//! - [`i18n`]: languages, the ja/en catalogue and `use_lang()`.
//! - [`format`](mod@format): durations, clock times and command lines as text.
//! - [`components`]: header, status badge, language switch, notices, trace panel, code panel.
//! - [`pages`]: home and not-found.
//! - [`labs`]: one module per lab; [`lab_table`]: the table of labs.

pub mod app;
pub mod components;
pub mod format;
pub mod i18n;
pub mod lab_table;
pub mod labs;
pub mod pages;
pub mod route;
pub mod trace_log;
pub mod ws;

pub use app::App;
