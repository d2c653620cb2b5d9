//! Pieces of the page shared by every route, one component per file.
//!
//! - [`header`]: product name, nav, status badge and language switch.
//! - [`nav_link`]: a nav link that marks the current page.
//! - [`status_badge`]: connection and Redis health.
//! - [`lang_switch`]: the ja/en buttons.
//! - [`notices`]: "reload the page" and stray server errors.
//! - [`trace_panel`]: the command trace with its filter, clear and collapse controls.
//! - [`trace_chunk`]: a run of trace rows, drawn while it is near the view or among the newest.
//! - [`trace_line`]: one row of the trace.
//! - [`code_panel`]: the Redis commands a lab runs.
//! - [`demo_buttons`]: the guided-demo bar of a lab, and the [`GuidedDemo`] trait its demos implement.
//! - [`keys`]: when a key is a shortcut, and the presenter's keys.
//! - [`presenter`]: presenter mode, the trace panel's size, and the keys' listener.
//! - [`presenter_tools`]: the header's presenter controls.
//! - [`export_svg`]: a lab's visual as an SVG file for slides.
//! - [`fit`]: presenter mode's fit of a visual to the height left in the window.
//! - [`share_link`]: share links: encoding, the "copy link" button, the link a page opened with.
//! - [`speed_picker`]: the slow-motion picker of live runs.
//! - [`download`]: offering text the page made as a file.
//! - [`a11y`]: Enter and Space on focusable marks, and the reduced-motion preference.
//! - [`reveal`]: scrolling a lab's status line into view when a run starts.

pub mod a11y;
pub mod code_panel;
pub mod demo_buttons;
pub mod download;
pub mod export_svg;
pub mod fit;
pub mod header;
pub mod keys;
pub mod lang_switch;
pub mod nav_link;
pub mod notices;
pub mod presenter;
pub mod presenter_tools;
pub mod reveal;
pub mod share_link;
pub mod speed_picker;
pub mod status_badge;
pub mod trace_chunk;
pub mod trace_line;
pub mod trace_panel;

pub use code_panel::{CodeLine, CodePanel, CodePanelProps};
pub use demo_buttons::{DemoBar, GuidedDemo};
pub use export_svg::{ExportSvg, ExportSvgProps};
pub use fit::Fit;
pub use header::Header;
pub use lang_switch::LangSwitch;
pub use nav_link::{NavLink, NavLinkProps};
pub use notices::Notices;
pub use presenter::{PresenterProvider, use_presenter};
pub use presenter_tools::PresenterTools;
pub use share_link::ShareLink;
pub use speed_picker::SpeedPicker;
pub use status_badge::StatusBadge;
pub use trace_line::{TraceLine, TraceLineProps};
pub use trace_panel::TracePanel;
