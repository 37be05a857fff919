"""Checks over the built HTML: no script injection, every internal link and asset resolves,
external links use https. Runs on the staging folder before it replaces ``site/``."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from xinyu.load.problems import Problem

_EVENT = re.compile(r"^on[a-z]+$")
_URL_ATTRS = {"href", "src", "action", "formaction", "poster", "xlink:href"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[int, str]] = []
        self.urls: list[tuple[int, str, str]] = []
        self.scripts: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self._in_script: int | None = None
        self._script = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if _EVENT.match(name):
                self.events.append((line, f"<{tag} {name}=…>"))
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name in _URL_ATTRS and value is not None:
                self.urls.append((line, tag, value))
        if tag == "script" and not dict(attrs).get("src"):
            self._in_script, self._script = line, ""

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, self._script.strip()))
            self._in_script = None


def _shape(script: str) -> str:
    """A script with its string literals blanked (the theme's scripts differ only in base URLs)."""
    return re.sub(r'"[^"\n]*"', '""', script)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def check_site(site: Path, theme_page: str = "404.html") -> list[Problem]:
    """Every problem in the built site. Inline scripts are allowed only when the theme's own
    page (``404.html``, which holds no content) has the same script."""
    problems: list[Problem] = []
    theme = site / theme_page
    allowed = {_shape(s) for _, s in _parse(theme).scripts} if theme.is_file() else set()
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = sorted(site.rglob("*.html"))
    parsed = {p.relative_to(site).as_posix(): _parse(p) for p in pages}
    for rel, page in parsed.items():
        for line, what in page.events:
            problems.append(Problem(rel, line, 0, "", f"网页里有事件处理属性 {what}", "内容里不能写 HTML 事件属性"))
        for line, script in page.scripts:
            if script and _shape(script) not in allowed and not script.startswith("{"):
                problems.append(Problem(rel, line, 0, "", "网页里有内嵌脚本", "内容里不能写 <script>"))
        for line, tag, url in page.urls:
            parts = urlsplit(url.strip())
            scheme = parts.scheme.lower()
            if scheme in ("javascript", "vbscript", "data") and not (scheme == "data" and tag == "img"):
                problems.append(Problem(rel, line, 0, "", f"链接使用了 {scheme}: 地址", "只能链接到网页或文件"))
            elif scheme == "http":
                problems.append(Problem(rel, line, 0, "", f"外部链接没有用 https：{url}", "改成 https:// 开头的地址"))
            elif not scheme and not parts.netloc and parts.path:
                path = unquote(parts.path)
                base = "" if path.startswith("/") else posixpath.dirname(rel)
                target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
                if target.endswith("/") or target in (".", ""):
                    target = posixpath.join(target, "index.html")
                if target not in files and posixpath.join(target, "index.html") not in files:
                    problems.append(Problem(rel, line, 0, "", f"链接指向不存在的文件：{url}", "检查链接路径"))
                elif parts.fragment and target in parsed and unquote(parts.fragment) not in parsed[target].ids:
                    problems.append(Problem(rel, line, 0, "", f"链接指向不存在的锚点：{url}", "检查标题或锚点"))
    return problems
