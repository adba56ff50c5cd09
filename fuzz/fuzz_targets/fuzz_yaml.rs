//! Any text: where availgen's hand-written YAML reader (`load::yaml_plain`) reads it,
//! its tree, every node's line and column included, is the one serde-saphyr reads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    assert!(availgen::load::hand_reader_agrees(text), "the readers disagree on {text:?}");
});
