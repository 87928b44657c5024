"""`modlint init --from-tach`: tach's modules as modlint modules that report the same direct
imports.

tach checks an import from module S into module T in this order (T the deepest module whose
path prefixes the import): layers first (a lower layer never imports a higher one; a higher
layer imports a lower one without declaring it, unless a closed layer lies between them), then
`cannot_depend_on`, then `depends_on` (omitted: anything goes; utility modules always allowed).
So: `layer` becomes `tier`, `depends_on` becomes `depends-on` plus the utility modules and the
lower layers tach allows without a declaration, and `cannot_depend_on` and the layers past a
closed one become per-module `forbidden` lists.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modlint.locking import toml_string
from modlint.model import UsageError
from modlint.pipeline.migrate.patterns import has_glob_syntax, tach_glob, tach_matches
from modlint.pipeline.migrate.plan import (
    Conversion,
    Entry,
    Plan,
    Setting,
    Table,
    array,
    code,
    key,
    render,
    strings,
)
from modlint.pipeline.migrate.tach_config import TachConfig, TachModule, read_tach
from modlint.pipeline.migrate.tree import (
    outside_exclusions,
    pattern_literal,
    tach_module_path,
    tach_tree,
)

UNCHECKED_CODES = (code("tier-violation"), code("undeclared-dependency"), code("forbidden-import"))
"""The codes of the checks tach skips for an unchecked module's imports."""


@dataclass(frozen=True)
class _Resolved:
    """A module of tach's configuration with one concrete dotted path."""

    name: str
    path: str
    module: TachModule
    glob: str | None


class _Converter:
    """Resolves tach's modules against the tree, then writes each one's modlint table."""

    def __init__(self, root: Path, config: TachConfig) -> None:
        self.root = root
        self.config = config
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.roots = self.source_roots()
        self.tree = tach_tree(root, self.roots, config.exclude, self.respects_gitignore())
        self.layer_index = {layer.name: index for index, layer in enumerate(config.layers)}
        self.modules = self.resolved_modules()

    def unconverted(self, subject: str, why: str) -> None:
        """Say, in the output and on stderr, what has no equivalent."""
        self.warnings.append(f"{self.config.shown}: {subject} has no equivalent in modlint: {why}")
        self.notes.append(f"Not converted: {subject}: {why}.")

    def approximate(self, subject: str, why: str) -> None:
        """Say, in the output and on stderr, what is converted only approximately."""
        self.warnings.append(f"{self.config.shown}: {subject} is converted approximately: {why}")
        self.notes.append(f"Approximate: {subject}: {why}.")

    def source_roots(self) -> list[str]:
        """tach's source roots, normalised; a missing one is said and left out."""
        roots = []
        for source_root in self.config.source_roots:
            normal = os.path.normpath(source_root).replace(os.sep, "/")
            if normal.startswith("..") or os.path.isabs(normal):
                raise UsageError(
                    f"{self.config.shown}: key 'source_roots': '{source_root}' is "
                    "outside the project folder"
                )
            if not (self.root / normal).is_dir():
                self.unconverted(f"source root '{source_root}'", "the folder does not exist")
                continue
            if normal not in roots:
                roots.append(normal)
        return roots

    def respects_gitignore(self) -> bool:
        """Whether tach leaves out what .gitignore files ignore, in this project."""
        value = self.config.respect_gitignore
        return (self.root / ".git").exists() if value == "if_git_repo" else bool(value)

    def resolved_modules(self) -> dict[str, _Resolved]:
        """Every module by dotted path: globs expanded, a later entry replacing one that a
        different glob made (as tach does), and `<root>` and missing paths left out."""
        found: dict[str, _Resolved] = {}
        for module in self.config.modules:
            if module.layer is not None and module.layer not in self.layer_index:
                raise UsageError(
                    f"{module.where}: key 'layer': '{module.layer}' is not one of the layers"
                )
            for path in module.paths:
                for resolved in self.expanded(module, path):
                    previous = found.get(resolved.name)
                    if previous and (previous.glob is None or previous.glob == resolved.glob):
                        raise UsageError(
                            f"{module.where}: module '{resolved.name}' is declared twice"
                        )
                    found[resolved.name] = resolved
        return dict(sorted(found.items()))

    def expanded(self, module: TachModule, path: str) -> list[_Resolved]:
        """The concrete modules one `path` of ``module`` names (a glob, several)."""
        if path in ("<root>", "."):
            self.unconverted("module '<root>'", "code outside every module is no module in modlint")
            return []
        if not all(part and "/" not in part and "\\" not in part for part in path.split(".")):
            self.unconverted(f"module '{path}'", "it is not a dotted module path")
            return []
        if has_glob_syntax(path):
            pattern = tach_glob(path)
            return [
                _Resolved(name, relative, module, path)
                for name, relative in self.tree.paths.items()
                if pattern.fullmatch(name.replace(".", "/"))
            ]
        relative = tach_module_path(self.root, self.roots, path)
        if relative is None:
            self.unconverted(
                f"module '{path}'",
                "no folder or file of that name in the source roots (tach warns about it too)",
            )
            return []
        if relative.endswith(".pyi"):
            self.unconverted(
                f"module '{path}'", f"it is a stub ({relative}), which modlint does not read"
            )
            return []
        return [_Resolved(path, relative, module, None)]

    # What each module may and may not import ---------------------------------------------

    def below(self, upper: str, lower: str) -> str | None:
        """Whether layer ``lower`` is below ``upper``: "" if a higher layer may import it, the
        closed layer in between if one forbids it; None when it is not below."""
        top, bottom = self.layer_index[upper], self.layer_index[lower]
        if bottom <= top:
            return None
        closed = [layer.name for layer in self.config.layers[top + 1 : bottom] if layer.closed]
        return closed[0] if closed else ""

    def depends_on(self, resolved: _Resolved, forbidden: Sequence[str]) -> list[Entry] | None:
        """`depends-on`: what the module declares, the utility modules, and the lower layers
        tach allows without a declaration (unless ``forbidden``); None when tach lets it
        import anything."""
        module = resolved.module
        if module.depends_on is None:
            return None
        entries: dict[str, str] = {}
        for dependency in module.depends_on:
            names = [
                name
                for name in self.modules
                if name != resolved.name and tach_matches(dependency.path, name)
            ]
            if not names and dependency.path not in ("<root>", "."):
                self.unconverted(
                    f"module '{resolved.name}': depends_on entry '{dependency.path}'",
                    "it names no module",
                )
            for name in names:
                entries.setdefault(name, "")
            if dependency.deprecated:
                self.unconverted(
                    f"module '{resolved.name}': deprecated dependency '{dependency.path}'",
                    "it is allowed, without tach's warning",
                )
        for name, other in self.modules.items():
            if other.module.utility and name != resolved.name and name not in forbidden:
                entries.setdefault(name, "utility modules: tach lets every module import them")
        layer = module.layer
        if layer is not None and not self.config.layers_explicit_depends_on:
            for name, other in self.modules.items():
                if (
                    other.module.layer is not None
                    and name not in forbidden
                    and self.below(layer, other.module.layer) == ""
                ):
                    entries.setdefault(
                        name,
                        "lower layers: tach lets a higher layer import them without declaring them",
                    )
        return [Entry(name, comment) for name, comment in entries.items()]

    def forbidden(self, resolved: _Resolved) -> list[Entry]:
        """`forbidden`: its cannot_depend_on modules and those past a closed layer."""
        entries: dict[str, str] = {}
        for pattern in resolved.module.cannot_depend_on:
            for name in self.modules:
                if name != resolved.name and tach_matches(pattern, name):
                    entries.setdefault(name, "cannot_depend_on")
        layer = resolved.module.layer
        if layer is not None:
            for name, other in self.modules.items():
                closed = self.below(layer, other.module.layer) if other.module.layer else None
                if closed:
                    entries.setdefault(
                        name, f"past closed layer '{closed}': tach forbids it even when declared"
                    )
        for target in entries:
            for nested in self.modules:
                inside_target = nested.startswith(target + ".")
                if (
                    inside_target
                    and nested not in entries
                    and not (resolved.name == nested or resolved.name.startswith(nested + "."))
                ):
                    self.approximate(
                        f"module '{resolved.name}': forbidden module '{target}'",
                        f"modlint's forbidden entry also covers module '{nested}' inside it, "
                        "which tach checks on its own",
                    )
        return [Entry(name, comment) for name, comment in entries.items()]

    # The whole configuration ---------------------------------------------------------------

    def table(self, resolved: _Resolved) -> Table:
        """The module's table in the converted configuration."""
        settings = [Setting("path", toml_string(resolved.path))]
        if resolved.module.layer is not None:
            settings.append(Setting("tier", toml_string(resolved.module.layer)))
        forbidden = self.forbidden(resolved)
        depends_on = self.depends_on(resolved, [entry.value for entry in forbidden])
        if depends_on is not None:
            settings.append(Setting("depends-on", array(depends_on, "depends-on = ")))
        if forbidden:
            settings.append(Setting("forbidden", array(forbidden, "forbidden = ")))
        comment = f"From the glob '{resolved.glob}'." if resolved.glob else ""
        for name in resolved.module.unconverted:
            self.unconverted(f"module '{resolved.name}': '{name}'", _MODULE_KEY_REASONS[name])
        return Table(f"modules.{key(resolved.name)}", tuple(settings), comment)

    def unchecked(self) -> list[Setting]:
        """`per-file-ignores` entries that silence the checks tach skips for unchecked
        modules."""
        settings = []
        for name, resolved in self.modules.items():
            if not resolved.module.unchecked:
                continue
            pattern = pattern_literal(resolved.path)[1:]
            if not resolved.path.endswith(".py"):
                pattern += "/**"
            settings.append(
                Setting(
                    toml_string(pattern),
                    strings(UNCHECKED_CODES),
                    f"module '{name}' is unchecked: tach does not check its imports",
                )
            )
            for nested in self.modules:
                if nested.startswith(name + "."):
                    self.approximate(
                        f"unchecked module '{name}'",
                        f"the imports of module '{nested}' inside it are not checked either",
                    )
        return settings

    def file_settings(self) -> list[Setting]:
        """Which files modlint reads, and how: the same as tach."""
        settings = []
        if self.roots != ["."]:
            settings.append(Setting("source-roots", strings(self.roots), "tach's source_roots."))
        outside = outside_exclusions(self.root, self.roots, self.respects_gitignore())
        exclude = [*outside, *self.config.exclude]
        if exclude:
            comment = "tach's exclude."
            if outside:
                comment = (
                    (
                        "tach reads only the source roots: leave out the rest, as it does; "
                        "then tach's exclude."
                    )
                    if self.config.exclude
                    else "tach reads only the source roots: leave out the rest, as it does."
                )
            settings.append(Setting("exclude", strings(exclude, "exclude = "), comment))
        if not self.respects_gitignore():
            value = self.config.respect_gitignore
            settings.append(
                Setting(
                    "respect-gitignore",
                    "false",
                    "tach's respect_gitignore"
                    + (
                        ' = "if_git_repo", and this is no git repository.'
                        if value == "if_git_repo"
                        else "."
                    ),
                )
            )
        if self.config.ignore_type_checking_imports:
            settings.append(
                Setting(
                    "type-checking-imports",
                    "false",
                    "tach ignores imports under `if "
                    "TYPE_CHECKING:` by default (ignore_type_checking_imports); unlike tach, "
                    "modlint still counts their `else:` branch.",
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

    def ignored_rules(self) -> Setting:
        """`ignore`: the rules that would report what tach check never does."""
        codes = [code("dependency-cycle"), code("undeclared-external"), code("unresolved-import")]
        reasons = [
            f"{code('dependency-cycle')} (dependency cycles; tach's forbid_circular_dependencies "
            "looks at the "
            "declared depends_on only)",
            f"{code('undeclared-external')} (third-party imports: tach check-external's)",
            f"{code('unresolved-import')} (first-party imports of names that do not exist, which "
            "tach skips)",
        ]
        if any(
            (self.root / resolved.path / "README.md").is_file()
            for resolved in self.modules.values()
        ):
            codes.append(code("stale-module-readme"))
            reasons.append(
                f"{code('stale-module-readme')} (module READMEs without a modlint status line)"
            )
        return Setting(
            "ignore",
            strings(codes),
            "Rules tach check has no counterpart for, off "
            "so that modlint reports what tach reports: "
            + ", ".join(reasons[:-1])
            + " and "
            + reasons[-1]
            + ".",
        )

    def domain_files(self) -> None:
        """Say that tach.domain.toml files are not read (the first one found names them)."""
        for source_root in self.roots:
            for folder, subfolders, files in os.walk(self.root / source_root):
                subfolders.sort()
                if "tach.domain.toml" in files:
                    found = (Path(folder) / "tach.domain.toml").relative_to(self.root)
                    self.unconverted(
                        f"'{found.as_posix()}'",
                        "tach.domain.toml files are not "
                        "read: move their modules into tach.toml first",
                    )
                    return

    def conversion(self) -> Conversion:
        """The whole converted configuration, with its warnings."""
        for subject, why in self.config.unconverted:
            self.unconverted(subject, why)
        self.domain_files()
        tables = [self.table(resolved) for resolved in self.modules.values()]
        settings = [*self.file_settings(), self.ignored_rules()]
        if self.config.layers:
            settings.append(
                Setting(
                    "tiers",
                    strings([layer.name for layer in reversed(self.config.layers)], "tiers = "),
                    "tach's layers, lowest first (tach lists them highest first).",
                )
            )
        extra = []
        unchecked = self.unchecked()
        if unchecked:
            extra.append(Table("per-file-ignores", tuple(unchecked)))
        if self.config.rename:
            extra.append(
                Table(
                    "import-names",
                    tuple(
                        Setting(key(name), toml_string(distribution))
                        for name, distribution in self.config.rename
                    ),
                    "tach's [external] rename: import names of distributions.",
                )
            )
        notes = [
            f"Converted from {self.config.shown} (tach) by `modlint init --from-tach`.",
            *self.notes,
        ]
        text = render(Plan(tuple(notes), tuple(settings), (*extra, *tables)))
        return Conversion(self.config.shown, text, len(self.modules), tuple(self.warnings))


_MODULE_KEY_REASONS = {
    "visibility": "who may declare a dependency on the module is not checked",
    "depends_on_external": "third-party imports are tach check-external's, which this "
    "conversion does not reproduce",
    "cannot_depend_on_external": "third-party imports are tach check-external's, which this "
    "conversion does not reproduce",
    "strict": "tach turns it into an interface, and interfaces are not checked",
}


def convert_tach(root: Path, given: str | None) -> Conversion:
    """The tach configuration in ``given`` (else tach.toml at ``root``) as `[tool.modlint]`
    text, with a warning for each part modlint cannot express."""
    return _Converter(root, read_tach(root, given)).conversion()
