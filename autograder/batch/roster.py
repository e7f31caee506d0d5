"""Which submissions a class folder holds, and whose they are.

Two layouts: a plain folder with one file or folder per student (named as the instructor
likes), and a Gradescope "Export Submissions" download, zipped or unpacked, which the
`submission_metadata.yml` beside its `submission_<id>/` folders gives away.
"""
from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from autograder.batch import export
from autograder.batch.store import fingerprint

IGNORED = {"__MACOSX", "__pycache__", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class Entry:
    """One submission of the class."""

    id: str
    """A stable name for the row: the file or folder name, e.g. 'submission_123456'."""
    path: Optional[Path]
    """What to grade; None when the export lists a submission whose files are missing."""
    students: tuple[export.Student, ...] = ()
    """Who submitted it, when the export says (several for a group)."""
    problem: Optional[str] = None
    """Why it cannot be graded at all."""


@dataclass(frozen=True)
class Roster:
    """The class: its entries, and anything odd found while reading it."""

    entries: tuple[Entry, ...]
    warnings: tuple[str, ...] = ()


def read_roster(path: Path, out: Path) -> Roster:
    """The submissions at `path`: a folder, or a zip unpacked once under `out`/export/."""
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        path = _unwrapped(unpack(path, Path(out) / "export"))
    root = export.find_root(path)
    if root is not None:
        return _from_export(root, Path(out))
    entries = tuple(Entry(child.name, child) for child in _children(path, exclude=Path(out)))
    return Roster(entries)


def unpack(archive: Path, into: Path) -> Path:
    """Unpack `archive` into a folder named after its hash; a folder left by an earlier run is
    reused, and a run killed while unpacking leaves only a `.unpacking-*` folder to sweep."""
    target = into / f"{archive.stem}-{fingerprint([archive])[:12]}"
    if target.is_dir():
        return target
    into.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=into, prefix=".unpacking-"))
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(staging)  # zipfile drops absolute paths and '..' from member names
    staging.rename(target)
    return target


def _unwrapped(folder: Path) -> Path:
    """The class inside an unpacked zip: its only folder when the zip wraps everything in one."""
    children = _children(folder, exclude=folder)
    return children[0] if len(children) == 1 and children[0].is_dir() else folder


def _children(folder: Path, exclude: Path) -> list[Path]:
    skip = exclude.resolve()
    return [child for child in sorted(folder.iterdir())
            if not child.name.startswith(".") and child.name not in IGNORED and child.resolve() != skip]


def _from_export(root: Path, out: Path) -> Roster:
    metadata, warnings = export.read_metadata(root / export.METADATA)
    folders = {child.name: child for child in _children(root, exclude=out) if child.is_dir()}
    entries = [Entry(name, folder, metadata.get(name, ())) for name, folder in folders.items()]
    entries += [Entry(name, None, students, "the export lists this submission but has no folder for it")
                for name, students in metadata.items() if name not in folders]
    if metadata and not set(metadata) & set(folders):
        warnings.append(f"{export.METADATA} names none of the folders beside it; names are unknown")
    return Roster(tuple(sorted(entries, key=lambda entry: entry.id)), tuple(warnings))
