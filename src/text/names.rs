//! Names as links compare them: percent-decoding, the key a name is looked up by, file
//! extensions, and heading slugs.

use std::borrow::Cow;

/// Decode `%XX` escapes; an invalid escape is kept as written, and bytes that do not form UTF-8
/// are replaced rather than rejected.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                // Two hex digits fit in a byte by construction.
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// The key under which a link target or note name is compared: percent-decoded, trimmed,
/// `\` as `/`, runs of white space as one space, lower case.
pub fn name_key(s: &str) -> String {
    // Most names are plain ASCII with single spaces: check that in one pass over the bytes
    // (resolution makes a key per link), then lower-case them in another.
    let t = s.trim();
    let mut space = false;
    let plain = t.bytes().all(|b| {
        let ok = (b' '..=b'~').contains(&b) && b != b'%' && b != b'\\' && !(space && b == b' ');
        space = b == b' ';
        ok
    });
    if plain {
        return t.to_ascii_lowercase();
    }
    let decoded = percent_decode(s);
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c == '\\' {
            out.push('/');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Strip a markdown extension (`.md`, `.markdown`, any case) from a name or path.
pub fn strip_md_ext(s: &str) -> &str {
    for ext in [".md", ".markdown"] {
        if s.len() > ext.len()
            && s.is_char_boundary(s.len() - ext.len())
            && s[s.len() - ext.len()..].eq_ignore_ascii_case(ext)
        {
            return &s[..s.len() - ext.len()];
        }
    }
    s
}

/// A heading's anchor as GitHub and most static site generators write it: lower case, letters,
/// digits, `-` and `_` kept, spaces as `-`, everything else dropped.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    case!(percent_decode_space, percent_decode, "a%20b", "a b");
    case!(
        percent_decode_keeps_bad_escape,
        percent_decode,
        "100%",
        "100%"
    );
    case!(
        percent_decode_question_mark,
        percent_decode,
        "New%3F",
        "New?"
    );
    case!(
        name_key_folds_case_and_space,
        name_key,
        "  Mental   Models ",
        "mental models"
    );
    case!(name_key_decodes, name_key, "My%20Note", "my note");
    case!(strip_md_ext_any_case, strip_md_ext, "Note.MD", "Note");
    case!(strip_md_ext_markdown, strip_md_ext, "a/b.markdown", "a/b");
    case!(strip_md_ext_leaves_other, strip_md_ext, "a.png", "a.png");
    case!(
        slug_like_github,
        slug,
        "Why Trust, Then Verify?",
        "why-trust-then-verify"
    );
}
