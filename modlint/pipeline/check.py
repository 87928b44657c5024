"""The check pipeline: discover → extract → build the graph → run rules → suppress → filter."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modlint.cache import file_stats, inputs_digest, load_results, save_results
from modlint.discovery import Discovery, discover_python_files, tree_unchanged
from modlint.model import Diagnostic, Notice
from modlint.pipeline.selection import Selection, enabled_codes, validate_selectors
from modlint.rules import RULES, enabled_rules, ml902_unreadable_file
from modlint.support import display_path, linked_out

# The stages that analyse a project are imported where they are used: a run that reuses the
# last findings needs none of them, and importing them is most of its start-up time.
if TYPE_CHECKING:
    from modlint.cache import CurrentStats, FactChanges, Revision, StatKey, Stats, Tree
    from modlint.model import BaseSurfaces, Config, Dependencies, DocFile, LockRecord, Project
    from modlint.pipeline.facts import FactMemory


@dataclass(frozen=True)
class Findings:
    """The diagnostics of a run, sorted by path, line and column, and the notices beside them."""

    diagnostics: tuple[Diagnostic, ...]
    notices: tuple[Notice, ...]
    files_checked: int


@dataclass(frozen=True)
class CheckResult(Findings):
    """Findings with the project they were found in."""

    project: Project


def _discovery(config: Config, python_files: Sequence[Path] | Discovery | None) -> Discovery:
    """What discovery finds, or found already when the caller passes it."""
    if python_files is None:
        return discover_python_files(config)
    return python_files if isinstance(python_files, Discovery) else Discovery(tuple(python_files))


@dataclass(frozen=True)
class Analysis:
    """A complete Project and the notices that reading its third-party metadata and coverage
    report gave."""

    project: Project
    metadata_notices: tuple[Notice, ...] = ()
    """Not replayed from the cache: shown once per project state."""
    notices: tuple[Notice, ...] = ()
    hashes: Mapping[str, str] = field(default_factory=dict, hash=False)
    """The content hash of each file the facts were taken from, by root-relative POSIX path
    (only for files read through the cache)."""
    facts_kind: str = ""
    """Which facts were extracted (see `facts_kind`)."""
    surface_inputs: frozenset[Path] | None = None
    """The files whose facts the module surfaces were made of; None: maybe any."""


def analyse_project(
    config: Config,
    cache_dir: Path | None = None,
    python_files: Sequence[Path] | Discovery | None = None,
    overlay: Mapping[Path, bytes] | None = None,
    surfaces: bool = False,
    enabled: frozenset[str] = frozenset(),
    memory: FactMemory | None = None,
) -> Analysis:
    """Stages 1 to 3, the one place a Project is assembled: the project's files, their facts
    (cached in ``cache_dir`` when given), the resolved graph, lock files, surfaces, docs and
    module READMEs, and what the ``enabled`` rules need besides (declared dependencies, the
    coverage report, the surfaces at the `--base` revision). A file that ``overlay`` holds
    (an editor's unsaved buffer, a fix not yet written) is read from there instead of the
    disk: a discovered Python file, a docs file or a module README. Module surfaces
    (definitions, ``__all__``, attribute chains) are extracted when a module is locked or
    stable, or with ``surfaces``. ``memory`` keeps the facts between checks in one
    process (the server)."""
    from modlint.graph import build_project
    from modlint.pipeline.coverage import read_coverage
    from modlint.pipeline.facts import (
        extract_all_hashed,
        extract_buffers,
        extract_remembered,
        facts_kind,
    )
    from modlint.pipeline.incremental import surfaces_with_inputs

    overlay = overlay or {}
    locks = lock_files(config)
    full = surfaces or has_surfaces(config, locks)
    discovered = _discovery(config, python_files).files
    on_disk = [path for path in discovered if path not in overlay]
    hashes: dict[str, str] = {}
    if memory is None:
        files, hashes = extract_all_hashed(
            on_disk, config.root, cache_dir, config.max_file_size, full
        )
    else:
        files = extract_remembered(
            on_disk, config.root, cache_dir, config.max_file_size, full, memory
        )
    buffers = {path: overlay[path] for path in discovered if path in overlay}
    files.update(extract_buffers(buffers, full, memory))
    files = {path: files[path] for path in sorted(files)}
    graph = build_project(config, files, locks, memory.project if memory else None)
    dependencies, metadata_notice = None, None
    if needs_metadata(enabled) and graph.externals:
        sources = (imported.source_module for imported in graph.externals)
        dependencies, metadata_notice = dependencies_of(graph, cache_dir, sources)
    coverage, coverage_notice = None, None
    if _needs_coverage(enabled):  # issue 14: the user's coverage report, for ML205
        coverage, coverage_notice = read_coverage(config)
    surfaces_of, surface_inputs = surfaces_with_inputs(graph)
    base = None
    if config.base is not None and _needs_base(enabled):  # issue 14 §5: ML106
        base = _base(replace(graph, surfaces=surfaces_of), config.base)
    project = replace(
        graph,
        surfaces=surfaces_of,
        docs=tuple(_overlaid(doc, overlay) for doc in _docs(config)),
        readmes={
            module.name: _overlaid(doc, overlay)
            for module in config.modules
            if not module.is_file and (doc := _module_readme(module.path, config.root)) is not None
        },
        dependencies=dependencies,
        coverage=coverage,
        base=base,
    )
    if memory is not None:
        memory.project = project
    return Analysis(
        project,
        metadata_notices=(metadata_notice,) if metadata_notice else (),
        notices=(coverage_notice,) if coverage_notice else (),
        hashes=hashes,
        facts_kind=facts_kind(full),
        surface_inputs=surface_inputs,
    )


def has_surfaces(config: Config, locks: Mapping[str, LockRecord]) -> bool:
    """Whether a module is locked or stable: only then do rules read module surfaces."""
    return bool(locks) or any(module.level in ("locked", "stable") for module in config.modules)


def _overlaid(doc: DocFile, overlay: Mapping[Path, bytes]) -> DocFile:
    """``doc``, or the docs file with its overlay contents (UTF-8, as docs are read)."""
    from modlint.model import DocFile

    data = overlay.get(doc.path)
    if data is None:
        return doc
    bom = data.startswith(codecs.BOM_UTF8)
    return DocFile(
        doc.path, data[len(codecs.BOM_UTF8) if bom else 0 :].decode("utf-8", "replace"), bom=bom
    )


def lock_files(config: Config) -> dict[str, LockRecord]:
    """The `.LOCKED` file of each module that has one, read, or the problem that stops it
    (an unreadable one, or a folder of that name, still locks the module: ML202 says why)."""
    # Most modules have none: the reader would say so too, but importing it costs 18 ms.
    present = [module for module in config.modules if os.path.lexists(module.lock_path)]
    if not present:
        return {}
    from modlint.locking import read_lock_file
    from modlint.model import LockRecord, Problem

    records = {}
    for module in present:
        if linked_out(module.lock_path, config.root):
            problem = Problem(1, 1, f"cannot read lock file: {_LINKED_OUT}")
            records[module.name] = LockRecord(module.name, module.lock_path, None, problem)
            continue
        record = read_lock_file(module.name, module.lock_path)
        if record is not None:
            records[module.name] = record
    return records


_LINKED_OUT = "it is a symbolic link to a file outside the project"


def _module_readme(folder: Path, root: Path) -> DocFile | None:
    """The module's README.md, else its README.rst; None when it has neither."""
    readme = _existing_doc(folder / "README.md", root)
    return readme if readme is not None else _existing_doc(folder / "README.rst", root)


def _read_doc(path: Path, root: Path) -> DocFile:
    """The document at ``path``, unread when a link leads out of the project ``root``: a
    file elsewhere on the machine is neither the project's to show nor to rewrite."""
    from modlint.docs import read_doc
    from modlint.model import DocFile

    if linked_out(path, root):
        return DocFile(path, None, f"cannot be read: {_LINKED_OUT}")
    return read_doc(path)


def _existing_doc(path: Path, root: Path) -> DocFile | None:
    """The Markdown file at ``path``, also when it cannot be read (its rule says why); None
    when there is none."""
    doc = _read_doc(path, root)
    return doc if doc.text is not None or os.path.lexists(path) else None


def _docs(config: Config) -> tuple[DocFile, ...]:
    """The files that should hold a lock table: `docs`, else README.md if the project has one."""
    if config.docs is not None:
        paths = (Path(os.path.normpath(config.root / name)) for name in config.docs)
        return tuple(_read_doc(path, config.root) for path in paths)
    readme = _existing_doc(config.root / "README.md", config.root)
    return (readme,) if readme is not None else ()


def dependencies_of(
    project: Project, cache_dir: Path | None, sources: Iterable[str | None]
) -> tuple[Dependencies, Notice | None]:
    """The project's declared distributions (statically, or from the build backend when the
    configuration opts in) and the distribution of each third-party name ``project`` imports;
    ``sources`` are the modules (None: no module) of every third-party import of the whole
    project, for the notice that nothing declares the ones of modules without `external`."""
    from modlint.metadata import (
        declared_by_backend,
        declared_statically,
        distributions_for,
        normalize,
    )
    from modlint.model import Dependencies

    config = project.config
    notice = None
    if config.metadata == "build-backend":
        declared = declared_by_backend(config.root, cache_dir, config.build_isolation)
    else:
        declared = declared_statically(config.root)
        if declared.dynamic:
            notice = Notice(
                config.root / "pyproject.toml",
                1,
                1,
                "dependencies are dynamic: "
                "pass --metadata-from-backend to read them (it runs the project's "
                "build backend); until then only modules' `external` lists are "
                "checked",
            )
        elif not declared.found and _unlisted(config, sources):
            notice = _undeclared_notice(config)
    names = {imported.name for imported in project.externals}
    preferred = set(declared.names)
    for module in config.modules:
        preferred.update(normalize(name) for name in module.external or ())
    return Dependencies(
        declared=declared.names if declared.found and not declared.dynamic else None,
        distribution_of=distributions_for(names, dict(config.import_names), preferred),
    ), notice


def _unlisted(config: Config, sources: Iterable[str | None]) -> bool:
    """Whether one of ``sources`` (the modules that import a third-party name) is a module
    without an `external` list."""
    unlisted = {module.name for module in config.modules if module.external is None}
    return any(source in unlisted for source in sources)


def _undeclared_notice(config: Config) -> Notice:
    """The notice that ML005 has no project declaration to check against."""
    pyproject = config.root / "pyproject.toml"
    return Notice(
        pyproject if pyproject.is_file() else config.file,
        1,
        1,
        "no dependency declaration found (pyproject.toml has no [project], "
        "[tool.poetry] dependencies or [dependency-groups]): only modules' `external` lists "
        "are checked",
    )


def _inputs(config: Config, enabled: frozenset[str]) -> str:
    """What the results depend on besides the Python files: configuration, lock files, docs,
    and, when an enabled rule needs third-party metadata, the build inputs and the installed
    distributions."""
    aux = [config.file]
    for module in config.modules:
        aux.append(module.lock_path)
        if not module.is_file:
            aux += [module.path / "README.md", module.path / "README.rst"]
    aux += [
        config.root / name for name in (config.docs if config.docs is not None else ("README.md",))
    ]
    parts = sorted(enabled)
    if _needs_coverage(enabled):
        from modlint.pipeline.coverage import report_candidates

        aux += report_candidates(config)
    if needs_metadata(enabled):
        from modlint.metadata import BUILD_INPUTS

        aux += [config.root / name for name in BUILD_INPUTS]
        parts.append(config.metadata)
        parts += filter(None, map(_metadata_signature, sys.path))
    if config.base is not None and _needs_base(enabled):
        # Findings against one base commit are not those against another, and their
        # messages name the revision as given.
        from modlint.pipeline.base import base_commit

        parts.append(f"base:{base_commit(config.root, config.base)}:{config.base}")
    return inputs_digest(parts, aux, config.root)


def _metadata_signature(entry: str) -> str | None:
    """The installed distributions a ``sys.path`` folder holds, by their metadata folders'
    names (installing, upgrading or removing one changes them); None for a folder that holds
    none (the folder of modlint's script, or the project itself under `python -m modlint`),
    so that neither how modlint was started nor where the virtual environment lives decides
    whether the last findings are reused. A zip file on ``sys.path``: its modification
    time."""
    try:
        if not os.path.isdir(entry or "."):
            return f"{entry}:{os.stat(entry).st_mtime_ns}"
        with os.scandir(entry or ".") as entries:
            names = sorted(e.name for e in entries if e.name.endswith(_METADATA_FOLDERS))
    except OSError:
        return None
    return "\0".join(names) or None


_METADATA_FOLDERS = (".dist-info", ".egg-info")


def _needs_base(enabled: frozenset[str]) -> bool:
    """Whether an enabled rule compares surfaces with the `--base` revision."""
    return any(rule.needs_base for rule in enabled_rules(enabled))


def _base(project: Project, ref: str) -> BaseSurfaces:
    """The surfaces at ``ref``; only the commit when no module is locked or stable now."""
    from modlint.model import BaseSurfaces
    from modlint.pipeline.base import base_commit, base_surfaces

    if not project.surfaces:
        return BaseSurfaces(ref, base_commit(project.config.root, ref), {})
    return base_surfaces(project, ref)


def _needs_coverage(enabled: frozenset[str]) -> bool:
    """Whether an enabled rule reads the user's coverage report."""
    return any(rule.needs_coverage for rule in enabled_rules(enabled))


def needs_metadata(enabled: frozenset[str]) -> bool:
    """Whether an enabled rule reads the project's declared third-party dependencies."""
    return any(rule.needs_metadata for rule in enabled_rules(enabled))


def reused_findings(
    config: Config,
    paths: Sequence[Path] = (),
    selection: Selection = Selection(),
    cache_dir: Path | None = None,
    python_files: Sequence[Path] | Discovery | None = None,
) -> Findings | None:
    """The last run's findings, when no file they depend on has changed since (one `stat`
    per Python file) or the facts of those that changed are unchanged; None otherwise, and
    when discovery could not read a folder. ``python_files`` saves discovering them again."""
    discovery = _discovery(config, python_files)
    if cache_dir is None or discovery.problems:
        return None
    files = discovery.files
    reused = _reused(config, paths, selection, cache_dir, file_stats(files, config.root))
    return None if reused is None else Findings(*reused, len(files))


def reused_or_discovered(
    config: Config,
    paths: Sequence[Path] = (),
    selection: Selection = Selection(),
    cache_dir: Path | None = None,
) -> tuple[Findings | None, Discovery]:
    """The last run's findings as `reused_findings` gives them, and the project's Python
    files: the last run's when none of the folders it walked has changed since (one `stat`
    per folder instead of listing each), else discovered afresh."""
    if cache_dir is None:
        return None, discover_python_files(config)
    found: list[Discovery] = []

    def current(tree: Tree | None, names: list[str]) -> tuple[Stats | None, Tree | None]:
        if tree and tree_unchanged(config.root, tree):
            files = tuple(sorted(config.root / name for name in names))
            found.append(Discovery(files, (), tuple((path, tuple(sign)) for path, sign in tree)))
            return file_stats(files, config.root), None
        found.append(discover_python_files(config))
        if found[0].problems:  # a folder it could not read: reported afresh, never replayed
            return None, None
        return file_stats(found[0].files, config.root), found[0].tree or ()

    reused = _reused(config, paths, selection, cache_dir, current)
    discovery = found[0] if found else discover_python_files(config)
    if reused is None:
        return None, discovery
    return Findings(*reused, len(discovery.files)), discovery


def _reused(
    config: Config,
    paths: Sequence[Path],
    selection: Selection,
    cache_dir: Path,
    stats: Stats | CurrentStats,
) -> tuple[tuple[Diagnostic, ...], tuple[Notice, ...]] | None:
    """The last run's diagnostics and notices under ``paths`` when they still hold."""
    _validate_selection(config, selection)
    enabled = enabled_codes(config, selection)
    inputs = _inputs(config, enabled)
    prefixes = [path.relative_to(config.root).as_posix() for path in paths]

    def wanted(relative: str) -> bool:
        return not prefixes or any(
            relative == prefix or relative.startswith(prefix + "/") or prefix == "."
            for prefix in prefixes
        )

    def compare(
        changed: Mapping[str, StatKey], hashes: Mapping[str, str], kind: str
    ) -> FactChanges | None:
        from modlint.pipeline.facts import fact_changes, facts_kind

        # The kind the last run extracted depends only on the configuration and the lock
        # files, which the inputs digest covers: this run would extract the same.
        full = kind == facts_kind(True)
        if not full and kind != facts_kind(False):
            return None
        return fact_changes(config.root, changed, hashes, cache_dir, config.max_file_size, full)

    def revise(*last: Any) -> Revision | None:
        """`revised_findings` of these changes (imported only when some file's facts differ)."""
        from modlint.pipeline.incremental import revised_findings

        return revised_findings(config, enabled, cache_dir, *last)

    reused = load_results(cache_dir, config.root, inputs, stats, wanted, compare, revise)
    return None if reused is None else (tuple(reused[0]), tuple(reused[1]))


def check_project(
    config: Config,
    paths: Sequence[Path] = (),
    selection: Selection = Selection(),
    cache_dir: Path | None = None,
    python_files: Sequence[Path] | Discovery | None = None,
    overlay: Mapping[Path, bytes] | None = None,
    surfaces: bool = False,
    memory: FactMemory | None = None,
) -> CheckResult:
    """Check the whole project of ``config`` and keep the findings under ``paths`` (absolute;
    all of the project when empty). Dependency rules need every file, so all are read.
    ``surfaces`` asks for every module's surface facts (``lock`` needs them).

    With ``cache_dir``, facts are cached there, and so are the findings for the next
    ``reused_findings`` (not with an ``overlay``: contents in place of some files' on disk,
    for `analyse_project`). ``memory`` keeps the facts between checks in one process."""
    from modlint.graph import summary_of
    from modlint.pipeline.incremental import stored_summary
    from modlint.pipeline.suppression import suppress  # it creates the facts' classes

    _validate_selection(config, selection)
    enabled = enabled_codes(config, selection)
    discovery = _discovery(config, python_files)
    # Taken before anything is read: a file changed during the run is then seen as changed.
    # Findings are saved only then, and never beside a folder discovery could not read: once
    # it can be read again, they would be replayed with its problem.
    saved = cache_dir is not None and not overlay and not discovery.problems
    stats = file_stats(discovery.files, config.root) if saved else {}
    analysis = analyse_project(
        config, cache_dir, discovery, overlay, surfaces, enabled=enabled, memory=memory
    )
    project, files = analysis.project, analysis.project.files
    metadata_notices = analysis.metadata_notices
    notices = [*metadata_notices, *analysis.notices]
    found = [
        diagnostic
        for rule in RULES
        if rule.check is not None and rule.code in enabled
        for diagnostic in rule.check(project)
    ]
    if (
        ml902_unreadable_file.RULE.code in enabled
    ):  # folders (and .gitignore files) discovery could not read
        found += [
            Diagnostic(
                path, problem.line, problem.column, ml902_unreadable_file.RULE.code, problem.message
            )
            for path, problem in discovery.problems
        ]
    kept = suppress(found, project, enabled)
    notices += [
        Notice(path, problem.line, problem.column, problem.message)
        for path, facts in files.items()
        for problem in facts.malformed_noqa
    ]
    diagnostics, notices = sorted(kept), sorted(notices)
    if cache_dir is not None and saved:
        # Metadata notices are not replayed from the cache: shown once per project state.
        replayed = [n for n in notices if n not in metadata_notices]
        save_results(
            cache_dir,
            config.root,
            _inputs(config, enabled),
            stats,
            diagnostics,
            replayed,
            discovery.tree,
            # With ``surfaces`` (`lock`), the facts are not those a check would extract.
            {} if surfaces else analysis.hashes,
            analysis.facts_kind,
            stored_summary(config.root, summary_of(project), analysis.surface_inputs),
        )
    return CheckResult(
        diagnostics=tuple(d for d in diagnostics if _wanted(d.path, paths)),
        notices=tuple(n for n in notices if _wanted(n.path, paths)),
        files_checked=len(files),
        project=project,
    )


def _wanted(path: Path, paths: Sequence[Path]) -> bool:
    """Whether ``path`` is one of ``paths`` (absolute) or under one of them; every path is
    wanted when there are none."""
    # Compared as strings: `given in path.parents` built every parent of every path, a
    # quarter of a second for Django's 2,400 findings.
    name = os.path.normcase(path)
    for given in paths:
        folder = os.path.normcase(given)
        if name == folder or name.startswith(
            folder if folder.endswith(os.sep) else folder + os.sep
        ):
            return True
    return not paths


def _validate_selection(config: Config, selection: Selection) -> None:
    """UsageError for a selector, in the configuration or on the command line, that matches no
    rule."""
    where = f"{display_path(config.file)}: [tool.modlint]"
    if config.file.name == "modlint.toml":
        where = display_path(config.file)
    for key, selectors in (
        ("select", config.select),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
    ):
        validate_selectors(selectors, f"{where}: key '{key}'")
    for pattern, codes in config.per_file_ignores:
        validate_selectors(codes, f"{where}: key 'per-file-ignores', entry '{pattern}'")
    for option, selectors in (
        ("--select", selection.select or ()),
        ("--extend-select", selection.extend_select),
        ("--ignore", selection.ignore),
    ):
        validate_selectors(selectors, f"option {option}")
