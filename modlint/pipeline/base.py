"""`check --base REF` (issue 14 §5): every locked or stable module's surface as it was at a git
revision, read from git objects with the same extractor and surface code as the work tree's.

Nothing is checked out and nothing of the project runs: `git ls-tree` lists the revision's
files, one `git cat-file --batch` process reads the blobs that differ from the work tree, and
the facts of every file that did not change are the current run's. Hooks and the file system
monitor are switched off: they are commands the repository configures.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from modlint.configuration import parse_toml
from modlint.graph import build_index
from modlint.locking import MAX_SIZE, ParseFailure, module_surfaces, parse_lock_file
from modlint.model import (
    LEVELS,
    BaseModule,
    BaseSurfaces,
    Config,
    FileFacts,
    Level,
    LockRecord,
    ModuleConfig,
    Problem,
    Project,
    UsageError,
    parse_version,
)
from modlint.pipeline.facts import extract_in_parallel
from modlint.support import Unread, display_path, read_regular_file

_TIMEOUT = 120
_OPTION = "--base"
_TEXT_LIMIT = MAX_SIZE
"""The largest configuration or `.LOCKED` file read at the revision (as a `.LOCKED` file)."""


@dataclass(frozen=True)
class _Blob:
    """One file of the base tree: its object id, its path below the project root and its
    size in bytes."""

    object_id: str
    path: str
    size: int


def _git(
    root: Path, *arguments: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [
                "git",
                "-c",
                f"core.hooksPath={os.devnull}",
                "-c",
                "core.fsmonitor=false",
                *arguments,
            ],
            cwd=root,
            input=stdin,
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(f"{_OPTION}: the git command is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"{_OPTION}: 'git {arguments[0]}' took longer than {_TIMEOUT}s") from None


def _ok(root: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    done = _git(root, *arguments, stdin=stdin)
    if done.returncode != 0:
        raise UsageError(f"{_OPTION}: 'git {arguments[0]}' failed: {_failure(done)}")
    return done.stdout


def _failure(done: subprocess.CompletedProcess[bytes]) -> str:
    """git's error (its `fatal:` line rather than the hints after it; the console escapes
    what it prints)."""
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    fatal = [line[len("fatal: ") :] for line in lines if line.startswith("fatal: ")]
    return (fatal or lines or [f"exit status {done.returncode}"])[0]


def base_commit(root: Path, ref: str) -> str:
    """The id of the commit ``ref`` names in the repository holding ``root``; UsageError
    (exit 2) outside a git repository or for a revision that names no commit."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 and b"not a git repository" not in inside.stderr:
        _ok(root, "rev-parse", "--is-inside-work-tree")  # says what git refuses (ownership...)
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise UsageError(f"{_OPTION}: '{display_path(root)}' is not inside a git work tree")
    if not ref.strip() or ref.startswith("-") or "\0" in ref:
        raise UsageError(f"{_OPTION}: '{ref}' is not a git revision")
    found = _git(root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}")
    if found.returncode != 0:
        raise UsageError(f"{_OPTION}: unknown git revision '{ref}' (no commit of that name)")
    return found.stdout.decode("ascii", "replace").strip()


def base_surfaces(project: Project, ref: str) -> BaseSurfaces:
    """The locked or stable modules of the project at revision ``ref``: their level, version
    and surface there. A module the revision does not have (or had at development level) is
    not among them."""
    config = project.config
    commit = base_commit(config.root, ref)
    key = (commit, ref, config, frozenset(project.files))
    if _last and _last[0][0] == key:
        return _last[0][1]
    found = _surfaces_at(project, ref, commit)
    _last[:] = [(key, found)]
    return found


_last: list[tuple[tuple[object, ...], BaseSurfaces]] = []
"""The last surfaces computed and what they came from: a commit does not change, so the
server's checks, one after the other, read the revision once."""


def _surfaces_at(project: Project, ref: str, commit: str) -> BaseSurfaces:
    """The locked or stable modules at ``commit``, read from git."""
    config = project.config
    blobs = {blob.path: blob for blob in _tree(config.root, commit)}
    config_name = config.file.relative_to(config.root).as_posix()
    wanted = [config_name] if _small(blobs.get(config_name), _TEXT_LIMIT) else []
    modules = _base_modules(config, ref, _texts(config.root, blobs, wanted).get(config_name))
    lock_names = {
        module.name: module.lock_path.relative_to(config.root).as_posix() for module in modules
    }
    lock_texts = _texts(
        config.root, blobs, [n for n in lock_names.values() if _small(blobs.get(n), _TEXT_LIMIT)]
    )
    locks = {
        name: record
        for name, lock_name in lock_names.items()
        if (record := _lock_record(config.root, name, lock_name, lock_texts)) is not None
    }
    files = _base_files(project, blobs)
    base_config = replace(config, modules=modules)
    base_project = Project(
        config=base_config,
        files=files,
        module_of_file={},
        imports=(),
        unresolved=(),
        locks=locks,
        index=build_index(base_config, files),
    )
    found = {}
    for name, surface in module_surfaces(base_project).items():
        record = locks.get(name)
        version = record.lock.version if record is not None and record.lock else None
        written = base_config.module(name).version
        if version is None and written is not None:
            version = parse_version(written)
        found[name] = BaseModule(
            base_project.level(name),
            version,
            {key: entry.signature for key, entry in surface.entries.items()},
        )
    return BaseSurfaces(ref, commit, found)


def _tree(root: Path, commit: str) -> Iterator[_Blob]:
    """The regular files of ``commit`` below ``root`` (paths relative to it, as git lists
    the files under the folder it runs in)."""
    listing = _ok(root, "ls-tree", "-r", "-z", "-l", commit)
    for record in listing.split(b"\0"):
        head, tab, name = record.partition(b"\t")
        fields = head.split()
        if not tab or len(fields) != 4 or fields[1] != b"blob" or fields[0] == b"120000":
            continue  # a submodule, or a symbolic link git stores as its target's text
        yield _Blob(fields[2].decode("ascii"), os.fsdecode(name), int(fields[3]))


def _contents(root: Path, object_ids: list[str]) -> list[bytes]:
    """The bytes of each blob, in order, from one `git cat-file --batch` process."""
    if not object_ids:
        return []
    output = _ok(root, "cat-file", "--batch", stdin="".join(f"{i}\n" for i in object_ids).encode())
    found: list[bytes] = []
    at = 0
    for _ in object_ids:
        end = output.index(b"\n", at)
        header = output[at:end].split(b" ")
        if len(header) != 3:
            raise UsageError(f"{_OPTION}: 'git cat-file' could not read a blob of the revision")
        size = int(header[2])
        found.append(output[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return found


def _texts(root: Path, blobs: Mapping[str, _Blob], names: list[str]) -> dict[str, str]:
    """The UTF-8 text of each named file of the revision (undecodable bytes replaced)."""
    contents = _contents(root, [blobs[name].object_id for name in names])
    return {name: data.decode("utf-8-sig", "replace") for name, data in zip(names, contents)}


def _base_modules(config: Config, ref: str, text: str | None) -> tuple[ModuleConfig, ...]:
    """The modules the configuration at the revision declares, with their level, version
    and packages (a value of the wrong type counts as not given: that configuration is
    history, and only its surfaces matter)."""
    if text is None:
        return ()
    shown = f"{_OPTION}: {display_path(config.file)} at '{ref}'"
    document: Mapping[str, Any] = parse_toml(text, shown)
    if config.file.name != "modlint.toml":
        tool = document.get("tool")
        document = tool.get("modlint", {}) if isinstance(tool, dict) else {}
    tables = document.get("modules") if isinstance(document, dict) else None
    if not isinstance(tables, dict):
        return ()
    modules = (
        _base_module(config.root, name, table)
        for name, table in tables.items()
        if isinstance(table, dict)
    )
    return tuple(module for module in modules if config.root in module.path.parents)


def _base_module(root: Path, name: str, table: Mapping[str, Any]) -> ModuleConfig:
    def text(key: str) -> str | None:
        value = table.get(key)
        return value if isinstance(value, str) else None

    written = text("path") or name
    level = text("level")
    packages = table.get("packages")
    return ModuleConfig(
        name=name,
        path=Path(os.path.normpath(root / written)),
        tier=None,
        level=Level(level) if level in LEVELS else Level.DEVELOPMENT,
        version=text("version"),
        packages=(
            tuple(p for p in packages if isinstance(p, str)) if isinstance(packages, list) else None
        ),
    )


def _lock_record(root: Path, module: str, name: str, texts: Mapping[str, str]) -> LockRecord | None:
    """The module's `.LOCKED` file at the revision; None when it had none."""
    text = texts.get(name)
    if text is None:
        return None
    try:
        return LockRecord(module, root / name, parse_lock_file(text))
    except ParseFailure as invalid:
        return LockRecord(module, root / name, None, invalid.problem)


def _base_files(project: Project, blobs: Mapping[str, _Blob]) -> dict[Path, FileFacts]:
    """The facts of each Python file of the revision that the project checks now or that is
    gone from the work tree: the current facts when its content is the same, else extracted
    from the blob."""
    root = project.config.root
    files: dict[Path, FileFacts] = {}
    changed: list[tuple[Path, _Blob]] = []
    for name, blob in blobs.items():
        if not name.endswith(".py"):
            continue
        path = root / name
        current = project.files.get(path)
        if current is None and os.path.lexists(path):
            continue  # excluded from the check, or not a regular file
        if current is not None and _blob_id(path, blob.object_id) == blob.object_id:
            files[path] = current
        else:
            changed.append((path, blob))
    limit = project.config.max_file_size
    readable = [blob for _, blob in changed if _small(blob, limit)]
    extracted = iter(extract_in_parallel(_contents(root, [b.object_id for b in readable])))
    for path, blob in changed:
        if _small(blob, limit):
            files[path] = next(extracted)
        else:
            message = f"file is too large to check at {_OPTION}: over max-file-size"
            files[path] = FileFacts(unreadable=Problem(1, 1, message))
    return {path: files[path] for path in sorted(files)}


def _small(blob: _Blob | None, limit: int) -> bool:
    """Whether the revision has the file and it is no larger than ``limit`` bytes."""
    return blob is not None and blob.size <= limit


def _blob_id(path: Path, like: str) -> str | None:
    """The git object id of the file at ``path`` (SHA-1, or SHA-256 when ``like`` is one);
    None when it cannot be read."""
    data = read_regular_file(path)
    if isinstance(data, Unread):
        return None
    digest = hashlib.sha256() if len(like) == 64 else hashlib.sha1()
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()
