"""Finding the configuration file and turning it into a validated Config."""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from modlint.configuration.contracts import (
    forbidden_names,
    ignored_imports,
    independent_groups,
)
from modlint.configuration.schema import TableReader, closest, type_name
from modlint.configuration.toml import key_lines, parse_toml, read_text, read_toml
from modlint.model import (
    DEFAULT_TIERS,
    LEVELS,
    Config,
    Level,
    ModuleConfig,
    UsageError,
    is_version,
)
from modlint.support import display_path

TOP_LEVEL_KEYS = (
    "source-roots",
    "tiers",
    "docs",
    "exclude",
    "respect-gitignore",
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "type-checking-imports",
    "unassigned",
    "metadata",
    "import-names",
    "max-file-size",
    "modules",
    # issue 12
    "forbidden",
    "independent",
    "ignore-imports",
    "baseline",
    *("test-command", "lock-branch", "unlock-branch", "lock-tag"),  # issue 14
    *("coverage-report", "levels"),  # issue 14
    "base",  # issue 14 §5: ML106
    "build-isolation",  # issue 14 §6
)
MODULE_KEYS = (
    "path",
    "tier",
    "level",
    "description",
    "version",
    "depends-on",
    "external",
    "packages",
    # issue 12
    "forbidden",
    "exact",  # issue 14: ML204 for a module that is not locked
)


def find_config_file(start: Path) -> Path | None:
    """The nearest `modlint.toml`, or `pyproject.toml` with `[tool.modlint]`, at or above
    ``start``; `modlint.toml` wins when a folder holds both."""
    folder = start.resolve()
    if not _is_kind(folder, stat.S_ISDIR):
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if _is_kind(candidate / "modlint.toml", stat.S_ISREG):
            return candidate / "modlint.toml"
        pyproject = candidate / "pyproject.toml"
        if _is_kind(pyproject, stat.S_ISREG):
            tool = read_toml(pyproject, display_path(pyproject)).get("tool")
            if isinstance(tool, dict) and "modlint" in tool:
                return pyproject
    return None


def _is_kind(path: Path, kind: Callable[[int], bool]) -> bool:
    """Whether ``path`` exists and its mode is of ``kind``; False where it cannot be seen."""
    try:
        return kind(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def load_config(file: Path) -> Config:
    """The validated configuration in ``file``; UsageError (exit 2) for anything wrong.
    The project root is the folder holding ``file`` as named: a configuration file that is
    a symlink does not move the project to the folder of its target."""
    file = Path(os.path.abspath(file))
    file = file.parent.resolve() / file.name
    shown = display_path(file)
    text = read_text(file, shown)
    document = parse_toml(text, shown)
    table: Mapping[str, Any] = document
    where = shown
    if file.name != "modlint.toml":
        table = _tool_modlint(document, shown)
        where = f"{shown}: [tool.modlint]"
    return _config_from_table(file, shown, table, where, key_lines(text), text)


def _tool_modlint(document: Mapping[str, Any], shown: str) -> Mapping[str, Any]:
    """The `[tool.modlint]` table of a pyproject.toml document; UsageError when there is none
    or `tool` or `tool.modlint` is not a table."""
    tool = document.get("tool")
    if tool is None:
        raise UsageError(f"{shown}: no [tool.modlint] table")
    if not isinstance(tool, dict):
        raise UsageError(f"{shown}: key 'tool' must be a table, got {type_name(tool)}")
    table = tool.get("modlint")
    if table is None:
        raise UsageError(f"{shown}: no [tool.modlint] table")
    if not isinstance(table, dict):
        raise UsageError(f"{shown}: [tool]: key 'modlint' must be a table, got {type_name(table)}")
    return table


def _config_from_table(
    file: Path,
    shown: str,
    table: Mapping[str, Any],
    where: str,
    lines: dict[tuple[str, ...], int],
    text: str = "",
) -> Config:
    root = file.parent
    reader = TableReader(table, where, TOP_LEVEL_KEYS)
    tiers = reader.strings("tiers", DEFAULT_TIERS) or ()
    if not tiers or len(set(tiers)) != len(tiers):
        raise UsageError(f"{where}: key 'tiers' must be a non-empty array of distinct names")
    source_roots = tuple(
        _existing_folder(root, name, f"{where}: key 'source-roots'")
        for name in reader.strings("source-roots", (".",)) or ()
    )
    docs = reader.strings("docs")
    for name in docs or ():
        _check_docs_file(root, name, f"{where}: key 'docs'")
    modules_table = reader.table("modules")
    module_where = {name: f"{shown}: [{_module_table_name(file, name)}]" for name in modules_table}
    prefix = ("modules",) if file.name == "modlint.toml" else ("tool", "modlint", "modules")
    modules = tuple(
        replace(
            _module_from_table(root, name, value, module_where[name], tiers),
            lines={
                key[-1] if len(key) > len(prefix) + 1 else "": line
                for key, line in lines.items()
                if key[: len(prefix) + 1] == (*prefix, name)
            },
        )
        for name, value in modules_table.items()
    )
    stops = set(lines.values())
    modules = tuple(
        replace(module, entries=_entry_positions(module, text, stops)) for module in modules
    )
    _check_module_references(modules, module_where)
    return Config(
        root=root,
        file=file,
        modules=modules,
        source_roots=source_roots,
        tiers=tiers,
        docs=docs,
        exclude=_patterns(reader, "exclude"),
        respect_gitignore=reader.boolean("respect-gitignore", True),
        select=reader.strings("select", ("ML",)) or (),
        extend_select=reader.strings("extend-select", ()) or (),
        ignore=reader.strings("ignore", ()) or (),
        per_file_ignores=_per_file_ignores(reader),
        type_checking_imports=reader.boolean("type-checking-imports", True),
        unassigned=reader.choice("unassigned", ("ignore", "error"), "ignore"),
        metadata=reader.choice("metadata", ("static", "build-backend"), "static"),
        import_names=_string_table(reader, "import-names"),
        max_file_size=_byte_size(reader, "max-file-size", Config.max_file_size),
        forbidden=forbidden_names(reader),
        independent=independent_groups(reader, modules),
        ignore_imports=ignored_imports(reader, text, lines.get((*prefix[:-1], "ignore-imports"))),
        baseline=_baseline_file(reader, root),
        **_locking_process(reader, where),
        base=_base_revision(reader),
        build_isolation=reader.boolean("build-isolation", True),
    )


def _base_revision(reader: TableReader) -> str | None:
    """The `base` key (issue 14 §5): the git revision ML106 compares with."""
    written = reader.string("base")
    if written is not None and (not written.strip() or written.startswith("-") or "\0" in written):
        raise UsageError(
            f"{reader.where}: key 'base' must be a git revision such as \"origin/main\", "
            f"got '{written}'"
        )
    return written


def _entry_positions(
    module: ModuleConfig, text: str, key_lines: Collection[int]
) -> dict[tuple[str, str], tuple[int, int]]:
    """Where each `depends-on` and `external` entry of ``module`` is written in ``text``: the
    first string literal of it after the previous entry's, between its key and the next key
    (of ``key_lines``, every key's line); entries written with escapes are left out."""
    lines = text.splitlines()
    positions = {}
    for key, entries in (("depends-on", module.depends_on), ("external", module.external)):
        first = module.lines.get(key)
        if first is None or first > len(lines):
            continue
        end = min((line for line in key_lines if line > first), default=len(lines) + 1)
        literals = _string_literals(lines, first, end, key)
        at = (0, 0)
        for entry in entries or ():
            candidates = literals.get(entry, [])
            index = bisect.bisect_left(candidates, at)
            if index < len(candidates):
                positions[(key, entry)] = candidates[index]
                at = (candidates[index][0], candidates[index][1] + 1)
    return positions


_STRING_LITERAL = re.compile(r'"([^"\\\n]*)"|\'([^\'\n]*)\'')


def _string_literals(
    lines: Sequence[str], first: int, end: int, key: str
) -> dict[str, list[tuple[int, int]]]:
    """The 1-based line and column of each string literal without escapes on lines ``first``
    to ``end`` (excluded), after ``key`` on the first; by the text it stands for, in order."""
    found: dict[str, list[tuple[int, int]]] = {}
    for number in range(first, end):
        line = lines[number - 1]
        start = max(line.find(key), 0) + len(key) if number == first else 0
        for match in _STRING_LITERAL.finditer(line, start):
            value = match.group(1) if match.group(1) is not None else match.group(2)
            found.setdefault(value, []).append((number, match.start() + 1))
    return found


def _baseline_file(reader: TableReader, root: Path) -> Path | None:
    """The `baseline` key: a file path relative to the configuration's folder."""
    written = reader.string("baseline")
    if written is None:
        return None
    if not written.strip() or "\0" in written:
        raise reader.fail("baseline", "a file path relative to the configuration's folder")
    return Path(os.path.normpath(root / written))


def _locking_process(reader: TableReader, where: str) -> dict[str, Any]:
    """The `lock` / `unlock` keys (issue 14): the test command and the git name patterns."""
    options: dict[str, Any] = {"test_command": reader.string("test-command")}
    command = options["test_command"]
    if command is not None and not command.strip():
        raise UsageError(f"{where}: key 'test-command' must be a command, got an empty string")
    if command is not None:
        try:
            command.format(path="p", module="m")
        except (AttributeError, KeyError, IndexError, ValueError):
            raise UsageError(
                f"{where}: key 'test-command' may use only {{path}} and {{module}}, got '{command}'"
            ) from None
    for key in ("lock-branch", "unlock-branch", "lock-tag"):
        pattern = reader.string(key)
        if pattern is None:
            continue
        try:
            pattern.format(module="m", version="1.0.0")
        except (AttributeError, KeyError, IndexError, ValueError):
            raise UsageError(
                f"{where}: key '{key}' may use only {{module}} and {{version}}, got '{pattern}'"
            ) from None
        options[key.replace("-", "_")] = pattern
    options["coverage_report"] = reader.string("coverage-report")
    options["min_coverage"] = _min_coverage(reader.table("levels"), where)
    return options


def _min_coverage(levels: Mapping[str, Any], where: str) -> tuple[tuple[str, float], ...]:
    """`[levels.LEVEL] min-coverage = N` for each level, N a percentage."""
    found = []
    for level, table in levels.items():
        at = f"{where}: [levels.{level}]"
        if level not in LEVELS:
            raise UsageError(
                f"{where}: [levels]: unknown level '{level}' (one of {', '.join(LEVELS)})"
            )
        if not isinstance(table, dict):
            raise UsageError(f"{at}: must be a table, got {type_name(table)}")
        reader = TableReader(table, at, ("min-coverage",))
        value = table.get("min-coverage")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise reader.fail("min-coverage", "a percentage from 0 to 100")
        found.append((level, float(value)))
    return tuple(found)


def _module_table_name(file: Path, name: str) -> str:
    quoted = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
    prefix = "modules" if file.name == "modlint.toml" else "tool.modlint.modules"
    return f"{prefix}.{quoted}"


def _module_from_table(
    root: Path, name: str, value: Any, where: str, tiers: tuple[str, ...]
) -> ModuleConfig:
    if not isinstance(value, dict):
        raise UsageError(f"{where}: must be a table, got {type_name(value)}")
    reader = TableReader(value, where, MODULE_KEYS)
    tier = reader.choice("tier", tiers, tiers[0]) if "tier" in value else None
    written = reader.string("path", name) or name
    path = _module_path(root, written, f"{where}: key 'path'")
    if not _inside(path, root):
        kind = "file" if path.suffix == ".py" else "folder"
        raise UsageError(f"{where}: key 'path': {kind} '{written}' is outside the project root")
    level = Level(reader.choice("level", LEVELS, Level.DEVELOPMENT.value))
    packages = reader.strings("packages")
    if path.suffix == ".py":
        _check_file_module(where, packages)
    for package in packages or ():
        _check_package(path, written, package, f"{where}: key 'packages'")
    version = reader.string("version")
    if version is not None and not is_version(version):
        raise UsageError(
            f"{where}: key 'version' must be a version like \"1.0.0\", got '{version}'"
        )
    return ModuleConfig(
        name=name,
        path=path,
        tier=tier,
        level=level,
        description=reader.string("description", "") or "",
        version=version,
        depends_on=reader.strings("depends-on"),
        external=reader.strings("external"),
        packages=packages,
        forbidden=forbidden_names(reader),
        exact=reader.boolean("exact", False),
    )


def _module_path(root: Path, written: str, where: str) -> Path:
    """The folder or `.py` file ``written`` names (relative to ``root``), symlinks resolved."""
    if written.endswith(".py") and "\0" not in written:
        path = Path(os.path.realpath(root / written))
        if _is_kind(path, stat.S_ISREG) and path.name == "__init__.py":
            raise UsageError(
                f"{where}: '{written}' is a package's __init__.py: name its folder instead"
            )
        if _is_kind(path, stat.S_ISREG):
            return path
        if not _is_kind(path, stat.S_ISDIR):
            raise UsageError(f"{where}: file '{written}' does not exist in {display_path(root)}")
        raise UsageError(f"{where}: '{written}' is a folder; a module is a folder or a .py file")
    return _existing_folder(root, written, where)


def _check_file_module(where: str, packages: tuple[str, ...] | None) -> None:
    """UsageError for the keys a module that is a single file cannot have."""
    if packages is not None:
        raise UsageError(f"{where}: key 'packages' needs a folder; this module is a file")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _existing_folder(root: Path, written: str, where: str) -> Path:
    """The folder ``written`` names (relative to ``root``), symlinks resolved; UsageError
    saying what is wrong with it otherwise."""
    if "\0" in written:
        raise UsageError(f"{where}: folder '{written}' does not exist in {display_path(root)}")
    folder = Path(os.path.realpath(root / written))
    try:
        mode = os.stat(folder).st_mode
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            raise UsageError(
                f"{where}: folder '{written}' does not exist in {display_path(root)}"
            ) from None
        raise UsageError(
            f"{where}: cannot read folder '{written}': {error.strerror or error}"
        ) from None
    if not stat.S_ISDIR(mode):
        raise UsageError(f"{where}: '{written}' is not a folder or a .py file")
    return folder


def _check_package(folder: Path, written: str, package: str, where: str) -> None:
    """UsageError unless ``folder`` (written as ``written``) holds a package or module
    ``package``. A folder that cannot be read passes: discovery reports it (ML902), and the
    rest of the project is still checked."""
    if package in ("", ".", "..") or any(character in package for character in "/\\\0"):
        raise UsageError(f"{where}: '{package}' is not a package name")
    for candidate, kind in (
        (folder / package, stat.S_ISDIR),
        (folder / f"{package}.py", stat.S_ISREG),
    ):
        try:
            if kind(os.stat(candidate).st_mode):
                return
        except OSError as error:
            if error.errno not in (errno.ENOENT, errno.ENOTDIR):
                return
    raise UsageError(f"{where}: no package or module '{package}' in '{written}'")


def _check_docs_file(root: Path, written: str, where: str) -> None:
    """UsageError when a `docs` entry lies outside the project or names a folder. A missing
    or unreadable file is no configuration error: ML301 reports it."""
    if "\0" in written:
        raise UsageError(f"{where}: '{written}' is not a file name")
    lexical = Path(os.path.normpath(root / written))
    if not _inside(lexical, root) or lexical == root:
        raise UsageError(f"{where}: file '{written}' is outside the project root")
    if _is_kind(lexical, stat.S_ISDIR):
        raise UsageError(f"{where}: '{written}' is a folder, not a file")


def _check_module_references(modules: tuple[ModuleConfig, ...], where: dict[str, str]) -> None:
    names = [module.name for module in modules]
    folders: dict[Path, str] = {}
    for module in modules:
        if module.path in folders:
            raise UsageError(
                f"{where[module.name]}: key 'path': "
                f"{'file' if module.is_file else 'folder'} '{display_path(module.path)}' is "
                f"already module '{folders[module.path]}'"
            )
        folders[module.path] = module.name
        for dependency in module.depends_on or ():
            if dependency not in names:
                raise UsageError(
                    f"{where[module.name]}: key 'depends-on' names unknown module "
                    f"'{dependency}'{closest(dependency, names)}"
                )


def _patterns(reader: TableReader, key: str) -> tuple[str, ...]:
    patterns = reader.strings(key, ()) or ()
    for pattern in patterns:
        _check_pattern(pattern, f"{reader.where}: key '{key}'")
    return patterns


def _per_file_ignores(reader: TableReader) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = reader.table("per-file-ignores")
    pairs = []
    for pattern, codes in table.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise UsageError(
                f"{reader.where}: key 'per-file-ignores': entry '{pattern}' must be an array "
                "of code prefixes"
            )
        _check_pattern(pattern, f"{reader.where}: key 'per-file-ignores'")
        pairs.append((pattern, tuple(codes)))
    return tuple(pairs)


MAX_STARS = 3
"""The most `*` one path segment of a pattern may hold: the regular expression a pattern
becomes backtracks in time that grows with the name's length to the power of its stars, and
a pattern like `*a*a*a*a*x` would stall the walk on long names."""
MAX_GLOBSTARS = 2
"""The most `**` segments one pattern may hold: each lets the expression try every depth, so
`a/**/a/**/a/**/b` would stall the walk of a deep tree the same way."""


def _check_pattern(pattern: str, where: str) -> None:
    """UsageError naming ``where`` and the pattern when it is no valid gitignore pattern."""
    # pathspec is imported only by projects that have patterns: it costs start-up time.
    import pathspec

    reason = None
    segments = pattern.split("/")
    if any(segment != "**" and segment.count("*") > MAX_STARS for segment in segments):
        reason = f"more than {MAX_STARS} '*' in one path segment"
    elif segments.count("**") > MAX_GLOBSTARS:
        reason = f"more than {MAX_GLOBSTARS} '**' segments"
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "Possible nested set" for `[[`: no noise
                pathspec.GitIgnoreSpec.from_lines([pattern])
        except re.error as error:
            reason = error.msg
        except ValueError:
            reason = "not a gitignore pattern" + (
                " (it ends with an unescaped backslash)" if pattern.endswith("\\") else ""
            )
    if reason is not None:
        raise UsageError(f"{where}: invalid pattern '{pattern}': {reason}")


def _string_table(reader: TableReader, key: str) -> tuple[tuple[str, str], ...]:
    table = reader.table(key)
    for name, value in table.items():
        if not isinstance(value, str):
            raise UsageError(f"{reader.where}: key '{key}': entry '{name}' must be a string")
    return tuple(table.items())


_SIZE = re.compile(r"(\d+)\s*(b|kb|mb|gb|kib|mib|gib)?", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}


def _byte_size(reader: TableReader, key: str, default: int) -> int:
    """A positive size in bytes: an integer, or a string such as "512KB" or "8MiB"."""
    if key not in reader.data:
        return default
    value = reader.data[key]
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        match = _SIZE.fullmatch(value.strip())
        if match and int(match.group(1)) > 0:
            return int(match.group(1)) * _UNITS[(match.group(2) or "b").lower()]
    if isinstance(value, str):
        got = f"'{value}'"
    elif isinstance(value, int) and not isinstance(value, bool):
        got = str(value)
    else:
        got = type_name(value)
    raise UsageError(
        f"{reader.where}: key '{key}' must be a positive number of bytes or a size "
        f'such as "8MiB", got {got}'
    )
