"""The site without the xinyu plugin: ``xinyu render`` (the page tree) and other site engines.

``render_project`` checks the content exactly as ``xinyu build`` does and writes the page tree
(:mod:`xinyu.render.tree`). ``build_zensical`` builds that tree with Zensical (the successor of
Material for MkDocs, an optional extra: ``pip install 'xinyu[zensical]'``), writes the site search
index from the finished HTML, checks the pages and swaps the site in atomically, like
:func:`xinyu.sitebuild.build_site`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from xinyu.model.project import Project
from xinyu.render.tree import TreeStats
from xinyu.sitebuild import BuildFailed, checked_for_publishing
from xinyu.verdict import Verdict

#: Engines ``xinyu build --engine`` knows.
ENGINES = ("mkdocs", "zensical")


def _plugin_options(root: Path) -> tuple[bool, bool, str]:
    """The xinyu plugin's ``api``, ``kit`` and ``macros_module`` settings in ``mkdocs.yml`` (or defaults)."""
    import re

    from xinyu.render.macros import DEFAULT_MODULE

    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    api = not re.search(r"^\s+api:\s*false\s*$", text, re.M)
    kit = not re.search(r"^\s+kit:\s*false\s*$", text, re.M)
    module = re.search(r"^\s+macros_module:\s*(\S+)\s*$", text, re.M)
    return api, kit, module.group(1) if module else DEFAULT_MODULE


def render_project(root: Path, out: Path, project: Project | None = None) -> TreeStats:
    """Check ``root`` and write its page tree to ``out`` (``docs/`` and ``mkdocs.yml``)."""
    from xinyu.render.macros import MacroError
    from xinyu.render.tree import write_tree

    project = project or checked_for_publishing(root)[0]
    api, kit, module = _plugin_options(root)
    try:
        return write_tree(project, out, api=api, macros_module=module, kit=kit)
    except MacroError as err:
        raise BuildFailed("手写页面的模板有错", [err.problem]) from None
    except ValueError as err:
        raise BuildFailed(str(err)) from None


def zensical_command() -> list[str]:
    """How to start Zensical from this Python (its console script next to the interpreter)."""
    script = Path(sys.executable).parent / "zensical"
    if script.is_file():
        return [str(script)]
    found = shutil.which("zensical")
    if found:
        return [found]
    raise BuildFailed("没有安装 Zensical：pip install 'xinyu[zensical]'（或 pip install zensical==0.0.73）")


def build_zensical(root: Path, site_dir: Path | None = None, *, strict: bool | None = None,
                   report: Callable[[Verdict, bool], None] | None = None) -> tuple[Path, Verdict]:
    """Render the page tree, build it with Zensical, add the search index, check, swap in; return
    the site path and the verdict (``strict`` and ``report`` as for :func:`~xinyu.sitebuild.build_site`)."""
    from xinyu import progress
    from xinyu.checks.htmlcheck import site_problems
    from xinyu.checks.outputs import SCAN_CACHE, scan_site
    from xinyu.checks.privacy import allowed_contacts
    from xinyu.mkdocs.plugin import _lesson_grades
    from xinyu.searchindex import build_index
    from xinyu.sitebuild import _swap

    project, verdict = checked_for_publishing(root, strict=strict, report=report)
    command = zensical_command()
    target = Path(site_dir) if site_dir else root / "site"
    target = target if target.is_absolute() else root / target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".xinyu-render-", dir=target.parent) as tmp:
        tree = Path(tmp)
        progress.phase("写出页面树（含交付包）")
        render_project(root, tree, project)
        progress.phase("Zensical 构建网页")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run([*command, "build", "--clean", "-f", "mkdocs.yml"], cwd=tree, env=env,
                              capture_output=True, text=True, check=False)
        built = tree / "site"
        if done.returncode != 0 or not (built / "index.html").is_file():
            tail = (done.stderr or done.stdout).strip().splitlines()[-20:]
            raise BuildFailed("Zensical 构建失败：" + "\n  ".join(["", *tail]))
        progress.phase("站内搜索索引")
        build_index(built, _lesson_grades(project))
        progress.phase("检查生成的网页：链接、脚本、个人信息")
        broken = [found.problem for found in site_problems(built)]
        broken += scan_site(built, allowed_contacts(project), root / SCAN_CACHE)
        if broken:
            raise BuildFailed("生成的网页有个人信息、不安全的代码或断开的链接，拒绝发布", broken)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        staging.rmdir()
        built.rename(staging)
    progress.phase("发布：替换 " + str(target))
    _swap(staging, target)
    return target, verdict
