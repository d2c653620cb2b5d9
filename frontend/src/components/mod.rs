//! Pieces of the page shared by every route, one component per file.
//!
//! - [`header`]: product name, nav, status badge and language switch.
//! - [`nav_link`]: a nav link that marks the current page.
//! - [`status_badge`]: connection and Redis health.
//! - [`lang_switch`]: the ja/en buttons.
//! - [`notices`]: "reload the page" and stray server errors.
//! - [`trace_panel`]: the command trace with its filter, clear and collapse controls.
//! - [`trace_line`]: one row of the trace.
//! - [`code_panel`]: the Redis commands a lab runs.

pub mod code_panel;
pub mod header;
pub mod lang_switch;
pub mod nav_link;
pub mod notices;
pub mod status_badge;
pub mod trace_line;
pub mod trace_panel;

pub use code_panel::{CodeLine, CodePanel, CodePanelProps};
pub use header::Header;
pub use lang_switch::LangSwitch;
pub use nav_link::{NavLink, NavLinkProps};
pub use notices::Notices;
pub use status_badge::StatusBadge;
pub use trace_line::{TraceLine, TraceLineProps};
pub use trace_panel::TracePanel;
