"""The rubric: YAML → validated, frozen dataclasses. Errors name the file and the line.

Every fact about grading comes from here: points, tolerances, limits, visibility, test
inputs and feedback. The format is documented in docs/rubric.md.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from autograder.families import FAMILY_PARAMS
from autograder.yaml_lines import Located, Where, load_located

DEFAULT_RUBRIC = Path(__file__).resolve().parent.parent / "rubrics" / "hw3.yaml"
DOCS_HINT = "see docs/rubric.md"
KINDS = ("function", "static", "written")
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


class RubricError(ValueError):
    """A rubric that cannot be used; the message starts with file:line."""


@dataclass(frozen=True)
class Tolerance:
    """np.isclose semantics: |got - expected| <= atol + rtol * |expected|."""

    rtol: float = 1e-6
    """Relative tolerance."""
    atol: float = 1e-9
    """Absolute tolerance."""


@dataclass(frozen=True)
class Limits:
    """How much time, memory and output one submission may use."""

    call_seconds: float = 2.0
    """Wall time for one call of a graded function."""
    load_seconds: float = 20.0
    """Wall time for running the file (all notebook cells) before any call."""
    submission_seconds: float = 60.0
    """Wall time for everything the submission runs."""
    memory_mb: int = 1024
    """Address-space limit of the child process."""
    output_kb: int = 64
    """Student stdout/stderr kept per submission; the rest is counted and dropped."""
    timeouts_per_function: int = 2
    """After this many timeouts, the function's remaining cases are not run."""


@dataclass(frozen=True)
class ExplicitCase:
    """A test input written out in the rubric."""

    args: tuple
    """Positional arguments (literals, or {tokens: {...}} builders)."""
    kwargs: dict
    """Keyword arguments."""
    visible: bool
    """Whether the student sees this input and the expected answer."""


@dataclass(frozen=True)
class CaseFamily:
    """A seeded family of generated test inputs."""

    generate: str
    """Family name: one of FAMILIES."""
    count: int
    """How many cases."""
    seed: int
    """Seed of the family's random generator."""
    params: dict
    """Family parameters."""
    visible: bool = False
    """Generated cases are hidden unless said otherwise."""


@dataclass(frozen=True)
class Item:
    """One graded rubric item: one Gradescope test."""

    id: str
    """Unique id, used in CSVs, sample records and `requires`."""
    number: str
    """Gradescope test number."""
    question: str
    """Question tag, e.g. 'q2'."""
    title: str
    """What the student sees as the test name."""
    kind: str
    """'function' (numeric cases), 'static' (source inspection) or 'written'."""
    name: str
    """The graded name the submission defines."""
    points: float
    """Points possible."""
    visibility: str = "visible"
    """Gradescope visibility of the test."""
    tolerance: Tolerance = Tolerance()
    """For function items."""
    mistakes: tuple[str, ...] = ()
    """Mistake ids from the catalogue to look for when answers are wrong."""
    cases: tuple = ()
    """ExplicitCase and CaseFamily entries, in order."""
    requires: Optional[str] = None
    """Static items: points only when this item earned full marks."""
    forbid_loops: bool = False
    """Static items: no for/while/comprehension in the function (or helpers it calls)."""
    forbid_calls: tuple[str, ...] = ()
    """Static items: names the function may not call, directly or through helpers."""
    part: str = ""
    """Written items: the part ('1a') a markdown heading names."""
    min_words: int = 1
    """Written items: fewer words than this count as no real answer."""
    manual_review: bool = False
    """Written items: a person reviews the answer; the score is provisional."""
    concepts: dict = field(default_factory=dict)
    """Written items: concept name -> keywords whose presence suggests it is covered."""


@dataclass(frozen=True)
class Rubric:
    """A whole validated rubric."""

    path: Path
    """The YAML file."""
    assignment: str
    """Title shown at the top of the results."""
    reference: Path
    """The reference solution module."""
    mistakes_module: Optional[Path]
    """The mistake catalogue module."""
    limits: Limits
    """Resource limits."""
    mistakes: dict
    """Mistake id -> feedback sentence."""
    items: tuple[Item, ...]
    """Graded items in order."""

    @property
    def max_score(self) -> float:
        return float(sum(item.points for item in self.items))

    def item(self, item_id: str) -> Item:
        return next(item for item in self.items if item.id == item_id)

    @property
    def graded_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.name for item in self.items))


# ---- field specs: key -> (accepted types, default; REQUIRED when it must be given) ----

REQUIRED = object()
NUMBER = (int, float)

TOP_SPEC = {
    "assignment": (str, "Assignment"),
    "reference": (str, REQUIRED),
    "mistakes_module": (str, None),
    "limits": (dict, {}),
    "mistakes": (dict, {}),
    "items": (list, REQUIRED),
}
LIMITS_SPEC = {
    "call_seconds": (NUMBER, Limits.call_seconds),
    "load_seconds": (NUMBER, Limits.load_seconds),
    "submission_seconds": (NUMBER, Limits.submission_seconds),
    "memory_mb": (int, Limits.memory_mb),
    "output_kb": (int, Limits.output_kb),
    "timeouts_per_function": (int, Limits.timeouts_per_function),
}
MISTAKE_SPEC = {"feedback": (str, REQUIRED)}
ITEM_SPEC = {
    "id": (str, REQUIRED),
    "number": (str, REQUIRED),
    "question": (str, REQUIRED),
    "title": (str, REQUIRED),
    "kind": (str, REQUIRED),
    "name": (str, REQUIRED),
    "points": (NUMBER, REQUIRED),
    "visibility": (str, "visible"),
    "tolerance": (dict, {}),
    "mistakes": (list, []),
    "cases": (list, []),
    "requires": (str, None),
    "forbid_loops": (bool, False),
    "forbid_calls": (list, []),
    "part": (str, ""),
    "min_words": (int, 1),
    "manual_review": (bool, False),
    "concepts": (dict, {}),
}
TOP_ITEM_KEYS = ("id", "number", "question", "title", "kind", "name", "points", "visibility")
KIND_KEYS = {
    "function": {"tolerance", "mistakes", "cases"},
    "static": {"requires", "forbid_loops", "forbid_calls"},
    "written": {"part", "min_words", "manual_review", "concepts"},
}
TOLERANCE_SPEC = {"rtol": (NUMBER, 1e-6), "atol": (NUMBER, 1e-9)}
EXPLICIT_SPEC = {"args": (list, REQUIRED), "kwargs": (dict, {}), "visible": (bool, False)}
FAMILY_SPEC = {
    "generate": (str, REQUIRED),
    "count": (int, REQUIRED),
    "seed": (int, REQUIRED),
    "params": (dict, {}),
    "visible": (bool, False),
}


class _Reader:
    """Checks values against specs, raising RubricError with the file and line."""

    def __init__(self, doc: Located):
        self.doc = doc

    def fail(self, where: Where, message: str) -> RubricError:
        shown = ".".join(str(part) for part in where) or "the top level"
        return RubricError(f"{self.doc.path}:{self.doc.line(where)}: {shown}: {message} ({DOCS_HINT})")

    def fields(self, value: Any, where: Where, spec: dict) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        for key in value:
            if key not in spec:
                raise self.fail(where + (key,), f"unknown key {key!r}; known keys: {', '.join(spec)}")
        out = {}
        for key, (types, default) in spec.items():
            if key not in value:
                if default is REQUIRED:
                    raise self.fail(where, f"missing required key {key!r}")
                out[key] = default
                continue
            got = value[key]
            if isinstance(got, bool) and bool not in _as_tuple(types):
                raise self.fail(where + (key,), f"expected {_type_names(types)}, got a boolean")
            if not isinstance(got, types):
                raise self.fail(where + (key,), f"expected {_type_names(types)}, got {type(got).__name__}")
            out[key] = got
        return out


def _as_tuple(types) -> tuple:
    return types if isinstance(types, tuple) else (types,)


def _type_names(types) -> str:
    names = {int: "an integer", float: "a number", str: "a string", bool: "true/false",
             list: "a list", dict: "a mapping"}
    return " or ".join(dict.fromkeys(names[t] for t in _as_tuple(types)))


def load_rubric(path: Optional[Path] = None) -> Rubric:
    """Read and validate a rubric file (the bundled HW3 rubric by default)."""
    path = Path(path or DEFAULT_RUBRIC).resolve()
    if not path.is_file():
        raise RubricError(f"{path}: no such rubric file")
    try:
        doc = load_located(path)
    except ValueError as exc:
        raise RubricError(str(exc)) from None
    reader = _Reader(doc)
    top = reader.fields(doc.data, (), TOP_SPEC)
    reference = _module_path(reader, path, top["reference"], ("reference",))
    mistakes_module = None
    if top["mistakes_module"]:
        mistakes_module = _module_path(reader, path, top["mistakes_module"], ("mistakes_module",))
    limits = Limits(**reader.fields(top["limits"], ("limits",), LIMITS_SPEC))
    mistakes = _mistakes(reader, top["mistakes"], mistakes_module)
    items = tuple(_item(reader, raw, ("items", i), mistakes) for i, raw in enumerate(top["items"]))
    _check_cross_references(reader, items, reference)
    return Rubric(path, top["assignment"], reference, mistakes_module, limits, mistakes, items)


def _module_path(reader: _Reader, rubric_path: Path, value: str, where: Where) -> Path:
    target = (rubric_path.parent / value).resolve()
    if not target.is_file():
        raise reader.fail(where, f"file not found: {target}")
    return target


def _mistakes(reader: _Reader, raw: dict, module: Optional[Path]) -> dict:
    defined = _module_functions(module) if module else set()
    out = {}
    for mistake_id, spec in raw.items():
        fields = reader.fields(spec, ("mistakes", mistake_id), MISTAKE_SPEC)
        if mistake_id not in defined:
            raise reader.fail(("mistakes", mistake_id),
                              f"no function {mistake_id!r} in the mistakes module {module}")
        out[mistake_id] = fields["feedback"]
    return out


def _item(reader: _Reader, raw: Any, where: Where, mistakes: dict) -> Item:
    fields = reader.fields(raw, where, ITEM_SPEC)
    kind = fields["kind"]
    if kind not in KINDS:
        raise reader.fail(where + ("kind",), f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    for key in set(raw) - set(TOP_ITEM_KEYS) - KIND_KEYS[kind]:
        raise reader.fail(where + (key,), f"key {key!r} does not apply to a {kind} item")
    if fields["visibility"] not in VISIBILITIES:
        raise reader.fail(where + ("visibility",), f"use one of {', '.join(VISIBILITIES)}")
    if fields["points"] < 0:
        raise reader.fail(where + ("points",), "points cannot be negative")
    for i, mistake_id in enumerate(fields["mistakes"]):
        if mistake_id not in mistakes:
            raise reader.fail(where + ("mistakes", i), f"unknown mistake {mistake_id!r}; declare it under 'mistakes:'")
    if kind == "function" and not fields["cases"]:
        raise reader.fail(where, "a function item needs at least one case")
    if kind == "written" and not fields["part"]:
        raise reader.fail(where, "a written item needs 'part' (e.g. 1a)")
    fields["tolerance"] = Tolerance(**reader.fields(fields["tolerance"], where + ("tolerance",), TOLERANCE_SPEC))
    fields["cases"] = tuple(_case(reader, case, where + ("cases", i)) for i, case in enumerate(fields["cases"]))
    fields["mistakes"] = tuple(fields["mistakes"])
    fields["forbid_calls"] = tuple(str(name) for name in fields["forbid_calls"])
    fields["concepts"] = {str(name): tuple(str(k).lower() for k in _as_list(words))
                          for name, words in fields["concepts"].items()}
    fields["points"] = float(fields["points"])
    return Item(**fields)


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _case(reader: _Reader, raw: Any, where: Where):
    if isinstance(raw, dict) and "generate" in raw:
        fields = reader.fields(raw, where, FAMILY_SPEC)
        known = FAMILY_PARAMS.get(fields["generate"])
        if known is None:
            raise reader.fail(where + ("generate",), f"unknown family; use one of {', '.join(FAMILY_PARAMS)}")
        for key in fields["params"]:
            if key not in known:
                raise reader.fail(where + ("params", key), f"unknown parameter; {fields['generate']} takes {', '.join(known)}")
        if fields["count"] < 1:
            raise reader.fail(where + ("count",), "count must be at least 1")
        return CaseFamily(**fields)
    fields = reader.fields(raw, where, EXPLICIT_SPEC)
    return ExplicitCase(tuple(fields["args"]), dict(fields["kwargs"]), fields["visible"])


def _check_cross_references(reader: _Reader, items: tuple[Item, ...], reference: Path) -> None:
    defined = _module_names(reference)
    ids = {item.id for item in items}
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        where = ("items", i)
        if item.id in seen:
            raise reader.fail(where + ("id",), f"duplicate id {item.id!r} (first at item {seen[item.id]})")
        seen[item.id] = i
        if item.name not in defined:
            raise reader.fail(where + ("name",), f"the reference {reference.name} does not define {item.name!r}")
        if item.requires is not None and item.requires not in ids:
            raise reader.fail(where + ("requires",), f"no item with id {item.requires!r}")


def _module_names(path: Path) -> set[str]:
    """Names a module defines at top level, found without importing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _module_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
