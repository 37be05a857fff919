"""The “心理健康空中课堂” (air classroom): series of recorded episodes, teacher and parent editions."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from xinyu.model.base import Content, Label, Slug, Text

#: What every page shows for an episode nobody has verified yet.
SAMPLE_NOTE = "示例节目：请按市教育局实际发布的节目替换"


class Episode(Content):
    """One recorded episode."""

    id: Slug = Field(description="节目编号，全局唯一")
    title: Label = Field(description="标题")
    speaker_role: Label = Field(description="主讲人身份（不写姓名），如 市级心理健康教研员")
    minutes: int = Field(ge=1, le=240, strict=True, description="时长（分钟）")
    stages: list[Slug] = Field(min_length=1, description="适合的学段")
    grades: list[int] = Field(default_factory=list,
                              description="只适合某几个年级时写明（如写给一年级新生家长的节目写 [1]）；不写为所列学段的全部年级")
    topics: list[Label] = Field(min_length=1, description="话题")
    summary: Text = Field(description="内容简介")
    key_points: list[Text] = Field(min_length=1, description="要点")
    before: list[Text] = Field(default_factory=list, description="观看前可以想一想、聊一聊的问题")
    after: list[Text] = Field(default_factory=list, description="观看后交流的问题")
    source: Text | None = Field(default=None, description="出处：市教育局发布这期节目的链接（https）或通知文号、发布平台和日期")
    verified: bool = Field(default=False, description="已核实市教育局确实发布了这期节目（须写出处 source）；未核实的节目在网站上标为示例")

    @model_validator(mode="after")
    def _verified_needs_source(self) -> Episode:
        if self.verified and not self.source:
            raise ValueError("verified: true 须同时写出处 source（发布链接，或通知文号、发布平台和日期）")
        if self.source and self.source.startswith("http") and not self.source.startswith("https://"):
            raise ValueError(f"出处链接“{self.source}”须以 https:// 开头")
        return self

    @property
    def sample(self) -> bool:
        """True until the episode is verified: then every page marks it as a sample to replace."""
        return not self.verified


class Series(Content):
    """A series file under ``content/air-classroom/``."""

    id: Slug = Field(description="系列编号")
    title: Label = Field(description="系列名称")
    edition: Literal["teacher", "parent"] = Field(description="teacher 教师专场；parent 家长专场")
    producer: Label = Field(description="录制单位")
    description: Text = Field(description="系列介绍")
    episodes: list[Episode] = Field(min_length=1, description="节目")
