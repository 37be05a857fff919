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
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

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


#: A file to make: (site path, writer, cache entry, kit).
Job = tuple[str, str, Path, Kit]


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
    return start_kit(project, cache_dir=cache_dir, prune=prune).finish()


def start_kit(project: Project, *, cache_dir: Path | None = None, prune: bool = True,
              scan: Prescan | None = None) -> PendingKit:
    """Start making the kit files the cache does not hold, in worker processes when there are
    many, and return at once: every file's place in the cache is known before it is made, so a
    site build can go on converting pages meanwhile and call :meth:`PendingKit.finish` before it
    copies static files. With ``scan`` (when the built site's files will be scanned for personal
    data), each worker also scans the decks and plans it makes: see :func:`_make_scanned`."""
    from xinyu.render.lesson import lesson_slots

    folder = cache_dir or (project.root / CACHE)
    store = _Cache(folder)
    out = KitBuild()
    slots = lesson_slots(project)
    missing: list[Job] = []
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
    pending = PendingKit(project, store, out, missing, prune, scan)
    for grade, semester, rows in _semesters(project):
        members = []
        for week, lesson_id in rows:
            n = names(out.kits[lesson_id])
            members.append((f"第{week:02d}周-{n.slides_name}", out.files[n.slides]))
            members.append((f"第{week:02d}周-{n.plan_name}", out.files[n.plan]))
        key = _key("zip", *(f"{name}={path.name}" for name, path in members))
        path = archive_path(grade, semester)
        out.files[path] = store.path(key, ".zip")
        pending.later.append((path, out.files[path], lambda m=members: archive_bytes(m)))
    if project.settings.site_url:
        for grade in sorted({k.parent_grade for k in out.kits.values()}):
            url = next(k.parent_url for k in out.kits.values() if k.parent_grade == grade)
            path = qr_path(grade)
            out.files[path] = store.path(_key("qr", url), ".svg")
            pending.later.append((path, out.files[path], lambda u=url: qr_svg(u).encode("utf-8")))
    out.files[CSS_PATH] = CSS
    return pending


class PendingKit:
    """A kit being made: :attr:`files` (site path → file in the cache) is complete at once, the
    files themselves once :meth:`finish` has returned."""

    def __init__(self, project: Project, store: _Cache, out: KitBuild, missing: list[Job], prune: bool,
                 scan: Prescan | None = None) -> None:
        self.project, self._store, self._out, self._missing, self._prune = project, store, out, missing, prune
        #: Made from the lessons' files once they exist: (site path, cache entry, make).
        self.later: list[tuple[str, Path, Callable[[], bytes]]] = []
        self._results = _start_all(missing, scan)

    @property
    def files(self) -> dict[str, Path]:
        """Every kit file: site path → its place in the cache."""
        return self._out.files

    def finish(self) -> KitBuild:
        """Wait for the files being made, keep them in the cache, then make the semester archives
        and QR codes; raise :class:`KitError` if a writer failed (nothing is half-written)."""
        out, store = self._out, self._store
        failures = self._results.wait()
        if failures:  # a bug in a writer: say which lesson (the first), keep the site untouched
            first = min(failures)
            path, _, _, kit = self._missing[first]
            raise KitError(self.project.lesson_file(kit.id) or kit.id, f"生成 {path} 失败：{failures[first]}")
        out.made += [path for path, _, _, _ in self._missing]
        for path, entry, make in self.later:
            if entry.is_file():
                out.reused += 1
            else:
                store.put(entry, make())
                out.made.append(path)
        if self._prune:
            store.prune()
        return out

    def cancel(self) -> None:
        """Stop making files (the build failed elsewhere)."""
        self._results.cancel()


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


#: The built site's scan for personal data, done ahead: (its cache folder, the allowed numbers).
Prescan = tuple[str, tuple[str, ...]]


def _make_scanned(job: Job, scan: Prescan | None) -> bytes | str:
    """In a worker: :func:`_make`, then, with ``scan``, scan a deck or plan for personal data
    exactly as the scan of the built site will, keeping the findings in that scan's cache by the
    file's bytes. The documents are most of that scan's time, and here it runs in parallel with
    the pages being converted; the site's scan then finds them in its cache."""
    path, writer, _, kit = job
    data = _make((writer, kit))
    if scan is not None and isinstance(data, bytes) and writer in ("slides", "plan"):
        from xinyu.checks.outputs import keep_scan

        try:
            keep_scan(Path(scan[0]), scan[1], path, data)
        except Exception:  # noqa: BLE001 - only a head start: the site's scan reads the file anyway
            pass
    return data


class _Running:
    """Writers running in worker processes, each file kept in the cache as it arrives (by a thread
    of this process, so that finished files do not pile up in memory); with few jobs or no
    workers they run one by one on :meth:`wait`."""

    def __init__(self, jobs: list[Job], parallel: bool, scan: Prescan | None = None) -> None:
        self.jobs, self._scan = jobs, scan
        #: Job index → the writer's failure message.
        self.failures: dict[int, str] = {}
        self._done = 0
        self._pool: Any = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        if parallel:
            self._start()

    def _start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = min(os.cpu_count() or 1, 8)
        try:  # spawn, not fork: the build may run inside mkdocs serve, whose threads a fork would copy mid-lock
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
            results = self._pool.map(partial(_make_scanned, scan=self._scan), self.jobs,
                                     chunksize=max(1, len(self.jobs) // (workers * 4)))
        except OSError:  # no worker processes here (a sandbox, an embedded Python): one by one on wait()
            self._pool = None
            return
        self._thread = threading.Thread(target=self._collect, args=(results,), name="xinyu-kit", daemon=True)
        self._thread.start()

    def _keep(self, result: bytes | str) -> None:
        if isinstance(result, str):
            self.failures[self._done] = result
        else:
            _Cache.put(self.jobs[self._done][2], result)
        self._done += 1

    def _collect(self, results: Any) -> None:
        try:
            for result in results:
                self._keep(result)
        except BaseException as err:  # noqa: BLE001 - re-raised (or worked around) by wait()
            self._error = err

    def wait(self) -> dict[int, str]:
        """Wait until every file is made and kept; the writers' failures by job index."""
        from concurrent.futures.process import BrokenProcessPool

        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self._error is not None and not isinstance(self._error, (BrokenProcessPool, OSError)):
            raise self._error
        while self._done < len(self.jobs):  # no workers, or they died (a sandbox, memory): the rest here
            self._keep(_make_scanned(self.jobs[self._done], None))
        return self.failures

    def cancel(self) -> None:
        """Stop the workers (files already kept stay in the cache)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def _start_all(jobs: list[Job], scan: Prescan | None = None) -> _Running:
    """Start ``jobs``: in worker processes when there are many, where the decks and plans are
    also scanned ahead with ``scan``."""
    workers = min(os.cpu_count() or 1, 8)
    parallel = len(jobs) >= PARALLEL_FROM and workers >= 2 and os.environ.get("XINYU_KIT_WORKERS") != "1"
    return _Running(jobs, parallel, scan)


def _semesters(project: Project) -> list[tuple[int, int, list[tuple[int, str]]]]:
    """(grade, semester, [(week, lesson id)]) of every scheduled grade-semester."""
    found: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for sched, _, entry in project.entries():
        found.setdefault((sched.grade, entry.semester), []).append((entry.week, entry.lesson))
    return [(g, s, rows) for (g, s), rows in sorted(found.items())]


def semester_archives(project: Project) -> dict[tuple[int, int], tuple[str, str]]:
    """(grade, semester) → (site path, Chinese download name) of each archive."""
    return {(g, s): (archive_path(g, s), archive_name(g, s)) for g, s, _ in _semesters(project)}
