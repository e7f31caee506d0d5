"""The kit's data file: the visible cases with their expected answers, the tolerances, and the
grader's own text patterns, so the standalone checker reads files the way the grader does.

Everything here comes from the visible plan; nothing hidden is passed in.
"""
from __future__ import annotations

import re

from autograder.expected import GradingPlan
from autograder.load import MAGIC_LINE, SKIPPED_CELL_MAGICS
from autograder.rubric import Item
from autograder.written import HEADING, PLACEHOLDERS, part_pattern

def kit_data(shown: GradingPlan) -> dict:
    """The JSON document the kit's checker reads; `shown` must be a visible plan."""
    rubric = shown.rubric
    return {
        "assignment": rubric.assignment,
        "limits": {"load_seconds": rubric.limits.load_seconds, "call_seconds": rubric.limits.call_seconds},
        "patterns": {"heading": _portable(HEADING), "placeholders": _portable(PLACEHOLDERS),
                     "magic_line": _portable(MAGIC_LINE), "cell_magic": _portable(SKIPPED_CELL_MAGICS)},
        "items": [_item(shown, item) for item in rubric.items],
    }


def _item(shown: GradingPlan, item: Item) -> dict:
    common = {"id": item.id, "number": item.number, "title": item.title, "kind": item.kind, "name": item.name}
    if item.kind == "written":
        return {**common, "part": item.part, "pattern": _portable(part_pattern(item.part)),
                "min_words": item.min_words}
    if item.kind == "static":
        return {**common, "requires": item.requires, "forbid_loops": item.forbid_loops,
                "forbid_calls": list(item.forbid_calls)}
    cases = [{"args": list(case.args), "kwargs": case.kwargs, "expected": expectation.value.tolist()}
             for case, expectation in zip(shown.cases, shown.expectations) if case.item_id == item.id]
    return {**common, "rtol": item.tolerance.rtol, "atol": item.tolerance.atol, "cases": cases}


def _portable(pattern: re.Pattern) -> str:
    """The pattern as a string that carries its IGNORECASE flag inline."""
    return ("(?i)" if pattern.flags & re.IGNORECASE else "") + pattern.pattern
