"""MkDocs plugin ``xinyu``: load and validate the project, add generated pages, tune search.

Only this package (and the CLI) imports MkDocs; everything else works without it.
"""

from __future__ import annotations

import json
import logging
import re
from html import unescape
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from xinyu.model.project import Project
from xinyu.pipeline import checked_project

log = logging.getLogger("mkdocs.plugins.xinyu")
_CURRENT: dict[str, Project] = {}


_P = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def first_paragraph(html: str, limit: int = 110) -> str:
    """The page's first real paragraph as plain text (for ``<meta name="description">``).

    A link shared in a WeChat group shows the page's title and this text, so a page without its own
    ``description`` gets its first paragraph instead of the site's generic one. Admonition titles,
    sample-data notes, blank form lines and fragments shorter than ten characters are skipped."""
    for m in _P.finditer(html):
        if any(skip in m.group(0) for skip in ("admonition-title", "xy-sample", "xy-blank", "xy-noprint")):
            continue
        text = " ".join(unescape(_TAG.sub("", m.group(1))).split())
        if len(text) >= 10:
            return text if len(text) <= limit else text[: limit - 1].rstrip("，。；、 ") + "…"
    return ""


def current_project() -> Project:
    """The project loaded by the running build (for the macros module)."""
    if "project" not in _CURRENT:
        raise PluginError("xinyu 插件还没有加载内容：请在 mkdocs.yml 的 plugins 里把 xinyu 放在 macros 之前。")
    return _CURRENT["project"]


class XinyuConfig(base.Config):
    """Settings of the plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: Write the open-data export to ``api/`` in the site.
    api = c.Type(bool, default=True)


class XinyuPlugin(BasePlugin[XinyuConfig]):
    """Generated pages from the YAML content."""

    supports_multiple_instances = False

    serving = False

    @property
    def _waiting(self) -> str:
        """What a maintainer previewing with ``serve`` needs to know after a failed rebuild."""
        return "\n改好并保存文件后会自动重新构建；在此之前，浏览器里的页面会一直等待。" if self.serving else ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a live preview (``mkdocs serve`` / ``xinyu serve``)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load the project next to mkdocs.yml; refuse to build from invalid content."""
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).resolve().parent
        checked = checked_project(root)
        result = checked.result
        if result.project is None or result.problems:
            lines = "\n".join(str(p) for p in result.problems[:50])
            more = f"\n……另有 {len(result.problems) - 50} 处" if len(result.problems) > 50 else ""
            raise PluginError(f"内容有 {len(result.problems)} 处问题，网站没有构建：\n{lines}{more}{self._waiting}")
        if checked.leaks:
            raise PluginError("发现疑似个人信息，网站没有构建：\n" + "\n".join(str(p) for p in checked.leaks) + self._waiting)
        self.project = result.project
        _CURRENT["project"] = result.project
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add every generated page (lessons, indexes, training, air classroom, parents, compliance)."""
        if not self.config.enabled:
            return files
        from xinyu.render.lesson import lesson_slots
        from xinyu.render.library import DATA_PATH, library_script
        from xinyu.render.site import generated_pages

        generated = {DATA_PATH: library_script(self.project, lesson_slots(self.project))}
        for path, content in generated_pages(self.project).items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"content/pages/{path} 与自动生成的页面重名，请改名或删除")
            generated[path] = content
        if self.config.api:
            from xinyu.export import export_project

            data = export_project(self.project)
            generated["api/all.json"] = json.dumps(data, ensure_ascii=False)
            generated["api/lessons.json"] = json.dumps(data["lessons"], ensure_ascii=False)
        if self.serving:
            cache = _serve_cache(self.project.root)
            for path, content in generated.items():
                files.append(_cached_file(cache, path, content, config))
        else:
            for path, content in generated.items():
                files.append(File.generated(config, path, content=content))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Honour a page's ``toc_depth`` (front matter): its table of contents keeps only headings
        down to that level. A print pack lists its lessons, not every activity of every lesson,
        which would repeat in the page's navigation and add about 10 KB per pack."""
        depth = page.meta.get("toc_depth")
        if isinstance(depth, int) and page.toc:
            _trim_toc(page.toc, depth)
        if not page.meta.get("description") and not page.is_homepage:
            first = first_paragraph(html)
            if first:
                page.meta["description"] = first
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the site search index (assets/search/) from the finished pages."""
        if not self.config.enabled:
            return
        from xinyu.searchindex import build_index

        build_index(Path(config.site_dir), _lesson_grades(self.project))


def _serve_cache(root: Path) -> Path:
    """A folder outside the project where live preview keeps the generated pages."""
    import hashlib
    import tempfile

    digest = hashlib.sha1(str(root).encode("utf-8")).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"xinyu-serve-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cached_file(cache: Path, path: str, content: str, config: MkDocsConfig) -> File:
    """A generated page written to the cache only when it changed, so that a dirty rebuild
    (``xinyu serve``) renders just the pages an edit touched."""
    target = cache / path
    data = content.encode("utf-8")
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return File(path, str(cache), config.site_dir, config.use_directory_urls)


def _lesson_grades(project: Project) -> dict[str, str]:
    """Site address of each lesson page → its grades in words (for search results)."""
    from xinyu.model.taxonomy import grade_name
    from xinyu.render.urls import lesson_url

    return {lesson_url(x): "、".join(grade_name(g) for g in x.grades) for x in project.lessons.values()}


def _trim_toc(items: list[AnchorLink], depth: int) -> None:
    """Drop table-of-contents entries deeper than ``depth`` (1 = the page title)."""
    for item in items:
        if item.level >= depth:
            item.children = []
        else:
            _trim_toc(item.children, depth)
