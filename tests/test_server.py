"""`modlint server`: a real Language Server process driven by pytest-lsp's client."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import TypeVar

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import to_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from modlint.configuration import load_config
from modlint.model import Diagnostic
from modlint.pipeline import analysed
from modlint.server import Session, changed_files
from tests.conftest import THREE_TIERS, write

UPWARD = "foundation module 'core' imports business module 'app' (app)"
UNSTABLE = "stable module 'core' imports development module 'app' (app)"
CYCLE = "module 'service' imports 'core' (core), closing the cycle service -> core -> service"
UPWARD_SERVICE = "framework module 'service' imports business module 'app' (app)"
UNSTABLE_SERVICE = "stable module 'service' imports development module 'app' (app)"
CYCLE_THREE = (
    "module 'service' imports 'app' (app), closing the cycle service -> app -> core -> service"
)
CYCLE_APP = "module 'service' imports 'app' (app), closing the cycle service -> app -> service"
CYCLE_SERVICE = "module 'app' imports 'service' (service), closing the cycle app -> service -> app"
T = TypeVar("T")
DOCS = "https://github.com/modlint/modlint/blob/main/README.md#what-it-reports"


def _project(root: Path) -> Path:
    return write(
        root,
        {
            "pyproject.toml": THREE_TIERS.format(extra=""),
            "core/__init__.py": "",
            "core/a.py": "import app\n",
            "service/__init__.py": "",
            "service/b.py": "import core\n",
            "app/__init__.py": "",
        },
    )


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "modlint", "server"]),
)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    root = _project(tmp_path / "project")

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def registered(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    registrations: list[types.Registration] = []
    lsp_client.registrations = registrations  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


def _root(tmp_path: Path) -> Path:
    return tmp_path / "project"


async def _published(
    client: LanguageClient, uri: str, expected: Sequence[tuple[int, int, int, str, str]]
) -> None:
    """Wait until the diagnostics published for ``uri`` are ``expected``: (line, start
    character, end character, code, message), 0-based as in the protocol."""

    def current() -> list[tuple[int, int, int, str, str]]:
        return [
            (
                found.range.start.line,
                found.range.start.character,
                found.range.end.character,
                str(found.code),
                found.message,
            )
            for found in client.diagnostics.get(uri, [])
        ]

    for _ in range(200):
        if uri in client.diagnostics and current() == list(expected):
            return
        await asyncio.sleep(0.05)
    assert current() == list(expected)


def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=version, text=text
            )
        )
    )
    return uri


def _change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


@pytest.mark.asyncio
async def test_diagnostics_of_the_workspace_are_published_at_start(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = (_root(tmp_path) / "core/a.py").as_uri()
    await _published(client, uri, [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)])
    # Each links to its rule's documentation, the address JSON and SARIF give.
    assert [found.code_description for found in client.diagnostics[uri]] == [
        types.CodeDescription(href=f"{DOCS}-ml001"),
        types.CodeDescription(href=f"{DOCS}-ml004"),
    ]


@pytest.mark.asyncio
async def test_an_unsaved_edit_is_checked_and_a_fixed_problem_cleared(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = _root(tmp_path) / "core/a.py"
    uri = _open(client, path, "import app\n")
    await _published(client, uri, [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)])
    _change(client, uri, "x = 'é😀'; import app\n", 2)
    # Columns in the client's units: UTF-16, where the emoji takes two.
    await _published(client, uri, [(0, 18, 21, "ML001", UPWARD), (0, 18, 21, "ML004", UNSTABLE)])
    _change(client, uri, "import os\n", 3)
    await _published(client, uri, [])
    assert path.read_text(encoding="utf-8") == "import app\n"  # nothing was saved


@pytest.mark.asyncio
async def test_an_edit_in_one_file_publishes_for_the_other_files_it_affects(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = _root(tmp_path)
    uri = _open(client, root / "core/a.py", "import app\n")
    await _published(client, uri, [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)])
    _change(client, uri, "import service\n", 2)
    # The edit closes a cycle: it shows at the import in the file that is not open too.
    other = (root / "service/b.py").as_uri()
    await _published(client, other, [(0, 7, 11, "ML003", CYCLE)])


@pytest.mark.asyncio
async def test_the_open_document_is_published_before_the_other_files_an_edit_affects(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = _root(tmp_path)
    start = [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)]
    await _published(client, (root / "core/a.py").as_uri(), start)
    # Seen at the next check without a notification: no problem left, nothing published.
    (root / "core/a.py").write_text("", encoding="utf-8")
    (root / "app/__init__.py").write_text("import service\n", encoding="utf-8")
    uri = _open(client, root / "service/b.py", "import core\n")
    _change(client, uri, "import core\nimport app\n", 2)
    app_uri = (root / "app/__init__.py").as_uri()
    await _published(
        client,
        uri,
        [
            (1, 7, 10, "ML001", UPWARD_SERVICE),
            (1, 7, 10, "ML003", CYCLE_APP),
            (1, 7, 10, "ML004", UNSTABLE_SERVICE),
        ],
    )
    await _published(client, app_uri, [(0, 7, 14, "ML003", CYCLE_SERVICE)])
    # The file being typed in came first, although app/ sorts before service/.
    assert list(client.diagnostics)[-2:] == [uri, app_uri]


def _changed_on_disk(client: LanguageClient, path: Path) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )


@pytest.mark.asyncio
async def test_positions_in_a_file_that_is_not_open_follow_its_text_on_disk(
    client: LanguageClient, tmp_path: Path
) -> None:
    b = _root(tmp_path) / "service/b.py"
    uri = b.as_uri()
    b.write_text("x = 'é😀'; import app\n", encoding="utf-8")
    _changed_on_disk(client, b)
    # UTF-16 columns, counted in the file's own text: the emoji takes two.
    expected = [(0, 18, 21, "ML001", UPWARD_SERVICE), (0, 18, 21, "ML004", UNSTABLE_SERVICE)]
    await _published(client, uri, expected)
    b.write_text("import app\n", encoding="utf-8")
    _changed_on_disk(client, b)
    expected = [(0, 7, 10, "ML001", UPWARD_SERVICE), (0, 7, 10, "ML004", UNSTABLE_SERVICE)]
    await _published(client, uri, expected)


@pytest.mark.asyncio
async def test_a_broken_configuration_is_one_diagnostic_on_it_until_fixed(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = _root(tmp_path)
    uri = (root / "core/a.py").as_uri()
    await _published(client, uri, [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)])
    pyproject = root / "pyproject.toml"
    good = pyproject.read_text(encoding="utf-8")
    pyproject.write_text("[tool.modlint]\ntiers = 3\n", encoding="utf-8")
    _saved(client, pyproject)
    await _published(client, uri, [])
    broken = (
        "pyproject.toml: [tool.modlint]: key 'tiers' must be an array of strings, got an integer"
    )
    await _published(client, pyproject.as_uri(), [(0, 0, 0, "None", broken)])
    assert client.messages == []
    watched = [
        watcher["globPattern"]
        for registration in client.registrations  # type: ignore[attr-defined]
        for watcher in registration.register_options["watchers"]
    ]
    assert watched == [
        "**/pyproject.toml",
        "**/modlint.toml",
        "**/.LOCKED",
        "**/*.LOCKED",
        "**/*.md",
        "**/*.py",
    ]
    pyproject.write_text(good, encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await _published(client, pyproject.as_uri(), [])
    await _published(client, uri, [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)])


def _saved(client: LanguageClient, path: Path) -> None:
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri())
        )
    )


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> str | None:
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value.splitlines()[0]


@pytest.mark.asyncio
async def test_hover_shows_the_rule_of_a_diagnostic_or_of_a_noqa_code(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = _root(tmp_path) / "core/a.py"
    uri = _open(client, path, "import app\nimport os  # noqa: E501, ML003\n")
    unused = "unused noqa directive (unused: ML003)"
    await _published(
        client,
        uri,
        [
            (0, 7, 10, "ML001", UPWARD),
            (0, 7, 10, "ML004", UNSTABLE),
            (1, 11, 30, "ML903", unused),
        ],
    )
    assert await _hover(client, uri, 0, 8) == "# tier-violation (ML001)"
    assert await _hover(client, uri, 0, 2) is None  # on `import`, before the diagnostic
    assert await _hover(client, uri, 1, 29) == "# dependency-cycle (ML003)"
    assert await _hover(client, uri, 1, 23) is None  # E501 is not modlint's


async def _actions(
    client: LanguageClient, uri: str, line: int
) -> list[tuple[str, str, list[tuple[int, int, int, int, str]]]]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=line, character=0),
                end=types.Position(line=line, character=0),
            ),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    actions = []
    for action in found or []:
        assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
        edits = [
            (
                e.range.start.line,
                e.range.start.character,
                e.range.end.line,
                e.range.end.character,
                e.new_text,
            )
            for e in action.edit.changes[uri]
        ]
        actions.append((action.title, str(action.kind), edits))
    return actions


@pytest.mark.asyncio
async def test_code_actions_fix_ignore_and_fix_all(client: LanguageClient, tmp_path: Path) -> None:
    path = _root(tmp_path) / "core/a.py"
    uri = _open(client, path, "import os  # noqa: ML001\nx = 'é😀'; import app\n")
    await _published(
        client,
        uri,
        [
            (0, 11, 24, "ML903", "unused noqa directive (unused: ML001)"),
            (1, 18, 21, "ML001", UPWARD),
            (1, 18, 21, "ML004", UNSTABLE),
        ],
    )
    remove = ("Remove unused `noqa` directive", "quickfix", [(0, 9, 0, 24, "")])
    fix_all = ("Fix all modlint problems in this file", "source.fixAll.modlint", remove[2])
    assert await _actions(client, uri, 0) == [remove, fix_all]
    # UTF-16 positions: the line's end is character 21 for the client (the emoji counts two).
    assert await _actions(client, uri, 1) == [
        ("Ignore ML001 on this line (noqa)", "quickfix", [(1, 21, 1, 21, "  # noqa: ML001")]),
        ("Ignore ML004 on this line (noqa)", "quickfix", [(1, 21, 1, 21, "  # noqa: ML004")]),
        fix_all,
    ]


@pytest.mark.asyncio
async def test_no_code_action_is_offered_that_would_break_the_file_or_not_settle(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = _root(tmp_path) / "core/a.py"
    # A noqa after the backslash would not parse; one inside the string would not suppress.
    uri = _open(client, path, 'import os, \\\n    app\nimport app; x = """\n"""\n')
    await _published(
        client,
        uri,
        [
            (1, 4, 7, "ML001", UPWARD),
            (1, 4, 7, "ML004", UNSTABLE),
            (2, 7, 10, "ML001", UPWARD),
            (2, 7, 10, "ML004", UNSTABLE),
        ],
    )
    assert await _actions(client, uri, 1) == []
    assert await _actions(client, uri, 2) == []
    _change(client, uri, "import app\n", 2)
    await _published(client, uri, [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)])
    assert await _actions(client, uri, 0) == [
        ("Ignore ML001 on this line (noqa)", "quickfix", [(0, 10, 0, 10, "  # noqa: ML001")]),
        ("Ignore ML004 on this line (noqa)", "quickfix", [(0, 10, 0, 10, "  # noqa: ML004")]),
    ]


@pytest.mark.asyncio
async def test_after_edits_the_published_diagnostics_are_those_of_a_full_check(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = _root(tmp_path)
    a, b = root / "core/a.py", root / "service/b.py"
    a_uri, b_uri = _open(client, a, "import app\n"), _open(client, b, "import core\n")
    await _published(client, a_uri, [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)])
    for version, text in enumerate(["import service\n", "import os\n", "import service\n"], 2):
        _change(client, a_uri, text, version)
    await _published(client, b_uri, [(0, 7, 11, "ML003", CYCLE)])
    # A file that is not open changes on disk, without any notification: seen all the same.
    (root / "app/__init__.py").write_text("import core.a\n", encoding="utf-8")
    _change(client, b_uri, "import os\n", 2)
    await _published(client, b_uri, [])
    _change(client, b_uri, "import os\nimport app\n", 3)
    a.write_text("import service\n", encoding="utf-8")
    b.write_text("import os\nimport app\n", encoding="utf-8")
    full = subprocess.run(
        [sys.executable, "-m", "modlint", "--no-cache", "."],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
    )
    assert full.stdout.splitlines() == [
        "app/__init__.py:1:8: ML003 module 'app' imports 'core' (core.a), closing the cycle "
        "app -> core -> service -> app",
        "app/__init__.py:1:8: ML101 'core.a' is not in the surface of stable module 'core' "
        "(use what 'core' exports)",
        "core/a.py:1:8: ML001 foundation module 'core' imports framework module 'service' "
        "(service)",
        "core/a.py:1:8: ML003 module 'core' imports 'service' (service), closing the cycle "
        "core -> service -> app -> core",
        f"service/b.py:2:8: ML001 {UPWARD_SERVICE}",
        f"service/b.py:2:8: ML003 {CYCLE_THREE}",
        f"service/b.py:2:8: ML004 {UNSTABLE_SERVICE}",
    ]
    await _published(
        client,
        b_uri,
        [
            (1, 7, 10, "ML001", UPWARD_SERVICE),
            (1, 7, 10, "ML003", CYCLE_THREE),
            (1, 7, 10, "ML004", UNSTABLE_SERVICE),
        ],
    )
    published = sorted(
        f"{Path(to_fs_path(uri)).relative_to(root).as_posix()}:{found.range.start.line + 1}:"
        f"{found.range.start.character + 1}: {found.code} {found.message}"
        for uri, diagnostics in client.diagnostics.items()
        for found in diagnostics
    )
    assert published == full.stdout.splitlines()


def test_changed_files_clears_what_went_away() -> None:
    a, b = Path("/p/a.py"), Path("/p/b.py")
    old = Diagnostic(a, 1, 8, "ML001", "x")
    new = Diagnostic(b, 2, 1, "ML003", "y")
    assert changed_files({a: (old,)}, {b: (new,)}) == {a: (), b: (new,)}
    assert changed_files({a: (old,)}, {a: (old,)}) == {}


def test_the_server_needs_its_extra(modlint, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "modlint.server.protocol", raising=False)
    monkeypatch.setitem(sys.modules, "pygls", None)
    run = modlint("server", "--stdio")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "modlint: error: modlint server needs the server extra (pygls is missing): "
        "pip install 'modlint[server]'\n"
    )


def _frame(message: str) -> bytes:
    body = message.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def test_the_server_exits_cleanly_when_told(tmp_path: Path) -> None:
    messages = (
        '{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}',
        '{"jsonrpc": "2.0", "method": "exit"}',
    )
    done = subprocess.run(
        [sys.executable, "-m", "modlint", "server"],
        input=b"".join(_frame(message) for message in messages),
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    body = b'{"id": 1, "jsonrpc": "2.0", "result": null}'
    assert done.stdout == (
        b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n%s"
        % (len(body), body)
    )


def test_a_session_checks_as_a_full_check_does_through_edits_and_changes_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(
            "[tool.modlint]", '[tool.modlint]\nignore-imports = ["core.a -> app"]'
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    a, b, app = root / "core/a.py", root / "service/b.py", root / "app/__init__.py"
    session = Session(root)
    config = load_config(pyproject)
    cycle = ["core/a.py:1:8: ML001", "core/a.py:1:8: ML003", "pyproject.toml:2:19: ML904"]
    steps: list[tuple[dict[Path, bytes], dict[Path, str], list[str]]] = [
        ({}, {}, []),
        # core/a.py's facts are kept from the last check: its ignored import still matches.
        ({b: b"import os\n"}, {}, []),
        ({a: b"import service\n"}, {}, [*cycle, "service/b.py:1:8: ML003"]),
        (
            {a: b"import service\n"},
            {app: "import core.a\n"},
            ["app/__init__.py:1:8: ML101", *cycle, "service/b.py:1:8: ML003"],
        ),
        (
            {b: b"import app\nimport os\n"},
            {a: "import app, service\n"},
            [
                "app/__init__.py:1:8: ML003",
                "app/__init__.py:1:8: ML101",
                "core/a.py:1:13: ML001",
                "core/a.py:1:13: ML003",
                "service/b.py:1:8: ML001",
                "service/b.py:1:8: ML003",
                "service/b.py:1:8: ML004",
            ],
        ),
        ({b: b"def f(:\n"}, {app: ""}, ["core/a.py:1:13: ML001", "service/b.py:1:7: ML901"]),
    ]
    for buffers, on_disk, expected in steps:
        for path, text in on_disk.items():
            path.write_text(text, encoding="utf-8")  # no notification: the session sees it
        session.check(buffers)
        full = analysed(config, overlay=buffers)
        assert session.result is not None
        found = [
            f"{d.path.relative_to(root).as_posix()}:{d.line}:{d.column}: {d.code}"
            for d in session.result.diagnostics
        ]
        assert found == expected
        assert session.result.diagnostics == full.diagnostics


def test_a_session_reads_surfaces_again_once_a_module_is_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace('level = "stable"\n', ""), encoding="utf-8"
    )
    (root / "core/__init__.py").write_text('__all__ = ["VERSION"]\nVERSION = 1\n', "utf-8")
    monkeypatch.chdir(root)
    session = Session(root)
    session.check({})  # no module is locked or stable: only imports are extracted
    (root / "core/.LOCKED").write_text(
        'module = "core"\nversion = "1.0.0"\nlocked-on = 2026-01-15\nreason = "x"\n\n[surface]\n'
        '"VERSION" = "constant"\n',
        encoding="utf-8",
    )
    session.check({})
    assert session.result is not None
    assert [
        f"{d.path.relative_to(root).as_posix()}:{d.line}:{d.column}: {d.code} {d.message}"
        for d in session.result.diagnostics
    ] == [
        f"core/a.py:1:8: ML001 {UPWARD}",
        "core/a.py:1:8: ML004 locked module 'core' imports development module 'app' (app)",
    ]
    assert session.result.diagnostics == analysed(load_config(pyproject)).diagnostics


async def _answered(request: Awaitable[T]) -> T:
    """The server's answer to ``request``, which must come within ten seconds."""
    return await asyncio.wait_for(request, timeout=10)


@pytest.mark.asyncio
async def test_hover_and_code_actions_never_read_a_document_that_is_not_open(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = _root(tmp_path)
    await _published(
        client,
        (root / "core/a.py").as_uri(),
        [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)],
    )
    # Outside the workspace: a file whose noqa hover would document, and a fifo, whose read
    # would never end.
    outside = tmp_path / "secret.py"
    outside.write_text("import os  # noqa: ML001\n", encoding="utf-8")
    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)
    for path, character in ((outside, 20), (fifo, 0), (root / "core/a.py", 8)):
        assert await _answered(_hover(client, path.as_uri(), 0, character)) is None
        assert await _answered(_actions(client, path.as_uri(), 0)) == []
    uri = _open(client, root / "core/a.py", "import app\n")
    assert await _answered(_hover(client, uri, 0, 8)) == "# tier-violation (ML001)"


@pytest.mark.asyncio
async def test_positions_follow_the_open_buffer_of_a_file_whose_name_is_quoted_in_its_uri(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = _root(tmp_path) / "core/my é.py"
    path.write_text("import os\n", encoding="utf-8")
    uri = _open(client, path, "x = 'é😀'; import app\n")
    assert "%20" in uri
    # UTF-16 columns of the buffer's text, not of the file's on disk.
    await _published(client, uri, [(0, 18, 21, "ML001", UPWARD), (0, 18, 21, "ML004", UNSTABLE)])


@pytest.mark.asyncio
async def test_a_buffer_with_a_lone_surrogate_is_checked_as_the_bytes_it_encodes_to(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = _root(tmp_path) / "core/a.py"
    uri = _open(client, path, "x = '\ud800'\nimport app\n")
    # As `modlint .` reports a file holding those bytes; never the file on disk instead.
    invalid = "cannot read file: invalid UTF-8: byte 0xed at line 1, column 6"
    await _published(client, uri, [(0, 0, 0, "ML902", invalid)])
    assert await _answered(_actions(client, uri, 1)) == []
    assert client.messages == []
    _change(client, uri, "import app\n", 2)
    await _published(client, uri, [(0, 7, 10, "ML001", UPWARD), (0, 7, 10, "ML004", UNSTABLE)])


def _served(tmp_path: Path, stream: bytes) -> subprocess.CompletedProcess[bytes]:
    """`modlint server` run on ``stream`` until its end."""
    return subprocess.run(
        [sys.executable, "-m", "modlint", "server"],
        input=stream,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )


SHUTDOWN_AND_EXIT = _frame('{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}') + _frame(
    '{"jsonrpc": "2.0", "method": "exit"}'
)


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (b"Content-Length: -5\r\n\r\n{}", "Content-Length '-5' (expected one positive integer)"),
        (b"Content-Length: 0\r\n\r\n", "Content-Length '0' (expected one positive integer)"),
        (
            b"Content-Length: 2\r\ncontent-length: 2\r\n\r\n{}",
            "two Content-Length fields in one message header",
        ),
        (b"Content-Type: x\r\n\r\n{}", "a message header without Content-Length"),
        (b"Content-Length: 2\n\n{}", "a malformed header line 'Content-Length: 2\\n'"),
        (b"\x1b[2J\r\n", "a malformed header line '\\x1b[2J\\r\\n'"),
        # A length is a promise: no memory is reserved for it, and the stream ends first.
        (
            b"Content-Length: 99999999999999\r\n\r\n{}",
            f"the input ended inside a message ({2 + len(SHUTDOWN_AND_EXIT)} of "
            "99999999999999 bytes)",
        ),
    ],
    ids=["negative", "zero", "twice", "missing", "bare-lf", "escape", "never-sent"],
)
def test_a_stream_that_breaks_the_framing_ends_the_server_with_one_line(
    tmp_path: Path, header: bytes, problem: str
) -> None:
    # The messages after it cannot be told apart any more: none is answered.
    done = _served(tmp_path, header + SHUTDOWN_AND_EXIT)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        f"modlint: error: the client broke the Language Server Protocol: {problem}\n"
    )


def test_header_names_are_read_in_any_case_beside_other_fields(tmp_path: Path) -> None:
    body = b'{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}'
    stream = b"content-length: %d\r\nContent-Type: x\r\n\r\n%s" % (len(body), body)
    done = _served(tmp_path, stream + _frame('{"jsonrpc": "2.0", "method": "exit"}'))
    assert (done.returncode, done.stderr) == (0, b"")
    answer = b'{"id": 1, "jsonrpc": "2.0", "result": null}'
    assert done.stdout == (
        b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n%s"
        % (len(answer), answer)
    )


def _messages(stdout: bytes) -> list[object]:
    """The JSON messages of a stream of framed messages."""
    messages = []
    while stdout:
        header, _, rest = stdout.partition(b"\r\n\r\n")
        length = int(header.split(b"\r\n")[0].removeprefix(b"Content-Length: "))
        messages.append(json.loads(rest[:length]))
        stdout = rest[length:]
    return messages


def test_a_request_whose_params_cannot_be_read_is_answered_with_the_error(tmp_path: Path) -> None:
    hover = '"method": "textDocument/hover"'
    requests = (
        f'{{"jsonrpc": "2.0", "id": 5, {hover}, "params": {{}}}}',
        f'{{"jsonrpc": "2.0", "id": "six", {hover}, "params": {{"position": 1}}}}',
        # An id that is no integer or string cannot be answered.
        f'{{"jsonrpc": "2.0", "id": {{"a": 1}}, {hover}, "params": {{}}}}',
    )
    done = _served(tmp_path, b"".join(map(_frame, requests)) + SHUTDOWN_AND_EXIT)
    assert done.returncode == 0
    invalid = {"code": -32602, "message": "Invalid Params"}
    shown = {"type": 1, "message": "Error in server: Invalid Params"}
    assert _messages(done.stdout) == [
        {"error": invalid, "jsonrpc": "2.0", "id": 5},
        {"params": shown, "method": "window/showMessage", "jsonrpc": "2.0"},
        {"error": invalid, "jsonrpc": "2.0", "id": "six"},
        {"params": shown, "method": "window/showMessage", "jsonrpc": "2.0"},
        {"params": shown, "method": "window/showMessage", "jsonrpc": "2.0"},
        {"id": 1, "jsonrpc": "2.0", "result": None},
    ]


@pytest.mark.asyncio
async def test_lines_break_only_where_the_protocol_breaks_them(
    client: LanguageClient, tmp_path: Path
) -> None:
    # U+2028 and a form feed end a line for str.splitlines, never for the client or Python.
    root = _root(tmp_path)
    text = "x = '\u2028\f'; import app\nimport os  # noqa: ML001\n"
    uri = _open(client, root / "core/a.py", text)
    unused = (1, 11, 24, "ML903", "unused noqa directive (unused: ML001)")
    await _published(
        client, uri, [(0, 17, 20, "ML001", UPWARD), (0, 17, 20, "ML004", UNSTABLE), unused]
    )
    remove = ("Remove unused `noqa` directive", "quickfix", [(1, 9, 1, 24, "")])
    fix_all = ("Fix all modlint problems in this file", "source.fixAll.modlint", remove[2])
    assert await _answered(_actions(client, uri, 1)) == [remove, fix_all]
    assert await _answered(_hover(client, uri, 1, 20)) == "# tier-violation (ML001)"
    # A file that is not open: positions counted in its text on disk the same way.
    b = root / "service/b.py"
    b.write_text("x = '\u2028'; import app\n", encoding="utf-8")
    _changed_on_disk(client, b)
    expected = [(0, 16, 19, "ML001", UPWARD_SERVICE), (0, 16, 19, "ML004", UNSTABLE_SERVICE)]
    await _published(client, b.as_uri(), expected)


def test_documents_are_synchronised_as_whole_texts(tmp_path: Path) -> None:
    # pygls would apply an edit at lines counted by str.splitlines (see the test above).
    initialize = (
        '{"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}'
    )
    done = _served(tmp_path, _frame(initialize) + SHUTDOWN_AND_EXIT)
    answer = _messages(done.stdout)[0]
    assert isinstance(answer, dict)
    assert answer["result"]["capabilities"]["textDocumentSync"] == {
        "openClose": True,
        "change": types.TextDocumentSyncKind.Full.value,
        "save": True,
    }


def test_a_session_never_uses_a_cache_folder_that_leads_out_of_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / ".modlint_cache").symlink_to(outside)
    monkeypatch.chdir(root)
    session = Session(root)
    session.check({})
    assert session.result is not None
    assert [
        f"{d.path.relative_to(root).as_posix()}:{d.line}:{d.column}: {d.code}"
        for d in session.result.diagnostics
    ] == ["core/a.py:1:8: ML001", "core/a.py:1:8: ML004"]
    assert list(outside.iterdir()) == []
    # A cache folder inside the project is used as before.
    (root / ".modlint_cache").unlink()
    Session(root).check({})
    assert (root / ".modlint_cache/results.json").is_file()


@pytest.mark.asyncio
async def test_one_noqa_action_for_each_code_of_a_line(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = _open(client, _root(tmp_path) / "core/a.py", "import app, app\n")
    await _published(
        client,
        uri,
        [
            (0, 7, 10, "ML001", UPWARD),
            (0, 7, 10, "ML004", UNSTABLE),
            (0, 12, 15, "ML001", UPWARD),
            (0, 12, 15, "ML004", UNSTABLE),
        ],
    )
    assert await _answered(_actions(client, uri, 0)) == [
        ("Ignore ML001 on this line (noqa)", "quickfix", [(0, 15, 0, 15, "  # noqa: ML001")]),
        ("Ignore ML004 on this line (noqa)", "quickfix", [(0, 15, 0, 15, "  # noqa: ML004")]),
    ]


@pytest.mark.asyncio
async def test_at_most_32_actions_are_verified_for_a_request_besides_fixing_all(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = _root(tmp_path) / "core/a.py"
    uri = _open(client, path, "import os  # noqa: ML001\n" + "import app\n" * 40)
    unused = [(0, 11, 24, "ML903", "unused noqa directive (unused: ML001)")]
    await _published(
        client,
        uri,
        unused
        + [
            (line, 7, 10, code, message)
            for line in range(1, 41)
            for code, message in (("ML001", UPWARD), ("ML004", UNSTABLE))
        ],
    )
    found = await _answered(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(
                    start=types.Position(line=0, character=0),
                    end=types.Position(line=41, character=0),
                ),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
    )
    assert found is not None
    titles = [action.title for action in found if isinstance(action, types.CodeAction)]
    assert titles == [
        "Remove unused `noqa` directive",
        *["Ignore ML001 on this line (noqa)", "Ignore ML004 on this line (noqa)"] * 15,
        "Ignore ML001 on this line (noqa)",
        "Fix all modlint problems in this file",
    ]


def test_a_workspace_folder_that_cannot_be_opened_is_one_message(tmp_path: Path) -> None:
    root = tmp_path / "gone\x1b[2J"
    initialize = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 0,
            "method": "initialize",
            "params": {"capabilities": {}, "rootUri": root.as_uri()},
        }
    )
    initialized = '{"jsonrpc": "2.0", "method": "initialized", "params": {}}'
    done = _served(tmp_path, _frame(initialize) + _frame(initialized) + SHUTDOWN_AND_EXIT)
    assert (done.returncode, done.stderr) == (0, b"")
    message = (
        f"modlint: cannot open the workspace folder '{tmp_path}/gone\\x1b[2J': "
        "No such file or directory"
    )
    assert _messages(done.stdout)[1:] == [
        {
            "params": {"type": 1, "message": message},
            "method": "window/showMessage",
            "jsonrpc": "2.0",
        },
        {"id": 1, "jsonrpc": "2.0", "result": None},
    ]
