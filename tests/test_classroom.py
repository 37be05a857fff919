"""Classroom-safety and delivery rules (load/classroom.py): what they catch is in tests/cases/;
here, what they must leave alone, and the stage defaults they rely on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO, copy_base
from xinyu.load.classroom import (
    DISCLOSURE,
    NEEDS_SPACE,
    long_sentences,
    missing_ground_rules,
    printable_without_content,
)
from xinyu.load.project import load_project
from xinyu.model.lesson import Handout

VALID = Path(__file__).parent / "data" / "valid-lesson.yml"


def test_a_valid_lesson_in_the_new_shape_has_no_problem(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "proj")
    (root / "lessons" / "primary-lower").mkdir(parents=True)
    shutil.copy(VALID, root / "lessons" / "primary-lower" / "g1-bad.yml")
    result = load_project(root)
    assert [str(p) for p in result.problems] == []
    lesson = result.project.lessons["g1-bad"]  # type: ignore[union-attr]
    assert lesson.minutes == 40 and lesson.activity_minutes == 33


def test_every_stage_states_all_four_ground_rules() -> None:
    stages = yaml.safe_load((REPO / "content/taxonomy/stages.yml").read_text(encoding="utf-8"))["stages"]
    assert len(stages) == 5
    for stage in stages:
        assert missing_ground_rules(stage["ground_rules"]) == [], stage["slug"]


def test_ground_rules_missing_the_limit_are_caught() -> None:
    names = [n for n, _ in missing_ground_rules(["可以不说。", "不议论别人。", "课上的话不外传。"])]
    assert names == ["保密的例外：有人可能有危险时，大人会帮忙"]


@pytest.mark.parametrize("text", ["小组交流你们的想法。", "说说刚才游戏里的发现。", "老师示范三种做法。"])
def test_ordinary_discussion_is_not_disclosure(text: str) -> None:
    assert not DISCLOSURE.search(text)


@pytest.mark.parametrize("text", ["写下自己最近的一个烦恼。", "把心声写在纸条上。", "说说你家里的一件事"])
def test_disclosure_is_recognised(text: str) -> None:
    assert DISCLOSURE.search(text)


@pytest.mark.parametrize("text", ["走到讲台前写下答案。", "同桌两人面对面坐好。"])
def test_ordinary_movement_needs_no_space(text: str) -> None:
    assert not NEEDS_SPACE.search(text)


CARD = Handout(kind="卡片", title="“换个问法”卡", audience="每人", per_class=50, items=["我能控制什么？"])


@pytest.mark.parametrize("material", ["秒表 1 个", "彩色卡纸每组 2 张", "黑板上画好倒 U 曲线图", "白纸每人 1 张",
                                      "“换个问法”卡每人 1 张（三个问题见活动三）", "换个问法卡每人 1 张"])
def test_real_objects_and_written_cards_pass(material: str) -> None:
    assert not printable_without_content(material, [CARD])


@pytest.mark.parametrize("material", ["情境卡 4 张（内容见活动二）", "学习单每人 1 份", "角色扮演剧本每组 1 份"])
def test_printables_without_content_are_found(material: str) -> None:
    assert printable_without_content(material, [CARD])


def test_long_home_sentences() -> None:
    short = "孩子今天学了一个放松的办法。回家可以一起试试。"
    assert long_sentences(short) == []
    long = "孩子今天在心理课上学到了适度的压力能帮人打起精神觉得压力大时可以想想自己手里有哪些本事和帮手。"
    assert long_sentences(long) == [long.rstrip("。")]


def test_scoring_words_said_in_the_negative_are_not_scoring() -> None:
    from xinyu.checks.curriculum import scoring_words

    words = ["测验", "打分", "扣分"]
    assert scoring_words("日记不交、不打分，只给自己看。这只是体验，不是测验。", words) == []
    assert scoring_words("最后老师给每组打分。", words) == ["打分"]
    assert scoring_words("不是测验。下课前做一个小测验。", words) == ["测验"]


def test_check_prints_lesson_reminders_and_counts_them(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from xinyu.cli import main

    root = copy_base(tmp_path / "proj")
    (root / "lessons" / "primary-lower").mkdir(parents=True)
    text = VALID.read_text(encoding="utf-8").replace(
        "  try_at_home: 睡前问问孩子今天的心情。",
        "  try_at_home: 睡前请您陪孩子坐一会儿轻轻地问问孩子今天在学校里过得开心不开心有没有什么让他难过的事情。")
    (root / "lessons" / "primary-lower" / "g1-bad.yml").write_text(text, encoding="utf-8")
    run = CliRunner().invoke(main, ["-C", str(root), "check", "--format", "json"])
    data = json.loads(run.stdout)
    assert data["stats"]["lesson_reminders"] == 1
    advice = [r for r in data["reminders"] if r["field"] == "home.try_at_home"]  # (and: g1-bad is unscheduled)
    assert len(advice) == 1 and "短句" in advice[0]["message"]
    run = CliRunner().invoke(main, ["-C", str(root), "check"])
    assert "! 提醒  lessons/primary-lower/g1-bad.yml:" in run.output and "home.try_at_home" in run.output
