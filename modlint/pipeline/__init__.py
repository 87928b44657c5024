"""Stage 5: running the pipeline end to end (discover, extract, build, check, suppress).

The commands beside the check (`baseline`, `fixes`, `add_noqa`, `docs`, `locking`, `testrun`,
`gitflow`, `init`, `migrate`) are modules of their own in modlint's configuration, each with its
``__all__``: a plain check never imports them, so this package does not re-export them."""

from modlint.pipeline.check import CheckResult, Findings, analyse_project
from modlint.pipeline.facts import FactMemory
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
from modlint.pipeline.selection import Selection, enabled_codes

__all__ = [
    "CACHE_FOLDER",
    "CheckResult",
    "FactMemory",
    "Findings",
    "Selection",
    "analyse_project",
    "analysed",
    "baseline_file",
    "baselined",
    "cache_folder",
    "check",
    "enabled_codes",
    "existing_paths",
    "find_configuration",
    "record_baseline",
    "reported_paths",
]
