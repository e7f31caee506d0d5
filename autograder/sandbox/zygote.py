"""The fork server: a clean process that has imported numpy and the worker, nothing else.

The grader starts it before it loads the rubric or the reference, so a forked child can
find neither in its memory. Each child starts warm (no new interpreter, numpy imported)
in a few milliseconds. Requests on the control socket: fork a child (the reply carries
the child's end of a fresh socket pair), and wait for a child's exit status.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys

import importlib

import numpy  # noqa: F401 - imported here once so every child starts with it

from autograder.sandbox import protocol, worker

# Imported once here so children start with them, and so they work even when the
# unprivileged child cannot read the interpreter's own files (a Python installed under
# a private home directory, then run as root: see docs/security.md).
STUDENT_MODULES = (
    "numpy.random", "numpy.linalg", "numpy.fft", "math", "cmath", "random", "statistics",
    "itertools", "functools", "collections", "operator", "heapq", "bisect", "copy", "re",
    "string", "json", "typing", "dataclasses", "fractions", "decimal", "time", "datetime",
    "zlib", "textwrap", "warnings", "enum",
)


def preload() -> None:
    for name in STUDENT_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue


def serve(control: socket.socket) -> None:
    reader = protocol.Reader(control)
    protocol.send(control, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            request = reader.read()
        except (protocol.Closed, protocol.ProtocolError):
            return
        if request.get("op") == "fork":
            _fork(control)
        elif request.get("op") == "wait":
            protocol.send(control, _wait(int(request["pid"])))


def _fork(control: socket.socket) -> None:
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        try:
            control.close()
            ours.close()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            worker.child_main(theirs)
        finally:
            os._exit(70)
    theirs.close()
    reply = json.dumps({"pid": pid}).encode() + b"\n"
    socket.send_fds(control, [reply], [ours.fileno()])
    ours.close()


def _wait(pid: int) -> dict:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return {"pid": pid, "exit": None, "signal": None}
    if os.WIFSIGNALED(status):
        return {"pid": pid, "exit": None, "signal": os.WTERMSIG(status)}
    return {"pid": pid, "exit": os.WEXITSTATUS(status), "signal": None}


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    preload()
    serve(socket.socket(fileno=int(sys.argv[1])))
