"""Stage 5: running the pipeline end to end (discover, extract, build, check, suppress)."""

from modlint.pipeline.check import CheckResult, Findings
from modlint.pipeline.run import (
    CACHE_FOLDER,
    analysed,
    cache_folder,
    check,
    existing_paths,
    find_configuration,
    reported_paths,
)
from modlint.pipeline.selection import Selection

__all__ = [
    "CACHE_FOLDER",
    "CheckResult",
    "Findings",
    "Selection",
    "analysed",
    "cache_folder",
    "check",
    "existing_paths",
    "find_configuration",
    "reported_paths",
]
