"""Diagrams drawn at build time as inline SVG (no script, no external library): the 一二三
crisis screening and intervention flow. Readable printed in black and white."""

from __future__ import annotations

from html import escape

from xinyu.model.school import InterventionLevel

#: The notice's own three levels (§2.3), used when a school has not written its own.
DEFAULT_LEVELS = [
    ("一级：班主任", "日常观察、谈心、联系家长；发现异常当天上报"),
    ("二级：心理老师和学校", "评估、个别辅导、制订干预方案；危机时启动学校预案，通知家长"),
    ("三级：专业精神卫生机构", "家长陪同转介就医诊治；学校跟进复学与随访"),
]


def _wrap(text: str, width: int) -> list[str]:
    """Split Chinese text into lines of at most ``width`` characters."""
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def crisis_flow(levels: list[InterventionLevel] | None = None, title: str = "“一二三”筛查与三级干预流程") -> str:
    """The flow: one file per student → two screenings a year → level 1 → level 2 → level 3."""
    steps: list[tuple[str, str]] = [
        ("一：一人一档", "每名学生一份心理成长档案，保密保存，从不上网"),
        ("二：每学期一次普查与筛查", "问卷与班主任、任课教师观察相结合，筛出需要关注的学生"),
    ]
    if levels:
        for lv in sorted(levels, key=lambda x: x.level):
            steps.append((f"{'一二三'[lv.level - 1]}级：{'、'.join(lv.roles)}", "；".join(lv.triggers[:2])))
    else:
        steps += DEFAULT_LEVELS
    width, box_w, x0 = 640, 520, 60
    parts: list[str] = []
    y = 40
    for i, (head, body) in enumerate(steps):
        lines = _wrap(body, 30)
        h = 34 + 20 * len(lines)
        dashed = ' stroke-dasharray="6 3"' if i < 2 else ""
        parts.append(f'<rect x="{x0}" y="{y}" width="{box_w}" height="{h}" rx="8" fill="#fff" stroke="#000" '
                     f'stroke-width="{2 if i >= 2 else 1.5}"{dashed}/>')
        parts.append(f'<text x="{x0 + 16}" y="{y + 24}" font-size="16" font-weight="bold" fill="#000">{escape(head)}</text>')
        for j, line in enumerate(lines):
            parts.append(f'<text x="{x0 + 16}" y="{y + 46 + 20 * j}" font-size="14" fill="#222">{escape(line)}</text>')
        y += h
        if i < len(steps) - 1:
            label = "发现需要关注" if i == 1 else ("需要时转介" if i >= 2 else "")
            parts.append(f'<line x1="{x0 + box_w / 2}" y1="{y}" x2="{x0 + box_w / 2}" y2="{y + 30}" stroke="#000" '
                         f'stroke-width="2" marker-end="url(#xy-arrow)"/>')
            if label:
                parts.append(f'<text x="{x0 + box_w / 2 + 10}" y="{y + 20}" font-size="13" fill="#000">{label}</text>')
            y += 34
    y += 10
    parts.append(f'<text x="{x0}" y="{y + 14}" font-size="13" fill="#000">任何一级发现自伤、伤人风险：立即陪护，'
                 f'通知家长，必要时拨打 110、120。</text>')
    height = y + 30
    defs = ('<defs><marker id="xy-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#000"/></marker></defs>')
    svg = (f'<svg class="xy-flow" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="100%" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{defs}'
           f'<text x="{x0}" y="24" font-size="17" font-weight="bold" fill="#000">{escape(title)}</text>'
           + "".join(parts) + "</svg>")
    return f'<div class="xy-chart-wrap xy-flow-wrap">{svg}</div>'
