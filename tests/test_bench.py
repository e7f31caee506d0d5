"""The Otter-format HW3 assignment of the side-by-side benchmark (benchmarks/otter_hw3/), checked
without Otter: the notebooks are valid and current, and the question tests in the master
notebook pass on our reference and fail on every catalogue mistake our rubric names."""
from __future__ import annotations

import importlib.util
import json
import re
import warnings
from pathlib import Path

import nbformat
import pytest

from autograder.rubric import load_rubric

REPO = Path(__file__).resolve().parent.parent
OTTER = REPO / "benchmarks" / "otter_hw3"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKER = _load(OTTER / "make_notebooks.py", "_otter_make_notebooks")
RUBRIC = load_rubric()


def _questions() -> dict[str, dict]:
    """Question name -> {config, tests: [source]} read from the master's delimiter cells."""
    notebook = nbformat.read(OTTER / "hw3.ipynb", as_version=4)
    questions, current, in_tests = {}, None, False
    for cell in notebook.cells:
        first = cell.source.splitlines()[0].strip() if cell.source else ""
        if cell.cell_type == "raw" and first == "# BEGIN QUESTION":
            config = dict(re.findall(r"^(\w+): (.+)$", cell.source, re.M))
            current = questions.setdefault(config["name"], {"config": config, "tests": []})
        elif cell.cell_type == "raw" and first == "# BEGIN TESTS":
            in_tests = True
        elif cell.cell_type == "raw" and first == "# END TESTS":
            in_tests = False
        elif cell.cell_type == "raw" and first == "# END QUESTION":
            current = None
        elif in_tests and cell.cell_type == "code":
            current["tests"].append(cell.source)
    return questions


QUESTIONS = _questions()


def _failures(namespace: dict, question: str) -> int:
    failed = 0
    for source in QUESTIONS[question]["tests"]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(source, f"<{question} test>", "exec"), dict(namespace))
        except Exception:
            failed += 1
    return failed


def _reference_namespace() -> dict:
    path = REPO / "reference" / "hw3.py"
    namespace = {"__name__": "hw3_submission", "__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace


def test_notebooks_are_valid_and_current():
    for name in ("hw3.ipynb", "submission.ipynb"):
        nbformat.validate(nbformat.read(OTTER / name, as_version=4))
    master = MAKER.build()
    written = json.loads((OTTER / "hw3.ipynb").read_text(encoding="utf-8"))["cells"]
    assert [c["source"] for c in written] == [c["source"] for c in master], \
        "rerun benchmarks/otter_hw3/make_notebooks.py"


def test_questions_match_the_rubric():
    assert {q: float(v["config"]["points"]) for q, v in QUESTIONS.items()} == {i.id: i.points for i in RUBRIC.items}
    for item in RUBRIC.items:
        tests = QUESTIONS[item.id]["tests"]
        if item.kind == "function":
            cases = sum(getattr(spec, "count", 1) for spec in item.cases)
            assert len(tests) == cases  # one test cell per case, so points split per case as ours
            hidden = sum(t.startswith("# HIDDEN") for t in tests)
            assert 0 < hidden < len(tests)
        elif item.kind == "written":
            assert QUESTIONS[item.id]["config"].get("manual") == "true" and tests == []


def test_tests_pass_on_the_reference():
    namespace = _reference_namespace()
    for item in RUBRIC.items:
        if item.kind != "written":
            assert _failures(namespace, item.id) == 0, item.id


@pytest.mark.parametrize("item", [i for i in RUBRIC.items if i.mistakes], ids=lambda i: i.id)
def test_tests_catch_every_catalogue_mistake(item):
    mistakes = _load(RUBRIC.mistakes_module, "_otter_bench_mistakes")
    for mistake in item.mistakes:
        namespace = _reference_namespace()
        namespace[item.name] = getattr(mistakes, mistake)
        assert _failures(namespace, item.id) > 0, mistake


@pytest.mark.parametrize("body", [
    "return float(rnn_outputs(x, h0)[-1])",
    "h = h0\n    for x_t in x:\n        h = x_t - h\n    return float(1 / (1 + np.exp(-1000 * h)))",
])
def test_closed_form_check_rejects_loops_and_calls(body, tmp_path):
    path = tmp_path / "looping.py"
    path.write_text(f"def rnn_final_output(x, h0=0.0):\n    {body}\n", encoding="utf-8")
    namespace = _reference_namespace()
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    assert _failures(namespace, "q2_closed_form") == 1
    assert _failures(_reference_namespace(), "q2_closed_form") == 0
