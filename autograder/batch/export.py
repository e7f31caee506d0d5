"""Gradescope's "Export Submissions" download: where it starts, and who submitted what.

`submission_metadata.yml` is written by a Ruby program: keys are symbols (`:submitters`,
`:name`, `:sid`, `:email`), some values carry Ruby tags (`!ruby/object:BigDecimal ...`),
and the layout has changed over the years. It is read leniently: an unknown tag is read as
the plain value under it, a missing or odd field is skipped, and a file that cannot be
read at all only costs the names, never the grading.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

METADATA = "submission_metadata.yml"


@dataclass(frozen=True)
class Student:
    """One submitter, as the export names them; an unknown field is ''."""

    name: str = ""
    sid: str = ""
    email: str = ""


class _LenientLoader(yaml.SafeLoader):
    """Safe loading, with any tag it does not know read as the plain node beneath it."""


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_LenientLoader.add_multi_constructor("", _untagged)


def find_root(path: Path) -> Optional[Path]:
    """The export's top folder: `path` itself or its only subfolder (a zip's wrapper folder)."""
    if (path / METADATA).is_file():
        return path
    if not path.is_dir():
        return None
    folders = [child for child in path.iterdir() if child.is_dir() and not child.name.startswith((".", "__"))]
    if len(folders) == 1 and (folders[0] / METADATA).is_file():
        return folders[0]
    return None


def read_metadata(path: Path) -> tuple[dict[str, tuple[Student, ...]], list[str]]:
    """Submission folder name → its submitters, and warnings about what could not be read."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8", errors="replace"), Loader=_LenientLoader)
    except (OSError, yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return {}, [f"{path.name} could not be read ({type(exc).__name__}); names are unknown"]
    if not isinstance(document, dict):
        return {}, [f"{path.name} is not a mapping of submissions; names are unknown"]
    submissions = {str(key): _submitters(value) for key, value in document.items()}
    return submissions, []


def _field(mapping: Any, name: str) -> Any:
    """`mapping[':name']` or `mapping['name']`; None when absent or `mapping` is no mapping."""
    if not isinstance(mapping, dict):
        return None
    return mapping.get(f":{name}", mapping.get(name))


def _submitters(submission: Any) -> tuple[Student, ...]:
    people = _field(submission, "submitters")
    if isinstance(people, dict):  # one submitter written as a mapping instead of a list
        people = [people]
    if not isinstance(people, list):
        return ()
    students = (Student(*(_text(_field(person, key)) for key in ("name", "sid", "email"))) for person in people)
    return tuple(student for student in students if student != Student())


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()
