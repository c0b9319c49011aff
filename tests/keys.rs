//! docs/keys.md is generated from the key table; this test keeps them equal.

#[test]
fn keys_doc_matches_the_key_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md");
    let want = trail::keymap::markdown();
    if std::env::var_os("UPDATE_KEYS_DOC").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/keys.md is out of date: run `UPDATE_KEYS_DOC=1 cargo test --test keys`"
    );
}
