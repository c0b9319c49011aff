//! Code blocks coloured by their language, with syntect's grammars (Sublime Text's, read by
//! a pure-Rust regex engine). Scopes become [`Role`]s, so code takes the UI's theme like
//! everything else; a language syntect does not know stays plain.
//!
//! The grammars are regex machines, a few hundred KB a second, too slow to run when a page
//! is laid out: a page is laid out with its code plain, and a [`Colourer`] colours the
//! blocks in and near the view afterwards, a slice of time at a time, between keys. Only what
//! is looked at is coloured. A line longer than [`LONGEST_LINE`] ends its block's colouring.

use super::{CodeBlock, Rendered};
use crate::theme::Role;
use ratatui::style::Style;
use ratatui::text::Span;
use std::ops::Range;
use std::sync::LazyLock;
use std::time::{Duration, Instant};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};

/// Lines longer than this end a block's colouring (regex grammars are slow on them).
pub const LONGEST_LINE: usize = 2_000;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Scope prefixes and the role each gives, the most specific first.
static ROLES: LazyLock<Vec<(Scope, Role)>> = LazyLock::new(|| {
    [
        ("comment", Role::Dim),
        ("punctuation.definition.comment", Role::Dim),
        ("string", Role::CodeString),
        ("constant.character", Role::CodeString),
        ("constant.numeric", Role::CodeNumber),
        ("constant.language", Role::CodeNumber),
        ("constant.other", Role::CodeNumber),
        ("keyword.operator", Role::Code),
        ("keyword", Role::CodeKeyword),
        ("storage", Role::CodeKeyword),
        ("entity.name.tag", Role::CodeKeyword),
        ("entity.name.type", Role::CodeType),
        ("entity.name.class", Role::CodeType),
        ("entity.name.struct", Role::CodeType),
        ("entity.name.enum", Role::CodeType),
        ("entity.other.inherited-class", Role::CodeType),
        ("support.type", Role::CodeType),
        ("support.class", Role::CodeType),
        ("entity.name.function", Role::CodeFunction),
        ("support.function", Role::CodeFunction),
        ("variable.function", Role::CodeFunction),
        ("entity.other.attribute-name", Role::CodeFunction),
        ("meta.attribute", Role::CodeFunction),
    ]
    .into_iter()
    .filter_map(|(s, r)| Scope::new(s).ok().map(|s| (s, r)))
    .collect()
});

/// Load the grammars now (about 20 ms), so that the first code block opened does not wait.
pub fn warm() {
    LazyLock::force(&SYNTAXES);
    LazyLock::force(&ROLES);
}

/// Colouring one code block, line by line.
pub(super) struct Code {
    state: ParseState,
    stack: ScopeStack,
    /// Reused: the line with its newline, as the grammars expect.
    line: String,
}

impl Code {
    /// A highlighter for a block fenced with `lang` (`rust`, `py`, `sh`...), or `None` when
    /// no grammar knows the name.
    pub(super) fn start(lang: &str) -> Option<Code> {
        if lang.is_empty() {
            return None;
        }
        let syntaxes = &*SYNTAXES;
        let syntax = syntaxes
            .find_syntax_by_token(lang)
            .or_else(|| syntaxes.find_syntax_by_token(&lang.to_ascii_lowercase()))?;
        Some(Code {
            state: ParseState::new(syntax),
            stack: ScopeStack::new(),
            line: String::new(),
        })
    }

    /// One line of the block (no newline): byte ranges of it, each with its style, in order
    /// and covering it. `None` when the grammar fails on it: the block goes on plain.
    pub(super) fn line(&mut self, text: &str) -> Option<Vec<(Range<usize>, Style)>> {
        self.line.clear();
        self.line.push_str(text);
        self.line.push('\n');
        let ops = self.state.parse_line(&self.line, &SYNTAXES).ok()?;
        let mut out: Vec<(Range<usize>, Style)> = Vec::new();
        let mut at = 0;
        let push = |out: &mut Vec<(Range<usize>, Style)>, range: Range<usize>, role: Role| {
            if range.is_empty() {
                return;
            }
            let style = Style::new().fg(role.color());
            match out.last_mut() {
                Some((r, s)) if *s == style && r.end == range.start => r.end = range.end,
                _ => out.push((range, style)),
            }
        };
        for (pos, op) in ops {
            let pos = pos.min(text.len());
            if pos > at {
                push(&mut out, at..pos, self.role());
                at = pos;
            }
            self.stack.apply(&op).ok()?;
        }
        push(&mut out, at..text.len(), self.role());
        Some(out)
    }

    /// The role of text under the current scopes: the innermost scope that names one.
    fn role(&self) -> Role {
        for scope in self.stack.as_slice().iter().rev() {
            if let Some((_, role)) = ROLES.iter().find(|(s, _)| s.is_prefix_of(*scope)) {
                return *role;
            }
        }
        Role::Code
    }
}

/// Colouring a page's code blocks, those nearest the view first, a slice of time at a time.
#[derive(Default)]
pub struct Colourer {
    /// For each of the page's blocks: coloured, or found to have no grammar.
    done: Vec<bool>,
    /// The block being coloured: its index, its next line, and the grammar's state.
    current: Option<(usize, usize, Code)>,
}

impl std::fmt::Debug for Colourer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Colourer")
            .field("done", &self.done)
            .field("current", &self.current.as_ref().map(|(b, l, _)| (b, l)))
            .finish()
    }
}

impl Clone for Colourer {
    /// A copy starts the block in progress over.
    fn clone(&self) -> Colourer {
        Colourer {
            done: self.done.clone(),
            current: None,
        }
    }
}

/// The rendered lines a block covers.
fn rows(block: &CodeBlock) -> Range<usize> {
    let first = block.lines.first().and_then(|(_, p)| p.first());
    let last = block.lines.last().and_then(|(_, p)| p.last());
    match (first, last) {
        (Some(a), Some(b)) => a.0..b.0 + 1,
        _ => 0..0,
    }
}

impl Colourer {
    /// Nothing coloured yet of `page`'s blocks.
    pub fn new(page: &Rendered) -> Colourer {
        Colourer {
            done: vec![false; page.code.len()],
            current: None,
        }
    }

    /// Is a block that meets rendered lines `view` still to be coloured?
    pub fn wants(&self, page: &Rendered, view: &Range<usize>) -> bool {
        self.current.is_some() || self.next_block(page, view).is_some()
    }

    fn next_block(&self, page: &Rendered, view: &Range<usize>) -> Option<usize> {
        (0..page.code.len()).find(|&b| {
            let r = rows(&page.code[b]);
            !self.done.get(b).copied().unwrap_or(true) && r.start < view.end && view.start < r.end
        })
    }

    /// Colour lines of the blocks meeting `view` until `budget` is spent; true when some are
    /// left.
    pub fn work(&mut self, page: &mut Rendered, view: &Range<usize>, budget: Duration) -> bool {
        let start = Instant::now();
        loop {
            if self.current.is_none() {
                let Some(b) = self.next_block(page, view) else {
                    return false;
                };
                let Some(code) = Code::start(&page.code[b].lang) else {
                    self.done[b] = true;
                    continue;
                };
                self.current = Some((b, 0, code));
            }
            let Some((b, line, code)) = self.current.as_mut() else {
                return false;
            };
            let Rendered {
                lines,
                code: blocks,
                ..
            } = page;
            let block = &blocks[*b];
            while *line < block.lines.len() {
                if start.elapsed() >= budget {
                    return true;
                }
                let (text, pieces) = &block.lines[*line];
                let Some(styled) = (text.len() <= LONGEST_LINE)
                    .then(|| code.line(text))
                    .flatten()
                else {
                    break;
                };
                paint(lines, text, pieces, &styled);
                *line += 1;
            }
            self.done[*b] = true;
            self.current = None;
        }
    }
}

/// Give the pieces of one code line (`text`, drawn at `pieces`) the styles of `styled`'s
/// ranges. Pieces are checked to hold the line first; a line drawn otherwise stays plain.
fn paint(
    lines: &mut [ratatui::text::Line<'static>],
    text: &str,
    pieces: &[(usize, usize)],
    styled: &[(Range<usize>, Style)],
) {
    let mut at = 0;
    for &(row, span) in pieces {
        let Some(s) = lines.get(row).and_then(|l| l.spans.get(span)) else {
            return;
        };
        if !text[at..].starts_with(s.content.as_ref()) {
            return;
        }
        at += s.content.len();
    }
    if at != text.len() {
        return;
    }
    let mut at = 0;
    for &(row, span) in pieces {
        let line = &mut lines[row];
        let base = line.spans[span].style;
        let piece = at..at + line.spans[span].content.len();
        let mut parts: Vec<Span<'static>> = Vec::new();
        for (range, style) in styled {
            let from = range.start.max(piece.start);
            let to = range.end.min(piece.end);
            if from < to {
                parts.push(Span::styled(text[from..to].to_string(), base.patch(*style)));
            }
        }
        at = piece.end;
        line.spans.splice(span..=span, parts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_keywords_strings_and_comments_take_their_roles() {
        let mut code = Code::start("rust").unwrap();
        let line = r#"fn main() { let s = "hi"; // note"#;
        let pieces = code.line(line).unwrap();
        let role_of = |word: &str| {
            let at = line.find(word).unwrap();
            let (_, style) = pieces.iter().find(|(r, _)| r.contains(&at)).unwrap();
            style.fg
        };
        assert_eq!(role_of("fn"), Some(Role::CodeKeyword.color()));
        assert_eq!(role_of("main"), Some(Role::CodeFunction.color()));
        assert_eq!(role_of("\"hi\""), Some(Role::CodeString.color()));
        assert_eq!(role_of("// note"), Some(Role::Dim.color()));
        // The pieces cover the line, in order.
        assert_eq!(pieces.first().unwrap().0.start, 0);
        assert_eq!(pieces.last().unwrap().0.end, line.len());
        assert!(pieces.windows(2).all(|w| w[0].0.end == w[1].0.start));
    }

    #[test]
    fn an_unknown_language_is_not_highlighted() {
        assert!(Code::start("no-such-language").is_none());
        assert!(Code::start("").is_none());
        assert!(Code::start("Python").is_some());
        assert!(Code::start("sh").is_some());
    }
}
