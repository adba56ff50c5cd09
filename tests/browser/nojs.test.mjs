// Without JavaScript the selector is a plain, complete list of working links;
// the filter and the drop-down, which need the script, stay hidden.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNoProblems, currentPath, isVisible, open, selectorItems, useSite } from "./support.mjs";

const site = useSite();

for (const [dir, argentina] of [["en-us", "Argentina"], ["zh-cn", "阿根廷"], ["zh-tw", "阿根廷"]]) {
  test(`${dir} without JavaScript: every country is listed and every link works`, async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await open(page, `/${dir}/`);
    assert.equal(await page.evaluate(() => 1).catch(() => "no script"), 1, "sanity: evaluate still works");

    const items = await selectorItems(page);
    assert.ok(items.length > 100, `the whole list is there (${items.length} entries)`);
    const hidden = items.filter((i) => !i.visible).map((i) => i.name);
    assert.deepEqual(hidden, [], "no entry is hidden");
    assert.match(await page.locator("#selector-count").textContent(), new RegExp(`(^|\\D)${items.length}(\\D|$)`));
    assert.equal(await isVisible(page, ".filter"), false, "the filter, which needs the script, stays hidden");
    assert.equal(await isVisible(page, "#filter-empty"), false);

    // Every link answers 200 with an HTML page.
    const hrefs = [...new Set(items.map((i) => i.href))];
    assert.equal(hrefs.length, items.length, "every entry links to its own page");
    for (const href of hrefs) {
      assert.ok(new URL(href).pathname.startsWith(`/${dir}/availability-in-`), `${href} stays in /${dir}/`);
      const res = await page.request.get(href);
      assert.equal(res.status(), 200, `GET ${href}`);
      assert.match(res.headers()["content-type"], /text\/html/);
    }

    // And following one in the browser lands on its page, which works without the script too.
    await page.getByRole("link", { name: argentina, exact: true }).click();
    await page.waitForURL(`**/${dir}/availability-in-argentina/`);
    assert.equal(currentPath(page), `/${dir}/availability-in-argentina/`);
    assert.ok((await page.locator("h1").textContent()).includes(argentina));
    assert.equal(await isVisible(page, "form.jump"), false, "the drop-down, which needs the script, stays hidden");
    await checkNoProblems(page);
  });
}
