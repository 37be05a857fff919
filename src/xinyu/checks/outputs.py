"""Privacy scan of everything a build publishes (NEVER-1), run on the staging folder before it
replaces ``site/``.

The content files are scanned before the build; this scan is the second line: it catches what
templates, macros, plugins, ``mkdocs.yml`` or a generator put into the output, and anything the
content scan could not see. It walks every file of the built site and pulls the text out of it:

- HTML pages, whole (not only the ``<article>``): the visible text (inline markup such as
  ``<b>`` does not split a number, block elements and table cells do), comments, and the
  attributes that carry text or addresses (``href``, ``title``, ``alt``, ``content``, ``data-*`` …);
- JSON (``api/*.json``, ``search/search_index.json``) and data scripts holding JSON
  (``search/search_index.js``, ``assets/data/library.js``): every string and number, named by its
  JSON path; HTML inside strings is reduced to its text;
- plain text (``.txt``, ``.md``, ``.csv`` …), XML and SVG, gzip-compressed copies (``sitemap.xml.gz``);
- documents that are zip archives of XML (``.docx``, ``.pptx``, ``.xlsx``, OpenDocument): the
  text of every XML part, paragraph by paragraph (a number split into runs is put back together).

Theme files (Material's ``assets/javascripts`` and ``assets/stylesheets``), images and fonts are not
text anyone wrote. A document format whose text cannot be read (PDF, old binary Office files) is
reported: the build cannot vouch for it.
"""

from __future__ import annotations

import functools
import gzip
import html
import io
import itertools
import json
import re
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

from xinyu.checks.privacy import HINTS, digit_value, scan_text
from xinyu.load.problems import Problem, field_path

#: Folders of the theme's own files (minified scripts, styles, source maps).
THEME_DIRS = ("assets/javascripts/", "assets/stylesheets/")
#: The site search's shards hold only the words of the page texts (in ``assets/search/t/``, which
#: are scanned) and their page numbers encoded as letters, which would read as random handles.
SEARCH_SHARDS = "assets/search/s/"
TEXT_SUFFIXES = {".txt", ".md", ".csv", ".tsv", ".ics", ".vcf", ".css", ".yml", ".yaml"}
XML_SUFFIXES = {".xml", ".svg", ".rss", ".atom", ".opml"}
ZIP_SUFFIXES = {".docx", ".pptx", ".xlsx", ".docm", ".pptm", ".xlsm", ".odt", ".odp", ".ods", ".epub", ".zip"}
UNREADABLE = {".pdf": "PDF", ".doc": "Word 97-2003", ".xls": "Excel 97-2003", ".ppt": "PowerPoint 97-2003",
              ".rtf": "RTF", ".rar": "RAR", ".7z": "7z", ".wps": "WPS", ".et": "WPS", ".dps": "WPS"}
#: Where MkDocs (Material's search) writes the search index, as JSON and as a script.
SEARCH_INDEXES = ("search/search_index.json", "search/search_index.js")
#: Where builds keep the findings of documents between runs (relative to the project; safe to delete).
SCAN_CACHE = Path(".cache") / "xinyu" / "scan"
#: At most this many places are listed for the same finding (a footer is on every page).
SAME_FINDING = 5

#: Elements that do not break text: a number written across them is one number on the screen.
INLINE_HTML = ("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
               "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
               "tt", "u", "var", "wbr")
#: Attributes whose value is shown, spoken or followed (URLs are decoded by the scan).
TEXT_ATTRIBUTES = {"href", "src", "title", "alt", "content", "value", "placeholder", "aria-label", "aria-description",
                   "label", "download", "action", "formaction", "poster", "srcset", "cite", "summary", "abbr"}
#: XML elements that run on inside a paragraph (OOXML runs and tabs, ODF spans and links, SVG tspans).
INLINE_XML = {"r", "t", "tab", "br", "cr", "hyperlink", "fldSimple", "smartTag", "ins", "proofErr", "sdtContent",
              "span", "a", "s", "tspan", "softHyphen", "noBreakHyphen", "delText", "instrText"}
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*>")
_XML_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


def scan_site(site: Path, allowed: Iterable[str] = (), cache: Path | None = None) -> list[Problem]:
    """A problem for every piece of personal data in any file of the built ``site`` (masked).

    ``cache`` (a folder, e.g. ``.cache/xinyu/scan/``) keeps the findings of each document (the
    kit's .pptx and .docx, zips) by its bytes: they cost most of the scan and rarely change from one
    build to the next. See :class:`_DocumentCache` for why an entry can never change a result."""
    from xinyu import progress

    allowed = list(allowed)
    store = _DocumentCache(cache, allowed) if cache is not None else None
    problems: list[Problem] = []
    paths = sorted(p for p in site.rglob("*") if p.is_file())
    for done, path in enumerate(paths, start=1):
        progress.count("扫描文件里的个人信息", done, len(paths))
        rel = path.relative_to(site).as_posix()
        if rel.startswith(THEME_DIRS) or rel.startswith(SEARCH_SHARDS):
            continue
        raw = path.read_bytes()
        if store is not None and path.suffix.lower() in ZIP_SUFFIXES:
            found = store.get(rel, raw)
            if found is None:
                found = scan_file(rel, raw, allowed, site, store)
                store.put(raw, found)
            problems += found
        else:
            problems += scan_file(rel, raw, allowed, site)
    return _fold_repeats(problems)


def keep_scan(cache: Path, allowed: tuple[str, ...], rel: str, raw: bytes) -> None:
    """Scan one document of the site ahead of :func:`scan_site` (e.g. in the process that made
    it) and keep its findings in ``cache``, where the site's scan will look them up."""
    store = _kept_store(cache, allowed)
    if store.get(rel, raw) is None:
        store.put(raw, scan_file(rel, raw, list(allowed), None, store))


@functools.lru_cache(maxsize=4)
def _kept_store(cache: Path, allowed: tuple[str, ...]) -> _DocumentCache:
    """One store per process and allowed list (making one reads and hashes the scanner's source)."""
    return _DocumentCache(cache, list(allowed))


class _DocumentCache:
    """Findings of documents, one JSON file per document, named by a hash of the document's
    bytes, the allowed numbers and the scanner's own source (so an edit to the scan, or to the
    allowed list, starts afresh). An entry that cannot be read, or is not what it should be, is
    ignored and the document scanned again; entries are written whole (temporary file, rename), and
    a folder that cannot be written only means scanning again next time."""

    def __init__(self, folder: Path, allowed: list[str]) -> None:
        import hashlib

        self.folder = folder
        code = hashlib.sha256()
        for module in (Path(__file__), Path(__file__).with_name("privacy.py")):
            code.update(module.read_bytes())
        code.update(json.dumps(sorted(allowed), ensure_ascii=False).encode("utf-8"))
        self.salt = code.digest()

    def _path(self, raw: bytes) -> Path:
        import hashlib

        return self.folder / f"{hashlib.sha256(self.salt + raw).hexdigest()}.json"

    def get(self, rel: str, raw: bytes) -> list[Problem] | None:
        """The findings in ``raw`` (as the file at ``rel``), or ``None`` when not cached."""
        try:
            data = json.loads(self._path(raw).read_text(encoding="utf-8"))
            return [Problem(rel, int(d["line"]), int(d["column"]), str(d["field"]), str(d["message"]), str(d["hint"]))
                    for d in data["findings"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, raw: bytes, found: list[Problem]) -> None:
        """Remember the findings in ``raw`` (best effort)."""
        import os
        import tempfile

        data = {"findings": [{"line": p.line, "column": p.column, "field": p.field, "message": p.message,
                              "hint": p.hint} for p in found]}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
            os.replace(tmp, self._path(raw))
        except OSError:
            pass


def scan_file(rel: str, raw: bytes, allowed: list[str], site: Path | None = None,
              store: _DocumentCache | None = None) -> list[Problem]:
    """The problems in one built file, given its path in the site and its bytes (and the site,
    for the search index: see :func:`_table_artefact`; ``store`` keeps the findings of documents
    inside archives)."""
    suffix = Path(rel).suffix.lower()
    if suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            return [_unreadable(rel, "gzip")]
        suffix = Path(rel[:-3]).suffix.lower()
    chunks: Iterable[tuple[Any, str, str]]
    if suffix in (".html", ".htm"):
        chunks = _html_chunks(raw)
    elif suffix == ".json":
        chunks = _json_chunks(raw)
    elif suffix in (".js", ".mjs"):
        chunks = _script_chunks(raw)
    elif suffix in TEXT_SUFFIXES:
        return _text_problems(rel, raw.decode("utf-8", "replace"), allowed)
    elif suffix in XML_SUFFIXES:
        chunks = _xml_chunks(raw, "")
    elif suffix in ZIP_SUFFIXES:
        try:
            return _zip_problems(rel, raw, tuple(allowed), store)
        except (zipfile.BadZipFile, lxml.etree.LxmlError, ValueError):
            return [_unreadable(rel, suffix.lstrip(".").upper())]
    elif suffix in UNREADABLE:
        return [_unreadable(rel, UNREADABLE[suffix])]
    else:
        return []
    keep = None
    if site is not None and rel in SEARCH_INDEXES:
        pages: dict[str, Any] = {}
        keep = lambda field, value: not _table_artefact(site, raw, field, value, pages)  # noqa: E731
    try:
        return _chunk_problems(rel, chunks, allowed, keep)
    except (zipfile.BadZipFile, lxml.etree.LxmlError, ValueError):
        return [_unreadable(rel, suffix.lstrip(".").upper())]


def _problem(rel: str, line: int, column: int, field: str, kind: str, masked: str) -> Problem:
    return Problem(rel, line, column, field, f"生成的文件里有疑似{kind}（{masked}），公开网站不能有个人信息",
                   f"{HINTS[kind]}。内容文件里没有这一处时，它来自模板、宏、mkdocs.yml 或生成这个文件的程序")


def _unreadable(rel: str, what: str) -> Problem:
    return Problem(rel, 0, 0, "", f"网站里有无法检查个人信息的 {what} 文件",
                   "改用网页、.docx、.pptx 或 .xlsx 发布，这些格式构建时会检查；或从网站中移除这个文件")


def _text_problems(rel: str, text: str, allowed: list[str]) -> list[Problem]:
    return [_problem(rel, h.line, h.column, "正文", h.kind, h.masked) for h in scan_text(text, allowed)]


#: Chunks scanned as one text: any page or document is one batch; a province's open-data export
#: (hundreds of MB) is scanned a batch at a time instead of as one text.
BATCH = 50_000


def _chunk_problems(rel: str, chunks: Iterable[tuple[Any, str, str]], allowed: list[str],
                    keep: Callable[[str, str], bool] | None = None) -> list[Problem]:
    """Scan chunks (line or a function giving it, field, text), :data:`BATCH` at a time as one
    text: one text a line, each line break a hard stop."""
    problems = []
    chunks = iter(chunks)
    while batch := list(itertools.islice(chunks, BATCH)):
        for (line, field, _), hit in _chunk_hits(batch, allowed, keep):
            if callable(line):  # worked out only for a finding
                line = line()
            problems.append(_problem(rel, line, 0, field, hit.kind, hit.masked))
    return sorted(problems)


def _chunk_hits(chunks: list[tuple[Any, str, str]], allowed: list[str],
                keep: Callable[[str, str], bool] | None = None) -> Iterator[tuple[tuple[Any, str, str], Any]]:
    """(chunk, hit) of every finding in ``chunks``, scanned as one text, a chunk a line."""
    if not chunks:
        return
    joined = "\n".join(text.replace("\r", " ").replace("\n", " ") for _, _, text in chunks)
    for hit in scan_text(joined, allowed, fold=False):
        chunk = chunks[hit.line - 1]
        if keep is None or keep(chunk[1], joined[hit.start:hit.end]):
            yield chunk, hit


def _fold_repeats(problems: list[Problem]) -> list[Problem]:
    """The same finding in many files (a footer, the navigation) is listed a few times, then counted."""
    seen: dict[str, int] = {}
    out: list[Problem] = []
    for p in problems:
        seen[p.message] = seen.get(p.message, 0) + 1
        if seen[p.message] <= SAME_FINDING:
            out.append(p)
    for message, count in seen.items():
        if count > SAME_FINDING:
            out.append(Problem("（其他生成的文件）", 0, 0, "", f"{message}：另有 {count - SAME_FINDING} 处同样的内容",
                               "删掉来源后重新构建，这些地方会一起消失"))
    return out


def _digits(text: str) -> str:
    return "".join(d for d in (digit_value(c) or ("X" if c in "xXｘＸ" else "") for c in text))


def _table_artefact(site: Path, raw: bytes, field: str, value: str, pages: dict[str, Any]) -> bool:
    """True when a finding in the search index is numbers from table cells side by side.

    The search index holds a page's text with its table cells run together ("13 27 8 10 23 53"
    or even "13278102353"); the page itself, scanned cell by cell, says whether the digits were
    written as one number. They were not when no single text of the page holds them but the
    page's texts in order do. Anything else (a number in one text, or in no page at all) is kept."""
    m = re.match(r"docs\[(\d+)\]", field)
    if not m:
        return False
    if "docs" not in pages:
        text = raw.decode("utf-8", "replace")
        start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=0)
        body = text[start:].rstrip().rstrip(";")
        pages["docs"] = [d.get("location", "") for d in json.loads(body).get("docs", [])]
    locations = pages["docs"]
    index = int(m.group(1)) - 1  # field paths count items from 1
    if index >= len(locations):
        return False
    page = locations[index].split("#", 1)[0] or "index.html"
    if page not in pages:
        path = site / page
        texts = [t for _, f, t in _html_chunks(path.read_bytes()) if f == "网页文字"] if path.is_file() else []
        pages[page] = [_digits(t) for t in texts]
    digits = _digits(value)
    per_text = pages[page]
    return bool(per_text) and not any(digits in d for d in per_text) and digits in "".join(per_text)


# --------------------------------------------------------------------------- HTML
def _html_chunks(raw: bytes) -> list[tuple[Any, str, str]]:
    """Attributes, comments and text of a page; the line of a text is looked up only for a finding."""
    if not raw.strip():
        return []
    root = lxml.html.document_fromstring(raw)
    chunks: list[tuple[Any, str, str]] = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments are published with the page, even if not shown
            if el.text and el.text.strip():
                chunks.append((el.sourceline or 0, "HTML 注释", el.text))
            continue
        attrib = el.attrib
        if attrib:
            for name, value in attrib.items():
                if (name in TEXT_ATTRIBUTES or name.startswith("data-")) and value.strip():
                    chunks.append((el.sourceline or 0, f"<{el.tag} {name}>", value))
    lxml.etree.strip_elements(root, "script", "style", "template", lxml.etree.Comment, lxml.etree.PI, with_tail=False)
    lxml.etree.strip_tags(root, *INLINE_HTML)
    texts = [t for t in root.itertext() if not t.isspace()]
    chunks += [(_text_line(root, i), "网页文字", t) for i, t in enumerate(texts)]
    return chunks


def _text_line(root: Any, index: int) -> Any:
    """The line of the ``index``-th non-blank text of ``root`` (in ``itertext`` order), worked out
    only for a finding: itertext is fast but does not say where a text is."""
    def texts(el: Any) -> Iterator[tuple[Any, str | None]]:
        yield el, el.text
        for child in el:
            yield from texts(child)
            yield child, child.tail

    def line() -> int:
        found = (el for el, text in texts(root) if text and not text.isspace())
        el = next(itertools.islice(found, index, None), None)
        return (el.sourceline or 0) if el is not None else 0
    return line


# --------------------------------------------------------------------------- JSON and data scripts
#: A JSON file larger than this is decoded a part at a time (see :func:`_json_parts`).
JSON_WHOLE = 8 * 1024 * 1024
_JSON = json.JSONDecoder()
_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _json_chunks(raw: bytes) -> Iterator[tuple[Any, str, str]]:
    text = raw.decode("utf-8", "replace")
    if len(raw) <= JSON_WHOLE:
        yield from _json_leaves(text, json.loads(text))
        return
    end = yield from _json_parts(text, 0, (), 2)
    if _JSON_SPACE.match(text, end).end() != len(text):  # what json.loads would refuse
        raise ValueError("JSON 后面还有多余的内容")


def _json_parts(text: str, pos: int, path: tuple[str | int, ...],
                levels: int) -> Generator[tuple[Any, str, str], None, int]:
    """:func:`_json_leaves` of the JSON value at ``pos``, its first ``levels`` levels of arrays and
    objects walked in the text, so that only one of their items is decoded at a time (a
    province's export of 20,000 lessons, decoded whole, took about 2 GB). Returns where the value
    ends; raises ``ValueError`` where ``json.loads`` would."""
    pos = _JSON_SPACE.match(text, pos).end()
    opener = text[pos:pos + 1]
    if levels == 0 or opener not in ("[", "{"):
        value, end = _JSON.raw_decode(text, pos)
        yield from _json_leaves(text, value, path)
        return end
    closer = "]" if opener == "[" else "}"
    pos = _JSON_SPACE.match(text, pos + 1).end()
    if text.startswith(closer, pos):
        return pos + 1
    index = 0
    while True:
        if opener == "{":
            key, pos = _JSON.raw_decode(text, pos)
            pos = _JSON_SPACE.match(text, pos).end()
            if not isinstance(key, str) or not text.startswith(":", pos):
                raise ValueError("JSON 对象的键后面应是冒号")
            child: tuple[str | int, ...] = (*path, key)
            if _worth(key):
                yield 0, field_path(child) + "（键）", key
            pos = yield from _json_parts(text, pos + 1, child, levels - 1)
        else:
            pos = yield from _json_parts(text, pos, (*path, index), levels - 1)
            index += 1
        pos = _JSON_SPACE.match(text, pos).end()
        if text.startswith(closer, pos):
            return pos + 1
        if not text.startswith(",", pos):
            raise ValueError("JSON 的项之间应是逗号")
        pos = _JSON_SPACE.match(text, pos + 1).end()


def _script_chunks(raw: bytes) -> Iterator[tuple[Any, str, str]]:
    """A data script (``var __index = {…}``, ``window.XY_LIBRARY=[…]``, ``XYS.t(3,{…});``) as JSON;
    other scripts as text."""
    text = raw.decode("utf-8", "replace")
    m = re.match(r"\s*(?:(?:var|let|const)\s+)?[\w$.]+\s*=\s*", text)
    call = re.match(r"\s*[\w$.]+\((?:\d+,)?(?=[{\[])", text)  # XYS.t(12,{…}); (assets/search/)
    if m or call:
        body = text[(m or call).end():].rstrip().rstrip(";")  # type: ignore[union-attr]
        if call:
            body = body.rstrip()[:-1] if body.rstrip().endswith(")") else body
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if data is not None:
            yield from _json_leaves(text, data)
            return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, "脚本", line


def _json_leaves(raw: str, data: Any, at: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, str, str]]:
    """Every string and number in ``data`` (found at path ``at``), with its JSON path; HTML in
    strings reduced to text."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [(at, data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                stack.append(((*path, str(key)), item))
                if _worth(key):
                    yield 0, field_path((*path, str(key))) + "（键）", str(key)
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            if value:
                yield _json_line(raw, value), field_path(path), _strip_html(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 10000:
            yield _json_line(raw, str(value)), field_path(path), str(value)


def _worth(key: str) -> bool:
    """A key worth a look: one that is not a plain ASCII name (``title``, ``docs``)."""
    return not key.isascii() or any(c.isdigit() or c in "@%=" for c in key)


def _json_line(raw: str, value: str) -> Any:
    """The line of a JSON value in the file, to be worked out only for a finding."""
    def line() -> int:
        for encoded in (json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(value)[1:-1], value):
            at = raw.find(encoded)
            if at >= 0:
                return raw.count("\n", 0, at) + 1
        return 0
    return line


def _strip_html(text: str) -> str:
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(_TAG.sub(lambda m: "" if m.group(2).lower() in INLINE_HTML else "\n", text))


# --------------------------------------------------------------------------- XML and documents
def _xml_chunks(raw: bytes, part: str) -> Iterator[tuple[int, str, str]]:
    root = lxml.etree.fromstring(raw, _XML_PARSER)
    if root is None:
        return
    count = 0
    for paragraph, text in _xml_texts(root):
        count += paragraph
        if text.strip():
            if part:
                yield 0, f"{part}（第 {count} 段）" if paragraph else f"{part}（属性）", text
            else:
                yield (count if paragraph else 0), "正文", text


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml_texts(root: Any) -> Iterator[tuple[bool, str]]:
    """(True, text) block by block, inline elements (runs, tabs, spans) joining their block's
    text; (False, value) for attributes that hold text or a link target."""
    parts: list[str] = []

    def walk(el: Any) -> Iterator[tuple[bool, str]]:
        name = _local(el.tag)
        inline = name in INLINE_XML
        if not inline and parts:
            yield True, "".join(parts)
            parts.clear()
        if name in ("tab", "br", "cr"):
            parts.append(" ")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        for child in el:
            yield from walk(child)
            if child.tail:
                parts.append(child.tail)
        if not inline and parts:
            yield True, "".join(parts)
            parts.clear()
        for key, value in (el.attrib.items() if isinstance(el.tag, str) else ()):
            if _local(key) in ("Target", "href", "title", "descr", "alt", "name"):
                yield False, value

    yield from walk(root)
    if parts:
        yield True, "".join(parts)


def _zip_problems(rel: str, raw: bytes, allowed: tuple[str, ...], store: _DocumentCache | None = None,
                  depth: int = 0) -> list[Problem]:
    """The problems in a document that is a zip of parts. Each part is scanned on its own (its
    paragraphs are separate lines of the scan, so a finding never spans two parts), and a part's
    findings are kept by its bytes for the rest of the scan: the kit's decks and plans share their
    themes, masters, layouts and styles, which are then read once, not once a document.

    A document inside (a .docx in a .zip) is scanned as a document, its findings named by its
    name in the archive, and kept in ``store`` by its bytes: a semester archive holds the very
    decks and plans the site also publishes one by one, which are then scanned once. A member
    whose text cannot be read (a PDF) is reported, as it would be on its own."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for info in archive.infolist():
            if info.is_dir() or info.file_size > 50 * 1024 * 1024:
                continue
            suffix = Path(info.filename).suffix.lower()
            if suffix in UNREADABLE:
                problems.append(replace(_unreadable(rel, UNREADABLE[suffix]), field=info.filename))
                continue
            data = archive.read(info)
            if suffix in ZIP_SUFFIXES and depth < 3:
                inner = store.get(rel, data) if store is not None else None
                if inner is None:
                    try:
                        inner = _zip_problems(rel, data, allowed, store, depth + 1)
                    except (zipfile.BadZipFile, lxml.etree.LxmlError, ValueError):
                        inner = [_unreadable(rel, suffix.lstrip(".").upper())]
                    if store is not None:
                        store.put(data, inner)
                problems += [replace(p, field=f"{info.filename}：{p.field}" if p.field else info.filename)
                             for p in inner]
                continue
            for field, kind, masked in _part_findings(info.filename, data, allowed):
                problems.append(_problem(rel, 0, 0, field, kind, masked))
    return sorted(problems)


@functools.lru_cache(maxsize=256)
def _part_findings(name: str, data: bytes, allowed: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(field, kind, masked) of every finding in the part ``name`` of a document."""
    chunks = list(_part_chunks(name, data))
    return tuple((chunk[1], hit.kind, hit.masked) for chunk, hit in _chunk_hits(chunks, list(allowed)))


def _part_chunks(name: str, data: bytes) -> Iterator[tuple[Any, str, str]]:
    """The chunks (line, field, text) of one part of a document: XML paragraph by paragraph, HTML as
    a page, plain text line by line."""
    lower = name.lower()
    if lower.endswith((".xml", ".rels", ".svg", ".xhtml", ".html", ".htm", ".opf", ".ncx")):
        if lower.endswith((".html", ".htm", ".xhtml")) and b"<html" in data[:2000].lower():
            yield from ((0, f"{name}：{field}", text) for _, field, text in _html_chunks(data))
        else:
            yield from _xml_chunks(data, name)
    elif lower.endswith((".txt", ".csv", ".json", ".md")):
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
            if line.strip():
                yield 0, f"{name}（第 {number} 行）", line
