// A site with more locales than `inline_languages` (here the bundled site with
// `inline_languages = 2`): each page's switcher holds its own language and a link to
// the page's languages page, which reaches the page in every language, with and
// without JavaScript; the matrix's view goes along.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNoProblems, currentPath, open, useSite } from "./support.mjs";

const site = useSite({ config: "inline_languages = 2\n" });

for (const javaScriptEnabled of [true, false]) {
  test(`${javaScriptEnabled ? "with" : "without"} JavaScript: en-us Argentina → all languages → 繁體中文`, async () => {
    const page = await site.newPage({ javaScriptEnabled });
    await open(page, "/en-us/availability-in-argentina/");
    const links = await page.$$eval("nav.language-switcher a", (as) => as.map((a) => a.getAttribute("hreflang")));
    assert.deepEqual(links, ["en-US", null], "its own language, then the languages page");
    await page.locator("nav.language-switcher a:not([hreflang])").click();
    await page.waitForURL("**/languages/availability-in-argentina/");
    const listed = await page.$$eval("ul.languages a", (as) => as.map((a) => a.hreflang));
    assert.deepEqual(listed, ["en-US", "zh-CN", "zh-TW"]);
    await page.locator('ul.languages a[hreflang="zh-TW"]').click();
    await page.waitForURL("**/zh-tw/availability-in-argentina/");
    assert.equal(currentPath(page), "/zh-tw/availability-in-argentina/");
    assert.equal(await page.getAttribute("html", "lang"), "zh-TW");
    assert.ok((await page.locator("h1").textContent()).includes("阿根廷"));
    await checkNoProblems(page);
  });
}

test("the matrix's view goes through the languages page to the language chosen", async () => {
  const page = await site.newPage();
  await open(page, "/en-us/compare/?q=a&has=calling_plans");
  await page.locator("#compare-controls").waitFor({ state: "visible" });
  await page.locator("nav.language-switcher a:not([hreflang])").click();
  await page.waitForURL("**/languages/compare/?q=a&has=calling_plans");
  await page.locator('ul.languages a[hreflang="zh-CN"]').click();
  await page.waitForURL("**/zh-cn/compare/?q=a&has=calling_plans");
  assert.equal(await page.locator("#compare-filter").inputValue(), "a");
  await checkNoProblems(page);
});
