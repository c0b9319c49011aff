//! Reading the vault from disk: the only module that touches the file system.
//!
//! [`walk`] lists the notes and attachments under a root, honouring `.gitignore`/`.ignore`,
//! skipping hidden folders and never following a symlink out of the root. [`read_into`]
//! reads one note. Both report what they could not do as [`LoadError`]s instead of failing, the way
//! ripgrep's `ignore` crate collects partial errors.

use rayon::prelude::*;
use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod ignores;
pub mod obsidian;
pub mod watch;

/// Notes larger than this are skipped with a warning. A 20 MB note is an export gone wrong,
/// not something to read; the limit keeps one such file from dominating start-up.
pub const MAX_NOTE_BYTES: u64 = 32 * 1024 * 1024;

/// A file that could not be read cleanly, and why. The note may still have loaded (a lossy
/// UTF-8 decode, broken front matter); the message says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadError {
    /// Relative to the vault root, `/`-separated.
    pub path: String,
    pub reason: Reason,
}

/// Why a file could not be read cleanly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reason {
    /// The file could not be opened (vanished, permission denied, ...).
    #[error("cannot open: {0}")]
    Open(String),
    /// Not a regular file when opened (a FIFO or device put in a note's place); not read.
    #[error("not a regular file; skipped")]
    NotRegular,
    /// The file opened but reading it failed.
    #[error("cannot read: {0}")]
    Read(String),
    /// Larger than [`MAX_NOTE_BYTES`]; not loaded.
    #[error("over the {} MiB limit; skipped", MAX_NOTE_BYTES >> 20)]
    TooLarge,
    /// Mostly NUL bytes or invalid UTF-8 at its start; not loaded.
    #[error("binary file (mostly NUL or invalid UTF-8 in the first 8 KiB); skipped")]
    Binary,
    /// Not valid UTF-8 from this byte offset on; loaded with replacement characters.
    #[error("not valid UTF-8 (first bad byte at offset {0}); loaded with replacement characters")]
    Utf8(usize),
    /// A symbolic link that leads back into a folder being walked.
    #[error("symlink loop, not followed")]
    SymlinkLoop,
    /// Any other problem the folder walk met (an unreadable folder, a bad ignore file).
    #[error("{0}")]
    Walk(String),
    /// A problem the parser found in the note's text (its front matter, say); the note
    /// loaded.
    #[error("{0}")]
    Note(String),
}

impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// A note file found by [`walk`].
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    /// Relative to the vault root, `/`-separated.
    pub rel: String,
}

/// What [`walk`] found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Markdown files, sorted by relative path.
    pub notes: Vec<Entry>,
    /// Every other file, relative to the root, sorted.
    pub attachments: Vec<String>,
    pub errors: Vec<LoadError>,
}

/// The name to show for a vault: its folder's own name, resolved through `.` and symlinks.
pub fn vault_name(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.display().to_string())
}

/// Is this a markdown file name?
pub fn is_markdown(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Which files a walk lists, beyond the notes and attachments every walk lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Hidden folders and files (`.name`); `.git` is never listed.
    pub hidden: bool,
    /// Honour the vault's `.gitignore`, `.ignore` and `.git/info/exclude`.
    pub gitignore: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            hidden: false,
            gitignore: true,
        }
    }
}

impl Options {
    /// Is a part of a path (a folder's or file's name) left out by these options?
    fn hides(self, part: &str) -> bool {
        part.is_empty() || part == ".git" || (part.starts_with('.') && !self.hidden)
    }
}

/// What [`walk`] would list, asked path by path (of files the watcher reported): each
/// folder's ignore files are read once, however many paths are asked about.
pub struct Listing {
    root: PathBuf,
    rules: ignores::Ignores,
    options: Options,
}

impl Listing {
    pub fn new(root: &Path, options: Options) -> Listing {
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Listing {
            root: root.to_path_buf(),
            rules: ignores::Ignores::new(root, &canonical_root),
            options,
        }
    }

    /// Would [`walk`] list this path (relative to the root, `/`-separated)? Not when a part
    /// of it is hidden (`.obsidian/…`) or an ignore file of the vault rules it out: a change
    /// the watcher reports there is not a change to the vault.
    pub fn lists(&self, rel: &str) -> bool {
        if rel.split('/').any(|part| self.options.hides(part)) {
            return false;
        }
        if !self.options.gitignore {
            return true;
        }
        let is_dir = self.root.join(rel).is_dir();
        // A file is listed only if no folder above it is ignored either.
        let mut at = self.root.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let dir = i + 1 < parts.len() || is_dir;
            if self.rules.is_ignored(&at, dir) {
                return false;
            }
        }
        true
    }
}

/// Every file below `dir` (inside `root`) that `options` do not hide, relative to `root`:
/// what a folder that appeared at once (moved in, renamed) holds. Symlinks are not followed.
pub fn files_under(root: &Path, dir: &Path, options: Options) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            if options.hides(&e.file_name().to_string_lossy()) {
                continue;
            }
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => out.push(rel_path(root, &e.path())),
                _ => {}
            }
        }
    }
    out
}

/// Is this the name of a file that holds ignore rules? A change to one changes what the
/// walk lists, anywhere below it.
pub fn is_ignore_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    matches!(name, ".gitignore" | ".ignore") || rel == ".git/info/exclude"
}

/// List the vault's files in parallel, as `options` say.
pub fn walk(root: &Path, options: Options) -> Walk {
    let found = Mutex::new(Walk::default());
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let inside = canonical_root.clone();
    let ignores = std::sync::Arc::new(ignores::Ignores::new(root, &canonical_root));
    let rules = ignores.clone();
    // The walker reads no ignore file itself: `ignores` reads them, within bounds.
    let walker = ignore::WalkBuilder::new(root)
        .hidden(!options.hidden)
        .parents(false)
        .ignore(false)
        .git_ignore(false)
        .git_exclude(false)
        .git_global(false)
        .require_git(false)
        .follow_links(true)
        .filter_entry(move |entry| {
            // A symlink may point anywhere; keep it only if it lands inside the vault.
            let inside = !entry.path_is_symlink()
                || entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|p| p.starts_with(&inside));
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            inside
                && (entry.depth() == 0
                    || (entry.file_name() != ".git"
                        && !(options.gitignore && rules.is_ignored(entry.path(), is_dir))))
        })
        .build_parallel();
    walker.run(|| {
        let found = &found;
        let root = root.to_path_buf();
        Box::new(move |result| {
            match result {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    let rel = rel_path(&root, entry.path());
                    let name = entry.file_name().to_string_lossy();
                    let mut walk = found
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if is_markdown(&name) {
                        walk.notes.push(Entry {
                            path: entry.into_path(),
                            rel,
                        });
                    } else {
                        walk.attachments.push(rel);
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path =
                        error_path(&err).map_or_else(|| ".".to_string(), |p| rel_path(&root, p));
                    let mut walk = found
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    walk.errors.push(LoadError {
                        path,
                        reason: describe_walk_error(&err),
                    });
                }
            }
            ignore::WalkState::Continue
        })
    });
    let mut walk = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // The walker's threads are done: the rules are ours alone again.
    if let Ok(ignores) = std::sync::Arc::try_unwrap(ignores) {
        walk.errors.extend(ignores.into_warnings());
    }
    // On every core: sorting 100k paths on one thread took ~14 ms. Paths are unique, so an
    // unstable sort gives the one order.
    walk.notes.par_sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    walk.attachments.par_sort_unstable();
    walk.errors.sort_by(|a, b| a.path.cmp(&b.path));
    walk
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

fn describe_walk_error(err: &ignore::Error) -> Reason {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { .. } => Reason::SymlinkLoop,
        ignore::Error::Io(io) => Reason::Read(io.kind().to_string()),
        other => Reason::Walk(other.to_string()),
    }
}

/// A note's text as [`read_into`] reads it: borrowed from the caller's buffer when the file
/// is valid UTF-8.
#[derive(Debug)]
pub struct Text<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub bytes: u64,
    /// Set when the file was not valid UTF-8 and was decoded lossily.
    pub warning: Option<LoadError>,
}

/// Read one note into `buf`. Unreadable, binary and oversized files are errors; invalid
/// UTF-8 is decoded lossily with a warning. `buf` is emptied first and may be reused from
/// note to note: the loader reads every note of a run through one buffer rather than
/// allocating one per file.
/// The size limit is kept by reading at most one byte past it, which also catches a file
/// that grows while it is read, so the file is not asked for its length first.
pub fn read_into<'a>(entry: &Entry, buf: &'a mut Vec<u8>) -> Result<Text<'a>, LoadError> {
    let fail = |reason: Reason| LoadError {
        path: entry.rel.clone(),
        reason,
    };
    let file = open_regular(&entry.path).map_err(|e| match e {
        OpenRegular::NotRegular => fail(Reason::NotRegular),
        OpenRegular::Io(e) => fail(Reason::Open(io_reason(&e))),
    })?;
    buf.clear();
    file.take(MAX_NOTE_BYTES + 1)
        .read_to_end(buf)
        .map_err(|e| fail(Reason::Read(io_reason(&e))))?;
    if buf.len() as u64 > MAX_NOTE_BYTES {
        return Err(fail(Reason::TooLarge));
    }
    let size = buf.len() as u64;
    let utf8 = std::str::from_utf8(buf);
    let sample = &buf[..buf.len().min(8192)];
    // Nearly every note is valid UTF-8 without a NUL: that is settled by one validation of
    // the whole file and a memchr of its start.
    let clean = utf8.is_ok() && memchr::memchr(0, sample).is_none();
    if !clean && looks_binary(sample) {
        return Err(fail(Reason::Binary));
    }
    let (text, warning) = match utf8 {
        Ok(text) => (std::borrow::Cow::Borrowed(text), None),
        Err(err) => (
            String::from_utf8_lossy(buf),
            Some(fail(Reason::Utf8(err.valid_up_to()))),
        ),
    };
    Ok(Text {
        text,
        bytes: size,
        warning,
    })
}

/// Why [`open_regular`] would not hand a file over.
#[derive(Debug)]
pub(crate) enum OpenRegular {
    /// It opened, but as a FIFO, a device or a folder.
    NotRegular,
    Io(std::io::Error),
}

/// Open a file for reading only if it is a regular file. It is opened without blocking
/// (`O_NONBLOCK`: a FIFO swapped in for a note opens at once rather than waiting for a
/// writer), and the opened handle itself is asked what it is (`fstat`), so a file swapped
/// between the walk and the read cannot stall or mislead the load.
pub(crate) fn open_regular(path: &Path) -> Result<std::fs::File, OpenRegular> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(OpenRegular::Io)?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        Ok(_) => Err(OpenRegular::NotRegular),
        Err(e) => Err(OpenRegular::Io(e)),
    }
}

/// Is this the start of a binary file? More than a tenth (and at least 8) NUL bytes or
/// invalid UTF-8 sequences. A text
/// note with a stray NUL or escape sequence is still text: it loads, and the reader shows
/// those characters as placeholders.
fn looks_binary(sample: &[u8]) -> bool {
    let text = String::from_utf8_lossy(sample);
    let (mut bad, mut total) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c == '\0' || c == '\u{fffd}' {
            bad += 1;
        }
    }
    // A handful of bad bytes in a tiny file is a damaged note, not a binary one.
    bad >= 8 && bad * 10 > total
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file vanished while loading".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_names() {
        assert!(is_markdown("a.md"));
        assert!(is_markdown("A.MARKDOWN"));
        assert!(!is_markdown("a.mdx"));
        assert!(!is_markdown("md"));
    }

    #[test]
    fn walk_skips_hidden_and_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".obsidian")).unwrap();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join(".obsidian/x.md"), "x").unwrap();
        std::fs::write(root.join(".gitignore"), "ignored.md\n").unwrap();
        std::fs::write(root.join("ignored.md"), "x").unwrap();
        std::fs::write(root.join("sub/a.md"), "x").unwrap();
        std::fs::write(root.join("b.markdown"), "x").unwrap();
        std::fs::write(root.join("pic.png"), "x").unwrap();
        let w = walk(root, Options::default());
        let rels: Vec<_> = w.notes.iter().map(|e| e.rel.as_str()).collect();
        assert_eq!(rels, vec!["b.markdown", "sub/a.md"]);
        assert_eq!(w.attachments, vec!["pic.png"]);
    }

    #[test]
    fn read_into_reuses_its_buffer_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let long = dir.path().join("long.md");
        let short = dir.path().join("short.md");
        std::fs::write(&long, "x".repeat(20_000)).unwrap();
        std::fs::write(&short, "# Short\n").unwrap();
        let mut buf = Vec::new();
        let entry = |path: &Path| Entry {
            path: path.to_path_buf(),
            rel: "n.md".into(),
        };
        assert_eq!(read_into(&entry(&long), &mut buf).unwrap().bytes, 20_000);
        let text = read_into(&entry(&short), &mut buf).unwrap();
        assert_eq!(text.text, "# Short\n");
        assert_eq!(text.bytes, 8);
    }

    #[test]
    fn read_rejects_binary_and_decodes_bad_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin.md");
        let noise: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        std::fs::write(&bin, noise).unwrap();
        let mut buf = Vec::new();
        let err = read_into(
            &Entry {
                path: bin,
                rel: "bin.md".into(),
            },
            &mut buf,
        )
        .unwrap_err();
        assert_eq!(err.reason, Reason::Binary);
        let nul = dir.path().join("nul.md");
        std::fs::write(
            &nul,
            b"# Title\n\ntext with one \0 NUL and an \x1b[2J escape\n",
        )
        .unwrap();
        assert!(
            read_into(
                &Entry {
                    path: nul,
                    rel: "nul.md".into()
                },
                &mut buf
            )
            .is_ok(),
            "a stray NUL is still text"
        );
        let bad = dir.path().join("bad.md");
        std::fs::write(&bad, b"caf\xe9 ok").unwrap();
        let src = read_into(
            &Entry {
                path: bad,
                rel: "bad.md".into(),
            },
            &mut buf,
        )
        .unwrap();
        assert_eq!(src.text, "caf\u{fffd} ok");
        assert!(matches!(src.warning.unwrap().reason, Reason::Utf8(_)));
    }
}
