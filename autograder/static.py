"""Static checks on the student's source, parent side (ast): e.g. a closed form with no loop.

The function is followed into the module-level helpers it calls, so hiding the loop in a
helper does not pass; a call of itself (recursion) counts as a loop.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from typing import Optional

from autograder.records import Cell, Comparison

LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
LOOP_WORDS = {ast.For: "a for loop", ast.AsyncFor: "a for loop", ast.While: "a while loop",
              ast.ListComp: "a list comprehension", ast.SetComp: "a set comprehension",
              ast.DictComp: "a dict comprehension", ast.GeneratorExp: "a generator expression"}
LOOPING_BUILTINS = {"map", "filter", "reduce", "accumulate"}


@lru_cache(maxsize=64)
def parse_cell(source: str) -> Optional[ast.Module]:
    """The cell's syntax tree, or None when it does not parse; cached, since several items
    read the same cells (parsing is the costliest step of scoring a long file)."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):  # ValueError: a null byte in the source
        return None


def module_definitions(cells: tuple[Cell, ...]) -> dict[str, ast.AST]:
    """The last module-level definition of each function name (cells that do not parse are skipped)."""
    found: dict[str, ast.AST] = {}
    for cell in cells:
        tree = parse_cell(cell.source)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[node.name] = node
            elif isinstance(node, ast.Assign) and isinstance(node.value, (ast.Lambda, ast.Name)):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = node.value
    return found


def check_no_loops(cells: tuple[Cell, ...], name: str, forbid_loops: bool,
                   forbid_calls: tuple[str, ...]) -> Comparison:
    """Does `name` (and every helper it reaches) avoid loops and the forbidden calls?"""
    definitions = module_definitions(cells)
    if name not in definitions:
        return Comparison(False, f"`{name}` is not defined in your code")
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        problem = _problem_in(definitions[current], current, name, forbid_loops, forbid_calls, todo, definitions)
        if problem:
            return Comparison(False, problem)
    return Comparison(True)


def _problem_in(node: ast.AST, current: str, root: str, forbid_loops: bool, forbid_calls: tuple[str, ...],
                todo: list[str], definitions: dict[str, ast.AST]) -> Optional[str]:
    where = "" if current == root else f" (in `{current}`, which `{root}` calls)"
    if isinstance(node, ast.Name):
        todo.append(node.id)
        return None
    for child in ast.walk(node):
        if forbid_loops and isinstance(child, LOOPS):
            return f"`{root}` uses {LOOP_WORDS[type(child)]}{where}, line {child.lineno}"
        if isinstance(child, ast.Call):
            called = _called_name(child.func)
            if called in forbid_calls:
                return f"`{root}` calls `{called}`{where}, line {child.lineno}"
            if forbid_loops and called == root and child is not node:
                return f"`{root}` calls itself (recursion is a loop in disguise){where}, line {child.lineno}"
            if forbid_loops and called in LOOPING_BUILTINS:
                return f"`{root}` uses `{called}()`, a loop in disguise{where}, line {child.lineno}"
            if called in definitions:
                todo.append(called)
    return None


def _called_name(func: ast.AST) -> Optional[str]:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None
