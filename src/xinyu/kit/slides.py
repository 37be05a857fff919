"""课件: the lesson's slide deck (.pptx, 16:9): slides written as OOXML into a python-pptx skeleton.

Slides carry only what pupils should see, in type readable from the back row of a 45–50 pupil
classroom (body ≥ 28 pt): the title, the ground rules, one slide per activity (title, form,
minutes, the instructions printed on its materials and the key questions), the projected
materials, sharing, closing and the exit questions. Everything for the teacher (steps, tips,
safety notes, the seated alternative, how to opt out) goes into the speaker notes. Text that does
not fit is carried over to a continuation slide (“（续）”); it is never shrunk.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from functools import cache

from pptx import Presentation
from pptx.util import Emu

from xinyu.kit import ooxml
from xinyu.kit.data import Kit, KitActivity, KitHandout
from xinyu.kit.office import SANS

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 in × 7.5 in: 16:9
INCH = 914_400
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
TEAL_HEX, INK_HEX, WHITE_HEX = "00695C", "212121", "FFFFFF"
_FONTS = f'<a:latin typeface="{SANS}"/><a:ea typeface="{SANS}"/><a:cs typeface="{SANS}"/>'
_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_TREE = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument.presentationml."


def run_xml(text: str, size: float, *, bold: bool = False, color: str = INK_HEX) -> str:
    """One run: size, weight, colour and the Chinese font (``a:latin`` and ``a:ea``, East Asian, both
    set, so PowerPoint, WPS and LibreOffice use a Chinese face for the Chinese text)."""
    return (f'<a:r><a:rPr lang="zh-CN" altLang="en-US" sz="{int(size * 100)}" b="{int(bold)}"><a:solidFill>'
            f'<a:srgbClr val="{color}"/></a:solidFill>{_FONTS}</a:rPr><a:t>{ooxml.text(text)}</a:t></a:r>')


def _paragraphs(lines: list[Line], color: str, align: str) -> str:
    ppr = f'<a:pPr algn="{align}"><a:spcAft><a:spcPts val="{PARAGRAPH_GAP_PT * 100}"/></a:spcAft></a:pPr>'
    runs = (run_xml(line.bullet + line.text, line.size, bold=line.bold, color=TEAL_HEX if line.bold else color)
            for line in lines)
    return "".join(f"<a:p>{ppr}{run}</a:p>" for run in runs)


def _emu(inches: float) -> int:
    return int(inches * INCH)


def _box(shape_id: int, name: str, left: float, top: float, width: float, height: float, lines: list[Line], *,
         color: str = INK_HEX, align: str = "l", anchor: str = "t") -> str:
    """A text box (no autofit, word wrap, 0.05 in side insets) holding ``lines``."""
    inset = _emu(0.05)
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{ooxml.attr(name)}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{_emu(left)}" y="{_emu(top)}"/><a:ext cx="{_emu(width)}" '
            f'cy="{_emu(height)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" anchor="{anchor}" lIns="{inset}" rIns="{inset}"><a:noAutofit/>'
            f"</a:bodyPr><a:lstStyle/>{_paragraphs(lines, color, align)}</p:txBody></p:sp>")


def _band(top: float, height: float) -> str:
    """The teal rectangle behind a title (an auto shape without outline)."""
    return ('<p:sp><p:nvSpPr><p:cNvPr id="2" name="色块"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
            f'<a:off x="0" y="{_emu(top)}"/><a:ext cx="{int(WIDTH)}" cy="{_emu(height)}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{TEAL_HEX}"/></a:solidFill>'
            '<a:ln><a:noFill/></a:ln></p:spPr><p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
            '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="2"><a:schemeClr val="accent1"/>'
            '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style><p:txBody>'
            '<a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody></p:sp>')


def slide_xml(spec: SlideSpec) -> str:
    """The ``p:sld`` part of one slide."""
    if spec.kind == "title":
        shapes = [_band(2.2, 2.4),
                  _box(3, "标题", 0.6, 2.3, 12.1, 2.2, [Line(spec.title, size=54)], color=WHITE_HEX, align="ctr",
                       anchor="ctr"),
                  _box(4, "信息", 0.6, 5.0, 12.1, 1.0, [Line(spec.meta, size=32)], align="ctr")]
    else:
        shapes = [_band(0, 1.35),
                  _box(3, "标题", 0.6, 0.1, 12.1, 1.15, [Line(spec.title, size=TITLE_PT)], color=WHITE_HEX, anchor="ctr")]
        if spec.meta:
            shapes.append(_box(4, "信息", 0.6, 1.45, 12.1, 0.6, [Line(spec.meta, size=BODY_PT)], color=TEAL_HEX))
        if spec.body:
            card = spec.kind == "card"
            shapes.append(_box(len(shapes) + 2, "正文", 0.6, BODY_TOP_IN, BODY_WIDTH_IN, BODY_BOTTOM_IN - BODY_TOP_IN,
                               spec.body, align="ctr" if card else "l", anchor="ctr" if card else "t"))
    return (f'{_HEAD}<p:sld {_NS}><p:cSld><p:spTree>{_TREE}<p:grpSpPr/>{"".join(shapes)}</p:spTree></p:cSld>'
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>")


def notes_xml(notes: str) -> str:
    """The ``p:notes`` part of one slide: the teacher's notes, a paragraph a line, in 12 pt."""
    body = "".join(f"<a:p>{run_xml(line, 12)}</a:p>" for line in notes.split("\n"))
    lock = '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
    return (f'{_HEAD}<p:notes {_NS}><p:cSld><p:spTree>{_TREE}<p:grpSpPr><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
            f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/>{lock}<p:nvPr>'
            '<p:ph type="sldImg" idx="2"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
            f'<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/>{lock}<p:nvPr>'
            f'<p:ph type="body" idx="3" sz="quarter"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>'
            f"{body}</p:txBody></p:sp>"
            f'<p:sp><p:nvSpPr><p:cNvPr id="4" name="Slide Number Placeholder 3"/>{lock}<p:nvPr>'
            '<p:ph type="sldNum" idx="5" sz="quarter"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
            "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>")


def _rels(*targets: tuple[str, str]) -> str:
    items = "".join(f'<Relationship Id="rId{i}" Type="{_REL}{kind}" Target="{target}"/>'
                    for i, (kind, target) in enumerate(targets, start=1))
    return (f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{items}</Relationships>")


@cache
def _skeleton() -> dict[str, bytes]:
    """The parts every deck shares, made once with python-pptx: 16:9, the one blank layout kept
    (unused layouts only add weight), the notes master; with one slide, which the decks replace."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    layouts = prs.slide_layouts
    for layout in [x for x in layouts if x.name != "Blank"]:
        layouts.remove(layout)
    prs.slides.add_slide(layouts[0]).notes_slide.notes_text_frame.text = ""
    buf = io.BytesIO()
    prs.save(buf)
    parts = ooxml.read_parts(buf.getvalue())
    for name in ("ppt/slides/slide1.xml", "ppt/slides/_rels/slide1.xml.rels", "ppt/notesSlides/notesSlide1.xml",
                 "ppt/notesSlides/_rels/notesSlide1.xml.rels", "docProps/core.xml"):
        del parts[name]
    parts["[Content_Types].xml"] = ooxml.without(parts["[Content_Types].xml"],
                                                 rb'<Override PartName="/ppt/(slides|notesSlides)/[^"]*"[^>]*/>')
    parts["ppt/_rels/presentation.xml.rels"] = ooxml.without(parts["ppt/_rels/presentation.xml.rels"],
                                                             rb'<Relationship [^>]*Target="slides/[^"]*"[^>]*/>')
    parts["ppt/presentation.xml"] = re.sub(rb"<p:sldIdLst>.*?</p:sldIdLst>", b"<p:sldIdLst/>",
                                           parts["ppt/presentation.xml"])
    return parts


def build_slides(kit: Kit) -> bytes:
    """The .pptx of ``kit``: the same lesson always gives the same bytes."""
    base = _skeleton()
    specs = pages(kit)
    slides: dict[str, str] = {}
    for i, spec in enumerate(specs, start=1):
        slides[f"ppt/slides/slide{i}.xml"] = slide_xml(spec)
        slides[f"ppt/slides/_rels/slide{i}.xml.rels"] = _rels(
            ("slideLayout", "../slideLayouts/slideLayout7.xml"), ("notesSlide", f"../notesSlides/notesSlide{i}.xml"))
        slides[f"ppt/notesSlides/notesSlide{i}.xml"] = notes_xml(spec.notes)
        slides[f"ppt/notesSlides/_rels/notesSlide{i}.xml.rels"] = _rels(
            ("notesMaster", "../notesMasters/notesMaster1.xml"), ("slide", f"../slides/slide{i}.xml"))
    numbers = range(1, len(specs) + 1)
    overrides = "".join(f'<Override PartName="/ppt/slides/slide{i}.xml" ContentType="{_CT}slide+xml"/>'
                        f'<Override PartName="/ppt/notesSlides/notesSlide{i}.xml" ContentType="{_CT}notesSlide+xml"/>'
                        for i in numbers)
    relations = "".join(f'<Relationship Id="rIdS{i}" Type="{_REL}slide" Target="slides/slide{i}.xml"/>' for i in numbers)
    ids = "".join(f'<p:sldId id="{255 + i}" r:id="rIdS{i}"/>' for i in numbers)
    parts: dict[str, bytes | str] = {}
    for name, data in base.items():
        if name == "[Content_Types].xml":
            data = data.replace(b"</Types>", overrides.encode() + b"</Types>")
        elif name == "ppt/_rels/presentation.xml.rels":
            data = data.replace(b"</Relationships>", relations.encode() + b"</Relationships>")
        elif name == "ppt/presentation.xml":
            data = data.replace(b"<p:sldIdLst/>", f"<p:sldIdLst>{ids}</p:sldIdLst>".encode())
        if name == "docProps/app.xml":
            parts["docProps/core.xml"] = ooxml.core_properties(f"{kit.title}（{kit.grades_short}）课件", kit.themes)
        parts[name] = data
    parts.update(slides)
    return ooxml.write_package(parts)
