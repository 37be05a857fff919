"""Macros in hand-written pages (content/pages/*.md), without any site engine.

The project's macros module (``macros/main.py`` by default) defines ``define_env(env)`` in the
style of mkdocs-macros: it sets ``env.variables`` and registers functions with ``@env.macro``.
:func:`render_page` renders one page's Markdown with them (Jinja, strict about undefined names).
The xinyu MkDocs plugin and ``xinyu render`` both call it, so a page reads the same in every
engine. A template error becomes a :class:`MacroError` naming the page and line.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from xinyu.load.problems import Problem
from xinyu.model.project import Project

#: The macros module, relative to the project folder, without ``.py``.
DEFAULT_MODULE = "macros/main"
F = TypeVar("F", bound=Callable[..., Any])
_CURRENT: dict[str, Project] = {}


class MacroError(Exception):
    """A hand-written page's template failed; ``problem`` names the page and line."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def set_current_project(project: Project) -> None:
    """Make ``project`` the one the macros module sees (before :func:`load_macros`)."""
    _CURRENT["project"] = project


def current_project() -> Project:
    """The project whose pages are being rendered (for the macros module)."""
    if "project" not in _CURRENT:
        raise RuntimeError("还没有加载内容：宏模块只能在 xinyu 构建或 xinyu render 里使用。")
    return _CURRENT["project"]


@dataclass
class MacroEnv:
    """What ``define_env`` fills in: variables, macros and filters for the pages' templates."""

    project: Project
    variables: dict[str, Any] = field(default_factory=dict)
    macros: dict[str, Callable[..., Any]] = field(default_factory=dict)
    filters: dict[str, Callable[..., Any]] = field(default_factory=dict)

    def macro(self, fn: F | None = None, name: str = "") -> Any:
        """Register ``fn`` as a macro (usable as ``@env.macro`` or ``env.macro(fn, "name")``)."""
        def register(f: F) -> F:
            self.macros[name or f.__name__] = f
            return f
        return register(fn) if fn is not None else register

    def filter(self, fn: F | None = None, name: str = "") -> Any:
        """Register ``fn`` as a Jinja filter."""
        def register(f: F) -> F:
            self.filters[name or f.__name__] = f
            return f
        return register(fn) if fn is not None else register


def load_macros(project: Project, module: str = DEFAULT_MODULE) -> MacroEnv:
    """Run the project's macros module (if it exists) against ``project``."""
    set_current_project(project)
    env = MacroEnv(project)
    path = project.root / f"{module}.py"
    if not path.is_file():
        return env
    name = f"xinyu_page_macros_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.modules.pop(name, None)
    define = getattr(mod, "define_env", None)
    if callable(define):
        define(env)
    return env


def split_front_matter(text: str) -> tuple[str, str, int]:
    """``text`` → (front matter including its ``---`` lines and the blank lines after, body, how
    many lines the front matter takes). MkDocs strips the same part before rendering a page."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                end = number + 1
                while end < len(lines) and not lines[end].strip():
                    end += 1
                return "".join(lines[:end]), "".join(lines[end:]), end
    return "", text, 0


def front_matter_lines(path: Path) -> int:
    """How many lines the front matter of the page at ``path`` takes (0 if unreadable)."""
    try:
        return split_front_matter(path.read_text(encoding="utf-8"))[2]
    except (OSError, UnicodeDecodeError):
        return 0


def render_page(env: MacroEnv, markdown: str, rel: str, meta: dict[str, Any] | None = None, offset: int = 0) -> str:
    """Render the macros in one page body. ``rel`` names the page in errors (``content/pages/…``);
    ``offset`` is how many lines came before the body (its front matter)."""
    if "{{" not in markdown and "{%" not in markdown and "{#" not in markdown:
        return markdown
    from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError

    jinja = Environment(undefined=StrictUndefined, keep_trailing_newline=True)
    jinja.filters.update(env.filters)
    context = {**env.variables, **env.macros, **(meta or {})}
    try:
        return jinja.from_string(markdown).render(**context)
    except TemplateSyntaxError as err:
        raise MacroError(_problem(rel, (err.lineno or 0) + offset if err.lineno else 0, str(err.message or err))) from None
    except Exception as err:  # noqa: BLE001 - any error in a page's template is the page's problem
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == "<template>"]
        line = frames[-1].lineno + offset if frames and frames[-1].lineno else 0
        what = f"没有这个变量或宏：{err}" if isinstance(err, UndefinedError) else f"{type(err).__name__}: {err}"
        raise MacroError(_problem(rel, line, what)) from None


def _problem(rel: str, line: int, what: str) -> Problem:
    return Problem(rel, line, 0, "", f"页面模板出错：{what}", "检查 {{ }} 和 {% %} 里的写法；可用的宏见 macros/main.py")
