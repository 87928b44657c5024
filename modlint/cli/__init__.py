"""The command-line interface: argument parsing, reporters and exit codes."""

from modlint.cli.main import main

__all__ = ["main"]
