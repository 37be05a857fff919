"""教案: the lesson plan as an editable Word document (.docx, A4) built with python-docx.

The layout is the one schools keep and hand in: 课题, 年级, 课时 and 主题 in a header table;
一、教学目标; 二、教学准备 (materials, preparation, the printed and projected materials);
三、教学过程 as a table (环节, 时间, 形式, 师生活动, 设计意图) with rows for the ground rules,
every activity, sharing and closing; then 分享与总结, 安全提示与转介, 家校延伸, 课后小纸条, and an
empty 教学反思 with prompts. Chinese runs carry their East Asian font (``w:eastAsia``).
"""

from __future__ import annotations

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from xinyu.kit.data import Kit
from xinyu.kit.office import HEADING, SERIF, save_stable

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
    """Set ``w:rFonts`` (ascii, hAnsi, eastAsia) on a run or style, dropping theme fonts that would win."""
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


_W_RPR, _W_FONTS, _W_B, _W_COLOR, _W_SZ, _W_SZCS = (qn(t) for t in ("w:rPr", "w:rFonts", "w:b", "w:color", "w:sz", "w:szCs"))
_W_VAL, _W_ASCII, _W_HANSI, _W_EA, _W_HINT = (qn(t) for t in ("w:val", "w:ascii", "w:hAnsi", "w:eastAsia", "w:hint"))


def _run(paragraph, text: str, *, size: float = BODY_PT, bold: bool = False, font: str = SERIF):  # type: ignore[no-untyped-def]
    """A run of ``text`` with its size, weight and fonts (``w:eastAsia`` for the Chinese), written
    straight into ``w:rPr`` in schema order: much faster than python-docx's font properties."""
    run = paragraph.add_run(text)
    r = run._r
    rpr = r.find(_W_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        r.insert(0, rpr)
    fonts = OxmlElement("w:rFonts")
    fonts.set(_W_ASCII, "Times New Roman")
    fonts.set(_W_HANSI, "Times New Roman")
    fonts.set(_W_EA, font)
    fonts.set(_W_HINT, "eastAsia")
    rpr.append(fonts)
    if bold:
        rpr.append(OxmlElement("w:b"))
    color = OxmlElement("w:color")
    color.set(_W_VAL, "000000")
    rpr.append(color)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(_W_VAL, str(int(size * 2)))
        rpr.append(el)
    return run


def _para(container, text: str = "", *, size: float = BODY_PT, bold: bool = False, font: str = SERIF,  # type: ignore[no-untyped-def]
          align: WD_ALIGN_PARAGRAPH | None = None, label: str = "", after: float = 3):
    p = container.add_paragraph()
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if align is not None:
        p.alignment = align
    if label:
        _run(p, label, size=size, bold=True, font=font)
    if text:
        _run(p, text, size=size, bold=bold, font=font)
    return p


def _heading(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    p = doc.add_paragraph(style="Heading 1")
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(6)
    _run(p, text, size=HEADING_PT, bold=True, font=HEADING)


def _cell(cell, lines: list[tuple[str, str]], *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Fill a table cell with (label, text) paragraphs."""
    for i, (label, text) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        if label:
            _run(p, label, size=TABLE_PT, bold=True, font=HEADING)
        if text:
            _run(p, text, size=TABLE_PT, bold=bold)


def _shade(cell, fill: str) -> None:  # type: ignore[no-untyped-def]
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def _setup(doc) -> None:  # type: ignore[no-untyped-def]
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
    doc = Document()
    _setup(doc)
    _para(doc, f"心理辅导活动课教案：{kit.title}", size=TITLE_PT, bold=True, font=HEADING, align=WD_ALIGN_PARAGRAPH.CENTER,
          after=10)
    info = doc.add_table(rows=2, cols=4)
    info.style = "Table Grid"
    info.alignment = WD_TABLE_ALIGNMENT.CENTER
    values = (("课题", kit.title), ("年级", kit.grades_text), ("课时", f"1 课时（{kit.minutes} 分钟）"),
              ("主题", "、".join(kit.themes)))
    for i, (label, value) in enumerate(values):
        row, col = divmod(i, 2)
        _cell(info.cell(row, col * 2), [("", label)], bold=True)
        _shade(info.cell(row, col * 2), "E0F2F1")
        _cell(info.cell(row, col * 2 + 1), [("", value)])
    if kit.slots_text:
        _para(doc, kit.slots_text, size=TABLE_PT, label="排课：", after=0)
    _para(doc, kit.summary, size=TABLE_PT, label="简介：")

    _heading(doc, "一、教学目标")
    for i, o in enumerate(kit.objectives, start=1):
        _para(doc, f"{i}. {o}")

    _heading(doc, "二、教学准备")
    if kit.materials:
        _para(doc, "；".join(kit.materials) + "。", label="材料：")
    for p in kit.preparation:
        _para(doc, p, label="课前准备：")
    printed = [(a, h) for a, h in kit.handouts]
    if printed:
        _para(doc, "", label="印发与投影的材料（全文见“学习单”打印页和课件）：")
        for act, h in printed:
            where = "投影" if h.kind == "投影" else ("打印，也投影" if h.projected else "打印")
            _para(doc, f"· {act.label}　{h.kind}“{h.title}”：{h.copies_text}（{where}）")
    spaces = [a for a in kit.activities if a.space]
    for act in spaces:
        _para(doc, f"{act.label}：{act.space}", label="场地：")

    _heading(doc, "三、教学过程")
    table = doc.add_table(rows=1, cols=len(PROCESS_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, (_, width) in zip(table.columns, PROCESS_COLUMNS, strict=True):
        column.width = Cm(width)
    for cell, (name, width) in zip(table.rows[0].cells, PROCESS_COLUMNS, strict=True):
        _cell(cell, [("", name)], bold=True)
        _shade(cell, "E0F2F1")
        cell.width = Cm(width)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for stage, minutes, form, lines, purpose in process_rows(kit):
        cells = table.add_row().cells
        _cell(cells[0], [("", part) for part in stage.split("\n")], bold=True)
        _cell(cells[1], [("", minutes)])
        _cell(cells[2], [("", form)])
        _cell(cells[3], lines)
        _cell(cells[4], [("", purpose)])
        for cell, (_, width) in zip(cells, PROCESS_COLUMNS, strict=True):
            cell.width = Cm(width)
    total = table.add_row().cells
    _cell(total[0], [("", "合计")], bold=True)
    _cell(total[1], [("", f"{kit.minutes} 分钟")])

    _heading(doc, "四、分享与总结")
    _para(doc, "", label=f"分享与交流（{kit.sharing_minutes} 分钟）：")
    for q in kit.sharing_questions:
        _para(doc, f"● {q}")
    _para(doc, kit.closing_text, label=f"教师总结（{kit.closing_minutes} 分钟）：")

    _heading(doc, "五、安全提示与转介")
    if kit.sensitive:
        _para(doc, "、".join(kit.sensitive), label="涉及话题：")
    for n in kit.safety_notes:
        _para(doc, f"· {n}")
    if not kit.safety_notes:
        _para(doc, "· 课上留意情绪明显低落或反应异常的学生，课后个别关心，需要时请心理老师约谈。")
    _para(doc, kit.referral or "班主任 → 学校心理老师（心理辅导室）→ 专业精神卫生机构。", label="转介途径：")
    _para(doc, "；".join(f"{n}（{name}）" for n, name in kit.hotlines), label="公共心理援助热线：")

    _heading(doc, "六、家校延伸")
    _para(doc, kit.home_learned, label="孩子学了什么：")
    _para(doc, kit.home_try, label="在家做一件事：")
    if kit.home_watch:
        _para(doc, "", label="出现这些情况，请家长联系班主任或心理老师：")
        for w in kit.home_watch:
            _para(doc, f"· {w}")
    _para(doc, "课后发放本课的家校联系单（网站“下载与打印”里的家校联系单，A4 纸一张印两份）。", size=TABLE_PT)

    _heading(doc, "七、课后小纸条")
    _para(doc, "下课前 1 分钟发小纸条，不写名字、不打分；老师课后自己看，不在班上念，发现危险信号按转介途径处理。", size=TABLE_PT)
    for i, q in enumerate(kit.exit_questions, start=1):
        _para(doc, f"{i}. {q}")

    _heading(doc, "八、教学反思")
    for i, prompt in enumerate(REFLECTION_PROMPTS, start=1):
        _para(doc, f"{i}. {prompt}", size=TABLE_PT, after=0)
        for _ in range(3):
            _para(doc, "", after=0)

    return save_stable(doc, f"{kit.title}（{kit.grades_short}）教案", kit.themes)
