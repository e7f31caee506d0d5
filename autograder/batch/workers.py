"""A pool of forked worker processes, each set up once, then fed one task at a time.

Not multiprocessing.Pool, because a worker that dies there loses its task without a word
and the pool waits forever. Here the parent knows which task each worker holds: a worker
that dies fails that task only, and a fresh one is forked in its place. Workers are forked
from the parent, so they share what it built (the grading plan) without pickling it, and
a task pays for no interpreter start. A worker dies with its parent, so a killed run
leaves nothing grading behind it.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from contextlib import AbstractContextManager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator, Optional

Setup = Callable[[], AbstractContextManager]
"""Run once in each worker; the context it enters yields the function that handles a task."""

DIED = "the grading process died while grading this submission"
PR_SET_PDEATHSIG = 1


class PoolError(RuntimeError):
    """Workers keep dying: something is wrong with the grader, not with one submission."""


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection


class Pool:
    """`jobs` workers; `run` yields (task, result, failure) in the order tasks finish."""

    def __init__(self, jobs: int, setup: Setup):
        self._context = multiprocessing.get_context("fork")
        self._setup = setup
        self._deaths_left = 2 * jobs + 2
        self._workers = [self._spawn() for _ in range(jobs)]

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, kind, *_rest) -> None:
        self.close(gently=kind is None)

    def run(self, tasks: Iterable) -> Iterator[tuple[Any, Any, Optional[str]]]:
        """Hand out `tasks`; a failure is the handler's exception or the death of its worker."""
        queue, idle, busy = deque(tasks), list(self._workers), {}
        while queue or busy:
            while queue and idle:
                worker, task = idle.pop(), queue.popleft()
                try:
                    worker.connection.send(task)
                except OSError:  # it died while idle: the task goes to its replacement
                    queue.appendleft(task)
                    idle.append(self._replace(worker))
                    continue
                busy[worker.connection] = (worker, task)
            for connection in wait(list(busy)):
                worker, task = busy.pop(connection)
                try:
                    ok, value = connection.recv()
                except (EOFError, OSError):
                    idle.append(self._replace(worker))
                    yield task, None, DIED
                    continue
                idle.append(worker)
                yield (task, value, None) if ok else (task, None, value)

    def close(self, gently: bool = True) -> None:
        """Stop the workers: let them tidy up (their sandboxes) when `gently`, else kill them."""
        for worker in self._workers if gently else ():
            try:
                worker.connection.send(None)
            except OSError:
                pass
        for worker in self._workers:
            worker.process.join(timeout=10 if gently else 0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._workers = []

    def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, self._setup, os.getpid()), daemon=True)
        process.start()
        theirs.close()  # now only the worker holds its end: its death reads as end-of-file here
        return _Worker(process, ours)

    def _replace(self, dead: _Worker) -> _Worker:
        self._deaths_left -= 1
        if self._deaths_left < 0:
            raise PoolError("grading processes keep dying; see the messages above")
        dead.process.kill()
        dead.process.join()
        dead.connection.close()
        fresh = self._spawn()
        self._workers[self._workers.index(dead)] = fresh
        return fresh


def _serve(connection: Connection, setup: Setup, parent: int) -> None:
    """A worker's life: set up, then answer tasks until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent(parent)
    with setup() as handle:
        while True:
            try:
                task = connection.recv()
            except EOFError:
                return
            if task is None:
                return
            try:
                connection.send((True, handle(task)))
            except Exception as exc:  # noqa: BLE001 - one task's failure is reported, not fatal
                connection.send((False, f"{type(exc).__name__}: {exc}"))


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the parent dies (elsewhere a worker stops at its
    next task, when it reads end-of-file)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
