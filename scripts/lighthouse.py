"""Lighthouse (mobile) scores of the main page types, served with gzip as a real host serves them.

Needs Lighthouse from npm and Debian's Chromium:
``npm install --prefix /tmp/lh lighthouse@12`` then
``.venv/bin/python scripts/lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse [--site site]``.
Without ``--site`` the project is built into a temporary folder first. Prints one row per page:
performance, accessibility, best practices, SEO, and the largest contentful paint.
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
    "compliance": "compliance/index.html",
    "search results": "search.html?q=%E5%BF%83%E7%90%86%E6%83%85%E6%99%AF%E5%89%A7",
}
FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
         "--disable-sync --no-first-run")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lighthouse", default=shutil.which("lighthouse") or "lighthouse")
    ap.add_argument("--site", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xinyu-lh-"))
    site = args.site
    if site is None:
        site = work / "site"
        subprocess.run([sys.executable, "-m", "xinyu.cli", "-C", str(REPO), "build", "--site-dir", str(site)],
                       check=True, stdout=subprocess.DEVNULL)
    env = {**os.environ, "CHROME_PATH": os.environ.get("XINYU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"}
    rows = {}
    try:
        with serve(site) as base:
            for name, path in PAGES.items():
                out = work / f"{name}.json"
                subprocess.run([args.lighthouse, base + path, "--quiet", "--output=json", f"--output-path={out}",
                                f"--chrome-flags={FLAGS}", "--only-categories=performance,accessibility,best-practices,seo"],
                               check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                report = json.loads(out.read_text(encoding="utf-8"))
                cats = report["categories"]
                failed = [a["id"] for a in report["audits"].values()
                          if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
                rows[name] = {k: cats[k]["score"] for k in ("performance", "accessibility", "best-practices", "seo")}
                rows[name]["lcp_s"] = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
                rows[name]["failed"] = failed
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| page | performance | accessibility | best practices | SEO | LCP s | failed audits |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['performance']:.2f} | {r['accessibility']:.2f} | {r['best-practices']:.2f} | "
              f"{r['seo']:.2f} | {r['lcp_s']:.1f} | {', '.join(r['failed']) or '—'} |")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
