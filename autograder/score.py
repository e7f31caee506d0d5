"""Comparisons → TestResult records: points, status and feedback a student can act on.

Visible cases show the input, the expected answer and the student's answer. Hidden cases
show only how many failed and why in general terms (no expected values, no inputs, no
exception messages, which could echo an input); a wrong answer that matches an entry of
the mistake catalogue is named.
"""
from __future__ import annotations

import ast
import builtins
from collections import Counter
from typing import Any, Optional

import numpy as np

from autograder.compare import as_numbers, check_value, matches
from autograder.expected import GradingPlan
from autograder.records import CallResult, Comparison, Program, RunReport, TestResult
from autograder.rubric import Item
from autograder.static import check_no_loops, parse_cell
from autograder.written import judge, real_answer

MAX_SHOWN_FAILURES = 2


def score_items(plan: GradingPlan, program: Program, run: RunReport) -> list[TestResult]:
    """One TestResult per rubric item, in rubric order; max_score always from the rubric."""
    results: dict[str, TestResult] = {}
    for item in plan.rubric.items:
        if item.kind == "function":
            results[item.id] = _function_item(plan, item, run)
        elif item.kind == "written":
            results[item.id] = _written_item(item, program, run)
    for item in plan.rubric.items:
        if item.kind == "static":
            results[item.id] = _static_item(item, program, results.get(item.requires), plan)
    return [results[item.id] for item in plan.rubric.items]


def _test(item: Item, fraction: float, output: str, mistakes: tuple[str, ...] = ()) -> TestResult:
    tags = (item.name, item.question, item.kind) + (("manual_review",) if item.manual_review else ())
    return TestResult(item.id, item.title, item.number, round(item.points * fraction, 2),
                      item.points, output, item.visibility, tags, mistakes)


# ---- function items ---------------------------------------------------------------------

def _function_item(plan: GradingPlan, item: Item, run: RunReport) -> TestResult:
    indices = [i for i, case in enumerate(plan.cases) if case.item_id == item.id]
    if run.load_failed:
        return _test(item, 0.0, f"**Not graded**: {run.load_failed}")
    if item.name not in run.defined:
        return _test(item, 0.0, f"**Missing**: `{item.name}` is not defined at the top level of your code.")
    failures = []
    for index in indices:
        verdict = _verdict(run.calls.get(index), plan.expectations[index].value, item)
        if not verdict.ok:
            failures.append((index, verdict))
    fraction = 1 - len(failures) / len(indices)
    if not failures:
        return _test(item, 1.0, f"All {len(indices)} cases pass.")
    mistakes = _matched_mistakes(plan, item, run, [i for i, _ in failures])
    return _test(item, fraction, _failure_feedback(plan, item, run, indices, failures, mistakes),
                 tuple(m for m, _ in mistakes))


def _verdict(result: Optional[CallResult], expected: np.ndarray, item: Item) -> Comparison:
    if result is None:
        return Comparison(False, "not run")
    if result.error is not None:
        return Comparison(False, result.error.message)
    return check_value(result.value, expected, item.tolerance)


def _matched_mistakes(plan, item: Item, run: RunReport, failed: list[int]) -> list[tuple[str, int]]:
    counts: Counter = Counter()
    for index in failed:
        result = run.calls.get(index)
        if result is None or result.error is not None:
            continue
        for mistake_id, wrong in plan.expectations[index].mistakes.items():
            if wrong is not None and matches(result.value, wrong, item.tolerance):
                counts[mistake_id] += 1
    return counts.most_common()


def _failure_feedback(plan, item, run, indices, failures, mistakes) -> str:
    visible = [(i, v) for i, v in failures if plan.cases[i].visible]
    hidden = [(i, v) for i, v in failures if not plan.cases[i].visible]
    lines = [f"**{len(failures)} of {len(indices)} cases failed** "
             f"({len(visible)} example{'s' if len(visible) != 1 else ''}, {len(hidden)} hidden)."]
    for index, verdict in visible[:MAX_SHOWN_FAILURES]:
        lines.append(_visible_failure(plan, index, run.calls.get(index), verdict))
    if len(visible) > MAX_SHOWN_FAILURES:
        lines.append(f"… and {len(visible) - MAX_SHOWN_FAILURES} more example(s).")
    if hidden:
        lines.append(f"**Hidden cases**: {len(hidden)} failed: {_hidden_summary(run, hidden)}.")
    for mistake_id, count in mistakes:
        lines.append(f"**Known mistake** (matches {count} of the {len(failures)} failed cases): "
                     f"{plan.rubric.mistakes[mistake_id]}")
    return "\n\n".join(lines)


def _visible_failure(plan, index: int, result: Optional[CallResult], verdict: Comparison) -> str:
    case = plan.cases[index]
    call = f"{case.name}({_call_args(case.args, case.kwargs)})"
    lines = [f"**Example** `{call}`", f"- expected: `{_show(plan.expectations[index].value)}`"]
    if result is not None and result.error is None:
        lines.append(f"- got: `{_show(result.value)}`")
    lines.append(f"- {verdict.reason}")
    if result is not None and result.error is not None and result.error.detail:
        lines.append("```\n" + result.error.detail.strip()[-1500:] + "\n```")
    return "\n".join(lines)


def _exception_name(message: str) -> str:
    """`raised ValueError` for a built-in exception; any other text (a multi-line message's
    last line, a class the student named) could carry a hidden input, so it is not shown."""
    name = message.split(":")[0].strip()
    is_builtin = isinstance(getattr(builtins, name, None), type) and issubclass(getattr(builtins, name), BaseException)
    return f"raised {name}" if is_builtin else "raised an exception"


def _hidden_summary(run: RunReport, hidden: list) -> str:
    """Reasons in general terms only: an exception's message could echo a hidden input."""
    reasons: Counter = Counter()
    for index, verdict in hidden:
        result = run.calls.get(index)
        if result is not None and result.error is not None:
            if result.error.kind == "exception":
                reasons[_exception_name(result.error.message)] += 1
            else:
                reasons[{"timeout": "ran out of time", "crash": "the process stopped",
                         "skipped": "not run", "unsupported": "returned something that is not numbers"}
                        .get(result.error.kind, result.error.kind)] += 1
        elif "shape" in verdict.reason:
            reasons["wrong shape"] += 1
        elif "NaN" in verdict.reason or "infinity" in verdict.reason:
            reasons["NaN or infinity in the answer"] += 1
        else:
            reasons["wrong values"] += 1
    return ", ".join(f"{reason} ({count})" for reason, count in reasons.most_common())


def _call_args(args: tuple, kwargs: dict) -> str:
    parts = [_show(arg) for arg in args] + [f"{key}={_show(value)}" for key, value in kwargs.items()]
    return ", ".join(parts)


def _show(value: Any) -> str:
    numbers = as_numbers(value)
    if isinstance(numbers, Comparison):
        return repr(value)[:300]
    text = np.array2string(numbers, precision=6, separator=", ", threshold=40, max_line_width=10_000)
    return " ".join(text.split())[:600]


# ---- static and written items -------------------------------------------------------------

def _static_item(item: Item, program: Program, required: Optional[TestResult], plan: GradingPlan) -> TestResult:
    if required is not None and required.score < required.max_score:
        title = plan.rubric.item(item.requires).title
        return _test(item, 0.0, f"Earns its points once item {required.number} ({title}) passes every case.")
    verdict = check_no_loops(program.cells, item.name, item.forbid_loops, item.forbid_calls)
    if verdict.ok:
        return _test(item, 1.0, f"`{item.name}` uses the closed form: no loop over t.")
    return _test(item, 0.0, f"**Not a closed form**: {verdict.reason}. Compute y_T directly from the formula.")


def _written_item(item: Item, program: Program, run: RunReport) -> TestResult:
    answer = answer_text(item, program, run)
    verdict = judge(answer, item.min_words, item.concepts, item.manual_review)
    return _test(item, verdict.fraction, verdict.feedback)


def answer_text(item: Item, program: Program, run: RunReport) -> Optional[str]:
    """The string the code defines, else a literal in code that did not run, else markdown."""
    for candidate in (lambda: run.strings.get(item.name), lambda: _literal_string(program, item.name),
                      lambda: program.markdown_answers.get(item.part)):
        text = candidate()
        if real_answer(text):
            return text
    return None


def _literal_string(program: Program, name: str) -> Optional[str]:
    for cell in reversed(program.cells):
        tree = parse_cell(cell.source)
        if tree is None:
            continue
        for node in tree.body:
            if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                return node.value.value
    return None
