"""Teacher training: modules (``content/training/modules``) and yearly plans per role
(``content/training/plans``). Hour totals are computed from sessions, never typed in."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from xinyu.model.base import Content, Label, Slug, Text

Tier = Literal["通识", "基础", "提高", "骨干"]
Format = Literal["集中面授", "工作坊", "线上学习", "空中课堂", "督导", "案例研讨", "自主研修", "跟岗实践"]
Kind = Literal["专业技能", "识别与帮扶", "心理健康通识", "自我调适", "督导", "教研交流"]


class Session(Content):
    """One session of a module, with its hours (学时)."""

    title: Label = Field(description="专题名称")
    hours: float = Field(gt=0, le=40, description="学时")
    format: Format | None = Field(default=None, description="形式（不写则同模块）")
    content: Text | None = Field(default=None, description="内容要点")


class TrainingModule(Content):
    """A training module."""

    id: Slug = Field(description="模块编号，与文件名相同")
    title: Label = Field(description="模块名称")
    audiences: list[Slug] = Field(min_length=1, description="培训对象（content/taxonomy/roles.yml 的角色代码）")
    tier: Tier = Field(description="层级：通识、基础、提高、骨干")
    kind: Kind = Field(description="类别：专业技能、识别与帮扶、心理健康通识、自我调适、督导、教研交流")
    format: Format = Field(description="主要形式")
    summary: Text = Field(description="简介")
    sessions: list[Session] = Field(min_length=1, description="专题及学时")
    outcomes: list[Text] = Field(min_length=1, description="学习成果：学完能做什么")
    evidence: Text = Field(description="完成的证明方式（如签到、作业、案例报告）")

    @property
    def hours(self) -> float:
        """Total 学时 of the module: the sum of its sessions."""
        return round(sum(s.hours for s in self.sessions), 2)


class PlanItem(Content):
    """A module or an air-classroom episode in a plan, with when it happens."""

    month: int = Field(ge=1, le=12, strict=True, description="月份")
    module: Slug | None = Field(default=None, description="培训模块编号")
    episode: Slug | None = Field(default=None, description="空中课堂节目编号")
    note: Text | None = Field(default=None, description="备注")


class TrainingPlan(Content):
    """A yearly training plan for one role."""

    id: Slug = Field(description="计划编号，与文件名相同")
    role: Slug = Field(description="角色代码")
    school_year: Label = Field(pattern=r"^\d{4}-\d{4}$", description="学年，如 2026-2027")
    items: list[PlanItem] = Field(min_length=1, description="按月份排列的培训安排")
