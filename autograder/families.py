"""Seeded generators of test inputs, one per family name a rubric may use."""
from __future__ import annotations

from typing import Callable

import numpy as np


def hw3_tokens(basis: np.ndarray, beta: float) -> np.ndarray:
    """x_1 = β(b + d), x_2 = βa, x_3 = β(b + c) for the orthonormal rows a, b, c, d of `basis`."""
    a, b, c, d = basis
    return beta * np.stack([b + d, a, b + c])


def orthonormal_basis(rng: np.random.Generator) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((4, 4)))
    return (q * np.sign(np.diag(r))).T


def _int_sequence(rng, index, count, min_length, max_length, low, high, h0, near_zero):
    length = int(rng.integers(min_length, max_length + 1))
    x = rng.integers(low, high + 1, size=length)
    start = float(h0[index % len(h0)])
    if index < round(near_zero * count) and start == int(start):
        # Move x_T so that h_T is a small integer (0 is a tie, y_T = 0.5): only there do
        # σ(h_T) and σ(1000·h_T) differ, so only such cases catch a dropped factor.
        signs = (-1) ** (length - np.arange(1, length + 1))
        h_T = int(signs @ x) + (-1) ** length * int(start)
        x[-1] += int(rng.integers(-2, 3)) - h_T
    return ([int(v) for v in x],), {"h0": start}


def _hw3_tokens(rng, index, count, beta_min, beta_max):
    betas = np.geomspace(beta_min, beta_max, count)
    return (hw3_tokens(orthonormal_basis(rng), float(betas[index])).tolist(),), {}


def _random_matrix(rng, index, count, max_rows, max_cols, scale):
    shape = (int(rng.integers(1, max_rows + 1)), int(rng.integers(1, max_cols + 1)))
    return ((scale * rng.standard_normal(shape)).tolist(),), {}


def _random_vector(rng, index, count, max_length, scale):
    length = int(rng.integers(1, max_length + 1))
    return ((scale * rng.standard_normal(length)).tolist(),), {}


FAMILIES: dict[str, Callable] = {
    "int_sequence": _int_sequence,
    "hw3_tokens": _hw3_tokens,
    "random_matrix": _random_matrix,
    "random_vector": _random_vector,
}
FAMILY_PARAMS: dict[str, dict] = {
    "int_sequence": {"min_length": 1, "max_length": 40, "low": -20, "high": 20, "h0": [0.0], "near_zero": 0.0},
    "hw3_tokens": {"beta_min": 0.1, "beta_max": 30.0},
    "random_matrix": {"max_rows": 8, "max_cols": 8, "scale": 1.0},
    "random_vector": {"max_length": 8, "scale": 1.0},
}
