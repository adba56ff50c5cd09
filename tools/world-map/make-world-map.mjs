// Makes src/render/world-map.tsv, the world map availgen compiles in: one line per
// ISO 3166-1 alpha-2 code with its outline as an SVG path in the Equal Earth
// projection, the centre of its largest piece and its area. Run by hand (see README.md);
// the build reads the committed file and never runs Node.
//
// Source: Natural Earth 1:50m admin-0 countries as packaged by world-atlas@2.0.2.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { geoCentroid, geoEqualEarth, geoPath, geoStream } from "d3-geo";
import { feature } from "topojson-client";
import { presimplify, simplify, sphericalTriangleArea } from "topojson-simplify";

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const OUTPUT = here("../../src/render/world-map.tsv");

/** Width of the map in SVG units; the height follows from the projection. */
const WIDTH = 1000;
/**
 * Points of the 1:50m outlines that matter less than this spherical area (in
 * steradians, as topojson-simplify weighs them) are dropped: it keeps the file near
 * 100 KB while coastlines still look like themselves at 1280 px.
 */
const MIN_WEIGHT = 1e-6;
/** Islands and lakes smaller than this many square units are left out... */
const MIN_RING_AREA = 0.6;
// ...except a country's largest piece, which is always kept: a small country is a dot.

/**
 * Parts of world-atlas countries that ISO 3166-1 codes on their own: polygons whose
 * centre falls in a box [west, south, east, north] (degrees) go to that code.
 */
const SPLIT = {
  FR: { GF: [-55, 2, -51, 6.5], GP: [-62, 15.8, -60.9, 16.6], MQ: [-61.3, 14.3, -60.8, 14.9],
        RE: [55.1, -21.5, 56, -20.8], YT: [44.9, -13.1, 45.4, -12.5] },
  NL: { BQ: [-69, 11.5, -62.5, 18] },
  NO: { SJ: [-10, 70.5, 35, 81] },
  // "Indian Ocean Ter." has no id: it is Christmas Island and the Cocos (Keeling) Islands.
  "Indian Ocean Ter.": { CX: [105, -11, 106.5, -10], CC: [96, -13, 97.5, -11.5] },
};

/**
 * Places with an ISO code that the 1:50m file does not draw: a dot at [longitude,
 * latitude]. The US Minor Outlying Islands are scattered across the Pacific; no one
 * dot stands for them, so `availgen check` lists UM as not on the map.
 */
const POINTS = { GI: [-5.35, 36.14], BV: [3.41, -54.42], TK: [-171.85, -9.17], TV: [179.2, -8.52] };

/**
 * Features without an id in world-atlas. ISO 3166-1 gives none of them a code of its
 * own, so they are drawn as land that belongs to no country of the data, in grey.
 * (Ashmore and Cartier Islands share Australia's 036 and simply become part of AU.)
 */
const WITHOUT_CODE = ["Kosovo", "N. Cyprus", "Somaliland", "Siachen Glacier"];

const numericToAlpha2 = new Map(
  readFileSync(here("iso3166-numeric.tsv"), "utf8")
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => line.split("\t").slice(0, 2)),
);

const topology = JSON.parse(readFileSync(here("node_modules/world-atlas/countries-50m.json"), "utf8"));
const simplified = simplify(presimplify(topology, sphericalTriangleArea), MIN_WEIGHT);

/** The polygons (as TopoJSON arc lists) of each code, and of land without one ("-"). */
const polygons = new Map();
const add = (code, list) => polygons.set(code, (polygons.get(code) ?? []).concat(list));
for (const geometry of simplified.objects.countries.geometries) {
  const name = geometry.properties.name;
  const key = geometry.id ? numericToAlpha2.get(geometry.id) : WITHOUT_CODE.includes(name) ? "-" : name;
  if (!key) throw new Error(`world-atlas id ${geometry.id} (${name}) is not in iso3166-numeric.tsv`);
  const list = geometry.type === "Polygon" ? [geometry.arcs] : geometry.arcs;
  for (const arcs of list) {
    const centre = geoCentroid(feature(simplified, { type: "Polygon", arcs }));
    const split = Object.entries(SPLIT[key] ?? {}).find(([, box]) => inside(centre, box));
    add(split ? split[0] : key, [arcs]);
  }
}
for (const key of polygons.keys()) {
  if (key !== "-" && !/^[A-Z]{2}$/.test(key)) throw new Error(`"${key}" has no id and no rule in SPLIT or WITHOUT_CODE`);
}

const projection = geoEqualEarth().fitWidth(WIDTH, { type: "Sphere" });
const [[, top], [, bottom]] = geoPath(projection).bounds({ type: "Sphere" });
const height = Math.ceil(bottom - top);

const lines = [
  "# Made by tools/world-map/make-world-map.mjs from Natural Earth 1:50m (world-atlas@2.0.2,",
  "# ISC licence, see tools/world-map/NOTICE); do not edit by hand. Equal Earth projection.",
  "# `viewbox WIDTH HEIGHT`, `sphere PATH` (the outline of the globe), then one line per",
  "# code: CODE, centre x and y of its largest piece, area in square units, SVG path.",
  "# Code `-` is land that no ISO 3166-1 code names (Kosovo, N. Cyprus, Somaliland, Siachen).",
  `viewbox\t${WIDTH}\t${height}`,
  `sphere\t${svgPath(projectRings({ type: "Sphere" }))}`,
];
/** One line per code (and `-`), as [code, line], sorted by code at the end. */
const entries = [];
for (const code of polygons.keys()) {
  const shape = feature(simplified, { type: "MultiPolygon", arcs: polygons.get(code) });
  const rings = projectRings(shape);
  if (rings.length === 0) {
    // Smaller than a unit square (Vatican, Monaco): only a dot will show it.
    const [x, y] = geoPath(projection).centroid(shape);
    entries.push([code, `${code}\t${round1(x)}\t${round1(y - top)}\t0\t`]);
    continue;
  }
  const largest = rings.reduce((a, b) => (Math.abs(ringArea(b)) > Math.abs(ringArea(a)) ? b : a));
  const kept = rings.filter((r) => r === largest || Math.abs(ringArea(r)) >= MIN_RING_AREA);
  const area = kept.reduce((sum, r) => sum + ringArea(r), 0);
  const [x, y] = ringCentre(largest);
  entries.push([code, `${code}\t${round1(x)}\t${round1(y)}\t${round1(Math.abs(area))}\t${svgPath(kept)}`]);
}
for (const [code, point] of Object.entries(POINTS)) {
  if (polygons.has(code)) throw new Error(`${code} has a shape; take it out of POINTS`);
  const [x, y] = projection(point);
  entries.push([code, `${code}\t${round1(x)}\t${round1(y - top)}\t0\t`]);
}
entries.sort(([a], [b]) => (a < b ? -1 : 1));
lines.push(...entries.map(([, line]) => line));
writeFileSync(OUTPUT, lines.join("\n") + "\n");
const codes = lines.filter((l) => /^[A-Z]{2}\t/.test(l)).map((l) => l.slice(0, 2));
const missing = [...numericToAlpha2.values()].filter((c) => !codes.includes(c));
console.log(`${OUTPUT}: ${codes.length} codes, ${(lines.join("\n").length / 1024).toFixed(1)} KiB, ` +
  `viewBox 0 0 ${WIDTH} ${height}; not on the map: ${missing.join(" ") || "none"}`);

function inside([lon, lat], [west, south, east, north]) {
  return lon >= west && lon <= east && lat >= south && lat <= north;
}

/**
 * The rings of a GeoJSON object after projection, as integer points. Going through the
 * projection's stream (not projecting each point) is what cuts Russia, Fiji and
 * Antarctica at the antimeridian instead of drawing lines across the map.
 */
function projectRings(object) {
  const rings = [];
  let ring = [];
  const sink = {
    point(x, y) {
      const p = [Math.round(x), Math.round(y - top)];
      const last = ring.at(-1);
      if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
    },
    lineStart() {
      ring = [];
    },
    lineEnd() {
      const [first, last] = [ring[0], ring.at(-1)];
      if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
      if (ring.length >= 3) rings.push(ring);
    },
    polygonStart() {},
    polygonEnd() {},
    sphere() {},
  };
  geoStream(object, projection.stream(sink));
  return rings;
}

/** Signed area by the shoelace formula. */
function ringArea(ring) {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** Centre of mass of a ring (its mean point when the ring has no area). */
function ringCentre(ring) {
  const a = ringArea(ring);
  if (Math.abs(a) < 1e-9) {
    return [0, 1].map((i) => ring.reduce((s, p) => s + p[i], 0) / ring.length);
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    const cross = x0 * y1 - x1 * y0;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

/** Rings as compact SVG path data: absolute start, relative steps, `z`. */
function svgPath(rings) {
  let d = "";
  for (const ring of rings) {
    d += `M${ring[0][0]} ${ring[0][1]}l`;
    let steps = "";
    for (let i = 1; i < ring.length; i++) {
      const dx = ring[i][0] - ring[i - 1][0];
      const dy = ring[i][1] - ring[i - 1][1];
      steps += (dx < 0 ? "" : " ") + dx + (dy < 0 ? "" : " ") + dy;
    }
    d += steps.replace(/^ /, "") + "z";
  }
  return d;
}

function round1(n) {
  return Math.round(n * 10) / 10;
}
