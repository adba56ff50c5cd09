// availgen: progressive enhancement for the selector filter and the country drop-down.
// Without JavaScript every page still works: the full list of links stays visible.
(function () {
  "use strict";

  function normalize(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  var input = document.getElementById("country-filter");
  var list = document.getElementById("country-list");
  if (input && list) {
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-search]"));
    var keys = items.map(function (li) { return normalize(li.getAttribute("data-search")); });
    var count = document.getElementById("selector-count");
    var empty = document.getElementById("filter-empty");
    // The count's text in each plural form, chosen and filled as the page's language
    // writes numbers; a number in right-to-left text is isolated (FSI ... PDI).
    var templates = count ? JSON.parse(count.getAttribute("data-templates") || "null") : null;
    var lang = document.documentElement.lang;
    var plural = new Intl.PluralRules(lang);
    var number = new Intl.NumberFormat(lang);
    var rtl = document.documentElement.dir === "rtl";
    input.closest(".filter").hidden = false;
    var apply = function () {
      var q = normalize(input.value);
      var shown = 0;
      items.forEach(function (li, i) {
        var match = q === "" || keys[i].indexOf(q) !== -1;
        li.hidden = !match;
        if (match) shown += 1;
      });
      if (count && templates) {
        var digits = rtl ? "\u2068" + number.format(shown) + "\u2069" : number.format(shown);
        count.textContent = (templates[plural.select(shown)] || templates.other).replace("{count}", digits);
      }
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
})();
