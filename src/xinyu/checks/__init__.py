"""Compliance checks: pure functions over the validated model. No MkDocs import here."""

from xinyu.checks.engine import Finding, Report, RuleResult, run_checks

# Each family module registers its checks with the engine when imported.
from xinyu.checks import curriculum, family, operations, samples, training  # noqa: E402,F401  isort: skip

__all__ = ["Finding", "Report", "RuleResult", "run_checks"]
