//! HTML in a note, read and drawn for what a reader should see: its text, with entities decoded, its
//! line breaks, and the few inline tags that carry meaning (`<kbd>`, `<mark>`, `<sub>`,
//! `<sup>`, emphasis). Tags themselves never reach the screen, and neither does the content
//! of `<script>` and `<style>`. This is a reader's view, not a parser of the web: a tag is
//! `<` name attributes `>`, and anything that does not look like one is text.

use super::blocks::Renderer;
use super::styles;
use std::borrow::Cow;

/// One piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// Text, entities decoded.
    Text(Cow<'a, str>),
    /// A tag, its name in lower case.
    Tag {
        name: String,
        closing: bool,
        attrs: &'a str,
    },
    /// `<!-- … -->` (also one left open at the fragment's end).
    Comment,
}

/// The pieces of `html`, in order.
pub(super) fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Token::Text(decode_entities(rest)));
            break;
        };
        if lt > 0 {
            out.push(Token::Text(decode_entities(&rest[..lt])));
        }
        let at = &rest[lt..];
        if let Some(body) = at.strip_prefix("<!--") {
            out.push(Token::Comment);
            rest = body.find("-->").map_or("", |end| &body[end + 3..]);
            continue;
        }
        if let Some((token, len)) = tag(at) {
            out.push(token);
            rest = &at[len..];
        } else {
            // A `<` that opens no tag is text (`a < b`).
            out.push(Token::Text(Cow::Borrowed("<")));
            rest = &at[1..];
        }
    }
    out
}

/// The tag at the start of `s` (which starts with `<`) and its length in bytes.
fn tag(s: &str) -> Option<(Token<'_>, usize)> {
    let end = s.find('>')?;
    let inner = &s[1..end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((
        Token::Tag {
            name: name.to_ascii_lowercase(),
            closing,
            attrs: inner[name_len..].trim_end_matches('/'),
        },
        end + 1,
    ))
}

/// The value of attribute `name` in a tag's attribute text, entities decoded.
pub(super) fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_at = attrs.len() - after.len() + 1;
        let value = attrs[value_at..].trim_start();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split_whitespace().next().unwrap_or(""),
        };
        return Some(decode_entities(value).into_owned());
    }
    None
}

/// Tags that start or end a block: the text after them starts a new line.
pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "table"
            | "thead"
            | "tbody"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "details"
            | "summary"
            | "figure"
            | "figcaption"
            | "center"
            | "hr"
    )
}

/// Tags whose content is never reading matter.
pub(super) fn is_hidden(name: &str) -> bool {
    matches!(name, "script" | "style" | "template" | "noscript")
}

/// Tags that show nothing of their own text: what a reader is told stands there.
pub(super) fn placeholder(name: &str, attrs: &str) -> Option<String> {
    let what = |kind: &str| {
        let about = attr(attrs, "alt")
            .or_else(|| attr(attrs, "title"))
            .filter(|t| !t.trim().is_empty());
        Some(match about {
            Some(t) => format!("[{kind}: {}]", t.trim()),
            None => format!("[{kind}]"),
        })
    };
    match name {
        "img" | "picture" => what("image"),
        "video" => what("video"),
        "audio" => what("audio"),
        "iframe" | "embed" | "object" => what("embedded page"),
        "svg" | "canvas" => what("drawing"),
        _ => None,
    }
}

/// `&amp;`, `&#39;`, `&#x2014;` and the common named entities, decoded. An entity that is
/// not known stays as written.
pub(super) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = after
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| entity(&after[..end]).map(|c| (c, end)));
        if let Some((c, end)) = decoded {
            out.push(c);
            rest = &after[end + 1..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // NUL and what is not a character become the replacement character, as browsers do.
        return Some(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{fffd}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "middot" => '·',
        "bull" => '•',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "euro" => '€',
        "pound" => '£',
        "sect" => '§',
        "para" => '¶',
        "shy" => '\u{ad}',
        _ => return None,
    })
}

/// Where the reader is in a note's HTML: which styling tags are open, whether it is inside
/// a `<script>` or `<style>`, and what a block of HTML has shown so far.
#[derive(Debug, Default)]
pub(super) struct HtmlState {
    /// Tags that opened a style, innermost last.
    pub(super) open: Vec<String>,
    /// Inside this tag, whose content is never shown.
    pub(super) hidden: Option<String>,
    /// In a block of HTML: whether it showed any text, and its first tag.
    pub(super) block: Option<(bool, Option<String>)>,
}

impl Renderer<'_> {
    /// HTML, inline or a block's line: its text shown, its tags styling it or breaking
    /// lines, never shown themselves.
    pub(super) fn html(&mut self, h: &str) {
        use super::html::{Token, is_block, is_hidden, placeholder, tokens};
        for token in tokens(h) {
            match token {
                Token::Comment => {}
                Token::Tag {
                    name,
                    closing,
                    attrs,
                } => {
                    if let Some(hidden) = &self.html.hidden {
                        if closing && *hidden == name {
                            self.html.hidden = None;
                        }
                        continue;
                    }
                    if let Some((_, first)) = self.html.block.as_mut() {
                        first.get_or_insert_with(|| name.clone());
                    }
                    if is_hidden(&name) {
                        if !closing {
                            self.html.hidden = Some(name);
                        }
                    } else if name == "br" || is_block(&name) {
                        self.w.flush();
                    } else if let Some(p) = placeholder(&name, attrs) {
                        if !closing {
                            self.w.text(&p, styles::meta());
                            self.html_shown();
                        }
                    } else if let Some(style) = styles::html_tag(&name) {
                        if closing {
                            if let Some(at) = self.html.open.iter().rposition(|n| *n == name) {
                                for _ in at..self.html.open.len() {
                                    self.w.pop_style();
                                }
                                self.html.open.truncate(at);
                            }
                        } else {
                            self.w.push_style(style);
                            self.html.open.push(name);
                        }
                    }
                }
                Token::Text(t) => {
                    if self.html.hidden.is_some() || self.marks.comment {
                        continue;
                    }
                    // HTML folds white space, line ends included.
                    let folded = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    let lead = t.starts_with(char::is_whitespace) && !folded.is_empty();
                    let trail = t.ends_with(char::is_whitespace) && !folded.is_empty();
                    if folded.is_empty() {
                        if !t.is_empty() && self.html.block.is_none() {
                            self.w.text(" ", self.style());
                        }
                        continue;
                    }
                    let text = format!(
                        "{}{}{}",
                        if lead { " " } else { "" },
                        self.scripted(&folded),
                        if trail { " " } else { "" }
                    );
                    self.w.text(&text, self.style());
                    self.html_shown();
                }
            }
        }
    }

    /// Styles of HTML tags left open end with the block that opened them.
    pub(super) fn close_inline_html(&mut self) {
        for _ in 0..self.html.open.len() {
            self.w.pop_style();
        }
        self.html.open.clear();
    }

    pub(super) fn html_shown(&mut self) {
        if let Some((shown, _)) = self.html.block.as_mut() {
            *shown = true;
        }
    }

    /// A block of HTML ended: one that showed nothing is named, dimmed, so that it is not
    /// dropped without a word (a comment alone is meant to be unseen).
    pub(super) fn end_html_block(&mut self) {
        if let Some((false, Some(first))) = self.html.block.take() {
            self.w.text(&format!("[html: {first}]"), styles::meta());
        }
        self.html.block = None;
        self.close_inline_html();
        self.html.hidden = None;
        self.w.flush();
        self.w.gap_wanted = true;
    }

    /// Text inside `<sup>` or `<sub>`, raised or lowered where Unicode has the characters
    /// (x², H₂O); otherwise as it is, dimmed by the tag's style.
    pub(super) fn scripted<'t>(&self, t: &'t str) -> std::borrow::Cow<'t, str> {
        const SUP: [(char, char); 15] = [
            ('0', '⁰'),
            ('1', '¹'),
            ('2', '²'),
            ('3', '³'),
            ('4', '⁴'),
            ('5', '⁵'),
            ('6', '⁶'),
            ('7', '⁷'),
            ('8', '⁸'),
            ('9', '⁹'),
            ('+', '⁺'),
            ('-', '⁻'),
            ('=', '⁼'),
            ('(', '⁽'),
            (')', '⁾'),
        ];
        const SUB: [(char, char); 15] = [
            ('0', '₀'),
            ('1', '₁'),
            ('2', '₂'),
            ('3', '₃'),
            ('4', '₄'),
            ('5', '₅'),
            ('6', '₆'),
            ('7', '₇'),
            ('8', '₈'),
            ('9', '₉'),
            ('+', '₊'),
            ('-', '₋'),
            ('=', '₌'),
            ('(', '₍'),
            (')', '₎'),
        ];
        let table = match self.html.open.last().map(String::as_str) {
            Some("sup") => &SUP,
            Some("sub") => &SUB,
            _ => return std::borrow::Cow::Borrowed(t),
        };
        let mapped: Option<String> = t
            .chars()
            .map(|c| table.iter().find(|(a, _)| *a == c).map(|(_, b)| *b))
            .collect();
        mapped.map_or(std::borrow::Cow::Borrowed(t), std::borrow::Cow::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_comments_are_told_apart() {
        let t = tokens("a <kbd>Ctrl</kbd>+<b class=\"x\">C</b> <!-- hidden --> b < c<br/>");
        let shown: Vec<String> = t
            .iter()
            .map(|t| match t {
                Token::Text(s) => format!("'{s}'"),
                Token::Tag { name, closing, .. } => {
                    format!("<{}{name}>", if *closing { "/" } else { "" })
                }
                Token::Comment => "#".into(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "'a '", "<kbd>", "'Ctrl'", "</kbd>", "'+'", "<b>", "'C'", "</b>", "' '", "#",
                "' b '", "'<'", "' c'", "<br>"
            ]
        );
    }

    #[test]
    fn entities_are_decoded_and_unknown_ones_kept() {
        assert_eq!(
            decode_entities("Tom &amp; Jerry &#8212; &#x41;&lt;&gt; &bogus; & done"),
            "Tom & Jerry — A<> &bogus; & done"
        );
        assert_eq!(decode_entities("&#0;&#xD800;"), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn attributes_are_read_quoted_or_bare() {
        let attrs = r#" src="x.png" alt='A &quot;map&quot;' width=300 data-alt="no""#;
        assert_eq!(attr(attrs, "alt").as_deref(), Some("A \"map\""));
        assert_eq!(attr(attrs, "width").as_deref(), Some("300"));
        assert_eq!(attr(attrs, "title"), None);
        assert_eq!(
            placeholder("img", attrs).as_deref(),
            Some("[image: A \"map\"]")
        );
        assert_eq!(
            placeholder("iframe", " src=x").as_deref(),
            Some("[embedded page]")
        );
    }
}
