//! Colours. Everything drawn names a [`Role`] ("a link to a topic", "the status bar"), never
//! a colour; a [`Theme`] says which colour each role is, and the view paints the finished
//! frame with it ([`Theme::paint`]). Rendered notes stay the same whatever the theme, so a
//! page laid out once is never laid out again for colour.
//!
//! A role travels through the buffer as `Color::Indexed(ROLE_BASE + role)`. Nothing else in
//! trail draws with indexed colours, and every frame is painted before it reaches the
//! terminal, so a role is never shown as the 256-colour entry it borrows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

/// What a colour means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Role {
    /// Secondary text: paths, counts, hints, rules.
    Dim,
    Title,
    Heading1,
    Heading2,
    Heading3,
    Code,
    Quote,
    /// Callout titles and bars.
    Callout,
    LinkNote,
    LinkAmbiguous,
    LinkTopic,
    LinkBroken,
    LinkFile,
    LinkExternal,
    /// The focused pane's border, prompt markers, counts.
    Accent,
    /// Emphasis in the chrome: the vault's name, messages, key names, search matches.
    Emph,
    Error,
    Warn,
    Border,
    BorderTitle,
    /// Text drawn on a bright background (a selected row, a highlight).
    Ink,
    /// `==highlighted==` text and find matches.
    MarkBg,
    /// The link selected with Tab.
    SelectBg,
    /// The match `n`/`N` stand on, among the others.
    CurrentBg,
    /// The selected row of the focused list.
    CursorBg,
    /// The selected row of a list without focus.
    CursorDimBg,
    CursorDimFg,
    /// The status bar.
    BarBg,
    BarFg,
    BarText,
    /// The selected result of a search prompt.
    RowBg,
    /// In highlighted code: keywords and storage (`fn`, `if`, `class`).
    CodeKeyword,
    /// In highlighted code: strings and characters.
    CodeString,
    /// In highlighted code: numbers and language constants (`true`, `None`).
    CodeNumber,
    /// In highlighted code: type and class names, tags.
    CodeType,
    /// In highlighted code: function names, attributes.
    CodeFunction,
}

const ROLES: usize = Role::CodeFunction as usize + 1;
/// Where roles start among the indexed colours.
const ROLE_BASE: u8 = 200;

impl Role {
    /// The placeholder colour standing for this role until the frame is painted.
    pub const fn color(self) -> Color {
        Color::Indexed(ROLE_BASE + self as u8)
    }

    fn from_color(c: Color) -> Option<usize> {
        match c {
            Color::Indexed(i) if i >= ROLE_BASE && usize::from(i - ROLE_BASE) < ROLES => {
                Some(usize::from(i - ROLE_BASE))
            }
            _ => None,
        }
    }
}

/// The built-in themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Follow the terminal's background where it says (`COLORFGBG`), else dark.
    Auto,
    Dark,
    Light,
    /// The sixteen basic colours only, for consoles and old terminals.
    #[value(name = "16")]
    #[serde(rename = "16")]
    Basic,
}

impl ThemeName {
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Auto => "auto",
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Basic => "16",
        }
    }
}

/// A colour for every role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    colors: [Color; ROLES],
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}

impl Theme {
    /// The theme called `name`; `auto` is decided from the environment given (`COLORFGBG`,
    /// `TERM`), which is passed in so that tests need not change the process's.
    pub fn named(name: ThemeName, env: &dyn Fn(&str) -> Option<String>) -> Theme {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::Basic => Theme::basic(),
            ThemeName::Auto => {
                let term = env("TERM").unwrap_or_default();
                if term == "linux" || term.ends_with("-16color") || term == "vt100" {
                    return Theme::basic();
                }
                match env("COLORFGBG").as_deref().and_then(background_is_light) {
                    Some(true) => Theme::light(),
                    _ => Theme::dark(),
                }
            }
        }
    }

    pub fn dark() -> Theme {
        use Color::{
            Black, Blue, Cyan, DarkGray, Gray, Green, LightBlue, LightCyan, LightGreen,
            LightMagenta, LightRed, LightYellow, Rgb, White, Yellow,
        };
        Theme {
            name: ThemeName::Dark,
            colors: [
                DarkGray,        // Dim
                LightYellow,     // Title
                LightYellow,     // Heading1
                LightCyan,       // Heading2
                Cyan,            // Heading3
                LightGreen,      // Code
                Gray,            // Quote
                LightCyan,       // Callout
                LightBlue,       // LinkNote
                Yellow,          // LinkAmbiguous
                LightMagenta,    // LinkTopic
                LightRed,        // LinkBroken
                Green,           // LinkFile
                Blue,            // LinkExternal
                LightCyan,       // Accent
                LightYellow,     // Emph
                LightRed,        // Error
                Yellow,          // Warn
                DarkGray,        // Border
                Gray,            // BorderTitle
                Black,           // Ink
                Yellow,          // MarkBg
                LightYellow,     // SelectBg
                LightRed,        // CurrentBg
                LightCyan,       // CursorBg
                DarkGray,        // CursorDimBg
                White,           // CursorDimFg
                Rgb(40, 40, 48), // BarBg
                Gray,            // BarFg
                White,           // BarText
                Rgb(50, 60, 80), // RowBg
                LightMagenta,    // CodeKeyword
                Yellow,          // CodeString
                LightRed,        // CodeNumber
                LightCyan,       // CodeType
                LightBlue,       // CodeFunction
            ],
        }
    }

    pub fn light() -> Theme {
        use Color::{Black, Blue, DarkGray, Green, LightBlue, Magenta, Red, Rgb};
        Theme {
            name: ThemeName::Light,
            colors: [
                Rgb(110, 110, 120), // Dim
                Rgb(120, 40, 140),  // Title
                Rgb(120, 40, 140),  // Heading1
                Rgb(20, 80, 170),   // Heading2
                Rgb(0, 110, 120),   // Heading3
                Rgb(0, 120, 40),    // Code
                Rgb(80, 80, 90),    // Quote
                Rgb(0, 110, 150),   // Callout
                Blue,               // LinkNote
                Rgb(170, 100, 0),   // LinkAmbiguous
                Magenta,            // LinkTopic
                Red,                // LinkBroken
                Green,              // LinkFile
                Rgb(0, 110, 150),   // LinkExternal
                Rgb(20, 80, 170),   // Accent
                Rgb(150, 50, 0),    // Emph
                Red,                // Error
                Rgb(170, 100, 0),   // Warn
                Rgb(170, 170, 180), // Border
                DarkGray,           // BorderTitle
                Black,              // Ink
                Rgb(255, 230, 120), // MarkBg
                Rgb(255, 200, 80),  // SelectBg
                Rgb(255, 150, 120), // CurrentBg
                LightBlue,          // CursorBg
                Rgb(215, 215, 222), // CursorDimBg
                Black,              // CursorDimFg
                Rgb(228, 228, 234), // BarBg
                Rgb(60, 60, 70),    // BarFg
                Black,              // BarText
                Rgb(205, 218, 245), // RowBg
                Rgb(160, 30, 120),  // CodeKeyword
                Rgb(150, 90, 0),    // CodeString
                Rgb(180, 40, 40),   // CodeNumber
                Rgb(0, 110, 150),   // CodeType
                Rgb(20, 80, 170),   // CodeFunction
            ],
        }
    }

    /// The dark theme without its two true colours.
    pub fn basic() -> Theme {
        let mut t = Theme::dark();
        t.name = ThemeName::Basic;
        t.colors[Role::BarBg as usize] = Color::Blue;
        t.colors[Role::BarFg as usize] = Color::White;
        t.colors[Role::RowBg as usize] = Color::Blue;
        t
    }

    pub fn color(&self, role: Role) -> Color {
        self.colors[role as usize]
    }

    /// Give every cell in `area` the real colours of its roles.
    pub fn paint(&self, area: Rect, buf: &mut Buffer) {
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &mut buf[(x, y)];
                if let Some(i) = Role::from_color(cell.fg) {
                    cell.fg = self.colors[i];
                }
                if let Some(i) = Role::from_color(cell.bg) {
                    cell.bg = self.colors[i];
                }
            }
        }
    }
}

/// Whether `COLORFGBG` (`"15;0"`, `"0;default;15"`: foreground, then background, as colour
/// numbers) names a light background. Of the sixteen colours, 7 and 9–15 are light.
fn background_is_light(value: &str) -> Option<bool> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    Some(bg == 7 || (9..=15).contains(&bg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn auto_follows_the_terminal_background() {
        let pick = |vars: &[(&str, &str)]| Theme::named(ThemeName::Auto, &env(vars)).name;
        assert_eq!(pick(&[("COLORFGBG", "0;15")]), ThemeName::Light);
        assert_eq!(pick(&[("COLORFGBG", "0;default;7")]), ThemeName::Light);
        assert_eq!(pick(&[("COLORFGBG", "15;0")]), ThemeName::Dark);
        assert_eq!(pick(&[("COLORFGBG", "nonsense")]), ThemeName::Dark);
        assert_eq!(pick(&[]), ThemeName::Dark);
        assert_eq!(pick(&[("TERM", "linux")]), ThemeName::Basic);
    }

    #[test]
    fn painting_replaces_roles_and_leaves_other_colours() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 1));
        buf[(0, 0)].fg = Role::LinkTopic.color();
        buf[(1, 0)].bg = Role::BarBg.color();
        buf[(2, 0)].fg = Color::Rgb(1, 2, 3);
        Theme::basic().paint(buf.area, &mut buf);
        assert_eq!(buf[(0, 0)].fg, Color::LightMagenta);
        assert_eq!(buf[(1, 0)].bg, Color::Blue);
        assert_eq!(buf[(2, 0)].fg, Color::Rgb(1, 2, 3));
    }

    #[test]
    fn the_basic_theme_uses_sixteen_colours_only() {
        let t = Theme::basic();
        assert!(
            t.colors
                .iter()
                .all(|c| !matches!(c, Color::Rgb(..) | Color::Indexed(_)))
        );
    }

    #[test]
    fn link_colours_differ_in_every_theme() {
        for t in [Theme::dark(), Theme::light(), Theme::basic()] {
            let links = [
                Role::LinkNote,
                Role::LinkAmbiguous,
                Role::LinkTopic,
                Role::LinkBroken,
            ]
            .map(|r| t.color(r));
            for (i, a) in links.iter().enumerate() {
                assert!(!links[i + 1..].contains(a), "{:?}", t.name);
            }
        }
    }
}
