"""``xinyu new lesson``: write a lesson file that validates, with prompts saying what to fill in."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from xinyu.load.project import load_project


class ScaffoldError(Exception):
    """A message for the user (in Chinese)."""


def _stages(root: Path) -> dict[str, dict[str, object]]:
    path = root / "content" / "taxonomy" / "stages.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {s["slug"]: s for s in data["stages"]}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as err:
        raise ScaffoldError(f"无法读取学段表 {path}：{err}") from None


def scaffold_lesson(root: Path, *, stage: str, title: str, grade: int | None, lesson_id: str | None) -> Path:
    """Create ``lessons/<stage>/<id>.yml`` and return its path."""
    stages = _stages(root)
    if stage not in stages:
        raise ScaffoldError(f"不认识的学段“{stage}”，可选：{'、'.join(stages)}")
    grades = list(stages[stage]["grades"])  # type: ignore[call-overload]
    grade = grade if grade is not None else grades[0]
    if grade not in grades:
        raise ScaffoldError(f"{grade} 年级不在学段 {stage}（{'、'.join(map(str, grades))} 年级）之内")
    title = title.strip()
    if not title:
        raise ScaffoldError("课题不能为空")
    folder = root / "lessons" / stage
    if lesson_id is None:
        n = 1
        while (folder / f"g{grade}-lesson-{n}.yml").exists():
            n += 1
        lesson_id = f"g{grade}-lesson-{n}"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", lesson_id):
        raise ScaffoldError(f"课例编号“{lesson_id}”只能用小写英文字母、数字和连字符")
    loaded = load_project(root)
    if loaded.project and lesson_id in loaded.project.lessons:
        raise ScaffoldError(f"课例编号“{lesson_id}”已经存在：{loaded.project.lesson_file(lesson_id)}")
    path = folder / f"{lesson_id}.yml"
    if path.exists():
        raise ScaffoldError(f"文件已存在：{path}")
    period = int(stages[stage]["period_minutes"])  # type: ignore[call-overload]
    sharing, closing = (5, 2) if period <= 40 else (6, 2)
    rest = period - sharing - closing
    first, second = rest // 4, rest // 2
    third = rest - first - second
    text = TEMPLATE.format(id=lesson_id, title=json_str(title), stage=stage, grade=grade,
                           m1=first, m2=second, m3=third, period=period, sharing=sharing, closing=closing)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def json_str(text: str) -> str:
    """A YAML-safe double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


TEMPLATE = """\
# yaml-language-server: $schema=../../schemas/lesson.schema.json
# 新课例：把每个【请写：……】换成你的内容（还有【请写：……】时 xinyu build 不会发布）。
# 各环节、分享和总结的分钟数合计须等于 {period} 分钟。课堂约定默认用学段的约定（content/taxonomy/stages.yml）。
id: {id}
title: {title}
stage: {stage}
grades: [{grade}]
themes: [认识自我]        # 1–2 个：认识自我、学会学习、人际交往、情绪调适、生涯规划、生活和社会适应、生命教育、挫折教育
summary: 【请写：一两句话的课例简介】
objectives:
  - 【请写：一个看得见的活动目标】
materials:                # 实物照写；要印发或投影的材料写名称和份数，内容写在用到它的环节的 handouts 里
  - 【请写：需要的材料】
preparation:
  - 【请写：课前准备】
activities:               # 3–6 个环节
  - title: 【请写：热身环节名称】
    form: 游戏辅导         # 团体辅导、心理训练、情境设计、问题辨析、角色扮演、游戏辅导、心理情景剧、专题讲座
    minutes: {m1}
    purpose: 【请写：本环节的目的】
    steps:
      - 【请写：第一步：老师做什么，学生做什么】
    questions:
      - 【请写：教师的关键提问】
  - title: 【请写：主体环节名称】
    form: 团体辅导
    minutes: {m2}
    steps:
      - 【请写：第一步】
    # 请学生说出、写下或演出自己的事时，写不想参与的同学怎样跳过：
    # opt_out: 不想说的同学可以说“过”，老师不追问。
    # 要挪桌椅、空地或走动时，写 space 和固定桌椅时的做法 seated：
    # space: 桌椅靠边，教室中间留出空地
    # seated: 前后桌四人一组，在座位上完成
    # 要印发或投影的材料，写出全部内容（卡片一条一张，学习单一条一题）：
    # handouts:
    #   - kind: 学习单       # 学习单、卡片、角色卡、剧本、投影
    #     title: 我的小计划单
    #     audience: 每人     # 每人、每对、每组、教师、全班
    #     per_class: 50
    #     items:
    #       - 这周我想试的一件事：
    #     write_lines: 2
  - title: 【请写：拓展或总结环节名称】
    form: 心理训练
    minutes: {m3}
    steps:
      - 【请写：第一步】
sharing:
  minutes: {sharing}
  questions:                # 2–3 个
    - 【请写：分享的问题】
closing:
  minutes: {closing}
  text: 【请写：教师总结】
exit_questions:             # 课后小纸条：2–3 个不打分的小问题
  - 今天我想试试的一个办法是……
  - 【请写：我还想知道……】
sensitive: []             # 涉及自伤、丧失、欺凌、家庭冲突等时填写，并写 safety_notes 和 referral
safety_notes: []
home:
  learned: 【请写：用家长听得懂的话说孩子这节课学了什么】
  try_at_home: 【请写：在家可以做的一件事】
"""
