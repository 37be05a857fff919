"""What the .pptx and .docx writers share: fonts, fixed document dates, the parts left out."""

from __future__ import annotations

import re
from datetime import datetime

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


def drop_references(name: str, xml: bytes) -> bytes:
    """``xml`` (a relationships or content-types part) without references to the dropped parts."""
    if not (name.endswith(".rels") or name == "[Content_Types].xml"):
        return xml
    for part in DROPPED_PARTS:
        target = re.escape(part.rsplit("/", 1)[-1]).encode()
        xml = re.sub(rb"<Relationship [^>]*Target=\"[^\"]*" + target + rb"\"[^>]*/>", b"", xml)
        xml = re.sub(rb"<Override [^>]*PartName=\"/" + re.escape(part).encode() + rb"\"[^>]*/>", b"", xml)
    return xml
