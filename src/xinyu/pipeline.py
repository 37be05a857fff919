"""Load + privacy scan, once per state of the files.

``xinyu build`` checks the content before MkDocs starts, and the MkDocs plugin needs the same
project: the result is cached by the files' paths, sizes and modification times, so the second
caller pays only for ``stat`` calls. ``mkdocs serve`` sees a new state after every edit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from xinyu.checks.privacy import allowed_contacts, scan_files
from xinyu.load.cache import FileCache
from xinyu.load.classroom import lesson_advice
from xinyu.load.problems import Problem
from xinyu.load.project import LoadResult, load_project, yaml_files
from xinyu.load.yamlread import YamlProblem, decode_utf8, field_at_line
from xinyu.model.lesson import Lesson
from xinyu.model.project import Project


@dataclass(frozen=True)
class Checked:
    """A loaded project, the personal data found in its files, and its lessons' reminders."""

    result: LoadResult
    leaks: list[Problem]
    #: :func:`xinyu.load.classroom.lesson_advice`, made with the cache (None when the content has problems).
    advice: list[Problem] | None = None

    @property
    def problems(self) -> list[Problem]:
        """Content problems, then privacy problems."""
        return [*self.result.problems, *self.leaks]


_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], Checked]] = {}


def _files(root: Path) -> tuple[list[Path], list[Path]]:
    pages = root / "content" / "pages"
    return yaml_files(root), (sorted(pages.rglob("*.md")) if pages.is_dir() else [])


def _signature(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for path in files:
        st = os.stat(path)
        out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


def checked_project(root: Path | str) -> Checked:
    """Load ``root`` and scan it for personal data, reusing the last result if nothing changed."""
    root = Path(root).resolve()
    data, pages = _files(root)
    sig = _signature([*data, *pages])
    cached = _CACHE.get(root)
    if cached and cached[0] == sig:
        return cached[1]
    store = FileCache.for_project(root)
    result = load_project(root, data, store)
    result.problems.extend(_page_encoding(root, pages, result.texts))
    ok = result.project is not None and not result.problems
    leaks = (scan_files(root, [*data, *pages], allowed_contacts(result.project), result.texts, store,  # type: ignore[arg-type]
                        result.project.digests) if ok else [])  # type: ignore[union-attr]
    advice = lesson_advice(result.project, store) if ok else None  # type: ignore[arg-type]
    if ok and not leaks:
        # Every caller goes on to judge the project (the verdict is cached with it): judge it here,
        # with the per-lesson facts kept, so the pack saved below holds them too.
        from xinyu.verdict import judge

        project = result.project
        assert project is not None
        project.memo = partial(_kept_fact, project, store)
        try:
            judge(root, project, advice)
        finally:
            project.memo = None
    store.save(prune=ok)  # with problems, the later checks did not run: keep their entries for the next run
    checked = Checked(result, leaks, advice)
    _CACHE[root] = (sig, checked)
    return checked


def _kept_fact(project: Project, store: FileCache, lesson: Lesson, what: tuple[str, ...], kind: type,
               make: Callable[[], Any]) -> Any:
    """:meth:`Project.lesson_fact` with the check cache: kept by the lesson file's hash."""
    rel = project.file_of(lesson)
    hashed = project.digests.get(rel)
    if hashed is None:
        return make()
    return store.kept(("fact", rel, hashed, *what), kind, make)


def _page_encoding(root: Path, pages: list[Path], texts: dict[Path, str]) -> list[Problem]:
    """Hand-written pages must be UTF-8 text too (a GBK page would stop MkDocs mid-build); the
    text of each good page goes into ``texts`` for the privacy scan."""
    problems = []
    for page in pages:
        try:
            texts[page] = decode_utf8(page.read_bytes(), page.relative_to(root).as_posix())
        except YamlProblem as err:
            problems.append(err.problem)
    return problems


#: What ``xinyu new lesson`` writes where the author still has to write (see scaffold.py).
SCAFFOLD_MARK = "【请写"


def unfinished(root: Path, project: Project) -> list[Problem]:
    """Lessons still holding the scaffold's 【请写：……】 prompts: fine to preview, not to publish."""
    problems = []
    for lesson in project.lessons.values():
        if not project.lesson_fact(lesson, ("scaffold_mark",), bool, lambda lesson=lesson: SCAFFOLD_MARK in lesson.text()):
            continue
        rel = project.lesson_file(lesson.id)
        lines = (root / rel).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if SCAFFOLD_MARK in line and not line.lstrip().startswith("#"):
                problems.append(Problem(rel, number, line.index(SCAFFOLD_MARK) + 1, field_at_line("\n".join(lines), number),
                                        "课例还没写完：这里还是【请写：……】的提示", "写上真实内容后再发布"))
    return problems
