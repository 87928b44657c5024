"""`modlint init --from-importlinter`: import-linter's contracts as modlint modules, tiers,
forbidden imports, independent groups and ignore-imports that report the same direct imports.

How each contract maps (modlint's modules own their files deepest-first, while import-linter's
contracts always cover a module with all its submodules):

- the first layers contract with at most one container becomes `tiers`, one module per layer
  module; other layers contracts (or one with several containers, whose layers may import across
  containers) become per-module `forbidden` lists: a lower layer may not import a higher one;
- `a | b` layers and independence contracts become `independent` groups, or `forbidden` lists
  between the group's modules when another module nests inside one of them;
- forbidden contracts become per-module `forbidden` lists (top-level `forbidden` for a
  third-party name that every root package forbids);
- a module nested in another takes its tier and forbidden imports, as import-linter counts it
  part of the enclosing one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modlint.locking import toml_string
from modlint.model import UsageError
from modlint.pipeline.migrate.importlinter_config import (
    Contract,
    ImportLinterConfig,
    Layer,
    read_importlinter,
)
from modlint.pipeline.migrate.patterns import expand_expression
from modlint.pipeline.migrate.plan import (
    Conversion,
    Entry,
    Plan,
    Setting,
    Table,
    array,
    code,
    groups,
    key,
    render,
    strings,
)
from modlint.pipeline.migrate.tree import ModuleTree, grimp_tree, outside_exclusions


class _Draft:
    """One module of the converted configuration while the contracts are read."""

    def __init__(self, name: str, path: str) -> None:
        self.name = name
        self.path = path
        self.tier: str | None = None
        self.forbidden: dict[str, str] = {}
        self.inside: str | None = None

    def forbid(self, name: str, comment: str) -> None:
        """Forbid importing ``name``; the first reason given stays."""
        self.forbidden.setdefault(name, comment)


def _within(name: str, package: str) -> bool:
    """Whether module ``name`` is ``package`` or one of its submodules."""
    return name == package or name.startswith(package + ".")


def _overlap(first: str, second: str) -> bool:
    return _within(first, second) or _within(second, first)


def _session_where(shown: str) -> str:
    return (
        f"{shown}: [tool.importlinter]" if shown.endswith(".toml") else f"{shown}: [importlinter]"
    )


def _locate(root: Path, shown: str, package: str) -> tuple[str, str]:
    """The root package and its folder relative to ``root``: `./NAME/`, else `./src/NAME/`,
    as Python would find it with the project folder on sys.path."""
    parts = package.split(".")
    for base in ((), ("src",)):
        relative = "/".join((*base, *parts))
        if (root / relative).is_dir():
            return package, relative
        if (root / f"{relative}.py").is_file():
            raise UsageError(
                f"{_session_where(shown)}: root package '{package}' is a module "
                f"({relative}.py), not a package"
            )
    relative = "/".join(parts)
    raise UsageError(
        f"{_session_where(shown)}: root package '{package}' not found: expected "
        f"the folder {relative} or src/{relative}"
    )


@dataclass(frozen=True)
class _Scope:
    """Imports a contract checks: from within one of ``importers`` to within one of
    ``imported`` (a different one when ``distinct``)."""

    importers: tuple[str, ...]
    imported: tuple[str, ...]
    distinct: bool

    def covers(self, importers: Sequence[str], imported: Sequence[str]) -> bool:
        """Whether an import from one of ``importers`` to one of ``imported`` could be one the
        contract checks."""
        above_importers, above_imported = _with_ancestors(importers), _with_ancestors(imported)
        sources = [name for name in self.importers if name in above_importers]
        targets = [name for name in self.imported if name in above_imported]
        if not self.distinct:
            return bool(sources and targets)
        only_one = len(sources) == len(targets) == 1 and sources == targets
        return bool(sources and targets) and not only_one


def _with_ancestors(names: Sequence[str]) -> set[str]:
    """Every name and each package above it."""
    found: set[str] = set()
    for name in names:
        parts = name.split(".")
        found.update(".".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return found


class _Converter:
    """Collects what each contract says, then settles how modules nest."""

    def __init__(
        self,
        root: Path,
        config: ImportLinterConfig,
        tree: ModuleTree,
        roots: Sequence[tuple[str, str]],
    ) -> None:
        self.root = root
        self.config = config
        self.tree = tree
        self.roots = roots
        self.drafts: dict[str, _Draft] = {}
        self.tiers: list[str] = []
        self.groups: list[tuple[tuple[str, ...], str]] = []
        self.ignores: dict[str, list[str]] = {}
        self.scopes: dict[str, list[_Scope]] = {}
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def draft(self, name: str) -> _Draft:
        """The module ``name`` of the converted configuration, made on first use."""
        if name not in self.drafts:
            self.drafts[name] = _Draft(name, self.tree.paths[name])
        return self.drafts[name]

    def where(self, contract: Contract) -> str:
        """How errors name ``contract``."""
        return f"{self.config.shown}: {contract.label}"

    def unconverted(self, subject: str, why: str) -> None:
        """Say, in the output and on stderr, what has no equivalent."""
        self.warnings.append(f"{self.config.shown}: {subject} has no equivalent in modlint: {why}")
        self.notes.append(f"Not converted: {subject}: {why}.")

    def existing(self, contract: Contract, key_name: str, name: str) -> str:
        """``name``; UsageError when no module has it, as import-linter would stop."""
        if name not in self.tree.paths:
            raise UsageError(
                f"{self.where(contract)}: key '{key_name}': module '{name}' does not exist"
            )
        return name

    def expanded(self, contract: Contract, key_name: str, expressions: Sequence[str]) -> list[str]:
        """The modules of ``expressions``; a name without a wildcard must exist."""
        names: list[str] = []
        for expression in expressions:
            for name in expand_expression(expression, self.tree.paths):
                if name not in names:
                    names.append(self.existing(contract, key_name, name))
        return names

    # Layers ------------------------------------------------------------------------------

    def layer_lines(
        self, contract: Contract, container: str | None
    ) -> list[tuple[Layer, list[str]]]:
        """Each layer line with the modules it has in ``container``; a missing module that is
        not optional is an error, as in import-linter."""
        lines = []
        for layer in contract.layers:
            present = []
            for item in layer.items:
                name = f"{container}.{item.name}" if container else item.name
                if name in self.tree.paths:
                    present.append(name)
                elif not item.optional:
                    where = f" in container '{container}'" if container else ""
                    raise UsageError(
                        f"{self.where(contract)}: key 'layers': missing layer"
                        f"{where}: module '{name}' does not exist"
                    )
            lines.append((layer, present))
        return lines

    def containers(self, contract: Contract) -> list[str]:
        """The contract's containers, each an existing package."""
        containers = self.expanded(contract, "containers", contract.containers)
        for container in containers:
            if not self.tree.is_package(container):
                raise UsageError(
                    f"{self.where(contract)}: key 'containers': '{container}' is not a package"
                )
        return containers

    def tier_labels(
        self, contract: Contract, container: str | None, lines: list[tuple[Layer, list[str]]]
    ) -> list[str]:
        """A tier name per layer line: its modules' last names when they tell the lines
        apart, else their full names."""
        names = [name for _, present in lines for name in present]
        short = not container and len({name.rsplit(".", 1)[-1] for name in names}) == len(names)
        labels = []
        for layer, present in lines:
            names = [
                name[len(container) + 1 :]
                if container
                else (name.rsplit(".", 1)[-1] if short else name)
                for name in present
            ]
            labels.append((" | " if layer.independent else " : ").join(names))
        return labels

    def layers(self, contract: Contract, containers: list[str], primary: bool) -> None:
        """Read a layers contract: tiers when it is the ``primary`` one, else forbidden
        imports from each lower layer to the higher ones; `|` layers become groups."""
        each: list[str | None] = [*containers] or [None]
        for container in each:
            lines = self.layer_lines(contract, container)
            where = f" in '{container}'" if container and len(containers) > 1 else ""
            if primary:
                labels = self.tier_labels(contract, container, lines)
                for label, (_layer, present) in reversed(list(zip(labels, lines))):
                    if present:
                        self.tiers.append(label)
                    for name in present:
                        self.draft(name).tier = label
            else:
                for index, (_layer, present) in enumerate(lines):
                    for name in present:
                        draft = self.draft(name)
                        for _, higher in lines[:index]:
                            for target in higher:
                                draft.forbid(
                                    target,
                                    f"{contract.label} (layers{where}): a "
                                    "lower layer may not import a higher one",
                                )
            scopes = self.scopes.setdefault(contract.label, [])
            for index, (layer, present) in enumerate(lines):
                above = tuple(name for _, upper in lines[:index] for name in upper)
                scopes.append(_Scope(tuple(present), above, False))
                if layer.independent:
                    scopes.append(_Scope(tuple(present), tuple(present), True))
            for layer, present in lines:
                if layer.independent and len(present) > 1:
                    self.groups.append(
                        (
                            tuple(present),
                            f"{contract.label}: independent layer '{layer.text}'{where}",
                        )
                    )
        if contract.exhaustive:
            self.unconverted(
                f"{contract.label}: 'exhaustive'",
                "a child of a container that is no layer is not reported",
            )

    # Forbidden and independence ----------------------------------------------------------

    def forbidden(self, contract: Contract) -> None:
        """Read a forbidden contract: each source module forbids each forbidden module that
        does not overlap it."""
        sources = self.expanded(contract, "source_modules", contract.sources)
        targets: list[str] = []
        for expression in contract.forbidden:
            for name in expand_expression(expression, self.tree.paths):
                if any(_within(name, root) for root, _ in self.roots):
                    self.existing(contract, "forbidden_modules", name)
                elif not self.config.include_external_packages:
                    raise UsageError(
                        f"{self.where(contract)}: key 'forbidden_modules': "
                        f"'{name}' is not in a root package, which needs "
                        "include_external_packages = True"
                    )
                elif "." in name:
                    raise UsageError(
                        f"{self.where(contract)}: key 'forbidden_modules': "
                        f"'{name}': forbid the whole third-party package "
                        f"'{name.split('.')[0]}'"
                    )
                if name not in targets:
                    targets.append(name)
        self.scopes.setdefault(contract.label, []).append(
            _Scope(tuple(sources), tuple(targets), False)
        )
        approximate = False
        for source in sources:
            for target in targets:
                if source == target or (contract.as_packages and _overlap(source, target)):
                    continue  # import-linter skips overlapping pairs
                approximate = (
                    approximate
                    or self.tree.is_package(source)
                    or (target in self.tree.paths and self.tree.is_package(target))
                )
                self.draft(source).forbid(target, f"{contract.label} (forbidden)")
        if not contract.as_packages and approximate:
            self.approximate(
                f"{contract.label}: 'as_packages = false'",
                "its packages stand for their submodules too, as with 'as_packages = true'",
            )

    def independence(self, contract: Contract) -> None:
        """Read an independence contract: its modules become a group."""
        members = self.expanded(contract, "modules", contract.modules)
        for name in members:
            self.draft(name)
        self.scopes.setdefault(contract.label, []).append(
            _Scope(tuple(members), tuple(members), True)
        )
        if len(members) > 1:
            self.groups.append((tuple(members), f"{contract.label} (independence)"))

    # Nesting -----------------------------------------------------------------------------

    def settled_groups(self) -> list[tuple[tuple[str, ...], str]]:
        """The groups modlint can check as `independent`; a group with a module nested inside
        one of its modules becomes forbidden imports between them instead, which their nested
        modules then take over."""
        kept = []
        for members, comment in self.groups:
            if not any(
                _within(name, member) and name != member
                for name in self.drafts
                for member in members
            ):
                kept.append((members, comment))
                continue
            for member in members:
                for other in members:
                    if not _overlap(member, other):
                        self.drafts[member].forbid(
                            other,
                            f"{comment}: independent (as forbidden "
                            "imports, since modules nest inside them)",
                        )
        return kept

    def settle_nesting(self) -> None:
        """Give each module nested in another that one's tier and forbidden imports."""
        for draft in sorted(self.drafts.values(), key=lambda d: (d.name.count("."), d.name)):
            enclosing = [
                other
                for other in self.drafts.values()
                if other is not draft and _within(draft.name, other.name)
            ]
            if not enclosing:
                continue
            parent = max(enclosing, key=lambda other: len(other.name))
            draft.inside = parent.name
            draft.tier = draft.tier or parent.tier
            for target, comment in parent.forbidden.items():
                if not _overlap(draft.name, target):
                    draft.forbid(target, comment)

    def top_level_forbidden(self) -> list[Entry]:
        """Third-party names every root package forbids, taken out of the modules' lists: at
        the top level they apply to every module."""
        roots = [self.drafts[root] for root, _ in self.roots if root in self.drafts]
        if len(roots) < len(self.roots):
            return []
        names = [
            name
            for name in roots[0].forbidden
            if name not in self.tree.paths and all(name in root.forbidden for root in roots)
        ]
        entries = [Entry(name, roots[0].forbidden[name]) for name in names]
        for draft in self.drafts.values():
            for name in names:
                draft.forbidden.pop(name, None)
        return entries

    # The whole configuration ---------------------------------------------------------------

    def read_contracts(self) -> None:
        """Read every contract, in order; the first layers contract with at most one
        container gives the tiers."""
        primary_found = False
        for contract in self.config.contracts:
            if contract.kind == "layers":
                containers = self.containers(contract)
                primary = not primary_found and len(containers) <= 1
                primary_found = primary_found or primary
                self.layers(contract, containers, primary)
            elif contract.kind == "forbidden":
                self.forbidden(contract)
            elif contract.kind == "independence":
                self.independence(contract)
            else:
                self.unconverted(f"{contract.label} of type '{contract.kind}'", "it is left out")
                continue
            for entry in contract.ignore_imports:
                self.ignores.setdefault(entry, [])
                if contract.label not in self.ignores[entry]:
                    self.ignores[entry].append(contract.label)
        if self.config.custom_contract_types:
            self.unconverted("'contract_types'", "custom contract types are left out")

    def checked(self) -> list[Contract]:
        """The contracts that have an equivalent."""
        return [
            contract
            for contract in self.config.contracts
            if contract.kind in ("layers", "forbidden", "independence")
        ]

    def scope_warnings(self) -> None:
        """Warn where an ignore_imports entry could hide an import that another contract, one
        without the same entry, checks: modlint's ignore-imports apply to every rule."""
        for entry, labels in self.ignores.items():
            importer, imported = entry.split(" -> ")
            importers = expand_expression(importer, self.tree.paths)
            others = [
                label
                for label, scopes in self.scopes.items()
                if label not in labels
                and any(
                    scope.covers(
                        importers, expand_expression(imported, [*self.tree.paths, *scope.imported])
                    )
                    for scope in scopes
                )
            ]
            if others:
                self.approximate(
                    f"{', '.join(labels)}: ignore_imports entry '{entry}'",
                    "modlint's ignore-imports apply to every rule, so it also hides what it "
                    f"matches from {', '.join(others)}",
                )

    def approximate(self, subject: str, why: str) -> None:
        """Say, in the output and on stderr, what is converted only approximately."""
        self.warnings.append(f"{self.config.shown}: {subject} is converted approximately: {why}")
        self.notes.append(f"Approximate: {subject}: {why}.")

    def ignored_rules(self) -> Setting:
        """`ignore`: the rules that would report what import-linter never does."""
        codes = [code("dependency-cycle"), code("undeclared-external"), code("unresolved-import")]
        reasons = [
            f"{code('dependency-cycle')} (dependency cycles)",
            f"{code('undeclared-external')} (third-party imports the project does not declare)",
            f"{code('unresolved-import')} (first-party imports of names that do not exist, which "
            "import-linter skips)",
        ]
        if any((self.root / draft.path / "README.md").is_file() for draft in self.drafts.values()):
            codes.append(code("stale-module-readme"))
            reasons.append(
                f"{code('stale-module-readme')} (module READMEs without a modlint status line)"
            )
        levels = {contract.alerting for contract in self.checked() if contract.ignore_imports}
        if levels and "error" not in levels:
            if "warn" in levels:
                self.approximate(
                    "'unmatched_ignore_imports_alerting = warn'",
                    f"{code('unmatched-ignore-import')} is off, so ignore-imports entries that "
                    "match nothing go unreported",
                )
            codes.append(code("unmatched-ignore-import"))
            reasons.append(
                f"{code('unmatched-ignore-import')} (ignore-imports entries that match no import: "
                "unmatched_ignore_imports_alerting is "
                f"{' / '.join(repr(level) for level in sorted(levels))})"
            )
        elif "error" in levels:
            for contract in self.checked():
                if contract.ignore_imports and contract.alerting != "error":
                    self.approximate(
                        f"{contract.label}: 'unmatched_ignore_imports_alerting = "
                        f"{contract.alerting}'",
                        f"{code('unmatched-ignore-import')} reports its ignore_imports entries "
                        "that match no import, as it does for the other contracts",
                    )
        return Setting(
            "ignore",
            strings(codes),
            "Rules import-linter has no counterpart for, "
            "off so that modlint reports what import-linter reports: "
            + ", ".join(reasons[:-1])
            + " and "
            + reasons[-1]
            + ".",
        )

    def file_settings(self) -> list[Setting]:
        """Which files modlint reads, and how: the same as import-linter."""
        settings = []
        bases = sorted({folder[: -len(name)].rstrip("/") or "." for name, folder in self.roots})
        if bases != ["."]:
            settings.append(
                Setting(
                    "source-roots",
                    strings(bases),
                    "The folders the root packages are in: import-linter finds them on sys.path.",
                )
            )
        folders = [folder for _, folder in self.roots]
        exclude = [*outside_exclusions(self.root, folders, False), *self.tree.unread]
        if exclude:
            names = ", ".join(name for name, _ in self.roots)
            settings.append(
                Setting(
                    "exclude",
                    strings(exclude, "exclude = "),
                    f"import-linter reads only the root packages ({names}), and in them neither "
                    "folders without __init__.py nor files with another dot in their names: leave "
                    "out the rest, as it does.",
                )
            )
        if _has_gitignore(self.root, folders):
            settings.append(
                Setting(
                    "respect-gitignore",
                    "false",
                    "import-linter reads every "
                    "file of the root packages, whether git ignores it or not.",
                )
            )
        if self.config.exclude_type_checking_imports:
            settings.append(
                Setting(
                    "type-checking-imports",
                    "false",
                    "exclude_type_checking_imports: imports under "
                    "`if TYPE_CHECKING:` are no dependencies (their `else:` still is, as in "
                    "import-linter).",
                )
            )
        settings.append(
            Setting(
                "docs",
                "[]",
                "No lock tables to keep in sync yet (modlint would expect one in README.md).",
            )
        )
        return settings

    def rule_settings(self) -> list[Setting]:
        """The contracts' keys at the top level, once every module's part is settled."""
        kept = self.settled_groups()
        self.settle_nesting()
        top = self.top_level_forbidden()
        settings = [self.ignored_rules()]
        if self.tiers:
            primary = next(
                contract
                for contract in self.config.contracts
                if contract.kind == "layers" and len(self.containers(contract)) <= 1
            )
            settings.append(
                Setting(
                    "tiers",
                    strings(self.tiers, "tiers = "),
                    "The layers of "
                    f"{primary.label}, lowest first (import-linter lists them "
                    "highest first).",
                )
            )
        if top:
            settings.append(
                Setting(
                    "forbidden",
                    array(top, "forbidden = "),
                    "Third-party packages that no module may import.",
                )
            )
        if kept:
            settings.append(
                Setting(
                    "independent", groups(kept), "Groups of modules that may not import each other."
                )
            )
        if self.ignores:
            entries = [
                Entry(entry, "from " + ", ".join(labels)) for entry, labels in self.ignores.items()
            ]
            settings.append(
                Setting(
                    "ignore-imports",
                    array(entries),
                    "import-linter's ignore_imports: imports that are no dependency for any rule.",
                )
            )
        return settings

    def tables(self) -> list[Table]:
        """One table per module, sorted by name."""
        tables = []
        for name in sorted(self.drafts):
            draft = self.drafts[name]
            settings = [Setting("path", toml_string(draft.path))]
            if draft.tier:
                settings.append(Setting("tier", toml_string(draft.tier)))
            if draft.forbidden:
                entries = [Entry(target, comment) for target, comment in draft.forbidden.items()]
                settings.append(Setting("forbidden", array(entries, "forbidden = ")))
            parent = self.drafts[draft.inside] if draft.inside else None
            comment = ""
            if parent and (parent.tier or parent.forbidden):
                comment = (
                    f"Inside module '{parent.name}': import-linter counts it as part of "
                    "that module, so it takes its tier and forbidden imports."
                )
            tables.append(Table(f"modules.{key(name)}", tuple(settings), comment))
        return tables

    def conversion(self) -> Conversion:
        """The whole converted configuration, with its warnings."""
        self.read_contracts()
        indirect = (
            "import-linter also reports indirect import chains (a -> b -> c); modlint "
            "checks direct imports only"
        )
        if any(
            contract.kind in ("layers", "independence") or not contract.allow_indirect
            for contract in self.checked()
        ):
            self.warnings.insert(0, f"{self.config.shown}: {indirect}")
        self.scope_warnings()
        settings = [*self.file_settings(), *self.rule_settings()]
        notes = [
            f"Converted from {self.config.shown} (import-linter) by `modlint init "
            f"--from-importlinter`. {indirect}.",
            *self.notes,
        ]
        text = render(Plan(tuple(notes), tuple(settings), tuple(self.tables())))
        return Conversion(self.config.shown, text, len(self.drafts), tuple(self.warnings))


def _has_gitignore(root: Path, folders: Sequence[str]) -> bool:
    """Whether a .gitignore file could leave out a file of these folders."""
    for folder in folders:
        parts = folder.split("/")
        if any(
            (root.joinpath(*parts[:depth]) / ".gitignore").is_file() for depth in range(len(parts))
        ):
            return True
        for _, _, files in os.walk(root / folder):
            if ".gitignore" in files:
                return True
    return False


def convert_importlinter(root: Path, given: str | None) -> Conversion:
    """The import-linter configuration in ``given`` (else the one import-linter would read at
    ``root``) as `[tool.modlint]` text, with a warning for each part modlint cannot express."""
    config = read_importlinter(root, given)
    roots = [_locate(root, config.shown, package) for package in config.root_packages]
    tree = grimp_tree(root, roots)
    return _Converter(root, config, tree, roots).conversion()
