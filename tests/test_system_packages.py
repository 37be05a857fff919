"""``make test`` on a fresh machine: scripts/system-packages.sh installs what the tests drive where it
can (Debian, as root) and otherwise stops at once with the one command to run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "system-packages.sh"


def _bare_path(tmp_path: Path, uid: str) -> str:
    """A PATH with the shell's helpers only (no browser, LibreOffice, poppler, zbar, apt-get) and an
    ``id`` that answers ``uid``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "awk", "tr", "head", "cat"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    fake_id = bin_dir / "id"
    fake_id.write_text(f"#!{shutil.which('sh')}\necho {uid}\n", encoding="utf-8")
    fake_id.chmod(0o755)
    return str(bin_dir)


def _run(path: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([shutil.which("sh") or "/bin/sh", str(SCRIPT)], capture_output=True, text=True,
                          env={"PATH": path, **env}, timeout=30)


def test_missing_programs_stop_at_once_with_the_command(tmp_path: Path) -> None:
    done = _run(_bare_path(tmp_path, "1000"))
    assert done.returncode == 1
    for package in ("chromium", "libreoffice-impress", "libreoffice-writer", "poppler-utils", "zbar-tools"):
        assert package in done.stderr
    assert done.stderr.count("poppler-utils") == 1
    assert "XINYU_CHROMIUM" in done.stderr


def test_a_named_browser_must_exist(tmp_path: Path) -> None:
    done = _run(_bare_path(tmp_path, "1000"), XINYU_CHROMIUM=str(tmp_path / "nowhere" / "chrome"))
    assert done.returncode == 1 and "XINYU_CHROMIUM" in done.stderr and "nowhere" in done.stderr


def test_a_named_browser_replaces_chromium(tmp_path: Path) -> None:
    path = _bare_path(tmp_path, "1000")
    browser = tmp_path / "my-chrome"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(0o755)
    done = _run(path, XINYU_CHROMIUM=str(browser))
    assert done.returncode == 1 and "chromium" not in done.stderr.split("\n")[1]  # only the others are missing


def test_nothing_to_do_on_this_machine() -> None:
    """The machine running the suite has everything (the script installed it, or it was there)."""
    done = _run(os.environ["PATH"])
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
