//! Handing a note to the user's editor: the command from `$VISUAL`, else `$EDITOR`, else
//! `vi`, split as a shell would split it (`code --wait`, `nvim -p`) but never run through a
//! shell, with the line to open at in the form the editor understands.

use std::path::Path;
use std::process::Command;

/// Why the editor could not be run, or did not finish cleanly.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    /// The variable's value has an unclosed quote or a trailing backslash.
    #[error("cannot read ${var} ({value:?}): {message}")]
    Split {
        var: &'static str,
        value: String,
        message: String,
    },
    /// The program could not be started (not installed, not executable).
    #[error("cannot start the editor {program:?}: {source} (set $VISUAL or $EDITOR)")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    /// The editor ran and failed.
    #[error("the editor {program:?} exited with {status}")]
    Failed {
        program: String,
        status: std::process::ExitStatus,
    },
}

/// Editors that open a file at a line when given `+LINE` before it.
const PLUS_LINE: &[&str] = &[
    "vi",
    "vim",
    "nvim",
    "gvim",
    "view",
    "vis",
    "nano",
    "pico",
    "emacs",
    "emacsclient",
    "kak",
    "micro",
    "joe",
    "jed",
    "ne",
    "mg",
    "mcedit",
];

/// Editors that take `FILE:LINE`.
const COLON_LINE: &[&str] = &["hx", "helix", "subl", "zed"];

/// The command that opens `path` at `line` (1-based) in the user's editor.
pub fn command(path: &Path, line: usize) -> Result<Command, EditorError> {
    let (var, value) = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|var| {
            std::env::var(var)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(|v| (var, v))
        })
        .unwrap_or(("EDITOR", "vi".to_string()));
    command_for(var, &value, path, line)
}

/// [`command`] for the editor `value` (read from `$var`).
fn command_for(
    var: &'static str,
    value: &str,
    path: &Path,
    line: usize,
) -> Result<Command, EditorError> {
    let words = shell_words::split(value).map_err(|e| EditorError::Split {
        var,
        value: value.to_string(),
        message: e.to_string(),
    })?;
    let Some((program, args)) = words.split_first() else {
        return Err(EditorError::Split {
            var,
            value: value.to_string(),
            message: "no program named".into(),
        });
    };
    let mut cmd = Command::new(program);
    cmd.args(args);
    let name = Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let line = line.max(1);
    if PLUS_LINE.contains(&name.as_str()) {
        cmd.arg(format!("+{line}")).arg(path);
    } else if COLON_LINE.contains(&name.as_str()) {
        let mut at = path.as_os_str().to_owned();
        at.push(format!(":{line}"));
        cmd.arg(at);
    } else if matches!(name.as_str(), "code" | "codium" | "code-insiders") {
        let mut at = path.as_os_str().to_owned();
        at.push(format!(":{line}"));
        cmd.arg("--goto").arg(at);
    } else {
        cmd.arg(path);
    }
    Ok(cmd)
}

/// Run the editor on `path` at `line` and wait for it, with the terminal as it is.
pub fn run(path: &Path, line: usize) -> Result<(), EditorError> {
    let mut cmd = command(path, line)?;
    let program = cmd.get_program().to_string_lossy().into_owned();
    let status = cmd.status().map_err(|source| EditorError::Spawn {
        program: program.clone(),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(EditorError::Failed { program, status })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args_for(editor: &str) -> Vec<String> {
        let cmd = command_for("EDITOR", editor, Path::new("/v/a b.md"), 12).unwrap();
        std::iter::once(cmd.get_program())
            .chain(cmd.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn editors_are_split_as_a_shell_would_and_given_the_line() {
        assert_eq!(args_for("nvim -p"), ["nvim", "-p", "+12", "/v/a b.md"]);
        assert_eq!(
            args_for("'/opt/my editor/vim'"),
            ["/opt/my editor/vim", "+12", "/v/a b.md"]
        );
        assert_eq!(
            args_for("code --wait"),
            ["code", "--wait", "--goto", "/v/a b.md:12"]
        );
        assert_eq!(args_for("hx"), ["hx", "/v/a b.md:12"]);
        assert_eq!(args_for("ed"), ["ed", "/v/a b.md"]);
    }

    #[test]
    fn a_bad_editor_variable_is_a_clear_error() {
        let err = command_for("VISUAL", "vim 'unclosed", Path::new("a.md"), 1).unwrap_err();
        assert!(err.to_string().starts_with("cannot read $VISUAL"), "{err}");
        assert!(command_for("EDITOR", "  ", Path::new("a.md"), 1).is_err());
    }
}
