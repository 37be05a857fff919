"""Checks over the built HTML, one parse per page (lxml): no script injection, every internal
link and asset resolves, external links use https. Runs on the staging folder before it replaces
``site/``. Personal data in any built file is the output scan's job (:mod:`xinyu.checks.outputs`);
:func:`check_site` runs both."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import lxml.html

from xinyu.checks.outputs import scan_site
from xinyu.load.problems import Problem

_URL_ATTRS = ("href", "src", "action", "formaction", "poster")


class Found(NamedTuple):
    """A problem in a built page, and what to look for in the page's Markdown source to find the
    line it came from (the link as written, an event attribute, a script tag)."""

    problem: Problem
    look_for: tuple[str, ...] = ()


@dataclass
class _Page:
    events: list[tuple[int, str, str]] = field(default_factory=list)
    urls: list[tuple[int, str, str]] = field(default_factory=list)
    scripts: list[tuple[int, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def _shape(script: str) -> str:
    """A script with its string literals blanked (the theme's scripts differ only in base URLs)."""
    return re.sub(r'"[^"\n]*"', '""', script)


def _parse(path: Path, content_only: bool = False) -> _Page:
    """Parse a page. With ``content_only`` just the ``<article>`` (what content can put there) is
    read: the theme's frame around it is the same on every page and is checked once."""
    page = _Page()
    raw = path.read_bytes()
    offset = 0
    if content_only:
        start, end = raw.find(b"<article"), raw.rfind(b"</article>")
        if start != -1 and end > start:
            offset = raw.count(b"\n", 0, start)
            raw = raw[start:end + len(b"</article>")]
    # decoded here: without its <head> a fragment has no charset, and lxml would read it as Latin-1
    root = lxml.html.fromstring(raw.decode("utf-8", "replace"))
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        line = (el.sourceline or 0) + offset
        for name, value in el.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                page.events.append((line, f"<{el.tag} {name}=…>", name))
            elif lname in ("id", "name"):
                page.ids.add(value)
            elif lname in _URL_ATTRS or lname.endswith("href"):
                page.urls.append((line, el.tag, value))
        if el.tag == "script" and "src" not in el.attrib:
            page.scripts.append((line, (el.text or "").strip()))
    return page


def check_site(site: Path, allowed_numbers: Iterable[str] = (), theme_page: str = "404.html") -> list[Problem]:
    """Every problem in the built site: :func:`site_problems` and personal data in any file
    (``allowed_numbers``: public numbers and e-mail addresses)."""
    return [found.problem for found in site_problems(site, theme_page)] + scan_site(site, allowed_numbers)


def site_problems(site: Path, theme_page: str = "404.html") -> list[Found]:
    """Unsafe code and broken links in the built pages, each problem with what to look for in its
    page's source. Inline scripts are allowed only when the theme's own page (``404.html``, which
    holds no content) has the same script.

    Pages are checked one at a time and only their ids are kept (for links to an anchor in another
    page, checked at the end in their place; a page's links to its own headings are checked at
    once): keeping every page's links took gigabytes at 20,000 lessons."""
    found: list[Found | None] = []
    theme = site / theme_page
    allowed = {_shape(s) for _, s in _parse(theme).scripts} if theme.is_file() else set()
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = {rel for rel in files if rel.endswith(".html")}
    ids: dict[str, frozenset[str]] = {}
    anchors: list[tuple[int, str, int, str, str, str]] = []  # (slot in found, page, line, link, target, fragment)
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        page = _parse(path, content_only=path != theme)
        ids[rel] = frozenset(page.ids)
        for line, what, name in page.events:
            found.append(Found(Problem(rel, line, 0, "", f"网页里有事件处理属性 {what}", "内容里不能写 HTML 事件属性"),
                               (f"{name}=",)))
        for line, script in page.scripts:
            if script and _shape(script) not in allowed and not script.startswith("{"):
                found.append(Found(Problem(rel, line, 0, "", "网页里有内嵌脚本", "内容里不能写 <script>"), ("<script",)))
        for line, tag, url in page.urls:
            problem, anchor = _check_url(rel, line, tag, url, files, pages)
            if problem:
                found.append(Found(problem, _look_for(url)))
            elif anchor and anchor[0] == rel:  # “#标题” in this page: its ids are at hand
                if anchor[1] not in page.ids:
                    found.append(_missing_anchor(rel, line, url))
            elif anchor:
                anchors.append((len(found), rel, line, url, *anchor))
                found.append(None)
    for slot, rel, line, url, target, fragment in anchors:
        if fragment not in ids[target]:
            found[slot] = _missing_anchor(rel, line, url)
    return [f for f in found if f is not None]


def _missing_anchor(rel: str, line: int, url: str) -> Found:
    return Found(Problem(rel, line, 0, "", f"链接指向不存在的锚点：{url}", "检查标题或锚点"), _look_for(url))


def _look_for(url: str) -> tuple[str, ...]:
    fragment = unquote(urlsplit(url).fragment)
    return (unquote(url), f"#{fragment}") if fragment else (unquote(url),)


def _check_url(rel: str, line: int, tag: str, url: str, files: set[str],
               pages: set[str]) -> tuple[Problem | None, tuple[str, str] | None]:
    """A problem with ``url`` as written in page ``rel``; else, for a link to an anchor in a page,
    (that page, the anchor) to check once every page's ids are known."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "vbscript", "data") and not (scheme == "data" and tag == "img"):
        return Problem(rel, line, 0, "", f"链接使用了 {scheme}: 地址：{url}", "只能链接到网页或文件"), None
    if scheme == "http":
        return Problem(rel, line, 0, "", f"外部链接没有用 https：{url}", "改成 https:// 开头的地址"), None
    if scheme or parts.netloc or not (parts.path or parts.fragment):
        return None, None
    path = unquote(parts.path) or posixpath.basename(rel)  # “#标题” points into this page
    base = "" if path.startswith("/") else posixpath.dirname(rel)
    target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if path.endswith("/") or target in (".", ""):
        target = posixpath.join(target, "index.html").lstrip("./")
    if target not in files:
        return Problem(rel, line, 0, "", f"链接指向不存在的文件：{url}", "检查链接路径"), None
    if parts.fragment and target in pages:
        return None, (target, unquote(parts.fragment))
    return None, None
