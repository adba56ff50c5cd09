//! End-to-end tests of `availgen import docfx`, running the real binary.
//!
//! The 12 real DocFX pages live outside the repository, in `../shared/docfx-samples`
//! (relative to the manifest); tests that need them say so and pass when it is absent.
//! Each quirk of the hand-written pages has a small page in `tests/fixtures/import-*/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    manifest().join("tests/fixtures").join(name)
}

/// The 12 real pages, or `None` (with a note on stderr) when this checkout has no
/// `../shared` beside it.
fn samples() -> Option<PathBuf> {
    let dir = manifest().join("../shared/docfx-samples/en-US");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} not found; the real DocFX samples sit beside the checkout", dir.display());
        None
    }
}

fn selector(name: &str) -> Option<PathBuf> {
    let path = manifest().join("../shared/seeds").join(name);
    path.is_file().then_some(path)
}

/// A temporary site root with the project's locales and, optionally, bundled countries.
struct Root {
    dir: tempfile::TempDir,
}

impl Root {
    fn new() -> Root {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&manifest().join("locales"), &dir.path().join("locales"));
        Root { dir }
    }

    fn with_countries(slugs: &[&str]) -> Root {
        let root = Root::new();
        let dir = root.path().join("content/countries");
        std::fs::create_dir_all(&dir).unwrap();
        for slug in slugs {
            let name = format!("{slug}.yaml");
            std::fs::copy(manifest().join("content/countries").join(&name), dir.join(&name)).unwrap();
        }
        root
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path().join(rel), text).unwrap();
    }

    fn country(&self, slug: &str) -> Value {
        yaml(&self.read(&format!("content/countries/{slug}.yaml")))
    }

    /// Every file under the root, relative path → bytes.
    fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        for entry in walkdir::WalkDir::new(self.path()).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(self.path()).unwrap();
                out.insert(rel.display().to_string(), std::fs::read(entry.path()).unwrap());
            }
        }
        out
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

fn import(pages: &Path, root: &Path, extra: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_availgen"))
        .args(["import", "docfx", "--pages"])
        .arg(pages)
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn import_json(pages: &Path, root: &Path) -> (i32, Value) {
    let run = import(pages, root, &["--format", "json"]);
    (run.status, run.json())
}

/// The report of the page whose file name ends with `availability-in-<slug>.md`.
fn file_report<'a>(report: &'a Value, slug: &str) -> &'a Value {
    let name = format!("availability-in-{slug}.md");
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["page"].as_str().unwrap().ends_with(&name))
        .unwrap_or_else(|| panic!("no report for {name}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
}

const SAMPLES: [&str; 12] = [
    "argentina",
    "australia",
    "canada",
    "china",
    "costa-rica",
    "france",
    "india",
    "japan",
    "puerto-rico",
    "the-netherlands",
    "the-united-kingdom-u-k",
    "the-united-states-u-s",
];

/// The bundled files are the expected result for the 12 samples: field for field, except
/// what no page states (business_voice, source) — which the report must list as not on
/// the page — and notes, which may differ only where an ambiguity names the note.
#[test]
fn samples_reproduce_the_bundled_content() {
    let Some(pages) = samples() else { return };
    let root = Root::new();
    let (status, report) = import_json(&pages, root.path());
    assert_eq!(report["summary"]["created"], 12, "{report:#}");
    let mut explained = 0;
    for slug in SAMPLES {
        let expected =
            yaml(&std::fs::read_to_string(manifest().join(format!("content/countries/{slug}.yaml"))).unwrap());
        let got = root.country(slug);
        let file = file_report(&report, slug);
        for (key, want) in expected.as_object().unwrap() {
            match key.as_str() {
                "source" => assert!(got.get("source").is_none(), "{slug}: source invented"),
                "business_voice" => {
                    assert_eq!(got[key], Value::Null, "{slug}");
                    let kept = file["kept"].as_array().unwrap();
                    assert!(
                        kept.iter().any(|k| k["field"] == "business_voice"
                            && k["reason"].as_str().unwrap().contains("not on the page")),
                        "{slug}: business_voice not reported as not on the page"
                    );
                }
                "notes" => {
                    let want = strings(want);
                    let got = strings(&got["notes"]);
                    let named: Vec<&str> =
                        file["ambiguities"].as_array().unwrap().iter().filter_map(|a| a["note"].as_str()).collect();
                    for note in want.iter().filter(|n| !got.contains(n)).chain(got.iter().filter(|n| !want.contains(n)))
                    {
                        assert!(named.contains(&note.as_str()), "{slug}: note {note} differs without explanation");
                        explained += 1;
                    }
                }
                _ => assert_eq!(&got[key], want, "{slug}: {key}"),
            }
        }
    }
    // India: "Other cities on request" leaves toll_on_request to a person, and the bundled
    // file, re-synced from the shared data, has it not.
    assert_eq!(explained, 0);
    assert_eq!(status, 1, "one value needs a person");
    assert_eq!(report["summary"]["ambiguities"], 1);
}

/// Over the bundled content, the samples change nothing, byte for byte.
#[test]
fn samples_over_the_bundled_content_change_nothing() {
    let Some(pages) = samples() else { return };
    let root = Root::with_countries(&SAMPLES);
    let before = root.snapshot();
    let (_, report) = import_json(&pages, root.path());
    let summary = &report["summary"];
    assert_eq!(summary["unchanged"], 12, "{report:#}");
    assert_eq!(root.snapshot(), before);
    // India's toll_on_request is still left to a person: reported, not written.
    assert_eq!(report["summary"]["ambiguities"], 1);
}

#[test]
fn importing_twice_changes_nothing() {
    let Some(pages) = samples() else { return };
    let root = Root::new();
    import(&pages, root.path(), &[]);
    let first = root.snapshot();
    let (_, report) = import_json(&pages, root.path());
    assert_eq!(report["summary"]["unchanged"], 12);
    assert_eq!(root.snapshot(), first);
}

#[test]
fn dry_run_writes_nothing() {
    let Some(pages) = samples() else { return };
    let root = Root::with_countries(&["canada"]);
    let mut canada = root.read("content/countries/canada.yaml");
    canada = canada.replace("  toll_free: true", "  toll_free: false");
    root.write("content/countries/canada.yaml", &canada);
    let before = root.snapshot();
    let run = import(&pages, root.path(), &["--dry-run"]);
    assert_eq!(root.snapshot(), before);
    assert!(run.stdout.contains("dry run"), "{}", run.stdout);
    assert!(run.stdout.contains("would be created"), "{}", run.stdout);
    assert!(run.stdout.contains("would be updated"), "{}", run.stdout);
    assert!(run.stdout.contains("changed   service_numbers.toll_free: false → true"), "{}", run.stdout);
}

/// Keys the pages do not cover survive; every changed value is reported.
#[test]
fn existing_content_keeps_uncovered_keys_and_reports_changes() {
    let root = Root::with_countries(&["chile"]);
    let original = root.read("content/countries/chile.yaml");
    let edited = original
        .replace("business_voice: null", "business_voice:\n  calling_plan_minutes: 500")
        .replace("notes: [in_country_orgs_only]", "notes: [in_country_orgs_only, zz_local_note]")
        .replace("  cities: [Santiago]", "  cities: [Santiago, Valparaiso]");
    root.write("content/countries/chile.yaml", &edited);
    let (status, report) = import_json(&fixture("import-yes-br"), root.path());
    assert_eq!(status, 0, "{report:#}");
    let chile = root.country("chile");
    assert_eq!(chile["business_voice"]["calling_plan_minutes"], 500);
    assert!(chile["source"].as_str().unwrap().contains("availability-in-chile.md"));
    // zz_local_note has no page wording: kept. in_country_orgs_only has one, and this
    // page does not say it: removed, and reported.
    assert_eq!(strings(&chile["notes"]), ["zz_local_note"]);
    assert_eq!(strings(&chile["service_numbers"]["cities"]), ["Santiago"]);
    let file = file_report(&report, "chile");
    assert_eq!(file["status"], "updated");
    let changed: BTreeMap<String, (Value, Value)> = file["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["field"].as_str().unwrap().to_owned(), (c["old"].clone(), c["new"].clone())))
        .collect();
    assert_eq!(
        changed.keys().collect::<Vec<_>>(),
        [
            "audio_conferencing.dial_out",
            "audio_conferencing.shared_numbers",
            "communications_credits",
            "notes",
            "service_numbers.cities",
            "service_numbers.toll_free",
        ]
    );
    assert_eq!(changed["service_numbers.cities"].0, "[Santiago, Valparaiso]");
    assert_eq!(changed["service_numbers.cities"].1, "[Santiago]");
    assert_eq!(changed["notes"].0, "[in_country_orgs_only, zz_local_note]");
}

#[test]
fn human_report_lists_values_with_their_lines() {
    let root = Root::new();
    let run = import(&fixture("import-yes-for-list"), root.path(), &[]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    assert!(out.contains("availability-in-france.md → content/countries/france.yaml (FR): created"), "{out}");
    assert!(
        out.contains("line  19  audio_conferencing.shared_numbers  [Paris]  ← Yes, for:<br/><ul><li> Paris</ul>"),
        "{out}"
    );
    assert!(out.contains("kept      calling_plans.premium_numbers = false (not on the page; default)"), "{out}");
    assert!(out.contains("Summary: 2 pages: 2 created"), "{out}");
}

#[test]
fn json_report_gives_each_value_its_line() {
    let root = Root::new();
    let (status, report) = import_json(&fixture("import-on-request"), root.path());
    assert_eq!(status, 0);
    let file = file_report(&report, "indonesia");
    let cities = file["values"].as_array().unwrap().iter().find(|v| v["field"] == "service_numbers.cities").unwrap();
    assert_eq!(cities["value"], "[Jakarta]");
    assert_eq!(cities["line"], 43);
    assert!(cities["text"].as_str().unwrap().starts_with("Jakarta ([on request]"));
    let code = &file["values"][0];
    assert_eq!((code["field"].as_str(), code["value"].as_str()), (Some("code"), Some("ID")));
}

// ---- one test per quirk of the hand-written pages -------------------------------------

fn import_fixture(name: &str) -> (Root, i32, Value) {
    let root = Root::new();
    let (status, report) = import_json(&fixture(name), root.path());
    (root, status, report)
}

#[test]
fn quirk_yes_with_br() {
    let (root, status, _) = import_fixture("import-yes-br");
    assert_eq!(status, 0);
    let c = root.country("chile");
    assert_eq!(c["code"], "CL");
    assert_eq!(c["audio_conferencing"]["available"], true);
    assert_eq!(c["service_numbers"]["toll_free"], false);
    assert_eq!(c["communications_credits"], false);
    assert_eq!(strings(&c["service_numbers"]["cities"]), ["Santiago"]);
}

#[test]
fn quirk_yes_for_list_then_text() {
    let (root, status, _) = import_fixture("import-yes-for-list");
    assert_eq!(status, 0);
    assert_eq!(strings(&root.country("france")["audio_conferencing"]["shared_numbers"]), ["Paris"]);
    assert_eq!(strings(&root.country("india")["audio_conferencing"]["shared_numbers"]), ["Chennai", "Mumbai"]);
}

#[test]
fn quirk_unclosed_list_items() {
    let (root, status, report) = import_fixture("import-unclosed-li");
    assert_eq!(status, 0, "{report:#}");
    let c = root.country("argentina");
    assert_eq!(
        strings(&c["service_numbers"]["cities"]),
        ["Buenos Aires", "Cordoba", "La Plata", "Mar Del Plata", "Mendoza", "San Miguel de Tucuman"]
    );
    assert_eq!(c["calling_plans"]["plans"].as_array().unwrap().len(), 4);
}

#[test]
fn quirk_cities_on_request() {
    let (root, status, _) = import_fixture("import-on-request");
    assert_eq!(status, 0);
    let c = root.country("indonesia");
    assert_eq!(strings(&c["service_numbers"]["cities"]), ["Jakarta"]);
    assert_eq!(c["service_numbers"]["toll"], true);
    assert_eq!(strings(&c["notes"]), ["toll_local_access_only", "toll_on_request"]);
}

#[test]
fn quirk_other_cities_on_request_needs_a_person() {
    let (root, status, report) = import_fixture("import-other-cities-on-request");
    assert_eq!(status, 1);
    let c = root.country("india");
    assert_eq!(strings(&c["service_numbers"]["cities"]), ["Chennai", "Mumbai"]);
    assert_eq!(strings(&c["notes"]), ["other_cities_on_request"]);
    let a = &file_report(&report, "india")["ambiguities"][0];
    assert_eq!(a["line"], 43);
    assert_eq!(a["note"], "toll_on_request");
    assert_eq!(a["text"], "Other cities on request");
    assert!(a["file"].as_str().unwrap().ends_with("import-other-cities-on-request/availability-in-india.md"));
}

#[test]
fn quirk_not_applicable() {
    let (root, status, _) = import_fixture("import-not-applicable");
    assert_eq!(status, 0);
    let cp = &root.country("egypt")["calling_plans"];
    assert_eq!(cp["available"], false);
    assert_eq!(cp["plans"], serde_json::json!([]));
    assert_eq!(cp["outbound_countries"], Value::Null);
}

#[test]
fn quirk_numbers_not_linked_to_a_city() {
    let (root, status, _) = import_fixture("import-non-geographic");
    assert_eq!(status, 0);
    let c = root.country("costa-rica");
    assert_eq!(c["audio_conferencing"]["shared_numbers"], serde_json::json!([]));
    assert_eq!(c["service_numbers"]["cities"], serde_json::json!([]));
    assert_eq!(strings(&c["notes"]), ["ac_numbers_non_geographic", "service_numbers_non_geographic"]);
}

#[test]
fn quirk_partner_only_calling_plans() {
    let (root, status, report) = import_fixture("import-partner-plans");
    assert_eq!(status, 0, "{report:#}");
    for (slug, notes) in [
        (
            "australia",
            vec!["au_calling_plans_via_telstra", "au_contact_for_numbers", "au_telstra_manages_subscriber_numbers"],
        ),
        ("japan", vec!["jp_calling_plans_via_softbank", "jp_softbank_manages_subscriber_numbers"]),
    ] {
        let c = root.country(slug);
        assert_eq!(c["calling_plans"]["available"], true, "{slug}");
        assert_eq!(c["calling_plans"]["plans"], serde_json::json!([]), "{slug}");
        assert_eq!(c["calling_plans"]["outbound_countries"], Value::Null, "{slug}");
        assert_eq!(strings(&c["notes"]), notes, "{slug}");
    }
}

#[test]
fn quirk_plan_wordings() {
    let (root, status, report) = import_fixture("import-plan-wording");
    assert_eq!(status, 0, "{report:#}");
    let plans = |slug: &str| root.country(slug)["calling_plans"]["plans"].clone();
    let plan = |kind: &str, minutes: Value| serde_json::json!({"kind": kind, "minutes": minutes});
    let both = |domestic: u32| serde_json::json!({"kind": "domestic_international", "minutes": 600, "domestic_minutes": domestic});
    assert_eq!(
        plans("the-netherlands"),
        serde_json::json!([
            plan("pay_as_you_go", Value::Null),
            plan("domestic", 120.into()),
            plan("domestic", 240.into()),
            plan("domestic", 1200.into()),
            both(1200),
        ])
    );
    assert_eq!(plans("puerto-rico"), serde_json::json!([both(3000)]));
    assert_eq!(plans("the-united-states-u-s").as_array().unwrap().len(), 4);
    assert_eq!(strings(&root.country("the-united-states-u-s")["notes"]), ["us_small_plans_limited"]);
    assert_eq!(strings(&root.country("puerto-rico")["notes"]), ["us_pr_shared_pool"]);
    // The emitted style: one flow mapping per plan.
    let text = root.read("content/countries/the-netherlands.yaml");
    assert!(
        text.contains("  plans:\n  - {kind: pay_as_you_go, minutes: null}\n  - {kind: domestic, minutes: 120}\n"),
        "{text}"
    );
}

#[test]
fn quirk_outbound_to_196_countries() {
    let (root, status, _) = import_fixture("import-outbound-countries");
    assert_eq!(status, 0);
    let c = root.country("canada");
    assert_eq!(c["calling_plans"]["outbound_countries"], 196);
    assert_eq!(strings(&c["notes"]), ["us_canada_domestic"]);
}

#[test]
fn quirk_french_and_uk_premium_numbers() {
    let (root, status, _) = import_fixture("import-premium-numbers");
    assert_eq!(status, 0);
    let fr = root.country("france");
    assert_eq!(fr["calling_plans"]["premium_numbers"], true);
    assert_eq!(strings(&fr["notes"]), ["fr_premium_via_credits"]);
    let gb = root.country("the-united-kingdom-u-k");
    assert_eq!(gb["code"], "GB");
    assert_eq!(gb["calling_plans"]["premium_numbers"], false);
    assert_eq!(strings(&gb["notes"]), ["gb_premium_partial"]);
}

#[test]
fn quirk_available_and_not_available() {
    let (root, status, _) = import_fixture("import-available");
    assert_eq!(status, 0);
    let ps = &root.country("ghana")["phone_system"];
    assert_eq!(ps["auto_attendants"], true);
    assert_eq!(ps["call_queues"], false);
    assert_eq!(ps["voicemail"], false);
}

#[test]
fn quirk_call_me_with_or_without_credits() {
    let (root, status, _) = import_fixture("import-call-me");
    assert_eq!(status, 0);
    for (slug, dial_out) in
        [("argentina", "credits"), ("brazil", "credits"), ("mexico", "included"), ("peru", "unavailable")]
    {
        assert_eq!(root.country(slug)["audio_conferencing"]["dial_out"], dial_out, "{slug}");
    }
}

#[test]
fn quirk_country_names_and_unknown_names() {
    let (root, status, report) = import_fixture("import-country-names");
    assert_eq!(status, 1);
    assert_eq!(root.country("the-u-k")["code"], "GB");
    assert_eq!(root.country("the-united-arab-emirates-uae")["code"], "AE");
    assert_eq!(root.country("the-philippines")["code"], "PH");
    let atlantis = file_report(&report, "atlantis");
    assert_eq!(atlantis["status"], "skipped");
    assert_eq!(atlantis["ambiguities"][0]["line"], 8);
    assert_eq!(atlantis["ambiguities"][0]["text"], "Availability in Atlantis");
    assert!(!root.path().join("content/countries/atlantis.yaml").exists());
}

#[test]
fn quirk_unexplained_text_needs_a_person() {
    let root = Root::new();
    let run = import(&fixture("import-unexplained-text"), root.path(), &[]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains("availability-in-argentina.md:47: `but only from 9 to 5`: no rule explains this text, so `service_numbers.toll` needs a person"), "{}", run.stdout);
    assert!(run.stdout.contains("availability-in-argentina.md:40: `Calling Plans are coming soon.`"), "{}", run.stdout);
    assert!(run.stdout.contains("2 values need a person"), "{}", run.stdout);
}

/// The report's line for `field` of a file report.
fn value_line<'a>(file: &'a Value, field: &str) -> &'a Value {
    file["values"].as_array().unwrap().iter().find(|v| v["field"] == field).unwrap_or_else(|| panic!("no {field}"))
}

#[test]
fn quirk_html_character_references() {
    let (root, status, report) = import_fixture("import-html-entities");
    assert_eq!(status, 0, "{report:#}");
    let file = file_report(&report, "bosniaherzegovina");
    assert_eq!(file["ambiguities"], serde_json::json!([]));
    // "Bosnia &amp; Herzegovina": CLDR's English name once decoded.
    let code = value_line(file, "code");
    assert_eq!((code["value"].as_str(), code["how"].as_str()), (Some("BA"), Some("CLDR English name")));
    assert_eq!(code["text"], "Availability in Bosnia & Herzegovina");
    // Named (&nbsp; &Scaron;), decimal (&#263;) and hex (&#x10D;) references in cells;
    // "toll&nbsp;free" in a label.
    let text = root.read("content/countries/bosniaherzegovina.yaml");
    assert!(
        text.starts_with(
            "code: BA\naudio_conferencing:\n  available: true\n  shared_numbers: [Sarajevo]\n  dial_out: credits\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("service_numbers:\n  toll: true\n  toll_free: true\n  cities: [Banja Luka, Bihać, Brčko, Mostar, Sarajevo, Široki Brijeg]\n"),
        "{text}"
    );
    assert_eq!(value_line(file, "audio_conferencing.dial_out")["value"], "credits");
}

#[test]
fn quirk_older_domestic_and_international_wording() {
    let (root, status, report) = import_fixture("import-old-plan-wording");
    assert_eq!(status, 0, "{report:#}");
    let plans = value_line(file_report(&report, "belgium"), "calling_plans.plans");
    assert_eq!(
        plans["value"],
        "[{kind: domestic, minutes: 120}, {kind: domestic, minutes: 240}, {kind: domestic, minutes: 1200}, {kind: domestic_international, minutes: 600}]"
    );
    assert!(plans["text"].as_str().unwrap().contains("600 minute for Domestic and International Calling Plans"));
    let text = root.read("content/countries/belgium.yaml");
    assert!(text.contains("  - {kind: domestic, minutes: 1200}\n  - {kind: domestic_international, minutes: 600}\n  premium_numbers: false\n"), "{text}");
    // The bundled Belgium says just this: importing over it changes nothing.
    let root = Root::with_countries(&["belgium"]);
    let before = root.snapshot();
    let (status, report) = import_json(&fixture("import-old-plan-wording"), root.path());
    assert_eq!((status, &file_report(&report, "belgium")["status"]), (0, &Value::from("unchanged")));
    assert_eq!(root.snapshot(), before);
}

#[test]
fn quirk_domestic_minutes_of_the_domestic_and_international_plan() {
    let fixture = fixture("import-domestic-minutes");
    let plan_line = "  - {kind: domestic_international, minutes: 600, domestic_minutes: 1200}\n";
    let root = Root::new();
    let (status, report) = import_json(&fixture, root.path());
    assert_eq!(status, 0, "{report:#}");
    let text = root.read("content/countries/ireland.yaml");
    assert!(
        text.contains(&format!("  - {{kind: domestic, minutes: 1200}}\n{plan_line}  premium_numbers: false\n")),
        "{text}"
    );
    let plans = value_line(file_report(&report, "ireland"), "calling_plans.plans");
    assert!(plans["value"]
        .as_str()
        .unwrap()
        .ends_with("{kind: domestic_international, minutes: 600, domestic_minutes: 1200}]"));
    // Over a file written before `domestic_minutes`: that one value changes, and is reported.
    let root = Root::with_countries(&["ireland"]);
    let old = root.read("content/countries/ireland.yaml").replace(", domestic_minutes: 1200", "");
    root.write("content/countries/ireland.yaml", &old);
    let (status, report) = import_json(&fixture, root.path());
    assert_eq!(status, 0, "{report:#}");
    let file = file_report(&report, "ireland");
    assert_eq!(file["status"], "updated");
    let changes = file["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{file:#}");
    assert_eq!(changes[0]["field"], "calling_plans.plans");
    assert!(changes[0]["old"].as_str().unwrap().ends_with("{kind: domestic_international, minutes: 600}]"));
    assert_eq!(changes[0]["new"], plans["value"]);
    let new = root.read("content/countries/ireland.yaml");
    assert_eq!(new, old.replace("  - {kind: domestic_international, minutes: 600}\n", plan_line));
}

#[test]
fn quirk_names_the_locale_files_lack_come_from_cldr() {
    let (root, status, report) = import_fixture("import-cldr-names");
    assert_eq!(status, 0, "{report:#}");
    let en_us = root.read("locales/en-US.yaml");
    // Türkiye: the locale file says "Turkey". Côte d'Ivoire: the locale file has no CI,
    // and CLDR writes "Côte d’Ivoire".
    assert!(en_us.contains("  TR: Turkey\n") && !en_us.contains("Türkiye") && !en_us.contains("  CI: "));
    for (slug, code) in [("turkiye", "TR"), ("cote-divoire", "CI")] {
        let line = value_line(file_report(&report, slug), "code");
        assert_eq!((line["value"].as_str(), line["how"].as_str()), (Some(code), Some("CLDR English name")), "{slug}");
        let text = root.read(&format!("content/countries/{slug}.yaml"));
        assert!(text.starts_with(&format!("code: {code}\naudio_conferencing:\n")), "{text}");
    }
}

/// The bundled schema with its sections (one block of lines each) edited as a site's
/// own schema might be.
fn site_schema(edit: impl FnOnce(&mut Vec<String>)) -> String {
    let text = std::fs::read_to_string(manifest().join("content/schema.yaml")).unwrap();
    let mut head = String::new();
    let mut sections: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("  - key: ") {
            sections.push(String::new());
        }
        sections.last_mut().unwrap_or(&mut head).push_str(line);
    }
    edit(&mut sections);
    head + &sections.concat()
}

fn root_with_schema(schema: &str) -> Root {
    let root = Root::new();
    std::fs::create_dir_all(root.path().join("content")).unwrap();
    root.write("content/schema.yaml", schema);
    root
}

#[test]
fn written_files_follow_the_order_of_the_site_schema() {
    let schema = site_schema(|sections| {
        let at = sections.iter().position(|s| s.starts_with("  - key: service_numbers\n")).unwrap();
        let moved = sections.remove(at);
        sections.insert(0, moved);
    });
    let root = root_with_schema(&schema);
    let (status, report) = import_json(&fixture("import-site-schema"), root.path());
    assert_eq!(status, 0, "{report:#}");
    let text = root.read("content/countries/spain.yaml");
    assert!(
        text.starts_with("code: ES\nservice_numbers:\n  toll: true\n  toll_free: true\n  cities: [Barcelona, Madrid]\naudio_conferencing:\n"),
        "{text}"
    );
    let check =
        Command::new(env!("CARGO_BIN_EXE_availgen")).args(["check", "--root"]).arg(root.path()).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn a_file_the_site_schema_does_not_accept_is_not_written() {
    // A schema without `domestic_minutes`: the written text would not pass it.
    let without_key = site_schema(|_| {})
        .lines()
        .filter(|l| !l.contains("key: domestic_minutes"))
        .map(|l| format!("{l}\n"))
        .collect::<String>();
    // A schema without Phone System: the text passes, but would lose what the page says.
    let without_section = site_schema(|sections| sections.retain(|s| !s.starts_with("  - key: phone_system\n")));
    for (schema, problem) in [
        (without_key, "unknown key `domestic_minutes` in an item of `plans`"),
        (without_section, "the site's schema has no place for phone_system.available, phone_system.auto_attendants"),
    ] {
        let root = root_with_schema(&schema);
        let before = root.snapshot();
        let run = import(&fixture("import-site-schema"), root.path(), &[]);
        assert_eq!(run.status, 2, "{}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("cannot write content/countries/spain.yaml: the site's schema does not accept"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(problem), "{}", run.stderr);
        assert_eq!(root.snapshot(), before);
    }
}

#[test]
fn an_existing_file_with_facts_the_importer_does_not_know_is_not_overwritten() {
    // The site's schema has a fact of its own, and Spain's file sets it.
    let schema = site_schema(|sections| {
        let phone_system = sections.iter_mut().find(|s| s.starts_with("  - key: phone_system\n")).unwrap();
        *phone_system = phone_system.replace(
            "      - {key: voicemail,",
            "      - {key: operator_connect, type: yes_no, label: ps_operator_connect, optional: true}\n      - {key: voicemail,",
        );
    });
    let root = root_with_schema(&schema);
    std::fs::create_dir_all(root.path().join("content/countries")).unwrap();
    let spain = std::fs::read_to_string(manifest().join("content/countries/spain.yaml")).unwrap();
    root.write(
        "content/countries/spain.yaml",
        &spain.replace("  call_queues: true\n", "  call_queues: true\n  operator_connect: true\n"),
    );
    let before = root.snapshot();
    let (status, report) = import_json(&fixture("import-site-schema"), root.path());
    assert_eq!(status, 1, "{report:#}");
    let file = file_report(&report, "spain");
    assert_eq!(file["status"], "skipped");
    assert_eq!(
        file["ambiguities"][0]["message"],
        "content/countries/spain.yaml was not overwritten: it has `phone_system.operator_connect`, which the importer does not handle"
    );
    assert_eq!(root.snapshot(), before);
}

// ---- selector pages → locale names ------------------------------------------------------

#[test]
fn selector_names_are_cleaned_and_merged_as_text() {
    let root = Root::with_countries(&["argentina", "austria", "belgium"]);
    let original = root.read("locales/zh-CN.yaml");
    let without_be: String = original.lines().filter(|l| !l.starts_with("  BE: ")).map(|l| format!("{l}\n")).collect();
    root.write("locales/zh-CN.yaml", &without_be);
    let sel = fixture("import-selector/selector.zh-CN.md");
    let sel_arg = format!("zh-CN={}", sel.display());
    let run = import(&fixture("import-yes-br"), root.path(), &["--selector", &sel_arg, "--format", "json"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    let locale = &report["locales"][0];
    let names: BTreeMap<&str, (&str, &str)> = locale["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["code"].as_str().unwrap(), (n["name"].as_str().unwrap(), n["change"].as_str().unwrap())))
        .collect();
    assert_eq!(names["AR"], ("阿根廷", "unchanged"), "Argentina（阿根廷） → 阿根廷");
    assert_eq!(names["AT"], ("奥地利共和国", "changed"), "the translated side of the sxs-lookup span");
    assert_eq!(names["BE"], ("比利时", "added"));
    assert_eq!(locale["skipped"][0]["line"], 14);
    // Only the two lines changed: comments, order and every other section are untouched.
    let expected = original.replace("  AT: 奥地利\n", "  AT: 奥地利共和国\n");
    assert_eq!(root.read("locales/zh-CN.yaml"), expected);
}

#[test]
fn seed_selectors_agree_with_the_bundled_locales_for_the_samples() {
    let (Some(pages), Some(zh_cn), Some(zh_tw)) =
        (samples(), selector("000_14ae89299addfcab.txt"), selector("001_d7b06472a662044a.txt"))
    else {
        return;
    };
    let root = Root::new();
    let before_cn = root.read("locales/zh-CN.yaml");
    let before_tw = root.read("locales/zh-TW.yaml");
    let cn = format!("zh-CN={}", zh_cn.display());
    let tw = format!("zh-TW={}", zh_tw.display());
    let run = import(&pages, root.path(), &["--selector", &cn, "--selector", &tw, "--format", "json"]);
    let report = run.json();
    for locale in report["locales"].as_array().unwrap() {
        assert_eq!(locale["names"].as_array().unwrap().len(), 12, "{locale:#}");
        assert_eq!(locale["status"], "unchanged");
    }
    assert_eq!(root.read("locales/zh-CN.yaml"), before_cn);
    assert_eq!(root.read("locales/zh-TW.yaml"), before_tw);
}

// ---- usage and I/O errors: exit status 2, nothing written -------------------------------

#[test]
fn missing_pages_directory_is_a_usage_error() {
    let root = Root::new();
    let run = import(&root.path().join("nope"), root.path(), &[]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("is not a directory"), "{}", run.stderr);
}

#[test]
fn malformed_selector_argument_is_a_usage_error() {
    let root = Root::new();
    let run = import(&fixture("import-yes-br"), root.path(), &["--selector", "zh-CN"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("LOCALE=FILE"), "{}", run.stderr);
    let run = import(&fixture("import-yes-br"), root.path(), &["--selector", "not a tag=x.md"]);
    assert_eq!(run.status, 2);
}

#[test]
fn selector_for_a_missing_locale_file_writes_nothing() {
    let root = Root::new();
    let before = root.snapshot();
    let sel = format!("fr-FR={}", fixture("import-selector/selector.zh-CN.md").display());
    let run = import(&fixture("import-yes-br"), root.path(), &["--selector", &sel]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("locales/fr-FR.yaml does not exist"), "{}", run.stderr);
    assert_eq!(root.snapshot(), before);
}

#[test]
fn root_without_en_us_names_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = import(&fixture("import-yes-br"), dir.path(), &[]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("locales/en-US.yaml"), "{}", run.stderr);
}

#[test]
fn the_imported_site_passes_check() {
    let root = Root::new();
    import(&fixture("import-plan-wording"), root.path(), &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_availgen")).args(["check", "--root"]).arg(root.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
