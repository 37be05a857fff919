"""Privacy scan (NEVER-1, issue 15): the forms people write personal data in, and the lesson text
that merely holds numbers.

``tests/privacy_cases/`` holds one variant a file. Its header says where the text goes and what
must be reported; the rest of the file is the text::

    # in: lesson            (a material of the example lesson; several lines: a folded scalar)
    # in: school            (inside the folded booking text of a school profile)
    # in: page              (a paragraph appended to content/pages/about.md)
    # expect: 手机号（138****5678）     or  "无" for text that must stay quiet
    # at: 138               (where the finding starts: its line and column are checked)
"""

from __future__ import annotations

import io
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from xinyu.checks.outputs import scan_file, scan_site
from xinyu.checks.privacy import scan_text, valid_id
from xinyu.cli import main
from xinyu.pipeline import checked_project

CASES = sorted((Path(__file__).parent / "privacy_cases").glob("*.txt"))
LESSON = "lessons/primary-lower/g1-hello-new-school.yml"
SCHOOL = "content/schools/example-village-primary.yml"
PAGE = "content/pages/about.md"


def read_case(path: Path) -> tuple[dict[str, str], str]:
    header: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and (m := re.match(r"^# (in|expect|at): ?(.*)$", lines[0])):
        header[m.group(1)] = m.group(2).strip()
        lines.pop(0)
    return header, "\n".join(lines)


def plant(root: Path, where: str, text: str) -> tuple[str, str]:
    """Write ``text`` into the project; return (file, field) where it went."""
    if where == "lesson":
        path = root / LESSON
        if "\n" in text:  # a folded scalar: the line breaks are spaces in the value
            item = "  - >-\n" + "".join(f"    {line}\n" for line in text.splitlines())
        else:
            item = "  - '" + text.replace("'", "''") + "'\n"
        original = path.read_text(encoding="utf-8")
        index = yaml.safe_load(original)["materials"].index("轻音乐一段")
        path.write_text(original.replace("  - 轻音乐一段\n", item, 1), encoding="utf-8")
        return LESSON, f"materials[{index + 1}]"  # counted from 1
    if where == "school":
        (root / "content" / "schools").mkdir(exist_ok=True)
        path = root / SCHOOL
        path.write_text((REPO / SCHOOL).read_text(encoding="utf-8").replace("不用电话预约。", text, 1), encoding="utf-8")
        return SCHOOL, "counseling_room.booking"
    assert where == "page", where
    path = root / PAGE
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")
    return PAGE, "正文"


def test_the_cases_folder_has_every_kind() -> None:
    kinds = {read_case(c)[0]["expect"].split("（")[0] for c in CASES}
    assert {"手机号", "固定电话", "身份证号", "QQ号", "微信号", "电子邮箱", "家庭住址", "无"} <= kinds
    assert {read_case(c)[0]["in"] for c in CASES} == {"lesson", "school", "page"}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_privacy_case(case: Path, mini: Path) -> None:
    header, text = read_case(case)
    assert header.get("in") and header.get("expect"), f"{case.name}: needs '# in:' and '# expect:'"
    rel, field = plant(mini, header["in"], text)
    checked = checked_project(mini)
    assert not checked.result.problems, [str(p) for p in checked.result.problems]
    found = [str(p) for p in checked.leaks]
    if header["expect"] == "无":
        assert found == []
        return
    written = (mini / rel).read_text(encoding="utf-8")
    at = written.index(header.get("at") or text.splitlines()[0])
    line = written.count("\n", 0, at) + 1
    column = at - (written.rfind("\n", 0, at) + 1) + 1
    expected = f"{rel}:{line}:{column}: {field}: 发现疑似{header['expect']}，公开网站不能有个人信息"
    assert any(f.startswith(expected) for f in found), f"expected {expected!r} in {found}"
    assert len(found) == 1, found


# --------------------------------------------------------------------------- hypothesis
ZH = {"0": "〇零", "1": "一幺", "2": "二两", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
CAPITAL = dict(zip("0123456789", "零壹贰叁肆伍陆柒捌玖", strict=True))
SEPARATORS = [" ", "-", "－", "—", "–", "‐", "‑", "―", "ー", "・", "·", ".", "．", "/", "／", "\u3000", "\u200b", " - ", "_"]


@st.composite
def written(draw: st.DrawFn, digits: str, shapes: list[list[int]]) -> str:
    """``digits`` the way someone might type them: widths and numerals mixed, groups split by separators."""
    style = draw(st.sampled_from(["ascii", "full", "zh", "capital", "mixed"]))

    def one(d: str) -> str:
        how = draw(st.sampled_from(["ascii", "full", "zh", "capital"])) if style == "mixed" else style
        if how == "full":
            return chr(ord(d) + 0xFEE0)
        if how == "zh":
            return draw(st.sampled_from(ZH[d]))
        return CAPITAL[d] if how == "capital" else d

    shape = draw(st.sampled_from(shapes))
    assert sum(shape) == len(digits)
    groups, at = [], 0
    for size in shape:
        groups.append("".join(one(d) for d in digits[at:at + size]))
        at += size
    sep = draw(st.sampled_from(SEPARATORS))
    return sep.join(groups)


BEFORE = ["", "手机：", "电话", "请打", "王老师 ", "联系方式：", "（家长）", "号码是"]
AFTER = ["", "。", "，谢谢", " 预约", "（晚上）", "；"]


# derandomize: CI runs the same 400 examples each time. Known gap: a mobile written 4-4-3 whose
# groups read as years (1900 1900 000) is taken for dates and missed.
@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.data(), st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
def test_any_valid_mobile_is_found_however_written(data: st.DataObject, second: str, rest: str) -> None:
    number = "1" + second + rest
    shapes = [[11], [3, 4, 4], [3, 8], [7, 4], [4, 4, 3], [3, 3, 5], [1] * 11]
    body = data.draw(written(number, shapes))
    prefix = data.draw(st.sampled_from(["", "+86 ", "+86-", "0086 ", "86-"]))
    before, after = data.draw(st.sampled_from(BEFORE)), data.draw(st.sampled_from(AFTER))
    text = before + prefix + body + after
    hits = [h for h in scan_text(text) if h.kind == "手机号"]
    assert [h.masked for h in hits] == [f"{number[:3]}****{number[-4:]}"], text
    assert len(before) <= hits[0].start <= len(before) + len(prefix), text
    assert number not in str(hits)


REGIONS = ["110105", "360721", "440305", "510104", "320102", "650102", "210202", "460100"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data(), st.sampled_from(REGIONS), st.dates(min_value=__import__("datetime").date(1940, 1, 1),
                                                       max_value=__import__("datetime").date(2020, 12, 31)),
       st.text("0123456789", min_size=3, max_size=3))
def test_any_valid_id_is_found_however_written(data: st.DataObject, region: str, born, seq: str) -> None:  # type: ignore[no-untyped-def]
    first17 = f"{region}{born:%Y%m%d}{seq}"
    check = next(c for c in "0123456789X" if valid_id(first17 + c))
    number = first17 + check
    body = data.draw(written(first17, [[17], [6, 8, 3], [6, 4, 4, 3]]))
    last = data.draw(st.sampled_from(["x", "X", "ｘ"])) if check == "X" else check
    text = data.draw(st.sampled_from(BEFORE)) + body + last + data.draw(st.sampled_from(AFTER))
    hits = [h for h in scan_text(text) if h.kind == "身份证号"]
    assert [h.masked for h in hits] == [number[:3] + "*" * 11 + number[-4:]], text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data(), st.sampled_from(["010", "021", "020", "025", "0797", "0791", "0755", "0371"]),
       st.sampled_from("23456789"), st.text("0123456789", min_size=7, max_size=7))
def test_any_landline_with_area_code_is_found(data: st.DataObject, area: str, first: str, rest: str) -> None:
    local = first + (rest if len(area) == 3 else rest[:data.draw(st.sampled_from([6, 7]))])
    form = data.draw(st.sampled_from(["{a}-{l}", "{a} {l}", "({a}){l}", "（{a}）{l}", "{a}—{l}", "{a}{l}", "{a}－{l}",
                                      "{a} {l1} {l2}"]))
    body = form.format(a=area, l=local, l1=local[:-4], l2=local[-4:])
    if data.draw(st.booleans()):
        body = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in body)
    text = data.draw(st.sampled_from(BEFORE)) + body + data.draw(st.sampled_from(AFTER))
    digits = area + local
    hits = [h for h in scan_text(text) if h.kind == "固定电话"]
    assert [h.masked for h in hits] == [digits[:3] + "*" * (len(digits) - 7) + digits[-4:]], text
    assert not scan_text(text, [f"{area}-{local}"]), "a published school landline is allowed"


#: Sentences of ordinary lesson text with numbers in them.
QUIET = ["第 {a} 周", "{a} 分钟", "{y}-{y2} 学年", "{y}-{m}-{d}", "{y}.{m}.{d}", "{y}/{m}/{d}", "{h}:{mi}-{h2}:{mi}",
         "第 {a}-{b} 页", "共 {c} 页", "4×100 米", "第 {a} 栋教学楼", "{a} 人一组", "每组 {a} 张", "{c} 字以内",
         "g{a}-lesson-{b}", "第{a}课", "热线 12356", "{a}、{b}、{c}", "（{a}）", "{a}. ", "{a}%", "约 {c} 元",
         "第{zh}单元", "{zh}年级", "{zh}二班", "{y} 年 {m} 月 {d} 日"]


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(QUIET), st.integers(1, 40), st.integers(1, 40), st.integers(1, 999),
                          st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28), st.integers(7, 20),
                          st.sampled_from(["00", "10", "30", "45"]), st.sampled_from("一二三四五六七八九")),
                min_size=1, max_size=12),
       st.sampled_from(["，", "。", "；", " ", "\n", "、", "\n  "]))
def test_ordinary_numbers_stay_quiet(parts: list[tuple], joiner: str) -> None:  # type: ignore[type-arg]
    text = joiner.join(t.format(a=a, b=b, c=c, y=y, y2=y + 1, m=f"{m:02d}", d=f"{d:02d}", h=h, h2=h + 1, mi=mi, zh=zh)
                       for t, a, b, c, y, m, d, h, mi, zh in parts)
    assert scan_text(text, ["12356", "12355"]) == [], text


# --------------------------------------------------------------------------- shipped content
def test_shipped_content_holds_no_personal_data() -> None:
    checked = checked_project(REPO)
    assert checked.result.ok, checked.result.problems[:3]
    assert checked.leaks == []


def test_shipped_site_holds_no_personal_data(full: Path) -> None:
    """False alarms on the whole built site (pages, search index, api/*.json) must be zero: the
    build runs the output scan and would refuse."""
    result = CliRunner().invoke(main, ["-C", str(full), "build"])
    assert result.exit_code == 0, result.output
    assert scan_site(full / "site", ["12356", "12355"]) == []


# --------------------------------------------------------------------------- end to end
def test_issue_reproduction_refuses_the_build(full: Path) -> None:
    """The issue's reproduction: a full-width mobile in a school profile."""
    school = full / SCHOOL
    planted = "也可拨打王老师电话 １３８１２３４５６７８ 预约。"
    school.write_text(school.read_text(encoding="utf-8").replace("不用电话预约。", planted), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(full), "build"])
    assert result.exit_code == 2, result.output
    assert re.search(r"content/schools/example-village-primary\.yml:\d+:\d+: counseling_room\.booking: "
                     r"发现疑似手机号（138\*\*\*\*5678）", result.output), result.output
    assert "１３８１２３４５６７８" not in result.output and "13812345678" not in result.output
    assert not (full / "site").exists() and not list(full.glob(".site.*"))


def _docx(paragraph_runs: list[str]) -> bytes:
    runs = "".join(f"<w:r><w:t>{r}</w:t></w:r><w:proofErr w:type='spellStart'/>" for r in paragraph_runs)
    document = ("<?xml version='1.0' encoding='UTF-8'?><w:document xmlns:w='http://schemas.openxmlformats.org/"
                f"wordprocessingml/2006/main'><w:body><w:p><w:r><w:t>说明</w:t></w:r></w:p><w:p>{runs}</w:p></w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
    return out.getvalue()


def _pptx(text: str) -> bytes:
    slide = ("<p:sld xmlns:p='http://schemas.openxmlformats.org/presentationml/2006/main' "
             "xmlns:a='http://schemas.openxmlformats.org/drawingml/2006/main'><p:cSld><p:spTree><p:sp><p:txBody>"
             f"<a:p><a:r><a:t>第 3 栋教学楼</a:t></a:r></a:p><a:p><a:r><a:t>{text}</a:t></a:r></a:p>"
             "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("ppt/slides/slide1.xml", slide)
        z.writestr("ppt/slides/slide2.xml", slide.replace(text, "欢迎"))
    return out.getvalue()


def test_documents_are_read_run_by_run() -> None:
    problems = scan_file("kit/g1.docx", _docx(["请联系 13", "8１2３4", "5678"]), [])
    assert [(p.field, p.message.split("，")[0]) for p in problems] == [
        ("word/document.xml（第 2 段）", "生成的文件里有疑似手机号（138****5678）")]
    problems = scan_file("kit/g1.pptx", _pptx("家住幸福小区3栋2单元502室"), [])
    assert [p.field for p in problems] == ["ppt/slides/slide1.xml（第 2 段）"] and "家庭住址" in problems[0].message
    assert scan_file("kit/quiet.pptx", _pptx("2026-2027 学年 第 1-18 周"), []) == []
    assert "无法检查" in scan_file("kit/g1.pdf", b"%PDF-1.7", [])[0].message


def test_planted_number_in_built_outputs_is_caught(mini: Path, tmp_path: Path) -> None:
    """The output scan on a real built site: each planted number is found in its file and field."""
    result = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    shutil.copytree(mini / "site", site)
    assert scan_site(site, ["12356", "12355"]) == []
    api = site / "api" / "all.json"
    api.write_text(api.read_text(encoding="utf-8").replace("你好，新学校", "你好，新学校（家长 １３９ ８７６５ ４３２１）", 1),
                   encoding="utf-8")
    index = site / "assets" / "search" / "t" / "0.js"
    index.write_text(index.read_text(encoding="utf-8").replace('"s":[', '"s":[["x","联系","扣扣：1234 5678"],', 1),
                     encoding="utf-8")
    page = site / "about.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</footer>", '<a href="tel:13712345678">电话</a></footer>'),
                    encoding="utf-8")
    (site / "kit.docx").write_bytes(_docx(["家住 阳光小区 3 栋 2 单元 502 室"]))
    found = {(p.file, p.field.split("[")[0], p.message.split("，")[0]) for p in scan_site(site, ["12356"])}
    assert ("api/all.json", "lessons", "生成的文件里有疑似手机号（139****4321）") in found, found
    assert ("assets/search/t/0.js", "s", "生成的文件里有疑似QQ号（12****78）") in found, found
    assert ("about.html", "<a href>", "生成的文件里有疑似手机号（137****5678）") in found, found
    assert ("kit.docx", "word/document.xml（第 2 段）", "生成的文件里有疑似家庭住址（小区*栋*单元***室）") in found, found
    assert all("13912345678" not in str(p) and "12345678" not in str(p).replace("12****78", "") for p in scan_site(site))


def test_build_refuses_personal_data_only_in_the_output(mini: Path) -> None:
    """A number that no content file holds (here in mkdocs.yml's site name, on every page, and in a
    downloadable document) stops the build, and the last good site stays as it was."""
    first = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in (mini / "site").rglob("*") if p.is_file()}
    config = mini / "mkdocs.yml"
    name = "site_name: 心育 联系人 王老师 138-1234-5678"
    config.write_text(re.sub(r"(?m)^site_name: .*$", name, config.read_text(encoding="utf-8")), encoding="utf-8")
    (mini / "content" / "pages" / "kit.docx").write_bytes(_docx(["家长QQ群：", "98765", "4321"]))
    result = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert result.exit_code == 2, result.output
    assert "生成的文件里有疑似手机号（138****5678）" in result.output
    in_kit = r"kit\.docx: word/document\.xml（第 2 段）: 生成的文件里有疑似QQ号（98\*{5}21）"
    assert re.search(in_kit, result.output), result.output
    assert "另有" in result.output  # the name is on every page: listed a few times, then counted
    assert "13812345678" not in result.output and "138-1234-5678" not in result.output
    after = {p: p.read_bytes() for p in (mini / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(mini.glob(".site.*"))


def test_public_landlines_and_emails_in_site_settings_are_allowed(mini: Path) -> None:
    settings_file = mini / "content" / "site.yml"
    text = re.sub(r"(?m)^public_(landlines|emails): .*\n", "", settings_file.read_text(encoding="utf-8"))
    settings_file.write_text(text + 'public_landlines: ["0797-8123456"]\npublic_emails: ["xljk@example.gov.cn"]\n',
                             encoding="utf-8")
    rel, _ = plant(mini, "lesson", "学校心理辅导室电话 0797-8123456，邮箱 xljk@example.gov.cn；王老师 0797-8123457")
    found = [str(p) for p in checked_project(mini).leaks]
    assert len(found) == 1 and "固定电话（079****3457）" in found[0], found


@pytest.mark.parametrize("line, message", [
    ('public_landlines: ["13812345678"]', "是手机号"),
    ('public_landlines: ["１３８１２３４５６７８"]', "是手机号"),
    ('public_landlines: ["12345"]', "不像带区号的座机号码"),
    ('public_hotlines: ["12356", "１３９１２３４５６７８"]', "是手机号"),
    ('public_emails: ["not-an-address"]', "不像邮箱地址"),
])
def test_allowlists_refuse_personal_numbers(mini: Path, line: str, message: str) -> None:
    settings_file = mini / "content" / "site.yml"
    key = line.split(":")[0]
    text = re.sub(rf"(?m)^{key}: .*\n", "", settings_file.read_text(encoding="utf-8"))
    settings_file.write_text(text + line + "\n", encoding="utf-8")
    problems = [str(p) for p in checked_project(mini).problems]
    assert any("content/site.yml:" in p and message in p for p in problems), problems


def test_bench_project_has_no_false_alarms(tmp_path: Path) -> None:
    """The bench's synthetic lessons (shipped sentences recombined) hold no personal data."""
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import bench
    finally:
        sys.path.pop(0)
    bench.make_project(tmp_path / "bench", 250, seed=random.Random(15).randrange(1000))
    checked = checked_project(tmp_path / "bench")
    assert checked.result.ok, checked.result.problems[:3]
    assert checked.leaks == []


def test_compact_table_cells_stay_apart_in_the_search_index(mini: Path) -> None:
    """A heat-map row <td>13</td><td>27</td>… ran together in the search index into 13278102353,
    which reads as a mobile number: the cells are kept apart, and the build is not refused."""
    page = mini / "content" / "pages" / "about.md"
    row = "".join(f"<td>{n}</td>" for n in (13, 27, 8, 10, 23, 53))
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n## 课例数\n\n<table><tr><th>低年级</th>{row}</tr></table>\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(mini), "build"])
    assert result.exit_code == 0, result.output
    index = "".join(p.read_text(encoding="utf-8") for p in (mini / "site" / "assets" / "search" / "t").glob("*.js"))
    assert "13278102353" not in index and re.search(r"13\W+(?:n\W*)?27\W+(?:n\W*)?8\W+(?:n\W*)?10", index)


def test_search_index_numbers_from_table_cells_are_not_findings(tmp_path: Path) -> None:
    """The search index runs a page's table cells together; the page, read cell by cell, decides."""
    import json

    cells = "".join(f"<td>{n}</td>" for n in (13, 27, 8, 10, 23, 53))
    (tmp_path / "about.html").write_text(f"<html><body><table><tr>{cells}</tr></table><p>王老师 13912345678</p></body></html>",
                                         encoding="utf-8")
    (tmp_path / "search").mkdir()
    docs = [{"location": "about.html", "title": "关于", "text": "课例数 13278102353 王老师 13912345678"},
            {"location": "nowhere.html", "title": "x", "text": "13278102353"}]
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"docs": docs}, ensure_ascii=False), encoding="utf-8")
    found = sorted((p.file, p.field, p.message.split("，")[0]) for p in scan_site(tmp_path))
    assert found == [("about.html", "网页文字", "生成的文件里有疑似手机号（139****5678）"),
                     ("search/search_index.json", "docs[1].text", "生成的文件里有疑似手机号（139****5678）"),
                     ("search/search_index.json", "docs[2].text", "生成的文件里有疑似手机号（132****2353）")], found


def test_document_findings_cached_by_bytes_never_change_a_result(tmp_path: Path) -> None:
    """The scan keeps each document's findings by its bytes: the same result from the cache, under the
    file's own name; garbage, a changed allow list or an unwritable folder only mean scanning again."""
    site = tmp_path / "site"
    (site / "kit").mkdir(parents=True)
    (site / "kit" / "a.docx").write_bytes(_docx(["家长电话：", "138", "1234", "5678"]))
    (site / "kit" / "b.docx").write_bytes(_docx(["没有号码，只有第 3 课"]))
    (site / "kit" / "c.pptx").write_bytes(_pptx("家住幸福小区3栋2单元501室"))
    cache = tmp_path / "cache"

    def found(allowed: tuple[str, ...] = ("12356",), where: Path | None = cache) -> list[str]:
        return sorted(str(p) for p in scan_site(site, allowed, where))

    plain = found(where=None)
    assert len(plain) == 2 and any("138****5678" in p for p in plain) and any("家庭住址" in p for p in plain)
    assert found() == plain  # first run fills the cache
    assert len(list(cache.glob("*.json"))) == 3  # one entry per document, clean ones too
    assert found() == plain  # second run reads it
    (site / "kit" / "renamed.docx").write_bytes((site / "kit" / "a.docx").read_bytes())  # same bytes, other name
    assert sum("kit/renamed.docx" in p for p in found()) == 1
    (site / "kit" / "renamed.docx").unlink()
    for i, entry in enumerate(sorted(cache.glob("*.json"))):  # truncated, garbage, wrong shape
        entry.write_text(["{", "not json", '{"findings": [{"line": "x"}]}'][i % 3], encoding="utf-8")
    assert found() == plain
    assert found(("12356", "13812345678")) == [p for p in plain if "138****5678" not in p]  # allow list is in the key
    (site / "kit" / "a.docx").write_bytes(_docx(["家长电话：", "139", "1234", "5678"]))  # the file changed
    assert any("139****5678" in p for p in found()) and not any("138****5678" in p for p in found())
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert len(found(where=blocked / "scan")) == 2  # cannot write: scans, no error


def test_a_document_scanned_ahead_is_reported_by_the_site_scan(tmp_path: Path) -> None:
    """The kit's workers scan the decks and plans they make (keep_scan); the site's scan then finds
    those findings in its cache, under the published file's name, exactly as if it had scanned."""
    from xinyu.checks.outputs import keep_scan

    site = tmp_path / "site"
    (site / "kit").mkdir(parents=True)
    deck = _docx(["家长电话：", "138", "1234", "5678"])
    (site / "kit" / "a.docx").write_bytes(deck)
    expected = [str(p) for p in scan_site(site, ["12356"])]
    assert any("138****5678" in p for p in expected)
    cache = tmp_path / "cache"
    keep_scan(cache, ("12356",), "kit/a.docx", deck)
    assert len(list(cache.glob("*.json"))) == 1
    for entry in cache.glob("*.json"):  # what the site's scan reads is what keep_scan found
        assert "138****5678" in entry.read_text(encoding="utf-8")
    assert [str(p) for p in scan_site(site, ["12356"], cache)] == expected
    keep_scan(cache, ("12356", "13812345678"), "kit/a.docx", deck)  # another allowed list: its own entry
    assert [str(p) for p in scan_site(site, ["12356", "13812345678"], cache)] == []


def test_large_files_scanned_in_parts_find_what_a_whole_scan_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A province's open-data export (hundreds of MB) is decoded an item at a time and scanned in
    batches: on the shipped export, with numbers planted at every depth and in keys, the findings
    are the same as scanning it whole, and broken JSON is still reported as unreadable."""
    import json

    import xinyu.checks.outputs as outputs
    from xinyu.export import export_project

    data = export_project(checked_project(REPO).result.project)  # type: ignore[arg-type]
    data["lessons"][3]["summary"] += "（家长 １３９ ８７６５ ４３２１）"
    data["lessons"][-1]["activities"][1]["steps"].append("联系电话：13712345678")
    data["lessons"][5]["手机13612345678"] = "键里也有"
    data["note"] = "QQ：12345678"
    data["电话13512345678"] = "顶层的键"
    data["list"] = [[], {}, "身份证 110101199003074578", 13812345678]
    for raw in (json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
                json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")):
        with monkeypatch.context() as m:
            whole = scan_file("api/all.json", raw, ["12356"])
            assert len(whole) == 7, whole
            m.setattr(outputs, "JSON_WHOLE", 0)
            assert scan_file("api/all.json", raw, ["12356"]) == whole
            m.setattr(outputs, "BATCH", 7)
            assert scan_file("api/all.json", raw, ["12356"]) == whole
            for broken in (raw + b" ]", raw[:-2], raw.replace(b'"id":', b'"id"', 1), raw.replace(b"},", b"}", 1)):
                assert [p.message for p in scan_file("api/all.json", broken, [])] == [
                    "网站里有无法检查个人信息的 JSON 文件"], broken[-20:]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_documents_inside_archives_are_scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Word file in a published .zip (or a zip in a zip) is scanned as a document and its findings
    name it; a PDF inside is reported as unreadable. A document published on its own and inside an
    archive, as the kit's semester archives do, is scanned once."""
    import xinyu.checks.outputs as outputs

    doc = _docx(["家长电话 13812345678"])
    found = scan_file("a.zip", _zip({"材料/通知.docx": doc, "说明.txt": "没有号码".encode()}), [])
    assert [(p.file, p.field, p.message.split("，")[0]) for p in found] == [
        ("a.zip", "材料/通知.docx：word/document.xml（第 2 段）", "生成的文件里有疑似手机号（138****5678）")]
    nested = scan_file("b.zip", _zip({"里面.zip": _zip({"课件.pptx": _pptx("家住幸福小区3栋2单元502室")})}), [])
    assert [p.field for p in nested] == ["里面.zip：课件.pptx：ppt/slides/slide1.xml（第 2 段）"], nested
    pdf = scan_file("c.zip", _zip({"通知.pdf": b"%PDF-1.7"}), [])
    assert [(p.field, "无法检查" in p.message) for p in pdf] == [("通知.pdf", True)]
    broken = scan_file("d.zip", _zip({"坏的.docx": b"not a zip"}), [])
    assert [(p.field, "无法检查" in p.message) for p in broken] == [("坏的.docx", True)]

    site = tmp_path / "site"
    (site / "kit").mkdir(parents=True)
    (site / "kit" / "g1.docx").write_bytes(doc)
    (site / "kit" / "archive.zip").write_bytes(_zip({"第01周-教案.docx": doc}))
    scanned: list[bytes] = []
    real = outputs._zip_problems

    def counting(rel: str, raw: bytes, *args: object) -> list:
        scanned.append(raw)
        return real(rel, raw, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs, "_zip_problems", counting)
    problems = scan_site(site, [], tmp_path / "cache")
    assert sorted((p.file, p.field.split("：")[0]) for p in problems) == [
        ("kit/archive.zip", "第01周-教案.docx"), ("kit/g1.docx", "word/document.xml（第 2 段）")], problems
    assert scanned.count(doc) == 1
