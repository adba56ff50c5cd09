// The comparison matrix (/<locale>/compare/): sorting by a column, the "only where
// available" checkboxes, the name filter, and their state in the URL query, restored
// on reload and by the back and forward buttons. Without JavaScript: the whole table.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNoProblems, isVisible, open, useSite } from "./support.mjs";

const site = useSite();

/** The table's rows in their current order: code, the sections offered, whether rendered. */
function rows(page) {
  return page.$$eval("#compare-table tbody tr", (trs) =>
    trs.map((tr) => ({
      code: tr.querySelector("th .code").textContent.trim(),
      name: tr.querySelector("th a").textContent.trim(),
      has: tr.getAttribute("data-has").split(" ").filter(Boolean),
      visible: tr.checkVisibility(),
    })),
  );
}

async function visibleRows(page) {
  return (await rows(page)).filter((r) => r.visible);
}

/** Opens the matrix (with `query`) and waits for the script to show its controls. */
async function openMatrix(dir, query = "") {
  const page = await site.newPage();
  await open(page, `/${dir}/compare/${query}`);
  await page.locator("#compare-controls").waitFor({ state: "visible" });
  return page;
}

function query(page) {
  return decodeURIComponent(new URL(page.url()).search);
}

function header(page, column) {
  return page.locator(`#compare-table thead th[data-column="${column}"]`);
}

function sortButton(page, column) {
  return header(page, column).locator("button.sort");
}

function checkbox(page, key) {
  return page.locator(`#compare-controls input[name=has][value="${key}"]`);
}

/** What the page shows, in one object, to compare two moments. */
async function view(page) {
  return {
    query: query(page),
    rows: (await visibleRows(page)).map((r) => r.code),
    checked: await page.$$eval("#compare-controls input[name=has]:checked", (inputs) => inputs.map((i) => i.value)),
    filter: await page.locator("#compare-filter").inputValue(),
    sorted: await page.$$eval("#compare-table th[aria-sort]", (ths) =>
      ths.map((th) => `${th.getAttribute("data-column")} ${th.getAttribute("aria-sort")}`),
    ),
  };
}

test("en-US: sorting by a column, both ways, and back to the name order", async () => {
  const page = await openMatrix("en-us");
  const initial = await rows(page);
  assert.ok(initial.length > 100, `every country is a row (${initial.length})`);
  assert.deepEqual(await view(page).then((v) => v.sorted), ["name ascending"], "sorted by name at first");

  await sortButton(page, "calling_plans").click();
  let now = await rows(page);
  const offers = now.map((r) => r.has.includes("calling_plans"));
  const firstWithout = offers.indexOf(false);
  assert.ok(firstWithout > 0, "some countries offer Calling Plans, some do not");
  assert.ok(offers.slice(firstWithout).every((o) => !o), "the countries that offer Calling Plans come first");
  assert.equal(await header(page, "calling_plans").getAttribute("aria-sort"), "ascending");
  assert.equal(await header(page, "name").getAttribute("aria-sort"), null, "only one column is sorted");
  assert.equal(query(page), "?sort=calling_plans");
  // Ties keep the name order.
  const names = initial.map((r) => r.code);
  const withPlans = now.filter((r) => r.has.includes("calling_plans")).map((r) => r.code);
  assert.deepEqual(withPlans, names.filter((c) => withPlans.includes(c)), "within a group, the name order");

  await sortButton(page, "calling_plans").click();
  now = await rows(page);
  assert.equal(now[0].has.includes("calling_plans"), false, "reversed: the countries without come first");
  assert.equal(now.at(-1).has.includes("calling_plans"), true);
  assert.equal(await header(page, "calling_plans").getAttribute("aria-sort"), "descending");
  assert.equal(query(page), "?sort=-calling_plans");

  // Another column sorts ascending first; the sorted one's button reverses it.
  await sortButton(page, "name").click();
  assert.deepEqual((await rows(page)).map((r) => r.code), names, "by name again");
  assert.equal(query(page), "", "the default order needs no query");
  await sortButton(page, "name").click();
  assert.deepEqual((await rows(page)).map((r) => r.code), names.slice().reverse(), "by name, reversed");
  assert.equal(await header(page, "name").getAttribute("aria-sort"), "descending");
  assert.equal(query(page), "?sort=-name");
  await checkNoProblems(page);
});

test("en-US: the checkboxes combine with AND, and the count follows", async () => {
  const page = await openMatrix("en-us");
  const all = await rows(page);
  await checkbox(page, "calling_plans").check();
  const withPlans = await visibleRows(page);
  assert.ok(withPlans.length > 0 && withPlans.length < all.length);
  assert.ok(withPlans.every((r) => r.has.includes("calling_plans")));
  assert.deepEqual(
    withPlans.map((r) => r.code),
    all.filter((r) => r.has.includes("calling_plans")).map((r) => r.code),
    "exactly the countries that offer Calling Plans",
  );
  assert.equal(query(page), "?has=calling_plans");

  await checkbox(page, "business_voice").check();
  const both = await visibleRows(page);
  const want = all.filter((r) => r.has.includes("calling_plans") && r.has.includes("business_voice"));
  assert.deepEqual(both.map((r) => r.code), want.map((r) => r.code), "both sections offered");
  assert.ok(both.length < withPlans.length, "a second box narrows the list");
  assert.equal(query(page), "?has=calling_plans,business_voice");
  assert.match(await page.locator("#compare-count").textContent(), new RegExp(`^${both.length}\\b`));

  await page.locator("#compare-clear").click();
  assert.equal((await visibleRows(page)).length, all.length, "clearing shows every country again");
  assert.equal(query(page), "");
  assert.equal(await checkbox(page, "calling_plans").isChecked(), false);
  await checkNoProblems(page);
});

test("en-US: the name filter matches names and ISO codes; no match says so", async () => {
  const page = await openMatrix("en-us");
  const input = page.locator("#compare-filter");
  await input.pressSequentially("can");
  let shown = (await visibleRows(page)).map((r) => r.name);
  assert.ok(shown.includes("Canada"), `Canada is shown (${shown.join(", ")})`);
  assert.ok(!shown.includes("France"));
  assert.equal(query(page), "?q=can");

  await input.fill("");
  await input.pressSequentially("AR");
  shown = (await visibleRows(page)).map((r) => r.name);
  assert.ok(shown.includes("Argentina"), `Argentina is shown (${shown.join(", ")})`);

  await input.fill("qqxz");
  assert.deepEqual(await visibleRows(page), []);
  assert.equal(await isVisible(page, "#compare-empty"), true);
  assert.match(await page.locator("#compare-count").textContent(), /^0\b/);
  await checkNoProblems(page);
});

test("zh-CN: the filter finds 加拿大, also with the Calling Plans checkbox", async () => {
  const page = await openMatrix("zh-cn");
  await page.locator("#compare-filter").pressSequentially("加拿");
  assert.deepEqual((await visibleRows(page)).map((r) => r.name), ["加拿大"]);
  await checkbox(page, "calling_plans").check();
  assert.deepEqual((await visibleRows(page)).map((r) => r.name), ["加拿大"], "Canada sells Calling Plans");
  const label = page.locator("#compare-controls label").filter({ has: page.locator('input[value="calling_plans"]') });
  assert.equal((await label.innerText()).trim(), "通话套餐", "the checkbox's label is in zh-CN");
  assert.equal(query(page), "?q=加拿&has=calling_plans");
  await checkNoProblems(page);
});

test("en-US: a view in the URL is restored on load and on reload", async () => {
  const page = await openMatrix("en-us", "?q=a&has=calling_plans&sort=-business_voice");
  const restored = await view(page);
  assert.equal(restored.filter, "a");
  assert.deepEqual(restored.checked, ["calling_plans"]);
  assert.deepEqual(restored.sorted, ["business_voice descending"]);
  const shown = await visibleRows(page);
  assert.ok(shown.length > 0);
  assert.ok(shown.every((r) => r.has.includes("calling_plans")));
  assert.equal(shown[0].has.includes("business_voice"), false, "the countries without Business Voice first");

  await page.reload();
  await page.locator("#compare-controls").waitFor({ state: "visible" });
  assert.deepEqual(await view(page), restored, "the same view after a reload");

  // The language switcher keeps the view: the keys are the same in every language.
  const zh = await page.locator('.language-switcher a[hreflang="zh-CN"]').getAttribute("href");
  assert.equal(decodeURIComponent(zh), "../../zh-cn/compare/?q=a&has=calling_plans&sort=-business_voice");
  await checkNoProblems(page);
});

test("en-US: unknown keys in the query are ignored", async () => {
  const page = await openMatrix("en-us", "?has=calling_plans,no_such_section&sort=colour");
  const v = await view(page);
  assert.deepEqual(v.checked, ["calling_plans"]);
  assert.deepEqual(v.sorted, ["name ascending"]);
  await checkNoProblems(page);
});

test("en-US: the back and forward buttons step through the views", async () => {
  const page = await openMatrix("en-us");
  const start = await view(page);
  await checkbox(page, "phone_system").check();
  const checked = await view(page);
  await sortButton(page, "audio_conferencing").click();
  const sorted = await view(page);
  await page.locator("#compare-filter").pressSequentially("ia");
  const typed = await view(page);
  assert.equal(typed.query, "?q=ia&has=phone_system&sort=audio_conferencing");

  await page.goBack();
  assert.deepEqual(await view(page), sorted, "back: before typing (one step for the whole word)");
  await page.goBack();
  assert.deepEqual(await view(page), checked, "back: before sorting");
  await page.goBack();
  assert.deepEqual(await view(page), start, "back: before the checkbox");
  await page.goForward();
  assert.deepEqual(await view(page), checked, "forward: the checkbox again");
  await checkNoProblems(page);
});

test("en-US without JavaScript: the whole table, no controls", async () => {
  const page = await site.newPage({ javaScriptEnabled: false });
  await open(page, "/en-us/compare/?has=calling_plans&sort=-name");
  const all = await rows(page);
  assert.ok(all.length > 100);
  assert.deepEqual(all.filter((r) => !r.visible), [], "no row is hidden");
  assert.equal(await isVisible(page, "#compare-controls"), false);
  assert.equal(await page.locator("#compare-table button").count(), 0, "no sort buttons");
  assert.equal(all[0].name, "Albania", "in name order");
  await checkNoProblems(page);
});

test("en-US: the page is usable at 390 px: the table scrolls in its own box", async () => {
  const page = await site.newPage({ viewport: { width: 390, height: 844 } });
  await open(page, "/en-us/compare/");
  await page.locator("#compare-controls").waitFor({ state: "visible" });
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    box: document.querySelector(".matrix-scroll").clientWidth,
    table: document.querySelector("#compare-table").scrollWidth,
  }));
  assert.ok(widths.page <= 390, `the page does not scroll sideways (${widths.page} px)`);
  assert.ok(widths.table > widths.box, "the table is wider than its box, which scrolls");
  // Scrolled sideways, the country names stay in view (sticky first column).
  await page.locator(".matrix-scroll").evaluate((box) => { box.scrollLeft = 400; });
  const th = await page.locator("#compare-table tbody th").first().boundingBox();
  assert.ok(th.x >= 0 && th.x < 40, `the first column stays at the left edge (x=${th.x})`);
  await checkNoProblems(page);
});
