//! Who else has the knowledge base open, for the message a busy file gives. On Linux the
//! processes holding the file (or its `-wal` file) are found through `/proc`; elsewhere, and
//! for processes of other users, the message stays general.

use std::path::{Path, PathBuf};

/// "held by chancery (pid 4242)", or "held by another program" when no holder can be seen.
pub fn describe(database: &Path) -> String {
    let found = holders(database);
    if found.is_empty() {
        "held by another program".into()
    } else {
        format!("held by {}", found.join(", "))
    }
}

/// The other processes with the file or its companions open, as "name (pid N)".
fn holders(database: &Path) -> Vec<String> {
    let Ok(database) = database.canonicalize() else {
        return Vec::new();
    };
    let mut targets: Vec<PathBuf> = vec![database.clone()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = database.as_os_str().to_os_string();
        name.push(suffix);
        targets.push(PathBuf::from(name));
    }
    let own = std::process::id().to_string();
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for process in processes.flatten() {
        let pid = process.file_name().to_string_lossy().into_owned();
        if pid == own || !pid.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(process.path().join("fd")) else {
            continue;
        };
        let holds = fds
            .flatten()
            .filter_map(|fd| std::fs::read_link(fd.path()).ok())
            .any(|target| targets.contains(&target));
        if holds {
            let name = std::fs::read_to_string(process.path().join("comm")).unwrap_or_default();
            let name = name.trim();
            found.push(if name.is_empty() {
                format!("pid {pid}")
            } else {
                format!("{name} (pid {pid})")
            });
        }
    }
    found
}
