"""The curriculum schedule: for each grade, which lesson is taught in which week."""

from __future__ import annotations

from pydantic import Field

from xinyu.model.base import Content, Slug


class ScheduleEntry(Content):
    """One class-hour: semester, teaching week and the lesson taught."""

    semester: int = Field(ge=1, le=2, strict=True, description="学期：1 第一学期（秋季），2 第二学期（春季）")
    week: int = Field(ge=1, le=30, strict=True, description="教学周次")
    lesson: Slug = Field(description="课例编号（lessons/ 下某个课例的 id）")


class ScheduleFile(Content):
    """``content/schedule/grade-N.yml``: one grade's whole school year."""

    grade: int = Field(ge=1, le=12, strict=True, description="年级（1–12）")
    schedule: list[ScheduleEntry] = Field(min_length=1, description="本年级两个学期的课时安排")
