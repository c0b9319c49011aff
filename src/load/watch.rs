//! Watching the vault for changes (`notify`: inotify on Linux). Events are gathered until
//! the folder has been quiet for [`QUIET`] (or [`MOST`] has passed since the first), then
//! handed over as one batch of paths relative to the root: a `git checkout` touching
//! thousands of files is one update, not thousands.

use notify::{RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the folder must be quiet before a batch is handed over.
pub const QUIET: Duration = Duration::from_millis(60);
/// The longest a batch waits after its first event, however busy the folder.
pub const MOST: Duration = Duration::from_millis(500);

/// A running watch; dropping it stops the watching and its thread.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
}

/// Watch `root`, calling `batch` on a thread of its own with each batch of changed paths
/// (relative to `root`, `/`-separated, sorted, each once).
pub fn watch(
    root: &Path,
    batch: impl Fn(Vec<String>) + Send + 'static,
) -> Result<Watch, notify::Error> {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(event.paths);
        }
    })?;
    watcher.watch(&canonical, RecursiveMode::Recursive)?;
    std::thread::Builder::new()
        .name("trail-watch".into())
        .spawn(move || gather(&canonical, &rx, &batch))
        .map_err(notify::Error::io)?;
    Ok(Watch { _watcher: watcher })
}

/// Gather events into batches until the watcher is dropped.
fn gather(root: &Path, rx: &mpsc::Receiver<Vec<PathBuf>>, batch: &dyn Fn(Vec<String>)) {
    while let Ok(first) = rx.recv() {
        let started = Instant::now();
        let mut paths = BTreeSet::new();
        add(root, first, &mut paths);
        // Until the folder has been quiet for QUIET, or MOST has passed since the first.
        while let Some(left) = MOST.checked_sub(started.elapsed()) {
            match rx.recv_timeout(left.min(QUIET)) {
                Ok(more) => add(root, more, &mut paths),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        if !paths.is_empty() {
            batch(paths.into_iter().collect());
        }
    }
}

fn add(root: &Path, paths: Vec<PathBuf>, into: &mut BTreeSet<String>) {
    for path in paths {
        if let Ok(rel) = path.strip_prefix(root) {
            let rel = super::rel_path(Path::new(""), rel);
            if !rel.is_empty() {
                into.insert(rel);
            }
        }
    }
}
