//! Helpers the integration tests share. Each test crate uses some of them.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use trail::app::{Action, App, Focus, Page};

/// The app on the bundled sample notes, at `w`×`h`.
pub fn notes_app(w: u16, h: u16) -> App {
    let vault = trail::vault::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("notes")).unwrap();
    let mut app = App::new(vault);
    app.update(Action::Resize(w, h));
    app
}

/// The app on a vault of `files` (path, text) in a fresh folder, at `w`×`h`.
pub fn temp_app(files: &[(&str, &str)], w: u16, h: u16) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut app = App::new(trail::vault::open(dir.path()).unwrap());
    app.update(Action::Resize(w, h));
    (dir, app)
}

/// Tab through the reader's links until the one whose destination is `dest` is selected
/// (a link of the page's note or of a note embedded in it).
pub fn select_link(app: &mut App, dest: &str) {
    let Some(Page::Note(id)) = app.reader.page else {
        panic!("not on a note")
    };
    while app.focus != Focus::Reader {
        app.update(Action::FocusRight);
    }
    for _ in 0..app.reader.rendered.links.len() {
        app.update(Action::NextLink);
        let spot = &app.reader.rendered.links[app.reader.selected.unwrap()];
        if app
            .graph
            .note(spot.owner(id))
            .links
            .get(spot.link)
            .is_some_and(|l| l.raw.destination() == dest)
        {
            return;
        }
    }
    panic!("no link to {dest}");
}

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
