//! `availgen schema`: the JSON Schema of a country file, run as the real binary. Its
//! structure for the bundled site and for a site's own schema, its exit statuses, and
//! whether an independent validator (Python's `jsonschema`) accepts exactly the country
//! files the loader accepts.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use availgen::load::{country, schema, SourceFile};
use common::*;

/// Runs `availgen schema --root <root>`, which must succeed, and parses what it prints.
fn schema_of(root: &Path) -> Value {
    let o = availgen(["schema".as_ref(), "--root".as_ref(), root.as_os_str()]);
    assert_exit(&o, 0, "availgen schema");
    assert_eq!(stderr(&o), "", "nothing on stderr");
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", stdout(&o)))
}

#[test]
fn the_bundled_sites_schema() {
    let s = schema_of(manifest_dir());
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!((&s["type"], &s["additionalProperties"]), (&json!("object"), &json!(false)));
    assert_eq!(
        s["required"],
        json!([
            "code",
            "audio_conferencing",
            "phone_system",
            "calling_plans",
            "service_numbers",
            "communications_credits"
        ]),
        "every section but the optional business_voice"
    );
    let p = &s["properties"];
    assert_eq!(p["code"], json!({"type": "string", "pattern": "^[A-Z]{2}$"}));
    assert_eq!(p["notes"], json!({"type": ["array", "null"], "items": {"type": "string"}}));

    let ac = &p["audio_conferencing"];
    assert_eq!((&ac["type"], &ac["additionalProperties"]), (&json!("object"), &json!(false)));
    assert_eq!(ac["properties"]["dial_out"]["enum"], json!(["included", "credits", "unavailable"]));
    assert_eq!(ac["required"], json!(["available", "dial_out"]), "cities may be left out");
    assert_eq!(ac["description"], "Audio Conferencing", "the en-US text of the section's title");
    assert_eq!(ac["properties"]["dial_out"]["description"], "Dial-out (Call Me)", "the fact's label");

    assert_eq!(p["communications_credits"], json!({"type": "boolean", "description": "Communications Credits"}));
    assert_eq!(p["business_voice"]["type"], json!(["object", "null"]));
    assert_eq!(p["business_voice"]["required"], json!(["calling_plan_minutes"]));

    let cp = &p["calling_plans"];
    assert_eq!(cp["required"], json!(["available", "premium_numbers"]));
    assert_eq!(
        cp["properties"]["outbound_countries"],
        json!({
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": 4294967295u32,
            "description": "Countries and regions you can call"
        })
    );
    let plan = &cp["properties"]["plans"]["items"];
    assert_eq!((&plan["required"], &plan["additionalProperties"]), (&json!(["kind"]), &json!(false)));
    assert_eq!(plan["properties"]["minutes"]["type"], json!(["integer", "null"]));
    assert_eq!(plan["properties"]["kind"], json!({"enum": ["domestic", "domestic_international", "pay_as_you_go"]}));
}

/// `schema` (a JSON Schema) without its `description`s.
fn without_descriptions(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            map.iter().filter(|(k, _)| *k != "description").map(|(k, v)| (k.clone(), without_descriptions(v))).collect()
        }
        Value::Array(items) => items.iter().map(without_descriptions).collect(),
        other => other.clone(),
    }
}

#[test]
fn an_empty_site_gets_the_built_in_schema_without_descriptions() {
    let bundled = schema_of(manifest_dir());
    let dir = tempfile::tempdir().unwrap();
    let bare = schema_of(dir.path());
    assert_ne!(bundled, without_descriptions(&bundled), "the bundled site's schema has descriptions");
    assert_eq!(bare, without_descriptions(&bundled));
}

#[test]
fn a_sites_own_schema_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("locales")).unwrap();
    std::fs::write(
        root.join("content/schema.yaml"),
        "sections:
  - key: fax
    title: fax_title
    facts:
      - {key: speed, type: choice, label: fax_speed, optional: true, values: {slow: slow, fast: fast}}
      - {key: pages, type: count, label: fax_pages}
  - key: pager
    title: pager_title
    optional: true
    inline: true
    facts:
      - {key: available, type: yes_no, label: pager_available}
",
    )
    .unwrap();
    std::fs::write(root.join("locales/en-US.yaml"), "meta: {name: English}\nui: {fax_title: Fax, fax_pages: Pages}\n")
        .unwrap();
    let s = schema_of(root);
    assert_eq!(s["required"], json!(["code", "fax"]));
    assert_eq!(
        s["properties"]["fax"],
        json!({
            "type": "object",
            "description": "Fax",
            "properties": {
                "speed": {"enum": ["slow", "fast", null]},
                "pages": {"type": "integer", "minimum": 0, "maximum": 4294967295u32, "description": "Pages"},
            },
            "required": ["pages"],
            "additionalProperties": false,
        }),
        "labels missing from the locale give no description"
    );
    assert_eq!(s["properties"]["pager"], json!({"type": ["boolean", "null"]}), "an optional inline section");
}

#[test]
fn a_broken_schema_exits_1_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/schema.yaml"),
        "sections:\n  - key: fax\n    title: fax\n    facts:\n      - {key: pages, type: cuont, label: pages}\n",
    )
    .unwrap();
    let o = availgen(["schema".as_ref(), "--root".as_ref(), dir.path().as_os_str()]);
    assert_exit(&o, 1, "a broken content/schema.yaml");
    assert_eq!(stdout(&o), "", "no schema is printed");
    let err = stderr(&o);
    assert!(err.contains("error: unknown fact type `cuont`"), "{err}");
    assert!(err.contains("--> content/schema.yaml:5:28"), "{err}");
    assert!(err.contains("did you mean `count`?"), "{err}");
}

#[test]
fn a_missing_root_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let o = availgen(["schema".as_ref(), "--root".as_ref(), missing.as_os_str()]);
    assert_exit(&o, 2, "a root that does not exist");
    assert!(stderr(&o).contains("no such directory"), "{}", stderr(&o));
    assert_exit(&availgen(["schema", "--bogus"]), 2, "an unknown option");
}

/// The Python interpreter that has `jsonschema`, or why there is none.
fn jsonschema_python() -> Result<String, String> {
    let python = std::env::var("AVAILGEN_PYTHON").unwrap_or_else(|_| "python3".into());
    match Command::new(&python).args(["-c", "import jsonschema"]).output() {
        Ok(o) if o.status.success() => Ok(python),
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            Err(format!("`{python}` has no jsonschema ({})", err.lines().last().unwrap_or_default().trim()))
        }
        Err(e) => Err(format!("cannot run `{python}`: {e}")),
    }
}

/// `text` with its first `from` replaced by `to`; `from` must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "argentina.yaml no longer has {from:?}");
    text.replacen(from, to, 1)
}

/// Argentina's file changed in one place each: (name, text, whether the loader accepts it).
fn variants_of_argentina(text: &str) -> Vec<(&'static str, String, bool)> {
    let plans = "  plans: [{kind: domestic, minutes: 120}, {kind: pay_as_you_go, minutes: null}, \
                 {kind: domestic_international, domestic_minutes: 3000}]";
    vec![
        ("no-business-voice", edit(text, "business_voice: null\n", ""), true),
        ("business-voice", edit(text, "business_voice: null", "business_voice: {calling_plan_minutes: 3000}"), true),
        ("cities-left-out", edit(text, "  shared_numbers: [Buenos Aires]\n", ""), true),
        ("plans", edit(text, "  plans: []", plans), true),
        ("largest-count", edit(text, "outbound_countries: null", "outbound_countries: 4294967295"), true),
        ("notes-null", edit(text, "notes: []", "notes: null"), true),
        ("quoted-no", edit(text, "code: AR", "code: 'NO'"), true),
        // U+FEFF is not White_Space, so `trim` keeps it: a name, if an odd one.
        ("bom-city", edit(text, "[Buenos Aires]", "[\"\\uFEFF\"]"), true),
        ("dial-out-credit", edit(text, "dial_out: credits", "dial_out: credit"), false),
        ("no-voicemail", edit(text, "  voicemail: true\n", ""), false),
        ("yes-is-a-string", edit(text, "communications_credits: true", "communications_credits: yes"), false),
        ("misspelt-fact", edit(text, "  toll_free: true", "  tol_free: true"), false),
        ("unknown-key", format!("{text}colour: red\n"), false),
        ("no-code", edit(text, "code: AR\n", ""), false),
        ("section-left-out", edit(text, "communications_credits: true\n", ""), false),
        ("business-voice-empty", edit(text, "business_voice: null", "business_voice: {}"), false),
        ("null-cities", edit(text, "[Buenos Aires]", "null"), false),
        ("blank-city", edit(text, "[Buenos Aires]", "[\" \"]"), false),
        ("ideographic-space-city", edit(text, "[Buenos Aires]", "[\"\\u3000\"]"), false),
        ("plan-without-kind", edit(text, "  plans: []", "  plans: [{minutes: 120}]"), false),
        ("negative-count", edit(text, "outbound_countries: null", "outbound_countries: -1"), false),
        ("count-too-large", edit(text, "outbound_countries: null", "outbound_countries: 4294967296"), false),
    ]
}

/// A YAML country file as JSON, read as the loader reads YAML (1.2: `yes` is a string).
fn to_json(yaml: &str) -> Value {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(yaml, options).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

#[test]
fn python_jsonschema_accepts_exactly_the_country_files_the_loader_accepts() {
    let python = match jsonschema_python() {
        Ok(p) => p,
        Err(why) => {
            let hint = "install it with `python3 -m pip install jsonschema==4.26.0`";
            if std::env::var_os("AVAILGEN_REQUIRE_JSONSCHEMA").is_some() {
                panic!("{why}; {hint}");
            }
            eprintln!("skipped: {why}; {hint}");
            return;
        }
    };
    let root = manifest_dir();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let fact_schema =
        schema::parse(&SourceFile { rel_path: schema::SCHEMA_PATH.into(), text: read(schema::SCHEMA_PATH) })
            .expect("the bundled content/schema.yaml is valid");

    // (file name, YAML, whether the loader accepts it): every bundled country, then variants.
    let mut cases: Vec<(String, String, bool)> = Vec::new();
    let mut bundled: Vec<PathBuf> = std::fs::read_dir(root.join("content/countries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    bundled.sort();
    assert!(bundled.len() > 100, "the bundled countries are read: {}", bundled.len());
    for path in &bundled {
        let slug = path.file_stem().unwrap().to_string_lossy();
        cases.push((format!("{slug}.json"), std::fs::read_to_string(path).unwrap(), true));
    }
    for (name, text, accepted) in variants_of_argentina(&read("content/countries/argentina.yaml")) {
        cases.push((format!("argentina+{name}.json"), text, accepted));
    }

    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("country.schema.json");
    std::fs::write(&schema_path, serde_json::to_string(&schema_of(root)).unwrap()).unwrap();
    let mut script = Command::new(&python);
    script.arg(root.join("tests/jsonschema/validate.py")).arg(&schema_path);
    for (name, text, accepted) in &cases {
        let source = SourceFile { rel_path: format!("content/countries/{name}"), text: text.clone() };
        let loaded = country::parse_checked(&source, &fact_schema);
        assert_eq!(loaded.is_ok(), *accepted, "{name}: the loader's verdict: {loaded:?}");
        let path = dir.path().join(name);
        std::fs::write(&path, serde_json::to_string(&to_json(text)).unwrap()).unwrap();
        script.arg(path);
    }
    let o = script.output().expect("cannot run tests/jsonschema/validate.py");
    assert!(o.status.success(), "validate.py failed: {}", String::from_utf8_lossy(&o.stderr));
    let seen: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(seen["schema"], json!([]), "the exported schema against the draft 2020-12 metaschema");
    let mut disagree = Vec::new();
    for (name, _, accepted) in &cases {
        let errors = seen["files"][name].as_array().unwrap_or_else(|| panic!("no result for {name}"));
        if errors.is_empty() != *accepted {
            disagree.push(format!(
                "{name}: loader {}, jsonschema {errors:?}",
                if *accepted { "accepts" } else { "refuses" }
            ));
        }
    }
    assert!(disagree.is_empty(), "jsonschema and the loader disagree:\n{}", disagree.join("\n"));
    let credit = &seen["files"]["argentina+dial-out-credit.json"][0];
    assert_eq!(credit, "$.audio_conferencing.dial_out: 'credit' is not one of ['included', 'credits', 'unavailable']");
    let voicemail = &seen["files"]["argentina+no-voicemail.json"][0];
    assert_eq!(voicemail, "$.phone_system: 'voicemail' is a required property");
}
