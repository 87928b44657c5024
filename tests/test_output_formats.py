"""Every output format on the same planted violations, and the options that shape output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from modlint.rules import RULES

ML001 = "foundation module 'auth' imports business module 'user' (user.models)"
ML004 = "locked module 'auth' imports development module 'user' (user.models)"
SELECT = ("--select", "ML001,ML004")


def test_text(modlint, planted: Path) -> None:
    run = modlint(*SELECT, cwd=planted)
    assert (run.code, run.out, run.err) == (
        1,
        f"auth/session.py:10:8: ML001 {ML001}\nauth/session.py:10:8: ML004 {ML004}\n",
        "Found 2 errors.\n",
    )


def test_text_in_colour(modlint, planted: Path) -> None:
    run = modlint(*SELECT, "--color", "always", cwd=planted)
    path, colon = "\x1b[1mauth/session.py\x1b[0m", "\x1b[36m:\x1b[0m"
    assert run.out.splitlines()[0] == (
        f"{path}{colon}10{colon}8{colon} \x1b[1m\x1b[31mML001\x1b[0m {ML001}"
    )


@pytest.mark.parametrize(
    ("option", "environment", "coloured"),
    [
        ("auto", {}, False),  # captured output is no terminal
        ("auto", {"FORCE_COLOR": "1"}, True),
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ("always", {"NO_COLOR": "1"}, True),
        ("never", {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_precedence(modlint, planted, monkeypatch, option, environment, coloured) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert ("\x1b[" in modlint(*SELECT, "--color", option, cwd=planted).out) is coloured


def test_concise_is_never_coloured(modlint, planted: Path, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    run = modlint(*SELECT, "--output-format", "concise", cwd=planted)
    assert run.out == f"auth/session.py:10:8: ML001 {ML001}\nauth/session.py:10:8: ML004 {ML004}\n"


def test_show_source(modlint, planted: Path) -> None:
    run = modlint("--select", "ML001", "--show-source", cwd=planted)
    assert run.out == (
        f"auth/session.py:10:8: ML001 {ML001}\n"
        "   |\n"
        "10 | import user.models\n"
        "   |        ^^^^^^^^^^^\n"
    )


def test_json(modlint, planted: Path) -> None:
    run = modlint(*SELECT, "--output-format", "json", cwd=planted)
    assert (run.code, run.err) == (1, "")
    url = "https://github.com/modlint/modlint/blob/main/README.md#what-it-reports"
    assert json.loads(run.out) == [
        {
            "code": "ML001",
            "name": "tier-violation",
            "message": ML001,
            "path": "auth/session.py",
            "line": 10,
            "column": 8,
            "end_line": 10,
            "end_column": 19,
            "url": f"{url}-ml001",
            "fix": None,
        },
        {
            "code": "ML004",
            "name": "unstable-dependency",
            "message": ML004,
            "path": "auth/session.py",
            "line": 10,
            "column": 8,
            "end_line": 10,
            "end_column": 19,
            "url": f"{url}-ml004",
            "fix": None,
        },
    ]


# What GitHub code scanning requires of an uploaded SARIF file (docs.github.com, "SARIF support
# for code scanning"); no registry package ships the full SARIF 2.1.0 schema.
GITHUB_SARIF = {
    "type": "object",
    "required": ["version", "$schema", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string", "format": "uri"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": [
                                                "id",
                                                "shortDescription",
                                                "fullDescription",
                                                "help",
                                            ],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": {
                                                    "type": "object",
                                                    "required": ["text"],
                                                },
                                                "fullDescription": {
                                                    "type": "object",
                                                    "required": ["text"],
                                                },
                                                "help": {"type": "object", "required": ["text"]},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {
                                                            "enum": [
                                                                "none",
                                                                "note",
                                                                "warning",
                                                                "error",
                                                            ]
                                                        }
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {
                                    "type": "object",
                                    "required": ["text"],
                                    "properties": {"text": {"type": "string"}},
                                },
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "maxItems": 10,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "endLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "endColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                                "partialFingerprints": {"type": "object"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif(modlint, planted: Path) -> None:
    run = modlint(*SELECT, "--output-format", "sarif", cwd=planted)
    log = json.loads(run.out)
    jsonschema.validate(log, GITHUB_SARIF)
    driver = log["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in RULES]
    first = RULES[0]
    # The help is what `modlint rule` prints below the title and summary.
    sections = modlint("rule", first.code).out.split("\n\n", 2)[2].rstrip("\n")
    assert sections.startswith("## What it does\n")
    assert driver["rules"][0] == {
        "id": first.code,
        "name": first.name,
        "shortDescription": {"text": first.summary},
        "fullDescription": {"text": first.what_it_does},
        "help": {"text": first.why_bad, "markdown": sections},
        "helpUri": "https://github.com/modlint/modlint/blob/main/README.md#what-it-reports-ml001",
        "defaultConfiguration": {"level": "error", "enabled": True},
    }
    results = log["runs"][0]["results"]
    assert [
        (r["ruleId"], driver["rules"][r["ruleIndex"]]["id"], r["message"]["text"]) for r in results
    ] == [("ML001", "ML001", ML001), ("ML004", "ML004", ML004)]
    assert results[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "auth/session.py"},
        "region": {"startLine": 10, "startColumn": 8, "endLine": 10, "endColumn": 19},
    }


def test_github(modlint, planted: Path) -> None:
    run = modlint("--select", "ML001", "--output-format", "github", cwd=planted)
    assert run.out == (
        "::error title=ML001,file=auth/session.py,line=10,col=8,endLine=10,"
        f"endColumn=19::ML001 {ML001}\n"
    )


def test_gitlab_fingerprints_are_stable_and_unique(modlint, planted: Path) -> None:
    first = json.loads(modlint(*SELECT, "--output-format", "gitlab", cwd=planted).out)
    assert [(i["check_name"], i["location"]) for i in first] == [
        ("ML001", {"path": "auth/session.py", "lines": {"begin": 10, "end": 10}}),
        ("ML004", {"path": "auth/session.py", "lines": {"begin": 10, "end": 10}}),
    ]
    assert first[0]["description"] == f"ML001 {ML001}" and first[0]["severity"] == "major"
    session = planted / "auth" / "session.py"
    session.write_text("# a comment moves every line down\n" + session.read_text())
    again = json.loads(modlint(*SELECT, "--output-format", "gitlab", cwd=planted).out)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in first]
    assert len({i["fingerprint"] for i in first}) == 2


def test_junit(modlint, planted: Path, nimbus: Path) -> None:
    root = ElementTree.fromstring(modlint(*SELECT, "--output-format", "junit", cwd=planted).out)
    cases = root.findall("./testsuite/testcase")
    assert (root.get("tests"), root.get("failures")) == ("2", "2")
    assert [(c.get("classname"), c.find("failure").get("message")) for c in cases] == [
        ("modlint.ML001", ML001),
        ("modlint.ML004", ML004),
    ]


def test_junit_of_a_clean_run_has_one_passing_case(modlint, nimbus: Path) -> None:
    root = ElementTree.fromstring(modlint("--output-format", "junit", cwd=nimbus).out)
    assert [(case.get("name"), case.find("failure")) for case in root.iter("testcase")] == [
        ("modlint", None)
    ]


def test_output_file(modlint, planted: Path) -> None:
    run = modlint(*SELECT, "--output-format", "json", "--output-file", "report.json", cwd=planted)
    assert (run.code, run.out) == (1, "")
    assert [d["code"] for d in json.loads((planted / "report.json").read_text())] == [
        "ML001",
        "ML004",
    ]


def test_statistics(modlint, planted: Path) -> None:
    run = modlint("--statistics", cwd=planted)
    assert run.out == (
        "5\tML003\tdependency-cycle\n1\tML001\ttier-violation\n"
        "1\tML002\tundeclared-dependency\n1\tML004\tunstable-dependency\n"
    )
    as_json = json.loads(modlint("--statistics", "--output-format", "json", cwd=planted).out)
    assert as_json[0] == {"code": "ML003", "name": "dependency-cycle", "count": 5}


def test_exit_zero(modlint, planted: Path) -> None:
    run = modlint(*SELECT, "--exit-zero", cwd=planted)
    assert (run.code, len(run.lines)) == (0, 2)


def test_rules_as_json(modlint) -> None:
    rules = json.loads(modlint("rules", "--output-format", "json").out)
    assert [rule["code"] for rule in rules] == [rule.code for rule in RULES]
    first = RULES[0]
    assert rules[0] == {
        "code": "ML001",
        "name": "tier-violation",
        "summary": first.summary,
        "what_it_does": first.what_it_does,
        "why_bad": first.why_bad,
        "example": first.example,
        "use_instead": first.use_instead,
        "options": list(first.options),
        "example_language": "python",
        "default_enabled": True,
        "fix": None,
        "url": "https://github.com/modlint/modlint/blob/main/README.md#what-it-reports-ml001",
    }
    assert [rule["default_enabled"] for rule in rules] == [rule.default_enabled for rule in RULES]
