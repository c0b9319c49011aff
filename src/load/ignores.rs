//! The vault's ignore files (`.gitignore`, `.ignore`, `.git/info/exclude`), read by trail
//! itself rather than by the walker, so that reading them is bounded: only regular files
//! inside the vault, never through a symlink that leaves it, never from a git directory
//! elsewhere, never more than [`MAX_IGNORE_BYTES`], and opened without blocking (a FIFO
//! named `.gitignore` cannot stall the load). Any other ignore file is skipped with a
//! warning.

use super::{LoadError, Reason, rel_path};
use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// The largest ignore file read. Real ones are a few KiB; past this one is skipped.
pub const MAX_IGNORE_BYTES: u64 = 1024 * 1024;

/// The ignore rules of every folder met so far, each folder's read once.
#[derive(Debug)]
pub struct Ignores {
    root: PathBuf,
    /// The vault's own path with symlinks resolved: what "inside the vault" means.
    canonical_root: PathBuf,
    /// A folder's rules (`None`: it has no ignore file).
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Gitignore>>>>,
    warnings: Mutex<Vec<LoadError>>,
}

impl Ignores {
    pub fn new(root: &Path, canonical_root: &Path) -> Ignores {
        Ignores {
            root: root.to_path_buf(),
            canonical_root: canonical_root.to_path_buf(),
            by_dir: Mutex::new(HashMap::new()),
            warnings: Mutex::new(Vec::new()),
        }
    }

    /// Is `path` (a file or folder the walk found under the root) ignored? The nearest
    /// folder's rules that speak of it decide, as git decides.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        // Nearest first.
        for dir in rel.ancestors().skip(1) {
            let Some(rules) = self.rules(&self.root.join(dir)) else {
                continue;
            };
            match rules.matched(path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        false
    }

    /// The warnings for ignore files that were skipped.
    pub fn into_warnings(self) -> Vec<LoadError> {
        self.warnings
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn rules(&self, dir: &Path) -> Option<Arc<Gitignore>> {
        if let Some(found) = self
            .by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(dir)
        {
            return found.clone();
        }
        let built = self.build(dir);
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir.to_path_buf(), built.clone());
        built
    }

    fn build(&self, dir: &Path) -> Option<Arc<Gitignore>> {
        let mut files = vec![dir.join(".gitignore"), dir.join(".ignore")];
        // A repository's own excludes, only where `.git` is a real folder at the root: a
        // `.git` file (`gitdir: /elsewhere`) is never followed.
        if dir == self.root {
            let git = dir.join(".git");
            if std::fs::symlink_metadata(&git).is_ok_and(|m| m.is_dir()) {
                files.push(git.join("info").join("exclude"));
            }
        }
        let mut builder = GitignoreBuilder::new(dir);
        let mut any = false;
        for file in files {
            let Some(text) = self.read(&file) else {
                continue;
            };
            for line in text.lines() {
                // A bad pattern costs that line, not the file.
                let _ = builder.add_line(Some(file.clone()), line);
            }
            any = true;
        }
        if !any {
            return None;
        }
        builder.build().ok().map(Arc::new)
    }

    /// Read one ignore file if it is safe to: `None` when it is absent or was skipped
    /// (with a warning).
    fn read(&self, path: &Path) -> Option<String> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        let skip = |why: &str| {
            self.warnings
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(LoadError {
                    path: rel_path(&self.root, path),
                    reason: Reason::Walk(format!("ignore file {why}; not read")),
                });
            None
        };
        if meta.file_type().is_symlink()
            && !path
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&self.canonical_root))
        {
            return skip("links outside the vault");
        }
        let file = match super::open_regular(path) {
            Ok(file) => file,
            Err(super::OpenRegular::NotRegular) => return skip("is not a regular file"),
            Err(super::OpenRegular::Io(_)) => return skip("cannot be opened"),
        };
        let mut bytes = Vec::new();
        if file
            .take(MAX_IGNORE_BYTES + 1)
            .read_to_end(&mut bytes)
            .is_err()
        {
            return skip("cannot be read");
        }
        if bytes.len() as u64 > MAX_IGNORE_BYTES {
            return skip("is over 1 MiB");
        }
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}
