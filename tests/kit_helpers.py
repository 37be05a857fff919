"""Helpers of the delivery-kit tests: the fixture project, and the real tools they need."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import REPO, copy_base

KIT_DATA = REPO / "tests" / "data" / "kit"
ARTIFACTS = REPO / "test-artifacts" / "kit"
#: Tool → the Debian packages that provide it (``.ci/run`` installs them all).
TOOLS = {
    "soffice": "libreoffice-impress libreoffice-writer",
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "zbarimg": "zbar-tools",
    "chromium": "chromium fonts-noto-cjk",
}


def require(tool: str) -> str:
    """The path of ``tool``; fails (never skips) with the one-line install command when missing.
    Chromium may also be named by ``XINYU_CHROMIUM`` (any Chromium or Chrome executable)."""
    if tool == "chromium" and os.environ.get("XINYU_CHROMIUM"):
        named = os.environ["XINYU_CHROMIUM"]
        assert Path(named).is_file(), f"XINYU_CHROMIUM 指向的文件不存在：{named}"
        return named
    names = ("chromium", "chromium-browser") if tool == "chromium" else (tool,)
    found = next((shutil.which(n) for n in names if shutil.which(n)), None)
    found = found or (f"/usr/bin/{tool}" if Path(f"/usr/bin/{tool}").exists() else None)
    hint = "，或用环境变量 XINYU_CHROMIUM 指定浏览器" if tool == "chromium" else ""
    assert found, f"需要 {tool}：sudo apt-get install -y {TOOLS[tool]}{hint}（make test 和 .ci/run 会自动安装）"
    return found


def kit_project(dest: Path, site_url: str | None = None) -> Path:
    """The kit fixture: the repository's taxonomies, rules, settings and pages, with three
    lessons in the new model (grade 1, grade 7, grade 11) and their schedules."""
    root = copy_base(dest)
    shutil.copytree(KIT_DATA / "lessons", root / "lessons")
    shutil.copytree(KIT_DATA / "schedule", root / "content" / "schedule")
    if site_url is not None:
        settings = root / "content" / "site.yml"
        text = settings.read_text(encoding="utf-8").replace("\nsite_url:\n", f"\nsite_url: {site_url}\n")
        settings.write_text(text, encoding="utf-8")
    return root
