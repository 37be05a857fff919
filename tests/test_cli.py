"""CLI: exit codes, JSON shape, new lesson, export, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xinyu.cli import main
from xinyu.load.project import load_project


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def test_help_lists_every_command() -> None:
    out = CliRunner().invoke(main, ["--help"]).output
    for cmd in ("check", "build", "serve", "new", "export", "schema"):
        assert cmd in out


def test_python_dash_m_xinyu_is_the_same_command(mini: Path) -> None:
    """``python -m xinyu`` (what scripts/ call) runs the console command, exit codes included."""
    done = subprocess.run([sys.executable, "-m", "xinyu", "-C", str(mini), "check", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["ok"] is False and data["stats"]["lessons"] == 1
    bad = subprocess.run([sys.executable, "-m", "xinyu", "-C", str(mini), "no-such-command"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "no-such-command" in bad.stderr


def test_check_json_shape_and_rule_failures_exit_1(mini: Path) -> None:
    result = run(mini, "check", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["errors"] == []
    ids = {r["id"] for r in data["rules"]}
    assert {"CUR-1", "TRN-6", "FAM-4"} <= ids
    cur1 = next(r for r in data["rules"] if r["id"] == "CUR-1")
    assert cur1["status"] == "fail" and cur1["clause"].startswith("将心理健康教育课列入课程计划")
    assert set(cur1) >= {"id", "status", "clause", "detail"}
    assert data["stats"]["lessons"] == 1


def test_invalid_content_exit_2_json(mini: Path) -> None:
    lesson = mini / "lessons" / "primary-lower" / "g1-hello-new-school.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("minutes: 6", "minutes: six"), encoding="utf-8")
    result = run(mini, "check", "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False
    err = data["errors"][0]
    assert err["file"] == "lessons/primary-lower/g1-hello-new-school.yml"
    assert err["field"] == "activities[1].minutes" and err["line"] > 0 and "整数" in err["message"]


def test_repository_content_is_valid() -> None:
    root = Path(__file__).resolve().parents[1]
    result = load_project(root)
    assert result.problems == [], "\n".join(map(str, result.problems))


def test_not_a_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run(tmp_path, "check")
    assert result.exit_code == 2
    assert "mkdocs.yml" in result.output and "Traceback" not in result.output


def test_new_lesson_scaffold_validates(mini: Path) -> None:
    result = run(mini, "new", "lesson", "--stage", "junior", "--title", "我的情绪小怪兽", "--grade", "8")
    assert result.exit_code == 0, result.output
    path = mini / "lessons" / "junior" / "g8-lesson-1.yml"
    assert path.is_file()
    loaded = load_project(mini)
    assert loaded.ok, loaded.problems
    assert loaded.project.lessons["g8-lesson-1"].title == "我的情绪小怪兽"
    assert loaded.project.lessons["g8-lesson-1"].minutes == 45
    again = run(mini, "new", "lesson", "--stage", "junior", "--title", "x", "--id", "g8-lesson-1")
    assert again.exit_code == 2 and "已经存在" in again.output
    bad = run(mini, "new", "lesson", "--stage", "middle", "--title", "x")
    assert bad.exit_code == 2 and "不认识的学段" in bad.output


def test_export_has_lessons_with_file_and_url(mini: Path) -> None:
    result = run(mini, "export")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    lesson = data["lessons"][0]
    assert lesson["id"] == "g1-hello-new-school"
    assert lesson["file"] == "lessons/primary-lower/g1-hello-new-school.yml"
    assert lesson["url"] == "lessons/primary-lower/g1-hello-new-school.html"
    assert lesson["minutes"] == 40 and lesson["activities"][0]["steps"]
    assert data["schedule"] == [{"grade": 1, "semester": 1, "week": 1, "lesson": "g1-hello-new-school"}]


def test_schema_has_taxonomy_enums(mini: Path) -> None:
    result = run(mini, "schema")
    assert result.exit_code == 0, result.output
    schema = json.loads((mini / "schemas" / "lesson.schema.json").read_text(encoding="utf-8"))
    assert "junior" in schema["properties"]["stage"]["enum"]
    assert "情绪调适" in schema["properties"]["themes"]["items"]["enum"]
    assert "心理情景剧" in schema["$defs"]["Activity"]["properties"]["form"]["enum"]


def test_console_script_exit_codes_and_full_output(mini: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "xinyu"
    ok = subprocess.run([str(exe), "-C", str(mini), "export"], capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout)["lessons"]  # the whole JSON is flushed
    rules = subprocess.run([str(exe), "-C", str(mini), "check"], capture_output=True, text=True)
    assert rules.returncode == 1 and "合计" in rules.stdout
    missing = subprocess.run([str(exe), "-C", str(tmp_path / "nowhere"), "check"], capture_output=True, text=True)
    assert missing.returncode == 2 and "文件夹不存在" in missing.stderr and "Traceback" not in missing.stderr


def test_unfinished_scaffold_previews_but_does_not_publish(mini: Path) -> None:
    assert run(mini, "new", "lesson", "--stage", "primary-lower", "--title", "草稿课").exit_code == 0
    checked = run(mini, "check")
    assert checked.exit_code in (0, 1) and "课例还没写完" in checked.output
    built = run(mini, "build")
    assert built.exit_code == 1 and "lessons/primary-lower/g1-lesson-1.yml:" in built.output  # a draft: not published
    assert not (mini / "site").exists()


def test_export_refuses_personal_data_like_build(mini: Path) -> None:
    lesson = mini / "lessons" / "primary-lower" / "g1-hello-new-school.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("轻音乐一段", "家长电话 13912345678"), encoding="utf-8")
    result = run(mini, "export")
    assert result.exit_code == 2 and "手机号" in result.output and "13912345678" not in result.output


def test_thousands_of_reminders_are_counted_not_all_listed(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A province has thousands of unscheduled lessons: the terminal lists the first ones and says
    how many more there are; --format json still lists every one."""
    from xinyu.render import terminal

    lesson = mini / "lessons" / "primary-lower" / "g1-hello-new-school.yml"
    for n in range(3):
        copy = lesson.read_text(encoding="utf-8").replace("id: g1-hello-new-school", f"id: g1-copy-{n}", 1)
        (lesson.parent / f"g1-copy-{n}.yml").write_text(copy, encoding="utf-8")
    monkeypatch.setattr(terminal, "MAX_REMINDERS", 2)
    text = CliRunner().invoke(main, ["-C", str(mini), "check"]).output
    listed = [line for line in text.splitlines() if "没有排进课表" in line]
    assert len(listed) == 2
    data = json.loads(CliRunner().invoke(main, ["-C", str(mini), "check", "--format", "json"]).stdout)
    unscheduled = [r for r in data["reminders"] if "没有排进课表" in r["message"]]
    assert len(unscheduled) == 3
    others = len(data["reminders"])
    assert f"……另有 {others - 2} 条提醒没有列出" in text
