"""Turning pydantic's validation errors into :class:`Problem` s in plain Chinese."""

from __future__ import annotations

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
        return f"格式不对：“{value}”", "编号只用小写英文字母、数字和连字符，如 g7-new-start；学年写成 2026-2027"
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
        return f"应为{_TYPE_NAMES.get(wanted, wanted)}，这里是{shown}", "检查格式，例如数字不要加引号，列表每项以“- ”开头"
    if kind == "value_error" and isinstance(ctx.get("error"), ValueError):  # our validators write Chinese
        message, _, hint = str(ctx["error"]).partition("：")
        return message, hint
    return f"取值不符合要求（{err.get('msg', kind)}）", "参照同类文件的写法"


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
