"""The `regrade-diff` verb: after a rubric change, who gains or loses points, before publishing.

Compares the grades.csv of two batch folders (the old rubric's and the new one's) row by
row, matched by submission, and lists every submission whose total or status changes,
with the items that moved.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from autograder import table
from autograder.batch.gradebook import points
from autograder.batch.grades_csv import FILENAME, read_csv
from autograder.cli import UsageError


def cmd_regrade_diff(args) -> int:
    old_items, old = _grades(args.old)
    new_items, new = _grades(args.new)
    rows = []
    for submission in sorted(set(old) | set(new)):
        before, after = old.get(submission), new.get(submission)
        change = _change(before, after)
        if change is not None:
            moved = _moved_items(before or {}, after or {}, old_items, new_items)
            rows.append((change, submission, _name(before, after), _total(before), _total(after), moved))
    rows.sort(key=lambda row: (_sort_value(row[0]), row[1]))
    if rows:
        print(table.render(["submission", "name", "old", "new", "change", "items"],
                           [[s, name, o, n, change, moved] for change, s, name, o, n, moved in rows],
                           right={2, 3, 4}))
        print()
    print(f"{len(rows)} of {len(set(old) | set(new))} submissions change between {args.old} and {args.new}.")
    return 0


def _grades(folder: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    path = Path(folder) / FILENAME
    if not path.is_file():
        raise UsageError(f"{path}: no such file (run `autograder batch ... --out {folder}` first)")
    return read_csv(path)


def _change(before: Optional[dict], after: Optional[dict]) -> Optional[str]:
    """How the row changed ('+5', '-2.5', 'graded → error', 'new', 'gone'), None if it did not."""
    if before is None:
        return "new"
    if after is None:
        return "gone"
    if before["status"] != after["status"]:
        return f"{before['status']} → {after['status']}"
    old, new = _number(before["total"]), _number(after["total"])
    if old is None or new is None or abs(new - old) < 0.005:
        return None
    return f"{new - old:+.2f}".rstrip("0").rstrip(".")


def _moved_items(before: dict, after: dict, old_items: list[str], new_items: list[str]) -> str:
    moved = []
    for item in dict.fromkeys(old_items + new_items):
        old, new = _number(before.get(item, "")), _number(after.get(item, ""))
        if old is None and new is None:
            continue
        if old is None or new is None or abs(new - old) >= 0.005:
            moved.append(f"{item} {points(old) or '–'} → {points(new) or '–'}")
    return "; ".join(moved)


def _sort_value(change: str) -> float:
    """Largest loss first; then gains; status changes and new or gone rows last."""
    try:
        return float(change)
    except ValueError:
        return float("inf")


def _name(before: Optional[dict], after: Optional[dict]) -> str:
    return (after or before or {}).get("name", "")


def _total(row: Optional[dict]) -> str:
    return row["total"] if row else ""


def _number(text: str) -> Optional[float]:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None
