// The selector index: typing in #country-filter narrows #country-list live,
// updates #selector-count, and shows #filter-empty when nothing matches.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNoProblems, isVisible, open, selectorItems, useSite, visibleNames } from "./support.mjs";

const site = useSite();

/** Opens a locale's selector index; returns the page and the full list. */
async function openSelector(dir) {
  const page = await site.newPage();
  await open(page, `/${dir}/`);
  const all = await selectorItems(page);
  assert.ok(all.length > 100, `expected the whole list on /${dir}/, got ${all.length} entries`);
  assert.ok(all.every((i) => i.visible), "every entry is visible before filtering");
  // The script un-hides the filter, which is hidden for readers without JavaScript.
  await page.locator(".filter").waitFor({ state: "visible" });
  assert.equal(await isVisible(page, "input#country-filter"), true);
  return { page, all };
}

/** Types `text` into the filter key by key, as a user would. */
async function type(page, text) {
  await page.locator("#country-filter").pressSequentially(text);
}

/** Empties the filter with the keyboard. */
async function clear(page) {
  const input = page.locator("#country-filter");
  await input.press("ControlOrMeta+a");
  await input.press("Backspace");
  assert.equal(await input.inputValue(), "");
}

function countText(page) {
  return page.locator("#selector-count").textContent();
}

test("en-US: typing 'arg' keeps Argentina and hides France; the count follows", async () => {
  const { page, all } = await openSelector("en-us");
  const before = await countText(page);
  assert.match(before, new RegExp(`\\b${all.length}\\b`), "the count starts at the number of entries");

  await type(page, "arg");
  const shown = await visibleNames(page);
  assert.ok(shown.includes("Argentina"), `Argentina is shown (shown: ${shown.join(", ")})`);
  assert.ok(!shown.includes("France"), "France is hidden");
  assert.ok(shown.length < all.length, "the list got shorter");
  const after = await countText(page);
  assert.notEqual(after, before, "the count text changed");
  assert.match(after, new RegExp(`\\b${shown.length}\\b`), `the count says ${shown.length}: "${after}"`);
  assert.equal(await isVisible(page, "#filter-empty"), false);

  await clear(page);
  assert.equal((await visibleNames(page)).length, all.length, "clearing shows every entry again");
  assert.equal(await countText(page), before, "clearing restores the count text");
  await checkNoProblems(page);
});

test("en-US: one match is counted in the singular, by the page's plural rules", async () => {
  const { page } = await openSelector("en-us");
  await type(page, "argentina");
  assert.deepEqual(await visibleNames(page), ["Argentina"]);
  assert.equal(await countText(page), "1 country or region");
  await checkNoProblems(page);
});

test("en-US: the code 'AR' finds Argentina", async () => {
  const { page, all } = await openSelector("en-us");
  await type(page, "AR");
  const shown = await visibleNames(page);
  assert.ok(shown.includes("Argentina"), `Argentina is shown (shown: ${shown.join(", ")})`);
  assert.ok(!shown.includes("France"), "France is hidden");
  assert.ok(shown.length < all.length);
  assert.match(await countText(page), new RegExp(`\\b${shown.length}\\b`));
  await checkNoProblems(page);
});

test("en-US: no match shows #filter-empty and a zero count; clearing brings all back", async () => {
  const { page, all } = await openSelector("en-us");
  const before = await countText(page);
  assert.equal(await isVisible(page, "#filter-empty"), false, "#filter-empty is hidden at first");

  await type(page, "qqxz");
  assert.deepEqual(await visibleNames(page), [], "nothing is shown");
  assert.equal(await isVisible(page, "#filter-empty"), true, "#filter-empty is shown");
  assert.match(await countText(page), /\b0\b/);

  await clear(page);
  assert.equal((await visibleNames(page)).length, all.length);
  assert.equal(await isVisible(page, "#filter-empty"), false, "#filter-empty is hidden again");
  assert.equal(await countText(page), before);
  await checkNoProblems(page);
});

test("zh-CN: typing '阿根' shows 阿根廷 and (almost) nothing else", async () => {
  const { page, all } = await openSelector("zh-cn");
  const before = await countText(page);
  assert.match(before, new RegExp(`${all.length}`));

  await type(page, "阿根");
  const shown = await visibleNames(page);
  assert.ok(shown.includes("阿根廷"), `阿根廷 is shown (shown: ${shown.join("、")})`);
  assert.ok(shown.length <= 3, `only a few entries match: ${shown.join("、")}`);
  assert.ok(!shown.includes("法国"), "法国 (France) is hidden");
  const after = await countText(page);
  assert.notEqual(after, before);
  assert.match(after, new RegExp(`(^|\\D)${shown.length}(\\D|$)`), `the count says ${shown.length}: "${after}"`);

  await clear(page);
  assert.equal((await visibleNames(page)).length, all.length);
  assert.equal(await countText(page), before);
  await checkNoProblems(page);
});

test("zh-TW: the code 'AR' and the name '阿根' both find 阿根廷", async () => {
  const { page } = await openSelector("zh-tw");
  await type(page, "AR");
  assert.ok((await visibleNames(page)).includes("阿根廷"));
  await clear(page);
  await type(page, "阿根");
  const shown = await visibleNames(page);
  assert.ok(shown.includes("阿根廷"), `阿根廷 is shown (shown: ${shown.join("、")})`);
  assert.ok(shown.length <= 3);
  await checkNoProblems(page);
});
