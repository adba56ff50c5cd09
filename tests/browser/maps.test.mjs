// The world maps (`<locale>/maps/`) in a real browser: a map is chosen from the selector
// index, shows alone, and a click on a country lands on its page; none of it needs
// JavaScript. And from the top of the index, the filter and the maps are a few Tab
// presses away, through the skip links.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNoProblems, currentPath, open, useSite } from "./support.mjs";

const site = useSite();

const PANELS = ["audio-conferencing", "phone-system", "calling-plans", "communications-credits", "business-voice"];

/** The ids of the map panels the reader can see. */
function visiblePanels(page) {
  return page.$$eval(".map-panel", (panels) => panels.filter((p) => p.checkVisibility()).map((p) => p.id));
}

/**
 * A point of the viewport where the link `selector` is what a click hits: the middle of
 * a country's box may be sea (Canada's is Hudson Bay) or a neighbour drawn over it.
 */
async function landOf(page, selector) {
  const point = await page.evaluate((selector) => {
    const link = document.querySelector(selector);
    const box = link.getBoundingClientRect();
    for (let row = 1; row < 20; row++) {
      for (let column = 1; column < 20; column++) {
        const [x, y] = [box.left + (box.width * column) / 20, box.top + (box.height * row) / 20];
        if (document.elementFromPoint(x, y)?.closest("a") === link) return { x, y };
      }
    }
    return null;
  }, selector);
  assert.ok(point, `no point of the map hits ${selector}`);
  return point;
}

for (const script of [true, false]) {
  test(`en-us: Calling Plans map from the index, then Canada on it (JavaScript ${script ? "on" : "off"})`, async () => {
    const page = await site.newPage({ javaScriptEnabled: script });
    await open(page, "/en-us/");
    await page.locator("#world-maps a", { hasText: "Calling Plans" }).click();
    await page.waitForURL("**/en-us/maps/#map-calling-plans");
    assert.deepEqual(await visiblePanels(page), ["map-calling-plans"], "the chosen map shows alone");

    const link = '#map-calling-plans a[href="../availability-in-canada/"]';
    const canada = page.locator(link);
    assert.equal(await canada.locator("title").textContent(), "Canada");
    assert.equal(await canada.getAttribute("class"), "wm-yes", "Canada sells Calling Plans");
    await canada.scrollIntoViewIfNeeded();
    const { x, y } = await landOf(page, link);
    await page.mouse.click(x, y);
    await page.waitForURL("**/en-us/availability-in-canada/");
    assert.equal(currentPath(page), "/en-us/availability-in-canada/");
    assert.match(await page.locator("h1").textContent(), /Canada/);
    await checkNoProblems(page);
  });
}

test("zh-tw: the maps page without a chosen map shows every map, one after another", async () => {
  const page = await site.newPage();
  await open(page, "/zh-tw/maps/");
  assert.deepEqual(await visiblePanels(page), PANELS.map((p) => `map-${p}`));
  // A small country is a dot, still a link with its name.
  const singapore = page.locator('#map-phone-system a[href="../availability-in-singapore/"]');
  assert.equal(await singapore.locator("circle").count(), 1);
  assert.equal(await singapore.locator("title").textContent(), "新加坡");
  await singapore.click();
  await page.waitForURL("**/zh-tw/availability-in-singapore/");
  await checkNoProblems(page);
});

/** Presses Tab from the top of the page until `selector` has focus; returns the presses. */
async function tabTo(page, selector, limit = 10) {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return presses;
  }
  assert.fail(`${selector} is not reached in ${limit} Tab presses`);
}

test("zh-cn: the filter is three Tab presses and Enter from the top of the index", async () => {
  const page = await site.newPage();
  await open(page, "/zh-cn/");
  await page.locator(".filter").waitFor({ state: "visible" });
  const toSkip = await tabTo(page, 'a.skip-link[href="#selector"]');
  assert.equal(toSkip, 2, "the skip link to the list is the second stop");
  assert.equal(await page.locator('a.skip-link[href="#selector"]').isVisible(), true, "it shows when focused");
  await page.keyboard.press("Enter");
  const toFilter = await tabTo(page, "#country-filter", 1);
  assert.equal(toSkip + toFilter, 3);
  await page.keyboard.type("加拿");
  assert.equal(await page.locator("#country-list li[data-search]:not([hidden])").count(), 1, "the filter works");
  await checkNoProblems(page);
});

test("zh-cn: the map links are four Tab presses and Enter from the top of the index", async () => {
  const page = await site.newPage();
  await open(page, "/zh-cn/");
  const toSkip = await tabTo(page, 'a.skip-link[href="#world-maps"]');
  assert.equal(toSkip, 3);
  await page.keyboard.press("Enter");
  await tabTo(page, '#world-maps a[href="maps/#map-audio-conferencing"]', 1);
  await page.keyboard.press("Enter");
  await page.waitForURL("**/zh-cn/maps/#map-audio-conferencing");
  // On the map, Tab goes from country to country, each a link.
  await tabTo(page, "#map-audio-conferencing svg a", 12);
  assert.ok(await page.evaluate(() => document.activeElement.matches(":focus-visible")), "the focus is visible");
  await checkNoProblems(page);
});
