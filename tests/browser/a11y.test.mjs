// Accessibility: axe-core finds no WCAG 2.0/2.1 A or AA violation on the pages a
// reader meets, in every locale and in every state of the page that the script
// creates: without JavaScript, with the filter shown, after typing into it (a
// match and no match), with the country drop-down reached by keyboard alone; the
// comparison matrix with its controls, filtered, sorted and with no match; the
// world maps, with one chosen and a country on it focused; the skip links focused.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { checkNoProblems, isVisible, open, useSite } from "./support.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core");
const AXE_VERSION = require("axe-core/package.json").version;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const site = useSite();

// Totals for the summary line printed at the end (`a11y: PASS ...` or `a11y: FAIL ...`).
const stats = { runs: 0, pages: new Set(), violations: 0, failing: [] };
after(() => {
  const verdict = stats.violations === 0 && stats.runs > 0 ? "PASS" : "FAIL";
  console.log(
    `a11y: ${verdict} — axe-core ${AXE_VERSION} (${TAGS.join(", ")}): ${stats.runs} runs over ${stats.pages.size} pages, ` +
      `${stats.violations} violation(s)${stats.failing.length ? ` on ${stats.failing.join("; ")}` : ""}`,
  );
});

const LOCALES = [
  { dir: "en-us", match: "arg" },
  { dir: "zh-cn", match: "阿根" },
  { dir: "zh-tw", match: "阿根" },
];
const PROSE = ["calling-plans", "business-voice", "communications-credits"];
const COUNTRY = "availability-in-argentina";

/** Runs axe-core in the page as it is now; returns its violations. */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ")}`),
    }));
  }, TAGS);
}

/** Asserts axe reports nothing; the message lists every violation and its first nodes. */
async function assertAccessible(page, what) {
  const found = await violations(page);
  stats.runs += 1;
  stats.pages.add(new URL(page.url()).pathname);
  stats.violations += found.length;
  if (found.length) stats.failing.push(`${what} (${found.map((v) => v.id).join(", ")})`);
  const report = found
    .map((v) => `  ${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n}`).join("\n")}` +
      (v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : ""))
    .join("\n");
  assert.deepEqual(
    found.map((v) => v.id),
    [],
    `axe-core ${AXE_VERSION} (${TAGS.join(", ")}) on ${what}: ${found.length} violation(s)\n${report}`,
  );
}

/**
 * Opens `path` in a fresh context and waits until `waitFor` is shown. With `script: false`
 * the site's own scripts are answered with an empty one: the page is what a reader without
 * JavaScript gets, while axe-core, which needs JavaScript itself, can still be injected.
 */
async function openPage(path, { script = true, waitFor } = {}) {
  const page = await site.newPage();
  if (!script) {
    await page.route(`${site.url}/**/*.js`, (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript", body: "// the site's scripts are off\n" }),
    );
  }
  await open(page, path);
  if (waitFor) await page.locator(waitFor).waitFor({ state: "visible" });
  return page;
}

test("the language chooser and the 404 page", async () => {
  const page = await openPage("/");
  await assertAccessible(page, "/");
  await checkNoProblems(page);

  const missing = await site.newPage();
  const res = await missing.goto("/no-such-page/");
  assert.equal(res?.status(), 404);
  await assertAccessible(missing, "404.html");
  missing.problems = missing.problems.filter((p) => !/404/.test(p));
  await checkNoProblems(missing);
});

for (const { dir, match } of LOCALES) {
  test(`${dir}: the selector index without JavaScript`, async () => {
    const page = await openPage(`/${dir}/`, { script: false });
    assert.equal(await isVisible(page, ".filter"), false, "sanity: the script did not run");
    await assertAccessible(page, `/${dir}/ (no JavaScript)`);
    await checkNoProblems(page);
  });

  test(`${dir}: the selector index with the filter shown, then after typing`, async () => {
    const page = await openPage(`/${dir}/`, { waitFor: ".filter" });
    await assertAccessible(page, `/${dir}/ (filter shown)`);

    const input = page.locator("#country-filter");
    await input.focus();
    await input.pressSequentially(match);
    assert.ok((await page.locator("#country-list li[data-search]:not([hidden])").count()) > 0, "some entry matches");
    await assertAccessible(page, `/${dir}/ after typing "${match}"`);

    await input.fill("");
    await input.pressSequentially("qqxz");
    await page.locator("#filter-empty").waitFor({ state: "visible" });
    await assertAccessible(page, `/${dir}/ after typing "qqxz" (no match)`);
    await checkNoProblems(page);
  });

  test(`${dir}: a country page without JavaScript, and with the drop-down`, async () => {
    const nojs = await openPage(`/${dir}/${COUNTRY}/`, { script: false });
    assert.equal(await isVisible(nojs, "form.jump"), false, "sanity: the script did not run");
    await assertAccessible(nojs, `/${dir}/${COUNTRY}/ (no JavaScript)`);
    await checkNoProblems(nojs);

    const page = await openPage(`/${dir}/${COUNTRY}/`, { waitFor: "form.jump" });
    await assertAccessible(page, `/${dir}/${COUNTRY}/ (drop-down shown)`);
    await checkNoProblems(page);
  });

  test(`${dir}: a country page with the drop-down reached by keyboard alone`, async () => {
    const page = await openPage(`/${dir}/${COUNTRY}/`, { waitFor: "form.jump" });
    const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
    let presses = 0;
    while ((await focused()) !== "country-jump") {
      assert.ok(presses < 60, "the drop-down is reachable with Tab");
      await page.keyboard.press("Tab");
      presses += 1;
    }
    assert.equal(await page.evaluate(() => document.activeElement.matches(":focus-visible")), true,
      "the keyboard focus is visible");
    await assertAccessible(page, `/${dir}/${COUNTRY}/ (drop-down focused by keyboard)`);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("type")), "submit");
    await assertAccessible(page, `/${dir}/${COUNTRY}/ (button focused by keyboard)`);
    await checkNoProblems(page);
  });

  test(`${dir}: the prose pages`, async () => {
    for (const name of PROSE) {
      const page = await openPage(`/${dir}/${name}/`);
      await assertAccessible(page, `/${dir}/${name}/`);
      await checkNoProblems(page);
    }
  });

  test(`${dir}: the comparison matrix without JavaScript, with its controls, filtered and sorted`, async () => {
    const nojs = await openPage(`/${dir}/compare/`, { script: false });
    assert.equal(await isVisible(nojs, "#compare-controls"), false, "sanity: the script did not run");
    await assertAccessible(nojs, `/${dir}/compare/ (no JavaScript)`);
    await checkNoProblems(nojs);

    const page = await openPage(`/${dir}/compare/`, { waitFor: "#compare-controls" });
    await assertAccessible(page, `/${dir}/compare/ (controls shown)`);
    await page.locator('#compare-controls input[value="calling_plans"]').check();
    await page.locator('#compare-table th[data-column="calling_plans"] button.sort').click();
    await assertAccessible(page, `/${dir}/compare/ (filtered and sorted)`);
    await page.locator(".matrix-scroll").focus();
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains("matrix-scroll")), true);
    await assertAccessible(page, `/${dir}/compare/ (table box focused)`);
    await page.locator("#compare-filter").fill("qqxz");
    await page.locator("#compare-empty").waitFor({ state: "visible" });
    await assertAccessible(page, `/${dir}/compare/ (no match)`);
    await checkNoProblems(page);
  });

  test(`${dir}: the skip link, focused by keyboard`, async () => {
    const page = await openPage(`/${dir}/${COUNTRY}/`, { waitFor: "form.jump" });
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
    assert.equal(await page.evaluate(() => document.activeElement.checkVisibility()), true);
    await assertAccessible(page, `/${dir}/${COUNTRY}/ (skip link focused)`);
    await checkNoProblems(page);
  });
}

for (const { dir } of LOCALES) {
  test(`${dir}: the world maps without JavaScript, one map chosen, a country focused by keyboard`, async () => {
    const all = await openPage(`/${dir}/maps/`, { script: false });
    await assertAccessible(all, `/${dir}/maps/ (no JavaScript)`);
    await checkNoProblems(all);

    const page = await openPage(`/${dir}/maps/#map-calling-plans`);
    for (let presses = 0; !(await page.evaluate(() => document.activeElement?.closest("svg.world-map") !== null)); presses++) {
      assert.ok(presses < 60, "a country on the map is reachable with Tab");
      await page.keyboard.press("Tab");
    }
    await assertAccessible(page, `/${dir}/maps/#map-calling-plans (a country focused)`);
    await checkNoProblems(page);
  });

  test(`${dir}: the selector index with its skip links focused`, async () => {
    const page = await openPage(`/${dir}/`, { waitFor: ".filter" });
    for (const target of ["#selector", "#world-maps"]) {
      for (let presses = 0; (await page.evaluate(() => document.activeElement?.getAttribute("href"))) !== target; presses++) {
        assert.ok(presses < 10, `the skip link to ${target} is reachable with Tab`);
        await page.keyboard.press("Tab");
      }
      assert.equal(await page.evaluate(() => document.activeElement.checkVisibility()), true);
      await assertAccessible(page, `/${dir}/ (skip link to ${target} focused)`);
    }
    await checkNoProblems(page);
  });
}
