"""One verdict on a loaded project, the same for ``xinyu check``, ``xinyu build`` and ``mkdocs build``.

* **Rules** (``content/policy/rules.yml``): a failing rule is 不达标; a rule of severity
  ``warning`` that is not met is a 提醒 (reminder).
* **Reminders** that are not rules: a lesson in no grade's schedule, and the lesson advice of
  :func:`xinyu.load.classroom.lesson_advice` (home-text sentences too long for grandparents, too
  many key questions in one period).
* **Drafts**: a lesson still holding the scaffold's 【请写：……】 prompts. A draft can be previewed
  (``serve``) but never published: ``check`` does not pass it and every build refuses it.
* **Strict** (``--strict`` or ``strict: true`` in ``content/site.yml``): reminders count as
  failures, and a build refuses to publish while any rule fails.

Exit codes: 0 passes, 1 rules fail / drafts / (strict) reminders, 2 invalid content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xinyu.checks.engine import Report
from xinyu.load.problems import Problem
from xinyu.model.project import Project


@dataclass
class Verdict:
    """Rules, reminders and drafts of one project."""

    report: Report
    drafts: list[Problem] = field(default_factory=list)
    reminders: list[Problem] = field(default_factory=list)
    advice: list[Problem] = field(default_factory=list)

    def other_reminders(self) -> list[Problem]:
        """The reminders that are not rules: unscheduled lessons, then the lesson advice."""
        return [*self.reminders, *self.advice]

    def reminder_count(self) -> int:
        """Rules only reminded about, plus the other reminders."""
        return self.report.status_counts()["warn"] + len(self.reminders) + len(self.advice)

    def failed(self, strict: bool = False) -> bool:
        """True when the content is not ready to publish (rules fail, drafts; reminders when strict)."""
        return bool(self.report.failed(strict) or self.drafts or (strict and self.other_reminders()))

    def as_dict(self) -> dict[str, Any]:
        """The JSON parts (``rules``, ``drafts``, ``reminders``)."""
        return {"rules": self.report.as_dict(), "drafts": [p.as_dict() for p in self.drafts],
                "reminders": [p.as_dict() for p in self.other_reminders()]}


_LAST: dict[str, tuple[Project, Verdict]] = {}


def judge(root: Path, project: Project, advice: list[Problem] | None = None) -> Verdict:
    """Run every rule and find drafts and unscheduled lessons. The loaded project is cached while
    the files stay the same, and so is its verdict (``xinyu build`` and its MkDocs plugin both ask).
    ``advice``: the lessons' reminders when already made (the pipeline makes them with its cache)."""
    from xinyu.checks import run_checks
    from xinyu.load.classroom import lesson_advice
    from xinyu.pipeline import unfinished
    from xinyu.render.site import page_paths

    last = _LAST.get(str(root))
    if last and last[0] is project:
        return last[1]
    verdict = Verdict(run_checks(project, page_paths(project)), unfinished(root, project), unscheduled(project),
                      lesson_advice(project) if advice is None else advice)
    _LAST[str(root)] = (project, verdict)
    return verdict


def unscheduled(project: Project) -> list[Problem]:
    """A lesson no grade's schedule names: a reminder naming the grades where it could go."""
    from xinyu.model.project import Location
    from xinyu.model.taxonomy import grade_name

    taught = {e.lesson for s in project.schedules for e in s.schedule}
    out = []
    for lesson in project.lessons.values():
        if lesson.id in taught:
            continue
        where = project.lesson_fact(lesson, ("where", "id"), Location, lambda lesson=lesson: project.locate(lesson, "id"))
        grades = "、".join(grade_name(g) for g in lesson.grades)
        files = "、".join(f"content/schedule/grade-{g}.yml" for g in lesson.grades)
        out.append(Problem(where.file, where.line, where.column, "id",
                           f"课例“{lesson.id}”没有排进课表，网站的年级课表里不会出现",
                           f"可以排在{grades}：在 {files} 里加一行；用 xinyu weeks 查看哪些周还空着"))
    return out
