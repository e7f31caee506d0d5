"""Comparisons on plain data: tolerance, shape policy, NaN and infinity, friendly reasons."""
import math

import numpy as np

from autograder.compare import check_value
from autograder.rubric import Tolerance

TOL = Tolerance(rtol=1e-6, atol=1e-9)


def test_lists_and_arrays_within_tolerance_pass():
    assert check_value([1.0, 2.0000001], np.array([1.0, 2.0]), TOL).ok
    assert not check_value([1.0, 2.001], np.array([1.0, 2.0]), TOL).ok


def test_reason_says_how_many_values_are_off_and_where():
    verdict = check_value([[1, 2], [3, 5]], np.array([[1.0, 2.0], [3.0, 4.0]]), TOL)
    assert not verdict.ok
    assert "1 of 4" in verdict.reason and "(1, 1)" in verdict.reason


def test_one_dimensional_answer_may_be_a_row_or_a_column_but_not_another_shape():
    expected = np.array([1.0, 2.0, 3.0])
    assert check_value([[1, 2, 3]], expected, TOL).ok
    assert check_value([[1], [2], [3]], expected, TOL).ok
    verdict = check_value([1, 2, 3, 4], expected, TOL)
    assert not verdict.ok and "shape 3" in verdict.reason and "shape 4" in verdict.reason
    assert not check_value([[1, 2, 3], [1, 2, 3]], expected, TOL).ok


def test_scalar_answer_may_be_any_one_element_array():
    assert check_value(0.5, np.array(0.5), TOL).ok
    assert check_value([[0.5]], np.array(0.5), TOL).ok
    assert not check_value([0.5, 0.5], np.array(0.5), TOL).ok


def test_two_dimensional_answers_need_the_exact_shape():
    assert not check_value([1.0, 0.0, 0.0, 1.0], np.eye(2), TOL).ok


def test_nan_where_a_number_was_expected_is_named():
    verdict = check_value([float("nan"), 1.0], np.array([0.0, 1.0]), TOL)
    assert not verdict.ok and "NaN" in verdict.reason
    assert check_value([float("nan")], np.array([math.nan]), TOL).ok


def test_infinity_matches_only_the_same_infinity():
    assert check_value([math.inf], np.array([math.inf]), TOL).ok
    assert not check_value([-math.inf], np.array([math.inf]), TOL).ok
    assert "infinity" in check_value([math.inf], np.array([1e308]), TOL).reason


def test_none_text_and_ragged_lists_get_plain_reasons():
    assert "return" in check_value(None, np.array([1.0]), TOL).reason
    assert "text" in check_value("0.5", np.array(0.5), TOL).reason
    assert "uneven" in check_value([[1, 2], [3]], np.eye(2), TOL).reason


def test_absolute_tolerance_matters_near_zero():
    assert check_value([1e-12], np.array([0.0]), TOL).ok
    assert not check_value([1e-6], np.array([0.0]), TOL).ok


def test_finite_answer_against_an_all_nan_value_is_a_plain_mismatch():
    verdict = check_value([[1.0, 2.0]], np.array([[np.nan, np.nan]]), TOL)
    assert not verdict.ok and "2 of 2" in verdict.reason
