"""The fingerprint of a finding: stable while the finding stays, whatever line it moves to."""

from __future__ import annotations

import hashlib


def fingerprint(code: str, path: str, message: str, occurrence: int = 0) -> str:
    """A hash of the code, the path (relative, with forward slashes), the message and which
    occurrence of that same finding in that file it is (0 for the first)."""
    key = f"{code}\0{path}\0{message}\0{occurrence}"
    # surrogatepass: a file name that is not UTF-8 still hashes, always to the same value.
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
