"""Reading a tach 0.35 configuration (`tach.toml`, or `[tool.tach]` in `pyproject.toml`) as tach
does: unknown keys are errors, and every problem is one line naming the file and key."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modlint.configuration import TableReader, parse_toml, read_text, type_name
from modlint.model import UsageError
from modlint.pipeline.migrate.plan import code

TOP_KEYS = (
    "modules",
    "interfaces",
    "layers",
    "cache",
    "external",
    "map",
    "exclude",
    "source_roots",
    "exact",
    "ignore_type_checking_imports",
    "include_string_imports",
    "forbid_circular_dependencies",
    "layers_explicit_depends_on",
    "respect_gitignore",
    "root_module",
    "rules",
    "plugins",
)
MODULE_KEYS = (
    "path",
    "paths",
    "depends_on",
    "cannot_depend_on",
    "depends_on_external",
    "cannot_depend_on_external",
    "layer",
    "visibility",
    "utility",
    "strict",
    "unchecked",
)
RULE_DEFAULTS = {
    "unused_ignore_directives": "warn",
    "require_ignore_directive_reasons": "off",
    "unused_external_dependencies": "error",
    "local_imports": "error",
}
ROOT_MODULE = ("ignore", "allow", "dependenciesonly", "forbid")


@dataclass(frozen=True)
class Dependency:
    """One `depends_on` entry: a module path or glob, maybe deprecated."""

    path: str
    deprecated: bool = False


@dataclass(frozen=True)
class TachModule:
    """One `[[modules]]` table (for every path of its `paths`)."""

    where: str
    paths: tuple[str, ...]
    depends_on: tuple[Dependency, ...] | None
    cannot_depend_on: tuple[str, ...]
    layer: str | None
    utility: bool
    unchecked: bool
    unconverted: tuple[str, ...]
    """Its keys with no equivalent in modlint that are set."""


@dataclass(frozen=True)
class TachLayer:
    """One layer, highest first as tach lists them."""

    name: str
    closed: bool


@dataclass(frozen=True)
class TachConfig:
    """A whole tach configuration, validated."""

    shown: str
    source_roots: tuple[str, ...]
    exclude: tuple[str, ...]
    respect_gitignore: bool | str
    ignore_type_checking_imports: bool
    layers_explicit_depends_on: bool
    layers: tuple[TachLayer, ...]
    modules: tuple[TachModule, ...]
    rename: tuple[tuple[str, str], ...]
    unconverted: tuple[tuple[str, str], ...]
    """Top-level keys with no equivalent that change what tach reports, and why."""


def _dependencies(value: Any, where: str, key: str) -> tuple[Dependency, ...]:
    if not isinstance(value, list):
        raise UsageError(f"{where}: key '{key}' must be an array, got {type_name(value)}")
    found = []
    for item in value:
        if isinstance(item, str):
            found.append(Dependency(item))
            continue
        if not isinstance(item, dict):
            raise UsageError(
                f"{where}: key '{key}': each entry must be a module path or a "
                f'table {{ path = "...", deprecated = true }}, got '
                f"{type_name(item)}"
            )
        reader = TableReader(item, f"{where}: key '{key}'", ("path", "deprecated"))
        path = reader.string("path")
        if path is None:
            raise UsageError(f"{where}: key '{key}': an entry has no 'path'")
        found.append(Dependency(path, reader.boolean("deprecated", False)))
    return tuple(found)


def _module(value: Any, where: str) -> TachModule:
    if not isinstance(value, dict):
        raise UsageError(f"{where}: must be a table, got {type_name(value)}")
    reader = TableReader(value, where, MODULE_KEYS)
    paths = reader.strings("paths")
    path = reader.string("path")
    if (path is None) == (paths is None):
        raise UsageError(f"{where}: needs 'path' or 'paths' (one of them)")
    unconverted = []
    for name in ("visibility", "depends_on_external", "cannot_depend_on_external"):
        if reader.strings(name) is not None:
            unconverted.append(name)
    if reader.boolean("strict", False):
        unconverted.append("strict")
    return TachModule(
        where=where,
        paths=(path,) if path is not None else paths or (),
        depends_on=(
            _dependencies(value["depends_on"], where, "depends_on")
            if "depends_on" in value
            else None
        ),
        cannot_depend_on=tuple(
            dependency.path
            for dependency in _dependencies(
                value.get("cannot_depend_on", []), where, "cannot_depend_on"
            )
        ),
        layer=reader.string("layer"),
        utility=reader.boolean("utility", False),
        unchecked=reader.boolean("unchecked", False),
        unconverted=tuple(unconverted),
    )


def _layers(value: Any, where: str) -> tuple[TachLayer, ...]:
    if not isinstance(value, list):
        raise UsageError(f"{where}: key 'layers' must be an array, got {type_name(value)}")
    layers = []
    for item in value:
        if isinstance(item, str):
            layers.append(TachLayer(item, False))
            continue
        if not isinstance(item, dict):
            raise UsageError(
                f"{where}: key 'layers': each entry must be a name or a table "
                f'{{ name = "...", closed = true }}, got {type_name(item)}'
            )
        reader = TableReader(item, f"{where}: key 'layers'", ("name", "closed"))
        name = reader.string("name")
        if name is None:
            raise UsageError(f"{where}: key 'layers': an entry has no 'name'")
        layers.append(TachLayer(name, reader.boolean("closed", False)))
    names = [layer.name for layer in layers]
    for name in names:
        if names.count(name) > 1:
            raise UsageError(f"{where}: key 'layers': layer '{name}' is listed twice")
    return tuple(layers)


def _unconverted(table: Mapping[str, Any], reader: TableReader) -> list[tuple[str, str]]:
    """The top-level keys that change what tach reports and that modlint cannot express."""
    found = []
    if table.get("interfaces"):
        found.append(
            ("'interfaces'", "imports of a module's names outside its interface are not reported")
        )
    if reader.boolean("exact", False):
        found.append(
            (
                "'exact'",
                "unused depends_on entries are not reported",
            )
        )
    if reader.boolean("forbid_circular_dependencies", False):
        found.append(
            (
                "'forbid_circular_dependencies'",
                "cycles in the declared depends_on are "
                f"not reported (modlint's {code('dependency-cycle')} reports cycles of actual "
                "imports)",
            )
        )
    if reader.boolean("include_string_imports", False):
        found.append(("'include_string_imports'", "module names in strings are no imports"))
    root_module = reader.choice("root_module", ROOT_MODULE, "ignore")
    if root_module != "ignore":
        found.append(
            (
                f"'root_module = \"{root_module}\"'",
                "code outside every module is no module in modlint",
            )
        )
    rules = TableReader(reader.table("rules"), f"{reader.where}: [rules]", tuple(RULE_DEFAULTS))
    for rule, default in RULE_DEFAULTS.items():
        value = rules.choice(rule, ("error", "warn", "off"), default)
        if value != default:
            found.append(
                (
                    f"'rules.{rule} = \"{value}\"'",
                    "modlint checks every import the same way, wherever it is",
                )
            )
    external = TableReader(
        reader.table("external"), f"{reader.where}: [external]", ("exclude", "rename")
    )
    if external.strings("exclude", ()):
        found.append(
            (
                "'external.exclude'",
                "it belongs to tach check-external, which this conversion does not reproduce",
            )
        )
    if reader.table("plugins"):
        found.append(("'plugins'", "modlint reads imports only"))
    return found


def _rename(reader: TableReader) -> tuple[tuple[str, str], ...]:
    external = reader.table("external")
    pairs = []
    for entry in (
        TableReader(external, f"{reader.where}: [external]", ("exclude", "rename")).strings(
            "rename", ()
        )
        or ()
    ):
        name, separator, distribution = entry.partition(":")
        if not separator or not name or not distribution:
            raise UsageError(
                f"{reader.where}: [external]: key 'rename': '{entry}' must be "
                "'import_name:distribution'"
            )
        pairs.append((name, distribution))
    return tuple(pairs)


def _respect_gitignore(reader: TableReader) -> bool | str:
    value = reader.data.get("respect_gitignore", True)
    if isinstance(value, bool):
        return value
    if value == "if_git_repo":
        return "if_git_repo"
    raise UsageError(
        f"{reader.where}: key 'respect_gitignore' must be true, false or "
        f'"if_git_repo", got {type_name(value)}'
    )


def _found_config(root: Path, given: str | None) -> tuple[str, str, Mapping[str, Any]]:
    """The file named, else tach.toml, else pyproject.toml with [tool.tach]: its name, how
    messages name the table, and the table."""
    candidates = [given] if given is not None else ["tach.toml", "pyproject.toml"]
    for name in candidates:
        if given is None and not os.path.lexists(root / name):
            continue
        document = parse_toml(read_text(root / name, name), name)
        if Path(name).name != "pyproject.toml":
            return name, name, document
        tool = document.get("tool")
        table = tool.get("tach") if isinstance(tool, dict) else None
        if isinstance(table, dict):
            return name, f"{name}: [tool.tach]", table
        if given is not None:
            raise UsageError(f"{name}: no tach configuration: expected a [tool.tach] table")
    raise UsageError(
        "no tach configuration found: expected tach.toml (or [tool.tach] in pyproject.toml)"
    )


def read_tach(root: Path, given: str | None) -> TachConfig:
    """The tach configuration in ``given`` (relative to ``root``), else in tach.toml, else in
    pyproject.toml's [tool.tach]."""
    file, shown, table = _found_config(root, given)
    reader = TableReader(table, shown, TOP_KEYS)
    modules = table.get("modules", [])
    if not isinstance(modules, list):
        raise UsageError(
            f"{shown}: key 'modules' must be an array of tables ([[modules]]), got "
            f"{type_name(modules)}"
        )
    return TachConfig(
        shown=file,
        source_roots=reader.strings("source_roots", (".",)) or (),
        exclude=reader.strings("exclude", ()) or (),
        respect_gitignore=_respect_gitignore(reader),
        ignore_type_checking_imports=reader.boolean("ignore_type_checking_imports", True),
        layers_explicit_depends_on=reader.boolean("layers_explicit_depends_on", False),
        layers=_layers(table.get("layers", []), shown),
        modules=tuple(
            _module(value, f"{shown}: [[modules]] number {number}")
            for number, value in enumerate(modules, start=1)
        ),
        rename=_rename(reader),
        unconverted=tuple(_unconverted(table, reader)),
    )
