"""End to end through grade_path: what a student sees for the usual ways a submission goes wrong."""
import json

import nbformat

from conftest import REFERENCE_SOURCE, by_item, with_replaced


def test_reference_earns_full_marks_with_every_item_passed(grade):
    results = grade(REFERENCE_SOURCE)
    assert results["score"] == 100
    assert all(t["status"] == "passed" for t in results["tests"])


def test_tags_name_the_graded_name_and_the_question(grade):
    tests = by_item(grade(REFERENCE_SOURCE))
    assert {"rnn_outputs", "q2"} <= set(tests["q2_outputs"]["tags"])
    assert {"ANSWER_1A", "q1", "manual_review"} <= set(tests["q1a"]["tags"])


def test_visible_failure_shows_input_expected_and_got(grade):
    source = with_replaced("token_norms", """
        def FUNCTION(X):
            return np.sum(np.asarray(X, dtype=float) ** 2, axis=1)
    """)
    test = by_item(grade(source))["q3_norms"]
    assert test["score"] == 0
    assert "token_norms(" in test["output"] and "expected:" in test["output"] and "got:" in test["output"]
    assert "square root" in test["output"]  # the catalogue mistake is named
    assert test["extra_data"]["mistakes"] == ["norms_squared"]


def test_hidden_failures_are_counted_without_revealing_expected_values(grade, grading):
    _, plan = grading
    source = with_replaced("rnn_final_output", """
        def FUNCTION(x, h0=0.0):
            x = np.asarray(x, dtype=float)
            if len(x) > 6:
                raise ValueError(f"secret input {x.tolist()}")
            T = len(x)
            signs = (-1.0) ** (T - np.arange(1, T + 1))
            return float(_sigmoid(1000.0 * (signs @ x + (-1.0) ** T * h0)))
    """)
    test = by_item(grade(source))["q2_final_output"]
    assert 0 < test["score"] < 10
    assert "Hidden cases" in test["output"] and "raised ValueError" in test["output"]
    assert "secret input" not in test["output"]
    hidden = [plan.cases[i] for i, c in enumerate(plan.cases) if c.item_id == "q2_final_output" and not c.visible]
    assert not any(str(case.args[0]) in test["output"] for case in hidden)


def test_missing_functions_score_zero_but_keep_the_maximum(grade):
    results = grade("import numpy as np\ndef token_norms(X):\n    return np.linalg.norm(X, axis=1)\n")
    tests = by_item(results)
    assert tests["q3_norms"]["score"] == 10
    assert "Missing" in tests["q2_outputs"]["output"]
    assert "Not defined in your code" in results["output"]
    assert results["score"] == 10


def test_syntax_error_scores_zero_everywhere_with_the_line_named(grade):
    results = grade(REFERENCE_SOURCE.replace("def softmax(z):", "def softmax(z:"))
    assert "SyntaxError" in results["output"] and "line" in results["output"]
    assert all(t["score"] == 0 for t in results["tests"] if "function" in t["tags"])


def test_crash_at_import_keeps_what_was_defined_before_it(grade):
    results = grade(REFERENCE_SOURCE.replace("def token_norms(X):", "raise RuntimeError('boom')\ndef token_norms(X):"))
    tests = by_item(results)
    assert tests["q2_outputs"]["score"] == 10 and tests["q3_norms"]["score"] == 0
    assert "RuntimeError: boom" in results["output"]


def test_an_answer_string_the_code_never_reached_is_still_read(grade):
    results = grade(REFERENCE_SOURCE.replace("ANSWER_1A = (", "raise SystemExit\nANSWER_1A = ("))
    assert by_item(results)["q1a"]["score"] == 5


def test_notebook_with_failing_cell_and_markdown_answers(grade, tmp_path):
    code = REFERENCE_SOURCE.split("ANSWER_1A")[0] + REFERENCE_SOURCE.split('"\n)\n\n\n', 3)[-1]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import not_a_real_module"),
                nbformat.v4.new_code_cell(code),
                nbformat.v4.new_markdown_cell("## 1a\nLocal receptive fields and weight sharing give few "
                                              "parameters and translation equivariance, while pooling adds some "
                                              "invariance and layers build a hierarchy of features."),
                nbformat.v4.new_markdown_cell("## 1b\nSequences of variable length; the hidden state carries memory "
                                              "through time for streaming input such as the frames of a video clip."),
                nbformat.v4.new_markdown_cell("## 3c\nWith a large beta the query matches its own key, the softmax "
                                              "is nearly one-hot and the output copies the value.")]
    path = tmp_path / "hw3.ipynb"
    nbformat.write(nb, str(path))
    results = grade(path)
    assert results["score"] == 100
    assert "Notebook cell 1 raised `ModuleNotFoundError" in results["output"]


def test_results_document_is_plain_json_with_finite_numbers(grade):
    results = grade(with_replaced("softmax", "def FUNCTION(z):\n    return np.full(np.shape(z), np.nan)\n"))
    text = json.dumps(results, allow_nan=False)
    assert "NaN" in by_item(json.loads(text))["q3_softmax"]["output"]
