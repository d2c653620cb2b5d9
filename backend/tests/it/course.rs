//! The course's text, the spec of the labs: found beside the repository (`../shared/course/`, where CI
//! keeps a copy of `shared/` next to the clone) or beside any folder above it, else the copy the
//! repository keeps in `course/`, so a clone anywhere still finds it.

use std::path::{Path, PathBuf};

/// The course file `name`: the first `shared/course/<name>` beside the repository or a folder above it,
/// else the repository's own `course/<name>`.
pub fn path(name: &str) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace holds the backend");
    repo.ancestors()
        .skip(1)
        .map(|dir| dir.join("shared").join("course").join(name))
        .chain([repo.join("course").join(name)])
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!("../shared/course/{name} beside the repository, or course/{name}")
        })
}

/// The text of the course file `name`.
pub fn read(name: &str) -> String {
    let path = path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
