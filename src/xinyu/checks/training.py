"""Teacher-training rules (notice §3.2–3.3): TRN-1 … TRN-8. Hours are computed from modules."""

from __future__ import annotations

from dataclasses import dataclass

from xinyu.checks.engine import Finding, Outcome, check
from xinyu.model.project import Project
from xinyu.model.training import TrainingModule, TrainingPlan

TIERS = ("基础", "提高", "骨干")


@dataclass(frozen=True)
class PlanHours:
    """The computed hours of one plan. ``total``, ``modules``, ``episodes`` and ``skills`` count only
    what every member of the role receives every year; rotations, parts of the role and sessions
    the role hosts are added up apart."""

    total: float
    modules: float
    episodes: float
    skills: float
    #: Modules taken in rotation (every_years > 1) or by part of the role (who).
    partial: float = 0.0
    #: Modules the role organises or hosts (hosting): not training it receives.
    hosting: float = 0.0


def plan_modules(project: Project, plan: TrainingPlan, *, counted: bool = False) -> list[TrainingModule]:
    """The modules a plan uses, in plan order (``counted``: only those every member takes every year)."""
    return [project.modules[i.module] for i in plan.items if i.module and (i.counts or not counted)]


def plan_hours(project: Project, plan: TrainingPlan) -> PlanHours:
    """学时 of a plan: module sessions plus episodes at ``minutes_per_hour``."""
    per_hour: int = project.param("minutes_per_hour")
    skills_kinds: list[str] = project.param("skills_kinds")
    mods = plan_modules(project, plan, counted=True)
    episodes = project.episodes
    ep_hours = sum(episodes[i.episode].minutes for i in plan.items if i.episode and i.counts) / per_hour
    mod_hours = sum(m.hours for m in mods)
    skills = sum(m.hours for m in mods if m.kind in skills_kinds)
    partial = sum(project.modules[i.module].hours for i in plan.items
                  if i.module and not i.hosting and not i.counts)
    hosting = sum(project.modules[i.module].hours for i in plan.items if i.module and i.hosting)
    return PlanHours(round(mod_hours + ep_hours, 1), round(mod_hours, 1), round(ep_hours, 1), round(skills, 1),
                     round(partial, 1), round(hosting, 1))


def current_plans(project: Project) -> dict[str, list[TrainingPlan]]:
    """role → plans for the current school year."""
    year = project.settings.school_year
    out: dict[str, list[TrainingPlan]] = {r: [] for r in project.taxonomy.roles}
    for plan in project.plans:
        if plan.school_year == year:
            out.setdefault(plan.role, []).append(plan)
    return out


def _kinds(project: Project, plans: list[TrainingPlan]) -> set[str]:
    """Module kinds every member of the role receives every year."""
    return {m.kind for p in plans for m in plan_modules(project, p, counted=True)}


@check("TRN-1")
def tiers(project: Project) -> Outcome:
    """Modules are tiered and categorised; mental-health teachers have every tier; researchers are trained."""
    roles = project.taxonomy.roles
    mh = {r for r, role in roles.items() if role.mh_teacher}
    out = Outcome()
    have = {m.tier for m in project.modules.values() if mh & set(m.audiences)}
    missing = [t for t in TIERS if t not in have]
    if missing:
        out.findings.append(Finding(f"专（兼）职心理健康教育教师缺少{'、'.join(missing)}层级的培训模块"))
    for slug in roles:
        if slug not in mh and not roles[slug].teacher_role and not any(slug in m.audiences for m in project.modules.values()):
            out.findings.append(Finding(f"{roles[slug].name}没有培训模块"))
    out.figures = {"modules": len(project.modules), "tiers": sorted(have),
                   "hours": {m.id: m.hours for m in project.modules.values()}}
    out.summary = f"{len(project.modules)} 个模块，分基础、提高、骨干层级和类别"
    return out


@check("TRN-2")
def air_classroom_teachers(project: Project) -> Outcome:
    """Every teacher-edition episode is in every teacher role's plan."""
    teacher_eps = [e.id for s in project.series if s.edition == "teacher" for e in s.episodes]
    out = Outcome(figures={"episodes": len(teacher_eps)})
    if not teacher_eps:
        out.findings.append(Finding("还没有空中课堂教师专场节目"))
    plans = current_plans(project)
    coverage: dict[str, int] = {}
    for slug, role in project.taxonomy.roles.items():
        if not role.teacher_role:
            continue
        watched = {i.episode for p in plans.get(slug, []) for i in p.items if i.episode}
        missing = [e for e in teacher_eps if e not in watched]
        coverage[slug] = len(teacher_eps) - len(missing)
        if missing and plans.get(slug):
            out.findings.append(Finding(f"{role.name}的计划缺少教师专场节目：{'、'.join(missing)}",
                                        project.locate(plans[slug][0], "items")))
        elif missing:
            out.findings.append(Finding(f"{role.name}没有本学年计划，教师专场未覆盖"))
    out.figures["watched"] = coverage
    out.summary = f"教师专场 {len(teacher_eps)} 期，每个教师角色的计划都全部安排"
    return out


def _role_needs(project: Project, rule_roles: list[str], kinds: set[str], what: str) -> Outcome:
    out = Outcome()
    plans = current_plans(project)
    for slug in rule_roles:
        role = project.taxonomy.roles.get(slug)
        if role is None:
            continue
        if not kinds & _kinds(project, plans.get(slug, [])):
            where = project.locate(plans[slug][0], "items") if plans.get(slug) else None
            out.findings.append(Finding(f"{role.name}的年度计划没有{what}", where) if where
                                else Finding(f"{role.name}没有本学年计划，缺少{what}"))
    return out


@check("TRN-3")
def class_teachers(project: Project) -> Outcome:
    """Class teachers get special training in recognising and helping students in difficulty, every
    class teacher at least once every ``class_teacher_cycle_years`` (a rotation may be longer than a year)."""
    cycle: int = project.param("class_teacher_cycle_years")
    out = Outcome(summary=f"班主任计划含识别与帮扶专项培训，每位班主任至少每 {cycle} 年参加一次")
    role = project.taxonomy.roles.get("class-teacher")
    if role is None:
        return out
    plans = current_plans(project).get("class-teacher", [])
    if not plans:
        out.findings.append(Finding(f"{role.name}没有本学年计划，缺少“识别与帮扶”专项培训"))
        return out
    items = [(p, n, i) for p in plans for n, i in enumerate(p.items)
             if i.module and not i.hosting and i.who is None and project.modules[i.module].kind == "识别与帮扶"]
    if not items:
        out.findings.append(Finding(f"{role.name}的年度计划没有“识别与帮扶”专项培训", project.locate(plans[0], "items")))
    elif min(i.every_years for _, _, i in items) > cycle:
        p, n, i = min(items, key=lambda x: x[2].every_years)
        out.findings.append(Finding(f"{role.name}的“识别与帮扶”专项培训每 {i.every_years} 年一轮，"
                                    f"要求每位班主任至少每 {cycle} 年参加一次", project.locate(p, "items", n)))
    out.figures = {"cycle_years": {i.module: i.every_years for _, _, i in items}, "required_cycle_years": cycle}
    return out


@check("TRN-4")
def principals_and_subjects(project: Project) -> Outcome:
    """Principals' and subject teachers' training includes mental-health content."""
    out = _role_needs(project, ["principal", "subject-teacher"], {"心理健康通识", "识别与帮扶"}, "心理健康教育内容")
    out.summary = "校长和学科教师计划含心理健康教育内容"
    return out


@check("TRN-5")
def every_role(project: Project) -> Outcome:
    """Every teacher role has a plan this school year."""
    plans = current_plans(project)
    out = Outcome()
    for slug, role in project.taxonomy.roles.items():
        if role.teacher_role and not plans.get(slug):
            out.findings.append(Finding(f"{role.name}没有 {project.settings.school_year} 学年的培训计划"))
    out.figures = {"plans": {slug: [p.id for p in ps] for slug, ps in plans.items()}}
    out.summary = "每个教师角色都有本学年计划"
    return out


@check("TRN-6")
def one_week(project: Project) -> Outcome:
    """At least one week of professional-skills training a year for mental-health teachers."""
    need: float = project.param("training_week_hours")
    plans = current_plans(project)
    out = Outcome()
    hours: dict[str, float] = {}
    for slug, role in project.taxonomy.roles.items():
        if not role.mh_teacher:
            continue
        got = sum(plan_hours(project, p).skills for p in plans.get(slug, []))
        hours[slug] = round(got, 1)
        if got < need:
            where = project.locate(plans[slug][0], "items") if plans.get(slug) else None
            msg = (f"{role.name} {project.settings.school_year} 学年专业技能培训 {got:g} 学时，"
                   f"不足 {need:g} 学时（一周）；差 {need - got:g} 学时")
            out.findings.append(Finding(msg, where) if where else Finding(msg))
    out.figures = {"required": need, "skills_hours": hours,
                   "total_hours": {p.role: plan_hours(project, p).total for ps in plans.values() for p in ps}}
    names = project.taxonomy.roles
    skills_kinds: list[str] = project.param("skills_kinds")

    def block(slug: str) -> str:
        weeks = [m for p in plans.get(slug, []) for m in plan_modules(project, p, counted=True)
                 if m.days and m.kind in skills_kinds]
        return "".join(f"（其中集中培训 {m.days} 天 {m.hours:g} 学时）" for m in weeks)

    out.summary = "专业技能类培训（不含教研交流和督导）：" + "，".join(
        f"{names[s].name} {h:g} 学时{block(s)}" for s, h in hours.items())
    return out


@check("TRN-7")
def supervision(project: Project) -> Outcome:
    """Regular exchange and expert supervision for mental-health teachers."""
    need: int = project.param("min_supervision_sessions")
    need_months: int = project.param("min_supervision_months")
    plans = current_plans(project)
    out = Outcome()
    counts: dict[str, int] = {}
    for slug, role in project.taxonomy.roles.items():
        if not role.mh_teacher:
            continue
        items = [(i, project.modules[i.module]) for p in plans.get(slug, []) for i in p.items
                 if i.module and not i.hosting]
        sup = [(i, m) for i, m in items if m.kind == "督导"]
        sessions = sum(len(m.sessions) for _, m in sup)
        months = {i.month for i, _ in sup}
        counts[slug] = sessions
        if sessions < need or len(months) < need_months:
            out.findings.append(Finding(f"{role.name}的计划有 {sessions} 次督导、分布在 {len(months)} 个月，"
                                        f"至少需 {need} 次、{need_months} 个月"))
        if not any(m.kind == "教研交流" for _, m in items):
            out.findings.append(Finding(f"{role.name}的计划没有学习交流研讨（教研交流）"))
    out.figures = {"supervision_sessions": counts, "required": need}
    out.summary = "督导次数和分布达到要求，并有教研交流"
    return out


@check("TRN-8")
def spot_and_self_care(project: Project) -> Outcome:
    """All teachers learn to spot problems early and to look after themselves."""
    plans = current_plans(project)
    out = Outcome()
    for slug, role in project.taxonomy.roles.items():
        if not role.teacher_role:
            continue
        kinds = _kinds(project, plans.get(slug, []))
        if not kinds & {"识别与帮扶", "心理健康通识", "专业技能"}:
            out.findings.append(Finding(f"{role.name}的计划没有识别学生心理问题的内容"))
        if "自我调适" not in kinds:
            out.findings.append(Finding(f"{role.name}的计划没有教师自我心理调适的内容"))
    out.summary = "每个教师角色都学识别学生心理问题和自我调适"
    return out
