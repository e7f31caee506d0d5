"""Grading a whole class: resuming after a kill, grades.csv, report.html, the Gradescope
export, the terminal summary and regrade-diff, on a generated class of ~50 submissions."""
from __future__ import annotations

import base64
import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from autograder.batch.grades_csv import LEADING, TRAILING
from autograder.batch.roster import read_roster
from autograder.batch.store import Busy, Store
from autograder.batch.workers import DIED, Pool
from autograder.cli import main
from autograder.expected import load_module
from autograder.rubric import load_rubric
from autograder.samples import list_samples

REPO = Path(__file__).resolve().parent.parent
BENCH = load_module(REPO / "benchmarks" / "batch_throughput.py", "_batch_throughput")
SAMPLES = {sample.name: sample for sample in list_samples()}
RUBRIC = load_rubric()
ITEMS = [item.id for item in RUBRIC.items]
FIRST = ["Zoë", "José", "李", "Siobhán", "Ada", "Émile", "Nguyễn", "Olu", "Kofi"]
LAST = ["Ångström", "Núñez", "雷", "O'Brien, Jr.", "Lovelace", "Zola"]
NAMES = [f"{first} {last}" for first in FIRST for last in LAST][:50]
TWIN = "Zz Twin"
"""Hands in byte for byte the same files as NAMES[0]: graded once, listed twice."""


def batch(*args: str) -> tuple[int, str, str]:
    """Run the CLI in this process; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(arg) for arg in args])
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Results file name -> (inode, mtime): a file graded again would get a new inode."""
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in folder.glob("*.json")}


def read_grades(out: Path) -> tuple[list[str], list[dict]]:
    with open(out / "grades.csv", encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A class of 51 (50 students and a twin), graded by a run killed partway, then resumed."""
    root = tmp_path_factory.mktemp("class")
    handed_in = BENCH.generate_class(root / "class", NAMES, BENCH.class_samples())
    shutil.copytree(root / "class" / NAMES[0], root / "class" / TWIN)
    handed_in[TWIN] = handed_in[NAMES[0]]
    out = root / "out"
    first = subprocess.Popen([sys.executable, "-m", "autograder", "batch", root / "class", "--out", out,
                              "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list((out / "results").glob("*.json"))) < 8 and time.monotonic() < deadline:
        time.sleep(0.005)
    first.send_signal(signal.SIGKILL)
    first.wait()
    time.sleep(0.5)
    before = snapshot(out / "results")
    time.sleep(0.5)
    settled = snapshot(out / "results")
    code, stdout, stderr = batch("batch", root / "class", "--out", out, "--jobs", "2")
    return {"out": out, "handed_in": handed_in, "before": before, "settled": settled,
            "code": code, "stdout": stdout, "stderr": stderr}


def test_a_killed_run_resumes_and_grades_nothing_twice(graded_class):
    out, before = graded_class["out"], graded_class["before"]
    assert 8 <= len(before) < 50, "the first run was to be killed partway"
    assert graded_class["settled"] == before, "workers went on grading after their parent was killed"
    assert graded_class["code"] == 0, graded_class["stderr"]
    after = snapshot(out / "results")
    assert {name: after[name] for name in before} == before  # kept, not graded again
    assert len(after) == 50  # one results file per distinct submission; the twin shares one
    assert not [path for path in out.rglob("*") if path.name.endswith(".tmp")]
    for path in (out / "results").glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["tests"]
    _, rows = read_grades(out)
    already = sum(Path(row["results"]).name in before for row in rows)
    assert f"{already} already graded, {51 - already} to grade" in graded_class["stderr"]


def test_grades_csv_has_one_row_per_submission_with_its_scores(graded_class):
    header, rows = read_grades(graded_class["out"])
    assert header == [*LEADING, *ITEMS, *TRAILING]
    assert [row["submission"] for row in rows] == sorted(graded_class["handed_in"])  # UTF-8 names intact
    for row in rows:
        sample = SAMPLES[graded_class["handed_in"][row["submission"]]]
        recorded = sample.recorded()
        assert row["status"] == "graded" and row["reason"] == ""
        assert {item: float(row[item]) for item in ITEMS} == pytest.approx(recorded), row["submission"]
        assert float(row["total"]) == pytest.approx(sum(recorded.values()), abs=0.011)
        assert (graded_class["out"] / row["results"]).is_file()
    twins = [row["results"] for row in rows if row["submission"] in (NAMES[0], TWIN)]
    assert twins[0] == twins[1]


def test_report_shows_histogram_items_mistakes_and_slowest(graded_class):
    html = (graded_class["out"] / "report.html").read_text(encoding="utf-8")
    for section in ("summary", "histogram", "items", "mistakes", "slowest", "errors"):
        assert f'<section id="{section}">' in html
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 2 and all(base64.b64decode(image).startswith(b"\x89PNG") for image in images)
    mistakes = html[html.index('id="mistakes"'):html.index('id="slowest"')]
    assert "outputs_without_factor_1000" in mistakes and "without the factor 1000" in mistakes
    slowest = html[html.index('id="slowest"'):html.index('id="errors"')]
    seconds = [float(s) for s in re.findall(r'<td class="n">([\d.]+)</td><td class="n">[\d.]+</td></tr>', slowest)]
    assert len(seconds) == 10 and seconds == sorted(seconds, reverse=True)
    assert "Every submission was graded." in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]  # self-contained


def test_terminal_summary_ranks_items_hardest_first(graded_class):
    stdout = graded_class["stdout"]
    assert "51 submissions: 51 graded, 0 not graded." in stdout
    mean = re.search(r"Class mean ([\d.]+) / 100, median ([\d.]+) / 100", stdout)
    _, rows = read_grades(graded_class["out"])
    totals = sorted(float(row["total"]) for row in rows)
    assert float(mean.group(1)) == pytest.approx(sum(totals) / len(totals), abs=0.01)
    ranked = re.findall(r"^\s+(\d+)\s+(\S+)\s", stdout, re.M)
    assert [int(rank) for rank, _ in ranked] == list(range(1, len(ITEMS) + 1))
    shares = {item: sum(float(row[item]) for row in rows) / RUBRIC.item(item).points for item in ITEMS}
    assert shares[ranked[0][1]] == min(shares.values())


def test_report_without_matplotlib_says_so_and_keeps_the_tables(graded_class, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(graded_class["out"], out)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the "report" extra were not installed
    code, stdout, stderr = batch("batch", graded_class["out"].parent / "class", "--out", out)
    assert code == 0 and "0 to grade" in stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "matplotlib is not installed" in html and "data:image/png" not in html
    assert '<section id="items">' in html and "q2_outputs" in html
    assert "no plots" in stdout


def test_regrade_diff_lists_exactly_the_students_whose_score_changes(graded_class, tmp_path):
    text = (REPO / "rubrics" / "hw3.yaml").read_text(encoding="utf-8")
    text = text.replace("../reference/", f"{REPO / 'reference'}/")
    start = text.index("- id: q2_closed_form")
    text = text[:start] + text[start:].replace("points: 5", "points: 8", 1)  # the "no loop" item: 5 → 8
    rubric = tmp_path / "hw3-v2.yaml"
    rubric.write_text(text, encoding="utf-8")
    new = tmp_path / "v2"
    assert batch("batch", graded_class["out"].parent / "class", "--out", new, "--rubric", rubric)[0] == 0

    code, stdout, _ = batch("regrade-diff", graded_class["out"], new)
    assert code == 0
    passing = sorted(name for name, sample in graded_class["handed_in"].items()
                     if SAMPLES[sample].recorded()["q2_closed_form"] == 5)
    listed = [line for line in stdout.splitlines() if "q2_closed_form 5 → 8" in line]
    assert len(listed) == len(passing) and all("+3" in line for line in listed)
    assert sorted(name for name in graded_class["handed_in"] if any(line.startswith(name) for line in listed)) \
        == passing
    assert f"{len(passing)} of 51 submissions change" in stdout


METADATA = """\
---
submission_1001:
  :submitters:
  - :name: Zoë Ångström
    :sid: '1001'
    :email: zoe@example.edu
  :created_at: 2024-03-01 10:00:00.000000000 -08:00
  :score: !ruby/object:BigDecimal 18:0.9e2
  :status: processed
submission_1002:
  :submitters:
  - :name: 李雷
    :sid: 1002
    :email: li@example.edu
  - :name: "O'Brien, Siobhán"
    :sid: '2002'
    :email: sob@example.edu
  :history: !ruby/array:Array []
submission_1003:
  :submitters: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
    :name: Solo Person
submission_1004:
  :submitters:
  - :name: Ghost Writer
    :email: ghost@example.edu
"""


@pytest.fixture
def export(tmp_path) -> Path:
    """An unpacked Gradescope export: metadata plus submission folders (1004 has none, 1005 no metadata)."""
    root = tmp_path / "assignment_42_export"
    for folder, sample in (("submission_1001", "01_reference_solution"), ("submission_1002", "04_no_factor_1000"),
                           ("submission_1003", "17_helper_module"), ("submission_1005", "12_syntax_error")):
        path = SAMPLES[sample].path
        if path.is_dir():
            shutil.copytree(path, root / folder)
        else:
            (root / folder).mkdir(parents=True)
            shutil.copyfile(path, root / folder / path.name)
    (root / "submission_metadata.yml").write_text(METADATA, encoding="utf-8")
    return root


def _people(roster) -> dict[str, list[tuple[str, str, str]]]:
    return {entry.id: [(s.name, s.sid, s.email) for s in entry.students] for entry in roster.entries}


def test_gradescope_export_folder_and_zip_name_every_submitter(export, tmp_path):
    expected = {
        "submission_1001": [("Zoë Ångström", "1001", "zoe@example.edu")],
        "submission_1002": [("李雷", "1002", "li@example.edu"), ("O'Brien, Siobhán", "2002", "sob@example.edu")],
        "submission_1003": [("Solo Person", "", "")],
        "submission_1004": [("Ghost Writer", "", "ghost@example.edu")],
        "submission_1005": [],
    }
    folder = read_roster(export, tmp_path / "out")
    assert _people(folder) == expected and folder.warnings == ()
    assert [entry.path is None for entry in folder.entries] == [False, False, False, True, False]

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(export.rglob("*")):
            zipped.write(path, path.relative_to(export.parent))
    zipped_roster = read_roster(archive, tmp_path / "out")
    assert _people(zipped_roster) == expected
    assert all(entry.path.is_relative_to(tmp_path / "out" / "export") for entry in zipped_roster.entries if entry.path)

    code, _, _ = batch("batch", archive, "--out", tmp_path / "out", "--jobs", "2")
    assert code == 1  # one listed submission has no files
    with open(tmp_path / "out" / "grades.csv", encoding="utf-8", newline="") as stream:
        rows = {row["submission"]: row for row in csv.DictReader(stream)}
    assert rows["submission_1002"]["name"] == "李雷; O'Brien, Siobhán"
    assert rows["submission_1002"]["sid"] == "1002; 2002"
    assert rows["submission_1001"]["total"] == "100" and rows["submission_1005"]["total"] == "0"
    assert rows["submission_1004"]["status"] == "error" and "no folder" in rows["submission_1004"]["reason"]
    assert rows["submission_1004"]["total"] == "" and rows["submission_1004"]["email"] == "ghost@example.edu"


@pytest.mark.parametrize("metadata", ["{{{ not yaml", "- just\n- a list\n", "\x00\x01binary", ""])
def test_unreadable_metadata_costs_the_names_not_the_grading(export, tmp_path, metadata):
    (export / "submission_metadata.yml").write_text(metadata, encoding="utf-8")
    roster = read_roster(export, tmp_path / "out")
    assert [entry.id for entry in roster.entries] == ["submission_1001", "submission_1002",
                                                      "submission_1003", "submission_1005"]
    assert all(entry.students == () for entry in roster.entries)
    assert roster.warnings


def test_a_worker_that_dies_fails_its_task_only(tmp_path):
    @contextlib.contextmanager
    def setup():
        def handle(task: int) -> int:
            if task == 3:
                os._exit(1)  # as if the grader process were killed on this submission
            if task == 5:
                raise ValueError("bad")
            return task * 10
        yield handle

    with Pool(2, setup) as pool:
        outcomes = {task: (result, failure) for task, result, failure in pool.run(range(12))}
    assert outcomes[3] == (None, DIED)
    assert outcomes[5] == (None, "ValueError: bad")
    assert {task: result for task, (result, _) in outcomes.items() if task not in (3, 5)} == \
        {task: task * 10 for task in range(12) if task not in (3, 5)}


def test_the_output_folder_is_locked_and_swept(tmp_path):
    (tmp_path / "results").mkdir()
    stray = tmp_path / "results" / ".abc.json.x1y2.tmp"
    stray.write_text("{", encoding="utf-8")
    with Store(tmp_path):
        assert not stray.exists()
        with pytest.raises(Busy):
            Store(tmp_path).__enter__()
    code, _, stderr = batch("batch", tmp_path / "missing", "--out", tmp_path / "out")
    assert code == 2 and "not a folder or a zip file" in stderr
