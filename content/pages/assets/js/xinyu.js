/* 心育站点脚本：关怀模式开关、课例库筛选（状态写在网址里）、无障碍修补。不依赖任何第三方脚本。 */
(function () {
  "use strict";
  var KEY = "xinyu-care";
  var root = document.documentElement;
  /* 网站根目录：由本脚本自己的地址推出（网站放在子目录或从 U 盘打开时都对）。 */
  var me = document.currentScript && document.currentScript.src;
  var BASE = window.XY_BASE = me ? me.replace(/assets\/js\/xinyu\.js(?:[?#].*)?$/, "") : "";

  /* 关怀模式：0 关，1 大字，2 特大字。记在 localStorage 里；有的 App 内置浏览器一碰 localStorage 就报错，
     那时退到 sessionStorage，再退到 window.name（同一个窗口里翻页也记得）。 */
  var NAME_RE = /(?:^|;)xinyu-care=([012])(?:;|$)/;
  function readLevel() {
    var v = null;
    try { v = window.localStorage.getItem(KEY); } catch (e) { v = null; }
    if (v === null) { try { v = window.sessionStorage.getItem(KEY); } catch (e) { v = null; } }
    if (v === null) { var m = NAME_RE.exec(window.name || ""); v = m ? m[1] : null; }
    return v === "1" || v === "2" ? Number(v) : 0;
  }
  function saveLevel(level) {
    var v = String(level);
    var saved = false;
    try { window.localStorage.setItem(KEY, v); saved = true; } catch (e) { /* 被禁用 */ }
    if (!saved) { try { window.sessionStorage.setItem(KEY, v); saved = true; } catch (e) { /* 被禁用 */ } }
    try {
      var rest = (window.name || "").replace(NAME_RE, ";").replace(/^;+|;+$/g, "");
      window.name = (rest ? rest + ";" : "") + "xinyu-care=" + v;
    } catch (e) { /* 没有办法记住，只在本页有效 */ }
  }
  function careLevel() {
    var v = root.getAttribute("data-xy-care");
    return v === null ? 0 : (v === "2" ? 2 : 1);
  }
  function applyLevel(level) {
    if (level) { root.setAttribute("data-xy-care", String(level)); } else { root.removeAttribute("data-xy-care"); }
    var button = document.getElementById("xy-care-toggle");
    if (button) {
      button.setAttribute("aria-pressed", level ? "true" : "false");
      button.textContent = level ? "关怀模式：开" : "关怀模式";
    }
    drawCareBar(level);
  }
  function setCare(level) { applyLevel(level); saveLevel(level); }

  /* 网址里带 ?care=1（或 2、0）时按它来：老师可以把“已开关怀模式”的链接发到家长群。 */
  var asked = /[?&]care=([012])(?:&|#|$)/.exec(window.location.search);
  if (asked) { saveLevel(Number(asked[1])); }
  var start = asked ? Number(asked[1]) : readLevel();
  if (start) { root.setAttribute("data-xy-care", String(start)); }

  function addCareButton() {
    if (document.getElementById("xy-care-toggle")) { applyLevel(careLevel()); return; }
    var header = document.querySelector(".md-header__inner");
    if (!header) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.id = "xy-care-toggle";
    button.className = "xy-care-toggle";
    button.title = "放大字号、提高对比度、按钮变大";
    button.addEventListener("click", function () { setCare(careLevel() ? 0 : 1); });
    var search = header.querySelector(".md-search");
    header.insertBefore(button, search || null);
    applyLevel(careLevel());
  }

  /* 关怀模式开着时，正文最上面一条：选字号，或退出。不弹窗、不动。 */
  function drawCareBar(level) {
    var bar = document.getElementById("xy-carebar");
    if (!level) { if (bar) { bar.hidden = true; } return; }
    var inner = document.querySelector(".md-content__inner");
    if (!inner) { return; }
    if (!bar) {
      bar = el("div", "xy-carebar xy-noprint");
      bar.id = "xy-carebar";
      bar.setAttribute("role", "group");
      bar.setAttribute("aria-label", "关怀模式字号");
      bar.appendChild(el("span", "xy-carebar__label", "字号："));
      [[1, "大字"], [2, "特大字"]].forEach(function (pair) {
        var b = el("button", "xy-carebar__size", pair[1]);
        b.type = "button";
        b.setAttribute("data-level", String(pair[0]));
        b.addEventListener("click", function () { setCare(pair[0]); });
        bar.appendChild(b);
      });
      var off = el("button", "xy-carebar__off", "退出关怀模式");
      off.type = "button";
      off.addEventListener("click", function () { setCare(0); var t = document.getElementById("xy-care-toggle"); if (t) { t.focus(); } });
      bar.appendChild(off);
      inner.insertBefore(bar, inner.firstChild);
    }
    bar.hidden = false;
    Array.prototype.forEach.call(bar.querySelectorAll(".xy-carebar__size"), function (b) {
      var on = Number(b.getAttribute("data-level")) === level;
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.textContent = (on ? "✓ " : "") + (b.getAttribute("data-level") === "2" ? "特大字" : "大字");
    });
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

  /* 朗读：页面里每个带 data-xy-readaloud 的区域（家长页、课例的家庭延伸、交付包的家校联系单）都有一个“朗读”按钮。
     用浏览器自带的语音合成（speechSynthesis，普通话 zh-CN），一段一段读，正在读的一段加亮。
     顺序：标题和段落按页面顺序，热线（.xy-help 或 data-xy-readaloud-last）放在最后；导航、页脚不读。 */
  var READABLE = "h1,h2,h3,h4,h5,h6,p,li,dt,dd";
  var NEVER = "nav,footer,header,.md-sidebar,.md-footer,script,style,noscript,template,[hidden],[aria-hidden=true],[data-xy-noread],.xy-readaloud,.xy-carebar,.xy-wechat-hint";
  var LAST = ".xy-help,[data-xy-readaloud-last]";
  var reading = null;

  function speech() {
    try { return window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null; } catch (e) { return null; }
  }
  function cleanText(node) {
    var copy = node.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink," + NEVER), function (n) { n.parentNode.removeChild(n); });
    return copy.textContent.replace(/[¶\s]+/g, " ").trim();
  }
  function readChunks(region) {
    var first = [];
    var last = [];
    var prev = region.previousElementSibling;
    if (prev && /^H[1-6]$/.test(prev.tagName) && !region.querySelector("h1,h2,h3,h4,h5,h6")) {
      first.push(prev);  /* 区域前面紧挨着的标题，如“家庭延伸（写给家长）” */
    }
    Array.prototype.forEach.call(region.querySelectorAll(READABLE), function (node) {
      if (node.closest(NEVER)) { return; }
      var up = node.parentElement;
      while (up && up !== region) { if (up.matches(READABLE)) { return; } up = up.parentElement; }
      var openDetails = node.closest("details");
      if (openDetails && !openDetails.open && !node.closest("summary")) { return; }
      (node.closest(LAST) ? last : first).push(node);
    });
    return first.concat(last).map(function (node) { return { node: node, text: cleanText(node) }; })
      .filter(function (c) { return c.text; });
  }
  function chineseVoice(list) {
    var score = function (v) {
      var lang = String(v.lang || "").replace(/_/g, "-").toLowerCase();
      if (lang === "zh-cn" || lang.indexOf("zh-hans") === 0 || lang.indexOf("cmn") === 0) { return 3; }
      if (lang === "zh" || lang === "zh-tw" || lang.indexOf("zh-hant") === 0) { return 2; }
      if (lang.indexOf("zh") === 0) { return 1; }  /* 粤语等：总比不能读好 */
      return 0;
    };
    var best = null;
    (list || []).forEach(function (v) { if (score(v) && (!best || score(v) > score(best))) { best = v; } });
    return best;
  }
  function withVoices(ss, done) {
    var list = ss.getVoices() || [];
    if (list.length) { done(list); return; }
    var finished = false;
    var finish = function () {
      if (finished) { return; }
      finished = true;
      try { ss.removeEventListener("voiceschanged", finish); } catch (e) { /* 老浏览器 */ }
      done(ss.getVoices() || []);
    };
    try { ss.addEventListener("voiceschanged", finish); } catch (e) { /* 老浏览器 */ }
    window.setTimeout(finish, 1500);
  }

  function addReadAloud(region) {
    if (region.getAttribute("data-xy-readaloud-ready")) { return; }
    region.setAttribute("data-xy-readaloud-ready", "1");
    var box = el("div", "xy-readaloud xy-noprint");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "朗读");
    var play = el("button", "xy-readaloud__play", "朗读");
    var pause = el("button", "xy-readaloud__pause", "暂停");
    var stop = el("button", "xy-readaloud__stop", "停止");
    var status = el("p", "xy-readaloud__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    [play, pause, stop].forEach(function (b) { b.type = "button"; box.appendChild(b); });
    box.appendChild(status);
    pause.hidden = true;
    stop.hidden = true;
    /* data-xy-readaloud="某个 id"：按钮放在那个元素里（如家校联系单的顶栏，不占纸上的地方）；否则放在区域开头。 */
    var holder = document.getElementById(region.getAttribute("data-xy-readaloud") || "");
    var head = region.firstElementChild;
    if (holder) { holder.appendChild(box); }
    else if (head && /^H[1-6]$/.test(head.tagName)) { region.insertBefore(box, head.nextSibling); } else { region.insertBefore(box, head); }

    var state = { chunks: [], i: 0, paused: false, voice: null, region: region, run: 0 };
    function mark(node) {
      Array.prototype.forEach.call(document.querySelectorAll(".xy-reading"), function (n) { n.classList.remove("xy-reading"); });
      if (node) {
        node.classList.add("xy-reading");
        try { node.scrollIntoView({ block: "nearest" }); } catch (e) { /* 老浏览器 */ }
      }
    }
    function show(playing) {
      play.hidden = playing;
      pause.hidden = !playing;
      stop.hidden = !playing;
      pause.textContent = state.paused ? "继续" : "暂停";
      pause.setAttribute("aria-pressed", state.paused ? "true" : "false");
    }
    function end(message) {
      state.run += 1;
      state.paused = false;
      mark(null);
      show(false);
      play.textContent = "朗读";
      status.textContent = message || "";
      if (reading === state) { reading = null; }
    }
    state.end = end;
    function next(ss) {
      var run = state.run;
      if (state.i >= state.chunks.length) { end("读完了。"); return; }
      var chunk = state.chunks[state.i];
      mark(chunk.node);
      status.textContent = "正在朗读：第 " + (state.i + 1) + " 段，共 " + state.chunks.length + " 段";
      var u = new window.SpeechSynthesisUtterance(chunk.text);
      u.lang = "zh-CN";
      if (state.voice) { u.voice = state.voice; }
      u.rate = 0.9;
      u.onend = function () { if (run !== state.run) { return; } state.i += 1; next(ss); };
      u.onerror = function (e) {
        if (run !== state.run || (e && (e.error === "interrupted" || e.error === "canceled"))) { return; }
        end("朗读出错了，请再点一次“朗读”。");
      };
      ss.speak(u);
    }
    play.addEventListener("click", function () {
      var ss = speech();
      if (!ss) { end("这个浏览器不能朗读。请换用手机自带的浏览器打开，或请家人帮忙读。"); play.textContent = "不能朗读"; return; }
      status.textContent = "正在准备朗读……";
      withVoices(ss, function (list) {
        var voice = chineseVoice(list);
        if (!voice) {
          end("这台手机或电脑没有中文（普通话）朗读语音，所以不能朗读。可以在系统设置里添加中文语音，或请家人帮忙读。");
          play.textContent = "没有中文语音";
          return;
        }
        if (reading && reading !== state) { reading.end(""); }
        ss.cancel();
        reading = state;
        state.voice = voice;
        state.chunks = readChunks(region);
        state.i = 0;
        state.paused = false;
        state.run += 1;
        show(true);
        pause.focus();
        next(ss);
      });
    });
    pause.addEventListener("click", function () {
      var ss = speech();
      if (!ss) { return; }
      if (state.paused) { state.paused = false; ss.resume(); } else { state.paused = true; ss.pause(); }
      show(true);
      status.textContent = state.paused ? "已暂停。点“继续”接着读。" : "正在朗读：第 " + (state.i + 1) + " 段，共 " + state.chunks.length + " 段";
    });
    stop.addEventListener("click", function () {
      var ss = speech();
      end("已停止。");
      if (ss) { ss.cancel(); }
      play.focus();
    });
  }
  function addReadAlouds() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-xy-readaloud]"), addReadAloud);
  }
  window.addEventListener("pagehide", function () { var ss = speech(); if (ss && reading) { ss.cancel(); } });

  /* 微信和其他 App 内置浏览器：下载课件、文档往往不行，在下载链接旁边说一句怎么办。 */
  var DOWNLOAD = /\.(pptx?|docx?|xlsx?|zip|pdf)(?:[?#].*)?$/i;
  function inApp() { return /MicroMessenger/i.test(navigator.userAgent || ""); }
  function addWechatHints() {
    if (!inApp()) { return; }
    root.classList.add("xy-wechat");
    Array.prototype.forEach.call(document.querySelectorAll(".md-content a[href]"), function (a) {
      if (!(a.hasAttribute("download") || DOWNLOAD.test(a.getAttribute("href") || ""))) { return; }
      if (a.getAttribute("data-xy-hinted")) { return; }
      a.setAttribute("data-xy-hinted", "1");
      var hint = el("span", "xy-wechat-hint", "点右上角“…”，选“在浏览器打开”后再下载");
      hint.id = "xy-wh-" + Math.random().toString(36).slice(2, 9);
      a.setAttribute("aria-describedby", ((a.getAttribute("aria-describedby") || "") + " " + hint.id).trim());
      a.parentNode.insertBefore(hint, a.nextSibling);
    });
  }

  function init() {
    addCareButton();
    addSearchBox();
    addReadAlouds();
    addWechatHints();
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
