"""The isolated run: hangs, crashes and noise in one place never cost the rest of the submission."""
import math
import os
from pathlib import Path

import numpy as np
import pytest

from autograder.records import Cell, Program
from autograder.rubric import Limits
from autograder.sandbox.supervisor import Call, Sandbox

FAST = Limits(call_seconds=0.5, load_seconds=3, submission_seconds=20, output_kb=1, timeouts_per_function=2)


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as box:
        yield box


def run(sandbox, source: str, calls, limits=FAST, names=("f", "g")):
    program = Program("hw3.py", (Cell("hw3.py", source),))
    return sandbox.run(program, names, ("ANSWER",), [Call(n, a, {}) for n, a in calls], limits)


def test_values_come_back_as_plain_lists_and_numbers(sandbox):
    report = run(sandbox, "import numpy as np\ndef f(x):\n    return np.asarray(x) * 2\ndef g(x):\n    return float(x[0])\n",
                 [("f", ([1, 2],)), ("g", ([3.5],))])
    assert report.calls[0].value == [2.0, 4.0]
    assert report.calls[1].value == 3.5
    assert report.defined == {"f": "function", "g": "function"}


def test_a_hanging_call_fails_alone_and_later_calls_still_run(sandbox):
    source = "def f(x):\n    while x[0] < 0:\n        pass\n    return 1.0\ndef g(x):\n    return 2.0\n"
    report = run(sandbox, source, [("f", ([-1],)), ("f", ([1],)), ("g", ([0],))])
    assert report.calls[0].error.kind == "timeout"
    assert report.calls[1].value == 1.0
    assert report.calls[2].value == 2.0


def test_after_repeated_timeouts_a_function_is_not_run_again(sandbox):
    source = "def f(x):\n    while True:\n        pass\ndef g(x):\n    return 2.0\n"
    report = run(sandbox, source, [("f", ([1],))] * 5 + [("g", ([0],))])
    kinds = [report.calls[i].error.kind for i in range(5)]
    assert kinds == ["timeout", "timeout", "skipped", "skipped", "skipped"]
    assert report.calls[5].value == 2.0


def test_a_call_that_kills_its_process_fails_alone(sandbox):
    source = "import os\ndef f(x):\n    os._exit(3)\ndef g(x):\n    return 2.0\n"
    report = run(sandbox, source, [("f", ([1],)), ("g", ([0],))])
    assert report.calls[0].error.kind == "crash" and "code 3" in report.calls[0].error.message
    assert report.calls[1].value == 2.0


def test_exceptions_are_reported_with_the_students_own_traceback(sandbox):
    report = run(sandbox, "def f(x):\n    return 1 / 0\n", [("f", ([1],))])
    error = report.calls[0].error
    assert error.kind == "exception" and error.message.startswith("ZeroDivisionError")
    assert 'File "hw3.py", line 2' in error.detail and "worker.py" not in error.detail


def test_infinite_loop_at_import_fails_the_load_with_a_reason(sandbox):
    report = run(sandbox, "while True:\n    pass\n", [("f", ([1],))], limits=Limits(load_seconds=0.5))
    assert "did not finish running" in report.load_failed
    assert report.calls[0].error.kind == "skipped"


def test_output_is_captured_and_capped(sandbox):
    report = run(sandbox, "print('x' * 5000)\ndef f(x):\n    print('during call')\n    return 1.0\n", [("f", ([1],))])
    assert report.output == "x" * 1024
    assert any("printed more than 1 KB" in note for note in report.notes)


def test_child_has_no_stdin_a_scratch_cwd_and_a_clean_environment(sandbox):
    os.environ["HW3_GRADER_SECRET"] = "do-not-leak"
    try:
        source = ("import os, sys\nANSWER = repr((sys.stdin.read(), os.getcwd(), "
                  "os.environ.get('HW3_GRADER_SECRET'), sorted(os.listdir('.'))))\n")
        report = run(sandbox, source, [])
    finally:
        del os.environ["HW3_GRADER_SECRET"]
    stdin, cwd, secret, listing = eval(report.strings["ANSWER"])
    assert stdin == "" and secret is None
    assert Path(cwd).name.startswith("hw3-run-") and listing == ["hw3.py"]
    assert not Path(cwd).exists()


def test_values_that_are_not_plain_data_are_refused(sandbox):
    report = run(sandbox, "def f(x):\n    return object()\ndef g(x):\n    return 1j\n", [("f", ([1],)), ("g", ([1],))])
    assert report.calls[0].error.kind == "unsupported"
    assert "complex" in report.calls[1].error.message


def test_common_modules_import_in_the_child_even_as_an_unprivileged_user(sandbox):
    # As root the child runs as another user, who may not be able to read a Python
    # installed under a private home: what students commonly import must still work.
    source = ("import numpy as np, math, random, itertools, collections, re, statistics\n"
              "def f(x):\n    return np.random.default_rng(0).normal(size=2).round(3)\n"
              "def g(x):\n    return float(len(str(math.pi)))\n")
    report = run(sandbox, source, [("f", ([0],)), ("g", ([0],))])
    assert [cell.error for cell in report.cells] == [None]
    assert report.calls[0].value == list(np.random.default_rng(0).normal(size=2).round(3))
    assert report.calls[1].value == float(len(str(math.pi)))
