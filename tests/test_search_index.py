"""The site search index (xinyu.searchindex): tokens, encoding, shards and page texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from xinyu.searchindex import _ALPHABET, INDEX_DIR, build_index, encode, fnv1a, page_kind, tokens


def decode(text: str) -> list[int]:
    """The browser's decoder (search.js), in Python."""
    out, n, shift = [], 0, 0
    for ch in text:
        v = _ALPHABET.index(ch)
        if v >= 32:
            n += (v - 32) << shift
            shift += 5
        else:
            out.append(n + (v << shift))
            n, shift = 0, 0
    return out


@given(st.lists(st.integers(min_value=0, max_value=2**40)))
def test_encoding_round_trips(numbers: list[int]) -> None:
    assert decode(encode(numbers)) == numbers


def test_tokens_are_characters_pairs_and_words() -> None:
    assert list(tokens("情景剧 ABC12，心")) == ["情", "景", "剧", "情景", "景剧", "心", "abc12"]
    # full-width letters and digits are the same tokens as half-width ones
    assert list(tokens("１２３５６")) == ["12356"]


def test_hash_is_fnv1a_of_utf16_units() -> None:
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # published FNV-1a test vector
    assert fnv1a("𠀀") not in (fnv1a("\U00020001"), fnv1a("a"))  # outside the BMP: both code units count


def test_page_kinds() -> None:
    assert page_kind("lessons/junior/g7-x.html") == "lesson"
    assert page_kind("lessons/junior/index.html") == "listing"
    assert page_kind("lessons/grade-7.html") == "listing"
    assert page_kind("lessons/pack/grade-7-s1-1.html") == "pack"
    assert page_kind("training/modules/m.html") == "training"
    assert page_kind("parents/grade-1.html") == "page"
    assert page_kind("404.html") is None and page_kind("search.html") is None
    assert page_kind("kit/g7-a.html") is None  # a lesson's print sheets repeat its page


PAGE = """<!doctype html><html><head><title>{title} - 心育</title></head><body>
<nav>导航里的词不进索引</nav><article class="md-content__inner">
<h1 id="top">{title}<a class="headerlink" href="#top">¶</a></h1><p>{intro}</p>
<h2 id="环节一">环节一　{section}</h2><ul><li>第一条</li><li>第二条</li></ul><p>{body}</p>
<script>var ignored = "脚本里的字";</script></article></body></html>"""


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "lessons" / "junior").mkdir(parents=True)
    (site / "training" / "modules").mkdir(parents=True)
    (site / "lessons/junior/g7-a.html").write_text(PAGE.format(
        title="心理情景剧：办公室门口", intro="用心理情景剧练习和老师说话。", section="热身", body="去角色以后分享感受。"),
        encoding="utf-8")
    (site / "training/modules/m.html").write_text(PAGE.format(
        title="情景剧带领培训", intro="教师学习带领心理情景剧。", section="内容", body="共 8 学时。"), encoding="utf-8")
    (site / "404.html").write_text(PAGE.format(title="404", intro="", section="", body=""), encoding="utf-8")
    return site


def _load(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.match(r"XYS\.\w\((?:\d+,)?(.*)\);\n$", text, re.S).group(1))  # type: ignore[union-attr]


def test_index_of_a_small_site(tmp_path: Path) -> None:
    site = _site(tmp_path)
    stats = build_index(site, {"lessons/junior/g7-a.html": "七年级"})
    out = site / INDEX_DIR
    manifest = _load(out / "manifest.js")
    assert manifest["pages"] == stats.pages == 2  # 404 is left out  # type: ignore[index]
    assert manifest["starts"][0] == 0  # lessons first  # type: ignore[index]
    lesson = _load(out / "t" / "0.js")
    assert lesson["u"] == "lessons/junior/g7-a.html" and lesson["g"] == "七年级"  # type: ignore[index]
    assert lesson["t"] == "心理情景剧：办公室门口"  # type: ignore[index]
    anchors = [s[0] for s in lesson["s"]]  # type: ignore[index]
    assert anchors == ["top", "环节一"]
    text = json.dumps(lesson, ensure_ascii=False)
    assert "导航" not in text and "脚本" not in text and "¶" not in text
    assert "第一条\n第二条" in lesson["s"][1][2]  # type: ignore[index]

    def postings(token: str) -> dict[int, int]:
        shard = _load(out / "s" / f"{fnv1a(token) % manifest['shards']}.js")  # type: ignore[index]
        pid, found = 0, {}
        for v in decode(shard[token]):  # type: ignore[index]
            pid += v >> 5
            found[pid] = v & 31
        return found

    both = postings("情景")
    assert set(both) == {0, 1}
    assert both[0] & 16 and both[1] & 16  # in both titles
    assert set(postings("学时")) == {1}
    assert not postings("学时").get(1, 0) & 16
    shard_files = list((out / "s").glob("*.js"))
    assert len(shard_files) == manifest["shards"]  # type: ignore[index]


def test_rebuilding_replaces_the_old_index(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_index(site)
    (site / "training/modules/m.html").unlink()
    build_index(site)
    assert sorted(p.name for p in (site / INDEX_DIR / "t").iterdir()) == ["0.js"]
