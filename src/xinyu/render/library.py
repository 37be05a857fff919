"""The lesson library: every lesson as a card with data attributes that the filter script reads."""

from __future__ import annotations

from xinyu.model.project import Project
from xinyu.render.site import render


def library_page(project: Project, slots: dict[str, list[tuple[int, int, int]]]) -> str:
    """``lessons/index.md``: filters (stage, grade, semester, theme, form, duration) and cards."""
    tax = project.taxonomy
    cards = []
    for lesson in sorted(project.lessons.values(), key=lambda x: (min(x.grades), _first_slot(slots, x.id), x.id)):
        stage = tax.stages[lesson.stage]
        where = slots.get(lesson.id, [])
        cards.append({
            "lesson": lesson,
            "href": f"{lesson.stage}/{lesson.id}.html",
            "stage": stage,
            "themes": [stage.theme_label(t) for t in lesson.themes],
            "semesters": sorted({s for _, s, _ in where}),
            "weeks": where,
        })
    minutes = sorted({s.period_minutes for s in tax.stages.values()})
    return render("library.md.j2", cards=cards, taxonomy=tax, minutes=minutes)


def _first_slot(slots: dict[str, list[tuple[int, int, int]]], lesson_id: str) -> tuple[int, int]:
    where = slots.get(lesson_id)
    return (where[0][1], where[0][2]) if where else (9, 99)
