// The language switcher (nav.language-switcher a[hreflang]) goes to the same
// country in the other language, and that page declares its language.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNoProblems, currentPath, open, useSite } from "./support.mjs";

const site = useSite();
const LOCALES = { "en-US": "en-us", "zh-CN": "zh-cn", "zh-TW": "zh-tw" };

test("en-us Argentina → 繁體中文 lands on zh-tw/availability-in-argentina/ with lang=zh-TW", async () => {
  const page = await site.newPage();
  await open(page, "/en-us/availability-in-argentina/");
  await page.locator('nav.language-switcher a[hreflang="zh-TW"]').click();
  await page.waitForURL("**/zh-tw/availability-in-argentina/");
  assert.equal(currentPath(page), "/zh-tw/availability-in-argentina/");
  assert.equal(await page.getAttribute("html", "lang"), "zh-TW");
  assert.ok((await page.locator("h1").textContent()).includes("阿根廷"));
  await checkNoProblems(page);
});

test("every switcher link on a country page, from every locale, keeps the country", async () => {
  const page = await site.newPage();
  for (const [fromTag, fromDir] of Object.entries(LOCALES)) {
    const start = `/${fromDir}/availability-in-argentina/`;
    await open(page, start);
    assert.equal(await page.getAttribute("html", "lang"), fromTag, `${start} has lang=${fromTag}`);
    const tags = await page.$$eval("nav.language-switcher a[hreflang]", (as) => as.map((a) => a.hreflang));
    assert.deepEqual(tags.sort(), Object.keys(LOCALES).sort(), `${start} links to every locale`);
    for (const [toTag, toDir] of Object.entries(LOCALES)) {
      if (toTag === fromTag) continue;
      await open(page, start);
      await page.locator(`nav.language-switcher a[hreflang="${toTag}"]`).click();
      await page.waitForURL(`**/${toDir}/availability-in-argentina/`);
      assert.equal(await page.getAttribute("html", "lang"), toTag, `${fromTag} → ${toTag}`);
    }
  }
  await checkNoProblems(page);
});
