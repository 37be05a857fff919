"""The site in a real browser: Playwright driving Debian's Chromium against the built site.

Covers search, filters, care mode, print media, third-party requests, axe-core and file:// use.
Screenshots for review go to ``test-artifacts/screenshots``. These tests never skip silently:
without Chromium they fail with the install command.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from click.testing import CliRunner

from kit_helpers import require
from xinyu.cli import main
from xinyu.staticserve import SiteHandler

REPO = Path(__file__).resolve().parents[1]
#: The project whose site is tested (the repository itself unless XINYU_BROWSER_ROOT names another).
PROJECT = Path(os.environ.get("XINYU_BROWSER_ROOT", REPO))
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LESSON = "lessons/primary-lower/g1-hello-new-school.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built into a temporary folder."""
    out = tmp_path_factory.mktemp("browser") / "site"
    result = CliRunner().invoke(main, ["-C", str(PROJECT), "build", "--site-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """Serve the site on loopback (a thread, stopped after the module)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(SiteHandler):
    """The site as a host serves it (a wrong address gets ``404.html``), without gzip."""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=require("chromium"), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    foreign: list[str] = []
    host = urlparse(server).hostname

    def watch(request) -> None:  # type: ignore[no-untyped-def]
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != host:
            foreign.append(request.url)

    pg.on("request", watch)
    pg.foreign = foreign  # type: ignore[attr-defined]
    yield pg
    context.close()


def _results(pg, base: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the results page for ``query`` and return the results' texts."""
    pg.goto(base + "search.html?q=" + quote(query))
    pg.wait_for_function("() => { const s = document.getElementById('xy-search-status');"
                         " return s && s.textContent && !s.textContent.startsWith('正在'); }", timeout=15_000)
    return pg.locator("#xy-search-results a[data-search-result]").all_inner_texts()


def test_search_finds_lesson_by_chinese_word_with_its_grade(page, server) -> None:  # type: ignore[no-untyped-def]
    results = _results(page, server, "校园寻宝")
    assert results and "你好，新学校" in results[0] and "（一年级）" in results[0], results
    mark = page.locator("#xy-search-results mark").first
    assert mark.inner_text() == "校园寻宝"


def test_search_finds_part_of_a_term(page, server) -> None:  # type: ignore[no-untyped-def]
    whole = _results(page, server, "心理情景剧")
    part = _results(page, server, "情景剧")
    assert len(whole) >= 10 and len(part) >= len(whole)


def test_filters_narrow_the_list_and_live_in_the_url(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "lessons/index.html")
    total = page.locator(".xy-card").count()
    page.select_option("#f-grade", "1")
    visible = page.locator(".xy-card:not([hidden])").count()
    assert 0 < visible < total or total == visible == 1
    assert "grade=1" in page.url
    for card in page.locator(".xy-card:not([hidden])").all():
        assert "1" in (card.get_attribute("data-grades") or "").split()
    shared = page.url
    page.goto(shared)
    assert page.locator(".xy-card:not([hidden])").count() == visible
    assert page.input_value("#f-grade") == "1"


def test_keyboard_filters(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "lessons/index.html")
    page.focus("#f-q")
    page.keyboard.insert_text("新学校")
    page.keyboard.press("Tab")
    assert page.locator(".xy-card:not([hidden])").count() >= 1
    assert all("新学校" in t for t in page.locator(".xy-card:not([hidden])").all_inner_texts())


def test_care_mode_persists_and_enlarges_text(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "parents/index.html")
    toggle = page.locator("#xy-care-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.goto(server + "parents/grade-1.html")
    assert page.evaluate("document.documentElement.hasAttribute('data-xy-care')")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)")
    assert size >= 20
    page.locator("#xy-care-toggle").click()
    page.goto(server + "index.html")
    assert not page.evaluate("document.documentElement.hasAttribute('data-xy-care')")


def test_print_hides_navigation(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + LESSON)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        if page.locator(selector).count():
            assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


def test_every_page_fits_the_page_budget(site: Path) -> None:
    """Parents open pages on cheap phones over mobile data: no page above 80 KB of HTML."""
    heavy = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html") if p.stat().st_size > 80_000}
    assert heavy == {}


def test_print_packs_hold_every_lesson_one_per_page(page, server, site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "lessons/grade-7.html")
    scheduled = page.locator("table a[href*='g7-']").evaluate_all("links => links.map(a => a.textContent.trim())")
    buttons = page.locator("a.md-button[href*='pack/']")
    packs = buttons.evaluate_all("links => links.map(a => a.href)")
    assert len(packs) >= 4  # two semesters, more than one pack each
    found: list[str] = []
    for url in packs:
        page.goto(url)
        page.emulate_media(media="print")
        lessons = page.locator(".xy-pack-lesson")
        assert 1 <= lessons.count() <= 4
        breaks = lessons.evaluate_all("els => els.map(e => getComputedStyle(e).breakBefore)")
        assert breaks[1:] == ["page"] * (len(breaks) - 1)
        assert not page.locator(".md-header").is_visible() and not page.locator(".xy-noprint").first.is_visible()
        found += page.locator("article h2").evaluate_all("hs => hs.map(h => h.textContent.replace('¶', '').trim())")
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= lessons.count()
        page.emulate_media(media="screen")
    assert found == scheduled and len(found) >= 9
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(packs[0])
    page.screenshot(path=str(ARTIFACTS / "print-pack.png"))


def test_no_third_party_requests(page, server) -> None:  # type: ignore[no-untyped-def]
    for path in ("index.html", LESSON, "lessons/index.html", "parents/index.html", "compliance/index.html",
                 "training/index.html", "air-classroom/index.html"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert page.foreign == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["index.html", LESSON, "lessons/index.html", "parents/index.html",
                                  "parents/grade-1.html", "compliance/index.html", "lessons/grade-7.html",
                                  "lessons/pack/grade-7-s1-1.html", "lessons/junior/index.html"])
def test_axe_no_serious_violations(page, server, path: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


def test_works_from_disk_with_search(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(site.joinpath(LESSON).as_uri())
    assert "你好，新学校" in pg.inner_text("h1")
    results = _results(pg, site.as_uri() + "/", "校园寻宝")
    assert any("你好，新学校" in r for r in results), results
    href = pg.locator("#xy-search-results a[data-search-result]").first.get_attribute("href")
    assert href and href.startswith("file://")
    # the header box works from disk too
    pg.goto(site.joinpath("parents", "index.html").as_uri())
    pg.focus("#xy-hq")
    pg.keyboard.insert_text("校园寻宝")
    pg.wait_for_selector("#xy-suggest a[data-search-result]", timeout=15_000)
    context.close()


@pytest.mark.parametrize("size", [("phone", 390, 844), ("desktop", 1280, 900)], ids=["phone", "desktop"])
def test_screenshots_for_review(browser, server, size) -> None:  # type: ignore[no-untyped-def]
    name, width, height = size
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    pg = context.new_page()
    for label, path in (("home", "index.html"), ("lesson", LESSON), ("parents", "parents/grade-1.html")):
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
        out = ARTIFACTS / f"{label}-{name}.png"
        pg.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 10_000
    context.close()


# ----------------------------------------------------------------------------- site search
#: The issue's queries (17): relevant = the page's main text contains the query.
QUERIES = ["角色扮演", "团体辅导", "心理情景剧", "情景剧", "考试焦虑", "生涯规划", "情绪", "挫折", "生命教育", "亲子沟通",
           "青春期", "空椅子技术", "留守儿童", "欺凌", "深呼吸", "睡眠", "转介", "伙伴制", "学时", "家长会", "手机",
           "注意力", "新学期", "自伤", "友谊", "留守 爷爷"]


def _main_texts(site: Path) -> dict[str, str]:
    import unicodedata

    from lxml import html as lxml_html

    out = {}
    parser = lxml_html.HTMLParser(encoding="utf-8")
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel in ("404.html", "search.html"):
            continue
        art = lxml_html.fromstring(path.read_bytes(), parser=parser).find(".//article")
        if art is not None:
            for junk in art.xpath(".//a[contains(@class,'headerlink')]|.//script"):
                junk.drop_tree()
            out[rel] = unicodedata.normalize("NFKC", art.text_content()).lower()
    return out


def test_search_quality_on_the_query_list(page, server, site: Path) -> None:  # type: ignore[no-untyped-def]
    texts = _main_texts(site)
    precisions, recalls, worst = [], [], []
    for q in QUERIES:
        _results(page, server, q)
        hrefs = page.eval_on_selector_all("#xy-search-results a[data-search-result]", "els => els.map(e => e.href)")
        urls = list(dict.fromkeys(urlparse(h).path.split("/", 1)[1] for h in hrefs))
        from urllib.parse import unquote

        urls = [unquote(u) for u in urls]
        relevant = {u for u, t in texts.items() if all(w in t for w in q.split())}
        top5 = urls[:5]
        p = sum(u in relevant for u in top5) / len(top5) if top5 else 0.0
        r = sum(u in relevant for u in urls[:20]) / min(20, len(relevant))
        precisions.append(p)
        recalls.append(r)
        if p < 0.9 or r < 0.9:
            worst.append((q, p, r, len(relevant)))
    assert sum(precisions) / len(precisions) >= 0.9, worst
    assert sum(recalls) / len(recalls) >= 0.9, worst
    assert min(precisions) >= 0.8 and min(recalls) >= 0.8, worst


def test_search_ranks_exact_title_first_then_titles_then_lessons(page, server) -> None:  # type: ignore[no-untyped-def]
    results = _results(page, server, "你好，新学校")
    assert results[0].startswith("你好，新学校（一年级）"), results[:3]
    _results(page, server, "心理情景剧")
    rows = page.eval_on_selector_all(
        "#xy-search-results a[data-search-result]",
        "els => els.map(e => [e.querySelector('.xy-result__title').textContent, e.dataset.kind])")
    tiers = [(0 if "心理情景剧" in title else 1, ["lesson", "page", "training", "listing", "pack"].index(kind))
             for title, kind in rows]
    assert [t[0] for t in tiers] == sorted(t[0] for t in tiers), rows
    body_only = [k for t, k in tiers if t == 1]
    assert body_only == sorted(body_only), rows


def test_two_word_query_puts_pages_with_both_first(page, server, site: Path) -> None:  # type: ignore[no-untyped-def]
    texts = _main_texts(site)
    _results(page, server, "留守 爷爷")
    hrefs = page.eval_on_selector_all("#xy-search-results a[data-search-result]", "els => els.map(e => e.href)")
    from urllib.parse import unquote

    urls = [unquote(urlparse(h).path.split("/", 1)[1]) for h in hrefs]
    both = [("留守" in texts[u] and "爷爷" in texts[u]) for u in urls]
    assert both and both[0]
    assert both == sorted(both, reverse=True), list(zip(urls, both, strict=True))


def test_header_search_box_by_keyboard(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "parents/index.html")
    page.focus("#xy-hq")
    page.keyboard.insert_text("校园寻宝")
    page.wait_for_selector("#xy-suggest a[data-search-result]", timeout=10_000)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and "g1-hello-new-school.html" in focused
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "xy-hq"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    assert "你好，新学校" in page.locator("#xy-search-results").inner_text()


def test_opening_a_page_loads_nothing_for_search(page, server) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in (LESSON, "index.html", "parents/grade-1.html"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "assets/search/" in u or u.endswith("search.js")], requests
    page.focus("#xy-hq")
    page.wait_for_function("() => !!window.XYSearch")
    page.wait_for_load_state("networkidle")
    assert [u for u in requests if u.endswith("manifest.js")]


BYTES = """() => { const n = performance.getEntriesByType('navigation')[0];
  let t = n.transferSize; for (const r of performance.getEntriesByType('resource')) t += r.transferSize; return t; }"""


def test_byte_budgets_served_with_gzip(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    from xinyu.staticserve import serve

    with serve(site) as base:
        for path, budget, query in ((LESSON, 100, None), ("parents/grade-1.html", 100, None),
                                    ("search.html?q=" + quote("心理情景剧"), 300, True),
                                    ("search.html?q=" + quote("情绪"), 300, True)):
            context = browser.new_context()
            pg = context.new_page()
            pg.goto(base + path)
            if query:
                pg.wait_for_selector("a[data-search-result]")
            pg.wait_for_load_state("networkidle")
            kb = pg.evaluate(BYTES) / 1024
            context.close()
            assert 0 < kb <= budget, f"{path}: {kb:.0f} KB > {budget} KB"


@pytest.mark.parametrize("query", ["", "   ", "情" * 2000, "<script>alert(1)</script>", "%", "100%", "%E4%", "%%25"])
def test_search_bad_input_shows_a_clear_state(page, server, query: str) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    raw = query if query.startswith("%") and query not in ("%", "100%") else quote(query)
    page.goto(server + "search.html?q=" + raw)
    page.wait_for_function("() => { const s = document.getElementById('xy-search-status');"
                           " return s && s.textContent && !s.textContent.startsWith('正在'); }", timeout=15_000)
    status = page.inner_text("#xy-search-status")
    assert status and ("请在上面的框里输入" in status or "没有找到" in status or "页面" in status), status
    assert errors == []
    injected = "els => els.filter(e => e.textContent.includes('alert(1)')).length"
    assert page.locator("script:not([src])").evaluate_all(injected) == 0
