"""Atomic site builds: build into a fresh folder beside ``site/`` and swap it in only on success.

A failed build (invalid content, personal data, a broken link in strict mode) leaves the last good
``site/`` untouched, byte for byte (NEVER-2).
"""

from __future__ import annotations

import logging
import os
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
    from xinyu.pipeline import checked_project

    checked = checked_project(root)
    result = checked.result
    if result.project is None or result.problems:
        raise BuildFailed("内容有错，拒绝构建", result.problems)
    if checked.leaks:
        raise BuildFailed("发现疑似个人信息，拒绝构建", checked.leaks)

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
        broken = check_site(staging, _allowed(result.project))
        if broken:
            raise BuildFailed("生成的网页有个人信息、不安全的代码或断开的链接，拒绝发布", broken)
    except (Abort, PluginError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        details = "".join(f"\n  - {m}" for m in collector.messages[:20])
        raise BuildFailed(f"构建失败：{err}{details}") from None
    except BuildFailed:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mk_log.removeHandler(collector)
        config.plugins.on_shutdown()
    _swap(staging, target)
    return target


def _allowed(project: object) -> list[str]:
    from xinyu.checks.privacy import allowed_numbers

    return allowed_numbers(project)  # type: ignore[arg-type]


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
