"""The self-test: proof that the rubric still tells right from wrong, and the new-sample verb.

Four kinds of check, all through the one grading path in one sandbox: the rubric
validates; the reference earns full marks; every catalogue mistake, planted in an
otherwise correct submission, loses points on its item and is named in the feedback;
every sample earns exactly its recorded scores, and the same results on a second run.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from autograder import table
from autograder.cli import UsageError, start
from autograder.expected import GradingPlan
from autograder.grade import grade_path
from autograder.rubric import Item, Rubric
from autograder.samples import SAMPLES_DIR, Sample, differences, item_scores, list_samples, record
from autograder.sandbox.supervisor import Sandbox

TIMING_FIELDS = {"execution_time"}


@dataclass(frozen=True)
class Check:
    """The outcome of one self-test check: one printed line."""

    kind: str
    """What was checked: 'rubric', 'reference', 'mistake' or 'sample'."""
    ok: bool
    """Whether it holds."""
    detail: str
    """What was seen, in words."""
    hole: bool = False
    """A catalogue mistake the rubric does not catch (or does not name)."""

    @property
    def line(self) -> str:
        status = "ok" if self.ok else "HOLE" if self.hole else "FAIL"
        return f"{status:<5} {self.kind:<10} {self.detail}"


# ---- the verbs ----------------------------------------------------------------------------

def cmd_selftest(args) -> int:
    """Print one line per check and a verdict; exit 0 only if every check holds."""
    samples_dir = args.samples or SAMPLES_DIR
    if args.rubric is not None and not args.rubric.is_file():
        raise UsageError(f"{args.rubric}: no such rubric file")
    if args.samples is not None and not args.samples.is_dir():
        raise UsageError(f"{args.samples}: no such folder")
    started = time.monotonic()
    failed = total = 0
    for check in run_checks(args.rubric, samples_dir):
        print(check.line, flush=True)
        total += 1
        failed += not check.ok
    seconds = time.monotonic() - started
    if failed:
        print(f"\nselftest FAILED: {failed} of {total} checks do not hold ({seconds:.1f} s)")
        return 1
    print(f"\nselftest passed: all {total} checks hold ({seconds:.1f} s)")
    return 0


def cmd_new_sample(args) -> int:
    """Grade a sample twice and record its per-item scores beside it, if the two runs agree."""
    sample = _sample_at(args.path)
    sandbox, plan = start(args.rubric)
    with sandbox:
        results = grade_path(sample.path, plan, sandbox)
        again = grade_path(sample.path, plan, sandbox)
    change = first_difference(without_timing(results), without_timing(again))
    if change:
        print(f"not recorded: grading {sample.name} twice gave different results ({change})")
        return 1
    record(sample, results)
    rows = [[t["extra_data"]["item"], t["score"], t["max_score"]] for t in results["tests"]]
    rows.append(["total", results["score"], plan.rubric.max_score])
    print(table.render(["item", "score", "max"], rows, right={1, 2}))
    print(f"\nrecorded in {sample.record_path}")
    return 0


def _sample_at(path: Path) -> Sample:
    """The sample at `path`, named as the samples folder names it."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    for sample in list_samples(path.resolve().parent):
        if sample.path == path.resolve():
            return sample
    raise UsageError(f"{path}: not a sample (records and README.md are not samples)")


# ---- the checks ---------------------------------------------------------------------------

def run_checks(rubric_path: Optional[Path], samples_dir: Path) -> Iterator[Check]:
    """Every self-test check, in order, each yielded as soon as it is known."""
    try:
        sandbox, plan = start(rubric_path)
    except (UsageError, ValueError) as exc:  # ValueError: the reference raised on a rubric case
        yield Check("rubric", False, str(exc))
        return
    rubric = plan.rubric
    yield Check("rubric", True, f"{_shown(rubric.path)} validates: {len(rubric.items)} items, "
                                f"{len(rubric.mistakes)} catalogue mistakes")
    with sandbox:
        yield reference_check(plan, sandbox)
        yield from mistake_checks(plan, sandbox)
        yield from sample_checks(plan, sandbox, samples_dir)


def reference_check(plan: GradingPlan, sandbox: Sandbox) -> Check:
    """The reference, graded as a student's file, earns full marks on every item."""
    results = grade_path(plan.rubric.reference, plan, sandbox)
    short = [f"{t['extra_data']['item']} {t['score']:g}/{t['max_score']:g} ({_first_line(t['output'])})"
             for t in results["tests"] if t["score"] < t["max_score"]]
    if short:
        return Check("reference", False, "short of full marks: " + "; ".join(short))
    return Check("reference", True, f"{_shown(plan.rubric.reference)} earns full marks "
                                    f"({results['score']:g}/{plan.rubric.max_score:g})")


def mistake_checks(plan: GradingPlan, sandbox: Sandbox) -> Iterator[Check]:
    """Each mistake an item lists, planted in the reference, costs points there and is named."""
    rubric = plan.rubric
    with tempfile.TemporaryDirectory(prefix="hw3-selftest-") as folder:
        for item in rubric.items:
            for mistake_id in item.mistakes:
                path = write_mistake_submission(rubric, item.name, mistake_id, Path(folder))
                test = _test_of(grade_path(path, plan, sandbox), item.id)
                yield _mistake_verdict(item, mistake_id, test)


def write_mistake_submission(rubric: Rubric, graded_name: str, mistake_id: str, folder: Path) -> Path:
    """The reference with `graded_name` rebound to the catalogue's `mistake_id` function."""
    source = "\n\n".join([rubric.reference.read_text(encoding="utf-8"),
                          rubric.mistakes_module.read_text(encoding="utf-8"),
                          f"{graded_name} = {mistake_id}\n"])
    path = folder / f"{mistake_id}.py"
    path.write_text(source, encoding="utf-8")
    return path


def _mistake_verdict(item: Item, mistake_id: str, test: dict) -> Check:
    where = f"{mistake_id} in {item.name} → item {item.id}"
    score = f"{test['score']:g}/{test['max_score']:g}"
    if test["score"] >= test["max_score"]:
        return Check("mistake", False, f"{where}: undetected, full marks {score}", hole=True)
    if mistake_id not in test["extra_data"]["mistakes"]:
        named = ", ".join(test["extra_data"]["mistakes"]) or "nothing"
        return Check("mistake", False, f"{where}: loses points ({score}) but the feedback names {named}",
                     hole=True)
    return Check("mistake", True, f"{where}: {score}, named in the feedback")


def sample_checks(plan: GradingPlan, sandbox: Sandbox, folder: Path) -> Iterator[Check]:
    """Each sample earns its recorded per-item scores, and the same results when graded again."""
    samples = list_samples(folder) if folder.is_dir() else []
    if not samples:
        yield Check("sample", False, f"no samples in {_shown(folder)} (add one: autograder new-sample PATH)")
    for sample in samples:
        yield sample_check(plan, sandbox, sample)


def sample_check(plan: GradingPlan, sandbox: Sandbox, sample: Sample) -> Check:
    results = grade_path(sample.path, plan, sandbox)
    again = grade_path(sample.path, plan, sandbox)
    problems = []
    expected = sample.recorded()
    if expected is None:
        problems.append(f"unrecorded (record it: autograder new-sample {_shown(sample.path)})")
    else:
        problems += [f"differs from its record: {diff}" for diff in differences(expected, item_scores(results))]
    change = first_difference(without_timing(results), without_timing(again))
    if change:
        problems.append(f"a second grading gave different results ({change})")
    if problems:
        return Check("sample", False, f"{sample.name}: " + "; ".join(problems))
    return Check("sample", True, f"{sample.name}: {results['score']:g}/{plan.rubric.max_score:g} as recorded, "
                                 "identical when graded again")


# ---- determinism ----------------------------------------------------------------------------

def without_timing(document: Any) -> Any:
    """A results document with every timing field removed, at any depth."""
    if isinstance(document, dict):
        return {key: without_timing(value) for key, value in document.items() if key not in TIMING_FIELDS}
    if isinstance(document, list):
        return [without_timing(value) for value in document]
    return document


def first_difference(a: Any, b: Any, where: str = "") -> Optional[str]:
    """Where two JSON documents first differ (e.g. 'tests[3].output'), or None if they are equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            found = first_difference(a.get(key), b.get(key), f"{where}.{key}" if where else key)
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where or 'the document'} differs"


# ---- small helpers --------------------------------------------------------------------------

def _test_of(results: dict, item_id: str) -> dict:
    return next(t for t in results["tests"] if t["extra_data"]["item"] == item_id)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "no feedback"


def _shown(path: Path) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
