/* 心育站点脚本：关怀模式开关、课例库筛选（状态写在网址里）、无障碍修补。不依赖任何第三方脚本。 */
(function () {
  "use strict";
  var KEY = "xinyu-care";
  var root = document.documentElement;
  /* 网站根目录：由本脚本自己的地址推出（网站放在子目录或从 U 盘打开时都对）。 */
  var me = document.currentScript && document.currentScript.src;
  var BASE = window.XY_BASE = me ? me.replace(/assets\/js\/xinyu\.js(?:[?#].*)?$/, "") : "";

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

  /* 搜索引擎（assets/js/search.js 和索引）只在用到时加载：打开搜索结果页，或搜索框获得焦点。 */
  var engine = null;
  function loadSearch() {
    if (window.XYSearch) { return Promise.resolve(window.XYSearch); }
    if (!engine) {
      engine = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = BASE + "assets/js/search.js";
        s.onload = function () { resolve(window.XYSearch); };
        s.onerror = function () { engine = null; reject(new Error("search.js")); };
        document.head.appendChild(s);
      });
    }
    return engine;
  }

  function addSearchBox() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("xy-hq")) { return; }
    var form = document.createElement("form");
    form.className = "xy-hsearch";
    form.setAttribute("role", "search");
    form.action = BASE + "search.html";
    form.method = "get";
    var label = el("label", "xy-visually-hidden", "搜索全站");
    label.htmlFor = "xy-hq";
    var input = document.createElement("input");
    input.id = "xy-hq";
    input.name = "q";
    input.type = "search";
    input.placeholder = "搜索";
    input.autocomplete = "off";
    input.maxLength = 200;
    input.setAttribute("enterkeyhint", "search");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", "xy-suggest");
    input.setAttribute("aria-expanded", "false");
    var box = el("div", "xy-suggest");
    box.id = "xy-suggest";
    box.hidden = true;
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(box);
    header.insertBefore(form, document.getElementById("xy-care-toggle") || null);
    var timer = null;
    var asked = 0;
    function close() { box.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }
    function suggest() {
      var q = input.value;
      var ticket = ++asked;
      if (!q.trim()) { close(); return; }
      loadSearch().then(function (api) {
        return api.search(q, 5).then(function (res) {
          if (ticket !== asked) { return; }
          box.textContent = "";
          var list = el("ul", "xy-suggest__list");
          res.results.forEach(function (r) {
            var li = el("li");
            li.appendChild(api.resultLink(r, res.query.words, true));
            list.appendChild(li);
          });
          box.appendChild(list);
          var all = el("a", "xy-suggest__all", res.results.length ? "查看全部结果" : "没有找到，去搜索页看看");
          all.href = BASE + "search.html?q=" + encodeURIComponent(q.trim());
          box.appendChild(all);
          box.hidden = false;
          input.setAttribute("aria-expanded", "true");
        });
      }).catch(function () { close(); });
    }
    input.addEventListener("focus", function () { loadSearch().then(function (api) { return api.ready(); }).catch(function () {}); });
    input.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(suggest, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !box.hidden && links().length) { e.preventDefault(); links()[0].focus(); }
      if (e.key === "Escape") { close(); }
    });
    box.addEventListener("keydown", function (e) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i < all.length - 1) { e.preventDefault(); all[i + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); if (i > 0) { all[i - 1].focus(); } else { input.focus(); } }
      if (e.key === "Escape") { close(); input.focus(); }
    });
    form.addEventListener("focusout", function () {
      window.setTimeout(function () { if (!form.contains(document.activeElement)) { close(); } }, 0);
    });
    form.addEventListener("submit", function (e) { if (!input.value.trim()) { e.preventDefault(); input.focus(); } });
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

  function init() {
    addCareButton();
    addSearchBox();
    fixA11y();
    filterLibrary();
    if (document.getElementById("xy-search-results")) { loadSearch().catch(function () {}); }
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
