"""Lesson plans (心理辅导活动课): one YAML file under ``lessons/`` each."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from xinyu.model.base import Content, Label, Slug, Text

Grade = Annotated[int, Field(ge=1, le=12, strict=True)]


class Activity(Content):
    """One activity (环节) of a lesson."""

    title: Label = Field(description="环节名称，如“热身：大风吹”")
    form: Label = Field(description="活动形式，八种之一：团体辅导、心理训练、情境设计、问题辨析、角色扮演、游戏辅导、心理情景剧、专题讲座")
    minutes: int = Field(ge=1, le=120, strict=True, description="本环节用时（分钟）")
    purpose: Text | None = Field(default=None, description="本环节的目的（可选）")
    steps: list[Text] = Field(min_length=1, description="具体步骤，按顺序写；角色扮演和心理情景剧要有以“去角色”开头的步骤")
    questions: list[Text] = Field(default_factory=list, description="教师的关键提问")
    tips: list[Text] = Field(default_factory=list, description="给上课老师的提醒（可选）")

    @property
    def deroling_step(self) -> str | None:
        """The step that takes students out of their roles (去角色), if any."""
        return next((s for s in self.steps if s.startswith("去角色")), None)


class HomeExtension(Content):
    """What parents are told: plain words a grandparent understands."""

    learned: Text = Field(description="用家长听得懂的话说：孩子这节课学了什么")
    try_at_home: Text = Field(description="在家可以做的一件事")
    watch_for: list[Text] = Field(default_factory=list, description="出现这些情况，请联系班主任或心理老师（可选）")


class Lesson(Content):
    """A 心理辅导活动课 lesson plan."""

    id: Slug = Field(description="课例编号：小写字母、数字和连字符，全局唯一，通常与文件名相同")
    title: Label = Field(description="课题")
    stage: Slug = Field(description="学段：primary-lower、primary-middle、primary-upper、junior、senior")
    grades: list[Grade] = Field(min_length=1, max_length=3, description="适用年级（1–12），须在学段之内")
    themes: list[Label] = Field(min_length=1, max_length=3, description="主题：认识自我、学会学习、人际交往、情绪调适、生涯规划、生活和社会适应、生命教育、挫折教育")
    summary: Text = Field(description="一两句话的课例简介，显示在课例库列表中")
    objectives: list[Text] = Field(min_length=1, description="活动目标")
    materials: list[Text] = Field(default_factory=list, description="材料")
    preparation: list[Text] = Field(default_factory=list, description="课前准备")
    activities: list[Activity] = Field(min_length=1, max_length=8, description="活动环节，3–6 个，用时合计等于一节课")
    sharing: list[Text] = Field(min_length=1, description="分享与交流的问题")
    closing: Text = Field(description="教师总结")
    sensitive: list[Label] = Field(default_factory=list, description="涉及的敏感话题（见 content/taxonomy/sensitive.yml），有则必须写安全提示和转介途径")
    safety_notes: list[Text] = Field(default_factory=list, description="安全提示：要留意的信号，何时转介")
    referral: Text | None = Field(default=None, description="转介途径：班主任 → 心理老师 → 专业机构，以及公共热线")
    home: HomeExtension = Field(description="家庭延伸：写给家长")
    anonymised: bool | None = Field(default=None, description="课例含案例时标明已匿名化（true）")

    @property
    def minutes(self) -> int:
        """Total minutes: the sum of the activities' minutes (never typed in)."""
        return sum(a.minutes for a in self.activities)

    @property
    def forms(self) -> list[str]:
        """Distinct forms used, in order of first use."""
        return list(dict.fromkeys(a.form for a in self.activities))

    def text(self) -> str:
        """All the words of the lesson, one field a line (for word checks and similarity)."""
        parts = [self.title, self.summary, *self.objectives, *self.materials, *self.preparation,
                 *self.sharing, self.closing, self.home.learned, self.home.try_at_home, *self.home.watch_for]
        for act in self.activities:
            parts += [act.title, act.purpose or "", *act.steps, *act.questions, *act.tips]
        return "\n".join(parts)
