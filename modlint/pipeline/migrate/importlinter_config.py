"""Reading an import-linter 2.x configuration as import-linter does: `setup.cfg` or
`.importlinter` (INI), `pyproject.toml` (TOML); validated strictly, every problem one line."""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Union

from modlint.configuration import closest, parse_toml, read_text, type_name
from modlint.model import UsageError
from modlint.pipeline.migrate.patterns import expression_problem

Value = Union[str, tuple[str, ...]]
"""An option as import-linter reads it: one line, or several."""

CANDIDATES = ("setup.cfg", ".importlinter", "pyproject.toml")
"""Where import-linter looks, in its order, when no file is named."""

CONTRACT_KEYS: Mapping[str, tuple[str, ...]] = {
    "layers": (
        "layers",
        "containers",
        "ignore_imports",
        "unmatched_ignore_imports_alerting",
        "exhaustive",
        "exhaustive_ignores",
        "broken_contract_guidance",
    ),
    "forbidden": (
        "source_modules",
        "forbidden_modules",
        "ignore_imports",
        "allow_indirect_imports",
        "unmatched_ignore_imports_alerting",
        "as_packages",
        "broken_contract_guidance",
    ),
    "independence": (
        "modules",
        "ignore_imports",
        "unmatched_ignore_imports_alerting",
        "broken_contract_guidance",
    ),
}
REQUIRED_KEYS: Mapping[str, tuple[str, ...]] = {
    "layers": ("layers",),
    "forbidden": ("source_modules", "forbidden_modules"),
    "independence": ("modules",),
}
ALERTING = ("error", "warn", "none")
_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")


@dataclass(frozen=True)
class LayerItem:
    """One module of a layer line: its name (a tail when the contract has containers)."""

    name: str
    optional: bool


@dataclass(frozen=True)
class Layer:
    """One line of `layers`: its modules, and whether they are independent siblings (`|`)."""

    items: tuple[LayerItem, ...]
    independent: bool
    text: str


@dataclass(frozen=True)
class Contract:
    """One contract; the fields of other contract types than its own stay empty."""

    name: str
    kind: str
    ignore_imports: tuple[str, ...] = ()
    alerting: str = "error"
    layers: tuple[Layer, ...] = ()
    containers: tuple[str, ...] = ()
    exhaustive: bool = False
    sources: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    allow_indirect: bool = False
    as_packages: bool = True
    modules: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How comments and warnings name the contract."""
        return f"contract '{self.name}'"


@dataclass(frozen=True)
class ImportLinterConfig:
    """A whole import-linter configuration, validated."""

    shown: str
    root_packages: tuple[str, ...]
    include_external_packages: bool
    exclude_type_checking_imports: bool
    custom_contract_types: bool
    contracts: tuple[Contract, ...]


@dataclass(frozen=True)
class _Raw:
    where: str
    options: Mapping[str, Value]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _ini_section(parser: configparser.ConfigParser, section: str) -> dict[str, Value]:
    # As import-linter: a value spanning lines is a list of its lines, any other a string.
    return {
        key: (tuple(value.strip().split("\n")) if "\n" in value else value)
        for key, value in parser[section].items()
    }


def _read_ini(path: Path, shown: str) -> tuple[dict[str, Value], list[_Raw]] | None:
    parser = configparser.ConfigParser()
    try:
        parser.read_string(read_text(path, shown), source=shown)
        if "importlinter" not in parser.sections():
            return None
        session = _ini_section(parser, "importlinter")
        contracts = [
            _Raw(f"[{section}]", {"id": section.split(":")[-1], **_ini_section(parser, section)})
            for section in parser.sections()
            if section.startswith("importlinter:")
        ]
    except configparser.Error as error:
        raise UsageError(f"{shown}: invalid INI file: {_one_line(str(error))}") from None
    return session, contracts


def _toml_value(value: Any, where: str, key: str) -> Value:
    if isinstance(value, bool):  # import-linter reads TOML booleans as "True" / "False"
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise UsageError(
        f"{where}: key '{key}' must be a string or an array of strings, got {type_name(value)}"
    )


def _read_toml(path: Path, shown: str) -> tuple[dict[str, Value], list[_Raw]] | None:
    tool = parse_toml(read_text(path, shown), shown).get("tool")
    table = tool.get("importlinter") if isinstance(tool, dict) else None
    if not table:
        return None
    where = f"{shown}: [tool.importlinter]"
    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table, got {type_name(table)}")
    contracts = table.get("contracts", [])
    if not isinstance(contracts, list) or not all(isinstance(item, dict) for item in contracts):
        raise UsageError(
            f"{where}: key 'contracts' must be an array of tables ([[tool.importlinter.contracts]])"
        )
    session = {
        key: _toml_value(value, where, key) for key, value in table.items() if key != "contracts"
    }
    raws = []
    for number, contract in enumerate(contracts, start=1):
        table_where = f"[[tool.importlinter.contracts]] number {number}"
        raws.append(
            _Raw(
                table_where,
                {
                    key: _toml_value(value, f"{shown}: {table_where}", key)
                    for key, value in contract.items()
                },
            )
        )
    return session, raws


def read_importlinter(root: Path, given: str | None) -> ImportLinterConfig:
    """The import-linter configuration in the file ``given`` (relative to ``root``), else in
    the first of setup.cfg, .importlinter and pyproject.toml at ``root`` that has one."""
    if given is not None:
        read = _read_toml if given.endswith(".toml") else _read_ini
        found = read(root / given, given)
        if found is None:
            expected = (
                "a [tool.importlinter] table"
                if given.endswith(".toml")
                else "an [importlinter] section"
            )
            raise UsageError(f"{given}: no import-linter configuration: expected {expected}")
        return _validated(given, *found)
    for name in CANDIDATES:
        # One that is there but no regular file (a fifo, a folder) is named, not passed over.
        if os.path.lexists(root / name):
            found = (_read_toml if name.endswith(".toml") else _read_ini)(root / name, name)
            if found is not None:
                return _validated(name, *found)
    raise UsageError(
        "no import-linter configuration found: expected an [importlinter] section "
        "in setup.cfg or .importlinter, or [tool.importlinter] in pyproject.toml"
    )


def _items(value: Value) -> tuple[str, ...]:
    lines = (value,) if isinstance(value, str) else value
    return tuple(line.strip() for line in lines if line.strip())


def _text(value: Value, where: str, key: str) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{where}: key '{key}' must be one value, got several lines")
    return value.strip()


def _flag(options: Mapping[str, Value], where: str, key: str, default: bool) -> bool:
    if key not in options:
        return default
    value = _text(options[key], where, key)
    if value.lower() not in ("true", "false"):
        raise UsageError(f"{where}: key '{key}' must be true or false, got '{value}'")
    return value.lower() == "true"


def _session_flag(options: Mapping[str, Value], key: str) -> bool:
    # import-linter takes exactly these two spellings as true and anything else as false.
    return options.get(key) in ("True", "true")


def _expressions(options: Mapping[str, Value], where: str, key: str) -> tuple[str, ...]:
    expressions = _items(options.get(key, ()))
    for expression in expressions:
        problem = expression_problem(expression)
        if problem:
            raise UsageError(
                f"{where}: key '{key}': '{expression}' is not a module expression: {problem}"
            )
    return expressions


def _ignore_imports(options: Mapping[str, Value], where: str) -> tuple[str, ...]:
    entries = []
    for entry in _items(options.get("ignore_imports", ())):
        importer, _, imported = (part.strip() for part in entry.partition("->"))
        if not (importer and imported):
            raise UsageError(
                f"{where}: key 'ignore_imports': '{entry}' must be in the form "
                "'package.importer -> package.imported'"
            )
        for side in (importer, imported):
            problem = expression_problem(side)
            if problem:
                raise UsageError(
                    f"{where}: key 'ignore_imports': '{entry}': '{side}' is not a "
                    f"module expression: {problem}"
                )
        entries.append(f"{importer} -> {imported}")
    return tuple(entries)


def _layer(line: str, where: str) -> Layer:
    if "|" in line and ":" in line:
        raise UsageError(
            f"{where}: key 'layers': '{line}' mixes independent (|) and non-independent (:) modules"
        )
    separator = "|" if "|" in line else ":"
    items = []
    for raw in (part.strip() for part in line.split(separator)):
        optional = raw.startswith("(") and raw.endswith(")")
        name = raw[1:-1].strip() if optional else raw
        if not _NAME.fullmatch(name):
            raise UsageError(f"{where}: key 'layers': '{raw}' is not a module name")
        items.append(LayerItem(name, optional))
    names = [item.name for item in items]
    for name in names:
        if names.count(name) > 1:
            raise UsageError(f"{where}: key 'layers': module '{name}' is repeated in '{line}'")
        for other in names:
            if other.startswith(name + "."):
                raise UsageError(f"{where}: key 'layers': '{name}' contains '{other}' in '{line}'")
    return Layer(tuple(items), separator == "|", line)


def _layers(options: Mapping[str, Value], where: str) -> tuple[Layer, ...]:
    layers = tuple(_layer(line, where) for line in _items(options["layers"]))
    seen: list[str] = []
    for layer in layers:
        for item in layer.items:
            if item.name in seen:
                raise UsageError(
                    f"{where}: key 'layers': module '{item.name}' is in more than one layer"
                )
            for other in seen:
                if item.name.startswith(other + ".") or other.startswith(item.name + "."):
                    raise UsageError(
                        f"{where}: key 'layers': layers cannot contain other "
                        f"layers: '{other}' and '{item.name}'"
                    )
            seen.append(item.name)
    return layers


def _contract(shown: str, raw: _Raw) -> Contract:
    where = f"{shown}: {raw.where}"
    options = raw.options
    for key in ("name", "type"):
        if key not in options:
            raise UsageError(f"{where}: missing key '{key}'")
    name, kind = _text(options["name"], where, "name"), _text(options["type"], where, "type")
    if kind not in CONTRACT_KEYS:
        return Contract(name, kind)  # no equivalent: reported, never read further
    known = ("name", "type", "id", *CONTRACT_KEYS[kind])
    for key in options:
        if key not in known:
            raise UsageError(
                f"{where}: unknown key '{key}' for a {kind} contract{closest(key, known)}"
            )
    for key in REQUIRED_KEYS[kind]:
        if not _items(options.get(key, ())):
            raise UsageError(f"{where}: missing key '{key}'")
    alerting = _text(
        options.get("unmatched_ignore_imports_alerting", "error"),
        where,
        "unmatched_ignore_imports_alerting",
    )
    if alerting not in ALERTING:
        raise UsageError(
            f"{where}: key 'unmatched_ignore_imports_alerting' must be one of "
            f"'error', 'warn', 'none', got '{alerting}'"
        )
    contract = Contract(name, kind, _ignore_imports(options, where), alerting)
    if kind == "layers":
        containers = _expressions(options, where, "containers")
        exhaustive = _flag(options, where, "exhaustive", False)
        if exhaustive and not containers:
            raise UsageError(f"{where}: key 'exhaustive' needs 'containers'")
        return replace(
            contract, layers=_layers(options, where), containers=containers, exhaustive=exhaustive
        )
    if kind == "forbidden":
        return replace(
            contract,
            sources=_expressions(options, where, "source_modules"),
            forbidden=_expressions(options, where, "forbidden_modules"),
            allow_indirect=_flag(options, where, "allow_indirect_imports", False),
            as_packages=_flag(options, where, "as_packages", True),
        )
    return replace(contract, modules=_expressions(options, where, "modules"))


def _root_packages(session: Mapping[str, Value], where: str) -> tuple[str, ...]:
    if "root_packages" in session:
        value = session["root_packages"]
        if isinstance(value, str):
            # import-linter would read a one-line value character by character.
            raise UsageError(
                f"{where}: key 'root_packages' must list the packages one a line "
                "(or use 'root_package' for one)"
            )
        packages = _items(value)
    elif "root_package" in session:
        packages = (_text(session["root_package"], where, "root_package"),)
    else:
        raise UsageError(f"{where}: missing key 'root_package' (or 'root_packages')")
    for package in packages:
        if not _NAME.fullmatch(package):
            raise UsageError(f"{where}: key 'root_packages': '{package}' is not a package name")
    if not packages:
        raise UsageError(f"{where}: key 'root_packages' lists no package")
    return packages


def _validated(shown: str, session: Mapping[str, Value], raws: list[_Raw]) -> ImportLinterConfig:
    where = (
        f"{shown}: [tool.importlinter]" if shown.endswith(".toml") else f"{shown}: [importlinter]"
    )
    if not raws:
        raise UsageError(
            f"{shown}: no contracts: each goes in an [importlinter:contract:ID] "
            "section (INI) or a [[tool.importlinter.contracts]] table (TOML)"
        )
    return ImportLinterConfig(
        shown=shown,
        root_packages=_root_packages(session, where),
        include_external_packages=_session_flag(session, "include_external_packages"),
        exclude_type_checking_imports=_session_flag(session, "exclude_type_checking_imports"),
        custom_contract_types="contract_types" in session,
        contracts=tuple(_contract(shown, raw) for raw in raws),
    )
