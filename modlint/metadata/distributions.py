"""Which distribution provides an import name (`yaml` is PyYAML, `PIL` is pillow)."""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Collection, Iterable, Mapping

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
) -> dict[str, str]:
    """The normalized distribution of each import name: the configuration's `import-names`
    first, then the installed metadata, then the built-in table of well-known names (of
    several alternatives, the first in ``preferred``, normalized names), else the import name
    itself."""
    installed: dict[str, list[str]] | None = None
    found = {}
    for name in names:
        if name in overrides:
            found[name] = normalize(overrides[name])
            continue
        if installed is None:
            installed = _installed()
        candidates = installed.get(name)
        if candidates:
            found[name] = normalize(candidates[0])
        else:
            found[name] = _known(name, preferred)
    return found


def _known(name: str, preferred: Collection[str]) -> str:
    """The normalized distribution the built-in table gives ``name`` (the name itself when the
    table does not know it)."""
    alternatives = [normalize(option) for option in ALTERNATIVES.get(name, ())]
    chosen = [option for option in alternatives if option in preferred]
    if chosen:
        return chosen[0]
    return normalize(KNOWN_IMPORT_NAMES.get(name, name))
