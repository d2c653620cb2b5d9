//! trunk's post-build hook (see `Trunk.toml`): writes `<file>.br` (brotli, quality 11) and `<file>.gz`
//! (gzip, level 9) beside each file of the site trunk just built, so the backend sends them as they are
//! instead of compressing every response. A compressed copy that would not be smaller is not written.
//!
//! The folder is the first argument, or trunk's staging folder (`TRUNK_STAGING_DIR`). Debug builds
//! (`TRUNK_PROFILE=debug`, as under `trunk serve`) are left alone: compressing their large wasm at the
//! highest levels would slow every live reload, and the backend compresses on the fly what has no copy.

use std::{
    env,
    ffi::OsStr,
    io::{self, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use flate2::{Compression, write::GzEncoder};

/// brotli's highest quality, and its largest standard window (16 MiB), which all browsers accept.
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW_BITS: u32 = 24;

fn main() -> ExitCode {
    if env::var_os("TRUNK_PROFILE").is_some_and(|profile| profile == "debug") {
        return ExitCode::SUCCESS;
    }
    let Some(dir) = env::args_os()
        .nth(1)
        .or_else(|| env::var_os("TRUNK_STAGING_DIR"))
        .map(PathBuf::from)
    else {
        eprintln!("precompress: name the folder, or run as trunk's hook (TRUNK_STAGING_DIR)");
        return ExitCode::FAILURE;
    };
    match precompress_dir(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("precompress {}: {err}", dir.display());
            ExitCode::FAILURE
        }
    }
}

/// Writes the compressed copies of every file under `dir`, its subfolders included.
fn precompress_dir(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress_dir(&path)?;
        } else if !is_compressed_copy(&path) {
            precompress_file(&path)?;
        }
    }
    Ok(())
}

/// Whether `path` is itself a copy this hook writes.
fn is_compressed_copy(path: &Path) -> bool {
    matches!(path.extension().and_then(OsStr::to_str), Some("br" | "gz"))
}

/// Writes `path.br` and `path.gz`, each only when smaller than the file.
fn precompress_file(path: &Path) -> io::Result<()> {
    let bytes = std::fs::read(path)?;
    for (suffix, compressed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
        if compressed.len() < bytes.len() {
            let mut name = path.as_os_str().to_owned();
            name.push(".");
            name.push(suffix);
            std::fs::write(PathBuf::from(name), compressed)?;
        }
    }
    Ok(())
}

fn brotli(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut writer =
        brotli::CompressorWriter::new(Vec::new(), 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW_BITS);
    writer.write_all(bytes)?;
    Ok(writer.into_inner())
}

fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn each_file_gets_copies_that_decompress_to_it_and_tiny_files_none() {
        let dir = env::temp_dir().join(format!("precompress-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("snippets")).unwrap();
        let text = "let x = 1;\n".repeat(500).into_bytes();
        std::fs::write(dir.join("app.js"), &text).unwrap();
        std::fs::write(dir.join("snippets/inner.js"), &text).unwrap();
        std::fs::write(dir.join("tiny.txt"), b"a").unwrap();

        precompress_dir(&dir).unwrap();

        for file in ["app.js", "snippets/inner.js"] {
            let mut unbrotlied = Vec::new();
            brotli::Decompressor::new(
                std::fs::File::open(dir.join(format!("{file}.br"))).unwrap(),
                4096,
            )
            .read_to_end(&mut unbrotlied)
            .unwrap();
            assert_eq!(unbrotlied, text, "{file}.br");
            let mut ungzipped = Vec::new();
            flate2::read::GzDecoder::new(
                std::fs::File::open(dir.join(format!("{file}.gz"))).unwrap(),
            )
            .read_to_end(&mut ungzipped)
            .unwrap();
            assert_eq!(ungzipped, text, "{file}.gz");
        }
        assert!(!dir.join("tiny.txt.br").exists());
        assert!(!dir.join("tiny.txt.gz").exists());
        // A second run (trunk serve rebuilding) compresses the files, never the copies.
        precompress_dir(&dir).unwrap();
        assert!(!dir.join("app.js.br.br").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
