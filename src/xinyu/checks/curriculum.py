"""Curriculum rules (课程建设, notice §2.1): CUR-1 … CUR-6."""

from __future__ import annotations

import math
import re
from collections import defaultdict

from xinyu.checks.engine import Finding, Outcome, check
from xinyu.model.lesson import Lesson
from xinyu.model.project import Project
from xinyu.model.taxonomy import grade_label, semester_name, weeks_text


def _runs(missing: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs in a sorted list of week numbers."""
    runs: list[tuple[int, int]] = []
    for w in missing:
        if runs and runs[-1][1] == w - 1:
            runs[-1] = (runs[-1][0], w)
        else:
            runs.append((w, w))
    return runs


@check("CUR-1")
def class_hours(project: Project) -> Outcome:
    """Per grade and semester: enough class-hours, and no window of ``window_weeks`` without one.

    The number of teaching weeks is the stage's own (``teaching_weeks`` in the stages table):
    about 18 in compulsory education, about 20 in senior high."""
    window: int = project.param("window_weeks")
    semesters: list[int] = project.param("semesters")
    out = Outcome()
    by_grade = {s.grade: s for s in project.schedules}
    hours: dict[str, dict[str, int]] = {}
    needs: dict[str, int] = {}
    for stage in project.taxonomy.stages.values():
        weeks = stage.teaching_weeks
        need = math.ceil(weeks / window)
        for grade in stage.grades:
            needs[str(grade)] = need
            sched = by_grade.get(grade)
            label = grade_label(grade)
            if sched is None:
                out.findings.append(Finding(f"{label}：没有课时安排文件（content/schedule/grade-{grade}.yml）"))
                hours[str(grade)] = {str(s): 0 for s in semesters}
                continue
            hours[str(grade)] = {}
            for sem in semesters:
                rows = [(i, e) for i, e in enumerate(sched.schedule) if e.semester == sem]
                taught = {e.week for _, e in rows if e.week <= weeks}
                hours[str(grade)][str(sem)] = len(taught)
                problems: list[str] = []
                if len(taught) < need:
                    problems.append(f"已排 {len(taught)} 课时，{stage.name}每学期 {weeks} 个教学周，"
                                    f"至少需 {need} 课时")
                empty = [w for w in range(1, weeks + 1) if w not in taught]
                gaps = [r for r in _runs(empty) if r[1] - r[0] + 1 >= window]
                if gaps:
                    problems.append("、".join(weeks_text(*g) for g in gaps) + "没有安排")
                late = [(i, e) for i, e in rows if e.week > weeks]
                if late:
                    problems.append(f"第 {'、'.join(str(e.week) for _, e in late)} 周超出{stage.name}的 {weeks} 个教学周")
                if problems:
                    where = project.locate(sched, "schedule", rows[-1][0]) if rows else project.locate(sched, "grade")
                    out.findings.append(Finding(f"{label} {semester_name(sem)}：" + "；".join(problems), where))
    weeks_by_stage = {slug: st.teaching_weeks for slug, st in project.taxonomy.stages.items()}
    out.figures = {"teaching_weeks": weeks_by_stage, "required": needs, "hours": hours}
    low, high = min(needs.values(), default=0), max(needs.values(), default=0)
    need_text = f"{low}" if low == high else f"{low}–{high}"
    out.summary = f"每个年级每学期至少 {need_text} 课时（按学段的教学周数），任意连续 {window} 周都有课"
    return out


def _stage_lessons(project: Project) -> dict[str, list[Lesson]]:
    groups: dict[str, list[Lesson]] = {slug: [] for slug in project.taxonomy.stages}
    for lesson in project.lessons.values():
        groups.setdefault(lesson.stage, []).append(lesson)
    return groups


def coverage(project: Project) -> dict[str, dict[str, dict[str, int]]]:
    """Counts of lessons per stage × theme and stage × form (for the compliance page)."""
    themes = {s: {t: 0 for t in project.taxonomy.themes} for s in project.taxonomy.stages}
    forms = {s: {f: 0 for f in project.taxonomy.forms} for s in project.taxonomy.stages}
    for lesson in project.lessons.values():
        for t in lesson.themes:
            themes[lesson.stage][t] += 1
        for f in lesson.forms:
            forms[lesson.stage][f] += 1
    return {"themes": themes, "forms": forms}


@check("CUR-2")
def development(project: Project) -> Outcome:
    """Grades inside the stage, duration fits the period, stage covers the guideline's themes."""
    out = Outcome()
    tax = project.taxonomy
    for lesson in project.lessons.values():
        stage = tax.stages[lesson.stage]
        outside = [g for g in lesson.grades if g not in stage.grades]
        if outside:
            out.findings.append(Finding(
                f"课例“{lesson.title}”写的是{stage.name}，但年级 {'、'.join(map(str, outside))} 不在{stage.name}"
                f"（{'、'.join(map(str, stage.grades))} 年级）", project.locate(lesson, "grades")))
        if lesson.minutes != stage.period_minutes:
            out.findings.append(Finding(
                f"课例“{lesson.title}”各环节 {lesson.activity_minutes} 分钟 + 分享 {lesson.sharing.minutes} 分钟"
                f" + 总结 {lesson.closing.minutes} 分钟 = {lesson.minutes} 分钟，"
                f"{stage.name}一节课是 {stage.period_minutes} 分钟",
                project.locate(lesson, "activities")))
    required: list[str] = project.param("required_themes")
    cov = coverage(project)["themes"]
    for slug, counts in cov.items():
        stage = tax.stages[slug]
        missing = [stage.theme_label(t) for t in required if counts.get(t, 0) == 0]
        if missing:
            out.findings.append(Finding(f"{stage.name}还没有这些主题的课：{'、'.join(missing)}"))
    out.figures = {"themes": cov}
    out.summary = "年级、课时长度和各学段主题均符合纲要"
    return out


def _stage_theme_count(project: Project, theme: str) -> dict[str, int]:
    return {slug: sum(theme in les.themes for les in lessons) for slug, lessons in _stage_lessons(project).items()}


@check("CUR-3")
def career(project: Project) -> Outcome:
    """Every stage has career-planning lessons."""
    need: int = project.param("min_career_lessons")
    counts = _stage_theme_count(project, "生涯规划")
    out = Outcome(figures={"career_lessons": counts, "required": need})
    for slug, n in counts.items():
        stage = project.taxonomy.stages[slug]
        if n < need:
            out.findings.append(Finding(f"{stage.name}有 {n} 节{stage.theme_label('生涯规划')}课，至少需 {need} 节"))
    out.summary = f"每个学段至少 {need} 节生涯规划（生涯启蒙）课"
    return out


@check("CUR-4")
def forms(project: Project) -> Outcome:
    """Every form is used; each stage uses enough different forms."""
    need: int = project.param("min_forms_per_stage")
    cov = coverage(project)["forms"]
    out = Outcome(figures={"forms": cov, "required_per_stage": need})
    used = {f for counts in cov.values() for f, n in counts.items() if n}
    unused = [f for f in project.taxonomy.forms if f not in used]
    if unused:
        out.findings.append(Finding(f"这些活动形式还没有课例用到：{'、'.join(unused)}"))
    for slug, counts in cov.items():
        n = sum(1 for c in counts.values() if c)
        if n < need:
            out.findings.append(Finding(f"{project.taxonomy.stages[slug].name}只用到 {n} 种活动形式，至少需 {need} 种"))
    out.summary = f"八种形式都有使用，每个学段至少 {need} 种"
    return out


#: A word said in the negative ("不打分", "不是测验") tells pupils there is no scoring.
_NEGATED = re.compile(r"(?:不|没有|没|无|非|别|不是|不要|不用|不会|不必)[、\s]?$")


def scoring_words(text: str, words: list[str]) -> list[str]:
    """The words of ``words`` that occur in ``text`` other than in the negative."""
    found = []
    for w in words:
        if w not in text:  # most words are absent: one substring search, not a regex scan
            continue
        for m in re.finditer(re.escape(w), text):
            if not _NEGATED.search(text[max(0, m.start() - 3):m.start()]):
                found.append(w)
                break
    return found


@check("CUR-5")
def not_a_subject(project: Project) -> Outcome:
    """Lessons are mostly experiential: little lecture, no tests or marks."""
    share: float = project.param("max_lecture_share")
    max_talks: int = project.param("max_lecture_activities")
    lo: int = project.param("min_activities")
    hi: int = project.param("max_activities")
    words: list[str] = project.param("forbidden_words")
    forms = project.taxonomy.forms
    scored = ("scoring_words", *words)
    out = Outcome()
    shares: list[float] = []
    for lesson in project.lessons.values():
        talks = [a for a in lesson.activities if not forms[a.form].experiential]
        talk_minutes = sum(a.minutes for a in talks)
        ratio = talk_minutes / lesson.minutes if lesson.minutes else 0.0
        shares.append(ratio)
        if ratio > share:
            out.findings.append(Finding(
                f"课例“{lesson.title}”讲授 {talk_minutes} 分钟，占 {ratio:.0%}，超过 {share:.0%}",
                project.locate(lesson, "activities")))
        if len(talks) > max_talks:
            out.findings.append(Finding(f"课例“{lesson.title}”有 {len(talks)} 个讲座环节，最多 {max_talks} 个",
                                        project.locate(lesson, "activities")))
        if not lo <= len(lesson.activities) <= hi:
            out.findings.append(Finding(f"课例“{lesson.title}”有 {len(lesson.activities)} 个环节，应为 {lo}–{hi} 个",
                                        project.locate(lesson, "activities")))
        found = project.lesson_fact(lesson, scored, list, lambda lesson=lesson: scoring_words(lesson.text(), words))
        if found:
            out.findings.append(Finding(f"课例“{lesson.title}”出现“{'、'.join(found)}”：心理课不考试、不打分",
                                        project.locate(lesson)))
    experiential = 1 - (sum(shares) / len(shares)) if shares else 0.0
    out.figures = {"experiential_share": round(experiential, 3), "max_lecture_share": share}
    out.summary = f"体验活动平均占课时 {experiential:.0%}，没有考试和打分"
    return out


@check("CUR-6")
def life_and_adversity(project: Project) -> Outcome:
    """Life education and adversity education in every stage."""
    out = Outcome()
    figures: dict[str, dict[str, int]] = {}
    for theme in ("生命教育", "挫折教育"):
        counts = _stage_theme_count(project, theme)
        figures[theme] = counts
        for slug, n in counts.items():
            if n == 0:
                out.findings.append(Finding(f"{project.taxonomy.stages[slug].name}还没有{theme}课"))
    out.figures = figures
    out.summary = "每个学段都有生命教育课和挫折教育课"
    return out


def schedule_by_grade(project: Project) -> dict[int, list[tuple[int, int, Lesson]]]:
    """grade → [(semester, week, lesson)] in teaching order."""
    out: dict[int, list[tuple[int, int, Lesson]]] = defaultdict(list)
    for sched, _, entry in project.entries():
        out[sched.grade].append((entry.semester, entry.week, project.lessons[entry.lesson]))
    return dict(out)
