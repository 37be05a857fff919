"""``xinyu weeks``: which teaching weeks of each grade's schedule are still free."""

from __future__ import annotations

from dataclasses import dataclass

from xinyu.model.project import Project
from xinyu.model.taxonomy import grade_label, semester_name


@dataclass
class Semester:
    """One grade's semester: the weeks taught, and those still free."""

    grade: int
    semester: int
    file: str
    taught: dict[int, str]
    free: list[int]


def free_weeks(project: Project, grades: list[int] | None = None) -> list[Semester]:
    """Every (grade, semester) with its taught and free weeks (1 … ``teaching_weeks``)."""
    weeks: int = project.param("teaching_weeks")
    stages = sorted(g for s in project.taxonomy.stages.values() for g in s.grades)
    by_grade = {s.grade: s for s in project.schedules}
    out = []
    for grade in grades or stages:
        sched = by_grade.get(grade)
        file = project.file_of(sched) if sched else f"content/schedule/grade-{grade}.yml（还没有这个文件）"
        for semester in (1, 2):
            taught = {e.week: e.lesson for e in (sched.schedule if sched else []) if e.semester == semester}
            out.append(Semester(grade, semester, file, taught, [w for w in range(1, weeks + 1) if w not in taught]))
    return out


def runs(weeks: list[int]) -> str:
    """``[1, 2, 3, 5, 8]`` → ``第 1–3、5、8 周``."""
    parts: list[tuple[int, int]] = []
    for w in weeks:
        if parts and parts[-1][1] == w - 1:
            parts[-1] = (parts[-1][0], w)
        else:
            parts.append((w, w))
    return "第 " + "、".join(str(a) if a == b else f"{a}–{b}" for a, b in parts) + " 周"


def describe(rows: list[Semester], stage_of: dict[int, str]) -> list[str]:
    """Lines for the terminal."""
    lines: list[str] = []
    for row in rows:
        if row.semester == 1:
            lines.append(f"{grade_label(row.grade)}（{stage_of.get(row.grade, '')}）：{row.file}")
        free = runs(row.free) if row.free else "没有空着的周"
        lines.append(f"  {semester_name(row.semester)}：已排 {len(row.taught)} 节；空着：{free}")
    return lines
