"""学习单: the print page of a lesson's pupil materials and its exit slips (HTML, A4).

Cards are printed n-up with dashed cut lines, as many to a sheet as their text allows, and a
small set is repeated to fill the sheet (one photocopy gives several sets); worksheets get write
lines and, when short, two or more copies a sheet; role cards and scripts follow; one activity's
materials never straddle a page break. The last page is a sheet of 课后小纸条 (exit slips) to
cut apart. Grades 1–2 get large type throughout.
"""

from __future__ import annotations

import math

from xinyu.kit.data import Kit, KitActivity, KitHandout, names
from xinyu.kit.layout import BODY_H, PAGE_W, Block, chunks, env, paginate, text_mm

HEADER_H = 7.0
CARD_PAD = 8.0  # padding + border, top and bottom together
GAP = 3.0


def _sizes(kit: Kit, h: KitHandout) -> tuple[float, float]:
    """(text pt, write-line mm) of a material for this lesson's pupils."""
    big = h.audience in ("教师", "全班")
    if h.kind in ("卡片", "角色卡"):
        if big:
            return (36.0 if kit.lower else 28.0), 12.0
        return (24.0 if kit.lower else (12.0 if h.kind == "角色卡" else 14.0)), (12.0 if kit.lower else 8.0)
    return (20.0 if kit.lower else 12.0), (13.0 if kit.lower else 9.0)


def _header(act: KitActivity, h: KitHandout, note: str = "") -> dict[str, str]:
    return {"activity": f"{act.label}　{act.title}", "what": f"{h.kind}“{h.title}”", "copies": h.copies_text, "note": note}


def _card_blocks(kit: Kit, act: KitActivity, h: KitHandout) -> list[Block]:
    size, line_mm = _sizes(kit, h)
    big = h.audience in ("教师", "全班")
    layouts = [(1, 2), (1, 1)] if big else [(2, 5), (2, 4), (2, 3), (2, 2), (1, 2), (1, 1)]
    grid_h = BODY_H - HEADER_H
    for cols, rows in layouts:
        cell_w, cell_h = PAGE_W / cols, math.floor(grid_h / rows * 2) / 2
        inner = cell_w - 8
        head = 5.0 + text_mm(h.instructions, 9, inner)
        need = max(head + text_mm(item, size, inner) + h.write_lines * line_mm for item in h.items) + CARD_PAD
        if need <= cell_h:
            break
    capacity = cols * rows
    cards = list(h.items)
    note = ""
    if h.per_class > 1 and len(cards) < capacity:
        sets = capacity // len(cards)
        cards = cards * sets
        if sets > 1:
            note = f"本页 {sets} 套，复印 {math.ceil(h.per_class / sets)} 张"
    elif h.per_class > 1:
        note = f"每套 {math.ceil(len(cards) / capacity)} 页，复印 {h.per_class} 套"
    blocks = []
    for i, part in enumerate(chunks(cards, capacity)):
        used_rows = math.ceil(len(part) / cols)
        blocks.append(Block("cards", HEADER_H + used_rows * cell_h, {
            "header": _header(act, h, note) | ({"cont": "（续）"} if i else {"cont": ""}),
            "cards": [{"text": c, "lines": h.write_lines} for c in part], "title": h.title,
            "instructions": h.instructions, "cols": cols, "w": cell_w, "h": cell_h, "size": size, "line": line_mm}))
    return blocks


def _sheet_height(h: KitHandout, items: list[str], size: float, line_mm: float, first: bool) -> float:
    inner = PAGE_W - 10
    height = 6.0 + (text_mm(h.title, size + 4, inner) + text_mm(h.instructions, size, inner) if first else 0)
    for item in items:
        height += text_mm(item, size, inner - 8) + h.write_lines * line_mm + 2.5
    return height


def _sheet_blocks(kit: Kit, act: KitActivity, h: KitHandout) -> list[Block]:
    size, line_mm = _sizes(kit, h)
    items = list(h.items)
    one = _sheet_height(h, items, size, line_mm, True)
    room = BODY_H - HEADER_H
    if one <= room:
        copies = 1
        if h.per_class > 1 and one + GAP <= room / 2:
            copies = min(4, int(room // (one + GAP)))
        note = f"本页 {copies} 份，沿虚线剪开" if copies > 1 else ""
        return [Block("sheet", HEADER_H + copies * (one + GAP), {
            "header": _header(act, h, note) | {"cont": ""}, "title": h.title, "instructions": h.instructions,
            "items": [{"n": i, "text": t} for i, t in enumerate(items, start=1)], "lines": h.write_lines,
            "copies": copies, "size": size, "line": line_mm, "first": True})]
    blocks, part, start = [], [], 1
    for item in items:  # too long for one page: continue on the next, never inside an item
        if part and HEADER_H + _sheet_height(h, [*part, item], size, line_mm, not blocks) > room:
            blocks.append((start, part))
            start, part = start + len(part), []
        part.append(item)
    blocks.append((start, part))
    return [Block("sheet", HEADER_H + _sheet_height(h, p, size, line_mm, i == 0) + GAP, {
        "header": _header(act, h) | {"cont": "（续）" if i else ""}, "title": h.title, "instructions": h.instructions,
        "items": [{"n": s + k, "text": t} for k, t in enumerate(p)], "lines": h.write_lines, "copies": 1,
        "size": size, "line": line_mm, "first": i == 0}) for i, (s, p) in enumerate(blocks)]


def _script_blocks(kit: Kit, act: KitActivity, h: KitHandout) -> list[Block]:
    size = 16.0 if kit.lower else 12.0
    inner = PAGE_W - 16
    rows = [(i, t, text_mm(t, size, inner) + 1.5) for i, t in enumerate(h.items, start=1)]
    blocks, part, height = [], [], 6.0 + text_mm(h.instructions, size, inner)
    for row in rows:
        if part and HEADER_H + height + row[2] > BODY_H:
            blocks.append((part, height))
            part, height = [], 6.0
        part.append(row)
        height += row[2]
    blocks.append((part, height))
    return [Block("script", HEADER_H + hgt, {
        "header": _header(act, h) | {"cont": "（续）" if i else ""}, "instructions": h.instructions if i == 0 else "",
        "rows": [{"n": n, "text": t} for n, t, _ in p], "size": size}) for i, (p, hgt) in enumerate(blocks)]


def material_groups(kit: Kit) -> list[list[Block]]:
    """The printed materials, one group per activity, in teaching order."""
    groups = []
    for act in kit.activities:
        blocks: list[Block] = []
        for h in act.handouts:
            if not h.printed:
                continue
            if h.kind in ("卡片", "角色卡"):
                blocks += _card_blocks(kit, act, h)
            elif h.kind == "学习单":
                blocks += _sheet_blocks(kit, act, h)
            else:
                blocks += _script_blocks(kit, act, h)
        if blocks:
            groups.append(blocks)
    return groups


def exit_slip_block(kit: Kit) -> Block:
    """A full page of 课后小纸条, two columns, as many rows as the questions allow."""
    size = 18.0 if kit.lower else 12.0
    line_mm = 12.0 if kit.lower else 8.0
    lines = 1 if kit.lower else 2
    inner = PAGE_W / 2 - 10
    need = CARD_PAD + 6.0 + text_mm("不用写名字，不打分。", 9, inner) + sum(
        text_mm(f"{i}. {q}", size, inner) + lines * line_mm + 1.5 for i, q in enumerate(kit.exit_questions, start=1))
    if kit.lower:
        need += 22.0  # room to draw
    rows = max(1, min(5, int((BODY_H - HEADER_H) // need)))
    cell_h = math.floor((BODY_H - HEADER_H) / rows * 2) / 2
    return Block("slips", BODY_H, {"rows": rows, "count": rows * 2, "w": PAGE_W / 2, "h": cell_h, "size": size,
                                   "line": line_mm, "lines": lines, "questions": list(kit.exit_questions), "draw": kit.lower})


def materials_pages(kit: Kit) -> list[list[Block]]:
    """Every page of the print page: the materials, then the exit-slip sheet."""
    return [*paginate(material_groups(kit)), [exit_slip_block(kit)]]


def build_materials_page(kit: Kit) -> str:
    """The HTML of the print page (``kit/<id>.html``; its stylesheet is ``kit/kit.css``)."""
    pages = materials_pages(kit)
    return env().get_template("materials.html.j2").render(
        kit=kit, pages=pages, names=names(kit), lesson_href=f"../lessons/{kit.stage}/{kit.id}.html",
        printed=[(a, h) for a, h in kit.handouts if h.printed])
