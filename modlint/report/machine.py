"""Formats for machines: JSON, SARIF 2.1.0, GitHub workflow commands, GitLab code quality and
JUnit XML. Each is a pure function of the diagnostics, the registry and the context, and each
stays valid whatever text the checked project holds (see modlint.support.escape)."""

from __future__ import annotations

import os
import urllib.parse
from collections import Counter
from typing import TYPE_CHECKING

from modlint.model import fingerprint
from modlint.report.context import RULES_URL, posix_relative, rule_url
from modlint.report.text import rule_sections
from modlint.rules import RULES, RULES_BY_CODE
from modlint.support import json_document, printable

if TYPE_CHECKING:
    from modlint.model import Diagnostic, Edit, Fix, Rule
    from modlint.report.context import ReportContext

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _name(code: str) -> str:
    rule = RULES_BY_CODE.get(code)
    return rule.name if rule else code


def render_json(diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """An array of objects: code, name, message, path, line, column, end_line, end_column, url."""
    return json_document(
        [
            {
                "code": d.code,
                "name": _name(d.code),
                "message": d.message,
                "path": posix_relative(d, context),
                "line": d.line,
                "column": d.column,
                "end_line": d.end_line,
                "end_column": d.end_column,
                "url": rule_url(d.code),
                "fix": _json_fix(context.fixes.get(d)),
            }
            for d in diagnostics
        ]
    )


def _json_fix(fix: Fix | None) -> object:
    """ruff's fix object: applicability, message and edits (rows and columns 1-based)."""
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {
                "content": edit.content,
                "location": {"row": edit.line, "column": edit.column},
                "end_location": {"row": edit.end_line, "column": edit.end_column},
            }
            for edit in fix.edits
        ],
    }


def _sarif_fixes(d: Diagnostic, context: ReportContext) -> dict[str, object]:
    """SARIF's `fixes` of a result: the edits as replacements in the diagnostic's file."""
    fix = context.fixes.get(d)
    if fix is None:
        return {}
    return {
        "fixes": [
            {
                "description": {"text": fix.message},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(posix_relative(d, context))},
                        "replacements": [_replacement(edit) for edit in fix.edits],
                    }
                ],
            }
        ]
    }


def _replacement(edit: Edit) -> dict[str, object]:
    return {
        "deletedRegion": {
            "startLine": edit.line,
            "startColumn": edit.column,
            "endLine": edit.end_line,
            "endColumn": edit.end_column,
        },
        "insertedContent": {"text": edit.content},
    }


def _uri(path: str) -> str:
    """A relative path as an RFC 3986 URI reference: its bytes (the original ones, for a name
    that is not UTF-8) percent-encoded, slashes kept."""
    return urllib.parse.quote(os.fsencode(path), safe="/")


def render_sarif(diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """A SARIF 2.1.0 log with one run whose driver lists every rule of the registry."""
    index = {rule.code: number for number, rule in enumerate(RULES)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.what_it_does},
            "help": {"text": rule.why_bad, "markdown": rule_sections(rule)},
            "helpUri": rule_url(rule.code),
            "defaultConfiguration": {"level": "error", "enabled": rule.default_enabled},
        }
        for rule in RULES
    ]
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": "error",
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(posix_relative(d, context))},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": max(d.end_column, d.column),
                        },
                    },
                }
            ],
            "partialFingerprints": {"modlint/v1": _fingerprint(d, context)},
            **_sarif_fixes(d, context),
        }
        for d in diagnostics
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modlint",
                        "version": context.version,
                        "informationUri": RULES_URL,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json_document(log)


def _escape_data(text: str) -> str:
    """Workflow-command data: `%`, CR and LF as the runner decodes them, other controls as
    printable escapes (the runner decodes nothing else, and its log shows ANSI colours)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """A workflow-command property value: as data, and `:` and `,` too."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """GitHub Actions workflow commands: an annotation per diagnostic."""
    return "".join(
        f"::error title={_escape_property(d.code)},"
        f"file={_escape_property(posix_relative(d, context))},"
        f"line={d.line},col={d.column},endLine={d.end_line},endColumn={d.end_column}::"
        f"{_escape_data(f'{d.code} {d.message}')}\n"
        for d in diagnostics
    )


def _fingerprint(diagnostic: Diagnostic, context: ReportContext, occurrence: int = 0) -> str:
    """Stable across runs while the finding stays: code, path and message, not the line."""
    return fingerprint(
        diagnostic.code, posix_relative(diagnostic, context), diagnostic.message, occurrence
    )


def render_gitlab(diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """A GitLab code-quality report; identical findings are told apart by their order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for d in diagnostics:
        key = (d.code, posix_relative(d, context), d.message)
        issues.append(
            {
                "description": f"{d.code} {d.message}",
                "check_name": d.code,
                "fingerprint": _fingerprint(d, context, seen[key]),
                "severity": "major",
                "location": {
                    "path": posix_relative(d, context),
                    "lines": {"begin": d.line, "end": d.end_line},
                },
            }
        )
        seen[key] += 1
    return json_document(issues)


def render_junit(diagnostics: tuple[Diagnostic, ...], context: ReportContext) -> str:
    """JUnit XML: a test suite per file with a failing test case per diagnostic, or one passing
    case when there is nothing to report, so that CI test tabs show the run either way. Paths
    and messages are escaped as on a terminal: XML 1.0 cannot hold most control characters,
    not even as character references."""
    # Imported here: every run would otherwise pay for an XML library only JUnit needs.
    import xml.etree.ElementTree as ElementTree

    suites = ElementTree.Element(
        "testsuites",
        name="modlint",
        tests=str(max(1, len(diagnostics))),
        failures=str(len(diagnostics)),
    )
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(printable(posix_relative(d, context)), []).append(d)
    if not by_path:
        suite = ElementTree.SubElement(suites, "testsuite", name="modlint", tests="1", failures="0")
        ElementTree.SubElement(suite, "testcase", name="modlint", classname="modlint")
    for path, found in by_path.items():
        suite = ElementTree.SubElement(
            suites, "testsuite", name=path, tests=str(len(found)), failures=str(len(found))
        )
        for d in found:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                name=f"{d.code} {path}:{d.line}:{d.column}",
                classname=f"modlint.{d.code}",
                file=path,
                line=str(d.line),
            )
            message = printable(d.message)
            failure = ElementTree.SubElement(case, "failure", message=message, type=d.code)
            failure.text = f"{path}:{d.line}:{d.column}: {d.code} {message}"
    ElementTree.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(suites, encoding="unicode")
        + "\n"
    )


def render_rules_json(rules: tuple[Rule, ...]) -> str:
    """The registry as JSON, for `modlint rules --output-format json`."""
    return json_document(
        [
            {
                "code": rule.code,
                "name": rule.name,
                "summary": rule.summary,
                "what_it_does": rule.what_it_does,
                "why_bad": rule.why_bad,
                "example": rule.example,
                "use_instead": rule.use_instead,
                "options": list(rule.options),
                "example_language": rule.example_language,
                "default_enabled": rule.default_enabled,
                "fix": rule.fix_applicability,
                "url": rule_url(rule.code),
            }
            for rule in rules
        ]
    )


def statistics(diagnostics: tuple[Diagnostic, ...]) -> list[tuple[str, str, int]]:
    """(code, name, count) for each code found, most frequent first."""
    counts = Counter(d.code for d in diagnostics)
    return [
        (code, _name(code), count)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def render_statistics(diagnostics: tuple[Diagnostic, ...], as_json: bool) -> str:
    """``--statistics``: counts by code, as a table or as JSON."""
    rows = statistics(diagnostics)
    if as_json:
        return json_document(
            [{"code": code, "name": name, "count": count} for code, name, count in rows]
        )
    width = max((len(str(count)) for _, _, count in rows), default=1)
    return "".join(f"{count:>{width}}\t{code}\t{name}\n" for code, name, count in rows)
