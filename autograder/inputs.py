"""Test inputs: the rubric's explicit cases and its seeded-random families, as plain lists.

Inputs are made in the parent and sent to the child as plain data; the child turns every
list argument into a numpy array before calling the student's function.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.families import FAMILIES, FAMILY_PARAMS, hw3_tokens, orthonormal_basis
from autograder.rubric import CaseFamily, ExplicitCase, Item, Rubric


@dataclass(frozen=True)
class Case:
    """One concrete call of a graded function."""

    item_id: str
    """The rubric item it belongs to."""
    name: str
    """The graded function to call."""
    args: tuple
    """Positional arguments, plain data."""
    kwargs: dict
    """Keyword arguments, plain data."""
    visible: bool
    """Whether the student may see this input and its expected answer."""


def item_cases(item: Item) -> list[Case]:
    """Every concrete case of a function item, explicit ones first, in rubric order."""
    cases: list[Case] = []
    for spec in item.cases:
        if isinstance(spec, ExplicitCase):
            args = tuple(_build_arg(arg) for arg in spec.args)
            cases.append(Case(item.id, item.name, args, dict(spec.kwargs), spec.visible))
        else:
            for args, kwargs in generate(spec):
                cases.append(Case(item.id, item.name, args, kwargs, spec.visible))
    return cases


def rubric_cases(rubric: Rubric) -> list[Case]:
    """All cases of all function items, in rubric order: call index = list position."""
    return [case for item in rubric.items if item.kind == "function" for case in item_cases(item)]


def generate(family: CaseFamily) -> list[tuple[tuple, dict]]:
    """The family's cases, the same for the same seed on every machine."""
    rng = np.random.default_rng(family.seed)
    make = FAMILIES[family.generate]
    params = {**FAMILY_PARAMS[family.generate], **family.params}
    return [make(rng, index, family.count, **params) for index in range(family.count)]


def _build_arg(arg: Any) -> Any:
    """Explicit arguments are literals, or {tokens: {...}} for the HW3 token matrix."""
    if isinstance(arg, dict) and set(arg) == {"tokens"}:
        spec = {"beta": 1.0, "basis": "random", "seed": 0, **arg["tokens"]}
        basis = np.eye(4) if spec["basis"] == "identity" else orthonormal_basis(np.random.default_rng(spec["seed"]))
        return hw3_tokens(basis, float(spec["beta"])).tolist()
    return arg
