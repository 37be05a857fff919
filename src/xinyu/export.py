"""The open-data export: everything loaded, as plain JSON (``xinyu export`` and ``site/api/``)."""

from __future__ import annotations

from typing import Any

from xinyu.checks.training import plan_hours
from xinyu.model.project import Project
from xinyu.render.urls import episode_url, lesson_url, module_url


def export_project(project: Project) -> dict[str, Any]:
    """A JSON-ready dict of the whole project; hours and minutes are computed values."""
    lessons = []
    for lesson in sorted(project.lessons.values(), key=lambda x: (min(x.grades), x.id)):
        row = lesson.model_dump(mode="json", exclude_none=True)
        row["minutes"] = lesson.minutes
        row["forms"] = lesson.forms
        row["file"] = project.lesson_file(lesson.id)
        row["url"] = lesson_url(lesson)
        lessons.append(row)
    schedule = [{"grade": s.grade, "semester": e.semester, "week": e.week, "lesson": e.lesson}
                for s, _, e in project.entries()]
    modules = []
    for module in project.modules.values():
        row = module.model_dump(mode="json", exclude_none=True)
        row["hours"] = module.hours
        row["url"] = module_url(module)
        modules.append(row)
    plans = []
    for plan in project.plans:
        row = plan.model_dump(mode="json", exclude_none=True)
        hours = plan_hours(project, plan)
        row.update(hours=hours.total, skills_hours=hours.skills, partial_hours=hours.partial, hosting_hours=hours.hosting)
        plans.append(row)
    episodes = []
    for series in project.series:
        for ep in series.episodes:
            row = ep.model_dump(mode="json", exclude_none=True)
            row.update(series=series.id, edition=series.edition, url=episode_url(ep),
                       link=project.settings.episode_links.get(ep.id), sample=ep.sample)
            episodes.append(row)
    return {
        "version": 1,
        "district": project.settings.district,
        "school_year": project.settings.school_year,
        "stages": [s.model_dump(mode="json") for s in project.taxonomy.stages.values()],
        "themes": list(project.taxonomy.themes),
        "forms": list(project.taxonomy.forms),
        "roles": [r.model_dump(mode="json") for r in project.taxonomy.roles.values()],
        "lessons": lessons,
        "schedule": schedule,
        "training_modules": modules,
        "training_plans": plans,
        "air_classroom_series": [{k: v for k, v in s.model_dump(mode="json").items() if k != "episodes"}
                                 for s in project.series],
        "episodes": episodes,
        "parent_school_plans": [p.model_dump(mode="json", exclude_none=True) for p in project.parent_plans],
        "schools": [s.model_dump(mode="json", exclude_none=True) for s in project.schools],
    }
