"""Running a pure function over many inputs in worker processes, so that an input that crashes
the process (a native parser's stack overflow, an abort) costs only its own result.

Each worker answers the inputs of a batch one by one, so when a worker dies the parent knows
which input it was working on: that input is tried once more in a process of its own (the
death may have come from elsewhere, such as another input's memory use) and becomes a
``Crash`` if that process dies too; the rest of the batch goes to the other workers.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

Item = TypeVar("Item")
Result = TypeVar("Result")
_BATCHES_PER_WORKER = 8
_MAX_IDLE_DEATHS = 4
"""Workers that die before they can work: past this many, isolation is given up."""


@dataclass(frozen=True)
class Crash:
    """How the process working on one input ended."""

    exitcode: int
    """Negative: the signal that killed it."""

    def describe(self) -> str:
        """ "signal SIGSEGV", or "exit code 3"."""
        if self.exitcode < 0:
            try:
                return f"signal {signal.Signals(-self.exitcode).name}"
            except ValueError:
                return f"signal {-self.exitcode}"
        return f"exit code {self.exitcode}"


@dataclass(frozen=True)
class _Raised:
    """An exception the function raised in a worker, to raise again in the parent."""

    error: Exception


def _serve(
    function: Callable[[Item], Result], connection: Connection, parent: int, other: Connection
) -> None:
    """A worker's loop: say it is ready, then answer each input of each batch received, until
    told to stop, or until the ``parent`` process is gone. ``other`` is the parent's end of
    the pipe, closed here so that a send to a dead parent fails instead of filling the pipe."""
    other.close()
    # Whatever a crashing native library prints on its way out is not modlint's output;
    # exceptions travel to the parent instead.
    faulthandler.disable()
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
    connection.send(_READY)
    while True:
        try:
            # A forked sibling holds this pipe's other end too, so a parent killed outright
            # is noticed by its absence, not by end-of-file.
            while not connection.poll(1.0):
                if os.getppid() != parent:
                    return
            batch = connection.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for item in batch:
            try:
                connection.send(function(item))
            except Exception as error:  # modlint's own bug: the parent raises it again
                connection.send(_Raised(error))


_READY = "ready"


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    pending: deque[int] = field(default_factory=deque)
    """Indices of the inputs sent and not answered yet, in the order they are worked on."""
    ready: bool = False


class _CannotStart(Exception):
    """No worker process can be started here (or none lives long enough to work)."""


def _start_method() -> str | None:
    """The start method the program set (None: the default), else "fork" on Linux."""
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=True):
        return None
    # A forked worker imports nothing; on macOS fork is unsafe with system libraries.
    forks = sys.platform.startswith("linux")
    return "fork" if forks and "fork" in multiprocessing.get_all_start_methods() else None


@contextlib.contextmanager
def _started_from_neutral_folder(method: str) -> Iterator[None]:
    """Inside, the current folder is the standard library's own, unless workers are forked.

    A "spawn" or "forkserver" worker is a new Python whose first import path entry is the
    current folder, the checked project's root: its `pickle.py` or `socket.py` would run there
    before anything else. Started from the standard library's folder, it finds the real ones.
    """
    try:
        here = os.getcwd()
    except OSError:  # a folder that is gone holds nothing to import
        here = None
    if method == "fork" or here is None:
        yield
        return
    os.chdir(os.path.dirname(os.__file__))
    try:
        yield
    finally:
        os.chdir(here)


def _start(function: Callable[[Item], Result]) -> _Worker:
    import multiprocessing

    context: Any = multiprocessing.get_context(_start_method())
    try:
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(function, child, os.getpid(), parent), daemon=True
        )
        with _started_from_neutral_folder(context.get_start_method()):
            process.start()
    except (OSError, ValueError) as error:
        raise _CannotStart() from error
    child.close()  # so that the parent reads end-of-file once the worker is gone
    return _Worker(process, parent)


def _end(worker: _Worker, politely: bool) -> int:
    """End a worker (asking it to stop first, if ``politely``); its exit code (negative: the
    signal that ended it)."""
    if politely:
        try:
            worker.connection.send(None)
        except OSError:
            pass
    worker.connection.close()
    worker.process.join(timeout=5)
    if worker.process.exitcode is None:  # alive but unreachable or stuck: end it
        worker.process.kill()
        worker.process.join()
    return worker.process.exitcode or 0


def _answer(worker: _Worker) -> object:
    """The worker's next answer after its greeting; EOFError or OSError if it died."""
    answer = worker.connection.recv()
    if not worker.ready:
        worker.ready = answer == _READY
        answer = worker.connection.recv()
    if isinstance(answer, _Raised):
        raise answer.error
    return answer


def run_alone(function: Callable[[Item], Result], item: Item) -> Result | Crash:
    """``function(item)`` in a process of its own, or how that process died (in this process
    when none can be started)."""
    try:
        worker = _start(function)
    except _CannotStart:
        return function(item)
    try:
        worker.connection.send([item])
        answer = _answer(worker)
    except (EOFError, OSError):
        return Crash(_end(worker, politely=False))
    _end(worker, politely=True)
    return answer  # type: ignore[return-value]


class _Pool(Generic[Item, Result]):
    """The scheduling of one ``run_isolated`` call."""

    def __init__(
        self, function: Callable[[Item], Result], items: Sequence[Item], workers: int
    ) -> None:
        self.function = function
        self.items = items
        self.size = workers
        chunk = max(1, len(items) // (workers * _BATCHES_PER_WORKER))
        self.batches = deque(
            list(range(start, min(start + chunk, len(items))))
            for start in range(0, len(items), chunk)
        )
        self.results: dict[int, Result | Crash] = {}
        self.suspects: list[int] = []
        self.workers: list[_Worker] = []
        self.idle_deaths = 0

    def run(self) -> list[Result | Crash]:
        try:
            while self.batches or any(worker.pending for worker in self.workers):
                if self.idle_deaths >= _MAX_IDLE_DEATHS:
                    raise _CannotStart()
                self._feed()
                self._collect()
        except _CannotStart:
            # No isolation to be had: what is left is computed here, as without workers.
            left = [index for batch in self.batches for index in batch]
            left += [index for worker in self.workers for index in worker.pending]
            for index in left:
                self.results[index] = self.function(self.items[index])
        finally:
            for worker in self.workers:
                _end(worker, politely=True)
        for index in self.suspects:
            self.results[index] = run_alone(self.function, self.items[index])
        return [self.results[index] for index in range(len(self.items))]

    def _feed(self) -> None:
        """Give a batch to every idle worker, starting workers while there is work."""
        while self.batches and len(self.workers) < self.size:
            self.workers.append(_start(self.function))
        for worker in list(self.workers):
            if worker.pending or not self.batches:
                continue
            batch = self.batches.popleft()
            worker.pending.extend(batch)
            try:
                worker.connection.send([self.items[index] for index in batch])
            except OSError:
                self._lost(worker, working=False)  # it died idle: the batch is not suspect

    def _collect(self) -> None:
        """Take the answers that are ready; handle the workers that died."""
        from multiprocessing.connection import wait

        busy = {worker.connection: worker for worker in self.workers if worker.pending}
        if not busy:
            return  # every worker died before it got work: _feed starts others
        for connection in wait(list(busy)):
            worker = busy[connection]  # type: ignore[index]
            while worker.pending:
                try:
                    answer = _answer(worker)
                except (EOFError, OSError):
                    self._lost(worker, working=worker.ready)
                    break
                self.results[worker.pending.popleft()] = answer  # type: ignore[assignment]
                if not worker.connection.poll():
                    break

    def _lost(self, worker: _Worker, working: bool) -> None:
        """A worker died: if it was ``working``, the input it was on is a suspect; the other
        inputs it had go back in the queue."""
        _end(worker, politely=False)
        self.workers.remove(worker)
        if working and worker.pending:
            self.suspects.append(worker.pending.popleft())
        else:
            self.idle_deaths += 1
        if worker.pending:
            self.batches.appendleft(list(worker.pending))


def run_isolated(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int
) -> list[Result | Crash]:
    """``function`` of each item, in order, computed by up to ``workers`` processes; a
    ``Crash`` for each item whose process died on it twice (once among others, once alone).

    ``function`` must be importable by name (a module-level function) and must not raise
    for any input; if it does, the exception is raised here."""
    if not items:
        return []
    return _Pool(function, items, max(1, min(workers, len(items)))).run()
