"""Load a whole project: find the YAML files, validate each, then check references between them.

Phase 1 validates each file against its model; phase 2 (only on what phase 1 accepted) checks
references and allowed values from the taxonomies. Every problem is collected; nothing raises.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from xinyu.load.cache import FileCache, digest
from xinyu.load.problems import Problem, relative
from xinyu.load.references import check_references
from xinyu.load.validate import validate
from xinyu.load.yamlread import Document, YamlProblem, decode, parse
from xinyu.model.air import Series
from xinyu.model.family import ParentSchoolPlan
from xinyu.model.lesson import Lesson
from xinyu.model.policy import RulesFile, Settings
from xinyu.model.project import Project
from xinyu.model.schedule import ScheduleFile
from xinyu.model.school import School
from xinyu.model.taxonomy import FormsFile, RolesFile, SensitiveFile, StagesFile, Taxonomy, TermsFile, ThemesFile
from xinyu.model.training import TrainingModule, TrainingPlan

#: Folder (relative to the project) → the model of every YAML file directly in it.
FOLDERS: dict[str, type[BaseModel]] = {
    "content/schedule": ScheduleFile,
    "content/training/modules": TrainingModule,
    "content/training/plans": TrainingPlan,
    "content/air-classroom": Series,
    "content/parent-school": ParentSchoolPlan,
    "content/schools": School,
}
#: Single files (relative to the project) → model. All are required.
SINGLE: dict[str, type[BaseModel]] = {
    "content/taxonomy/stages.yml": StagesFile,
    "content/taxonomy/themes.yml": ThemesFile,
    "content/taxonomy/forms.yml": FormsFile,
    "content/taxonomy/roles.yml": RolesFile,
    "content/taxonomy/sensitive.yml": SensitiveFile,
    "content/taxonomy/terms.yml": TermsFile,
    "content/policy/rules.yml": RulesFile,
    "content/site.yml": Settings,
}
#: Folders under content/ that hold no data (hand-written pages, assets).
SKIP = ("content/pages",)
#: Extra folder kinds registered by other modules (e.g. school profiles).
EXTRA_FOLDERS: dict[str, tuple[type[BaseModel], Callable[[Project, Any], None]]] = {}


@dataclass
class LoadResult:
    """The outcome of loading: a project when the content is valid, and every problem found."""

    root: Path
    project: Project | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    #: The text of every file that could be read as UTF-8 (for scans that follow the load).
    texts: dict[Path, str] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """True when the content is valid."""
        return self.project is not None and not self.problems


def yaml_files(root: Path) -> list[Path]:
    """Every content YAML file of the project, in a stable order (hand-written pages skipped)."""
    skip = {os.path.normpath(root / s) for s in SKIP}
    found: list[str] = []
    for top in ("lessons", "content"):
        for folder, dirs, names in os.walk(root / top):
            dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skip and not d.startswith(".")]
            # any case of .yml/.yaml (Windows saves “.YML”); hidden files are editor backups and locks
            found += [os.path.join(folder, n) for n in names
                      if n.lower().endswith((".yml", ".yaml")) and not n.startswith(".")]
    return [Path(p) for p in sorted(found)]


def read_document(path: Path, rel: str, problems: list[Problem], texts: dict[Path, str] | None = None,
                  raw: bytes | None = None) -> Document | None:
    """Read and parse one file (or its ``raw`` bytes, already read), recording a problem instead of
    raising (and its text in ``texts``)."""
    if raw is None:
        raw = _read(path, rel, problems)
        if raw is None:
            return None
    try:
        text = decode(raw, rel)
        if texts is not None:
            texts[path] = text
        return parse(text, rel)
    except YamlProblem as err:
        problems.append(err.problem)
        return None
    except RecursionError:
        problems.append(Problem(rel, 0, 0, "", "内容层级太深", "检查缩进"))
        return None


def _read(path: Path, rel: str, problems: list[Problem]) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as err:
        problems.append(Problem(rel, 0, 0, "", f"无法读取文件：{err.strerror}", "检查文件权限"))
        return None


def _cached(rel: str, hashed: str, raw: bytes, model_cls: type[BaseModel],
            cache: FileCache) -> tuple[BaseModel, Document] | None:
    """The validated model kept for these bytes, with a document that finds positions from them
    (the same bytes decoded cleanly before: they are decoded again only if a message needs it)."""
    obj = cache.get(_model_key(rel, model_cls, hashed), model_cls)
    if obj is None:
        return None
    return obj, Document(rel, None, raw)


#: From this many files the cache does not hold, a load parses them in worker processes first.
PARALLEL_FROM = 2000
#: Set to 1 to load every file in this process.
WORKERS_ENV = "XINYU_LOAD_WORKERS"


def _model_key(rel: str, model_cls: type[BaseModel], hashed: str) -> tuple[str, ...]:
    return ("model", rel, model_cls.__qualname__, hashed)


def _load_one(job: tuple[str, bytes, type[BaseModel]]) -> bytes | None:
    """In a worker: the pickled model of one file's bytes, if they load cleanly (else ``None``:
    the loader does it again in its own process, and makes its messages there)."""
    rel, raw, model_cls = job
    problems: list[Problem] = []
    doc = read_document(Path(rel), rel, problems, None, raw)
    obj = validate(doc, model_cls, problems) if doc is not None else None
    if obj is None or problems:
        return None
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _no_gc() -> None:  # a worker's short life: see load_project
    gc.disable()


def _prefill(root: Path, files: list[Path], cache: FileCache, problems: list[Problem]) -> dict[Path, tuple[bytes, str] | None]:
    """Parse and validate in worker processes, one per core, the files the cache does not hold,
    and keep the models of those that loaded cleanly: the load that follows then finds them
    in the cache like any kept file. Used when many files are new (a first check, a new
    checkout): parsing is most of a cold check's time, and a city's lessons number thousands.
    Returns the bytes read and their hash (``None``: unreadable, with its problem added), for the
    load to use."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(files) < PARALLEL_FROM or os.environ.get(WORKERS_ENV) == "1":
        return {}
    read: dict[Path, tuple[bytes, str] | None] = {}
    jobs: list[tuple[str, bytes, type[BaseModel]]] = []
    keys: list[tuple[str, ...]] = []
    for path in files:
        rel = relative(path, root)
        kind = _kind(rel)
        if kind is None or isinstance(kind, str):
            continue
        raw = _read(path, rel, problems)
        if raw is None:
            read[path] = None
            continue
        read[path] = raw, digest(raw)
        key = _model_key(rel, kind, read[path][1])
        if not cache.holds(key):
            jobs.append((rel, raw, kind))
            keys.append(key)
    if len(jobs) < PARALLEL_FROM:
        return read
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:  # spawn, not fork: the load may run inside mkdocs serve, whose threads a fork would copy mid-lock
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_no_gc) as pool:
            done = list(pool.map(_load_one, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    except (BrokenProcessPool, OSError):  # no worker processes here (a sandbox): the load does it all
        return read
    for key, result in zip(keys, done, strict=True):
        if result is not None:
            cache.put_pickled(key, result)
    return read


def _kind(rel: str) -> type[BaseModel] | str | None:
    if rel.startswith("lessons/"):
        return Lesson
    if rel in SINGLE:
        return SINGLE[rel]
    folder = rel.rsplit("/", 1)[0]
    if folder in FOLDERS:
        return FOLDERS[folder]
    if folder in EXTRA_FOLDERS:
        return folder
    return None


#: Fields whose allowed values come from the taxonomies: field name → what to list.
_TAXONOMY_FIELDS: dict[str, Callable[[Taxonomy], Any]] = {
    "form": lambda t: t.forms,
    "stage": lambda t: t.stages,
    "themes": lambda t: t.themes,
    "sensitive": lambda t: t.sensitive,
    "role": lambda t: t.roles,
    "audiences": lambda t: t.roles,
}


def _taxonomy_hints(problems: list[Problem], taxonomy: Taxonomy) -> list[Problem]:
    """A missing field whose values come from a taxonomy: the hint lists them."""
    out = []
    for p in problems:
        name = p.field.rsplit(".", 1)[-1]
        if p.message == "缺少必填字段" and name in _TAXONOMY_FIELDS:
            p = replace(p, hint="可选值：" + "、".join(_TAXONOMY_FIELDS[name](taxonomy)))
        out.append(p)
    return out


def load_project(root: Path | str, files: list[Path] | None = None, cache: FileCache | None = None) -> LoadResult:
    """Load and validate everything under ``root/lessons`` and ``root/content``.

    With ``cache`` (see :mod:`xinyu.load.cache`) a file whose bytes loaded cleanly before is not
    parsed or validated again; the caller saves the cache. The cyclic garbage collector is paused
    while loading: the node trees kept for error positions are many small objects, and repeated
    collections over them tripled the load time."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_project(root, files, cache)
    finally:
        if paused:
            gc.enable()


def _load_project(root: Path | str, files: list[Path] | None, cache: FileCache | None) -> LoadResult:
    root = Path(root).resolve()
    problems: list[Problem] = []
    singles: dict[str, BaseModel] = {}
    docs: list[tuple[BaseModel, Document]] = []
    extras: list[tuple[str, BaseModel, Document]] = []
    files = yaml_files(root) if files is None else files
    read = _prefill(root, files, cache, problems) if cache is not None else {}
    broken: set[str] = set()
    texts: dict[Path, str] = {}
    digests: dict[str, str] = {}
    for path in files:
        rel = relative(path, root)
        kind = _kind(rel)
        if kind is None:
            places = "、".join(["lessons/", *sorted(FOLDERS), *sorted(EXTRA_FOLDERS)])
            problems.append(Problem(rel, 0, 0, "", "不认识这个文件的位置，不知道它是什么内容", f"内容文件应放在：{places}"))
            continue
        model_cls = EXTRA_FOLDERS[kind][0] if isinstance(kind, str) else kind
        if path in read:  # read (and hashed) already, to see what the cache lacks
            raw, hashed = read.pop(path) or (None, None)
        else:
            raw = _read(path, rel, problems)
            hashed = digest(raw) if raw is not None else None
        if hashed is not None:
            digests[rel] = hashed
        hit = _cached(rel, digests[rel], raw, model_cls, cache) if cache is not None and raw is not None else None
        if hit is not None:
            obj, doc = hit
        else:
            doc = read_document(path, rel, problems, texts, raw) if raw is not None else None
            if doc is None:  # unreadable: its id is its file name, so references to it are not reported twice
                broken.add(path.stem)
                continue
            before = len(problems)
            obj = validate(doc, model_cls, problems)
            if obj is None:
                if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                    broken.add(doc.data["id"])  # invalid, but named: don't also report references to it
                continue
            if cache is not None and len(problems) == before:
                cache.put(_model_key(rel, model_cls, digests[rel]), obj)
        if rel in SINGLE:
            singles[rel] = obj
            docs.append((obj, doc))
        elif isinstance(kind, str):
            extras.append((kind, obj, doc))
        else:
            docs.append((obj, doc))
    if not (root / "lessons").is_dir():
        problems.append(Problem("lessons/", 0, 0, "", "找不到课例文件夹 lessons/",
                                f"在 {root} 里建 lessons/<学段>/ 放课例，或确认是在项目文件夹里运行（也可用 -C 指定）"))
    missing = [rel for rel in SINGLE if rel not in singles and not (root / rel).exists()]
    for rel in missing:
        problems.append(Problem(rel, 0, 0, "", "缺少这个必需的文件", "从示例项目复制一份再修改"))
    if len(singles) < len(SINGLE):
        return LoadResult(root, None, sorted(problems), len(files), texts)

    taxonomy = Taxonomy(
        stages={s.slug: s for s in singles["content/taxonomy/stages.yml"].stages},  # type: ignore[attr-defined]
        themes={t.name: t for t in singles["content/taxonomy/themes.yml"].themes},  # type: ignore[attr-defined]
        forms={f.name: f for f in singles["content/taxonomy/forms.yml"].forms},  # type: ignore[attr-defined]
        roles={r.slug: r for r in singles["content/taxonomy/roles.yml"].roles},  # type: ignore[attr-defined]
        sensitive={t.name: t for t in singles["content/taxonomy/sensitive.yml"].sensitive_topics},  # type: ignore[attr-defined]
    )
    problems = _taxonomy_hints(problems, taxonomy)
    project = Project(
        taxonomy=taxonomy,
        rules=singles["content/policy/rules.yml"],  # type: ignore[arg-type]
        settings=singles["content/site.yml"],  # type: ignore[arg-type]
        root=root,
        search_terms=list(singles["content/taxonomy/terms.yml"].terms),  # type: ignore[attr-defined]
        digests=digests,
    )
    for obj, doc in docs:
        project.remember(obj, doc.file, doc.position)
        if isinstance(obj, Lesson):
            if obj.id in project.lessons:
                first = project.locate(project.lessons[obj.id])
                line, col = doc.position(("id",))
                problems.append(Problem(doc.file, line, col, "id", f"课例编号“{obj.id}”重复，{first} 已经用过",
                                        "每个课例的 id 必须唯一，通常与文件名相同"))
                continue
            project.lessons[obj.id] = obj
        elif isinstance(obj, ScheduleFile):
            project.schedules.append(obj)
        elif isinstance(obj, TrainingModule):
            project.modules[obj.id] = obj
        elif isinstance(obj, TrainingPlan):
            project.plans.append(obj)
        elif isinstance(obj, Series):
            project.series.append(obj)
        elif isinstance(obj, ParentSchoolPlan):
            project.parent_plans.append(obj)
        elif isinstance(obj, School):
            project.schools.append(obj)
    for folder, obj, doc in extras:
        project.remember(obj, doc.file, doc.position)
        EXTRA_FOLDERS[folder][1](project, obj)
    problems += check_references(project, broken, cache)
    problems = sorted(set(problems))
    return LoadResult(root, None if problems else project, problems, len(files), texts)
