"""Fixtures for hostile submissions: a fast test rubric, one shared sandbox, guarded files."""
from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest

from autograder.expected import build_plan
from autograder.grade import grade_path
from autograder.results import schema_errors, write_results
from autograder.rubric import load_rubric
from autograder.sandbox.supervisor import Sandbox

REPO = Path(__file__).resolve().parents[2]
REFERENCE_SOURCE = (REPO / "reference" / "hw3.py").read_text(encoding="utf-8")
GUARDED = (REPO / "rubrics" / "hw3.yaml", REPO / "reference" / "hw3.py", REPO / "reference" / "mistakes.py")
FAST_LIMITS = {"call_seconds": "0.5", "submission_seconds": "10", "memory_mb": "512"}


def _fast_rubric(directory: Path) -> Path:
    text = (REPO / "rubrics" / "hw3.yaml").read_text(encoding="utf-8")
    text = text.replace("../reference/", f"{REPO / 'reference'}/")
    for key, value in FAST_LIMITS.items():
        text = re.sub(rf"(?m)^(  {key}:)\s*\S+", rf"\g<1> {value}", text)
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
        return results

    return run
