"""One-off migration (issue 14, item 4): sharing and closing get their own minutes.

Rewrites every lesson file in place, keeping its comments and layout:

* ``sharing: [questions]`` becomes ``sharing: {minutes, questions}``;
* ``closing: text`` becomes ``closing: {minutes, text}``;
* the minutes come out of the longest activities, so activities + sharing + closing still equal
  the period, and no activity drops below four minutes.

Run once from the repository root: ``python scripts/migrate_lesson_timing.py``. Files already in
the new shape are left alone.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SHARING = {40: 5, 45: 6}
CLOSING = 2


def migrate(text: str, period: int) -> str:
    if re.search(r"^sharing:\n  minutes:", text, re.M):
        return text
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    minute_lines: list[int] = []
    while i < len(lines):
        line = lines[i]
        if re.match(r"^    minutes: \d+", line):
            minute_lines.append(len(out))
        if line == "sharing:":
            out += ["sharing:", f"  minutes: {SHARING[period]}", "  questions:"]
            i += 1
            while i < len(lines) and lines[i].startswith("  - "):
                out.append("  " + lines[i])
                i += 1
            continue
        m = re.match(r"^closing: (.*)$", line)
        if m:
            out += ["closing:", f"  minutes: {CLOSING}", f"  text: {m.group(1)}"]
            i += 1
            continue
        out.append(line)
        i += 1
    minutes = [int(out[k].split(":")[1]) for k in minute_lines]
    cut = SHARING[period] + CLOSING
    while cut > 0:
        j = max(range(len(minutes)), key=lambda n: minutes[n])
        if minutes[j] <= 4:
            raise SystemExit("activities too short to re-time")
        minutes[j] -= 1
        cut -= 1
    for k, n in zip(minute_lines, minutes, strict=True):
        out[k] = re.sub(r"\d+", str(n), out[k], count=1)
    return "\n".join(out) + "\n"


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    periods = {"primary-lower": 40, "primary-middle": 40, "primary-upper": 40, "junior": 45, "senior": 45}
    for path in sorted((root / "lessons").glob("*/*.yml")):
        text = path.read_text(encoding="utf-8")
        new = migrate(text, periods[path.parent.name])
        if new != text:
            path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
