"""Compliance checks: pure functions over the validated model. No MkDocs import here."""

from xinyu.checks.engine import Finding, Report, RuleResult, run_checks

__all__ = ["Finding", "Report", "RuleResult", "run_checks"]
