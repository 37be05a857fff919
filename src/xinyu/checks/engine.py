"""The rule engine: rules come from ``content/policy/rules.yml``; each ``check`` rule is matched by
id to a registered function that returns findings (what is wrong and where) and figures.

A rule can also rest on sample data: episodes nobody has verified, example schools. A function
registered with :func:`rests_on` names that data; a rule that would pass but rests on it is not a
pass but a warning (``warn``) with ``sample`` set and the sample files as evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xinyu.model.policy import Rule
from xinyu.model.project import Location, Project

HEADINGS = ("师资配备", "课程建设", "辅导室建设", "活动开展")


@dataclass
class Finding:
    """One shortfall: what to fix, and where."""

    message: str
    where: Location = field(default_factory=lambda: Location(""))

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {"message": self.message, "file": self.where.file, "line": self.where.line, "field": self.where.field}


@dataclass
class Outcome:
    """What a check function returns."""

    findings: list[Finding] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    summary: str = ""


@dataclass
class RuleResult:
    """The verdict on one rule."""

    rule: Rule
    status: str  # pass | fail | warn
    detail: str
    findings: list[Finding]
    figures: dict[str, Any]
    #: The sample data this verdict rests on (empty: it rests on real data only).
    samples: list[Finding] = field(default_factory=list)

    @property
    def sample(self) -> bool:
        """True when the verdict rests on sample data (it is then at best a warning)."""
        return bool(self.samples)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape agreed for ``xinyu check --format json``."""
        return {
            "id": self.rule.id,
            "title": self.rule.title,
            "heading": self.rule.heading,
            "section": self.rule.section,
            "status": self.status,
            "severity": self.rule.severity,
            "clause": self.rule.clause,
            "how": self.rule.how,
            "detail": self.detail,
            "findings": [f.as_dict() for f in self.findings],
            "figures": self.figures,
            "sample": self.sample,
            "samples": [f.as_dict() for f in self.samples],
        }


@dataclass
class Report:
    """Every rule's verdict."""

    results: list[RuleResult]

    def status_counts(self) -> dict[str, int]:
        """How many rules pass, fail and warn."""
        counts = {"pass": 0, "fail": 0, "warn": 0}
        for r in self.results:
            counts[r.status] += 1
        return counts

    def failed(self, strict: bool = False) -> bool:
        """True if any rule fails (or warns, when ``strict``)."""
        return any(r.status == "fail" or (strict and r.status == "warn") for r in self.results)

    def sample_count(self) -> int:
        """How many rules rest on sample data."""
        return sum(1 for r in self.results if r.sample)

    def by_heading(self) -> dict[str, list[RuleResult]]:
        """Results grouped under the four inspection headings (notice §5)."""
        return {h: [r for r in self.results if r.rule.heading == h] for h in HEADINGS}

    def get(self, rule_id: str) -> RuleResult | None:
        """The result of one rule."""
        return next((r for r in self.results if r.rule.id == rule_id), None)

    def as_dict(self) -> list[dict[str, Any]]:
        """JSON rows."""
        return [r.as_dict() for r in self.results]


CheckFn = Callable[[Project], Outcome]
REGISTRY: dict[str, CheckFn] = {}
SampleFn = Callable[[Project], list[Finding]]
#: rule id → functions naming the sample data the rule's verdict rests on.
SAMPLES: dict[str, list[SampleFn]] = {}


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register the function that checks ``rule_id``."""

    def wrap(fn: CheckFn) -> CheckFn:
        REGISTRY[rule_id] = fn
        return fn

    return wrap


def rests_on(*rule_ids: str) -> Callable[[SampleFn], SampleFn]:
    """Register a function that names the sample data (one finding per file) the rules rest on."""

    def wrap(fn: SampleFn) -> SampleFn:
        for rule_id in rule_ids:
            SAMPLES.setdefault(rule_id, []).append(fn)
        return fn

    return wrap


def _publish(rule: Rule, have: set[str] | None) -> Outcome:
    """A publish rule passes when every page it names exists among the site's pages."""
    if have is None:
        return Outcome([Finding("没有给出网站的页面清单，无法核查发布类要求")])
    missing = [p for p in rule.pages if p not in have]
    if not rule.pages:
        return Outcome([Finding("规则没有写明承载内容的页面（pages）")])
    return Outcome([Finding(f"网站缺少页面 {p}") for p in missing], {"pages": rule.pages},
                   "网站已发布：" + "、".join(rule.pages))


def run_checks(project: Project, pages: set[str] | None = None) -> Report:
    """Run every rule of the project's rules file. ``pages`` lists the site's pages
    (docs-relative paths) for the publish rules; the renderer knows them, the checks do not."""
    results: list[RuleResult] = []
    for rule in project.rules.rules:
        if rule.kind == "publish":
            outcome = _publish(rule, pages)
        elif rule.id in REGISTRY:
            outcome = REGISTRY[rule.id](project)
        else:
            outcome = Outcome([Finding(f"没有实现规则 {rule.id} 的核查：请检查编号，或把 kind 改为 publish")])
        samples = [f for fn in SAMPLES.get(rule.id, []) for f in fn(project)]
        if outcome.findings:
            status = "fail" if rule.severity == "error" else "warn"
            detail = "；".join(f.message for f in outcome.findings[:3])
            if len(outcome.findings) > 3:
                detail += f"；等共 {len(outcome.findings)} 处"
        elif samples:
            status = "warn"
            detail = f"基于示例数据：{outcome.summary or '符合要求'}（换成真实数据后才算达标）"
        else:
            status, detail = "pass", outcome.summary or "符合要求"
        results.append(RuleResult(rule, status, detail, outcome.findings, outcome.figures, samples))
    return Report(results)
