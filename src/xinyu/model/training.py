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
    day: int | None = Field(default=None, ge=1, le=10, strict=True,
                            description="集中培训的第几天（模块写了 days 时每个专题都要写）")


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
    hosts: list[Slug] = Field(default_factory=list,
                              description="负责组织、主持的角色（他们不是培训对象，计划里写 hosting: true，不计学时）")
    days: int | None = Field(default=None, ge=1, le=10, strict=True,
                             description="连续几天的集中培训写天数（如暑期 5 天），每个专题写第几天 day")

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
    every_years: int = Field(default=1, ge=1, le=5, strict=True,
                             description="每几年参加一次：1 为每年；3 表示每人每三年轮到一次（轮训），不计入本人每年的学时")
    who: Label | None = Field(default=None,
                              description="只有本角色中的一部分人参加时写明，如 新任兼职教师；不写为本角色全体。部分人员参加的不计入全体的学时")
    hosting: bool = Field(default=False,
                          description="本角色在这一项是组织者、主持人，不是参训者：不计入本人的培训学时")

    @property
    def counts(self) -> bool:
        """True when everyone in the role receives this item every year (it counts towards their hours)."""
        return self.every_years == 1 and self.who is None and not self.hosting


class TrainingPlan(Content):
    """A yearly training plan for one role."""

    id: Slug = Field(description="计划编号，与文件名相同")
    role: Slug = Field(description="角色代码")
    school_year: Label = Field(pattern=r"^\d{4}-\d{4}$", description="学年，如 2026-2027")
    items: list[PlanItem] = Field(min_length=1, description="按月份排列的培训安排")
