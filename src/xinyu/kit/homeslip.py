"""家校联系单: the home slip of a lesson, half an A4 sheet (two to a sheet, cut apart).

What the child learned, one thing to try at home and when to contact the school (the lesson's
``home``), the public hotlines, a QR code to the grade's parent page when ``content/site.yml`` has
a public https ``site_url`` (left out otherwise), and an optional reply slip to cut off. No name
is printed on it, and the reply slip asks for none.
"""

from __future__ import annotations

import io

import segno

from xinyu.kit.data import Kit, names, qr_path
from xinyu.kit.layout import PAGE_H, env, text_mm
from xinyu.model.taxonomy import grade_name

#: Height of one slip (half the printable area of the A4 sheet).
SLIP_H = PAGE_H / 2
#: When nothing is written in ``home.watch_for``: the one thing every parent should know.
DEFAULT_WATCH = "孩子情绪持续低落两周以上、不愿上学，或说出伤害自己的话，请及时联系班主任或心理老师。"


def watch_for(kit: Kit) -> list[str]:
    """When parents should contact the school."""
    return list(kit.home_watch) or [DEFAULT_WATCH]


def slip_height(kit: Kit) -> float:
    """Estimated height (mm) of the slip's content."""
    width = 186 - 12 - 30  # beside the QR code, pessimistically everywhere
    h = 10 + 9 + 6  # padding, title, subtitle
    h += 3 * 7.0  # three section headings
    h += text_mm(kit.home_learned, 11.5, width) + text_mm(kit.home_try, 11.5, width)
    h += sum(text_mm(w, 11.5, width - 5) for w in watch_for(kit))
    h += text_mm("心理援助热线：" + "；".join(f"{n}（{d}）" for n, d in kit.hotlines), 9.5, width) + 2
    if kit.reply_slip:
        h += 32
    return h


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as a standalone SVG (drawn at build time, no network)."""
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                    title="扫码打开家长页", dark="#000", light="#fff")
    return buf.getvalue().decode("utf-8")


def build_home_slip(kit: Kit) -> str:
    """The HTML of the home slip page (``kit/<id>-home.html``)."""
    full = slip_height(kit) > SLIP_H
    return env().get_template("home.html.j2").render(
        kit=kit, names=names(kit), copies=1 if full else 2, full=full, watch=watch_for(kit),
        qr=qr_path(kit.parent_grade).removeprefix("kit/") if kit.parent_url else "",
        parent_grade=grade_name(kit.parent_grade), lesson_href=f"../lessons/{kit.stage}/{kit.id}.html")
