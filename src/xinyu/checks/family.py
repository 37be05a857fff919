"""Home–school rules (notice §2.1, §4): CUR-7, FAM-3, FAM-4."""

from __future__ import annotations

from xinyu.checks.engine import Finding, Outcome, check
from xinyu.model.project import Project
from xinyu.model.taxonomy import grade_label, semester_name


@check("CUR-7")
def parent_school(project: Project) -> Outcome:
    """A parent-school plan per stage; every grade's parents get enough guidance activities on mental
    health each semester (activities written for one cohort count only for its grade)."""
    need: int = project.param("min_guidance_per_semester")
    semesters: list[int] = project.param("semesters")
    out = Outcome()
    counts: dict[str, dict[str, int]] = {}
    plans = {p.stage: p for p in project.parent_plans}
    for slug, stage in project.taxonomy.stages.items():
        plan = plans.get(slug)
        if plan is None:
            out.findings.append(Finding(f"{stage.name}没有家长学校计划（content/parent-school/{slug}.yml）"))
            continue
        for sem in semesters:
            idx = next((i for i, s in enumerate(plan.semesters) if s.semester == sem), None)
            acts = plan.semesters[idx].activities if idx is not None else []
            where = project.locate(plan, "semesters", idx) if idx is not None else project.locate(plan)
            for grade in stage.grades:
                good = [a for a in acts if a.guidance and a.mental_health and grade in a.grades]
                counts.setdefault(str(grade), {})[str(sem)] = len(good)
                if len(good) < need:
                    out.findings.append(Finding(f"{grade_label(grade)}家长 {semester_name(sem)}：含心理健康内容的"
                                                f"家庭教育指导活动 {len(good)} 次，至少需 {need} 次", where))
    out.figures = {"guidance_activities_per_grade": counts, "required_per_semester": need}
    out.summary = f"每个年级的家长每学期至少 {need} 次含心理健康内容的家庭教育指导活动"
    return out


@check("FAM-3")
def parent_episodes(project: Project) -> Outcome:
    """Parent-edition episodes cover every stage."""
    counts = {slug: 0 for slug in project.taxonomy.stages}
    for series in project.series:
        if series.edition == "parent":
            for ep in series.episodes:
                for s in ep.stages:
                    counts[s] = counts.get(s, 0) + 1
    out = Outcome(figures={"parent_episodes_per_stage": counts})
    for slug, n in counts.items():
        if n == 0:
            out.findings.append(Finding(f"家长专场还没有适合{project.taxonomy.stages[slug].name}的节目"))
    out.summary = "家长专场节目覆盖每个学段"
    return out


@check("FAM-4")
def parent_forms(project: Project) -> Outcome:
    """Every parent-school form appears in each stage's plan."""
    forms: list[str] = project.param("parent_forms")
    out = Outcome()
    for plan in project.parent_plans:
        used = {a.form for s in plan.semesters for a in s.activities}
        missing = [f for f in forms if f not in used]
        if missing:
            name = project.taxonomy.stages[plan.stage].name if plan.stage in project.taxonomy.stages else plan.stage
            out.findings.append(Finding(f"{name}家长学校计划缺少这些形式：{'、'.join(missing)}", project.locate(plan)))
    if not project.parent_plans:
        out.findings.append(Finding("还没有家长学校计划"))
    out.summary = "家长会、专家讲座、专题讨论、亲子互动、心得交流五种形式都有"
    return out
