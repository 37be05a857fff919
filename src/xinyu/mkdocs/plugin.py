"""MkDocs plugin ``xinyu``: load and validate the project, add generated pages, tune search.

Only this package (and the CLI) imports MkDocs; everything else works without it.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from xinyu import progress
from xinyu.model.project import Project
from xinyu.pipeline import checked_project
from xinyu.render import macros
from xinyu.render.macros import MacroError, current_project  # noqa: F401 - current_project: older macros modules

if TYPE_CHECKING:
    from xinyu.kit.build import PendingKit, Prescan

T = TypeVar("T")

log = logging.getLogger("mkdocs.plugins.xinyu")


class PageTemplateError(PluginError):
    """A hand-written page's template failed (``problem`` names the page and line)."""

    def __init__(self, error: MacroError) -> None:
        super().__init__(str(error.problem))
        self.problem = error.problem


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


#: Care mode (关怀模式) before the first paint: the level remembered by ``assets/js/xinyu.js``
#: (``?care=`` in the address, then localStorage, sessionStorage, window.name) is set on ``<html>``
#: in the page's head, so large type shows at once instead of after the page's scripts run. Every
#: storage read is guarded: some in-app browsers throw on ``localStorage``.
CARE_FIRST = ('<script>(function(){var d=document.documentElement,k="xinyu-care",v=null,m;'
              'try{m=/[?&]care=([012])(?:&|#|$)/.exec(location.search);if(m){v=m[1]}}catch(e){}'
              'if(v===null){try{v=localStorage.getItem(k)}catch(e){}}'
              'if(v===null){try{v=sessionStorage.getItem(k)}catch(e){}}'
              'if(v===null){try{m=/(?:^|;)xinyu-care=([012])(?:;|$)/.exec(window.name||"");v=m?m[1]:null}catch(e){}}'
              'if(v==="1"||v==="2"){d.setAttribute("data-xy-care",v)}})();</script>')

_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)

#: The 404 page's text (Material writes "404 - Not found" in English whatever the language).
NOT_FOUND = ('<h1>没有找到这个页面</h1>\n<p>这个网址可能写错了，或者页面已经搬走。可以从下面的入口重新找：</p>\n'
             '<ul>\n<li><a href="{base}index.html">回到首页</a></li>\n'
             '<li><a href="{base}lessons/index.html">课例库（老师找课）</a></li>\n'
             '<li><a href="{base}parents/index.html">家长学校（写给家长和爷爷奶奶）</a></li>\n'
             '<li><a href="{base}search.html">站内搜索</a></li>\n</ul>')


def care_first(html: str) -> str:
    """``html`` with :data:`CARE_FIRST` right after its ``<meta charset>`` (else after ``<head>``)."""
    if "xinyu-care" in html[:4096]:
        return html
    m = _CHARSET.search(html, 0, 4096)
    if m is None:
        head = html.find("<head>")
        if head < 0:
            return html
        return html[: head + 6] + CARE_FIRST + html[head + 6:]
    return html[: m.end()] + CARE_FIRST + html[m.end():]


def not_found_page(html: str) -> str:
    """Material's 404 page in Chinese, with the ways back (links from the site's root)."""
    m = re.search(r'<link[^>]+href="([^"]*)assets/css/xinyu\.css"', html)
    base = m.group(1) if m else "/"
    return html.replace("<h1>404 - Not found</h1>", NOT_FOUND.format(base=base), 1)


class XinyuConfig(base.Config):
    """Settings of the plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: Write the open-data export to ``api/`` in the site.
    api = c.Type(bool, default=True)
    #: Build the lesson delivery kit (slides, lesson plans, print pages, home slips) into ``kit/``.
    kit = c.Type(bool, default=True)
    #: The module (relative to the project, without ``.py``) whose ``define_env`` gives the
    #: hand-written pages their variables and macros.
    macros_module = c.Type(str, default=macros.DEFAULT_MODULE)


#: The search index a live preview is writing in the background (see XinyuPlugin.on_post_build).
_INDEXING: list[threading.Thread] = []


class XinyuPlugin(BasePlugin[XinyuConfig]):
    """Generated pages from the YAML content."""

    #: Set by ``xinyu build``, which scans every file of the built site for personal data: the
    #: kit's workers scan the decks and plans they make ahead (see :func:`xinyu.kit.build.start_kit`).
    prescan: Prescan | None = None

    supports_multiple_instances = False

    serving = False

    @property
    def _waiting(self) -> str:
        """What a maintainer previewing with ``serve`` needs to know after a failed rebuild."""
        return "\n改好并保存文件后会自动重新构建；在此之前，浏览器里的页面会一直等待。" if self.serving else ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a live preview (``mkdocs serve`` / ``xinyu serve``)."""
        self.serving = command == "serve"
        self._pages = {"total": 0, "read": 0, "written": 0}  # progress of xinyu build

    def on_shutdown(self) -> None:
        """Let a preview's search index finish before the server's folder goes."""
        self._finish_index()

    @staticmethod
    def _finish_index() -> None:
        while _INDEXING:  # kept by the module: ``serve`` makes a new plugin for every rebuild
            _INDEXING.pop().join()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load the project next to mkdocs.yml; refuse to build from invalid content."""
        self._finish_index()  # a rebuild never writes pages while the last index is still being written
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
        if not self.serving:  # publishing: drafts never, failing rules not when the district says strict
            from xinyu.verdict import judge

            verdict = judge(root, result.project, checked.advice)
            if verdict.drafts:
                raise PluginError("有课例还没写完（草稿），网站没有构建：\n" + "\n".join(str(p) for p in verdict.drafts[:50])
                                  + "\n草稿可以用 mkdocs serve 或 xinyu serve 预览。")
            if result.project.settings.strict and verdict.failed(True):
                failing = [f"{r.rule.id} {r.rule.title}：{r.detail}" for r in verdict.report.results if r.status != "pass"]
                raise PluginError("content/site.yml 设置了 strict: true，有规则不达标或有提醒，网站没有构建：\n"
                                  + "\n".join([*failing, *map(str, verdict.other_reminders())][:50]))
        self.project = result.project
        brand(config, result.project)
        self.macros = macros.load_macros(result.project, self.config.macros_module)
        self.generated: set[str] = set()
        self._kit: PendingKit | None = None
        self._kit_files: list[File] = []
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add every generated page (lessons, indexes, training, air classroom, parents, compliance)."""
        if not self.config.enabled:
            return files
        from xinyu.render.tree import generated_files

        generated: dict[str, str] = {}
        for path, content in generated_files(self.project, api=self.config.api, kit=self.config.kit):
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"content/pages/{path} 与自动生成的页面重名，请改名或删除")
            generated[path] = content
        self.generated = set(generated)
        if self.serving:
            cache = _serve_cache(self.project.root)
            for path, content in generated.items():
                files.append(_cached_file(cache, path, content, config))
        else:
            for path, content in generated.items():
                files.append(File.generated(config, path, content=content))
        if self.config.kit:
            self._add_kit(files, config)
        self._pages = {"total": sum(1 for f in files if f.is_documentation_page()), "read": 0, "written": 0}
        progress.phase(f"生成网页：{self._pages['total']} 个页面")
        return files

    def _add_kit(self, files: Files, config: MkDocsConfig) -> None:
        """Start making every kit file (or reuse it from the cache) and add it to the site as a
        static file. Where each file lives in the cache is known before it is made, so a one-off
        build goes on converting and writing its pages and its search index meanwhile (on the
        other cores), and :meth:`on_post_build` waits for the kit, then copies it into the site
        (its pages link to the kit's files, which MkDocs therefore knows, but does not copy). A
        live preview waits at once (an edit remakes four files)."""
        from xinyu.kit.build import start_kit

        progress.phase(f"交付包：{len(self.project.lessons)} 节课的课件、教案、学习单和家校联系单（有缓存的直接沿用）")
        scan = None if self.serving else self.prescan
        self._kit = self._kit_call(lambda: start_kit(self.project, prune=not self.serving, scan=scan))
        kind = File if self.serving else _CopiedLater
        self._kit_files = []
        for path, source in self._kit.files.items():
            if files.get_file_from_path(path) is not None:
                self._kit.cancel()
                raise PluginError(f"content/pages/{path} 与自动生成的交付包文件重名，请改名或删除")
            self._kit_files.append(kind.generated(config, path, abs_src_path=str(source)))
            files.append(self._kit_files[-1])
        if self.serving:
            self._finish_kit()

    def _kit_call(self, call: Callable[[], T]) -> T:
        from xinyu.kit.build import KitError

        try:
            return call()
        except KitError as err:
            raise PluginError(f"交付包没有生成，网站没有构建：{err.file}: {err.message}{self._waiting}") from None
        except OSError as err:
            raise PluginError(f"交付包没有生成，网站没有构建：无法写缓存 {err.filename}：{err.strerror}"
                              f"（可以删除 .cache/xinyu/kit/ 后重试）{self._waiting}") from None

    def _finish_kit(self) -> None:
        pending, self._kit = self._kit, None
        if pending is None:
            return
        kit = self._kit_call(pending.finish)
        if kit.made:
            log.info("交付包：新生成 %d 个文件，沿用缓存 %d 个", len(kit.made), kit.reused)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build stops making the kit."""
        pending, self._kit = getattr(self, "_kit", None), None
        if pending is not None:
            pending.cancel()

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Render the macros of a hand-written page (the same function ``xinyu render`` uses)."""
        if not self.config.enabled or page.file.src_uri in self.generated:
            return markdown
        from xinyu.render.macros import front_matter_lines
        from xinyu.render.tree import render_hand_written

        offset = front_matter_lines(Path(page.file.abs_src_path)) if page.file.abs_src_path else 0
        try:
            return render_hand_written(self.macros, page.file.src_uri, markdown, page.meta, offset)
        except MacroError as err:
            raise PageTemplateError(err) from None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Honour a page's ``toc_depth`` (front matter): its table of contents keeps only headings
        down to that level. A print pack lists its lessons, not every activity of every lesson,
        which would repeat in the page's navigation and add about 10 KB per pack."""
        self._pages["read"] += 1
        progress.count("转换页面", self._pages["read"], self._pages["total"])
        depth = page.meta.get("toc_depth")
        if isinstance(depth, int) and page.toc:
            _trim_toc(page.toc, depth)
        if not page.meta.get("description") and not page.is_homepage:
            first = first_paragraph(html)
            if first:
                page.meta["description"] = first
        if not self.serving:
            self._release_source(page)
        return html

    def _release_source(self, page: Page) -> None:
        """A page's Markdown is not needed once converted: MkDocs converts every page before it
        writes any, and at 20,000 lessons the sources held meanwhile are about a gigabyte. Only in a
        one-off build: a live preview's pages are files on disk, re-read when they change."""
        page.markdown = None
        if page.file.src_uri in self.generated:
            page.file.content_bytes = b""  # the generated text itself (nothing reads it again)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Count the pages written (progress of ``xinyu build``); care mode before the first paint."""
        self._pages["written"] += 1
        progress.count("写出网页", self._pages["written"], self._pages["total"])
        if not self.serving:
            page.content = None  # written out next; the checks and the search index read the files
        return care_first(output) if self.config.enabled else output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page: in Chinese, with the ways back and care mode like every page."""
        if not self.config.enabled or template_name != "404.html":
            return output_content
        return care_first(not_found_page(output_content))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the site search index (assets/search/) from the finished pages, then wait for the
        kit and copy it in (see :meth:`_add_kit`).

        In a live preview the index is written in the background: the edited page reloads as soon
        as its pages are written, and search catches up about a second later (the index of the
        shipped site takes 1–1.5 s). The next rebuild waits for it before writing anything."""
        if not self.config.enabled:
            return
        from xinyu.searchindex import build_index

        site, grades = Path(config.site_dir), _lesson_grades(self.project)
        if self.serving:
            def index() -> None:
                try:
                    build_index(site, grades)
                except Exception as err:  # noqa: BLE001 - a preview's search is not worth a traceback
                    log.error("预览的站内搜索索引没有写成：%s", err)

            self._finish_index()
            _INDEXING.append(threading.Thread(target=index, name="xinyu-search-index", daemon=True))
            _INDEXING[-1].start()
            return
        progress.phase("站内搜索索引")
        build_index(site, grades)  # the kit's print sheets are not indexed: it may still be being made
        if self._kit is not None:
            progress.phase("交付包：等待生成完毕，复制到网站")
            self._finish_kit()
            try:
                for file in self._kit_files:
                    Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(str(file.abs_src_path), file.abs_dest_path)
            except OSError as err:  # a full disk
                raise PluginError(f"交付包没有复制进网站，网站没有构建：{err.filename}：{err.strerror}") from None


class _CopiedLater(File):
    """A kit file that MkDocs knows (pages link to it) but does not copy: it may not be made yet
    when MkDocs copies static files; the plugin copies it at the end of the build."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


def brand(config: MkDocsConfig, project: Project) -> None:
    """Everything district-specific comes from ``content/site.yml`` (and the notice from the
    policy file): description, footer, colours, logo and site address. mkdocs.yml holds none of it."""
    from xinyu.render.tree import branding

    values = branding(project, dict(config.theme.get("palette") or {}) if isinstance(
        config.theme.get("palette"), dict) else {})
    config.site_description = values["site_description"]
    config.copyright = values["copyright"]
    config.theme["palette"] = values["palette"]
    if "logo" in values:
        config.theme["logo"] = values["logo"]
        config.theme["favicon"] = values["favicon"]
    if "site_url" in values and not config.site_url:
        config.site_url = values["site_url"]


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
