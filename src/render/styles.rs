//! The look of each kind of text, in roles ([`crate::theme::Role`]): the theme gives them
//! their colours when the frame is painted. Kept in one place so the reader is consistent.

use crate::graph::Status;
use crate::theme::Role;
use ratatui::style::{Modifier, Style};

pub fn title() -> Style {
    Style::new()
        .fg(Role::Title.color())
        .add_modifier(Modifier::BOLD)
}
pub fn meta() -> Style {
    Style::new().fg(Role::Dim.color())
}
pub fn heading(level: u8) -> Style {
    match level {
        1 => Style::new()
            .fg(Role::Heading1.color())
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        2 => Style::new()
            .fg(Role::Heading2.color())
            .add_modifier(Modifier::BOLD),
        _ => Style::new()
            .fg(Role::Heading3.color())
            .add_modifier(Modifier::BOLD),
    }
}
pub fn code() -> Style {
    Style::new().fg(Role::Code.color())
}
pub fn quote() -> Style {
    Style::new()
        .fg(Role::Quote.color())
        .add_modifier(Modifier::ITALIC)
}
pub fn callout() -> Style {
    Style::new().fg(Role::Callout.color())
}
pub fn field_key() -> Style {
    Style::new()
        .fg(Role::Dim.color())
        .add_modifier(Modifier::BOLD)
}
/// The role of a link's colour: what the link leads to.
pub fn link_role(status: Status) -> Role {
    match status {
        Status::Resolved => Role::LinkNote,
        Status::Ambiguous => Role::LinkAmbiguous,
        Status::Topic => Role::LinkTopic,
        Status::Broken | Status::MissingAttachment => Role::LinkBroken,
        Status::Attachment => Role::LinkFile,
        Status::External => Role::LinkExternal,
    }
}
pub fn link(status: Status) -> Style {
    Style::new()
        .add_modifier(Modifier::UNDERLINED)
        .fg(link_role(status).color())
}
/// `==Highlighted==` text.
pub fn highlight() -> Style {
    Style::new().fg(Role::Ink.color()).bg(Role::MarkBg.color())
}
pub fn selected_link() -> Style {
    Style::new()
        .fg(Role::Ink.color())
        .bg(Role::SelectBg.color())
}

/// Text inside an inline HTML tag that means something to a reader, by the tag's name.
pub fn html_tag(name: &str) -> Option<Style> {
    Some(match name {
        "kbd" => code().add_modifier(Modifier::BOLD),
        "code" | "tt" | "samp" => code(),
        "mark" => highlight(),
        "b" | "strong" => Style::new().add_modifier(Modifier::BOLD),
        "i" | "em" | "cite" | "var" => Style::new().add_modifier(Modifier::ITALIC),
        "s" | "del" | "strike" => Style::new().add_modifier(Modifier::CROSSED_OUT),
        "u" | "ins" => Style::new().add_modifier(Modifier::UNDERLINED),
        "sub" | "sup" | "small" => Style::new().add_modifier(Modifier::DIM),
        _ => return None,
    })
}

/// A footnote's marker, in the text and beside its note.
pub fn footnote() -> Style {
    Style::new()
        .fg(Role::Accent.color())
        .add_modifier(Modifier::UNDERLINED)
}

/// The frame of an embedded note's text.
pub fn embed() -> Style {
    Style::new().fg(Role::Callout.color())
}
/// The line heading an embed: where its text comes from.
pub fn embed_head() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A `#tag`, which Enter follows to its page.
pub fn tag() -> Style {
    Style::new().fg(Role::Accent.color())
}
