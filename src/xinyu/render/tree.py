"""The complete page tree of the site, independent of the site engine.

:func:`generated_files` yields every generated file (pages, the library's data script, the open
data), one at a time, so a caller can write each and let it go. :func:`hand_written` yields the
hand-written pages with their macros rendered. The xinyu MkDocs plugin builds from exactly these
two functions, and :func:`write_tree` (``xinyu render``) writes them to a folder with an
engine-neutral ``mkdocs.yml`` that any MkDocs-compatible engine (MkDocs + Material, Zensical)
builds without the xinyu plugin or mkdocs-macros.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xinyu.model.project import Project
from xinyu.render.macros import DEFAULT_MODULE, MacroEnv, load_macros, render_page, split_front_matter

#: Where the hand-written pages live, relative to the project.
PAGES = "content/pages"


def generated_files(project: Project, *, api: bool = True, kit: bool = False) -> Iterator[tuple[str, str]]:
    """Every generated file: docs-relative path → text, rendered only when asked for. With ``kit``
    the lesson and grade pages link to the delivery kit (which the caller must then build)."""
    from xinyu.render.lesson import lesson_slots
    from xinyu.render.library import DATA_PATH, library_script
    from xinyu.render.site import page_plan

    yield DATA_PATH, library_script(project, lesson_slots(project))
    for path, make in page_plan(project, kit=kit).items():
        yield path, make()
    if api:
        from xinyu.export import export_project

        data = export_project(project)
        yield "api/all.json", json.dumps(data, ensure_ascii=False)
        yield "api/lessons.json", json.dumps(data["lessons"], ensure_ascii=False)


def hand_written_paths(root: Path) -> list[str]:
    """Docs-relative paths of the hand-written Markdown pages."""
    base = root / PAGES
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.md")) if base.is_dir() else []


def render_hand_written(env: MacroEnv, path: str, text: str, meta: dict | None = None, offset: int = 0) -> str:
    """One hand-written page's body (front matter already removed) with its macros rendered."""
    return render_page(env, text, f"{PAGES}/{path}", meta, offset)


def hand_written(project: Project, env: MacroEnv | None = None) -> Iterator[tuple[str, str]]:
    """Every hand-written page, front matter kept and macros rendered: docs-relative path → text."""
    import yaml

    env = env or load_macros(project)
    for path in hand_written_paths(project.root):
        text = (project.root / PAGES / path).read_text(encoding="utf-8-sig")
        front, body, lines = split_front_matter(text)
        meta: dict = {}
        if front:
            inner = front.strip().splitlines()[1:-1]
            loaded = yaml.safe_load("\n".join(inner)) if inner else None
            meta = loaded if isinstance(loaded, dict) else {}
        yield path, front + render_hand_written(env, path, body, meta, lines)


@dataclass(frozen=True)
class TreeStats:
    """What :func:`write_tree` wrote."""

    pages: int
    files: int
    bytes: int


def write_tree(project: Project, out: Path, *, api: bool = True, macros_module: str = DEFAULT_MODULE,
               kit: bool = True) -> TreeStats:
    """Write the page tree of ``project`` to ``out``: ``out/docs/`` (every page and asset) and
    ``out/mkdocs.yml`` (the project's settings without the xinyu plugin, macros or watch list).

    Raises :class:`~xinyu.render.macros.MacroError` on a template error and ``ValueError`` when a
    hand-written page has the path of a generated one."""
    root = project.root
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(root / PAGES, docs, ignore=shutil.ignore_patterns("*.md", ".*", "__pycache__"))
    hand = set(hand_written_paths(root))
    pages = files = size = 0

    def put(path: str, text: str) -> None:
        nonlocal pages, files, size
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        target.write_bytes(data)
        files += 1
        pages += path.endswith(".md")
        size += len(data)

    for path, text in hand_written(project, load_macros(project, macros_module)):
        put(path, text)
    for path, text in generated_files(project, api=api, kit=kit):
        if path in hand:
            raise ValueError(f"{PAGES}/{path} 与自动生成的页面重名，请改名或删除")
        put(path, text)
    if kit:  # the delivery kit, made (or reused from its cache) exactly as the plugin makes it
        from xinyu.kit.build import build_kit

        for path, source in build_kit(project, prune=False).files.items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            files += 1
            size += target.stat().st_size
    (out / "mkdocs.yml").write_text(neutral_config((root / "mkdocs.yml").read_text(encoding="utf-8"), project),
                                    encoding="utf-8")
    return TreeStats(pages, files, size)


def branding(project: Project, palette: dict[str, Any] | None = None) -> dict[str, Any]:
    """The district's settings as MkDocs config values (``content/site.yml``): description, footer,
    palette (merged into ``palette``), logo and favicon, site address. The xinyu plugin sets them on
    the config; :func:`neutral_config` writes them into the rendered tree's ``mkdocs.yml``."""
    settings = project.settings
    values: dict[str, Any] = {
        "site_description": settings.description
        or f"{settings.district}中小学心理辅导活动课、教师培训、家长学校与合规报告",
        "copyright": f"{settings.district}中小学心理健康教育 · 内容依据政策文件编写（见“关于本站”） · 不含任何个人信息",
        "palette": {**(palette or {"scheme": "default"}), "primary": settings.colours.primary,
                    "accent": settings.colours.accent},
    }
    if settings.logo:
        values["logo"] = values["favicon"] = settings.logo
    if settings.site_url:
        values["site_url"] = settings.site_url
    return values


def neutral_config(text: str, project: Project | None = None) -> str:
    """The project's ``mkdocs.yml`` for the rendered tree: ``docs_dir: docs``, ``site_dir: site``,
    no plugins (the xinyu plugin and macros have done their work), no watch list, and the
    district's :func:`branding` (which the plugin would have set). Edited as text so that comments
    and YAML tags (the heading slug function) stay as written."""
    if project is not None:
        text = _branded(text, project)
    lines = text.splitlines()
    out: list[str] = []
    skip_block = False
    for line in lines:
        top = re.match(r"^([A-Za-z_]\w*):", line)
        if top:
            skip_block = top.group(1) in ("plugins", "watch")
            if skip_block:
                if top.group(1) == "plugins":
                    out.append("# 页面已由 xinyu render 生成（含手写页面里的宏），不需要插件")
                    out.append("plugins: []")
                continue
            if top.group(1) == "docs_dir":
                out.append("docs_dir: docs")
                continue
            if top.group(1) == "site_dir":
                out.append("site_dir: site")
                continue
        elif skip_block and (not line.strip() or line.startswith((" ", "\t", "-"))):
            continue
        else:
            skip_block = False
        out.append(line)
    body = "\n".join(out) + "\n"
    if not re.search(r"^docs_dir:", body, re.M):
        body += "docs_dir: docs\n"
    if not re.search(r"^plugins:", body, re.M):
        body += "plugins: []\n"
    return body


def _top_blocks(text: str) -> list[tuple[str | None, list[str]]]:
    """The text cut into top-level blocks: (key or None for comments and blank lines, lines)."""
    blocks: list[tuple[str | None, list[str]]] = []
    for line in text.splitlines():
        top = re.match(r"^([A-Za-z_]\w*):", line)
        if top:
            blocks.append((top.group(1), [line]))
        elif blocks and blocks[-1][0] is not None and (line.startswith((" ", "\t", "-")) or not line.strip()):
            blocks[-1][1].append(line)
        else:
            blocks.append((None, [line]))
    return blocks


def _branded(text: str, project: Project) -> str:
    """``text`` (a mkdocs.yml) with the district's branding: the plain keys set, the theme's
    palette, logo and favicon merged into its block (which holds no YAML tags)."""
    import yaml

    blocks = _top_blocks(text)
    theme_at = next((i for i, (key, _) in enumerate(blocks) if key == "theme"), None)
    theme: dict[str, Any] = {}
    if theme_at is not None:
        theme = (yaml.safe_load("\n".join(blocks[theme_at][1])) or {}).get("theme") or {}
    palette = theme.get("palette") if isinstance(theme.get("palette"), dict) else None
    values = branding(project, palette)
    theme["palette"] = values.pop("palette")
    for key in ("logo", "favicon"):
        if key in values:
            theme[key] = values.pop(key)
    dumped = yaml.safe_dump({"theme": theme}, allow_unicode=True, sort_keys=False).rstrip("\n").splitlines()
    if theme_at is None:
        blocks.append(("theme", dumped))
    else:
        blocks[theme_at] = ("theme", dumped)
    for key, value in values.items():
        line = f"{key}: {json.dumps(value, ensure_ascii=False)}"
        at = next((i for i, (k, _) in enumerate(blocks) if k == key), None)
        if at is None:
            blocks.insert((theme_at if theme_at is not None else len(blocks)), (key, [line]))
        else:
            blocks[at] = (key, [line])
    return "\n".join(line for _, lines in blocks for line in lines) + "\n"
