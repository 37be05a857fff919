"""``xinyu schema``: JSON Schemas for editors, with the district's own vocabularies as enums."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from xinyu.model.air import Series
from xinyu.model.family import ParentSchoolPlan
from xinyu.model.lesson import Lesson
from xinyu.model.schedule import ScheduleFile
from xinyu.model.training import TrainingModule, TrainingPlan

SCHEMAS = {
    "lesson": Lesson,
    "schedule": ScheduleFile,
    "training-module": TrainingModule,
    "training-plan": TrainingPlan,
    "air-classroom": Series,
    "parent-school": ParentSchoolPlan,
}


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


def write_schemas(root: Path, out_dir: Path) -> list[Path]:
    """Write every schema to ``out_dir``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = out_dir / f"{name}.schema.json"
        path.write_text(json.dumps(build_schema(name, root), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
