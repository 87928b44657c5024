"""`modlint` command line: `modlint [check] [PATH ...]`, `modlint rule CODE`, `modlint rules`.

Every command writes through a Console (modlint.cli.output), never to a stream directly."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NoReturn, TextIO

from modlint.cli.output import Console, hold_closed_descriptors, write_output_file
from modlint.model import UsageError, __version__
from modlint.report import (
    FIX_FORMATS,
    FORMATS,
    ReportContext,
    diagnostic_line,
    notice_line,
    rule_document,
    rules_table,
    summary_line,
)
from modlint.support import display_path, printable, relative

if TYPE_CHECKING:
    from modlint.discovery import Discovery
    from modlint.model import Config, Diagnostic, Fix
    from modlint.pipeline import CheckResult, Selection
    from modlint.pipeline.baseline import Entry
    from modlint.pipeline.fixes import Dropped

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for a run ended by Ctrl-C (128 + SIGINT)


class _Answered(Exception):
    """`--help` or `--version` was asked for: print ``text``, exit 0."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors become one-line UsageErrors (exit 2) and which never
    prints or exits itself: its help goes through the Console like any other output."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def print_help(self, file: object = None) -> NoReturn:
        raise _Answered(self.format_help())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise UsageError((message or f"exit status {status}").strip())


class _Version(argparse.Action):
    """`--version`: answer with modlint's version."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print modlint's version and exit")

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        raise _Answered(f"modlint {__version__}\n")


def _codes(option: str) -> Callable[[str], tuple[str, ...]]:
    """The reader of a comma-separated list of rule selectors, as ruff takes them; a list
    without any is an error naming ``option`` (it would silently select nothing)."""

    def read(value: str) -> tuple[str, ...]:
        codes = tuple(part.strip().upper() for part in value.split(",") if part.strip())
        if not codes:
            raise UsageError(
                f"option {option}: expected rule codes or prefixes separated by "
                f"commas, got '{value}'"
            )
        return codes

    return read


def _check_parser() -> _Parser:
    parser = _Parser(
        prog="modlint",
        description="Check a modular Python project's architecture: tiers, lock levels, "
        "cycles and declared dependencies between its modules.",
        epilog="Other commands: lock, unlock, docs, graph, init, rule CODE, rules "
        "('modlint COMMAND --help'). "
        "Exit codes: 0 clean, 1 violations found, 2 usage or configuration error.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to report on (default: the current folder); "
        "the whole project is always analysed",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="pyproject.toml or modlint.toml to use instead of searching upwards",
    )
    parser.add_argument(
        "--select",
        type=_codes("--select"),
        action="append",
        metavar="CODES",
        help="comma-separated rule codes or prefixes to enable (replaces 'select')",
    )
    parser.add_argument(
        "--extend-select",
        type=_codes("--extend-select"),
        action="append",
        default=[],
        metavar="CODES",
        help="codes or prefixes to enable in addition",
    )
    parser.add_argument(
        "--ignore",
        type=_codes("--ignore"),
        action="append",
        default=[],
        metavar="CODES",
        help="codes or prefixes to disable",
    )
    parser.add_argument(
        "--output-format",
        default="text",
        metavar="FORMAT",
        choices=FORMATS,
        help="text (default), concise, json, sarif, github, gitlab or junit",
    )
    parser.add_argument(
        "--output-file",
        metavar="FILE",
        help="write the diagnostics to FILE instead of standard output",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="print how many diagnostics each code has, instead of them",
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are violations"
    )
    parser.add_argument(
        "--show-source",
        action="store_true",
        help="print the offending line under each diagnostic (text format)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text format: auto (a terminal, unless NO_COLOR is set "
        "or FORCE_COLOR asks for it), always or never",
    )
    _add_cache_options(parser)
    _add_fix_options(parser)
    parser.add_argument(
        "--metadata-from-backend",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="read dynamic dependencies through the project's build backend, its "
        "build-system.requires installed in an isolated environment "
        "(this RUNS the project's build code, in a subprocess); --no-metadata-from-backend "
        "never runs it, whatever the configuration's `metadata` key says (for changes "
        "you do not trust)",
    )
    parser.add_argument(  # issue 14 §5: ML106
        "--base",
        metavar="REF",
        help="report breaking changes of locked and stable surfaces since the git "
        "revision REF without a new version (default: the 'base' key)",
    )
    parser.add_argument(
        "--no-build-isolation",
        action="store_true",
        help="with --metadata-from-backend: use the build backend installed beside modlint "
        "instead of installing its requirements (offline use)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print diagnostics only, no summary or warnings"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also print what was checked, on stderr"
    )
    parser.add_argument("--version", action=_Version)
    return parser


def _config(start: Path, option: str | None) -> Config:
    """The configuration named by ``--config``, else the one found at or above ``start``."""
    from modlint.pipeline import find_configuration

    return find_configuration(start, option)


def _add_cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache", action="store_true", help="read and parse every file, and keep no cache"
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where to keep the fact cache (default: .modlint_cache/ at the project root)",
    )


def _add_fix_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fix", action="store_true", help="apply the safe fixes, then report what remains"
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, apply the unsafe fixes too",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print the unified diff of the fixes instead of writing them; exit 1 when "
        "there is something to fix",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only violations the baseline FILE does not record, and list its "
        "entries that no longer occur (default: the 'baseline' key)",
    )
    parser.add_argument(
        "--write-baseline",
        nargs="?",
        const="",
        metavar="FILE",
        help="record every violation reported in the baseline FILE (default: the "
        "'baseline' key), then exit",
    )
    parser.add_argument(
        "--add-noqa",
        action="store_true",
        help="add a '# noqa: CODE' comment for every current violation in Python files "
        "(merged into existing ones), then exit",
    )


def _cache_dir(options: argparse.Namespace, config: Config) -> Path | None:
    """The cache folder the options ask for; None with --no-cache."""
    from modlint.pipeline import cache_folder

    return cache_folder(
        config, getattr(options, "no_cache", False), getattr(options, "cache_dir", None)
    )


def _flatten(groups: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(code for group in groups for code in group)


def run_check(argv: Sequence[str], console: Console) -> int:
    """`modlint [check] [PATH ...]`: print diagnostics, return the exit code."""
    from modlint.discovery import discover_python_files
    from modlint.pipeline import (
        CheckResult,
        Selection,
        baselined,
        check,
        existing_paths,
        find_configuration,
        reported_paths,
    )
    from modlint.report import render

    options = _check_parser().parse_args(argv)
    cwd = Path.cwd()
    paths = existing_paths(options.paths, cwd)
    config = find_configuration(
        paths[0],
        options.config,
        options.metadata_from_backend,
        options.base,
        options.no_build_isolation,
    )
    shown = reported_paths(config, paths)
    selection = Selection(
        select=_flatten(options.select) if options.select else None,
        extend_select=_flatten(options.extend_select),
        ignore=_flatten(options.ignore),
    )
    cache_dir = _cache_dir(options, config)
    if options.write_baseline is not None and (
        options.baseline or options.fix or options.diff or options.add_noqa
    ):
        raise UsageError(
            "option --write-baseline cannot be combined with --baseline, --fix, --diff "
            "or --add-noqa"
        )
    if options.add_noqa:
        python_files = discover_python_files(config)
        return _run_add_noqa(options, config, shown, selection, cache_dir, python_files, console)
    if options.fix or options.diff:
        python_files = discover_python_files(config)
        return _run_fix(options, config, shown, selection, cache_dir, python_files, console)
    # Formats that show fixes need the project at hand, so they never reuse findings.
    reuse = options.output_format not in FIX_FORMATS or options.statistics
    # Discovered by `check` itself: a run that reuses the last findings can replay the last
    # discovery too, with one `stat` per folder.
    result = check(config, shown, selection, cache_dir, reuse=reuse)
    context = _report_context(
        options, console, config, result if isinstance(result, CheckResult) else None
    )
    if options.write_baseline is not None:
        return _write_baseline(options, config, result.diagnostics, console)
    result, stale = baselined(result, config, options.baseline, shown)
    if options.statistics:
        from modlint.report import render_statistics

        rendered = render_statistics(result.diagnostics, options.output_format == "json")
    else:
        rendered = render(options.output_format, result.diagnostics, context)
    if options.output_file:
        write_output_file(options.output_file, rendered)
    else:
        console.emit(rendered, utf8=options.output_format not in ("text", "concise"))
    if not options.quiet:
        for notice in result.notices:
            console.warn(notice_line(notice, context))
        for entry in stale:
            console.warn(_stale_line(entry, config, cwd))
        if result.diagnostics and options.output_format in ("text", "concise"):
            console.warn(summary_line(len(result.diagnostics)))
    if options.verbose:
        console.warn(
            f"modlint: checked {result.files_checked} files in "
            f"{len(config.modules)} modules (configuration: {display_path(config.file)})"
        )
    return EXIT_VIOLATIONS if result.diagnostics and not options.exit_zero else EXIT_CLEAN


def _run_fix(
    options: argparse.Namespace,
    config: Config,
    shown: Sequence[Path],
    selection: Selection,
    cache_dir: Path | None,
    python_files: Discovery,
    console: Console,
) -> int:
    """`check --fix` / `--diff`: apply (or show) the fixes, then report what remains."""
    from modlint.pipeline import baselined
    from modlint.pipeline.fixes import fix_project, written_outcome
    from modlint.report import render

    cwd = Path.cwd()
    outcome = fix_project(config, shown, selection, cache_dir, python_files, options.unsafe_fixes)
    dropped = list(outcome.dropped)
    if options.diff:
        for file in outcome.files:
            console.block(file.diff(printable(relative(file.path, cwd))), utf8=True)
        for problem in dropped:
            console.warn(_dropped_line(problem, cwd))
        if not options.quiet and outcome.fixed:
            console.warn(f"Would fix {_errors(outcome.fixed)}.")
        if not options.quiet and outcome.hidden:
            console.warn(_hidden_fixes(outcome.hidden))
        return EXIT_VIOLATIONS if outcome.files else EXIT_CLEAN
    written = written_outcome(outcome, config, shown, selection, python_files)
    result = written.remaining
    fixed = sum(len(file.fixes) for file in written.fixed)
    context = _report_context(options, console, config, result)
    kept, stale = baselined(result, config, options.baseline, shown)
    rendered = render(options.output_format, kept.diagnostics, context)
    if options.output_file:
        write_output_file(options.output_file, rendered)
    else:
        console.emit(rendered, utf8=options.output_format not in ("text", "concise"))
    if not options.quiet:
        for problem in dropped + list(written.changed):
            console.warn(_dropped_line(problem, cwd))
        for notice in result.notices:
            console.warn(notice_line(notice, context))
        for entry in stale:
            console.warn(_stale_line(entry, config, cwd))
        remaining = len(kept.diagnostics)
        if (fixed or remaining) and options.output_format in ("text", "concise"):
            console.warn(
                f"Found {_errors(fixed + remaining)} ({fixed} fixed, {remaining} remaining)."
            )
        if outcome.hidden and options.output_format in ("text", "concise"):
            console.warn(_hidden_fixes(outcome.hidden))
    return EXIT_VIOLATIONS if kept.diagnostics and not options.exit_zero else EXIT_CLEAN


def _run_add_noqa(
    options: argparse.Namespace,
    config: Config,
    shown: Sequence[Path],
    selection: Selection,
    cache_dir: Path | None,
    python_files: Discovery,
    console: Console,
) -> int:
    """`check --add-noqa`: silence every current violation with a `# noqa` comment."""
    from modlint.pipeline.add_noqa import add_noqa
    from modlint.pipeline.fixes import write_fixes

    if options.fix or options.diff:
        raise UsageError("option --add-noqa cannot be combined with --fix or --diff")
    cwd = Path.cwd()
    outcome = add_noqa(config, shown, selection, cache_dir, python_files)
    written, changed = write_fixes(outcome.files, config.root)
    added = sum(len(file.fixes) for file in written)
    if not options.quiet:
        for problem in list(outcome.skipped) + changed:
            console.warn(_dropped_line(problem, cwd, "noqa comments not added"))
        console.warn(f"Added {added} noqa directive{'' if added == 1 else 's'}.")
    return EXIT_CLEAN


def _write_baseline(
    options: argparse.Namespace,
    config: Config,
    diagnostics: Sequence[Diagnostic],
    console: Console,
) -> int:
    """`check --write-baseline [FILE]`: record every violation reported."""
    from modlint.pipeline import record_baseline

    path = record_baseline(config, options.write_baseline, diagnostics)
    count = len(diagnostics)
    console.warn(
        f"modlint: recorded {count} violation{'' if count == 1 else 's'} in "
        f"{printable(relative(path, Path.cwd()))}"
    )
    return EXIT_CLEAN


def _stale_line(entry: Entry, config: Config, cwd: Path) -> str:
    shown = relative(config.root / entry.path, cwd)
    return printable(
        f"modlint: warning: baseline entry no longer occurs: {shown}: {entry.code} {entry.message}"
    )


def _report_context(
    options: argparse.Namespace, console: Console, config: Config, fixes_of: CheckResult | None
) -> ReportContext:
    """How to report on ``config``'s project: colours as asked, and the fixes of
    ``fixes_of`` when given."""
    return ReportContext(
        Path.cwd(),
        color=options.output_format == "text"
        and not options.output_file
        and use_color(options.color, console.out),
        show_source=options.show_source,
        fixes=_offered_fixes(fixes_of)
        if fixes_of is not None and options.output_format in FIX_FORMATS
        else {},
        root=config.root,
    )


def _offered_fixes(result: CheckResult) -> dict[Diagnostic, Fix]:
    """The fix offered for each diagnostic of ``result``."""
    # Imported here: only the formats that show fixes need the fixing machinery.
    from modlint.pipeline.fixes import offered_fixes

    return offered_fixes(result)


def _hidden_fixes(count: int) -> str:
    """ruff's hint about the unsafe fixes --unsafe-fixes would apply."""
    fixes = "fix" if count == 1 else "fixes"
    return f"{count} hidden {fixes} can be enabled with the `--unsafe-fixes` option."


def _errors(count: int) -> str:
    return f"{count} error{'' if count == 1 else 's'}"


def _dropped_line(dropped: Dropped, cwd: Path, what: str = "fixes not applied") -> str:
    return (
        f"modlint: warning: {printable(relative(dropped.path, cwd))}: {what}: "
        f"{printable(dropped.reason)}"
    )


def use_color(choice: str, stream: TextIO | None) -> bool:
    """``--color`` wins, then NO_COLOR, then FORCE_COLOR, then whether ``stream`` is a
    terminal (ruff's order)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False


def run_rule(argv: Sequence[str], console: Console) -> int:
    """`modlint rule CODE`: print one rule's documentation."""
    from modlint.rules import RULES_BY_CODE

    parser = _Parser(prog="modlint rule", description="Explain one rule.")
    parser.add_argument("code", metavar="CODE")
    code = parser.parse_args(argv).code.upper()
    if code not in RULES_BY_CODE:
        raise UsageError(f"unknown rule '{code}' (run 'modlint rules' for the list)")
    console.block(rule_document(RULES_BY_CODE[code]) + "\n")
    return EXIT_CLEAN


def run_rules(argv: Sequence[str], console: Console) -> int:
    """`modlint rules`: list every rule."""
    from modlint.report import render_rules_json
    from modlint.rules import RULES

    parser = _Parser(prog="modlint rules", description="List every rule.")
    parser.add_argument("--output-format", choices=("text", "json"), default="text")
    options = parser.parse_args(argv)
    if options.output_format == "json":
        console.emit(render_rules_json(RULES), utf8=True)
    else:
        console.block(rules_table(RULES) + "\n")
    return EXIT_CLEAN


def run_lock(argv: Sequence[str], console: Console) -> int:
    """`modlint lock MODULE --version X.Y.Z`: validate the module and write its `.LOCKED`."""
    from modlint.pipeline.gitflow import carried_out_lock
    from modlint.pipeline.locking import LockRefused

    parser = _Parser(
        prog="modlint lock",
        description="Lock a module: check it, then write "
        "its .LOCKED file with its version and a snapshot of its public API.",
    )
    parser.add_argument("module", metavar="MODULE")
    parser.add_argument(
        "--version",
        required=True,
        metavar="X.Y.Z",
        help="the version to lock; it must fit the change since the last lock",
    )
    parser.add_argument("--reason", metavar="TEXT", help="why the module is locked")
    parser.add_argument(
        "--force",
        action="store_true",
        help="lock even if the version does not fit the surface change",
    )
    parser.add_argument(
        "--skip-tests",
        action="store_true",
        help="lock without running the configured test-command (with a warning)",
    )
    parser.add_argument(
        "--test-timeout",
        type=_seconds,
        default=1800.0,
        metavar="SECONDS",
        help="stop the test-command after this long and refuse the lock (default 1800)",
    )
    _add_lifecycle_options(parser)
    _add_cache_options(parser)
    options = parser.parse_args(argv)
    config = _config(Path.cwd(), options.config)
    cwd = Path.cwd()
    try:
        done = carried_out_lock(
            config,
            options.module,
            options.version,
            options.reason,
            options.force,
            skip_tests=options.skip_tests,
            test_timeout=options.test_timeout,
            git=options.git,
            docs=not options.no_docs,
            cache_dir=_cache_dir(options, config),
        )
    except LockRefused as refused:
        for diagnostic in refused.diagnostics:
            console.line(diagnostic_line(diagnostic, ReportContext(cwd)))
        for detail in refused.details:
            console.warn(detail)
        console.warn(f"modlint: {refused}")
        return EXIT_VIOLATIONS
    if done.tests_skipped:
        console.warn(f"modlint: warning: {done.tests_skipped}")
    outcome = done.outcome
    for warning in outcome.warnings:
        console.warn(f"modlint: warning: {warning}")
    for change in outcome.changes:
        console.line(f"  {'breaking' if change.breaking else 'added'}: {change.description}")
    path = relative(config.module(options.module).lock_path, cwd)
    if outcome.written:
        console.line(
            f"locked '{options.module}' {outcome.lock.version} "
            f"({_entries(len(outcome.lock.surface))}): wrote {_listed(outcome.written_paths)}"
        )
    else:
        also = outcome.written_paths
        console.line(
            f"'{options.module}' is already locked at {outcome.lock.version} with "
            f"this surface: {path} unchanged" + (f"; wrote {_listed(also)}" if also else "")
        )
    if done.committed:
        committed = done.committed
        console.line(
            f"committed {committed.commit} on new branch '{committed.branch}', "
            f"tagged '{committed.tag}'"
        )
    return EXIT_CLEAN


def _seconds(value: str) -> float:
    """A positive number of seconds; UsageError otherwise."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise UsageError(
            f"option --test-timeout: expected a positive number of seconds, got '{value}'"
        )
    return seconds


def _entries(count: int) -> str:
    """``count`` surface entries, in words: "1 surface entry", "4 surface entries"."""
    return f"{count} surface {'entry' if count == 1 else 'entries'}"


def _listed(paths: Sequence[Path]) -> str:
    """The paths relative to the current folder, comma-separated, safe for a terminal."""
    return ", ".join(printable(relative(path, Path.cwd())) for path in paths)


def _add_lifecycle_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--git",
        action="store_true",
        help="on a new branch from HEAD (refused with uncommitted changes), commit what "
        "changed (lock: and tag it); never pushes",
    )
    parser.add_argument(
        "--no-docs",
        action="store_true",
        help="leave the lock tables and module README status lines as they are",
    )
    parser.add_argument("--config", metavar="FILE")


def run_unlock(argv: Sequence[str], console: Console) -> int:
    """`modlint unlock MODULE`: remove the module's `.LOCKED`."""
    from modlint.pipeline.gitflow import carried_out_unlock

    parser = _Parser(
        prog="modlint unlock",
        description="Unlock a module: remove its .LOCKED "
        "file (the snapshot stays in git history for the next lock).",
    )
    parser.add_argument("module", metavar="MODULE")
    _add_lifecycle_options(parser)
    _add_cache_options(parser)
    options = parser.parse_args(argv)
    config = _config(Path.cwd(), options.config)
    done = carried_out_unlock(
        config,
        options.module,
        git=options.git,
        docs=not options.no_docs,
        cache_dir=_cache_dir(options, config),
    )
    outcome = done.outcome
    module = outcome.module
    lock_path = module.lock_path
    others = tuple(path for path in outcome.written if path != lock_path)
    console.line(
        f"unlocked '{module.name}': removed {relative(lock_path, Path.cwd())}"
        + (f", wrote {_listed(others)}" if others else "")
        + f"; it is {outcome.level} as configured until it is locked again"
    )
    if done.committed:
        committed = done.committed
        console.line(f"committed {committed.commit} on new branch '{committed.branch}'")
    return EXIT_CLEAN


def run_docs(argv: Sequence[str], console: Console) -> int:
    """`modlint docs [--check | --fix] [--diff]`: the lock tables and module READMEs."""
    from modlint.pipeline.docs import apply_fixes, docs_report

    parser = _Parser(
        prog="modlint docs",
        description="Check that the lock tables (between "
        "<!-- modlint:lock-table:start --> and <!-- modlint:lock-table:end -->) and "
        "the modules' README status lines agree with the code; fix them.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="report disagreements, exit 1 if any (the default)"
    )
    mode.add_argument(
        "--fix", action="store_true", help="rewrite the tables and status lines, nothing else"
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print the unified diff that --fix applies (without --fix, change nothing)",
    )
    parser.add_argument("--config", metavar="FILE")
    _add_cache_options(parser)
    options = parser.parse_args(argv)
    config = _config(Path.cwd(), options.config)
    cwd = Path.cwd()
    report = docs_report(config, _cache_dir(options, config))
    if options.diff:
        for fix in report.fixes:
            console.block(fix.diff(printable(relative(fix.doc.path, cwd))), utf8=True)
    if options.fix:
        for path in apply_fixes(report.fixes, report.files, config.root):
            console.warn(f"fixed {relative(path, cwd)}")
        remaining = list(report.unfixed())
    elif options.diff:
        remaining = list(report.unfixed())
        if report.fixes:
            return EXIT_VIOLATIONS
    else:
        remaining = list(report.diagnostics)
    for diagnostic in remaining:
        console.line(diagnostic_line(diagnostic, ReportContext(cwd)))
    return EXIT_VIOLATIONS if remaining else EXIT_CLEAN


def run_graph(argv: Sequence[str], console: Console) -> int:
    """`modlint graph`: the dependency graph as Mermaid, DOT or JSON."""
    from modlint.pipeline import analysed
    from modlint.report import GRAPH_FORMATS, build_graph

    parser = _Parser(
        prog="modlint graph",
        description="Print the dependency graph, tiers as "
        "groups and the edges that break a rule marked.",
    )
    parser.add_argument("--format", choices=tuple(GRAPH_FORMATS), default="mermaid")
    parser.add_argument(
        "--granularity",
        choices=("module", "file"),
        default="module",
        help="modules (default), or first-party files by dotted Python name",
    )
    parser.add_argument("--config", metavar="FILE")
    _add_cache_options(parser)
    options = parser.parse_args(argv)
    config = _config(Path.cwd(), options.config)
    result = analysed(config, cache_dir=_cache_dir(options, config))
    graph = build_graph(result.project, result.diagnostics, options.granularity)
    console.emit(GRAPH_FORMATS[options.format](graph), utf8=True)
    return EXIT_CLEAN


def run_init(argv: Sequence[str], console: Console) -> int:
    """`modlint init`: write a starting configuration, or convert import-linter's or tach's."""
    from modlint.pipeline.init import init_project, starting_configuration

    parser = _Parser(
        prog="modlint init",
        description="Write a starting [tool.modlint] into "
        "pyproject.toml: each top-level folder with Python code as a module, or "
        "an import-linter or tach configuration converted.",
    )
    parser.add_argument(
        "--stdout", action="store_true", help="print the configuration instead of writing it"
    )
    peer = parser.add_mutually_exclusive_group()
    peer.add_argument(
        "--from-importlinter",
        nargs="?",
        const="",
        metavar="FILE",
        help="convert import-linter's contracts (default: the first of setup.cfg, "
        ".importlinter and pyproject.toml that has them)",
    )
    peer.add_argument(
        "--from-tach",
        nargs="?",
        const="",
        metavar="FILE",
        help="convert tach's modules (default: tach.toml)",
    )
    options = parser.parse_args(argv)
    root = Path.cwd()
    if options.from_importlinter is not None or options.from_tach is not None:
        return _run_conversion(options, root, console)
    if options.stdout:
        console.block(starting_configuration(root)[0], utf8=True)
        return EXIT_CLEAN
    path, count = init_project(root)
    console.line(
        f"wrote [tool.modlint] with {count} module{'' if count == 1 else 's'} to "
        f"{relative(path, root)}: set each module's tier and level, then run "
        "`modlint .`"
    )
    return EXIT_CLEAN


def _run_conversion(options: argparse.Namespace, root: Path, console: Console) -> int:
    """`modlint init --from-importlinter` / `--from-tach`: print or write the conversion."""
    from modlint.pipeline.init import converted_configuration

    if options.from_importlinter is not None:
        tool, given = "import-linter", options.from_importlinter
    else:
        tool, given = "tach", options.from_tach
    conversion, path = converted_configuration(root, tool, given or None, not options.stdout)
    for warning in conversion.warnings:
        console.warn(f"modlint: warning: {warning}")
    if path is None:
        console.block(conversion.text, utf8=True)
        return EXIT_CLEAN
    count = conversion.modules
    console.line(
        f"wrote [tool.modlint] converted from {conversion.source} ({tool}) with "
        f"{count} module{'' if count == 1 else 's'} to {relative(path, root)}: review "
        "it, then run `modlint .`"
    )
    return EXIT_CLEAN


def run_server(argv: Sequence[str], console: Console) -> int:
    """`modlint server`: a Language Server on stdin and stdout (the `server` extra)."""
    parser = _Parser(
        prog="modlint server",
        description="Run a Language Server that publishes modlint's diagnostics for the "
        "workspace while you type (needs the server extra: pip install 'modlint[server]').",
    )
    parser.add_argument(
        "--stdio", action="store_true", help="talk on stdin and stdout (the only transport)"
    )
    parser.parse_args(argv)
    try:
        from modlint.server.protocol import serve
    except ImportError as error:
        raise UsageError(
            f"modlint server needs the server extra ({(error.name or 'pygls').split('.')[0]} "
            "is missing): "
            "pip install 'modlint[server]'"
        ) from None
    serve()
    return EXIT_CLEAN


COMMANDS: dict[str, Callable[[Sequence[str], Console], int]] = {
    "check": run_check,
    "graph": run_graph,
    "init": run_init,
    "docs": run_docs,
    "lock": run_lock,
    "unlock": run_unlock,
    "rule": run_rule,
    "rules": run_rules,
    "server": run_server,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run modlint with ``argv`` (default: the process's arguments) and return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = COMMANDS["check"]
    if arguments and arguments[0] in COMMANDS:
        command = COMMANDS[arguments.pop(0)]
    hold_closed_descriptors()
    console = Console(sys.stdout, sys.stderr)
    try:
        try:
            code = command(arguments, console)
        except _Answered as answer:
            console.block(answer.text)
            code = EXIT_CLEAN
        console.finish()
        return code
    except UsageError as error:
        console.warn(f"modlint: error: {error}")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`modlint . | head`): end quietly, as a Unix filter should.
        return EXIT_VIOLATIONS
    except KeyboardInterrupt:
        console.warn("modlint: interrupted")
        return EXIT_INTERRUPTED
    except Exception as error:
        if os.environ.get("MODLINT_TRACEBACK") == "1":
            raise
        console.warn(f"modlint: error: {internal_error(error)}")
        return EXIT_USAGE


def internal_error(error: Exception) -> str:
    """The one-line report of a bug in modlint (any exception that is not a usage error)."""
    return f"internal error: {type(error).__name__}: {error} (please report this)"
