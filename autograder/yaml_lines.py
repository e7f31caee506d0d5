"""YAML loading that remembers where every value came from, so errors can name the line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

Where = tuple  # a path into the document: ("items", 3, "points")
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: same nodes, faster


class Located:
    """Plain data from a YAML file plus the line of every mapping key and sequence entry."""

    def __init__(self, path: Path, data: Any, lines: dict[Where, int]):
        self.path = path
        self.data = data
        self._lines = lines

    def line(self, where: Where) -> int:
        """The line of `where`, or of the closest enclosing value that has one."""
        while where not in self._lines and where:
            where = where[:-1]
        return self._lines.get(where, 1)


def load_located(path: Path) -> Located:
    """Parse `path`; a YAML syntax error becomes a ValueError naming the line."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"{path}:{line}: YAML syntax error: {problem}") from None
    lines: dict[Where, int] = {}
    try:
        data = _plain(node, (), lines) if node is not None else {}
    except ValueError as exc:
        raise ValueError(f"{path}:{str(exc).removeprefix('line ')}") from None
    return Located(path, data, lines)


def _plain(node: yaml.Node, where: Where, lines: dict[Where, int]) -> Any:
    lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in out:
                raise ValueError(f"line {key_node.start_mark.line + 1}: the key {key!r} appears twice")
            lines[where + (key,)] = key_node.start_mark.line + 1
            out[key] = _plain(value_node, where + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(child, where + (i,), lines) for i, child in enumerate(node.value)]
    return _scalar(node)


_CONSTRUCTOR = yaml.SafeLoader("")


def _scalar(node: yaml.Node) -> Any:
    return _CONSTRUCTOR.construct_object(node, deep=True)
