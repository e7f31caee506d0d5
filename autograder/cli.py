"""Command line: argument parsing only, one function per verb, each a thin shell over grade_path."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional

from autograder import table

# Set before numpy is imported: the grader's arrays are tiny, and a pool of BLAS threads
# would only slow every start-up and compete with the children for the cores.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


def main(argv: Optional[list[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.verb(args)
    except UsageError as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2


def run() -> None:
    """The console entry point: `main`, then exit without unwinding the interpreter.

    Everything is written, synced and flushed by then; skipping the teardown of numpy and
    friends saves ~25 ms on every command, a tenth of a one-notebook grade."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code or 0))


class UsageError(Exception):
    """Misuse of the command line (bad path, bad rubric): one line on stderr, exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description="Grade HW3 submissions.")
    verbs = parser.add_subparsers(required=True, metavar="VERB")

    grade = verbs.add_parser("grade", help="grade one submission (.py, .ipynb or a folder)")
    grade.add_argument("path", type=Path)
    grade.add_argument("--out", type=Path, help="write Gradescope results JSON here")
    grade.add_argument("--rubric", type=Path)
    grade.add_argument("--quiet", action="store_true", help="no summary table")
    grade.set_defaults(verb=cmd_grade)

    samples = verbs.add_parser("samples", help="grade the bundled sample submissions against their records")
    samples.add_argument("--dir", type=Path, help="folder of samples (default: submissions_sample/)")
    samples.add_argument("--out", type=Path, default=Path("build/samples"), help="folder for results JSON")
    samples.add_argument("--rubric", type=Path)
    samples.add_argument("--record", action="store_true", help="store current scores as the expected ones")
    samples.set_defaults(verb=cmd_samples)

    # Verbs below are owned by their modules; each block only parses arguments.
    gradescope = verbs.add_parser("gradescope", help="grade inside Gradescope's container (/autograder)")
    gradescope.add_argument("--root", type=Path, default=Path("/autograder"))
    gradescope.add_argument("--rubric", type=Path)
    gradescope.set_defaults(verb=_lazy("autograder.gradescope.run", "cmd_gradescope"))

    build_zip = verbs.add_parser("build-zip", help="build the autograder zip to upload to Gradescope")
    build_zip.add_argument("--rubric", type=Path)
    build_zip.add_argument("--out", type=Path, default=Path("autograder.zip"))
    build_zip.set_defaults(verb=_lazy("autograder.gradescope.build", "cmd_build_zip"))

    batch = verbs.add_parser("batch", help="grade a class folder or a Gradescope export, in parallel")
    batch.add_argument("path", type=Path)
    batch.add_argument("--out", type=Path, required=True)
    batch.add_argument("--jobs", type=int)
    batch.add_argument("--rubric", type=Path)
    batch.set_defaults(verb=_lazy("autograder.batch.run", "cmd_batch"))

    regrade = verbs.add_parser("regrade-diff", help="students whose score changes between two batch runs")
    regrade.add_argument("old", type=Path)
    regrade.add_argument("new", type=Path)
    regrade.set_defaults(verb=_lazy("autograder.batch.diff", "cmd_regrade_diff"))

    selftest = verbs.add_parser("selftest", help="prove the rubric tells right from wrong")
    selftest.add_argument("--rubric", type=Path)
    selftest.add_argument("--samples", type=Path, help="folder of samples (default: submissions_sample/)")
    selftest.set_defaults(verb=_lazy("autograder.selftest", "cmd_selftest"))

    new_sample = verbs.add_parser("new-sample", help="record a sample's current per-item scores")
    new_sample.add_argument("path", type=Path)
    new_sample.add_argument("--rubric", type=Path)
    new_sample.set_defaults(verb=_lazy("autograder.selftest", "cmd_new_sample"))

    check = verbs.add_parser("check", help="run the visible cases on your submission before you submit")
    check.add_argument("path", type=Path)
    check.add_argument("--rubric", type=Path)
    check.set_defaults(verb=_lazy("autograder.kit.check", "cmd_check"))

    kit = verbs.add_parser("student-kit", help="build the starter files and checker handed to students")
    kit.add_argument("--out", type=Path, required=True)
    kit.add_argument("--rubric", type=Path)
    kit.set_defaults(verb=_lazy("autograder.kit.build", "cmd_student_kit"))
    return parser


def _lazy(module: str, function: str):
    """A verb implemented in `module`, imported only when that verb runs (fast start-up)."""
    def run(args):
        import importlib

        return getattr(importlib.import_module(module), function)(args)
    return run


def start(rubric_path: Optional[Path]):
    """Start the fork server first (it warms up meanwhile), then load the rubric and plan."""
    from autograder.sandbox.launch import start_fork_server

    server = start_fork_server()  # first of all: its start-up overlaps every import below
    from autograder.sandbox.supervisor import Sandbox

    sandbox = Sandbox(server=server)
    try:
        plan = load_plan(rubric_path)
    except UsageError:
        sandbox.close()
        raise
    return sandbox, plan


def load_plan(rubric_path: Optional[Path]):
    """The grading plan for a rubric; a bad rubric or reference is a UsageError."""
    from autograder.expected import build_plan
    from autograder.rubric import RubricError, load_rubric

    try:
        return build_plan(load_rubric(rubric_path))
    except (RubricError, ValueError) as exc:  # ValueError: the reference fails on a rubric case
        raise UsageError(str(exc)) from None


def cmd_grade(args) -> int:
    if not args.path.exists():
        raise UsageError(f"{args.path}: no such file or folder")
    sandbox, plan = start(args.rubric)
    from autograder.grade import grade_path
    from autograder.results import write_results

    with sandbox:
        results = grade_path(args.path, plan, sandbox)
    if args.out:
        write_results(results, args.out)
    if not args.quiet:
        print(summary(results))
    return 0


def summary(results: dict) -> str:
    rows = [[t["number"], t["name"], t["score"], t["max_score"], "ok" if t["status"] == "passed" else "✗"]
            for t in results["tests"]]
    total = sum(t["max_score"] for t in results["tests"])
    rows.append(["", "total", results["score"], total, ""])
    return table.render(["#", "item", "score", "max", ""], rows, right={2, 3})


def cmd_samples(args) -> int:
    from autograder.samples import SAMPLES_DIR, differences, item_scores, list_samples, record

    folder = args.dir or SAMPLES_DIR
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    sandbox, plan = start(args.rubric)
    from autograder.grade import grade_path
    from autograder.results import write_results

    rows, failures = [], 0
    with sandbox:
        for sample in list_samples(folder):
            results = grade_path(sample.path, plan, sandbox)
            write_results(results, args.out / f"{sample.name}.json")
            if args.record:
                record(sample, results)
            expected = sample.recorded()
            diffs = differences(expected, item_scores(results)) if expected is not None else ["no record"]
            failures += bool(diffs)
            rows.append([sample.name, results["score"], plan.rubric.max_score,
                         "as recorded" if not diffs else "DIFFERS: " + "; ".join(diffs)])
    print(table.render(["sample", "score", "max", "check"], rows, right={1, 2}))
    print(f"\n{len(rows)} samples graded, {failures} differ from their records; results in {args.out}/")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
