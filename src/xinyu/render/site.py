"""Model → generated Markdown pages (path → text). Pure: no MkDocs import, no file writes."""

from __future__ import annotations

from functools import partial

from xinyu.checks.curriculum import schedule_by_grade
from xinyu.kit.data import archive_name, archive_path
from xinyu.model.project import Project
from xinyu.render.compliance import compliance_page
from xinyu.render.jinja import render
from xinyu.render.lesson import lesson_page, lesson_slots
from xinyu.render.library import library_page
from xinyu.render.sections import Thunk, section_plan
from xinyu.render.urls import grade_path, lesson_path, semester_packs


def page_plan(project: Project, *, kit: bool = False) -> dict[str, Thunk]:
    """Every generated page: docs-relative path → a function that renders it (nothing rendered yet).
    With ``kit`` the lesson pages link to their delivery kit (which the caller must then build)."""
    plan: dict[str, Thunk] = {}
    slots = lesson_slots(project)
    for lesson in project.lessons.values():
        plan[lesson_path(lesson)] = partial(lesson_page, project, lesson, slots.get(lesson.id, []), kit=kit)
    by_grade = schedule_by_grade(project)
    for stage in project.taxonomy.stages.values():
        for grade in stage.grades:
            rows = by_grade.get(grade, [])
            packs = {sem: semester_packs(grade, sem, rows) for sem in (1, 2)}
            archives = {sem: (f"../{archive_path(grade, sem)}", archive_name(grade, sem))
                        for sem in (1, 2) if kit and any(row[0] == sem for row in rows)}
            plan[grade_path(grade)] = partial(render, "grade.md.j2", grade=grade, stage=stage,
                                              rows=rows, packs=packs, url=lesson_path, archives=archives)
    plan["lessons/index.md"] = partial(library_page, project, slots)
    plan.update(section_plan(project))
    plan["compliance/index.md"] = partial(compliance_page, project, frozenset(_paths(project, plan)))
    return plan


def _paths(project: Project, plan: dict[str, Thunk]) -> set[str]:
    base = project.root / "content" / "pages"
    hand = {p.relative_to(base).as_posix() for p in base.rglob("*.md")} if base.is_dir() else set()
    return set(plan) | {"compliance/index.md"} | hand


def page_paths(project: Project) -> set[str]:
    """Docs-relative paths of every page of the site (hand-written and generated)."""
    return _paths(project, page_plan(project))


def generated_pages(project: Project, *, kit: bool = False) -> dict[str, str]:
    """Every generated page, rendered: docs-relative path → Markdown."""
    return {path: make() for path, make in page_plan(project, kit=kit).items()}
