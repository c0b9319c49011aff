//! Parse arbitrary bytes as a note: no panic, and every link's range lies inside the body on
//! character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let note = trail::parse::parse("fuzz", &text);
    for link in &note.links {
        assert!(link.range.start <= link.range.end && link.range.end <= note.body.len());
        assert!(note.body.is_char_boundary(link.range.start) && note.body.is_char_boundary(link.range.end));
    }
    for h in &note.headings {
        assert!(h.offset <= note.body.len());
    }
});
