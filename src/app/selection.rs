//! A selected row in a scrolled list of rows: the note list, the backlinks pane and the
//! prompt's results all move, scroll and keep the selection in view the same way.

use super::Action;

/// Where a movement action takes a position among `len` places, `page` of which fit in
/// the pane: a selected row, or the reader's scroll.
pub fn moved(current: usize, len: usize, page: usize, action: &Action) -> usize {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    match action {
        Action::Down => (current + 1).min(last),
        Action::Up => current.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => last,
        Action::HalfDown => (current + page / 2).min(last),
        Action::HalfUp => current.saturating_sub(page / 2),
        Action::PageDown => (current + page).min(last),
        Action::PageUp => current.saturating_sub(page),
        _ => current,
    }
}

/// The selected entry and the first entry shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    pub selected: usize,
    /// The first entry shown.
    pub offset: usize,
}

impl Selection {
    /// Back to the first entry, at the top.
    pub fn reset(&mut self) {
        *self = Selection::default();
    }

    /// Move by a movement action over `len` entries of which `shown` fit in the pane, and
    /// keep the selection in view.
    pub fn move_by(&mut self, action: &Action, len: usize, shown: usize) {
        self.selected = moved(self.selected, len, shown, action);
        self.keep_visible(shown);
    }

    /// Select entry `i` and bring it into view.
    pub fn select(&mut self, i: usize, shown: usize) {
        self.selected = i;
        self.keep_visible(shown);
    }

    /// Scroll so that the selection is among the `shown` entries from `offset`.
    pub fn keep_visible(&mut self, shown: usize) {
        let shown = shown.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + shown {
            self.offset = self.selected + 1 - shown;
        }
    }

    /// Scroll the view by `step` entries (`dir` < 0: up) without moving the selection.
    pub fn scroll_view(&mut self, dir: i8, step: usize, len: usize, shown: usize) {
        let max = len.saturating_sub(shown);
        self.offset = if dir < 0 {
            self.offset.saturating_sub(step)
        } else {
            (self.offset + step).min(max)
        };
    }

    /// The entry shown in slot `slot` (0 = the first shown), if there is one.
    pub fn entry_at(&self, slot: usize, shown: usize, len: usize) -> Option<usize> {
        let i = self.offset + slot;
        (slot < shown && i < len).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_down_past_the_view_scrolls_it() {
        let mut s = Selection::default();
        for _ in 0..5 {
            s.move_by(&Action::Down, 10, 3);
        }
        assert_eq!(
            s,
            Selection {
                selected: 5,
                offset: 3
            }
        );
        s.move_by(&Action::Top, 10, 3);
        assert_eq!(
            s,
            Selection {
                selected: 0,
                offset: 0
            }
        );
    }

    #[test]
    fn moves_stop_at_the_ends() {
        let mut s = Selection::default();
        s.move_by(&Action::Up, 10, 3);
        assert_eq!(s.selected, 0);
        s.move_by(&Action::PageDown, 4, 3);
        s.move_by(&Action::PageDown, 4, 3);
        assert_eq!(
            s,
            Selection {
                selected: 3,
                offset: 1
            }
        );
        s.move_by(&Action::Bottom, 0, 3);
        assert_eq!(s.selected, 0);
    }

    #[test]
    fn scrolling_the_view_keeps_the_selection() {
        let mut s = Selection::default();
        s.scroll_view(1, 3, 10, 4);
        s.scroll_view(1, 3, 10, 4);
        s.scroll_view(1, 3, 10, 4);
        assert_eq!(
            s,
            Selection {
                selected: 0,
                offset: 6
            }
        );
        assert_eq!(s.entry_at(1, 4, 10), Some(7));
        assert_eq!(s.entry_at(4, 4, 10), None);
    }
}
