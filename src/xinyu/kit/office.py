"""What the .pptx and .docx writers share: fonts, fixed document dates, byte-stable packages."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import Any

#: Chinese type for Office and WPS, by East Asian name that Windows, macOS (Office) and WPS all
#: know; LibreOffice on Linux maps both to Noto Sans/Serif CJK through fontconfig.
SANS = "Microsoft YaHei"
SERIF = "SimSun"
HEADING = "SimHei"
#: The date written into every generated document (core properties), so that the same lesson
#: always gives the same bytes.
FIXED_DATE = datetime(2026, 1, 1, 8, 0, 0)
#: The timestamp of every entry of a generated package (zip entries carry local time, no zone).
ZIP_DATE = (2026, 1, 1, 8, 0, 0)
AUTHOR = "心育 xinyu"


#: Optional parts of the libraries' default templates that only add weight: the thumbnail (a
#: picture of the empty template, not of the lesson) and Word 2010's duplicate style sheet.
DROPPED_PARTS = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml")


def _drop_references(name: str, xml: bytes) -> bytes:
    """``xml`` (a relationships or content-types part) without references to the dropped parts."""
    if not (name.endswith(".rels") or name == "[Content_Types].xml"):
        return xml
    for part in DROPPED_PARTS:
        target = re.escape(part.rsplit("/", 1)[-1]).encode()
        xml = re.sub(rb"<Relationship [^>]*Target=\"[^\"]*" + target + rb"\"[^>]*/>", b"", xml)
        xml = re.sub(rb"<Override [^>]*PartName=\"/" + re.escape(part).encode() + rb"\"[^>]*/>", b"", xml)
    return xml


def stable_package(data: bytes) -> bytes:
    """The same Office package with fixed entry timestamps and deflated entries, without the
    optional parts of :data:`DROPPED_PARTS`: python-pptx and python-docx stamp each entry with the
    current time, which would change the file's bytes (and its hash) on every build."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in DROPPED_PARTS:
                continue
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, _drop_references(info.filename, src.read(info)), compresslevel=9)
    return out.getvalue()


def save_stable(document: Any, title: str, themes: Iterable[str]) -> bytes:
    """Save a python-docx ``Document`` or python-pptx ``Presentation`` with fixed properties
    (author, dates, revision), so the same lesson always gives the same bytes (the kit's cache)."""
    core = document.core_properties
    core.title = title
    core.subject = "心理辅导活动课"
    core.author = core.last_modified_by = AUTHOR
    core.keywords = "、".join(themes)
    core.language = "zh-CN"
    core.created = core.modified = core.last_printed = FIXED_DATE
    core.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return stable_package(buf.getvalue())
