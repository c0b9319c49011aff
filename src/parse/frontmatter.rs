//! YAML front matter: finding the fenced block at the top of a note and reading it into a
//! small value tree, with a budget on how far anchors and aliases may expand.

use saphyr_parser::{Event, Parser, ScanError};
use std::fmt::Write as _;

/// How many values a front matter block may hold once aliases are expanded. Real front matter
/// holds tens; a "billion laughs" block would hold billions.
pub const NODE_BUDGET: usize = 10_000;

/// A YAML value, as far as trail needs one.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// A scalar, kept as written (numbers and dates included).
    Str(String),
    /// `~`, `null` or an empty value.
    Null,
    List(Vec<Yaml>),
    /// Keys kept in document order.
    Map(Vec<(String, Yaml)>),
}

/// The top level of a front matter block: keys and values in document order.
pub type Mapping = Vec<(String, Yaml)>;

/// A scalar of the front matter that holds `[[`, with the 1-based line (within the block) it
/// starts on, so that `[[links]]` inside values can be reported where they stand. Other
/// scalars are not listed: nothing is looked for in them.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarAt {
    pub text: String,
    pub line: usize,
}

/// Why a front matter block could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FrontMatterError {
    /// The opening `---` has no closing `---` or `...` line.
    #[error("front matter is not closed: no `---` line after the opening one")]
    Unterminated,
    /// The YAML parser rejected the block.
    #[error("front matter is not valid YAML (line {line}): {message}")]
    Syntax { line: usize, message: String },
    /// Anchors and aliases expand past [`NODE_BUDGET`] values.
    #[error("front matter aliases expand past {NODE_BUDGET} values; ignored")]
    TooLarge,
    /// The block is YAML but not a mapping of keys to values.
    #[error("front matter is not a mapping of keys to values")]
    NotAMapping,
}

/// The pieces of a note's text around its front matter.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the note opens with a fence.
    pub yaml: Option<&'a str>,
    /// Everything after the closing fence (or the whole text when there is none).
    pub body: &'a str,
    /// How many lines precede the body in the file.
    pub body_line: usize,
    /// The fence was opened but never closed.
    pub unterminated: bool,
}

/// Split a note into front matter and body. The block must open on the first line with `---`
/// and close with a `---` or `...` line.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let none = Split {
        yaml: None,
        body: text,
        body_line: 0,
        unterminated: false,
    };
    let Some(first_end) = text.find('\n') else {
        return none;
    };
    if text[..first_end].trim_end() != "---" {
        return none;
    }
    let mut pos = first_end + 1;
    let mut line = 1;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let l = text[pos..end].trim_end();
        line += 1;
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Split {
                yaml: Some(&text[first_end + 1..pos]),
                body: &text[body_start..],
                body_line: line,
                unterminated: false,
            };
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
    }
    // An opening `---` with no closing one is front matter gone wrong only if a `key:` line
    // follows it; otherwise it is a thematic break at the top of the note.
    let looks_like_yaml = text[first_end + 1..].lines().next().is_some_and(|l| {
        l.split_once(':')
            .is_some_and(|(k, _)| !k.is_empty() && !k.starts_with(' ') && !k.contains(' '))
    });
    Split {
        unterminated: looks_like_yaml,
        ..none
    }
}

/// Read a front matter block into its top-level keys, with every scalar that holds `[[`
/// and its line. Anchors and aliases are expanded within [`NODE_BUDGET`].
pub fn parse(yaml: &str) -> Result<(Mapping, Vec<ScalarAt>), FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut builder = Builder::default();
    for event in Parser::new_from_str(yaml) {
        let (event, span) = event.map_err(|e: ScanError| FrontMatterError::Syntax {
            line: e.marker().line(),
            message: e.info().to_string(),
        })?;
        builder.event(event, span.start.line())?;
    }
    match builder.done {
        Some(Yaml::Map(map)) => Ok((map, builder.scalars)),
        Some(Yaml::Null) | None => Ok((Vec::new(), builder.scalars)),
        Some(_) => Err(FrontMatterError::NotAMapping),
    }
}

/// Builds the value tree from parser events. Aliases are expanded by copying the anchored
/// value, charged against [`NODE_BUDGET`], so no input can make this grow without bound.
#[derive(Default)]
struct Builder {
    stack: Vec<(Yaml, Option<String>, usize)>,
    anchors: Vec<(usize, Yaml, usize)>,
    nodes: usize,
    scalars: Vec<ScalarAt>,
    done: Option<Yaml>,
}

fn size(v: &Yaml) -> usize {
    match v {
        Yaml::Str(_) | Yaml::Null => 1,
        Yaml::List(l) => 1 + l.iter().map(size).sum::<usize>(),
        Yaml::Map(m) => 1 + m.iter().map(|(_, v)| size(v)).sum::<usize>(),
    }
}

impl Builder {
    fn event(&mut self, event: Event<'_>, line: usize) -> Result<(), FrontMatterError> {
        match event {
            Event::Scalar(text, style, anchor, _) => {
                let value = if matches!(style, saphyr_parser::ScalarStyle::Plain)
                    && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Yaml::Null
                } else {
                    if crate::text::has_pair(&text, b'[', b'[') {
                        self.scalars.push(ScalarAt {
                            text: text.to_string(),
                            line,
                        });
                    }
                    Yaml::Str(text.into_owned())
                };
                self.value(value, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push((Yaml::List(Vec::new()), None, anchor));
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push((Yaml::Map(Vec::new()), None, anchor));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((value, _, anchor)) = self.stack.pop() {
                    self.value(value, anchor)?;
                }
            }
            Event::Alias(id) => {
                let found = self.anchors.iter().rev().find(|(a, _, _)| *a == id);
                let (value, cost) = match found {
                    Some((_, v, cost)) => (v.clone(), *cost),
                    None => (Yaml::Null, 1),
                };
                self.charge(cost)?;
                self.place(value);
            }
            _ => {}
        }
        Ok(())
    }

    fn charge(&mut self, n: usize) -> Result<(), FrontMatterError> {
        self.nodes += n;
        if self.nodes > NODE_BUDGET {
            Err(FrontMatterError::TooLarge)
        } else {
            Ok(())
        }
    }

    fn value(&mut self, value: Yaml, anchor: usize) -> Result<(), FrontMatterError> {
        self.charge(1)?;
        if anchor != 0 {
            let cost = size(&value);
            self.anchors.push((anchor, value.clone(), cost));
        }
        self.place(value);
        Ok(())
    }

    fn place(&mut self, value: Yaml) {
        match self.stack.last_mut() {
            None => {
                if self.done.is_none() {
                    self.done = Some(value);
                }
            }
            Some((Yaml::List(list), _, _)) => list.push(value),
            Some((Yaml::Map(map), key, _)) => match key.take() {
                None => *key = Some(display(&value)),
                Some(k) => map.push((k, value)),
            },
            Some(_) => {}
        }
    }
}

/// A value as one line of text: lists joined with `, `, maps as `k: v`.
pub fn display(v: &Yaml) -> String {
    match v {
        Yaml::Str(s) => s.clone(),
        Yaml::Null => String::new(),
        Yaml::List(l) => l.iter().map(display).collect::<Vec<_>>().join(", "),
        Yaml::Map(m) => {
            let mut out = String::new();
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{k}: {}", display(v));
            }
            out
        }
    }
}

/// A value as a list of strings: a list's items, a scalar split on commas, nothing for null.
pub fn strings(v: &Yaml) -> Vec<String> {
    match v {
        Yaml::Str(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        Yaml::Null | Yaml::Map(_) => Vec::new(),
        Yaml::List(l) => l
            .iter()
            .map(display)
            .filter(|s| !s.trim().is_empty())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_block_and_body_line() {
        let s = split("---\ntitle: A\n---\nbody\n");
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 3);
    }

    #[test]
    fn split_without_fence_is_all_body() {
        let s = split("# A\n---\n");
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "# A\n---\n");
    }

    #[test]
    fn split_unterminated_keeps_body() {
        let s = split("---\ntitle: A\nno end");
        assert!(s.unterminated);
        assert_eq!(s.body, "---\ntitle: A\nno end");
    }

    #[test]
    fn split_leading_rule_is_not_front_matter() {
        let s = split("---\n\nProse after a rule.\n");
        assert!(!s.unterminated);
        assert_eq!(s.yaml, None);
    }

    #[test]
    fn split_accepts_dots_and_crlf() {
        let s = split("---\r\na: 1\r\n...\r\nx");
        assert_eq!(s.yaml, Some("a: 1\r\n"));
        assert_eq!(s.body, "x");
    }

    #[test]
    fn parse_reads_keys_in_order() {
        let (map, _) = parse("title: \"Hi\"\ntags: [a, b]\ndate: 2024-01-02\n").unwrap();
        assert_eq!(map[0], ("title".into(), Yaml::Str("Hi".into())));
        assert_eq!(strings(&map[1].1), vec!["a", "b"]);
        assert_eq!(display(&map[2].1), "2024-01-02");
    }

    #[test]
    fn parse_reports_syntax_error_with_line() {
        let err = parse("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(matches!(err, FrontMatterError::Syntax { .. }), "{err:?}");
    }

    #[test]
    fn parse_stops_a_yaml_bomb() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            let _ = writeln!(
                y,
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
            );
        }
        assert_eq!(parse(&y).unwrap_err(), FrontMatterError::TooLarge);
    }

    #[test]
    fn parse_expands_small_alias() {
        let (map, _) = parse("a: &x hi\nb: *x\n").unwrap();
        assert_eq!(map[1].1, Yaml::Str("hi".into()));
    }

    #[test]
    fn parse_rejects_scalar_document() {
        assert_eq!(
            parse("just words").unwrap_err(),
            FrontMatterError::NotAMapping
        );
    }
}
