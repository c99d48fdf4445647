"""The review site's static style sheet and script, written once into ``DIR/assets/``.

Plain CSS and plain JavaScript (no framework, nothing fetched): the pages work opened from disk.
The script never builds HTML from document text: it moves classes, copies already-escaped DOM
nodes (the cell tips) and sets ``textContent``.
"""

from __future__ import annotations

CSS = """\
:root {
  --fg: #1d232b; --muted: #5b6573; --line: #d5dbe3; --bg: #fff; --soft: #f4f6f9;
  --err: #b3261e; --err-bg: #fde3e0; --warn: #8a5300; --warn-bg: #fff0c8;
  --info: #1f5f9e; --info-bg: #e3efff; --sel: #6a1b9a; --sel-bg: #f0e2fb; --ok: #1b6e3a;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans SC", system-ui, sans-serif;
  color: var(--fg); background: var(--bg); font-size: 14px; line-height: 1.45;
}
body { margin: 0; }
a { color: #0b57a4; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 3px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
header.top { padding: 12px 18px; border-bottom: 1px solid var(--line); background: var(--soft); }
header.top .sub { color: var(--muted); }
.crumbs { font-size: 13px; margin-bottom: 4px; }
.num, td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; font-feature-settings: "tnum"; white-space: nowrap; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px; border: 1px solid var(--line); background: #fff; white-space: nowrap; }
.sev-error .sym, .sym.sev-error, .badge.sev-error { color: var(--err); }
.sev-warning .sym, .sym.sev-warning, .badge.sev-warning { color: var(--warn); }
.sev-info .sym, .sym.sev-info, .badge.sev-info { color: var(--info); }
.badge.sev-error { background: var(--err-bg); border-color: var(--err); }
.badge.sev-warning { background: var(--warn-bg); border-color: var(--warn); }
.badge.sev-info { background: var(--info-bg); border-color: var(--info); }
.sym { font-weight: bold; margin-right: 2px; }
.sevline { margin-top: 6px; }
nav.jump { margin-top: 6px; display: flex; gap: 14px; flex-wrap: wrap; }
ol.tlist { columns: 2; font-size: 13px; padding-left: 20px; margin: 4px 0 10px; }
.facts-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px 16px; margin: 8px 0 0; }
.facts-grid div b { display: block; font-size: 12px; color: var(--muted); font-weight: normal; }

/* index */
main.index { padding: 12px 18px 40px; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 6px 0 10px; }
.filters input[type=search] { padding: 3px 6px; min-width: 220px; }
table.docs { border-collapse: collapse; width: 100%; }
table.docs th, table.docs td { border-bottom: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
table.docs th { background: var(--soft); text-align: left; position: sticky; top: 0; }
table.docs th button { all: unset; cursor: pointer; font-weight: bold; }
table.docs th button:focus-visible { outline: 2px solid var(--sel); }
table.docs th[aria-sort=ascending] button::after { content: " ▲"; }
table.docs th[aria-sort=descending] button::after { content: " ▼"; }
table.docs tr.low td.conf { color: var(--err); font-weight: bold; }
table.docs td:nth-child(n+2):nth-child(-n+4), table.docs td.num { white-space: nowrap; }

/* document page */
.layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(360px, 44%); }
.layout > main { padding: 8px 18px 60px; min-width: 0; }
.layout > aside { border-left: 1px solid var(--line); background: var(--soft); }
.viewer { position: sticky; top: 0; height: 100vh; display: flex; flex-direction: column; }
.viewer .bar { display: flex; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.viewer .bar select { max-width: 120px; }
.viewer .where { font-size: 12px; color: var(--muted); padding: 4px 8px; min-height: 18px; }
.viewer .scroll { overflow: auto; flex: 1; padding: 8px; position: relative; }
.pagewrap.zoom { width: 250%; }
button[aria-pressed=true] { background: var(--sel-bg); }
.pagewrap { position: relative; display: inline-block; width: 100%; background: #fff; box-shadow: 0 0 3px #9aa; }
.pagewrap img { display: block; width: 100%; height: auto; }
.pagewrap .box { position: absolute; pointer-events: none; }
.pagewrap .box[hidden] { display: none; }
#box-table { outline: 2px dashed #0b57a4; background: rgba(11, 87, 164, .05); }
#box-cell { outline: 3px solid var(--sel); background: rgba(106, 27, 154, .18); }
.nopage { padding: 24px 12px; color: var(--muted); }
.outline ol { list-style: none; padding-left: 16px; margin: 2px 0; }
.outline > ol { padding-left: 0; }
.outline li { margin: 1px 0; }
.outline .loc { font-size: 12px; }
.findings ol { padding-left: 0; list-style: none; margin: 0; }
.finding { border-left: 4px solid var(--line); padding: 4px 8px; margin: 4px 0; background: #fff; cursor: pointer; }
.finding.sev-error { border-left-color: var(--err); background: var(--err-bg); }
.finding.sev-warning { border-left-color: var(--warn); background: var(--warn-bg); }
.finding.sev-info { border-left-color: var(--info); background: var(--info-bg); }
.finding.sel { outline: 2px solid var(--sel); }
.finding .meta { font-size: 12px; color: var(--muted); }
.finding .check { font-family: ui-monospace, monospace; font-size: 12px; }
.tablebox { margin: 18px 0 26px; }
.tablebox .cap { margin-bottom: 4px; }
.tablebox .cap .title { font-weight: bold; }
.tablebox details { font-size: 12px; margin: 2px 0 6px; }
.tablebox details ol { columns: 2; margin: 4px 0; }
.tscroll { overflow-x: auto; max-width: 100%; }
table.grid { border-collapse: collapse; font-size: 13px; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 2px 5px; }
table.grid thead th { background: var(--soft); font-weight: 600; text-align: center; }
table.grid td[tabindex] { cursor: pointer; }
table.grid td { white-space: nowrap; }
table.grid thead th { min-width: 3em; }
.layout.md { grid-template-columns: minmax(0, 1fr) 300px; }
table.grid td:focus { outline: 2px solid #0b57a4; outline-offset: -2px; }
table.grid td.sel, table.grid tr.sel > td { background: var(--sel-bg) !important; outline: 3px solid var(--sel); outline-offset: -3px; }
table.grid .sev-error { background: var(--err-bg); }
table.grid .sev-warning { background: var(--warn-bg); }
table.grid .sev-info { background: var(--info-bg); }
tr.sev-error > td:first-child, tr.sev-warning > td:first-child { box-shadow: inset 4px 0 0 currentColor; }
.tip { display: none; }
#tip { position: fixed; z-index: 10; max-width: 420px; background: #222a33; color: #fff; padding: 6px 8px; border-radius: 4px; font-size: 12px; pointer-events: none; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
#tip[hidden] { display: none; }
#tip .tip { display: block; }
#tip dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 1px 8px; }
#tip dt { color: #aab4c0; }
#tip dd { margin: 0; }
#tip .sym { color: #fff; }
.narrative .sentence { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 10px; padding: 5px 6px; border-bottom: 1px dotted var(--line); cursor: pointer; }
.narrative .sentence.sel { background: var(--sel-bg); outline: 2px solid var(--sel); }
.narrative .sentence.sev-error { background: var(--err-bg); }
.narrative .sentence.sev-warning { background: var(--warn-bg); }
.narrative .fact { display: block; font-size: 12px; }
.narrative .fact .k { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 18px; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: bold; margin-bottom: 4px; }
.charts svg { width: 100%; height: auto; font-size: 16px; }
.charts svg .bar { fill: #3d7cc9; }
.charts svg .bar:hover, .charts svg g:focus .bar { fill: #6a1b9a; }
.charts svg text { fill: var(--fg); }
.legend { font-size: 12px; color: var(--muted); }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } .viewer { position: static; height: auto; } }
"""

JS = r"""(function () {
  "use strict";
  var dataNode = document.getElementById("report-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : {};
  var tables = data.tables || {};
  function attr(el, name) {
    var holder = el.closest("[" + name + "]");
    return holder ? holder.getAttribute(name) : null;
  }

  /* ---- tooltip: hover or focus a table cell (built with textContent from the data block) ---- */
  var tip = document.getElementById("tip");
  var CELL = /^c-(.*)-(\d+)-(\d+)$/;
  function ownText(el) {
    var out = "";
    Array.prototype.forEach.call(el.childNodes, function (n) { if (n.nodeType === 3) { out += n.nodeValue; } });
    return out;
  }
  function row(dl, k, v) {
    if (v === undefined || v === null || v === "") { return; }
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = k;
    dd.textContent = v;
    dl.appendChild(dt);
    dl.appendChild(dd);
  }
  function place2(el) {
    var lines = el.getAttribute("data-l") || attr(el, "data-l");
    var page = el.getAttribute("data-p") || attr(el, "data-p");
    var b = el.getAttribute("data-b");
    if (page) { return "p. " + page + (b ? " [" + b + "]" : ""); }
    if (lines) { var l = lines.split(","); return l[0] === l[1] ? "line " + l[0] : "lines " + l[0] + "–" + l[1]; }
    return "";
  }
  function cellWhere(td) {
    var m = CELL.exec(td.id || "");
    if (!m) { return ""; }
    var t = tables[m[1]] || {};
    return (t.name || m[1]) + " row " + m[2] + " · " + ((t.cols || [])[Number(m[3])] || "col " + m[3]);
  }
  function cellTip(td) {
    var m = CELL.exec(td.id || "");
    if (!m) { return null; }
    var t = tables[m[1]] || {};
    var box = document.createElement("div");
    var dl = document.createElement("dl");
    row(dl, "table", (t.name || m[1]) + " row " + m[2]);
    row(dl, "column", (t.cols || [])[Number(m[3])]);
    row(dl, "printed", ownText(td));
    ((data.cells || {})[td.id] || []).forEach(function (it) {
      row(dl, it[0].split(" ")[0], it[0].slice(it[0].indexOf(" ") + 1));
      row(dl, "measure", it[1]);
      row(dl, "yuan", it[2]);
      row(dl, "as printed", it[3]);
    });
    row(dl, "where", place2(td));
    box.appendChild(dl);
    (td.getAttribute("data-f") || "").split(" ").forEach(function (n) {
      var f = n && document.getElementById("f-" + n);
      if (!f) { return; }
      var div = document.createElement("div");
      var s = f.querySelector(".sym");
      div.textContent = (s ? s.textContent + " " : "") + f.querySelector(".check").textContent + ": " + f.querySelector(".msg").textContent;
      box.appendChild(div);
    });
    return box;
  }
  function showTip(el) {
    var content = tip && cellTip(el);
    if (!content) { return; }
    tip.textContent = "";
    tip.appendChild(content);
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var top = r.bottom + 6, left = Math.max(4, Math.min(r.left, window.innerWidth - 430));
    if (top + tip.offsetHeight > window.innerHeight) { top = Math.max(4, r.top - tip.offsetHeight - 6); }
    tip.style.top = top + "px";
    tip.style.left = left + "px";
  }
  function hideTip() { if (tip) { tip.hidden = true; } }
  function tipTarget(e) { return e.target.closest ? e.target.closest("td[data-pick]") : null; }
  document.addEventListener("mouseover", function (e) { var el = tipTarget(e); if (el) { showTip(el); } else { hideTip(); } });
  document.addEventListener("focusin", function (e) { var el = tipTarget(e); if (el) { showTip(el); } else { hideTip(); } });
  document.addEventListener("focusout", hideTip);

  /* ---- index: sort and filter ---- */
  var docs = document.getElementById("docs");
  if (docs) {
    var body = docs.tBodies[0];
    var heads = docs.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var btn = th.querySelector("button");
      if (!btn) { return; }
      btn.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = th.hasAttribute("data-numeric");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
          var c;
          if (numeric) {
            var nx = x === "" ? -Infinity : Number(x), ny = y === "" ? -Infinity : Number(y);
            c = nx === ny ? 0 : (nx < ny ? -1 : 1);
          } else { c = x.localeCompare(y, "zh"); }
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var boxes = document.querySelectorAll(".filters input[type=checkbox]");
    var search = document.getElementById("q");
    var count = document.getElementById("shown");
    var filter = function () {
      var needles = [];
      Array.prototype.forEach.call(boxes, function (b) { if (b.checked) { needles.push(b.value); } });
      var q = search ? search.value.trim().toLowerCase() : "";
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var ok = needles.every(function (n) { return r.hasAttribute("data-" + n); });
        if (ok && q) { ok = r.textContent.toLowerCase().indexOf(q) >= 0; }
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = String(shown); }
    };
    Array.prototype.forEach.call(boxes, function (b) { b.addEventListener("change", filter); });
    if (search) { search.addEventListener("input", filter); }
    filter();
  }

  /* ---- document page: the page viewer ---- */
  var img = document.getElementById("page-img");
  var wrap = document.getElementById("page-wrap");
  var where = document.getElementById("where");
  var pick = document.getElementById("page-pick");
  var boxTable = document.getElementById("box-table");
  var boxCell = document.getElementById("box-cell");
  var nopage = document.getElementById("nopage");
  var pages = data.pages || {};
  var current = null;

  function showPage(n) {
    var p = pages[n];
    if (boxTable) { boxTable.hidden = true; }
    if (boxCell) { boxCell.hidden = true; }
    if (!img || !p) {
      if (wrap) { wrap.hidden = true; }
      if (nopage) { nopage.hidden = false; }
      return null;
    }
    if (img.getAttribute("src") !== p.src) { img.setAttribute("src", p.src); }
    img.setAttribute("alt", "page " + n);
    wrap.hidden = false;
    wrap.setAttribute("data-page", String(n));
    if (nopage) { nopage.hidden = true; }
    if (pick) { pick.value = String(n); }
    return p;
  }
  function place(box, b, p) {
    if (!box || !b || !p) { return; }
    box.style.left = (100 * b[0] / p.w) + "%";
    box.style.top = (100 * b[1] / p.h) + "%";
    box.style.width = (100 * (b[2] - b[0]) / p.w) + "%";
    box.style.height = (100 * (b[3] - b[1]) / p.h) + "%";
    box.hidden = false;
  }
  function nums(s) { return s ? s.split(",").map(Number) : null; }
  /* where an element is: data-p / data-b / data-l on itself or (page, lines, table) its row or table */
  function locate(el, alsoBox) {
    var lines = el.getAttribute("data-l") || attr(el, "data-l");
    var page = el.getAttribute("data-p") || attr(el, "data-p");
    var text = el.getAttribute("data-where") || cellWhere(el);
    if (lines && !page) {
      var l = lines.split(",");
      if (where) { where.textContent = (text ? text + " — " : "") + "Markdown line" + (l[0] === l[1] ? " " + l[0] : "s " + l[0] + "–" + l[1]); }
      return;
    }
    if (!page) { if (where) { where.textContent = text; } return; }
    var p = showPage(page);
    if (where) { where.textContent = (text ? text + " — " : "") + "page " + page + (p ? "" : " (no image)"); }
    if (!p) { return; }
    var t = el.getAttribute("data-t") || attr(el, "data-t");
    if (t && tables[t] && tables[t].boxes && tables[t].boxes[page]) { place(boxTable, tables[t].boxes[page], p); }
    var b = nums(el.getAttribute("data-b")) || nums(alsoBox);
    if (b) { place(boxCell, b, p); reveal(boxCell); } else { reveal(boxTable); }
  }
  /* scroll the viewer (not the window) so that a box is in sight */
  function reveal(box) {
    var sc = wrap && wrap.parentNode;
    if (!sc || !box || box.hidden) { return; }
    sc.scrollTop = Math.max(0, wrap.offsetTop + box.offsetTop - sc.clientHeight / 2);
    sc.scrollLeft = Math.max(0, wrap.offsetLeft + box.offsetLeft - sc.clientWidth / 3);
  }
  var zoom = document.getElementById("page-zoom");
  if (zoom && wrap) {
    zoom.addEventListener("click", function () {
      var on = !wrap.classList.contains("zoom");
      wrap.classList.toggle("zoom", on);
      zoom.setAttribute("aria-pressed", on ? "true" : "false");
      reveal(boxCell.hidden ? boxTable : boxCell);
    });
  }
  function select(el, finding) {
    Array.prototype.forEach.call(document.querySelectorAll(".sel"), function (x) { x.classList.remove("sel"); });
    el.classList.add("sel");
    if (finding) { finding.classList.add("sel"); }
    current = el;
    if (finding && !el.hasAttribute("data-b") && finding.hasAttribute("data-b")) {
      locate(el, finding.getAttribute("data-b"));
      if (!el.getAttribute("data-p") && !attr(el, "data-p") && !el.getAttribute("data-l") && !attr(el, "data-l")) { locate(finding); }
    } else { locate(el); }
  }
  function go(id, finding) {
    var target = document.getElementById(id);
    if (!target) { return; }
    var details = target.closest("details");
    if (details) { details.open = true; }
    if (!finding && !target.matches("[data-pick], tr")) {
      target.scrollIntoView({ block: "start" });
      if (history.replaceState) { history.replaceState(null, "", "#" + id); }
      return;
    }
    target.scrollIntoView({ block: "center" });
    select(target, finding);
    if (history.replaceState) { history.replaceState(null, "", "#" + id); }
  }
  document.addEventListener("click", function (e) {
    if (!e.target.closest) { return; }
    var f = e.target.closest(".finding");
    if (f) {
      e.preventDefault();
      var to = f.getAttribute("data-go");
      if (to) { go(to, f); } else { select(f); }
      return;
    }
    var a = e.target.closest("a[href^='#']");
    if (a && a.getAttribute("href").length > 1) {
      e.preventDefault();
      go(a.getAttribute("href").slice(1), null);
      return;
    }
    var c = e.target.closest("[data-pick]");
    if (c) { select(c, null); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") { return; }
    var c = e.target.closest && e.target.closest("[data-pick], .finding");
    if (!c || c.tagName === "A") { return; }
    e.preventDefault();
    c.click();
  });
  if (pick) {
    pick.addEventListener("change", function () {
      showPage(pick.value);
      if (where) { where.textContent = "page " + pick.value; }
    });
    var step = function (d) {
      var opts = pick.options, i = pick.selectedIndex + d;
      if (i >= 0 && i < opts.length) { pick.selectedIndex = i; pick.dispatchEvent(new Event("change")); }
    };
    var prev = document.getElementById("page-prev"), next = document.getElementById("page-next");
    if (prev) { prev.addEventListener("click", function () { step(-1); }); }
    if (next) { next.addEventListener("click", function () { step(1); }); }
  }
  function fromHash() {
    var start = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!start) { return false; }
    var fstart = start.classList.contains("finding") ? start : null;
    if (fstart && fstart.getAttribute("data-go")) { go(fstart.getAttribute("data-go"), fstart); } else { select(start, null); }
    return true;
  }
  window.addEventListener("hashchange", fromHash);
  if (!fromHash() && pick && pick.options.length) {
    showPage(pick.options[0].value);
  }
})();
"""
