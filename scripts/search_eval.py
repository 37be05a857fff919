"""Compare site-search engines side by side on the same built pages, in one run.

Engines:
* ``xinyu``: the site's own search (sharded n-gram index, loaded only when searched; assets/search/);
* ``lunr``: Material for MkDocs' search plugin with jieba, as the site used before (one index for
  the whole site, fetched by every page);
* ``pagefind``: Pagefind 1.5 (PyPI ``pagefind[extended]``), indexing each page's ``<article>``.

For each engine and query: precision of the top 5 and recall in the top 20, where a page is
relevant when its main text (the ``<article>``) contains the query (every word of it, for queries
of several words). Also: bytes a parent's phone transfers to open a lesson page, bytes to get the
first 20 results of one query, time to the first result on a throttled phone (4× slower CPU,
150 ms round trip, 1.6 Mbit/s), and the time each engine adds to the build. Pages are served with
gzip (``xinyu.staticserve``), as a real host serves them.

Run: ``.venv/bin/pip install -e '.[search-eval]'`` once, then
``.venv/bin/python scripts/search_eval.py [--engines xinyu,lunr,pagefind] [--project DIR] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from xinyu.searchindex import build_index  # noqa: E402
from xinyu.staticserve import serve  # noqa: E402

#: The issue's list (17), plus more of what teachers and parents type.
QUERIES = [
    "角色扮演", "团体辅导", "心理情景剧", "情景剧", "考试焦虑", "生涯规划", "情绪", "挫折", "生命教育", "亲子沟通",
    "青春期", "空椅子技术", "留守儿童", "欺凌", "深呼吸", "睡眠", "转介", "伙伴制", "学时", "家长会", "手机",
    "注意力", "新学期", "自伤", "友谊", "留守 爷爷", "成绩滑坡", "去角色", "时间管理", "压力", "嫉妒", "隔代",
    "网络", "感恩", "自信", "12356", "危机干预", "心理老师", "分享", "寒假",
]
#: The browser (XINYU_CHROMIUM names another Chromium or Chrome, as for the tests).
CHROMIUM = os.environ.get("XINYU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LESSON = "lessons/primary-lower/g1-hello-new-school.html"


def a_lesson(site: Path) -> str:
    """The example lesson page, or the first lesson page of a synthetic project."""
    if (site / LESSON).is_file():
        return LESSON
    return next(p.relative_to(site).as_posix() for p in sorted(site.glob("lessons/*/*.html")) if p.name != "index.html")
BYTES_JS = """() => { const n = performance.getEntriesByType('navigation')[0];
  let t = n.transferSize; for (const r of performance.getEntriesByType('resource')) t += r.transferSize; return t; }"""
PHONE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def page_texts(site: Path) -> dict[str, str]:
    """Site address → normalised main text, for every page that has an <article>."""
    out = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel in ("404.html", "search.html") or rel.startswith(("pagefind", "assets/")):
            continue
        doc = lxml_html.fromstring(path.read_bytes(), parser=lxml_html.HTMLParser(encoding="utf-8"))
        art = doc.find(".//article")
        if art is not None:
            for junk in art.xpath(".//a[contains(@class,'headerlink')]|.//script|.//style"):
                junk.drop_tree()
            out[rel] = norm(art.text_content())
    return out


def relevant(texts: dict[str, str], query: str) -> set[str]:
    words = norm(query).split()
    return {url for url, text in texts.items() if all(w in text for w in words)}


def score(results: list[str], rel: set[str]) -> tuple[float, float]:
    top5 = results[:5]
    precision = sum(r in rel for r in top5) / len(top5) if top5 else (1.0 if not rel else 0.0)
    recall = sum(r in rel for r in results[:20]) / min(20, len(rel)) if rel else 1.0
    return precision, recall


def site_path(href: str, base: str) -> str:
    path = unquote(urlparse(href).path)
    root = urlparse(base).path
    return path[len(root):] if path.startswith(root) else path.lstrip("/")


# ----------------------------------------------------------------------------- engines
def build(project: Path, out: Path, config: Path | None = None) -> float:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)]
    if config:
        cmd += ["-f", str(config)]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=project, check=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def lunr_config(project: Path) -> Path:
    """mkdocs.yml plus Material's search plugin, as the site was configured before."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("plugins:\n  - xinyu", "plugins:\n  - search:\n      lang: zh\n  - xinyu", 1)
    path = project / ".mkdocs-eval-lunr.yml"
    path.write_text(text, encoding="utf-8")
    return path


PAGEFIND_HARNESS = """<!doctype html><html lang="zh"><meta charset="utf-8"><title>pagefind</title>
<body><ol id="out"></ol><script type="module">
const q = new URLSearchParams(location.search).get("q") || "";
const pf = await import("./pagefind/pagefind.js");
const res = await pf.search(q);
const data = await Promise.all(res.results.slice(0, 20).map(r => r.data()));
for (const d of data) { const li = document.createElement("li"); const a = document.createElement("a");
  a.href = d.url; a.textContent = d.meta.title || d.url; a.className = "hit"; li.appendChild(a);
  document.getElementById("out").appendChild(li); }
document.body.dataset.done = "1";
</script></body></html>"""


def run_queries(page, engine: str, base: str, lesson: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = {}
    for q in QUERIES:
        if engine == "xinyu":
            page.goto(base + "search.html?q=" + q)
            page.wait_for_function("() => { const s = document.getElementById('xy-search-status');"
                                   " return s && s.textContent && !s.textContent.startsWith('正在'); }")
            hrefs = page.eval_on_selector_all("#xy-search-results a[data-search-result]", "els => els.map(e => e.href)")
        elif engine == "pagefind":
            page.goto(base + "pagefind-eval.html?q=" + q)
            page.wait_for_selector("body[data-done]")
            hrefs = page.eval_on_selector_all("a.hit", "els => els.map(e => e.href)")
        else:
            page.goto(base + lesson)
            page.locator(".md-search__input").focus()
            page.keyboard.insert_text(q)
            page.keyboard.press("End")
            page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                                   " return m && !/初始化|键入|Initializing|Type/.test(m.textContent); }", timeout=30000)
            sel = ".md-search-result__item > a.md-search-result__link"
            for _ in range(12):  # Material renders ten at a time as the list scrolls
                before = page.locator(sel).count()
                if before >= 20:
                    break
                page.locator(sel).last.scroll_into_view_if_needed()
                page.eval_on_selector(".md-search__scrollwrap", "e => e.scrollTo(0, e.scrollHeight)")
                page.wait_for_timeout(250)
                if page.locator(sel).count() == before:
                    break
            hrefs = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                              "els => els.map(e => e.href)")
        seen: list[str] = []
        for h in hrefs:
            p = site_path(h, base)
            if p not in seen:
                seen.append(p)
        out[q] = seen
    return out


def measure_cost(browser, engine: str, base: str, lesson: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Bytes to open a lesson page, bytes and throttled time to the first 20 results of one query."""
    q = "心理情景剧"
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + lesson)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    lesson_bytes = page.evaluate(BYTES_JS)
    ctx.close()
    times, results_bytes = [], 0.0
    for _ in range(3):
        ctx = browser.new_context()
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", PHONE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        start = time.perf_counter()
        if engine == "xinyu":
            page.goto(base + "search.html?q=" + q)
            page.wait_for_selector("a[data-search-result]", timeout=60000)
        elif engine == "pagefind":
            page.goto(base + "pagefind-eval.html?q=" + q)
            page.wait_for_selector("a.hit", timeout=60000)
        else:
            page.goto(base + lesson)
            page.locator(".md-search__input").focus()
            page.keyboard.insert_text(q)
            page.keyboard.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=120000)
        times.append(time.perf_counter() - start)
        page.wait_for_load_state("networkidle")
        results_bytes = page.evaluate(BYTES_JS)
        ctx.close()
    return {"lesson_page_kb": lesson_bytes / 1024, "results_kb": results_bytes / 1024,
            "first_result_s": statistics.median(times)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", type=Path, default=REPO)
    ap.add_argument("--engines", default="xinyu,lunr,pagefind")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--site", type=Path, default=None, help="an already built site (xinyu engine only)")
    args = ap.parse_args()
    engines = args.engines.split(",")
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="xinyu-search-eval-"))
    rows: dict[str, dict[str, object]] = {}
    try:
        base_site = work / "xinyu"
        if args.site:
            shutil.copytree(args.site, base_site)
            base_time = 0.0
        else:
            base_time = build(args.project, base_site)
        start = time.perf_counter()
        build_index(base_site)
        index_time = time.perf_counter() - start
        texts = page_texts(base_site)
        sites = {"xinyu": base_site}
        build_extra = {"xinyu": index_time}
        if "lunr" in engines:
            cfg = lunr_config(args.project)
            try:
                lunr_time = build(args.project, work / "lunr", cfg)
            finally:
                cfg.unlink()
            sites["lunr"] = work / "lunr"
            build_extra["lunr"] = max(lunr_time - base_time, 0.0)
        if "pagefind" in engines:
            site = work / "pagefind"
            shutil.copytree(base_site, site)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", "article",
                            "--output-subdir", "pagefind", "--quiet"], check=True)
            build_extra["pagefind"] = time.perf_counter() - start
            (site / "pagefind-eval.html").write_text(PAGEFIND_HARNESS, encoding="utf-8")
            sites["pagefind"] = site
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for engine in engines:
                with serve(sites[engine]) as base:
                    ctx = browser.new_context(locale="zh-CN")
                    lesson = a_lesson(sites[engine])
                    results = run_queries(ctx.new_page(), engine, base, lesson)
                    ctx.close()
                    cost = measure_cost(browser, engine, base, lesson)
                per_query = {}
                for q, res in results.items():
                    rel = relevant(texts, q)
                    prec, rec = score(res, rel)
                    per_query[q] = {"p5": round(prec, 2), "r20": round(rec, 2), "relevant": len(rel), "returned": len(res)}
                rows[engine] = {
                    "p5": statistics.mean(v["p5"] for v in per_query.values()),
                    "r20": statistics.mean(v["r20"] for v in per_query.values()),
                    "p5_min": min(v["p5"] for v in per_query.values()),
                    "r20_min": min(v["r20"] for v in per_query.values()),
                    **cost, "build_s": build_extra[engine], "queries": per_query,
                }
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(QUERIES)} queries; relevant = the page's <article> text contains the query; "
          f"phone = 4× CPU slowdown, 150 ms RTT, 1.6 Mbit/s; gzip")
    print("| engine | P@5 mean (min) | R@20 mean (min) | lesson page KB | first 20 results KB "
          "| first result on phone s | build s |")
    print("|---|---|---|---|---|---|---|")
    for engine, r in rows.items():
        print(f"| {engine} | {r['p5']:.2f} ({r['p5_min']:.2f}) | {r['r20']:.2f} ({r['r20_min']:.2f}) | "
              f"{r['lesson_page_kb']:.0f} | {r['results_kb']:.0f} | {r['first_result_s']:.1f} | {r['build_s']:.1f} |")
    for engine, r in rows.items():
        bad = {q: v for q, v in r["queries"].items() if v["p5"] < 0.9 or v["r20"] < 0.9}  # type: ignore[union-attr]
        if bad:
            print(f"{engine}: below 0.9 on", ", ".join(f"{q} (P {v['p5']}, R {v['r20']})" for q, v in bad.items()))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
