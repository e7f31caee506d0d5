"""The plain records that flow along the grading path, in the order they are made."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional


@dataclass(frozen=True)
class Submission:
    """What discovery found at the path a student handed in."""

    root: Path
    """The path given: a file, or the folder holding the submission."""
    main: Optional[Path]
    """The student's .py or .ipynb file, or None when none could be chosen."""
    helpers: tuple[Path, ...] = ()
    """Other files in the folder (helper modules, data) copied beside the main file."""
    writeups: tuple[Path, ...] = ()
    """Markdown write-ups that may hold the written answers."""
    problem: Optional[str] = None
    """Why nothing can be graded (no file, several candidates), in words for the student."""


@dataclass(frozen=True)
class Cell:
    """One piece of code to run, in order: a whole .py file or one notebook code cell."""

    label: str
    """How messages name it: the file name, or 'cell 3'."""
    source: str
    """Python source, with notebook magics and shell lines already removed."""


@dataclass(frozen=True)
class Program:
    """A submission turned into code to run plus the answers found outside the code."""

    filename: str
    """The main file's name, for messages and tracebacks."""
    cells: tuple[Cell, ...]
    """Code to run in order in one namespace."""
    markdown_answers: dict[str, str] = field(default_factory=dict)
    """Written answers found in markdown, keyed by part ('1a')."""
    notes: tuple[str, ...] = ()
    """Things the student should know about how the file was read (skipped magics...)."""
    problem: Optional[str] = None
    """Why the file cannot be run at all (unreadable notebook, not UTF-8)."""


@dataclass(frozen=True)
class CallError:
    """Why a call of a student's function gave no value."""

    kind: str
    """'exception', 'timeout', 'crash', 'missing', 'not_callable', 'unsupported', 'skipped'."""
    message: str
    """A sentence for the student."""
    detail: str = ""
    """A traceback or other detail; shown for visible cases only."""


@dataclass(frozen=True)
class CallResult:
    """What one call of a graded function gave back across the boundary: plain data only."""

    value: Any = None
    """Numbers, nested lists, strings, None: the return value in plain form."""
    error: Optional[CallError] = None
    """Set when the call gave no usable value."""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class CellReport:
    """How running one cell went."""

    label: str
    """The cell's label."""
    error: Optional[str] = None
    """The exception's last line, when the cell raised."""
    traceback: str = ""
    """The student's traceback (grader frames removed)."""


@dataclass(frozen=True)
class RunReport:
    """Everything the child process told the parent about one submission."""

    cells: tuple[CellReport, ...]
    """One report per cell that ran (or the reason the run did not start)."""
    defined: dict[str, str]
    """Graded names found at module level and the kind of each ('function', 'str', ...)."""
    strings: dict[str, str]
    """Values of the graded string names (written answers)."""
    calls: dict[int, CallResult]
    """Results keyed by call index."""
    output: str = ""
    """Student stdout/stderr captured while the file ran (before any call), capped."""
    call_output: str = ""
    """Student output printed during calls: for instructors only, it may echo hidden inputs."""
    notes: tuple[str, ...] = ()
    """Messages about the run as a whole (load timeout, process killed...)."""
    load_failed: Optional[str] = None
    """Set when the code never finished loading, so no name could be looked up."""


@dataclass(frozen=True)
class Comparison:
    """The verdict on one answer against its expected value."""

    ok: bool
    """True when the answer is within tolerance."""
    reason: str = ""
    """Why not, in a sentence (wrong shape, contains NaN, values differ)."""


@dataclass(frozen=True)
class TestResult:
    """One graded rubric item, ready for the results file."""

    item_id: str
    """The rubric item's id."""
    name: str
    """Title shown to the student."""
    number: str
    """Gradescope test number, e.g. '2.3'."""
    score: float
    """Points earned."""
    max_score: float
    """Points possible, straight from the rubric."""
    output: str
    """Markdown feedback for the student."""
    visibility: str
    """Gradescope visibility of this test."""
    tags: tuple[str, ...]
    """The graded name and the question, e.g. ('rnn_outputs', 'q2')."""
    mistakes: tuple[str, ...] = ()
    """Ids of catalogue mistakes the answers matched."""
