"""Stage 2: per-file facts (imports with positions, suppression comments) from a file's bytes."""

from modlint.extraction.facts import extract_facts, extract_without_libcst

__all__ = ["extract_facts", "extract_without_libcst"]
