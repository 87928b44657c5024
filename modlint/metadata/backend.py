"""The project's dependencies as its build backend reports them (opt-in only: this runs the
project's build code and, unless isolation is turned off, installs its build requirements from
the configured package index, all in a child process with a time limit)."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.configuration import read_toml
from modlint.model import UsageError
from modlint.support import write_atomically

# Imported where the backend is run: a check reads BUILD_INPUTS from here, runs nothing.
if TYPE_CHECKING:
    import subprocess

    from modlint.metadata.declared import Declared

ISOLATED = "isolated"
INSTALLED = "installed"
"""The two modes: provision the backend in an isolated environment, or use modlint's own."""
TIMEOUT_SECONDS = 120
BUILD_INPUTS = ("pyproject.toml", "setup.py", "setup.cfg")
"""The files whose content decides the metadata; their hash keys the cache."""


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


def _build_requires(root: Path) -> list[str]:
    """The `build-system.requires` of the project at ``root`` as written, for the cache key."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return []
    system = read_toml(path, "pyproject.toml").get("build-system", {})
    requires = system.get("requires", []) if isinstance(system, dict) else []
    return sorted(str(item) for item in requires) if isinstance(requires, list) else []


def _cache_key(root: Path, mode: str) -> str:
    """The hash of what decides the answer: the build inputs, the build requirements and
    whether they are provisioned in isolation or taken from modlint's environment."""
    words = [_inputs_hash(root), mode, *_build_requires(root)]
    return hashlib.sha256("\0".join(words).encode("utf-8")).hexdigest()


# The child finds modlint where this process found it, whatever the current folder holds.
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from modlint.metadata.provision import main; main(sys.argv[1:])"
)


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Kills ``child`` with everything it started (pip, the backend's hooks)."""
    import signal

    try:
        if hasattr(os, "killpg"):
            os.killpg(child.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows has no process groups to kill
            child.kill()
    except OSError:
        pass
    child.communicate()


def _answer(root: Path, mode: str) -> list[str]:
    """The Requires-Dist entries the child process reports for ``root``; UsageError with its
    one-line reason, or when it does not finish within the time limit."""
    import subprocess
    import tempfile

    home = str(Path(__file__).resolve().parents[2])  # the folder holding modlint
    with tempfile.TemporaryDirectory(prefix="modlint-backend-") as folder:
        answer = Path(folder) / "answer.json"
        # Its temporary files (the isolated environment, pip's downloads) go into this folder,
        # removed below even when the child had to be killed.
        environment = {**os.environ, "TMPDIR": folder, "TEMP": folder, "TMP": folder}
        command = [sys.executable, "-c", _BOOT, home, str(root), str(answer), mode]
        child = subprocess.Popen(
            command,
            cwd=folder,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            _, errors = child.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            _stop(child)
            raise UsageError(
                "--metadata-from-backend: the build backend did not answer within "
                f"{TIMEOUT_SECONDS} s (installing its build requirements included)"
            ) from None
        except BaseException:  # Ctrl-C: the child is in its own session and would not hear it
            _stop(child)
            raise
        return _reported(answer, errors)


def _reported(answer: Path, errors: bytes) -> list[str]:
    """The requirements the child wrote to ``answer``; UsageError with the reason it wrote, or
    with the last line of its ``errors`` when it wrote nothing."""
    try:
        document = json.loads(answer.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        document = None
    if isinstance(document, dict) and isinstance(document.get("error"), str):
        raise UsageError(f"--metadata-from-backend: {document['error']}")
    requirements = document.get("requirements") if isinstance(document, dict) else None
    if not isinstance(requirements, list):
        lines = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise UsageError(f"--metadata-from-backend: the build failed: {lines[0]}")
    return [str(item) for item in requirements]


def declared_by_backend(root: Path, cache_dir: Path | None, isolated: bool = True) -> Declared:
    """The distributions the backend's metadata requires (extras included), its build
    requirements provisioned in an isolated environment unless ``isolated`` is false, cached
    by the hash of the build inputs; UsageError when the backend cannot answer."""
    from modlint.metadata.declared import Declared, names_of

    mode = ISOLATED if isolated else INSTALLED
    key = _cache_key(root, mode)
    cached = cache_dir / f"metadata-{key[:32]}.json" if cache_dir is not None else None
    if cached is not None:
        requirements = _cached_requirements(cached)
        if requirements is not None:
            return Declared(names_of(requirements))
    requirements = _answer(root.resolve(), mode)
    # Only into a cache folder that exists: the fact cache makes it, with its .gitignore.
    if cached is not None and cached.parent.is_dir():
        try:
            write_atomically(cached, json.dumps(requirements).encode("utf-8"))
        except OSError:
            pass
    return Declared(names_of(requirements))
