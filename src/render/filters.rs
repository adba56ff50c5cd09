//! Template filters that write numbers, plural strings, lists and dates the way the
//! page's language does, so that a site's own templates localize like the built-in ones:
//!
//! | filter | example | en-US | de-DE |
//! |---|---|---|---|
//! | `number` | `{{ 3000 \| number }}` | 3,000 | 3.000 |
//! | `plural` | `{{ ui.index_count \| plural(count=1) }}` | 1 country or region | 1 Land oder Region |
//! | `list` | `{{ ["A", "B", "C"] \| list }}` | A, B, and C | A, B und C |
//! | `date` | `{{ "2024-05-01" \| date }}` | May 1, 2024 | 01.05.2024 |
//!
//! Each works in the page's locale (`locale.tag`) or in the one `locale="..."` names (the
//! root pages have no locale of their own). `plural` and `list` isolate the values they
//! put into right-to-left text (Unicode FSI … PDI).

use std::sync::Arc;

use icu_decimal::input::Decimal;
use tera::{Error, Kwargs, Number, State, Tera, TeraResult, Value};

use super::FALLBACK_LANG;
use crate::load::locale::Direction;
use crate::model::l10n::Formatters;
use crate::model::{default_direction, FSI, PDI};

pub fn register(tera: &mut Tera) {
    tera.register_filter("number", number);
    tera.register_filter("plural", plural);
    tera.register_filter("list", list);
    tera.register_filter("date", date);
    tera.register_filter("safe", safe);
}

/// Tera's own `safe`, without its copy: a string is marked safe as it is (its text
/// shared, not copied), anything else written as text first. Every `html` string of a
/// page passes through it; Tera's copied each one longer than 21 bytes.
fn safe(value: &Value, _: Kwargs, _: &State) -> Value {
    if value.is_string() {
        value.clone().mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

/// The language a filter writes in: the `locale` argument's, else the page's.
struct Language {
    formatters: Arc<Formatters>,
    rtl: bool,
}

impl Language {
    fn of(kwargs: &Kwargs, state: &State) -> TeraResult<Language> {
        let (tag, direction) = match kwargs.get::<&str>("locale")? {
            Some(tag) => (tag.to_owned(), None),
            None => {
                let locale = state.get::<Value>("locale")?;
                let field = |name: &str| {
                    locale.as_ref().and_then(|l| l.get_from_path(name)).and_then(Value::as_str).map(str::to_owned)
                };
                let tag = field("tag")
                    .ok_or_else(|| Error::message("this page has no `locale`: name one, e.g. `locale=\"en-US\"`"))?;
                (tag, field("direction"))
            }
        };
        let rtl = match direction.as_deref() {
            Some(direction) => direction == "rtl",
            None => default_direction(&tag) == Direction::Rtl,
        };
        Ok(Language { formatters: Formatters::of(&tag), rtl })
    }

    /// `value` as it goes into a sentence: isolated in right-to-left text.
    fn inserted(&self, value: String) -> String {
        if self.rtl {
            format!("{FSI}{value}{PDI}")
        } else {
            value
        }
    }
}

/// A number, or a string that holds one (`"3000"`, `"12.5"`).
fn decimal(value: &Value, filter: &str) -> TeraResult<Decimal> {
    let parsed = match value.as_number() {
        Some(Number::Integer(i)) => Some(Decimal::from(i)),
        Some(Number::Float(f)) if f.is_finite() => Decimal::try_from_str(&f.to_string()).ok(),
        _ => value.as_str().and_then(|s| Decimal::try_from_str(s.trim()).ok()),
    };
    parsed.ok_or_else(|| Error::message(format!("`{filter}` needs a number, not `{value}`")))
}

/// `{{ n | number }}`: the number in the language's digits and grouping.
fn number(value: &Value, kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let n = decimal(value, "number")?;
    Ok(Language::of(&kwargs, state)?.formatters.number(&n))
}

/// `{{ ui.key | plural(count=n) }}`: the form of a plural `ui:` string that the
/// language's rules choose for `n` (en-US's for an en-US fallback), with `{count}` (or
/// the placeholder `placeholder="..."` names) replaced by `n`. A plain string, or a
/// `ui:` string without forms, is used for every number.
fn plural(value: &Value, kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let count = kwargs.get::<&Value>("count")?.ok_or_else(|| Error::message("`plural` needs `count=...`"))?;
    let n = decimal(count, "plural")?;
    let placeholder = kwargs.get::<&str>("placeholder")?.unwrap_or("count");
    let language = Language::of(&kwargs, state)?;
    let fallback = value.get_from_path("lang").and_then(Value::as_str) == Some(FALLBACK_LANG);
    let rules = if fallback { Formatters::of(FALLBACK_LANG) } else { language.formatters.clone() };
    let form = format!("forms.{}", crate::load::locale::category_name(rules.category(&n)));
    let text = value
        .get_from_path(&form)
        .or_else(|| value.get_from_path("forms.other"))
        .or_else(|| value.get_from_path("text"))
        .unwrap_or(value)
        .as_str()
        .ok_or_else(|| Error::message(format!("`plural` needs a `ui` string, not `{value}`")))?;
    let number = language.inserted(language.formatters.number(&n));
    Ok(text.replace(&format!("{{{placeholder}}}"), &number))
}

/// `{{ items | list }}`: the items joined as the language writes a list in a sentence.
/// An item is a string, or a `ui`-style value (its `text`); `attribute="name"` takes that
/// field of each item first (`{{ selector | list(attribute="name") }}`).
fn list(value: &[Value], kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let language = Language::of(&kwargs, state)?;
    let attribute = kwargs.get::<&str>("attribute")?;
    let items: Vec<String> = value
        .iter()
        .map(|item| {
            let item = attribute.and_then(|a| item.get_from_path(a)).unwrap_or(item);
            let text = item.get_from_path("text").unwrap_or(item);
            language.inserted(text.as_str().map_or_else(|| text.to_string(), str::to_owned))
        })
        .collect();
    Ok(language.formatters.list(items.iter().map(String::as_str)))
}

/// `{{ "2024-05-01" | date }}`: a Gregorian date as the language writes year, month and
/// day (medium length).
fn date(value: &str, kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let language = Language::of(&kwargs, state)?;
    language
        .formatters
        .date(value)
        .ok_or_else(|| Error::message(format!("`date` needs a date written YYYY-MM-DD, not `{value}`")))
}

#[cfg(test)]
mod tests {
    use tera::{Context, Tera};

    fn render(template: &str, locale: Option<(&str, &str)>) -> Result<String, String> {
        let mut tera = Tera::default();
        super::register(&mut tera);
        tera.add_raw_template("t", template).map_err(|e| e.to_string())?;
        let mut ctx = Context::new();
        if let Some((tag, direction)) = locale {
            ctx.insert("locale", &serde_json::json!({ "tag": tag, "direction": direction }));
        }
        let names = serde_json::json!([{ "name": { "text": "Kanada" } }, { "name": { "text": "Chile" } }]);
        ctx.insert("names", &names);
        ctx.insert(
            "count_string",
            &serde_json::json!({ "text": "{count} países", "forms": { "one": "{count} país", "other": "{count} países" } }),
        );
        tera.render("t", &ctx).map_err(|e| crate::render::templates::error_chain(&e))
    }

    #[test]
    fn safe_writes_what_teras_own_does() {
        let template =
            "{{ s }} {{ s | safe }} {{ long | safe }} {{ n | safe }} {{ list | safe }} {{ s | safe | upper }}";
        let mut ctx = Context::new();
        ctx.insert("s", "<b>");
        ctx.insert("long", "<em>longer than twenty-one bytes</em>");
        ctx.insert("n", &3);
        ctx.insert("list", &[1, 2]);
        let render = |ours: bool| {
            let mut tera = Tera::default();
            if ours {
                super::register(&mut tera);
            }
            tera.add_raw_template("t.html", template).unwrap();
            tera.render("t.html", &ctx).unwrap()
        };
        assert_eq!(render(true), "&lt;b&gt; <b> <em>longer than twenty-one bytes</em> 3 [1, 2] <B>");
        assert_eq!(render(true), render(false));
    }

    #[test]
    fn number_in_the_pages_language_or_the_one_named() {
        assert_eq!(render("{{ 3000 | number }}", Some(("de-DE", "ltr"))).unwrap(), "3.000");
        assert_eq!(render("{{ \"1234567\" | number }}", Some(("hi-IN", "ltr"))).unwrap(), "12,34,567");
        assert_eq!(render("{{ 2.5 | number(locale=\"fr-FR\") }}", None).unwrap(), "2,5");
        let err = render("{{ 3000 | number }}", None).unwrap_err();
        assert!(err.contains("this page has no `locale`"), "{err}");
        let err = render("{{ \"many\" | number(locale=\"en\") }}", None).unwrap_err();
        assert!(err.contains("`number` needs a number, not `many`"), "{err}");
    }

    #[test]
    fn plural_chooses_the_form_and_fills_in_the_number() {
        let es = Some(("es-ES", "ltr"));
        assert_eq!(render("{{ count_string | plural(count=1) }}", es).unwrap(), "1 país");
        assert_eq!(render("{{ count_string | plural(count=3000) }}", es).unwrap(), "3000 países");
        assert_eq!(render("{{ \"{n} x\" | plural(count=5, placeholder=\"n\") }}", es).unwrap(), "5 x");
        let ar = render("{{ count_string | plural(count=1) }}", Some(("ar-SA", "rtl"))).unwrap();
        assert_eq!(ar, "\u{2068}١\u{2069} país");
    }

    #[test]
    fn list_and_date() {
        let en = Some(("en-US", "ltr"));
        assert_eq!(
            render("{{ [\"Toronto\", \"Montreal\", \"Calgary\"] | list }}", en).unwrap(),
            "Toronto, Montreal, and Calgary"
        );
        assert_eq!(
            render("{{ [\"多伦多\", \"蒙特利尔\"] | list(locale=\"zh-CN\") }}", None).unwrap(),
            "多伦多和蒙特利尔"
        );
        assert_eq!(
            render("{{ names | list(attribute=\"name\") }}", Some(("de-DE", "ltr"))).unwrap(),
            "Kanada und Chile"
        );
        assert_eq!(render("{{ \"2024-05-01\" | date }}", en).unwrap(), "May 1, 2024");
        let err = render("{{ \"May 1\" | date }}", en).unwrap_err();
        assert!(err.contains("`date` needs a date written YYYY-MM-DD, not `May 1`"), "{err}");
    }
}
