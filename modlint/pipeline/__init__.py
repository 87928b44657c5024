"""Stage 5: running the pipeline end to end (discover, extract, build, check, suppress)."""

from modlint.pipeline.check import CheckResult, Findings
from modlint.pipeline.run import (
    CACHE_FOLDER,
    analysed,
    baseline_file,
    baselined,
    cache_folder,
    check,
    existing_paths,
    find_configuration,
    record_baseline,
    reported_paths,
)
from modlint.pipeline.selection import Selection

__all__ = [
    "CACHE_FOLDER",
    "CheckResult",
    "Findings",
    "Selection",
    "analysed",
    "baseline_file",
    "baselined",
    "cache_folder",
    "check",
    "existing_paths",
    "find_configuration",
    "record_baseline",
    "reported_paths",
]
