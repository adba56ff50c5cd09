//! A country file: bytes → `load::country::parse` and `country::check` against the base
//! site's schema, then, in place of the base site's `argentina.yaml`, the whole pipeline.
#![no_main]

mod common;

use availgen::load::country;
use libfuzzer_sys::fuzz_target;

const PATH: &str = "content/countries/argentina.yaml";

fuzz_target!(|data: &[u8]| {
    let Some(source) = common::source(PATH, data) else { return };
    let mut loaded = common::base_loaded();
    match country::parse(&source).and_then(|file| country::check(&file, &loaded.schema)) {
        Err(problems) => common::render_all(&problems),
        Ok(country) => {
            loaded.countries.retain(|c| c.rel_path != PATH);
            loaded.countries.push(country);
            common::run_pipeline(loaded);
        }
    }
});
