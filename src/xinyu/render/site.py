"""Model → generated Markdown pages (path → text). Pure: no MkDocs import, no file writes."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from xinyu.checks.curriculum import schedule_by_grade
from xinyu.model.lesson import Lesson
from xinyu.model.project import Project
from xinyu.model.taxonomy import grade_label, grade_name, semester_name
from xinyu.render import text
from xinyu.render.urls import grade_path, lesson_path

TEMPLATES = Path(__file__).parent / "templates"


@cache
def env() -> Environment:
    """The Jinja environment: autoescaped, strict about undefined names."""
    e = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    e.filters["md"] = lambda s: Markup(text.md(s))
    e.filters["yamlstr"] = lambda s: Markup(text.yaml_str(s))
    e.filters["cnindex"] = text.cn_index
    e.globals.update(grade_label=grade_label, grade_name=grade_name, semester_name=semester_name)
    return e


def render(template: str, **context: object) -> str:
    """Render one template."""
    return env().get_template(template).render(**context)


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
    )


Thunk = Callable[[], str]


def page_plan(project: Project) -> dict[str, Thunk]:
    """Every generated page: docs-relative path → a function that renders it (nothing rendered yet)."""
    from xinyu.render.library import library_page
    from xinyu.render.sections import section_plan

    plan: dict[str, Thunk] = {}
    slots = lesson_slots(project)
    for lesson in project.lessons.values():
        plan[lesson_path(lesson)] = partial(lesson_page, project, lesson, slots.get(lesson.id, []))
    by_grade = schedule_by_grade(project)
    for stage in project.taxonomy.stages.values():
        for grade in stage.grades:
            plan[grade_path(grade)] = partial(render, "grade.md.j2", grade=grade, stage=stage,
                                              rows=by_grade.get(grade, []), url=lesson_path)
    plan["lessons/index.md"] = partial(library_page, project, slots)
    plan.update(section_plan(project))
    return plan


def generated_pages(project: Project) -> dict[str, str]:
    """Every generated page, rendered: docs-relative path → Markdown."""
    return {path: make() for path, make in page_plan(project).items()}
