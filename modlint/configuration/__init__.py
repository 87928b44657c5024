"""Stage 0: finding, reading and validating the project's `[tool.modlint]` configuration."""

from modlint.configuration.loader import find_config_file, load_config
from modlint.configuration.schema import TableReader, closest, type_name
from modlint.configuration.toml import (
    TOMLDecodeError,
    key_lines,
    loads,
    parse_toml,
    read_text,
    read_toml,
)

__all__ = [
    "TOMLDecodeError",
    "TableReader",
    "closest",
    "find_config_file",
    "key_lines",
    "load_config",
    "loads",
    "parse_toml",
    "read_text",
    "read_toml",
    "type_name",
]
