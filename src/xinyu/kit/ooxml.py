"""Office packages written as text: the fast path of the slide and lesson-plan writers.

python-pptx and python-docx build every run as an lxml element through their own proxies, which
costs about 50 ms for one lesson's deck or plan and dominated a first build of the whole site.
The writers now use the libraries once per process, to make an empty *skeleton* package (themes,
masters, layouts, styles, page setup), and write each lesson's own parts (slides, notes, the
document body) as OOXML text with the same elements and attributes the libraries would write.
Tests read every generated file back with python-pptx and python-docx, and LibreOffice opens them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping

from xinyu.kit.office import AUTHOR, DROPPED_PARTS, FIXED_DATE, ZIP_DATE, drop_references

#: Control characters Office cannot hold in text (all of C0 but tab, line feed and carriage
#: return), written as OOXML's plain-text escape ``_xHHHH_`` as python-pptx does.
_CONTROL = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\t": "&#9;",
                               "\r": "&#13;"})


def text(value: str) -> str:
    """``value`` as XML character data (markup characters escaped, control characters as ``_xHHHH_``)."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value).translate(_TEXT_ESCAPES)


def attr(value: str) -> str:
    """``value`` as the content of a double-quoted XML attribute."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value).translate(_ATTR_ESCAPES)


def read_parts(data: bytes) -> dict[str, bytes]:
    """Every part of a package, by name, in the package's order, without :data:`DROPPED_PARTS`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: drop_references(info.filename, archive.read(info))
                for info in archive.infolist() if info.filename not in DROPPED_PARTS}


def write_package(parts: Mapping[str, bytes | str]) -> bytes:
    """A zip package of ``parts`` (in the given order) with fixed entry dates, so the same parts
    always give the same bytes (the kit's cache and the site's hashes rely on it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=6)
    return out.getvalue()


def core_properties(title: str, themes: Iterable[str]) -> str:
    """``docProps/core.xml``: the title, subject, author, keywords and fixed dates of a document."""
    date = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    stamp = f'xsi:type="dcterms:W3CDTF">{date}'
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{text(title)}</dc:title><dc:subject>心理辅导活动课</dc:subject><dc:creator>{AUTHOR}</dc:creator>"
            f"<cp:keywords>{text('、'.join(themes))}</cp:keywords><cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy>"
            f"<cp:revision>1</cp:revision><dcterms:created {stamp}</dcterms:created>"
            f"<dcterms:modified {stamp}</dcterms:modified><dc:language>zh-CN</dc:language>"
            f"<cp:lastPrinted>{date}</cp:lastPrinted></cp:coreProperties>")


def without(xml: bytes, *patterns: bytes) -> bytes:
    """``xml`` with every match of the regular expressions ``patterns`` removed."""
    for pattern in patterns:
        xml = re.sub(pattern, b"", xml)
    return xml
