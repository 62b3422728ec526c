//! Limits on everything read from outside, so that a huge, endless or booby-trapped input is
//! refused with a message naming the limit instead of exhausting memory: a bundle or CSV file
//! may be at most 1 GiB, and a zip entry may unpack to at most 100 times its packed size (at
//! least 16 MiB allowed) and never past 1 GiB. Only regular files are read: a pipe or device
//! (`/dev/zero`) is refused before reading.

use std::io::Read;
use std::path::Path;

/// The largest bundle or CSV file read (and the most one zip entry may unpack to).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A zip entry may unpack to this many times its packed size…
pub const MAX_ZIP_RATIO: u64 = 100;

/// …but small entries may always unpack to this much.
pub const ZIP_RATIO_FREE_BYTES: u64 = 16 << 20;

/// "1 GiB", "16 MiB", "20 KB".
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    match bytes {
        b if b >= GIB && b % GIB == 0 => format!("{} GiB", b / GIB),
        b if b >= GIB => format!("{:.1} GiB", b as f64 / GIB as f64),
        b if b >= MIB => format!("{} MiB", b / MIB),
        b if b >= KIB => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// Reads a whole regular file of at most [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a folder".into());
    }
    if !meta.is_file() {
        return Err("it is not a regular file (a pipe or device)".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    read_at_most(file, MAX_FILE_BYTES).map_err(|e| match e {
        Overrun::Io(e) => e.to_string(),
        // The file grew while it was read.
        Overrun::Limit => too_large(MAX_FILE_BYTES + 1),
    })
}

fn too_large(bytes: u64) -> String {
    format!(
        "it is {}, more than the {} Chancery reads",
        size_text(bytes),
        size_text(MAX_FILE_BYTES)
    )
}

/// How much a zip entry of `packed` bytes may unpack to.
pub fn zip_entry_allowance(packed: u64) -> u64 {
    packed
        .saturating_mul(MAX_ZIP_RATIO)
        .clamp(ZIP_RATIO_FREE_BYTES, MAX_FILE_BYTES)
}

/// Unpacks one zip entry of `packed` bytes, stopping as soon as it passes its allowance.
pub fn read_zip_entry(entry: impl Read, declared: u64, packed: u64) -> Result<Vec<u8>, String> {
    let allowance = zip_entry_allowance(packed);
    let refuse = || {
        format!(
            "it unpacks to more than {} from {} packed (the limit is {} times the packed size, at most {})",
            size_text(allowance),
            size_text(packed),
            MAX_ZIP_RATIO,
            size_text(MAX_FILE_BYTES)
        )
    };
    if declared > allowance {
        return Err(refuse());
    }
    read_at_most(entry, allowance).map_err(|e| match e {
        Overrun::Io(e) => e.to_string(),
        Overrun::Limit => refuse(),
    })
}

enum Overrun {
    Io(std::io::Error),
    Limit,
}

/// Reads to the end, failing once more than `limit` bytes have come.
fn read_at_most(reader: impl Read, limit: u64) -> Result<Vec<u8>, Overrun> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Overrun::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Overrun::Limit);
    }
    Ok(bytes)
}
