"""Stage 5: running the pipeline end to end (discover, extract, build, check, suppress)."""

from modlint.pipeline.check import CheckResult, check_project
from modlint.pipeline.selection import Selection

__all__ = ["CheckResult", "Selection", "check_project"]
