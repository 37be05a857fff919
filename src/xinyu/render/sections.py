"""Generated pages beyond single lessons: stage indexes, print packs, training, air classroom,
parents and the compliance report."""

from __future__ import annotations

from xinyu.checks.curriculum import schedule_by_grade
from xinyu.checks.training import current_plans, plan_hours
from xinyu.model.project import Project
from xinyu.render.site import lesson_page, lesson_slots, render
from xinyu.render.urls import episode_path, module_path, parents_grade_path, plan_path


def section_pages(project: Project) -> dict[str, str]:
    """Every generated page other than lessons and grade indexes."""
    pages: dict[str, str] = {}
    pages.update(_stage_and_packs(project))
    pages.update(_training(project))
    pages.update(_air(project))
    pages.update(_parents(project))
    from xinyu.render.compliance import compliance_page

    pages["compliance/index.md"] = compliance_page(project)
    return pages


def _stage_and_packs(project: Project) -> dict[str, str]:
    pages: dict[str, str] = {}
    by_grade = schedule_by_grade(project)
    slots = lesson_slots(project)
    for stage in project.taxonomy.stages.values():
        lessons = sorted((x for x in project.lessons.values() if x.stage == stage.slug), key=lambda x: (x.grades, x.id))
        pages[f"lessons/{stage.slug}/index.md"] = render("stage.md.j2", stage=stage, lessons=lessons)
        for grade in stage.grades:
            for sem in (1, 2):
                rows = [row for row in by_grade.get(grade, []) if row[0] == sem]
                bodies = [_demote(lesson_page(project, lesson, slots.get(lesson.id, []))) for _, _, lesson in rows]
                pages[f"lessons/pack/grade-{grade}-s{sem}.md"] = render(
                    "pack.md.j2", grade=grade, sem=sem, rows=rows, bodies=bodies)
    return pages


def _demote(page: str) -> str:
    """A lesson page without front matter, headings one level down (for a print pack)."""
    body = page.split("---", 2)[2] if page.startswith("---") else page
    out = []
    for line in body.splitlines():
        if line.startswith("#"):
            line = "#" + line
        out.append(line)
    return "\n".join(out).replace('<p class="xy-source">', '<p class="xy-source xy-noprint">')


def _training(project: Project) -> dict[str, str]:
    pages: dict[str, str] = {}
    roles = project.taxonomy.roles
    need = project.param("training_week_hours")
    plans = current_plans(project)
    plan_rows = []
    for plan in project.plans:
        hours = plan_hours(project, plan)
        role = roles[plan.role]
        items = []
        for item in sorted(plan.items, key=lambda i: ((i.month - 9) % 12, i.module or i.episode or "")):
            if item.module:
                m = project.modules[item.module]
                items.append({"month": item.month, "title": m.title, "kind": m.kind, "hours": m.hours,
                              "href": "../../" + module_path(m), "note": item.note})
            else:
                ep = project.episodes[item.episode or ""]
                items.append({"month": item.month, "title": f"空中课堂：{ep.title}", "kind": "空中课堂",
                              "hours": round(ep.minutes / project.param("minutes_per_hour"), 1),
                              "href": "../../" + episode_path(ep), "note": item.note})
        ctx = {"plan": plan, "role": role, "hours": hours, "need": need, "items": items}
        plan_rows.append(ctx)
        pages[plan_path(plan)] = render("plan.md.j2", **ctx)
        pages[f"training/records/{plan.id}.md"] = render("record.md.j2", **ctx)
    for module in project.modules.values():
        pages[module_path(module)] = render("module.md.j2", module=module, roles=roles)
    pages["training/index.md"] = render("training.md.j2", modules=sorted(project.modules.values(), key=lambda m: m.id),
                                        plan_rows=plan_rows, roles=roles, plans=plans, need=need)
    return pages


def _air(project: Project) -> dict[str, str]:
    pages: dict[str, str] = {}
    stages = project.taxonomy.stages
    links = project.settings.episode_links
    for series in project.series:
        for ep in series.episodes:
            pages[episode_path(ep)] = render("episode.md.j2", ep=ep, series=series, stages=stages,
                                             link=links.get(ep.id))
    pages["air-classroom/index.md"] = render("air.md.j2", series=project.series, stages=stages)
    return pages


def _parents(project: Project) -> dict[str, str]:
    pages: dict[str, str] = {}
    by_grade = schedule_by_grade(project)
    settings = project.settings
    hotlines = {"national": "12356", "youth": "12355", "district": settings.district_hotline}
    parent_eps = [(s, e) for s in project.series if s.edition == "parent" for e in s.episodes]
    for stage in project.taxonomy.stages.values():
        plan = next((p for p in project.parent_plans if p.stage == stage.slug), None)
        episodes = [e for _, e in parent_eps if stage.slug in e.stages]
        for grade in stage.grades:
            pages[parents_grade_path(grade)] = render("parents_grade.md.j2", grade=grade, stage=stage,
                                                      rows=by_grade.get(grade, []), hotlines=hotlines,
                                                      episodes=episodes)
        if plan is not None:
            pages[f"parents/school-{stage.slug}.md"] = render("parent_school.md.j2", plan=plan, stage=stage,
                                                              episodes=project.episodes)
    pages["parents/index.md"] = render("parents.md.j2", stages=project.taxonomy.stages.values(), hotlines=hotlines,
                                       plans={p.stage for p in project.parent_plans},
                                       episodes=[e for _, e in parent_eps])
    return pages
