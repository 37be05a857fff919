"""Per-file results of the check, kept by content hash, so a second ``xinyu check`` after an edit
only reloads the files that changed (issue 20).

Loading a content file means parsing its YAML and validating it against its model; the privacy
scan of its text costs about as much again. Both depend only on the file's bytes and path (the
scan also on the allowed public numbers), so they are kept in ``.cache/xinyu/check/files-*.pickle``
under the project: keyed by what they were made from, and salted with the source of the code that
made them (``xinyu.load``, ``xinyu.model``, ``xinyu.checks``) and the versions of Python, pydantic
and PyYAML. The folder is ignored by git and safe to delete.

A cache can make a check faster but never change its result:

- an entry is used only when its key matches exactly (path, hash of the bytes, kind of result)
  and its value is of the type expected; anything else is ignored and the file loaded again;
- a pack that cannot be read, was made by other code, or is not what it should be is ignored
  whole;
- each pack is written whole (temporary file, then rename) and only when its entries changed; a
  folder that cannot be written only means loading again next time.

Only files that loaded cleanly are kept: a file with problems is parsed again each time, so its
messages are always made fresh. The pack is the project's own, like ``__pycache__``: pickle is
read only from there, never from content.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from xinyu.load.problems import Problem

#: The cache folder, relative to the project.
CACHE = Path(".cache") / "xinyu" / "check"
#: The packs inside it: entries are spread over this many, by file, so that a check after one
#: edit writes one small pack again, not the results of every file (58 MB at 5,000 lessons).
SHARDS = 32
#: Set to 1 to switch the cache off (every file parsed and scanned again).
OFF_ENV = "XINYU_NO_CACHE"

Key = tuple[str, ...]


def pack_name(shard: int) -> str:
    """The file name of one pack."""
    return f"files-{shard:02d}.pickle"


def shard_of(key: Key) -> int:
    """The pack an entry lives in: chosen by the file it is about (the key's second part), so
    every result of one file is in one pack."""
    about = key[1] if len(key) > 1 else key[0] if key else ""
    return zlib.crc32(str(about).encode("utf-8")) % SHARDS


def digest(raw: bytes) -> str:
    """The hash a file's bytes are kept under."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


@cache
def salt() -> str:
    """A hash of the code whose results are kept: any edit to it, or another Python, pydantic or
    PyYAML, starts a new cache."""
    import pydantic
    import yaml

    code = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}".encode())
    package = Path(__file__).resolve().parents[1]
    for folder in ("load", "model", "checks"):
        for module in sorted((package / folder).glob("*.py")):
            code.update(module.name.encode("utf-8") + b"\0" + module.read_bytes())
    return code.hexdigest()


def _read_pack(path: Path) -> dict[Key, Any]:
    """The entries of one pack, or none if it is missing, damaged or made by other code."""
    try:
        with open(path, "rb") as f:
            pack = pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: start afresh
        return {}
    if isinstance(pack, dict) and pack.get("salt") == salt() and isinstance(pack.get("entries"), dict):
        return pack["entries"]
    return {}


class FileCache:
    """The results kept for one project. ``get`` what is there, ``put`` what was made, then
    ``save``: the packs then hold what this run used or made (entries of files that are gone or
    changed are dropped), unless ``save(prune=False)``."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._old: list[dict[Key, Any]] = [{} for _ in range(SHARDS)]
        self._used: list[dict[Key, Any]] = [{} for _ in range(SHARDS)]
        self._changed: set[int] = set()
        if folder is not None:
            self._old = [_read_pack(folder / pack_name(i)) for i in range(SHARDS)]

    @classmethod
    def for_project(cls, root: Path) -> FileCache:
        """The project's cache (an empty one that saves nothing when ``XINYU_NO_CACHE=1``)."""
        return cls(None if os.environ.get(OFF_ENV) == "1" else root / CACHE)

    def get(self, key: Key, kind: type | tuple[type, ...]) -> Any:
        """The value kept under ``key`` if it is an instance of ``kind``, else ``None``."""
        shard = shard_of(key)
        kept = self._used[shard].get(key)  # made in this run (by another process, say), else kept before
        if kept is None:
            kept = self._old[shard].get(key)
        if not isinstance(kept, bytes):
            return None
        try:
            value = pickle.loads(kept)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        if not isinstance(value, kind):
            return None
        self._used[shard][key] = kept
        return value

    def kept(self, key: Key, kind: type, make: Callable[[], Any]) -> Any:
        """The value kept under ``key`` if it is a ``kind``, else ``make()``, which is then kept."""
        value = self.get(key, kind)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def problems(self, key: Key) -> list[Problem] | None:
        """The findings kept under ``key``, if what is there is a list of findings."""
        kept = self.get(key, list)
        return kept if kept is not None and all(isinstance(p, Problem) for p in kept) else None

    def holds(self, key: Key) -> bool:
        """True when something was kept under ``key`` (whether it is usable, :meth:`get` tells)."""
        shard = shard_of(key)
        return key in self._old[shard] or key in self._used[shard]

    def put_pickled(self, key: Key, data: bytes) -> None:
        """Keep what another process pickled (:meth:`get` checks it like any kept value)."""
        shard = shard_of(key)
        self._used[shard][key] = data
        self._changed.add(shard)

    def put(self, key: Key, value: Any) -> None:
        """Keep ``value`` under ``key``, as it is now (later changes to it are not kept)."""
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a value pickle refuses is simply not kept
            return
        self.put_pickled(key, data)

    def save(self, prune: bool = True) -> None:
        """Write again the packs whose entries changed (best effort)."""
        if self.folder is None:
            return
        for shard in range(SHARDS):
            old, used = self._old[shard], self._used[shard]
            entries = used if prune else {**old, **used}
            if shard not in self._changed and entries.keys() == old.keys():
                continue
            try:
                self._write(self.folder / pack_name(shard), entries)
            except OSError:  # a full disk, a read-only folder: loaded again next time
                continue
            self._old[shard] = entries
        self._changed = set()
        with contextlib.suppress(OSError):  # the single pack earlier versions wrote
            (self.folder / "files.pickle").unlink(missing_ok=True)

    @staticmethod
    def _write(path: Path, entries: dict[Key, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump({"salt": salt(), "entries": entries}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def kept_findings(cache: FileCache | None, key: Key | None, found: list[Problem], make: Callable[[], object]) -> None:
    """Add to ``found`` the findings kept under ``key``, or else run ``make``, which adds them, and
    keep what it added. ``key`` is ``None`` when what the findings depend on has no hash."""
    if cache is not None and key is not None:
        kept = cache.problems(key)
        if kept is not None:
            found += kept
            return
    start = len(found)
    make()
    if cache is not None and key is not None:
        cache.put(key, found[start:])
