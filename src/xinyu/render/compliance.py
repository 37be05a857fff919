"""The compliance page: every rule with its clause and status, coverage heatmaps, class-hour bars
and training hours per role, drawn as HTML/CSS and inline SVG at build time (no chart library)."""

from __future__ import annotations

from typing import Any

from xinyu.checks import run_checks
from xinyu.checks.curriculum import coverage
from xinyu.checks.training import current_plans, plan_hours
from xinyu.model.project import Project
from xinyu.render.jinja import render

STATUS = {"pass": "达标", "fail": "不达标", "warn": "提醒"}

_HATCH = ('<defs><pattern id="xy-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
          'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
          '<line x1="0" y1="0" x2="0" y2="6" stroke="#b71c1c" stroke-width="3"/></pattern></defs>')


def _bars(values: list[tuple[str, float]], need: float | list[float], unit: str, label: str) -> str:
    """A horizontal bar chart as inline SVG, with the requirement drawn as a dashed line (one line for
    all bars, or a mark on each bar when ``need`` gives each bar its own requirement)."""
    width, left, row = 560, 150, 26
    needs = need if isinstance(need, list) else [need] * len(values)
    if len(set(needs)) <= 1:
        need = needs[0] if needs else (need if isinstance(need, float) else 0.0)
    top = max([*needs, *[v for _, v in values]] or [1]) or 1
    scale = (width - left - 60) / top
    height = row * len(values) + 30
    parts = [f'<svg class="xy-chart" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">', f"<title>{label}</title>"]
    for i, (name, value) in enumerate(values):
        y = 10 + i * row
        short = value < needs[i]
        pattern = 'fill="url(#xy-hatch)"' if short else 'fill="#00695c"'
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="13" fill="#222">{name}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{max(value * scale, 1):.1f}" height="18" {pattern} '
                     f'stroke="#000" stroke-width="0.6"/>')
        mark = "" if not short else "（不足）"
        parts.append(f'<text x="{left + value * scale + 6:.1f}" y="{y + 14}" font-size="12" fill="#222">'
                     f'{value:g} {unit}{mark}</text>')
        if isinstance(need, list):
            xi = left + needs[i] * scale
            parts.append(f'<line x1="{xi:.1f}" y1="{y - 2}" x2="{xi:.1f}" y2="{y + 20}" stroke="#000" stroke-dasharray="3 2"/>')
    if isinstance(need, list):
        low, high = min(needs, default=0), max(needs, default=0)
        parts.append(f'<text x="{left}" y="{height - 4}" font-size="12" fill="#222">'
                     f'虚线：各年级的要求（{low:g}–{high:g}）</text>')
        parts.append("</svg>")
        parts.insert(2, _HATCH)
        return '<div class="xy-chart-wrap">' + "".join(parts) + "</div>"
    x = left + need * scale
    parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 18}" stroke="#000" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" font-size="12" fill="#222">要求 {need:g}</text>')
    parts.insert(2, _HATCH)
    parts.append("</svg>")
    return '<div class="xy-chart-wrap">' + "".join(parts) + "</div>"


def compliance_page(project: Project, pages: frozenset[str]) -> str:
    """``compliance/index.md``; ``pages`` lists the site's pages for the publish rules."""
    report = run_checks(project, set(pages))
    cov = coverage(project)
    stages = project.taxonomy.stages
    heat: dict[str, Any] = {}
    for kind in ("themes", "forms"):
        cols = list(project.taxonomy.themes if kind == "themes" else project.taxonomy.forms)
        top = max([n for row in cov[kind].values() for n in row.values()] or [1]) or 1
        heat[kind] = {"cols": cols, "rows": [(stages[s], [(cov[kind][s][c], _level(cov[kind][s][c], top)) for c in cols])
                                             for s in stages]}
    cur1 = report.get("CUR-1")
    required = cur1.figures.get("required", {}) if cur1 else {}
    hours = cur1.figures.get("hours", {}) if cur1 else {}
    from xinyu.model.taxonomy import grade_label

    grade_bars = {sem: _bars([(grade_label(int(g)), float(h.get(str(sem), 0))) for g, h in hours.items()],
                             [float(required.get(g, 0)) for g in hours], "课时", f"第{'一二'[sem - 1]}学期各年级课时")
                  for sem in (1, 2)}
    week = project.param("training_week_hours")
    plans = current_plans(project)
    roles = project.taxonomy.roles
    train_rows = [(roles[slug].name, sum(plan_hours(project, p).total for p in ps)) for slug, ps in plans.items()
                  if roles[slug].teacher_role]
    skills = [(roles[slug].name, sum(plan_hours(project, p).skills for p in ps)) for slug, ps in plans.items()
              if roles[slug].mh_teacher]
    school_rules = [r for r in report.results if "schools" in r.figures]
    school_rows = [(school, [r.figures["schools"].get(school.id, "") for r in school_rules]) for school in project.schools]
    return render("compliance.md.j2", report=report, school_rules=school_rules, school_rows=school_rows, heat=heat,
                  status=STATUS, grade_bars=grade_bars,
                  skills_svg=_bars(skills, float(week), "学时", "心理健康教育教师专业技能培训学时"),
                  train_rows=train_rows, week=week, counts=report.status_counts(), project=project)


def _level(n: int, top: int) -> int:
    """Shade level 0–4 of a heatmap cell."""
    if n == 0:
        return 0
    return min(4, 1 + (3 * n) // top)
