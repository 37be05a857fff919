"""Shared fixtures: small projects written into tmp_path from the repository's own files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
# Material's notice about MkDocs 2.0 on every build: quiet in tests, whichever way they are started.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
EXAMPLE_LESSON = REPO / "lessons" / "primary-lower" / "g1-hello-new-school.yml"


def copy_base(dest: Path) -> Path:
    """Taxonomies, rules, settings, pages, macros and mkdocs.yml: a valid project without data."""
    for rel in ("content/taxonomy", "content/policy", "content/pages", "macros"):
        shutil.copytree(REPO / rel, dest / rel, ignore=shutil.ignore_patterns("__pycache__"))
    for rel in ("content/site.yml", "mkdocs.yml"):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, dest / rel)
    return dest


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A valid project with one lesson scheduled in grade 1."""
    root = copy_base(tmp_path / "proj")
    (root / "lessons" / "primary-lower").mkdir(parents=True)
    shutil.copy(EXAMPLE_LESSON, root / "lessons" / "primary-lower" / EXAMPLE_LESSON.name)
    (root / "content" / "schedule").mkdir(parents=True)
    (root / "content" / "schedule" / "grade-1.yml").write_text(
        "grade: 1\nschedule:\n  - {semester: 1, week: 1, lesson: g1-hello-new-school}\n", encoding="utf-8")
    return root


@pytest.fixture
def full(tmp_path: Path) -> Path:
    """A copy of the whole repository content (lessons and content/)."""
    root = tmp_path / "full"
    for rel in ("content", "lessons", "macros"):
        shutil.copytree(REPO / rel, root / rel, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    """Load a YAML file, change it in place, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
