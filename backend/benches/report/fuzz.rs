//! The fuzz run `scripts/bench.sh` makes before the report: the integration tests' `fuzz` targets run for
//! a fixed time (`FUZZ_SECONDS`) and append one line each to `target/fuzz-report.tsv`, read here.

use crate::{
    BoxError,
    markdown::{count, table},
    workspace_root,
};

/// Where the fuzz targets write their counts (`FUZZ_REPORT` in `scripts/bench.sh`).
const REPORT: &str = "target/fuzz-report.tsv";

/// The section's markdown; without the file it says how to make it.
pub fn section() -> Result<String, BoxError> {
    let path = workspace_root().join(REPORT);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(format!(
            "## Fuzzing\n\nNot run: no `{REPORT}`. `scripts/bench.sh` runs the fuzz targets for a \
             fixed time before the report.\n"
        ));
    };
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let [name, cases, seconds, refused, invalid, accepted] = cells[..] else {
            return Err(format!("{REPORT}: unexpected line {line:?}").into());
        };
        let number = |cell: &str| -> Result<String, BoxError> { Ok(count(cell.parse::<f64>()?)) };
        rows.push(vec![
            format!("`{name}`"),
            number(cases)?,
            seconds.to_owned(),
            number(refused)?,
            number(invalid)?,
            number(accepted)?,
        ]);
    }
    rows.sort();
    Ok(format!(
        "## Fuzzing\n\n\
         proptest targets of `backend/tests/it/fuzz/`, run for a fixed time each (debug build, so \
         arithmetic overflow panics too): arbitrary text and bytes, valid requests cut short, and \
         valid requests of every lab with one or two fields changed, removed or added, into the \
         frame decoder and the lab's `validate`. Properties: nothing panics, a refused frame carries \
         a stable error code and its id, and a decoded request re-encodes to itself. No case \
         failed (a failure stops `scripts/bench.sh`).\n\n{}",
        table(
            &[
                "target",
                "cases",
                "seconds",
                "refused by the decoder",
                "refused by validate",
                "accepted"
            ],
            &rows
        )
    ))
}
