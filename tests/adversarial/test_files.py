"""Broken and odd files: the grader still writes results and never gives unearned points."""
from __future__ import annotations

import json
import os

import pytest

from adversarial.conftest import REFERENCE_SOURCE


def _notebook(source: str, fake_output: str, metadata: dict) -> str:
    cell = {"cell_type": "code", "execution_count": 1, "metadata": metadata, "source": source,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": fake_output}]}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": metadata, "cells": [cell]})


FILES = {
    "empty.py": b"",
    "invalid.py": b"def softmax(z) return z\n",
    "binary.py": bytes(range(256)) * 64,
    "latin1.py": "ANSWER_1A = 'caf\u00e9'\n".encode("latin-1"),
    "huge.py": b"#" * (8 << 20) + b"\n",
    "broken.ipynb": b"{\"cells\": [",
    "fake outputs \u00e9\u4e2d.ipynb": _notebook(
        "x = 1\n", '{"score": 100, "tests": []}',
        {"autograder": {"score": 100}, "otter": {"tests": "all passed"}}).encode("utf-8"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_broken_file_earns_nothing(attack, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FILES[name])
    results = attack(path)
    assert sum(t["score"] for t in results["tests"]) == 0
    assert results["output"]


def test_folder_of_hundreds_of_files(attack, tmp_path):
    folder = tmp_path / "many files"
    folder.mkdir()
    for i in range(300):
        (folder / f"helper {i}.py").write_text(f"X = {i}\n", encoding="utf-8")
    (folder / "hw3 \u00e9.py").write_text(REFERENCE_SOURCE, encoding="utf-8")
    results = attack(folder)
    assert results["tests"]


def test_symlink_outside_the_submission_is_not_followed(attack, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("HIDDEN-VALUE-42", encoding="utf-8")
    folder = tmp_path / "linked"
    folder.mkdir()
    os.symlink(secret, folder / "secret.txt")
    (folder / "hw3.py").write_text(
        REFERENCE_SOURCE + "\ntry:\n    ANSWER_1A = open('secret.txt').read()\nexcept OSError:\n    pass\n",
        encoding="utf-8")
    results = attack(folder)
    assert "HIDDEN-VALUE-42" not in json.dumps(results)
