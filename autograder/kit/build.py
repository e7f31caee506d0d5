"""`autograder student-kit --out DIR`: the starter notebook and .py, the checker and its visible
cases, and a README, written the same way, byte for byte, on every build.

Only the visible plan reaches the data file; the reference is read for signatures only.
"""
from __future__ import annotations

import json
from pathlib import Path
from string import Template
from typing import Optional

from autograder.cli import UsageError
from autograder.expected import GradingPlan, build_plan
from autograder.kit import checker
from autograder.kit.data import kit_data
from autograder.kit.starter import NOTEBOOK_NAME, SOURCE_NAME, CHECK_LINE, notebook_text, python_source
from autograder.kit.visible import visible_plan
from autograder.rubric import RubricError, load_rubric

README_TEMPLATE = Path(__file__).with_name("templates") / "README.md"


def cmd_student_kit(args) -> int:
    """Write the kit into `args.out` and list what was written."""
    files = kit_files(_plan(args.rubric))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"{len(text.encode('utf-8')):>8}  {args.out / name}")
    print(f"Student kit written to {args.out}/ ({len(files)} files).")
    return 0


def _plan(rubric_path: Optional[Path]) -> GradingPlan:
    try:
        return build_plan(load_rubric(rubric_path))
    except (RubricError, ValueError) as exc:  # ValueError: the reference fails on a rubric case
        raise UsageError(str(exc)) from None


def kit_files(plan: GradingPlan) -> dict[str, str]:
    """File name -> text of every file in the kit."""
    rubric = plan.rubric
    data = kit_data(visible_plan(plan))
    readme = Template(README_TEMPLATE.read_text(encoding="utf-8")).substitute(
        assignment=rubric.assignment, notebook=NOTEBOOK_NAME, source=SOURCE_NAME, check_line=CHECK_LINE)
    return {
        "README.md": readme,
        NOTEBOOK_NAME: notebook_text(rubric),
        SOURCE_NAME: python_source(rubric),
        "check.py": Path(checker.__file__).read_text(encoding="utf-8"),
        checker.DATA_FILE: json.dumps(data, indent=1, ensure_ascii=False) + "\n",
    }
