"""Path → Submission: which file is the student's, which files ride along with it."""
from __future__ import annotations

import os
import re
from pathlib import Path

from autograder.records import Submission

CODE_SUFFIXES = (".py", ".ipynb")
SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints", "__MACOSX", ".git", "venv", ".venv", "node_modules"}
HELPER_SUFFIXES = (".py", ".npy", ".npz", ".csv", ".txt", ".json")
MAX_FILES = 2000
MAX_DEPTH = 3
MAX_HELPER_BYTES = 5 * 1024 * 1024


def discover(path: Path, graded_names: tuple[str, ...]) -> Submission:
    """Find the main file at `path`; a Submission with `problem` set when none can be chosen."""
    path = Path(path)
    if path.is_file():
        if path.suffix.lower() not in CODE_SUFFIXES:
            return Submission(path, None, problem=f"`{path.name}` is not a .py file or a .ipynb notebook.")
        return Submission(path, path)
    if not path.is_dir():
        return Submission(path, None, problem="Nothing was submitted.")
    files = _files(path)
    candidates = [f for f in files if f.suffix.lower() in CODE_SUFFIXES]
    writeups = tuple(f for f in files if f.suffix.lower() == ".md")
    if not candidates:
        found = ", ".join(sorted(f.name for f in files)[:10]) or "no files"
        return Submission(path, None, writeups=writeups,
                          problem=f"No .py file or .ipynb notebook was found in your submission (found: {found}).")
    main = _choose(candidates, graded_names)
    if main is None:
        names = ", ".join(f"`{c.relative_to(path)}`" for c in candidates)
        return Submission(path, None, writeups=writeups,
                          problem=f"Several files could be your solution ({names}); submit one file that "
                                  "defines all the graded names.")
    helpers = tuple(f for f in files if f.parent == main.parent and f != main
                    and f.suffix.lower() in HELPER_SUFFIXES and _small(f))
    return Submission(path, main, helpers=helpers, writeups=writeups)


def _files(root: Path) -> list[Path]:
    """Regular files below `root` (no links, no hidden or tool folders), a bounded number."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        depth = len(Path(folder).relative_to(root).parts)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".") and depth < MAX_DEPTH)
        for name in sorted(names):
            file = Path(folder) / name
            if not name.startswith(".") and file.is_file() and not file.is_symlink():
                found.append(file)
                if len(found) >= MAX_FILES:
                    return found
    return found


def _choose(candidates: list[Path], graded_names: tuple[str, ...]):
    """The one candidate that defines the most graded names; None on a tie."""
    if len(candidates) == 1:
        return candidates[0]
    scores = {c: _mentions(c, graded_names) for c in candidates}
    best = max(scores.values())
    winners = [c for c, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 and best > 0 else None


def _mentions(path: Path, graded_names: tuple[str, ...]) -> int:
    try:
        text = path.read_bytes()[:2_000_000].decode("utf-8", errors="replace")
    except OSError:
        return 0
    return sum(1 for name in graded_names if re.search(rf"(def\s+{name}\b|\b{name}\s*=)", text))


def _small(path: Path) -> bool:
    try:
        return path.stat().st_size <= MAX_HELPER_BYTES
    except OSError:
        return False
