"""``xinyu schema``: JSON Schemas for editors, with the district's own vocabularies as enums.

Every content file the loader reads has a schema here (the same models: :data:`xinyu.load.project.FOLDERS`
and :data:`~xinyu.load.project.SINGLE`), and every content file names its schema in its first line,
``# yaml-language-server: $schema=<relative path>``, which the YAML extension of VS Code (and other
editors using yaml-language-server) follows. ``xinyu schema --annotate`` adds the line where it is missing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from xinyu.load.project import FOLDERS, SINGLE, yaml_files
from xinyu.model.lesson import Lesson

#: Schema name → model, for every kind of content file. Folder kinds are named after their models'
#: folders (``content/training/modules`` → ``training-module``), single files after the file.
_FOLDER_NAMES = {
    "content/schedule": "schedule",
    "content/training/modules": "training-module",
    "content/training/plans": "training-plan",
    "content/air-classroom": "air-classroom",
    "content/parent-school": "parent-school",
    "content/schools": "school",
}
SCHEMAS: dict[str, type[BaseModel]] = {
    "lesson": Lesson,
    **{_FOLDER_NAMES[folder]: model for folder, model in FOLDERS.items()},
    **{Path(rel).stem: model for rel, model in SINGLE.items()},
}
#: The first line that points an editor at a file's schema.
LINE = "# yaml-language-server: $schema="
_LINE_RE = re.compile(r"^\ufeff?# yaml-language-server: \$schema=(\S+)")


def schema_name(rel: str) -> str | None:
    """The schema of the content file at ``rel`` (relative to the project, ``/``-separated)."""
    if rel.startswith("lessons/"):
        return "lesson"
    if rel in SINGLE:
        return Path(rel).stem
    return _FOLDER_NAMES.get(rel.rsplit("/", 1)[0])


def schema_line(rel: str, schemas_dir: str = "schemas") -> str | None:
    """The ``# yaml-language-server`` line the file at ``rel`` should start with."""
    name = schema_name(rel)
    if name is None:
        return None
    target = os.path.relpath(f"{schemas_dir}/{name}.schema.json", os.path.dirname(rel) or ".")
    return LINE + target.replace(os.sep, "/")


def stated_schema(text: str) -> str | None:
    """The schema path the text's first line names, if any."""
    m = _LINE_RE.match(text)
    return m.group(1) if m else None


def _vocab(root: Path) -> dict[str, list[str]]:
    def names(file: str, key: str, field: str) -> list[str]:
        try:
            data = yaml.safe_load((root / "content" / "taxonomy" / file).read_text(encoding="utf-8"))
            return [str(item[field]) for item in data[key]]
        except (OSError, yaml.YAMLError, KeyError, TypeError):
            return []

    return {
        "stage": names("stages.yml", "stages", "slug"),
        "theme": names("themes.yml", "themes", "name"),
        "form": names("forms.yml", "forms", "name"),
        "role": names("roles.yml", "roles", "slug"),
        "sensitive": names("sensitive.yml", "sensitive_topics", "name"),
    }


def _enum(schema: dict[str, Any], values: list[str], many: bool) -> None:
    if not values:
        return
    target = schema.get("items", schema) if many else schema
    target["enum"] = values


def build_schema(name: str, root: Path) -> dict[str, Any]:
    """The JSON Schema of one content type, with allowed values filled in from the taxonomy."""
    schema = SCHEMAS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    vocab = _vocab(root)
    props = schema.get("properties", {})
    defs = schema.get("$defs", {})
    if name == "lesson":
        _enum(props["stage"], vocab["stage"], False)
        _enum(props["themes"], vocab["theme"], True)
        _enum(props["sensitive"], vocab["sensitive"], True)
        _enum(defs["Activity"]["properties"]["form"], vocab["form"], False)
    elif name == "training-module":
        _enum(props["audiences"], vocab["role"], True)
        _enum(props["hosts"], vocab["role"], True)
    elif name == "training-plan":
        _enum(props["role"], vocab["role"], False)
    elif name == "parent-school":
        _enum(props["stage"], vocab["stage"], False)
    return schema


def annotate(root: Path) -> list[Path]:
    """Give every content file the right first line (added, or corrected when it names another
    schema); return the files changed. BOM and line endings are kept."""
    changed = []
    for path in yaml_files(root):
        rel = path.relative_to(root).as_posix()
        want = schema_line(rel)
        if want is None:
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # xinyu check reports the encoding
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        body = text.removeprefix(bom)
        newline = "\r\n" if "\r\n" in body else "\n"
        first, sep, rest = body.partition("\n")
        if first.rstrip("\r") == want:
            continue
        body = (want + newline + rest) if stated_schema(first) else (want + newline + body)
        path.write_bytes((bom + body).encode("utf-8"))
        changed.append(path)
    return changed


def write_schemas(root: Path, out_dir: Path) -> list[Path]:
    """Write every schema to ``out_dir``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = out_dir / f"{name}.schema.json"
        path.write_text(json.dumps(build_schema(name, root), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
