"""The command line as an instructor uses it: exit codes, the results file, one-line errors."""
import json
import subprocess
import sys

from autograder.results import schema_errors
from conftest import REPO


def autograder(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_grade_writes_valid_results_and_prints_a_table(tmp_path):
    out = tmp_path / "results.json"
    done = autograder("grade", REPO / "reference" / "hw3.py", "--out", out)
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text())
    assert schema_errors(results) == [] and results["score"] == 100
    assert "total" in done.stdout and "100" in done.stdout


def test_broken_student_code_still_exits_zero_with_results(tmp_path):
    student = tmp_path / "hw3.py"
    student.write_text("def rnn_outputs(x:\n")
    out = tmp_path / "results.json"
    done = autograder("grade", student, "--out", out, "--quiet")
    assert done.returncode == 0
    results = json.loads(out.read_text())
    assert results["score"] == 0 and "SyntaxError" in results["output"]


def test_missing_path_is_misuse_with_a_one_line_reason(tmp_path):
    done = autograder("grade", tmp_path / "nope.py")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no such file" in done.stderr


def test_bad_rubric_is_misuse_naming_file_and_line(tmp_path):
    rubric = tmp_path / "bad.yaml"
    rubric.write_text("reference: ../reference/hw3.py\nitems: []\nextra: 1\n")
    done = autograder("grade", REPO / "reference" / "hw3.py", "--rubric", rubric)
    assert done.returncode == 2
    assert f"{rubric}:" in done.stderr and "(see docs/rubric.md)" in done.stderr
