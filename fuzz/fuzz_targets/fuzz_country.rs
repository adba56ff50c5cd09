//! A country file: bytes → `load::country::parse`, then, in place of the base site's
//! `argentina.yaml`, the whole pipeline.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

const PATH: &str = "content/countries/argentina.yaml";

fuzz_target!(|data: &[u8]| {
    let Some(source) = common::source(PATH, data) else { return };
    match availgen::load::country::parse(&source) {
        Err(problems) => common::render_all(&problems),
        Ok(country) => {
            let mut loaded = common::base_loaded();
            loaded.countries.retain(|c| c.rel_path != PATH);
            loaded.countries.push(country);
            common::run_pipeline(loaded);
        }
    }
});
