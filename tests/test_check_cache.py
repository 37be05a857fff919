"""The check's per-file cache (issue 20): a second check parses only what changed, and no cache —
stale, corrupt, foreign or missing — ever changes a result."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

import xinyu.load.project as project_module
from xinyu import pipeline
from xinyu.cli import main
from xinyu.load.cache import CACHE, SHARDS, FileCache, pack_name, salt, shard_of

LESSON = Path("lessons/primary-lower/g1-hello-new-school.yml")


def check(root: Path) -> dict:
    """``xinyu check --format json`` as a fresh process would run it (no in-process memo)."""
    pipeline._CACHE.clear()
    result = CliRunner().invoke(main, ["-C", str(root), "check", "--format", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.stdout)


def packs(root: Path) -> list[Path]:
    """The pack files a check wrote."""
    return sorted((root / CACHE).glob("files-*.pickle"))


def kept(root: Path) -> dict:
    """Every entry of every pack."""
    return {k: v for pack in packs(root) for k, v in pickle.loads(pack.read_bytes())["entries"].items()}


def write_packs(root: Path, entries: dict, made_by: str | None = None) -> None:
    """Write ``entries`` into the packs they belong in (with another salt if ``made_by``)."""
    shards: list[dict] = [{} for _ in range(SHARDS)]
    for key, value in entries.items():
        shards[shard_of(key)][key] = value
    for i, shard in enumerate(shards):
        (root / CACHE / pack_name(i)).write_bytes(pickle.dumps({"salt": made_by or salt(), "entries": shard}))


def uncached(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    with monkeypatch.context() as m:
        m.setenv("XINYU_NO_CACHE", "1")
        return check(root)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the loader parses (a cache hit is not parsed)."""
    seen: list[str] = []
    real = project_module.parse

    def spy(text: str, file: str):  # type: ignore[no-untyped-def]
        seen.append(file)
        return real(text, file)

    monkeypatch.setattr(project_module, "parse", spy)
    return seen


def test_second_check_parses_only_the_edited_file(mini: Path, parsed: list[str]) -> None:
    first = check(mini)
    assert LESSON.as_posix() in parsed and packs(mini)
    parsed.clear()
    assert check(mini) == first
    assert parsed == []  # nothing changed: nothing parsed
    lesson = mini / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("title: ", "title: 新的", 1), encoding="utf-8")
    after = check(mini)
    assert parsed == [LESSON.as_posix()]
    assert after["stats"] == first["stats"]


def test_results_with_and_without_cache_are_the_same(full: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = check(full)
    warm = check(full)
    assert cold == warm == uncached(full, monkeypatch)


def test_an_edit_that_breaks_a_cached_file_is_reported(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(mini)["errors"] == []
    lesson = mini / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("minutes: 6", "minutes: six", 1), encoding="utf-8")
    broken = check(mini)
    assert any(e["file"] == LESSON.as_posix() and "minutes" in e["field"] for e in broken["errors"]), broken["errors"]
    assert broken == check(mini) == uncached(mini, monkeypatch)  # a file with problems is never served from the cache


def test_privacy_findings_come_back_from_the_cache(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lesson = mini / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + "# 家长电话 13912345678\n", encoding="utf-8")
    first = check(mini)
    assert any("手机" in e["message"] for e in first["errors"]), first["errors"]
    assert check(mini) == first == uncached(mini, monkeypatch)
    # the allowed list is part of the key: allowing the number clears it without touching the lesson
    site = mini / "content" / "site.yml"
    text = site.read_text(encoding="utf-8")
    assert "public_hotlines:" in text
    site.write_text(text.replace("public_hotlines:", "public_hotlines:\n  - \"13912345678\"", 1), encoding="utf-8")
    allowed = check(mini)
    assert not any("手机" in e["message"] for e in allowed["errors"])
    assert allowed == uncached(mini, monkeypatch)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong shape", "wrong salt", "wrong types",
                                    "a folder", "entries of another file"])
def test_a_damaged_cache_never_changes_a_result(mini: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    expected = uncached(mini, monkeypatch)
    check(mini)
    entries = kept(mini)
    for pack in packs(mini):
        good = pack.read_bytes()
        if damage == "garbage":
            pack.write_bytes(b"\x80\x05not a pickle at all")
        elif damage == "truncated":
            pack.write_bytes(good[: len(good) // 2])
        elif damage == "empty":
            pack.write_bytes(b"")
        elif damage == "wrong shape":
            pack.write_bytes(pickle.dumps(["salt", "entries"]))
        elif damage == "a folder":
            pack.unlink()
            pack.mkdir()
    if damage == "wrong salt":  # made by other code, whose lesson held other values: not to be used
        lesson_key = next(k for k in entries if k[0] == "model" and k[1] == LESSON.as_posix())
        other = pickle.loads(entries[lesson_key]).model_copy(update={"id": "g1-from-other-code"})
        write_packs(mini, {**entries, lesson_key: pickle.dumps(other)}, made_by="other code")
    elif damage == "wrong types":  # every entry holds something else: a text, a damaged pickle, a number
        junk = [pickle.dumps("课例"), b"\x80\x05\x95", 7]
        write_packs(mini, {k: junk[i % 3] for i, k in enumerate(entries)})
    elif damage == "entries of another file":  # the schedule's model kept under the lesson's key
        model = next(v for k, v in entries.items() if k[0] == "model" and "schedule" in k[1])
        write_packs(mini, {k: (model if k[0] == "model" else v) for k, v in entries.items()})
    assert check(mini) == expected
    assert check(mini) == expected


def test_a_cache_that_cannot_be_written_is_no_error(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (mini / ".cache").write_text("not a folder", encoding="utf-8")
    assert check(mini) == uncached(mini, monkeypatch)


def test_no_cache_when_switched_off(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uncached(mini, monkeypatch)
    assert not (mini / CACHE).exists()


def test_the_pack_keeps_only_what_the_last_check_used(mini: Path) -> None:
    check(mini)
    lesson = mini / LESSON
    for n in range(3):
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("title: ", f"title: {n}", 1), encoding="utf-8")
        check(mini)
    keys = list(kept(mini))
    assert len([k for k in keys if k[1] == LESSON.as_posix() and k[0] == "model"]) == 1


def test_a_kept_value_is_a_snapshot(tmp_path: Path) -> None:
    store = FileCache(tmp_path)
    value = {"title": "原来的"}
    store.put(("model", "a.yml", "x"), value)
    value["title"] = "改过的"
    store.save()
    assert FileCache(tmp_path).get(("model", "a.yml", "x"), dict) == {"title": "原来的"}


def test_top_level_keys_found_from_the_text_match_the_node_tree() -> None:
    """The fast path of Document.position (a top-level key found by its line) gives the node tree's
    answer for every top-level key of every shipped file, and steps aside when it cannot be sure."""
    from xinyu.load.project import yaml_files
    from xinyu.load.yamlread import parse

    repo = Path(__file__).resolve().parents[1]
    checked = 0
    for path in yaml_files(repo):
        doc = parse(path.read_text(encoding="utf-8-sig"), path.name)
        if not isinstance(doc.data, dict):
            continue
        for key in doc.data:
            fast = parse(doc.text, path.name).top_key(str(key))
            assert fast is None or fast == doc.node_position((key,)), (path, key)
            checked += fast is not None
    assert checked > 2000
    tricky = parse('title: "第一行\nid: 引号里的一行"\nid: g1-real\n', "t.yml")
    assert tricky.top_key("id") is None and tricky.position(("id",)) == (3, 1)
    flow = parse("{id: a, title: b}\n", "t.yml")
    assert flow.top_key("title") is None and flow.position(("title",)) == (1, 9)


def test_a_document_from_the_cache_finds_what_the_parsed_one_finds() -> None:
    """A file whose model comes from the cache keeps only its bytes: every position it gives, with
    its text decoded or found in the bytes, is the parsed document's, for every top-level key of
    every shipped file, and with a BOM and Windows line ends."""
    from xinyu.load.project import yaml_files
    from xinyu.load.yamlread import Document, parse

    repo = Path(__file__).resolve().parents[1]
    checked = 0
    for path in yaml_files(repo):
        raw = path.read_bytes()
        doc = parse(raw.decode("utf-8-sig"), path.name)
        if not isinstance(doc.data, dict):
            continue
        for key in list(doc.data)[:4]:
            kept = Document(path.name, None, raw)
            assert kept.position((key,)) == doc.position((key,)), (path, key)  # from the bytes
            assert kept.text == doc.text and kept.position((key,)) == doc.position((key,))  # decoded
            checked += 1
        assert Document(path.name, None, raw).position(()) == doc.position(())
    assert checked > 800
    text = "# 注释\r\ntitle: 情绪小主人\r\nsteps:\r\n  - 第一步\r\nid: g1-a\r\n"
    doc = parse(text, "t.yml")
    for raw in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        kept = Document("t.yml", None, raw)
        assert [kept.position((k,)) for k in ("title", "steps", "id")] == [(2, 1), (3, 1), (5, 1)]
        assert kept.position(("steps", 0)) == doc.position(("steps", 0)) == (4, 5)
        assert kept.text == doc.text  # the BOM is not text


def test_a_taxonomy_edit_checks_every_lesson_again(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lesson's own checks are kept by the lesson's bytes and the taxonomies': renaming a theme the
    unchanged lesson uses must report it."""
    assert check(mini)["errors"] == []
    themes = mini / "content" / "taxonomy" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("name: 人际交往", "name: 人际关系", 1), encoding="utf-8")
    after = check(mini)
    assert any(e["file"] == LESSON.as_posix() and "人际交往" in e["message"] for e in after["errors"]), after["errors"]
    assert after == uncached(mini, monkeypatch)


def test_kept_findings_are_used_only_when_they_are_findings(tmp_path: Path) -> None:
    """A list under a findings key that holds anything but findings is a miss: the check runs again."""
    from xinyu.load.cache import kept_findings
    from xinyu.load.problems import Problem

    store = FileCache(tmp_path)
    real = Problem("lessons/a.yml", 3, 1, "title", "提醒", "提示")
    store.put(("f", "good"), [real])
    store.put(("f", "bad"), [real, "不是问题"])
    store.save()
    store = FileCache(tmp_path)
    assert store.problems(("f", "good")) == [real]
    assert store.problems(("f", "bad")) is None
    runs: list[str] = []
    for key in (("f", "good"), ("f", "bad"), None):
        found: list[Problem] = []
        kept_findings(store, key, found, lambda key=key, found=found: (runs.append(str(key)), found.append(real)))
        assert found == [real]
    assert runs == [str(("f", "bad")), "None"]


def test_a_new_forbidden_word_checks_every_lesson_again(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CUR-5's word scan is kept per lesson, by its bytes and the word list: a word added to the
    policy must be found in the unchanged lesson."""
    first = check(mini)
    assert next(r for r in first["rules"] if r["id"] == "CUR-5")["status"] == "pass"
    rules = mini / "content" / "policy" / "rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("value: [笔试,", "value: [新学校, 笔试,", 1), encoding="utf-8")
    after = check(mini)
    cur5 = next(r for r in after["rules"] if r["id"] == "CUR-5")
    assert cur5["status"] == "fail" and any("新学校" in f["message"] for f in cur5["findings"]), cur5
    assert after == uncached(mini, monkeypatch)


def test_a_kept_lesson_fact_of_the_wrong_kind_is_made_again(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact kept under a lesson's key is used only if it has the kind asked for."""
    first = check(mini)
    entries = kept(mini)
    facts = [k for k in entries if k[0] == "fact"]
    assert {k[3] for k in facts} == {"scoring_words", "scaffold_mark"}
    write_packs(mini, {**entries, **{key: pickle.dumps("不是这个") for key in facts}})
    assert check(mini) == first == uncached(mini, monkeypatch)


def test_a_first_check_with_many_new_files_parses_them_in_worker_processes(
        mini: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]) -> None:
    """Workers parse and validate the new files; what loaded cleanly comes back through the cache,
    so the result is the same, and a broken file is still reported with its line."""
    broken = mini / "lessons" / "primary-lower" / "g1-broken.yml"
    broken.write_text((mini / LESSON).read_text(encoding="utf-8").replace("minutes: 6", "minutes: six", 1)
                      .replace("id: g1-hello-new-school", "id: g1-broken", 1), encoding="utf-8")
    expected = uncached(mini, monkeypatch)
    parsed.clear()
    monkeypatch.setattr(project_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(project_module.os, "cpu_count", lambda: 2)
    assert check(mini) == expected
    assert LESSON.as_posix() not in parsed  # made in a worker
    assert "lessons/primary-lower/g1-broken.yml" in parsed  # its messages made here
    assert any(e["file"] == "lessons/primary-lower/g1-broken.yml" and e["line"] for e in expected["errors"])
    broken.unlink()
    assert check(mini) == uncached(mini, monkeypatch)


def test_an_edit_writes_only_the_pack_of_the_edited_file(mini: Path) -> None:
    """Entries are spread over packs by file: after one edit, the other packs are left as they were."""
    check(mini)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in packs(mini)}
    assert len(before) > 1
    lesson = mini / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("title: ", "title: 新的", 1), encoding="utf-8")
    check(mini)
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in packs(mini)}
    changed = [name for name in after if after[name] != before.get(name)]
    assert changed == [pack_name(shard_of(("model", LESSON.as_posix())))]
