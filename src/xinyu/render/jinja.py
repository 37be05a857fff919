"""The Jinja environment for generated pages: autoescaped, strict about undefined names."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from xinyu.model.air import SAMPLE_NOTE
from xinyu.model.taxonomy import grade_label, grade_name, semester_name, weeks_text
from xinyu.render import text

TEMPLATES = Path(__file__).parent / "templates"


@cache
def env() -> Environment:
    """The Jinja environment: autoescaped, strict about undefined names."""
    e = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    e.filters["md"] = lambda s: Markup(text.md(s))
    e.filters["yamlstr"] = lambda s: Markup(text.yaml_str(s))
    e.filters["cnindex"] = text.cn_index
    e.globals.update(grade_label=grade_label, grade_name=grade_name, semester_name=semester_name, weeks_text=weeks_text,
                     sample_note=SAMPLE_NOTE)
    return e


def render(template: str, **context: object) -> str:
    """Render one template."""
    return env().get_template(template).render(**context)
