//! `<locale>/maps/index.html`: a world map per section that says where something can
//! be bought (a section with an `available` fact, or an optional one). Every country of
//! the data is coloured by that answer and is a link to its page; the rest of the world
//! is grey. No script: the maps are SVG, and CSS shows one at a time by `:target`.
//!
//! The outlines come from `world-map.tsv`, which `tools/world-map/` makes from Natural
//! Earth (see its README) and which is compiled in. They are the same in every locale
//! and every map, so a page holds each outline once, in a hidden `<svg>`, and its maps
//! draw them with `<use href>`: about 100 KB of outlines per locale, plus the links.

use std::fmt::Write;
use std::sync::LazyLock;

use serde::Serialize;
use tera::Context;

use super::{base_context, escape_into, render_template, LocaleView, OutputFile, PageKind, Text};
use crate::diagnostic::Diagnostic;
use crate::load::schema::Schema;
use crate::load::Loaded;
use crate::model::Site;

/// Where the maps page is, in every locale; no prose page may take the name.
pub const PAGE: &str = "maps";

/// Countries whose outline covers fewer square units than this (the map is 1,000 units
/// wide, drawn 350 to 1,000 pixels wide) are drawn as a dot, so that they can be seen
/// and clicked.
const DOT_AREA: f32 = 10.0;
/// The dot's radius, in map units.
const DOT_RADIUS: f32 = 4.0;

/// One line of `world-map.tsv`: a code's outline in map units.
#[derive(Debug, PartialEq)]
struct Outline {
    /// ISO 3166-1 alpha-2, or `-` for land that no code names.
    code: &'static str,
    /// The centre of the outline's largest piece: where its dot goes.
    centre: (f32, f32),
    area: f32,
    /// SVG path data; empty for a place too small to draw.
    path: &'static str,
}

impl Outline {
    fn is_dot(&self) -> bool {
        self.path.is_empty() || self.area < DOT_AREA
    }
}

#[derive(Debug)]
struct WorldMap {
    width: u32,
    height: u32,
    /// The outline of the globe: the sea.
    sphere: &'static str,
    /// Sorted by code.
    outlines: Vec<Outline>,
}

impl WorldMap {
    fn outline(&self, code: &str) -> Option<&Outline> {
        self.outlines.binary_search_by(|o| o.code.cmp(code)).ok().map(|i| &self.outlines[i])
    }
}

/// The map compiled into availgen.
fn world() -> &'static WorldMap {
    static WORLD: LazyLock<WorldMap> = LazyLock::new(|| {
        parse(include_str!("world-map.tsv")).expect("world-map.tsv is well formed (a unit test reads it)")
    });
    &WORLD
}

/// Reads `world-map.tsv`; see the comment lines at its top for the format.
fn parse(text: &'static str) -> Result<WorldMap, String> {
    let (mut size, mut sphere, mut outlines) = (None, None, Vec::new());
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
        let bad = |what: &str| format!("world-map.tsv, line {}: {what}", n + 1);
        let fields: Vec<&'static str> = line.split('\t').collect();
        let number = |i: usize| fields.get(i).and_then(|f| f.parse::<f32>().ok()).ok_or_else(|| bad("not a number"));
        match fields[0] {
            "viewbox" => size = Some((number(1)? as u32, number(2)? as u32)),
            "sphere" => sphere = fields.get(1).copied(),
            code => {
                let path = fields.get(4).ok_or_else(|| bad("expected code, x, y, area, path"))?;
                outlines.push(Outline { code, centre: (number(1)?, number(2)?), area: number(3)?, path });
            }
        }
    }
    outlines.sort_by(|a, b| a.code.cmp(b.code));
    let ((width, height), sphere) = size.zip(sphere).ok_or("world-map.tsv has no viewbox or sphere line")?;
    Ok(WorldMap { width, height, sphere, outlines })
}

/// The sections that get a map, by index in the schema: those a country offers or not.
pub fn map_sections(schema: &Schema) -> Vec<usize> {
    schema.offered_sections().map(|(si, _)| si).collect()
}

/// Whether the site has maps at all.
pub fn has_maps(schema: &Schema) -> bool {
    schema.offered_sections().next().is_some()
}

/// The id of a section's map on the maps page.
fn map_id(schema: &Schema, si: usize) -> String {
    format!("map-{}", schema.sections[si].id)
}

/// A country of the data that the maps cannot show: `availgen check` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct NotOnMap {
    pub code: String,
    /// The country file, and where in it the code is written.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// The countries whose code has neither an outline nor a dot on the map, when the
/// site has maps at all.
pub fn not_on_map(loaded: &Loaded) -> Vec<NotOnMap> {
    if !has_maps(&loaded.schema) {
        return Vec::new();
    }
    loaded
        .countries
        .iter()
        .filter(|c| world().outline(&c.data.code.value).is_none())
        .map(|c| NotOnMap {
            code: c.data.code.value.clone(),
            file: c.rel_path.clone(),
            line: c.data.code.line as usize,
            column: c.data.code.column as usize,
        })
        .collect()
}

/// The hidden `<svg>` every map of a page draws from: the hatching that marks "not
/// available" (so that it does not rest on colour alone), the sea, and all land, each
/// outline with the id `wm-<code>`. It is the same on every maps page of the site.
fn shared_defs() -> &'static str {
    static DEFS: LazyLock<String> = LazyLock::new(|| {
        let world = world();
        let mut svg = String::with_capacity(128 * 1024);
        svg.push_str(concat!(
            "<svg class=\"wm-defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>\n",
            "<pattern id=\"wm-hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" ",
            "patternTransform=\"rotate(45)\"><rect class=\"wm-hatch-ground\" width=\"5\" height=\"5\"/>",
            "<rect class=\"wm-hatch-line\" width=\"2\" height=\"5\"/></pattern>\n",
        ));
        let _ = writeln!(svg, "<path id=\"wm-sea\" d=\"{}\"/>", world.sphere);
        svg.push_str("<g id=\"wm-land\">\n");
        for o in world.outlines.iter().filter(|o| !o.path.is_empty()) {
            match o.code {
                "-" => svg.push_str("<path d=\""),
                code => {
                    let _ = write!(svg, "<path id=\"wm-{code}\" d=\"");
                }
            }
            svg.push_str(o.path);
            svg.push_str("\"/>\n");
        }
        svg.push_str("</g>\n</defs></svg>");
        svg
    });
    &DEFS
}

/// One section's map in one locale: the sea, all land in grey, and over it every
/// country of the data that the map can show, coloured, a link with its name as title.
/// Dots come after the outlines so that no neighbour covers them (Hong Kong, Singapore).
fn map_svg(site: &Site, li: usize, si: usize) -> String {
    let world = world();
    let locale = &site.locales[li];
    let mut outlines = String::new();
    let mut dots = String::new();
    for &ci in &locale.order {
        let country = &site.countries[ci];
        let Some(outline) = world.outline(&country.code) else { continue };
        let class = if country.data.offers(&site.schema, si) { "wm-yes" } else { "wm-no" };
        // Pushed piece by piece: a map has a link for every country in every locale,
        // and `format!` took twice the time.
        let out = if outline.is_dot() { &mut dots } else { &mut outlines };
        out.push_str("<a href=\"../availability-in-");
        escape_into(out, &country.slug);
        out.push_str("/\" class=\"");
        out.push_str(class);
        out.push_str("\"><title>");
        escape_into(out, &locale.country_names[ci].text);
        out.push_str("</title>");
        if outline.is_dot() {
            let (x, y) = outline.centre;
            let _ = writeln!(out, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{DOT_RADIUS}\"/></a>");
        } else {
            out.push_str("<use href=\"#wm-");
            out.push_str(outline.code);
            out.push_str("\"/></a>\n");
        }
    }
    format!(
        "<svg class=\"world-map\" viewBox=\"0 0 {} {}\" role=\"group\" aria-labelledby=\"{}-title\">\n\
         <use href=\"#wm-sea\" class=\"wm-sea\"/><use href=\"#wm-land\" class=\"wm-land\"/>\n{outlines}{dots}</svg>",
        world.width,
        world.height,
        map_id(&site.schema, si),
    )
}

#[derive(Serialize)]
struct MapView {
    id: String,
    /// The section's title, for the list of maps.
    section: Text,
    /// The map's heading: "Where Calling Plans can be bought".
    title: Text,
    svg: String,
}

/// Adds the links to each map (`maps`, possibly empty) to a page's context; `prefix`
/// leads from the page to the locale root.
pub fn add_map_links(site: &Site, li: usize, prefix: &str, ctx: &mut super::PageContext) {
    let locale = &site.locales[li];
    let links: Vec<serde_json::Value> = map_sections(&site.schema)
        .into_iter()
        .map(|si| {
            serde_json::json!({
                "title": Text::from(locale.ui(&site.schema.sections[si].title)),
                "href": format!("{prefix}{PAGE}/#{}", map_id(&site.schema, si)),
            })
        })
        .collect();
    ctx.insert("maps", &links);
}

/// The maps page of one locale, if the schema has a section to map.
pub fn render(
    site: &Site,
    tera: &tera::Tera,
    view: &LocaleView,
    scratch: &mut Context,
) -> Result<Option<OutputFile>, Diagnostic> {
    let li = view.li;
    let sections = map_sections(&site.schema);
    if sections.is_empty() {
        return Ok(None);
    }
    let locale = &site.locales[li];
    let maps: Vec<MapView> = sections
        .into_iter()
        .map(|si| {
            let section = locale.ui(&site.schema.sections[si].title);
            MapView {
                id: map_id(&site.schema, si),
                title: Text::from(locale.ui("map_title").format(&[("section", &section.text)])),
                section: Text::from(section),
                svg: map_svg(site, li, si),
            }
        })
        .collect();
    let mut ctx = base_context(site, view, PageKind::Maps, scratch);
    ctx.insert("title", &Text::from(locale.ui("maps_title")));
    ctx.insert("maps", &maps);
    ctx.insert("map_defs", shared_defs());
    let path = format!("{}/{PAGE}/index.html", locale.dir);
    let html = render_template(tera, "maps.html", &ctx, &path)?;
    Ok(Some(OutputFile { path, bytes: html }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_map_parses_and_holds_every_assigned_code_but_one() {
        let world = parse(include_str!("world-map.tsv")).unwrap();
        assert_eq!((world.width, world.height), (1000, 487));
        assert!(world.sphere.starts_with('M') && world.sphere.ends_with('z'));
        let missing: Vec<&str> =
            crate::iso3166::ALPHA2.iter().copied().filter(|c| world.outline(c).is_none()).collect();
        // The US Minor Outlying Islands are scattered over the Pacific: no one dot for them.
        assert_eq!(missing, ["UM"]);
        for o in &world.outlines {
            assert!(o.code == "-" || crate::iso3166::is_assigned(o.code), "{} is not an ISO code", o.code);
            let (x, y) = o.centre;
            assert!((0.0..=1000.0).contains(&x) && (0.0..=487.0).contains(&y), "{} is off the map", o.code);
        }
    }

    #[test]
    fn small_places_are_dots_and_large_ones_outlines() {
        let world = world();
        for code in ["VA", "MC", "SG", "BH", "MT", "HK", "BB", "GD", "KN", "GU", "BM", "LU", "CY", "GI"] {
            assert!(world.outline(code).unwrap().is_dot(), "{code} is drawn as a dot");
        }
        for code in ["CA", "RU", "FJ", "BE", "IL", "SV", "AQ"] {
            assert!(!world.outline(code).unwrap().is_dot(), "{code} is drawn as its outline");
        }
    }

    #[test]
    fn russia_and_fiji_are_cut_at_the_date_line_not_drawn_across_the_map() {
        // An outline that crossed the date line unclipped would run a step of almost
        // the whole map's width; cut, each piece stays on its side.
        for code in ["RU", "FJ", "AQ", "US", "KI"] {
            let path = world().outline(code).unwrap().path;
            let widest = path
                .split(['M', 'z'])
                .filter(|ring| !ring.is_empty())
                .flat_map(|ring| ring.split_once('l').map(|(_, steps)| steps).unwrap_or_default().split([' ', '-']))
                .filter_map(|n| n.parse::<i32>().ok())
                .max()
                .unwrap_or(0);
            assert!(widest < 300, "{code}: a step of {widest} units");
        }
    }

    #[test]
    fn a_malformed_line_is_reported_with_its_number() {
        let err = parse("viewbox\t10\t5\nsphere\tM0 0z\nCA\tx\t1\t2\tM0 0z\n").unwrap_err();
        assert_eq!(err, "world-map.tsv, line 3: not a number");
        assert!(parse("CA\t1\t1\t2\tM0 0z\n").is_err(), "no viewbox");
    }
}
