"""Turning pydantic's validation errors into :class:`Problem` s in plain Chinese."""

from __future__ import annotations

import datetime
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from xinyu.load.problems import Problem, did_you_mean, field_path
from xinyu.load.yamlread import Document

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    "int": "整数",
    "float": "数字",
    "str": "文本",
    "string": "文本",
    "bool": "true 或 false",
    "list": "列表（每项以“- ”开头）",
    "dict": "键值对",
    "model": "键值对",
}


def _model_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc`` (for did-you-mean on keys)."""
    current: Any = cls
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """``list[Activity] | None`` → ``Activity``."""
    for _ in range(5):
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Union, types.UnionType, dict):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[-1] if args else annotation
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        else:
            break
    return annotation


def _message(err: dict[str, Any], cls: type[BaseModel]) -> tuple[str, str]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    loc = tuple(err["loc"])
    value = err.get("input")
    if kind == "missing":
        choices = _literal_choices(cls, loc)
        if choices:
            return "缺少必填字段", "可选值：" + "、".join(choices)
        return "缺少必填字段", "参照同类文件补上这个字段"
    if kind == "extra_forbidden":
        owner = _model_at(cls, loc)
        allowed = list(owner.model_fields) if owner else []
        return f"未知字段“{loc[-1]}”", did_you_mean(str(loc[-1]), allowed) or "删除这个字段"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        choices = [c.strip() for c in expected.replace(" or ", ",").split(",") if c.strip()]
        return f"不允许的值“{value}”", did_you_mean(str(value), choices)
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"“{value}”太小，应{'不小于' if kind.endswith('equal') else '大于'} {bound:g}", "检查数字是否写错"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"“{value}”太大，应{'不大于' if kind.endswith('equal') else '小于'} {bound:g}", "检查数字是否写错"
    if kind == "invalid_key":
        return "键必须是文字", "给这个键加上引号，或检查缩进"
    if kind == "string_too_short":
        return "不能为空", "填写内容"
    if kind == "string_too_long":
        return f"文字太长（{len(str(value))} 字，上限 {ctx.get('max_length')} 字）", "精简，或拆成几条"
    if kind == "too_short":
        if isinstance(value, str):
            return "不能为空", "填写内容"
        return f"至少要有 {ctx.get('min_length')} 项", "补充条目"
    if kind == "too_long":
        if isinstance(value, str):
            return f"文字太长（上限 {ctx.get('max_length')} 字）", "精简或拆分"
        return f"最多 {ctx.get('max_length')} 项", "删减条目"
    if kind == "string_pattern_mismatch":
        return f"格式不对：“{value}”", _PATTERN_HINTS.get(str(ctx.get("pattern", "")), "参照同类文件的写法")
    if kind in ("model_type", "dict_type") and isinstance(value, str) and _FULL_WIDTH_KEY.match(value):
        return "这里用了中文冒号“：”，请改成英文冒号“:”加空格", "YAML 只认英文冒号；键和值之间写成“title: 内容”"
    if kind in ("model_type", "dict_type"):
        got = "列表" if isinstance(value, list) else "空" if value is None else "一段文字" if isinstance(value, str) else "数字"
        expected = _model_at(cls, (*loc, "_")) if loc else None
        if expected is not None:
            required = [n for n, f in expected.model_fields.items() if f.is_required()]
            keys = "、".join(required or list(expected.model_fields))
            return f"应为键值对（字段: 值），这里是{got}", f"“{loc[-1]}”下面分行写 {keys}，参照同类文件的写法"
        return f"应为键值对（字段: 值），这里是{got}", "参照同类文件的写法"
    if kind.endswith("_parsing") or kind.endswith("_type"):
        wanted = kind.split("_")[0]
        if wanted == "model":
            wanted = "dict"
        shown = "空" if value is None else f"“{value}”"
        return f"应为{_TYPE_NAMES.get(wanted, wanted)}，这里是{shown}", _type_hint(wanted, value)
    if kind == "value_error" and isinstance(ctx.get("error"), ValueError):  # our validators write Chinese
        message, _, hint = str(ctx["error"]).partition("：")
        return message, hint
    return f"取值不符合要求（{err.get('msg', kind)}）", "参照同类文件的写法"


#: Hints for the patterns of the models (base.Slug, training.school_year, policy.Rule.id).
_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]{0,79}$": "编号只用小写英文字母、数字和连字符，如 g7-new-start",
    r"^\d{4}-\d{4}$": "学年写成 2026-2027 这样，前后两个年份",
    r"^[A-Z]+-\d+$": "规则编号写成大写字母、连字符和数字，如 CUR-1",
}
_FULL_WIDTH_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*[ ]*：")


def _type_hint(wanted: str, value: Any) -> str:
    """A hint that fits the type wanted and what was written."""
    if wanted in ("int", "float"):
        if isinstance(value, str):
            digits = re.search(r"\d+(?:\.\d+)?", value)
            if digits and digits.group(0) != value.strip().strip("'\""):
                return f"只写数字，如 {digits.group(0)}"
            if digits:
                return f"数字不要加引号，写成 {digits.group(0)}"
            return "只写阿拉伯数字，如 8"
        return "只写数字，如 8"
    if wanted == "list":
        return "写成列表：每项一行，以“- ”开头"
    if wanted == "bool":
        return "写 true 或 false"
    if wanted in ("str", "string"):
        if isinstance(value, (datetime.date, int, float, bool)):
            what = "日期" if isinstance(value, datetime.date) else "数字或是否"
            return f"YAML 把它读成了{what}；要当作文字，加上引号，如 \"{value}\""
        return "写一段文字；含特殊符号时加引号"
    return "参照同类文件的写法"


def _literal_choices(cls: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The allowed values of a Literal field (for a missing field's hint)."""
    owner = _model_at(cls, loc)
    info = owner.model_fields.get(str(loc[-1])) if owner and loc else None
    if info is None:
        return []
    annotation = _unwrap(info.annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return []


def validate(doc: Document, cls: type[M], problems: list[Problem]) -> M | None:
    """Validate a document against ``cls``; append every problem found; ``None`` if invalid."""
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            line, col = doc.position(loc)
            message, hint = _message(dict(err), cls)
            problems.append(Problem(doc.file, line, col, field_path(loc), message, hint))
        return None
