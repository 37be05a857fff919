"""School profiles (``content/schools/<id>.yml``): a school's declared arrangements for the
counseling room, crisis screening and intervention, and staffing. Roles only — never people."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator

from xinyu.model.base import Content, Label, Slug, Text

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_NAMES = {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日"}
_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


class MentalHealthTeacher(Content):
    """A mental-health teacher post (no name)."""

    post: Label = Field(description="岗位，如 专职心理健康教育教师")
    fulltime: bool = Field(description="是否专职")
    qualified: bool = Field(description="是否具有专业资质（心理学相关专业或心理健康教育教师资格证书）")
    qualification: Label | None = Field(default=None, description="资质说明，如 心理学本科、心理健康教育 C 证")


class DutySlot(Content):
    """Who is on duty in the counseling room on a weekday (a role, not a person)."""

    day: Weekday = Field(description="星期：mon tue wed thu fri sat sun")
    role: Label = Field(description="值班人员的岗位")


class CounselingRoom(Content):
    """The counseling room (心理辅导室)."""

    manager: Label = Field(description="负责管理的岗位，如 专职心理健康教育教师")
    location: Label | None = Field(default=None, description="在校内的位置，如 行政楼二楼")
    hours: dict[Weekday, list[Label]] = Field(description="开放时间：星期 → 时段列表，如 mon: [\"12:10-13:10\"]")
    duty: list[DutySlot] = Field(min_length=1, description="值班安排")
    booking: Text | None = Field(default=None, description="预约方式（不写个人电话）")
    hotline: Label | None = Field(default=None, description="公开的心理热线")
    rules: list[Label] = Field(default_factory=list, description="已建立的工作制度（六项）")

    @field_validator("hours")
    @classmethod
    def _spans(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for day, spans in value.items():
            for span in spans:
                m = _SPAN.match(span.replace("–", "-").replace(" ", ""))
                if not m or (int(m[1]), int(m[2])) >= (int(m[3]), int(m[4])):
                    raise ValueError(f"{day} 的时段“{span}”格式应为 12:10-13:10，且结束晚于开始")
        return value

    def minutes_on(self, day: str) -> int:
        """Opening minutes on a weekday."""
        total = 0
        for span in self.hours.get(day, []):  # type: ignore[call-overload]
            m = _SPAN.match(span.replace("–", "-").replace(" ", ""))
            if m:
                total += (int(m[3]) * 60 + int(m[4])) - (int(m[1]) * 60 + int(m[2]))
        return total


class SemesterDates(Content):
    """Start and end of a semester."""

    semester: int = Field(ge=1, le=2, strict=True, description="学期")
    start: dt.date = Field(description="开学日期，如 2026-09-01")
    end: dt.date = Field(description="结束日期")


class Screening(Content):
    """A psychological screening (普查与筛查)."""

    semester: int = Field(ge=1, le=2, strict=True, description="学期")
    date: dt.date = Field(description="日期")
    grades: list[int] = Field(default_factory=list, description="参加的年级（不写为全校）")
    tool: Label | None = Field(default=None, description="工具或方式，如 心理健康自评问卷＋班主任观察")


class RiskPeriod(Content):
    """A high-risk period for early warning (CRI-4)."""

    title: Label = Field(description="名称，如 期中考试周")
    start: dt.date = Field(description="开始")
    end: dt.date = Field(description="结束")
    actions: Text | None = Field(default=None, description="预警措施")


class Calendar(Content):
    """The school calendar parts the rules look at."""

    semesters: list[SemesterDates] = Field(min_length=1, description="学期起止")
    screenings: list[Screening] = Field(default_factory=list, description="心理普查与筛查")
    high_risk: list[RiskPeriod] = Field(default_factory=list, description="高危时段")


class InterventionLevel(Content):
    """One level of the three-level intervention (三级干预或转介)."""

    level: int = Field(ge=1, le=3, strict=True, description="级别 1、2、3")
    roles: list[Label] = Field(min_length=1, description="负责的岗位")
    triggers: list[Text] = Field(min_length=1, description="什么情况进入这一级")
    actions: list[Text] = Field(default_factory=list, description="做什么")
    referral: Text = Field(description="向上一级转介的途径")


class CrisisContacts(Content):
    """The four-level prevention system by role (学校、年级、班级、宿舍)."""

    school: list[Label] = Field(min_length=1, description="学校层面的岗位")
    grade: list[Label] = Field(min_length=1, description="年级层面的岗位")
    class_: list[Label] = Field(min_length=1, alias="class", description="班级层面的岗位（含心理委员、伙伴）")
    dormitory: list[Label] = Field(default_factory=list, description="宿舍层面的岗位（有住校生时必填）")


class School(Content):
    """A school profile."""

    id: Slug = Field(description="学校编号，与文件名相同")
    name: Label = Field(description="学校名称；示例学校须含“示例”")
    example: bool = Field(default=False, description="是否为示例学校")
    location: Literal["rural", "township", "urban"] = Field(description="rural 农村，township 乡镇，urban 城区")
    level: Literal["primary", "junior", "complete", "senior"] = Field(description="primary 小学，junior 初中，complete 九年一贯制或完全中学，senior 高中")
    central: bool = Field(default=False, description="是否为乡镇中心小学")
    teaching_point: bool = Field(default=False, description="是否为教学点（不要求配专业教师）")
    students: int = Field(ge=1, le=20000, strict=True, description="学生数")
    boarding: bool = Field(default=False, description="是否有住校生")
    teachers: list[MentalHealthTeacher] = Field(default_factory=list, description="心理健康教育教师岗位")
    counseling_room: CounselingRoom | None = Field(default=None, description="心理辅导室")
    calendar: Calendar = Field(description="校历")
    crisis_levels: list[InterventionLevel] = Field(default_factory=list, description="三级干预或转介")
    contacts: CrisisContacts = Field(description="四级危机防控体系的岗位")

    @property
    def label(self) -> str:
        """Chinese type label, e.g. 乡镇中心小学."""
        place = {"rural": "农村", "township": "乡镇", "urban": "城区"}[self.location]
        kind = {"primary": "中心小学" if self.central else "小学", "junior": "初中", "complete": "九年一贯制学校",
                "senior": "高中"}[self.level]
        return place + kind + ("（教学点）" if self.teaching_point else "")
