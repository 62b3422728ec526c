//! The knowledge bases opened lately, newest first, for File → Open recent: a short JSON list
//! in the platform's configuration folder (`CHANCERY_CONFIG_DIR` overrides it). Reading a
//! missing or damaged list gives an empty one; it is written only when a file is opened from
//! the window, never over a file of another kind.

use std::path::{Path, PathBuf};

/// How many files the list keeps.
const KEPT: usize = 8;

const FILE_NAME: &str = "recent-files.json";

fn location() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CHANCERY_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join(FILE_NAME));
    }
    directories::ProjectDirs::from("org", "Chancery", "Chancery")
        .map(|dirs| dirs.config_dir().join(FILE_NAME))
}

/// The list as last written (files that no longer exist are left out).
pub(super) fn load() -> Vec<PathBuf> {
    let Some(path) = location() else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    serde_json::from_str::<Vec<PathBuf>>(&text)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.exists())
        .take(KEPT)
        .collect()
}

/// Puts `opened` first in the list and writes it; returns the new list. A list that cannot be
/// written is logged and the window goes on without it.
pub(super) fn remember(opened: &Path) -> Vec<PathBuf> {
    let opened = std::path::absolute(opened).unwrap_or_else(|_| opened.to_path_buf());
    let mut list = load();
    list.retain(|p| p != &opened);
    list.insert(0, opened);
    list.truncate(KEPT);
    if let Some(path) = location() {
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                let text = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
                std::fs::write(&path, text)
            });
        if let Err(e) = written {
            log::warn!(
                "could not keep the list of recent files in {}: {e}",
                path.display()
            );
        }
    }
    list
}
