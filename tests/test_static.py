"""The closed-form check: loops anywhere in the function or the helpers it calls are found."""
import textwrap

from autograder.records import Cell
from autograder.static import check_no_loops


def check(source: str, *cells: str):
    parts = (Cell("hw3.py", textwrap.dedent(source)),) + tuple(Cell(f"cell {i}", textwrap.dedent(c))
                                                                 for i, c in enumerate(cells))
    return check_no_loops(parts, "rnn_final_output", True, ("rnn_outputs", "rnn_hidden_states"))


CLOSED = """
import numpy as np
def rnn_final_output(x, h0=0.0):
    x = np.asarray(x, float)
    signs = (-1.0) ** (len(x) - np.arange(1, len(x) + 1))
    return 1 / (1 + np.exp(-1000 * (signs @ x + (-1) ** len(x) * h0)))
"""


def test_vectorised_closed_form_passes():
    assert check(CLOSED).ok


def test_for_loop_while_loop_and_comprehension_are_each_caught():
    assert "for loop" in check("def rnn_final_output(x, h0=0):\n    for v in x: pass\n").reason
    assert "while loop" in check("def rnn_final_output(x, h0=0):\n    while True: pass\n").reason
    verdict = check("def rnn_final_output(x, h0=0):\n    return sum([(-1)**k * v for k, v in enumerate(x)])\n")
    assert "list comprehension" in verdict.reason and "line 2" in verdict.reason


def test_calling_the_recurrence_is_caught_even_through_a_helper():
    verdict = check("""
        def helper(x, h0):
            return rnn_outputs(x, h0)[-1]
        def rnn_final_output(x, h0=0.0):
            return helper(x, h0)
    """)
    assert not verdict.ok and "rnn_outputs" in verdict.reason and "helper" in verdict.reason


def test_loop_hidden_in_a_helper_defined_in_another_cell_is_caught():
    verdict = check("def rnn_final_output(x, h0=0.0):\n    return total(x)\n",
                    "def total(x):\n    s = 0\n    for v in x:\n        s = v - s\n    return s\n")
    assert not verdict.ok and "total" in verdict.reason


def test_recursion_and_map_count_as_loops():
    assert "itself" in check("def rnn_final_output(x, h0=0.0):\n    return rnn_final_output(x[1:]) if len(x) else h0\n").reason
    assert "map" in check("def rnn_final_output(x, h0=0.0):\n    return list(map(float, x))\n").reason


def test_the_last_definition_wins_as_it_would_when_the_code_runs():
    looped = "def rnn_final_output(x, h0=0.0):\n    for v in x: pass\n"
    assert check(looped, CLOSED).ok
    assert not check(CLOSED, looped).ok


def test_an_alias_is_followed_and_a_missing_function_is_reported():
    assert not check("def slow(x, h0=0):\n    for v in x: pass\nrnn_final_output = slow\n").ok
    assert "not defined" in check("x = 1\n").reason
