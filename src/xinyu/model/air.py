"""The “心理健康空中课堂” (air classroom): series of recorded episodes, teacher and parent editions."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from xinyu.model.base import Content, Label, Slug, Text


class Episode(Content):
    """One recorded episode."""

    id: Slug = Field(description="节目编号，全局唯一")
    title: Label = Field(description="标题")
    speaker_role: Label = Field(description="主讲人身份（不写姓名），如 市级心理健康教研员")
    minutes: int = Field(ge=1, le=240, strict=True, description="时长（分钟）")
    stages: list[Slug] = Field(min_length=1, description="适合的学段")
    topics: list[Label] = Field(min_length=1, description="话题")
    summary: Text = Field(description="内容简介")
    key_points: list[Text] = Field(min_length=1, description="要点")
    before: list[Text] = Field(default_factory=list, description="观看前可以想一想、聊一聊的问题")
    after: list[Text] = Field(default_factory=list, description="观看后交流的问题")


class Series(Content):
    """A series file under ``content/air-classroom/``."""

    id: Slug = Field(description="系列编号")
    title: Label = Field(description="系列名称")
    edition: Literal["teacher", "parent"] = Field(description="teacher 教师专场；parent 家长专场")
    producer: Label = Field(description="录制单位")
    description: Text = Field(description="系列介绍")
    episodes: list[Episode] = Field(min_length=1, description="节目")
