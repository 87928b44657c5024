"""How long `modlint server` takes from a keystroke to the published diagnostics, warm.

    python bench/server_latency.py PROJECT FILE [--edits 20]

PROJECT is a folder with a modlint configuration (e.g. `.bench/corpora/django`, which
`bench/run.py` prepares); FILE, relative to it, is a file of a lowest-tier module. The script
starts the server through a real LSP client (pygls), opens FILE, then alternately adds and
removes an import of a highest-tier module at its end (each edit changes FILE's diagnostics,
so each one is published), and reports the median and worst time from sending the change to
receiving its diagnostics. On a busy machine wall time says little, so it also reports the
CPU time of the same warm checks run in this process (the server's own session code, without
the protocol). Needs the `server` extra.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient


def _process_cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds of process ``pid`` so far (Linux); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(
    project: Path, file: Path, importing: str, edits: int
) -> tuple[list[float], float | None]:
    """Seconds from each edit to its published diagnostics, after a first, cold check; and
    the server process's CPU seconds over those edits (None where it cannot be read)."""
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

    def change(content: str) -> float:
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=next(versions)
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=content)],
            )
        )
        return sent

    # Warm up: the first edit waits for the cold check of the whole project; then every
    # publication still on its way is let through, so that the counts below start settled.
    change(text + f"\nimport {importing}\n")
    await asyncio.wait_for(arrived.get(), timeout=600)
    await asyncio.sleep(2)
    last = None
    while not arrived.empty():
        last = arrived.get_nowait()[1]
    if last is None:
        raise SystemExit(
            "the warm-up edit changed no diagnostics of FILE: pick another --importing"
        )
    pid = client._server.pid if client._server else 0  # pygls keeps the process there
    cpu = _process_cpu_seconds(pid)
    times = []
    for edit in range(edits):
        sent = change(text + (f"\nimport {importing}\n" if edit % 2 else ""))
        # Each edit adds or removes the import, so its diagnostics are the first whose count
        # differs from the last ones published (a check that saw no change publishes nothing).
        while True:
            at, count = await asyncio.wait_for(arrived.get(), timeout=300)
            if at >= sent and count != last:
                break
        last = count
        times.append(at - sent)
    after = _process_cpu_seconds(pid)
    used = after - cpu if after is not None and cpu is not None else None
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times, used


def check_cpu_seconds(project: Path, file: Path, importing: str, runs: int) -> list[float]:
    """CPU seconds of each warm check of the project with FILE's text overlaid, the import
    added and removed in turn as in ``measure``."""
    from modlint.server import Session, buffer_path

    os.chdir(project)
    session = Session(project)
    path, text = buffer_path(str(file)), file.read_bytes()
    session.check({path: text})
    times = []
    for run in range(runs):
        buffers = {path: text + (f"\nimport {importing}\n".encode() if run % 2 == 0 else b"")}
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
    times, used = asyncio.run(
        measure(project, project / options.file, options.importing, options.edits)
    )
    print(
        f"{len(times)} edits on {options.file}: median {statistics.median(times):.3f} s, "
        f"worst {max(times):.3f} s"
    )
    if used is not None:
        print(f"server process: {used / len(times):.3f} s CPU per edit on average")
    cpu = check_cpu_seconds(project, project / options.file, options.importing, options.edits)
    print(
        f"warm check in process: median {statistics.median(cpu):.3f} s CPU, "
        f"worst {max(cpu):.3f} s CPU"
    )


if __name__ == "__main__":
    main()
