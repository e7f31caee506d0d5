"""The grading path for one submission: discover → load → sandbox → compare and score → results.

Every command (grade, gradescope, batch, samples, selftest, check) calls `grade_path`;
none has a copy of a step.
"""
from __future__ import annotations

import time
import traceback
from pathlib import Path

from autograder.discover import discover
from autograder.expected import GradingPlan
from autograder.load import load_program
from autograder.records import Program, RunReport, Submission
from autograder.results import build_results
from autograder.sandbox.supervisor import Call, Sandbox
from autograder.score import score_items
from autograder.written import markdown_answers

MAX_SHOWN_OUTPUT = 2000


def grade_path(path: Path, plan: GradingPlan, sandbox: Sandbox) -> dict:
    """Results JSON for the submission at `path`. Never raises for anything the student did;
    a failure of the grader itself still gives valid results (all items 0, rubric max kept)."""
    started = time.monotonic()
    try:
        submission, program, run = _run(Path(path), plan, sandbox)
        tests = score_items(plan, program, run)
        output = describe(plan, submission, program, run)
        extra = {"internal_error": None}
    except Exception:  # noqa: BLE001 - the results file must be written whatever happened
        detail = traceback.format_exc()
        program = Program(Path(path).name, ())
        run = unrun(plan, "The autograder itself failed on this submission; your instructor has been told.")
        tests = score_items(plan, program, run)
        output = "**The autograder hit an internal error.** Your instructor will look at it; " \
                 "you do not need to resubmit."
        extra = {"internal_error": detail}
    return build_results(tests, output, time.monotonic() - started, extra)


def _run(path: Path, plan: GradingPlan, sandbox: Sandbox) -> tuple[Submission, Program, RunReport]:
    rubric = plan.rubric
    parts = tuple(item.part for item in rubric.items if item.kind == "written")
    submission = discover(path, rubric.graded_names)
    if submission.problem:
        program = load_program_writeups_only(submission, parts)
        return submission, program, unrun(plan, submission.problem)
    program = load_program(submission, parts)
    if program.problem:
        return submission, program, unrun(plan, program.problem)
    strings = tuple(item.name for item in rubric.items if item.kind == "written")
    calls = [Call(case.name, case.args, case.kwargs) for case in plan.cases]
    run = sandbox.run(program, rubric.graded_names, strings, calls, rubric.limits, submission.helpers)
    return submission, program, run


def load_program_writeups_only(submission: Submission, parts: tuple[str, ...]) -> Program:
    """With no code to run, a write-up may still hold the written answers."""
    texts = []
    for file in submission.writeups:
        try:
            texts.append(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return Program(submission.root.name, (), markdown_answers(texts, parts))


def unrun(plan: GradingPlan, reason: str) -> RunReport:
    """The report of a run that never happened: every item scores 0 with `reason`."""
    return RunReport(cells=(), defined={}, strings={}, calls={}, load_failed=reason)


def describe(plan: GradingPlan, submission: Submission, program: Program, run: RunReport) -> str:
    """The top-level message: what was graded and anything that went wrong while running it."""
    lines = [f"**{plan.rubric.assignment}**"]
    if submission.main is not None:
        lines.append(f"Graded `{submission.main.relative_to(submission.root) if submission.root.is_dir() else submission.main.name}`.")
    if run.load_failed:
        lines.append(f"**Your code could not be graded:** {run.load_failed}")
    for cell in run.cells:
        if cell.error:
            lines.append(_cell_problem(cell, program))
    missing = [name for name in plan.rubric.graded_names
               if name not in run.defined and not run.load_failed and _is_function(plan, name)]
    if missing:
        lines.append("Not defined in your code: " + ", ".join(f"`{name}`" for name in missing) + ".")
    lines.extend(program.notes)
    lines.extend(run.notes)
    load_output = run.output[:MAX_SHOWN_OUTPUT]
    if load_output.strip():  # output printed during hidden calls is never shown: it could echo inputs
        lines.append(f"Your code printed (first {MAX_SHOWN_OUTPUT} characters):\n```\n{load_output}\n```")
    return "\n\n".join(lines)


def _cell_problem(cell, program: Program) -> str:
    """What a failing cell or file means for the grade, then the student's traceback."""
    whole_file = cell.label == program.filename
    if cell.error.startswith(("SyntaxError", "IndentationError", "TabError")):
        consequence = "so none of it ran" if whole_file else "so this cell did not run; the later cells still ran"
    else:
        consequence = "names defined before the error were graded" if whole_file else "the later cells still ran"
    where = "Your file" if whole_file else f"Notebook {cell.label}"
    return f"{where} raised `{cell.error}` ({consequence}).\n```\n{cell.traceback.strip()[-1500:]}\n```"


def _is_function(plan: GradingPlan, name: str) -> bool:
    return any(item.name == name and item.kind == "function" for item in plan.rubric.items)
