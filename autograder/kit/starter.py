"""The starter files: every graded name with its signature and docstring, `...` bodies, and a
heading the grader recognises for each written part.

Signatures are read from the reference with `ast` (its bodies never leave it); the words come
from contract.py. In the notebook each written part is a prompt heading followed by an answer
cell headed by the bare part (`#### 1a`); the next prompt heading, one level up, ends the
answer's section, so neither the prompt nor the next part is read as the answer.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import v4

from autograder.kit.contract import DOCSTRINGS, PROMPTS, QUESTIONS
from autograder.rubric import Rubric

NOTEBOOK_NAME = "hw3.ipynb"
SOURCE_NAME = "hw3.py"
PLACEHOLDER = "Your answer here."
ANSWER_HEADING = "####"
PROMPT_HEADING = "###"
QUESTION_HEADING = "##"
CHECK_LINE = f'import check; check.run("{NOTEBOOK_NAME}")'


@dataclass(frozen=True)
class Block:
    """One piece of a starter file, in rubric order."""

    kind: str
    """'question' (a heading), 'function' or 'written'."""
    name: str
    """The question tag, or the graded name."""
    text: str
    """The question's title, the function's docstring or the written part's prompt."""
    signature: str = ""
    """Functions: the parameter list, as in the reference."""
    part: str = ""
    """Written answers: the part a heading names, e.g. '1a'."""


def outline(rubric: Rubric) -> list[Block]:
    """The blocks of the starter: a heading per question, then its functions and written parts."""
    signatures = reference_signatures(rubric.reference)
    blocks: list[Block] = []
    questions: set[str] = set()
    names: set[str] = set()
    for item in rubric.items:
        if item.name in names:
            continue
        names.add(item.name)
        if item.question not in questions:
            questions.add(item.question)
            blocks.append(Block("question", item.question, QUESTIONS.get(item.question, item.question)))
        if item.kind == "written":
            blocks.append(Block("written", item.name, PROMPTS.get(item.part, item.title), part=item.part))
        else:
            blocks.append(Block("function", item.name, DOCSTRINGS.get(item.name, item.title),
                                signatures.get(item.name, "*args")))
    return blocks


def reference_signatures(path: Path) -> dict[str, str]:
    """Function name -> parameter list, read from the reference without importing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: ast.unparse(node.args) for node in tree.body if isinstance(node, ast.FunctionDef)}


def function_source(block: Block) -> str:
    """`def name(signature):` with the docstring and a `...` body."""
    doc = block.text.replace("\n", "\n    ").replace("    \n", "\n")
    end = '\n    """' if "\n" in doc else '"""'
    return f'def {block.name}({block.signature}):\n    """{doc}{end}\n    ...\n'


# ---- the .py starter ------------------------------------------------------------------------

def python_source(rubric: Rubric) -> str:
    """The starter .py file."""
    parts = [f'"""{rubric.assignment}: starter file.\n\n'
             "Fill in every function (keep its name and signature) and write each written answer\n"
             "in its ANSWER_ string. Use numpy only. Before you submit, check your answers against\n"
             f'the visible cases:  python check.py {SOURCE_NAME}\n"""\n'
             "import numpy as np"]
    for block in outline(rubric):
        if block.kind == "question":
            parts.append(f"# {block.text}")
        elif block.kind == "function":
            parts.append(function_source(block).rstrip("\n"))
        else:
            parts.append(f'# {block.part}. {block.text}\n{block.name} = """\n{PLACEHOLDER}\n"""')
    return "\n\n\n".join(parts) + "\n"


# ---- the notebook starter -------------------------------------------------------------------

def notebook_text(rubric: Rubric) -> str:
    """The starter notebook as nbformat writes it; cell ids are fixed, so every build is identical."""
    cells = [_intro(rubric), v4.new_code_cell("import numpy as np")]
    for block in outline(rubric):
        cells.extend(_cells(block))
    cells.append(v4.new_markdown_cell(
        f"{QUESTION_HEADING} Before you submit\n\n"
        "Save the notebook, then uncomment the line below and run the cell: it checks your saved "
        "notebook against the visible cases, with `check.py` from the kit beside it. Comment it out "
        "again before you submit. Hidden cases and the written answers are graded after you submit."))
    cells.append(v4.new_code_cell(f"# {CHECK_LINE}"))
    for number, cell in enumerate(cells, start=1):
        cell["id"] = f"cell-{number:02d}"
    notebook = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    nbformat.validate(notebook)
    return nbformat.writes(notebook)


def _intro(rubric: Rubric):
    return v4.new_markdown_cell(
        f"# {rubric.assignment}\n\n"
        "Fill in every function below (keep its name and signature) and use numpy only. Write each "
        f"written answer in the cell under its heading (`{ANSWER_HEADING} 1a` and so on): the grader "
        "finds an answer by that heading, so keep the heading line as it is.")


def _cells(block: Block) -> list:
    if block.kind == "question":
        return [v4.new_markdown_cell(f"{QUESTION_HEADING} {block.text}")]
    if block.kind == "function":
        return [v4.new_code_cell(function_source(block).rstrip("\n"))]
    return [v4.new_markdown_cell(f"{PROMPT_HEADING} {block.text}"),
            v4.new_markdown_cell(f"{ANSWER_HEADING} {block.part}\n\n{PLACEHOLDER}")]
