"""Finding the student's file and reading it: folders, notebooks, magics, bad files."""
import json

import nbformat

from autograder.discover import discover
from autograder.load import load_program

NAMES = ("rnn_hidden_states", "rnn_outputs", "softmax")
PARTS = ("1a", "1b", "3c")


def test_a_single_file_is_the_submission(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("x = 1\n")
    assert discover(path, NAMES).main == path


def test_a_non_code_file_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "hw3.pdf"
    path.write_bytes(b"%PDF")
    assert "not a .py file" in discover(path, NAMES).problem


def test_folder_with_main_file_helper_and_writeup(tmp_path):
    (tmp_path / "hw3.py").write_text("from helpers import f\ndef rnn_outputs(x): ...\ndef softmax(z): ...\n")
    (tmp_path / "helpers.py").write_text("def f(): ...\n")
    (tmp_path / "writeup.md").write_text("#### 1.a):\nCNNs share weights.\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.py").write_text("def rnn_outputs(): ...\ndef softmax(): ...\ndef rnn_hidden_states(): ...")
    found = discover(tmp_path, NAMES)
    assert found.main.name == "hw3.py"
    assert [h.name for h in found.helpers] == ["helpers.py"]
    assert [w.name for w in found.writeups] == ["writeup.md"]


def test_two_equally_good_candidates_are_reported_not_guessed(tmp_path):
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("def rnn_outputs(x): ...\n")
    problem = discover(tmp_path, NAMES).problem
    assert "Several files" in problem and "a.py" in problem and "b.py" in problem


def test_empty_folder_and_folder_without_code_say_what_was_found(tmp_path):
    assert "No .py file" in discover(tmp_path, NAMES).problem
    (tmp_path / "notes.txt").write_text("hi")
    assert "notes.txt" in discover(tmp_path, NAMES).problem


def notebook(tmp_path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "hw3.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_notebook_magics_and_shell_lines_become_pass_and_are_reported(tmp_path):
    path = notebook(tmp_path, [
        nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy as np\nif True:\n    !ls\nx = 1 % 2"),
        nbformat.v4.new_code_cell("%%bash\necho hi"),
        nbformat.v4.new_markdown_cell("## 1a\nCNNs share weights across the image."),
    ])
    program = load_program(discover(path, NAMES), PARTS)
    assert len(program.cells) == 1
    source = program.cells[0].source
    assert source.splitlines() == ["pass", "import numpy as np", "if True:", "    pass", "x = 1 % 2"]
    compile(source, "cell", "exec")
    assert "%matplotlib inline" in program.notes[0] and "%%bash" in program.notes[0]
    assert program.markdown_answers == {"1a": "CNNs share weights across the image."}


def test_heading_cell_followed_by_an_answer_cell(tmp_path):
    path = notebook(tmp_path, [nbformat.v4.new_markdown_cell("### 3.c)"),
                               nbformat.v4.new_markdown_cell("A large beta makes the softmax one-hot.")])
    assert load_program(discover(path, NAMES), PARTS).markdown_answers["3c"].endswith("one-hot.")


def test_broken_notebook_and_non_utf8_file_give_a_problem_not_a_crash(tmp_path):
    bad = tmp_path / "hw3.ipynb"
    bad.write_text("{not json")
    assert "could not be read" in load_program(discover(bad, NAMES), PARTS).problem
    wrong = tmp_path / "hw3.py"
    wrong.write_bytes("x = 'caf\u00e9'\n".encode("latin-1"))
    assert "not UTF-8" in load_program(discover(wrong, NAMES), PARTS).problem


def test_notebook_with_odd_structure_still_loads(tmp_path):
    path = tmp_path / "hw3.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                "cells": [{"cell_type": "code", "metadata": {}, "source": ["x = 1\n", "y = 2"],
                                           "outputs": [], "execution_count": None}]}))
    program = load_program(discover(path, NAMES), PARTS)
    assert program.problem is None and program.cells[0].source == "x = 1\ny = 2\n"
