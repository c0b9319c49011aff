//! Helpers the integration tests share.

use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `root` with its bytes and modification time (symlinks not followed).
pub fn snapshot(root: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if meta.is_dir() {
                stack.push(e.path());
                out.insert(rel, (Vec::new(), meta.modified().unwrap()));
            } else if meta.is_symlink() {
                out.insert(
                    rel,
                    (
                        std::fs::read_link(e.path())
                            .unwrap()
                            .to_string_lossy()
                            .into_owned()
                            .into_bytes(),
                        meta.modified().unwrap(),
                    ),
                );
            } else {
                out.insert(
                    rel,
                    (std::fs::read(e.path()).unwrap(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}
