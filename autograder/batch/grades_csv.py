"""grades.csv: one row per submission, columns in a fixed order, UTF-8, ready to import.

Columns: submission, name, sid, email (several submitters joined by '; '), one column per
rubric item (its id, in rubric order), total, status ('graded' or 'error'), reason (why
not graded), results (the results JSON, relative to the batch folder). A submission that
could not be graded has empty score cells, so an import never mistakes it for a zero.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.batch.gradebook import Gradebook, Row, points
from autograder.batch.store import write_text_atomically
from autograder.samples import item_scores

FILENAME = "grades.csv"
LEADING = ("submission", "name", "sid", "email")
TRAILING = ("total", "status", "reason", "results")


def write_csv(book: Gradebook, out: Path) -> Path:
    """Write OUT/grades.csv (atomically) and return its path."""
    items = [item.id for item in book.rubric.items]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([*LEADING, *items, *TRAILING])
    for row in book.rows:
        writer.writerow(_cells(row, items))
    path = Path(out) / FILENAME
    write_text_atomically(path, text.getvalue())
    return path


def _cells(row: Row, items: list[str]) -> list[str]:
    people = row.entry.students
    who = ["; ".join(getattr(student, field) for student in people if getattr(student, field))
           for field in ("name", "sid", "email")]
    scores = item_scores(row.results) if row.graded else {}
    results = Path("results", f"{row.key}.json").as_posix() if row.results is not None else ""
    return [row.entry.id, *who, *(points(scores.get(item)) for item in items),
            points(row.total) if row.graded else "", "graded" if row.graded else "error",
            row.error or "", results]


def read_csv(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The item columns and the rows by submission, from a grades.csv this module wrote."""
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        header = reader.fieldnames or []
        rows = {row["submission"]: row for row in reader}
    return [name for name in header if name not in LEADING + TRAILING], rows
