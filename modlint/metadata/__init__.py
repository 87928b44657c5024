"""Third-party dependencies: what the project declares, and which distribution provides an
import name.

Its names are imported on first use (PEP 562): a run that reuses the last findings reads only
`BUILD_INPUTS`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

_SUBMODULE_OF = {
    "BUILD_INPUTS": "backend",
    "declared_by_backend": "backend",
    "declared_statically": "declared",
    "normalize": "declared",
    "distributions_for": "distributions",
}
"""The file of this package that defines each name of `__all__`."""


def __getattr__(name: str) -> object:
    """The public ``name``, imported from its file on first use and kept as this package's
    attribute; AttributeError for any other name."""
    submodule = _SUBMODULE_OF.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{submodule}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """This package's attributes, including the public names not imported yet."""
    return sorted(set(globals()) | set(__all__))
