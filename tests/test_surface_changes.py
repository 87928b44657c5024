"""ML103 / ML104: each breaking and additive change of spec section 4, made one at a time to
a copy of nimbus's locked `datastore`, with the exact diagnostic it gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit

BREAK = "breaking change to locked module 'datastore' 1.0.0 (unlock it, and lock it again as 2.0.0)"
GROW = "locked module 'datastore' 1.0.0 grew (unlock it, and lock it again as 1.1.0)"
STORE = "datastore/store.py"


GET = "    def get(self, key: str, default: Any = None) -> Any:"
PUT = "    def put(self, key: str, value: Any) -> None:"
OPEN = "def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Store:"

CHANGES = [
    # (file, old text, new text, expected lines)
    (
        "datastore/__init__.py",
        '__all__ = ["DEFAULT_TIMEOUT", "Store", "open_store"]',
        '__all__ = ["Store", "open_store"]',
        [f"datastore/__init__.py:5:1: ML103 removed 'DEFAULT_TIMEOUT': {BREAK}"],
    ),
    (
        STORE,
        PUT,
        "    def _put(self, key: str, value: Any) -> None:",
        [f"{STORE}:26:7: ML103 removed 'Store.put': {BREAK}"],
    ),
    (
        STORE,
        "DEFAULT_TIMEOUT = 5.0",
        "def DEFAULT_TIMEOUT() -> float:\n    return 5.0",
        [f"{STORE}:12:5: ML103 'DEFAULT_TIMEOUT' changed from constant to function: {BREAK}"],
    ),
    (
        STORE,
        GET,
        "    def get(self, key: str, default: Any = None, *, strict: bool) -> Any:",
        [f"{STORE}:30:9: ML103 new required parameter 'strict' of Store.get: {BREAK}"],
    ),
    (
        STORE,
        GET,
        "    def get(self, key: str) -> Any:\n        default = None",
        [f"{STORE}:30:9: ML103 removed parameter 'default' of Store.get: {BREAK}"],
    ),
    (
        STORE,
        PUT,
        "    def put(self, value: Any, key: str) -> None:",
        [
            f"{STORE}:34:9: ML103 parameter 'key' of Store.put moved from position 2 to 3: {BREAK}",
            f"{STORE}:34:9: ML103 parameter 'value' of Store.put moved from position 3 to 2: {BREAK}",
        ],
    ),
    (
        STORE,
        PUT,
        "    def put(self, name: str, value: Any) -> None:\n        key = name",
        [f"{STORE}:34:9: ML103 parameter 'key' of Store.put was renamed to 'name': {BREAK}"],
    ),
    (
        STORE,
        GET,
        "    def get(self, key: str, *, default: Any = None) -> Any:",
        [f"{STORE}:30:9: ML103 parameter 'default' of Store.get became keyword-only: {BREAK}"],
    ),
    (
        STORE,
        GET,
        "    def get(self, key: str, default: Any = None, /) -> Any:",
        [
            f"{STORE}:30:9: ML103 parameter 'default' of Store.get became positional-only: {BREAK}",
            f"{STORE}:30:9: ML103 parameter 'key' of Store.get became positional-only: {BREAK}",
            f"{STORE}:30:9: ML103 parameter 'self' of Store.get became positional-only: {BREAK}",
        ],
    ),
    (
        STORE,
        OPEN,
        "def open_store(url: str, *, timeout: float) -> Store:",
        [f"{STORE}:39:5: ML103 parameter 'timeout' of open_store became required: {BREAK}"],
    ),
    (
        STORE,
        OPEN,
        "def open_store(url: str, *, timeout: float = 10.0) -> Store:",
        [
            f"{STORE}:39:5: ML103 default of parameter 'timeout' of open_store changed from "
            f"DEFAULT_TIMEOUT to 10.0: {BREAK}"
        ],
    ),
    (
        STORE,
        GET,
        "    def get(self, key: bytes, default: Any = None) -> Any:",
        [
            f"{STORE}:30:9: ML103 annotation of parameter 'key' of Store.get changed from 'str' to "
            f"'bytes': {BREAK}"
        ],
    ),
    (
        STORE,
        GET,
        "    def get(self, key: str, default: Any = None):",
        [f"{STORE}:30:9: ML103 return annotation of Store.get removed (was 'Any'): {BREAK}"],
    ),
    (
        STORE,
        "class Store(Closeable):",
        "class Store:",
        [f"{STORE}:26:7: ML103 class 'Store' lost base class 'Closeable': {BREAK}"],
    ),
    (
        STORE,
        GET,
        "    async def get(self, key: str, default: Any = None) -> Any:",
        [f"{STORE}:30:15: ML103 'Store.get' became async def: {BREAK}"],
    ),
    (
        STORE,
        GET,
        "    @staticmethod\n    def get(self, key: str, default: Any = None) -> Any:",
        [f"{STORE}:31:9: ML103 'Store.get' gained @staticmethod: {BREAK}"],
    ),
    # Additive changes.
    (
        STORE,
        "def open_store(",
        "def close_store(store: Store) -> None:\n    store.close()\n\n\ndef open_store(",
        [],
    ),
    (
        "datastore/__init__.py",
        '__all__ = ["DEFAULT_TIMEOUT", "Store", "open_store"]',
        'from .store import Closeable\n\n__all__ = ["Closeable", "DEFAULT_TIMEOUT", "Store", '
        '"open_store"]',
        [f"{STORE}:17:7: ML104 added 'Closeable': {GROW}"],
    ),
    (
        STORE,
        GET,
        "    def get(self, key: str, default: Any = None, retries: int = 0) -> Any:",
        [f"{STORE}:30:9: ML104 new optional parameter 'retries' of Store.get: {GROW}"],
    ),
    (
        STORE,
        OPEN,
        "def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT, "
        "readonly: bool = False) -> Store:",
        [f"{STORE}:39:5: ML104 new optional parameter 'readonly' of open_store: {GROW}"],
    ),
    (
        STORE,
        "    def put(",
        "    def delete(self, key: str) -> None:\n        self.put(key, None)\n\n    def put(",
        [f"{STORE}:34:9: ML104 added 'Store.delete': {GROW}"],
    ),
    # Changes that keep the surface: a removed parameter absorbed by *args and **kwargs, a
    # decorator that keeps the signature, a new private helper, a reformatted signature.
    (
        STORE,
        PUT,
        "    def put(self, *args: Any, **kwargs: Any) -> None:\n        key, value = args",
        [
            f"{STORE}:34:9: ML104 added **kwargs to Store.put: {GROW}",
            f"{STORE}:34:9: ML104 added *args to Store.put: {GROW}",
        ],
    ),
    (STORE, GET, "    @functools.lru_cache\n" + GET, []),
    (
        STORE,
        OPEN,
        "def open_store(\n    url: str,\n    *,\n    timeout: float = DEFAULT_TIMEOUT,\n"
        ") -> Store:",
        [],
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), CHANGES, ids=[f"{n}" for n in range(len(CHANGES))]
)
def test_each_change_of_a_locked_surface(
    modlint, nimbus: Path, file: str, old: str, new: str, expected: list[str]
) -> None:
    edit(nimbus / file, old, new)
    run = modlint("--select", "ML103,ML104", cwd=nimbus)
    assert run.lines == expected
    assert run.code == (1 if expected else 0)


def test_the_sample_is_clean_before_any_change(modlint, nimbus: Path) -> None:
    assert modlint("--select", "ML1,ML2", cwd=nimbus).code == 0
