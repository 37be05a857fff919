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
from collections.abc import Callable
from pathlib import Path

from xinyu.load.problems import Problem
from xinyu.model.project import Project
from xinyu.verdict import Verdict


class BuildFailed(Exception):
    """The build was refused; ``problems`` says why when the content is at fault; ``verdict`` is
    set when the content is valid but not ready to publish (drafts; rules failing in strict mode)."""

    def __init__(self, message: str, problems: list[Problem] | None = None, verdict: Verdict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.verdict = verdict


class _Collect(logging.Handler):
    """Collects MkDocs warnings so that a strict build can report them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def checked_for_publishing(root: Path, *, strict: bool | None = None,
                           report: Callable[[Verdict, bool], None] | None = None) -> tuple[Project, Verdict]:
    """The project ready to publish and its verdict, or :class:`BuildFailed` for invalid content,
    personal data, drafts, or (``strict``; default: the ``strict`` setting) a failing rule or a
    reminder. ``report`` is shown the verdict first. Every engine publishes through here."""
    from xinyu import progress
    from xinyu.pipeline import checked_project
    from xinyu.verdict import judge

    progress.phase("核查内容（YAML、字段、个人信息）")
    checked = checked_project(root)
    result = checked.result
    if result.project is None or result.problems:
        raise BuildFailed("内容有错，拒绝构建", result.problems)
    if checked.leaks:
        raise BuildFailed("发现疑似个人信息，拒绝构建", checked.leaks)
    progress.phase("核查政策规则")
    verdict = judge(root, result.project, checked.advice)
    strict = result.project.settings.strict if strict is None else strict
    if report is not None:
        report(verdict, strict)
    if verdict.drafts:
        raise BuildFailed("有课例还没写完（草稿），拒绝发布；xinyu serve 可以预览草稿", [], verdict)
    if strict and verdict.failed(True):
        raise BuildFailed("严格模式：有规则不达标或有提醒，拒绝发布", [], verdict)
    return result.project, verdict


def build_site(root: Path, site_dir: Path | None = None, *, offline: bool = True, strict: bool | None = None,
               report: Callable[[Verdict, bool], None] | None = None) -> tuple[Path, Verdict]:
    """Check the content, build with MkDocs in strict mode, swap the result in; return the site
    path and the verdict on the rules (see :func:`checked_for_publishing` for ``strict`` and ``report``)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from xinyu import progress
    from xinyu.checks.htmlcheck import site_problems
    from xinyu.checks.outputs import SCAN_CACHE, scan_site
    from xinyu.checks.privacy import allowed_contacts

    project, verdict = checked_for_publishing(root, strict=strict, report=report)

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
    allowed = tuple(allowed_contacts(project))
    plugin = config.plugins.get("xinyu")
    if plugin is not None and hasattr(plugin, "prescan"):  # the kit's documents are scanned as they are made
        plugin.prescan = (str(root / SCAN_CACHE), allowed)
    collector = _Collect()
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(collector)
    try:
        build(config)
        if collector.messages:
            raise _warnings_failure(collector.messages, root, Path(config.docs_dir))
        progress.phase("检查生成的网页：链接、脚本")
        broken = [_source_of(found.problem, found.look_for, root, Path(config.docs_dir)) for found in site_problems(staging)]
        broken += scan_site(staging, allowed, root / SCAN_CACHE)  # every file the site will publish
        if broken:
            raise BuildFailed("生成的网页有个人信息、不安全的代码或断开的链接，拒绝发布", broken)
    except (Abort, PluginError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        if getattr(err, "problem", None) is not None:  # a hand-written page's template (PageTemplateError)
            raise BuildFailed("构建失败：手写页面的模板有错", [err.problem]) from None  # type: ignore[attr-defined]
        if isinstance(err, Abort) and collector.messages:  # strict mode stopped on warnings
            raise _warnings_failure(collector.messages, root, Path(config.docs_dir)) from None
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
    progress.phase("发布：替换 " + str(target))
    _swap(staging, target)
    return target, verdict


#: MkDocs' warnings about links on a page, and how to say them to a maintainer.
_LINK_WARNINGS = (
    (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the target .*not found"),
     "链接“{link}”指向的页面不存在", "检查文件名和路径：路径相对于本页所在的文件夹，页面文件以 .md 结尾"),
    (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but there is no such anchor"),
     "链接“{link}”在目标页面找不到这个标题", "锚点要和标题一致（如 ## 家校共育 → #家校共育）"),
    (re.compile(r"Doc file '(?P<page>[^']+)' contains an (?:unrecognized|absolute) (?:relative )?link '(?P<link>[^']+)'"),
     "链接“{link}”的写法无法识别", "写成相对于本页的 .md 路径，如 ../school/index.md"),
)


def _warnings_failure(messages: list[str], root: Path, docs_dir: Path) -> BuildFailed:
    """A strict build stopped on MkDocs warnings: name the page and line where we can."""
    problems: list[Problem] = []
    other: list[str] = []
    for message in messages:
        for pattern, text, hint in _LINK_WARNINGS:
            m = pattern.search(message)
            if m:
                problems.append(_page_problem(root, docs_dir, m["page"], m["link"], text.format(link=m["link"]), hint))
                break
        else:
            other.append(message)
    if other:
        return BuildFailed("构建时出现警告（严格模式）：" + "；".join(other[:10]), problems)
    return BuildFailed("页面里有断开的链接，拒绝发布", problems)


def _page_problem(root: Path, docs_dir: Path, page: str, needle: str, message: str, hint: str) -> Problem:
    """A problem on a hand-written page, at the first line holding ``needle``; generated pages
    have no file of their own, so the problem names the page."""
    path = docs_dir / page
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else page
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Problem(f"{rel}（生成的页面）", 0, 0, "", message, hint)
    for number, line in enumerate(lines, start=1):
        if needle in line:
            return Problem(rel, number, line.index(needle) + 1, "", message, hint)
    return Problem(rel, 0, 0, "", message, hint)


def _source_of(problem: Problem, look_for: tuple[str, ...], root: Path, docs_dir: Path) -> Problem:
    """A problem found in a built page, moved to the hand-written page it came from (if any), at
    the first line holding one of ``look_for`` (the link as written, an attribute, a tag)."""
    source = docs_dir / (problem.file.removesuffix(".html") + ".md")
    if not problem.file.endswith(".html") or not source.is_file():
        return problem
    page = source.relative_to(docs_dir).as_posix()
    for needle in look_for:
        at = _page_problem(root, docs_dir, page, needle, problem.message, problem.hint)
        if at.line:
            return at
    rel = source.relative_to(root).as_posix() if source.is_relative_to(root) else page
    return Problem(rel, 0, 0, "", problem.message, problem.hint)


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
