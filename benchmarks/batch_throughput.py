"""Throughput of `autograder batch`: a generated class graded in parallel, from a cold command.

Run: .venv/bin/python benchmarks/batch_throughput.py [--count 200] [--jobs 2] [--json]

The class cycles through every bundled sample in submissions_sample/ except
13_infinite_loop: by design that one spends two call timeouts (10 s) in its hanging
function, which measures the rubric's time limits rather than the grader. Each student
gets a folder holding a copy of a sample with their name added in a comment (notebook
metadata for a notebook), so no two submissions are identical: identical ones would be
graded only once. The whole command is timed, as an instructor would see it: reading the
rubric, forking the workers, grading, grades.csv and report.html. Peak RSS is the grader's
own peak plus the largest finished descendant's (a worker, a fork server or a child).
It asserts nothing: figures vary with the machine and its load.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LEFT_OUT = ("13_infinite_loop",)


def class_samples():
    """The samples a generated class is made of."""
    from autograder.samples import list_samples

    return [sample for sample in list_samples() if sample.name not in LEFT_OUT]


def generate_class(folder: Path, names: list[str], samples) -> dict[str, str]:
    """One folder per student under `folder`, each a signed copy of the next sample in turn;
    returns student name -> sample name."""
    handed_in = {}
    for index, name in enumerate(names):
        sample = samples[index % len(samples)]
        target = folder / name
        if sample.path.is_dir():
            shutil.copytree(sample.path, target)
        else:
            target.mkdir(parents=True)
            shutil.copyfile(sample.path, target / sample.path.name)
        for file in sorted(target.iterdir()):
            _sign(file, name)
        handed_in[name] = sample.name
    return handed_in


def _sign(file: Path, name: str) -> None:
    """Make the copy the student's own without changing what it computes."""
    if file.suffix == ".py":
        file.write_text(file.read_text(encoding="utf-8") + f"\n# submitted by {name}\n", encoding="utf-8")
    elif file.suffix == ".ipynb":
        notebook = json.loads(file.read_text(encoding="utf-8"))
        notebook.setdefault("metadata", {})["submitted_by"] = name
        file.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


def peak_rss_mb() -> float:
    """This process's peak resident set plus its largest finished descendant's (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON object and nothing else")
    args = parser.parse_args()

    from autograder.cli import main as autograder

    folder = Path(tempfile.mkdtemp(prefix="hw3-batch-bench-"))
    try:
        samples = class_samples()
        generate_class(folder / "class", [f"student_{i:04d}" for i in range(args.count)], samples)
        command = ["batch", str(folder / "class"), "--out", str(folder / "out"), "--jobs", str(args.jobs)]
        quiet = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet if args.json else sys.stderr):
            code = autograder(command)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if code != 0:
        print(quiet.getvalue(), file=sys.stderr)
        return code
    figures = {"submissions": args.count, "jobs": args.jobs, "seconds": round(seconds, 3),
               "per_second": round(args.count / seconds, 1), "peak_rss_mb": peak_rss_mb()}
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"class: {args.count} submissions cycling through {len(samples)} samples "
          f"({', '.join(s.name[:2] for s in samples)}; left out: {', '.join(LEFT_OUT)})")
    print(f"autograder batch --jobs {args.jobs}: {seconds:.2f} s wall, "
          f"{figures['per_second']} submissions/s, peak RSS {figures['peak_rss_mb']} MB (parent + largest child)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
