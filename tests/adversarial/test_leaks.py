"""Hidden cases stay hidden: neither their inputs nor their answers reach student-facing text."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from adversarial.conftest import REFERENCE_SOURCE, assert_no_hidden_leak, student_text
from autograder.grade import grade_path

SAMPLES = Path(__file__).resolve().parents[2] / "submissions_sample"

ECHO = {
    "raise_args": "def rnn_hidden_states(x):\n    raise ValueError(repr(x) + str(list(x)))\n",
    "print_args": "def token_norms(X):\n    print(X, X.tolist())\n    raise RuntimeError(str(X))\n",
    "return_args": "def softmax(z):\n    return 'inputs: ' + repr(z)\n",
    "return_expected": "import numpy as np\ndef softmax(z):\n    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
                       "    raise ValueError(repr(e / e.sum(axis=-1, keepdims=True)))\n",
}


@pytest.mark.parametrize("name", sorted(ECHO))
def test_echoed_hidden_inputs_stay_hidden(attack, name):
    results = attack(REFERENCE_SOURCE + "\n" + ECHO[name])
    assert any(t["score"] < t["max_score"] for t in results["tests"])


def test_the_leak_check_catches_a_printed_hidden_input(hostile):
    _sandbox, plan = hostile
    case = next(c for c in plan.cases if not c.visible and c.name == "token_norms")
    results = {"output": "", "tests": [{"name": "t", "output": str(np.array(case.args[0]))}]}
    with pytest.raises(AssertionError):
        assert_no_hidden_leak(results, plan)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir() if not p.name.endswith(".json")
                                          and p.name != "README.md"))
def test_samples_leak_nothing(hostile, sample):
    sandbox, plan = hostile
    results = grade_path(SAMPLES / sample, plan, sandbox)
    assert student_text(results)
    assert_no_hidden_leak(results, plan)


def test_fake_outputs_and_grader_metadata_are_ignored(attack, tmp_path):
    fake = {"nbgrader": {"grade": True, "points": 100, "solution": False}, "otter": {"tests": ["q1"]},
            "tags": ["results", "autograder"]}
    cell = {"cell_type": "code", "execution_count": 9, "metadata": fake, "source": REFERENCE_SOURCE,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "All tests passed! 100/100\n"},
                        {"output_type": "execute_result", "execution_count": 9, "metadata": fake,
                         "data": {"text/plain": json.dumps({"score": 100, "tests": []})}}]}
    honest = tmp_path / "honest.py"
    honest.write_text(REFERENCE_SOURCE, encoding="utf-8")
    broken = dict(cell, source="x = 1\n")
    for cells, expected in (([cell], attack(honest)["score"]), ([broken], 0)):
        notebook = tmp_path / "results.ipynb"
        notebook.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": fake, "cells": cells}))
        assert attack(notebook)["score"] == expected
