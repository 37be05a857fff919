#!/usr/bin/env python3
"""Benchmark: scale the portal to N lessons and time check and build against plain MkDocs.

For each N (default 250, 1000, 5000) it generates a synthetic but realistic project (distinct
Chinese lesson text recombined from the shipped lessons, schedules, the shipped training data),
then times as whole processes, median of --runs runs, side by side in one run:

- ``xinyu check``, and ``xinyu --version`` (process start), to report check seconds per 1,000
  lessons beyond starting the program: cold (the check cache of issue 20 removed), warm (nothing
  changed) and after editing one lesson (one file reloaded);
- ``xinyu build``;
- a plain ``mkdocs build`` of the same generated pages (written to disk) with the same theme
  settings but without the xinyu plugin and macros (the baseline);
- the delivery kit (issue 16): ``xinyu build`` with ``kit: false`` (today's build), with the kit
  and an empty cache (every file made), and again with the cache warm (the build timed above),
  and the bytes the kit adds to the site.

It prints a table and writes bench.json: check/build/baseline seconds, build ÷ baseline, peak
memory, site bytes, search index bytes (raw and gzip), largest page and pages over 80 KB. With --serve it also measures
how long ``xinyu serve`` takes to show an edited lesson on the shipped site.

    .venv/bin/python scripts/bench.py                 # N = 250, 1000, 5000; 3 runs each
    .venv/bin/python scripts/bench.py -n 250 --runs 1 --serve
    .venv/bin/python scripts/bench.py -n 5000 -n 20000 --check-only   # the check alone (no builds)
    .venv/bin/python scripts/bench.py -n 20000 --runs 1 --build-only  # province scale: build, memory
    .venv/bin/python scripts/bench.py -n 1000 --build-only --engine mkdocs --engine zensical
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REFERRAL = "班主任 → 学校心理老师（心理辅导室）→ 专业精神卫生机构；心理援助热线 12356。"
SAFETY = "留意情绪明显低落的学生，课后个别关心，必要时按转介途径处理。"
sys.path.insert(0, str(REPO / "src"))
from xinyu.load.classroom import ANONYMOUS, DISCLOSURE, HANDWRITING, NEEDS_SPACE  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def _valid_lessons(folder: Path) -> list[dict]:
    """The lessons under ``folder`` that validate in the current lesson model."""
    sys.path.insert(0, str(REPO / "src"))
    from pydantic import ValidationError

    from xinyu.model.lesson import Lesson

    out = []
    for path in sorted(folder.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            Lesson.model_validate(data)
        except ValidationError:
            continue
        out.append(data)
    return out


def corpus() -> tuple[list[dict], list[str]]:
    """The shipped lessons that load in the current model, and every sentence in them that can go into
    any activity (none that asks for a way to pass, a seated alternative or screened notes, which the
    activity it lands in may lack)."""
    lessons = _valid_lessons(REPO / "lessons")
    sentences: list[str] = []
    for les in lessons:
        for act in les["activities"]:
            sentences += [s for step in act["steps"] for s in re.split(r"(?<=[。！？])", step) if len(s) > 8
                          and not any(p.search(s) for p in (ANONYMOUS, DISCLOSURE, HANDWRITING, NEEDS_SPACE))]
    return lessons, sentences


def make_project(root: Path, n: int, seed: int = 7) -> None:
    """Write a project with ``n`` distinct lessons into ``root``."""
    rng = random.Random(seed)
    for rel in ("content", "macros"):
        shutil.copytree(REPO / rel, root / rel, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.rmtree(root / "content" / "schedule")
    (root / "content" / "schedule").mkdir()
    stages = yaml.safe_load((REPO / "content/taxonomy/stages.yml").read_text(encoding="utf-8"))["stages"]
    lessons, sentences = corpus()
    topics = yaml.safe_load((REPO / "content/taxonomy/sensitive.yml").read_text(encoding="utf-8"))["sensitive_topics"]
    per_grade: dict[int, list[str]] = {}
    grades = sorted(g for s in stages for g in s["grades"])
    for i in range(n):  # grades in turn, so every grade gets its share
        grade = grades[i % len(grades)]
        stage = next(s for s in stages if grade in s["grades"])
        same_stage = [les for les in lessons if les["stage"] == stage["slug"]]
        period = {s["slug"]: s["period_minutes"] for s in stages}
        same_period = [les for les in lessons if period.get(les["stage"]) == stage["period_minutes"]]
        base = dict(rng.choice(same_stage or same_period or lessons))
        lid = f"g{grade}-bench-{i:05d}"
        base.update(id=lid, stage=stage["slug"], grades=[grade], title=f"{base['title']}（{i}）", anonymised=True)
        acts = []
        for act in base["activities"]:
            act = dict(act)
            act["steps"] = [step if step.startswith("去角色") else "".join(rng.sample(sentences, 2))
                            for step in act["steps"]]
            # recombined steps may now ask pupils to share or to move about: say how to pass, and
            # how to do it seated (the classroom rules of xinyu.load.classroom)
            act.setdefault("opt_out", "不想说、不想写的同学可以说一声“过”，只听不说。")
            if NEEDS_SPACE.search("\n".join(act["steps"] + act.get("tips", []))) and not act.get("space"):
                act["space"] = "桌椅靠边，教室中间留出空地。"
                act["seated"] = "固定桌椅时坐在座位上，同桌或前后桌一起完成。"
            acts.append(act)
        base["activities"] = acts
        base["summary"] = "".join(rng.sample(sentences, 2))
        words = yaml.safe_dump(base, allow_unicode=True)
        base["sensitive"] = [t["name"] for t in topics if any(k in words for k in t["keywords"])]
        if base["sensitive"]:
            base.setdefault("referral", REFERRAL)
            base["safety_notes"] = base.get("safety_notes") or [SAFETY]
        folder = root / "lessons" / stage["slug"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{lid}.yml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
        per_grade.setdefault(grade, []).append(lid)
    for grade, ids in per_grade.items():
        # odd weeks of both semesters first (every two weeks, as the policy asks), then even weeks;
        # a grade's teaching weeks hold at most 2 × its stage's weeks, the rest are in the library only
        weeks = next(s["teaching_weeks"] for s in stages if grade in s["grades"])
        slots = [(s, w) for parity in (1, 0) for s in (1, 2) for w in range(1, weeks + 1) if w % 2 == parity]
        rows = [{"semester": s, "week": w, "lesson": lid} for (s, w), lid in zip(slots, ids, strict=False)]
        (root / "content/schedule" / f"grade-{grade}.yml").write_text(
            yaml.safe_dump({"grade": grade, "schedule": rows}, allow_unicode=True), encoding="utf-8")


def make_baseline(project: Path, out: Path) -> None:
    """The same pages on disk, built by plain MkDocs + Material without xinyu and macros."""
    sys.path.insert(0, str(REPO / "src"))
    from xinyu.load.project import load_project
    from xinyu.render.site import generated_pages

    loaded = load_project(project)
    assert loaded.project is not None, loaded.problems[:5]
    shutil.copytree(project / "content" / "pages", out / "docs")
    for path, text in generated_pages(loaded.project).items():
        target = out / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content/pages", "docs_dir: docs")
    config = re.sub(r"\n  - xinyu\n", "\n", config)
    config = re.sub(r"\n  - macros:\n(      .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """Run a command; return (seconds, exit code, peak RSS in KB) of that process tree's leader."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.stderr.write(proc.stderr.read().decode("utf-8", "replace")[-2000:] if proc.stderr else "")
    return elapsed, code, usage.ru_maxrss


def site_stats(site: Path) -> dict[str, int]:
    """Bytes of the site, its search index (``assets/search/``: all of it raw and gzip, and the largest
    posting shard gzip, which is what one more word of a query can cost) and its largest page."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    index = [p for p in (site / "assets" / "search").rglob("*.js")] if (site / "assets" / "search").is_dir() else []
    gz = {p: len(gzip.compress(p.read_bytes(), compresslevel=6, mtime=0)) for p in index}
    shards = [n for p, n in gz.items() if p.parent.name == "s"]
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "pages": len(pages),
        "index_bytes": sum(p.stat().st_size for p in index),
        "index_gzip_bytes": sum(gz.values()),
        "largest_shard_gzip_bytes": max(shards, default=0),
        "largest_page_bytes": max((p.stat().st_size for p in pages), default=0),
        "pages_over_80kb": sum(1 for p in pages if p.stat().st_size > 80_000),
        "pages_over_100kb": sum(1 for p in pages if p.stat().st_size > 100_000),
    }


def without_kit(project: Path, out: Path) -> None:
    """A copy of ``project`` whose mkdocs.yml turns the delivery kit off (today's build)."""
    shutil.copytree(project, out, ignore=shutil.ignore_patterns("site", ".cache"))
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    (out / "mkdocs.yml").write_text(config.replace("\n  - xinyu\n", "\n  - xinyu:\n      kit: false\n"), encoding="utf-8")


def kit_bytes(site: Path) -> int:
    """Bytes the delivery kit adds to the site (everything under kit/)."""
    return sum(p.stat().st_size for p in (site / "kit").rglob("*") if p.is_file()) if (site / "kit").is_dir() else 0


def check_times(project: Path) -> dict[str, float]:
    """One round of ``xinyu --version`` and ``xinyu check``: cold (no check cache), warm, and after an
    edit to one lesson (a different title each time, so the file is always reloaded)."""
    out: dict[str, float] = {}
    out["start"], _, _ = timed([str(BIN / "xinyu"), "--version"], project)
    shutil.rmtree(project / ".cache" / "xinyu" / "check", ignore_errors=True)
    for name in ("cold", "warm", "edit"):
        if name == "edit":
            lesson = sorted((project / "lessons").rglob("*.yml"))[0]
            text = lesson.read_text(encoding="utf-8")
            lesson.write_text(re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}改{time.time_ns()}", text,
                                     count=1, flags=re.MULTILINE), encoding="utf-8")
        t, code, peak = timed([str(BIN / "xinyu"), "check"], project)
        # 0: every rule met; 1: content valid but a rule not met
        assert code in (0, 1), f"xinyu check exit {code}: the generated content should be valid"
        out[name] = t
        out[f"{name}_rss"] = peak
        out["exit"] = code
    return out


def check_row(n: int, rounds: list[dict[str, float]]) -> dict[str, object]:
    """Medians of :func:`check_times` rounds."""
    med = {k: statistics.median(r[k] for r in rounds) for k in ("start", "cold", "warm", "edit")}
    return {"n": n, "start_s": round(med["start"], 3), "check_s": round(med["cold"], 3),
            "check_warm_s": round(med["warm"], 3), "check_edit_s": round(med["edit"], 3),
            "check_above_start_s": round(med["cold"] - med["start"], 3),
            "check_peak_rss_mb": round(max(r["cold_rss"] for r in rounds) / 1024, 1),
            "check_exit": int(rounds[-1]["exit"])}


def bench_check(n: int, runs: int, work: Path) -> dict[str, object]:
    """The check alone at ``n`` lessons (``--check-only``)."""
    project = work / f"n{n}"
    make_project(project, n)
    timed([str(BIN / "xinyu"), "check"], project)  # untimed: file system caches
    return check_row(n, [check_times(project) for _ in range(runs)])


def bench(n: int, runs: int, work: Path) -> dict[str, object]:
    project = work / f"n{n}"
    make_project(project, n)
    baseline = work / f"n{n}-baseline"
    make_baseline(project, baseline)
    plain = work / f"n{n}-nokit"
    without_kit(project, plain)
    checks, build, base, rss = [], [], [], []
    nokit, cold, warm = [], [], []
    # one untimed build first: the first build on a fresh project pays one-time costs (file system
    # caches, jieba's dictionary cache) that would otherwise land on whichever build comes first
    timed([str(BIN / "xinyu"), "build"], plain)
    for _ in range(runs):  # side by side in each round, so noise hits all of them alike
        shutil.rmtree(project / ".cache", ignore_errors=True)
        t, code, _ = timed([str(BIN / "xinyu"), "build"], project)
        assert code == 0, f"xinyu build (kit, empty cache) exit {code}"
        cold.append(t)
        t, code, _ = timed([str(BIN / "xinyu"), "build"], plain)
        assert code == 0, f"xinyu build (kit: false) exit {code}"
        nokit.append(t)
        checks.append(check_times(project))
        t, code, peak = timed([str(BIN / "xinyu"), "build"], project)  # the kit from the cache
        assert code == 0, f"xinyu build exit {code}"
        build.append(t)
        warm.append(t)
        rss.append(peak)
        t, code, _ = timed([str(BIN / "mkdocs"), "build", "-q", "-d", str(baseline / "site")], baseline)
        assert code == 0, f"baseline mkdocs build exit {code}"
        base.append(t)
    row: dict[str, object] = {
        **check_row(n, checks),
        "runs": runs,
        "build_s": round(statistics.median(build), 2),
        "baseline_s": round(statistics.median(base), 2),
        "peak_rss_mb": round(max(rss) / 1024, 1),
    }
    row["ratio"] = round(row["build_s"] / row["baseline_s"], 2)  # type: ignore[operator]
    row["nokit_s"] = round(statistics.median(nokit), 2)
    row["kit_cold_s"] = round(statistics.median(cold), 2)
    row["kit_warm_s"] = round(statistics.median(warm), 2)
    row["kit_cold_ratio"] = round(row["kit_cold_s"] / row["nokit_s"], 2)  # type: ignore[operator]
    row["kit_warm_ratio"] = round(row["kit_warm_s"] / row["nokit_s"], 2)  # type: ignore[operator]
    row["kit_bytes"] = kit_bytes(project / "site")
    row["nokit_site_bytes"] = site_stats(plain / "site")["site_bytes"]
    row.update(site_stats(project / "site"))
    row["baseline_largest_page_bytes"] = site_stats(baseline / "site")["largest_page_bytes"]
    return row


def bench_build(n: int, runs: int, work: Path, engines: list[str]) -> dict[str, object]:
    """Province scale (issue 20, ``--build-only``): ``xinyu build`` of ``n`` lessons with the kit off,
    once per engine in each round (side by side), with peak memory and the size of the largest page."""
    project = work / f"n{n}"
    make_project(project, n)
    plain = work / f"n{n}-nokit"
    without_kit(project, plain)
    shutil.rmtree(project)
    times: dict[str, list[float]] = {e: [] for e in engines}
    peaks: dict[str, list[int]] = {e: [] for e in engines}
    for _ in range(runs):
        for engine in engines:
            t, code, peak = timed([str(BIN / "xinyu"), "build", "--engine", engine, "--site-dir",
                                   str(work / f"site-{engine}")], plain)
            assert code in (0, 1), f"xinyu build --engine {engine} exit {code}"
            times[engine].append(t)
            peaks[engine].append(peak)
    row: dict[str, object] = {"n": n, "runs": runs}
    for engine in engines:
        stats = site_stats(work / f"site-{engine}")
        row[engine] = {"build_s": round(statistics.median(times[engine]), 2),
                       "peak_rss_mb": round(max(peaks[engine]) / 1024, 1),
                       "pages": stats["pages"], "largest_page_kb": round(stats["largest_page_bytes"] / 1024, 1),
                       "pages_over_100kb": stats["pages_over_100kb"], "site_mb": round(stats["site_bytes"] / 1e6, 1)}
        shutil.rmtree(work / f"site-{engine}", ignore_errors=True)
    shutil.rmtree(plain)
    return row


def check_slope(rows: list[dict[str, object]]) -> float | None:
    """Seconds of ``xinyu check`` per 1,000 lessons: the least-squares slope of check time over N
    (what a constant start-up cost cannot hide or inflate). None with fewer than two sizes."""
    if len(rows) < 2:
        return None
    xs = [float(r["n"]) for r in rows]  # type: ignore[arg-type]
    ys = [float(r["check_s"]) for r in rows]  # type: ignore[arg-type]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return round(slope * 1000, 3)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_latency(work: Path, source: Path | None = None) -> float:
    """Seconds from saving a lesson file to the served page showing the change (the shipped site,
    or a copy of the ``source`` project, with the delivery kit on)."""
    project = work / "serve"
    if source is not None:
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("site"))
    else:
        for rel in ("content", "lessons", "macros"):
            shutil.copytree(REPO / rel, project / rel, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    lesson = sorted((project / "lessons").rglob("*.yml"))[0]
    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    url_path = f"lessons/{data['stage']}/{data['id']}.html"
    port = free_port()
    proc = subprocess.Popen([str(BIN / "xinyu"), "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{url_path}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        marker = f"改动标记{int(time.time())}"
        text = lesson.read_text(encoding="utf-8").replace(f"title: {data['title']}", f"title: {data['title']}{marker}", 1)
        start = time.perf_counter()
        lesson.write_text(text, encoding="utf-8")
        while time.perf_counter() - start < 60:
            try:
                if marker in urllib.request.urlopen(url, timeout=2).read().decode("utf-8"):
                    return round(time.perf_counter() - start, 2)
            except OSError:
                pass
            time.sleep(0.05)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def write_result(path: Path, rows: list[dict[str, object]], **more: object) -> None:
    """bench.json: the machine, the rows, and what else the mode reports."""
    result = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "rows": rows, **more}
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def each_size(sizes: list[int], run: Callable[[int, Path], dict[str, object]]) -> list[dict[str, object]]:
    """``run(n, work folder)`` for each lesson count, in one temporary folder."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="xinyu-bench-") as tmp:
        for n in sizes:
            print(f"N = {n} …", file=sys.stderr, flush=True)
            rows.append(run(n, Path(tmp)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, action="append", help="lesson counts (repeatable); default 250 1000 5000")
    parser.add_argument("--runs", type=int, default=3, help="runs per N (median reported)")
    parser.add_argument("--serve", action="store_true", help="also measure xinyu serve reload latency")
    parser.add_argument("--check-only", action="store_true", help="time xinyu check alone (cold, warm, one edit)")
    parser.add_argument("--build-only", action="store_true",
                        help="time xinyu build alone, kit off (province scale): peak memory, largest page")
    parser.add_argument("--engine", action="append", choices=["mkdocs", "zensical"],
                        help="with --build-only: engines side by side (repeatable); default mkdocs")
    parser.add_argument("-o", "--output", type=Path, default=REPO / "bench.json")
    args = parser.parse_args()
    rows = []
    if args.build_only:
        engines = args.engine or ["mkdocs"]
        rows = each_size(args.n or [1000, 5000], lambda n, work: bench_build(n, args.runs, work, engines))
        write_result(args.output, rows)
        print(f"{'N':>6} {'engine':>9} {'build s':>8} {'RSS MB':>7} {'pages':>6} {'max page KB':>11} "
              f"{'>100 KB':>7} {'site MB':>8}")
        for r in rows:
            for engine in engines:
                e = r[engine]
                print(f"{r['n']:>6} {engine:>9} {e['build_s']:>8} {e['peak_rss_mb']:>7} {e['pages']:>6} "  # type: ignore[index]
                      f"{e['largest_page_kb']:>11} {e['pages_over_100kb']:>7} {e['site_mb']:>8}")  # type: ignore[index]
        print(f"written: {args.output}")
        return
    if args.check_only:
        rows = each_size(args.n or [1000, 5000], lambda n, work: bench_check(n, args.runs, work))
        slope = check_slope(rows)
        write_result(args.output, rows, check_s_per_1000_lessons=slope)
        print(f"{'N':>6} {'start s':>8} {'cold s':>8} {'-start s':>8} {'warm s':>8} {'1 edit s':>8} {'RSS MB':>7}")
        for r in rows:
            print(f"{r['n']:>6} {r['start_s']:>8} {r['check_s']:>8} {r['check_above_start_s']:>8} "
                  f"{r['check_warm_s']:>8} {r['check_edit_s']:>8} {r['check_peak_rss_mb']:>7}")
        if slope is not None:
            print(f"xinyu check, cold: {slope} s per 1,000 lessons (least-squares slope of check time over N)")
        print(f"written: {args.output}")
        return
    with tempfile.TemporaryDirectory(prefix="xinyu-bench-") as tmp:
        work = Path(tmp)
        for n in args.n or [250, 1000, 5000]:
            print(f"N = {n} …", file=sys.stderr, flush=True)
            rows.append(bench(n, args.runs, work))
        shipped_dir = work / "shipped"
        shipped_dir.mkdir()
        for rel in ("content", "lessons", "macros"):
            shutil.copytree(REPO / rel, shipped_dir / rel, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(REPO / "mkdocs.yml", shipped_dir / "mkdocs.yml")
        _, code, _ = timed([str(BIN / "xinyu"), "build"], shipped_dir)
        shipped = site_stats(shipped_dir / "site") if code == 0 else {}
        serve = serve_latency(work, None if code == 0 else work / f"n{rows[0]['n']}") if args.serve else None
    slope = check_slope(rows)
    write_result(args.output, rows, check_s_per_1000_lessons=slope, shipped=shipped, serve_reload_s=serve)
    head = f"{'N':>6} {'start s':>8} {'check s':>8} {'-start s':>8} {'warm s':>7} {'1 edit s':>8} " \
           f"{'build s':>8} {'base s':>8} {'ratio':>6} {'RSS MB':>7} {'site MB':>8} " \
           f"{'index KB':>9} {'gz KB':>7} {'shard KB':>8} {'max page KB':>11} {'pages >80KB':>11}"
    print(head)
    for r in rows:
        print(f"{r['n']:>6} {r['start_s']:>8} {r['check_s']:>8} {r['check_above_start_s']:>8} "
              f"{r['check_warm_s']:>7} {r['check_edit_s']:>8} {r['build_s']:>8} {r['baseline_s']:>8} {r['ratio']:>6} "
              f"{r['peak_rss_mb']:>7} {r['site_bytes'] / 1e6:>8.1f} {r['index_bytes'] / 1024:>9.0f} "
              f"{r['index_gzip_bytes'] / 1024:>7.0f} {r['largest_shard_gzip_bytes'] / 1024:>8.1f} "
              f"{r['largest_page_bytes'] / 1024:>11.1f} {r['pages_over_80kb']:>11}")
    if slope is not None:
        print(f"xinyu check: {slope} s per 1,000 lessons (least-squares slope of check time over N)")
    if shipped:
        print(f"shipped site: {shipped['pages']} pages, {shipped['site_bytes'] / 1e6:.1f} MB, index "
              f"{shipped['index_gzip_bytes'] / 1024:.0f} KB gzip, largest page {shipped['largest_page_bytes'] / 1024:.1f} KB")
    print(f"{'N':>6} {'no kit s':>9} {'kit cold s':>10} {'ratio':>6} {'kit warm s':>10} {'ratio':>6} "
          f"{'kit MB':>7} {'site MB':>8}")
    for r in rows:
        print(f"{r['n']:>6} {r['nokit_s']:>9} {r['kit_cold_s']:>10} {r['kit_cold_ratio']:>6} {r['kit_warm_s']:>10} "
              f"{r['kit_warm_ratio']:>6} {r['kit_bytes'] / 1e6:>7.1f} {r['nokit_site_bytes'] / 1e6:>8.1f}")
    if serve is not None:
        print(f"xinyu serve: edit visible after {serve} s")
    print(f"written: {args.output}")


if __name__ == "__main__":
    main()
