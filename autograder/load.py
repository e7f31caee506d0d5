"""Submission → Program: the code to run (a .py file, or notebook code cells) and markdown answers.

Notebooks in the current format (v4) are read as JSON directly; anything else goes through
nbformat, which upgrades old formats and explains broken files. IPython magics and shell lines cannot run as plain Python:
each such line becomes `pass` (line numbers stay true) and is reported.
"""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

from autograder.records import Cell, Program, Submission
from autograder.written import markdown_answers

MAGIC_LINE = re.compile(r"^\s*(%|!)|^\s*[\w.]+\s*=\s*[!%]|^\s*\w[\w.]*\?\??\s*$")
SKIPPED_CELL_MAGICS = re.compile(r"^%%(?!time\b|timeit\b|capture\b)")
MAX_SOURCE_BYTES = 5 * 1024 * 1024


class Unreadable(Exception):
    """A file that cannot be read as a submission; the message is for the student."""


def load_program(submission: Submission, parts: tuple[str, ...]) -> Program:
    """Read the main file and any write-ups; problems end up in `Program.problem`."""
    main = submission.main
    writeups = [_read_text(path) for path in submission.writeups]
    try:
        if main.suffix.lower() == ".ipynb":
            cells, markdown, notes = _notebook_cells(_read_text(main))
        else:
            cells, markdown, notes = (Cell(main.name, _read_text(main)),), [], ()
    except Unreadable as exc:
        answers = markdown_answers([w for w in writeups if w], parts)
        return Program(main.name, (), answers, problem=str(exc))
    answers = markdown_answers(markdown + [w for w in writeups if w], parts)
    return Program(main.name, cells, answers, notes)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"`{path.name}` could not be read ({exc.strerror}).") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise Unreadable(f"`{path.name}` is larger than {MAX_SOURCE_BYTES // 1024 // 1024} MB.")
    if b"\x00" in data:
        raise Unreadable(f"`{path.name}` is a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"`{path.name}` is not UTF-8 text (byte {exc.start}); save it as UTF-8.") from None


def _read_notebook(text: str) -> dict:
    """The notebook as a dict of v4 cells; nbformat is imported only when the fast path cannot be used."""
    try:
        notebook = json.loads(text)
    except ValueError:
        notebook = None
    if _is_v4(notebook):
        return notebook
    import nbformat  # slow to import: only old or broken notebooks need it

    try:
        with warnings.catch_warnings():  # old notebooks warn about missing cell ids; not the student's concern
            warnings.simplefilter("ignore")
            return nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for a broken file
        raise Unreadable(f"The notebook could not be read: {type(exc).__name__}: {str(exc)[:200]}") from None


def _is_v4(notebook) -> bool:
    return (isinstance(notebook, dict) and notebook.get("nbformat") == 4
            and isinstance(notebook.get("cells"), list)
            and all(isinstance(cell, dict) and _is_text(cell.get("source", "")) for cell in notebook["cells"]))


def _is_text(source) -> bool:
    return isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))


def _notebook_cells(text: str) -> tuple[tuple[Cell, ...], list[str], tuple[str, ...]]:
    notebook = _read_notebook(text)
    cells: list[Cell] = []
    documents: list[str] = []
    markdown_run: list[str] = []
    skipped: list[str] = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown":
            markdown_run.append(source)
            continue
        if markdown_run:
            documents.append("\n\n".join(markdown_run))
            markdown_run = []
        if cell.get("cell_type") == "code":
            code = _plain_python(source, number, skipped)
            if code is not None:
                cells.append(Cell(f"cell {number}", code))
    if markdown_run:
        documents.append("\n\n".join(markdown_run))
    notes = ()
    if skipped:
        shown = ", ".join(skipped[:5]) + (" …" if len(skipped) > 5 else "")
        notes = (f"Skipped {len(skipped)} IPython magic or shell line(s), since the grader runs plain "
                 f"Python: {shown}",)
    return tuple(cells), documents, notes


def _plain_python(source: str, number: int, skipped: list[str]):
    """The cell as plain Python, or None for a cell magic that is not Python (%%bash...)."""
    lines = source.splitlines()
    if lines and SKIPPED_CELL_MAGICS.match(lines[0]):
        skipped.append(f"cell {number}: `{lines[0].strip()}` (whole cell)")
        return None
    out = []
    for line in lines:
        if MAGIC_LINE.match(line) and not _is_python(line):
            skipped.append(f"cell {number}: `{line.strip()[:60]}`")
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}pass")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _is_python(line: str) -> bool:
    """Guard against treating `x = a % b`-like lines as magics: only flag what does not compile."""
    try:
        compile(line.strip(), "<line>", "exec")
        return True
    except SyntaxError:
        return False
