"""Where each generated page lives in the site: one place, used by pages, links and the export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from xinyu.model.air import Episode
from xinyu.model.lesson import Lesson
from xinyu.model.training import TrainingModule, TrainingPlan


def lesson_path(lesson: Lesson) -> str:
    """Source path of a lesson page: ``lessons/<stage>/<id>.md``."""
    return f"lessons/{lesson.stage}/{lesson.id}.md"


def lesson_url(lesson: Lesson) -> str:
    """Site-relative URL of a lesson page."""
    return f"lessons/{lesson.stage}/{lesson.id}.html"


def module_path(module: TrainingModule) -> str:
    """Source path of a training-module page."""
    return f"training/modules/{module.id}.md"


def module_url(module: TrainingModule) -> str:
    """Site-relative URL of a training-module page."""
    return f"training/modules/{module.id}.html"


def plan_path(plan: TrainingPlan) -> str:
    """Source path of a training-plan page."""
    return f"training/plans/{plan.id}.md"


def episode_path(ep: Episode) -> str:
    """Source path of an episode page."""
    return f"air-classroom/{ep.id}.md"


def episode_url(ep: Episode) -> str:
    """Site-relative URL of an episode page."""
    return f"air-classroom/{ep.id}.html"


def grade_path(grade: int) -> str:
    """Source path of a grade's index page."""
    return f"lessons/grade-{grade}.md"


def parents_grade_path(grade: int) -> str:
    """Source path of a grade's page for parents."""
    return f"parents/grade-{grade}.md"


#: Most lessons in one print pack. A whole semester in one page would weigh well over 200 KB;
#: since lessons carry their ground rules, seated alternatives and pupil materials (the longest is
#: about 26 KB of HTML), three lessons stay under the 80 KB page budget and four do not.
PACK_LESSONS = 3

T = TypeVar("T")


def pack_parts(rows: list[T]) -> list[list[T]]:
    """A semester's lessons, in order, cut into print packs of at most :data:`PACK_LESSONS`,
    as even as possible: 9 lessons → 3 + 3 + 3, 10 → 3 + 3 + 2 + 2."""
    if not rows:
        return []
    count = -(-len(rows) // PACK_LESSONS)
    size, extra = divmod(len(rows), count)
    parts, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        parts.append(rows[start:end])
        start = end
    return parts


def pack_path(grade: int, semester: int, part: int) -> str:
    """Source path of one print pack (``part`` counts from 1)."""
    return f"lessons/pack/grade-{grade}-s{semester}-{part}.md"


@dataclass(frozen=True)
class Pack:
    """One print pack of a grade's semester: its number (from 1), source path and schedule rows."""

    number: int
    path: str
    rows: list[tuple[int, int, Any]]

    @property
    def file(self) -> str:
        """The pack's file name (packs link to each other in one folder)."""
        return self.path.rsplit("/", 1)[1]

    @property
    def weeks(self) -> tuple[int, int]:
        """First and last teaching week in the pack."""
        return self.rows[0][1], self.rows[-1][1]


def semester_packs(grade: int, semester: int, rows: list[tuple[int, int, Any]]) -> list[Pack]:
    """The print packs of one semester, from a grade's (semester, week, lesson) rows."""
    parts = pack_parts([row for row in rows if row[0] == semester])
    return [Pack(i, pack_path(grade, semester, i), part) for i, part in enumerate(parts, start=1)]
