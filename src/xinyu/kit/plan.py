"""教案: the lesson plan as an editable Word document (.docx, A4): the body written as WordprocessingML
into a python-docx skeleton (page setup and styles).

The layout is the one schools keep and hand in: 课题, 年级, 课时 and 主题 in a header table;
一、教学目标; 二、教学准备 (materials, preparation, the printed and projected materials);
三、教学过程 as a table (环节, 时间, 形式, 师生活动, 设计意图) with rows for the ground rules,
every activity, sharing and closing; then 分享与总结, 安全提示与转介, 家校延伸, 课后小纸条, and an
empty 教学反思 with prompts. Chinese runs carry their East Asian font (``w:eastAsia``).
"""

from __future__ import annotations

import io
import re
from functools import cache

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from lxml import etree

from xinyu.kit import ooxml
from xinyu.kit.data import Kit
from xinyu.kit.office import HEADING, SERIF

BODY_PT = 12  # 小四
TABLE_PT = 10.5  # 五号
HEADING_PT = 14  # 四号
TITLE_PT = 18  # 小二
#: Columns of 教学过程 and their widths (A4 with 2.2 cm margins leaves 16.6 cm).
PROCESS_COLUMNS = (("环节", 2.6), ("时间", 1.5), ("形式", 1.9), ("师生活动", 7.6), ("设计意图", 3.0))
#: Prompts of the empty 教学反思 section.
REFLECTION_PROMPTS = (
    "学生在哪个环节最投入？哪个环节时间不够或超时了？",
    "有没有学生情绪波动明显、需要课后关注或转介？（只记情况和跟进，不写学生姓名）",
    "课堂约定执行得怎样？有学生选择“过”时，我是怎样回应的？",
    "下次上这节课，我想调整的一处：",
)
SHARING_PURPOSE = "整理体验，把课上的感受和收获说出来；老师留意情绪明显波动的学生。"
CLOSING_PURPOSE = "提炼本课要点，把方法带到生活中去。"
RULES_PURPOSE = "营造安全、受保护的团体氛围：可以不说，尊重他人，课上的话不外传，讲清保密的唯一例外。"


def _fonts(rpr_owner, east_asian: str, latin: str = "Times New Roman") -> None:  # type: ignore[no-untyped-def]
    """Set ``w:rFonts`` (ascii, hAnsi, eastAsia) on a style, dropping theme fonts that would win."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


#: Styles the plans use (and what they are based on or linked to); the others of python-docx's
#: template (about 260, 330 KB) are left out of the skeleton.
USED_STYLES = ("Normal", "Heading1", "Title", "TableGrid", "TableNormal", "DefaultParagraphFont", "NoList")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _used_styles(xml: bytes) -> bytes:
    """``styles.xml`` with only :data:`USED_STYLES` and the styles they refer to."""
    root = etree.fromstring(xml)
    styles = {el.get(f"{_W}styleId"): el for el in root.iter(f"{_W}style")}
    keep, todo = set(), [s for s in USED_STYLES if s in styles]
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        for ref in ("basedOn", "link", "next"):
            el = styles[name].find(f"{_W}{ref}")
            if el is not None and el.get(f"{_W}val") in styles:
                todo.append(el.get(f"{_W}val"))
    for name, el in styles.items():
        if name not in keep:
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@cache
def _skeleton() -> tuple[dict[str, bytes], bytes, bytes]:
    """The parts every plan shares, made once with python-docx (A4, margins, the styles with
    Chinese fonts), and ``word/document.xml`` cut around its body: (parts, head, tail)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.2)
    for name, font, size in (("Normal", SERIF, BODY_PT), ("Heading 1", HEADING, HEADING_PT), ("Title", HEADING, TITLE_PT),
                             ("Table Grid", SERIF, TABLE_PT)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        _fonts(style.element, font)
        if name != "Table Grid":
            style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    buf = io.BytesIO()
    doc.save(buf)
    parts = ooxml.read_parts(buf.getvalue())
    parts["word/styles.xml"] = _used_styles(parts["word/styles.xml"])
    document = parts.pop("word/document.xml")
    head, rest = document.split(b"<w:body>", 1)
    tail = rest[rest.index(b"<w:sectPr"):]
    del parts["docProps/core.xml"]
    return parts, head + b"<w:body>", tail


#: A line break and a tab inside a run, as python-docx writes them.
_INLINE = re.compile(r"(\n|\t)")


def _run(text: str, *, size: float = BODY_PT, bold: bool = False, font: str = SERIF) -> str:
    """A run of ``text`` with its size, weight and fonts (``w:eastAsia`` for the Chinese); a line
    break becomes ``w:br`` and a tab ``w:tab``, as python-docx writes them."""
    content = []
    for piece in _INLINE.split(text):
        if piece == "\n":
            content.append("<w:br/>")
        elif piece == "\t":
            content.append("<w:tab/>")
        elif piece:
            space = ' xml:space="preserve"' if piece != piece.strip() else ""
            content.append(f"<w:t{space}>{ooxml.text(piece)}</w:t>")
    half_points = int(size * 2)
    return (f'<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{font}" '
            f'w:hint="eastAsia"/>{"<w:b/>" if bold else ""}<w:color w:val="000000"/><w:sz w:val="{half_points}"/>'
            f'<w:szCs w:val="{half_points}"/></w:rPr>{"".join(content)}</w:r>')


def _twips(length: Length) -> int:
    return round(length / 635)


class _Body:
    """The body of a plan, written as WordprocessingML text block by block."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def para(self, text: str = "", *, size: float = BODY_PT, bold: bool = False, font: str = SERIF,
             center: bool = False, label: str = "", after: float = 3) -> None:
        """A paragraph: an optional bold label, then the text."""
        runs = (_run(label, size=size, bold=True, font=font) if label else "") + (
            _run(text, size=size, bold=bold, font=font) if text else "")
        jc = '<w:jc w:val="center"/>' if center else ""
        self.parts.append(f'<w:p><w:pPr><w:spacing w:after="{int(after * 20)}" w:before="0"/>{jc}</w:pPr>{runs}</w:p>')

    def heading(self, text: str) -> None:
        """A section heading (style Heading 1, so Word's navigation pane lists it)."""
        self.parts.append('<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:spacing w:before="240" w:after="120"/></w:pPr>'
                          f"{_run(text, size=HEADING_PT, bold=True, font=HEADING)}</w:p>")

    def table(self, widths: list[int], rows: list[list[str]], *, fixed: bool = False, header: bool = False) -> None:
        """A centred table in style Table Grid; ``rows`` hold cells made by :func:`_cell`."""
        layout = '<w:tblLayout w:type="fixed"/>' if fixed else ""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        trs = []
        for i, cells in enumerate(rows):
            props = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header and i == 0 else ""
            trs.append(f"<w:tr>{props}{''.join(cells)}</w:tr>")
        self.parts.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
                          f'<w:jc w:val="center"/>{layout}<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" '
                          'w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
                          f"<w:tblGrid>{grid}</w:tblGrid>{''.join(trs)}</w:tbl>")


#: The header cells' shading.
SHADE = "E0F2F1"


def _cell(width: int, lines: list[tuple[str, str]], *, bold: bool = False, shade: str = "") -> str:
    """A table cell of ``width`` twips with (label, text) paragraphs."""
    paras = []
    for label, value in lines:
        runs = (_run(label, size=TABLE_PT, bold=True, font=HEADING) if label else "") + (
            _run(value, size=TABLE_PT, bold=bold) if value else "")
        paras.append(f'<w:p><w:pPr><w:spacing w:after="40"/></w:pPr>{runs}</w:p>')
    fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{fill}</w:tcPr>'
            f"{''.join(paras) or '<w:p/>'}</w:tc>")


def process_rows(kit: Kit) -> list[tuple[str, str, str, list[tuple[str, str]], str]]:
    """Rows of 教学过程: (环节, 时间, 形式, 师生活动 as (label, text) lines, 设计意图)."""
    rows: list[tuple[str, str, str, list[tuple[str, str]], str]] = [
        ("课堂约定", "开课时", "全班", [("", f"{i}. {r}") for i, r in enumerate(kit.ground_rules, start=1)], RULES_PURPOSE)]
    for act in kit.activities:
        lines = [("", f"{i}. {s}") for i, s in enumerate(act.steps, start=1)]
        if act.questions:
            lines += [("关键提问：", ""), *(("", f"● {q}") for q in act.questions)]
        if act.tips:
            lines += [("提醒：", ""), *(("", f"· {t}") for t in act.tips)]
        if act.space:
            lines.append(("场地：", act.space))
        if act.seated:
            lines.append(("固定桌椅时：", act.seated))
        if act.opt_out:
            lines.append(("不想参与的同学：", act.opt_out))
        if act.handouts:
            lines.append(("材料：", "；".join(f"{h.kind}“{h.title}”" for h in act.handouts)))
        rows.append((f"{act.label}\n{act.title}", f"{act.minutes} 分钟", act.form, lines, act.purpose or "—"))
    rows.append(("分享与交流", f"{kit.sharing_minutes} 分钟", "团体分享", [("", f"● {q}") for q in kit.sharing_questions],
                 SHARING_PURPOSE))
    rows.append(("教师总结", f"{kit.closing_minutes} 分钟", "讲授", [("", kit.closing_text)], CLOSING_PURPOSE))
    return rows


def build_plan(kit: Kit) -> bytes:
    """The .docx of ``kit``: the same lesson always gives the same bytes."""
    doc = _Body()
    doc.para(f"心理辅导活动课教案：{kit.title}", size=TITLE_PT, bold=True, font=HEADING, center=True, after=10)
    quarter = _twips((Mm(210) - 2 * Cm(2.2)) / 4)
    values = (("课题", kit.title), ("年级", kit.grades_text), ("课时", f"1 课时（{kit.minutes} 分钟）"),
              ("主题", "、".join(kit.themes)))
    cells = [[_cell(quarter, [("", label)], bold=True, shade=SHADE), _cell(quarter, [("", value)])]
             for label, value in values]
    doc.table([quarter] * 4, [cells[0] + cells[1], cells[2] + cells[3]])
    if kit.slots_text:
        doc.para(kit.slots_text, size=TABLE_PT, label="排课：", after=0)
    doc.para(kit.summary, size=TABLE_PT, label="简介：")

    doc.heading("一、教学目标")
    for i, o in enumerate(kit.objectives, start=1):
        doc.para(f"{i}. {o}")

    doc.heading("二、教学准备")
    if kit.materials:
        doc.para("；".join(kit.materials) + "。", label="材料：")
    for p in kit.preparation:
        doc.para(p, label="课前准备：")
    printed = [(a, h) for a, h in kit.handouts]
    if printed:
        doc.para("", label="印发与投影的材料（全文见“学习单”打印页和课件）：")
        for act, h in printed:
            where = "投影" if h.kind == "投影" else ("打印，也投影" if h.projected else "打印")
            doc.para(f"· {act.label}　{h.kind}“{h.title}”：{h.copies_text}（{where}）")
    for act in (a for a in kit.activities if a.space):
        doc.para(f"{act.label}：{act.space}", label="场地：")

    doc.heading("三、教学过程")
    widths = [_twips(Cm(width)) for _, width in PROCESS_COLUMNS]
    rows = [[_cell(w, [("", name)], bold=True, shade=SHADE) for w, (name, _) in zip(widths, PROCESS_COLUMNS, strict=True)]]
    for stage, minutes, form, lines, purpose in process_rows(kit):
        rows.append([_cell(widths[0], [("", part) for part in stage.split("\n")], bold=True),
                     _cell(widths[1], [("", minutes)]), _cell(widths[2], [("", form)]), _cell(widths[3], lines),
                     _cell(widths[4], [("", purpose)])])
    rows.append([_cell(widths[0], [("", "合计")], bold=True), _cell(widths[1], [("", f"{kit.minutes} 分钟")]),
                 *(_cell(w, []) for w in widths[2:])])
    doc.table(widths, rows, fixed=True, header=True)

    doc.heading("四、分享与总结")
    doc.para("", label=f"分享与交流（{kit.sharing_minutes} 分钟）：")
    for q in kit.sharing_questions:
        doc.para(f"● {q}")
    doc.para(kit.closing_text, label=f"教师总结（{kit.closing_minutes} 分钟）：")

    doc.heading("五、安全提示与转介")
    if kit.sensitive:
        doc.para("、".join(kit.sensitive), label="涉及话题：")
    for n in kit.safety_notes:
        doc.para(f"· {n}")
    if not kit.safety_notes:
        doc.para("· 课上留意情绪明显低落或反应异常的学生，课后个别关心，需要时请心理老师约谈。")
    doc.para(kit.referral or "班主任 → 学校心理老师（心理辅导室）→ 专业精神卫生机构。", label="转介途径：")
    doc.para("；".join(f"{n}（{name}）" for n, name in kit.hotlines), label="公共心理援助热线：")

    doc.heading("六、家校延伸")
    doc.para(kit.home_learned, label="孩子学了什么：")
    doc.para(kit.home_try, label="在家做一件事：")
    if kit.home_watch:
        doc.para("", label="出现这些情况，请家长联系班主任或心理老师：")
        for w in kit.home_watch:
            doc.para(f"· {w}")
    doc.para("课后发放本课的家校联系单（网站“下载与打印”里的家校联系单，A4 纸一张印两份）。", size=TABLE_PT)

    doc.heading("七、课后小纸条")
    doc.para("下课前 1 分钟发小纸条，不写名字、不打分；老师课后自己看，不在班上念，发现危险信号按转介途径处理。", size=TABLE_PT)
    for i, q in enumerate(kit.exit_questions, start=1):
        doc.para(f"{i}. {q}")

    doc.heading("八、教学反思")
    for i, prompt in enumerate(REFLECTION_PROMPTS, start=1):
        doc.para(f"{i}. {prompt}", size=TABLE_PT, after=0)
        for _ in range(3):
            doc.para("", after=0)

    base, head, tail = _skeleton()
    parts: dict[str, bytes | str] = {}
    for name, data in base.items():
        if name == "docProps/app.xml":
            parts["docProps/core.xml"] = ooxml.core_properties(f"{kit.title}（{kit.grades_short}）教案", kit.themes)
        parts[name] = data
        if name == "docProps/app.xml":
            parts["word/document.xml"] = head + "".join(doc.parts).encode("utf-8") + tail
    return ooxml.write_package(parts)
