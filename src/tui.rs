//! The full-screen reader. (Placeholder until the reading room lands.)

use std::path::Path;

pub fn run(dir: &Path) -> anyhow::Result<()> {
    let _ = dir;
    anyhow::bail!("the full-screen reader is not built yet; try `trail list`")
}
