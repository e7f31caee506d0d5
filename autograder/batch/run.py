"""The `batch` verb: grade a class in parallel, resumably, then write grades.csv and report.html.

The parent reads the rubric and builds the grading plan once, then forks the workers;
each starts its own sandbox (a fresh fork server, which never holds the plan) and grades
one submission at a time with `grade_path`, exactly as `autograder grade` does. A result
is stored under its key as soon as it is made, so a run stopped at any moment, by Ctrl-C
or by a kill, loses at most the submissions being graded; the same command finishes it.
"""
from __future__ import annotations

import os
import sys
import zipfile
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Iterator, Optional

from autograder import table
from autograder.batch import gradebook, grades_csv, report
from autograder.batch.progress import Progress
from autograder.batch.roster import Roster, read_roster
from autograder.batch.store import Busy, Store, fingerprint, is_final, submission_key
from autograder.batch.workers import Pool, PoolError
from autograder.cli import UsageError, load_plan
from autograder.expected import GradingPlan
from autograder.gradescope.run import rubric_files
from autograder.grade import grade_path
from autograder.sandbox.supervisor import Sandbox

INTERRUPTED = 130


def cmd_batch(args) -> int:
    """Exit 0 when every submission is graded, 1 when some could not be, 130 when interrupted."""
    path = Path(args.path)
    if not (path.is_dir() or zipfile.is_zipfile(path)):
        raise UsageError(f"{path}: not a folder or a zip file")
    jobs = args.jobs if args.jobs is not None else _cores()
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    kept = f"Every result finished so far is kept in {Path(args.out) / 'results'}; " \
           "run the same command again to grade the rest."
    try:
        with Store(args.out) as store:
            return _batch(path, store, jobs, args.rubric)
    except Busy as exc:
        raise UsageError(str(exc)) from None
    except PoolError as exc:
        print(f"autograder: {exc}. {kept}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\nInterrupted. {kept}", file=sys.stderr)
        return INTERRUPTED


def _cores() -> int:
    """The cores this process may use (all of the machine's where that cannot be asked)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _batch(path: Path, store: Store, jobs: int, rubric_path: Optional[Path]) -> int:
    plan = load_plan(rubric_path)
    roster = read_roster(path, store.out)
    for warning in roster.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    grading = fingerprint(rubric_files(plan.rubric))
    keys = {entry.id: submission_key(entry.path, grading) for entry in roster.entries if entry.path}
    todo = _todo(roster, keys, store)
    print(_intro(roster, keys, todo, path, jobs), file=sys.stderr)
    failures = grade_all(todo, plan, store, jobs)
    book = gradebook.collect(plan.rubric, roster.entries, keys, store, failures)
    grades_csv.write_csv(book, store.out)
    report.write_report(book, store.out)
    print(summary(book, store.out))
    return 1 if book.errors else 0


def _todo(roster: Roster, keys: dict[str, str], store: Store) -> dict[str, Path]:
    """Key -> a path to grade, once per key, for every key without final results."""
    todo: dict[str, Path] = {}
    for entry in roster.entries:
        key = keys.get(entry.id)
        if key and key not in todo and not is_final(store.load(key)):
            todo[key] = entry.path
    return todo


def _intro(roster: Roster, keys: dict[str, str], todo: dict[str, Path], path: Path, jobs: int) -> str:
    pending = sum(keys.get(entry.id) in todo for entry in roster.entries)
    missing = len(roster.entries) - len(keys)
    line = (f"{len(roster.entries)} submissions in {path}: {len(keys) - pending} already graded, "
            f"{pending} to grade with {min(jobs, len(todo))} processes")
    return line + (f", {missing} with no files to grade." if missing else ".")


def grade_all(todo: dict[str, Path], plan: GradingPlan, store: Store, jobs: int) -> dict[str, str]:
    """Grade every (key, path) in `todo` with `jobs` workers; returns key -> why it failed."""
    failures: dict[str, str] = {}
    if not todo:
        return failures
    progress = Progress(len(todo))
    try:
        with Pool(min(jobs, len(todo)), partial(_grader, plan, store)) as pool:
            for (key, _path), _result, failure in pool.run(todo.items()):
                if failure:
                    failures[key] = failure
                progress.advance()
    finally:
        progress.close()
    return failures


@contextmanager
def _grader(plan: GradingPlan, store: Store) -> Iterator:
    """In a worker: one sandbox for its whole life, and the function that grades one task."""
    with Sandbox() as sandbox:
        yield partial(_grade_one, plan, sandbox, store)


def _grade_one(plan: GradingPlan, sandbox: Sandbox, store: Store, task: tuple[str, Path]) -> None:
    key, path = task
    store.save(key, grade_path(path, plan, sandbox))


def summary(book: gradebook.Gradebook, out: Path) -> str:
    """The end-of-run report for the terminal: counts, mean and median, items hardest first."""
    points = gradebook.points
    maximum = points(book.rubric.max_score)
    lines = [f"{len(book.rows)} submissions: {len(book.graded)} graded, {len(book.errors)} not graded."]
    if book.graded:
        lines.append(f"Class mean {points(book.mean())} / {maximum}, median {points(book.median())} / {maximum}.")
        rows = [[rank, s.item.id, s.item.title, f"{points(s.mean)} / {points(s.item.points)}",
                 f"{s.full_marks:.0%}", s.mistakes[0][0] if s.mistakes else ""]
                for rank, s in enumerate(book.by_difficulty(), 1)]
        lines += ["", table.render(["rank", "item", "title", "mean", "full marks", "most common mistake"],
                                   rows, right={0, 3, 4}), ""]
    for row in book.errors:
        lines.append(f"not graded: {row.entry.id}: {row.error}")
    plots = "" if report.plots_available() else " (no plots: matplotlib is not installed)"
    lines.append(f"Wrote {out / grades_csv.FILENAME}, {out / report.FILENAME}{plots} and {out / 'results'}/.")
    return "\n".join(lines)
