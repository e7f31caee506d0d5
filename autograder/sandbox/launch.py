"""Starting the fork server, kept apart from supervisor.py so that it needs few imports.

The fork server's own start-up (an interpreter, then numpy) is the longest step of a cold
start, so a command launches it before it imports anything else of weight.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

PACKAGE_PARENT = Path(__file__).resolve().parents[2]
PASSED_THROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LD_LIBRARY_PATH")


def start_fork_server() -> tuple[subprocess.Popen, socket.socket]:
    """A fresh interpreter running autograder.sandbox.zygote, and our end of its control socket."""
    ours, theirs = socket.socketpair()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(PACKAGE_PARENT),
           "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    env.update({k: os.environ[k] for k in PASSED_THROUGH if k in os.environ})
    process = subprocess.Popen(
        [sys.executable, "-s", "-m", "autograder.sandbox.zygote", str(theirs.fileno())],
        pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        env=env, cwd="/", start_new_session=True)
    theirs.close()
    return process, ours
