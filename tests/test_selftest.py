"""The self-test as a course's CI runs it: it passes on the bundled rubric and fails when it should."""
import json
import shutil

import pytest
import yaml

from conftest import REPO
from test_cli import autograder

RUBRIC = REPO / "rubrics" / "hw3.yaml"
JITTER = """\
import time

import numpy as np


def rnn_hidden_states(x, h0=0.0):
    return np.full(len(x), float(time.perf_counter_ns() % 1_000_000))
"""


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A samples folder with the reference as its one sample, recorded by `new-sample`."""
    folder = tmp_path_factory.mktemp("samples")
    sample = folder / "perfect.py"
    shutil.copyfile(REPO / "reference" / "hw3.py", sample)
    done = autograder("new-sample", sample)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def rubric_copy(tmp_path, edit=lambda doc: None):
    """A copy of the bundled rubric with absolute module paths, changed by `edit`."""
    doc = yaml.safe_load(RUBRIC.read_text(encoding="utf-8"))
    doc["reference"] = str(REPO / "reference" / "hw3.py")
    doc["mistakes_module"] = str(REPO / "reference" / "mistakes.py")
    edit(doc)
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def item_of(doc, item_id):
    return next(item for item in doc["items"] if item["id"] == item_id)


def lines_with(output, *words):
    return [line for line in output.splitlines() if all(word in line for word in words)]


def test_bundled_rubric_and_samples_pass_the_selftest():
    done = autograder("selftest", cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "selftest passed" in done.stdout
    assert lines_with(done.stdout, "ok", "reference", "full marks")
    assert len(lines_with(done.stdout, "ok", "mistake", "named in the feedback")) >= 19


def test_selftest_passes_on_recorded_samples(recorded):
    done = autograder("selftest", "--samples", recorded)
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines_with(done.stdout, "ok", "perfect", "as recorded", "identical when graded again")
    assert "selftest passed" in done.stdout


def test_new_sample_prints_and_records_the_per_item_scores(tmp_path):
    sample = tmp_path / "perfect.py"
    shutil.copyfile(REPO / "reference" / "hw3.py", sample)
    done = autograder("new-sample", sample)
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines_with(done.stdout, "q3_outputs", "15") and "perfect.expected.json" in done.stdout
    record = json.loads((tmp_path / "perfect.expected.json").read_text())
    assert record["total"] == 100 and record["items"]["q3_outputs"] == 15


def test_new_sample_refuses_a_sample_whose_grade_is_not_reproducible(tmp_path):
    sample = tmp_path / "jitter.py"
    sample.write_text(JITTER)
    done = autograder("new-sample", sample)
    assert done.returncode == 1 and "not recorded" in done.stdout
    assert not (tmp_path / "jitter.expected.json").exists()


def test_a_rubric_that_does_not_validate_fails_the_first_check(tmp_path):
    rubric = rubric_copy(tmp_path, lambda doc: doc["items"][0].update(points=-1))
    done = autograder("selftest", "--rubric", rubric, "--samples", tmp_path)
    assert done.returncode == 1
    assert lines_with(done.stdout, "FAIL", "rubric", f"{rubric}:", "points cannot be negative")
    assert "selftest FAILED: 1 of 1" in done.stdout


def test_a_reference_short_of_full_marks_fails_naming_the_item(tmp_path, recorded):
    reference = tmp_path / "hw3.py"
    reference.write_text((REPO / "reference" / "hw3.py").read_text(encoding="utf-8")
                         + "\n\ndef rnn_final_output(x, h0=0.0):\n    return float(rnn_outputs(x, h0)[-1])\n")
    rubric = rubric_copy(tmp_path, lambda doc: doc.update(reference=str(reference)))
    done = autograder("selftest", "--rubric", rubric, "--samples", recorded)
    assert done.returncode == 1
    assert lines_with(done.stdout, "FAIL", "reference", "q2_closed_form 0/5")


def test_a_mistake_the_rubric_cannot_see_is_a_hole_naming_the_item(tmp_path, recorded):
    def loosen(doc):
        item_of(doc, "q2_hidden_states")["tolerance"] = {"rtol": 1.0e9, "atol": 1.0e9}

    done = autograder("selftest", "--rubric", rubric_copy(tmp_path, loosen), "--samples", recorded)
    assert done.returncode == 1
    holes = lines_with(done.stdout, "HOLE")
    assert len(holes) == 1 and "hidden_plus_recurrence" in holes[0] and "q2_hidden_states" in holes[0]
    assert "undetected" in holes[0] and "selftest FAILED: 1 of" in done.stdout


def test_a_catalogue_entry_that_cannot_run_is_a_hole_the_feedback_never_names(tmp_path, recorded):
    mistakes = tmp_path / "mistakes.py"
    mistakes.write_text((REPO / "reference" / "mistakes.py").read_text(encoding="utf-8")
                        + "\n\ndef norms_typo(X):\n    return np.linalg.nrom(X, axis=-1)\n")

    def add_broken_mistake(doc):
        doc["mistakes_module"] = str(mistakes)
        doc["mistakes"]["norms_typo"] = {"feedback": "Your norms have a typo."}
        item_of(doc, "q3_norms")["mistakes"].append("norms_typo")

    done = autograder("selftest", "--rubric", rubric_copy(tmp_path, add_broken_mistake), "--samples", recorded)
    assert done.returncode == 1
    holes = lines_with(done.stdout, "HOLE")
    assert len(holes) == 1 and "norms_typo" in holes[0] and "q3_norms" in holes[0]
    assert "the feedback names nothing" in holes[0]


def test_an_edited_record_an_unrecorded_and_a_flaky_sample_are_reported(tmp_path, recorded):
    samples = shutil.copytree(recorded, tmp_path / "samples")
    record = samples / "perfect.expected.json"
    document = json.loads(record.read_text())
    document["items"]["q3_norms"] = 7
    record.write_text(json.dumps(document))
    (samples / "fresh.py").write_text("ANSWER_1A = 'too short'\n")
    (samples / "jitter.py").write_text(JITTER)
    done = autograder("selftest", "--samples", samples)
    assert done.returncode == 1
    assert lines_with(done.stdout, "FAIL", "perfect", "q3_norms: expected 7, got 10")
    assert lines_with(done.stdout, "FAIL", "fresh", "unrecorded")
    assert lines_with(done.stdout, "FAIL", "jitter", "second grading gave different results")
    assert "selftest FAILED: 3 of" in done.stdout


def test_the_ci_page_shows_the_workflow_file_it_tells_courses_to_copy():
    workflow = (REPO / "docs" / "selftest-workflow.yml").read_text(encoding="utf-8")
    assert f"```yaml\n{workflow}```" in (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    steps = yaml.safe_load(workflow)["jobs"]["selftest"]["steps"]
    assert [step for step in steps if step.get("run", "").startswith("autograder selftest")]
