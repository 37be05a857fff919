"""Progress of ``xinyu build``: phases and page counts, redrawn on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from xinyu import progress
from xinyu.progress import Progress

XINYU = Path(sys.executable).parent / "xinyu"


def test_plain_lines_in_ci_a_few_per_count() -> None:
    out = io.StringIO()
    p = Progress(out, tty=False)
    p.phase("生成网页：400 个页面")
    for i in range(1, 401):
        p.count("转换页面", i, 400)
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[0].endswith("生成网页：400 个页面")
    assert [line.split("] ")[1] for line in lines[1:]] == ["转换页面 100/400", "转换页面 200/400", "转换页面 300/400",
                                                          "转换页面 400/400"]


def test_small_counts_still_end_at_the_total() -> None:
    out = io.StringIO()
    p = Progress(out, tty=False)
    for i in range(1, 3):
        p.count("写出网页", i, 2)
    assert out.getvalue().splitlines()[-1].endswith("写出网页 2/2")


def test_one_redrawn_line_on_a_terminal() -> None:
    out = io.StringIO()
    p = Progress(out, tty=True)
    for i in range(1, 1001):
        p.count("写出网页", i, 1000)
    p.phase("站内搜索索引")
    text = out.getvalue()
    assert text.count("\n") == 2  # the finished count, then the phase
    assert "\r" in text and "写出网页 1000/1000\n" in text
    assert text.count("\r") < 100  # redrawn at most every 0.1 s, not 1,000 times


def test_silent_unless_a_build_shows_it() -> None:
    progress.phase("不会出现")  # no build running: nothing, and no error
    out = io.StringIO()
    with progress.shown(Progress(out, tty=False)):
        progress.phase("核查内容")
        progress.count("转换页面", 1, 1)
    progress.phase("之后也不会出现")
    assert "核查内容" in out.getvalue() and "出现" not in out.getvalue()


def test_xinyu_build_shows_its_phases(mini: Path, tmp_path: Path) -> None:
    done = subprocess.run([str(XINYU), "-C", str(mini), "build", "--site-dir", str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    phases = [line.split("] ", 1)[1] for line in done.stderr.splitlines() if line.startswith("[")]
    expected = ["核查内容", "核查政策规则", "交付包", "生成网页", "转换页面", "写出网页", "站内搜索索引",
                "检查生成的网页", "扫描文件里的个人信息", "发布"]
    found = [next((i for i, p in enumerate(phases) if p.startswith(e)), -1) for e in expected]
    assert -1 not in found and found == sorted(found), phases
    assert "网站已生成" in done.stdout
