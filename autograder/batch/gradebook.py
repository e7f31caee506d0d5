"""A graded class: one row per submission, and the statistics the CSV, report and summary share.

Statistics count graded submissions only; a row that could not be graded (or on which the
grader itself failed) is listed with its reason instead of pulling the class mean down.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from autograder.batch.roster import Entry
from autograder.batch.store import Store
from autograder.rubric import Item, Rubric
from autograder.samples import item_scores


@dataclass(frozen=True)
class Row:
    """One submission's outcome."""

    entry: Entry
    """Which submission, and whose."""
    key: Optional[str]
    """Its results file's key; None when there was nothing to grade."""
    results: Optional[dict]
    """Its results JSON; None when it has none."""
    error: Optional[str] = None
    """Why it has no trustworthy score; None when graded."""

    @property
    def graded(self) -> bool:
        return self.error is None

    @property
    def total(self) -> float:
        return float(self.results["score"])

    @property
    def seconds(self) -> float:
        return float(self.results.get("execution_time") or 0.0)

    @property
    def names(self) -> str:
        return "; ".join(student.name for student in self.entry.students if student.name)


@dataclass(frozen=True)
class ItemStats:
    """How the class did on one rubric item."""

    item: Item
    mean: float
    """Mean score over graded submissions."""
    full_marks: float
    """Share of graded submissions with full marks, 0..1."""
    mistakes: tuple[tuple[str, int], ...]
    """Catalogue mistakes matched, with how many submissions matched each, most common first."""

    @property
    def mean_share(self) -> float:
        """The mean as a share of the item's points: 0 for an item nobody got, 1 for one everybody did."""
        return self.mean / self.item.points if self.item.points else 1.0


@dataclass(frozen=True)
class Gradebook:
    """The class's rows, in roster order, under one rubric."""

    rubric: Rubric
    rows: tuple[Row, ...]

    @property
    def graded(self) -> list[Row]:
        return [row for row in self.rows if row.graded]

    @property
    def errors(self) -> list[Row]:
        return [row for row in self.rows if not row.graded]

    def totals(self) -> list[float]:
        return [row.total for row in self.graded]

    def mean(self) -> Optional[float]:
        return statistics.fmean(self.totals()) if self.graded else None

    def median(self) -> Optional[float]:
        return statistics.median(self.totals()) if self.graded else None

    def item_stats(self) -> list[ItemStats]:
        """Per rubric item, in rubric order."""
        scored = [(item_scores(row.results), _mistakes(row.results)) for row in self.graded]
        stats = []
        for item in self.rubric.items:
            scores = [by_item.get(item.id, 0.0) for by_item, _ in scored]
            matched = Counter(mistake for _, by_item in scored for mistake in by_item.get(item.id, ()))
            stats.append(ItemStats(
                item, statistics.fmean(scores) if scores else 0.0,
                sum(score >= item.points for score in scores) / len(scores) if scores else 0.0,
                tuple(matched.most_common())))
        return stats

    def by_difficulty(self) -> list[ItemStats]:
        """Hardest item first: lowest mean share of its points."""
        return sorted(self.item_stats(), key=lambda stats: (stats.mean_share, stats.full_marks))

    def slowest(self, count: int = 10) -> list[Row]:
        return sorted(self.graded, key=lambda row: row.seconds, reverse=True)[:count]


def collect(rubric: Rubric, entries: tuple[Entry, ...], keys: dict[str, str], store: Store,
            failures: dict[str, str]) -> Gradebook:
    """The gradebook from the stored results; `failures` maps a key to why grading it failed."""
    rows = []
    for entry in entries:
        key = keys.get(entry.id)
        results = store.load(key) if key else None
        rows.append(Row(entry, key, results, _error(entry, results, failures.get(key))))
    return Gradebook(rubric, tuple(rows))


def _error(entry: Entry, results: Optional[dict], failure: Optional[str]) -> Optional[str]:
    if entry.problem:
        return entry.problem
    if failure:
        return failure
    if results is None:
        return "not graded yet"
    internal = (results.get("extra_data") or {}).get("internal_error")
    if internal:
        return "the grader failed on this submission: " + internal.strip().splitlines()[-1]
    return None


def _mistakes(results: dict) -> dict[str, list[str]]:
    """Item id -> ids of the catalogue mistakes its answers matched."""
    return {test["extra_data"]["item"]: test["extra_data"].get("mistakes", []) for test in results["tests"]}


def points(value: Optional[float]) -> str:
    """A score as people write it: 79.02, 100, 2.5; '' for none."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")
