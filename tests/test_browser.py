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
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner

from xinyu.cli import main

REPO = Path(__file__).resolve().parents[1]
#: The project whose site is tested (the repository itself unless XINYU_BROWSER_ROOT names another).
PROJECT = Path(os.environ.get("XINYU_BROWSER_ROOT", REPO))
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).exists(), "需要 Chromium：apt-get install -y chromium fonts-noto-cjk（.ci/run 会自动安装）"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
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


def _search(pg, server: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    pg.goto(server + "index.html")
    pg.click("label.md-header__button[for='__search']") if pg.is_visible("label.md-header__button[for='__search']") else None
    box = pg.locator("input.md-search__input")
    box.focus()
    pg.keyboard.insert_text(query)
    pg.keyboard.press("End")
    pg.wait_for_selector(".md-search-result__item", timeout=10_000)
    return [t.replace("\u200b", "") for t in pg.locator(".md-search-result__item").all_inner_texts()]


def test_search_finds_lesson_by_chinese_word(page, server) -> None:  # type: ignore[no-untyped-def]
    results = _search(page, server, "校园寻宝")
    assert any("你好，新学校" in r for r in results), results


def test_search_finds_dictionary_term(page, server) -> None:  # type: ignore[no-untyped-def]
    results = _search(page, server, "团体辅导")
    assert results


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
    pg.goto(site.joinpath("index.html").as_uri())
    pg.click("a[href$='lessons/index.html']") if pg.locator("a[href$='lessons/index.html']").count() else None
    pg.goto(site.joinpath(LESSON).as_uri())
    assert "你好，新学校" in pg.inner_text("h1")
    box = pg.locator("input.md-search__input")
    box.focus()
    pg.keyboard.insert_text("校园寻宝")
    pg.keyboard.press("End")
    pg.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert any("你好，新学校" in t.replace("\u200b", "") for t in pg.locator(".md-search-result__item").all_inner_texts())
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


def test_dictionary_terms_are_whole_words_in_the_index(site: Path) -> None:
    import json

    import yaml

    terms = yaml.safe_load((PROJECT / "content/taxonomy/terms.yml").read_text(encoding="utf-8"))["terms"]
    terms += ["团体辅导", "心理情景剧", "角色扮演", "生涯规划", "生命教育", "挫折教育"]
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    separator = re.compile(json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]["separator"])
    tokens: set[str] = set()
    text = ""
    for d in docs:
        for field in (d["title"], d["text"]):
            tokens.update(separator.split(field))
            text += field.replace("\u200b", "")
    present = [t for t in terms if t in text]
    assert len(present) >= 10
    missing = [t for t in present if t not in tokens]
    assert missing == [], f"cut apart by the segmenter: {missing}"


def test_search_results_show_the_grade(page, server) -> None:  # type: ignore[no-untyped-def]
    results = _search(page, server, "校园寻宝")
    assert any("你好，新学校（一年级）" in r for r in results), results
