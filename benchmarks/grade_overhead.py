"""Grader overhead on one notebook submission: cold CLI start, and each phase in a warm process.

Run: .venv/bin/python benchmarks/grade_overhead.py [NOTEBOOK]
Prints medians; it asserts nothing (figures vary with the machine and its load).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "submissions_sample" / "02_reference_solution.ipynb"


def reference_notebook(folder: Path) -> Path:
    """The reference solution as a one-cell notebook (used when the sample is absent)."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell((REPO / "reference" / "hw3.py").read_text())]
    path = folder / "reference.ipynb"
    nbformat.write(notebook, str(path))
    return path


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    notebook = Path(sys.argv[1]) if len(sys.argv) > 1 else (SAMPLE if SAMPLE.exists() else reference_notebook(folder))
    cli = [sys.executable, "-m", "autograder", "grade", str(notebook), "--quiet", "--out", str(folder / "r.json")]
    cold = median_seconds(lambda: subprocess.run(cli, check=True), 5)

    from autograder.cli import start
    from autograder.expected import build_plan
    from autograder.grade import grade_path
    from autograder.rubric import load_rubric

    load = median_seconds(load_rubric, 5)
    rubric = load_rubric()
    plan_time = median_seconds(lambda: build_plan(rubric), 5)
    sandbox, plan = start(None)
    with sandbox:
        grade_path(notebook, plan, sandbox)
        warm = median_seconds(lambda: grade_path(notebook, plan, sandbox), 20)
    print(f"notebook: {notebook.relative_to(REPO) if notebook.is_relative_to(REPO) else notebook.name}")
    print(f"  cold CLI run, whole process (median of 5) : {cold * 1000:7.1f} ms")
    print(f"  load + validate the rubric (median of 5)  : {load * 1000:7.1f} ms")
    print(f"  build the plan: {len(plan.cases)} cases (median of 5)  : {plan_time * 1000:7.1f} ms")
    print(f"  grade_path, warm fork server (median of 20): {warm * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
