"""Finding the configuration file and turning it into a validated Config."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

from modlint.configuration.schema import TableReader, closest, type_name
from modlint.configuration.toml import key_lines, parse_toml, read_text, read_toml
from modlint.model import DEFAULT_TIERS, LEVELS, Config, ModuleConfig, UsageError

TOP_LEVEL_KEYS = (
    "source-roots", "tiers", "docs", "exclude", "respect-gitignore", "select", "extend-select",
    "ignore", "per-file-ignores", "type-checking-imports", "unassigned", "metadata",
    "import-names", "max-file-size", "modules",
)
MODULE_KEYS = (
    "path", "tier", "level", "description", "version", "depends-on", "external", "packages",
)
_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it is below it, else as given."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def find_config_file(start: Path) -> Path | None:
    """The nearest `modlint.toml`, or `pyproject.toml` with `[tool.modlint]`, at or above
    ``start``; `modlint.toml` wins when a folder holds both."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "modlint.toml").is_file():
            return candidate / "modlint.toml"
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            tool = read_toml(pyproject, display_path(pyproject)).get("tool")
            if isinstance(tool, dict) and "modlint" in tool:
                return pyproject
    return None


def load_config(file: Path) -> Config:
    """The validated configuration in ``file``; UsageError (exit 2) for anything wrong."""
    file = file.resolve()
    shown = display_path(file)
    text = read_text(file, shown)
    document = parse_toml(text, shown)
    if file.name == "modlint.toml":
        table, where = document, shown
    else:
        table = document.get("tool", {}).get("modlint")
        where = f"{shown}: [tool.modlint]"
        if not isinstance(table, dict):
            raise UsageError(f"{shown}: no [tool.modlint] table")
    return _config_from_table(file, shown, table, where, key_lines(text))


def _config_from_table(
    file: Path, shown: str, table: Mapping[str, Any], where: str,
    lines: dict[tuple[str, ...], int],
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
    modules_table = reader.table("modules")
    module_where = {name: f"{shown}: [{_module_table_name(file, name)}]" for name in modules_table}
    prefix = ("modules",) if file.name == "modlint.toml" else ("tool", "modlint", "modules")
    modules = tuple(
        replace(
            _module_from_table(root, name, value, module_where[name], tiers),
            lines={key[-1] if len(key) > len(prefix) + 1 else "": line
                   for key, line in lines.items() if key[: len(prefix) + 1] == (*prefix, name)},
        )
        for name, value in modules_table.items()
    )
    _check_module_references(modules, module_where)
    return Config(
        root=root,
        file=file,
        modules=modules,
        source_roots=source_roots,
        tiers=tiers,
        docs=reader.strings("docs"),
        exclude=reader.strings("exclude", ()) or (),
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
    )


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
    if "tier" not in value:
        raise UsageError(f"{where}: missing key 'tier' (one of {', '.join(tiers)})")
    tier = reader.choice("tier", tiers, tiers[0])
    path = _existing_folder(root, reader.string("path", name) or name, f"{where}: key 'path'")
    if path != root and root not in path.parents:
        raise UsageError(f"{where}: key 'path': folder '{display_path(path)}' is outside the "
                         "project root")
    packages = reader.strings("packages")
    for package in packages or ():
        if not ((path / package).is_dir() or (path / f"{package}.py").is_file()):
            raise UsageError(
                f"{where}: key 'packages': no package or module '{package}' in "
                f"'{display_path(path)}'"
            )
    version = reader.string("version")
    if version is not None and not _VERSION.match(version):
        raise UsageError(
            f"{where}: key 'version' must be a version like \"1.0.0\", got '{version}'"
        )
    return ModuleConfig(
        name=name,
        path=path,
        tier=tier,
        level=reader.choice("level", LEVELS, "development"),
        description=reader.string("description", "") or "",
        version=version,
        depends_on=reader.strings("depends-on"),
        external=reader.strings("external"),
        packages=packages,
    )


def _existing_folder(root: Path, relative: str, where: str) -> Path:
    folder = (root / relative).resolve()
    if not folder.is_dir():
        raise UsageError(f"{where}: folder '{relative}' does not exist in {display_path(root)}")
    return folder


def _check_module_references(modules: tuple[ModuleConfig, ...], where: dict[str, str]) -> None:
    names = [module.name for module in modules]
    folders: dict[Path, str] = {}
    for module in modules:
        if module.path in folders:
            raise UsageError(
                f"{where[module.name]}: key 'path': folder '{display_path(module.path)}' is "
                f"already module '{folders[module.path]}'"
            )
        folders[module.path] = module.name
        for dependency in module.depends_on or ():
            if dependency not in names:
                raise UsageError(
                    f"{where[module.name]}: key 'depends-on' names unknown module "
                    f"'{dependency}'{closest(dependency, names)}"
                )


def _per_file_ignores(reader: TableReader) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = reader.table("per-file-ignores")
    pairs = []
    for pattern, codes in table.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise UsageError(
                f"{reader.where}: key 'per-file-ignores': entry '{pattern}' must be an array "
                "of code prefixes"
            )
        pairs.append((pattern, tuple(codes)))
    return tuple(pairs)


def _string_table(reader: TableReader, key: str) -> tuple[tuple[str, str], ...]:
    table = reader.table(key)
    for name, value in table.items():
        if not isinstance(value, str):
            raise UsageError(f"{reader.where}: key '{key}': entry '{name}' must be a string")
    return tuple(table.items())


_SIZE = re.compile(r"(\d+)\s*(b|kb|mb|gb|kib|mib|gib)?", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20,
          "gib": 2**30}


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
    raise UsageError(f"{reader.where}: key '{key}' must be a positive number of bytes or a size "
                     f'such as "8MiB", got {got}')
