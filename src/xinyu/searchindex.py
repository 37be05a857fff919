"""Site search that costs nothing until it is used: a sharded n-gram index of the finished pages.

Built after the site engine has written its HTML (so it works for any engine), into
``assets/search/`` as small script files that load with ``<script>`` tags, which also works when the
site is opened from disk (``file://`` forbids ``fetch``):

* ``manifest.js``: how many shards, how many pages, where each kind of page starts;
* ``s/<n>.js``: posting lists for the tokens whose hash falls in shard ``n``;
* ``t/<id>.js``: one page's title, address, grade and text by section (for checking a match and
  drawing its snippet).

Tokens are the single characters and the character pairs of every run of Chinese text, and whole
words of Latin letters and digits. A query of any length needs only the shards of its own pairs,
so the bytes a query costs do not grow with the size of the site's index, and any part of a word
is found (情景剧 finds 心理情景剧). The browser then confirms the exact phrase in each page's text
before showing it, so every result really contains what was typed.

Ranking: exact title, then titles containing the words, then lessons before general pages before
training pages before listings, then how often the words occur.
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

#: Folder of the index inside the site.
INDEX_DIR = "assets/search"
#: Kinds of page, in the order they rank when they match equally.
KINDS = ("lesson", "page", "training", "listing", "pack")
#: Target size of one shard before compression (the browser loads a few per query).
SHARD_BYTES = 12_000
#: Longest text kept per page for snippets and for confirming a match.
MAX_TEXT = 40_000
#: Occurrence counts are capped at this value (they only order results within a rank).
MAX_COUNT = 15
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
_BLOCK = {"p", "li", "div", "td", "th", "dt", "dd", "tr", "br", "section", "summary", "details", "blockquote",
          "pre", "table", "ul", "ol", "dl", "figcaption", "caption", "h4", "h5", "h6"}
_SECTION = {"h1", "h2", "h3"}
_PARSER = lxml_html.HTMLParser(encoding="utf-8")
_SKIP = {"script", "style", "template", "noscript", "svg", "button", "form", "nav"}


@dataclass
class Section:
    """A heading and the text under it."""

    anchor: str
    heading: str
    text: str = ""


@dataclass
class PageText:
    """What the index keeps of one page."""

    url: str
    title: str
    kind: str
    grade: str = ""
    sections: list[Section] = field(default_factory=list)


def normalise(text: str) -> str:
    """Full-width to half-width, upper to lower case: the same in Python and in the browser."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> Iterator[str]:
    """Every single Chinese character, every pair of neighbours, and every Latin word or number."""
    text = normalise(text)
    for run in _HAN.findall(text):
        yield from run
        for i in range(len(run) - 1):
            yield run[i:i + 2]
    yield from _WORD.findall(text)


def fnv1a(token: str) -> int:
    """32-bit FNV-1a over the UTF-16 code units of ``token`` (what JavaScript's charCodeAt gives)."""
    h = 0x811C9DC5
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def encode(numbers: Iterable[int]) -> str:
    """Variable-length base-64 digits: five bits a character, high bit set on all but the last."""
    out = []
    for n in numbers:
        while n >= 32:
            out.append(_ALPHABET[32 + (n & 31)])
            n >>= 5
        out.append(_ALPHABET[n])
    return "".join(out)


# ----------------------------------------------------------------------------- reading pages
def _walk(node: lxml_html.HtmlElement, sections: list[Section]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    classes = node.get("class") or ""
    if tag in _SKIP or "headerlink" in classes or "xy-noprint" in classes:  # links and page chrome, not content
        if node.tail:
            sections[-1].text += node.tail
        return
    if tag in _SECTION:
        heading = " ".join(node.text_content().replace("¶", "").split())
        sections.append(Section(node.get("id") or "", heading))
        if node.tail:
            sections[-1].text += node.tail
        return
    if node.text:
        sections[-1].text += node.text
    for child in node:
        _walk(child, sections)
    if tag in ("td", "th"):  # cells of a row, kept apart by a bar that no number is written with
        sections[-1].text += " | "
    elif tag in _BLOCK:
        sections[-1].text += "\n"
    elif tag == "span" and node.get("class"):  # tags side by side (主题、形式) are separate words
        sections[-1].text += " "
    if node.tail:
        sections[-1].text += node.tail


def read_page(path: Path, url: str, kind: str, grade: str = "") -> PageText | None:
    """The title and sections of a built page's main content; ``None`` if it has none."""
    doc = lxml_html.fromstring(path.read_bytes(), parser=_PARSER)
    main = doc.find(".//article")
    if main is None:
        main = doc.find(".//main")
    if main is None:
        return None
    sections = [Section("", "")]
    _walk(main, sections)
    cleaned = []
    for s in sections:
        s.text = re.sub(r"[ \t\u00a0\u200b]+", " ", s.text)
        s.text = re.sub(r"\s*\n\s*", "\n", s.text).strip()
        if s.heading or s.text:
            cleaned.append(s)
    h1 = next((s.heading for s in cleaned if s.heading), "")
    title = h1 or (doc.findtext(".//title") or "").split(" - ")[0].strip()
    return PageText(url, title, kind, grade, cleaned)


def page_kind(url: str) -> str | None:
    """Which kind of page ``url`` is, or ``None`` for pages that stay out of the index."""
    if url in ("404.html", "search.html") or url.startswith(("api/", "assets/", "kit/")):  # kit/: print sheets
        return None
    if url.startswith("lessons/pack/"):
        return "pack"
    parts = url.split("/")
    if parts[0] == "lessons":
        return "lesson" if len(parts) == 3 and parts[2] != "index.html" else "listing"
    if parts[0] in ("training", "air-classroom"):
        if url in ("training/index.html", "air-classroom/index.html") or parts[1:2] == ["records"]:
            return "listing"
        return "training"
    if url in ("compliance/index.html", "school/schools.html", "school/warning-calendar.html", "index.html"):
        return "listing"
    return "page"


# ----------------------------------------------------------------------------- writing the index
@dataclass
class IndexStats:
    """What was written (for the build log and the benchmark)."""

    pages: int
    shards: int
    tokens: int
    bytes: int


def build_index(site: Path, grades: Mapping[str, str] | None = None) -> IndexStats:
    """Index every page of the built ``site``; ``grades`` maps a lesson's address to its grades."""
    grades = grades or {}
    pages: list[PageText] = []
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix()
        kind = page_kind(url)
        if kind is None:
            continue
        page = read_page(path, url, kind, grades.get(url, ""))
        if page is not None:
            pages.append(page)
    order = {k: i for i, k in enumerate(KINDS)}
    pages.sort(key=lambda p: (order[p.kind], p.url))
    return write_index(site / INDEX_DIR, pages)


def write_index(out: Path, pages: list[PageText]) -> IndexStats:
    """Write manifest, shards and page texts for ``pages`` (already in rank order)."""
    # Each posting is one machine integer, page << 5 | flags, in a compact array per token: at
    # 20,000 lessons (a hundred million postings) lists of tuples took about 4 GB.
    postings: dict[str, array[int]] = {}
    for pid, page in enumerate(pages):
        counts: dict[str, int] = defaultdict(int)
        for s in page.sections:
            for tok in tokens(s.heading + "\n" + s.text):
                counts[tok] += 1
        for tok in tokens(page.title):
            counts.setdefault(tok, 0)
        title_tokens = set(tokens(page.title))
        for tok, n in counts.items():
            flags = min(max(n, 1), MAX_COUNT) | (16 if tok in title_tokens else 0)
            plist = postings.get(tok)
            if plist is None:
                plist = postings[tok] = array("q")
            plist.append((pid << 5) | flags)
    encoded: dict[str, str] = {}
    for tok in list(postings):
        numbers, last = [], 0
        for packed in postings.pop(tok):  # each token's postings freed once encoded
            pid = packed >> 5
            numbers.append(((pid - last) << 5) | (packed & 31))
            last = pid
        encoded[tok] = encode(numbers)
    total = sum(len(t.encode()) + len(v) + 6 for t, v in encoded.items())
    shards = 1
    while shards * SHARD_BYTES < total:
        shards *= 2
    buckets: list[dict[str, str]] = [{} for _ in range(shards)]
    for tok, value in encoded.items():
        buckets[fnv1a(tok) % shards][tok] = value
    if out.exists():
        import shutil

        shutil.rmtree(out)
    (out / "s").mkdir(parents=True)
    (out / "t").mkdir()
    written = 0

    def put(path: Path, text: str) -> None:
        nonlocal written
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)

    for n, bucket in enumerate(buckets):
        put(out / "s" / f"{n}.js", f"XYS.s({n},{_json(bucket)});\n")
    starts = {}
    for pid, page in enumerate(pages):
        starts.setdefault(page.kind, pid)
        budget = MAX_TEXT
        sections = []
        for s in page.sections:
            text = s.text[:max(budget, 0)]
            budget -= len(text)
            sections.append([s.anchor, s.heading, text])
        record = {"u": page.url, "t": page.title, "g": page.grade, "k": page.kind, "s": sections,
                  "x": int(budget < 0)}
        put(out / "t" / f"{pid}.js", f"XYS.t({pid},{_json(record)});\n")
    manifest = {"v": 1, "shards": shards, "pages": len(pages), "kinds": list(KINDS),
                "starts": [starts.get(k, len(pages)) for k in KINDS]}
    put(out / "manifest.js", f"XYS.m({_json(manifest)});\n")
    return IndexStats(len(pages), shards, len(encoded), written)


def _json(data: object) -> str:
    # </script> can never close anything here (files are scripts of their own), but keep the text
    # safe to inline anyway.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
