"""The project's dependencies as its build backend reports them (opt-in only: this runs the
project's build code, in a subprocess with a time limit, through pyproject-hooks)."""

from __future__ import annotations

import email.parser
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from modlint.configuration import read_toml
from modlint.metadata.declared import Declared, names_of
from modlint.model import UsageError
from modlint.support import write_atomically

TIMEOUT_SECONDS = 120
BUILD_INPUTS = ("pyproject.toml", "setup.py", "setup.cfg")
"""The files whose content decides the metadata; their hash keys the cache."""


def _runner(
    cmd: Sequence[str], cwd: str | None = None, extra_environ: Mapping[str, str] | None = None
) -> None:
    environment = {**os.environ, **(extra_environ or {})}
    try:
        done = subprocess.run(
            cmd, cwd=cwd, env=environment, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise UsageError(f"the build backend did not answer within {TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise UsageError(f"the build backend failed: {last[0]}")


def _requirements(metadata: str) -> list[str]:
    message = email.parser.Parser().parsestr(metadata)
    return message.get_all("Requires-Dist") or []


def _inputs_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for name in BUILD_INPUTS:
        path = root / name
        try:
            content = path.read_bytes() if path.is_file() else b""
        except OSError as error:  # the backend will say more when it cannot read it either
            content = f"\0unreadable: {error.errno}".encode()
        digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()


def _cached_requirements(path: Path) -> list[str] | None:
    """The requirements a former run cached at ``path``; None when there are none, or the
    file is not a regular file holding a JSON array of strings."""
    try:
        if not path.is_file():
            return None
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if type(document) is not list or not all(type(item) is str for item in document):
        return None
    return document


def declared_by_backend(root: Path, cache_dir: Path | None) -> Declared:
    """The distributions the backend's metadata requires (extras included), cached by the hash
    of the build inputs; UsageError when the backend cannot answer."""
    from pyproject_hooks import BuildBackendHookCaller

    key = _inputs_hash(root)
    cached = cache_dir / f"metadata-{key[:32]}.json" if cache_dir is not None else None
    if cached is not None:
        requirements = _cached_requirements(cached)
        if requirements is not None:
            return Declared(names_of(requirements))
    system = read_toml(root / "pyproject.toml", "pyproject.toml").get("build-system", {})
    backend = system.get("build-backend", "setuptools.build_meta:__legacy__")
    caller = BuildBackendHookCaller(
        str(root),
        backend,
        system.get("backend-path"),
        runner=_runner,
        python_executable=sys.executable,
    )
    with tempfile.TemporaryDirectory() as folder:
        try:
            name = caller.prepare_metadata_for_build_wheel(folder)
            metadata = (Path(folder) / name / "METADATA").read_text(encoding="utf-8")
        except UsageError:
            raise
        except Exception as error:  # the backend's own exceptions, whatever they are
            raise UsageError(f"the build backend failed: {error}") from None
        if not metadata and name.endswith(".whl"):
            with zipfile.ZipFile(Path(folder) / name) as wheel:
                entry = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
                metadata = wheel.read(entry).decode("utf-8")
    requirements = _requirements(metadata)
    # Only into a cache folder that exists: the fact cache makes it, with its .gitignore.
    if cached is not None and cached.parent.is_dir():
        try:
            write_atomically(cached, json.dumps(requirements).encode("utf-8"))
        except OSError:
            pass
    return Declared(names_of(requirements))
