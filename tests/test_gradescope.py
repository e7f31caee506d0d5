"""The Gradescope upload: the zip builds byte for byte the same, and its run_autograder,
unpacked the way Gradescope unpacks it, grades like `autograder grade`, always leaves a
valid results file, and (as root) keeps student code away from the rubric, the reference
and the results."""
import argparse
import json
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from autograder.gradescope import run as gradescope_run
from autograder.gradescope.isolation import NOT_ROOT_NOTE, STUDENT_USER
from autograder.results import schema_errors
from autograder.samples import SAMPLES_DIR
from conftest import REFERENCE_SOURCE, REPO

AS_ROOT = os.geteuid() == 0
SAMPLES = ("01_reference_solution.py", "02_reference_solution.ipynb", "03_student_writeup",
           "04_no_factor_1000.py", "12_syntax_error.py", "14_crash_at_import.py", "17_helper_module")
METADATA = {"id": 4242, "created_at": "2026-11-20T10:00:00Z", "previous_submissions": [],
            "users": [{"name": "Ada Student", "email": "ada@example.edu"}]}
TEMPLATES = REPO / "autograder" / "gradescope" / "templates"


def build_zip(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "build-zip", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def upload(tmp_path_factory):
    """The zip an instructor uploads, built by the CLI, and what the command printed."""
    out = tmp_path_factory.mktemp("zip") / "autograder.zip"
    done = build_zip(out)
    assert done.returncode == 0, done.stderr
    return out, done.stdout


@pytest.fixture
def root(upload):
    """A fresh /autograder: the zip unpacked into source/ with its modes, run_autograder
    copied beside it. World-readable like Gradescope's, so only the grader's own
    permission changes can keep student code out."""
    folder = Path(tempfile.mkdtemp(prefix="hw3-gradescope-", dir="/tmp"))
    folder.chmod(0o755)
    with zipfile.ZipFile(upload[0]) as archive:
        for info in archive.infolist():
            (folder / "source" / info.filename).parent.mkdir(parents=True, exist_ok=True)
            target = Path(archive.extract(info, folder / "source"))
            target.chmod(info.external_attr >> 16 & 0o777)
    shutil.copy2(folder / "source" / "run_autograder", folder / "run_autograder")
    (folder / "submission").mkdir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def submit(root: Path, path: Path) -> None:
    """Place a submission as Gradescope does: its files inside /autograder/submission."""
    if path.is_dir():
        shutil.copytree(path, root / "submission", dirs_exist_ok=True)
    else:
        shutil.copy2(path, root / "submission" / path.name)


def run_autograder(root: Path, venv: str = sys.prefix) -> tuple[dict, str]:
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_VENV=venv)
    done = subprocess.run(["bash", str(root / "run_autograder")], capture_output=True, text=True,
                          env=env, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert schema_errors(results) == []
    assert results["score"] == round(sum(test["score"] for test in results["tests"]), 2)
    return results, done.stdout


def without_timing(results: dict) -> dict:
    return {key: value for key, value in results.items() if key != "execution_time"}


# ---- the zip ------------------------------------------------------------------------------

def test_zip_is_byte_identical_when_built_twice(upload, tmp_path):
    again = tmp_path / "again.zip"
    assert build_zip(again).returncode == 0
    assert again.read_bytes() == upload[0].read_bytes()


def test_zip_has_the_gradescope_scripts_at_its_root_and_the_project_beside_them(upload):
    zip_path, printed = upload
    with zipfile.ZipFile(zip_path) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        run_script = archive.read("run_autograder").decode()
    assert {"setup.sh", "run_autograder", "requirements.txt", "pyproject.toml",
            "rubrics/hw3.yaml", "reference/hw3.py", "reference/mistakes.py",
            "autograder/gradescope/run.py"} <= set(infos)
    assert stat.S_IMODE(infos["run_autograder"].external_attr >> 16) == 0o755
    assert stat.S_IMODE(infos["setup.sh"].external_attr >> 16) == 0o755
    assert not [name for name in infos if "__pycache__" in name or name.endswith(".pyc")]
    assert "rubrics/hw3.yaml" in run_script and "@RUBRIC@" not in run_script
    assert "run_autograder" in printed and f"{zip_path.stat().st_size / 1024:.1f} KB" in printed


def test_requirements_pin_every_dependency_of_the_package():
    declared = re.findall(r'^\s*"([A-Za-z0-9_.-]+)\s*[<>=!~]', (REPO / "pyproject.toml").read_text(), re.M)
    pins = (TEMPLATES / "requirements.txt").read_text()
    pinned = {re.sub(r"[-_.]+", "-", name).lower() for name in re.findall(r"^([A-Za-z0-9_.-]+)==\S+$", pins, re.M)}
    runtime = [name for name in declared if name not in ("setuptools", "matplotlib", "pytest")]
    assert runtime and {re.sub(r"[-_.]+", "-", name).lower() for name in runtime} <= pinned


def test_a_rubric_outside_the_project_is_refused_with_a_reason(tmp_path):
    rubric = tmp_path / "elsewhere.yaml"
    rubric.write_text((REPO / "rubrics" / "hw3.yaml").read_text().replace("../reference/", f"{REPO}/reference/"))
    done = subprocess.run([sys.executable, "-m", "autograder", "build-zip", "--rubric", str(rubric),
                           "--out", str(tmp_path / "a.zip")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "outside" in done.stderr
    assert not (tmp_path / "a.zip").exists()


def test_shell_scripts_parse_and_the_top_level_setup_uses_the_template():
    for script in (REPO / "setup.sh", TEMPLATES / "setup.sh", TEMPLATES / "run_autograder"):
        assert subprocess.run(["bash", "-n", str(script)]).returncode == 0, script
    assert "autograder/gradescope/templates/setup.sh" in (REPO / "setup.sh").read_text()


# ---- grading inside the unpacked zip --------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES)
def test_run_autograder_gives_the_same_results_as_grade(root, grade, sample):
    path = SAMPLES_DIR / sample
    submit(root, path)
    (root / "submission_metadata.json").write_text(json.dumps(METADATA))
    results, stdout = run_autograder(root)
    assert without_timing(results) == without_timing(grade(path))
    assert "Submission 4242" in stdout and "Ada Student" in stdout and "total" in stdout


def test_a_failing_reference_still_gives_results_with_the_rubric_maximum(root):
    submit(root, SAMPLES_DIR / "01_reference_solution.py")
    (root / "source" / "reference" / "hw3.py").write_text(
        REFERENCE_SOURCE + "\n\ndef softmax(z):\n    raise RuntimeError('reference broke')\n")
    results, stdout = run_autograder(root)
    assert results["score"] == 0 and sum(test["max_score"] for test in results["tests"]) == 100
    assert "Traceback" in stdout and "softmax raised" in stdout
    assert "Traceback" not in results["output"] and "your instructor has been told" in results["output"].lower()


def test_an_unreadable_rubric_still_gives_valid_results(root):
    submit(root, SAMPLES_DIR / "01_reference_solution.py")
    (root / "source" / "rubrics" / "hw3.yaml").write_text("items: [\n")
    results, stdout = run_autograder(root)
    assert results["score"] == 0 and results["tests"] == []
    assert "Traceback" in stdout and "Traceback" not in results["output"]


def test_a_grader_that_cannot_start_still_leaves_valid_results(root):
    submit(root, SAMPLES_DIR / "01_reference_solution.py")
    results, stdout = run_autograder(root, venv=str(root / "no-such-venv"))
    assert results["score"] == 0 and "could not start" in results["output"]
    assert "before writing results" in stdout


def test_without_root_the_grader_says_once_that_isolation_is_weaker(root, monkeypatch, capsys):
    submit(root, SAMPLES_DIR / "01_reference_solution.py")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    args = argparse.Namespace(root=root, rubric=root / "source" / "rubrics" / "hw3.yaml")
    assert gradescope_run.cmd_gradescope(args) == 0
    assert capsys.readouterr().out.count(NOT_ROOT_NOTE) == 1
    assert json.loads((root / "results" / "results.json").read_text())["score"] == 100
    assert stat.S_IMODE((root / "source").stat().st_mode) == 0o755


# ---- as root: what student code can reach --------------------------------------------------

PROBE = """
import os

ROOT = {root!r}
_attempts = {{
    "read reference": lambda: open(ROOT + "/source/reference/hw3.py").read(),
    "read rubric": lambda: open(ROOT + "/source/rubrics/hw3.yaml").read(),
    "list source": lambda: os.listdir(ROOT + "/source"),
    "read metadata": lambda: open(ROOT + "/submission_metadata.json").read(),
    "write results": lambda: open(ROOT + "/results/results.json", "w").write('{{"score": 1000}}'),
}}
_report = []
for _what, _attempt in _attempts.items():
    try:
        _attempt()
        _report.append(_what + ": SUCCEEDED")
    except OSError as exc:
        _report.append(_what + ": refused " + type(exc).__name__)
ANSWER_1A = "; ".join(_report)
print("PROBE " + ANSWER_1A)
"""


@pytest.mark.skipif(not AS_ROOT, reason="file permissions bind student code only when the grader is root")
def test_student_code_cannot_read_the_reference_or_write_the_results(root):
    (root / "submission" / "hw3.py").write_text(REFERENCE_SOURCE + PROBE.format(root=str(root)))
    (root / "submission_metadata.json").write_text(json.dumps(METADATA))
    results, _ = run_autograder(root)
    probe = re.search(r"PROBE (.*)", results["output"]).group(1)
    assert probe.count("refused PermissionError") == 5, probe
    assert "SUCCEEDED" not in probe
    others = [test for test in results["tests"] if test["extra_data"]["item"] != "q1a"]
    assert all(test["score"] == test["max_score"] for test in others)


@pytest.mark.skipif(not AS_ROOT, reason="creating a user needs root")
def test_setup_user_step_is_idempotent():
    step = [sys.executable, "-m", "autograder.gradescope.isolation"]
    first = subprocess.run(step, capture_output=True, text=True, timeout=60)
    second = subprocess.run(step, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert f"already exists: {STUDENT_USER}" in second.stdout
    assert pwd.getpwnam(STUDENT_USER).pw_uid != 0
