"""Macros for hand-written pages in content/pages (``define_env`` in the mkdocs-macros style).

Thin on purpose: the data comes from the project being built; the logic lives in the ``xinyu``
package. The xinyu plugin and ``xinyu render`` render them alike (xinyu.render.macros); an error
fails the build and names the page and line.
"""

from __future__ import annotations

from typing import Any

from xinyu.model.taxonomy import grade_label
from xinyu.render.macros import current_project


def define_env(env: Any) -> None:
    """Register variables and functions for Jinja in hand-written pages."""
    project = current_project()

    env.variables["district"] = project.settings.district
    notice = project.rules.notice
    # The policy document, quoted as the policy file names it (content/policy/rules.yml).
    env.variables["notice"] = (notice.model_dump() if notice else
                               {"title": "政策文件", "issuer": "主管部门", "date": ""})
    env.variables["hotlines"] = {"national": "12356", "youth": "12355",
                                 "district": project.settings.district_hotline}

    @env.macro
    def counts() -> dict[str, int]:
        """How many lessons, scheduled class-hours, modules and episodes the portal holds."""
        return {
            "lessons": len(project.lessons),
            "hours": sum(len(s.schedule) for s in project.schedules),
            "grades": len(project.schedules),
            "modules": len(project.modules),
            "episodes": len(project.episodes),
        }

    @env.macro
    def grade_links(prefix: str = "lessons/") -> str:
        """Links to every grade's page, e.g. ``lessons/grade-1.md``, as large tap targets."""
        links = " ".join(f"[{grade_label(g)}]({prefix}grade-{g}.md)"
                         for s in project.taxonomy.stages.values() for g in s.grades)
        return f'<div class="xy-grade-links" markdown>\n{links}\n</div>'


    _register_school_macros(env)

    @env.macro
    def stage_rows() -> list[dict[str, Any]]:
        """Stages with their grades and lesson counts."""
        return [{"slug": s.slug, "name": s.name, "grades": s.grades, "minutes": s.period_minutes,
                 "lessons": sum(1 for x in project.lessons.values() if x.stage == s.slug)}
                for s in project.taxonomy.stages.values()]


def _register_school_macros(env: Any) -> None:
    """Macros for the school-operation pages."""
    from xinyu.render.diagrams import crisis_flow as draw

    project = current_project()

    @env.macro
    def crisis_flow(school_id: str | None = None) -> str:
        """The 一二三 flow diagram as inline SVG (a school's own levels when ``school_id`` is given)."""
        if school_id is None:
            return draw()
        school = next((s for s in project.schools if s.id == school_id), None)
        if school is None:
            raise ValueError(f"crisis_flow：没有编号为 {school_id} 的学校")
        return draw(school.crisis_levels, f"{school.name}：三级干预流程")
