"""Third-party dependencies: what the project declares, and which distribution provides an
import name."""

from modlint.metadata.backend import BUILD_INPUTS, declared_by_backend
from modlint.metadata.declared import declared_statically, normalize
from modlint.metadata.distributions import distributions_for

__all__ = [
    "BUILD_INPUTS",
    "declared_by_backend",
    "declared_statically",
    "distributions_for",
    "normalize",
]
