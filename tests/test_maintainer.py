"""Issue 18, "The maintainer's day": each mistake a new maintainer made, reproduced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xinyu.cli import main
from xinyu.load.project import load_project

LESSON = "lessons/primary-lower/g1-hello-new-school.yml"
XINYU = Path(sys.executable).parent / "xinyu"
MKDOCS = Path(sys.executable).parent / "mkdocs"


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(root: Path) -> list[str]:
    return [str(p) for p in load_project(root).problems]


# --------------------------------------------------------------------------- 1. build and rules
def test_build_prints_failing_rules_and_still_publishes(mini: Path) -> None:
    """The mini project fails CUR-1 (one lesson for a whole year): build says so, with file and field."""
    result = run(mini, "build")
    assert result.exit_code == 0, result.output
    assert "✘ 不达标  CUR-1" in result.output and "content/schedule/grade-1.yml" in result.output
    assert "合计 35 条规则" in result.output and "不达标" in result.output
    assert "build --strict" in result.output  # how to refuse instead
    assert (mini / "site" / "index.html").is_file()


def test_build_strict_refuses_and_keeps_the_old_site(mini: Path) -> None:
    (mini / "site").mkdir()
    (mini / "site" / "old.html").write_text("old", encoding="utf-8")
    result = run(mini, "build", "--strict")
    assert result.exit_code == 1, result.output
    assert "✘ 不达标  CUR-1" in result.output and "拒绝发布" in result.output
    assert [p.name for p in (mini / "site").iterdir()] == ["old.html"]


def test_strict_setting_refuses_in_xinyu_build_and_in_plain_mkdocs(mini: Path) -> None:
    with (mini / "content" / "site.yml").open("a", encoding="utf-8") as f:
        f.write("strict: true\n")
    assert run(mini, "build").exit_code == 1
    assert run(mini, "check").exit_code == 1
    plain = subprocess.run([str(MKDOCS), "build", "-q"], cwd=mini, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert plain.returncode != 0 and "strict: true" in plain.stderr and "CUR-1" in plain.stderr
    assert not (mini / "site").exists()


def test_week_past_the_semester_and_short_activities_are_reported_by_build(full: Path) -> None:
    """The issue's own examples: week 19 of an 18-week semester; 36 of 40 minutes."""
    edit(full / "content" / "schedule" / "grade-1.yml", "week: 17", "week: 19")
    edit(full / LESSON, "minutes: 6", "minutes: 2")
    result = run(full, "build", "--site-dir", str(full / "out"))
    assert result.exit_code == 0, result.output
    assert "第 19 周超出小学低年级的 18 个教学周" in result.output
    assert "36 分钟" in result.output and LESSON in result.output


# --------------------------------------------------------------------------- 2. drafts, one rule
@pytest.fixture
def draft(mini: Path) -> Path:
    assert run(mini, "new", "lesson", "--stage", "primary-lower", "--title", "草稿课").exit_code == 0
    return mini


def test_a_draft_fails_check_in_every_mode_and_is_counted(draft: Path) -> None:
    text = run(draft, "check")
    assert text.exit_code == 1
    assert "草稿 1 个课例（17 处【请写】）" in text.output
    assert "lessons/primary-lower/g1-lesson-1.yml:9:10: summary: 课例还没写完" in text.output
    assert run(draft, "check", "--strict").exit_code == 1
    data = json.loads(run(draft, "check", "--format", "json").stdout)
    assert data["ok"] is False and len(data["drafts"]) == 17
    first = data["drafts"][0]
    assert first["file"] == "lessons/primary-lower/g1-lesson-1.yml" and first["line"] == 9 and first["field"] == "summary"


def test_reminders_printed_are_counted(mini: Path) -> None:
    """An unscheduled lesson is a reminder naming the grades where it could go, and it is counted."""
    (mini / "content" / "schedule" / "grade-1.yml").unlink()
    result = run(mini, "check")
    assert ("! 提醒  lessons/primary-lower/g1-hello-new-school.yml:2:1: id: 课例“g1-hello-new-school”没有排进课表"
            in result.output)
    assert "可以排在一年级：在 content/schedule/grade-1.yml 里加一行" in result.output
    summary = [line for line in result.output.splitlines() if line.startswith("合计")][0]
    assert f"提醒 {result.output.count('! 提醒  ')}" in summary
    data = json.loads(run(mini, "check", "--format", "json").stdout)
    assert data["reminders"][0]["field"] == "id" and data["stats"]["reminders"] == result.output.count("! 提醒  ")


def test_an_unscheduled_lesson_passes_check_but_not_strict(full: Path) -> None:
    source = (full / LESSON).read_text(encoding="utf-8")
    copy = full / "lessons" / "primary-lower" / "g1-hello-again.yml"
    copy.write_text(source.replace("id: g1-hello-new-school", "id: g1-hello-again"), encoding="utf-8")
    plain = run(full, "check")
    assert plain.exit_code == 0, plain.output
    assert "没有排进课表" in plain.output and "提醒 1" in plain.output
    strict = run(full, "check", "--strict")
    assert strict.exit_code == 1 and "严格模式" in strict.output


def test_a_draft_is_refused_by_plain_mkdocs_build_but_previewed(draft: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    plain = subprocess.run([str(MKDOCS), "build", "--strict", "-q"], cwd=draft, capture_output=True, text=True,
                           timeout=120, env=env)
    assert plain.returncode != 0 and "草稿" in plain.stderr and "g1-lesson-1.yml:9:10" in plain.stderr
    assert not (draft / "site").exists()
    built = run(draft, "build")
    assert built.exit_code == 1 and "拒绝发布" in built.output and not (draft / "site").exists()


# --------------------------------------------------------------------------- 4. locations and wording
def test_full_width_colon_is_named_on_its_own_line(mini: Path) -> None:
    edit(mini / LESSON, "title: 你好，新学校", "title：你好，新学校")
    assert any(m.startswith(f"{LESSON}:3:6: title: 这里用了中文冒号“：”，请改成英文冒号“:”加空格") for m in messages(mini)), \
        messages(mini)


def test_full_width_colon_in_a_list_item_is_named(mini: Path) -> None:
    edit(mini / LESSON, "  - title: 校园寻宝", "  - title：校园寻宝")
    found = [m for m in messages(mini) if "中文冒号" in m]
    assert found and found[0].startswith(f"{LESSON}:") and "activities[2]" in found[0], messages(mini)


def test_yaml_placeholder_and_privacy_errors_name_their_field(mini: Path) -> None:
    edit(mini / LESSON, "    minutes: 7", "    minutes: [7")
    yaml_error = messages(mini)
    assert len(yaml_error) == 1 and "（整个文件）" not in yaml_error[0] and ": activities[2]" in yaml_error[0], yaml_error
    edit(mini / LESSON, "    minutes: [7", "    minutes: 7")
    edit(mini / LESSON, "  - 轻音乐一段", "  - 家长电话 0797-8123456")
    result = run(mini, "check")
    assert f"{LESSON}:17:" in result.output and ": materials[5]: 发现疑似固定电话" in result.output


def test_rule_findings_name_the_field(mini: Path) -> None:
    edit(mini / "content" / "schedule" / "grade-1.yml", "week: 1,", "week: 19,")
    result = run(mini, "check", "--format", "json")
    cur1 = next(r for r in json.loads(result.stdout)["rules"] if r["id"] == "CUR-1")
    fields = [f["field"] for f in cur1["findings"] if f["field"]]
    assert "schedule[1]" in fields, cur1["findings"]
    assert "content/schedule/grade-1.yml:3: schedule[1]" in run(mini, "check").output


@pytest.mark.parametrize(("old", "new", "hint", "not_hint"), [
    ("id: g1-hello-new-school", "id: G1_Hello", "编号只用小写英文字母", "学年"),
    ("stage: primary-lower", "stage: Primary Lower", "编号只用小写英文字母", "学年"),
    ("minutes: 6", "minutes: 6分钟", "只写数字，如 6", "数字不要加引号"),
])
def test_hints_fit_the_field(mini: Path, old: str, new: str, hint: str, not_hint: str) -> None:
    edit(mini / LESSON, old, new)
    found = messages(mini)
    assert any(hint in m for m in found) and not any(not_hint in m for m in found), found


def test_missing_form_lists_the_allowed_values(mini: Path) -> None:
    edit(mini / LESSON, "    form: 游戏辅导\n", "")
    found = [m for m in messages(mini) if "activities[1].form: 缺少必填字段" in m]
    assert found and "可选值：" in found[0] and "团体辅导" in found[0] and "心理情景剧" in found[0], messages(mini)


def test_items_are_counted_from_one_everywhere_in_a_message(mini: Path) -> None:
    (mini / "content" / "schedule" / "grade-1.yml").write_text(
        "grade: 1\nschedule:\n  - {semester: 1, week: 1, lesson: g1-hello-new-school}\n"
        "  - {semester: 1, week: 1, lesson: g1-hello-new-school}\n", encoding="utf-8")
    found = [m for m in messages(mini) if "已经排在" in m]
    assert found and "schedule[2].lesson" in found[0] and "（第 1 项）" in found[0], found


# --------------------------------------------------------------------------- 5. folded list items
def test_a_mis_indented_list_item_is_not_folded_silently(mini: Path) -> None:
    text = (mini / LESSON).read_text(encoding="utf-8")
    steps = "      - 孩子坐在座位上，老师示范"
    assert steps in text
    for step in ("前后桌小组里轮流", "第二轮加快"):
        text = text.replace(f"      - {step}", f"        - {step}")
    (mini / LESSON).write_text(text, encoding="utf-8")
    found = messages(mini)
    line = text.splitlines().index(next(x for x in text.splitlines() if "- 前后桌小组里轮流" in x)) + 1
    assert any(m.startswith(f"{LESSON}:{line}:9: activities[1].steps[1]: 这一行的“- ”没有成为新的一项") for m in found), found
    assert run(mini, "build").exit_code == 2 and not (mini / "site").exists()


def test_a_dash_inside_a_sentence_is_not_a_list_item(mini: Path) -> None:
    edit(mini / LESSON, "  - 轻音乐一段", "  - 轻音乐一段\n    - 钢琴曲也可以")  # a deeper dash on its own line is folded...
    assert any("并进了上面一项" in m for m in messages(mini))
    edit(mini / LESSON, "  - 轻音乐一段\n    - 钢琴曲也可以", "  - 轻音乐一段 - 钢琴曲也可以")  # ...a dash mid-line is text
    assert messages(mini) == []


# --------------------------------------------------------------------------- 6. sensitive words
def test_a_phrase_listed_as_exception_is_not_a_sensitive_topic(mini: Path) -> None:
    edit(mini / LESSON, "  - 轻音乐一段", "  - 把红豆和绿豆分离开的小盘子")
    assert messages(mini) == []


def test_a_sensitive_word_points_at_its_own_line_and_field(mini: Path) -> None:
    edit(mini / LESSON, "  - 轻音乐一段", "  - 和爸爸妈妈分离的照片")
    found = [m for m in messages(mini) if "留守与分离" in m]
    assert found and found[0].startswith(f"{LESSON}:17:10: materials[5]: 课例提到“分离”"), found
    assert "exceptions" in found[0]


def test_sensitive_file_says_what_the_check_does() -> None:
    text = (Path(__file__).resolve().parents[1] / "content" / "taxonomy" / "sensitive.yml").read_text(encoding="utf-8")
    assert "拒绝构建" in text and "提醒" not in text.split("sensitive_topics:")[0]


# --------------------------------------------------------------------------- 7. quotes and BOM
def test_curly_quotes_around_a_whole_value_are_dropped(mini: Path) -> None:
    edit(mini / LESSON, "title: 你好，新学校", "title: “你好，新学校”")
    edit(mini / "content" / "site.yml", "district_hotline:", "district_hotline: “0797-8123456”")
    loaded = load_project(mini)
    assert loaded.ok, loaded.problems
    assert loaded.project.lessons["g1-hello-new-school"].title == "你好，新学校"
    assert loaded.project.settings.district_hotline == "0797-8123456"
    edit(mini / LESSON, "title: “你好，新学校”", "title: “你好”和“再见”")  # quotes inside a value stay
    assert load_project(mini).project.lessons["g1-hello-new-school"].title == "“你好”和“再见”"


def test_a_bom_is_accepted(mini: Path) -> None:
    path = mini / LESSON
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    loaded = load_project(mini)
    assert loaded.ok, loaded.problems
    edit(path, "minutes: 6", "minutes: six")
    line = path.read_text(encoding="utf-8-sig").splitlines().index("    minutes: six") + 1
    assert any(m.startswith(f"{LESSON}:{line}:5: activities[1].minutes") for m in messages(mini)), messages(mini)


# --------------------------------------------------------------------------- 8. command-line text
CLI_CASES = [
    ["chek"], ["check", "--format", "yaml"], ["check", "--formt", "json"], ["--help"], ["check", "--help"],
    ["build", "--help"], ["serve", "--help"], ["new"], ["new", "lesson"], ["new", "lesson", "--help"],
    ["new", "lesson", "--stage"], ["build", "--site-dir"], ["check", "extra"], ["--version"], [],
    ["weeks", "--grade", "x"], ["init", "--help"], ["schema", "--help"], ["export", "--help"],
]


@pytest.mark.parametrize("args", CLI_CASES, ids=[" ".join(a) or "(none)" for a in CLI_CASES])
def test_click_speaks_chinese(args: list[str], mini: Path) -> None:
    from xinyu import i18n

    seen: list[str] = []
    i18n.install(record=seen.append)
    try:
        result = CliRunner().invoke(main, ["-C", str(mini), *args])
    finally:
        i18n.install()
    untranslated = [m for m in seen if m not in i18n.MESSAGES]
    assert not untranslated, untranslated
    for english in ("Usage", "Error", "Options", "Commands", "Try ", "No such", "Invalid value", "Did you mean",
                    "Show this message", "Missing", "[OPTIONS]", "COMMAND", "INTEGER", "TEXT", "DIRECTORY", ", version"):
        assert english not in result.output, f"{english!r} in:\n{result.output}"


def test_a_mistyped_command_gets_a_chinese_did_you_mean(mini: Path) -> None:
    result = run(mini, "chek")
    assert result.exit_code == 2 and "没有“chek”这个命令" in result.output and "'check'" in result.output
    option = run(mini, "check", "--formt", "json")
    assert "没有“--formt”这个选项" in option.output and "是不是想写 '--format'" in option.output
