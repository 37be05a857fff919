"""Where each generated page lives in the site: one place, used by pages, links and the export."""

from __future__ import annotations

from typing import TypeVar

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


#: Most lessons in one print pack. A whole semester in one page would weigh 130–160 KB; four
#: lessons stay under the 80 KB page budget (the longest lesson is about 16 KB of HTML).
PACK_LESSONS = 4

T = TypeVar("T")


def pack_parts(rows: list[T]) -> list[list[T]]:
    """A semester's lessons, in order, cut into print packs of at most :data:`PACK_LESSONS`,
    as even as possible: 9 lessons → 3 + 3 + 3, 18 → 4 + 4 + 4 + 3 + 3."""
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
