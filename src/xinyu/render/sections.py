"""Generated pages beyond single lessons: stage indexes, print packs, training, air classroom,
parents and the compliance report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial

from markupsafe import Markup

from xinyu.checks.curriculum import schedule_by_grade
from xinyu.checks.training import current_plans, plan_hours
from xinyu.model.lesson import Lesson
from xinyu.model.project import Project
from xinyu.model.taxonomy import Stage
from xinyu.render.jinja import render
from xinyu.render.lesson import lesson_page, lesson_slots
from xinyu.render.urls import Pack, episode_path, module_path, parents_grade_path, plan_path, semester_packs

Thunk = Callable[[], str]

#: A stage index lists every lesson up to this many (about 250 bytes each: 150 keep the page far
#: under 80 KB); a larger stage shows counts per grade and theme, linking to the filtered library.
STAGE_LIST_MAX = 150


def section_plan(project: Project) -> dict[str, Thunk]:
    """Every generated page other than lessons, grade indexes and the compliance report."""
    plan: dict[str, Thunk] = {}
    for group in (_stage_and_packs, _training, _air, _parents, _schools):
        plan.update(group(project))
    return plan


def _stage_and_packs(project: Project) -> dict[str, Thunk]:
    pages: dict[str, Thunk] = {}
    by_grade = schedule_by_grade(project)
    slots = lesson_slots(project)
    for stage in project.taxonomy.stages.values():
        lessons = sorted((x for x in project.lessons.values() if x.stage == stage.slug), key=lambda x: (x.grades, x.id))
        pages[f"lessons/{stage.slug}/index.md"] = partial(_stage_page, stage, lessons)
        for grade in stage.grades:
            for sem in (1, 2):
                packs = semester_packs(grade, sem, by_grade.get(grade, []))
                for pack in packs:
                    pages[pack.path] = partial(_pack, project, grade, sem, packs, pack, slots)
    return pages


def _stage_page(stage: Stage, lessons: list[Lesson]) -> str:
    """A stage's index: its lessons, or (past :data:`STAGE_LIST_MAX`) counts linking to the library."""
    listed = len(lessons) <= STAGE_LIST_MAX
    counts = {} if listed else _grade_theme_counts(stage.grades, lessons)
    return render("stage.md.j2", stage=stage, lessons=lessons, listed=listed, counts=counts)


def _grade_theme_counts(grades: list[int], lessons: list[Lesson]) -> dict[int, tuple[int, dict[str, int]]]:
    """grade → (lessons, theme → lessons), for the grades that have lessons."""
    counts: dict[int, tuple[int, dict[str, int]]] = {}
    for grade in grades:
        mine = [lesson for lesson in lessons if grade in lesson.grades]
        if mine:
            themes = Counter(theme for lesson in mine for theme in lesson.themes)
            counts[grade] = (len(mine), dict(themes.most_common()))
    return counts


def _pack(project: Project, grade: int, sem: int, packs: list[Pack], pack: Pack,
          slots: dict[str, list[tuple[int, int, int]]]) -> str:
    """One printable pack: a few consecutive lessons of a semester, one after another."""
    bodies = [_demote(lesson_page(project, lesson, slots.get(lesson.id, []))) for _, _, lesson in pack.rows]
    return render("pack.md.j2", grade=grade, sem=sem, pack=pack, packs=packs, bodies=bodies)


def _demote(page: str) -> str:
    """A lesson page without front matter, headings one level down (for a print pack)."""
    body = page.split("---", 2)[2] if page.startswith("---") else page
    out = []
    for line in body.splitlines():
        if line.startswith("#"):
            line = "#" + line
        out.append(line)
    return "\n".join(out).replace('<p class="xy-source">', '<p class="xy-source xy-noprint">')


def _training(project: Project) -> dict[str, Thunk]:
    pages: dict[str, Thunk] = {}
    roles = project.taxonomy.roles
    need = project.param("training_week_hours")
    plans = current_plans(project)
    plan_rows = []
    for plan in project.plans:
        hours = plan_hours(project, plan)
        role = roles[plan.role]
        items = []
        for item in sorted(plan.items, key=lambda i: ((i.month - 9) % 12, i.module or i.episode or "")):
            common = {"month": item.month, "note": item.note, "who": item.who, "every_years": item.every_years,
                      "hosting": item.hosting, "counts": item.counts}
            if item.module:
                m = project.modules[item.module]
                items.append({**common, "title": m.title, "kind": m.kind, "hours": m.hours, "sample": False,
                              "href": "../../" + module_path(m)})
            else:
                ep = project.episodes[item.episode or ""]
                items.append({**common, "title": f"空中课堂：{ep.title}", "kind": "空中课堂", "sample": ep.sample,
                              "hours": round(ep.minutes / project.param("minutes_per_hour"), 1),
                              "href": "../../" + episode_path(ep)})
        ctx = {"plan": plan, "role": role, "hours": hours, "need": need, "items": items,
               "has_sample": any(i["sample"] for i in items)}
        plan_rows.append(ctx)
        pages[plan_path(plan)] = partial(render, "plan.md.j2", **ctx)
        pages[f"training/records/{plan.id}.md"] = partial(render, "record.md.j2", **ctx)
    for module in project.modules.values():
        pages[module_path(module)] = partial(render, "module.md.j2", module=module, roles=roles)
    pages["training/index.md"] = partial(render, "training.md.j2", modules=sorted(project.modules.values(), key=lambda m: m.id),
                                        plan_rows=plan_rows, roles=roles, plans=plans, need=need)
    return pages


def _air(project: Project) -> dict[str, Thunk]:
    pages: dict[str, Thunk] = {}
    stages = project.taxonomy.stages
    links = project.settings.episode_links
    for series in project.series:
        for ep in series.episodes:
            pages[episode_path(ep)] = partial(render, "episode.md.j2", ep=ep, series=series, stages=stages,
                                             link=links.get(ep.id))
    pages["air-classroom/index.md"] = partial(render, "air.md.j2", series=project.series, stages=stages)
    return pages


def _parents(project: Project) -> dict[str, Thunk]:
    pages: dict[str, Thunk] = {}
    by_grade = schedule_by_grade(project)
    settings = project.settings
    hotlines = {"national": "12356", "youth": "12355", "district": settings.district_hotline}
    parent_eps = [(s, e) for s in project.series if s.edition == "parent" for e in s.episodes]
    for stage in project.taxonomy.stages.values():
        plan = next((p for p in project.parent_plans if p.stage == stage.slug), None)
        episodes = [e for _, e in parent_eps if stage.slug in e.stages]
        for grade in stage.grades:
            events = [(sem.semester, a) for sem in (plan.semesters if plan else []) for a in sem.activities
                      if grade in a.grades]
            events.sort(key=lambda e: (e[0], (e[1].month - 9) % 12))
            fit = [e for e in episodes if not e.grades or grade in e.grades]
            pages[parents_grade_path(grade)] = partial(render, "parents_grade.md.j2", grade=grade, stage=stage,
                                                      rows=by_grade.get(grade, []), hotlines=hotlines,
                                                      episodes=fit, events=events)
        if plan is not None:
            shown = {e for sem in plan.semesters for a in sem.activities for e in a.episodes}
            pages[f"parents/school-{stage.slug}.md"] = partial(render, "parent_school.md.j2", plan=plan, stage=stage,
                                                              episodes=project.episodes,
                                                              has_sample=any(project.episodes[e].sample for e in shown))
    pages["parents/index.md"] = partial(render, "parents.md.j2", stages=project.taxonomy.stages.values(), hotlines=hotlines,
                                       plans={p.stage for p in project.parent_plans},
                                       episodes=[e for _, e in parent_eps])
    return pages


def _schools(project: Project) -> dict[str, Thunk]:
    from xinyu.model.school import WEEKDAY_NAMES
    from xinyu.render.diagrams import crisis_flow

    pages: dict[str, Thunk] = {}
    weekdays = list(WEEKDAY_NAMES.items())
    for school in project.schools:
        room = school.counseling_room
        duty: dict[str, list[str]] = {}
        for slot in room.duty if room else []:
            duty.setdefault(slot.day, []).append(slot.role)
        shown = [(d, n) for d, n in weekdays if d in project.param("school_days") or (room and d in room.hours)]
        pages[f"school/{school.id}.md"] = partial(
            render, "school.md.j2", school=school, room=room, duty=duty, weekdays=shown,
            flow=Markup(crisis_flow(school.crisis_levels, f"{school.name}：三级干预流程")) if school.crisis_levels else "")
    pages["school/schools.md"] = partial(render, "schools.md.j2", schools=project.schools)
    rows = sorted(((s, r) for s in project.schools for r in s.calendar.high_risk), key=lambda x: (x[1].start, x[0].id))
    pages["school/warning-calendar.md"] = partial(render, "warning_calendar.md.j2", rows=rows)
    return pages
