//! End-to-end tests of writing every language right: CLDR plural forms, numbers in each
//! language's digits and grouping, list patterns and dates, in the pages and spreadsheets
//! the real binary builds, and `check`'s diagnostics for plural strings. The site is
//! `tests/fixtures/base/` with the `tests/fixtures/l10n/` overlay: locales de-DE, fr-FR,
//! ru-RU, pl-PL, ar-SA, ar-SA-u-nu-latn and hi-IN, an en-US with plural strings, and an
//! index template that shows the template filters (`#sample`, `#plurals`).

mod common;

use std::path::{Path, PathBuf};

use common::{assert_exit, availgen, check_json, copy_tree, csv_rows, fixtures, stdout};
use scraper::{Html, Selector};

fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixtures().join("base"), &root);
    copy_tree(&fixtures().join("l10n"), &root);
    (dir, root)
}

fn build(root: &Path) -> PathBuf {
    let out = root.parent().unwrap().join("out");
    let o = availgen(["build".as_ref(), "--root".as_ref(), root.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_exit(&o, 0, "build of the l10n fixture");
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Replaces the one occurrence of `from` in the file `rel` under `root`.
fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let text = read(&root.join(rel));
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {rel}");
    std::fs::write(root.join(rel), text.replacen(from, to, 1)).unwrap();
}

/// The text of each element `css` selects in the page.
fn texts(html: &str, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    Html::parse_document(html).select(&selector).map(|e| e.text().collect()).collect()
}

/// What one locale's pages must say. Values that a filter puts into right-to-left text
/// are isolated with FSI … PDI; the product's own HTML isolates them with `<bdi>` (see
/// the Arabic assertions below).
struct Expected {
    dir: &'static str,
    /// `{{ 1234567 | number }}`
    number: &'static str,
    /// `{{ ui.cp_outbound_count | plural(count=196) }}`
    outbound: &'static str,
    /// `{{ selector | list(attribute="name") }}`: the three countries in the locale's order.
    list: &'static str,
    /// `{{ "2024-05-01" | date }}`
    date: &'static str,
    /// `ui.index_count` for 0, 1, 2, 5, 21, 22, 25, 114 and 196.
    plurals: [&'static str; 9],
    /// The index's count of its three countries.
    count: &'static str,
    /// Canada's Business Voice minutes (3000).
    minutes: &'static str,
}

const FSI: &str = "\u{2068}";
const PDI: &str = "\u{2069}";

fn expected() -> Vec<Expected> {
    vec![
        Expected {
            dir: "en-us",
            number: "1,234,567",
            outbound: "196 countries and regions",
            list: "Argentina, Canada, and United States",
            date: "May 1, 2024",
            plurals: [
                "0 countries and regions",
                "1 country or region",
                "2 countries and regions",
                "5 countries and regions",
                "21 countries and regions",
                "22 countries and regions",
                "25 countries and regions",
                "114 countries and regions",
                "196 countries and regions",
            ],
            count: "3 countries and regions",
            minutes: "3,000 minutes per user per month",
        },
        Expected {
            dir: "de-de",
            number: "1.234.567",
            outbound: "196 Länder und Regionen",
            list: "Argentinien, Kanada und Vereinigte Staaten",
            date: "01.05.2024",
            plurals: [
                "0 Länder und Regionen",
                "1 Land oder Region",
                "2 Länder und Regionen",
                "5 Länder und Regionen",
                "21 Länder und Regionen",
                "22 Länder und Regionen",
                "25 Länder und Regionen",
                "114 Länder und Regionen",
                "196 Länder und Regionen",
            ],
            count: "3 Länder und Regionen",
            minutes: "3.000 Minuten pro Benutzer und Monat",
        },
        Expected {
            // French groups with a narrow no-break space, and 0 takes the singular.
            dir: "fr-fr",
            number: "1\u{202F}234\u{202F}567",
            outbound: "196 pays et régions",
            list: "Argentine, Canada et États-Unis",
            date: "1 mai 2024",
            plurals: [
                "0 pays ou région",
                "1 pays ou région",
                "2 pays et régions",
                "5 pays et régions",
                "21 pays et régions",
                "22 pays et régions",
                "25 pays et régions",
                "114 pays et régions",
                "196 pays et régions",
            ],
            count: "3 pays et régions",
            minutes: "3\u{202F}000 minutes par utilisateur et par mois",
        },
        Expected {
            dir: "ru-ru",
            number: "1\u{A0}234\u{A0}567",
            outbound: "196 стран и регионов",
            list: "Аргентина, Канада и Соединенные Штаты",
            date: "1 мая 2024\u{202F}г.",
            plurals: [
                "0 стран и регионов",
                "1 страна или регион",
                "2 страны и региона",
                "5 стран и регионов",
                "21 страна или регион",
                "22 страны и региона",
                "25 стран и регионов",
                "114 стран и регионов",
                "196 стран и регионов",
            ],
            count: "3 страны и региона",
            minutes: "3\u{A0}000 минут на пользователя в месяц",
        },
        Expected {
            // Polish groups only from five digits on (3000, 12 345), and 21 is not `one`.
            dir: "pl-pl",
            number: "1\u{A0}234\u{A0}567",
            outbound: "196 krajów i regionów",
            list: "Argentyna, Kanada i Stany Zjednoczone",
            date: "1 maj 2024",
            plurals: [
                "0 krajów i regionów",
                "1 kraj lub region",
                "2 kraje i regiony",
                "5 krajów i regionów",
                "21 krajów i regionów",
                "22 kraje i regiony",
                "25 krajów i regionów",
                "114 krajów i regionów",
                "196 krajów i regionów",
            ],
            count: "3 kraje i regiony",
            minutes: "3000 minut na użytkownika miesięcznie",
        },
        Expected {
            // Arabic digits, all six forms, and every inserted value isolated.
            dir: "ar-sa",
            number: "١٬٢٣٤٬٥٦٧",
            outbound: "\u{2068}١٩٦\u{2069} دولة ومنطقة",
            list: "\u{2068}الأرجنتين\u{2069} و\u{2068}الولايات المتحدة\u{2069} و\u{2068}كندا\u{2069}",
            date: "٠١\u{200F}/٠٥\u{200F}/٢٠٢٤",
            plurals: [
                "لا توجد دول أو مناطق",
                "دولة أو منطقة واحدة",
                "دولتان أو منطقتان",
                "\u{2068}٥\u{2069} دول ومناطق",
                "\u{2068}٢١\u{2069} دولة ومنطقة",
                "\u{2068}٢٢\u{2069} دولة ومنطقة",
                "\u{2068}٢٥\u{2069} دولة ومنطقة",
                "\u{2068}١١٤\u{2069} دولة ومنطقة",
                "\u{2068}١٩٦\u{2069} دولة ومنطقة",
            ],
            count: "٣ دول ومناطق",
            minutes: "٣٬٠٠٠ دقيقة لكل مستخدم شهريًا",
        },
        Expected {
            // The same language with Latin digits: `-u-nu-latn` in the file name.
            dir: "ar-sa-u-nu-latn",
            number: "1,234,567",
            outbound: "\u{2068}196\u{2069} دولة ومنطقة",
            list: "\u{2068}الأرجنتين\u{2069} و\u{2068}الولايات المتحدة\u{2069} و\u{2068}كندا\u{2069}",
            date: "01\u{200F}/05\u{200F}/2024",
            plurals: [
                "لا توجد دول أو مناطق",
                "دولة أو منطقة واحدة",
                "دولتان أو منطقتان",
                "\u{2068}5\u{2069} دول ومناطق",
                "\u{2068}21\u{2069} دولة ومنطقة",
                "\u{2068}22\u{2069} دولة ومنطقة",
                "\u{2068}25\u{2069} دولة ومنطقة",
                "\u{2068}114\u{2069} دولة ومنطقة",
                "\u{2068}196\u{2069} دولة ومنطقة",
            ],
            count: "3 دول ومناطق",
            minutes: "3,000 دقيقة لكل مستخدم شهريًا",
        },
        Expected {
            // Lakhs and crores; 0 takes the singular.
            dir: "hi-in",
            number: "12,34,567",
            outbound: "196 देश और क्षेत्र",
            list: "अर्जेंटीना, कनाडा और संयुक्त राज्य",
            date: "1 मई 2024",
            plurals: [
                "0 देश या क्षेत्र",
                "1 देश या क्षेत्र",
                "2 देश और क्षेत्र",
                "5 देश और क्षेत्र",
                "21 देश और क्षेत्र",
                "22 देश और क्षेत्र",
                "25 देश और क्षेत्र",
                "114 देश और क्षेत्र",
                "196 देश और क्षेत्र",
            ],
            count: "3 देश और क्षेत्र",
            minutes: "प्रति उपयोगकर्ता प्रति माह 3,000 मिनट",
        },
        Expected {
            // The base site's zh-CN: plain strings, one form for every number.
            dir: "zh-cn",
            number: "1,234,567",
            outbound: "196 个国家/地区",
            list: "阿根廷、加拿大和美国",
            date: "2024年5月1日",
            plurals: [
                "0 个国家/地区",
                "1 个国家/地区",
                "2 个国家/地区",
                "5 个国家/地区",
                "21 个国家/地区",
                "22 个国家/地区",
                "25 个国家/地区",
                "114 个国家/地区",
                "196 个国家/地区",
            ],
            count: "3 个国家/地区",
            minutes: "每位用户每月 3,000 分钟",
        },
    ]
}

#[test]
fn each_language_writes_numbers_plural_forms_lists_and_dates() {
    let (_dir, root) = site();
    let out = build(&root);
    for e in expected() {
        let index = read(&out.join(e.dir).join("index.html"));
        let sample = texts(&index, "#sample");
        let want = format!("{} | {} | {} | {}", e.number, e.outbound, e.list, e.date);
        assert_eq!(sample, [want], "{}: number | plural | list | date", e.dir);
        assert_eq!(texts(&index, "#plurals li"), e.plurals, "{}: plural forms of 0 1 2 5 21 22 25 114 196", e.dir);
        assert_eq!(texts(&index, "#selector-count"), [e.count], "{}: the index's count", e.dir);
        let canada = read(&out.join(e.dir).join("availability-in-canada/index.html"));
        assert_eq!(texts(&canada, "tr[data-fact=bv_minutes] td"), [e.minutes], "{}: a count fact", e.dir);
    }
    // In right-to-left text the product isolates each value it puts into a sentence: with
    // `<bdi>` in the page, with FSI … PDI where markup cannot go (the title).
    let index = read(&out.join("ar-sa/index.html"));
    assert!(index.contains("aria-live=\"polite\" data-templates="), "{index}");
    assert!(index.contains("><bdi>٣</bdi> دول ومناطق</p>"), "{index}");
    let canada = read(&out.join("ar-sa/availability-in-canada/index.html"));
    assert!(canada.starts_with("<!DOCTYPE html>\n<html lang=\"ar-SA\" dir=\"rtl\">"), "{canada}");
    assert!(canada.contains("<td><bdi>٣٬٠٠٠</bdi> دقيقة لكل مستخدم شهريًا</td>"), "{canada}");
    assert!(canada.contains("<title>Availability in \u{2068}كندا\u{2069} | "), "{canada}");
    let main = &canada[canada.find("<main").unwrap()..canada.find("</main>").unwrap()];
    assert!(!main.contains(FSI) && !main.contains(PDI), "{main}");
}

#[test]
fn spreadsheets_hold_counts_as_numbers_and_text_as_the_pages_write_it() {
    use calamine::{open_workbook_auto, Data, Reader};
    let (_dir, root) = site();
    let out = build(&root);
    for dir in ["de-de", "ar-sa"] {
        let rows = csv_rows(&out.join(dir).join("availability.csv"));
        let column = |name: &str| rows[0].iter().position(|h| h.contains(name)).unwrap();
        let canada = rows.iter().find(|r| r[1] == "CA").unwrap();
        assert_eq!(canada[column("Calling Plan minutes included")], "3000", "{dir}: plain digits in the csv");
        assert_eq!(canada[column("Countries and regions you can call")], "196", "{dir}");

        let mut workbook = open_workbook_auto(out.join(dir).join("availability.xlsx")).unwrap();
        let sheet = workbook.worksheet_range("availability").unwrap();
        let row = sheet.rows().position(|r| r[1] == Data::String("CA".into())).unwrap();
        let cell = |c: usize| sheet.get((row, c)).unwrap().clone();
        assert_eq!(cell(column("Calling Plan minutes included")), Data::Float(3000.0), "{dir}: a number cell");
        assert_eq!(cell(column("Countries and regions you can call")), Data::Float(196.0), "{dir}");
    }
    let rows = csv_rows(&out.join("de-de/availability.csv"));
    let canada = rows.iter().find(|r| r[1] == "CA").unwrap();
    let plans = &canada[rows[0].iter().position(|h| h.ends_with(": Plans")).unwrap()];
    assert!(
        plans.contains("Domestic Calling Plan: 3.000 Minuten pro Benutzer und Monat"),
        "text as on the page: {plans}"
    );
}

/// The lines of a locale file that hold `needle`, 1-based.
fn line_of(root: &Path, rel: &str, needle: &str) -> usize {
    read(&root.join(rel)).lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn check_names_missing_and_unused_plural_forms() {
    let (_dir, root) = site();
    let ru = "locales/ru-RU.yaml";
    replace(&root, ru, "    few: '{count} страны и региона'\n    many: '{count} стран и регионов'\n    other: '{count} страны и региона'\n  cp_minutes:", "    other: '{count} страны и региона'\n  cp_minutes:");
    replace(
        &root,
        ru,
        "    one: '{minutes} минута",
        "    two: '{minutes} минуты на пользователя в месяц'\n    one: '{minutes} минута",
    );
    let pl = "locales/pl-PL.yaml";
    replace(
        &root,
        pl,
        "  cp_outbound_count:\n    one: '{count} kraj lub region'\n    few: '{count} kraje i regiony'\n    many: '{count} krajów i regionów'\n    other: '{count} kraju i regionu'\n",
        "  cp_outbound_count: 'Krajów i regionów: {count}'\n",
    );
    let (o, diagnostics) = check_json(&root);
    assert_exit(&o, 1, "check with a plural string that lacks forms");
    // Each as `severity file:line:col message (hint)`.
    let plural: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.message.contains(" form"))
        .map(|d| {
            let hint = d.hint.as_deref().unwrap_or_default();
            format!("{} {}:{}:{} {} ({hint})", d.severity, d.file, d.line, d.column, d.message)
        })
        .collect();
    let forms = "`one`, `few`, `many`, `other`";
    assert_eq!(
        plural,
        [
            format!(
                "warning {pl}:{}:3 `ui.cp_outbound_count` has plural forms in en-US but one text here \
                 (unless the text reads right for every number, write its forms {forms} as a mapping)",
                line_of(&root, pl, "cp_outbound_count")
            ),
            format!(
                "error {ru}:{}:3 `ui.index_count` has no `few`, `many` form, which ru-RU needs \
                 (the numbers of ru-RU take the forms {forms})",
                line_of(&root, ru, "index_count")
            ),
            format!(
                "warning {ru}:{}:5 `ui.cp_minutes` has a `two` form, which ru-RU never uses \
                 (remove it: the numbers of ru-RU take the forms {forms})",
                line_of(&root, ru, "two:")
            ),
        ]
    );
}

#[test]
fn coverage_counts_plural_strings_per_category() {
    let (_dir, root) = site();
    // A string left out falls back to en-US: no form of it is translated.
    replace(&root, "locales/ru-RU.yaml", "  cp_outbound_count:\n    one:", "  cp_outbound_counts:\n    one:");
    let o = availgen(["check".as_ref(), "--root".as_ref(), root.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert_exit(&o, 0, "check --format json");
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let forms = |tag: &str| -> Vec<(String, u64, u64)> {
        let coverage = items.iter().find(|i| i["coverage"]["locale"] == tag).unwrap_or_else(|| panic!("{tag}"));
        coverage["coverage"]["plural_forms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["category"].as_str().unwrap().to_owned(),
                    f["translated"].as_u64().unwrap(),
                    f["total"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let counts = |list: &[(&str, u64)]| -> Vec<(String, u64, u64)> {
        list.iter().map(|(c, n)| ((*c).to_owned(), *n, 3)).collect()
    };
    assert_eq!(forms("ru-RU"), counts(&[("one", 2), ("few", 2), ("many", 2), ("other", 2)]));
    assert_eq!(forms("ar-SA"), counts(&[("zero", 3), ("one", 3), ("two", 3), ("few", 3), ("many", 3), ("other", 3)]));
    assert_eq!(forms("zh-CN"), counts(&[("other", 3)]), "plain strings are the one form zh-CN has");
    let human = availgen(["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
    assert!(stdout(&human).contains("plural forms: one 2/3, few 2/3, many 2/3, other 2/3"), "{}", stdout(&human));
}

#[test]
fn the_review_build_shows_each_forms_english_source() {
    let (dir, root) = site();
    let out = dir.path().join("review");
    let o = availgen([
        "build".as_ref(),
        "--review".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_exit(&o, 0, "build --review");
    // 3 takes Russian `few`, which English has no form of: its source is English `other`.
    let index = read(&out.join("ru-ru/index.html"));
    assert!(
        index
            .contains("><span class=\"review\" title=\"en-US: 3 countries and regions\">3 страны и региона</span></p>"),
        "{index}"
    );
    let canada = read(&out.join("ar-sa/availability-in-canada/index.html"));
    assert!(
        canada.contains("<span class=\"review\" title=\"en-US: \u{2068}١٩٦\u{2069} countries and regions\"><bdi>١٩٦</bdi> دولة ومنطقة</span>"),
        "{canada}"
    );
}
