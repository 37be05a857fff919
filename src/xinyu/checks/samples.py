"""Which rules rest on sample data, and where that data is: air-classroom episodes nobody has
verified (TRN-2, FAM-3) and the example schools (every per-school rule and the warning calendar).
A rule resting on sample data is shown as a warning, never as a pass (see :mod:`engine`)."""

from __future__ import annotations

from xinyu.checks.engine import Finding, rests_on
from xinyu.model.air import SAMPLE_NOTE
from xinyu.model.project import Project

EDITIONS = {"teacher": "教师专场", "parent": "家长专场"}
#: Rules whose verdict is computed from the school profiles (content/schools/).
SCHOOL_RULES = ("ROOM-1", "ROOM-2", "ROOM-3", "ROOM-5", "CRI-2", "CRI-3", "CRI-4", "STF-1", "STF-2")


def sample_episodes(project: Project, edition: str) -> list[Finding]:
    """One finding per series file of ``edition`` that still holds unverified episodes."""
    out = []
    for series in project.series:
        if series.edition != edition:
            continue
        samples = [e for e in series.episodes if e.sample]
        if not samples:
            continue
        name = EDITIONS[edition]
        if len(samples) == len(series.episodes):
            what = f"{name}的 {len(samples)} 期节目都是示例节目"
        else:
            what = f"{name} {len(series.episodes)} 期中有 {len(samples)} 期是示例节目（{'、'.join(e.id for e in samples)}）"
        out.append(Finding(f"{what}，没有核实的出处（source、verified）。{SAMPLE_NOTE}", project.locate(series, "episodes")))
    return out


@rests_on("TRN-2")
def _teacher_episodes(project: Project) -> list[Finding]:
    return sample_episodes(project, "teacher")


@rests_on("FAM-3")
def _parent_episodes(project: Project) -> list[Finding]:
    return sample_episodes(project, "parent")


@rests_on(*SCHOOL_RULES)
def example_schools(project: Project) -> list[Finding]:
    """One finding per example school profile."""
    return [Finding(f"{s.name}是示例学校（example: true），不是真实学校：请换成本区学校的真实档案",
                    project.locate(s, "example")) for s in project.schools if s.example]
