"""`autograder check SUBMISSION`: the visible cases through the one grading path, as a ✓/✗ table.

Hidden cases are neither run nor reported; items with nothing visible to check are listed
as graded after submission. The report is the one the kit's checker prints.
"""
from __future__ import annotations

import re
from collections import Counter

from autograder.cli import UsageError, start
from autograder.expected import GradingPlan
from autograder.grade import grade_path
from autograder.kit.checker import Row, heading, passes, render
from autograder.kit.visible import checked_later, visible_plan
from autograder.rubric import Item

CASES_FAILED = re.compile(r"^\d+ of \d+ cases failed")


def cmd_check(args) -> int:
    """Print the report; exit 0 when every visible check passes, 1 when one fails."""
    if not args.path.exists():
        raise UsageError(f"{args.path}: no such file or folder")
    sandbox, plan = start(args.rubric)
    shown = visible_plan(plan)
    with sandbox:
        results = grade_path(args.path, shown, sandbox)
    rows = check_rows(shown, results) + [Row(None, item.number, item.title, "no visible cases: graded after you submit")
                                         for item in checked_later(plan, shown)]
    notes = [_plain(paragraph) for paragraph in results["output"].split("\n\n")[1:]]
    print(render(heading(args.path.name, plan.rubric.assignment), rows, notes))
    return 0 if passes(rows) else 1


def check_rows(shown: GradingPlan, results: dict) -> list[Row]:
    """One report row per graded test of the visible plan."""
    items = {item.id: item for item in shown.rubric.items}
    counts = Counter(case.item_id for case in shown.cases)
    return [_row(items[test["extra_data"]["item"]], test, counts[test["extra_data"]["item"]])
            for test in results["tests"]]


def _row(item: Item, test: dict, cases: int) -> Row:
    ok = test["status"] == "passed"
    paragraphs = [_plain(paragraph) for paragraph in test["output"].split("\n\n")]
    if item.kind == "function":
        passed = round(cases * test["score"] / test["max_score"]) if test["max_score"] else cases * ok
        details = [] if ok else [p for p in paragraphs if not CASES_FAILED.match(p)]
        return Row(ok, item.number, item.title, f"{passed} of {cases} visible cases pass",
                   tuple("\n".join(details).splitlines()))
    summary = paragraphs[0].rstrip(".")
    if item.kind == "written":
        where = "" if ok else f" (a markdown heading naming {item.part}, or {item.name})"
        summary += f"{where}; it is graded after you submit"
    return Row(ok, item.number, item.title, summary)


def _plain(markdown: str) -> str:
    """Feedback markdown as terminal text: no emphasis, no code marks, no fences."""
    lines = [line for line in markdown.splitlines() if not line.startswith("```")]
    return re.sub(r"\*\*|`", "", "\n".join(lines))
