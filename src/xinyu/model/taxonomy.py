"""Taxonomies: stages, themes, forms, roles, sensitive topics (``content/taxonomy/*.yml``).

They are data, not code constants, so a district can extend them.
"""

from __future__ import annotations

from pydantic import Field

from xinyu.model.base import Content, Label, Slug, Text


class Stage(Content):
    """An age stage (学段)."""

    slug: Slug = Field(description="学段代码，如 primary-lower")
    name: Label = Field(description="学段名称，如 小学低年级")
    short: Label = Field(description="简称，如 低年级")
    grades: list[int] = Field(min_length=1, description="包含的年级")
    period_minutes: int = Field(ge=20, le=90, strict=True, description="一节课的分钟数")
    teaching_weeks: int = Field(ge=10, le=26, strict=True, description="每学期教学周数（义务教育约 18 周，高中约 20 周）")
    ground_rules: list[Text] = Field(min_length=1, description="每节课开头宣布的课堂约定，用这个年龄听得懂的话：可以不说、不议论别人的分享、课上的话不外传，以及保密的唯一例外（有人可能有危险时，老师会请大人帮忙）")
    theme_labels: dict[str, Label] = Field(default_factory=dict, description="主题在本学段的显示名，如 生涯规划 → 生涯启蒙")
    focus: Text = Field(description="纲要对本学段的重点要求")

    def theme_label(self, theme: str) -> str:
        """The name a theme is shown under in this stage."""
        return self.theme_labels.get(theme, theme)


class Theme(Content):
    """A content theme (主题)."""

    name: Label = Field(description="主题名称")
    slug: Slug = Field(description="英文代码，用于网址")
    description: Text = Field(description="说明")


class Form(Content):
    """An activity form (活动形式)."""

    name: Label = Field(description="形式名称")
    slug: Slug = Field(description="英文代码，用于网址")
    experiential: bool = Field(description="是否为体验式活动（专题讲座不是）")
    needs_deroling: bool = Field(default=False, description="是否必须以“去角色”步骤结束")


class Role(Content):
    """A training audience (教师角色)."""

    slug: Slug = Field(description="角色代码")
    name: Label = Field(description="角色名称")
    teacher_role: bool = Field(default=True, description="是否为教师角色（须覆盖空中课堂教师专场）")
    mh_teacher: bool = Field(default=False, description="是否为专（兼）职心理健康教育教师")


class SensitiveTopic(Content):
    """A sensitive topic that requires safety notes and a referral path."""

    name: Label = Field(description="话题名称")
    keywords: list[Label] = Field(default_factory=list, description="提示词：课例正文出现这些词而没有声明这个话题时，拒绝构建")
    exceptions: list[Label] = Field(default_factory=list,
                                    description="含提示词、却不是这个意思的短语（如“分离开”里的“分离”），不算提到这个话题")


class StagesFile(Content):
    """``content/taxonomy/stages.yml``."""

    stages: list[Stage] = Field(min_length=1)


class ThemesFile(Content):
    """``content/taxonomy/themes.yml``."""

    themes: list[Theme] = Field(min_length=1)


class FormsFile(Content):
    """``content/taxonomy/forms.yml``."""

    forms: list[Form] = Field(min_length=1)


class RolesFile(Content):
    """``content/taxonomy/roles.yml``."""

    roles: list[Role] = Field(min_length=1)


class SensitiveFile(Content):
    """``content/taxonomy/sensitive.yml``."""

    sensitive_topics: list[SensitiveTopic] = Field(default_factory=list)


class Taxonomy(Content):
    """All vocabularies together, indexed by key."""

    stages: dict[str, Stage] = Field(default_factory=dict)
    themes: dict[str, Theme] = Field(default_factory=dict)
    forms: dict[str, Form] = Field(default_factory=dict)
    roles: dict[str, Role] = Field(default_factory=dict)
    sensitive: dict[str, SensitiveTopic] = Field(default_factory=dict)


_NUMERALS = "一二三四五六七八九"


def grade_name(grade: int) -> str:
    """Chinese name of a grade: 1 → 一年级, 8 → 八年级, 10 → 高一."""
    if 1 <= grade <= 9:
        return f"{_NUMERALS[grade - 1]}年级"
    if 10 <= grade <= 12:
        return f"高{_NUMERALS[grade - 10]}"
    return f"{grade} 年级"


def grade_label(grade: int) -> str:
    """Full label of a grade with its school: 小学一年级, 初中八年级, 高一."""
    if grade <= 6:
        return f"小学{grade_name(grade)}"
    if grade <= 9:
        return f"初中{grade_name(grade)}"
    return grade_name(grade)


def semester_name(semester: int) -> str:
    """1 → 第一学期, 2 → 第二学期."""
    return f"第{_NUMERALS[semester - 1]}学期" if 1 <= semester <= 9 else f"第 {semester} 学期"


class TermsFile(Content):
    """``content/taxonomy/terms.yml``: field terms that Chinese search keeps whole."""

    terms: list[Label] = Field(default_factory=list, description="专业术语，每个一项，如 空椅子技术")


def weeks_text(first: int, last: int) -> str:
    """``第 3 周`` or ``第 1–5 周``."""
    return f"第 {first} 周" if first == last else f"第 {first}–{last} 周"
