//! The change history: git repositories made here commit by commit, with fixed author
//! and committer dates, built by the real binary. What the changes page, the Atom feed
//! (read back with quick-xml, and with Python's feedparser where it is installed), the
//! country pages, availability.json, the spreadsheets and the sitemaps say of them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_exit, availgen, copy_tree, csv_rows, fixtures, manifest_dir, snapshot, stderr};
use scraper::{Html, Selector};

const ARGENTINA: &str = "content/countries/argentina.yaml";
const CANADA: &str = "content/countries/canada.yaml";
const US: &str = "content/countries/the-united-states-u-s.yaml";
const EN_US: &str = "locales/en-US.yaml";

/// Runs git in `dir` as a docs team would, at `date` (author and committer alike),
/// with no configuration of the machine's or the user's.
fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_AUTHOR_NAME", "Docs Team")
        .env("GIT_AUTHOR_EMAIL", "docs@example.org")
        .env("GIT_COMMITTER_NAME", "Docs Team")
        .env("GIT_COMMITTER_EMAIL", "docs@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("cannot run git");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "git {args:?}: {}{out}", String::from_utf8_lossy(&o.stderr));
    out.trim().to_owned()
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Commits everything at `date` (noon UTC); returns the commit's hash.
fn commit(root: &Path, date: &str, message: &str) -> String {
    let date = format!("{date}T12:00:00Z");
    git(root, &["add", "-A"], &date);
    git(root, &["commit", "-q", "-m", message], &date);
    git(root, &["rev-parse", "HEAD"], &date)
}

/// The fixture repository: the base site, then a year of edits of every kind.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Commit hashes by what they did.
    flips: String,
    cities: String,
    merge: String,
    mended: String,
    removed: String,
}

fn repo() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixtures().join("base"), &root);
    git(&root, &["init", "-q", "-b", "main"], "2025-01-01T00:00:00Z");
    // The baseline: the countries as they first appear are no change.
    commit(&root, "2025-01-10", "content: the first countries");
    // A yes/no flipped, a plan added, a choice moved.
    edit(
        &root,
        ARGENTINA,
        "calling_plans:\n  available: false\n  plans: []",
        "calling_plans:\n  available: true\n  plans: [{kind: domestic, minutes: 120}]",
    );
    edit(&root, ARGENTINA, "dial_out: credits", "dial_out: included");
    let flips = commit(&root, "2025-02-03", "Argentina: Calling Plans on sale");
    // A city added and one removed.
    edit(&root, ARGENTINA, "Buenos Aires, Cordoba, La Plata", "Buenos Aires, La Plata, Rosario");
    let cities = commit(&root, "2025-03-04", "Argentina: toll numbers in Rosario, no more in Cordoba");
    // A renamed file and a reformatted one (block style, keys and cities reordered): no change.
    git(&root, &["mv", ARGENTINA, "content/countries/argentine-republic.yaml"], "2025-04-05T12:00:00Z");
    for overview in ["content/pages/overview.en-US.md", "content/pages/overview.zh-CN.md"] {
        edit(&root, overview, "availability-in-argentina#", "availability-in-argentine-republic#");
    }
    commit(&root, "2025-04-05", "content: rename argentina.yaml");
    let canada = std::fs::read_to_string(root.join(CANADA)).unwrap();
    let reformatted = canada
        .replace(
            "phone_system:\n  available: true\n  auto_attendants: true\n  call_queues: true\n  voicemail: true",
            "phone_system: {voicemail: true, call_queues: true, auto_attendants: true, available: true}",
        )
        .replace(
            "[Calgary, Montreal, Toronto, Vancouver, Winnipeg]",
            "\n  - Winnipeg\n  - Toronto\n  - Calgary\n  - Montreal\n  - Vancouver",
        );
    assert_ne!(canada, reformatted);
    std::fs::write(root.join(CANADA), reformatted).unwrap();
    commit(&root, "2025-05-06", "content: Canada in block style");
    // A schema that adds a section, in every country file: new to the site, no change.
    let schema = std::fs::read_to_string(manifest_dir().join("content/schema.yaml")).unwrap();
    let section = "  - key: operator_connect\n    title: operator_connect\n    available: available\n    facts:\n      - {key: available, type: yes_no, label: available_for_purchase}\n";
    std::fs::write(root.join("content/schema.yaml"), format!("{schema}\n{section}")).unwrap();
    for file in ["content/countries/argentine-republic.yaml", CANADA, US] {
        edit(&root, file, "communications_credits:", "operator_connect: {available: true}\ncommunications_credits:");
    }
    edit(&root, EN_US, "  notes: Notes\n", "  notes: Notes\n  operator_connect: Operator Connect\n");
    commit(&root, "2025-06-07", "schema: Operator Connect");
    // A branch that lists Chile and changes Canada, merged a month later: its changes
    // count on the day of the merge.
    git(&root, &["checkout", "-q", "-b", "side"], "2025-07-01T12:00:00Z");
    let chile = std::fs::read_to_string(root.join("content/countries/argentine-republic.yaml")).unwrap();
    std::fs::write(root.join("content/countries/chile.yaml"), chile.replace("code: AR", "code: CL")).unwrap();
    edit(&root, EN_US, "  CA: Canada\n", "  CA: Canada\n  CL: Chile\n");
    commit(&root, "2025-07-01", "Chile");
    edit(&root, CANADA, "outbound_countries: 196", "outbound_countries: 197");
    edit(&root, CANADA, "business_voice:\n  calling_plan_minutes: 3000", "business_voice: null");
    commit(&root, "2025-07-02", "Canada: one more destination, no more Business Voice");
    git(&root, &["checkout", "-q", "main"], "2025-07-15T12:00:00Z");
    edit(&root, US, "toll_free: true", "toll_free: false");
    commit(&root, "2025-07-15", "US: no more toll-free numbers");
    git(&root, &["merge", "-q", "--no-ff", "-m", "Merge branch side", "side"], "2025-08-01T12:00:00Z");
    let merge = git(&root, &["rev-parse", "HEAD"], "2025-08-01T12:00:00Z");
    // A file that does not check is skipped; the commit that mends it is compared
    // with the last version that did.
    edit(
        &root,
        "content/countries/argentine-republic.yaml",
        "communications_credits: true",
        "communications_credits: yes",
    );
    commit(&root, "2025-09-09", "Argentina: broken");
    edit(
        &root,
        "content/countries/argentine-republic.yaml",
        "communications_credits: yes",
        "communications_credits: false",
    );
    let mended = commit(&root, "2025-10-10", "Argentina: no more Communications Credits");
    std::fs::remove_file(root.join(US)).unwrap();
    let removed = commit(&root, "2025-11-11", "US: not listed");
    Repo { _dir: dir, root, flips, cities, merge, mended, removed }
}

fn build(root: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["build".as_ref(), "--root".as_ref(), root.as_os_str(), "--out".as_ref(), out.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let o = availgen(args);
    assert_exit(&o, 0, "build");
    stderr(&o)
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn text(e: scraper::ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// A country and what a commit did to it, as the changes page says it.
type Entry = (String, Vec<String>);

/// The changes page's list by date: (date, [(country, [sentence])]).
fn by_date(html: &Html) -> Vec<(String, Vec<Entry>)> {
    let dates = select(html, "#by-date > h3 > time");
    let lists = select(html, "#by-date > ul.changes");
    assert_eq!(dates.len(), lists.len());
    let entries = Selector::parse(":scope > li").unwrap();
    let country = Selector::parse(":scope > a").unwrap();
    let sentences = Selector::parse(":scope > ul > li").unwrap();
    dates
        .iter()
        .zip(lists)
        .map(|(date, list)| {
            let entries = list
                .select(&entries)
                .map(|li| {
                    let name = li
                        .select(&country)
                        .next()
                        .map(text)
                        .unwrap_or_else(|| li.text().next().unwrap_or_default().trim().to_owned());
                    (name, li.select(&sentences).map(text).collect())
                })
                .collect();
            (date.value().attr("datetime").unwrap().to_owned(), entries)
        })
        .collect()
}

fn entry(country: &str, sentences: &[&str]) -> Entry {
    (country.to_owned(), sentences.iter().map(|s| (*s).to_owned()).collect())
}

fn last_changed(out: &Path, rel: &str) -> Option<String> {
    select(&page(out, rel), "p.last-changed").first().map(|e| text(*e))
}

#[test]
fn the_changes_page_says_what_changed_commit_by_commit() {
    let repo = repo();
    let out = tempfile::tempdir().unwrap();
    let info = build(&repo.root, out.path(), &[]);
    assert!(!info.contains("info:"), "a full history says nothing: {info}");

    let en = page(out.path(), "en-us/changes/index.html");
    assert_eq!(
        by_date(&en),
        [
            ("2025-11-11".to_owned(), vec![entry("United States", &["No longer listed"])]),
            (
                "2025-10-10".to_owned(),
                vec![entry("Argentina", &["Communications Credits: Available for purchase — Yes → No"])]
            ),
            (
                "2025-08-01".to_owned(),
                vec![
                    entry(
                        "Canada",
                        &[
                            "Calling Plans: Countries and regions you can call — 196 countries and regions → 197 countries and regions",
                            "Business Voice: no longer offered",
                        ]
                    ),
                    entry("Chile", &["Now listed"]),
                ]
            ),
            (
                "2025-07-15".to_owned(),
                vec![entry("United States", &["Toll and toll-free service numbers: Toll-free numbers — Yes → No"])]
            ),
            (
                "2025-03-04".to_owned(),
                vec![entry(
                    "Argentina",
                    &["Toll and toll-free service numbers: Cities with toll numbers — added: Rosario; removed: Cordoba"]
                )]
            ),
            (
                "2025-02-03".to_owned(),
                vec![entry(
                    "Argentina",
                    &[
                        "Audio Conferencing: Dial-out (Call Me) — Available, paid from Communications Credits → Included",
                        "Calling Plans: Available for purchase — No → Yes",
                        "Calling Plans: Plans — added: Domestic Calling Plan: 120 minutes per user per month",
                    ]
                )]
            ),
        ]
    );
    // The same in the locale's words; a country it does not name gets CLDR's name.
    let zh = page(out.path(), "zh-cn/changes/index.html");
    let zh_dates = by_date(&zh);
    assert_eq!(zh_dates[0], ("2025-11-11".to_owned(), vec![entry("美国", &["已从列表中移除"])]));
    assert_eq!(zh_dates[1].1, [entry("阿根廷", &["通信点数：可购买 — 是 → 否"])]);
    // Each day's heading is the date as the locale writes it, the ISO date in `datetime`.
    let headings =
        |html: &Html| select(html, "#by-date > h3 > time").iter().take(2).map(|t| text(*t)).collect::<Vec<_>>();
    assert_eq!(headings(&en), ["Nov 11, 2025", "Oct 10, 2025"]);
    assert_eq!(headings(&zh), ["2025年11月11日", "2025年10月10日"]);
    assert_eq!(zh_dates[2].1[1], entry("智利", &["新增至列表"]));
    assert_eq!(
        zh_dates[4].1,
        [entry("阿根廷", &["收费和免费服务号码：提供收费电话号码的城市 — 新增：Rosario; 移除：科尔多瓦"])]
    );

    // Filters without script: the same entries by section and by country.
    let sections: Vec<String> = select(&en, "#by-section > h3").into_iter().map(text).collect();
    assert_eq!(
        sections,
        [
            "Country or region",
            "Audio Conferencing",
            "Calling Plans",
            "Toll and toll-free service numbers",
            "Communications Credits",
            "Business Voice"
        ]
    );
    let toll = select(&en, "#section-service-numbers + ul.changes > li");
    assert_eq!(toll.len(), 2, "the toll-free flip and the cities");
    let argentina = select(&en, "#country-ar + ul.changes > li > time");
    let dates: Vec<&str> = argentina.iter().map(|t| t.value().attr("datetime").unwrap()).collect();
    assert_eq!(dates, ["2025-10-10", "2025-03-04", "2025-02-03"]);
    let links: Vec<&str> = select(&en, "#by-date a").iter().map(|a| a.value().attr("href").unwrap()).collect();
    assert!(links.contains(&"../availability-in-argentine-republic/"), "{links:?}");
    assert!(!text(select(&en, "#by-date")[0]).contains("2025-07-01"), "the branch's own commits are not listed");

    // Every page of the locale advertises the feed and links the page.
    let index = page(out.path(), "en-us/index.html");
    let feed_link = select(&index, "link[rel=alternate][type='application/atom+xml']");
    assert_eq!(feed_link[0].value().attr("href"), Some("./changes.xml"));
    assert_eq!(select(&index, "footer a[href='./changes/']").len(), 1);

    // "Last changed": the last commit that changed one of the country's facts, linked to
    // its changes; not the rename, the reformatting or the schema.
    let argentina_page = "en-us/availability-in-argentine-republic/index.html";
    assert_eq!(last_changed(out.path(), argentina_page).as_deref(), Some("Last changed: Oct 10, 2025"));
    let link = select(&page(out.path(), argentina_page), "p.last-changed a")[0].value().attr("href").map(str::to_owned);
    assert_eq!(link.as_deref(), Some("../changes/#country-ar"));
    assert_eq!(
        last_changed(out.path(), "en-us/availability-in-canada/index.html").as_deref(),
        Some("Last changed: Aug 1, 2025")
    );
    assert_eq!(
        last_changed(out.path(), "zh-cn/availability-in-chile/index.html").as_deref(),
        Some("上次更改：2025年8月1日")
    );

    // The date per country in availability.json, the spreadsheets and the sitemaps.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("availability.json")).unwrap()).unwrap();
    let dates: Vec<(&str, &str)> = json["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["code"].as_str().unwrap(), c["last_changed"].as_str().unwrap()))
        .collect();
    assert_eq!(dates, [("AR", "2025-10-10"), ("CA", "2025-08-01"), ("CL", "2025-08-01")]);
    assert_eq!(json["history"], serde_json::json!({"known_from": "2025-01-10", "complete": true}));
    let rows = csv_rows(&out.path().join("zh-cn/availability.csv"));
    assert_eq!(rows[0].last().map(String::as_str), Some("上次更改"));
    let canada_row = rows.iter().find(|r| r[1] == "CA").unwrap();
    assert_eq!(canada_row.last().map(String::as_str), Some("2025-08-01"));
    let sitemap = std::fs::read_to_string(out.path().join("en-us/sitemap.xml")).unwrap();
    assert!(sitemap.contains("availability-in-canada/</loc>\n<lastmod>2025-08-01</lastmod>\n"), "{sitemap}");
    assert!(sitemap.contains("/en-us/changes/</loc>\n<lastmod>2025-11-11</lastmod>\n"), "{sitemap}");

    // The same commit builds the same bytes, whenever it is built.
    let again = tempfile::tempdir().unwrap();
    build(&repo.root, again.path(), &[]);
    assert!(snapshot(out.path()) == snapshot(again.path()), "a second build differs");
}

/// What a feed says, as read by quick-xml: the feed's id, updated and self link, and
/// each entry's id, title, updated, link and content.
#[derive(Debug, Default)]
struct Feed {
    id: String,
    updated: String,
    links: Vec<(String, String)>,
    entries: Vec<FeedEntry>,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct FeedEntry {
    id: String,
    title: String,
    updated: String,
    link: String,
    content: String,
}

fn read_feed(path: &Path) -> Feed {
    use quick_xml::events::{BytesStart, Event};
    let xml = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut feed = Feed::default();
    let mut open: Vec<String> = Vec::new();
    let attr = |e: &BytesStart, name: &str| -> String {
        let a = e.try_get_attribute(name).unwrap().unwrap_or_else(|| panic!("no {name}"));
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned()
    };
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("{}: not well-formed XML: {e}", path.display()));
        // Text comes in pieces: runs of characters, and each entity or character reference.
        let text: String = match event {
            Event::Start(ref e) | Event::Empty(ref e) if e.name().as_ref() == "link" => {
                let link = (attr(e, "rel"), attr(e, "href"));
                match feed.entries.last_mut().filter(|_| open.last().map(String::as_str) == Some("entry")) {
                    Some(entry) => entry.link = link.1,
                    None => feed.links.push(link),
                }
                if matches!(event, Event::Start(_)) {
                    open.push("link".into());
                }
                continue;
            }
            Event::Start(ref e) => {
                let name = e.name().as_ref().to_owned();
                if open.is_empty() {
                    assert_eq!(name, "feed");
                    assert_eq!(attr(e, "xmlns"), "http://www.w3.org/2005/Atom");
                }
                if name == "entry" {
                    feed.entries.push(FeedEntry::default());
                }
                open.push(name);
                continue;
            }
            Event::End(_) => {
                open.pop();
                continue;
            }
            Event::Text(ref t) => t.xml10_content().into_owned(),
            Event::GeneralRef(ref r) => match r.resolve_char_ref().unwrap() {
                Some(c) => c.to_string(),
                None => match r.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "apos" => "'",
                    "quot" => "\"",
                    other => panic!("unknown entity &{other};"),
                }
                .to_owned(),
            },
            Event::Eof => break,
            _ => continue,
        };
        let field = match (open.len(), open.last().map(String::as_str)) {
            (2, Some("id")) => &mut feed.id,
            (2, Some("updated")) => &mut feed.updated,
            (3, Some(name)) if open[1] == "entry" => {
                let entry = feed.entries.last_mut().unwrap();
                match name {
                    "id" => &mut entry.id,
                    "title" => &mut entry.title,
                    "updated" => &mut entry.updated,
                    "content" => &mut entry.content,
                    _ => continue,
                }
            }
            _ => continue,
        };
        field.push_str(&text);
    }
    assert!(open.is_empty(), "unclosed elements: {open:?}");
    feed
}

#[test]
fn the_feed_has_an_entry_per_country_per_commit_with_stable_ids() {
    let repo = repo();
    let out = tempfile::tempdir().unwrap();
    build(&repo.root, out.path(), &["--base-url", "https://example.org/voice/"]);
    let feed = read_feed(&out.path().join("en-us/changes.xml"));
    assert_eq!(feed.id, "tag:availgen,2026:https://example.org/voice/en-us/changes.xml");
    assert_eq!(feed.updated, "2025-11-11T12:00:00Z", "the newest commit, not the time of the build");
    assert!(feed.links.contains(&("self".into(), "https://example.org/voice/en-us/changes.xml".into())));
    let seen: Vec<(&str, &str, &str)> =
        feed.entries.iter().map(|e| (e.id.as_str(), e.updated.as_str(), e.link.as_str())).collect();
    let id = |hash: &str, code: &str| format!("tag:availgen,2026:{hash}/{code}/en-US");
    let page = |slug: &str| format!("https://example.org/voice/en-us/availability-in-{slug}/");
    let expected = [
        (id(&repo.removed, "US"), "2025-11-11T12:00:00Z", "https://example.org/voice/en-us/changes/".to_owned()),
        (id(&repo.mended, "AR"), "2025-10-10T12:00:00Z", page("argentine-republic")),
        (id(&repo.merge, "CA"), "2025-08-01T12:00:00Z", page("canada")),
        (id(&repo.merge, "CL"), "2025-08-01T12:00:00Z", page("chile")),
    ];
    let expected: Vec<(&str, &str, &str)> = expected.iter().map(|(a, b, c)| (a.as_str(), *b, c.as_str())).collect();
    assert_eq!(seen[..4], expected[..]);
    assert_eq!(feed.entries.len(), 7);
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert!(ids.contains(&id(&repo.flips, "AR").as_str()) && ids.contains(&id(&repo.cities, "AR").as_str()));
    let chile = &feed.entries[3];
    assert_eq!(chile.title, "Chile: Now listed");
    assert_eq!(chile.content, "<ul><li>Now listed</li></ul>");
    let zh = read_feed(&out.path().join("zh-cn/changes.xml"));
    assert_eq!(zh.entries[1].title, "阿根廷：通信点数：可购买 — 是 → 否");
    assert_eq!(zh.entries[1].id, format!("tag:availgen,2026:{}/AR/zh-CN", repo.mended));

    // A later commit adds entries; those already there keep their ids.
    edit(&repo.root, CANADA, "premium_numbers: false", "premium_numbers: true");
    commit(&repo.root, "2025-12-01", "Canada: premium numbers");
    let later = tempfile::tempdir().unwrap();
    build(&repo.root, later.path(), &["--base-url", "https://example.org/voice/"]);
    let later = read_feed(&later.path().join("en-us/changes.xml"));
    assert_eq!(later.entries.len(), 8);
    assert_eq!(later.entries[0].title, "Canada: Calling Plans: Calls to premium-rate numbers — No → Yes");
    assert_eq!(later.entries[1..], feed.entries[..]);

    feedparser_reads(&out.path().join("en-us/changes.xml"), &ids);
}

/// Python's feedparser reads the feed as valid Atom 1.0, with the entries quick-xml read.
fn feedparser_reads(feed: &Path, ids: &[&str]) {
    let python = std::env::var("AVAILGEN_PYTHON").unwrap_or_else(|_| "python3".into());
    let hint = "install it with `python3 -m pip install feedparser==6.0.14`";
    match Command::new(&python).args(["-c", "import feedparser"]).output() {
        Ok(o) if o.status.success() => {}
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or_default().to_owned(),
                Err(e) => format!("cannot run `{python}`: {e}"),
            };
            if std::env::var_os("AVAILGEN_REQUIRE_FEEDPARSER").is_some() {
                panic!("no feedparser ({why}); {hint}");
            }
            eprintln!("skipped the feedparser check: {why}; {hint}");
            return;
        }
    }
    let o = Command::new(&python)
        .arg(manifest_dir().join("tests/feed_reader.py"))
        .arg(feed)
        .output()
        .expect("cannot run tests/feed_reader.py");
    assert!(o.status.success(), "feed_reader.py failed: {}", String::from_utf8_lossy(&o.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(seen["bozo"], false, "feedparser: {}", seen["bozo_exception"]);
    assert_eq!(seen["version"], "atom10");
    assert_eq!(seen["ids"], serde_json::json!(ids));
}

#[test]
fn a_shallow_clone_says_from_when_its_history_is_known() {
    let repo = repo();
    let clone = tempfile::tempdir().unwrap();
    let shallow = clone.path().join("site");
    let url = format!("file://{}", repo.root.display());
    git(clone.path(), &["clone", "-q", "--depth", "2", &url, "site"], "2026-01-01T00:00:00Z");
    let out = tempfile::tempdir().unwrap();
    let info = build(&shallow, out.path(), &[]);
    assert!(
        info.contains("info: the git clone is shallow: changes are known from 2025-10-10 on"),
        "the build says where the history starts: {info}"
    );
    // The first commit there is is where the history starts, not a change of everything.
    let en = page(out.path(), "en-us/changes/index.html");
    assert_eq!(by_date(&en), [("2025-11-11".to_owned(), vec![entry("United States", &["No longer listed"])])]);
    let notice = text(select(&en, "main p.hint")[0]);
    assert_eq!(notice, "The history available to this build starts on Oct 10, 2025: earlier changes are not shown.");
    // Countries unchanged since are as old as that, or older.
    for (rel, said) in [
        ("en-us/availability-in-canada/index.html", "Last changed: on or before Oct 10, 2025"),
        ("zh-cn/availability-in-argentine-republic/index.html", "上次更改：2025年10月10日 或更早"),
    ] {
        assert_eq!(last_changed(out.path(), rel).as_deref(), Some(said));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("availability.json")).unwrap()).unwrap();
    assert_eq!(json["history"], serde_json::json!({"known_from": "2025-10-10", "complete": false}));
    let sitemap = std::fs::read_to_string(out.path().join("en-us/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("availability-in-canada/</loc>\n<lastmod>"), "no date that is not a change's");
}

#[test]
fn changes_since_bounds_the_page_and_the_feed_not_last_changed() {
    let repo = repo();
    let out = tempfile::tempdir().unwrap();
    build(&repo.root, out.path(), &["--changes-since", "2025-09-01"]);
    let en = page(out.path(), "en-us/changes/index.html");
    let dates: Vec<String> = by_date(&en).into_iter().map(|(date, _)| date).collect();
    assert_eq!(dates, ["2025-11-11", "2025-10-10"]);
    assert!(text(select(&en, "main > p")[0]).starts_with("Every change to the facts on these pages since Sep 1, 2025"));
    assert_eq!(read_feed(&out.path().join("zh-cn/changes.xml")).entries.len(), 2);
    // Canada's last change is older: still told, and not linked to a page without it.
    let canada = page(out.path(), "en-us/availability-in-canada/index.html");
    assert_eq!(text(select(&canada, "p.last-changed")[0]), "Last changed: Aug 1, 2025");
    assert!(select(&canada, "p.last-changed a").is_empty());

    let o = availgen(["build", "--root", repo.root.to_str().unwrap(), "--changes-since", "2025-13-01"]);
    assert_exit(&o, 2, "a date that does not exist");
    assert!(stderr(&o).contains("`2025-13-01` is not a date written YYYY-MM-DD"), "{}", stderr(&o));
}

#[test]
fn changes_since_in_availgen_toml_bounds_the_page_unless_the_option_does() {
    let repo = repo();
    std::fs::write(repo.root.join("availgen.toml"), "changes_since = 2025-09-01\n").unwrap();
    let dates = |out: &Path| -> Vec<String> {
        by_date(&page(out, "en-us/changes/index.html")).into_iter().map(|(date, _)| date).collect()
    };
    let out = tempfile::tempdir().unwrap();
    build(&repo.root, out.path(), &[]);
    assert_eq!(dates(out.path()), ["2025-11-11", "2025-10-10"]);
    assert_eq!(read_feed(&out.path().join("en-us/changes.xml")).entries.len(), 2);
    let over = tempfile::tempdir().unwrap();
    build(&repo.root, over.path(), &["--changes-since", "2025-11-01"]);
    assert_eq!(dates(over.path()), ["2025-11-11"], "--changes-since over availgen.toml");
}

#[test]
fn a_site_outside_git_builds_as_before_with_one_info_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    let out = tempfile::tempdir().unwrap();
    let info = build(dir.path(), out.path(), &[]);
    let lines: Vec<&str> = info.lines().filter(|l| l.starts_with("info:")).collect();
    assert_eq!(
        lines,
        ["info: the site is not in a git repository: built without the change history (changes page, feed, last-changed dates)"]
    );
    assert!(!out.path().join("en-us/changes").exists() && !out.path().join("en-us/changes.xml").exists());
    let index = std::fs::read_to_string(out.path().join("en-us/index.html")).unwrap();
    assert!(!index.contains("changes.xml") && !index.contains("changes/"), "no link to what is not there");
    assert_eq!(last_changed(out.path(), "en-us/availability-in-canada/index.html"), None);
    let json = std::fs::read_to_string(out.path().join("availability.json")).unwrap();
    assert!(!json.contains("last_changed") && !json.contains("\"history\""));
    let rows = csv_rows(&out.path().join("en-us/availability.csv"));
    assert_eq!(rows[0].last().map(String::as_str), Some("Notes"));

    // The changes page's name is taken, history or not: a page must not depend on git.
    let page = dir.path().join("content/pages/changes.en-US.md");
    std::fs::write(&page, "---\ntitle: Changes\n---\nText.\n").unwrap();
    let o = availgen(["check", "--root", dir.path().to_str().unwrap()]);
    assert_exit(&o, 1, "a page named changes");
    assert!(stderr(&o).contains("`changes` is the name of the changes page"), "{}", stderr(&o));
}

#[test]
fn the_history_is_read_again_only_when_head_moves() {
    use availgen::pipeline::{load_checked, HistoryCache};
    use availgen::validate::Rules;
    let repo = repo();
    let mut cache = HistoryCache::default();
    let timeline = |cache: &mut HistoryCache| {
        let mut site = load_checked(&repo.root, Rules::default(), false).unwrap().site;
        assert_eq!(cache.attach(&repo.root, &mut site, None), None);
        site.history.unwrap().timeline
    };
    let first = timeline(&mut cache);
    assert!(std::sync::Arc::ptr_eq(&first, &timeline(&mut cache)), "the same HEAD: the history as read");
    // An edit not committed is no history yet.
    edit(&repo.root, CANADA, "premium_numbers: false", "premium_numbers: true");
    assert!(std::sync::Arc::ptr_eq(&first, &timeline(&mut cache)));
    let hash = commit(&repo.root, "2025-12-01", "Canada: premium numbers");
    let next = timeline(&mut cache);
    assert_eq!((next.head.as_str(), next.commits.len()), (hash.as_str(), first.commits.len() + 1));
    // Branches packed into one file, then a commit on a new branch, then one on the first.
    git(&repo.root, &["pack-refs", "--all"], "2025-12-02T12:00:00Z");
    assert!(std::sync::Arc::ptr_eq(&next, &timeline(&mut cache)), "the same HEAD, its branch packed");
    git(&repo.root, &["checkout", "-q", "-b", "draft"], "2025-12-02T12:00:00Z");
    assert!(std::sync::Arc::ptr_eq(&next, &timeline(&mut cache)), "a new branch at the same commit");
    edit(&repo.root, CANADA, "premium_numbers: true", "premium_numbers: false");
    let draft = commit(&repo.root, "2025-12-02", "Canada: no premium numbers");
    assert_eq!(timeline(&mut cache).head, draft);
    git(&repo.root, &["checkout", "-q", "-"], "2025-12-03T12:00:00Z");
    assert_eq!(timeline(&mut cache).head, hash, "back on the first branch");
    edit(&repo.root, "content/countries/chile.yaml", "code: CL", "code: CL\n# edited");
    let last = commit(&repo.root, "2025-12-03", "a comment");
    assert_eq!(timeline(&mut cache).head, last, "a commit on a packed branch");
}
