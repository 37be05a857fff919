/* 心育站内搜索。只在用到时加载：搜索框获得焦点，或打开搜索结果页（search.html?q=词）。
 * 索引在 assets/search/：manifest.js、按词分片的 s/<n>.js、每页文字 t/<id>.js（构建时由 xinyu 生成）。
 * 一次查询只取它用到的几片和要显示的几页，从 U 盘（file://）打开也能用。只用 textContent，不把任何文字当作 HTML。
 */
(function () {
  "use strict";
  if (window.XYSearch) { return; }
  var BASE = window.XY_BASE || "";
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d += 1) { DIGIT[ALPHABET.charAt(d)] = d; }
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var WORD = /[a-z0-9]+/g;
  var MAX_QUERY = 100;
  var KIND_NAMES = { lesson: "课例", page: "页面", training: "培训", listing: "目录", pack: "打印本" };

  var manifest = null;
  var shards = {};
  var texts = {};
  var pending = {};

  function arrived(key) {
    var list = pending[key];
    if (list) { delete pending[key]; list.forEach(function (cb) { cb[0](); }); }
  }
  window.XYS = {
    m: function (m) { manifest = m; arrived("m"); },
    s: function (n, data) { shards[n] = data; arrived("s" + n); },
    t: function (id, rec) { texts[id] = rec; arrived("t" + id); }
  };

  /* 用 <script> 加载一个索引文件（file:// 下 fetch 不可用）。 */
  function load(key, src, have) {
    if (have()) { return Promise.resolve(); }
    return new Promise(function (resolve, reject) {
      var first = !pending[key];
      (pending[key] = pending[key] || []).push([resolve, reject]);
      if (!first) { return; }
      var s = document.createElement("script");
      s.src = BASE + "assets/search/" + src;
      s.async = true;
      s.onerror = function () {
        var list = pending[key] || [];
        delete pending[key];
        list.forEach(function (cb) { cb[1](new Error("搜索索引文件加载失败：" + src)); });
      };
      document.head.appendChild(s);
    });
  }
  function ready() { return load("m", "manifest.js", function () { return manifest !== null; }); }
  function shard(n) { return load("s" + n, "s/" + n + ".js", function () { return n in shards; }); }
  function text(id) { return load("t" + id, "t/" + id + ".js", function () { return id in texts; }); }

  function normalise(s) {
    s = String(s || "");
    try { s = s.normalize("NFKC"); } catch (e) { /* 很旧的浏览器没有 normalize */ }
    return s.toLowerCase();
  }

  function fnv1a(token) {
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i += 1) {
      h ^= token.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /* 一个词要查的索引项：中文每两个相邻的字（只有一个字时就是这个字），英文字母和数字按整词。 */
  function wordTokens(word) {
    var out = [];
    var runs = word.match(HAN) || [];
    runs.forEach(function (run) {
      if (run.length === 1) { out.push(run); }
      for (var i = 0; i + 1 < run.length; i += 1) { out.push(run.substr(i, 2)); }
    });
    (word.match(WORD) || []).forEach(function (w) { out.push(w); });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }

  function parse(query) {
    var q = normalise(query).replace(/\s+/g, " ").trim();
    var cut = q.length > MAX_QUERY;
    if (cut) { q = q.slice(0, MAX_QUERY).trim(); }
    var words = q.split(" ").filter(function (w) { return wordTokens(w).length > 0; });
    words = words.filter(function (w, i) { return words.indexOf(w) === i; }).slice(0, 8);
    return { text: q, words: words, cut: cut };
  }

  function decode(str) {
    var out = [];
    var n = 0;
    var shift = 0;
    for (var i = 0; i < str.length; i += 1) {
      var v = DIGIT[str.charAt(i)];
      if (v >= 32) { n += (v - 32) * Math.pow(2, shift); shift += 5; } else { out.push(n + v * Math.pow(2, shift)); n = 0; shift = 0; }
    }
    return out;
  }

  /* 一个索引项出现在哪些页面：页号 → [次数, 是否在标题里]。 */
  function postings(token) {
    var data = shards[fnv1a(token) % manifest.shards] || {};
    var map = {};
    if (!Object.prototype.hasOwnProperty.call(data, token)) { return map; }
    var id = 0;
    decode(data[token]).forEach(function (v) {
      id += Math.floor(v / 32);
      map[id] = [v % 16 || 1, (v % 32) >= 16];
    });
    return map;
  }

  function kindRank(id) {
    var rank = 0;
    manifest.starts.forEach(function (start, i) { if (id >= start) { rank = i; } });
    return rank;
  }

  /* 候选页面：同时含一个词的全部索引项的页面，按规则排序。 */
  function candidates(words) {
    var perWord = words.map(function (word) {
      var toks = wordTokens(word);
      var lists = toks.map(postings);
      var first = lists[0] || {};
      var found = {};
      Object.keys(first).forEach(function (id) {
        var count = 99;
        var title = true;
        for (var i = 0; i < lists.length; i += 1) {
          var p = lists[i][id];
          if (!p) { return; }
          count = Math.min(count, p[0]);
          title = title && p[1];
        }
        found[id] = { count: count, title: title };
      });
      return found;
    });
    var all = {};
    perWord.forEach(function (found) {
      Object.keys(found).forEach(function (id) {
        var c = all[id] || (all[id] = { id: +id, words: 0, titles: 0, count: 0 });
        c.words += 1;
        c.titles += found[id].title ? 1 : 0;
        c.count += found[id].count;
      });
    });
    var list = Object.keys(all).map(function (id) { return all[id]; });
    list.forEach(function (c) { c.kind = kindRank(c.id); });
    list.sort(function (a, b) {
      return (b.words - a.words) || (b.titles - a.titles) || (a.kind - b.kind) || (b.count - a.count) || (a.id - b.id);
    });
    return list;
  }

  /* 文字里每个词的位置（按规范化后的文字找，再换回原文的位置），用于核对和加亮。 */
  function locate(original, words) {
    var norm = "";
    var back = [];
    for (var i = 0; i < original.length; i += 1) {
      var n = normalise(original.charAt(i));
      for (var j = 0; j < n.length; j += 1) { back.push(i); }
      norm += n;
    }
    var spans = [];
    words.forEach(function (w) {
      var from = 0;
      var at;
      while ((at = norm.indexOf(w, from)) !== -1) {
        spans.push([back[at], back[at + w.length - 1] + 1]);
        from = at + w.length;
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    return spans;
  }

  function contains(rec, word) {
    if (normalise(rec.t).indexOf(word) !== -1) { return true; }
    return rec.s.some(function (s) { return normalise(s[1] + "\n" + s[2]).indexOf(word) !== -1; });
  }

  function snippet(rec, words) {
    for (var i = 0; i < rec.s.length; i += 1) {
      var sec = rec.s[i];
      var spans = locate(sec[2], words);
      if (!spans.length && i > 0 && locate(sec[1], words).length) {
        return { anchor: sec[0], heading: sec[1], text: sec[2].slice(0, 100).replace(/\s+/g, " ") + (sec[2].length > 100 ? "…" : "") };
      }
      if (spans.length) {
        var start = Math.max(0, spans[0][0] - 30);
        var end = Math.min(sec[2].length, spans[0][0] + 80);
        var part = sec[2].slice(start, end).replace(/\s+/g, " ");
        return { anchor: i > 0 ? sec[0] : "", heading: sec[1], text: (start > 0 ? "…" : "") + part + (end < sec[2].length ? "…" : "") };
      }
    }
    var first = rec.s.length ? rec.s[0][2] : "";
    return { anchor: "", heading: "", text: first.slice(0, 100).replace(/\s+/g, " ") };
  }

  /* 查询：返回前 limit 个确实包含所查词语的结果。 */
  function search(query, limit, offset) {
    var parsed = parse(query);
    offset = offset || 0;
    if (!parsed.words.length) { return Promise.resolve({ query: parsed, results: [], total: 0, exact: true }); }
    return ready().then(function () {
      var needed = {};
      parsed.words.forEach(function (w) { wordTokens(w).forEach(function (t) { needed[fnv1a(t) % manifest.shards] = true; }); });
      return Promise.all(Object.keys(needed).map(function (n) { return shard(+n); }));
    }).then(function () {
      var list = candidates(parsed.words);
      var out = [];
      var pos = 0;
      var checked = 0;
      function step() {
        if (out.length >= offset + limit || pos >= list.length) {
          var exact = pos >= list.length;
          return { query: parsed, results: out.slice(offset, offset + limit), total: exact ? out.length : Math.max(out.length, list.length - (checked - out.length)), exact: exact, more: !exact || out.length > offset + limit };
        }
        var batch = list.slice(pos, pos + Math.max(6, offset + limit - out.length));
        pos += batch.length;
        return Promise.all(batch.map(function (c) { return text(c.id).catch(function () { return null; }); })).then(function () {
          batch.forEach(function (c) {
            checked += 1;
            var rec = texts[c.id];
            if (!rec) { return; }
            var hits = parsed.words.filter(function (w) { return contains(rec, w); });
            if (!hits.length) { return; }
            out.push({ id: c.id, rec: rec, hits: hits, words: hits.length, exactTitle: normalise(rec.t) === parsed.text });
          });
          /* 标题与查询完全相同的课排第一；含全部词语的排在只含部分词语的前面。 */
          out.sort(function (a, b) { return (b.words - a.words) || (b.exactTitle - a.exactTitle); });
          return step();
        });
      }
      return step();
    });
  }

  function el(tag, cls, txt) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (txt) { node.textContent = txt; }
    return node;
  }

  function highlighted(textValue, words) {
    var frag = document.createDocumentFragment();
    var spans = locate(textValue, words);
    var at = 0;
    spans.forEach(function (s) {
      if (s[0] < at) { return; }
      frag.appendChild(document.createTextNode(textValue.slice(at, s[0])));
      frag.appendChild(el("mark", "", textValue.slice(s[0], s[1])));
      at = s[1];
    });
    frag.appendChild(document.createTextNode(textValue.slice(at)));
    return frag;
  }

  /* 一个结果：整条是一个链接，含标题、年级（课例）、所在小节和加亮的摘要。 */
  function resultLink(r, words, compact) {
    var snip = snippet(r.rec, r.hits);
    var a = el("a", "xy-result");
    a.setAttribute("data-search-result", "");
    a.setAttribute("data-kind", r.rec.k);
    a.href = BASE + r.rec.u + (snip.anchor ? "#" + encodeURIComponent(snip.anchor) : "");
    var head = el("span", "xy-result__title");
    head.appendChild(highlighted(r.rec.t, words));
    a.appendChild(head);
    if (r.rec.g) { a.appendChild(el("span", "xy-result__grade", "（" + r.rec.g + "）")); }
    if (!compact) {
      a.appendChild(el("span", "xy-result__kind", KIND_NAMES[r.rec.k] || ""));
      if (snip.heading && snip.heading !== r.rec.t) {
        var sec = el("span", "xy-result__section", "› ");
        sec.appendChild(highlighted(snip.heading, r.hits));
        a.appendChild(sec);
      }
      var p = el("span", "xy-result__snippet");
      p.appendChild(highlighted(snip.text, r.hits));
      a.appendChild(p);
    }
    return a;
  }

  window.XYSearch = { search: search, ready: ready, resultLink: resultLink, parse: parse };

  /* 搜索结果页 */
  function resultsPage() {
    var list = document.getElementById("xy-search-results");
    if (!list) { return; }
    var status = document.getElementById("xy-search-status");
    var input = document.getElementById("xy-q");
    var moreButton = document.getElementById("xy-search-more");
    var q = "";
    try { q = new URLSearchParams(window.location.search).get("q") || ""; } catch (e) { q = ""; }
    if (input) { input.value = q.slice(0, 200); }
    var parsed = parse(q);
    if (!parsed.words.length) {
      status.textContent = "请在上面的框里输入要找的词，如“情绪”“考试焦虑”“亲子沟通”。";
      return;
    }
    document.title = "搜索：" + parsed.text + " - " + document.title;
    status.textContent = "正在搜索……";
    var shown = 0;
    function show(offset) {
      return search(q, 20, offset).then(function (res) {
        res.results.forEach(function (r) {
          var li = el("li", "xy-results__item");
          li.appendChild(resultLink(r, parsed.words, false));
          list.appendChild(li);
        });
        shown += res.results.length;
        var note = parsed.cut ? "（查询太长，只按前 " + MAX_QUERY + " 个字搜索）" : "";
        if (!shown) {
          status.textContent = "没有找到包含“" + parsed.text + "”的页面。试试更短的词或换个说法" + note + "。";
        } else if (res.exact && !res.more) {
          status.textContent = "找到 " + shown + " 个页面包含“" + parsed.text + "”" + note + "。";
        } else {
          status.textContent = "包含“" + parsed.text + "”的页面约 " + res.total + " 个，下面是前 " + shown + " 个" + note + "。";
        }
        if (moreButton) {
          moreButton.hidden = !res.more;
          moreButton.onclick = function () { moreButton.hidden = true; show(shown); };
        }
      });
    }
    show(0).catch(function () {
      status.textContent = "搜索索引没有加载成功。请刷新页面再试；从 U 盘打开时，请确认整个网站文件夹都复制完整。";
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", resultsPage); } else { resultsPage(); }
})();
