"""Confinement applied inside a freshly forked child, before any student code runs.

Order matters: file descriptors and limits first, then the unprivileged user (when the
grader runs as root), then the parent-death signal (a change of user clears it).
"""
from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
CLONE_NEWNET = 0x40000000


def apply(spec: dict, keep_fd: int) -> None:
    """Confine this process as `spec` says; `keep_fd` is the channel to the grader."""
    os.chdir(spec["workdir"])
    _redirect_standard_streams()
    _close_other_fds(keep_fd)
    _set_limits(spec)
    if os.geteuid() == 0:
        _cut_network()
    if spec.get("uid") is not None:
        _drop_privileges(spec["uid"], spec["gid"], spec["nproc"])
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    os.environ.clear()
    os.environ.update(spec["env"])
    sys.path[:] = [spec["workdir"]] + [p for p in sys.path if p and not _hidden(p, spec["hidden_paths"])]
    sys.path_importer_cache.clear()


def _hidden(entry: str, hidden_paths: list[str]) -> bool:
    """The grader's own folders are hidden; a virtualenv's site-packages inside them is not."""
    if "site-packages" in entry:
        return False
    return any(entry == path or entry.startswith(path.rstrip("/") + "/") for path in hidden_paths)


def _redirect_standard_streams() -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _close_other_fds(keep_fd: int) -> None:
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, 65536)


def _set_limits(spec: dict) -> None:
    limits = {
        resource.RLIMIT_AS: spec["memory_bytes"],
        resource.RLIMIT_CPU: spec["cpu_seconds"],
        resource.RLIMIT_FSIZE: spec["file_bytes"],
        resource.RLIMIT_CORE: 0,
    }
    for which, value in limits.items():
        _lower(which, int(value))


def _lower(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def _drop_privileges(uid: int, gid: int, nproc: int) -> None:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    _lower(resource.RLIMIT_NPROC, nproc)


def _cut_network() -> None:
    """A new, empty network namespace, so hidden inputs cannot be sent out.

    Best effort: a container without CAP_SYS_ADMIN refuses it (see docs/security.md).
    """
    try:
        ctypes.CDLL(None, use_errno=True).unshare(CLONE_NEWNET)
    except (OSError, AttributeError):
        pass


def _prctl(option: int, value: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass
