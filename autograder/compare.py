"""Comparisons, parent side only, on plain data: does an answer match its expected value?

Shape policy: the answer must have the expected shape, except that a 1-D answer may also
come as a single row or column (1×n or n×1) and a scalar as any one-element array.
Values are compared with np.isclose semantics (|got − expected| ≤ atol + rtol·|expected|);
NaN matches only NaN and ±inf only the same infinity.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from autograder.records import Comparison
from autograder.rubric import Tolerance


def as_numbers(value: Any):
    """A float array from plain data, or a Comparison saying why that is impossible."""
    if value is None:
        return Comparison(False, "your function returned None (is a `return` missing?)")
    if isinstance(value, str):
        return Comparison(False, "your function returned text, not numbers")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return Comparison(False, "your function returned lists of uneven lengths or non-numbers")


def check_value(got: Any, expected: np.ndarray, tolerance: Tolerance) -> Comparison:
    """Is `got` (plain data from the child) within tolerance of `expected`?"""
    answer = _comparable(got, expected)
    if isinstance(answer, Comparison):
        return answer
    close = _close(answer, expected, tolerance)
    if close.all():
        return Comparison(True)
    with np.errstate(all="ignore"):
        gap = np.where(np.isnan(answer - expected), np.inf, np.abs(answer - expected))
    worst = np.unravel_index(int(np.argmax(np.where(close, -1, gap))), gap.shape) if gap.ndim else ()
    where = f" at index {tuple(int(i) for i in worst)}" if worst else ""
    return Comparison(False, f"{int((~close).sum())} of {close.size} value(s) are off; the largest "
                             f"difference is {float(gap[worst]):.3g}{where}")


def matches(got: Any, expected: np.ndarray, tolerance: Tolerance) -> bool:
    """`check_value(...).ok` without composing the explanation (mistake matching asks this often)."""
    answer = _comparable(got, expected)
    return not isinstance(answer, Comparison) and bool(_close(answer, expected, tolerance).all())


def _comparable(got: Any, expected: np.ndarray):
    """`got` as an array shaped like `expected`, or a Comparison saying why it cannot be compared."""
    answer = as_numbers(got)
    if isinstance(answer, Comparison):
        return answer
    answer = _fit_shape(answer, expected.shape)
    if answer.shape != expected.shape:
        return Comparison(False, f"expected an answer of shape {_shape(expected.shape)}, "
                                 f"got shape {_shape(answer.shape)}")
    bad = _non_finite_surprise(answer, expected)
    return Comparison(False, bad) if bad else answer


def _fit_shape(answer: np.ndarray, shape: tuple) -> np.ndarray:
    if answer.shape == shape:
        return answer
    if len(shape) == 0 and answer.size == 1:
        return answer.reshape(())
    if len(shape) == 1 and answer.ndim == 2 and 1 in answer.shape and answer.size == shape[0]:
        return answer.reshape(shape)
    return answer


def _close(answer: np.ndarray, expected: np.ndarray, tolerance: Tolerance) -> np.ndarray:
    """np.isclose(..., equal_nan=True), written out: np.isclose costs ~40 µs a call in
    overhead, and a submission makes hundreds of comparisons."""
    finite = np.isfinite(answer) & np.isfinite(expected)
    if finite.all():
        return np.abs(answer - expected) <= tolerance.atol + tolerance.rtol * np.abs(expected)
    with np.errstate(invalid="ignore"):  # inf - inf
        close = np.abs(answer - expected) <= tolerance.atol + tolerance.rtol * np.abs(expected)
    return (close & finite) | (answer == expected) | (np.isnan(answer) & np.isnan(expected))


def _non_finite_surprise(answer: np.ndarray, expected: np.ndarray) -> str:
    if np.isfinite(answer).all():
        return ""
    if np.isnan(answer).any() and not np.isnan(expected).any():
        return "your answer contains NaN where a number was expected (an overflow?)"
    if np.isinf(answer).any() and not np.isinf(expected).any():
        return "your answer contains an infinity where a finite number was expected (an overflow?)"
    return ""


def _shape(shape: tuple) -> str:
    return "scalar" if shape == () else "×".join(str(n) for n in shape)
