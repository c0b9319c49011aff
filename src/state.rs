//! What trail remembers of a vault between runs: the page you left, its scroll, and the
//! notes you read last (offered by an empty quick-open prompt). Kept in one small JSON file
//! in the user's state directory (`$XDG_STATE_HOME/trail/state.json`, else
//! `~/.local/state/trail/state.json`), never inside a vault: the one file trail writes.
//!
//! The file is data, not instructions: its paths are only looked up among the notes the
//! vault's own walk found, never opened, so a corrupt or foreign state file cannot make
//! trail read anything. A file that cannot be read costs a warning and is started afresh.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The largest state file read; a larger one is not ours.
const MAX_BYTES: u64 = 1024 * 1024;
/// Vaults remembered; the least recently used is forgotten first.
const MAX_VAULTS: usize = 50;

/// Where the reader was in one vault.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The note open (its path in the vault), if a note was open.
    pub page: Option<String>,
    pub scroll: usize,
    /// Notes read, most recent first, by path.
    pub recent: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    /// Each vault by its canonical path: the place, and when it was left (seconds since
    /// the epoch).
    vaults: BTreeMap<String, (Place, u64)>,
}

/// The state file's path, or `None` where there is no home to keep it in.
pub fn path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/state"))
        })?;
    Some(base.join("trail").join("state.json"))
}

fn key(root: &Path) -> String {
    root.canonicalize()
        .unwrap_or_else(|_| root.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

fn read(path: &Path) -> Result<File, String> {
    let file = match crate::load::open_regular(path) {
        Ok(f) => f,
        Err(crate::load::OpenRegular::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(File::default());
        }
        Err(crate::load::OpenRegular::Io(e)) => return Err(e.to_string()),
        Err(crate::load::OpenRegular::NotRegular) => return Err("not a regular file".into()),
    };
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err("larger than 1 MiB".into());
    }
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// The place remembered for the vault at `root`; a warning when the state file could not
/// be read (it is then ignored).
pub fn load(root: &Path) -> (Option<Place>, Option<String>) {
    let Some(path) = path() else {
        return (None, None);
    };
    match read(&path) {
        Ok(file) => (file.vaults.get(&key(root)).map(|(p, _)| p.clone()), None),
        Err(e) => (
            None,
            Some(format!(
                "ignored the state file {}: {e}",
                crate::text::clean_line(&path.display().to_string())
            )),
        ),
    }
}

/// Remember `place` for the vault at `root`. The file is written beside itself and moved
/// into place, so a crash never leaves half a file.
pub fn save(root: &Path, place: &Place) -> std::io::Result<()> {
    let Some(path) = path() else {
        return Ok(());
    };
    let mut file = read(&path).unwrap_or_default();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    file.vaults.insert(key(root), (place.clone(), now));
    while file.vaults.len() > MAX_VAULTS {
        let oldest = file
            .vaults
            .iter()
            .min_by_key(|(_, (_, seen))| *seen)
            .map(|(k, _)| k.clone());
        match oldest {
            Some(k) => file.vaults.remove(&k),
            None => break,
        };
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(
        &tmp,
        serde_json::to_vec(&file).map_err(std::io::Error::other)?,
    )?;
    std::fs::rename(tmp, path)
}
