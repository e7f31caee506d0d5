"""Command line: argument parsing only, one function per verb, each a thin shell over grade_path."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from autograder import table


def main(argv: Optional[list[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.verb(args)
    except UsageError as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2


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
    return parser


def _start(rubric_path: Optional[Path]):
    """Start the fork server first (it warms up meanwhile), then load the rubric and plan."""
    from autograder.expected import build_plan
    from autograder.rubric import RubricError, load_rubric
    from autograder.sandbox.supervisor import Sandbox

    sandbox = Sandbox()
    sandbox.start()
    try:
        plan = build_plan(load_rubric(rubric_path))
    except RubricError as exc:
        sandbox.close()
        raise UsageError(str(exc)) from None
    return sandbox, plan


def cmd_grade(args) -> int:
    from autograder.grade import grade_path
    from autograder.results import write_results

    if not args.path.exists():
        raise UsageError(f"{args.path}: no such file or folder")
    sandbox, plan = _start(args.rubric)
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
    from autograder.grade import grade_path
    from autograder.results import write_results
    from autograder.samples import SAMPLES_DIR, differences, item_scores, list_samples, record

    folder = args.dir or SAMPLES_DIR
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    sandbox, plan = _start(args.rubric)
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
