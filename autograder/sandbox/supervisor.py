"""The parent side of the sandbox: fork confined children, feed them calls, enforce time.

A child runs the student's cells once, then answers the calls in order, streaming one
result per call. The parent allows each call `call_seconds`; a call that overruns, or
kills its process, scores as failed and a fresh child takes over from the next call.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from autograder.records import CallError, CallResult, CellReport, Program, RunReport
from autograder.sandbox import protocol
from autograder.sandbox.launch import PACKAGE_PARENT, start_fork_server

if TYPE_CHECKING:  # the rubric pulls in numpy; this module must import fast, to start the fork server early
    from autograder.rubric import Limits

MAX_RESPAWNS = 64


@dataclass(frozen=True)
class Call:
    """One call to make in the child: plain data only."""

    name: str
    args: tuple
    kwargs: dict


@dataclass(frozen=True)
class Identity:
    """Who the child runs as: None keeps the grader's own user."""

    uid: Optional[int] = None
    gid: Optional[int] = None


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the student's code)."""


class Sandbox:
    """A fork server plus the bookkeeping to run one submission at a time in it."""

    def __init__(self, identity: Identity = Identity(), hidden_paths: tuple[str, ...] = (),
                 server: Optional[tuple[subprocess.Popen, socket.socket]] = None):
        """`server`: a fork server already launched with `launch.start_fork_server`.

        An `identity` given here must be a user dedicated to this sandbox: after each child,
        every process of that user is killed, which is what stops one that left the child's
        process group (setsid, double fork). The `nobody` fallback is shared with the rest of
        the machine, so it gets no such sweep (see docs/security.md).
        """
        self._sweep_uid = identity.uid if identity.uid not in (None, os.geteuid()) else None
        self.identity = _unprivileged(identity)
        self.hidden_paths = (str(PACKAGE_PARENT),) + tuple(hidden_paths)
        self._process, self._control = server or (None, None)
        self._reader: Optional[protocol.Reader] = protocol.Reader(self._control) if server else None
        self._ready = False

    def __enter__(self) -> "Sandbox":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Start the fork server; it warms up while the caller loads the rubric."""
        if self._process is not None:
            return
        self._process, self._control = start_fork_server()
        self._reader = protocol.Reader(self._control)

    def close(self) -> None:
        """Stop the fork server. It holds nothing to save and its children are reaped, so it is
        killed rather than left to unwind its interpreter (tens of ms on every command)."""
        if self._process is None:
            return
        self._control.close()
        self._process.kill()
        self._process.wait()
        self._process = None

    def run(self, program: Program, names: tuple[str, ...], strings: tuple[str, ...],
            calls: list[Call], limits: Limits, files: tuple[Path, ...] = ()) -> RunReport:
        """Run `program` and make `calls`; whatever the code does, return a full report."""
        self.start()
        workdir = Path(tempfile.mkdtemp(prefix="hw3-run-"))
        try:
            self._prepare_workdir(workdir, program, files)
            job = self._job(workdir, program, names, strings, limits)
            return _Run(self, job, calls, limits).go()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    # -- the fork server's two requests ------------------------------------------------

    def fork(self) -> tuple[int, socket.socket]:
        """A new confined child; a fork server the student's code killed is replaced once."""
        try:
            return self._fork_once()
        except (OSError, SandboxError, ValueError):
            self._restart()
            return self._fork_once()

    def _fork_once(self) -> tuple[int, socket.socket]:
        if not self._ready:
            self._expect_ready()
        protocol.send(self._control, {"op": "fork"})
        self._control.settimeout(30)
        data, fds, _flags, _addr = socket.recv_fds(self._control, 1024, 1)
        if not fds:
            raise SandboxError("the fork server did not hand over a child")
        return int(json.loads(data)["pid"]), socket.socket(fileno=fds[0])

    def _restart(self) -> None:
        """Replace a dead fork server (a child may have killed its parent, the server)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._control.close()
            self._process = None
        self._ready = False
        self.start()

    def reap(self, pid: int) -> dict:
        """Kill the child's process group and return its exit status."""
        for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                kill()
            except (ProcessLookupError, PermissionError):
                pass
        if self._sweep_uid is not None:
            kill_user_processes(self._sweep_uid)
        try:
            protocol.send(self._control, {"op": "wait", "pid": pid})
            return self._reader.read(deadline=time.monotonic() + 10)
        except (OSError, protocol.Closed, protocol.Timeout, protocol.ProtocolError):
            self._restart()
            return {"signal": signal.SIGKILL, "server_lost": True}

    def _expect_ready(self) -> None:
        try:
            self._reader.read(deadline=time.monotonic() + 60)
        except (protocol.Closed, protocol.Timeout, protocol.ProtocolError) as exc:
            raise SandboxError(f"the fork server did not start: {type(exc).__name__}") from None
        self._ready = True

    # -- the job -----------------------------------------------------------------------

    def _prepare_workdir(self, workdir: Path, program: Program, files: tuple[Path, ...]) -> None:
        for path in files:
            if path.is_file() and not path.is_symlink():
                shutil.copyfile(path, workdir / path.name)
        if len(program.cells) == 1:
            (workdir / program.filename).write_text(program.cells[0].source, encoding="utf-8")
        if self.identity.uid is not None:
            for path in [workdir, *workdir.iterdir()]:
                os.chown(path, self.identity.uid, self.identity.gid)

    def _job(self, workdir: Path, program: Program, names, strings, limits: Limits) -> dict:
        notebook = program.filename.endswith(".ipynb")
        return {
            "module_name": "__main__" if notebook else "submission",
            "filename": program.filename,
            "cells": [{"label": cell.label, "source": cell.source} for cell in program.cells],
            "names": list(names),
            "strings": list(strings),
            "output_chars": limits.output_kb * 1024,
            "confine": {
                "workdir": str(workdir),
                "memory_bytes": limits.memory_mb * 1024 * 1024,
                "cpu_seconds": int(limits.submission_seconds) + 5,
                "file_bytes": 16 * 1024 * 1024,
                "uid": self.identity.uid,
                "gid": self.identity.gid,
                "nproc": 64,
                "hidden_paths": list(self.hidden_paths),
                "env": {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(workdir), "LANG": "C.UTF-8",
                        "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
            },
        }


def kill_user_processes(uid: int, passes: int = 20) -> None:
    """SIGKILL every live process whose real uid is `uid`, again until none is left (one may
    fork while the sweep runs; RLIMIT_NPROC bounds how many it can make)."""
    for _ in range(passes):
        found = [pid for pid in _pids() if _real_uid(pid) == uid]
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _real_uid(pid: int) -> Optional[int]:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("State:") and line.split()[1] in ("Z", "X"):
                    return None  # already dead, waiting for its parent to reap it
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _unprivileged(identity: Identity) -> Identity:
    """As root with no user named, children run as `nobody`: root's files stay out of reach."""
    if identity.uid is not None or os.geteuid() != 0:
        return identity
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return Identity(65534, 65534)
    return Identity(nobody.pw_uid, nobody.pw_gid)


class _Run:
    """One submission's run: children, deadlines and the report being built."""

    def __init__(self, sandbox: Sandbox, job: dict, calls: list[Call], limits: Limits):
        self.sandbox = sandbox
        self.job = job
        self.calls = calls
        self.limits = limits
        self.pending = list(range(len(calls)))
        self.results: dict[int, CallResult] = {}
        self.timeouts: dict[str, int] = {}
        self.output: list[str] = []
        self.call_output: list[str] = []
        self.output_left = limits.output_kb * 1024
        self.dropped = False
        self.notes: list[str] = []
        self.loaded: Optional[dict] = None
        self.load_failed: Optional[str] = None
        self.deadline = time.monotonic() + limits.submission_seconds
        self.status: Optional[dict] = None

    def go(self) -> RunReport:
        respawns = 0
        while self.pending and respawns <= MAX_RESPAWNS and self.load_failed is None:
            self._one_child()
            respawns += 1
        if self.loaded is None and self.load_failed is None:
            self._one_child()
        reason = self.load_failed or "not run: your code used up its time or restart budget"
        for index in self.pending:
            self.results[index] = CallResult(error=CallError("skipped", reason))
        if self.dropped:
            self.notes.append(f"Your code printed more than {self.limits.output_kb} KB; the rest was dropped.")
        return self._report()

    def _one_child(self) -> None:
        pid, sock = self.sandbox.fork()
        self.status = None
        try:
            job = dict(self.job, calls=[[i, c.name, list(c.args), c.kwargs] for i, c in
                                        ((i, self.calls[i]) for i in self.pending)])
            protocol.send(sock, job)
            self._converse(protocol.Reader(sock), pid)
        finally:
            sock.close()
            if self.status is None:
                self.sandbox.reap(pid)

    def _converse(self, reader: protocol.Reader, pid: int) -> None:
        first = self.loaded is None
        try:
            loaded = reader.read(self._deadline(self.limits.load_seconds))
            self._take_output(loaded, self.output if first else [])
            if loaded.get("event") != "loaded":
                raise protocol.ProtocolError("expected the load report")
            if first:
                self.loaded = loaded
        except protocol.Timeout:
            self.load_failed = self._over_time(f"Your file did not finish running within "
                                               f"{self.limits.load_seconds:g} s (an infinite loop at the top level?)")
            return
        except (protocol.Closed, protocol.ProtocolError):
            self.load_failed = "The process running your file stopped before it finished loading " \
                               f"({self._describe_exit(pid)})."
            return
        while self.pending:
            index = self.pending[0]
            call = self.calls[index]
            try:
                message = reader.read(self._deadline(self.limits.call_seconds))
            except protocol.Timeout:
                self._timed_out(index, call)
                return
            except (protocol.Closed, protocol.ProtocolError) as exc:
                why = self._describe_exit(pid) if isinstance(exc, protocol.Closed) else str(exc)
                self._record(index, CallResult(error=CallError(
                    "crash", f"The process running your code stopped during this call ({why}).")))
                return
            self._take_output(message, self.call_output)
            if message.get("event") != "result" or message.get("i") != index:
                self._record(index, CallResult(error=CallError("crash", "Your code interfered with the grader's channel.")))
                return
            self._record(index, _call_result(message))

    def _deadline(self, seconds: float) -> float:
        return min(time.monotonic() + seconds, self.deadline)

    def _over_time(self, message: str) -> str:
        if time.monotonic() >= self.deadline:
            return f"Your submission used its whole time budget of {self.limits.submission_seconds:g} s."
        return message

    def _timed_out(self, index: int, call: Call) -> None:
        if time.monotonic() >= self.deadline:
            self.load_failed = self._over_time("")
            return
        self._record(index, CallResult(error=CallError(
            "timeout", f"This call ran longer than {self.limits.call_seconds:g} s and was stopped "
                       "(an infinite loop?).")))
        self.timeouts[call.name] = self.timeouts.get(call.name, 0) + 1
        if self.timeouts[call.name] >= self.limits.timeouts_per_function:
            for other in [i for i in self.pending if self.calls[i].name == call.name]:
                self._record(other, CallResult(error=CallError(
                    "skipped", f"Not run: `{call.name}` already ran out of time "
                               f"{self.timeouts[call.name]} times.")))

    def _record(self, index: int, result: CallResult) -> None:
        self.results[index] = result
        self.pending.remove(index)

    def _describe_exit(self, pid: int) -> str:
        status = self.status = self.sandbox.reap(pid)
        if status.get("signal") == signal.SIGKILL:
            return "it was killed: out of time or memory"
        if status.get("signal") == signal.SIGXCPU:
            return "it used up its CPU time"
        if status.get("signal"):
            return f"it was killed by signal {status['signal']}"
        return f"it exited with code {status.get('exit')}; did your code call exit()?"

    def _take_output(self, message: dict, into: list[str]) -> None:
        text = message.get("out")
        if isinstance(text, str) and text:
            kept = text[: max(self.output_left, 0)]
            into.append(kept)
            self.output_left -= len(kept)
            self.dropped = self.dropped or len(kept) < len(text)
        self.dropped = self.dropped or bool(message.get("dropped"))

    def _report(self) -> RunReport:
        loaded = self.loaded or {}
        cells = tuple(CellReport(str(c.get("label", "")), c.get("error"), str(c.get("traceback", "")))
                      for c in loaded.get("cells", []) if isinstance(c, dict))
        defined = {k: str(v) for k, v in dict(loaded.get("defined") or {}).items() if isinstance(k, str)}
        strings = {k: v for k, v in dict(loaded.get("strings") or {}).items() if isinstance(v, str)}
        return RunReport(cells=cells, defined=defined, strings=strings, calls=dict(self.results),
                         output="".join(self.output), call_output="".join(self.call_output), notes=tuple(self.notes), load_failed=self.load_failed)


def _call_result(message: dict) -> CallResult:
    """A result message as a record; JSON decoding already guarantees the value is plain data."""
    error = message.get("error")
    if error is not None:
        if not isinstance(error, dict):
            return CallResult(error=CallError("crash", "Your code sent something the grader cannot read."))
        return CallResult(error=CallError(str(error.get("kind", "exception")), str(error.get("message", "")),
                                          str(error.get("detail", ""))))
    return CallResult(value=message.get("value"))
