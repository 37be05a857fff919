"""One lesson page, and where each lesson is scheduled."""

from __future__ import annotations

from xinyu.model.lesson import Lesson
from xinyu.model.project import Project
from xinyu.model.taxonomy import grade_label, grade_name, semester_name
from xinyu.render.jinja import render


def lesson_slots(project: Project) -> dict[str, list[tuple[int, int, int]]]:
    """lesson id → [(grade, semester, week)] where it is scheduled."""
    slots: dict[str, list[tuple[int, int, int]]] = {}
    for sched, _, entry in project.entries():
        slots.setdefault(entry.lesson, []).append((sched.grade, entry.semester, entry.week))
    return slots


def lesson_page(project: Project, lesson: Lesson, slots: list[tuple[int, int, int]]) -> str:
    """The page of one lesson."""
    stage = project.taxonomy.stages[lesson.stage]
    return render(
        "lesson.md.j2",
        lesson=lesson,
        grades_text="、".join(grade_label(g) for g in lesson.grades),
        grades_short="、".join(grade_name(g) for g in lesson.grades),
        themes=[stage.theme_label(t) for t in lesson.themes],
        slots=[f"{grade_name(g)}{semester_name(s)}第 {w} 周" for g, s, w in slots],
        file=project.lesson_file(lesson.id),
        ground_rules=lesson.rules(stage),
    )
