"""``xinyu render`` (the engine-neutral page tree) and ``xinyu build --engine zensical``.

The project is the repository's content with only the lessons that load (the others, and their
schedule rows, are left out), so these tests run while lessons are being migrated.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from click.testing import CliRunner

from kit_helpers import require
from xinyu.cli import main
from xinyu.load.project import load_project

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def loadable_copy(dest: Path) -> Path:
    """The repository's project, without lessons that do not load and schedule rows naming them."""
    for rel in ("content", "lessons", "macros"):
        shutil.copytree(REPO / rel, dest / rel, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for _ in range(3):
        bad = {p.file for p in load_project(dest).problems if p.file.startswith("lessons/")}
        if not bad:
            break
        for rel in bad:
            (dest / rel).unlink(missing_ok=True)
    ids = {p.stem for p in (dest / "lessons").rglob("*.yml")}
    for sched in (dest / "content" / "schedule").glob("*.yml"):
        data = yaml.safe_load(sched.read_text(encoding="utf-8"))
        data["schedule"] = [row for row in data["schedule"] if row["lesson"] in ids]
        if data["schedule"]:
            sched.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        else:
            sched.unlink()
    assert ids and not load_project(dest).problems
    return dest


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loadable_copy(tmp_path_factory.mktemp("engines") / "proj")


@pytest.fixture(scope="module")
def tree(project: Path) -> Path:
    out = project.parent / "tree"
    result = CliRunner().invoke(main, ["-C", str(project), "render", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def material(project: Path) -> Path:
    out = project.parent / "site-material"
    result = CliRunner().invoke(main, ["-C", str(project), "build", "--site-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def zensical(project: Path) -> Path:
    assert (BIN / "zensical").is_file(), "需要 Zensical：pip install -e '.[zensical]'（make test 会安装）"
    out = project.parent / "site-zensical"
    done = subprocess.run([str(BIN / "xinyu"), "-C", str(project), "build", "--engine", "zensical", "--site-dir", str(out)],
                          env=ENV, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def tree_site(tree: Path) -> Path:
    """The rendered tree built by plain MkDocs + Material (strict), without the xinyu plugin."""
    done = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q"], cwd=tree, env=ENV,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return tree / "site"


def _html(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_tree_config_has_no_plugins_and_builds_with_plain_mkdocs(tree: Path, tree_site: Path, material: Path) -> None:
    config = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^plugins: \[\]$", config, re.M)
    assert "xinyu" not in re.sub(r"#.*", "", config).split("plugins:")[1].split("\n")[0]
    assert "macros" not in re.sub(r"#.*", "", config) and "watch:" not in config
    assert "docs_dir: docs" in config and "pymdownx.slugs.slugify" in config
    assert _html(tree_site) == _html(material)


def test_hand_written_pages_have_their_macros_rendered(tree: Path, project: Path) -> None:
    index = (tree / "docs" / "index.md").read_text(encoding="utf-8")
    source = (REPO / "content" / "pages" / "index.md").read_text(encoding="utf-8")
    assert index.startswith(source[:source.index("\n---\n") + 5])  # front matter kept as written
    lessons = len(list((project / "lessons").rglob("*.yml")))
    assert f"全部 {lessons} 个教案" in index
    for page in (tree / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, page
    assert (tree / "docs" / "assets" / "css" / "xinyu.css").is_file()
    assert (tree / "docs" / "api" / "lessons.json").is_file()


def _article(html: str) -> str:
    m = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert m, "no article"
    return m.group(1)


def test_plugin_and_render_give_the_same_pages(tree_site: Path, material: Path) -> None:
    """One code path: the plugin's build and plain MkDocs on the rendered tree show the same content."""
    for rel in ("index.html", "school/crisis.html", "lessons/index.html", "compliance/index.html"):
        a = _article((material / rel).read_text(encoding="utf-8"))
        b = _article((tree_site / rel).read_text(encoding="utf-8"))
        assert a == b, rel


def test_template_error_in_render_names_page_and_line(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "site-*", "tree"))
    page = copy / "content" / "pages" / "about.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, "{{ no_such_macro() }}"]) + "\n", encoding="utf-8")
    for args in (["render", "--out", str(tmp_path / "t")], ["build", "--site-dir", str(tmp_path / "s")]):
        result = CliRunner().invoke(main, ["-C", str(copy), *args])
        assert result.exit_code == 2, result.output
        assert f"content/pages/about.md:{len(lines) + 1}:" in result.output, result.output
        assert "no_such_macro" in result.output and "Traceback" not in result.output


def test_zensical_builds_the_same_pages(zensical: Path, material: Path) -> None:
    assert _html(zensical) == _html(material)
    assert (zensical / "assets" / "search" / "manifest.js").is_file()  # the xinyu search index
    for lesson in (zensical.parent / "proj" / "lessons").rglob("*.yml"):
        data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
        html = (zensical / "lessons" / data["stage"] / f"{data['id']}.html").read_text(encoding="utf-8")
        assert data["title"] in html and "{{" not in html


def test_zensical_refuses_invalid_content_and_keeps_the_old_site(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "site-*", "tree"))
    (copy / "site").mkdir()
    (copy / "site" / "keep.txt").write_text("old", encoding="utf-8")
    lesson = sorted((copy / "lessons").rglob("*.yml"))[0]
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(copy), "build", "--engine", "zensical"])
    assert result.exit_code == 2 and "titel" in result.output
    assert (copy / "site" / "keep.txt").read_text(encoding="utf-8") == "old"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def zserver(zensical: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(zensical)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_chinese_search_in_the_zensical_site(zserver: str, project: Path) -> None:
    """The xinyu search (index built from Zensical's HTML) finds a lesson by its title and by a
    dictionary term, in a real browser."""
    from playwright.sync_api import sync_playwright

    forms = yaml.safe_load((project / "content/taxonomy/forms.yml").read_text(encoding="utf-8"))["forms"]
    assert "团体辅导" in {f["name"] for f in forms}  # a form: in the search dictionary (see terms.yml)
    lesson = yaml.safe_load(sorted((project / "lessons").rglob("*.yml"))[0].read_text(encoding="utf-8"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require("chromium"), args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            pg = browser.new_page(locale="zh-CN")
            found = {}
            for query in (lesson["title"], "团体辅导"):
                pg.goto(zserver + "search.html?q=" + quote(query))
                pg.wait_for_function("() => { const s = document.getElementById('xy-search-status');"
                                     " return s && s.textContent && !s.textContent.startsWith('正在'); }", timeout=15_000)
                found[query] = pg.locator("#xy-search-results a[data-search-result]").all_inner_texts()
        finally:
            browser.close()
    assert found[lesson["title"]] and lesson["title"] in found[lesson["title"]][0], found
    assert found["团体辅导"], found


def test_render_honours_the_plugin_settings_of_mkdocs_yml(project: Path, tmp_path: Path) -> None:
    """``kit: false`` and ``api: false`` under the plugin in mkdocs.yml hold for ``render`` (and so
    for ``--engine zensical``) as they do for the plugin's own build."""
    copy = tmp_path / "p"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "site-*", "tree"))
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - xinyu\n" in text
    config.write_text(text.replace("\n  - xinyu\n", "\n  - xinyu:\n      kit: false\n      api: false\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(copy), "render", "--out", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    docs = tmp_path / "t" / "docs"
    lesson = next((docs / "lessons").rglob("*.md")).read_text(encoding="utf-8")
    assert not (docs / "kit").exists() and not (docs / "api").exists()
    assert "下载与打印" not in lesson
    result = CliRunner().invoke(main, ["-C", str(project), "render", "--out", str(tmp_path / "full")])
    assert result.exit_code == 0, result.output
    full = tmp_path / "full" / "docs"
    assert (full / "kit").is_dir() and (full / "api").is_dir()
    assert "下载与打印" in next((full / "lessons").rglob("*.md")).read_text(encoding="utf-8")
