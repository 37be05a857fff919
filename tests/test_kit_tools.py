"""The delivery kit through real tools: LibreOffice, poppler, zbar and Chromium.

Slides and a lesson plan are converted to PDF with LibreOffice headless and rendered to PNG
(``test-artifacts/kit/``); the extracted text must be the Chinese text. The home slip's QR code is
decoded from a screenshot of the slip. The print pages are printed to PDF in Chromium, and no
card, sheet or slip may leave its page. These tests never skip: a missing tool fails with the
command that installs it.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit_helpers import ARTIFACTS, kit_project, require
from xinyu.cli import main

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SITE_URL = "https://xinyu.example.edu.cn/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, with a public site_url, built by ``xinyu build``."""
    root = kit_project(tmp_path_factory.mktemp("kittools") / "proj", site_url=SITE_URL)
    _add_stress_lesson(root)
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    return root / "site"


def _add_stress_lesson(root: Path) -> None:
    """A lesson whose materials are as long as the checks allow: the print layout's worst case."""
    import yaml

    source = root / "lessons" / "junior" / "g7-naming-emotions.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["id"], data["title"] = "g8-kit-stress", "材料最长的一课"
    data["grades"] = [8]
    long_card = ("你和同学花了一个中午出的黑板报，被值日生擦黑板时不小心擦掉了一角，"
                 "你心里又气又急，还有点委屈，不知道该不该去找他说。")
    acts = data["activities"]
    acts[2]["handouts"][0]["items"] = [long_card[:90]] * 13
    question = "这一周里让你印象最深的一件事，当时你的身体有什么反应，你是怎样照顾自己的？"
    acts[1]["handouts"][0]["items"] = ["请写下：" + question * 2] * 12
    acts[1]["handouts"][0]["write_lines"] = 3
    acts[3]["handouts"][0]["kind"] = "角色卡"
    acts[3]["handouts"][0]["audience"] = "每组"
    role = "熬夜做了大半的 PPT，觉得只有自己在干活，又急又委屈，说话很冲。"
    acts[3]["handouts"][0]["items"] = [("小宇（组长）：" + role * 4)[:160]] * 7
    data["home"]["learned"] = "孩子今天学了给心情起名字。" * 24  # too long for half a sheet: one slip a page
    data["home"]["watch_for"] = ["孩子连续两周以上闷闷不乐，请和班主任联系。"] * 6
    path = root / "lessons" / "junior" / "g8-kit-stress.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _plain(text: str) -> str:
    """Text without the spaces and line breaks that PDF extraction puts between characters."""
    return re.sub(r"\s+", "", text)


def test_libreoffice_renders_the_chinese_text(site: Path, tmp_path: Path) -> None:
    soffice, pdftoppm, pdftotext = require("soffice"), require("pdftoppm"), require("pdftotext")
    out = ARTIFACTS / "libreoffice"
    out.mkdir(parents=True, exist_ok=True)
    sources = [site / "kit" / "g11-conflict-talks.pptx", site / "kit" / "g1-hello-new-school.docx"]
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: other soffice processes may be running
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    *map(str, sources)], check=True, capture_output=True, timeout=300)
    slides_pdf, plan_pdf = out / "g11-conflict-talks.pdf", out / "g1-hello-new-school.pdf"
    assert slides_pdf.is_file() and plan_pdf.is_file()
    for pdf in (slides_pdf, plan_pdf):
        subprocess.run([pdftoppm, "-r", "40", "-png", str(pdf), str(out / pdf.stem)], check=True, timeout=300)
    pngs = sorted(out.glob("g11-conflict-talks-*.png"))
    from pptx import Presentation

    assert len(pngs) == len(Presentation(str(sources[0])).slides)
    assert all(p.stat().st_size > 3000 for p in pngs)
    slides_text = _plain(subprocess.run([pdftotext, str(slides_pdf), "-"], check=True, capture_output=True, text=True).stdout)
    for expected in ("冲突来了，坐下来谈", "课堂约定", "环节三角色扮演：结题前一周",
                     "猫头鹰（合作）：弄清双方的需要，找两全的办法", "分享与交流", "课后小纸条",
                     "这一周，我想在哪一段关系里试试协商四步？"):
        assert _plain(expected) in slides_text, expected
    assert "去角色" not in slides_text  # a step: in the notes, not on the slides
    plan_text = _plain(subprocess.run([pdftotext, str(plan_pdf), "-"], check=True, capture_output=True, text=True).stdout)
    for expected in ("心理辅导活动课教案：你好，新学校", "教学目标", "教学过程", "师生活动", "设计意图", "课堂约定",
                     "老师出示问题卡，一张一张读给孩子听。", "教学反思", "今天我认识了学校的……（可以画出来）"):
        assert _plain(expected) in plan_text, expected


def test_home_slip_qr_opens_the_parent_page(site: Path) -> None:
    zbarimg = require("zbarimg")
    chromium = require("chromium")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "home-slip-g7.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(device_scale_factor=2)
        page.goto((site / "kit" / "g7-naming-emotions-home.html").as_uri())
        page.emulate_media(media="print")
        page.locator(".kit-home").first.screenshot(path=str(shot))
        browser.close()
    decoded = subprocess.run([zbarimg, "--raw", "-q", str(shot)], capture_output=True, text=True, timeout=60)
    assert decoded.returncode == 0, decoded.stderr
    assert decoded.stdout.strip().splitlines() == [f"{SITE_URL}parents/grade-7.html"]
    assert (site / "parents" / "grade-7.html").is_file()  # the page it opens is in the site


def test_print_pages_keep_every_card_on_its_page(site: Path) -> None:
    chromium = require("chromium")
    from playwright.sync_api import sync_playwright

    pages = sorted((site / "kit").glob("*.html"))
    assert len(pages) == 2 * 4  # four lessons: materials and home slip each
    out = ARTIFACTS / "print"
    out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        foreign: list[str] = []
        page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        for html in pages:
            page.goto(html.as_uri())
            page.emulate_media(media="print")
            count, bad = page.evaluate("""() => {
              const bad = [];
              const sheets = [...document.querySelectorAll('.kit-page')];
              sheets.forEach((sheet, i) => {
                const box = sheet.getBoundingClientRect();
                sheet.querySelectorAll('.kit-card, .kit-sheet, .kit-script, .kit-home, .kit-head, li').forEach(el => {
                  const r = el.getBoundingClientRect();
                  if (r.bottom > box.bottom + 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5)
                    bad.push(`page ${i + 1}: ${el.className || el.tagName} leaves the page`
                             + ` by ${(r.bottom - box.bottom).toFixed(1)}px`);
                  if (el.scrollHeight > el.clientHeight + 1 && el.tagName !== 'LI')
                    bad.push(`page ${i + 1}: text overflows ${el.className}: ${el.textContent.trim().slice(0, 20)}`);
                });
              });
              return [sheets.length, bad];
            }""")
            problems += [f"{html.name}: {b}" for b in bad]
            pdf = page.pdf(format="A4", prefer_css_page_size=True)
            (out / f"{html.stem}.pdf").write_bytes(pdf)
            printed = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
            if printed != count:
                problems.append(f"{html.name}: {count} laid-out pages printed on {printed} sheets")
            page.emulate_media(media="screen")
        browser.close()
    assert problems == []
    assert foreign == []
    assert os.path.getsize(out / "g8-kit-stress.pdf") > 10_000
    assert 'class="kit-home kit-home--full"' in (site / "kit" / "g8-kit-stress-home.html").read_text(encoding="utf-8")
    assert (site / "kit" / "g7-naming-emotions-home.html").read_text(encoding="utf-8").count('class="kit-home"') == 2


def test_print_pages_pass_axe(site: Path) -> None:
    """The print pages are pages of the site: no serious accessibility problem on screen."""
    chromium = require("chromium")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    bad = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for name in ("g1-hello-new-school.html", "g11-conflict-talks.html", "g7-naming-emotions-home.html"):
            page.goto((site / "kit" / name).as_uri())
            results = Axe().run(page)
            bad += [(name, v["id"], [n["target"] for n in v["nodes"]][:3])
                    for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        browser.close()
    assert bad == []
