"""Which pages the site has: hand-written pages under content/pages plus generated ones."""

from __future__ import annotations

from xinyu.model.project import Project


def page_paths(project: Project) -> set[str]:
    """Docs-relative paths of every page (hand-written and generated)."""
    from xinyu.render.site import page_plan

    paths = set(page_plan(project))
    base = project.root / "content" / "pages"
    if base.is_dir():
        paths |= {p.relative_to(base).as_posix() for p in base.rglob("*.md")}
    return paths
