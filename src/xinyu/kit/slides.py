"""课件: the lesson's slide deck (.pptx, 16:9) built with python-pptx.

Slides carry only what pupils should see, in type readable from the back row of a 45–50 pupil
classroom (body ≥ 28 pt): the title, the ground rules, one slide per activity (title, form,
minutes, the instructions printed on its materials and the key questions), the projected
materials, sharing, closing and the exit questions. Everything for the teacher (steps, tips,
safety notes, the seated alternative, how to opt out) goes into the speaker notes. Text that does
not fit is carried over to a continuation slide (“（续）”); it is never shrunk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from xinyu.kit.data import Kit, KitActivity, KitHandout
from xinyu.kit.office import SANS, save_stable

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 in × 7.5 in: 16:9
INCH = 914_400
TEAL = RGBColor(0x00, 0x69, 0x5C)
INK = RGBColor(0x21, 0x21, 0x21)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
#: Smallest type on any slide, and the type of body text.
BODY_PT = 28
TITLE_PT = 40
CARD_PT = 44
#: The body area: 12.1 in wide; below the title band (and the meta line) to 0.4 in above the edge.
BODY_WIDTH_IN = 12.1
BODY_TOP_IN = 2.15
BODY_BOTTOM_IN = 7.1
PARAGRAPH_GAP_PT = 10
LINE_FACTOR = 1.25


@dataclass(frozen=True)
class Line:
    """One paragraph of a slide body."""

    text: str
    bold: bool = False
    size: int = BODY_PT
    bullet: str = ""


@dataclass
class SlideSpec:
    """One slide before it is drawn: what it says, and the notes behind it."""

    title: str
    meta: str = ""
    body: list[Line] = field(default_factory=list)
    notes: str = ""
    kind: str = "content"  # title | content | card

    @property
    def text(self) -> str:
        """Everything visible on the slide."""
        return "\n".join([self.title, self.meta, *(f"{x.bullet}{x.text}" for x in self.body)])


def _width(text: str) -> float:
    """Width of ``text`` in ems (CJK and full-width characters 1, others about half)."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def lines_needed(line: Line, width_in: float = BODY_WIDTH_IN) -> int:
    """How many lines ``line`` takes in a box ``width_in`` inches wide (a little pessimistic)."""
    per_line = max(1, int(width_in * 72 / line.size * 0.94))
    return max(1, math.ceil(_width(line.bullet + line.text) / per_line))


def _height_pt(line: Line) -> float:
    return lines_needed(line) * line.size * LINE_FACTOR + PARAGRAPH_GAP_PT


def _split_long(line: Line, budget_pt: float) -> list[Line]:
    """A paragraph taller than a whole slide, cut at sentence ends (or anywhere) into pieces that fit."""
    if _height_pt(line) <= budget_pt:
        return [line]
    per_line = max(1, int(BODY_WIDTH_IN * 72 / line.size * 0.94))
    rows = max(1, int((budget_pt - PARAGRAPH_GAP_PT) / (line.size * LINE_FACTOR)))
    limit = per_line * rows
    pieces, current = [], ""
    for ch in line.text:
        current += ch
        if _width(current) >= limit - 1 or (ch in "。！？；" and _width(current) > limit * 0.6):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return [Line(p, line.bold, line.size, line.bullet if i == 0 else "") for i, p in enumerate(pieces)]


def paginate(body: list[Line], top_in: float = BODY_TOP_IN) -> list[list[Line]]:
    """Split a body into slide-sized pages (a heading line is never left alone at a page's foot)."""
    budget = (BODY_BOTTOM_IN - top_in) * 72
    flat = [piece for line in body for piece in _split_long(line, budget)]
    pages: list[list[Line]] = [[]]
    used = 0.0
    for line in flat:
        h = _height_pt(line)
        if pages[-1] and used + h > budget:
            carry = [pages[-1].pop()] if pages[-1][-1].bold and len(pages[-1]) > 1 else []
            pages.append(carry)
            used = sum(_height_pt(x) for x in carry)
        pages[-1].append(line)
        used += h
    return [p for p in pages if p] or [[]]


# ----------------------------------------------------------------------------- what the slides say
def _notes_activity(act: KitActivity) -> str:
    out = [f"{act.label}　{act.title}（{act.form}，{act.minutes} 分钟）"]
    if act.purpose:
        out.append(f"目的：{act.purpose}")
    out.append("步骤：")
    out += [f"{i}. {s}" for i, s in enumerate(act.steps, start=1)]
    if act.questions:
        out.append("关键提问：" + "　".join(act.questions))
    if act.tips:
        out.append("提醒：")
        out += [f"· {t}" for t in act.tips]
    if act.space:
        out.append(f"场地：{act.space}")
    if act.seated:
        out.append(f"固定桌椅时坐着做：{act.seated}")
    if act.opt_out:
        out.append(f"不想参与的同学：{act.opt_out}")
    if act.handouts:
        out.append("材料：" + "；".join(f"{h.kind}“{h.title}”（{h.copies_text}）" for h in act.handouts))
    return "\n".join(out)


def _safety_notes(kit: Kit) -> list[str]:
    out = []
    if kit.sensitive:
        out.append("涉及话题：" + "、".join(kit.sensitive))
    if kit.safety_notes:
        out.append("安全提示：")
        out += [f"· {n}" for n in kit.safety_notes]
    if kit.referral:
        out.append(f"转介途径：{kit.referral}")
    return out


def _material_slides(act: KitActivity, h: KitHandout) -> list[SlideSpec]:
    notes = f"{act.label}的材料：{h.kind}“{h.title}”（{h.copies_text}）。"
    where = f"{act.label} · {h.kind}"
    if h.kind == "卡片":  # held up one at a time: one card a slide, in large type
        return [SlideSpec(title=h.title, meta=f"{where} · 第 {i} 张（共 {len(h.items)} 张）",
                          body=[Line(item, size=CARD_PT)], notes=notes, kind="card")
                for i, item in enumerate(h.items, start=1)]
    body = [Line(h.instructions, bold=True)] if h.instructions else []
    if h.kind == "学习单":
        body += [Line(item, bullet=f"{i}. ") for i, item in enumerate(h.items, start=1)]
        notes += " 学习单发到学生手里（见“学习单”打印页），这页投影出来方便一起看题。"
    else:
        body += [Line(item) for item in h.items]
    return [SlideSpec(title=h.title, meta=where, body=body, notes=notes)]


def slide_specs(kit: Kit) -> list[SlideSpec]:
    """Every slide of the deck, before pagination of long bodies."""
    specs: list[SlideSpec] = []
    title_notes = [f"《{kit.title}》 {kit.grades_text}，{kit.minutes} 分钟（{kit.stage_name}每节 {kit.period_minutes} 分钟）。",
                   "活动目标：", *(f"{i}. {o}" for i, o in enumerate(kit.objectives, start=1))]
    if kit.materials:
        title_notes += ["材料：", *(f"· {m}" for m in kit.materials)]
    if kit.preparation:
        title_notes += ["课前准备：", *(f"· {p}" for p in kit.preparation)]
    title_notes += _safety_notes(kit)
    specs.append(SlideSpec(title=kit.title, meta=f"{kit.grades_short} · 心理辅导活动课 · {kit.minutes} 分钟",
                           notes="\n".join(title_notes), kind="title"))
    specs.append(SlideSpec(title="课堂约定", meta="开课时一起读一遍",
                           body=[Line(r, bullet=f"{i}. ") for i, r in enumerate(kit.ground_rules, start=1)],
                           notes="开课时宣布课堂约定，请学生一起读一遍。说清楚保密的唯一例外：有人可能有危险时，老师会请大人帮忙。"))
    for act in kit.activities:
        body: list[Line] = []
        for h in act.handouts:
            if h.instructions and h.kind != "投影":
                body.append(Line(f"{h.title}：{h.instructions}"))
        if act.questions:
            body.append(Line("想一想", bold=True))
            body += [Line(q, bullet="● ") for q in act.questions]
        specs.append(SlideSpec(title=f"{act.label}　{act.title}", meta=f"{act.form} · {act.minutes} 分钟", body=body,
                               notes=_notes_activity(act)))
        for h in act.handouts:
            if h.projected:
                specs += _material_slides(act, h)
    sharing_notes = ["分享时留意情绪明显波动、沉默或流泪的学生，不追问，课后个别关心。", *_safety_notes(kit)]
    specs.append(SlideSpec(title="分享与交流", meta=f"{kit.sharing_minutes} 分钟",
                           body=[Line(q, bullet="● ") for q in kit.sharing_questions], notes="\n".join(sharing_notes)))
    home = [f"家庭延伸（家校联系单）：{kit.home_learned}", f"在家做一件事：{kit.home_try}"]
    specs.append(SlideSpec(title="老师想说", meta=f"教师总结 · {kit.closing_minutes} 分钟", body=[Line(kit.closing_text)],
                           notes="\n".join(["课后发家校联系单。", *home])))
    specs.append(SlideSpec(title="课后小纸条", meta="不用写名字，不打分",
                           body=[Line(q, bullet=f"{i}. ") for i, q in enumerate(kit.exit_questions, start=1)],
                           notes="发课后小纸条（学习单打印页的最后一页），学生写完放进纸条袋。老师课后自己看，"
                                 "不在班上念；发现有危险信号的纸条，按转介途径处理。"))
    return specs


def pages(kit: Kit) -> list[SlideSpec]:
    """The slides as drawn: long bodies split into continuation slides."""
    out: list[SlideSpec] = []
    for spec in slide_specs(kit):
        if spec.kind != "content" or not spec.body:
            out.append(spec)
            continue
        parts = paginate(spec.body)
        for i, part in enumerate(parts):
            title = spec.title if i == 0 else f"{spec.title}（续）"
            notes = spec.notes if i == 0 else f"（接上页）\n{spec.notes}"
            out.append(SlideSpec(title=title, meta=spec.meta, body=part, notes=notes))
    return out


# ----------------------------------------------------------------------------- drawing
_RPR, _FILL, _CLR = qn("a:rPr"), qn("a:solidFill"), qn("a:srgbClr")
_LATIN, _EA, _CS = qn("a:latin"), qn("a:ea"), qn("a:cs")


def set_run_font(run, size: int, *, bold: bool = False, color: RGBColor = INK) -> None:  # type: ignore[no-untyped-def]
    """Size, colour and the Chinese font of one run: ``a:latin`` and ``a:ea`` (East Asian) both set,
    so PowerPoint, WPS and LibreOffice use a Chinese face for the Chinese text. Written straight
    into ``a:rPr`` (in schema order: fill, latin, ea, cs), which is many times faster than the
    python-pptx properties for the thousands of runs of a site."""
    r = run._r
    rpr = r.find(_RPR)
    if rpr is None:
        rpr = etree.SubElement(r, _RPR)
        r.insert(0, rpr)
    for child in list(rpr):
        rpr.remove(child)
    rpr.set("lang", "zh-CN")
    rpr.set("altLang", "en-US")
    rpr.set("sz", str(int(size * 100)))
    rpr.set("b", "1" if bold else "0")
    fill = etree.SubElement(rpr, _FILL)
    etree.SubElement(fill, _CLR).set("val", str(color))
    for tag in (_LATIN, _EA, _CS):
        etree.SubElement(rpr, tag).set("typeface", SANS)


def _box(slide, name: str, left: float, top: float, width: float, height: float, *,  # type: ignore[no-untyped-def]
         anchor: MSO_ANCHOR = MSO_ANCHOR.TOP):
    shape = slide.shapes.add_textbox(Emu(int(left * INCH)), Emu(int(top * INCH)), Emu(int(width * INCH)), Emu(int(height * INCH)))
    shape.name = name
    tf = shape.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = anchor
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, side, Emu(int(0.05 * INCH)))
    return tf


def _write(tf, lines: list[Line], *, color: RGBColor = INK, align: PP_ALIGN = PP_ALIGN.LEFT) -> None:  # type: ignore[no-untyped-def]
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        p.space_after = Pt(PARAGRAPH_GAP_PT)
        run = p.add_run()
        run.text = f"{line.bullet}{line.text}"
        set_run_font(run, line.size, bold=line.bold, color=TEAL if line.bold else color)


def _notes(slide, text: str) -> None:  # type: ignore[no-untyped-def]
    tf = slide.notes_slide.notes_text_frame
    for i, para in enumerate(text.split("\n")):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = p.add_run()
        run.text = para
        set_run_font(run, 12)


def _draw(prs, spec: SlideSpec) -> None:  # type: ignore[no-untyped-def]
    slide = prs.slides.add_slide(prs.slide_layouts[0])  # the one layout kept: blank
    if spec.kind == "title":
        band = slide.shapes.add_shape(1, 0, Emu(int(2.2 * INCH)), WIDTH, Emu(int(2.4 * INCH)))
        band.name = "色块"
        band.fill.solid()
        band.fill.fore_color.rgb = TEAL
        band.line.fill.background()
        _write(_box(slide, "标题", 0.6, 2.3, 12.1, 2.2, anchor=MSO_ANCHOR.MIDDLE), [Line(spec.title, size=54)],
               color=WHITE, align=PP_ALIGN.CENTER)
        _write(_box(slide, "信息", 0.6, 5.0, 12.1, 1.0), [Line(spec.meta, size=32)], align=PP_ALIGN.CENTER)
    else:
        band = slide.shapes.add_shape(1, 0, 0, WIDTH, Emu(int(1.35 * INCH)))
        band.name = "色块"
        band.fill.solid()
        band.fill.fore_color.rgb = TEAL
        band.line.fill.background()
        _write(_box(slide, "标题", 0.6, 0.1, 12.1, 1.15, anchor=MSO_ANCHOR.MIDDLE), [Line(spec.title, size=TITLE_PT, bold=False)],
               color=WHITE)
        if spec.meta:
            _write(_box(slide, "信息", 0.6, 1.45, 12.1, 0.6), [Line(spec.meta, size=BODY_PT)], color=TEAL)
        if spec.body:
            anchor = MSO_ANCHOR.MIDDLE if spec.kind == "card" else MSO_ANCHOR.TOP
            align = PP_ALIGN.CENTER if spec.kind == "card" else PP_ALIGN.LEFT
            _write(_box(slide, "正文", 0.6, BODY_TOP_IN, BODY_WIDTH_IN, BODY_BOTTOM_IN - BODY_TOP_IN, anchor=anchor),
                   spec.body, align=align)
    _notes(slide, spec.notes)


def build_slides(kit: Kit) -> bytes:
    """The .pptx of ``kit``: the same lesson always gives the same bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    layouts = prs.slide_layouts
    for layout in [x for x in layouts if x.name != "Blank"]:  # unused layouts only add weight
        layouts.remove(layout)
    for spec in pages(kit):
        _draw(prs, spec)
    return save_stable(prs, f"{kit.title}（{kit.grades_short}）课件", kit.themes)
