"""Rules: the shipped content passes every rule; each rule fails on a targeted change, with the
message naming what to fix; parameters in the rules file change verdicts without code changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import REPO, edit_yaml
from xinyu.checks import run_checks
from xinyu.load.project import load_project
from xinyu.render.site import page_paths

#: The requirements list (a copy of the team's shared/requirements.md, so a clone is self-contained).
REQUIREMENTS = REPO / "tests" / "data" / "requirements.md"
#: The notice every rule quotes, kept next to the rules file.
NOTICE = REPO / "content" / "policy" / "notice-2020-11-02.txt"
COVERED = {"CUR-1", "CUR-2", "CUR-3", "CUR-4", "CUR-5", "CUR-6", "CUR-7", "TRN-1", "TRN-2", "TRN-3", "TRN-4",
           "TRN-5", "TRN-6", "TRN-7", "TRN-8", "FAM-3", "FAM-4", "ROOM-1", "ROOM-2", "ROOM-3", "ROOM-5",
           "CRI-2", "CRI-3", "STF-1", "STF-2"}


def verdict(root: Path, rule_id: str):  # type: ignore[no-untyped-def]
    result = load_project(root)
    assert result.ok, "\n".join(map(str, result.problems))
    found = run_checks(result.project, page_paths(result.project)).get(rule_id)
    assert found is not None
    return found


def rules_file(root: Path) -> Path:
    return root / "content" / "policy" / "rules.yml"


def set_param(root: Path, name: str, value: object) -> None:
    edit_yaml(rules_file(root), lambda d: d["parameters"][name].__setitem__("value", value))


def files(root: Path, pattern: str) -> list[Path]:
    return sorted(root.glob(pattern))


def test_every_covered_requirement_is_in_the_rules_file() -> None:
    assert REQUIREMENTS.is_file(), f"需要 {REQUIREMENTS}"
    text = REQUIREMENTS.read_text(encoding="utf-8")
    checkable = set(re.findall(r"^\| ([A-Z]+-\d+) \|[^\n]*\|[^|\n]*\bcheck\b[^|\n]*\|$", text, flags=re.M))
    rules = {r["id"] for r in yaml.safe_load(rules_file(REPO).read_text(encoding="utf-8"))["rules"]}
    assert checkable == COVERED
    assert COVERED <= rules
    publish = set(re.findall(r"^\| ([A-Z]+-\d+) \|[^\n]*\|[^|\n]*\bpublish\b[^|\n]*\|$", text, flags=re.M))
    assert publish - {"SUP-2"} <= rules  # SUP-2: the report's JSON (xinyu check --format json, api/all.json)


def _notice() -> str:
    raw = NOTICE.read_text(encoding="utf-8")
    return _plain(raw)


def _plain(text: str) -> str:
    """Only the Han characters, letters and digits: the notice's copy has stray spaces and mixed punctuation."""
    return re.sub(r"[^\w]|_", "", text)


def test_clauses_are_quoted_from_the_notice() -> None:
    notice = _notice()
    for rule in yaml.safe_load(rules_file(REPO).read_text(encoding="utf-8"))["rules"]:
        clause = _plain(rule["clause"])
        # The notice's text has OCR gaps ("理健康"): compare in pieces of 8 characters.
        pieces = [clause[i:i + 8] for i in range(0, max(len(clause) - 8, 1), 8)]
        hits = sum(p in notice for p in pieces)
        assert hits >= len(pieces) * 0.6, (rule["id"], clause)


#: Rules whose shipped data is sample data: unverified air-classroom episodes and example schools.
SAMPLE_BASED = {"TRN-2", "FAM-3", "ROOM-1", "ROOM-2", "ROOM-3", "ROOM-5", "CRI-2", "CRI-3", "CRI-4", "STF-1", "STF-2"}


@pytest.mark.parametrize("rule_id", sorted(COVERED))
def test_shipped_content_passes(rule_id: str) -> None:
    found = verdict(REPO, rule_id)
    assert not found.findings, f"{rule_id}: {found.detail}"
    if rule_id in SAMPLE_BASED:
        assert found.status == "warn" and found.sample, f"{rule_id} rests on sample data: a warning, not a pass"
        assert found.detail.startswith("基于示例数据")
    else:
        assert found.status == "pass" and not found.sample, f"{rule_id}: {found.detail}"


def test_only_sample_based_rules_warn() -> None:
    result = load_project(REPO)
    report = run_checks(result.project, page_paths(result.project))
    assert {r.rule.id for r in report.results if r.status != "pass"} == SAMPLE_BASED
    assert all(r.sample for r in report.results if r.status == "warn")


def test_sample_evidence_names_the_sample_files() -> None:
    found = verdict(REPO, "TRN-2")
    assert [f.where.file for f in found.samples] == ["content/air-classroom/teacher.yml"]
    assert found.samples[0].where.line > 0
    assert "示例节目：请按市教育局实际发布的节目替换" in found.samples[0].message
    schools = verdict(REPO, "ROOM-2")
    assert {f.where.file for f in schools.samples} == {str(p.relative_to(REPO)) for p in files(REPO, "content/schools/*.yml")}
    assert all("示例学校" in f.message for f in schools.samples)


def _verify_all(root: Path, edition_file: str) -> None:
    edit_yaml(root / "content/air-classroom" / edition_file, lambda d: [
        e.update(source="赣州市教育局 2021 年 3 月发布（核实用的示例出处）", verified=True) for e in d["episodes"]])


def test_verified_episodes_make_the_rule_pass(full: Path) -> None:
    _verify_all(full, "teacher.yml")
    assert verdict(full, "TRN-2").status == "pass"
    assert verdict(full, "FAM-3").status == "warn"  # the parent edition is still sample data


def test_real_schools_make_school_rules_pass(full: Path) -> None:
    for path in files(full, "content/schools/*.yml"):
        edit_yaml(path, lambda d: d.update(example=False, name=d["name"].replace("示例学校·", "")))
    found = verdict(full, "ROOM-2")
    assert found.status == "pass" and not found.sample


def test_a_failure_on_sample_data_is_still_a_failure(full: Path) -> None:
    _drop_first_episode(full)
    found = verdict(full, "TRN-2")
    assert found.status == "fail" and found.sample


def test_verified_needs_a_source(full: Path) -> None:
    edit_yaml(full / "content/air-classroom/parent.yml", lambda d: d["episodes"][0].update(verified=True))
    result = load_project(full)
    assert not result.ok
    problem = next(p for p in result.problems if "source" in p.message)
    assert problem.file == "content/air-classroom/parent.yml" and problem.line > 0 and "episodes[1]" in problem.field


def test_sample_warnings_do_not_fail_check_but_strict_does() -> None:
    from click.testing import CliRunner

    from xinyu.cli import main

    normal = CliRunner().invoke(main, ["-C", str(REPO), "check"])
    assert normal.exit_code == 0, normal.output
    assert "基于示例数据" in normal.output and "content/air-classroom/teacher.yml" in normal.output
    assert CliRunner().invoke(main, ["-C", str(REPO), "check", "--strict"]).exit_code == 1
    import json

    rows = json.loads(CliRunner().invoke(main, ["-C", str(REPO), "check", "--format", "json"]).output)["rules"]
    trn2 = next(r for r in rows if r["id"] == "TRN-2")
    assert trn2["status"] == "warn" and trn2["sample"] and trn2["samples"][0]["file"] == "content/air-classroom/teacher.yml"


def test_parameter_flips_a_verdict(mini: Path) -> None:
    assert verdict(mini, "CUR-5").status == "pass"
    set_param(mini, "forbidden_words", ["寻宝"])
    found = verdict(mini, "CUR-5")
    assert found.status == "fail" and "寻宝" in found.detail


def _drop_last_semester2_entry(root: Path) -> None:
    edit_yaml(root / "content/schedule/grade-8.yml",
              lambda d: d.__setitem__("schedule", [e for e in d["schedule"]
                                                   if not (e["semester"] == 2 and e["week"] >= 15)]))


def _shorten_first_lesson(root: Path) -> None:
    path = files(root, "lessons/junior/g7-*.yml")[0]
    edit_yaml(path, lambda d: d["activities"][0].__setitem__("minutes", d["activities"][0]["minutes"] - 5))


def _retheme(root: Path, stage: str, theme: str) -> None:
    for path in files(root, f"lessons/{stage}/*.yml"):
        def change(d: dict) -> None:
            if theme in d["themes"]:
                d["themes"] = [t for t in d["themes"] if t != theme] or ["认识自我"]
        edit_yaml(path, change)


def _lecture(root: Path) -> None:
    path = files(root, "lessons/senior/*.yml")[0]
    edit_yaml(path, lambda d: d["activities"][1].__setitem__("form", "专题讲座"))
    edit_yaml(path, lambda d: d["activities"][2].__setitem__("form", "专题讲座"))


def _plan(root: Path, role: str) -> Path:
    for path in files(root, "content/training/plans/*.yml"):
        if yaml.safe_load(path.read_text(encoding="utf-8"))["role"] == role:
            return path
    raise AssertionError(role)


def _kind_of(root: Path, module_id: str) -> str:
    return yaml.safe_load((root / "content/training/modules" / f"{module_id}.yml").read_text(encoding="utf-8"))["kind"]


def _drop_kinds(root: Path, role: str, kinds: set[str]) -> None:
    edit_yaml(_plan(root, role), lambda d: d.__setitem__(
        "items", [i for i in d["items"] if not (i.get("module") and _kind_of(root, i["module"]) in kinds)]))


def _drop_first_episode(root: Path) -> None:
    path = _plan(root, "class-teacher")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(i for i in data["items"] if i.get("episode"))
    data["items"].remove(first)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _retier(root: Path) -> None:
    for path in files(root, "content/training/modules/*.yml"):
        edit_yaml(path, lambda d: d.__setitem__("tier", "提高") if d["tier"] == "骨干" else None)


def _parent_stages(root: Path) -> None:
    """No parent episode for senior high any more (and the senior parent school stops using them)."""
    def change(d: dict) -> None:
        for e in d["episodes"]:
            e["stages"] = [s for s in e["stages"] if s != "senior"] or ["junior"]
            if e.get("grades"):
                e["grades"] = [g for g in e["grades"] if g < 10]
    edit_yaml(root / "content/air-classroom/parent.yml", change)
    edit_yaml(root / "content/parent-school/senior.yml",
              lambda d: [a.pop("episodes", None) for s in d["semesters"] for a in s["activities"]])


def _no_meetings(root: Path) -> None:
    edit_yaml(root / "content/parent-school/junior.yml",
              lambda d: [a.__setitem__("form", "专题讨论") for s in d["semesters"] for a in s["activities"]
                         if a["form"] == "家长会"])


def _no_guidance(root: Path) -> None:
    edit_yaml(root / "content/parent-school/senior.yml",
              lambda d: [a.__setitem__("guidance", False) for s in d["semesters"] for a in s["activities"]])


def _school(root: Path, school_id: str, change: Callable[[dict], None]) -> None:
    edit_yaml(root / "content/schools" / f"{school_id}.yml", change)


def _no_friday_duty(d: dict) -> None:
    d["counseling_room"]["duty"] = [x for x in d["counseling_room"]["duty"] if x["day"] != "fri"]


def _short_monday(d: dict) -> None:
    d["counseling_room"]["hours"]["mon"] = ["12:10-12:40"]


def _drop_rule(d: dict) -> None:
    d["counseling_room"]["rules"] = [r for r in d["counseling_room"]["rules"] if r != "保密保管制度"]


def _no_spring_screening(d: dict) -> None:
    d["calendar"]["screenings"] = [x for x in d["calendar"]["screenings"] if x["semester"] != 2]


def _no_level_three(d: dict) -> None:
    d["crisis_levels"] = [x for x in d["crisis_levels"] if x["level"] != 3]


def _unqualified(d: dict) -> None:
    for t in d["teachers"]:
        t["qualified"] = False


def _one_fulltime(d: dict) -> None:
    fulltime = [t for t in d["teachers"] if t["fulltime"]]
    for t in fulltime[1:]:
        t["fulltime"] = False


FAILURES: dict[str, tuple[Callable[[Path], None], str]] = {
    "ROOM-1": (lambda r: _school(r, "example-urban-junior", _no_friday_duty), "周五没有安排值班"),
    "ROOM-2": (lambda r: _school(r, "example-urban-junior", _short_monday), "周一只开放 0.5 小时"),
    "ROOM-3": (lambda r: _school(r, "example-urban-junior", _drop_rule), "缺少制度：保密保管制度"),
    "ROOM-5": (lambda r: _school(r, "example-urban-junior",
                                 lambda d: d["counseling_room"].__setitem__("hotline", "96525")), "不在公共热线名单"),
    "CRI-2": (lambda r: _school(r, "example-urban-junior", _no_spring_screening), "第二学期"),
    "CRI-3": (lambda r: _school(r, "example-urban-junior", _no_level_three), "缺少第 3 级干预或转介"),
    "STF-1": (lambda r: _school(r, "example-village-primary", _unqualified), "一校一师"),
    "STF-2": (lambda r: _school(r, "example-urban-junior", _one_fulltime), "至少需 2 名"),
    "CUR-1": (_drop_last_semester2_entry, "初中八年级 第二学期：已排"),
    "CUR-2": (_shorten_first_lesson, "分钟，初中一节课是 45 分钟"),
    "CUR-3": (lambda r: _retheme(r, "senior", "生涯规划"), "高中有 0 节生涯规划课"),
    "CUR-4": (lambda r: set_param(r, "min_forms_per_stage", 9), "至少需 9 种"),
    "CUR-5": (_lecture, "讲授"),
    "CUR-6": (lambda r: _retheme(r, "junior", "生命教育"), "初中还没有生命教育课"),
    "CUR-7": (_no_guidance, "高一家长 第一学期：含心理健康内容的家庭教育指导活动 0 次"),
    "TRN-1": (_retier, "缺少骨干层级"),
    "TRN-2": (lambda r: _drop_first_episode(r), "班主任的计划缺少教师专场节目"),
    "TRN-3": (lambda r: _drop_kinds(r, "class-teacher", {"识别与帮扶"}), "班主任的年度计划没有“识别与帮扶”"),
    "TRN-4": (lambda r: _drop_kinds(r, "principal", {"识别与帮扶", "心理健康通识"}), "校长及学校管理人员的年度计划没有"),
    "TRN-5": (lambda r: _plan(r, "new-teacher").unlink(), "新入职教师没有 2026-2027 学年的培训计划"),
    "TRN-6": (lambda r: set_param(r, "training_week_hours", 400), "不足 400 学时（一周）；差"),
    "TRN-7": (lambda r: set_param(r, "min_supervision_sessions", 99), "至少需 99 次"),
    "TRN-8": (lambda r: _drop_kinds(r, "subject-teacher", {"自我调适"}), "学科教师的计划没有教师自我心理调适"),
    "FAM-3": (_parent_stages, "家长专场还没有适合高中的节目"),
    "FAM-4": (_no_meetings, "初中家长学校计划缺少这些形式：家长会"),
}


@pytest.mark.parametrize("rule_id", sorted(FAILURES))
def test_rule_fails_with_a_message_that_says_what_to_fix(rule_id: str, full: Path) -> None:
    change, message = FAILURES[rule_id]
    change(full)
    found = verdict(full, rule_id)
    assert found.status == "fail"
    assert any(message in f.message for f in found.findings), [f.message for f in found.findings]


def test_cur1_names_the_schedule_file_and_the_gap(full: Path) -> None:
    _drop_last_semester2_entry(full)
    found = verdict(full, "CUR-1")
    finding = next(f for f in found.findings if "初中八年级 第二学期" in f.message)
    assert finding.where.file == "content/schedule/grade-8.yml" and finding.where.line > 0
    assert "第 17–18 周没有安排" in finding.message or "没有安排" in finding.message


def test_strict_turns_warnings_into_failures(full: Path) -> None:
    edit_yaml(rules_file(full), lambda d: [r.__setitem__("severity", "warning") for r in d["rules"]])
    set_param(full, "training_week_hours", 400)
    assert verdict(full, "TRN-6").status == "warn"
    from click.testing import CliRunner

    from xinyu.cli import main

    assert CliRunner().invoke(main, ["-C", str(full), "check"]).exit_code == 0
    assert CliRunner().invoke(main, ["-C", str(full), "check", "--strict"]).exit_code == 1
