"""Stage 5: running the pipeline end to end (discover, extract, build, check, suppress)."""

from modlint.pipeline.check import CheckResult, Findings, check_project, reused_findings
from modlint.pipeline.selection import Selection

__all__ = ["CheckResult", "Findings", "Selection", "check_project", "reused_findings"]
