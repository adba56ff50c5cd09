//! Stage 2: whole-site rules over the loaded files, collecting every problem.

use std::collections::{HashMap, HashSet};

use icu_plurals::PluralCategory;
use indexmap::IndexMap;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::iso3166;
use crate::load::config::CONFIG_PATH;
use crate::load::locale::{category_name, Entry, LocaleString, Messages};
use crate::load::{Loaded, LocaleFile};
use crate::model::l10n::Formatters;
use crate::model::{cldr, UI_KEYS};

/// How strictly missing translations are judged.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rules {
    /// Missing strings (which fall back to en-US) are errors, not warnings.
    pub strict: bool,
}

pub fn validate(loaded: &Loaded, rules: Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = source_locale(loaded);
    check_publish(loaded, &mut out);
    check_countries(loaded, source, &mut out);
    check_locales(loaded, source, rules, &mut out);
    check_plurals(loaded, source, &mut out);
    check_pages(loaded, rules, &mut out);
    check_outbound(loaded, &mut out);
    check_terminology(loaded, rules, &mut out);
    out
}

/// The locale file of the source language, if the site has one.
fn source_locale(loaded: &Loaded) -> Option<&LocaleFile> {
    loaded.locales.iter().find(|l| l.tag == loaded.config.source_locale())
}

/// The `ui` keys the source locale has strings for: its file's, then the built-in
/// strings it uses. Translations are measured against these.
fn source_ui_keys<'a>(loaded: &'a Loaded, source: &'a LocaleFile) -> Vec<&'a str> {
    let own = source.data.ui.keys().map(String::as_str);
    own.chain(loaded.builtin_ui.of(&source.tag).map(|(key, _)| key)).collect()
}

fn keys<T>(strings: &IndexMap<String, Entry<T>>) -> Vec<&str> {
    strings.keys().map(String::as_str).collect()
}

/// Whether `locale` has a `ui` string for `key`, in its file or built in.
fn has_ui(loaded: &Loaded, locale: &LocaleFile, key: &str) -> bool {
    locale.data.ui.contains_key(key) || loaded.builtin_ui.has(&locale.tag, key)
}

/// Every locale `publish` names must have a file, and the source locale must be among them.
fn check_publish(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let config = &loaded.config;
    let Some(publish) = &config.publish else { return };
    let tags: Vec<&str> = loaded.locales.iter().map(|l| l.tag.as_str()).collect();
    let broken = |tag: &str| loaded.unreadable.contains(&format!("locales/{tag}.yaml"));
    for entry in &publish.value {
        if !tags.contains(&entry.value.as_str()) && !broken(&entry.value) {
            let hint = did_you_mean(&entry.value, tags.iter().copied())
                .unwrap_or_else(|| format!("add locales/{}.yaml, or remove it from `publish`", entry.value));
            let message = format!("`publish` names `{}`, which has no locale file", entry.value);
            out.push(config.at(Diagnostic::error(CONFIG_PATH, message), entry).with_hint(hint));
        }
    }
    let source = config.source_locale();
    if !publish.value.iter().any(|t| t.value == source) {
        let message = format!("`publish` leaves out the source locale `{source}`");
        let hint = format!("add \"{source}\": every other locale falls back to it");
        out.push(config.at(Diagnostic::error(CONFIG_PATH, message), publish).with_hint(hint));
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

fn check_countries(loaded: &Loaded, source: Option<&LocaleFile>, out: &mut Vec<Diagnostic>) {
    let mut codes: HashMap<&str, &str> = HashMap::new();
    let mut slugs: HashMap<&str, &str> = HashMap::new();
    let note_keys: Vec<&str> = source.map(|l| l.data.notes.keys().map(String::as_str).collect()).unwrap_or_default();
    for country in &loaded.countries {
        if let Some(first) = slugs.insert(&country.slug, &country.rel_path) {
            out.push(
                Diagnostic::error(&country.rel_path, format!("`{first}` has the same slug `{}`", country.slug))
                    .with_hint("both would be written to the same page; keep one file per country"),
            );
        }
        if !is_slug(&country.slug) {
            out.push(
                Diagnostic::error(
                    &country.rel_path,
                    format!("`{}` is not a valid slug: the file name becomes the page's URL", country.slug),
                )
                .with_hint("use lower-case letters, digits and single hyphens, e.g. `the-united-kingdom-u-k.yaml`"),
            );
        }
        let code = &country.data.code;
        let (line, column) = (code.line as usize, code.column as usize);
        let width = code.value.chars().count();
        if code.value.len() != 2 || !code.value.bytes().all(|b| b.is_ascii_uppercase()) {
            out.push(
                Diagnostic::error(&country.rel_path, format!("`{}` is not an ISO 3166-1 alpha-2 code", code.value))
                    .at(&country.text, line, column, width)
                    .with_hint("use two upper-case letters, e.g. `AR`"),
            );
        } else if !iso3166::is_assigned(&code.value) {
            out.push(
                Diagnostic::error(
                    &country.rel_path,
                    format!("`{}` is not an assigned ISO 3166-1 country code", code.value),
                )
                .at(&country.text, line, column, width)
                .with_hint("see https://www.iso.org/obp/ui/#search for the list of codes"),
            );
        } else if let Some(first) = codes.insert(&code.value, &country.rel_path) {
            out.push(
                Diagnostic::error(&country.rel_path, format!("duplicate country code `{}`", code.value))
                    .at(&country.text, line, column, width)
                    .with_hint(format!("`{first}` already uses this code; each country needs its own")),
            );
        }
        if source.is_some() {
            for note in &country.data.notes {
                if !note_keys.contains(&note.value.as_str()) {
                    let hint = did_you_mean(&note.value, note_keys.iter().copied()).unwrap_or_else(|| {
                        format!("add `{}` under `notes:` in locales/{}.yaml", note.value, loaded.config.source_locale())
                    });
                    out.push(
                        Diagnostic::error(&country.rel_path, format!("unknown note key `{}`", note.value))
                            .at(&country.text, note.line as usize, note.column as usize, note.value.chars().count())
                            .with_hint(hint),
                    );
                }
            }
        }
    }
}

/// A warning, or an error under `--strict`, for a string that falls back to the source locale.
fn missing(rules: Rules, file: &str, message: String) -> Diagnostic {
    if rules.strict {
        Diagnostic::error(file, message)
    } else {
        Diagnostic::warning(file, message)
    }
}

fn check_locales(loaded: &Loaded, source: Option<&LocaleFile>, rules: Rules, out: &mut Vec<Diagnostic>) {
    let mut dirs: HashMap<String, &str> = HashMap::new();
    for locale in &loaded.locales {
        // Read with `_` as `-`, so that `zh_CN` is told its canonical spelling. Extensions
        // are part of the tag: `ar-SA-u-nu-latn` asks for Latin digits.
        match locale.tag.replace('_', "-").parse::<icu_locale_core::Locale>() {
            // BCP 47 reserves 4-letter and allows 5-8 letter language subtags, but no
            // language is registered with one: `english` is a name, not a tag.
            Ok(id) if id.id.language.as_str().len() > 3 => out.push(
                Diagnostic::error(&locale.rel_path, format!("`{}` is not a BCP 47 language tag", locale.tag))
                    .with_hint("use the language's 2- or 3-letter code, e.g. `locales/en-GB.yaml`"),
            ),
            Ok(id) if id.to_string() == locale.tag => {}
            Ok(id) => out.push(
                Diagnostic::error(
                    &locale.rel_path,
                    format!("`{}` is not written as a canonical BCP 47 tag", locale.tag),
                )
                .with_hint(format!("rename the file to `locales/{id}.yaml`")),
            ),
            Err(_) => out.push(
                Diagnostic::error(&locale.rel_path, format!("`{}` is not a valid BCP 47 language tag", locale.tag))
                    .with_hint(
                        "name locale files after their tag, e.g. `locales/zh-TW.yaml` or `locales/sr-Latn-RS.yaml`",
                    ),
            ),
        }
        if let Some(first) = dirs.insert(locale.tag.to_lowercase(), &locale.rel_path) {
            out.push(Diagnostic::error(
                &locale.rel_path,
                format!("locale `{}` has the same output directory as `{first}`", locale.tag),
            ));
        }
    }
    let source_tag = loaded.config.source_locale();
    let Some(source) = source else {
        let path = format!("locales/{source_tag}.yaml");
        if !loaded.unreadable.contains(&path) {
            let message = format!("the source locale file `{path}` is missing");
            // A source language that availgen.toml names is reported where it is named.
            let d = match &loaded.config.source_locale {
                Some(setting) => loaded.config.at(Diagnostic::error(CONFIG_PATH, message), setting),
                None => Diagnostic::error(&path, message),
            };
            // Nothing at all: most likely a build run outside the site.
            let hint = if loaded.locales.is_empty() && loaded.countries.is_empty() {
                "this folder has no locale and no country files: is it the site's root? (`--root DIR`; `availgen init DIR` makes a new site)"
            } else {
                "every other language falls back to it; create it first"
            };
            out.push(d.with_hint(hint));
        }
        return;
    };
    let schema_keys = loaded.schema.ui_keys();
    let named = UI_KEYS
        .iter()
        .map(|k| (*k, "the templates use"))
        .chain(schema_keys.iter().filter(|k| !UI_KEYS.contains(k)).map(|k| (*k, "the schema names")));
    for (key, user) in named {
        if has_ui(loaded, source, key) {
            continue;
        }
        let message = format!("the source locale has no `ui.{key}` string, which {user}");
        // A key the site's own schema names is reported where it is named.
        out.push(match loaded.schema.ui_ref(key) {
            Some(r) => {
                let mut d = Diagnostic::error(loaded.schema.file.as_deref().unwrap_or_default(), message)
                    .with_hint(format!("add `{key}: ...` under `ui:` in {}", source.rel_path));
                (d.line, d.column, d.width) = (r.line, r.column, key.chars().count());
                d.source_line = Some(r.source_line.clone());
                d
            }
            None => Diagnostic::error(&source.rel_path, message)
                .at(&source.text, 1, 1, 1)
                .with_hint(format!("add `{key}: ...` under `ui:`")),
        });
    }
    let codes: HashSet<&str> = loaded.countries.iter().map(|c| c.data.code.value.as_str()).collect();
    // A country the source locale does not name is called by CLDR's name in that language.
    let region_names = cldr::RegionNames::new(source_tag);
    for country in &loaded.countries {
        let code = &country.data.code.value;
        if !source.data.countries.contains_key(code) && region_names.of(code).is_none() {
            out.push(
                Diagnostic::error(
                    &source.rel_path,
                    format!(
                        "country `{}` ({}) has no name in the source locale",
                        country.data.code.value, country.rel_path
                    ),
                )
                .with_hint(format!("add `{}: ...` under `countries:`", country.data.code.value)),
            );
        }
    }
    let ui_keys = source_ui_keys(loaded, source);
    for locale in loaded.locales.iter().filter(|l| l.tag != source_tag) {
        let d = &locale.data;
        let sections: [(&str, Keyed, Vec<&str>); 3] = [
            ("ui", keyed(&d.ui), ui_keys.clone()),
            ("countries", keyed(&d.countries), keys(&source.data.countries)),
            ("notes", keyed(&d.notes), keys(&source.data.notes)),
        ];
        for (section, strings, reference) in sections {
            let wanted: Vec<&str> = match section {
                "countries" => reference.iter().copied().filter(|k| codes.contains(k)).collect(),
                _ => reference.clone(),
            };
            let has = |key: &str| match section {
                "ui" => has_ui(loaded, locale, key),
                _ => strings.contains_key(key),
            };
            let missing_keys: Vec<&str> = wanted.iter().copied().filter(|k| !has(k)).collect();
            if !missing_keys.is_empty() {
                let shown: Vec<String> = missing_keys.iter().take(8).map(|k| format!("`{k}`")).collect();
                let more = if missing_keys.len() > 8 {
                    format!(" and {} more", missing_keys.len() - 8)
                } else {
                    String::new()
                };
                out.push(
                    missing(
                        rules,
                        &locale.rel_path,
                        format!(
                            "{} `{section}` strings are missing and fall back to {source_tag}: {}{more}",
                            missing_keys.len(),
                            shown.join(", ")
                        ),
                    )
                    .with_hint(format!("run `availgen check` for coverage; translate them under `{section}:`")),
                );
            }
            // Looked up in a set: a 249-country site compares every country code of
            // every locale with every code of the source locale otherwise.
            let known: rustc_hash::FxHashSet<&str> = reference.iter().copied().collect();
            for (key, &(line, column)) in strings.iter() {
                if !known.contains(key) {
                    let hint = did_you_mean(key, reference.iter().copied()).unwrap_or_else(|| {
                        format!("{source_tag} has no `{section}.{key}`; remove it or add it to the source first")
                    });
                    out.push(
                        Diagnostic::warning(
                            &locale.rel_path,
                            format!("`{section}.{key}` is not a key of the source locale"),
                        )
                        .at(&locale.text, line, column, key.chars().count())
                        .with_hint(hint),
                    );
                }
            }
        }
    }
}

/// A section's keys, in file order, each with the line and column it is written at.
type Keyed<'a> = IndexMap<&'a str, (usize, usize)>;

fn keyed<T>(strings: &IndexMap<String, Entry<T>>) -> Keyed<'_> {
    strings.iter().map(|(k, v)| (k.as_str(), (v.line, v.column))).collect()
}

/// A plural string must have a form for every category its language's numbers fall
/// into (CLDR's rules); a form for a category the language never uses is a warning, and
/// so is a plain translation of a source plural string in a language with several forms.
fn check_plurals(loaded: &Loaded, source: Option<&LocaleFile>, out: &mut Vec<Diagnostic>) {
    for locale in &loaded.locales {
        let categories: Vec<PluralCategory> = Formatters::of(&locale.tag).categories().collect();
        let names = |list: &[PluralCategory]| {
            list.iter().map(|c| format!("`{}`", category_name(*c))).collect::<Vec<_>>().join(", ")
        };
        let tag = &locale.tag;
        let sections: [(&str, &Messages, Option<&Messages>); 2] = [
            ("ui", &locale.data.ui, source.map(|s| &s.data.ui)),
            ("notes", &locale.data.notes, source.map(|s| &s.data.notes)),
        ];
        for (section, strings, reference) in sections {
            for (key, value) in strings {
                let width = key.chars().count();
                let position = || (value.line, value.column);
                match &value.value {
                    LocaleString::Plural(forms) => {
                        let missing: Vec<PluralCategory> =
                            categories.iter().copied().filter(|c| !forms.iter().any(|f| f.category == *c)).collect();
                        if !missing.is_empty() {
                            let (line, column) = position();
                            out.push(
                                Diagnostic::error(
                                    &locale.rel_path,
                                    format!("`{section}.{key}` has no {} form, which {tag} needs", names(&missing)),
                                )
                                .at(&locale.text, line, column, width)
                                .with_hint(format!("the numbers of {tag} take the forms {}", names(&categories))),
                            );
                        }
                        for form in forms.iter().filter(|f| !categories.contains(&f.category)) {
                            let name = category_name(form.category);
                            out.push(
                                Diagnostic::warning(
                                    &locale.rel_path,
                                    format!("`{section}.{key}` has a `{name}` form, which {tag} never uses"),
                                )
                                .at(&locale.text, form.line, form.column, name.len())
                                .with_hint(format!(
                                    "remove it: the numbers of {tag} take the forms {}",
                                    names(&categories)
                                )),
                            );
                        }
                    }
                    LocaleString::Plain(_) => {
                        let plural_in_source =
                            reference.and_then(|r| r.get(key)).is_some_and(|s| s.value.categories().is_some());
                        let source_tag = source.map_or("", |s| s.tag.as_str());
                        if plural_in_source && categories.len() > 1 && tag != source_tag {
                            let (line, column) = position();
                            out.push(
                                Diagnostic::warning(
                                    &locale.rel_path,
                                    format!("`{section}.{key}` has plural forms in {source_tag} but one text here"),
                                )
                                .at(&locale.text, line, column, width)
                                .with_hint(format!(
                                    "unless the text reads right for every number, write its forms {} as a mapping",
                                    names(&categories)
                                )),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The page name of `<locale>/changes/`, which availgen makes from the git history.
const CHANGES_PAGE: &str = crate::render::changes::DIR;

fn check_pages(loaded: &Loaded, rules: Rules, out: &mut Vec<Diagnostic>) {
    let tags: Vec<&str> = loaded.locales.iter().map(|l| l.tag.as_str()).collect();
    // A locale or page file that failed to load has been reported; it is not also missing.
    let unreadable = |path: &str| loaded.unreadable.iter().any(|u| u == path);
    let broken_tags: Vec<&str> =
        loaded.unreadable.iter().filter_map(|u| u.strip_prefix("locales/")).map(crate::load::stem).collect();
    let mut seen: HashMap<(&str, &str), &str> = HashMap::new();
    for page in &loaded.pages {
        if !is_slug(&page.name) {
            out.push(
                Diagnostic::error(
                    &page.rel_path,
                    format!("`{}` is not a valid page name: it becomes the page's URL", page.name),
                )
                .with_hint("use lower-case letters, digits and single hyphens"),
            );
        }
        if page.name == crate::render::compare::DIR {
            out.push(
                Diagnostic::error(
                    &page.rel_path,
                    format!("`{}` is the comparison matrix's page: a prose page cannot take its name", page.name),
                )
                .with_hint("rename the file, e.g. `content/pages/comparing.<locale>.md`"),
            );
        }
        if page.name == crate::render::world_map::PAGE {
            out.push(
                Diagnostic::error(&page.rel_path, format!("a page named `{}` would replace the world maps", page.name))
                    .with_hint("the maps are written to <locale>/maps/; give the page another name"),
            );
        }
        if page.name == CHANGES_PAGE {
            out.push(
                Diagnostic::error(&page.rel_path, format!("`{CHANGES_PAGE}` is the name of the changes page"))
                    .with_hint("availgen makes <locale>/changes/ from the git history; give the page another name"),
            );
        }
        if !tags.contains(&page.tag.as_str()) && !broken_tags.contains(&page.tag.as_str()) {
            let hint = did_you_mean(&page.tag, tags.iter().copied())
                .unwrap_or_else(|| format!("add locales/{}.yaml, or rename the page", page.tag));
            out.push(
                Diagnostic::error(
                    &page.rel_path,
                    format!("page is written for locale `{}`, which has no locale file", page.tag),
                )
                .with_hint(hint),
            );
        }
        seen.insert((&page.name, &page.tag), &page.rel_path);
    }
    let names: HashSet<&str> = loaded.pages.iter().map(|p| p.name.as_str()).collect();
    let source = loaded.config.source_locale();
    for name in names {
        match seen.get(&(name, source)) {
            None if unreadable(&format!("content/pages/{name}.{source}.md")) => {}
            None => {
                let file = seen.iter().find(|((n, _), _)| *n == name).map(|(_, f)| *f).unwrap_or_default();
                out.push(Diagnostic::error(file, format!("page `{name}` has no {source} version")).with_hint(format!(
                    "write content/pages/{name}.{source}.md first: other languages fall back to it"
                )));
            }
            Some(_) => {
                for tag in tags.iter().filter(|t| **t != source) {
                    if !seen.contains_key(&(name, *tag)) {
                        out.push(missing(
                            rules,
                            &format!("content/pages/{name}.{tag}.md"),
                            format!("page `{name}` has no {tag} translation and falls back to {source}"),
                        ));
                    }
                }
            }
        }
    }
}

fn check_outbound(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let Some(outbound) = &loaded.outbound else {
        return;
    };
    let mut seen = HashSet::new();
    for dest in &outbound.countries {
        let code = &dest.code;
        let at = |d: Diagnostic| {
            d.at(
                &outbound.text,
                code.referenced.line() as usize,
                code.referenced.column() as usize,
                code.value.chars().count(),
            )
        };
        // Former codes (AN) are kept as the source lists them; see iso3166::TRANSITIONALLY_RESERVED.
        if !iso3166::is_assigned(&code.value) && !iso3166::is_former(&code.value) {
            out.push(at(Diagnostic::error(
                &outbound.rel_path,
                format!("`{}` is not an assigned ISO 3166-1 country code", code.value),
            )));
        } else if !seen.insert(code.value.as_str()) {
            out.push(at(Diagnostic::error(
                &outbound.rel_path,
                format!("destination `{}` is listed twice", code.value),
            )));
        }
    }
    if outbound.count.value != outbound.countries.len() {
        out.push(
            Diagnostic::error(
                &outbound.rel_path,
                format!(
                    "`count` says {} but {} destinations are listed",
                    outbound.count.value,
                    outbound.countries.len()
                ),
            )
            .at(
                &outbound.text,
                outbound.count.referenced.line() as usize,
                outbound.count.referenced.column() as usize,
                outbound.count.value.to_string().len(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("the-united-kingdom-u-k"));
        for bad in ["", "United", "a--b", "-a", "a b", "a/b", "..", "a_b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}

/// Flags a locale's forbidden glossary variants in its strings and pages.
fn check_terminology(loaded: &Loaded, rules: Rules, out: &mut Vec<Diagnostic>) {
    let Some(glossary) = &loaded.glossary else { return };
    // Each term is searched for once in the whole text, and a match kept if its line
    // is one to check: searching line by line is quadratic in the file's length.
    let flag = |file: &str, text: &str, tag: &str, checked: &dyn Fn(usize) -> bool, out: &mut Vec<Diagnostic>| {
        let line_starts: Vec<usize> =
            std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        for (concept, preferred, bad) in glossary.forbidden_in(tag) {
            if bad.is_empty() || bad.contains('\n') {
                continue;
            }
            for (byte, _) in text.match_indices(bad) {
                let line = line_starts.partition_point(|&start| start <= byte);
                if !checked(line) {
                    continue;
                }
                let column = text[line_starts[line - 1]..byte].chars().count() + 1;
                let message = format!("`{bad}` is not the {tag} term for `{concept}`");
                let hint = format!("write `{preferred}` (see {})", glossary.rel_path);
                let d =
                    if rules.strict { Diagnostic::error(file, message) } else { Diagnostic::warning(file, message) };
                out.push(d.at(text, line, column, bad.chars().count()).with_hint(hint));
            }
        }
    };
    for locale in &loaded.locales {
        if glossary.forbidden_in(&locale.tag).next().is_none() {
            continue;
        }
        let d = &locale.data;
        let form_lines = |strings: &'_ Messages| -> Vec<usize> {
            strings
                .values()
                .flat_map(|v| match &v.value {
                    LocaleString::Plain(_) => vec![v.value_line],
                    LocaleString::Plural(forms) => forms.iter().map(|f| f.line).collect(),
                })
                .collect()
        };
        let names = [&d.countries, &d.cities].into_iter().flat_map(|s| s.values().map(|v| v.value_line));
        let lines: HashSet<usize> = form_lines(&d.ui).into_iter().chain(form_lines(&d.notes)).chain(names).collect();
        flag(&locale.rel_path, &locale.text, &locale.tag, &|line| lines.contains(&line), out);
    }
    for page in &loaded.pages {
        if glossary.forbidden_in(&page.tag).next().is_none() {
            continue;
        }
        flag(&page.rel_path, &page.text, &page.tag, &|_| true, out);
    }
}

/// How much of the source locale one locale translates.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coverage {
    pub locale: String,
    /// Whether this is the source locale, which the others translate.
    pub source: bool,
    /// Whether `build` makes this locale's pages (`publish` in availgen.toml).
    pub published: bool,
    /// Strings of the source locale (ui, country names, notes) the locale translates,
    /// in its file or with built-in strings.
    pub translated: usize,
    pub total: usize,
    pub missing: usize,
    /// Keys the locale has and the source locale does not.
    pub extra: usize,
    pub pages_translated: usize,
    pub pages_total: usize,
    pub percent: f64,
    /// Per plural category of the language, how many of en-US's plural strings the
    /// locale writes a form for (a plain string is its `other` form).
    pub plural_forms: Vec<FormCoverage>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FormCoverage {
    pub category: &'static str,
    pub translated: usize,
    pub total: usize,
}

pub fn coverage(loaded: &Loaded) -> Vec<Coverage> {
    let Some(source) = source_locale(loaded) else { return Vec::new() };
    let codes: HashSet<&str> = loaded.countries.iter().map(|c| c.data.code.value.as_str()).collect();
    let page_names: HashSet<&str> =
        loaded.pages.iter().filter(|p| p.tag == source.tag).map(|p| p.name.as_str()).collect();
    let ui_keys = source_ui_keys(loaded, source);
    let (country_keys, note_keys) = (keys(&source.data.countries), keys(&source.data.notes));
    let site_country_keys: Vec<&str> = country_keys.iter().copied().filter(|k| codes.contains(k)).collect();
    let mut report: Vec<Coverage> = loaded
        .locales
        .iter()
        .map(|locale| {
            let d = &locale.data;
            // (the locale's strings, the keys it should translate, the keys the source
            // has, whether built-in strings count)
            let sections: [(Keyed, &[&str], &[&str], bool); 3] = [
                (keyed(&d.ui), &ui_keys, &ui_keys, true),
                (keyed(&d.countries), &site_country_keys, &country_keys, false),
                (keyed(&d.notes), &note_keys, &note_keys, false),
            ];
            let (mut translated, mut total, mut extra) = (0, 0, 0);
            for (own, wanted, known, builtin) in sections {
                let has = |key: &str| own.contains_key(key) || (builtin && loaded.builtin_ui.has(&locale.tag, key));
                total += wanted.len();
                translated += wanted.iter().filter(|k| has(k)).count();
                extra += own.keys().filter(|k| !known.contains(*k)).count();
            }
            let pages_translated =
                loaded.pages.iter().filter(|p| p.tag == locale.tag && page_names.contains(p.name.as_str())).count();
            let pages_total = page_names.len();
            let units = total + pages_total;
            let percent =
                if units == 0 { 100.0 } else { 100.0 * (translated + pages_translated) as f64 / units as f64 };
            Coverage {
                locale: locale.tag.clone(),
                source: locale.tag == source.tag,
                published: loaded.config.is_published(&locale.tag),
                translated,
                total,
                missing: total - translated,
                extra,
                pages_translated,
                pages_total,
                percent,
                plural_forms: form_coverage(locale, source),
            }
        })
        .collect();
    report.sort_by(|a, b| (!a.source, &a.locale).cmp(&(!b.source, &b.locale)));
    report
}

/// For each plural category of `locale`'s language, how many of en-US's plural strings
/// (`ui:` and `notes:`) the locale has a form of that category for.
fn form_coverage(locale: &LocaleFile, source: &LocaleFile) -> Vec<FormCoverage> {
    let pairs = [(&locale.data.ui, &source.data.ui), (&locale.data.notes, &source.data.notes)];
    let plural: Vec<Option<&LocaleString>> = pairs
        .iter()
        .flat_map(|(own, reference)| {
            reference.iter().filter(|(_, s)| s.value.categories().is_some()).map(|(k, _)| own.get(k).map(|v| &v.value))
        })
        .collect();
    Formatters::of(&locale.tag)
        .categories()
        .map(|category| FormCoverage {
            category: category_name(category),
            translated: plural
                .iter()
                .filter(|own| match own {
                    Some(LocaleString::Plain(_)) => category == PluralCategory::Other,
                    Some(string) => string.categories().is_some_and(|c| c.contains(&category)),
                    None => false,
                })
                .count(),
            total: plural.len(),
        })
        .collect()
}
