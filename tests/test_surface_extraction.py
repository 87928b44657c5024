"""What a locked surface records, read through `modlint lock` on a small project."""

from __future__ import annotations

from pathlib import Path

from conftest import write

PROJECT = {
    "pyproject.toml": """
        [tool.modlint.modules.kit]
        tier = "foundation"
        [tool.modlint.modules.app]
        tier = "business"
    """,
    "app/__init__.py": "import kit\n",
    "kit/__init__.py": """
        import sys
        from typing import TYPE_CHECKING

        from yaml import safe_load
        from . import helpers
        from .shapes import *
        from .api import fetch, Client as PublicClient

        if TYPE_CHECKING:
            from .api import Session

        if sys.version_info >= (3, 10):
            def version() -> str:
                return "new"
        else:
            def version() -> int:
                return 0

        LIMIT: int = 10
        __all__ = ["fetch", "PublicClient", "helpers", "safe_load", "Square", "version"]
        __all__ += ["LIMIT"]
    """,
    "kit/helpers.py": "",
    "kit/shapes.py": """
        class Square:
            def area(self) -> float: ...
            def _cache(self) -> None: ...
    """,
    "kit/api.py": """
        import functools
        from typing import overload


        class Session: ...


        class Base: ...


        class Client(Base, metaclass=type):
            def __init__(self, url: str, /, retries=3, *args, token: str | None = None,
                         **options: object) -> None: ...

            @property
            def url(self) -> str: ...

            @url.setter
            def url(self, value: str) -> None: ...

            @classmethod
            def from_env(cls) -> "Client": ...

            @staticmethod
            def ping(host: str = "localhost") -> bool: ...

            async def close(self) -> None: ...


        @overload
        def fetch(key: int) -> int: ...
        @overload
        def fetch(key: str) -> str: ...
        @functools.lru_cache
        def fetch(key):
            return key
    """,
}


def test_the_surface_a_lock_records(modlint, tmp_path: Path) -> None:
    root = write(tmp_path, PROJECT)
    run = modlint("lock", "kit", "--version", "1.0.0", cwd=root)
    assert run.code == 0, run.out + run.err
    surface = (root / "kit" / ".LOCKED").read_text().split("[surface]\n")[1]
    assert surface.splitlines() == [
        '"LIMIT" = "constant"',
        '"PublicClient" = "class Client(Base)"',
        '"PublicClient.__init__" = "def __init__(self, url: str, /, retries=3, *args, '
        'token: str | None = None, **options: object) -> None"',
        '"PublicClient.close" = "async def close(self) -> None"',
        '"PublicClient.from_env" = "@classmethod def from_env(cls) -> \\"Client\\""',
        '"PublicClient.ping" = "@staticmethod def ping(host: str = \\"localhost\\") -> bool"',
        '"PublicClient.url" = "@property def url(self) -> str"',
        '"Square" = "class Square"',
        '"Square.area" = "def area(self) -> float"',
        '"fetch" = "def fetch(key)"',
        '"helpers" = "module"',
        '"safe_load" = "alias of yaml.safe_load"',
        '"version" = "def version() -> str"',
    ]
    assert modlint(cwd=root).code == 0


LAZY = {
    "pyproject.toml": """
        [tool.modlint.modules.kit]
        tier = "foundation"
        level = "stable"
        [tool.modlint.modules.app]
        tier = "business"
    """,
    "app/__init__.py": "from kit import Session, fetch\n",
    "kit/__init__.py": """
        import importlib
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from .api import Session, fetch

        __all__ = ["Session", "fetch"]


        def __getattr__(name: str) -> object:
            return getattr(importlib.import_module("kit.api"), name)
    """,
    "kit/api.py": """
        class Session: ...


        def fetch(key: str) -> str:
            return key
    """,
}


def test_a_lazy_package_exports_what_it_imports_for_type_checkers(modlint, tmp_path: Path) -> None:
    """A package whose module-level `__getattr__` imports its names on first use (PEP 562)
    exports those it imports under `if TYPE_CHECKING:`: its importers use its surface, and a
    lock records them; without the `__getattr__` they do not exist at run time."""
    root = write(tmp_path / "lazy", LAZY)
    first = modlint(cwd=root)
    assert (first.code, first.out, first.err) == (0, "", "")
    run = modlint("lock", "kit", "--version", "1.0.0", cwd=root)
    assert run.code == 0, run.out + run.err
    surface = (root / "kit" / ".LOCKED").read_text().split("[surface]\n")[1]
    assert surface.splitlines() == [
        '"Session" = "class Session"',
        '"fetch" = "def fetch(key: str) -> str"',
    ]
    locked = modlint(cwd=root)
    assert (locked.code, locked.out, locked.err) == (0, "", "")
    init = root / "kit" / "__init__.py"
    init.write_text(init.read_text().split("\n\ndef ")[0] + "\n")
    run = modlint("--output-format", "concise", cwd=root)
    assert (run.code, run.lines) == (
        1,
        [
            "app/__init__.py:1:17: ML101 'kit.Session' is not in the surface of locked module"
            " 'kit' (use what 'kit' exports)",
            "app/__init__.py:1:26: ML101 'kit.fetch' is not in the surface of locked module 'kit'"
            " (use what 'kit' exports)",
            "kit/__init__.py:7:1: ML103 removed 'Session': breaking change to locked module 'kit'"
            " 1.0.0 (unlock it, and lock it again as 2.0.0)",
            "kit/__init__.py:7:1: ML103 removed 'fetch': breaking change to locked module 'kit'"
            " 1.0.0 (unlock it, and lock it again as 2.0.0)",
            "kit/__init__.py:7:12: ML102 locked module 'kit': __all__ of package 'kit' names"
            " 'Session', which is imported only under TYPE_CHECKING, so it does not exist at"
            " run time",
            "kit/__init__.py:7:23: ML102 locked module 'kit': __all__ of package 'kit' names"
            " 'fetch', which is imported only under TYPE_CHECKING, so it does not exist at run"
            " time",
        ],
    )
