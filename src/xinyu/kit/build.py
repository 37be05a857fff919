"""Write the whole kit for a site: every lesson's files, the semester archives, QR codes, the CSS.

Files are cached by content in ``.cache/xinyu/kit/`` under the project (ignored by git, safe to
delete): a file's name is the hash of everything it says plus the hash of the code that writes
it, so a rebuild regenerates only the lessons that changed, and a change to the generators
regenerates everything. Entries are written to a temporary name and renamed, so an interrupted
build never leaves a half-written file in the cache. The site build then copies the files it
needs from the cache into the staging folder, before the atomic swap of ``site/``.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path

from xinyu.kit.data import Kit, archive_name, archive_path, lesson_kit, names, qr_path
from xinyu.kit.homeslip import build_home_slip, qr_svg
from xinyu.kit.layout import CSS
from xinyu.kit.office import ZIP_DATE
from xinyu.kit.plan import build_plan
from xinyu.kit.printpage import build_materials_page
from xinyu.kit.slides import build_slides
from xinyu.model.project import Project

#: The cache folder, relative to the project.
CACHE = Path(".cache") / "xinyu" / "kit"
CSS_PATH = "kit/kit.css"


class KitError(Exception):
    """A kit file could not be made; ``file`` is the lesson it belongs to."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


@cache
def code_digest() -> str:
    """Hash of the code that writes kit files (this package and the Office libraries' versions)."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *here.glob("templates/*"), CSS]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for dist in ("python-pptx", "python-docx", "segno"):
        h.update(f"{dist}={version(dist)}".encode())
    return h.hexdigest()[:16]


@dataclass
class KitBuild:
    """The outcome of :func:`build_kit`: site path → file in the cache, and what was (re)made."""

    files: dict[str, Path] = field(default_factory=dict)
    made: list[str] = field(default_factory=list)
    reused: int = 0
    kits: dict[str, Kit] = field(default_factory=dict)


class _Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[Path] = set()

    def path(self, key: str, suffix: str) -> Path:
        """Where the entry ``key`` lives (whether or not it exists yet); marks it used."""
        path = self.folder / key[:2] / f"{key}{suffix}"
        self.used.add(path)
        return path

    @staticmethod
    def put(path: Path, data: bytes) -> None:
        """Write an entry atomically (temporary file, then rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str, suffix: str, make: Callable[[], bytes], out: KitBuild, label: str) -> Path:
        """The entry ``key``, made with ``make`` if it is not in the cache yet."""
        path = self.path(key, suffix)
        if path.is_file():
            out.reused += 1
            return path
        self.put(path, make())
        out.made.append(label)
        return path

    def prune(self) -> None:
        """Remove cache entries this build did not use (old versions of edited lessons)."""
        for path in self.folder.glob("*/*"):
            if path.is_file() and path not in self.used:
                path.unlink(missing_ok=True)


def _key(*parts: str) -> str:
    return hashlib.sha256("\n".join([code_digest(), *parts]).encode("utf-8")).hexdigest()


def archive_bytes(members: list[tuple[str, Path]]) -> bytes:
    """A zip of ``members`` (entry name, file). Chinese entry names are stored as UTF-8 with the
    language-encoding flag (bit 11, 0x800) set, so Windows Explorer and 7-Zip show them right;
    entries carry a fixed date so the archive is byte-stable."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, path in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED  # .pptx/.docx are zip-compressed already
            info.external_attr = 0o644 << 16
            info.flag_bits |= 0x800
            zf.writestr(info, path.read_bytes())
    return buf.getvalue()


def build_kit(project: Project, *, cache_dir: Path | None = None, prune: bool = True) -> KitBuild:
    """Make (or reuse) every kit file of ``project``; nothing is written outside the cache."""
    from xinyu.render.lesson import lesson_slots

    folder = cache_dir or (project.root / CACHE)
    store = _Cache(folder)
    out = KitBuild()
    slots = lesson_slots(project)
    missing: list[tuple[str, str, Path, Kit]] = []  # (site path, writer, cache entry, kit)
    for lesson in project.lessons.values():
        kit = lesson_kit(project, lesson, slots.get(lesson.id, []))
        out.kits[lesson.id] = kit
        digest = kit.digest()
        n = names(kit)
        for path, writer, suffix in ((n.slides, "slides", ".pptx"), (n.plan, "plan", ".docx"),
                                     (n.materials, "materials", ".html"), (n.home, "home", "-home.html")):
            entry = store.path(_key(digest, suffix), suffix)
            out.files[path] = entry
            if entry.is_file():
                out.reused += 1
            else:
                missing.append((path, writer, entry, kit))
    for (path, _, entry, kit), result in zip(missing, _make_all([(w, k) for _, w, _, k in missing]), strict=True):
        if isinstance(result, str):  # a bug in a writer: say which lesson, keep the site untouched
            raise KitError(project.lesson_file(kit.id) or kit.id, f"生成 {path} 失败：{result}")
        store.put(entry, result)
        out.made.append(path)
    for grade, semester, rows in _semesters(project):
        members = []
        for week, lesson_id in rows:
            n = names(out.kits[lesson_id])
            members.append((f"第{week:02d}周-{n.slides_name}", out.files[n.slides]))
            members.append((f"第{week:02d}周-{n.plan_name}", out.files[n.plan]))
        key = _key("zip", *(f"{name}={path.name}" for name, path in members))
        path = archive_path(grade, semester)
        out.files[path] = store.get(key, ".zip", lambda m=members: archive_bytes(m), out, path)
    if project.settings.site_url:
        for grade in sorted({k.parent_grade for k in out.kits.values()}):
            url = next(k.parent_url for k in out.kits.values() if k.parent_grade == grade)
            out.files[qr_path(grade)] = store.get(_key("qr", url), ".svg", lambda u=url: qr_svg(u).encode("utf-8"), out,
                                                  qr_path(grade))
    out.files[CSS_PATH] = CSS
    if prune:
        store.prune()
    return out


#: Writers by name (names, not functions, cross to worker processes).
WRITERS: dict[str, Callable[[Kit], bytes]] = {
    "slides": build_slides,
    "plan": build_plan,
    "materials": lambda k: build_materials_page(k).encode("utf-8"),
    "home": lambda k: build_home_slip(k).encode("utf-8"),
}
#: From this many files to make on, they are made in worker processes (one per CPU): a first
#: build of the whole site makes about 900 files; an edit under ``xinyu serve`` makes four.
PARALLEL_FROM = 24


def _make(job: tuple[str, Kit]) -> bytes | str:
    """Run one writer; a failure comes back as its message (worker processes cannot raise ours)."""
    writer, kit = job
    try:
        return WRITERS[writer](kit)
    except Exception as err:  # noqa: BLE001 - reported with the lesson's file by the caller
        return f"{type(err).__name__}: {err}"


def _make_all(jobs: list[tuple[str, Kit]]) -> list[bytes | str]:
    """Run ``jobs`` (writer, kit) in order, in worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2 or os.environ.get("XINYU_KIT_WORKERS") == "1":
        return [_make(job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the build may run inside mkdocs serve, whose threads a fork would copy mid-lock
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(_make, jobs, chunksize=max(1, len(jobs) // (workers * 4))))
    except (BrokenProcessPool, OSError):  # no worker processes here (a sandbox, an embedded Python): one by one
        return [_make(job) for job in jobs]


def _semesters(project: Project) -> list[tuple[int, int, list[tuple[int, str]]]]:
    """(grade, semester, [(week, lesson id)]) of every scheduled grade-semester."""
    found: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for sched, _, entry in project.entries():
        found.setdefault((sched.grade, entry.semester), []).append((entry.week, entry.lesson))
    return [(g, s, rows) for (g, s), rows in sorted(found.items())]


def semester_archives(project: Project) -> dict[tuple[int, int], tuple[str, str]]:
    """(grade, semester) → (site path, Chinese download name) of each archive."""
    return {(g, s): (archive_path(g, s), archive_name(g, s)) for g, s, _ in _semesters(project)}
