"""The shipped curriculum: no near-copies, every grade's lessons written for that grade."""

from __future__ import annotations

from itertools import combinations

from conftest import REPO
from xinyu.load.project import load_project


def _grams(text: str, k: int = 4) -> set[str]:
    flat = "".join(text.split())
    return {flat[i:i + k] for i in range(len(flat) - k + 1)}


def test_no_two_lessons_are_near_copies() -> None:
    project = load_project(REPO).project
    assert project is not None
    grams = {lesson.id: _grams(lesson.text()) for lesson in project.lessons.values()}
    worst = max(((len(a & b) / len(a | b), x, y) for (x, a), (y, b) in combinations(grams.items(), 2)))
    # Measured on the shipped 216 lessons: the closest pair shares about 6% of its 4-character runs.
    assert worst[0] < 0.25, f"{worst[1]} and {worst[2]} share {worst[0]:.0%} of their text"


def test_every_grade_has_its_own_lessons() -> None:
    project = load_project(REPO).project
    assert project is not None
    for sched in project.schedules:
        ids = [e.lesson for e in sched.schedule]
        assert len(ids) == len(set(ids)), f"grade {sched.grade} repeats a lesson"
        assert all(sched.grade in project.lessons[i].grades for i in ids)
    assert sorted(s.grade for s in project.schedules) == list(range(1, 13))
