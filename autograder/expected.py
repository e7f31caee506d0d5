"""Expected answers: the reference (and each catalogue mistake) evaluated on every case, in the parent.

Computed once per rubric and kept; the reference module is imported from the path the
rubric names, under a private module name, and never reaches a child.
"""
from __future__ import annotations

import importlib.util
import warnings
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from types import ModuleType
from typing import Callable, Optional

import numpy as np

from autograder.inputs import Case, rubric_cases
from autograder.rubric import Rubric


@dataclass(frozen=True)
class Expectation:
    """What a case should give, and what each targeted mistake would give instead."""

    value: np.ndarray
    """The reference's answer."""
    wrong_answers: Callable[[], dict] = field(repr=False, compare=False)
    """Computes `mistakes`; kept as a function because only a failed case ever needs them."""

    @cached_property
    def mistakes(self) -> dict:
        """Mistake id -> that mistake's answer (None where the mistake itself raised)."""
        return self.wrong_answers()


@dataclass(frozen=True)
class GradingPlan:
    """Everything the parent needs to grade against a rubric, computed once."""

    rubric: Rubric
    """The validated rubric."""
    cases: tuple[Case, ...]
    """Every call to make, in order: a call's index is its position here."""
    expectations: tuple[Expectation, ...]
    """Parallel to `cases`."""


def load_module(path: Path, name: str) -> ModuleType:
    """Import a Python file under a private name, without touching sys.path."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_plan(rubric: Rubric) -> GradingPlan:
    """Cases and expected answers for `rubric`."""
    reference = load_module(rubric.reference, "_hw3_reference")
    mistakes = load_module(rubric.mistakes_module, "_hw3_mistakes") if rubric.mistakes_module else None
    cases = tuple(rubric_cases(rubric))
    expectations = []
    for case in cases:
        value = _evaluate(getattr(reference, case.name), case)
        if value is None:
            raise ValueError(f"{rubric.reference}: {case.name} raised on a rubric case {case.args!r}")
        ids = rubric.item(case.item_id).mistakes if mistakes else ()
        expectations.append(Expectation(value, partial(_wrong_answers, mistakes, ids, case)))
    return GradingPlan(rubric, cases, tuple(expectations))


def _wrong_answers(mistakes: ModuleType, ids: tuple[str, ...], case: Case) -> dict:
    return {mistake_id: _evaluate(getattr(mistakes, mistake_id), case) for mistake_id in ids}


def _evaluate(function, case: Case) -> Optional[np.ndarray]:
    args = [np.array(arg) if isinstance(arg, list) else arg for arg in case.args]
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(function(*args, **case.kwargs), dtype=float)
    except Exception:  # a mistake that cannot handle an input simply never matches it
        return None
