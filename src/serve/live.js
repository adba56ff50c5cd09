// availgen serve: live reload and the error overlay. Served only by `availgen serve`,
// which adds this script to every page it sends; `availgen build` output never has it.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  var host = null;

  function hide() {
    if (host) {
      host.remove();
      host = null;
    }
  }

  // Everything is set with textContent: file names and messages are never parsed as HTML.
  function el(root, tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    root.appendChild(e);
    return e;
  }

  function show(problems) {
    hide();
    host = document.createElement("availgen-overlay");
    host.setAttribute("role", "alert");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    el(root, "style", null,
      ":host{all:initial}" +
      ".box{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);" +
      "color:#eee;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2em}" +
      "h1{font-size:18px;color:#ff8a80;margin:0 0 1em}" +
      ".p{margin:0 0 1.2em;padding:.8em 1em;background:#000;border-left:4px solid #ff5252}" +
      ".p.warning{border-color:#ffd740}.loc{color:#80d8ff}.src{white-space:pre;color:#bbb;margin:.4em 0}" +
      ".hint{color:#b9f6ca}button{float:right;font:inherit;background:#333;color:#eee;border:1px solid #666;cursor:pointer}");
    var box = el(root, "div", "box");
    var close = el(box, "button", null, "×");
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", hide);
    el(box, "h1", null, "availgen: the site does not build; still serving the last good version");
    problems.forEach(function (p) {
      var item = el(box, "div", "p " + p.severity);
      var loc = p.file + (p.line ? ":" + p.line + ":" + p.column : "");
      el(item, "div", "loc", loc);
      el(item, "div", "msg", p.severity + ": " + p.message);
      if (p.source_line) el(item, "div", "src", p.source_line);
      if (p.hint) el(item, "div", "hint", "help: " + p.hint);
    });
    (document.body || document.documentElement).appendChild(host);
  }

  if (!window.EventSource) return;
  var source = new EventSource("/__availgen/events");
  source.addEventListener("reload", function (event) {
    var state = JSON.parse(event.data);
    hide();
    if (build === null || String(state.build) !== build) window.location.reload();
  });
  source.addEventListener("errors", function (event) {
    show(JSON.parse(event.data));
  });
})();
