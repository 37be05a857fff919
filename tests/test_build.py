"""End-to-end: a real MkDocs build in a temporary folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from xinyu.cli import main


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import EXAMPLE_LESSON, copy_base

    root = copy_base(tmp_path_factory.mktemp("e2e") / "proj")
    (root / "lessons" / "primary-lower").mkdir(parents=True)
    (root / "lessons" / "primary-lower" / EXAMPLE_LESSON.name).write_bytes(EXAMPLE_LESSON.read_bytes())
    (root / "content" / "schedule").mkdir(parents=True)
    (root / "content" / "schedule" / "grade-1.yml").write_text(
        "grade: 1\nschedule:\n  - {semester: 1, week: 1, lesson: g1-hello-new-school}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    return root / "site"


def test_lesson_page_has_activities(built: Path) -> None:
    page = (built / "lessons" / "primary-lower" / "g1-hello-new-school.html").read_text(encoding="utf-8")
    for text in ("你好，新学校", "校园寻宝", "我是校园小导游", "好朋友手环", "8 分钟", "课堂约定", "课后小纸条", "家庭延伸"):
        assert text in page


def test_search_index_is_sharded_and_utf8(built: Path) -> None:
    index = built / "assets" / "search"
    manifest = (index / "manifest.js").read_text(encoding="utf-8")
    assert manifest.startswith("XYS.m(")
    shards = list((index / "s").glob("*.js"))
    assert shards and max(p.stat().st_size for p in shards) < 64_000
    pages = list((index / "t").glob("*.js"))
    texts = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert not re.search(r"\\u[4-9][0-9a-f]{3}", texts), "Chinese stored as \\u escapes"
    assert "校园寻宝" in texts and "lessons/primary-lower/g1-hello-new-school.html" in texts
    assert not (built / "search" / "search_index.json").exists()


def test_no_page_loads_search_or_third_party_scripts(built: Path) -> None:
    assert (built / "search.html").is_file() and (built / "assets" / "js" / "search.js").is_file()
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for host in ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr", "cdnjs"):
            assert host not in html, f"{page} loads from {host}"
        # search costs nothing until used: no page names the index or the engine in its markup
        assert "assets/search/" not in html and "search.js" not in html and "search_index" not in html, page


def test_open_data_published(built: Path) -> None:
    lessons = json.loads((built / "api" / "lessons.json").read_text(encoding="utf-8"))
    assert lessons[0]["id"] == "g1-hello-new-school"


def test_failed_build_keeps_old_site(built: Path) -> None:
    root = built.parent
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    lesson = root / "lessons" / "primary-lower" / "g1-hello-new-school.yml"
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good.replace("stage: primary-lower", "stage: nowhere"), encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["-C", str(root), "build"])
        assert result.exit_code == 2
        assert "原来的网站没有改动" in result.output
    finally:
        lesson.write_text(good, encoding="utf-8")
    after = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site.")]


def test_print_pack_holds_the_lessons_as_html(built: Path) -> None:
    pack = (built / "lessons" / "pack" / "grade-1-s1-1.html").read_text(encoding="utf-8")
    assert "校园寻宝" in pack and 'class="xy-activity"' in pack
    assert 'class="xy-pack-lesson"' in pack
    grade = (built / "lessons" / "grade-1.html").read_text(encoding="utf-8")
    assert 'href="pack/grade-1-s1-1.html"' in grade and "第 1 周（1 课）" in grade


@pytest.mark.parametrize(("count", "sizes"), [(0, []), (1, [1]), (3, [3]), (4, [2, 2]), (5, [3, 2]),
                                              (9, [3, 3, 3]), (10, [3, 3, 2, 2]), (18, [3, 3, 3, 3, 3, 3])])
def test_print_packs_split_a_semester_evenly(count: int, sizes: list[int]) -> None:
    from xinyu.render.urls import pack_parts

    parts = pack_parts(list(range(count)))
    assert [len(p) for p in parts] == sizes
    assert [x for p in parts for x in p] == list(range(count))


def test_no_page_shows_escaped_markup(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "&lt;div" not in html and "&lt;p class" not in html and "&lt;li" not in html, page


def test_every_generated_page_has_valid_front_matter() -> None:
    """A page whose front matter is not YAML shows it as text at the top of the page."""
    import yaml

    from conftest import REPO
    from xinyu.load.project import load_project
    from xinyu.render.site import generated_pages

    project = load_project(REPO).project
    assert project is not None
    for path, text in generated_pages(project).items():
        if not path.endswith(".md"):
            continue
        assert text.startswith("---\n"), path
        meta = yaml.safe_load(text.split("---\n", 2)[1])
        assert isinstance(meta, dict) and isinstance(meta.get("title"), str) and meta["title"], path


def test_a_large_stage_links_to_the_filtered_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of lessons would make a stage index heavier than any phone should load."""
    from conftest import REPO
    from xinyu.load.project import load_project
    from xinyu.render import sections
    from xinyu.render.site import page_plan

    project = load_project(REPO).project
    assert project is not None
    junior = [les for les in project.lessons.values() if les.stage == "junior"]
    monkeypatch.setattr(sections, "STAGE_LIST_MAX", len(junior))
    assert "| 课题 | 年级 |" in page_plan(project)["lessons/junior/index.md"]()
    monkeypatch.setattr(sections, "STAGE_LIST_MAX", len(junior) - 1)
    page = page_plan(project)["lessons/junior/index.md"]()
    assert "| 课题 | 年级 |" not in page and f"本学段共 {len(junior)} 课" in page
    for grade in (7, 8, 9):
        mine = [les for les in junior if grade in les.grades]
        assert f'grade={grade}">初中{"七八九"[grade - 7]}年级（{len(mine)} 课）</a>' in page
        emotions = sum("情绪调适" in les.themes for les in mine)
        assert f'grade={grade}&amp;theme=%E6%83%85%E7%BB%AA%E8%B0%83%E9%80%82">情绪调适 {emotions}</a>' in page


def test_a_full_disk_during_the_build_is_a_message_not_a_traceback(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the site fails (a full USB stick): a Chinese message naming the file, exit 2, and
    no site/ half-written."""
    import shutil

    real = shutil.copyfile

    def full(src: str, dst: str, **kwargs: object) -> object:
        if "assets" in str(dst):
            raise OSError(28, "No space left on device", dst)
        return real(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shutil, "copyfile", full)
    result = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert result.exit_code == 2, result.output
    assert "写文件失败" in result.output and "No space left on device" in result.output
    assert "Traceback" not in result.output
    assert not (mini / "site").exists()
