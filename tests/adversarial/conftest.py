"""Fixtures for hostile submissions: a fast test rubric, one shared sandbox, guarded files."""
from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.expected import build_plan
from autograder.grade import grade_path
from autograder.results import schema_errors, write_results
from autograder.rubric import load_rubric
from autograder.sandbox.supervisor import Sandbox

REPO = Path(__file__).resolve().parents[2]
REFERENCE_SOURCE = (REPO / "reference" / "hw3.py").read_text(encoding="utf-8")
GUARDED = (REPO / "rubrics" / "hw3.yaml", REPO / "reference" / "hw3.py", REPO / "reference" / "mistakes.py")
FAST_LIMITS = {"call_seconds": "0.5", "load_seconds": "3", "submission_seconds": "10", "memory_mb": "512"}
AS_ROOT = os.geteuid() == 0
"""Only as root does the child run as another user; otherwise it may write what the grader can."""


def _fast_rubric(directory: Path) -> Path:
    text = (REPO / "rubrics" / "hw3.yaml").read_text(encoding="utf-8")
    text = text.replace("../reference/", f"{REPO / 'reference'}/")
    for key, value in FAST_LIMITS.items():
        text, found = re.subn(rf"(?m)^(  {key}:)\s*\S+", rf"\g<1> {value}", text)
        if not found:
            text = text.replace("\nlimits:\n", f"\nlimits:\n  {key}: {value}\n", 1)
    path = directory / "hw3-fast.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(sandbox, plan) with small limits; the fork server starts before the rubric loads."""
    sandbox = Sandbox()
    sandbox.start()
    plan = build_plan(load_rubric(_fast_rubric(tmp_path_factory.mktemp("rubric"))))
    with sandbox:
        yield sandbox, plan


@pytest.fixture
def attack(hostile, tmp_path):
    """Grade a hostile submission and check what must hold whatever it did."""
    sandbox, plan = hostile
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("untouched", encoding="utf-8")
    before = {path: _digest(path) for path in GUARDED}
    bound = plan.rubric.limits.submission_seconds + 15

    def run(submission) -> dict:
        if isinstance(submission, str):
            path = tmp_path / "sub" / "hw3.py"
            path.parent.mkdir(exist_ok=True)
            path.write_text(submission.replace("SENTINEL", str(sentinel)), encoding="utf-8")
            submission = path
        started = time.monotonic()
        results = grade_path(submission, plan, sandbox)
        out = tmp_path / "results.json"
        write_results(results, out)
        assert time.monotonic() - started < bound
        assert schema_errors(results) == []
        assert sentinel.read_text(encoding="utf-8") == "untouched"
        assert {path: _digest(path) for path in GUARDED} == before
        assert out.stat().st_size > 0
        assert_no_hidden_leak(results, plan)
        return results

    return run


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
WINDOW = 4
"""How many consecutive hidden numbers, in order, count as a leaked array."""


def _flat(value) -> list[float]:
    return [float(x) for x in np.ravel(np.asarray(value, dtype=float))]


def _key(x: float) -> str:
    """Equal for two printings of one number at seven or more significant digits."""
    return f"{x:.6e}"


def _telling(text: str) -> bool:
    """Printed precisely enough (seven significant digits; feedback shows six) to be a leak, not a
    coincidence with a wrong answer to a visible example."""
    digits = text.lstrip("-").split("e")[0].split("E")[0].replace(".", "").lstrip("0")
    return len(digits) >= 7


def _windows(numbers: list[float]) -> set[tuple]:
    """Runs of WINDOW numbers, unless they are all as common as 0, 0.5 and 1."""
    runs = set()
    for start in range(len(numbers) - WINDOW + 1):
        run = tuple(round(x, 4) for x in numbers[start:start + WINDOW])
        if len({abs(x) for x in run} - {0.0, 0.5, 1.0}) >= 2:
            runs.add(run)
    return runs


def _case_numbers(plan, visible: bool) -> list[list[float]]:
    found = []
    for case, expectation in zip(plan.cases, plan.expectations):
        if case.visible == visible:
            found += [_flat(arg) for arg in case.args if isinstance(arg, (list, int, float))]
            found.append(_flat(expectation.value))
    return found


def hidden_needles(plan) -> tuple[set[str], set[tuple]]:
    """Single numbers and runs of numbers found only in hidden cases, inputs and answers alike."""
    hidden, shown = _case_numbers(plan, False), _case_numbers(plan, True)
    singles = {_key(x) for seq in hidden for x in seq}
    singles -= {_key(x) for seq in shown for x in seq}
    runs = set().union(*(_windows(seq) for seq in hidden)) - set().union(*(_windows(seq) for seq in shown))
    return singles, runs


def student_text(results: dict) -> str:
    """What a student reads: the overall output and each visible test's name and output."""
    parts = [results.get("output", "")]
    for test in results["tests"]:
        if test.get("visibility", "visible") != "hidden":
            parts += [test["name"], test.get("output", "")]
    return "\n".join(parts)


def assert_no_hidden_leak(results: dict, plan) -> None:
    """No hidden input or expected value, in any common printing, reaches the student."""
    singles, runs = hidden_needles(plan)
    numbers = [(m.group(), float(m.group())) for m in NUMBER.finditer(student_text(results))]
    leaked = [text for text, x in numbers if _telling(text) and _key(x) in singles]
    leaked += [str(run) for run in _windows([x for _text, x in numbers]) & runs]
    assert not leaked, f"hidden values in student-facing output: {leaked[:5]}"
