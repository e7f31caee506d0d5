"""A process that leaves the child's process group must not outlive grading."""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from adversarial.conftest import REFERENCE_SOURCE
from autograder.grade import grade_path
from autograder.sandbox.supervisor import Identity, Sandbox, _real_uid, _pids

ESCAPE = """
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(3)
        open('MARKER', 'w').write('escaped')
    os._exit(0)
"""


@pytest.fixture
def throwaway_user():
    """A fresh system user, removed afterwards; needs root and useradd."""
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("creating a dedicated user needs root and useradd")
    name = f"hw3t{uuid.uuid4().hex[:8]}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                   check=True, capture_output=True)
    entry = pwd.getpwnam(name)
    yield Identity(entry.pw_uid, entry.pw_gid)
    subprocess.run(["userdel", name], check=False, capture_output=True)


def test_double_forked_sleeper_is_killed_with_a_dedicated_user(hostile, throwaway_user, tmp_path):
    _sandbox, plan = hostile
    marker = Path("/tmp") / f"hw3-escape-{uuid.uuid4().hex}"
    path = tmp_path / "hw3.py"
    path.write_text(REFERENCE_SOURCE + ESCAPE.replace("MARKER", str(marker)), encoding="utf-8")
    started = time.monotonic()
    try:
        with Sandbox(throwaway_user) as sandbox:
            results = grade_path(path, plan, sandbox)
        assert results["tests"]
        assert not [pid for pid in _pids() if _real_uid(pid) == throwaway_user.uid]
        time.sleep(max(0.0, 4 - (time.monotonic() - started)))
        assert not marker.exists()
    finally:
        marker.unlink(missing_ok=True)
