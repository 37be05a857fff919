"""The lesson library: a filter form, and the cards as a small data script (works from file://).

The page itself stays small at any number of lessons: the cards come from
``assets/data/library.js`` (one compact record per lesson) and are drawn by ``xinyu.js``.
Without JavaScript the page links to every grade's table.
"""

from __future__ import annotations

import json

from xinyu.model.project import Project
from xinyu.model.taxonomy import grade_label, semester_name
from xinyu.render.jinja import render

DATA_PATH = "assets/data/library.js"


def library_records(project: Project, slots: dict[str, list[tuple[int, int, int]]]) -> list[dict[str, object]]:
    """One compact record per lesson, in teaching order."""
    tax = project.taxonomy
    rows = []
    for lesson in sorted(project.lessons.values(), key=lambda x: (min(x.grades), _first_slot(slots, x.id), x.id)):
        stage = tax.stages[lesson.stage]
        where = slots.get(lesson.id, [])
        rows.append({
            "h": f"{lesson.stage}/{lesson.id}.html",
            "t": lesson.title,
            "st": lesson.stage,
            "g": lesson.grades,
            "s": sorted({s for _, s, _ in where}),
            "th": lesson.themes,
            "thl": [stage.theme_label(t) for t in lesson.themes],
            "f": lesson.forms,
            "m": lesson.minutes,
            "w": "、".join(grade_label(g) for g in lesson.grades)
            + "".join(f" · {semester_name(s)}第 {w} 周" for _, s, w in where),
            "su": lesson.summary,
        })
    return rows


def library_script(project: Project, slots: dict[str, list[tuple[int, int, int]]]) -> str:
    """``assets/data/library.js``: the records as a global, loadable from disk."""
    data = json.dumps(library_records(project, slots), ensure_ascii=False, separators=(",", ":"))
    return f"window.XY_LIBRARY={data};\n"


def library_page(project: Project, slots: dict[str, list[tuple[int, int, int]]]) -> str:
    """``lessons/index.md``: filters (stage, grade, semester, theme, form, duration)."""
    tax = project.taxonomy
    minutes = sorted({s.period_minutes for s in tax.stages.values()})
    return render("library.md.j2", count=len(project.lessons), taxonomy=tax, minutes=minutes,
                  data=f"../{DATA_PATH}")


def _first_slot(slots: dict[str, list[tuple[int, int, int]]], lesson_id: str) -> tuple[int, int]:
    where = slots.get(lesson_id)
    return (where[0][1], where[0][2]) if where else (9, 99)
