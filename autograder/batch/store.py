"""The results folder of a batch run: one Gradescope results JSON per submission key.

A key is a hash of the submission's files and of everything grading depends on (the
rubric, the reference, the mistake catalogue), so a results file is valid for as long as
neither changes, whatever the submission is called or wherever it lies. The grader's own
code is not part of the key: after upgrading the grader, grade into a new folder.

Files are written by `results.write_results` (a temporary file, then a rename), so after
a kill there are complete files and stray temporaries, never half a file; the temporaries
are swept on the next run. A lock on the folder keeps two runs from writing into it at once.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Iterable, Optional

from autograder.results import write_results

CHUNK = 1 << 20
KEY_CHARS = 32


class Busy(RuntimeError):
    """Another batch run holds the lock on the output folder."""


def fingerprint(files: Iterable[Path]) -> str:
    """A hash of the files' names and contents: of those grading depends on (rubric,
    reference, mistake catalogue), or of an export zip."""
    digest = hashlib.sha256()
    for path in files:
        _add_file(digest, Path(path).name, Path(path))
    return digest.hexdigest()


def submission_key(path: Path, grading: str) -> str:
    """The key of the submission at `path` under the grading fingerprint `grading`.

    A folder hashes its files by their paths inside it, a single file by its own name (the
    results mention the file name), so the folder's own name never matters: two students
    who hand in the very same files share one results file and are graded once."""
    digest = hashlib.sha256(grading.encode())
    path = Path(path)
    if path.is_dir():
        for file in _files(path):
            _add_file(digest, file.relative_to(path).as_posix(), file)
    else:
        _add_file(digest, path.name, path)
    return digest.hexdigest()[:KEY_CHARS]


def _files(folder: Path) -> list[Path]:
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs.sort()
        found.extend(Path(parent) / name for name in sorted(names))
    return [file for file in found if file.is_file() and not file.is_symlink()]


def _add_file(digest, name: str, path: Path) -> None:
    try:
        with open(path, "rb") as stream:
            digest.update(f"\0{name}\0{os.fstat(stream.fileno()).st_size}\0".encode())
            while block := stream.read(CHUNK):
                digest.update(block)
    except OSError as exc:  # an unreadable file still gets a key; grading will say what is wrong
        digest.update(f"\0{name}\0unreadable: {exc.strerror}".encode())


class Store:
    """OUT/results/<key>.json, plus the lock and the clean-up of an interrupted run."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.folder = self.out / "results"
        self._lock: Optional[int] = None

    def __enter__(self) -> "Store":
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = os.open(self.out / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock)
            raise Busy(f"{self.out}: another batch run is writing here") from None
        self._sweep()
        return self

    def __exit__(self, *exc) -> None:
        os.close(self._lock)

    def _sweep(self) -> None:
        """Remove what a killed run left half-done: temporary files and unfinished unpacking."""
        for folder in (self.out, self.folder):
            for stray in folder.glob(".*.tmp"):
                stray.unlink(missing_ok=True)
        for unpacking in self.out.glob("export/.unpacking-*"):
            shutil.rmtree(unpacking, ignore_errors=True)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str) -> Optional[dict]:
        """The results stored under `key`, or None when there are none (or they are unreadable)."""
        try:
            results = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return results if isinstance(results, dict) and isinstance(results.get("tests"), list) else None

    def save(self, key: str, results: dict) -> None:
        write_results(results, self.path(key))


def is_final(results: Optional[dict]) -> bool:
    """Results a re-run keeps. A grader failure is stored (the row says why) but graded again."""
    return results is not None and not (results.get("extra_data") or {}).get("internal_error")


def write_text_atomically(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: readers see the old file or the new one.
    The folder's lock makes this run the only writer, so the temporary's name can be fixed."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="")
    os.replace(temporary, path)
