"""The one error shape of the tool: a problem at ``path:line:col`` in a field, with a hint."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content. ``line``/``column`` are 1-based (0 = whole file)."""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        # file:line:column as editors and CI annotations read it; parts not known are left out
        where = self.file + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.line and self.column else "")
        # a line of a built page has no field: just the line
        field = self.field or ("" if self.line and self.file.endswith(".html") else "（整个文件）")
        text = f"{where}: {field}: {self.message}" if field else f"{where}: {self.message}"
        return f"{text}（提示：{self.hint}）" if self.hint else text

    def as_dict(self) -> dict[str, object]:
        """The JSON shape agreed for ``xinyu check --format json``."""
        data = asdict(self)
        if self.hint:
            data["message"] = f"{self.message}（提示：{self.hint}）"
        del data["hint"]
        return data


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A Chinese "did you mean" hint, or a list of the allowed values when nothing is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
    if close:
        return f"是不是想写“{close[0]}”？"
    if 0 < len(options) <= 12:
        return "可选值：" + "、".join(options)
    return ""


def field_path(loc: Iterable[object]) -> str:
    """``("activities", 2, "minutes")`` → ``activities[2].minutes``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"  # counted from 1, as people count the items of a list
        else:
            out += f".{part}" if out else str(part)
    return out


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` in posix form (``lessons/x/y.yml``), or ``path`` as given when
    it is elsewhere: the same as ``path.relative_to(root).as_posix()`` at a fraction of the cost,
    which counts once per file at province scale."""
    text, base = str(path), str(root)
    if text.startswith(base) and text[len(base):len(base) + 1] in (os.sep, "/") and len(text) > len(base) + 1:
        return text[len(base) + 1:].replace(os.sep, "/")
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else text
