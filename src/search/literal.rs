//! Counting a literal word in text at memory speed: the fast path of full-text search.
//!
//! The regex crate is exact and general, but a case-insensitive word that occurs in every
//! note keeps its lazy DFA busy confirming candidates; counting one over a 100k-note vault
//! took it about 100 ms. A literal needs less. An exact (case-sensitive) literal is
//! `memchr::memmem`. An ASCII literal matched without regard to case is found by a
//! "packed pair" scan: two of the needle's bytes, the rarest by a fixed table, are compared
//! 32 positions at a time in a loop the compiler turns into vector instructions, and only
//! positions where both agree are checked in full.
//!
//! Counts are of non-overlapping matches, left to right, as `Regex::find_iter` gives them.
//!
//! ASCII folding differs from Unicode's in two characters only: `ſ` (long s) folds to `s`
//! and `K` (Kelvin sign) to `k`. [`crate::text::has_fold_traps`] tells whether a text holds either; the
//! search uses the regex for such a note, so results stay exactly the regex's (and ripgrep's).

use memchr::memmem;

/// A literal to look for, case-sensitive or ASCII case-insensitive.
#[derive(Debug, Clone)]
pub enum Literal {
    Exact(Box<memmem::Finder<'static>>),
    Fold(Fold),
}

impl Literal {
    /// `needle` as written.
    pub fn exact(needle: &str) -> Literal {
        Literal::Exact(Box::new(
            memmem::Finder::new(needle.as_bytes()).into_owned(),
        ))
    }

    /// `needle` in any ASCII case, or `None` when it is not ASCII (or empty): such a needle
    /// needs Unicode case folding, which the caller leaves to the regex crate.
    pub fn fold(needle: &str) -> Option<Literal> {
        if needle.is_empty() || !needle.is_ascii() {
            return None;
        }
        if !needle.bytes().any(|b| b.is_ascii_alphabetic()) {
            return Some(Literal::exact(needle));
        }
        Some(Literal::Fold(Fold::new(needle.as_bytes())))
    }

    /// Whether matching this literal in `text` could differ from Unicode case folding
    /// when `text` has fold traps.
    pub fn folds(&self) -> bool {
        matches!(self, Literal::Fold(_))
    }

    /// Start offsets of the non-overlapping matches in `hay`, in order; `f` returns false
    /// to stop.
    pub fn each(&self, hay: &[u8], mut f: impl FnMut(usize) -> bool) {
        match self {
            Literal::Exact(finder) => {
                for at in finder.find_iter(hay) {
                    if !f(at) {
                        return;
                    }
                }
            }
            Literal::Fold(fold) => fold.each(hay, f),
        }
    }

    pub fn count(&self, hay: &[u8]) -> usize {
        let mut n = 0;
        self.each(hay, |_| {
            n += 1;
            true
        });
        n
    }

    pub fn is_match(&self, hay: &[u8]) -> bool {
        let mut found = false;
        self.each(hay, |_| {
            found = true;
            false
        });
        found
    }
}

/// How common each ASCII byte is in prose, higher for commoner: the packed-pair scan
/// compares the two rarest bytes of a needle first. Letters by English frequency (folded),
/// space and `e` the commonest; the exact numbers matter little.
fn commonness(b: u8) -> u8 {
    const LETTERS: &[u8; 26] = b"zqxjkvbpygfwmucldrhsnioate";
    let lower = b.to_ascii_lowercase();
    match lower {
        b' ' => 255,
        b'a'..=b'z' => {
            let rank = LETTERS.iter().position(|&l| l == lower).unwrap_or(0);
            // 100..=250: above punctuation and digits, which prose uses less.
            100 + u8::try_from(rank * 6).unwrap_or(150)
        }
        b'0'..=b'9' => 60,
        _ => 40,
    }
}

/// An ASCII needle matched in any case, by the packed-pair scan described above.
#[derive(Debug, Clone)]
pub struct Fold {
    /// The needle, lowercased.
    needle: Vec<u8>,
    /// For each needle byte, what to OR into a text byte before comparing (see `pair`).
    case: Vec<u8>,
    /// The two positions compared first, and for each the byte to OR in before comparing
    /// (0x20 folds an ASCII letter to lowercase; 0 for anything else, compared exactly).
    pair: [(usize, u8); 2],
    /// For a needle of at most 16 bytes: the needle, its `case` bytes and a mask of its
    /// length, each as one little-endian 128-bit number, to check a candidate with a few
    /// integer operations instead of a byte loop.
    wide: Option<[u128; 3]>,
}

/// Positions compared per step of the scan.
const LANES: usize = 32;

impl Fold {
    fn new(needle: &[u8]) -> Fold {
        let needle = needle.to_ascii_lowercase();
        let mut order: Vec<usize> = (0..needle.len()).collect();
        order.sort_by_key(|&i| (commonness(needle[i]), i));
        let first = order[0];
        let second = order.get(1).copied().unwrap_or(first);
        let (a, b) = (first.min(second), first.max(second));
        let case: Vec<u8> = needle
            .iter()
            .map(|b| if b.is_ascii_alphabetic() { 0x20 } else { 0 })
            .collect();
        let wide = (needle.len() <= 16).then(|| {
            let word = |bytes: &[u8]| {
                let mut w = [0u8; 16];
                w[..bytes.len()].copy_from_slice(bytes);
                u128::from_le_bytes(w)
            };
            [word(&needle), word(&case), word(&vec![0xFF; needle.len()])]
        });
        Fold {
            pair: [(a, case[a]), (b, case[b])],
            case,
            needle,
            wide,
        }
    }

    fn matches_at(&self, hay: &[u8], at: usize) -> bool {
        if let (Some([needle, case, len]), Some(window)) = (
            self.wide,
            hay.get(at..at + 16)
                .and_then(|w| <[u8; 16]>::try_from(w).ok()),
        ) {
            return ((u128::from_le_bytes(window) | case) ^ needle) & len == 0;
        }
        // Without an early exit, so it compiles to a few vector instructions.
        hay[at..at + self.needle.len()]
            .iter()
            .zip(&self.case)
            .zip(&self.needle)
            .fold(0, |diff, ((&h, &m), &c)| diff | ((h | m) ^ c))
            == 0
    }

    fn each(&self, hay: &[u8], mut f: impl FnMut(usize) -> bool) {
        let n = self.needle.len();
        if hay.len() < n {
            return;
        }
        let [(i1, m1), (i2, m2)] = self.pair;
        let (c1, c2) = (self.needle[i1], self.needle[i2]);
        // Candidate starts are 0..=last.
        let last = hay.len() - n;
        // No match may start before `next`: counts are of non-overlapping matches.
        let mut next = 0;
        // Check a candidate in full and report it; false when `f` says stop.
        let mut visit = |at: usize| {
            if at < next || !self.matches_at(hay, at) {
                return true;
            }
            next = at + n;
            f(at)
        };
        let mut pos = 0;
        while pos + LANES <= last + 1 {
            let (Ok(a), Ok(b)) = (
                <&[u8; LANES]>::try_from(&hay[pos + i1..pos + i1 + LANES]),
                <&[u8; LANES]>::try_from(&hay[pos + i2..pos + i2 + LANES]),
            ) else {
                unreachable!("both windows are LANES long: pos + i + LANES <= last + n");
            };
            let pair_at = |j: usize| u8::from((a[j] | m1) == c1) & u8::from((b[j] | m2) == c2);
            // Written as a reduction so it compiles to vector compares; most windows of
            // most texts hold no candidate and end here.
            if (0..LANES).fold(0, |any, j| any | pair_at(j)) == 0 {
                pos += LANES;
                continue;
            }
            let mut mask = (0..LANES).fold(0u32, |m, j| m | u32::from(pair_at(j)) << j);
            while mask != 0 {
                let at = pos + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if !visit(at) {
                    return;
                }
            }
            pos += LANES;
        }
        for at in pos..=last {
            if !visit(at) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(lit: &Literal, hay: &str) -> Vec<usize> {
        let mut v = Vec::new();
        lit.each(hay.as_bytes(), |at| {
            v.push(at);
            true
        });
        v
    }

    fn regex_starts(needle: &str, hay: &str) -> Vec<usize> {
        let re = regex::RegexBuilder::new(&regex::escape(needle))
            .case_insensitive(true)
            .build()
            .unwrap();
        re.find_iter(hay).map(|m| m.start()).collect()
    }

    #[test]
    fn fold_agrees_with_the_regex() {
        let hay = "Trust, TRUST and trUst; distrust. aaaa ".repeat(7) + "trus";
        for needle in [
            "trust", "TRUST", "st", "t", "aa", "a", "trus", "ust; dis", "x",
        ] {
            let lit = Literal::fold(needle).unwrap();
            assert_eq!(starts(&lit, &hay), regex_starts(needle, &hay), "{needle}");
        }
    }

    #[test]
    fn matches_do_not_overlap() {
        let lit = Literal::fold("aa").unwrap();
        assert_eq!(lit.count(b"aaaaa"), 2);
        assert_eq!(Literal::exact("aa").count(b"aaaaa"), 2);
    }

    #[test]
    fn punctuation_is_compared_exactly() {
        // `@` | 0x20 is a backtick: a fold on non-letters would be wrong.
        let lit = Literal::fold("a@b").unwrap();
        assert_eq!(lit.count(b"a`b A@B a@b"), 2);
    }

    #[test]
    fn needle_longer_than_the_text() {
        assert_eq!(Literal::fold("longer").unwrap().count(b"long"), 0);
        assert_eq!(Literal::fold("x").unwrap().count(b""), 0);
    }

    #[test]
    fn only_ascii_needles_fold() {
        assert!(Literal::fold("café").is_none());
        assert!(Literal::fold("").is_none());
    }
}
