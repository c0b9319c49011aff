//! What an Obsidian vault's own settings say about reading it. Obsidian draws a single line
//! break in a paragraph as a line break, unlike `CommonMark`, unless the vault's
//! `.obsidian/app.json` sets `strictLineBreaks`. A vault without `.obsidian/` reads as
//! `CommonMark`. The settings file is read like an ignore file: a regular file, opened
//! without blocking, at most [`MAX_SETTINGS_BYTES`].

use super::{LoadError, OpenRegular, Reason, open_regular};
use std::io::Read as _;
use std::path::Path;

/// The largest `app.json` read; Obsidian's are a few hundred bytes.
const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// How a single line break inside a paragraph is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineBreaks {
    /// As a space (`CommonMark`; Obsidian with `strictLineBreaks`).
    #[default]
    Soft,
    /// As a line break (Obsidian's default).
    Hard,
}

/// How the vault at `root` draws line breaks, and a warning when its settings file exists
/// but cannot be read (the vault then reads as Obsidian's default).
pub fn line_breaks(root: &Path) -> (LineBreaks, Option<LoadError>) {
    let dir = root.join(".obsidian");
    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return (LineBreaks::Soft, None);
    }
    let warn = |why: String| {
        Some(LoadError {
            path: ".obsidian/app.json".into(),
            reason: Reason::Walk(format!("{why}; line breaks read as Obsidian's default")),
        })
    };
    let file = match open_regular(&dir.join("app.json")) {
        Ok(f) => f,
        Err(OpenRegular::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return (LineBreaks::Hard, None);
        }
        Err(OpenRegular::Io(e)) => return (LineBreaks::Hard, warn(format!("cannot open: {e}"))),
        Err(OpenRegular::NotRegular) => {
            return (LineBreaks::Hard, warn("not a regular file".into()));
        }
    };
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_SETTINGS_BYTES + 1).read_to_end(&mut bytes) {
        return (LineBreaks::Hard, warn(format!("cannot read: {e}")));
    }
    if bytes.len() as u64 > MAX_SETTINGS_BYTES {
        return (LineBreaks::Hard, warn("larger than 1 MiB".into()));
    }
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(v)
            if v.get("strictLineBreaks")
                .and_then(serde_json::Value::as_bool)
                == Some(true) =>
        {
            (LineBreaks::Soft, None)
        }
        Ok(_) => (LineBreaks::Hard, None),
        Err(e) => (LineBreaks::Hard, warn(format!("not JSON: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obsidian_vaults_break_lines_unless_told_not_to() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(line_breaks(root).0, LineBreaks::Soft);
        std::fs::create_dir(root.join(".obsidian")).unwrap();
        assert_eq!(line_breaks(root), (LineBreaks::Hard, None));
        std::fs::write(
            root.join(".obsidian/app.json"),
            r#"{"strictLineBreaks": true}"#,
        )
        .unwrap();
        assert_eq!(line_breaks(root), (LineBreaks::Soft, None));
        std::fs::write(
            root.join(".obsidian/app.json"),
            r#"{"strictLineBreaks": false}"#,
        )
        .unwrap();
        assert_eq!(line_breaks(root), (LineBreaks::Hard, None));
        std::fs::write(root.join(".obsidian/app.json"), "{oops").unwrap();
        let (breaks, warning) = line_breaks(root);
        assert_eq!(breaks, LineBreaks::Hard);
        assert!(warning.unwrap().to_string().contains("not JSON"));
    }
}
