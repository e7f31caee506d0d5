"""report.html: how the class did and where it went wrong, in one self-contained file.

Sections: summary, total-score histogram, per-item mean and full-marks rate, the most
common catalogue mistakes per item, the slowest submissions, and what was not graded.
Plots are PNGs drawn with matplotlib (the optional "report" extra) and embedded as base64;
without matplotlib the report has every table and says the plots were left out.
"""
from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

from autograder.batch.gradebook import Gradebook, ItemStats, Row, points
from autograder.batch.store import write_text_atomically

FILENAME = "report.html"
NO_PLOTS = ("Plots are left out: matplotlib is not installed "
            "(<code>pip install 'hw3-autograder[report]'</code> adds it).")
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.75rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; }
.note { background: #fff6d5; padding: 0.5rem 1rem; }
"""


def write_report(book: Gradebook, out: Path) -> Path:
    """Write OUT/report.html (atomically) and return its path."""
    figure = _figure_class()
    stats = book.item_stats()
    parts = [f"<h1>{escape(book.rubric.assignment)}: class report</h1>"]
    if figure is None:
        parts.append(f'<p class="note">{NO_PLOTS}</p>')
    parts += [_summary(book), _histogram(book, figure), _items(stats, figure), _mistakes(book, stats),
              _slowest(book), _errors(book)]
    page = ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(book.rubric.assignment)}: class report</title><style>{STYLE}</style></head>\n"
            "<body>\n" + "\n".join(parts) + "\n</body></html>\n")
    path = Path(out) / FILENAME
    write_text_atomically(path, page)
    return path


def _figure_class():
    """matplotlib's Figure (drawn off-screen, no pyplot state), or None when not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        return None
    return Figure


def _section(anchor: str, title: str, *body: str) -> str:
    return f'<section id="{anchor}">\n<h2>{escape(title)}</h2>\n' + "\n".join(body) + "\n</section>"


def _table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    head = "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr></thead>" if headers else ""
    body = "".join("<tr>" + "".join(f'<td class="n">{escape(str(c))}</td>' if i in numeric
                                    else f"<td>{escape(str(c))}</td>" for i, c in enumerate(row)) + "</tr>\n"
                   for row in rows)
    return f"<table>{head}<tbody>\n{body}</tbody></table>"


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return f'<img alt="" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def _summary(book: Gradebook) -> str:
    maximum = book.rubric.max_score
    totals = book.totals()
    rows = [["submissions", len(book.rows)], ["graded", len(book.graded)], ["not graded", len(book.errors)],
            ["mean", f"{points(book.mean())} / {points(maximum)}" if totals else "–"],
            ["median", f"{points(book.median())} / {points(maximum)}" if totals else "–"],
            ["full marks", sum(total >= maximum for total in totals)]]
    return _section("summary", "Summary", _table([], rows, numeric={1}))


def _histogram(book: Gradebook, figure_class) -> str:
    totals = book.totals()
    if figure_class is None or not totals:
        return _section("histogram", "Total scores", "<p>No plot.</p>")
    figure = figure_class(figsize=(7, 3))
    axes = figure.subplots()
    maximum = book.rubric.max_score
    axes.hist(totals, bins=[maximum * i / 20 for i in range(21)], color="#4c72b0", edgecolor="white")
    axes.set_xlabel(f"total score (of {points(maximum)})")
    axes.set_ylabel("submissions")
    axes.set_xlim(0, maximum)
    return _section("histogram", "Total scores", _png(figure))


def _items(stats: list[ItemStats], figure_class) -> str:
    rows = [[s.item.number, s.item.id, s.item.title, points(s.item.points), points(s.mean),
             f"{s.full_marks:.0%}"] for s in stats]
    table = _table(["#", "item", "title", "points", "mean", "full marks"], rows, numeric={3, 4, 5})
    if figure_class is None or not stats:
        return _section("items", "Items", table)
    figure = figure_class(figsize=(7, 0.4 * len(stats) + 1))
    axes = figure.subplots()
    places = range(len(stats))
    axes.barh([p + 0.2 for p in places], [100 * s.mean_share for s in stats], 0.4, label="mean score")
    axes.barh([p - 0.2 for p in places], [100 * s.full_marks for s in stats], 0.4, label="full marks")
    axes.set_yticks(list(places), [s.item.id for s in stats])
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of points (mean score) · % of submissions (full marks)")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    return _section("items", "Items", _png(figure), table)


def _mistakes(book: Gradebook, stats: list[ItemStats]) -> str:
    graded = len(book.graded)
    rows = [[s.item.id, mistake, count, f"{count / graded:.0%}", book.rubric.mistakes.get(mistake, "")]
            for s in stats for mistake, count in s.mistakes[:3]]
    if not rows:
        return _section("mistakes", "Most common mistakes", "<p>No answer matched a catalogue mistake.</p>")
    return _section("mistakes", "Most common mistakes",
                    _table(["item", "mistake", "submissions", "of graded", "what it means"], rows, numeric={2, 3}))


def _slowest(book: Gradebook) -> str:
    rows = [[row.entry.id, row.names, f"{row.seconds:.2f}", points(row.total)] for row in book.slowest()]
    return _section("slowest", "Slowest submissions",
                    _table(["submission", "name", "seconds", "total"], rows, numeric={2, 3}))


def _errors(book: Gradebook) -> str:
    rows: list[Row] = book.errors
    body = (_table(["submission", "name", "reason"], [[r.entry.id, r.names, r.error] for r in rows])
            if rows else "<p>Every submission was graded.</p>")
    return _section("errors", "Not graded", body)


def plots_available() -> bool:
    return _figure_class() is not None
