"""Data-driven bad-input cases: each file in tests/cases/ is one bad content file.

Its first lines say where it goes and what must be reported:
    # path: lessons/primary-lower/g1-bad.yml
    # expect: lessons/primary-lower/g1-bad.yml:7:5: activities[0].minutes: 应为整数
Binary cases (GBK, BOM) keep these header lines in ASCII. Every case must be reported with the
file, line and field, exit code 2, and no traceback.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from xinyu.cli import main
from xinyu.load.project import load_project

CASES = sorted((Path(__file__).parent / "cases").glob("*.*"))


def header(raw: bytes) -> tuple[str, list[str], bool]:
    """(path, expected substrings, whether to remove the example lesson)."""
    path, expects, replace = "", [], False
    for line in raw.splitlines():
        m = re.match(rb"^(?:\xef\xbb\xbf)?# (path|expect|replace): ?(.*)$", line)
        if not m:
            break
        key, value = m.group(1).decode(), m.group(2).decode("utf-8")
        if key == "path":
            path = value.strip()
        elif key == "expect":
            expects.append(value.strip())
        else:
            replace = True
    return path, expects, replace


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported(case: Path, mini: Path) -> None:
    raw = case.read_bytes()
    path, expects, replace = header(raw)
    assert path and expects, f"{case.name}: header needs '# path:' and '# expect:'"
    if replace:
        shutil.rmtree(mini / "lessons")
        (mini / "content" / "schedule" / "grade-1.yml").unlink()
    target = mini / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    result = load_project(mini)
    messages = [str(p) for p in result.problems]
    assert not result.ok
    for expected in expects:
        assert any(expected in m for m in messages), f"expected {expected!r} in {messages}"
    run = CliRunner().invoke(main, ["-C", str(mini), "check"])
    assert run.exit_code == 2, run.output
    assert "Traceback" not in run.output
    assert run.exception is None or isinstance(run.exception, SystemExit)


def test_a_broken_lesson_is_reported_once(mini: Path) -> None:
    """The schedule naming an unreadable lesson is not reported too: one mistake, one message."""
    lesson = mini / "lessons" / "primary-lower" / "g1-hello-new-school.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "  bad: [\n", encoding="utf-8")
    problems = load_project(mini).problems
    assert [p.file for p in problems] == ["lessons/primary-lower/g1-hello-new-school.yml"]


def test_a_project_without_lessons_says_so(mini: Path) -> None:
    shutil.rmtree(mini / "lessons")
    messages = [str(p) for p in load_project(mini).problems]
    assert any(m.startswith("lessons/: （整个文件）: 找不到课例文件夹 lessons/") for m in messages), messages
    assert not [m for m in messages if "可选值：）" in m]
