"""The whole validated project: every content type, indexed, plus where each was written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from xinyu.model.air import Episode, Series
from xinyu.model.family import ParentSchoolPlan
from xinyu.model.lesson import Lesson
from xinyu.model.policy import RulesFile, Settings
from xinyu.model.schedule import ScheduleEntry, ScheduleFile
from xinyu.model.school import School
from xinyu.model.taxonomy import Taxonomy
from xinyu.model.training import TrainingModule, TrainingPlan

#: Finds the (line, column) where a key path was written.
Locator = Callable[[tuple[Any, ...]], tuple[int, int]]

T = TypeVar("T")
#: Keeps a fact made from one lesson between runs: ``(lesson, what, kind, make)`` → the fact kept
#: under ``what`` for the lesson's bytes if it is a ``kind``, else ``make()`` (then kept).
Memo = Callable[[Lesson, tuple[str, ...], type, Callable[[], Any]], Any]


def _field(path: tuple[str | int, ...]) -> str:
    """``("schedule", 18, "week")`` → ``schedule[19].week``: items counted from 1, for people."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Location:
    """Where something was written: project-relative file and 1-based line."""

    file: str
    line: int = 0
    column: int = 0
    #: The key path inside the file, such as ``schedule[19].week`` (items counted from 1).
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}" if self.field else where


@dataclass
class Project:
    """Everything loaded from ``lessons/`` and ``content/``."""

    taxonomy: Taxonomy
    rules: RulesFile
    settings: Settings
    lessons: dict[str, Lesson] = field(default_factory=dict)
    schedules: list[ScheduleFile] = field(default_factory=list)
    modules: dict[str, TrainingModule] = field(default_factory=dict)
    plans: list[TrainingPlan] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    parent_plans: list[ParentSchoolPlan] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    #: Field terms Chinese search keeps whole.
    search_terms: list[str] = field(default_factory=list)
    #: The project folder (the one holding mkdocs.yml).
    root: Path = field(default_factory=Path.cwd)
    #: Project-relative file → hash of its bytes (see :mod:`xinyu.load.cache`), for results kept by content.
    digests: dict[str, str] = field(default_factory=dict, repr=False)
    #: Set by the check pipeline to keep per-lesson facts in its cache (see :meth:`lesson_fact`).
    memo: Memo | None = field(default=None, repr=False)
    #: id(model object) → (file, locator) for messages that point into the YAML.
    _where: dict[int, tuple[str, Locator]] = field(default_factory=dict, repr=False)

    def remember(self, obj: object, file: str, locator: Locator) -> None:
        """Record the file an object was read from, and how to find a key path's line in it."""
        self._where[id(obj)] = (file, locator)

    def locate(self, obj: object, *path: str | int) -> Location:
        """The file and line of ``obj`` (or of ``path`` inside it)."""
        found = self._where.get(id(obj))
        if not found:
            return Location("")
        file, locator = found
        line, column = locator(tuple(path))
        return Location(file, line, column, _field(path))

    @property
    def episodes(self) -> dict[str, Episode]:
        """Every episode of every series, by id."""
        return {e.id: e for s in self.series for e in s.episodes}

    def edition_of(self, episode_id: str) -> str:
        """``teacher`` or ``parent``: the edition an episode belongs to."""
        return next((s.edition for s in self.series for e in s.episodes if e.id == episode_id), "")

    def entries(self) -> list[tuple[ScheduleFile, int, ScheduleEntry]]:
        """Every schedule entry with its file and index, sorted by grade, semester, week."""
        rows = [(f, i, e) for f in self.schedules for i, e in enumerate(f.schedule)]
        return sorted(rows, key=lambda r: (r[0].grade, r[2].semester, r[2].week))

    def file_of(self, obj: object) -> str:
        """The project-relative file ``obj`` was read from ("" if unknown); no line lookup."""
        found = self._where.get(id(obj))
        return found[0] if found else ""

    def lesson_file(self, lesson_id: str) -> str:
        """Project-relative path of a lesson's YAML file."""
        return self.file_of(self.lessons[lesson_id])

    def lesson_fact(self, lesson: Lesson, what: tuple[str, ...], kind: type[T], make: Callable[[], T]) -> T:
        """``make()``, a fact that depends only on ``lesson``'s file and on ``what`` (which names the
        fact and holds everything else it depends on). The check pipeline keeps it by the file's
        hash, so an unchanged lesson need not be read again; elsewhere it is simply made."""
        if self.memo is None:
            return make()
        value: T = self.memo(lesson, what, kind, make)
        return value

    def param(self, name: str) -> Any:
        """The value of a rule parameter."""
        return self.rules.parameters[name].value
