"""How long `modlint server` takes from a keystroke to the published diagnostics, warm.

    python bench/server_latency.py PROJECT FILE [--edits 20]

PROJECT is a folder with a modlint configuration (e.g. `.bench/corpora/django`, which
`bench/run.py` prepares); FILE, relative to it, is a file of a lowest-tier module. The script
starts the server through a real LSP client (pygls), opens FILE, then alternately adds and
removes an import of a highest-tier module at its end (each edit changes FILE's diagnostics,
so each one is published), and reports the median and worst time from sending the change to
receiving its diagnostics, with the server's debounce delay counted in and shown apart. On a
busy machine wall time says little, so it also reports the CPU time of the same warm check run
in this process (the server's own session code, without the protocol). Needs the `server`
extra.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from modlint.server.protocol import DEBOUNCE


async def measure(project: Path, file: Path, importing: str, edits: int) -> list[float]:
    """Seconds from each edit to its published diagnostics, after a first, cold check."""
    client = LanguageClient("modlint-bench", "1")
    arrived: asyncio.Queue[tuple[float, int]] = asyncio.Queue()
    uri = file.as_uri()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.uri == uri:
            arrived.put_nowait((time.perf_counter(), len(params.diagnostics)))

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def registered(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "modlint", "server", cwd=str(project))
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=project.as_uri())
    )
    client.initialized(types.InitializedParams())
    text = file.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text=text
            )
        )
    )
    versions = iter(range(2, 2 * edits + 10))
    times = []
    for edit in range(edits + 1):
        content = text + (f"\nimport {importing}\n" if edit % 2 == 0 else "")
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=next(versions)
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=content)],
            )
        )
        while True:
            at, _count = await asyncio.wait_for(arrived.get(), timeout=300)
            if at >= sent:
                break
        if edit:  # the first one also waits for the cold check of the whole project
            times.append(at - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def check_cpu_seconds(project: Path, file: Path, importing: str, runs: int) -> list[float]:
    """CPU seconds of each warm check of the project with FILE's edited text overlaid."""
    import os

    from modlint.server import Session, buffer_path

    os.chdir(project)
    session = Session(project)
    buffers = {buffer_path(str(file)): file.read_bytes() + f"\nimport {importing}\n".encode()}
    session.check(buffers)
    times = []
    for _ in range(runs):
        started = time.process_time()
        session.check(buffers)
        times.append(time.process_time() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("file", type=Path)
    parser.add_argument("--importing", default="django.contrib.admin", help="a higher module")
    parser.add_argument("--edits", type=int, default=20)
    options = parser.parse_args()
    project = options.project.resolve()
    times = asyncio.run(measure(project, project / options.file, options.importing, options.edits))
    print(
        f"{len(times)} edits on {options.file}: median {statistics.median(times):.3f} s, "
        f"worst {max(times):.3f} s, of which {DEBOUNCE:.3f} s is the debounce delay"
    )
    cpu = check_cpu_seconds(project, project / options.file, options.importing, options.edits)
    print(
        f"warm check in process: median {statistics.median(cpu):.3f} s CPU, "
        f"worst {max(cpu):.3f} s CPU"
    )


if __name__ == "__main__":
    main()
