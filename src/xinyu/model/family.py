"""The parent school (家长学校): a plan per stage and semester (``content/parent-school``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from xinyu.model.base import Content, Label, Slug, Text

ParentForm = Literal["家长会", "专家讲座", "专题讨论", "亲子互动活动", "家庭教育心得交流"]


class ParentActivity(Content):
    """One parent-school activity."""

    title: Label = Field(description="活动名称")
    form: ParentForm = Field(description="形式：家长会、专家讲座、专题讨论、亲子互动活动、家庭教育心得交流")
    month: int = Field(ge=1, le=12, strict=True, description="月份")
    guidance: bool = Field(default=True, description="是否属于家庭教育指导活动")
    mental_health: Text | None = Field(default=None, description="其中的心理健康内容")
    summary: Text = Field(description="活动内容")
    steps: list[Text] = Field(default_factory=list, description="活动流程")
    episodes: list[Slug] = Field(default_factory=list, description="配合观看的空中课堂家长专场节目")


class ParentSemester(Content):
    """A semester of the parent-school plan."""

    semester: int = Field(ge=1, le=2, strict=True, description="学期")
    activities: list[ParentActivity] = Field(min_length=1, description="活动")


class ParentSchoolPlan(Content):
    """``content/parent-school/<stage>.yml``."""

    stage: Slug = Field(description="学段代码")
    title: Label = Field(description="计划名称")
    semesters: list[ParentSemester] = Field(min_length=1, description="学期安排")
