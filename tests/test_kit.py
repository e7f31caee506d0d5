"""The student kit: starter files, the standalone checker, `autograder check`, and that the kit
reveals nothing hidden."""
import ast
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace

import nbformat
import pytest

from autograder.cli import main
from autograder.grade import grade_path
from autograder.kit.starter import CHECK_LINE, NOTEBOOK_NAME, PLACEHOLDER, SOURCE_NAME
from autograder.kit.visible import visible_plan
from autograder.families import FAMILY_PARAMS
from autograder.rubric import (DOCS_HINT, EXPLICIT_SPEC, FAMILY_SPEC, ITEM_SPEC, LIMITS_SPEC, MISTAKE_SPEC,
                               TOLERANCE_SPEC, TOP_SPEC, CaseFamily)
from autograder.written import markdown_answers, part_pattern
from conftest import REFERENCE_SOURCE, REPO, by_item, with_replaced

KIT_FILES = {"README.md", NOTEBOOK_NAME, SOURCE_NAME, "check.py", "visible_cases.json"}
MISTAKES_SOURCE = (REPO / "reference" / "mistakes.py").read_text(encoding="utf-8")
WRONG = re.sub(r"ANSWER_1A = \(.*?\n\)\n", "", with_replaced("rnn_outputs", """
    def FUNCTION(x, h0=0.0):
        return 1 / (1 + np.exp(-rnn_hidden_states(x, h0)))
"""), flags=re.DOTALL)  # no factor 1000 in rnn_outputs, no answer to 1a


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    out = tmp_path_factory.mktemp("kit")
    assert main(["student-kit", "--out", str(out)]) == 0
    return out


def kit_texts(folder):
    return {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}


# ---- filling the starter with the reference -------------------------------------------------

REFERENCE_TREE = ast.parse(REFERENCE_SOURCE)
REFERENCE_DEFS = {node.name: ast.get_source_segment(REFERENCE_SOURCE, node)
                  for node in REFERENCE_TREE.body if isinstance(node, ast.FunctionDef)}
REFERENCE_ANSWERS = {node.targets[0].id: ast.literal_eval(node.value)
                     for node in REFERENCE_TREE.body if isinstance(node, ast.Assign)}
HELPERS = "\n\n".join(source for name, source in REFERENCE_DEFS.items() if name.startswith("_"))


def filled_source(source: str) -> str:
    """Every reference function's `...` body and every ANSWER_ placeholder replaced by the reference's."""
    lines = source.splitlines()
    for node in reversed(ast.parse(source).body):
        if isinstance(node, ast.FunctionDef):
            lines[node.lineno - 1:node.end_lineno] = REFERENCE_DEFS[node.name].splitlines()
        elif isinstance(node, ast.Assign):
            name = node.targets[0].id
            lines[node.lineno - 1:node.end_lineno] = [f"{name} = {REFERENCE_ANSWERS[name]!r}"]
    return "\n".join(lines) + "\n"


def filled_notebook(text: str, plan) -> str:
    notebook = nbformat.reads(text, as_version=4)
    answers = {item.part: REFERENCE_ANSWERS[item.name] for item in plan.rubric.items if item.kind == "written"}
    for cell in notebook.cells:
        first = cell.source.splitlines()[0]
        if cell.cell_type == "code" and "def " in cell.source:
            cell.source = filled_source(cell.source)
        elif cell.cell_type == "code" and cell.source.startswith("import numpy"):
            cell.source += "\n\n" + HELPERS
        elif cell.cell_type == "code" and CHECK_LINE in cell.source:
            cell.source = CHECK_LINE  # the check itself, run inside a check, must do nothing
        elif cell.cell_type == "markdown" and PLACEHOLDER in cell.source:
            cell.source = cell.source.replace(PLACEHOLDER, answers[first.lstrip("# ")])
    return nbformat.writes(notebook)


# ---- contents ----------------------------------------------------------------------------------

def test_kit_holds_starters_checker_and_visible_cases(kit, grading):
    _, plan = grading
    assert {path.name for path in kit.iterdir()} == KIT_FILES
    nbformat.validate(nbformat.read(kit / NOTEBOOK_NAME, as_version=4))
    tree = ast.parse((kit / SOURCE_NAME).read_text(encoding="utf-8"))
    defined = {getattr(node, "name", None) or node.targets[0].id for node in tree.body
               if isinstance(node, (ast.FunctionDef, ast.Assign))}
    assert defined == set(plan.rubric.graded_names)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            assert len(node.body) == 2 and ast.get_docstring(node), node.name
            assert isinstance(node.body[1].value, ast.Constant) and node.body[1].value.value is Ellipsis
            reference = next(n for n in REFERENCE_TREE.body if getattr(n, "name", None) == node.name)
            assert ast.unparse(node.args) == ast.unparse(reference.args)


def test_build_is_byte_for_byte_the_same(kit, tmp_path):
    assert main(["student-kit", "--out", str(tmp_path)]) == 0
    assert kit_texts(tmp_path) == kit_texts(kit)


def test_written_headings_are_the_ones_the_grader_recognises(kit, grading):
    _, plan = grading
    notebook = nbformat.read(kit / NOTEBOOK_NAME, as_version=4)
    headings = [cell.source.splitlines()[0] for cell in notebook.cells if cell.cell_type == "markdown"]
    parts = tuple(item.part for item in plan.rubric.items if item.kind == "written")
    for part in parts:
        assert any(part_pattern(part).match(h.lstrip("# ")) for h in headings if h.startswith("#")), part
    documents = ["\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")]
    assert markdown_answers(documents, parts) == {}  # the placeholders and prompts are no answers


def test_kit_checker_needs_nothing_from_the_autograder(kit):
    tree = ast.parse((kit / "check.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= set(sys.stdlib_module_names) | {"numpy", "__future__"}


# ---- nothing hidden --------------------------------------------------------------------------

def distinctive_numbers(value) -> set:
    """Floats of a value with at least six significant digits, in the ways a file could hold them."""
    flat = value.ravel().tolist() if hasattr(value, "ravel") else [value]
    forms = {form for number in flat if isinstance(number, float)
             for form in (repr(number), f"{number:.10g}", f"{number:.8f}", f"{number:.6g}")}
    return {form for form in forms if len(re.sub(r"^[-0.]+|\.|e.*$", "", form).rstrip("0")) >= 6}


def test_kit_reveals_no_hidden_case_reference_or_mistake(kit, grading):
    _, plan = grading
    texts = kit_texts(kit)
    squeezed = {name: re.sub(r"\s", "", text) for name, text in texts.items()}
    shown = visible_plan(plan)
    visible_numbers = set().union(*(distinctive_numbers(e.value) for e in shown.expectations),
                                  *(distinctive_numbers(float(v)) for c in shown.cases
                                    for v in re.findall(r"-?\d+\.\d+", json.dumps(c.args))))
    hidden = [(case, expectation) for case, expectation in zip(plan.cases, plan.expectations) if not case.visible]
    assert len(hidden) > 100
    for case, expectation in hidden:
        numbers = set(distinctive_numbers(expectation.value))
        numbers |= {s for v in re.findall(r"-?\d+\.\d+", json.dumps(case.args)) for s in distinctive_numbers(float(v))}
        inputs = json.dumps(list(case.args), separators=(",", ":"))
        for name, text in texts.items():
            leaked = [n for n in numbers - visible_numbers if n in text]
            assert not leaked, (name, case.name, leaked[:3])
            assert len(case.args[0]) < 4 or inputs not in squeezed[name], (name, case.name)
    data = json.loads(texts["visible_cases.json"])
    shipped = [(item["name"], case["args"], case["kwargs"]) for item in data["items"] for case in item.get("cases", [])]
    assert shipped == [(c.name, list(c.args), c.kwargs) for c in shown.cases]
    seeds = {spec.seed for item in plan.rubric.items for spec in item.cases if isinstance(spec, CaseFamily)}
    for name, text in texts.items():
        assert not [s for s in seeds if re.search(rf"(?<![\d.]){s}(?!\d)", text)], name
        for source in (REFERENCE_SOURCE, MISTAKES_SOURCE):
            lines = {line.strip() for line in source.splitlines() if len(line.strip()) >= 20}
            assert not [line for line in lines if not line.startswith("def ") and line in text], name
        assert not [m for m in plan.rubric.mistakes if m in text], name
        assert not [f for f in plan.rubric.mistakes.values() if f[:40] in text], name


# ---- the starter grades -------------------------------------------------------------------------

def test_starter_filled_with_the_reference_grades_100(kit, grade, grading, tmp_path):
    _, plan = grading
    notebook = tmp_path / "notebook" / NOTEBOOK_NAME
    notebook.parent.mkdir()
    notebook.write_text(filled_notebook((kit / NOTEBOOK_NAME).read_text(encoding="utf-8"), plan), encoding="utf-8")
    results = grade(notebook)
    assert results["score"] == 100, [(t["name"], t["output"]) for t in results["tests"] if t["status"] != "passed"]
    source = filled_source((kit / SOURCE_NAME).read_text(encoding="utf-8")) + "\n\n" + HELPERS + "\n"
    assert grade(source)["score"] == 100


def test_unfilled_starter_grades_zero_without_trouble(kit, grade):
    for name in (NOTEBOOK_NAME, SOURCE_NAME):
        results = grade(kit / name)
        assert results["score"] == 0 and results["extra_data"]["internal_error"] is None
        assert all(t["output"] for t in by_item(results).values())


def test_visible_plan_keeps_only_what_a_student_may_see(grading):
    sandbox, plan = grading
    hidden_item = replace(plan.rubric.item("q2_outputs"), visibility="hidden")
    items = tuple(hidden_item if item.id == "q2_outputs" else item for item in plan.rubric.items)
    shown = visible_plan(replace(plan, rubric=replace(plan.rubric, items=items)))
    assert all(case.visible and case.item_id != "q2_outputs" for case in shown.cases)
    assert [i.id for i in shown.rubric.items] == [i.id for i in plan.rubric.items if i.id != "q2_outputs"]
    results = grade_path(REPO / "reference" / "hw3.py", shown, sandbox)
    assert results["score"] == plan.rubric.max_score - hidden_item.points


# ---- autograder check --------------------------------------------------------------------------

def table_rows(report: str) -> dict:
    """Item number -> its line in the report's table (details below the table are left out)."""
    return {line.split()[1]: line for line in report.splitlines() if line.startswith(("✓  ", "✗  "))}


def autograder(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_check_on_a_correct_submission(grading):
    _, plan = grading
    started = time.monotonic()
    done = autograder("check", REPO / "reference" / "hw3.py")
    assert time.monotonic() - started < 5
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("✓") == len(plan.rubric.items) and "✗" not in done.stdout
    assert "graded after you submit" in done.stdout and "not your score" in done.stdout


def test_check_on_a_wrong_submission_shows_visible_feedback_only(tmp_path):
    student = tmp_path / "hw3.py"
    student.write_text(WRONG, encoding="utf-8")
    done = autograder("check", student)
    assert done.returncode == 1
    rows = table_rows(done.stdout)
    assert rows["2.2"].startswith("✗") and "0 of 2 visible cases pass" in rows["2.2"]
    assert rows["1.1"].startswith("✗") and "heading naming 1a" in rows["1.1"]
    assert rows["2.1"].startswith("✓") and rows["3.4"].startswith("✓")
    assert "rnn_outputs([1., 2., 3., 4.])" in done.stdout and "expected:" in done.stdout and "got:" in done.stdout
    assert "Known mistake" in done.stdout and "**" not in done.stdout
    assert "Hidden cases" not in done.stdout and "hidden)" not in done.stdout


def test_check_of_a_missing_path_is_misuse(tmp_path):
    done = autograder("check", tmp_path / "nope.py")
    assert done.returncode == 2 and "no such file" in done.stderr


# ---- the kit's own checker, standalone -----------------------------------------------------------

def kit_check(folder, target):
    return subprocess.run([sys.executable, "check.py", str(target)], cwd=folder, capture_output=True,
                          text=True, timeout=60)


def test_kit_checker_passes_the_reference_and_the_filled_notebook(kit, grading, tmp_path):
    _, plan = grading
    shutil.copy(REPO / "reference" / "hw3.py", tmp_path / "hw3.py")
    done = kit_check(kit, tmp_path / "hw3.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("✓") == len(plan.rubric.items) and "✗" not in done.stdout
    notebook = tmp_path / NOTEBOOK_NAME
    notebook.write_text(filled_notebook((kit / NOTEBOOK_NAME).read_text(encoding="utf-8"), plan), encoding="utf-8")
    done = kit_check(kit, notebook)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "answer found" in done.stdout and "raised" not in done.stdout


def test_kit_checker_on_a_wrong_submission(kit, tmp_path):
    student = tmp_path / "hw3.py"
    student.write_text(WRONG, encoding="utf-8")
    done = kit_check(kit, student)
    assert done.returncode == 1
    rows = table_rows(done.stdout)
    assert rows["2.2"].startswith("✗") and "0 of 2 visible cases pass" in rows["2.2"]
    assert rows["1.1"].startswith("✗") and rows["2.1"].startswith("✓") and rows["2.4"].startswith("✓")
    assert "rnn_outputs([1, 2, 3, 4])" in done.stdout and "expected: [1.0, 1.0, 1.0, 1.0]" in done.stdout
    assert "got:      [0.731059, 0.731059, 0.880797, 0.880797]" in done.stdout


def test_kit_checker_survives_an_endless_loop_and_a_crash(kit, tmp_path):
    folder = tmp_path / "kit"
    shutil.copytree(kit, folder)
    data = json.loads((folder / "visible_cases.json").read_text(encoding="utf-8"))
    data["limits"]["call_seconds"] = 0.5
    (folder / "visible_cases.json").write_text(json.dumps(data), encoding="utf-8")
    student = tmp_path / "hw3.py"
    student.write_text(REFERENCE_SOURCE + "\n\ndef rnn_outputs(x, h0=0.0):\n    while True:\n        pass\n"
                       "\n\ndef token_norms(X):\n    import os\n    os._exit(3)\n", encoding="utf-8")
    done = kit_check(folder, student)
    assert done.returncode == 1
    assert "ran out of time in `rnn_outputs`" in done.stdout and "the process stopped in `token_norms`" in done.stdout
    rows = table_rows(done.stdout)
    assert rows["2.3"].startswith("✓") and rows["3.4"].startswith("✓") and rows["2.2"].startswith("✗")


def test_one_line_call_from_a_notebook_cell(kit, tmp_path):
    shutil.copy(REPO / "reference" / "hw3.py", tmp_path / "hw3.py")
    cell = (f"import sys; sys.path.insert(0, {str(kit)!r})\n{CHECK_LINE.replace(NOTEBOOK_NAME, 'hw3.py')}\n"
            "assert not [m for m in sys.modules if m.startswith('autograder')]")
    done = subprocess.run([sys.executable, "-c", cell], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "✓" in done.stdout and "✗" not in done.stdout and "not your score" in done.stdout


# ---- the rubric format is documented ----------------------------------------------------------

def test_docs_describe_every_rubric_key():
    text = (REPO / "docs" / "rubric.md").read_text(encoding="utf-8")
    assert DOCS_HINT == "see docs/rubric.md"
    specs = (TOP_SPEC, LIMITS_SPEC, MISTAKE_SPEC, ITEM_SPEC, TOLERANCE_SPEC, EXPLICIT_SPEC, FAMILY_SPEC,
             *FAMILY_PARAMS.values())
    for key in {key for spec in specs for key in spec} | set(FAMILY_PARAMS):
        assert f"`{key}`" in text, key
    assert "autograder selftest" in text
