"""modlint's version, in one place (the build backend reads it from here too)."""

__version__ = "0.1.0"
