"""The child process that asks a project's build backend for its wheel metadata, the way `build`
does: in an isolated environment provisioned with the backend's requirements, or in modlint's own
environment. backend.py runs it under a time limit; it writes its answer, the Requires-Dist
entries or a one-line error, as JSON to the file named on its command line."""

from __future__ import annotations

import email.parser
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from build import BuildBackendException, ProjectBuilder
from build.env import DefaultIsolatedEnv
from pyproject_hooks import BackendUnavailable

from modlint.metadata.backend import INSTALLED
from modlint.metadata.declared import normalize

_NAMED_BY_PIP = re.compile(r"(?:satisfies the requirement|distribution found for) ([^\s;]+)")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class Failed(Exception):
    """The one-line reason the metadata could not be had."""


def _last_line(output: bytes | str | None, marker: str = "") -> str:
    """The last non-blank line of ``output`` (the last one starting with ``marker`` when there
    is one), without the marker; "no output" when there is none."""
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output or ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    marked = [line[len(marker) :].strip() for line in lines if marker and line.startswith(marker)]
    return (marked or lines or ["no output"])[-1]


def _runner(
    cmd: Sequence[str], cwd: str | None = None, extra_environ: Mapping[str, str] | None = None
) -> None:
    """Runs one backend hook quietly; Failed with the hook's last line of error output."""
    environment = {**os.environ, **(extra_environ or {})}
    done = subprocess.run(cmd, cwd=cwd, env=environment, capture_output=True, check=False)
    if done.returncode != 0:
        raise Failed(f"the build backend failed: {_last_line(done.stderr)}")


def _requirement_named(requirements: Collection[str], output: str) -> str | None:
    """The requirement of ``requirements`` that pip's ``output`` says it could not install."""
    by_name = {}
    for requirement in requirements:
        name = _NAME.match(requirement.strip())
        if name is not None:
            by_name[normalize(name.group())] = requirement
    for match in _NAMED_BY_PIP.finditer(output):
        name = _NAME.match(match.group(1))
        if name is not None and normalize(name.group()) in by_name:
            return by_name[normalize(name.group())]
    return None


def _install(environment: DefaultIsolatedEnv, requirements: Collection[str]) -> None:
    """Installs ``requirements`` into ``environment``; Failed naming the one pip could not."""
    try:
        environment.install(requirements)
    except subprocess.CalledProcessError as error:
        output = error.stderr.decode("utf-8", "replace") if error.stderr else ""
        named = _requirement_named(requirements, output)
        which = (
            f"requirement '{named}'"
            if named is not None
            else "requirements " + ", ".join(f"'{item}'" for item in sorted(requirements))
        )
        raise Failed(f"could not install build {which}: {_last_line(output, 'ERROR:')}") from None


def _metadata_requirements(builder: ProjectBuilder) -> list[str]:
    """The Requires-Dist entries of the wheel metadata ``builder``'s backend prepares."""
    with tempfile.TemporaryDirectory() as folder:
        metadata = Path(builder.metadata_path(folder)) / "METADATA"
        message = email.parser.Parser().parsestr(metadata.read_text(encoding="utf-8"))
    return message.get_all("Requires-Dist") or []


def _backend_failure(error: BuildBackendException, mode: str) -> Failed:
    """The one-line reason for a failure of the backend behind ``error``."""
    cause = error.exception
    if isinstance(cause, Failed):
        return cause
    if isinstance(cause, BackendUnavailable):
        backend = getattr(cause, "backend_name", None) or "setuptools.build_meta:__legacy__"
        if mode == INSTALLED:
            return Failed(
                f"the build backend '{backend}' is not installed beside modlint "
                "(build isolation is off: install it there, or turn isolation on)"
            )
        return Failed(
            f"the build backend '{backend}' cannot be imported once its build-system.requires "
            "are installed"
        )
    return Failed(f"the build backend failed: {_last_line(str(cause))}")


def requirements_of(root: Path, mode: str) -> list[str]:
    """The Requires-Dist entries of the project at ``root``, its backend provisioned in an
    isolated environment or taken from modlint's own; Failed saying why there are none (or
    build's own exception when it cannot prepare the build)."""
    try:
        builder = ProjectBuilder(root, runner=_runner)  # reads build-system, runs nothing
        if mode == INSTALLED:
            return _metadata_requirements(builder)
        # Isolated means pip too sees none of the caller's packages (build sets it empty for
        # the backend's hooks itself).
        os.environ.pop("PYTHONPATH", None)
        with DefaultIsolatedEnv() as environment:
            builder = ProjectBuilder.from_isolated_env(environment, root, runner=_runner)
            _install(environment, builder.build_system_requires)
            _install(environment, builder.get_requires_for_build("wheel"))
            return _metadata_requirements(builder)
    except BuildBackendException as error:
        raise _backend_failure(error, mode) from None


def main(arguments: Sequence[str]) -> None:
    """Writes the answer for the project folder ``arguments[0]`` in mode ``arguments[2]`` as
    JSON to the file ``arguments[1]``: {"requirements": [...]} or {"error": "..."}."""
    root, answer, mode = arguments
    try:
        result: dict[str, object] = {"requirements": requirements_of(Path(root), mode)}
    except Failed as error:
        result = {"error": str(error)}
    except Exception as error:  # build's own failures (creating the environment, ...)
        result = {"error": f"could not prepare the build: {_last_line(str(error) or repr(error))}"}
    Path(answer).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
