//! What the benchmarks share: the process's peak memory, measured from a reset.
#![allow(dead_code)]

/// Peak resident memory since the last reset, in MB (Linux; 0 elsewhere).
pub fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Starts a new peak-memory measurement (Linux: `clear_refs` 5 resets the high-water mark).
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
