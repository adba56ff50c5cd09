// availgen: progressive enhancement for the selector filter, the country drop-down and
// the comparison matrix. Without JavaScript every page still works: the full list of
// links and the whole table stay visible.
(function () {
  "use strict";

  function normalize(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  // Sets the text of a count element (its `data-templates`: the string's forms by
  // plural category) for `n`: the form and the digits are the page language's, and a
  // number in right-to-left text is isolated (FSI ... PDI).
  function counter(element) {
    var templates = element ? JSON.parse(element.getAttribute("data-templates") || "null") : null;
    if (!templates) return function () {};
    var lang = document.documentElement.lang;
    var plural = new Intl.PluralRules(lang);
    var number = new Intl.NumberFormat(lang);
    var rtl = document.documentElement.dir === "rtl";
    return function (n) {
      var digits = rtl ? "\u2068" + number.format(n) + "\u2069" : number.format(n);
      element.textContent = (templates[plural.select(n)] || templates.other).replace("{count}", digits);
    };
  }

  var input = document.getElementById("country-filter");
  var list = document.getElementById("country-list");
  if (input && list) {
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-search]"));
    var keys = items.map(function (li) { return normalize(li.getAttribute("data-search")); });
    var count = counter(document.getElementById("selector-count"));
    var empty = document.getElementById("filter-empty");
    input.closest(".filter").hidden = false;
    var apply = function () {
      var q = normalize(input.value);
      var shown = 0;
      items.forEach(function (li, i) {
        var match = q === "" || keys[i].indexOf(q) !== -1;
        li.hidden = !match;
        if (match) shown += 1;
      });
      count(shown);
      if (empty) empty.hidden = shown !== 0;
    };
    input.addEventListener("input", apply);
    if (input.value) apply();
  }

  // The drop-down's options come from <locale>/countries.js, shared by every country
  // page of the locale, instead of 249 options repeated in each page.
  var select = document.getElementById("country-jump");
  var countries = window.availgenCountries;
  if (select && countries) {
    var current = select.getAttribute("data-current");
    select.textContent = "";
    countries.forEach(function (c) {
      var option = document.createElement("option");
      option.value = "../availability-in-" + c[0] + "/";
      option.textContent = c[1];
      option.selected = c[0] === current;
      select.appendChild(option);
    });
    var form = select.closest("form");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.href = select.value;
    });
  }

  var matrix = document.getElementById("compare-table");
  var controls = document.getElementById("compare-controls");
  if (matrix && controls) enhanceMatrix(matrix, controls);

  // A languages page (sites with many locales) passes on the view it was reached
  // with (the matrix's query) to the language chosen.
  var chooser = document.querySelector("main.chooser");
  if (chooser && window.location.search) {
    Array.prototype.forEach.call(chooser.querySelectorAll("a[hreflang]"), function (a) {
      a.setAttribute("href", a.getAttribute("href") + window.location.search);
    });
  }

  // The comparison matrix (<locale>/compare/): sorting, the name filter and the "only
  // where available" checkboxes. Their state lives in the URL query, so a view can be
  // shared, survives a reload, and the back button returns to the previous one:
  //
  //   ?q=TEXT&has=KEY,KEY&sort=COLUMN          every part optional, in this order
  //
  // q     the name filter as typed: matches the localized name, the English name or
  //       the ISO code, as the selector's filter does;
  // has   section keys of the schema (calling_plans, ...): only the countries that
  //       offer every one of them;
  // sort  `name` or a section key, `-` in front for the reverse order: by name is the
  //       locale's own order (the table's), by a section puts the countries that offer
  //       it first; ties stay in name order. `sort=name` is the default, left out.
  //
  // Each row carries `data-search` (what the filter matches) and `data-has` (the keys
  // of the sections it offers); each header cell its column's key in `data-column`.
  function enhanceMatrix(table, form) {
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var search = rows.map(function (tr) { return normalize(tr.getAttribute("data-search") || ""); });
    var offers = rows.map(function (tr) { return (tr.getAttribute("data-has") || "").split(" "); });
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var columns = headers.map(function (th) { return th.getAttribute("data-column"); });
    var input = document.getElementById("compare-filter");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=has]"));
    var count = counter(document.getElementById("compare-count"));
    var empty = document.getElementById("compare-empty");
    var sortLabel = table.getAttribute("data-sort-label") || "{column}";
    // The language switcher keeps the view: the query's keys are the same in every language.
    var languages = Array.prototype.slice.call(document.querySelectorAll(".language-switcher a"));
    var languageHrefs = languages.map(function (a) { return a.getAttribute("href"); });

    function read(query) {
      var params = new URLSearchParams(query);
      var sort = params.get("sort") || "name";
      if (columns.indexOf(sort.replace(/^-/, "")) === -1) sort = "name";
      var has = (params.get("has") || "").split(",");
      return {
        q: params.get("q") || "",
        // In column order, whatever the URL's order, so one view has one URL.
        has: columns.filter(function (c) { return c !== "name" && has.indexOf(c) !== -1; }),
        sort: sort,
      };
    }

    function write(state) {
      var parts = [];
      if (state.q) parts.push("q=" + encodeURIComponent(state.q));
      if (state.has.length) parts.push("has=" + state.has.join(","));
      if (state.sort !== "name") parts.push("sort=" + state.sort);
      return parts.length ? "?" + parts.join("&") : "";
    }

    function show(state) {
      input.value = state.q;
      boxes.forEach(function (box) { box.checked = state.has.indexOf(box.value) !== -1; });
      var q = normalize(state.q);
      var shown = 0;
      rows.forEach(function (tr, i) {
        var match = search[i].indexOf(q) !== -1 &&
          state.has.every(function (key) { return offers[i].indexOf(key) !== -1; });
        tr.hidden = !match;
        if (match) shown += 1;
      });
      count(shown);
      empty.hidden = shown !== 0;

      var reverse = state.sort.charAt(0) === "-";
      var column = reverse ? state.sort.slice(1) : state.sort;
      var order = rows.map(function (_, i) { return i; });
      if (column === "name") {
        if (reverse) order.reverse();
      } else {
        var last = function (i) { return offers[i].indexOf(column) === -1 ? 1 : 0; };
        order.sort(function (a, b) { return (reverse ? last(b) - last(a) : last(a) - last(b)) || a - b; });
      }
      order.forEach(function (i) { tbody.appendChild(rows[i]); });
      headers.forEach(function (th, i) {
        var sorted = columns[i] === column;
        if (sorted) th.setAttribute("aria-sort", reverse ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
        th.querySelector(".sort-arrow").textContent = sorted ? (reverse ? "\u25BC" : "\u25B2") : "\u2195";
      });
      var query = write(state);
      languages.forEach(function (a, i) { a.setAttribute("href", languageHrefs[i] + query); });
      return query;
    }

    var state = read(window.location.search);
    // What changed last: typing adds one history entry, not one per key.
    var lastChange = null;
    function change(what, next) {
      state = next;
      var query = show(state);
      var url = window.location.pathname + query + window.location.hash;
      if (what === "q" && lastChange === "q") window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
      lastChange = what;
    }

    headers.forEach(function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      var label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = sortLabel.replace("{column}", th.textContent.trim());
      var arrow = document.createElement("span");
      arrow.className = "sort-arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(label);
      button.appendChild(arrow);
      button.addEventListener("click", function () {
        var sort = state.sort === columns[i] ? "-" + columns[i] : columns[i];
        change("sort", { q: state.q, has: state.has, sort: sort });
      });
      th.appendChild(button);
    });
    input.addEventListener("input", function () {
      change("q", { q: input.value, has: state.has, sort: state.sort });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        var has = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        change("has", { q: state.q, has: has, sort: state.sort });
      });
    });
    document.getElementById("compare-clear").addEventListener("click", function () {
      change("clear", { q: "", has: [], sort: state.sort });
      input.focus();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () {
      state = read(window.location.search);
      show(state);
      lastChange = null;
    });
    show(state);
    form.hidden = false;
  }
})();
