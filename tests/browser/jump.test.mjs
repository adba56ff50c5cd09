// A country page's drop-down (form.jump, un-hidden by the script): choosing a
// country and submitting goes to that country's page, by mouse or by keyboard alone.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNoProblems, currentPath, isVisible, open, useSite } from "./support.mjs";

const site = useSite();

/** The option the drop-down has selected: its label and the path it points to. */
function selected(page) {
  return page.$eval("select#country-jump", (s) => ({
    label: s.selectedOptions[0]?.textContent.trim(),
    path: new URL(s.value, document.baseURI).pathname,
  }));
}

async function openCountry(page, path) {
  await open(page, path);
  await page.locator("form.jump").waitFor({ state: "visible" });
  assert.equal(await isVisible(page, "select#country-jump"), true);
  assert.equal((await selected(page)).path, path, "the drop-down starts at the current country");
}

for (const [dir, france] of [["en-us", "France"], ["zh-cn", "法国"], ["zh-tw", "法國"]]) {
  test(`${dir}: choose ${france} with the mouse and press the button`, async () => {
    const page = await site.newPage();
    await openCountry(page, `/${dir}/availability-in-argentina/`);
    await page.locator("select#country-jump").selectOption({ label: france });
    await page.locator("form.jump button[type=submit]").click();
    await page.waitForURL(`**/${dir}/availability-in-france/`);
    assert.equal(currentPath(page), `/${dir}/availability-in-france/`);
    assert.ok((await page.locator("h1").textContent()).includes(france), "the new page is about France");
    assert.equal((await selected(page)).label, france, "the new page's drop-down shows France");
    await checkNoProblems(page);
  });
}

test("en-us: keyboard only — Tab to the drop-down, pick with the arrow key, Tab to the button, Enter", async () => {
  const page = await site.newPage();
  const start = "/en-us/availability-in-argentina/";
  await openCountry(page, start);

  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return "";
      const tag = el.tagName.toLowerCase();
      const type = tag === "button" || tag === "input" ? `[${el.type}]` : "";
      return `${tag}${el.id ? "#" + el.id : ""}${type}`;
    });

  // Tab from the top of the page until the drop-down has focus.
  const path = [];
  while ((await focused()) !== "select#country-jump") {
    assert.ok(path.length < 60, `the drop-down is reachable with Tab (focus went: ${path.join(" → ")})`);
    await page.keyboard.press("Tab");
    path.push(await focused());
  }

  const before = await selected(page);
  const next = await page.$eval("select#country-jump", (s) => {
    const o = s.options[s.selectedIndex + 1];
    return { label: o.textContent.trim(), path: new URL(o.value, document.baseURI).pathname };
  });
  await page.keyboard.press("ArrowDown");
  assert.deepEqual(await selected(page), next, `ArrowDown moves from ${before.label} to ${next.label}`);
  assert.equal(currentPath(page), start, "choosing alone does not navigate");

  // Then type-ahead: typing a name selects it.
  await page.keyboard.type("Germany");
  const germany = await selected(page);
  assert.equal(germany.label, "Germany", "typing a name selects it");

  await page.keyboard.press("Tab");
  assert.equal(await focused(), "button[submit]", "Tab moves on to the button");
  await page.keyboard.press("Enter");
  await page.waitForURL(`**${germany.path}`);
  assert.equal(currentPath(page), "/en-us/availability-in-germany/");
  assert.ok((await page.locator("h1").textContent()).includes("Germany"));
  await checkNoProblems(page);
});
