"""Page layout for the print pages: A4 pages laid out ahead of time, in millimetres.

Browsers paginate printed HTML on their own, and a card cut in two by a page break is useless.
So the print pages are laid out here, page by page, from a (slightly pessimistic) estimate of how
tall each piece of text is; each page is a fixed-size box (``.kit-page``) that the print CSS puts
on its own sheet. The browser tests check the estimate against Chromium's real layout.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

#: The printable area of an A4 sheet with 12 mm margins (the @page margins of kit.css).
PAGE_W = 186.0
PAGE_H = 272.0
#: The running head at the top of every page.
RUNNING_H = 8.0
BODY_H = PAGE_H - RUNNING_H
PT_MM = 25.4 / 72
LINE = 1.5
TEMPLATES = Path(__file__).parent / "templates"
CSS = Path(__file__).parent / "kit.css"


def ems(text: str) -> float:
    """Width of ``text`` in ems: CJK and full-width characters 1, Latin letters and digits about half."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def text_mm(text: str, size_pt: float, width_mm: float, line: float = LINE) -> float:
    """Height in mm of ``text`` set at ``size_pt`` in a box ``width_mm`` wide (rounded up a little)."""
    if not text:
        return 0.0
    em = size_pt * PT_MM
    per_line = max(1, math.floor(width_mm / em * 0.95))
    lines = max(1, math.ceil(ems(text) / per_line))
    return lines * em * line + 0.5


@dataclass
class Block:
    """One piece of a page: rendered by the template macro named ``kind``, ``height`` mm tall."""

    kind: str
    height: float
    data: dict[str, Any] = field(default_factory=dict)


def paginate(groups: Sequence[Sequence[Block]], body_h: float = BODY_H) -> list[list[Block]]:
    """Lay groups of blocks onto pages. A group (one activity's materials) goes whole onto the
    current page if it fits, else whole onto a fresh page; a group taller than a page starts a
    fresh page and breaks only between its blocks (never inside one)."""
    pages: list[list[Block]] = [[]]
    used = 0.0

    def fresh() -> None:
        nonlocal used
        if pages[-1]:
            pages.append([])
        used = 0.0

    for group in groups:
        total = sum(b.height for b in group)
        if used + total > body_h:
            fresh()
        for block in group:
            if used + block.height > body_h:
                fresh()
            pages[-1].append(block)
            used += block.height
    return [p for p in pages if p]


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """``items`` in consecutive runs of ``size``."""
    for start in range(0, len(items), max(1, size)):
        yield items[start:start + size]


@cache
def env() -> Environment:
    """The Jinja environment of the print pages (autoescaped, strict)."""
    e = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                    trim_blocks=True, lstrip_blocks=True)
    e.filters["mm"] = lambda v: f"{v:.1f}mm"
    return e


def css() -> str:
    """The shared stylesheet of the print pages (``kit/kit.css`` in the site)."""
    return CSS.read_text(encoding="utf-8")
