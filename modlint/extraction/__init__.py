"""Stage 2: per-file facts (imports with positions, suppression comments) from a file's bytes."""

from modlint.extraction.depth import nesting_of
from modlint.extraction.facts import extract_facts, extract_imports, extract_without_libcst
from modlint.extraction.signatures import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Parameter,
    Signature,
    is_public,
)
from modlint.extraction.source import decode_source
from modlint.extraction.stored import parse_class_bases, parse_function_signature

__all__ = [
    "KEYWORD_ONLY",
    "POSITIONAL_ONLY",
    "POSITIONAL_OR_KEYWORD",
    "Parameter",
    "Signature",
    "VAR_KEYWORD",
    "VAR_POSITIONAL",
    "decode_source",
    "extract_facts",
    "extract_imports",
    "extract_without_libcst",
    "is_public",
    "nesting_of",
    "parse_class_bases",
    "parse_function_signature",
]
