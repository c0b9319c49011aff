//! The reader's work off the event loop: the first load, the watcher and the updater, each
//! on a thread of its own, and what they send the loop ([`Message`]) through one channel.
//! The loop turns each message into an action, so `App::update` stays the one place state
//! changes.

use crate::app::{Action, App, Loaded};
use anyhow::Context as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

/// What the other threads tell the event loop.
pub(super) enum Message {
    /// The first load listed the vault's notes (their text not read yet).
    Listed(Arc<[String]>),
    /// The home note, read alone, to show while the rest is read.
    Home(Box<crate::vault::Vault>),
    /// The first load is done.
    Read(Box<crate::vault::Vault>),
    /// Files that changed on disk (relative to the root), as the watcher gathered them.
    Changed(Vec<String>),
    /// A vault updated from changed files, computed from the graph of `generation`.
    Updated {
        generation: u64,
        paths: Vec<String>,
        vault: Box<Result<crate::vault::Vault, crate::vault::OpenError>>,
    },
}

/// How far the first load is: notes read, and notes listed.
#[derive(Default)]
pub(super) struct Progress {
    read: std::sync::atomic::AtomicUsize,
    listed: std::sync::atomic::AtomicUsize,
}

impl Progress {
    pub(super) fn now(&self) -> (usize, usize) {
        (
            self.read.load(Ordering::Relaxed),
            self.listed.load(Ordering::Relaxed),
        )
    }
}

/// Load the vault on a thread of its own: its files listed first (a frame with names to
/// show), then read. Returns the load's progress, to show as it goes.
pub(super) fn start_loading(
    dir: &Path,
    options: crate::load::Options,
    tx: &mpsc::Sender<Message>,
) -> anyhow::Result<Arc<Progress>> {
    let progress = Arc::new(Progress::default());
    let (root, tx, counts) = (dir.to_path_buf(), tx.clone(), Arc::clone(&progress));
    std::thread::Builder::new()
        .name("trail-load".into())
        .spawn(move || {
            let started = std::time::Instant::now();
            let walk = crate::load::walk(&root, options);
            counts.listed.store(walk.notes.len(), Ordering::Relaxed);
            let names: Vec<String> = walk.notes.iter().map(|e| e.rel.clone()).collect();
            let _ = tx.send(Message::Listed(names.into()));
            if let Some(home) = crate::vault::home_entry(&walk) {
                let alone = crate::load::Walk {
                    notes: vec![home.clone()],
                    ..crate::load::Walk::default()
                };
                let vault = crate::vault::read(&root, alone, started, &AtomicUsize::default());
                let _ = tx.send(Message::Home(Box::new(vault)));
            }
            let vault = crate::vault::read(&root, walk, started, &counts.read);
            vault.graph.warm();
            let _ = tx.send(Message::Read(Box::new(vault)));
        })
        .context("cannot start loading")?;
    Ok(progress)
}

/// Watch the vault unless `TRAIL_WATCH=0`; if watching cannot start, say so once (`r` still
/// reads the vault again by hand).
pub(super) fn start_watching(
    app: &mut App,
    tx: &mpsc::Sender<Message>,
) -> Option<crate::load::watch::Watch> {
    if std::env::var_os("TRAIL_WATCH").is_some_and(|v| v == "0") {
        return None;
    }
    let tx = tx.clone();
    match crate::load::watch::watch(&app.root, move |paths| {
        let _ = tx.send(Message::Changed(paths));
    }) {
        Ok(watch) => Some(watch),
        Err(e) => {
            app.update(Action::Notice(format!(
                "not watching the vault for changes ({e}); press r to read it again"
            )));
            None
        }
    }
}

/// Changed files waiting to be read, and whether an update is being computed: one at a
/// time, on a thread of its own, so that typing never waits for it.
#[derive(Default)]
pub(super) struct Updates {
    pending: std::collections::BTreeSet<String>,
    /// The whole vault is to be read again (`r`), not only the files that changed.
    pub(super) full: bool,
    running: bool,
    /// Where the last run left this vault, until the first load arrives.
    place: Option<crate::state::Place>,
}

impl Updates {
    /// No update yet; `place` (where the last run left the vault) is restored once the first
    /// load arrives.
    pub(super) fn after_load(place: Option<crate::state::Place>) -> Updates {
        Updates {
            place,
            ..Updates::default()
        }
    }

    /// Take a message; returns whether the screen changed.
    pub(super) fn receive(&mut self, app: &mut App, message: Message) -> bool {
        match message {
            Message::Listed(paths) => {
                app.update(Action::Listed(paths));
                true
            }
            Message::Home(vault) => {
                app.update(Action::Preview(Loaded(Arc::new(*vault))));
                true
            }
            Message::Read(vault) => {
                app.update(Action::Loaded(Loaded(Arc::new(*vault))));
                if let Some(place) = self.place.take() {
                    app.update(Action::Restore(place));
                }
                true
            }
            Message::Changed(paths) => {
                self.pending.extend(paths);
                false
            }
            Message::Updated {
                generation,
                paths,
                vault,
            } => {
                self.running = false;
                if generation != app.generation {
                    // The vault was replaced meanwhile (an edit, `r`): this update started
                    // from an older graph. Its files are read again from the new one (all of
                    // them, for a full reload, which names none).
                    self.full |= paths.is_empty();
                    self.pending.extend(paths);
                    return false;
                }
                match *vault {
                    Ok(vault) => app.update(Action::Loaded(Loaded(Arc::new(vault)))),
                    Err(e) => {
                        app.update(Action::Notice(format!("cannot read the vault again: {e}")));
                    }
                }
                true
            }
        }
    }

    /// Start computing an update if files are waiting and none is being computed.
    pub(super) fn start(&mut self, app: &App, tx: &mpsc::Sender<Message>) {
        // Changes during the first load wait for it: the graph shown is not read yet.
        if self.running || (self.pending.is_empty() && !self.full) || app.loading.is_some() {
            return;
        }
        let full = std::mem::take(&mut self.full);
        let paths: Vec<String> = std::mem::take(&mut self.pending).into_iter().collect();
        let graph = Arc::clone(&app.graph);
        let warnings = app.warnings.clone();
        let root = app.root.clone();
        let options = app.walk;
        let generation = app.generation;
        let tx = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("trail-update".into())
            .spawn(move || {
                let vault = Box::new(if full {
                    crate::vault::open_with(&root, options)
                } else {
                    crate::vault::update(&graph, &warnings, &root, options, &paths)
                });
                if let Ok(v) = vault.as_ref() {
                    v.graph.warm();
                }
                let _ = tx.send(Message::Updated {
                    generation,
                    paths,
                    vault,
                });
            });
        self.running = spawned.is_ok();
    }
}
