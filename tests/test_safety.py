"""Hostile input: fuzzing the loader, script injection, personal data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_LESSON, copy_base
from xinyu.checks.privacy import scan_text, valid_id
from xinyu.cli import main
from xinyu.load.project import load_project
from xinyu.load.yamlread import YamlProblem, decode, parse

BASE = EXAMPLE_LESSON.read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_reader_never_crashes_on_bytes(raw: bytes) -> None:
    try:
        parse(decode(raw, "x.yml"), "x.yml")
    except YamlProblem as err:
        assert err.problem.file == "x.yml" and err.problem.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_loader_never_crashes_on_mutated_lessons(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    root = copy_base(tmp_path_factory.mktemp("fuzz") / "p")
    lines = BASE.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    junk = data.draw(st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#\t 0123456789abc中文，。\n")), max_size=30))
    lines[i] = data.draw(st.sampled_from([lines[i] + junk, junk + lines[i], junk, lines[i][: len(lines[i]) // 2]]))
    target = root / "lessons" / "primary-lower" / EXAMPLE_LESSON.name
    target.parent.mkdir(parents=True)
    target.write_text("\n".join(lines), encoding="utf-8")
    result = load_project(root)
    for p in result.problems:
        assert p.file and p.message
        assert not re.search(r"[A-Za-z]{4,}( [a-z]{2,}){2,}", p.message.split("（")[0]), p  # said in Chinese


def test_billion_laughs_is_refused(mini: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    (mini / "lessons" / "primary-lower" / "g1-bomb.yml").write_text(bomb, encoding="utf-8")
    result = load_project(mini)
    assert any("锚点" in p.message for p in result.problems)


HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    '<a href="javascript:alert(1)">点我</a>',
    "{{ config }} {% raw %}",
]


def test_hostile_strings_are_shown_as_text(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "p")
    lesson = BASE
    for bad in HOSTILE:  # each hostile string becomes one more material line (single-quoted YAML)
        quoted = bad.replace("'", "''")
        lesson = lesson.replace("  - 轻音乐一段", f"  - '{quoted}'\n  - 轻音乐一段", 1)
    lesson = lesson.replace("title: 你好，新学校", "title: '<b onmouseover=alert(1)>你好</b> [x](javascript:void(0))'")
    (root / "lessons" / "primary-lower").mkdir(parents=True)
    (root / "lessons" / "primary-lower" / EXAMPLE_LESSON.name).write_text(lesson, encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    html = (root / "site" / "lessons" / "primary-lower" / "g1-hello-new-school.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "") or "&lt;img" in html
    assert 'href="javascript:' not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;" in html  # shown as text


def test_privacy_scan_finds_personal_data_and_masks_it() -> None:
    text = "家长电话 13812345678，身份证 11010519491231002X，邮箱 parent@example.com，住址 长征路12号3栋\n热线 12356"
    hits = scan_text(text, ["12356", "12355"])
    kinds = {h.kind for h in hits}
    assert {"手机号", "身份证号", "电子邮箱", "家庭住址"} <= kinds
    assert all("13812345678" not in h.masked and "11010519491231002X" not in h.masked for h in hits)
    assert not scan_text("心理援助热线 12356，青少年服务台 12355", ["12356", "12355"])
    assert valid_id("11010519491231002X") and not valid_id("110105194912310021")


def test_build_refuses_personal_data(mini: Path) -> None:
    lesson = mini / "lessons" / "primary-lower" / EXAMPLE_LESSON.name
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("轻音乐一段", "有事打 13912345678"), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert result.exit_code == 2
    assert "手机号" in result.output and "13912345678" not in result.output
    assert "lessons/primary-lower/g1-hello-new-school.yml:" in result.output
    assert not (mini / "site").exists()
    shutil.rmtree(mini / "lessons")


@pytest.mark.parametrize("snippet, message", [
    ('<img src="x.png" onerror="alert(1)">', "事件处理属性"),
    ('<a href="javascript:alert(1)">点我</a>', "javascript: 地址"),
    ('<script>alert(1)</script>', "内嵌脚本"),
    ('<a href="no-such-page.html">坏链接</a>', "不存在的文件"),
    ('<a href="http://example.com/">不安全</a>', "没有用 https"),
])
def test_built_html_is_checked(mini: Path, snippet: str, message: str) -> None:
    page = mini / "content" / "pages" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{snippet}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert result.exit_code == 2, result.output
    assert message in result.output
    line = len(page.read_text(encoding="utf-8").splitlines())  # reported on the page it came from
    assert re.search(rf"content/pages/about\.md:{line}:\d+: .*{re.escape(message)}", result.output), result.output
    assert not (mini / "site").exists()


def test_broken_link_on_a_page_names_page_and_line(mini: Path) -> None:
    page = mini / "content" / "pages" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n见[别处](nowhere.md)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert result.exit_code == 2
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert f"content/pages/about.md:{line}:" in result.output and "链接“nowhere.md”指向的页面不存在" in result.output


def test_built_html_scan_finds_personal_data(tmp_path: Path) -> None:
    from xinyu.checks.htmlcheck import check_site

    (tmp_path / "index.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><article><h2 id='家校共育'>家校共育</h2>"
        "<p>请联系 王老师 13912345678</p><p>家住幸福路12号</p><p>热线 12356</p>"
        "<a href='#家校共育'>上文</a><a href='#没有这个'>坏锚点</a></article></body></html>", encoding="utf-8")
    problems = check_site(tmp_path, ["12356"])
    messages = [p.message for p in problems]
    assert [m for m in messages if "手机号" in m] and [m for m in messages if "家庭住址" in m], messages
    assert all("13912345678" not in m for m in messages)
    assert [m for m in messages if "锚点" in m] == ["链接指向不存在的锚点：#没有这个"]


def test_reader_gives_the_same_data_as_safe_load() -> None:
    import yaml

    from conftest import REPO

    samples = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("content/**/*.yml"))[:40]]
    samples += [EXAMPLE_LESSON.read_text(encoding="utf-8"),
                "a: 012\nb: 0x1f\nc: 1_000\nd: 3.5\ne: 2026-09-01\nf: yes\ng: ~\nh: '1'\ni: [1, 2.0, no]\n"]
    for text in samples:
        assert parse(text, "x.yml").data == yaml.safe_load(text)


#: Plain scalars whose type YAML 1.1 decides from their spelling.
TRICKY = ["yes", "No", "on", "OFF", "y", "~", "null", "", "0", "007", "0o7", "0x1F", "0b101", "1_000", "-1.5e3",
          "+12", ".inf", "-.Inf", ".NaN", "2026-09-01", "2026-09-01 10:00:00", "12:30", "190:20:30", "=", "真",
          "第 3 周", "3.", "1e5", "'1'", '"yes"', "[1, no]", "{a: 1}"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TRICKY), st.sampled_from(TRICKY)), min_size=1, max_size=8))
def test_reader_resolves_scalars_like_safe_load(pairs: list[tuple[str, str]]) -> None:
    """The lean resolver and the one-pass builder give what yaml.safe_load gives, or refuse."""
    import yaml

    text = "".join(f"k{i}{key}: {value}\n" for i, (key, value) in enumerate(pairs))
    text += "list:\n" + "".join(f"  - {value}\n" for _, value in pairs)
    text += "".join(f"{key}: x\n" for key, _ in pairs[:1] if key and key[0] not in "[{'\"")
    try:
        expected = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return
    try:
        assert parse(text, "x.yml").data == expected
    except YamlProblem as err:  # refused on purpose: never a value safe_load would read differently
        assert "重复" in err.problem.message or "无法识别" in err.problem.message, err.problem


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="自伤害怕伤心心理", min_size=1, max_size=4), max_size=8),
       st.text(alphabet="自伤害怕伤心心理的。", max_size=40))
def test_keyword_scan_finds_exactly_the_keywords_in_the_text(keywords: list[str], text: str) -> None:
    from xinyu.load.references import _Keywords

    assert _Keywords(keywords).present(text) == {k for k in keywords if k in text}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["0", "1", "3", "8", "５", "一", "三", "幺", "两", " ", "-", "－", "\n", "\n  ", "@", "＠",
                                 "x", "at", " at ", "(at)", "艾特", ".", "com", "微信", "vx", "wx", "号", "栋", "单元", "室",
                                 "小区", "路", "村", "组", "QQ", "：", "%20", "%31", "?p=", "+", "学", "a"]), max_size=40))
def test_privacy_prefilter_misses_nothing(parts: list[str]) -> None:
    """The cheap test that lets most texts skip the scan never skips a text with a finding."""
    from xinyu.checks.privacy import could_hold

    text = "".join(parts)
    for fold in (True, False):
        assert could_hold(text, fold) or not scan_text(text, fold=fold), text


def test_template_error_in_a_page_names_page_and_line(mini: Path) -> None:
    page = mini / "content" / "pages" / "about.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, "{{ no_such_macro() }}"]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert result.exit_code == 2, result.output
    assert f"content/pages/about.md:{len(lines) + 1}:" in result.output
    assert "no_such_macro" in result.output and "Traceback" not in result.output
    assert not (mini / "site").exists() and not list(mini.glob(".site.*"))


def test_page_saved_as_gbk_is_a_content_error(mini: Path) -> None:
    (mini / "content" / "pages" / "gbk.md").write_bytes("# 测试页面\n".encode("gbk"))
    result = CliRunner().invoke(main, ["-C", str(mini), "check"])
    assert result.exit_code == 2
    assert "content/pages/gbk.md:1:" in result.output and "GBK" in result.output


def test_links_to_anchors_in_other_pages_are_checked_in_place(tmp_path: Path) -> None:
    """Anchors in another page are checked once every page is read, and reported where the link is;
    anchors in the page itself at once."""
    from xinyu.checks.htmlcheck import site_problems

    (tmp_path / "a.html").write_text(
        "<html><body><article><h2 id='上面'>上面</h2><a href='b.html#有的'>好</a><a href='b.html#没有的'>坏</a>"
        "<a href='#不在'>本页没有</a><a href='#上面'>本页有</a><a href='a.html#上面'>本页有</a>"
        "<a href='nowhere.html'>断</a><a href='c.html#任何'>不是网页</a></article></body></html>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><article><h2 id='有的'>有的</h2>"
                                     "<a href='a.html#也没有'>回</a></article></body></html>", encoding="utf-8")
    (tmp_path / "c.html.txt").write_text("", encoding="utf-8")
    found = [(f.problem.file, f.problem.message) for f in site_problems(tmp_path)]
    assert found == [("a.html", "链接指向不存在的锚点：b.html#没有的"), ("a.html", "链接指向不存在的锚点：#不在"),
                     ("a.html", "链接指向不存在的文件：nowhere.html"),
                     ("a.html", "链接指向不存在的文件：c.html#任何"), ("b.html", "链接指向不存在的锚点：a.html#也没有")]


def _careful(text: str) -> object:
    """What the reader's careful path (every node built and checked) makes of ``text``."""
    from xinyu.load.yamlread import _Builder, _Loader

    loader = _Loader(text)
    try:
        return _Builder(loader, True, text).build(loader.get_single_node())
    finally:
        loader.dispose()


def test_the_fast_path_builds_what_the_careful_one_builds() -> None:
    """Most files are built by the reader's fast path, which hands only texts in curly quotes to the
    careful one: the data is the same for every shipped file and for quotes in every position."""
    from xinyu.load.project import yaml_files

    repo = Path(__file__).resolve().parents[1]
    for path in yaml_files(repo):
        text = path.read_text(encoding="utf-8-sig")
        assert parse(text, path.name).data == _careful(text), path
    for text in ("title: “做情绪的小主人”\nitems:\n  - “一”\n  - 二“三”\n  - '“引号里”'\n",
                 "“键”: 值\nk: “值”\n", "a:\n  b: [“x”, y]\n  c: {d: “e”}\n", "hotline: “12356”\n",
                 "t: “一”和“二”\n", "s: \"“双引号里”\"\n"):
        assert parse(text, "t.yml").data == _careful(text), text
    assert parse("title: “做情绪的小主人”\n", "t.yml").data == {"title": "做情绪的小主人"}
    for folded in ("steps:\n  - 一\n    - 二\n  - 三\n", "steps:\n  - 一一\n    接着写\n    - 二\n",
                   "summary: 这是一段\n  - 不是列表\n", "a:\n  b:\n    - “一”\n      - 二\n"):
        with pytest.raises(YamlProblem) as err:
            parse(folded, "t.yml")
        assert "没有成为新的一项" in err.value.problem.message, folded


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab：:- \n“”'\"[]{},中文1")), max_size=60))
def test_fast_and_careful_paths_agree_on_any_text(text: str) -> None:
    try:
        fast = parse(text, "t.yml").data
    except YamlProblem:
        return
    try:
        assert fast == _careful(text)
    except Exception as err:  # noqa: BLE001 - the careful path may refuse only what the fast one refused
        raise AssertionError(f"{text!r}: the fast path accepted what the careful one refused: {err}") from None
