"""The shipped curriculum: no near-copies, every grade's lessons written for that grade."""

from __future__ import annotations

import re
from itertools import combinations

from conftest import REPO
from xinyu.load.project import load_project


def _grams(text: str, k: int = 4) -> set[str]:
    flat = "".join(text.split())
    return {flat[i:i + k] for i in range(len(flat) - k + 1)}


def test_no_two_lessons_are_near_copies() -> None:
    project = load_project(REPO).project
    assert project is not None
    grams = {lesson.id: _grams(lesson.text()) for lesson in project.lessons.values()}
    worst = max(((len(a & b) / len(a | b), x, y) for (x, a), (y, b) in combinations(grams.items(), 2)))
    # Measured on the shipped 216 lessons: the closest pair shares about 6% of its 4-character runs.
    assert worst[0] < 0.25, f"{worst[1]} and {worst[2]} share {worst[0]:.0%} of their text"


def test_every_grade_has_its_own_lessons() -> None:
    project = load_project(REPO).project
    assert project is not None
    for sched in project.schedules:
        ids = [e.lesson for e in sched.schedule]
        assert len(ids) == len(set(ids)), f"grade {sched.grade} repeats a lesson"
        assert all(sched.grade in project.lessons[i].grades for i in ids)
    assert sorted(s.grade for s in project.schedules) == list(range(1, 13))


def test_every_lesson_is_a_real_plan_of_at_least_800_han_characters() -> None:
    project = load_project(REPO).project
    assert project is not None
    short = {x.id: n for x in project.lessons.values() if (n := len(re.findall(r"[\u4e00-\u9fff]", x.text()))) < 800}
    assert short == {}


#: The three names the content review found in 73, 63 and 53 lessons (issue 14, item 9); 小雨 is
#: also the weather ("周三　小雨　26℃"), which is not a name.
OVERUSED = {"阿杰": re.compile("阿杰"), "小林": re.compile("小林"),
            "小雨": re.compile(r"(?<![下中大])小雨(?![\s　]*[0-9℃，、转])")}
#: Words of a teacher tip that says to change a character's name when a pupil has it.
NAME_TIP = ("换一个名字", "换个名字", "换成别的名字", "改一个名字", "改个名字", "换一个名", "换名字", "改名字")


def test_character_names_are_varied_and_can_be_changed() -> None:
    project = load_project(REPO).project
    assert project is not None
    for name, pattern in OVERUSED.items():
        users = [x.id for x in project.lessons.values() if pattern.search(x.text())]
        assert len(users) <= 8, f"{name} appears in {len(users)} lessons"
    untipped = [x.id for x in project.lessons.values()
                if any(p.search(x.text()) for p in OVERUSED.values()) and not any(t in x.text() for t in NAME_TIP)]
    assert untipped == []


def test_sharing_and_closing_have_time_and_every_lesson_fits_its_period() -> None:
    project = load_project(REPO).project
    assert project is not None
    for lesson in project.lessons.values():
        period = project.taxonomy.stages[lesson.stage].period_minutes
        assert lesson.sharing.minutes >= 3 and lesson.closing.minutes >= 1, lesson.id
        assert lesson.minutes == period, lesson.id
        assert 2 <= len(lesson.exit_questions) <= 3, lesson.id
