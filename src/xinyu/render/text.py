"""Safe text for generated pages: content is plain text, never HTML or Markdown markup."""

from __future__ import annotations

import html
import json
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md(text: object) -> str:
    """Plain text → Markdown that shows the text as written (no markup, no raw HTML)."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def yaml_str(text: object) -> str:
    """A front-matter string: HTML-escaped (themes insert titles unescaped) and valid YAML (JSON)."""
    return json.dumps(html.escape(" ".join(str(text).split())), ensure_ascii=False)


CN_NUMS = "一二三四五六七八九十"


def cn_index(i: int) -> str:
    """0 → 一, 1 → 二 … (for 环节一、环节二)."""
    return CN_NUMS[i] if 0 <= i < len(CN_NUMS) else str(i + 1)
