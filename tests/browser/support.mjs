// Shared set-up for the browser tests: build the site with the release binary,
// serve it over http on 127.0.0.1, and drive Debian's Chromium with playwright-core.
//
// Each test file calls `useSite()` once at top level; it builds, serves and
// launches in `before` and tears everything down in `after`.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..");
const availgen = resolve(process.env.AVAILGEN ?? join(repoRoot, "target", "release", "availgen"));
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

// Without the background-networking flags Chromium keeps trying to reach
// Google's hosts, which this machine's closed network refuses.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * Runs `availgen build` of the bundled site into a fresh temporary directory; returns
 * that directory. With `config`, builds a copy of the site with that availgen.toml.
 */
async function buildSite(config) {
  assert.ok(existsSync(availgen), `no availgen binary at ${availgen}: run \`cargo build --release\` or set AVAILGEN`);
  const tmp = await mkdtemp(join(tmpdir(), "availgen-browser-"));
  const out = join(tmp, "site");
  let root = repoRoot;
  if (config !== undefined) {
    root = join(tmp, "root");
    for (const dir of ["content", "locales"]) await cp(join(repoRoot, dir), join(root, dir), { recursive: true });
    await writeFile(join(root, "availgen.toml"), config);
  }
  try {
    await promisify(execFile)(availgen, ["build", "--root", root, "--out", out], {
      maxBuffer: 16 << 20,
    });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw new Error(`availgen build failed (${err.code}):\n${err.stdout}${err.stderr}`);
  }
  return { tmp, out };
}

/**
 * Registers before/after hooks (`config`: the site's availgen.toml, see `buildSite`);
 * returns an object whose fields are filled in
 * `before`: `url` (the server's origin), `browser`, and `newPage(options)`,
 * which opens a page in a new browser context (options go to newContext,
 * e.g. `{ javaScriptEnabled: false }`) and records its problems.
 */
export function useSite({ config } = {}) {
  const site = {};
  let tmp, server, browser;
  before(async () => {
    const built = await buildSite(config);
    tmp = built.tmp;
    site.dir = built.out;
    server = await serve(built.out);
    site.url = server.url;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
    site.browser = browser;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /**
   * Opens a page in its own context. `page.problems` collects script errors,
   * console errors and failed same-origin requests; `checkNoProblems(page)`
   * asserts there were none.
   */
  site.newPage = async (options = {}) => {
    const context = await browser.newContext({ baseURL: site.url, ...options });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.problems = [];
    page.on("pageerror", (err) => page.problems.push(`script error: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" && !/favicon\.ico/.test(msg.location()?.url ?? "")) {
        page.problems.push(`console error: ${msg.text()}`);
      }
    });
    page.on("response", (res) => {
      const url = new URL(res.url());
      if (url.origin === site.url && res.status() >= 400 && url.pathname !== "/favicon.ico") {
        page.problems.push(`HTTP ${res.status()} for ${url.pathname}`);
      }
    });
    return page;
  };
  return site;
}

/** Asserts a page opened with `site.newPage` saw no errors, then closes its context. */
export async function checkNoProblems(page) {
  const problems = page.problems.slice();
  await page.context().close();
  assert.deepEqual(problems, [], "the page reported problems");
}

/** Navigates and asserts the response was 200. */
export async function open(page, path) {
  const res = await page.goto(path);
  assert.equal(res?.status(), 200, `GET ${path}`);
  return res;
}

/**
 * The selector list as the user sees it: for each `li[data-search]`, its link
 * text, href and whether it is actually rendered (not just its `hidden` attribute).
 */
export function selectorItems(page) {
  return page.$$eval("#country-list li[data-search]", (lis) =>
    lis.map((li) => {
      const a = li.querySelector("a");
      return {
        name: a?.textContent.trim() ?? "",
        href: a?.href ?? "",
        visible: li.checkVisibility(),
      };
    }),
  );
}

/** Names of the selector entries that are visible. */
export async function visibleNames(page) {
  return (await selectorItems(page)).filter((i) => i.visible).map((i) => i.name);
}

/** Whether the element matching `selector` is rendered. */
export function isVisible(page, selector) {
  return page.$eval(selector, (el) => el.checkVisibility());
}

/** Path part of the page's current URL. */
export function currentPath(page) {
  return new URL(page.url()).pathname;
}
