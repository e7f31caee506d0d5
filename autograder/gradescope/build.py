"""`autograder build-zip`: the autograder zip to upload to Gradescope.

At the zip's root: setup.sh, run_autograder and requirements.txt from templates/. Beside
them, the project laid out as in the checkout (pyproject.toml, README.md, the package, the
rubric and the modules it names), so the rubric's relative paths still resolve once
Gradescope unpacks it into /autograder/source. Entries are sorted and carry one fixed
timestamp and fixed modes: the same tree always gives the same bytes.
"""
from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from autograder import table
from autograder.cli import UsageError
from autograder.expected import build_plan
from autograder.gradescope.run import rubric_files
from autograder.rubric import Rubric, RubricError, load_rubric

TREE = Path(__file__).resolve().parents[2]
TEMPLATES = Path(__file__).resolve().parent / "templates"
AT_ROOT = ("setup.sh", "run_autograder", "requirements.txt")
EXECUTABLE = {"setup.sh", "run_autograder"}
RUBRIC_PLACEHOLDER = "@RUBRIC@"
PROJECT_FILES = ("pyproject.toml", "README.md")
PACKAGE_SUFFIXES = {".py", ".json"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Entry:
    """One file in the zip."""

    name: str
    """Path inside the zip, with forward slashes."""
    data: bytes
    """The file's bytes."""
    executable: bool = False
    """Stored with mode 0755 instead of 0644."""


def cmd_build_zip(args) -> int:
    """Build the zip, check that its rubric loads and grades from inside it, print its contents."""
    rubric = _load(args.rubric)
    entries = zip_entries(rubric)
    write_zip(entries, args.out)
    check_unpacked(args.out, tree_name(rubric.path))
    rows = [[entry.name, len(entry.data)] for entry in entries]
    print(table.render(["file", "bytes"], rows, right={1}))
    unpacked = sum(len(entry.data) for entry in entries)
    print(f"\nWrote {args.out}: {len(entries)} files, {args.out.stat().st_size / 1024:.1f} KB "
          f"({unpacked / 1024:.1f} KB unpacked); rubric {tree_name(rubric.path)}.")
    return 0


def _load(path: Optional[Path]) -> Rubric:
    if not (TREE / "pyproject.toml").is_file():
        raise UsageError(f"{TREE}: not a checkout of the project (no pyproject.toml); build the zip from one")
    try:
        return load_rubric(path)
    except RubricError as exc:
        raise UsageError(str(exc)) from None


def zip_entries(rubric: Rubric) -> list[Entry]:
    """Everything the zip holds, in the order it is written: the root files, then the rest sorted."""
    rubric_name = tree_name(rubric.path)
    root = [_template(name, rubric_name) for name in AT_ROOT]
    files = [TREE / name for name in PROJECT_FILES] + package_files() + rubric_files(rubric)
    rest = {tree_name(path): path.read_bytes() for path in files}
    return root + [Entry(name, rest[name]) for name in sorted(rest)]


def _template(name: str, rubric_name: str) -> Entry:
    text = (TEMPLATES / name).read_text(encoding="utf-8").replace(RUBRIC_PLACEHOLDER, rubric_name)
    return Entry(name, text.encode("utf-8"), name in EXECUTABLE)


def package_files() -> list[Path]:
    """The package's sources, data and templates; no caches."""
    package = TREE / "autograder"
    return sorted(path for path in package.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts
                  and (path.suffix in PACKAGE_SUFFIXES or path.parent == TEMPLATES))


def tree_name(path: Path) -> str:
    """`path` relative to the project, as named inside the zip."""
    try:
        return Path(path).resolve().relative_to(TREE).as_posix()
    except ValueError:
        raise UsageError(f"{path} is outside {TREE}: keep the rubric and the modules it names "
                         "inside the project (e.g. in rubrics/ and reference/)") from None


def write_zip(entries: list[Entry], out: Path) -> None:
    """Write `entries` with a fixed timestamp and fixed modes, via a temporary file and a rename."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(temporary, "w") as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so unzip applies the modes below
            info.external_attr = (0o100755 if entry.executable else 0o100644) << 16
            archive.writestr(info, entry.data, compresslevel=9)
    os.replace(temporary, out)


def check_unpacked(zip_path: Path, rubric_name: str) -> None:
    """Unpack the zip and build the grading plan from the copy: a rubric that names its
    reference by an absolute path, or a reference that fails, is caught before upload."""
    with tempfile.TemporaryDirectory(prefix="hw3-zip-") as folder:
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(folder)
        try:
            rubric = build_plan(load_rubric(Path(folder) / rubric_name)).rubric
        except (RubricError, ValueError) as exc:
            raise UsageError(f"the rubric does not work from inside the zip: {exc}") from None
        outside = [str(path) for path in rubric_files(rubric) if Path(folder).resolve() not in path.parents]
        if outside:
            raise UsageError(f"{rubric_name} names files outside the zip by absolute path: {', '.join(outside)}")
