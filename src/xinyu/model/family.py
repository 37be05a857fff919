"""The parent school (家长学校): a plan per stage and semester (``content/parent-school``)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from xinyu.model.base import Content, Label, Slug, Text

ParentForm = Literal["家长会", "专家讲座", "专题讨论", "亲子互动活动", "家庭教育心得交流"]


class ParentActivity(Content):
    """One parent-school activity."""

    title: Label = Field(description="活动名称")
    form: ParentForm = Field(description="形式：家长会、专家讲座、专题讨论、亲子互动活动、家庭教育心得交流")
    month: int = Field(ge=1, le=12, strict=True, description="月份")
    grades: list[int] = Field(min_length=1, description="面向哪些年级的家长（在本学段之内）；写给某一届的活动（新生、毕业、中考、高考）只写那个年级")
    guidance: bool = Field(default=True, description="是否属于家庭教育指导活动")
    mental_health: Text | None = Field(default=None, description="其中的心理健康内容")
    summary: Text = Field(description="活动内容")
    steps: list[Text] = Field(default_factory=list, description="活动流程")
    episodes: list[Slug] = Field(default_factory=list, description="配合观看的空中课堂家长专场节目")
    remote: Text | None = Field(default=None, description="请不到专家到场的学校（村小、教学点）和外出务工的家长怎样参加：线上直播、录播回放等；专家讲座必填")


class ParentSemester(Content):
    """A semester of the parent-school plan."""

    semester: int = Field(ge=1, le=2, strict=True, description="学期")
    activities: list[ParentActivity] = Field(min_length=1, description="活动")


class ParentSchoolPlan(Content):
    """``content/parent-school/<stage>.yml``."""

    stage: Slug = Field(description="学段代码")
    title: Label = Field(description="计划名称")
    semesters: list[ParentSemester] = Field(min_length=1, description="学期安排")


#: Words in an activity's title that name one cohort of parents, with the grades they fit. 新生 and
#: 毕业 fit the first and last grade of a school level (primary 1–6, junior 7–9, senior 10–12).
_COHORTS: dict[str, set[int]] = {
    "新生": {1, 7, 10}, "毕业": {6, 9, 12}, "小升初": {6}, "中考": {9}, "高考": {12},
    "初一": {7}, "初二": {8}, "初三": {9}, "高一": {10}, "高二": {11}, "高三": {12},
}
_GRADE_WORD = re.compile(r"(?<![初高])([一二三四五六七八九])年级")
_CN_DIGITS = "一二三四五六七八九"


def cohort_grades(title: str) -> dict[str, set[int]]:
    """The cohort words in ``title`` (新生、初一、中考、高考、毕业、三年级 …) and the grades each fits."""
    found = {word: grades for word, grades in _COHORTS.items() if word in title}
    for m in _GRADE_WORD.finditer(title):
        found[m[0]] = {_CN_DIGITS.index(m[1]) + 1}
    return found
