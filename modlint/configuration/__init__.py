"""Stage 0: finding, reading and validating the project's `[tool.modlint]` configuration."""

from modlint.configuration.loader import find_config_file, load_config

__all__ = ["find_config_file", "load_config"]
