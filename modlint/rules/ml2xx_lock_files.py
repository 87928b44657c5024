"""ML201 missing-lock-file and ML202 invalid-lock-file: configuration and `.LOCKED` files."""

from __future__ import annotations

from typing import Iterator

from modlint.model import Diagnostic, Project, Rule, parse_version


def check_disagreements(project: Project) -> Iterator[Diagnostic]:
    """`level = "locked"` without a `.LOCKED` file, a configured version other than the lock
    file's, or a lock file that names another module."""
    config = project.config
    for module in config.modules:
        record = project.locks.get(module.name)
        if record is None:
            if module.level == "locked":
                yield Diagnostic(config.file, module.lines.get("level", 1), 1, MISSING.code,
                                 f"module '{module.name}' is configured as locked but has no "
                                 f".LOCKED file: run `modlint lock {module.name} --version X.Y.Z`, "
                                 "or configure another level")
            continue
        lock = record.lock
        if lock is None:
            continue
        if lock.module != module.name:
            yield Diagnostic(record.path, lock.lines.get("module", 1), 1, MISSING.code,
                             f"lock file names module '{lock.module}' but lies in the folder of "
                             f"module '{module.name}'")
        configured = parse_version(module.version) if module.version else None
        if configured is not None and configured != lock.version:
            yield Diagnostic(config.file, module.lines.get("version", 1), 1, MISSING.code,
                             f"module '{module.name}' has version {configured} here but "
                             f"{lock.version} in its .LOCKED file")


def check_invalid(project: Project) -> Iterator[Diagnostic]:
    """Each `.LOCKED` file that cannot be read, at the key or line that is wrong."""
    for record in project.locks.values():
        if record.problem is not None:
            yield Diagnostic(record.path, record.problem.line, record.problem.column,
                             INVALID.code, record.problem.message)


MISSING = Rule(
    code="ML201",
    name="missing-lock-file",
    summary="The configuration and a module's `.LOCKED` file disagree (e.g. `level = \"locked\"` "
    "without the file).",
    rationale=(
        "A module is locked exactly when its folder holds a `.LOCKED` file; the configuration's "
        "`level` is what it falls back to when unlocked. `level = \"locked\"` without the file "
        "claims a lock that nothing enforces, and a configured `version` other than the lock "
        "file's leaves two answers to which version is frozen."
    ),
    bad_example="[tool.modlint.modules.auth]\ntier = \"foundation\"\nlevel = \"locked\"   # no auth/.LOCKED",
    good_example="# modlint lock auth --version 1.0.0 --reason \"Production proven\"\n"
    "[tool.modlint.modules.auth]\ntier = \"foundation\"\nlevel = \"stable\"",
    check=check_disagreements,
)

INVALID = Rule(
    code="ML202",
    name="invalid-lock-file",
    summary="A `.LOCKED` file is not valid TOML, lacks a key, or holds a bad version or date.",
    rationale=(
        "The lock file is the record of what was frozen and when. If it cannot be read the "
        "module is still locked (the file exists), but its surface cannot be checked; the "
        "message names the key and line to fix, or re-create it with `modlint lock`."
    ),
    bad_example="module = \"auth\"\nversion = \"one\"\nlocked-on = 2026-11-25",
    good_example="module = \"auth\"\nversion = \"1.0.0\"\nlocked-on = 2026-11-25\n\n[surface]\n"
    "\"login\" = \"def login(store: Store, name: str, password: str) -> Session | None\"",
    check=check_invalid,
)
