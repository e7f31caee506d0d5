"""The child side: runs the student's cells, calls the graded functions, sends plain data back.

This module is imported by the fork server before any student code exists, and runs in a
forked child that has already been confined (see confine.py). It holds nothing secret:
the child gets the inputs it must answer and never the expected values.
"""
from __future__ import annotations

import io
import linecache
import os
import socket
import sys
import time
import traceback
import types
from typing import Any

import numpy as np

from autograder.sandbox import confine, protocol

MAX_NUMBERS = 1_000_000
MAX_STRING = 20_000
MAX_TRACEBACK = 4_000


class Unsupported(Exception):
    """A return value that cannot be turned into plain data."""


class CappedOutput(io.TextIOBase):
    """Stands in for stdout and stderr: keeps the first `limit` characters, counts the rest."""

    def __init__(self, limit: int):
        self.limit = limit
        self.kept = 0
        self.dropped = 0
        self.pending: list[str] = []

    def writable(self) -> bool:
        return True

    def write(self, text: Any) -> int:
        text = str(text)
        room = self.limit - self.kept
        if room > 0:
            self.pending.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def take(self) -> str:
        chunk = "".join(self.pending)
        self.pending.clear()
        return chunk


def child_main(sock: socket.socket) -> None:
    """Entry point in the forked child; never returns."""
    os.setsid()
    reader = protocol.Reader(sock)
    job = reader.read()
    confine.apply(job["confine"], keep_fd=sock.fileno())
    output = CappedOutput(job["output_chars"])
    sys.stdout = sys.stderr = output
    sys.stdin = io.StringIO("")
    namespace = _run_cells(job, output, sock)
    _serve_calls(job, namespace, output, sock)
    protocol.send(sock, {"event": "done", "out": output.take(), "dropped": output.dropped})
    os._exit(0)


def _run_cells(job: dict, output: CappedOutput, sock: socket.socket) -> dict:
    module = types.ModuleType(job["module_name"])
    module.__file__ = job["filename"]
    sys.modules[job["module_name"]] = module
    namespace = module.__dict__
    reports = []
    for cell in job["cells"]:
        reports.append(_run_cell(cell, namespace))
    defined = {}
    for name in job["names"]:
        if name in namespace:
            value = namespace[name]
            defined[name] = "function" if callable(value) else type(value).__name__
    strings = {}
    for name in job["strings"]:
        value = namespace.get(name)
        if isinstance(value, str):
            strings[name] = str.__str__(value)[:MAX_STRING]
    protocol.send(sock, {"event": "loaded", "cells": reports, "defined": defined,
                         "strings": strings, "out": output.take(), "dropped": output.dropped})
    return namespace


def _run_cell(cell: dict, namespace: dict) -> dict:
    label, source = cell["label"], cell["source"]
    linecache.cache[label] = (len(source), None, source.splitlines(True), label)
    try:
        code = compile(source, label, "exec", dont_inherit=True)
        exec(code, namespace)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt too
        return {"label": label, "error": _last_line(exc), "traceback": _student_traceback(exc)}
    return {"label": label}


def _serve_calls(job: dict, namespace: dict, output: CappedOutput, sock: socket.socket) -> None:
    for index, name, args, kwargs in job["calls"]:
        started = time.perf_counter()
        reply = _call(namespace.get(name), name, args, kwargs)
        reply.update(event="result", i=index, seconds=time.perf_counter() - started, out=output.take(),
                     dropped=output.dropped)
        protocol.send(sock, reply)


def _call(function: Any, name: str, args: list, kwargs: dict) -> dict:
    if function is None:
        return {"error": {"kind": "missing", "message": f"`{name}` is not defined"}}
    if not callable(function):
        return {"error": {"kind": "not_callable", "message": f"`{name}` is not a function"}}
    try:
        value = function(*[_as_input(arg) for arg in args], **kwargs)
    except BaseException as exc:  # noqa: BLE001
        return {"error": {"kind": "exception", "message": _last_line(exc), "detail": _student_traceback(exc)}}
    try:
        return {"value": to_plain(value, [MAX_NUMBERS])}
    except Unsupported as exc:
        return {"error": {"kind": "unsupported", "message": str(exc)}}
    except BaseException as exc:  # noqa: BLE001 - a lying __array__ or __float__
        return {"error": {"kind": "unsupported", "message": f"the returned value could not be read: {_last_line(exc)}"}}


def _as_input(arg: Any) -> Any:
    return np.array(arg) if isinstance(arg, list) else arg


def to_plain(value: Any, budget: list) -> Any:
    """Numbers, nested lists, strings and None; raise Unsupported for anything else."""
    kind = type(value)
    if value is None or kind in (bool, float, str):
        return value[:MAX_STRING] if kind is str else value
    if kind is int:
        return value if abs(value) < 2**63 else float(value)
    if isinstance(value, np.generic):
        return to_plain(value.item(), budget) if not isinstance(value, np.complexfloating) else _complex()
    if isinstance(value, np.ndarray):
        return _array_to_plain(np.asarray(value), budget)
    if kind in (list, tuple):
        budget[0] -= len(value)
        if budget[0] < 0:
            raise Unsupported("the returned value is too large")
        return [to_plain(item, budget) for item in value]
    if hasattr(kind, "__array__"):
        return _array_to_plain(np.asarray(value), budget)
    raise Unsupported(f"the function returned a {kind.__name__}, not a number or an array")


def _array_to_plain(array: np.ndarray, budget: list) -> Any:
    budget[0] -= array.size
    if budget[0] < 0:
        raise Unsupported("the returned array is too large")
    if array.dtype.kind in "biuf":
        return array.astype(float).tolist() if array.dtype.kind != "b" else array.tolist()
    if array.dtype.kind == "c":
        _complex()
    if array.dtype.kind == "O":
        return [to_plain(item, budget) for item in array.tolist()] if array.ndim else to_plain(array.item(), budget)
    raise Unsupported(f"the function returned an array of {array.dtype}, not numbers")


def _complex():
    raise Unsupported("the function returned complex numbers; the answer is real")


def _last_line(exc: BaseException) -> str:
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return text.splitlines()[-1][:500] if text else type(exc).__name__


def _student_traceback(exc: BaseException) -> str:
    """The traceback without this module's frames (the first one is our exec or call)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    text = "".join(traceback.format_exception(type(exc), exc, tb))
    return text[-MAX_TRACEBACK:]
