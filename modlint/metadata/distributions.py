"""Which distribution provides an import name (`yaml` is PyYAML, `PIL` is pillow)."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator, Mapping

from modlint.metadata.declared import normalize

KNOWN_IMPORT_NAMES: Mapping[str, str] = {
    "attr": "attrs",
    "bs4": "beautifulsoup4",
    "Crypto": "pycryptodome",
    "cv2": "opencv-python",
    "dateutil": "python-dateutil",
    "dns": "dnspython",
    "docx": "python-docx",
    "dotenv": "python-dotenv",
    "factory": "factory-boy",
    "fitz": "PyMuPDF",
    "gi": "PyGObject",
    "git": "GitPython",
    "github": "PyGithub",
    "jose": "python-jose",
    "jwt": "PyJWT",
    "ldap": "python-ldap",
    "magic": "python-magic",
    "markdown_it": "markdown-it-py",
    "multipart": "python-multipart",
    "MySQLdb": "mysqlclient",
    "nacl": "PyNaCl",
    "OpenSSL": "pyOpenSSL",
    "PIL": "Pillow",
    "pkg_resources": "setuptools",
    "pptx": "python-pptx",
    "psycopg2": "psycopg2",
    "pythonjsonlogger": "python-json-logger",
    "serial": "pyserial",
    "skimage": "scikit-image",
    "sklearn": "scikit-learn",
    "slugify": "python-slugify",
    "socks": "PySocks",
    "telegram": "python-telegram-bot",
    "usb": "pyusb",
    "win32api": "pywin32",
    "win32con": "pywin32",
    "yaml": "PyYAML",
    "zmq": "pyzmq",
    "_cffi_backend": "cffi",
    "google_auth_oauthlib": "google-auth-oauthlib",
}
"""Import names that differ from the distribution most projects get them from, for when that
distribution is not installed where modlint runs (`import-names` overrides any of them)."""

ALTERNATIVES: Mapping[str, tuple[str, ...]] = {
    "psycopg2": ("psycopg2", "psycopg2-binary"),
    "cv2": (
        "opencv-python",
        "opencv-python-headless",
        "opencv-contrib-python",
        "opencv-contrib-python-headless",
    ),
    "Crypto": ("pycryptodome", "pycrypto"),
    "magic": ("python-magic", "python-magic-bin"),
}
"""Import names several common distributions provide: the first one the project declares (or a
module's `external` list names) is taken, else the first."""


@functools.lru_cache(maxsize=1)
def _installed() -> dict[str, list[str]]:
    """Import name to distributions, from the metadata installed beside modlint; read once
    per process (a long-running `modlint server` checks many times). Callers only read it."""
    import importlib.metadata  # here: with its email parser, a tenth of a small run's imports

    if hasattr(importlib.metadata, "packages_distributions"):
        return {
            name: list(dists) for name, dists in importlib.metadata.packages_distributions().items()
        }
    found: dict[str, list[str]] = {}  # Python 3.9: read top_level.txt ourselves
    for distribution in importlib.metadata.distributions():
        top_level = distribution.read_text("top_level.txt") or ""
        for name in top_level.split():
            found.setdefault(name, []).append(distribution.metadata["Name"])
    return found


def distributions_for(
    names: Iterable[str], overrides: Mapping[str, str], preferred: Collection[str] = ()
) -> Mapping[str, str]:
    """The normalized distribution of each import name: the configuration's `import-names`
    first, then the installed metadata, then the built-in table of well-known names (of
    several alternatives, the first in ``preferred``, normalized names), else the import name
    itself. Each is found when first looked up, so that the installed metadata is never read
    when no rule needs a distribution."""
    return _Distributions(names, overrides, preferred)


class _Distributions(Mapping[str, str]):
    """The distribution of each of some import names, each found on its first lookup."""

    def __init__(
        self, names: Iterable[str], overrides: Mapping[str, str], preferred: Collection[str]
    ) -> None:
        self._found: dict[str, str | None] = dict.fromkeys(names)
        self._overrides = dict(overrides)
        self._preferred = frozenset(preferred)

    def __getitem__(self, name: str) -> str:
        found = self._found[name]  # KeyError for a name it was not given
        if found is None:
            found = self._found[name] = _distribution(name, self._overrides, self._preferred)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


def _distribution(name: str, overrides: Mapping[str, str], preferred: Collection[str]) -> str:
    """The normalized distribution of the import name ``name`` (see distributions_for)."""
    if name in overrides:
        return normalize(overrides[name])
    candidates = _installed().get(name)
    return normalize(candidates[0]) if candidates else _known(name, preferred)


def _known(name: str, preferred: Collection[str]) -> str:
    """The normalized distribution the built-in table gives ``name`` (the name itself when the
    table does not know it)."""
    alternatives = [normalize(option) for option in ALTERNATIVES.get(name, ())]
    chosen = [option for option in alternatives if option in preferred]
    if chosen:
        return chosen[0]
    return normalize(KNOWN_IMPORT_NAMES.get(name, name))
