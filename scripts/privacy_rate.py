#!/usr/bin/env python3
"""False-alarm rate of the privacy scan on the shipped content and on the bench's synthetic projects.

Neither holds personal data, so every finding is a false alarm. For each project it reports the
files (and, with --build, the built files) scanned, the findings, and the scan's CPU time.

    .venv/bin/python scripts/privacy_rate.py                  # shipped content + N = 250, 1000
    .venv/bin/python scripts/privacy_rate.py -n 1000 5000 --build
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

from bench import make_project  # noqa: E402

from xinyu.checks.outputs import scan_site  # noqa: E402
from xinyu.checks.privacy import allowed_contacts, scan_files  # noqa: E402
from xinyu.load.project import load_project  # noqa: E402
from xinyu.pipeline import _files  # noqa: E402


def measure(root: Path, build: bool) -> dict[str, object]:
    data, pages = _files(root)
    files = [*data, *pages]
    loaded = load_project(root, data)
    assert loaded.project is not None, loaded.problems[:3]
    allowed = allowed_contacts(loaded.project)
    texts = {p: p.read_text(encoding="utf-8") for p in files}
    start = time.process_time()
    found = scan_files(root, files, allowed, texts)
    row: dict[str, object] = {"files": len(files), "chars": sum(map(len, texts.values())), "findings": len(found),
                              "scan_s": round(time.process_time() - start, 3), "examples": [str(p) for p in found[:5]]}
    if build:
        from xinyu.sitebuild import BuildFailed, build_site

        with tempfile.TemporaryDirectory() as out:
            try:
                site, _ = build_site(root, Path(out) / "site")
            except BuildFailed as err:  # the build runs the output scan itself and refuses on a finding
                row.update(site_findings=len(err.problems), site_examples=[str(p) for p in err.problems[:5]])
                return row
            start = time.process_time()
            leaks = scan_site(site, allowed)
            row.update(site_files=sum(1 for p in site.rglob("*") if p.is_file()), site_findings=len(leaks),
                       site_scan_s=round(time.process_time() - start, 3), site_examples=[str(p) for p in leaks[:5]])
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, nargs="*", default=[250, 1000], help="synthetic project sizes (lessons)")
    parser.add_argument("--build", action="store_true", help="also build each project and scan the built site")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print("shipped", measure(REPO, args.build))
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / f"bench-{n}"
            make_project(root, n, seed=args.seed)
            print(f"bench N={n}", measure(root, args.build))


if __name__ == "__main__":
    main()
