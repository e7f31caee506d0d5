"""The `gradescope` verb: grade ROOT/submission and write ROOT/results/results.json.

Gradescope shows this process's stdout to instructors only and the results' `output` to
students: tracebacks go to stdout, students get a plain sentence. A valid results file is
written whatever fails: a placeholder before grading starts (should the container be
stopped mid-run), then the real results, or a fallback if the grader itself broke.
"""
from __future__ import annotations

import json
import platform
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from autograder.cli import summary
from autograder.expected import GradingPlan, build_plan
from autograder.gradescope.isolation import NOT_ROOT_NOTE, STUDENT_USER, lock_down, student_identity
from autograder.grade import grade_path, unrun
from autograder.records import Program
from autograder.results import build_results, write_results
from autograder.rubric import Rubric, load_rubric
from autograder.sandbox.supervisor import Sandbox
from autograder.score import score_items

INTERNAL_ERROR = ("**The autograder could not grade this submission** because of a problem on "
                  "our side. Your instructor has been told; you do not need to resubmit.")
UNFINISHED = ("**Grading did not finish**: the autograder was stopped before it could record "
              "your results. Your instructor has been told; you do not need to resubmit.")


@dataclass(frozen=True)
class Layout:
    """Gradescope's folders under one root (/autograder there, a temporary folder in tests)."""

    root: Path
    """The folder that holds source/, submission/ and results/."""

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def submission(self) -> Path:
        return self.root / "submission"

    @property
    def metadata(self) -> Path:
        return self.root / "submission_metadata.json"

    @property
    def results(self) -> Path:
        return self.root / "results" / "results.json"


def cmd_gradescope(args) -> int:
    """Grade the submission under `args.root`; exit 0 whenever a results file was written."""
    layout = Layout(args.root.resolve())
    print(f"hw3-autograder on Python {platform.python_version()}; root {layout.root}")
    try:
        results = _grade(layout, args.rubric)
    except Exception:  # noqa: BLE001 - the results file must be written whatever happened
        detail = traceback.format_exc()
        print(f"The grader failed before it could grade:\n{detail}")
        results = fallback_results(_rubric_or_none(args.rubric), INTERNAL_ERROR, detail)
    write_results(results, layout.results)
    print(summary(results))
    print(f"Wrote {layout.results} (score {results['score']:g}).")
    return 0


def _grade(layout: Layout, rubric_path: Optional[Path]) -> dict:
    """Confine, start the fork server, then load the rubric, write a placeholder and grade."""
    identity = student_identity()
    as_root = identity.uid is not None
    print(f"Student code runs as {STUDENT_USER} (uid {identity.uid})." if as_root else NOT_ROOT_NOTE)
    layout.results.parent.mkdir(parents=True, exist_ok=True)
    if as_root:
        lock_down([layout.source, layout.submission, layout.metadata, layout.results.parent])
    describe_metadata(layout.metadata)
    with Sandbox(identity, hidden_paths=(str(layout.source),)) as sandbox:
        plan = build_plan(load_rubric(rubric_path))
        if as_root:
            lock_down(rubric_files(plan.rubric))
        write_results(fallback_results(plan.rubric, UNFINISHED, "grading did not finish"), layout.results)
        results = grade_path(layout.submission, plan, sandbox)
    internal = results.get("extra_data", {}).get("internal_error")
    if internal:
        print(f"The grader failed on this submission (the student sees a short notice):\n{internal}")
    return results


def fallback_results(rubric: Optional[Rubric], message: str, detail: str) -> dict:
    """Results for a submission that could not be graded: every rubric item 0 of its points
    (no tests at all when even the rubric is unreadable), `message` for the student."""
    tests = []
    if rubric is not None:
        tests = score_items(GradingPlan(rubric, (), ()), Program("", ()), unrun(None, message))
    return build_results(tests, message, 0.0, {"internal_error": detail})


def rubric_files(rubric: Rubric) -> list[Path]:
    """The rubric and the modules it names: what student code must never read."""
    return [path for path in (rubric.path, rubric.reference, rubric.mistakes_module) if path is not None]


def _rubric_or_none(path: Optional[Path]) -> Optional[Rubric]:
    try:
        return load_rubric(path)
    except Exception:  # noqa: BLE001 - already failing; the max scores are a courtesy
        return None


def describe_metadata(path: Path) -> None:
    """One instructor-only line about the submission from Gradescope's metadata, if any."""
    if not path.is_file():
        print("No submission metadata (not running on Gradescope?).")
        return
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        users = ", ".join(str(user.get("name") or user.get("email")) for user in meta.get("users", []))
        print(f"Submission {meta.get('id')} of {meta.get('created_at')} by {users or 'unknown'}; "
              f"{len(meta.get('previous_submissions', []))} earlier submission(s).")
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        print(f"Submission metadata unreadable ({type(exc).__name__}); grading anyway.")
