"""`modlint init --from-importlinter` / `--from-tach`: the exact converted text of real-looking
configurations, what is said about what has no equivalent, and how the result is written."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, write
from unprivileged import run_unprivileged

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MIGRATION = REPO / "fixtures" / "migration"
INDIRECT = (
    "modlint: warning: {}: import-linter also reports indirect import chains "
    "(a -> b -> c); modlint checks direct imports only"
)

WARNINGS = {
    "il-shop": [INDIRECT.format(".importlinter")],
    "il-platform": [
        INDIRECT.format("pyproject.toml"),
        "modlint: warning: pyproject.toml: contract 'Apps are layered': 'exhaustive' has no "
        "equivalent in modlint: a child of a container that is no layer is not reported",
        "modlint: warning: pyproject.toml: contract 'Add-ons form no cycle' of type "
        "'acyclic_siblings' has no equivalent in modlint: it is left out",
        "modlint: warning: pyproject.toml: 'unmatched_ignore_imports_alerting = warn' is "
        "converted approximately: ML904 is off, so ignore-imports entries that match nothing go "
        "unreported",
    ],
    "tach-app": [
        "modlint: warning: tach.toml: 'exact' has no equivalent in modlint: unused depends_on "
        "entries are not reported",
    ],
    "tach-layers": [
        "modlint: warning: tach.toml: module 'pkg.commands': deprecated dependency 'pkg.shared' "
        "has no equivalent in modlint: it is allowed, without tach's warning",
        "modlint: warning: tach.toml: module 'pkg.platform': 'visibility' has no equivalent in "
        "modlint: who may declare a dependency on the module is not checked",
    ],
}


def _option(name: str) -> str:
    return "--from-importlinter" if name.startswith("il-") else "--from-tach"


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_each_fixture_converts_to_its_recorded_configuration(modlint, name: str) -> None:
    fixture = MIGRATION / name
    run = modlint("init", _option(name), "--stdout", cwd=fixture)
    assert (run.code, run.err.splitlines()) == (0, WARNINGS[name])
    assert run.out == (fixture / "converted.toml").read_text(encoding="utf-8")
    table = tomllib.loads(run.out)["tool"]["modlint"]
    for module in table["modules"].values():
        assert (fixture / module["path"]).exists(), module["path"]
    assert all(len(line) <= 100 for line in run.out.splitlines())


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_recorded_violations_are_import_statements_of_the_fixture(name: str) -> None:
    fixture = MIGRATION / name
    tool = "importlinter" if name.startswith("il-") else "tach"
    rows = json.loads((fixture / f"expected-{tool}.json").read_text(encoding="utf-8"))
    keys = [(row["path"], row["line"], row["importer"], row["imported"]) for row in rows]
    assert keys == sorted(set(keys)) and len(keys) >= 6
    for path, line, importer, _ in keys:
        text = (fixture / path).read_text(encoding="utf-8").splitlines()[line - 1].strip()
        assert text.startswith(("import ", "from ")), (path, line)
        dotted = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        assert dotted in (importer, f"src.{importer}"), (path, importer)


def test_the_shop_conversion_holds_every_kind_of_key() -> None:
    text = (MIGRATION / "il-shop" / "converted.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text)["tool"]["modlint"]
    assert table["tiers"] == ["infra", "domain", "red : yellow", "blue | green", "api"]
    assert table["forbidden"] == ["django"]
    assert table["independent"] == [
        ["shop.blue", "shop.green"],
        ["shop.plugins.alpha", "shop.plugins.beta", "shop.plugins.gamma"],
    ]
    assert table["modules"]["shop.domain.models"] == {
        "path": "shop/domain/models.py",
        "tier": "domain",
        "forbidden": ["requests", "shop.helpers"],
    }
    assert table["exclude"] == ["/*", "!/shop/", "/shop/domain/scripts/"]


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(MIGRATION / name, tmp_path / name))


def test_a_conversion_is_appended_to_the_pyproject_that_holds_the_contracts(
    modlint, tmp_path: Path
) -> None:
    root = _copy("il-platform", tmp_path)
    before = (root / "pyproject.toml").read_bytes()
    run = modlint("init", "--from-importlinter", cwd=root)
    assert (run.code, run.lines) == (
        0,
        [
            "wrote [tool.modlint] converted from pyproject.toml (import-linter) with 12 modules to "
            "pyproject.toml: review it, then run `modlint .`"
        ],
    )
    assert run.err.splitlines() == WARNINGS["il-platform"]
    assert (root / "pyproject.toml").read_bytes() == (
        before + b"\n" + (root / "converted.toml").read_bytes()
    )
    again = modlint("init", "--from-importlinter", cwd=root)
    assert (again.code, again.out, again.err) == (
        2,
        "",
        "modlint: error: modlint is already configured in pyproject.toml\n",
    )


def test_a_conversion_creates_pyproject_from_the_named_file(modlint, tmp_path: Path) -> None:
    root = _copy("tach-app", tmp_path)
    (root / "tach.toml").rename(root / "architecture.toml")
    run = modlint("init", "--from-tach", "architecture.toml", cwd=root)
    assert run.lines == [
        "wrote [tool.modlint] converted from architecture.toml (tach) with 6 "
        "modules to pyproject.toml: review it, then run `modlint .`"
    ]
    expected = (
        (root / "converted.toml").read_text().replace("from tach.toml", "from architecture.toml")
    )
    assert (root / "pyproject.toml").read_text() == expected


def test_import_linter_files_are_found_in_import_linters_order(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/api/__init__.py": "",
            "shop/domain/__init__.py": "",
            "setup.cfg": "[metadata]\nname = shop\n",
            ".importlinter": """
            [importlinter]
            root_package = shop
            [importlinter:contract:apart]
            name = Apart
            type = independence
            modules =
                shop.api
                shop.domain
            """,
            "pyproject.toml": """
            [tool.importlinter]
            root_package = "shop"
            [[tool.importlinter.contracts]]
            name = "From pyproject"
            type = "forbidden"
            source_modules = ["shop.api"]
            forbidden_modules = ["shop.domain"]
            """,
        },
    )
    found = modlint("init", "--from-importlinter", "--stdout", cwd=root)
    assert found.out.splitlines()[1] == (
        "# Converted from .importlinter (import-linter) by `modlint init --from-importlinter`."
    )
    assert tomllib.loads(found.out)["tool"]["modlint"]["independent"] == [
        ["shop.api", "shop.domain"]
    ]
    (root / "setup.cfg").write_text(
        (root / ".importlinter").read_text().replace("Apart", "From setup.cfg")
    )
    assert (
        "# contract 'From setup.cfg' (independence)"
        in modlint("init", "--from-importlinter", "--stdout", cwd=root).out
    )
    named = modlint("init", "--from-importlinter", "pyproject.toml", "--stdout", cwd=root)
    assert tomllib.loads(named.out)["tool"]["modlint"]["modules"] == {
        "shop.api": {"path": "shop/api", "forbidden": ["shop.domain"]}
    }


def test_contracts_without_an_exact_equivalent_are_said_and_approximated(
    modlint, tmp_path: Path
) -> None:
    root = write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/api/__init__.py": "",
            "shop/domain/__init__.py": "",
            "setup.cfg": """
            [importlinter]
            root_package = shop

            [importlinter:contract:one]
            name = Layers
            type = layers
            layers =
                shop.api
                shop.domain
            ignore_imports =
                shop.domain -> shop.api
            unmatched_ignore_imports_alerting = none

            [importlinter:contract:two]
            name = Protected
            type = protected
            protected_modules = shop.domain

            [importlinter:contract:three]
            name = Narrow
            type = forbidden
            source_modules = shop.api
            forbidden_modules = shop.domain
            as_packages = false
            ignore_imports =
                shop.api -> shop.domain
            """,
        },
    )
    run = modlint("init", "--from-importlinter", "--stdout", cwd=root)
    assert run.err.splitlines() == [
        INDIRECT.format("setup.cfg"),
        "modlint: warning: setup.cfg: contract 'Protected' of type 'protected' has no "
        "equivalent in modlint: it is left out",
        "modlint: warning: setup.cfg: contract 'Narrow': 'as_packages = false' is converted "
        "approximately: its packages stand for their submodules too, as with 'as_packages = "
        "true'",
        "modlint: warning: setup.cfg: contract 'Layers': 'unmatched_ignore_imports_alerting = "
        "none' is converted approximately: ML904 reports its ignore_imports entries that match "
        "no import, as it does for the other contracts",
    ]
    assert tomllib.loads(run.out)["tool"]["modlint"] == {
        "docs": [],
        "ignore": ["ML003", "ML005", "ML006"],
        "tiers": ["domain", "api"],
        "ignore-imports": ["shop.domain -> shop.api", "shop.api -> shop.domain"],
        "modules": {
            "shop.api": {"path": "shop/api", "tier": "api", "forbidden": ["shop.domain"]},
            "shop.domain": {"path": "shop/domain", "tier": "domain"},
        },
    }


def test_an_ignored_import_another_contract_checks_is_flagged(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/one/__init__.py": "",
            "app/two.py": "",
            ".importlinter": """
            [importlinter]
            root_package = app
            include_external_packages = True

            [importlinter:contract:a]
            name = No Django
            type = forbidden
            source_modules = app.one
            forbidden_modules = django

            [importlinter:contract:b]
            name = Direct only
            type = forbidden
            source_modules = app.one
            forbidden_modules = app.two
            allow_indirect_imports = true
            ignore_imports = app.one -> django
            """,
        },
    )
    run = modlint("init", "--from-importlinter", "--stdout", cwd=root)
    assert run.err.splitlines() == [
        INDIRECT.format(".importlinter"),
        "modlint: warning: .importlinter: contract 'Direct only': ignore_imports entry "
        "'app.one -> django' is converted approximately: modlint's ignore-imports apply to "
        "every rule, so it also hides what it matches from contract 'No Django'",
    ]


def test_tach_keys_without_an_equivalent_are_each_one_warning(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            **{
                f"pkg/{name}/__init__.py": ""
                for name in ("ui", "cmd", "core", "core/sub", "shared", "legacy", "legacy/inner")
            },
            "pkg/__init__.py": "",
            "pkg/stub.pyi": "",
            "pkg/sub/tach.domain.toml": "",
            "tach.toml": """
            layers = ["ui", "cmd", "core"]
            layers_explicit_depends_on = true
            forbid_circular_dependencies = true
            include_string_imports = true
            root_module = "forbid"
            interfaces = [{ expose = ["run"], from = ["pkg.cmd"] }]
            [rules]
            local_imports = "off"
            [external]
            exclude = ["pytest"]
            rename = ["PIL:pillow"]
            [plugins.django]
            settings_module = "x"
            [[modules]]
            path = "pkg.ui"
            layer = "ui"
            depends_on = ["pkg.cmd"]
            depends_on_external = ["click"]
            [[modules]]
            paths = ["pkg.cmd", "pkg.shared"]
            depends_on = ["<root>", "pkg.nothing"]
            strict = true
            [[modules]]
            path = "pkg.core"
            layer = "core"
            cannot_depend_on = ["pkg.shared", "pkg.ui"]
            utility = true
            [[modules]]
            path = "pkg.core.sub"
            layer = "core"
            depends_on = []
            [[modules]]
            path = "pkg.legacy"
            unchecked = true
            [[modules]]
            path = "pkg.legacy.inner"
            [[modules]]
            path = "pkg.stub"
            [[modules]]
            path = "pkg.gone"
            [[modules]]
            path = "<root>"
            """,
        },
    )
    run = modlint("init", "--from-tach", "--stdout", cwd=root)
    prefix = "modlint: warning: tach.toml: "
    assert run.err.splitlines() == [
        prefix + line
        for line in [
            "module 'pkg.stub' has no equivalent in modlint: it is a stub (pkg/stub.pyi), which "
            "modlint does not read",
            "module 'pkg.gone' has no equivalent in modlint: no folder or file of that name in the "
            "source roots (tach warns about it too)",
            "module '<root>' has no equivalent in modlint: code outside every module is no module "
            "in modlint",
            "'interfaces' has no equivalent in modlint: imports of a module's names outside its "
            "interface are not reported",
            "'forbid_circular_dependencies' has no equivalent in modlint: cycles in the declared "
            "depends_on are not reported (modlint's ML003 reports cycles of actual imports)",
            "'include_string_imports' has no equivalent in modlint: module names in strings are no "
            "imports",
            "'root_module = \"forbid\"' has no equivalent in modlint: code outside every module is "
            "no module in modlint",
            "'rules.local_imports = \"off\"' has no equivalent in modlint: modlint checks every "
            "import the same way, wherever it is",
            "'external.exclude' has no equivalent in modlint: it belongs to tach check-external, "
            "which this conversion does not reproduce",
            "'plugins' has no equivalent in modlint: modlint reads imports only",
            "'pkg/sub/tach.domain.toml' has no equivalent in modlint: tach.domain.toml files are "
            "not read: move their modules into tach.toml first",
            "module 'pkg.cmd': depends_on entry 'pkg.nothing' has no equivalent in modlint: it "
            "names no module",
            "module 'pkg.cmd': 'strict' has no equivalent in modlint: tach turns it into an "
            "interface, and interfaces are not checked",
            "module 'pkg.shared': depends_on entry 'pkg.nothing' has no equivalent in modlint: it "
            "names no module",
            "module 'pkg.shared': 'strict' has no equivalent in modlint: tach turns it into an "
            "interface, and interfaces are not checked",
            "module 'pkg.ui': 'depends_on_external' has no equivalent in modlint: third-party "
            "imports are tach check-external's, which this conversion does not reproduce",
            "unchecked module 'pkg.legacy' is converted approximately: the imports of module "
            "'pkg.legacy.inner' inside it are not checked either",
        ]
    ]
    # Every warning is also a comment at the top of the converted configuration.
    assert run.out.count("\n# Not converted: ") == 16
    assert run.out.count("\n# Approximate: ") == 1
    utility = ["pkg.core"]
    assert tomllib.loads(run.out)["tool"]["modlint"] == {
        "type-checking-imports": False,
        "docs": [],
        "ignore": ["ML003", "ML005", "ML006"],
        "tiers": ["core", "cmd", "ui"],
        "per-file-ignores": {"pkg/legacy/**": ["ML001", "ML002", "ML008"]},
        "import-names": {"PIL": "pillow"},
        "modules": {
            "pkg.cmd": {"path": "pkg/cmd", "depends-on": utility},
            "pkg.core": {"path": "pkg/core", "tier": "core", "forbidden": ["pkg.shared", "pkg.ui"]},
            "pkg.core.sub": {"path": "pkg/core/sub", "tier": "core", "depends-on": utility},
            "pkg.legacy": {"path": "pkg/legacy"},
            "pkg.legacy.inner": {"path": "pkg/legacy/inner"},
            "pkg.shared": {"path": "pkg/shared", "depends-on": utility},
            # layers_explicit_depends_on: no lower layer is added to what ui declares.
            "pkg.ui": {"path": "pkg/ui", "tier": "ui", "depends-on": ["pkg.cmd", *utility]},
        },
    }


@pytest.mark.parametrize(
    ("files", "option", "error"),
    [
        (
            {},
            "--from-importlinter",
            "no import-linter configuration found: expected an "
            "[importlinter] section in setup.cfg or .importlinter, or [tool.importlinter] in "
            "pyproject.toml",
        ),
        (
            {},
            "--from-tach",
            "no tach configuration found: expected tach.toml (or [tool.tach] in pyproject.toml)",
        ),
        (
            {
                ".importlinter": "[importlinter]\nroot_package = shop\n[importlinter:contract:layers]\n"
                "name = L\ntype = layers\n"
            },
            "--from-importlinter",
            ".importlinter: [importlinter:contract:layers]: missing key 'layers'",
        ),
        (
            {
                ".importlinter": "[importlinter]\nroot_package = shop\n[importlinter:contract:layers]\n"
                "name = L\ntype = layers\nlayers = shop.api\nallow_indirect_imports = true\n"
            },
            "--from-importlinter",
            ".importlinter: [importlinter:contract:layers]: unknown key "
            "'allow_indirect_imports' for a layers contract (did you mean 'ignore_imports'?)",
        ),
        (
            {
                ".importlinter": "[importlinter]\nroot_package = shop\n[importlinter:contract:layers]\n"
                "name = L\ntype = layers\nlayers =\n  shop.api\n  shop.missing\n"
            },
            "--from-importlinter",
            ".importlinter: contract 'L': key 'layers': missing layer: module "
            "'shop.missing' does not exist",
        ),
        (
            {
                ".importlinter": "[importlinter]\nroot_package = shop\n[importlinter:contract:layers]\n"
                "name = L\ntype = layers\nlayers = shop.api | shop.domain : shop.x\n"
            },
            "--from-importlinter",
            ".importlinter: [importlinter:contract:layers]: key 'layers': "
            "'shop.api | shop.domain : shop.x' mixes independent (|) and non-independent (:) modules",
        ),
        (
            {
                ".importlinter": "[importlinter]\nroot_package = shop\n[importlinter:contract:f]\n"
                "name = F\ntype = forbidden\nsource_modules = shop.api\nforbidden_modules = django\n"
            },
            "--from-importlinter",
            ".importlinter: contract 'F': key 'forbidden_modules': 'django' is "
            "not in a root package, which needs include_external_packages = True",
        ),
        (
            {
                ".importlinter": "[importlinter]\nroot_packages = shop\n[importlinter:contract:f]\n"
                "name = F\ntype = independence\nmodules = shop.api\n"
            },
            "--from-importlinter",
            ".importlinter: [importlinter]: key 'root_packages' must list the packages one a line (or "
            "use 'root_package' for one)",
        ),
        (
            {
                ".importlinter": "[importlinter]\nroot_package = nowhere\n[importlinter:contract:f]\n"
                "name = F\ntype = independence\nmodules = shop.api\n"
            },
            "--from-importlinter",
            ".importlinter: [importlinter]: root package 'nowhere' not found: expected the folder "
            "nowhere or src/nowhere",
        ),
        (
            {
                ".importlinter": "[importlinter]\nroot_package = shop\n[importlinter:contract:f]\n"
                "name = F\ntype = independence\nmodules = shop.*x\n"
            },
            "--from-importlinter",
            ".importlinter: [importlinter:contract:f]: key 'modules': 'shop.*x' is not a module "
            "expression: a wildcard can only replace a whole module",
        ),
        (
            {".importlinter": "[importlinter\n"},
            "--from-importlinter",
            ".importlinter: invalid INI file: File contains no section headers. file: '.importlinter', "
            "line: 1 '[importlinter\\n'",
        ),
        (
            {"pyproject.toml": "[tool.importlinter]\nroot_package = 'shop'\n"},
            "--from-importlinter",
            "pyproject.toml: no contracts: each goes in an [importlinter:contract:ID] section (INI) "
            "or a [[tool.importlinter.contracts]] table (TOML)",
        ),
        (
            {
                "pyproject.toml": "[tool.importlinter]\nroot_package = 'shop'\n[[tool.importlinter."
                "contracts]]\nname = 'X'\ntype = 'layers'\nlayers = ['shop.api']\nexhaustive = 'yes'\n"
            },
            "--from-importlinter",
            "pyproject.toml: [[tool.importlinter.contracts]] number 1: key "
            "'exhaustive' must be true or false, got 'yes'",
        ),
        (
            {"tach.toml": "[[module]]\npath = 'shop.api'\n"},
            "--from-tach",
            "tach.toml: unknown key 'module' (did you mean 'modules'?)",
        ),
        (
            {"tach.toml": "exact = 'yes'\n"},
            "--from-tach",
            "tach.toml: key 'exact' must be a boolean (true or false), got a string",
        ),
        (
            {"tach.toml": "[[modules]]\npath = 'shop.api'\nlayer = 'top'\n"},
            "--from-tach",
            "tach.toml: [[modules]] number 1: key 'layer': 'top' is not one of the layers",
        ),
        (
            {"tach.toml": "[[modules]]\npath = 'shop.api'\n[[modules]]\npath = 'shop.api'\n"},
            "--from-tach",
            "tach.toml: [[modules]] number 2: module 'shop.api' is declared twice",
        ),
        (
            {"tach.toml": "[[modules]]\npath = 'shop.api'\ndepends_on = [1]\n"},
            "--from-tach",
            "tach.toml: [[modules]] number 1: key 'depends_on': each entry must be a module path or a "
            'table { path = "...", deprecated = true }, got an integer',
        ),
        (
            {"tach.toml": "source_roots = ['..']\n"},
            "--from-tach",
            "tach.toml: key 'source_roots': '..' is outside the project folder",
        ),
        (
            {"tach.toml": "[[modules]\n"},
            "--from-tach",
            "tach.toml: invalid TOML: Expected ']]' at the end of an array declaration (at line 1, "
            "column 10)",
        ),
    ],
)
def test_a_configuration_the_converter_cannot_read_is_one_error_line(
    modlint, tmp_path: Path, files: dict[str, str], option: str, error: str
) -> None:
    root = write(tmp_path, {"shop/__init__.py": "", "shop/api/__init__.py": "", **files})
    run = modlint("init", option, "--stdout", cwd=root)
    assert (run.code, run.out, run.err) == (2, "", f"modlint: error: {error}\n")


def test_the_two_conversions_exclude_each_other(modlint, tmp_path: Path) -> None:
    run = modlint("init", "--from-importlinter", "--from-tach", cwd=tmp_path)
    assert (run.code, run.err) == (
        2,
        "modlint: error: argument --from-tach: not allowed with "
        "argument --from-importlinter (see 'modlint init --help')\n",
    )
    missing = modlint("init", "--from-tach", "nothere.toml", cwd=tmp_path)
    assert (
        missing.err == "modlint: error: nothere.toml: cannot read file: No such file or directory\n"
    )


def test_project_text_stays_inside_its_comment(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/api/__init__.py": "",
            "shop/domain/__init__.py": "",
            "pyproject.toml": """
            [tool.importlinter]
            root_package = "shop"
            [[tool.importlinter.contracts]]
            name = "evil\\n[tool.modlint.modules.x]\\u202e\\u0007"
            type = "independence"
            modules = ["shop.api", "shop.domain"]
            """,
        },
    )
    run = modlint("init", "--from-importlinter", "--stdout", cwd=root)
    assert (
        "    # contract 'evil\\u000a[tool.modlint.modules.x]\\u202e\\u0007' (independence)\n"
        in run.out
    )
    table = tomllib.loads(run.out)["tool"]["modlint"]
    assert sorted(table["modules"]) == ["shop.api", "shop.domain"]
    assert INDIRECT.format("pyproject.toml") + "\n" == run.err


def test_a_symlinked_pyproject_stays_a_link(modlint, tmp_path: Path) -> None:
    root = _copy("tach-layers", tmp_path)
    shared = tmp_path / "shared.toml"
    shared.write_text('[project]\nname = "pkg"\n')
    (root / "pyproject.toml").symlink_to(shared)
    assert modlint("init", "--from-tach", cwd=root).code == 0
    assert (root / "pyproject.toml").is_symlink()
    assert shared.read_text() == (
        '[project]\nname = "pkg"\n\n' + (root / "converted.toml").read_text()
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["shared.toml", "tach-layers"]


def test_a_pyproject_that_cannot_take_the_table_is_left_alone(modlint, tmp_path: Path) -> None:
    root = _copy("tach-layers", tmp_path)
    (root / "pyproject.toml").write_text("tool = { black = {} }\n")
    run = modlint("init", "--from-tach", cwd=root)
    assert (run.code, run.out, run.err.splitlines()[-1]) == (
        2,
        "",
        "modlint: error: pyproject.toml: cannot append [tool.modlint]: the file would no "
        "longer be valid TOML",
    )
    assert (root / "pyproject.toml").read_text() == "tool = { black = {} }\n"


def test_a_folder_that_takes_no_file_is_one_error_line(tmp_path: Path) -> None:
    root = _copy("tach-app", tmp_path)
    os.chmod(root, 0o555)
    try:
        run = run_unprivileged("init", "--from-tach", cwd=root)
    finally:
        os.chmod(root, 0o755)
    assert (run.code, run.out, run.err.splitlines()[-1]) == (
        2,
        "",
        "modlint: error: cannot write pyproject.toml: Permission denied",
    )
    assert not (root / "pyproject.toml").exists()


def test_what_import_linter_never_reads_is_excluded(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/api/__init__.py": "",
            "shop/0001_seed.py": "",
            "shop/a.b.py": "",
            "shop/.hidden.py": "",
            "shop/__pycache__/cached.py": "",
            "shop/my-dir/__init__.py": "",
            "shop/my-dir/m.py": "",
            "shop/[x]/deep/m.py": "",
            "shop/static/logo.txt": "",
            "setup.py": "",
            ".importlinter": """
            [importlinter]
            root_package = shop
            [importlinter:contract:apart]
            name = Apart
            type = independence
            modules =
                shop.api
                shop.0001_seed
            """,
        },
    )
    table = tomllib.loads(modlint("init", "--from-importlinter", "--stdout", cwd=root).out)
    assert table["tool"]["modlint"]["exclude"] == [
        "/*",
        "!/shop/",
        "/shop/.hidden.py",
        "/shop/\\[x\\]/",
        "/shop/a.b.py",
        "/shop/my-dir/",
    ]
    assert table["tool"]["modlint"]["modules"] == {
        "shop.0001_seed": {"path": "shop/0001_seed.py"},
        "shop.api": {"path": "shop/api"},
    }


def test_tach_globs_name_modules_as_tach_matches_them(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            **{f"pkg/{name}/__init__.py": "" for name in ("p1", "p2", "px1", "core", "extra")},
            "pkg/__init__.py": "",
            "pkg/util.py": "",
            "tach.toml": """
            ignore_type_checking_imports = false
            [[modules]]
            path = "pkg.p?"
            depends_on = ["pkg.{core,util}"]
            [[modules]]
            paths = ["pkg.core", "pkg.util", "pkg.extra"]
            """,
        },
    )
    run = modlint("init", "--from-tach", "--stdout", cwd=root)
    assert (run.code, run.err) == (0, "")
    assert tomllib.loads(run.out)["tool"]["modlint"]["modules"] == {
        "pkg.core": {"path": "pkg/core"},
        "pkg.extra": {"path": "pkg/extra"},
        "pkg.p1": {"path": "pkg/p1", "depends-on": ["pkg.core", "pkg.util"]},
        "pkg.p2": {"path": "pkg/p2", "depends-on": ["pkg.core", "pkg.util"]},
        "pkg.util": {"path": "pkg/util.py"},
    }


def test_tach_respects_gitignore_in_a_git_repository_only_when_asked(
    modlint, tmp_path: Path
) -> None:
    root = write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "tach.toml": """
        respect_gitignore = "if_git_repo"
        ignore_type_checking_imports = false
        [[modules]]
        path = "pkg"
        """,
        },
    )
    outside = modlint("init", "--from-tach", "--stdout", cwd=root).out
    assert (
        '# tach\'s respect_gitignore = "if_git_repo", and this is no git repository.\n'
        "respect-gitignore = false\n"
    ) in outside
    (root / ".git").mkdir()
    inside = tomllib.loads(modlint("init", "--from-tach", "--stdout", cwd=root).out)
    assert inside["tool"]["modlint"] == {
        "docs": [],
        "ignore": ["ML003", "ML005", "ML006"],
        "modules": {"pkg": {"path": "pkg"}},
    }


def test_what_tach_forbids_is_never_also_allowed(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            **{f"pkg/{name}/__init__.py": "" for name in ("top", "mid", "low", "util")},
            "pkg/__init__.py": "",
            "tach.toml": """
            ignore_type_checking_imports = false
            layers = ["top", "mid", "low"]
            [[modules]]
            path = "pkg.top"
            layer = "top"
            depends_on = []
            cannot_depend_on = ["pkg.util", "pkg.low"]
            [[modules]]
            path = "pkg.mid"
            layer = "mid"
            [[modules]]
            path = "pkg.low"
            layer = "low"
            [[modules]]
            path = "pkg.util"
            utility = true
            """,
        },
    )
    modules = tomllib.loads(modlint("init", "--from-tach", "--stdout", cwd=root).out)["tool"][
        "modlint"
    ]["modules"]
    assert modules["pkg.top"] == {
        "path": "pkg/top",
        "tier": "top",
        "depends-on": ["pkg.mid"],
        "forbidden": ["pkg.util", "pkg.low"],
    }


def test_the_pipeline_converts_and_writes_a_peers_configuration(tmp_path: Path) -> None:
    """`converted_configuration` is `init --from-…` without the command line: printed (no
    path) or appended to pyproject.toml; refused before converting when modlint is
    configured already."""
    from modlint.model import UsageError
    from modlint.pipeline.init import converted_configuration

    root = _copy("tach-app", tmp_path)
    converted = (root / "converted.toml").read_text(encoding="utf-8")
    conversion, path = converted_configuration(root, "tach", None, write=False)
    assert (conversion.text, conversion.modules, path) == (converted, 6, None)
    assert not (root / "pyproject.toml").exists()

    conversion, path = converted_configuration(root, "tach", None, write=True)
    assert (path, path.read_text(encoding="utf-8") if path else None) == (
        root / "pyproject.toml",
        converted,
    )
    (root / "tach.toml").unlink()  # a conversion would now fail: the refusal comes first
    with pytest.raises(UsageError) as refused:
        converted_configuration(root, "tach", None, write=True)
    assert str(refused.value) == "modlint is already configured in pyproject.toml"


@pytest.mark.parametrize(
    ("option", "name"),
    [
        (("--from-importlinter", ".importlinter"), ".importlinter"),
        (("--from-importlinter",), ".importlinter"),
        (("--from-tach", "tach.toml"), "tach.toml"),
        (("--from-tach",), "tach.toml"),
    ],
)
def test_a_peer_configuration_that_is_a_fifo_is_named_not_waited_on(
    modlint, tmp_path: Path, option: tuple[str, ...], name: str
) -> None:
    """Named or found, a configuration file that is a fifo (or any other non-regular file)
    is one error line, never a run that waits for a writer."""
    root = write(tmp_path / "p", {"pkg/__init__.py": ""})
    os.mkfifo(root / name)
    run = modlint("init", *option, "--stdout", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: {name}: cannot read file: not a regular file (a fifo)\n",
    )
