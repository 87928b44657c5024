"""The Language Server Protocol side of `modlint server`, on pygls: documents in, diagnostics
out. Checks run on a worker thread, one at a time: an edit starts one at once when none is
running, and the edits that arrive during a check are checked together right after it."""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from modlint.discovery import Unread, read_regular_file
from modlint.model import Diagnostic, Edit, UsageError, __version__
from modlint.report import rule_document, rule_url
from modlint.rules import RULES_BY_CODE
from modlint.server.actions import FIX_ALL, QUICK_FIX
from modlint.server.framing import Framing
from modlint.server.hover import diagnostic_code_at, noqa_code_at
from modlint.server.positions import (
    TextLines,
    client_range,
    line_key,
    split_lines,
    text_lines,
)
from modlint.server.session import Outcome, Session, buffer_bytes, buffer_path
from modlint.support import printable

MAX_TEXT = 16 << 20
"""Bytes of a file that is not open read to count positions in the client's units."""
MAX_CONVERTED = 50_000
"""Diagnostics kept converted for the client before the memory of them starts afresh."""
OVERLAID = frozenset({".py", ".md"})
"""Suffixes of the buffers checked in place of their files: code, docs and module READMEs."""
SETTINGS_FILES = frozenset({"pyproject.toml", "modlint.toml"})
"""Files whose change means the configuration must be read again."""

# `NAME.LOCKED` is the lock file of a single-file module `NAME.py`.
WATCHED = (
    "**/pyproject.toml",
    "**/modlint.toml",
    "**/.LOCKED",
    "**/*.LOCKED",
    "**/*.md",
    "**/*.py",
)
"""Files whose change on disk (a save, a checkout) calls for a new check."""

logger = logging.getLogger(__name__)


class ModlintProtocol(LanguageServerProtocol):
    """pygls' protocol, answering a request whose message it cannot read (params of the
    wrong shape) with the error: pygls showed it but never answered the request."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        """The message ``data`` holds; JsonRpcException, once answered, when it is not one."""
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            request = data.get("id")
            # Only an integer or a string identifies a request (true is no id).
            if "method" in data and isinstance(request, (int, str)):
                if not isinstance(request, bool):
                    self._send_response(request, error=error.to_response_error())
            raise


class ModlintServer(LanguageServer):
    """pygls' server plus modlint's session and a one-at-a-time, coalescing checker."""

    def __init__(self) -> None:
        # Whole texts, not edits: pygls applies an edit at lines counted by str.splitlines,
        # which break where the client's do not (U+2028, a form feed), corrupting the buffer.
        super().__init__(
            "modlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=ModlintProtocol,
        )
        self.session: Session | None = None
        self.buffers: dict[Path, bytes] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="modlint-check")
        self._timer: asyncio.Handle | None = None
        self._running = False
        self._again = False
        self._config_uri: str | None = None
        self._disk_lines: dict[Path, tuple[tuple[int, ...], TextLines]] = {}
        self._unsent: dict[Path, tuple[Diagnostic, ...]] = {}
        """Diagnostics by file, checked but not yet sent."""
        self._converted: dict[tuple[Diagnostic, object, object], types.Diagnostic] = {}
        self._sending = False
        self._no_check: asyncio.Event | None = None

    def schedule(self) -> None:
        """Check as soon as the messages already received are handled (a check running then
        is followed by one more, which reads every buffer as it is by that time)."""
        # No debounce: the latency counts from the keystroke, and a check that is running
        # already coalesces the edits made meanwhile (as ruff's server does).
        if self._timer is not None:
            self._timer.cancel()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_soon(lambda: loop.create_task(self._check()))

    def _idle(self) -> asyncio.Event:
        """Set while no check runs (made on first use, in the server's event loop)."""
        if self._no_check is None:
            self._no_check = asyncio.Event()
            self._no_check.set()
        return self._no_check

    async def _check(self) -> None:
        if self.session is None:
            return
        if self._running:
            self._again = True  # an edit arrived during this check: check again after it
            return
        self._running = True
        self._idle().clear()
        try:
            snapshot = dict(self.buffers)
            loop = asyncio.get_running_loop()
            outcome = await loop.run_in_executor(self._executor, self.session.check, snapshot)
            self.publish(outcome)
        except Exception as error:  # never let one bad check stop the server
            logger.exception("modlint check failed")
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error,
                    message=f"modlint: internal error: {type(error).__name__}: "
                    f"{printable(str(error))}",
                )
            )
        finally:
            self._running = False
            self._idle().set()
        if self._again:
            self._again = False
            self.schedule()

    def publish(self, outcome: Outcome) -> None:
        """Send the changed files' diagnostics; a configuration problem as one diagnostic at
        the top of the configuration file (or as a message when there is no such file)."""
        if self._config_uri is not None:
            self._send(self._config_uri, [])
            self._config_uri = None
        if outcome.error is not None:
            message = f"modlint: {printable(outcome.error)}"
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message=message)
            )
            uri = from_fs_path(str(outcome.config_file)) if outcome.config_file else None
            if uri is None:
                self.window_show_message(
                    types.ShowMessageParams(type=types.MessageType.Error, message=message)
                )
            else:
                self._config_uri = uri
                start = types.Position(line=0, character=0)
                problem = types.Diagnostic(
                    range=types.Range(start=start, end=start),
                    message=printable(outcome.error),
                    severity=types.DiagnosticSeverity.Error,
                    source="modlint",
                )
                self._send(uri, [problem])
        # A file still waiting from an earlier check is sent once, with its newest diagnostics.
        self._unsent.update(outcome.changes)
        if not self._sending:
            self._sending = True
            asyncio.get_running_loop().create_task(self._send_unsent())

    async def _send_unsent(self) -> None:
        """Send the waiting files' diagnostics, open documents first (the one being typed in
        is what its user waits for), one file at a time, and none while a check runs: the
        next edit's check starts at once and the rest waits for it."""
        try:
            while self._unsent:
                # A running check has the processor: its own file's diagnostics come first.
                await self._idle().wait()
                if not self._unsent:
                    break
                path = next((open_ for open_ in self.buffers if open_ in self._unsent), None)
                if path is None:
                    path = next(iter(self._unsent))
                diagnostics = self._unsent.pop(path)
                uri = from_fs_path(str(path))
                if uri is not None:
                    lines = self._lines(uri, path) if diagnostics else None
                    self._send(uri, [self._lsp(found, lines) for found in diagnostics])
                await asyncio.sleep(0)
        except Exception:  # never let one bad publication stop the server
            logger.exception("modlint publishing failed")
        finally:
            self._sending = False

    def _send(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """The fixes, noqa comments and fix-all for the requested lines, each verified
        before it is offered, when the last check read exactly the buffer's current text
        (else none: a new check is on its way)."""
        uri = params.text_document.uri
        path = _path(uri)
        session = self.session
        document = self.document(uri)
        if path is None or session is None or document is None:
            return []
        text = document.source
        lines = split_lines(text)
        counted = text_lines(lines)
        span = (params.range.start.line + 1, params.range.end.line + 1)
        # On the checker's thread: verifying re-checks the project, never beside a check.
        loop = asyncio.get_running_loop()
        try:
            actions = await loop.run_in_executor(self._executor, session.actions, path, text, span)
        except Exception:  # an action that cannot be verified is not offered
            logger.exception("modlint code actions failed")
            return []
        wanted = params.context.only
        found = []
        for action in actions:
            if wanted and not any(action.kind.startswith(kind) for kind in wanted):
                continue
            found.append(
                types.CodeAction(
                    title=printable(action.title),
                    kind=action.kind,
                    diagnostics=[self._lsp(d, counted) for d in action.diagnostics],
                    is_preferred=action.preferred or None,
                    edit=types.WorkspaceEdit(
                        changes={uri: [self._text_edit(edit, lines) for edit in action.edits]}
                    ),
                )
            )
        return found

    def _text_edit(self, edit: Edit, lines: list[str]) -> types.TextEdit:
        span = types.Range(
            start=types.Position(line=edit.line - 1, character=edit.column - 1),
            end=types.Position(line=edit.end_line - 1, character=edit.end_column - 1),
        )
        return types.TextEdit(
            range=self.workspace.position_codec.range_to_client_units(lines, span),
            new_text=edit.content,
        )

    def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        """The documentation of the rule under the cursor: a code in a `# noqa:` comment, or
        a diagnostic published there."""
        path = _path(uri)
        document = self.document(uri)
        if path is None or self.session is None or document is None:
            return None
        lines = split_lines(document.source)
        if not 0 <= position.line < len(lines):
            return None
        # The client counts in its own units; the rules' positions are code points.
        here = self.workspace.position_codec.position_from_client_units(lines, position)
        published = self.session.published.get(path, ())
        code = noqa_code_at(lines[here.line], here.character) or diagnostic_code_at(
            published, here.line, here.character
        )
        rule = RULES_BY_CODE.get(code) if code else None
        if rule is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=rule_document(rule))
        )

    def document(self, uri: str) -> TextDocument | None:
        """The document the client opened as ``uri``; None when it is not open."""
        # Never pygls' get_text_document: for a document that is not open it reads the file
        # the URI names, which may lie outside the workspace or be a fifo (a read that never
        # ends). pygls keeps documents by their unquoted URI; ours come quoted from paths.
        documents: dict[str, TextDocument] = self.workspace.text_documents
        return documents.get(unquote(uri))

    def _lines(self, uri: str, path: Path) -> TextLines | None:
        """The lines positions are counted in: the open buffer's, else the file's (None when
        it cannot be read: positions stay in code points)."""
        document = self.document(uri)
        if document is not None:
            return text_lines(split_lines(document.source))
        try:
            status = path.stat()
        except OSError:
            return None
        # A file is read again only when it changed: one edit can republish hundreds.
        signature = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        known = self._disk_lines.get(path)
        if known is not None and known[0] == signature:
            return known[1]
        data = read_regular_file(path, MAX_TEXT)  # never a fifo or a device
        if isinstance(data, Unread):
            return None
        counted = text_lines(split_lines(data.decode("utf-8", errors="replace")))
        self._disk_lines[path] = (signature, counted)
        return counted

    def _lsp(self, found: Diagnostic, lines: TextLines | None) -> types.Diagnostic:
        """``found`` for the client, its positions counted in ``lines``; built once while its
        lines stay the same (an edit republishes mostly unchanged diagnostics)."""
        key = (found, line_key(lines, found.line - 1), line_key(lines, found.end_line - 1))
        converted = self._converted.get(key)
        if converted is None:
            if len(self._converted) >= MAX_CONVERTED:
                self._converted.clear()
            converted = self._converted[key] = self._converted_diagnostic(found, lines)
        return converted

    def _converted_diagnostic(self, found: Diagnostic, lines: TextLines | None) -> types.Diagnostic:
        start, end = (found.line - 1, found.column - 1), (found.end_line - 1, found.end_column - 1)
        if lines is not None and lines.lengths:
            units = self.workspace.position_codec.client_num_units
            span = client_range(lines, start, end, units)
        else:
            span = types.Range(
                start=types.Position(line=start[0], character=start[1]),
                end=types.Position(line=end[0], character=end[1]),
            )
        return types.Diagnostic(
            range=span,
            message=printable(found.message),
            severity=types.DiagnosticSeverity.Warning,
            code=found.code,
            # The same address as JSON's and SARIF's (one place: report.context).
            code_description=types.CodeDescription(href=rule_url(found.code)),
            source="modlint",
        )


def _path(uri: str) -> Path | None:
    """The file a ``file:`` URI names; None for other schemes (unsaved, remote)."""
    found = to_fs_path(uri) if uri.startswith("file:") else None
    return buffer_path(found) if found else None


def build_server() -> ModlintServer:
    """A server with modlint's handlers registered."""
    server = ModlintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: ModlintServer, params: types.InitializedParams) -> None:
        root = ls.workspace.root_path
        if root:
            try:
                # Messages name files relative to the current folder, as on the command line.
                os.chdir(root)
            except (OSError, ValueError) as error:  # missing, not a folder, a NUL in it
                reason = error.strerror if isinstance(error, OSError) else None
                ls.window_show_message(
                    types.ShowMessageParams(
                        type=types.MessageType.Error,
                        message=f"modlint: cannot open the workspace folder '{printable(root)}': "
                        f"{printable(reason or str(error))}",
                    )
                )
                return
        ls.session = Session(Path.cwd())
        _watch_project_files(ls)
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ModlintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params.text_document.uri, params.position)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[QUICK_FIX, FIX_ALL]),
    )
    async def code_action(
        ls: ModlintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        return await ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ModlintServer, params: types.DidOpenTextDocumentParams) -> None:
        _keep(ls, params.text_document.uri)
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ModlintServer, params: types.DidChangeTextDocumentParams) -> None:
        _keep(ls, params.text_document.uri)
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ModlintServer, params: types.DidSaveTextDocumentParams) -> None:
        if _is_settings(params.text_document.uri) and ls.session is not None:
            ls.session.forget_config()
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ModlintServer, params: types.DidCloseTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path is not None:
            ls.buffers.pop(path, None)  # the file on disk counts again
            if ls.session is not None and not path.exists():
                ls.session.forget_files()  # a new file closed unsaved
        ls.schedule()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: ModlintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if ls.session is not None:
            if any(_is_settings(change.uri) for change in params.changes):
                ls.session.forget_config()
            elif any(change.type != types.FileChangeType.Changed for change in params.changes):
                ls.session.forget_files()
        ls.schedule()

    return server


def _is_settings(uri: str) -> bool:
    """Whether ``uri`` names a file the configuration may live in."""
    path = _path(uri)
    return path is not None and path.name in SETTINGS_FILES


def _watch_project_files(ls: ModlintServer) -> None:
    """Ask the client to report changes of the files besides Python code that rules read,
    when it can register watchers."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if not (watched and watched.dynamic_registration):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
    )
    ls.client_register_capability(
        types.RegistrationParams(
            registrations=[
                types.Registration(
                    id="modlint-watched-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=options,
                )
            ]
        )
    )


def _keep(ls: ModlintServer, uri: str) -> None:
    """Hold the open document's text as the overlay of its file (Python code or Markdown)."""
    path, document = _path(uri), ls.document(uri)
    if path is not None and path.suffix in OVERLAID and document is not None:
        ls.buffers[path] = buffer_bytes(document.source)


def serve() -> None:
    """Run the server on stdin and stdout until the client says exit or its stream ends;
    UsageError when the stream broke the protocol's framing."""
    # pygls closes the streams it is given when it stops: give it its own descriptors, so
    # that the process's own standard streams stay usable to the end.
    with os.fdopen(os.dup(0), "rb") as stdin, os.fdopen(os.dup(1), "wb") as stdout:
        framing = Framing(stdin)
        # pygls calls only the reader's readline and read.
        build_server().start_io(cast(BinaryIO, framing), stdout)
    if framing.error is not None:
        raise UsageError(framing.error)
