"""One lesson page, and where each lesson is scheduled."""

from __future__ import annotations

from xinyu.model.lesson import Lesson
from xinyu.model.project import Project
from xinyu.model.taxonomy import grade_label, grade_name, semester_name
from xinyu.render.jinja import render


def download_links(lesson: Lesson, slots: list[tuple[int, int, int]]) -> dict[str, object]:
    """What the lesson page's “下载与打印” block links to (paths relative to the lesson page)."""
    from xinyu.kit.data import archive_name, archive_path, names

    n = names(lesson)
    up = "../../"  # lessons/<stage>/<id>.html → site root
    semesters = sorted({(g, s) for g, s, _ in slots})
    return {"slides": up + n.slides, "slides_name": n.slides_name, "plan": up + n.plan, "plan_name": n.plan_name,
            "materials": up + n.materials, "home": up + n.home,
            "archives": [(up + archive_path(g, s), archive_name(g, s), archive_name(g, s).removesuffix(".zip"))
                         for g, s in semesters]}


def lesson_slots(project: Project) -> dict[str, list[tuple[int, int, int]]]:
    """lesson id → [(grade, semester, week)] where it is scheduled."""
    slots: dict[str, list[tuple[int, int, int]]] = {}
    for sched, _, entry in project.entries():
        slots.setdefault(entry.lesson, []).append((sched.grade, entry.semester, entry.week))
    return slots


def lesson_page(project: Project, lesson: Lesson, slots: list[tuple[int, int, int]], *, kit: bool = False) -> str:
    """The page of one lesson; with ``kit``, its “下载与打印” block (see :mod:`xinyu.kit`)."""
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
        kit=download_links(lesson, slots) if kit else None,
    )
