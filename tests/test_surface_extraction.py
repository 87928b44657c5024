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
