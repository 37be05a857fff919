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
    """The total counts what every member of the role receives every year: no rotations, no parts
    of the role, no sessions the role hosts (those are added up apart)."""
    per_hour = project.param("minutes_per_hour")
    for plan in project.plans:
        yearly = [i for i in plan.items if i.every_years == 1 and i.who is None and not i.hosting]
        expected = sum(project.modules[i.module].hours for i in yearly if i.module)
        expected += sum(project.episodes[i.episode].minutes for i in yearly if i.episode) / per_hour
        hours = plan_hours(project, plan)
        assert hours.total == pytest.approx(round(expected, 1))
        hosted = sum(project.modules[i.module].hours for i in plan.items if i.module and i.hosting)
        assert hours.hosting == pytest.approx(round(hosted, 1))


def test_skills_hours_count_only_skills_training(project) -> None:  # type: ignore[no-untyped-def]
    """TRN-6: 教研交流 and 督导 are separate duties in the notice (§3.3), not the week of skills training."""
    assert project.param("skills_kinds") == ["专业技能"]
    for plan in project.plans:
        if project.taxonomy.roles[plan.role].mh_teacher:
            hours = plan_hours(project, plan)
            skills = sum(project.modules[i.module].hours for i in plan.items
                         if i.module and i.counts and project.modules[i.module].kind == "专业技能")
            assert hours.skills == pytest.approx(skills) and hours.skills >= project.param("training_week_hours")


def test_mh_teachers_get_a_five_day_week_of_skills_training(project) -> None:  # type: ignore[no-untyped-def]
    week = project.modules["mh-summer-skills-week"]
    assert week.kind == "专业技能" and week.days == 5 and week.hours == 40
    per_day = {d: sum(s.hours for s in week.sessions if s.day == d) for d in range(1, 6)}
    assert per_day == {d: 8 for d in range(1, 6)}
    for role in ("mh-fulltime", "mh-parttime"):
        plan = next(p for p in project.plans if p.role == role)
        item = next(i for i in plan.items if i.module == week.id)
        assert item.counts and item.month in (7, 8), role  # the summer holiday


def test_researchers_do_not_count_the_sessions_they_host(project) -> None:  # type: ignore[no-untyped-def]
    plan = next(p for p in project.plans if p.role == "researcher")
    hosted = {i.module for i in plan.items if i.hosting}
    assert {"mh-study-exchange", "mh-case-seminar"} <= hosted
    for module in hosted:
        assert "researcher" in project.modules[module].hosts
        assert "researcher" not in project.modules[module].audiences
    hours = plan_hours(project, plan)
    assert hours.hosting > 0
    assert hours.modules == pytest.approx(sum(project.modules[i.module].hours for i in plan.items
                                              if i.module and not i.hosting))


def test_class_teachers_full_course_is_a_three_year_rotation(project) -> None:  # type: ignore[no-untyped-def]
    plan = next(p for p in project.plans if p.role == "class-teacher")
    full = next(i for i in plan.items if i.module == "ct-recognise-and-help")
    assert full.every_years == 3 and "每三年" in (full.note or "")
    yearly = [i for i in plan.items if i.module and i.counts and project.modules[i.module].kind == "识别与帮扶"]
    assert yearly, "class teachers who are not due for the full course still get a yearly 识别与帮扶 item"
    pages = generated_pages(project)
    page = pages[f"training/plans/{plan.id}.md"]
    assert "每 3 年一轮" in page and "轮训或部分人员参加" in page


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


SAMPLE_NOTE = "示例节目：请按市教育局实际发布的节目替换"


def test_every_page_showing_an_unverified_episode_marks_it_as_a_sample(project) -> None:  # type: ignore[no-untyped-def]
    pages = generated_pages(project)
    assert all(e.sample for e in project.episodes.values())  # nothing in the shipped list is verified yet
    for ep in project.episodes.values():
        assert SAMPLE_NOTE in pages[f"air-classroom/{ep.id}.md"], ep.id
    showing = [path for path, page in pages.items() if "air-classroom/" in page and not path.startswith("air-classroom/")]
    assert "parents/index.md" in showing and "training/plans/plan-class-teacher-2026.md" in showing
    for path in showing + ["air-classroom/index.md"]:
        assert SAMPLE_NOTE in pages[path], path
        assert "示例节目" in pages[path]
    assert SAMPLE_NOTE in pages["training/records/plan-class-teacher-2026.md"]


def test_a_verified_episode_is_not_marked(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    edit_yaml(full / "content/air-classroom/teacher.yml", lambda d: d["episodes"][0].update(
        source="https://example.org/air/at-01", verified=True))
    result = load_project(full)
    assert result.ok, result.problems[:3]
    pages = generated_pages(result.project)
    ep = result.project.series[0].episodes[0] if result.project.series[0].edition == "teacher" else None
    first = "at-01-warning-signs"
    assert SAMPLE_NOTE not in pages[f"air-classroom/{first}.md"]
    assert "https://example.org/air/at-01" in pages[f"air-classroom/{first}.md"]
    assert ep is None or not ep.sample


def test_example_schools_are_labelled(project) -> None:  # type: ignore[no-untyped-def]
    pages = generated_pages(project)
    for school in project.schools:
        assert school.example
        assert "示例学校" in pages[f"school/{school.id}.md"]
    listing = pages["school/schools.md"]
    assert listing.count("示例学校</span>") == len(project.schools)


def test_readme_documents_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    from xinyu.cli import main

    for name in main.commands:
        assert re.search(rf"xinyu {name}\b", readme), name
    for field in ("id", "title", "stage", "grades", "themes", "activities", "sharing", "home"):
        assert f"`{field}`" in readme


# ----------------------------------------------------------------- content checks that must be able to fail


def _problems(root):  # type: ignore[no-untyped-def]
    result = load_project(root)
    assert not result.ok, "the bad input should have been caught"
    return result.problems


def _one(problems, field_part: str, text: str):  # type: ignore[no-untyped-def]
    found = [p for p in problems if field_part in p.field and text in p.message]
    assert found, [str(p) for p in problems]
    assert found[0].line > 0
    return found[0]


def test_a_cycle_in_the_note_must_match_every_years(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    path = full / "content/training/plans/plan-class-teacher-2026.yml"
    edit_yaml(path, lambda d: [i.pop("every_years", None) for i in d["items"] if i.get("module") == "ct-recognise-and-help"])
    problem = _one(_problems(full), "every_years", "每三年")
    assert problem.file == "content/training/plans/plan-class-teacher-2026.yml"
    assert "every_years: 3" in problem.hint


def test_a_note_saying_the_role_hosts_needs_hosting(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    path = full / "content/training/plans/plan-mh-fulltime-2026.yml"
    edit_yaml(path, lambda d: d["items"][0].update(note="专职教师负责组织和主持"))
    _one(_problems(full), "items[1].hosting", "负责组织")


def test_a_host_cannot_count_the_module_as_training(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    path = full / "content/training/plans/plan-researcher-2026.yml"
    edit_yaml(path, lambda d: [i.update(hosting=False, note="每次都参加") for i in d["items"]
                               if i.get("module") == "mh-study-exchange"])
    _one(_problems(full), "hosting", "组织者")


def test_hosting_needs_the_role_among_the_hosts(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    path = full / "content/training/plans/plan-mh-fulltime-2026.yml"
    edit_yaml(path, lambda d: d["items"][0].update(hosting=True))
    _one(_problems(full), "items[1].hosting", "hosts 里没有")


def test_a_plan_item_outside_the_modules_audience(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    path = full / "content/training/plans/plan-subject-teacher-2026.yml"
    edit_yaml(path, lambda d: d["items"].append({"month": 7, "module": "mh-summer-skills-week"}))
    _one(_problems(full), "module", "培训对象里没有学科教师")


def test_a_training_day_has_at_most_eight_hours(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    path = full / "content/training/modules/mh-summer-skills-week.yml"
    edit_yaml(path, lambda d: d["sessions"][3].update(day=1))
    problems = _problems(full)
    _one(problems, "sessions[1].day", "第 1 天安排了 11 学时，一天最多 8 学时")
    # day 2 lost a session but still has some; move every day-5 session to make day 5 empty
    edit_yaml(path, lambda d: [s.update(day=4) for s in d["sessions"] if s["day"] == 5])
    _one(_problems(full), "days", "第 5 天没有安排专题")


def test_every_session_of_a_concentrated_course_has_a_day(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    path = full / "content/training/modules/mh-summer-skills-week.yml"
    edit_yaml(path, lambda d: d["sessions"][0].pop("day"))
    _one(_problems(full), "sessions[1]", "没有写第几天")
    edit_yaml(full / "content/training/modules/teacher-self-care.yml", lambda d: d["sessions"][0].update(day=1))
    _one(_problems(full), "sessions[1].day", "只有连续几天的集中培训")


def test_trn6_does_not_count_exchange_or_supervision(full) -> None:  # type: ignore[no-untyped-def]
    """Without the summer week, part-time teachers have only exchange, supervision and self-care:
    the old counting (with 教研交流 and 督导) would have passed."""
    from conftest import edit_yaml
    from test_checks import verdict

    path = full / "content/training/plans/plan-mh-parttime-2026.yml"
    edit_yaml(path, lambda d: d.__setitem__("items", [i for i in d["items"] if i.get("module") != "mh-summer-skills-week"]))
    found = verdict(full, "TRN-6")
    assert found.status == "fail"
    assert any("兼职心理健康教育教师" in f.message and "专业技能培训 0 学时" in f.message for f in found.findings)


def test_trn6_does_not_count_a_course_only_part_of_the_role_takes(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml
    from test_checks import verdict

    path = full / "content/training/plans/plan-mh-parttime-2026.yml"
    edit_yaml(path, lambda d: [i.update(who="新任兼职教师") for i in d["items"] if i.get("module") == "mh-summer-skills-week"])
    assert verdict(full, "TRN-6").status == "fail"


def test_trn3_fails_when_the_rotation_is_too_long(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml
    from test_checks import verdict

    path = full / "content/training/plans/plan-class-teacher-2026.yml"

    def change(d: dict) -> None:
        d["items"] = [i for i in d["items"] if i.get("module") != "ct-termly-case-meeting"]
        for i in d["items"]:
            if i.get("module") == "ct-recognise-and-help":
                i.update(every_years=4, note="秋季普查前完成，新任班主任当年参加")
    edit_yaml(path, change)
    found = verdict(full, "TRN-3")
    assert found.status == "fail" and "每 4 年一轮" in found.findings[0].message
    assert found.findings[0].where.file.endswith("plan-class-teacher-2026.yml") and found.findings[0].where.line > 0


# ----------------------------------------------------------------- parent school: cohorts and grades


def test_every_parent_activity_names_its_grades_inside_its_stage(project) -> None:  # type: ignore[no-untyped-def]
    from xinyu.model.family import cohort_grades

    for plan in project.parent_plans:
        stage = project.taxonomy.stages[plan.stage]
        for sem in plan.semesters:
            for act in sem.activities:
                assert set(act.grades) <= set(stage.grades), act.title
                named = cohort_grades(act.title)
                if named:
                    assert set(act.grades) <= set().union(*named.values()), act.title


def test_cohort_words_are_recognised() -> None:
    from xinyu.model.family import cohort_grades

    assert cohort_grades("一年级新生家长会") == {"新生": {1, 7, 10}, "一年级": {1}}
    assert set().union(*cohort_grades("初一、初二期末家长会").values()) == {7, 8}
    assert cohort_grades("初三年级家长会") == {"初三": {9}}  # 三年级 inside 初三年级 is not grade 3
    assert cohort_grades("中考前家长会") == {"中考": {9}} and cohort_grades("高考前家长会") == {"高考": {12}}
    assert cohort_grades("专题讨论：手机和游戏") == {}


def test_a_cohort_event_listed_for_the_whole_stage_is_caught(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    path = full / "content/parent-school/junior.yml"
    edit_yaml(path, lambda d: d["semesters"][1]["activities"][0].update(grades=[7, 8, 9]))  # 中考前后
    problem = _one(_problems(full), "semesters[2].activities[1].grades", "中考")
    assert problem.file == "content/parent-school/junior.yml" and "7、8 年级" in problem.message
    assert "grades 只写 9" in problem.hint


def test_a_grade_outside_the_stage_is_caught(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    edit_yaml(full / "content/parent-school/primary-lower.yml",
              lambda d: d["semesters"][0]["activities"][2].update(grades=[1, 3]))
    _one(_problems(full), "semesters[1].activities[3].grades[2]", "3 年级不在小学低年级")


def test_a_lecture_needs_a_remote_alternative(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    def change(d: dict) -> None:
        for sem in d["semesters"]:
            for act in sem["activities"]:
                if act["form"] == "专家讲座":
                    act.pop("remote")
    edit_yaml(full / "content/parent-school/primary-middle.yml", change)
    _one(_problems(full), "remote", "村小、教学点")


def test_an_episode_for_one_cohort_needs_grades(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    edit_yaml(full / "content/air-classroom/parent.yml", lambda d: d["episodes"][0].pop("grades"))
    problem = _one(_problems(full), "episodes[1].grades", "一年级")
    assert "2 年级" in problem.message


def test_an_activity_episode_must_fit_its_grades(full) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit_yaml

    edit_yaml(full / "content/parent-school/primary-lower.yml",
              lambda d: d["semesters"][0]["activities"][2].update(episodes=["ap-01-starting-school"]))
    _one(_problems(full), "semesters[1].activities[3].episodes[1]", "不适合 2 年级")


def test_cur7_counts_per_grade(full) -> None:  # type: ignore[no-untyped-def]
    """Dropping the grade-2 opening meeting leaves grade 2 parents with the lecture and the
    parent-child day: still two. Dropping the lecture too leaves one, and CUR-7 names grade 2."""
    from conftest import edit_yaml
    from test_checks import verdict

    def change(d: dict) -> None:
        acts = d["semesters"][0]["activities"]
        d["semesters"][0]["activities"] = [a for a in acts if 2 not in a["grades"] or a["form"] == "亲子互动活动"]
    edit_yaml(full / "content/parent-school/primary-lower.yml", change)
    found = verdict(full, "CUR-7")
    assert found.status == "fail"
    assert any("小学二年级家长 第一学期" in f.message and "1 次" in f.message for f in found.findings)


def test_parent_grade_pages_list_only_that_grades_events(project) -> None:  # type: ignore[no-untyped-def]
    pages = generated_pages(project)
    for plan in project.parent_plans:
        stage = project.taxonomy.stages[plan.stage]
        for grade in stage.grades:
            page = pages[f"parents/grade-{grade}.md"]
            for sem in plan.semesters:
                for act in sem.activities:
                    shown = f"{act.month} 月：{act.title}" in page
                    assert shown == (grade in act.grades), (grade, act.title)
    assert "一年级新生家长会" not in pages["parents/grade-2.md"]
    assert "中考" not in pages["parents/grade-8.md"].split("## 家长学校")[1].split("## 孩子不对劲时")[0]
    assert "孩子上一年级了" not in pages["parents/grade-2.md"]
    assert "孩子上一年级了" in pages["parents/grade-1.md"]


def test_lectures_offer_an_online_or_recorded_alternative(project) -> None:  # type: ignore[no-untyped-def]
    pages = generated_pages(project)
    for plan in project.parent_plans:
        for sem in plan.semesters:
            for act in sem.activities:
                if act.form == "专家讲座":
                    assert act.remote and ("回放" in act.remote or "直播" in act.remote), act.title
                    assert act.remote in pages[f"parents/school-{plan.stage}.md"]


def test_compliance_page_shows_sample_based_rules_as_warnings(project) -> None:  # type: ignore[no-untyped-def]
    from xinyu.render.compliance import compliance_page
    from xinyu.render.site import page_paths

    page = compliance_page(project, frozenset(page_paths(project)))
    trn2 = page[page.index("<td>TRN-2</td>"):].split("</tr>")[0]
    assert "xy-rule--warn" in page[:page.index("<td>TRN-2</td>")].rsplit("<tr", 1)[1]
    assert "基于示例数据" in trn2 and "content/air-classroom/teacher.yml" in trn2 and "提醒" in trn2
    trn6 = page[page.index("<td>TRN-6</td>"):].split("</tr>")[0]
    assert "基于示例数据" not in trn6 and "达标" in trn6
    assert "条<strong>基于示例数据</strong>" in page
    assert "示例学校</span>" in page and "✔ 达标（示例）" in page
