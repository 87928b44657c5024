"""The cache as hostile input: folders modlint did not make, files of the right JSON shape
but the wrong types, links, fifos and leftovers of killed runs. A run with any of them gives
exactly what a run without the cache gives, and writes nothing outside the cache's files."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import NIMBUS, Run, edit, examples, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modlint.cli import main
from modlint.metadata.backend import INSTALLED, _cache_key

CACHE_FILES = {
    "facts.json",
    "results.json",
    *(f"facts-{digit}.json" for digit in "0123456789abcdef"),
}


def test_an_existing_folder_as_cache_gets_no_gitignore(modlint, small) -> None:
    root = small({"core/x.py": "import app\n"})
    before = {path.name for path in root.iterdir()}
    run = modlint("--cache-dir", ".", "--select", "ML001", cwd=root)
    assert run.lines == [
        "core/x.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)"
    ]
    assert not (root / ".gitignore").exists()
    assert {path.name for path in root.iterdir()} - before <= CACHE_FILES
    assert modlint("--cache-dir", ".", "--select", "ML001", cwd=root).lines == run.lines


def test_a_cache_folder_the_user_made_gets_no_gitignore(modlint, small) -> None:
    root = small({})
    (root / ".modlint_cache").mkdir()
    (root / "shared").mkdir()
    assert modlint(cwd=root).code == 0
    assert modlint("--cache-dir", "shared", cwd=root).code == 0
    assert not (root / ".modlint_cache" / ".gitignore").exists()
    assert not (root / "shared" / ".gitignore").exists()
    assert (root / "shared" / "facts.json").is_file()


def test_a_cache_folder_modlint_makes_gets_its_gitignore_only_there(modlint, small) -> None:
    root = small({})
    assert modlint("--cache-dir", "new/nested/cache", cwd=root).code == 0
    assert (root / "new" / "nested" / "cache" / ".gitignore").read_bytes() == (
        b"# Written by modlint: the cache is never committed.\n*\n"
    )
    assert sorted(path.relative_to(root).as_posix() for path in (root / "new").rglob(".*")) == [
        "new/nested/cache/.gitignore"
    ]


def test_a_link_in_the_cache_folder_is_replaced_not_followed(modlint, small) -> None:
    root = small({"core/x.py": "import app\n"})
    victim = write(root.parent, {"victim.txt": "keep me\n"}) / "victim.txt"
    cache = root / ".modlint_cache"
    cache.mkdir()
    for name in ("results.json", "facts.json", "facts-0.json", ".gitignore"):
        (cache / name).symlink_to(victim)
    assert modlint("--select", "ML001", cwd=root).code == 1
    assert victim.read_text() == "keep me\n"
    assert not (cache / "results.json").is_symlink()
    assert not (cache / "facts.json").is_symlink()


@pytest.mark.parametrize("name", ["results.json", "facts.json", "facts-0.json"])
def test_cache_files_that_are_fifos_or_devices_are_misses(modlint, small, name: str) -> None:
    root = small({"core/x.py": "import app\n"})
    cold = modlint("--no-cache", cwd=root)
    cache = root / ".modlint_cache"
    cache.mkdir()
    os.mkfifo(cache / name)
    assert modlint(cwd=root) == cold
    (cache / name).unlink()
    (cache / name).symlink_to("/dev/zero")
    assert modlint(cwd=root) == cold


def test_leftovers_of_killed_runs_are_removed_and_live_ones_kept(modlint, small) -> None:
    root = small({})
    assert modlint(cwd=root).code == 0
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    cache = root / ".modlint_cache"
    stale = cache / f".results.json.{dead.stdout.strip()}.abc123.tmp"
    live = cache / f".facts-3.json.{os.getppid()}.def456.tmp"
    foreign = cache / ".notes.txt.1.x.tmp"
    for path in (stale, live, foreign):
        path.write_text("{")
    (root / "core" / "new.py").write_text("")  # a change: the run writes the cache
    assert modlint(cwd=root).code == 0
    assert (stale.exists(), live.exists(), foreign.exists()) == (False, True, True)


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("results.json", lambda doc: doc["diagnostics"][0].__setitem__(1, None)),
        ("results.json", lambda doc: doc["diagnostics"][0].__setitem__(1, "3")),
        ("results.json", lambda doc: doc["diagnostics"][0].__setitem__(2, -4)),
        ("results.json", lambda doc: doc["diagnostics"][0].__setitem__(1, 10**30)),
        ("results.json", lambda doc: doc["diagnostics"][0].__setitem__(0, 123)),
        ("results.json", lambda doc: doc["diagnostics"][0].__setitem__(0, "/etc/passwd")),
        ("results.json", lambda doc: doc["diagnostics"][0].__setitem__(0, "../../x.py")),
        ("results.json", lambda doc: doc["diagnostics"].__setitem__(0, {"path": "x"})),
        ("results.json", lambda doc: doc["diagnostics"][0].pop()),
        ("results.json", lambda doc: doc.__setitem__("notices", [[None, 1, 1, "x"]])),
        ("results.json", lambda doc: doc.__setitem__("diagnostics", {})),
        ("facts.json", lambda doc: doc["paths"].__setitem__(next(iter(doc["paths"])), None)),
        ("facts.json", lambda doc: doc["paths"].__setitem__(next(iter(doc["paths"])), [1, 2])),
        (
            "facts.json",
            lambda doc: doc["paths"].__setitem__(next(iter(doc["paths"])), [1.5, 2, "ab"]),
        ),
        ("facts.json", lambda doc: doc.__setitem__("paths", [])),
    ],
)
def test_results_and_index_of_the_wrong_types_are_misses(
    modlint, planted: Path, name: str, change
) -> None:
    cold = modlint("--output-format", "json", cwd=planted)
    assert cold.code == 1
    path = planted / ".modlint_cache" / name
    document = json.loads(path.read_bytes())
    change(document)
    path.write_text(json.dumps(document))
    if name != "results.json":
        (planted / ".modlint_cache" / "results.json").unlink()
    assert modlint("--output-format", "json", cwd=planted) == cold


def _facts_of(root: Path, relative: str) -> tuple[Path, dict[str, Any], str]:
    """The shard holding the facts of ``relative``, its document and the facts' key."""
    cache = root / ".modlint_cache"
    digest = json.loads((cache / "facts.json").read_bytes())["paths"][relative][2]
    shard = cache / f"facts-{digest[0]}.json"
    return shard, json.loads(shard.read_bytes()), digest


@pytest.mark.parametrize(
    ("field", "change"),
    [
        (0, lambda imports: imports[0].__setitem__(4, None)),  # a statement's line
        (0, lambda imports: imports[0].__setitem__(1, -1)),  # a relative level
        (0, lambda imports: imports[0][2].append(["x", "1", 1, None])),
        (1, lambda definitions: definitions[0].__setitem__(3, 0)),  # decoded only when used
        (1, lambda definitions: definitions[0].__setitem__(5, [[None] * 6])),
        (
            1,
            lambda definitions: definitions.append(
                ["f", "function", "def f()", 1, 1, [["g", "function", "def g()", 1, 1, [[]]]]]
            ),
        ),
        (3, lambda chains: chains.append(["os", [["path", 1, True]]])),
        (4, lambda noqa: noqa.append([1, 1, 9, [None], False])),
    ],
)
def test_facts_of_the_wrong_types_are_misses(modlint, planted: Path, field: int, change) -> None:
    append_import = "\nimport os\nos.path.join('a')  # noqa: ML001\n"
    with (planted / "auth" / "__init__.py").open("a") as handle:
        handle.write(append_import)
    cold = modlint("--output-format", "json", cwd=planted)
    shard, document, digest = _facts_of(planted, "auth/__init__.py")
    if not document[digest][field]:
        document[digest][field].append(None)
    else:
        change(document[digest][field])
    shard.write_text(json.dumps(document))
    (planted / ".modlint_cache" / "results.json").unlink()
    assert modlint("--output-format", "json", cwd=planted) == cold


def test_a_cached_backend_answer_of_the_wrong_types_is_a_miss(modlint, tmp_path: Path) -> None:
    root = write(
        tmp_path / "p",
        {
            "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "no_such_backend"\n'
            '[project]\nname = "p"\ndynamic = ["dependencies"]\n[tool.modlint]\n'
            '[tool.modlint.modules.core]\ntier = "foundation"\n',
            "core/__init__.py": "import requests\n",
        },
    )
    cache = root / ".modlint_cache"
    cache.mkdir()
    cached = cache / f"metadata-{_cache_key(root, INSTALLED)[:32]}.json"
    options = ("--select", "ML005", "--metadata-from-backend", "--no-build-isolation")
    for wrong in ("[1, null]", '{"requests": 1}', '"requests"', "[[[[[[", "[" * 100_000):
        cached.write_text(wrong)
        run = modlint(*options, cwd=root)
        assert (run.code, run.err) == (
            2,
            "modlint: error: --metadata-from-backend: the build backend 'no_such_backend' is "
            "not installed beside modlint (build isolation is off: install it there, or turn "
            "isolation on)\n",
        )
    cached.write_text('["requests>=2"]')
    run = modlint(*options, cwd=root)
    assert (run.code, run.out, run.err) == (0, "", "")


# Values of another type than the one replaced, or numbers no line, column or count can be:
# a value of the right type and range (another name, another line) is a forgery that no
# check can see, and the cache's settings key makes it modlint's own writing.
JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=-1),
    st.integers(min_value=2**31, max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.none(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.none(), max_size=2),
)


def _nodes(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document, as the keys and indices that lead to it."""
    places = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _nodes(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += _nodes(item, (*at, index))
    return places


def _replaced(document: Any, at: tuple[Any, ...], value: Any) -> Any:
    if not at:
        return value
    document = copy.deepcopy(document)
    holder = document
    for key in at[:-1]:
        holder = holder[key]
    holder[at[-1]] = value
    return document


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run, dict[str, Any]]:
    """A planted nimbus copy, its cache-less result, and its cache's documents."""
    root = tmp_path_factory.mktemp("primed") / "nimbus"
    shutil.copytree(NIMBUS, root, ignore=shutil.ignore_patterns(".modlint_cache"))
    edit(
        root / "auth" / "session.py",
        "from logs import get_logger\n",
        "from logs import get_logger\nimport user.models\n",
    )
    cold = _run_in_process(root, "--no-cache")
    _run_in_process(root)
    documents = {
        path.name: json.loads(path.read_bytes())
        for path in (root / ".modlint_cache").glob("*.json")
    }
    return root, cold, documents


def _run_in_process(root: Path, *args: str) -> Run:
    """The JSON output of a run in ``root`` (the `modlint` fixture is function-scoped)."""
    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--output-format", "json", *args])
    finally:
        os.chdir(before)
    return Run(code, out.getvalue(), err.getvalue())


@settings(
    max_examples=examples(60),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_wrongly_typed_cache_value_gives_the_cacheless_result(primed, data) -> None:
    root, cold, documents = primed
    name = data.draw(st.sampled_from(sorted(documents)), label="file")
    places = _nodes(documents[name])
    at = data.draw(st.sampled_from(places), label="place")
    original: Any = documents[name]
    for key in at:
        original = original[key]
    value = data.draw(
        JSON_VALUES.filter(lambda new: type(new) is not type(original) or isinstance(new, int)),
        label="value",
    )
    cache = root / ".modlint_cache"
    for other, document in documents.items():
        (cache / other).write_text(json.dumps(document))
    (cache / name).write_text(json.dumps(_replaced(documents[name], at, value)))
    if name != "results.json" and data.draw(st.booleans(), label="without results"):
        (cache / "results.json").unlink()
    assert _run_in_process(root) == cold


def test_a_docs_file_that_is_a_fifo_is_hashed_without_blocking(small) -> None:
    root = small({"core/x.py": "import app\n"}, extra='docs = ["README.md"]')
    os.mkfifo(root / "README.md")
    expected = (
        "README.md:1:1: ML301 README.md cannot be read: it is not a regular file: it should "
        "hold the lock table (or leave it out of `docs`)\n"
        "core/x.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)\n"
        "core/x.py:1:8: ML004 stable module 'core' imports development module 'app' (app)\n"
    )
    for _ in ("cold", "warm"):  # the warm run hashes the README for the results cache
        done = subprocess.run(
            [sys.executable, "-m", "modlint", "."],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == (1, expected, "Found 3 errors.\n")
    assert (root / ".modlint_cache" / "results.json").is_file()


def _git(root: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=root, check=True, capture_output=True)


def _findings_removed(cache: Path) -> None:
    """Edit the cached results as a pull request could: the findings gone, the keys kept."""
    document = json.loads((cache / "results.json").read_text())
    document["diagnostics"] = []
    (cache / "results.json").write_text(json.dumps(document))


@pytest.mark.parametrize("linked", [False, True], ids=["folder", "link-to-folder"])
def test_a_cache_committed_with_the_code_is_not_used(modlint, small, linked: bool) -> None:
    root = small({"core/x.py": "import app\n"})
    expected = ["core/x.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)"]
    assert modlint("--select", "ML001", cwd=root).lines == expected
    cache = root / ".modlint_cache"
    _findings_removed(cache)
    if linked:  # committed under another name, behind a committed link
        cache.rename(root / "stash")
        cache.symlink_to("stash")
    _git(root, "init", "-q", ".")
    _git(root, "add", "-f", ".")
    committed = {path: path.read_bytes() for path in cache.iterdir()}
    run = modlint("--select", "ML001", cwd=root)
    assert (run.code, run.lines) == (1, expected)
    assert {path: path.read_bytes() for path in committed} == committed  # nor written


@pytest.mark.parametrize("inside", [False, True], ids=["out-of-the-project", "within-it"])
def test_a_cache_folder_linked_out_of_the_project_is_not_used(
    modlint, small, tmp_path: Path, inside: bool
) -> None:
    """Outside git (an unpacked archive), `.modlint_cache` may be a link to any folder: one
    that leads out of the project is neither read nor written; one within it is used."""
    root = small({"core/x.py": "import app\n"})
    expected = ["core/x.py:1:8: ML001 foundation module 'core' imports business module 'app' (app)"]
    elsewhere = root / "kept" if inside else tmp_path / "elsewhere"
    assert modlint("--select", "ML001", cwd=root).lines == expected
    shutil.move(root / ".modlint_cache", elsewhere)
    _findings_removed(elsewhere)
    planted = {path: path.read_bytes() for path in elsewhere.iterdir()}
    (root / ".modlint_cache").symlink_to(elsewhere)
    run = modlint("--select", "ML001", cwd=root)
    if inside:
        assert (run.code, run.lines) == (0, [])  # replayed from the folder it leads to
        return
    assert (run.code, run.lines) == (1, expected)
    assert {path: path.read_bytes() for path in elsewhere.iterdir()} == planted


def test_a_cache_git_does_not_track_is_used_in_a_work_tree(modlint, small) -> None:
    root = small({"core/x.py": "import app\n"})
    _git(root, "init", "-q", ".")
    _git(root, "add", ".")  # the cache's own .gitignore keeps it out
    assert modlint("--select", "ML001", cwd=root).code == 1
    _findings_removed(root / ".modlint_cache")
    assert modlint("--select", "ML001", cwd=root).lines == []  # replayed: the cache was used


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
@pytest.mark.parametrize("version", ["2", "3", "4"])
def test_git_index_versions_tell_a_tracked_folder(
    tmp_path: Path, version: str, object_format: str
) -> None:
    from modlint.cache import tracked_by_git

    _git(tmp_path, "init", "-q", f"--object-format={object_format}", ".")
    # `.modlint_cache.txt` sorts just before `.modlint_cache/`: version 4 then stores the
    # cache's paths as `/results.json`, sharing the rest with it.
    write(tmp_path, {".modlint_cache.txt": "", ".modlint_cache/results.json": "{}", "a/c/x": ""})
    _git(tmp_path, "add", "-f", ".")
    (tmp_path / "new").write_text("")
    _git(tmp_path, "add", "-N", "new")  # intent to add: an entry with extended flags
    _git(tmp_path, "update-index", "--index-version", version)
    assert [
        tracked_by_git(tmp_path / name) for name in (".modlint_cache", "a/c", "a/b", ".modlint")
    ] == [True, True, False, False]


def test_a_docs_file_linked_out_of_the_project_is_never_read_for_the_digest(
    tmp_path: Path,
) -> None:
    """The findings' inputs name a README that leads out of the project by where it leads,
    never by its bytes: it could be any file of the machine, of any size."""
    from modlint.cache import inputs_digest

    root = write(tmp_path / "p", {"pyproject.toml": "[tool.modlint]\n"})
    outside = write(tmp_path / "elsewhere", {"a.md": "one\n", "b.md": "one\n"})
    (root / "README.md").symlink_to(outside / "a.md")
    files = [root / "pyproject.toml", root / "README.md"]
    first = inputs_digest([], files, root)
    (outside / "a.md").write_text("two, and much longer\n")
    assert inputs_digest([], files, root) == first
    (root / "README.md").unlink()
    (root / "README.md").symlink_to(outside / "b.md")
    assert inputs_digest([], files, root) != first
