"""Teacher training and the parents' pages: computed hours, episode coverage, grade pages."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO
from xinyu.checks.curriculum import schedule_by_grade
from xinyu.checks.training import plan_hours
from xinyu.load.project import load_project
from xinyu.render.site import generated_pages


@pytest.fixture(scope="module")
def project():  # type: ignore[no-untyped-def]
    result = load_project(REPO)
    assert result.ok, result.problems[:5]
    return result.project


def test_module_hours_are_the_sum_of_sessions(project) -> None:  # type: ignore[no-untyped-def]
    for module in project.modules.values():
        raw = yaml.safe_load((REPO / "content/training/modules" / f"{module.id}.yml").read_text(encoding="utf-8"))
        assert "hours" not in raw, f"{module.id}: hours must be computed, not typed in"
        assert module.hours == pytest.approx(sum(s["hours"] for s in raw["sessions"]))


def test_plan_hours_are_computed_from_modules_and_episodes(project) -> None:  # type: ignore[no-untyped-def]
    per_hour = project.param("minutes_per_hour")
    for plan in project.plans:
        expected = sum(project.modules[i.module].hours for i in plan.items if i.module)
        expected += sum(project.episodes[i.episode].minutes for i in plan.items if i.episode) / per_hour
        assert plan_hours(project, plan).total == pytest.approx(round(expected, 1))


def test_every_teacher_role_plan_covers_every_teacher_episode(project) -> None:  # type: ignore[no-untyped-def]
    teacher_eps = {e.id for s in project.series if s.edition == "teacher" for e in s.episodes}
    assert teacher_eps
    for slug, role in project.taxonomy.roles.items():
        if role.teacher_role:
            watched = {i.episode for p in project.plans if p.role == slug for i in p.items if i.episode}
            assert teacher_eps <= watched, slug


def test_plan_page_shows_total_against_requirement(project) -> None:  # type: ignore[no-untyped-def]
    pages = generated_pages(project)
    plan = next(p for p in project.plans if p.role == "mh-fulltime")
    page = pages[f"training/plans/{plan.id}.md"]
    total = plan_hours(project, plan)
    assert f"{total.total:g} 学时" in page and "要求不少于 40 学时" in page
    record = pages[f"training/records/{plan.id}.md"]
    assert "本人签名" in record and "审核人签名" in record


def test_parent_page_per_grade_lists_lessons_in_schedule_order(project) -> None:  # type: ignore[no-untyped-def]
    pages = generated_pages(project)
    by_grade = schedule_by_grade(project)
    for grade, rows in by_grade.items():
        page = pages[f"parents/grade-{grade}.md"]
        positions = [page.index(f"第 {week} 周：{lesson.title}") for _, week, lesson in rows]
        first_sem = [p for (sem, _, _), p in zip(rows, positions, strict=True) if sem == 1]
        second_sem = [p for (sem, _, _), p in zip(rows, positions, strict=True) if sem == 2]
        assert first_sem == sorted(first_sem) and second_sem == sorted(second_sem)
        assert max(first_sem) < min(second_sem)
        assert "12356" in page and "12355" in page
        for _, _, lesson in rows:
            assert lesson.home.try_at_home in page


def test_episode_without_link_says_where_to_watch(project) -> None:  # type: ignore[no-untyped-def]
    pages = generated_pages(project)
    ep = next(iter(project.episodes.values()))
    assert ep.id not in project.settings.episode_links
    assert "请在学校通知的平台观看" in pages[f"air-classroom/{ep.id}.md"]


def test_readme_documents_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    from xinyu.cli import main

    for name in main.commands:
        assert re.search(rf"xinyu {name}\b", readme), name
    for field in ("id", "title", "stage", "grades", "themes", "activities", "sharing", "home"):
        assert f"`{field}`" in readme
