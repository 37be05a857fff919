"""Atomic site builds: build into a fresh folder beside ``site/`` and swap it in only on success.

A failed build (invalid content, personal data, a broken link in strict mode) leaves the last good
``site/`` untouched, byte for byte (NEVER-2).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from xinyu.load.problems import Problem


class BuildFailed(Exception):
    """The build was refused; ``problems`` says why when the content is at fault."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class _Collect(logging.Handler):
    """Collects MkDocs warnings so that a strict build can report them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(root: Path, site_dir: Path | None = None, *, offline: bool = True) -> Path:
    """Check the content, build with MkDocs in strict mode, swap the result in; return the site path."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from xinyu.checks.htmlcheck import check_site
    from xinyu.checks.privacy import allowed_numbers
    from xinyu.pipeline import checked_project, unfinished

    checked = checked_project(root)
    result = checked.result
    if result.project is None or result.problems:
        raise BuildFailed("内容有错，拒绝构建", result.problems)
    if checked.leaks:
        raise BuildFailed("发现疑似个人信息，拒绝构建", checked.leaks)
    drafts = unfinished(root, result.project)
    if drafts:
        raise BuildFailed("有课例还没写完，拒绝发布（xinyu serve 可以预览草稿）", drafts)

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_file = root / "mkdocs.yml"
    try:
        config = load_config(str(config_file), strict=True)
    except ConfigurationError as err:
        raise BuildFailed(f"mkdocs.yml 配置有误：{err}") from None
    target = Path(site_dir) if site_dir else Path(config.site_dir)
    target = target if target.is_absolute() else (root / target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    config.site_dir = str(staging)
    if not offline and "material/offline" in config.plugins:
        config.plugins["material/offline"].config.enabled = False
    collector = _Collect()
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(collector)
    try:
        build(config)
        if collector.messages:
            raise BuildFailed("构建时出现警告（严格模式）：" + "；".join(collector.messages[:10]))
        broken = check_site(staging, allowed_numbers(result.project))
        if broken:
            raise BuildFailed("生成的网页有个人信息、不安全的代码或断开的链接，拒绝发布", broken)
    except (Abort, PluginError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        details = "".join(f"\n  - {m}" for m in collector.messages[:20])
        raise BuildFailed(f"构建失败：{err}{details}") from None
    except BuildFailed:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except SystemExit:  # mkdocs-macros exits the process on a template error (on_error_fail)
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed("构建失败：手写页面的模板有错", [_macro_problem(m, root) for m in collector.messages
                                                      if "Macro Rendering Error" in m]) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mk_log.removeHandler(collector)
        config.plugins.on_shutdown()
    _swap(staging, target)
    return target


def _front_matter_lines(path: Path) -> int:
    """How many lines the front matter takes (MkDocs strips it before macros render the page)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=2):
            if line.strip() in ("---", "..."):
                while number < len(lines) and not lines[number].strip():  # blank lines go too
                    number += 1
                return number
    return 0


def _macro_problem(message: str, root: Path) -> Problem:
    """mkdocs-macros' error report (Markdown with a traceback) → one problem naming the page."""
    page = re.search(r"_File_: `([^`]+)`", message)
    error = re.search(r"_(\w+(?:Error|Exception))_: (.+)", message)
    where = re.findall(r'File "<template>", line (\d+)', message)
    what = error.group(2).strip() if error else message.splitlines()[0]
    if error and error.group(1) == "UndefinedError":
        what = f"没有这个变量或宏：{what}"
    rel = f"content/pages/{page.group(1)}" if page else "content/pages"
    line = int(where[-1]) + _front_matter_lines(root / rel) if where else 0
    return Problem(rel, line, 0, "",
                   f"页面模板出错：{what}", "检查 {{ }} 和 {% %} 里的写法；可用的宏见 macros/main.py")


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging`` using renames (old copy removed afterwards)."""
    staging.chmod(0o755)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
