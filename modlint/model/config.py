"""The validated configuration of one project, as the rest of the pipeline sees it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Level(str, Enum):
    """A module's lock level, spelled as the configuration and lock tables write it."""

    LOCKED = "locked"
    STABLE = "stable"
    DEVELOPMENT = "development"

    def __str__(self) -> str:
        # Python 3.11 formats a str mixin enum as "Level.LOCKED"; output wants the spelling.
        return self.value


LEVELS = tuple(level.value for level in Level)
"""Lock levels, most stable first."""

LEVEL_MARKS = {Level.LOCKED: "🔴", Level.STABLE: "🟡", Level.DEVELOPMENT: "🟢"}
"""How docs and graphs show each level."""

DEFAULT_TIERS = ("foundation", "framework", "business")


@dataclass(frozen=True)
class ModuleConfig:
    """One declared module: a folder or a single `.py` file of the project, with an optional
    tier and a lock level."""

    name: str
    path: Path
    tier: str | None
    """None: the module is in no tier (tier rules do not apply to it)."""
    level: Level = Level.DEVELOPMENT
    description: str = ""
    version: str | None = None
    depends_on: tuple[str, ...] | None = None
    external: tuple[str, ...] | None = None
    packages: tuple[str, ...] | None = None
    lines: Mapping[str, int] = field(default_factory=dict, hash=False, compare=False)
    """The configuration file's line of each key of this module ("" for its table header)."""
    # issue 12: forbidden imports of this module.
    forbidden: tuple[str, ...] = ()
    """Dotted import-name prefixes the module may not import."""
    exact: bool = False
    """Whether the unused-dependency rule checks this module when it is not locked."""
    entries: Mapping[tuple[str, str], tuple[int, int]] = field(
        default_factory=dict, hash=False, compare=False
    )
    """Where each `depends-on` / `external` entry is written: (key, entry) -> (line, column)."""

    @property
    def is_file(self) -> bool:
        """Whether the module is a single `.py` file rather than a folder."""
        return self.path.suffix == ".py"

    # Issue 14: single-file modules can be locked; a file has no folder to hold `.LOCKED`.
    @property
    def lock_path(self) -> Path:
        """Where the module's lock file lives: `.LOCKED` in its folder, or for a single-file
        module `NAME.LOCKED` beside `NAME.py`."""
        return self.path.with_suffix(".LOCKED") if self.is_file else self.path / ".LOCKED"


@dataclass(frozen=True)
class IgnoredImport:
    """One `ignore-imports` entry: `importer -> imported`, module expressions of dotted names
    where `*` is one segment and `**` one or more."""

    text: str
    importer: str
    imported: str
    line: int = 1
    column: int = 1
    """Where the entry is written in the configuration file."""


@dataclass(frozen=True)
class Config:
    """Settings from ``[tool.modlint]`` with defaults applied; paths are absolute."""

    root: Path
    file: Path
    modules: tuple[ModuleConfig, ...] = ()
    source_roots: tuple[Path, ...] = ()
    tiers: tuple[str, ...] = DEFAULT_TIERS
    docs: tuple[str, ...] | None = None
    """Files holding a lock table; None: README.md, when the project has one."""
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ("ML",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    type_checking_imports: bool = True
    respect_gitignore: bool = True
    unassigned: str = "ignore"
    metadata: str = "static"
    import_names: tuple[tuple[str, str], ...] = field(default=())
    max_file_size: int = 2 * 1024 * 1024
    """Bytes; a larger file is not read (reported as unreadable). Above the largest file of
    the standard library (0.8 MB), Django and SymPy; parsing takes up to 300 bytes of memory
    per byte."""
    baseline: Path | None = None
    """The baseline file (`baseline` key): violations it records are not reported."""
    # Issue 14 (the locking process): `lock` / `unlock` options.
    test_command: str | None = None
    """Run by `lock` before writing: the project's tests ({path}, {module} substituted)."""
    lock_branch: str = "lock/{module}-v{version}"
    unlock_branch: str = "unlock/{module}-v{version}"
    lock_tag: str = "{module}-v{version}"
    coverage_report: str | None = None
    """coverage.py JSON or Cobertura XML; None: coverage.json, else coverage.xml."""
    min_coverage: tuple[tuple[str, float], ...] = ()
    """Per level (`[levels.LEVEL] min-coverage`): the line coverage it requires, in percent."""

    # issue 12: forbidden imports, independent groups and per-edge ignores.
    forbidden: tuple[str, ...] = ()
    """Dotted import-name prefixes no module may import."""
    independent: tuple[tuple[str, ...], ...] = ()
    """Groups of module names whose members may not import each other."""
    ignore_imports: tuple[IgnoredImport, ...] = ()
    """Imports that are no dependency for any rule."""
    # issue 14 §5: ML106 against a git base.
    base: str | None = None
    """The git revision `check` compares locked and stable surfaces with (`base`, `--base`)."""

    # issue 14 §6: the build backend's requirements in an isolated environment.
    build_isolation: bool = True
    """With `metadata = "build-backend"`: install `build-system.requires` into an isolated
    environment (False: use the backend installed beside modlint)."""

    def module(self, name: str) -> ModuleConfig:
        """The module called ``name``; KeyError when none is."""
        for module in self.modules:
            if module.name == name:
                return module
        raise KeyError(name)
