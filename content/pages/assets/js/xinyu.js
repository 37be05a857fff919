/* 心育站点脚本：关怀模式开关、课例库筛选（状态写在网址里）、无障碍修补。不依赖任何第三方脚本。 */
(function () {
  "use strict";
  var KEY = "xinyu-care";
  var root = document.documentElement;

  function careOn() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function setCare(on) {
    if (on) { root.setAttribute("data-xy-care", ""); } else { root.removeAttribute("data-xy-care"); }
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* 文件方式打开时可能不可用 */ }
    var button = document.getElementById("xy-care-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "关怀模式：开" : "关怀模式";
    }
  }
  if (careOn()) { root.setAttribute("data-xy-care", ""); }

  function addCareButton() {
    if (document.getElementById("xy-care-toggle")) { return; }
    var header = document.querySelector(".md-header__inner");
    if (!header) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.id = "xy-care-toggle";
    button.className = "xy-care-toggle";
    button.title = "放大字号、提高对比度";
    button.addEventListener("click", function () { setCare(!root.hasAttribute("data-xy-care")); });
    var search = header.querySelector(".md-search");
    header.insertBefore(button, search || null);
    setCare(root.hasAttribute("data-xy-care"));
  }

  function fixA11y() {
    var dialogs = document.querySelectorAll(".md-search[role=dialog], .md-search [role=dialog]");
    Array.prototype.forEach.call(dialogs, function (dialog) {
      if (!dialog.getAttribute("aria-label")) { dialog.setAttribute("aria-label", "搜索"); }
    });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  /* 课例卡片由 assets/data/library.js 的数据生成；只用 textContent，内容不会被当作 HTML。 */
  function drawCards(list) {
    if (list.children.length || !window.XY_LIBRARY) { return; }
    var frag = document.createDocumentFragment();
    window.XY_LIBRARY.forEach(function (r) {
      var li = el("li", "xy-card");
      li.dataset.stage = r.st;
      li.dataset.grades = r.g.join(" ");
      li.dataset.semesters = r.s.join(" ");
      li.dataset.themes = r.th.join("|");
      li.dataset.forms = r.f.join("|");
      li.dataset.minutes = String(r.m);
      var a = el("a", "xy-card__title", r.t);
      a.href = r.h;
      li.appendChild(a);
      li.appendChild(el("p", "xy-card__meta", r.w + " · " + r.m + " 分钟"));
      li.appendChild(el("p", "xy-card__summary", r.su));
      var tags = el("p", "xy-card__tags");
      r.thl.forEach(function (t) { tags.appendChild(el("span", "xy-tag", t)); });
      r.f.forEach(function (f) { tags.appendChild(el("span", "xy-tag xy-tag--form", f)); });
      li.appendChild(tags);
      frag.appendChild(li);
    });
    list.appendChild(frag);
  }

  function filterLibrary() {
    var form = document.getElementById("xy-filters");
    var list = document.getElementById("xy-cards");
    if (!form || !list) { return; }
    drawCards(list);
    var cards = Array.prototype.slice.call(list.querySelectorAll(".xy-card"));
    var texts = cards.map(function (c) { return c.textContent.toLowerCase(); });
    var count = document.getElementById("xy-count");
    var names = ["q", "stage", "grade", "semester", "theme", "form", "minutes"];
    var params = new URLSearchParams(window.location.search);
    names.forEach(function (n) { if (params.has(n) && form.elements[n]) { form.elements[n].value = params.get(n); } });

    function has(list, value, sep) { return (list || "").split(sep).indexOf(value) !== -1; }
    function apply(push) {
      var v = {};
      names.forEach(function (n) { v[n] = (form.elements[n].value || "").trim(); });
      var words = v.q.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card, i) {
        var d = card.dataset;
        var ok = (!v.stage || d.stage === v.stage) &&
          (!v.grade || has(d.grades, v.grade, " ")) &&
          (!v.semester || has(d.semesters, v.semester, " ")) &&
          (!v.theme || has(d.themes, v.theme, "|")) &&
          (!v.form || has(d.forms, v.form, "|")) &&
          (!v.minutes || d.minutes === v.minutes) &&
          words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        card.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown === cards.length ? "显示全部 " + shown + " 课" : "找到 " + shown + " 课（共 " + cards.length + " 课）";
      if (push) {
        var q = new URLSearchParams();
        names.forEach(function (n) { if (v[n]) { q.set(n, v[n]); } });
        var url = window.location.pathname + (q.toString() ? "?" + q.toString() : "");
        try { window.history.replaceState(null, "", url); } catch (e) { /* file:// 下部分浏览器不允许 */ }
      }
    }
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }

  function init() { addCareButton(); fixA11y(); filterLibrary(); }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
