"""School-operation rules (notice §2.2, §2.3, §3.1): ROOM-1/2/3/5, CRI-2/3, STF-1/2, per school."""

from __future__ import annotations

from collections.abc import Callable

from xinyu.checks.engine import Finding, Outcome, check
from xinyu.model.project import Project
from xinyu.model.school import WEEKDAY_NAMES, School
from xinyu.model.taxonomy import semester_name

SchoolCheck = Callable[[Project, School], list[Finding]]


def _per_school(project: Project, fn: SchoolCheck, summary: str) -> Outcome:
    """Run a per-school check; figures hold each school's status for the compliance table."""
    out = Outcome(summary=summary)
    status: dict[str, str] = {}
    for school in project.schools:
        found = fn(project, school)
        status[school.id] = "fail" if found else "pass"
        out.findings += found
    out.figures = {"schools": status}
    if not project.schools:
        out.findings.append(Finding("还没有学校档案（content/schools/）"))
    return out


def _f(project: Project, school: School, message: str, *path: str | int) -> Finding:
    return Finding(f"{school.name}：{message}", project.locate(school, *path))


@check("ROOM-1")
def room_managed(project: Project) -> Outcome:
    """A person manages the room; teachers on duty; the roster is published."""

    def fn(p: Project, s: School) -> list[Finding]:
        room = s.counseling_room
        if room is None:
            return [_f(p, s, "没有心理辅导室档案", "counseling_room")]
        days: list[str] = p.param("school_days")
        missing = [WEEKDAY_NAMES[d] for d in days if not any(slot.day == d for slot in room.duty)]
        return [_f(p, s, f"{'、'.join(missing)}没有安排值班", "counseling_room", "duty")] if missing else []

    return _per_school(project, fn, "每所学校的辅导室有专人管理，每个上学日都有人值班，值班表在网站公布")


@check("ROOM-2")
def room_hours(project: Project) -> Outcome:
    """Fixed opening hours, at least ``room_min_hours`` every school day."""
    need = float(project.param("room_min_hours"))

    def fn(p: Project, s: School) -> list[Finding]:
        room = s.counseling_room
        if room is None:
            return [_f(p, s, "没有心理辅导室档案", "counseling_room")]
        short = []
        for day in p.param("school_days"):
            hours = room.minutes_on(day) / 60
            if hours < need:
                short.append(f"{WEEKDAY_NAMES[day]}只开放 {hours:g} 小时")
        return [_f(p, s, "、".join(short) + f"，每天至少 {need:g} 小时", "counseling_room", "hours")] if short else []

    return _per_school(project, fn, f"每个上学日开放不少于 {need:g} 小时")


@check("ROOM-3")
def room_rules(project: Project) -> Outcome:
    """All six written rules of the counseling room."""
    six: list[str] = project.param("room_rules")

    def fn(p: Project, s: School) -> list[Finding]:
        have = set(s.counseling_room.rules) if s.counseling_room else set()
        missing = [r for r in six if r not in have]
        return [_f(p, s, f"缺少制度：{'、'.join(missing)}", "counseling_room", "rules")] if missing else []

    return _per_school(project, fn, "六项工作制度齐全")


@check("ROOM-5")
def room_hotline(project: Project) -> Outcome:
    """A public psychological hotline is published."""
    from xinyu.checks.privacy import allowed_numbers

    allowed = set(allowed_numbers(project))

    def fn(p: Project, s: School) -> list[Finding]:
        line = s.counseling_room.hotline if s.counseling_room else None
        if not line:
            return [_f(p, s, "没有公布心理热线", "counseling_room")]
        if line not in allowed:
            return [_f(p, s, f"热线“{line}”不在公共热线名单（content/site.yml）里", "counseling_room", "hotline")]
        return []

    return _per_school(project, fn, "每所学校都公布了公共心理热线")


@check("CRI-2")
def screenings(project: Project) -> Outcome:
    """Two screenings a year, one each semester, inside the semester's dates."""

    def fn(p: Project, s: School) -> list[Finding]:
        found = []
        for sem in s.calendar.semesters:
            inside = [x for x in s.calendar.screenings if x.semester == sem.semester and sem.start <= x.date <= sem.end]
            if not inside:
                found.append(_f(p, s, f"{semester_name(sem.semester)}（{sem.start}–{sem.end}）没有安排心理普查与筛查",
                                "calendar", "screenings"))
        if len(s.calendar.semesters) < 2:
            found.append(_f(p, s, "校历只写了一个学期", "calendar", "semesters"))
        return found

    return _per_school(project, fn, "每学期一次心理普查与筛查")


@check("CRI-3")
def three_levels(project: Project) -> Outcome:
    """Three levels of intervention or referral, each with roles, triggers and a referral path."""

    def fn(p: Project, s: School) -> list[Finding]:
        have = {lv.level for lv in s.crisis_levels}
        missing = [str(n) for n in (1, 2, 3) if n not in have]
        found = [_f(p, s, f"缺少第 {'、'.join(missing)} 级干预或转介", "crisis_levels")] if missing else []
        if s.boarding and not s.contacts.dormitory:
            found.append(_f(p, s, "有住校生，但四级防控体系没有宿舍层面的岗位", "contacts"))
        return found

    return _per_school(project, fn, "一级班主任、二级心理老师和学校、三级专业精神卫生机构，各有岗位、情形和转介途径")


@check("STF-1")
def rural_teacher(project: Project) -> Outcome:
    """Every rural school (teaching points excepted) has a qualified mental-health teacher."""

    def fn(p: Project, s: School) -> list[Finding]:
        if s.location != "rural" or s.teaching_point:
            return []
        if not any(t.qualified for t in s.teachers):
            return [_f(p, s, "农村学校没有具备专业资质的心理健康教师（“一校一师”）", "teachers")]
        return []

    return _per_school(project, fn, "农村学校（教学点除外）都有具备专业资质的心理健康教师")


@check("STF-2")
def fulltime_teachers(project: Project) -> Outcome:
    """Township central primary schools and above: full-time teachers, two in larger schools."""
    large = int(project.param("large_school_students"))

    def fn(p: Project, s: School) -> list[Finding]:
        covered = s.level != "primary" or s.central or s.location == "urban"
        if not covered or s.teaching_point:
            return []
        need = 2 if s.students >= large else 1
        have = sum(1 for t in s.teachers if t.fulltime)
        if have < need:
            return [_f(p, s, f"{s.students} 名学生，专职心理健康教育教师 {have} 名，至少需 {need} 名", "teachers")]
        return []

    return _per_school(project, fn, f"乡镇中心小学以上至少 1 名专职教师，{large} 人以上的学校至少 2 名")
