"""Editor schemas: every content file names its schema in its first line, and that schema accepts
the file as shipped (validated with jsonschema, as yaml-language-server would) and catches the
mistakes maintainers make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from xinyu.cli import main
from xinyu.load.project import yaml_files
from xinyu.schemas import SCHEMAS, annotate, schema_line, stated_schema, write_schemas

ROOT = Path(__file__).resolve().parents[1]


class _StringDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text."""


_StringDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Draft202012Validator]:
    out = tmp_path_factory.mktemp("schemas")
    write_schemas(ROOT, out)
    return {p.name.removesuffix(".schema.json"): Draft202012Validator(json.loads(p.read_text(encoding="utf-8")))
            for p in out.glob("*.schema.json")}


def test_every_kind_of_content_file_has_a_schema(schemas: dict[str, Draft202012Validator]) -> None:
    assert set(schemas) == set(SCHEMAS)
    kinds = {schema_line(p.relative_to(ROOT).as_posix()) for p in yaml_files(ROOT)}
    assert None not in kinds


def test_every_content_file_names_its_schema_and_passes_it(schemas: dict[str, Draft202012Validator]) -> None:
    files = yaml_files(ROOT)
    assert len(files) > 250
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8-sig")
        assert text.splitlines()[0] == schema_line(rel), f"{rel}: run xinyu schema --annotate"
        stated = stated_schema(text)
        assert stated and (path.parent / stated).resolve() == (ROOT / "schemas" / Path(stated).name).resolve(), rel
        errors = list(schemas[Path(stated).name.removesuffix(".schema.json")].iter_errors(
            yaml.load(text, Loader=_StringDates)))  # noqa: S506 - a SafeLoader subclass
        assert not errors, f"{rel}: {errors[0].json_path}: {errors[0].message}"


@pytest.mark.parametrize(("rel", "name", "change", "path"), [
    ("content/site.yml", "site", lambda d: d.update(strict="yes"), "$.strict"),
    ("content/site.yml", "site", lambda d: d.update(distrct="某县"), "$"),
    ("content/training/modules/all-mh-literacy.yml", "training-module", lambda d: d.update(audiences=["校长们"]),
     "$.audiences[0]"),
    ("content/taxonomy/stages.yml", "stages", lambda d: d["stages"][0].update(teaching_weeks="十八"),
     "$.stages[0].teaching_weeks"),
])
def test_schemas_catch_what_maintainers_get_wrong(schemas: dict[str, Draft202012Validator], rel: str, name: str,
                                                  change: object, path: str) -> None:
    data = yaml.load((ROOT / rel).read_text(encoding="utf-8"), Loader=_StringDates)  # noqa: S506
    change(data)  # type: ignore[operator]
    errors = list(schemas[name].iter_errors(data))
    assert errors and errors[0].json_path == path


def test_annotate_adds_or_corrects_the_first_line_and_keeps_bom_and_crlf(full: Path) -> None:
    module = next((full / "content" / "training" / "modules").glob("*.yml"))
    body = "\n".join(module.read_text(encoding="utf-8").splitlines()[1:])
    module.write_bytes(("\ufeff" + body.replace("\n", "\r\n")).encode("utf-8"))  # no line, BOM, CRLF (Windows)
    plan = next((full / "content" / "training" / "plans").glob("*.yml"))
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("training-plan.schema.json", "lesson.schema.json"), encoding="utf-8")

    result = CliRunner().invoke(main, ["-C", str(full), "schema", "--annotate"])
    assert result.exit_code == 0, result.output
    assert "2 个文件补上了" in result.output
    raw = module.read_bytes().decode("utf-8")
    assert raw.startswith("\ufeff# yaml-language-server: $schema=../../../schemas/training-module.schema.json\r\n")
    assert raw.removeprefix("\ufeff").split("\r\n", 1)[1] == body.replace("\n", "\r\n")
    assert plan.read_text(encoding="utf-8") == text
    assert annotate(full) == []  # nothing left to do
    again = CliRunner().invoke(main, ["-C", str(full), "schema", "--annotate"])
    assert "都已指向它的 schema" in again.output
    check = CliRunner().invoke(main, ["-C", str(full), "check"])
    assert check.exit_code in (0, 1), check.output  # still valid content
