"""``xinyu serve`` as a real process (issue 18, items 8, 10–12), every wait bounded in time."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

XINYU = Path(sys.executable).parent / "xinyu"
LESSON = "lessons/primary-lower/g1-hello-new-school.yml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 5) -> tuple[int, str]:
    """Status and body; raises if the server does not answer within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", errors="replace")


def wait_for(check, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except OSError as err:
            last = err
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {seconds} s (last: {last!r})")


class Served:
    def __init__(self, proc: subprocess.Popen[str], url: str, tmp: Path) -> None:
        self.proc, self.url, self.tmp = proc, url, tmp

    def output(self) -> str:
        try:
            out, err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate(timeout=5)
        return out + err


@pytest.fixture
def served(mini: Path, tmp_path: Path) -> Iterator[Served]:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port()
    proc = subprocess.Popen([str(XINYU), "-C", str(mini), "serve", "-a", f"127.0.0.1:{port}"], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(tmp)})
    s = Served(proc, f"http://127.0.0.1:{port}/", tmp)
    try:
        wait_for(lambda: get(s.url + "index.html")[0] == 200, 90, "first build served")
        yield s
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)


def test_content_error_is_an_error_page_that_reloads_when_fixed(served: Served, mini: Path) -> None:
    lesson = mini / LESSON
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good.replace("    minutes: 6", "    minutes: six"), encoding="utf-8")

    def error_shown() -> str | None:
        status, body = get(served.url + "index.html", timeout=5)  # answered at once, never a hang
        return body if "内容有 1 处问题" in body else None

    body = wait_for(error_shown, 30, "error page")
    assert f"{LESSON}:25:5: activities[1].minutes" in body and "应为整数" in body
    assert '<html lang="zh-CN">' in body and "保存文件后，这个页面会自动刷新" in body
    status, other = get(served.url + "lessons/primary-lower/g1-hello-new-school.html", timeout=5)
    assert status == 200 and "内容有 1 处问题" in other  # every page, not only the home page
    epoch = re.search(r"livereload\((\d+), \d+\)", body)
    assert epoch, "the error page carries the live-reload script"

    lesson.write_text(good, encoding="utf-8")
    # The live-reload poll answers with a newer epoch: the browser reloads by itself.
    status, newer = get(served.url + f"livereload/{epoch.group(1)}/1", timeout=60)
    assert status == 200 and int(newer) > int(epoch.group(1))
    status, page = get(served.url + "index.html")
    assert status == 200 and "xinyu-error" not in page and "心育" in page


def test_an_edit_reaches_the_page_and_then_the_search_index(served: Served, mini: Path) -> None:
    """The preview writes its search index in the background after each build: the edited page shows
    first, and search finds the new words soon after."""
    lesson = mini / LESSON
    text = lesson.read_text(encoding="utf-8")
    assert "title: 你好，新学校" in text
    lesson.write_text(text.replace("title: 你好，新学校", "title: 你好，新学校啦啦队", 1), encoding="utf-8")
    page = served.url + "lessons/primary-lower/g1-hello-new-school.html"
    wait_for(lambda: "你好，新学校啦啦队" in get(page)[1], 60, "edited title on the page")

    def indexed() -> bool:
        texts = [p.read_text(encoding="utf-8") for p in served.tmp.glob("mkdocs_*/assets/search/t/*.js")]
        return bool(texts) and any("你好，新学校啦啦队" in t for t in texts)

    wait_for(indexed, 30, "edited title in the search index")


def test_sigterm_removes_the_temporary_folders(served: Served) -> None:
    assert [p.name for p in served.tmp.iterdir() if p.name.startswith("mkdocs_")]
    served.proc.send_signal(signal.SIGTERM)
    out = served.output()
    assert served.proc.returncode == 0, out
    left = [p.name for p in served.tmp.iterdir() if p.name.startswith(("mkdocs_", "xinyu-serve-"))]
    assert left == [], left
    assert "Traceback" not in out


def test_mkdocs_lines_are_chinese_or_left_out(served: Served, mini: Path) -> None:
    (mini / "content" / "pages" / "about.md").write_text("# 关于\n\n改了一句。\n", encoding="utf-8")
    wait_for(lambda: "改了一句" in get(served.url + "about.html")[1], 60, "rebuild after an edit")
    served.proc.send_signal(signal.SIGTERM)
    out = served.output()
    for english in ("dirty", "Aborted", "Building documentation", "Serving on", "Detected file changes",
                    "Documentation built", "Reloading browsers", "INFO", "WARNING"):
        assert english not in out, f"{english!r} in:\n{out}"
    assert "发现文件改动" in out and "构建完成" in out


def test_a_busy_port_is_said_at_once(mini: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run([str(XINYU), "-C", str(mini), "serve", "-a", f"127.0.0.1:{port}"],
                                capture_output=True, text=True, timeout=30)
        took = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert f"端口 {port} 已被占用" in result.stderr and f"xinyu serve -a 127.0.0.1:{port + 1}" in result.stderr
    assert "内部错误" not in result.stderr and "构建完成" not in result.stderr  # before any build
    assert took < 10


def test_a_malformed_address_is_explained(mini: Path) -> None:
    result = subprocess.run([str(XINYU), "-C", str(mini), "serve", "-a", "8000"], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 2 and "127.0.0.1:8000" in result.stderr and "Traceback" not in result.stderr
