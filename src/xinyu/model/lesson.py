"""Lesson plans (心理辅导活动课): one YAML file under ``lessons/`` each."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, PrivateAttr

from xinyu.model.base import Content, Label, Slug, Text
from xinyu.model.taxonomy import Stage

Grade = Annotated[int, Field(ge=1, le=12, strict=True)]


#: Kinds of pupil material a lesson can carry (see :class:`Handout`).
HandoutKind = Literal["学习单", "卡片", "角色卡", "剧本", "投影"]
#: Who a material is for.
Audience = Literal["每人", "每对", "每组", "教师", "全班"]


class Handout(Content):
    """A printable or projected material of an activity: its whole text, ready to print or show."""

    kind: HandoutKind = Field(description="种类：学习单、卡片、角色卡、剧本、投影（投影的内容也出现在课件里）")
    title: Label = Field(description="材料名称，与 materials 里写的名称一致，如“换个问法卡”")
    audience: Audience = Field(description="给谁：每人、每对、每组、教师、全班（投影）")
    per_class: int = Field(ge=1, le=200, strict=True, description="一个班要准备几份（按 45–50 人、8–10 组估计）")
    instructions: Text | None = Field(default=None, description="印在材料上方、学生看的说明（可选）")
    items: list[Text] = Field(min_length=1, max_length=40, description="内容：卡片一条一张；学习单一条一题；剧本一条一句；投影一条一行")
    write_lines: int = Field(default=0, ge=0, le=12, strict=True, description="学习单每题下面留几行写字（卡片可留 0–2 行）")


class Activity(Content):
    """One activity (环节) of a lesson."""

    title: Label = Field(description="环节名称，如“热身：大风吹”")
    form: Label = Field(description="活动形式，八种之一：团体辅导、心理训练、情境设计、问题辨析、角色扮演、游戏辅导、心理情景剧、专题讲座")
    minutes: int = Field(ge=1, le=120, strict=True, description="本环节用时（分钟）")
    purpose: Text | None = Field(default=None, description="本环节的目的（可选）")
    steps: list[Text] = Field(min_length=1, description="具体步骤，按顺序写；角色扮演和心理情景剧要有以“去角色”开头的步骤")
    questions: list[Text] = Field(default_factory=list, description="教师的关键提问")
    tips: list[Text] = Field(default_factory=list, description="给上课老师的提醒（可选）")
    handouts: list[Handout] = Field(default_factory=list, description="本环节要印发或投影的材料，写出全部内容")
    space: Text | None = Field(default=None, description="需要挪桌椅、空地或走动时写明，如“桌椅靠边，教室中间留出空地”")
    seated: Text | None = Field(default=None, description="写了 space 时必填：45–50 人、固定桌椅时坐在座位上怎么做")
    opt_out: Text | None = Field(default=None, description="请学生说出、写下或演出自己的事时必填：不想参与的同学怎样跳过")

    @property
    def deroling_step(self) -> str | None:
        """The step that takes students out of their roles (去角色), if any."""
        return next((s for s in self.steps if s.startswith("去角色")), None)


class Sharing(Content):
    """The debrief (分享与交流): where distress is noticed, so it gets its own minutes."""

    minutes: int = Field(ge=3, le=20, strict=True, description="分享用时（分钟），计入一节课的时长")
    questions: list[Text] = Field(min_length=1, max_length=3, description="分享的问题，2–3 个")


class Closing(Content):
    """The teacher's summary (教师总结)."""

    minutes: int = Field(ge=1, le=10, strict=True, description="总结用时（分钟），计入一节课的时长")
    text: Text = Field(description="教师总结的话")


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
    ground_rules: list[Text] | None = Field(default=None, description="本课开头宣布的课堂约定（可选）；不写时用学段的约定（content/taxonomy/stages.yml）")
    sharing: Sharing = Field(description="分享与交流：用时和 2–3 个问题")
    closing: Closing = Field(description="教师总结：用时和总结的话")
    exit_questions: list[Text] = Field(min_length=2, max_length=3, description="课后小纸条：2–3 个不打分的小问题，如“我想试试……”“我还想知道……”")
    sensitive: list[Label] = Field(default_factory=list, description="涉及的敏感话题（见 content/taxonomy/sensitive.yml），有则必须写安全提示和转介途径")
    safety_notes: list[Text] = Field(default_factory=list, description="安全提示：要留意的信号，何时转介")
    referral: Text | None = Field(default=None, description="转介途径：班主任 → 心理老师 → 专业机构，以及公共热线")
    home: HomeExtension = Field(description="家庭延伸：写给家长")
    anonymised: bool | None = Field(default=None, description="课例含案例时标明已匿名化（true）")

    @property
    def activity_minutes(self) -> int:
        """Minutes of the activities alone."""
        return sum(a.minutes for a in self.activities)

    @property
    def minutes(self) -> int:
        """Total minutes: activities + sharing + closing (never typed in)."""
        return self.activity_minutes + self.sharing.minutes + self.closing.minutes

    def rules(self, stage: Stage) -> list[str]:
        """The ground rules announced at the start: the lesson's own, or else its stage's."""
        return list(self.ground_rules) if self.ground_rules else list(stage.ground_rules)

    def handouts(self) -> list[tuple[int, Handout]]:
        """Every material with the index of the activity that uses it, in teaching order."""
        return [(i, h) for i, act in enumerate(self.activities) for h in act.handouts]

    @property
    def forms(self) -> list[str]:
        """Distinct forms used, in order of first use."""
        return list(dict.fromkeys(a.form for a in self.activities))

    #: :meth:`text`, made on first use (several checks read it; lessons are not changed once loaded).
    _text: str | None = PrivateAttr(default=None)

    def text(self) -> str:
        """All the words of the lesson, one field a line (for word checks and similarity)."""
        if self._text is None:
            self._text = self._words()
        return self._text

    def _words(self) -> str:
        parts = [self.title, self.summary, *self.objectives, *self.materials, *self.preparation,
                 *(self.ground_rules or ()), *self.sharing.questions, self.closing.text, *self.exit_questions,
                 self.home.learned, self.home.try_at_home, *self.home.watch_for]
        for act in self.activities:
            parts += [act.title, act.purpose or "", *act.steps, *act.questions, *act.tips,
                      act.space or "", act.seated or "", act.opt_out or ""]
            for h in act.handouts:
                parts += [h.title, h.instructions or "", *h.items]
        return "\n".join(parts)
