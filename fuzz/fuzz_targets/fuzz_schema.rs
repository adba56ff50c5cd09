//! A fact schema: bytes → `load::schema::parse` as the base site's `content/schema.yaml`;
//! when it parses, the base site's country files are checked against it and the whole
//! pipeline runs: pages, spreadsheets and availability.json are all made from the schema.
#![no_main]

mod common;

use std::sync::OnceLock;

use availgen::load::country::{self, CountryFile};
use availgen::load::{schema, SourceFile};
use libfuzzer_sys::fuzz_target;

/// The base site's country files as read, before a schema gives their facts types.
fn country_files() -> &'static [CountryFile] {
    static FILES: OnceLock<Vec<CountryFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        let countries = &common::base().loaded.countries;
        let sources = countries.iter().map(|c| SourceFile { rel_path: c.rel_path.clone(), text: c.text.clone() });
        sources.map(|s| country::parse(&s).expect("the base site's country files parse")).collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(source) = common::source(schema::SCHEMA_PATH, data) else { return };
    let schema = match schema::parse(&source) {
        Ok(schema) => schema,
        Err(problems) => return common::render_all(&problems),
    };
    let mut loaded = common::base_loaded();
    loaded.countries.clear();
    // A country file wrong for the schema is reported, and the site is built from the
    // others (as it would be with that file removed): so that schemas most countries
    // fit still reach the renderer.
    for file in country_files() {
        match country::check(file, &schema) {
            Ok(c) => loaded.countries.push(c),
            Err(problems) => common::render_all(&problems),
        }
    }
    loaded.schema = schema;
    common::run_pipeline(loaded);
});
