"""Shared fixtures: one fork server and one grading plan for the whole session."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from autograder.cli import start
from autograder.grade import grade_path
from autograder.results import schema_errors

REPO = Path(__file__).resolve().parent.parent
REFERENCE_SOURCE = (REPO / "reference" / "hw3.py").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def grading():
    """(sandbox, plan) for the bundled rubric; the fork server is started first, as in the CLI."""
    sandbox, plan = start(None)
    with sandbox:
        yield sandbox, plan


@pytest.fixture
def grade(grading, tmp_path):
    """Grade a path, or source text written to a .py file; every result is schema-checked."""
    sandbox, plan = grading

    def run(submission, name: str = "hw3.py") -> dict:
        if isinstance(submission, str):
            path = tmp_path / name
            path.write_text(textwrap.dedent(submission), encoding="utf-8")
            submission = path
        results = grade_path(submission, plan, sandbox)
        assert schema_errors(results) == []
        assert sum(t["max_score"] for t in results["tests"]) == plan.rubric.max_score
        return results

    return run


def by_item(results: dict) -> dict:
    """Item id -> test record."""
    return {test["extra_data"]["item"]: test for test in results["tests"]}


def with_replaced(name: str, new_source: str) -> str:
    """The reference solution with the function `name` redefined at the end of the file."""
    return REFERENCE_SOURCE + "\n\n" + textwrap.dedent(new_source).replace("FUNCTION", name)
