//! What the report found slow, what changed, and the figures before and after. Unlike the other sections
//! these figures are not measured on every run: they are the runs that showed each problem and its fix,
//! kept so that the reason for a change stays next to the figures it changed. The section is
//! `findings.md` as written: its rows are records, not measurements.

/// The section's markdown.
pub fn section() -> String {
    include_str!("findings.md").to_owned()
}
