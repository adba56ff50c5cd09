//! A locale file: bytes → `load::locale::parse` (whose tree reader must read it as
//! serde-saphyr does), then, in place of the base site's `zh-CN.yaml`, the whole
//! pipeline (every string of it ends up in pages and spreadsheets).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

const PATH: &str = "locales/zh-CN.yaml";

fuzz_target!(|data: &[u8]| {
    let Some(source) = common::source(PATH, data) else { return };
    assert!(availgen::load::locale::tree_reader_agrees(&source), "the readers disagree on {:?}", source.text);
    match availgen::load::locale::parse(&source) {
        Err(problems) => common::render_all(&problems),
        Ok(locale) => {
            let mut loaded = common::base_loaded();
            loaded.locales.retain(|l| l.rel_path != PATH);
            loaded.locales.push(locale);
            common::run_pipeline(loaded);
        }
    }
});
