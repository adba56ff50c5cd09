//! `availgen init DIR`: a new site that checks clean and builds at once.
//!
//! The files are compiled in: the settings, locale file, page and `.gitignore` in
//! `src/init/site/`, and the bundled schema and three of the bundled countries as they
//! are in this repository, so a new site starts from the real formats.

use std::io::Write;
use std::path::Path;

/// Each file of a new site: its path under DIR, and its text.
const FILES: &[(&str, &str)] = &[
    ("availgen.toml", include_str!("site/availgen.toml")),
    (".gitignore", include_str!("site/gitignore")),
    ("content/schema.yaml", include_str!("../../content/schema.yaml")),
    ("content/countries/argentina.yaml", include_str!("../../content/countries/argentina.yaml")),
    ("content/countries/canada.yaml", include_str!("../../content/countries/canada.yaml")),
    ("content/countries/germany.yaml", include_str!("../../content/countries/germany.yaml")),
    ("content/pages/calling-plans.en-US.md", include_str!("site/calling-plans.en-US.md")),
    ("locales/en-US.yaml", include_str!("site/en-US.yaml")),
];

/// Writes a new site into `dir`, which must not exist or be an empty directory: init
/// never overwrites or mixes with anything. The error says why it refused or failed.
pub fn run(dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| format!("cannot use {shown}: {e}"))?;
        if let Some(entry) = entries.next() {
            let first = entry.map(|e| e.file_name().to_string_lossy().into_owned()).unwrap_or_default();
            return Err(format!(
                "{shown} is not empty (it holds `{first}`): availgen init makes a new site in a new or empty \
                 directory, and never overwrites files"
            ));
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            // `create_new`: a file that appeared since the check above is left alone.
            .and_then(|()| std::fs::OpenOptions::new().write(true).create_new(true).open(&path))
            .and_then(|mut file| file.write_all(text.as_bytes()));
        written.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
