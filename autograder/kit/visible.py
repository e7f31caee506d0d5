"""What a student may see before submitting: the rubric's visible cases and their expected answers.

A case is visible when the rubric marks it so and its item's test is visible on Gradescope.
`autograder check` grades with this plan; the kit's data file is written from it.
"""
from __future__ import annotations

from dataclasses import replace

from autograder.expected import GradingPlan
from autograder.rubric import Item


def visible_plan(plan: GradingPlan) -> GradingPlan:
    """The plan restricted to visible cases; items left with nothing to check are dropped."""
    keep = [i for i, case in enumerate(plan.cases) if case.visible and _shown(plan.rubric.item(case.item_id))]
    cases = tuple(plan.cases[i] for i in keep)
    expectations = tuple(plan.expectations[i] for i in keep)
    with_cases = {case.item_id for case in cases}
    items = [item for item in plan.rubric.items
             if _shown(item) and (item.kind != "function" or item.id in with_cases)]
    kept = {item.id for item in items}
    items = [item for item in items if item.requires is None or item.requires in kept]
    return GradingPlan(replace(plan.rubric, items=tuple(items)), cases, expectations)


def _shown(item: Item) -> bool:
    return item.visibility == "visible"


def checked_later(full: GradingPlan, visible: GradingPlan) -> list[Item]:
    """Items of the full rubric that the visible plan cannot check at all."""
    kept = {item.id for item in visible.rubric.items}
    return [item for item in full.rubric.items if item.id not in kept]
