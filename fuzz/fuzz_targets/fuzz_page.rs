//! A prose page: bytes → `load::page::parse` (front matter and body), then, added to
//! the base site as `fuzz.en-US.md`, the whole pipeline: Markdown, directives, links,
//! the sanitizer, templates.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

const PATH: &str = "content/pages/fuzz.en-US.md";

fuzz_target!(|data: &[u8]| {
    let Some(source) = common::source(PATH, data) else { return };
    match availgen::load::page::parse(&source) {
        Err(problems) => common::render_all(&problems),
        Ok(page) => {
            let mut loaded = common::base_loaded();
            loaded.pages.push(page);
            common::run_pipeline(loaded);
        }
    }
});
