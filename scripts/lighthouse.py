"""Lighthouse (mobile) scores of the main page types, served with gzip as a real host serves them.

Needs Lighthouse from npm and Debian's Chromium:
``npm install --prefix /tmp/lh lighthouse@12`` then
``.venv/bin/python scripts/lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse [--site site]``.
Without ``--site`` the project is built into a temporary folder first. Prints one row per page:
performance, accessibility, best practices, SEO, and the largest contentful paint.
``--care`` adds a second row per page with care mode (关怀模式) switched on by ``?care=1``, which the head script
reads before first paint; ``--only accessibility`` runs that category alone (faster). The exit status is 1 when
``--min-accessibility`` is given and a page scores below it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from xinyu.staticserve import serve  # noqa: E402

PAGES = {
    "home": "index.html",
    "library": "lessons/index.html",
    "lesson": "lessons/primary-lower/g1-hello-new-school.html",
    "parent grade": "parents/grade-1.html",
    "parents": "parents/index.html",
    "air classroom": "air-classroom/index.html",
    "compliance": "compliance/index.html",
    "search results": "search.html?q=%E5%BF%83%E7%90%86%E6%83%85%E6%99%AF%E5%89%A7",
    "not found": "404.html",
    "kit materials": "kit/g1-hello-new-school.html",
    "kit home slip": "kit/g1-hello-new-school-home.html",
}
FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
         "--disable-sync --no-first-run")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lighthouse", default=shutil.which("lighthouse") or "lighthouse")
    ap.add_argument("--site", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--care", action="store_true", help="also measure every page in care mode (?care=1)")
    ap.add_argument("--only", default="performance,accessibility,best-practices,seo",
                    help="comma-separated Lighthouse categories")
    ap.add_argument("--min-accessibility", type=float, default=None)
    args = ap.parse_args()
    cats_wanted = [c for c in args.only.split(",") if c]
    runs = [(name, path) for name, path in PAGES.items()]
    if args.care:
        runs += [(f"{name} (care)", path + ("&" if "?" in path else "?") + "care=1") for name, path in PAGES.items()]
    work = Path(tempfile.mkdtemp(prefix="xinyu-lh-"))
    site = args.site
    if site is None:
        site = work / "site"
        subprocess.run([sys.executable, "-m", "xinyu", "-C", str(REPO), "build", "--site-dir", str(site)],
                       check=True, stdout=subprocess.DEVNULL)
    env = {**os.environ, "CHROME_PATH": os.environ.get("XINYU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"}
    rows = {}
    try:
        with serve(site) as base:
            for name, path in runs:
                out = work / f"{len(rows)}.json"
                proc = subprocess.run([args.lighthouse, base + path, "--quiet", "--output=json", f"--output-path={out}",
                                f"--chrome-flags={FLAGS}", f"--only-categories={','.join(cats_wanted)}"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                if proc.returncode:
                    sys.exit(f"lighthouse failed on {path}:\n{proc.stderr[-3000:]}")
                report = json.loads(out.read_text(encoding="utf-8"))
                cats = report["categories"]
                failed = [a["id"] for a in report["audits"].values()
                          if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
                rows[name] = {k: cats[k]["score"] for k in cats_wanted}
                lcp = report["audits"].get("largest-contentful-paint", {}).get("numericValue")
                rows[name]["lcp_s"] = None if lcp is None else lcp / 1000
                rows[name]["failed"] = failed
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| page | " + " | ".join(cats_wanted) + " | LCP s | failed audits |")
    print("|---" * (len(cats_wanted) + 3) + "|")
    for name, r in rows.items():
        scores = " | ".join(f"{r[c]:.2f}" for c in cats_wanted)
        lcp = "—" if r["lcp_s"] is None else f"{r['lcp_s']:.1f}"
        print(f"| {name} | {scores} | {lcp} | {', '.join(r['failed']) or '—'} |")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.min_accessibility is not None:
        low = [n for n, r in rows.items() if r.get("accessibility", 1) < args.min_accessibility]
        if low:
            print("accessibility below", args.min_accessibility, ":", ", ".join(low), file=sys.stderr)
            sys.exit(1)


if __name__ == "__main__":
    main()
