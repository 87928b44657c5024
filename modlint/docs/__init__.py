"""The docs checker: lock tables and module README status lines against code and lock files."""

from modlint.docs.drift import (
    MARKERS,
    TABLE,
    Drift,
    fixed_readme,
    fixed_table,
    readme_drift,
    table_drift,
    table_section_added,
)
from modlint.docs.expected import module_statuses
from modlint.docs.table import MarkerError, find_markers
from modlint.docs.text import encoded, read_doc, split_lines

__all__ = [
    "Drift",
    "MARKERS",
    "MarkerError",
    "TABLE",
    "encoded",
    "find_markers",
    "fixed_readme",
    "fixed_table",
    "module_statuses",
    "read_doc",
    "readme_drift",
    "split_lines",
    "table_drift",
    "table_section_added",
]
