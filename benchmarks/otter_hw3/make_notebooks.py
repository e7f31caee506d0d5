"""Write the Otter-format HW3 assignment used by benchmarks/compare_otter.py.

Run: .venv/bin/python benchmarks/otter_hw3/make_notebooks.py

Writes two notebooks beside this file (both are committed; rerun after the rubric changes):

- hw3.ipynb         the Otter Assign master notebook (v1 format: raw-cell delimiters), with the
                    same questions as rubrics/hw3.yaml. Every case our rubric grades (explicit and
                    seeded-random inputs, expected values from reference/hw3.py, the item's rtol
                    and atol) becomes one Otter test cell, public where our case is visible and
                    `# HIDDEN` otherwise, so a question's points split over its cases as ours do.
                    The no-loop check of 2.4 is a test that walks the function's AST; the three
                    written parts are manually graded questions.
- submission.ipynb  what a student hands in after filling Otter's student notebook with the same
                    answers as submissions_sample/02_reference_solution.ipynb: the same function
                    definitions, helper, demo cells and written answers, plus Otter's init,
                    check and check-all cells. The sample's `%matplotlib inline` and `!pip list`
                    lines are left out, since our grader skips magics and shell lines too.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SAMPLE = REPO / "submissions_sample" / "02_reference_solution.ipynb"
MASTER = HERE / "hw3.ipynb"
SUBMISSION = HERE / "submission.ipynb"
NOTEBOOK_NAME = "hw3.ipynb"

sys.path.insert(0, str(REPO))

ASSIGNMENT_CONFIG = """\
# ASSIGNMENT CONFIG
name: hw3
init_cell: true
check_all_cell: true
export_cell: false
run_tests: true
generate:
  show_stdout: true
  show_hidden: false
"""

KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}

PROMPTS = {
    "q1a": "**1a.** Why are CNNs the usual choice for image classification?",
    "q1b": "**1b.** When would you prefer an RNN to a CNN?",
    "q2_hidden_states": "**2.1** Write `rnn_hidden_states(x, h0=0.0)`: the hidden states $h_1..h_T$ as a 1-D array.",
    "q2_outputs": "**2.2** Write `rnn_outputs(x, h0=0.0)`: the outputs $y_1..y_T$ as a 1-D array.",
    "q2_final_output": "**2.3** Write `rnn_final_output(x, h0=0.0)`: $y_T$ as a float, from the closed form (no loop over $t$).",
    "q2_closed_form": "**2.4** `rnn_final_output` must use the closed form: no loop, and no call of the other two RNN functions.",
    "q3_norms": "**3.1** Write `token_norms(X)`: the norm of each row (token) of `X`.",
    "q3_softmax": "**3.2** Write `softmax(z)`: softmax along the last axis, stable for large inputs.",
    "q3_weights": "**3.3** Write `attention_weights(X)`: $A = \\mathrm{softmax}_\\text{rows}(XX^\\top)$.",
    "q3_outputs": "**3.4** Write `self_attention(X)`: $Y = AX$.",
    "q3c": "**3c.** How can self-attention copy an input token to the output?",
}

SECTIONS = {
    "q1a": "# Question 1: CNNs and RNNs",
    "q2_hidden_states": (
        "# Question 2: an RNN\n\n"
        "Hidden unit $h_t = x_t - h_{t-1}$ (input weight $+1$, recurrent weight $-1$, no bias); "
        "output unit $y_t = \\sigma(1000\\,h_t)$; $h_0$ is given (default 0)."
    ),
    "q3_norms": (
        "# Question 3: self-attention\n\n"
        "Tokens are the **rows** of `X`; queries, keys and values are `X` itself, scores are the "
        "unscaled dot products $S = XX^\\top$ and each row of $S$ goes through a softmax."
    ),
}


def source(cell: dict) -> str:
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def raw(text: str) -> dict:
    return {"cell_type": "raw", "metadata": {}, "source": text}


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": text}


def read_sample() -> tuple[dict[str, str], list[str], dict[str, str]]:
    """The sample's graded functions (name -> source), its other code cells, its written answers."""
    notebook = json.loads(SAMPLE.read_text(encoding="utf-8"))
    functions: dict[str, str] = {}
    other: list[str] = []
    written: dict[str, str] = {}
    graded = {"rnn_hidden_states", "rnn_outputs", "rnn_final_output", "token_norms", "softmax",
              "attention_weights", "self_attention"}
    for cell in notebook["cells"]:
        text = source(cell)
        if cell["cell_type"] == "markdown":
            first, _, rest = text.partition("\n")
            match = re.fullmatch(r"#+\s*(1a|1b|3c)\s*", first.strip())
            if match:
                written["q" + match.group(1)] = rest.strip()
            continue
        if cell["cell_type"] != "code":
            continue
        lines = [line for line in text.splitlines() if not re.match(r"\s*[%!]", line)]
        text = "\n".join(lines).strip()
        if not text:
            continue
        tree = ast.parse(text)
        if not tree.body:  # only comments left once its shell line is gone
            continue
        defs = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in graded]
        if defs:
            assert len(defs) == len(tree.body), "a cell mixing graded functions with other code"
            for node in defs:
                functions[node.name] = ast.get_source_segment(text, node)
        else:
            other.append(text)
    assert set(functions) == graded and set(written) == {"q1a", "q1b", "q3c"} and len(other) == 4, (
        sorted(functions), sorted(written), len(other))
    return functions, other, written


def with_solution_markers(function_source: str) -> str:
    """The function with its body between # BEGIN SOLUTION / # END SOLUTION (prompt: `...`)."""
    lines = function_source.splitlines()
    header = 1
    while not lines[header - 1].rstrip().endswith(":"):
        header += 1
    indent = re.match(r"\s*", lines[header]).group(0)
    return "\n".join(lines[:header] + [indent + "# BEGIN SOLUTION"] + lines[header:] + [indent + "# END SOLUTION"])


def literal(value) -> str:
    """Python source for plain data, floats written so that they read back exactly."""
    return repr(value)


def case_test(case, expected, tolerance) -> str:
    """One Otter test cell: call the student's function on one input, compare as our grader does."""
    call_args = ", ".join([literal(arg) for arg in case.args] + [f"{k}={literal(v)}" for k, v in case.kwargs.items()])
    want = expected.value.tolist()
    lines = [] if case.visible else ["# HIDDEN"]
    lines += [
        "import numpy as np",
        f"_got = np.asarray({case.name}({call_args}), dtype=float)",
        f"_want = np.asarray({literal(want)}, dtype=float)",
        # the shape policy: exact, or a 1-D/scalar answer given as one row, one column or one element
        "assert _got.shape == _want.shape or (_want.ndim <= 1 and _got.size == _want.size == max(_got.shape, default=1))",
        f"assert np.allclose(_got.reshape(_want.shape), _want, rtol={tolerance.rtol!r}, atol={tolerance.atol!r})",
    ]
    return "\n".join(lines)


def static_test(item) -> str:
    banned = tuple(item.forbid_calls)
    return "\n".join([
        "import ast, inspect",
        "import numpy as np",
        f"_tree = ast.parse(inspect.getsource({item.name}).strip())",
        "assert not any(isinstance(n, (ast.For, ast.AsyncFor, ast.While, ast.comprehension)) for n in ast.walk(_tree))",
        f"assert not any(isinstance(n, ast.Name) and n.id in {banned!r} for n in ast.walk(_tree))",
        # our rubric only awards 2.4 when 2.3 is right: check one value as well
        f"assert np.isclose({item.name}([1, 2, 3, 4]), 1.0)",
    ])


def question_config(item, manual: bool = False) -> str:
    lines = ["# BEGIN QUESTION", f"name: {item.id}", f"points: {item.points:g}"]
    if manual:
        lines.append("manual: true")
    return "\n".join(lines)


def build():
    from autograder.expected import build_plan
    from autograder.rubric import load_rubric

    plan = build_plan(load_rubric())
    rubric = plan.rubric
    functions, other, written = read_sample()
    imports, helper, demo_rnn, demo_attention = other
    by_item: dict[str, list] = {}
    for case, expected in zip(plan.cases, plan.expectations):
        by_item.setdefault(case.item_id, []).append((case, expected))

    master = [
        raw(ASSIGNMENT_CONFIG),
        markdown("# Homework 3: CNNs vs RNNs, a hand-built RNN, self-attention\n\n"
                 "Define every function at the top level of the notebook; numpy only."),
        code(imports),
    ]
    # (item id, kind) in rubric order; each entry: the cells of that question's block
    for item in rubric.items:
        if item.id in SECTIONS:
            master.append(markdown(SECTIONS[item.id]))
        if item.id == "q2_hidden_states":
            master.append(code(helper))
        if item.kind == "written":
            master += [
                raw(question_config(item, manual=True)),
                markdown(PROMPTS[item.id]),
                raw("# BEGIN SOLUTION"),
                markdown(written[item.id]),
                raw("# END SOLUTION"),
                raw("# END QUESTION"),
            ]
        elif item.kind == "function":
            master += [
                raw(question_config(item)),
                markdown(PROMPTS[item.id]),
                raw("# BEGIN SOLUTION"),
                code(with_solution_markers(functions[item.name])),
                raw("# END SOLUTION"),
                raw("# BEGIN TESTS"),
                *[code(case_test(case, expected, item.tolerance)) for case, expected in by_item[item.id]],
                raw("# END TESTS"),
                raw("# END QUESTION"),
            ]
        elif item.kind == "static":
            master += [
                raw(question_config(item)),
                markdown(PROMPTS[item.id]),
                raw("# BEGIN TESTS"),
                code(static_test(item)),
                raw("# END TESTS"),
                raw("# END QUESTION"),
            ]
        else:
            raise ValueError(f"no Otter form for item kind {item.kind!r}")
        if item.id == "q2_closed_form":
            master.append(code(demo_rnn))
        if item.id == "q3_outputs":
            master.append(code(demo_attention))
    return master


def submission_from_master(master: list[dict]) -> list[dict]:
    """The student's notebook: master minus config, delimiters and tests, plus Otter's own cells."""
    cells = [code(f'# Initialize Otter\nimport otter\ngrader = otter.Notebook("{NOTEBOOK_NAME}")')]
    question, in_tests, manual = None, False, False
    for cell in master[1:]:
        text = source(cell)
        if cell["cell_type"] == "raw":
            first = text.splitlines()[0].strip()
            if first == "# BEGIN QUESTION":
                question = re.search(r"^name: (\S+)$", text, re.M).group(1)
                manual = "manual: true" in text
            elif first == "# BEGIN TESTS":
                in_tests = True
            elif first == "# END TESTS":
                in_tests = False
            elif first == "# END QUESTION":
                if not manual:
                    cells.append(code(f'grader.check("{question}")'))
                question = None
            continue
        if in_tests:
            continue
        text = "\n".join(line for line in text.splitlines() if line.strip() not in ("# BEGIN SOLUTION", "# END SOLUTION"))
        cells.append(dict(cell, source=text))
    cells.append(markdown("To double-check your work, the cell below will rerun all of the autograder tests."))
    cells.append(code("grader.check_all()"))
    return cells


def write(path: Path, cells: list[dict], metadata: dict) -> None:
    notebook = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:03d}"
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    master = build()
    write(MASTER, master, KERNEL_METADATA)
    # a student's notebook keeps the assignment name Otter Assign put in the student version;
    # `otter run` refuses a notebook without it (public tests, also kept there, are not needed
    # for grading: the autograder zip brings every test)
    write(SUBMISSION, submission_from_master(master),
          {**KERNEL_METADATA, "otter": {"assignment_name": "hw3"}})
    print(f"wrote {MASTER.relative_to(REPO)} ({len(master)} cells) and {SUBMISSION.relative_to(REPO)}")


if __name__ == "__main__":
    main()
