//! The look of each kind of text. Kept in one place so the reader is consistent.

use crate::graph::Status;
use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new()
        .fg(Color::LightYellow)
        .add_modifier(Modifier::BOLD)
}
pub fn meta() -> Style {
    Style::new().fg(Color::DarkGray)
}
pub fn heading(level: u8) -> Style {
    match level {
        1 => Style::new()
            .fg(Color::LightYellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        2 => Style::new()
            .fg(Color::LightCyan)
            .add_modifier(Modifier::BOLD),
        _ => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    }
}
pub fn code() -> Style {
    Style::new().fg(Color::LightGreen)
}
pub fn quote() -> Style {
    Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC)
}
pub fn field_key() -> Style {
    Style::new()
        .fg(Color::DarkGray)
        .add_modifier(Modifier::BOLD)
}
pub fn link(status: Status) -> Style {
    use Status;
    let base = Style::new().add_modifier(Modifier::UNDERLINED);
    match status {
        Status::Resolved => base.fg(Color::LightBlue),
        Status::Ambiguous => base.fg(Color::Yellow),
        Status::Topic => base.fg(Color::LightMagenta),
        Status::Broken | Status::MissingAttachment => base.fg(Color::LightRed),
        Status::Attachment => base.fg(Color::Green),
        Status::External => base.fg(Color::Blue),
    }
}
/// `==Highlighted==` text.
pub fn highlight() -> Style {
    Style::new().fg(Color::Black).bg(Color::Yellow)
}
pub fn selected_link() -> Style {
    Style::new().fg(Color::Black).bg(Color::LightYellow)
}
