"""Policy rules (``content/policy/rules.yml``): every checkable requirement of the notice as data."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from xinyu.model.base import Content, Label, Text

Heading = Literal["师资配备", "课程建设", "辅导室建设", "活动开展"]


class Parameter(Content):
    """A rule parameter with its default and where that default comes from."""

    value: Any = Field(description="取值")
    description: Text = Field(description="含义")
    source: Text = Field(description="出处")


class Rule(Content):
    """One requirement of the notice."""

    id: Label = Field(pattern=r"^[A-Z]+-\d+$", description="要求编号，如 CUR-1")
    title: Label = Field(description="简短名称")
    heading: Heading = Field(description="督导检查项目：师资配备、课程建设、辅导室建设、活动开展")
    section: Label = Field(description="通知中的条款位置，如 §2.1")
    clause: Text = Field(description="通知原文")
    kind: Literal["check", "publish"] = Field(description="check 由数据核查；publish 由网站发布相应内容")
    severity: Literal["error", "warning"] = Field(default="error", description="error 不达标即不合格；warning 仅提醒")
    how: Text = Field(description="如何核查")
    params: list[str] = Field(default_factory=list, description="用到的参数名（见 parameters）")
    pages: list[str] = Field(default_factory=list, description="publish 类要求：承载内容的页面路径")


class Notice(Content):
    """The policy document the rules come from (quoted on the site as the policy says it)."""

    title: Label = Field(description="文件标题（不带书名号），如 关于进一步加强……工作的通知")
    issuer: Label = Field(description="发文单位")
    date: Label = Field(description="发文日期，如 2020-11-02")


class RulesFile(Content):
    """The rules file."""

    notice: Notice | None = Field(default=None, description="规则依据的政策文件（网站上引用它的标题和发文单位）")
    parameters: dict[str, Parameter] = Field(description="参数，改这里即可改变判定，不必改代码")
    rules: list[Rule] = Field(min_length=1, description="规则")


#: The colour names of the Material theme's palette.
Colour = Literal["red", "pink", "purple", "deep-purple", "indigo", "blue", "light-blue", "cyan", "teal", "green",
                 "light-green", "lime", "yellow", "amber", "orange", "deep-orange", "brown", "grey", "blue-grey",
                 "black", "white"]


class Colours(Content):
    """The site's colours (names of the Material theme's palette)."""

    primary: Colour = Field(default="teal", description="主色（页眉、链接）")
    accent: Colour = Field(default="teal", description="强调色（按钮、悬停）")


class Settings(Content):
    """``content/site.yml``: per-deployment settings."""

    district: Label = Field(description="地区或单位名称，出现在首页、网页描述和页脚")
    description: Label | None = Field(default=None, description="网站描述（搜索引擎和分享时显示）；不写则用“<地区>中小学心理辅导活动课、教师培训、家长学校与合规报告”")
    logo: str | None = Field(default=None, description="徽标图片，相对于 content/pages/ 的路径，如 assets/logo.png；不写则用默认图标")
    colours: Colours = Field(default_factory=Colours, description="网站颜色")
    district_hotline: Label | None = Field(default=None, description="本地区公开的心理援助热线（可选）")
    public_hotlines: list[Label] = Field(default_factory=lambda: ["12356", "12355"], description="允许出现在网站上的公共电话")
    public_landlines: list[Label] = Field(default_factory=list, description="区里统一公布、允许出现在网站上的学校座机（带区号，如 0797-8123456）")
    public_emails: list[Label] = Field(default_factory=list, description="允许出现在网站上的学校或部门公开邮箱")
    episode_links: dict[str, str] = Field(default_factory=dict, description="空中课堂节目编号 → 观看链接（https）")
    school_year: Label = Field(default="2026-2027", description="当前学年")
    site_url: str | None = Field(default=None, description="网站的公开网址（https://……）：站点地图、规范链接和家校联系单上的二维码都用它；不填则不印二维码，U 盘使用可不写")
    home_slip_reply: bool = Field(default=True, description="家校联系单下方是否印一张可以剪下的回执（自愿填写，不印名字）")
    strict: bool = Field(default=False, description="true：有规则不达标或有提醒时，xinyu build 和 mkdocs build 都不发布")

    @field_validator("site_url")
    @classmethod
    def _public_https(cls, value: str | None) -> str | None:
        """The QR codes printed on home slips lead here: only a public https address will do."""
        if value is None or not value.strip():
            return None
        value = value.strip()
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
        if parts.scheme != "https" or not host:
            raise ValueError(f"网站网址“{value}”不是 https 地址：家校联系单上的二维码只能指向 https:// 开头的公开网址，"
                             "如 https://xinyu.example.edu.cn/；还没有公开网址就不填，二维码会自动省略")
        if host == "localhost" or host.endswith(".local") or "." not in host or parts.username or parts.password \
                or re.fullmatch(r"[\d.]+|\[[0-9a-f:]+\]", host) or parts.query or parts.fragment:
            raise ValueError(f"网站网址“{value}”不是公开网址：家长在手机上扫码要能打开，"
                             "请填网站的公开域名，如 https://xinyu.example.edu.cn/（不要填本机、IP 地址或带参数的地址）")
        return value.rstrip("/") + "/"

    @field_validator("district_hotline", "public_hotlines")
    @classmethod
    def _no_mobiles(cls, value: str | list[str] | None) -> str | list[str] | None:
        """These numbers are exempt from the privacy scan, so a personal mobile must not get in."""
        for number in [value] if isinstance(value, str) else value or []:
            digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", number)).removeprefix("86")
            if re.fullmatch(r"1[3-9]\d{9}", digits):
                raise ValueError(f"“{number}”是手机号，不能当作公开热线：公开热线如 12356、0797-xxxxxxxx、400 电话")
        return value

    @field_validator("public_landlines")
    @classmethod
    def _landlines(cls, value: list[str]) -> list[str]:
        """Published school landlines: with area code, never a mobile (the privacy scan lets them through)."""
        for number in value:
            digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", number))
            if re.fullmatch(r"(?:86)?1[3-9]\d{9}", digits):
                raise ValueError(f"“{number}”是手机号，不能当作学校座机")
            if not re.fullmatch(r"0(?:10|2\d)[2-9]\d{7}|0[3-9]\d{2}[2-9]\d{6,7}", digits):
                raise ValueError(f"“{number}”不像带区号的座机号码，应写成 0797-8123456 这样")
        return value

    @field_validator("public_emails")
    @classmethod
    def _emails(cls, value: list[str]) -> list[str]:
        for address in value:
            if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", address):
                raise ValueError(f"“{address}”不像邮箱地址，应写成 xljk@example.gov.cn 这样")
        return value
