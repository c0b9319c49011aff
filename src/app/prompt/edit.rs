//! Editing a one-line input as a shell line edits: a cursor (a byte offset on a character
//! boundary) that moves by character and word, and deletions around it.

/// A line being typed, and where the cursor stands in it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineEdit {
    pub text: String,
    /// Byte offset into `text`, always on a character boundary.
    pub cursor: usize,
}

impl LineEdit {
    /// A line with the cursor at its end.
    pub fn at_end(text: String) -> LineEdit {
        let cursor = text.len();
        LineEdit { text, cursor }
    }

    fn fix(&mut self) {
        self.cursor = self.cursor.min(self.text.len());
        while !self.text.is_char_boundary(self.cursor) {
            self.cursor -= 1;
        }
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    pub fn insert(&mut self, s: &str) {
        self.fix();
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    pub fn backspace(&mut self) {
        self.fix();
        let from = self.prev_boundary();
        self.text.replace_range(from..self.cursor, "");
        self.cursor = from;
    }

    pub fn delete(&mut self) {
        self.fix();
        let to = self.next_boundary();
        self.text.replace_range(self.cursor..to, "");
    }

    /// The spaces before the cursor, then the word before them.
    pub fn delete_word(&mut self) {
        self.fix();
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        let from = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.text.replace_range(from..self.cursor, "");
        self.cursor = from;
    }

    pub fn kill_start(&mut self) {
        self.fix();
        self.text.replace_range(..self.cursor, "");
        self.cursor = 0;
    }

    pub fn kill_end(&mut self) {
        self.fix();
        self.text.truncate(self.cursor);
    }

    pub fn left(&mut self) {
        self.fix();
        self.cursor = self.prev_boundary();
    }

    pub fn right(&mut self) {
        self.fix();
        self.cursor = self.next_boundary();
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Replace the whole line, cursor at the end.
    pub fn set(&mut self, text: String) {
        *self = LineEdit::at_end(text);
    }
}

/// The queries typed into one prompt, oldest first, and where Up/Down stand among them.
#[derive(Debug, Default, Clone)]
pub struct History {
    entries: Vec<String>,
    /// The entry shown, while stepping through the history.
    at: Option<usize>,
    /// What was typed before stepping in, given back when stepping out.
    draft: String,
}

/// Queries kept per prompt.
const HISTORY: usize = 100;

impl History {
    /// Remember a query (not twice in a row, not an empty one).
    pub fn push(&mut self, query: &str) {
        self.at = None;
        let query = query.trim();
        if query.is_empty() {
            return;
        }
        self.entries.retain(|e| e != query);
        self.entries.push(query.to_string());
        if self.entries.len() > HISTORY {
            self.entries.remove(0);
        }
    }

    /// Whether Up/Down are stepping through the history now.
    pub fn browsing(&self) -> bool {
        self.at.is_some()
    }

    /// The line typed was changed by hand: the next Up starts from the newest entry again.
    pub fn leave(&mut self) {
        self.at = None;
    }

    /// One entry older than the one shown (or the newest); `None` when there is none.
    pub fn older(&mut self, current: &str) -> Option<String> {
        let next = match self.at {
            None if self.entries.is_empty() => return None,
            None => {
                self.draft = current.to_string();
                self.entries.len() - 1
            }
            Some(0) => return None,
            Some(i) => i - 1,
        };
        self.at = Some(next);
        Some(self.entries[next].clone())
    }

    /// One entry newer; past the newest, the line that was being typed.
    pub fn newer(&mut self) -> Option<String> {
        let i = self.at?;
        if i + 1 < self.entries.len() {
            self.at = Some(i + 1);
            Some(self.entries[i + 1].clone())
        } else {
            self.at = None;
            Some(std::mem::take(&mut self.draft))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_moves_by_character_and_edits_in_place() {
        let mut l = LineEdit::at_end("নোটে ok".to_string());
        l.home();
        l.right();
        l.insert("x");
        assert_eq!(l.text, "নxোটে ok");
        l.end();
        l.left();
        l.backspace();
        assert_eq!(l.text, "নxোটে k");
        l.delete();
        assert_eq!(l.text, "নxোটে ");
        l.home();
        l.delete();
        assert_eq!(l.text, "xোটে ");
    }

    #[test]
    fn words_and_kills_work_around_the_cursor() {
        let mut l = LineEdit::at_end("trust the drift  ".to_string());
        l.delete_word();
        assert_eq!((l.text.as_str(), l.cursor), ("trust the ", 10));
        l.home();
        for _ in 0..5 {
            l.right();
        }
        l.kill_end();
        assert_eq!(l.text, "trust");
        l.left();
        l.kill_start();
        assert_eq!((l.text.as_str(), l.cursor), ("t", 0));
    }

    #[test]
    fn history_steps_back_and_returns_to_the_draft() {
        let mut h = History::default();
        assert_eq!(h.older("x"), None);
        h.push("one");
        h.push("two");
        h.push("one");
        assert_eq!(h.older("typed").as_deref(), Some("one"));
        assert_eq!(h.older("").as_deref(), Some("two"));
        assert_eq!(h.older(""), None);
        assert_eq!(h.newer().as_deref(), Some("one"));
        assert_eq!(h.newer().as_deref(), Some("typed"));
        assert!(!h.browsing());
        assert_eq!(h.newer(), None);
    }
}
