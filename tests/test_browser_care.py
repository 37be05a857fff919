"""Grandparents on phones (issue 19): care mode measured to the elder-friendly standard, read-aloud,
pages without JavaScript, WeChat, share cards and axe in both modes.

Playwright with Debian's Chromium against the built site (fixtures from ``test_browser``). Pages are
picked from the built site, so the tests hold while only some lessons load. Screenshots of care mode
on a 360 × 740 phone go to ``test-artifacts/care/``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from test_browser import REPO, browser, server, site  # noqa: F401  (pytest fixtures)

CARE_SHOTS = REPO / "test-artifacts" / "care"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
WECHAT_UA = ("Mozilla/5.0 (Linux; Android 10; V1934A Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230202 MMWEBID/2486 "
             "MicroMessenger/8.0.33.2320(0x2800213D) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64")
CARE_ON = "try { if (localStorage.getItem('xinyu-care') === null) localStorage.setItem('xinyu-care', '%s'); } catch (e) {}"
NO_STORAGE = """(() => {
  const deny = { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } };
  Object.defineProperty(window, 'localStorage', deny);
  Object.defineProperty(window, 'sessionStorage', deny);
})();"""


def _lesson(site: Path) -> str:  # noqa: F811
    """A lesson page of the built site (grades 4–6 first: they load during the content migration)."""
    found = sorted(site.glob("lessons/primary-upper/g*.html")) or sorted(site.glob("lessons/*/g*.html"))
    assert found, "no lesson page in the built site"
    return found[0].relative_to(site).as_posix()


def _parent_grade(site: Path) -> str:  # noqa: F811
    """A parent grade page that lists lessons."""
    for g in (4, 5, 6, *range(1, 13)):
        path = site / "parents" / f"grade-{g}.html"
        if path.exists() and "xy-parent-lesson" in path.read_text(encoding="utf-8"):
            return path.relative_to(site).as_posix()
    raise AssertionError("no parent grade page with lessons")


def _page_types(site: Path) -> dict[str, str]:  # noqa: F811
    return {"home": "index.html", "library": "lessons/index.html", "lesson": _lesson(site),
            "parent-grade": _parent_grade(site), "parents": "parents/index.html",
            "air-classroom": "air-classroom/index.html", "compliance": "compliance/index.html",
            "search": "search.html?q=%E6%83%85%E7%BB%AA", "not-found": "404.html"}


TYPES = ["home", "library", "lesson", "parent-grade", "parents", "air-classroom", "compliance", "search", "not-found"]


def _context(browser, viewport=PHONE, *, care: str | None = "1", **kw):  # type: ignore[no-untyped-def]  # noqa: F811
    ctx = browser.new_context(viewport=viewport, locale="zh-CN", **kw)
    if care:
        ctx.add_init_script(CARE_ON % care)
    return ctx


def _open(pg, url: str) -> None:  # type: ignore[no-untyped-def]
    pg.goto(url)
    pg.wait_for_load_state("networkidle")
    if "search.html" in url:
        pg.wait_for_function("() => { const s = document.getElementById('xy-search-status');"
                             " return s && s.textContent && !s.textContent.startsWith('正在'); }", timeout=15_000)


# The elder-friendly measurements (issue 19, item 1) as one function run in the page. It returns a list
# of problems, each naming the element (tag, id/class, text) and the number that is short.
MEASURE = r"""(opts) => {
  const out = [];
  const scopes = [...document.querySelectorAll('.md-header, .md-tabs, article.md-content__inner')];
  const name = (e) => {
    const cls = (e.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2).join('.');
    const txt = (e.textContent || e.value || e.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 24);
    return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (cls ? '.' + cls : '') + ' "' + txt + '"';
  };
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    for (let n = e; n; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.visibility === 'hidden' || cs.display === 'none' || (cs.position === 'absolute' && cs.clip === 'rect(0px, 0px, 0px, 0px)')) return false;
      if (n.tagName === 'DETAILS' && !n.open && n !== e && !e.closest('summary')) return false;
    }
    return true;
  };
  const ownText = (e) => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const main = document.querySelector('article.md-content__inner');
  // 1. text size and line height
  for (const scope of scopes) {
    for (const e of scope.querySelectorAll('*')) {
      if (!ownText(e) || !shown(e) || e.closest('.headerlink, svg, script, style')) continue;
      const cs = getComputedStyle(e);
      const fs = parseFloat(cs.fontSize);
      const min = scope === main ? opts.body : 20;
      if (fs < min - 0.01) out.push(`font-size ${fs}px < ${min}px: ${name(e)}`);
      const lh = cs.lineHeight === 'normal' ? 0 : parseFloat(cs.lineHeight);
      if (scope === main && lh / fs < 1.5 - 0.001) out.push(`line-height ${lh}px / ${fs}px = ${(lh / fs).toFixed(2)} < 1.5: ${name(e)}`);
    }
  }
  // 2. paragraph spacing larger than line spacing (the blank between lines: line height minus font size)
  let pairs = 0;
  for (const p of main.querySelectorAll('p')) {
    const next = p.nextElementSibling;
    if (!next || !/^(P|UL|OL)$/.test(next.tagName) || !shown(p) || !shown(next) || !p.textContent.trim()) continue;
    const cs = getComputedStyle(p);
    const leading = parseFloat(cs.lineHeight) - parseFloat(cs.fontSize);
    const gap = next.getBoundingClientRect().top - p.getBoundingClientRect().bottom;
    pairs += 1;
    if (!(gap > leading)) out.push(`paragraph gap ${gap.toFixed(1)}px <= line gap ${leading.toFixed(1)}px: ${name(p)}`);
  }
  // 3. colour is never the only cue: links in the main text are underlined
  for (const a of main.querySelectorAll('a[href]')) {
    if (!shown(a) || a.closest('.headerlink')) continue;
    const deco = getComputedStyle(a).textDecorationLine;
    const inner = [...a.querySelectorAll('*')].some(c => getComputedStyle(c).textDecorationLine.includes('underline'));
    if (!deco.includes('underline') && !inner) out.push(`link not underlined: ${name(a)}`);
  }
  // 4. tap targets at least 60 x 60 CSS px in the header and the main content
  let targets = 0;
  const sel = 'a[href], button, summary, select, input:not([type=hidden]), [role=button], label.md-header__button';
  for (const scope of scopes) {
    for (const e of scope.querySelectorAll(sel)) {
      if (!shown(e) || e.closest('.headerlink')) continue;
      const r = e.getBoundingClientRect();
      targets += 1;
      if (r.width < 59.5 || r.height < 59.5) out.push(`target ${r.width.toFixed(1)} x ${r.height.toFixed(1)} px < 60 x 60: ${name(e)}`);
      if (scope !== main && !e.closest('.md-tabs') && (r.left < -0.5 || r.right > innerWidth + 0.5)) {
        out.push(`header target off screen (${r.left.toFixed(0)}..${r.right.toFixed(0)} of ${innerWidth} px): ${name(e)}`);
      }
    }
  }
  if (document.documentElement.scrollWidth > innerWidth + 1) out.push(`page ${document.documentElement.scrollWidth} px wide on a ${innerWidth} px screen`);
  // 5. nothing moving: no animation or transition anywhere, pseudo-elements included
  for (const e of [document.documentElement, ...document.querySelectorAll('*')]) {
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(e, pseudo);
      const anim = cs.animationName !== 'none' && cs.animationDuration.split(',').some(d => parseFloat(d) > 0);
      const trans = cs.transitionDuration.split(',').some(d => parseFloat(d) > 0);
      if (anim || trans) { out.push(`moves (${anim ? 'animation ' + cs.animationName : 'transition ' + cs.transitionProperty}): ${name(e)}${pseudo || ''}`); }
    }
  }
  if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') out.push('smooth scrolling on <html>');
  // 6. no pop-ups: nothing fixed over the page, no open dialog
  const onScreen = (e) => {
    const r = e.getBoundingClientRect();
    const w = Math.min(r.right, innerWidth) - Math.max(r.left, 0), h = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
    return w > 0 && h > 0 && shown(e) && parseFloat(getComputedStyle(e).opacity) > 0;
  };
  for (const e of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(e);
    if ((cs.position === 'fixed' && onScreen(e)) ||
        (e.matches('dialog[open], [role=dialog], [role=alertdialog], [role=alert]') && onScreen(e))) out.push(`pop-up: ${name(e)}`);
  }
  return { problems: [...new Set(out)], pairs, targets, body: parseFloat(getComputedStyle(main.querySelector('p') || main).fontSize) };
}"""


def _measure(pg, body: int = 20) -> dict:  # type: ignore[no-untyped-def]
    # scroll down and back up first: Material's "back to top" button shows on scrolling up
    pg.mouse.wheel(0, 3000)
    pg.wait_for_timeout(100)
    pg.mouse.wheel(0, -1500)
    pg.wait_for_timeout(200)
    result = pg.evaluate(MEASURE, {"body": body})
    pg.evaluate("window.scrollTo(0, 0)")
    return result


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("kind", TYPES)
def test_care_mode_meets_the_elder_friendly_numbers(browser, server, site, kind: str, viewport) -> None:  # noqa: F811
    ctx = _context(browser, viewport)
    pg = ctx.new_page()
    opened: list[str] = []
    pg.on("popup", lambda p: opened.append(p.url))
    pg.on("dialog", lambda d: (opened.append("dialog: " + d.message), d.dismiss()))
    _open(pg, server + _page_types(site)[kind])
    assert pg.evaluate("document.documentElement.getAttribute('data-xy-care')") == "1"
    result = _measure(pg)
    if kind == "search":  # the header search box with its suggestions open: those links are targets too
        pg.focus("#xy-hq")
        pg.keyboard.insert_text("情绪")
        pg.wait_for_selector("#xy-suggest a[data-search-result]", timeout=15_000)
        sizes = pg.eval_on_selector_all("#xy-suggest a", "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
        result["problems"] += [f"suggestion {w:.0f} x {h:.0f} px" for w, h in sizes if w < 59.5 or h < 59.5]
        pg.keyboard.press("Escape")
    if viewport is PHONE:
        CARE_SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(CARE_SHOTS / f"care-{kind}-360x740.png"))
    ctx.close()
    assert result["problems"] == [], "\n".join(result["problems"][:40])
    assert result["targets"] >= 3 and result["body"] >= 20
    assert opened == []


def test_care_mode_larger_step_gives_parent_pages_30px(browser, server, site) -> None:  # noqa: F811
    ctx = _context(browser, PHONE)
    pg = ctx.new_page()
    _open(pg, server + _parent_grade(site))
    pg.get_by_role("button", name="特大字").click()
    assert pg.evaluate("document.documentElement.getAttribute('data-xy-care')") == "2"
    result = _measure(pg, body=30)
    CARE_SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(CARE_SHOTS / "care-parent-grade-larger-360x740.png"))
    sizes = pg.eval_on_selector_all("article .xy-parent-lesson p, article .xy-help li, article .xy-parent-intro p",
                                    "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    # remembered on the next page
    _open(pg, server + "parents/index.html")
    level = pg.evaluate("document.documentElement.getAttribute('data-xy-care')")
    wide = pg.evaluate("document.documentElement.scrollWidth")
    ctx.close()
    assert result["problems"] == [], "\n".join(result["problems"][:40])
    assert sizes and min(sizes) >= 30, sizes
    assert level == "2"
    assert wide <= PHONE["width"], f"page {wide}px wide on a {PHONE['width']}px phone"


def test_care_mode_toggle_is_remembered_across_page_types(browser, server, site) -> None:  # noqa: F811
    ctx = _context(browser, PHONE, care=None)
    pg = ctx.new_page()
    types = _page_types(site)
    _open(pg, server + types["home"])
    assert pg.evaluate("document.documentElement.hasAttribute('data-xy-care')") is False
    toggle = pg.locator("#xy-care-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    for kind in ("library", "lesson", "parent-grade", "air-classroom", "compliance"):
        _open(pg, server + types[kind])
        assert pg.evaluate("document.documentElement.getAttribute('data-xy-care')") == "1", kind
        assert pg.locator("#xy-care-toggle").get_attribute("aria-pressed") == "true", kind
        assert pg.locator("#xy-carebar").is_visible(), kind
    pg.get_by_role("button", name="退出关怀模式").click()
    assert not pg.evaluate("document.documentElement.hasAttribute('data-xy-care')")
    assert pg.evaluate("document.activeElement.id") == "xy-care-toggle"
    _open(pg, server + types["home"])
    assert not pg.evaluate("document.documentElement.hasAttribute('data-xy-care')")
    # a link with ?care=1 (sent to a family group) turns it on and it stays on
    _open(pg, server + types["parent-grade"] + "?care=1")
    assert pg.evaluate("document.documentElement.getAttribute('data-xy-care')") == "1"
    _open(pg, server + types["home"])
    assert pg.evaluate("document.documentElement.getAttribute('data-xy-care')") == "1"
    ctx.close()


def test_care_mode_works_when_storage_throws(browser, server, site) -> None:  # noqa: F811
    ctx = _context(browser, PHONE, care=None)
    ctx.add_init_script(NO_STORAGE)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    _open(pg, server + _parent_grade(site))
    assert pg.evaluate("(() => { try { localStorage.length; return 'works'; } catch (e) { return 'throws'; } })()") == "throws"
    pg.locator("#xy-care-toggle").click()
    assert pg.evaluate("document.documentElement.getAttribute('data-xy-care')") == "1"
    size = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('article .xy-parent-lesson p')).fontSize)")
    assert size >= 20
    pg.get_by_role("button", name="特大字").click()
    assert pg.evaluate("parseFloat(getComputedStyle(document.querySelector('article .xy-parent-lesson p')).fontSize)") >= 30
    # without storage it is still remembered in the same tab (window.name)
    _open(pg, server + "parents/index.html")
    assert pg.evaluate("document.documentElement.getAttribute('data-xy-care')") == "2"
    pg.locator("#xy-care-toggle").click()
    assert not pg.evaluate("document.documentElement.hasAttribute('data-xy-care')")
    ctx.close()
    assert errors == []


@pytest.mark.parametrize(("stored", "query", "expected"), [
    ("1", "", "1"), ("2", "", "2"), (None, "", None), ("1", "?care=0", None), ("throws", "?care=2", "2"), ("throws", "", None)],
    ids=["stored-1", "stored-2", "none", "link-turns-off", "storage-throws-link", "storage-throws"])
def test_care_mode_is_set_before_the_page_scripts_run(browser, server, site, stored, query, expected) -> None:  # noqa: F811
    """The head sets care mode before the first paint: with the site's script blocked, the page still
    opens in large type (no flash of small text), and storage that throws breaks nothing."""
    ctx = _context(browser, PHONE, care=stored if stored in ("1", "2") else None)
    if stored == "throws":
        ctx.add_init_script(NO_STORAGE)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.route("**/assets/js/xinyu.js", lambda route: route.abort())
    pg.goto(server + _lesson(site) + query, wait_until="commit")
    pg.wait_for_selector("article p", state="attached")
    level = pg.evaluate("document.documentElement.getAttribute('data-xy-care')")
    size = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    ctx.close()
    assert errors == []
    assert level == expected
    assert size >= {"1": 20, "2": 30}[expected] if expected else size < 20, size


def test_care_script_comes_first_in_every_head(site) -> None:  # noqa: F811
    """Every page of the site (404 included) sets care mode in its head, before any stylesheet."""
    missing = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("kit/", "assets/")):  # the kit's standalone print pages have no care mode
            continue
        html = path.read_text(encoding="utf-8")
        head = html[: html.find("</head>")]
        care, css = head.find("xinyu-care"), head.find('rel="stylesheet"')
        if care < 0 or (0 <= css < care):
            missing.append(rel)
    assert missing == []


def test_not_found_page_is_in_chinese_with_ways_back(browser, server, site) -> None:  # noqa: F811
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in html and "没有找到这个页面" in html
    ctx = _context(browser, PHONE, care="1")
    pg = ctx.new_page()
    _open(pg, server + "no/such/page.html")  # a server answers any wrong address with 404.html
    links = pg.eval_on_selector_all("article a[href]", "els => els.map(a => [a.textContent, a.href])")
    for _, href in links:
        assert pg.request.get(href).ok, href
    ctx.close()
    assert [t for t, _ in links][:3] == ["回到首页", "课例库（老师找课）", "家长学校（写给家长和爷爷奶奶）"]


@pytest.mark.parametrize("care", [None, "1"], ids=["normal", "care"])
def test_reduced_motion_means_nothing_moves(browser, server, site, care) -> None:  # noqa: F811
    ctx = _context(browser, DESKTOP, care=care, reduced_motion="reduce")
    pg = ctx.new_page()
    _open(pg, server + _lesson(site))
    moving = pg.evaluate("""() => [...document.querySelectorAll('*')].filter(e => ['', '::before', '::after'].some(p => {
        const cs = getComputedStyle(e, p || null);
        return cs.transitionDuration.split(',').some(d => parseFloat(d) > 0) ||
               (cs.animationName !== 'none' && cs.animationDuration.split(',').some(d => parseFloat(d) > 0)); }))
        .map(e => e.tagName + '.' + e.className).slice(0, 10)""")
    ctx.close()
    assert moving == []


# ----------------------------------------------------------------------------- read-aloud
SPEECH_STUB = """(() => {
  window.__spoken = []; window.__log = []; window.__hold = %s;
  window.__voices = %s;
  const fake = {
    paused: false, current: null,
    getVoices() { return window.__voices; },
    addEventListener() {}, removeEventListener() {},
    speak(u) {
      window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null });
      this.current = u;
      if (!window.__hold) setTimeout(() => { if (this.current === u) { this.current = null; u.onend && u.onend({}); } }, 1);
    },
    finish() { const u = this.current; this.current = null; if (u && u.onend) u.onend({}); },
    pause() { window.__log.push('pause'); this.paused = true; },
    resume() { window.__log.push('resume'); this.paused = false; },
    cancel() { window.__log.push('cancel'); this.current = null; },
  };
  Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();"""
ZH = '[{"lang": "en-US", "name": "English"}, {"lang": "zh-CN", "name": "普通话"}, {"lang": "zh-HK", "name": "粤语"}]'


def _speech_page(browser, server, path: str, *, hold: bool = False, voices: str = ZH, route=None):  # type: ignore[no-untyped-def]  # noqa: F811
    ctx = _context(browser, PHONE, care=None)
    ctx.add_init_script(SPEECH_STUB % ("true" if hold else "false", voices))
    pg = ctx.new_page()
    if route:
        pg.route(server + path, route)
    _open(pg, server + path)
    return ctx, pg


def _expected_order(site: Path, rel: str, region_xpath: str) -> list[str]:  # noqa: F811
    """What should be read, from the built HTML: headings, paragraphs and list items in page order,
    the hotlines (.xy-help) last, the heading just before a region without headings first."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring((site / rel).read_bytes(), parser=lxml_html.HTMLParser(encoding="utf-8"))
    region = doc.xpath(region_xpath)[0]
    for junk in region.xpath(".//a[contains(@class, 'headerlink')]"):
        junk.drop_tree()
    first, last = [], []
    tags = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd"}
    if not region.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        prev = region.getprevious()
        if prev is not None and prev.tag in tags - {"p", "li", "dt", "dd"}:
            first.append(prev)
    for node in region.iter(*tags):
        up, nested = node.getparent(), False
        while up is not None and up is not region:
            nested = nested or up.tag in tags
            up = up.getparent()
        if nested:
            continue
        in_help = any("xy-help" in (a.get("class") or "") for a in node.iterancestors())
        (last if in_help else first).append(node)
    texts = [" ".join(n.text_content().replace("¶", "").split()) for n in first + last]
    return [t for t in texts if t]


def test_read_aloud_parent_page_reads_in_order_with_chinese_voice(browser, server, site) -> None:  # noqa: F811
    rel = _parent_grade(site)
    ctx, pg = _speech_page(browser, server, rel)
    play = pg.locator("article .xy-readaloud__play")
    assert play.count() == 1 and play.inner_text() == "朗读"
    box = play.bounding_box()
    assert box and box["width"] >= 60 and box["height"] >= 60, box
    play.click()
    pg.wait_for_function("() => document.querySelector('.xy-readaloud__status').textContent === '读完了。'", timeout=15_000)
    spoken = pg.evaluate("window.__spoken")
    nav = pg.eval_on_selector_all(".md-tabs a, .md-nav--primary > .md-nav__list > .md-nav__item > a, .md-footer a, .md-header a",
                                  "els => els.map(e => e.textContent.replace(/\\s+/g, ' ').trim()).filter(Boolean)")
    ctx.close()
    texts = [s["text"] for s in spoken]
    assert texts == _expected_order(site, rel, "//*[@data-xy-readaloud]")
    assert texts[0].startswith(("小学", "初", "高")) and "孩子在心理课上学什么" in texts[0]  # the h1 first
    hot = [i for i, t in enumerate(texts) if "12356" in t or "12355" in t]
    assert hot and min(hot) > max(i for i, t in enumerate(texts) if "孩子学了" in t)  # hotlines after the lessons
    assert texts[-1].startswith("有危险时")
    assert {s["lang"] for s in spoken} == {"zh-CN"} and {s["voice"] for s in spoken} == {"zh-CN"}
    assert not set(texts) & {t for t in nav if len(t) > 1}, "navigation was read"


def test_read_aloud_highlights_pauses_continues_and_stops(browser, server, site) -> None:  # noqa: F811
    ctx, pg = _speech_page(browser, server, _parent_grade(site), hold=True)
    pg.locator(".xy-readaloud__play").click()
    pg.wait_for_function("() => window.__spoken.length === 1")
    assert pg.eval_on_selector_all(".xy-reading", "els => els.map(e => e.tagName)") == ["H1"]
    pg.evaluate("speechSynthesis.finish()")
    pg.wait_for_function("() => window.__spoken.length === 2")
    reading = pg.eval_on_selector_all(".xy-reading", "els => els.map(e => e.textContent)")
    assert reading == [pg.evaluate("window.__spoken[1].text")]
    style = pg.evaluate("(() => { const cs = getComputedStyle(document.querySelector('.xy-reading'));"
                        " return [cs.backgroundColor, cs.outlineStyle]; })()")
    assert style[0] != "rgba(0, 0, 0, 0)" and style[1] == "solid"  # colour plus an outline
    pause = pg.locator(".xy-readaloud__pause")
    assert pause.is_visible() and pg.locator(".xy-readaloud__stop").is_visible() and not pg.locator(".xy-readaloud__play").is_visible()
    pause.click()
    assert pause.inner_text() == "继续" and pause.get_attribute("aria-pressed") == "true"
    pause.click()
    assert pause.inner_text() == "暂停"
    assert pg.evaluate("window.__log") == ["cancel", "pause", "resume"]
    pg.locator(".xy-readaloud__stop").click()
    assert pg.evaluate("window.__log")[-1] == "cancel"
    assert pg.locator(".xy-reading").count() == 0
    assert pg.locator(".xy-readaloud__play").is_visible() and "停止" in pg.inner_text(".xy-readaloud__status")
    pg.evaluate("speechSynthesis.finish()")  # a late 'end' after stop does not start the next paragraph
    assert len(pg.evaluate("window.__spoken")) == 2
    ctx.close()


@pytest.mark.parametrize("voices", ['[{"lang": "en-US", "name": "English"}]', "[]", "none"], ids=["english-only", "no-voices", "no-api"])
def test_read_aloud_without_chinese_voice_says_so(browser, server, site, voices: str) -> None:  # noqa: F811
    ctx = _context(browser, PHONE, care=None)
    if voices == "none":
        ctx.add_init_script("delete Window.prototype.speechSynthesis; Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
    else:
        ctx.add_init_script(SPEECH_STUB % ("false", voices))
    pg = ctx.new_page()
    _open(pg, server + _parent_grade(site))
    pg.locator(".xy-readaloud__play").click()
    pg.wait_for_function("() => /不能朗读/.test(document.querySelector('.xy-readaloud__status').textContent)", timeout=5_000)
    status = pg.inner_text(".xy-readaloud__status")
    button = pg.inner_text(".xy-readaloud__play")
    spoken = pg.evaluate("window.__spoken || []")
    ctx.close()
    assert spoken == []
    if voices == "none":
        assert "这个浏览器不能朗读" in status and button == "不能朗读"
    else:
        assert "没有中文" in status and button == "没有中文语音"


def test_read_aloud_lesson_home_section_only(browser, server, site) -> None:  # noqa: F811
    rel = _lesson(site)
    ctx, pg = _speech_page(browser, server, rel)
    plays = pg.locator("article .xy-readaloud__play")
    assert plays.count() == 1
    plays.click()
    pg.wait_for_function("() => document.querySelector('.xy-readaloud__status').textContent === '读完了。'", timeout=15_000)
    texts = [s["text"] for s in pg.evaluate("window.__spoken")]
    ctx.close()
    assert texts[0] == "家庭延伸（写给家长）"
    assert texts == _expected_order(site, rel, "//div[contains(@class, 'xy-home')][@data-xy-readaloud]")
    assert any(t.startswith("孩子学了什么") for t in texts) and any(t.startswith("在家做一件事") for t in texts)


def test_read_aloud_is_generic_for_any_marked_region(browser, server, site) -> None:  # noqa: F811
    """Home slips (print pages of the lesson kit) mark their text with data-xy-readaloud: any region gets it."""
    rel = _lesson(site)
    slip = ('<div class="xy-slip" data-xy-readaloud><h2>家庭小纸条</h2><p>今天我们学了听别人说话。</p>'
            '<nav><a href="#">不读的导航</a></nav><p data-xy-noread>不读这一段</p><ul><li>请和孩子聊一聊。</li></ul>'
            '<p data-xy-readaloud-last>热线 12356</p><p>最后一段之前。</p></div>')

    def add_slip(route) -> None:  # type: ignore[no-untyped-def]
        body = route.fetch().text().replace("</article>", slip + "</article>", 1)
        route.fulfill(body=body, content_type="text/html; charset=utf-8")

    ctx, pg = _speech_page(browser, server, rel, route=add_slip)
    assert pg.locator("article .xy-readaloud__play").count() == 2
    pg.locator(".xy-slip .xy-readaloud__play").click()
    pg.wait_for_function("() => document.querySelector('.xy-slip .xy-readaloud__status').textContent === '读完了。'")
    texts = [s["text"] for s in pg.evaluate("window.__spoken")]
    ctx.close()
    assert texts == ["家庭小纸条", "今天我们学了听别人说话。", "请和孩子聊一聊。", "最后一段之前。", "热线 12356"]


def test_read_aloud_on_the_kit_home_slip(browser, server, site) -> None:  # noqa: F811
    """The kit's home slip (kit/<id>-home.html) reads one copy of the slip, hotlines last; the buttons
    sit in the screen-only bar, so the printed sheet keeps its size."""
    from lxml import html as lxml_html

    slips = sorted(site.glob("kit/*-home.html"))
    two = next(p for p in slips if p.read_text(encoding="utf-8").count('class="kit-home"') == 2)
    rel = two.relative_to(site).as_posix()
    doc = lxml_html.fromstring(two.read_bytes(), parser=lxml_html.HTMLParser(encoding="utf-8"))
    copy = doc.xpath("//*[@data-xy-readaloud]")
    assert len(copy) == 1
    ordered = [" ".join(n.text_content().split()) for n in copy[0].iter("h2", "h3", "p", "li")]
    hot = [t for t in ordered if t.startswith("心理援助热线")]
    expected = [t for t in ordered if t and t not in hot] + hot
    ctx, pg = _speech_page(browser, server, rel)
    play = pg.locator("#kit-readaloud .xy-readaloud__play")
    assert play.count() == 1 and pg.locator(".kit-page .xy-readaloud").count() == 0
    box = play.bounding_box()
    assert box and box["width"] >= 60 and box["height"] >= 60, box
    play.click()
    pg.wait_for_function("() => document.querySelector('.xy-readaloud__status').textContent === '读完了。'", timeout=15_000)
    texts = [s["text"] for s in pg.evaluate("window.__spoken")]
    pg.emulate_media(media="print")
    printed = pg.locator("#kit-readaloud").is_visible()
    ctx.close()
    assert texts == expected
    assert texts[0] == "家校联系单" and texts[-1].startswith("心理援助热线") and "12356" in texts[-1]
    assert texts.count("家校联系单") == 1  # the second copy on the sheet is not read again
    assert not printed


# ----------------------------------------------------------------------------- no JavaScript
@pytest.mark.parametrize("kind", ["parent-grade", "parents", "lesson"])
def test_pages_are_readable_without_javascript(browser, server, site, kind: str) -> None:  # noqa: F811
    from lxml import html as lxml_html

    rel = _page_types(site)[kind]
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    pg = ctx.new_page()
    _open(pg, server + rel)
    assert pg.evaluate("1 + 1") == 2  # evaluate still works for the test; the page's own scripts do not run
    assert pg.locator("#xy-care-toggle").count() == 0 and pg.locator(".xy-readaloud").count() == 0
    hidden = pg.evaluate("""() => [...document.querySelectorAll('article :is(h1,h2,h3,h4,p,li,dt,dd,td,th)')]
        .filter(e => e.textContent.trim() && !e.closest('details:not([open])') && !e.closest('noscript'))
        .filter(e => { const r = e.getBoundingClientRect(); const cs = getComputedStyle(e);
                       return r.width < 1 || r.height < 1 || cs.visibility === 'hidden' || cs.color === cs.backgroundColor; })
        .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 30))""")
    assert hidden == []
    # all the text of the built page is on screen: compare with the HTML file
    doc = lxml_html.fromstring((site / rel).read_bytes(), parser=lxml_html.HTMLParser(encoding="utf-8"))
    art = doc.find(".//article")
    for junk in art.xpath(".//a[contains(@class,'headerlink')]|.//script|.//noscript|.//details"):
        junk.drop_tree()
    want = "".join(art.text_content().split())
    got = "".join(pg.evaluate("""() => { const a = document.querySelector('article').cloneNode(true);
        a.querySelectorAll('.headerlink, script, noscript, details').forEach(n => n.remove()); return a.innerText; }""").split())
    assert len(want) > 200 and got == want
    # every link in the text and the navigation points at a page (and anchor) that exists
    links = pg.eval_on_selector_all("article a[href]:not(.headerlink), .md-tabs a[href], .md-nav a[href]", "els => els.map(a => a.href)")
    assert len(links) > 5
    for href in links:
        url = urlparse(href)
        if url.scheme not in ("http", "https") or url.netloc != urlparse(server).netloc:
            continue
        target = site / unquote(url.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file(), href
        if url.fragment:
            assert f'id="{unquote(url.fragment)}"' in target.read_text(encoding="utf-8"), href
    # links work: follow the first link in the text
    first = pg.locator("article a[href$='.html']:not(.headerlink):not([download]):not([href*='kit/'])").first  # pages, not downloads
    if not first.count():  # a lesson page has no links in its text: follow the navigation instead
        first = pg.locator(".md-nav--primary a.md-nav__link[href$='.html']").first
        pg.locator("label.md-header__button[for=__drawer]").click()
        first.wait_for(state="visible")
    if first.count():
        target_url = urljoin(pg.url, first.get_attribute("href") or "")
        first.click()
        pg.wait_for_load_state()
        assert pg.url.split("#")[0] == target_url.split("#")[0]
        assert pg.locator("article h1").count() == 1
    ctx.close()


def test_menu_opens_without_javascript_on_a_phone(browser, server, site) -> None:  # noqa: F811
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    pg = ctx.new_page()
    _open(pg, server + _parent_grade(site))
    pg.locator("label.md-header__button[for=__drawer]").click()
    link = pg.locator(".md-nav--primary a.md-nav__link[href$='index.html']").first
    link.wait_for(state="visible", timeout=5_000)
    ctx.close()


# ----------------------------------------------------------------------------- WeChat
DOWNLOADS = ('<div class="xy-downloads"><h2>下载与打印</h2><ul><li><a href="kit/slides.pptx">课件（PPT）</a></li>'
             '<li><a href="kit/plan.docx">教案（Word）</a></li><li><a download href="kit/all.zip">全部材料</a></li>'
             '<li><a href="../index.html">不是下载</a></li></ul></div>')


def _with_downloads(route) -> None:  # type: ignore[no-untyped-def]
    body = route.fetch().text().replace("</article>", DOWNLOADS + "</article>", 1)
    route.fulfill(body=body, content_type="text/html; charset=utf-8")


@pytest.mark.parametrize("ua", ["wechat", "chrome"])
def test_wechat_gets_a_hint_on_download_links(browser, server, site, ua: str) -> None:  # noqa: F811
    rel = _lesson(site)
    kw = {"user_agent": WECHAT_UA} if ua == "wechat" else {}
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", **kw)
    pg = ctx.new_page()
    pg.route(server + rel, _with_downloads)
    _open(pg, server + rel)
    # the links added here and any real download links the lesson kit already has
    real = pg.eval_on_selector_all("article a[download], article a[href$='.pptx'], article a[href$='.docx'], article a[href$='.zip']",
                                   "els => els.length")
    hints = pg.eval_on_selector_all(".xy-wechat-hint", "els => els.map(e => [e.textContent, e.previousElementSibling.textContent])")
    described = pg.eval_on_selector_all(".xy-downloads a[aria-describedby]", "els => els.map(a => a.textContent)")
    visible = pg.locator(".xy-wechat-hint").first.is_visible() if hints else False
    ctx.close()
    if ua == "chrome":
        assert hints == [] and described == []
        return
    assert real >= 3 and len(hints) == real
    assert {h[0] for h in hints} == {"点右上角“…”，选“在浏览器打开”后再下载"}
    assert {"课件（PPT）", "教案（Word）", "全部材料"} <= {h[1] for h in hints} and "不是下载" not in {h[1] for h in hints}
    assert set(described) == {"课件（PPT）", "教案（Word）", "全部材料"} and visible


def test_wechat_user_agent_reads_the_pages_without_errors(browser, server, site) -> None:  # noqa: F811
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", user_agent=WECHAT_UA)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    for rel in (_parent_grade(site), _lesson(site), "index.html"):
        _open(pg, server + rel)
        assert pg.evaluate("document.documentElement.classList.contains('xy-wechat')")
        assert pg.locator("#xy-care-toggle").is_visible()
    ctx.close()
    assert errors == []


def test_every_page_makes_a_sensible_share_card(site) -> None:  # noqa: F811
    """WeChat shows a shared link's title (and, where it can, the description): both must say what the page is."""
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8")
    bad, titles = [], {}
    site_name = "心育 · 中小学心理健康教育"
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith("kit/"):  # kit/: the lesson kit's print sheets, not shared pages
            continue
        doc = lxml_html.fromstring(path.read_bytes(), parser=parser)
        title = (doc.findtext(".//title") or "").strip()
        desc = (doc.xpath("//meta[@name='description']/@content") or [""])[0].strip()
        art = doc.find(".//article")
        first = ""
        for p in art.iter("p"):
            cls = p.get("class") or ""
            if "admonition-title" in cls or "xy-sample" in cls:
                continue
            first = " ".join(p.text_content().split())
            if first:
                break
        head = title.removesuffix(" - " + site_name)
        if rel == "index.html":
            ok = title == site_name
        else:
            ok = title.endswith(" - " + site_name) and 2 <= len(head) <= 40 and head != "首页"
        if not ok or len(desc) < 10 or len(first) < 10 or desc == "示例节目":
            bad.append((rel, title, desc[:20], first[:20]))
        titles.setdefault(title, []).append(rel)
    assert bad == []
    assert {t: r for t, r in titles.items() if len(r) > 1} == {}


# ----------------------------------------------------------------------------- axe, both modes
AXE_CASES = [(k, m) for k in TYPES for m in ("normal", "care", "care-larger")
             if m != "care-larger" or k in ("parent-grade", "parents", "lesson")]


@pytest.mark.parametrize(("kind", "mode"), AXE_CASES, ids=[f"{k}-{m}" for k, m in AXE_CASES])
def test_axe_no_violations_of_any_impact(browser, server, site, kind: str, mode: str) -> None:  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    care = {"normal": None, "care": "1", "care-larger": "2"}[mode]
    ctx = _context(browser, PHONE if mode != "normal" else DESKTOP, care=care)
    pg = ctx.new_page()
    _open(pg, server + _page_types(site)[kind])
    results = Axe().run(pg, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
    ctx.close()
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert bad == [], bad
