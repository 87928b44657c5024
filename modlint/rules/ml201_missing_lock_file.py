"""ML201 missing-lock-file: the configuration and a module's `.LOCKED` file disagree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modlint.model import PROJECT_SCOPE, Diagnostic, Level, Rule, parse_version

if TYPE_CHECKING:
    from modlint.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    """`level = "locked"` without a `.LOCKED` file, a configured version other than the lock
    file's, or a lock file that names another module."""
    config = project.config
    for module in config.modules:
        record = project.locks.get(module.name)
        if record is None:
            if module.level is Level.LOCKED:
                yield Diagnostic(
                    config.file,
                    module.lines.get("level", 1),
                    1,
                    RULE.code,
                    f"module '{module.name}' is configured as locked but has no "
                    f"{module.lock_path.name} file: run `modlint lock {module.name} --version "
                    "X.Y.Z`, or configure another level",
                )
            continue
        lock = record.lock
        if lock is None:
            continue
        if lock.module != module.name:
            yield Diagnostic(
                record.path,
                lock.lines.get("module", 1),
                1,
                RULE.code,
                f"lock file names module '{lock.module}' but is the lock file of "
                f"module '{module.name}'"
                if module.is_file
                else f"lock file names module '{lock.module}' but lies in the folder of "
                f"module '{module.name}'",
            )
        configured = parse_version(module.version) if module.version else None
        if configured is not None and configured != lock.version:
            yield Diagnostic(
                config.file,
                module.lines.get("version", 1),
                1,
                RULE.code,
                f"module '{module.name}' has version {configured} here but "
                f"{lock.version} in its {module.lock_path.name} file",
            )


RULE = Rule(
    code="ML201",
    name="missing-lock-file",
    summary='The configuration and a module\'s `.LOCKED` file disagree (e.g. `level = "locked"` '
    "without the file).",
    what_it_does=(
        "Reports where the configuration and a module's `.LOCKED` file disagree: "
        '`level = "locked"` without the file (at the `level` line), a configured `version` '
        "other than the lock file's (at the `version` line), or a lock file that names "
        "another module (at its `module` key)."
    ),
    why_bad=(
        "A module is locked exactly when its folder holds a `.LOCKED` file (a single-file "
        "module `NAME.py`: `NAME.LOCKED` beside it); the configuration's "
        '`level` is what it falls back to when unlocked. `level = "locked"` without the file '
        "claims a lock that nothing enforces, and a configured `version` other than the lock "
        "file's leaves two answers to which version is frozen."
    ),
    example=(
        '[tool.modlint.modules.auth]\ntier = "foundation"\nlevel = "locked"   # no auth/.LOCKED'
    ),
    use_instead=(
        '# modlint lock auth --version 1.0.0 --reason "Production proven"\n'
        "[tool.modlint.modules.auth]\n"
        'tier = "foundation"\n'
        'level = "stable"'
    ),
    options=(
        "`level` (per module): the module's level when it has no `.LOCKED` file.",
        "`version` (per module): if set, it must be the lock file's version.",
    ),
    example_language="toml",
    blocks_lock=False,
    scope=PROJECT_SCOPE,
    check=check,
)
