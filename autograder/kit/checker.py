"""Check your HW3 answers against the visible cases before you submit.

In a notebook cell (save the notebook first):   import check; check.run("hw3.ipynb")
In a terminal:                                  python check.py hw3.ipynb    (or hw3.py)

Your file runs in a separate Python process, so an endless loop or a crash cannot stop your
notebook's kernel, and each call has a time limit. Only the visible cases are here: the
hidden cases and the written answers are graded after you submit. Needs numpy only.

The kit carries this file as check.py, beside visible_cases.json; it imports nothing from the
autograder, and `autograder check` prints its report with the same `render`.
"""
from __future__ import annotations

import ast
import io
import json
import os
import queue
import re
import subprocess
import sys
import threading
import traceback
import types
from pathlib import Path
from typing import Any, NamedTuple, Optional

DATA_FILE = "visible_cases.json"
CHILD_FLAG = "HW3_CHECK_CHILD"
MARK = "@@hw3-check@@ "
MAX_OUTPUT = 1500
MAX_TRACEBACK = 1500
LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
FOOTER = ("Only the visible cases ran. The hidden cases and the written answers are graded after "
          "you submit, so this is not your score.")


class Row(NamedTuple):
    """One line of the report and the details printed below the table."""

    ok: Optional[bool]
    """True ✓, False ✗, None: nothing to check before submitting."""
    number: str
    """The item's number, e.g. '2.3'."""
    title: str
    """The item's title."""
    summary: str
    """One short sentence."""
    details: tuple = ()
    """Lines that explain a ✗ (expected, got, why)."""


# ---- entry points ----------------------------------------------------------------------------

def run(path: str = "hw3.ipynb") -> None:
    """Check the saved file at `path` and print the report; does nothing inside a check."""
    if not os.environ.get(CHILD_FLAG):
        _print(check(path)[0])


def main(argv: list) -> int:
    """`python check.py FILE`: exit 0 when every visible check passes, 1 otherwise."""
    if argv == ["--child"]:
        _child()
        return 0
    if os.environ.get(CHILD_FLAG):
        return 0
    if len(argv) != 1:
        print("usage: python check.py hw3.ipynb   (or your .py file)")
        return 2
    text, ok = check(argv[0])
    _print(text)
    return 0 if ok else 1


def check(path: str) -> tuple:
    """(the report, whether every visible check passed) for the file at `path`."""
    data = json.loads(Path(__file__).with_name(DATA_FILE).read_text(encoding="utf-8"))
    path = Path(path)
    if not path.is_file():
        return f"{path}: no such file (is the name right, and is the notebook saved?)", False
    try:
        cells, markdown = read_program(path, data["patterns"])
    except (OSError, ValueError) as exc:
        return f"{path} could not be read: {exc}", False
    loaded, results = run_program(path, cells, data)
    rows = _rows(data, cells, markdown, loaded, results)
    return render(heading(path.name, data["assignment"]), rows, _load_notes(loaded)), passes(rows)


def heading(filename: str, assignment: str) -> str:
    """The report's first line."""
    return f"Checking {filename} against the visible cases of {assignment}"


def passes(rows: list) -> bool:
    """No ✗ in the report."""
    return all(row.ok is not False for row in rows)


# ---- reading the file, as the grader does -------------------------------------------------

def read_program(path: Path, patterns: dict) -> tuple:
    """([label, code] per code cell, markdown documents); magics and shell lines become `pass`."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() != ".ipynb":
        return [[path.name, text]], []
    cells, documents, run_of_markdown = [], [], []
    for number, cell in enumerate(json.loads(text).get("cells", []), start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown":
            run_of_markdown.append(source)
            continue
        if run_of_markdown:
            documents.append("\n\n".join(run_of_markdown))
            run_of_markdown = []
        if cell.get("cell_type") == "code" and not re.match(patterns["cell_magic"], source):
            cells.append([f"cell {number}", _without_magics(source, patterns["magic_line"])])
    if run_of_markdown:
        documents.append("\n\n".join(run_of_markdown))
    return cells, documents


def _without_magics(source: str, magic_line: str) -> str:
    lines = []
    for line in source.splitlines():
        if re.match(magic_line, line) and not _compiles(line.strip()):
            line = line[: len(line) - len(line.lstrip())] + "pass"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _compiles(line: str) -> bool:
    try:
        compile(line, "<line>", "exec")
        return True
    except SyntaxError:
        return False


# ---- running it in a separate process -------------------------------------------------------

def run_program(path: Path, cells: list, data: dict) -> tuple:
    """(what loading reported, call index -> result). After a timeout or a crash a new process
    takes over the remaining calls, skipping the other cases of the function that stopped."""
    calls = [[index, item["name"], case["args"], case["kwargs"]]
             for index, (item, case) in enumerate(_cases(data))]
    job = {"cells": cells, "module": "__main__" if path.suffix.lower() == ".ipynb" else "submission",
           "names": sorted({item["name"] for item in data["items"] if item["kind"] != "written"}),
           "strings": [item["name"] for item in data["items"] if item["kind"] == "written"]}
    loaded, results, remaining = None, {}, calls
    while loaded is None or remaining:
        child = _Child(path, {**job, "calls": remaining})
        try:
            event = child.next(data["limits"]["load_seconds"])
            if event is None:
                reason = child.why_stopped("while your file was running")
                results.update({call[0]: {"error": f"not run: {reason}"} for call in remaining})
                return loaded or {"failed": reason}, results
            loaded = loaded or event
            remaining = _serve(child, remaining, results, data["limits"]["call_seconds"])
        finally:
            child.close()
    return loaded, results


def _cases(data: dict) -> list:
    return [(item, case) for item in data["items"] if item["kind"] == "function" for case in item["cases"]]


def _serve(child: "_Child", calls: list, results: dict, seconds: float) -> list:
    """Collect results in order; the calls still to make after the child stopped, if it did."""
    for position, (index, name, _, _) in enumerate(calls):
        event = child.next(seconds)
        if event is not None:
            results[index] = event
            continue
        results[index] = {"error": child.why_stopped(f"in `{name}`")}
        later = calls[position + 1:]
        for other in later:
            if other[1] == name:
                results[other[0]] = {"error": f"not run: an earlier case of `{name}` stopped the check"}
        return [call for call in later if call[1] != name]
    return []


class _Child:
    """A `python check.py --child` process; its events arrive through a reader thread."""

    def __init__(self, path: Path, job: dict):
        self.timed_out = False
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child"], cwd=str(path.resolve().parent),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, CHILD_FLAG: "1"}, text=True, encoding="utf-8", errors="replace")
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.process.stdin.write(json.dumps(job))
            self.process.stdin.close()
        except OSError:
            pass

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.startswith(MARK):
                self.events.put(json.loads(line[len(MARK):]))
        self.events.put(None)

    def next(self, seconds: float) -> Optional[dict]:
        """The next event, or None when the process ended or took longer than `seconds`."""
        try:
            return self.events.get(timeout=seconds)
        except queue.Empty:
            self.timed_out = True
            return None

    def why_stopped(self, where: str) -> str:
        if self.timed_out:
            return f"ran out of time {where} (an endless loop?)"
        try:
            return f"the process stopped {where} (exit code {self.process.wait(timeout=2)})"
        except subprocess.TimeoutExpired:  # it closed its output but kept running
            return f"the process stopped answering {where}"

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


# ---- the child side --------------------------------------------------------------------------

def _child() -> None:
    """Run the cells in one namespace, call each function on its inputs, print one event per line."""
    job = json.loads(sys.stdin.read())
    events, captured = sys.stdout, io.StringIO()
    sys.stdout = sys.stderr = captured
    sys.stdin = io.StringIO()
    sys.path.insert(0, os.getcwd())
    module = types.ModuleType(job["module"])
    sys.modules[job["module"]] = module
    namespace = module.__dict__
    cells = [_run_cell(label, source, namespace) for label, source in job["cells"]]
    strings = {name: str(namespace[name]) for name in job["strings"] if isinstance(namespace.get(name), str)}
    defined = [name for name in job["names"] if callable(namespace.get(name))]
    _send(events, {"cells": cells, "defined": defined, "strings": strings, "output": captured.getvalue()[:MAX_OUTPUT]})
    for _, name, args, kwargs in job["calls"]:
        _send(events, _call(namespace.get(name), args, kwargs))


def _send(stream, event: dict) -> None:
    stream.write(MARK + json.dumps(event) + "\n")
    stream.flush()


def _run_cell(label: str, source: str, namespace: dict) -> dict:
    try:
        exec(compile(source, label, "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001 - SystemExit too: report it, keep going
        return {"label": label, "error": _last_line(exc), "traceback": _traceback(exc)}
    return {"label": label}


def _call(function: Any, args: list, kwargs: dict) -> dict:
    import numpy as np

    if not callable(function):
        return {"error": "not defined as a function"}
    try:
        value = function(*[np.array(arg) if isinstance(arg, list) else arg for arg in args], **kwargs)
    except BaseException as exc:  # noqa: BLE001
        return {"error": f"raised {_last_line(exc)}", "detail": _traceback(exc)}
    if value is None or isinstance(value, str):
        return {"value": value}
    try:
        array = np.asarray(value)
        if array.dtype.kind == "c":
            return {"error": "returned complex numbers; the answer is real"}
        return {"value": np.asarray(array, dtype=float).tolist()}
    except Exception as exc:  # noqa: BLE001 - ragged lists, objects that are not numbers
        return {"error": f"returned something that is not numbers ({_last_line(exc)})"}


def _last_line(exc: BaseException) -> str:
    lines = traceback.format_exception_only(type(exc), exc)
    return "".join(lines).strip().splitlines()[-1][:300] if lines else type(exc).__name__


def _traceback(exc: BaseException) -> str:
    """The student's frames only: this file's own frames are left out."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))[-MAX_TRACEBACK:]


# ---- judging, parent side ---------------------------------------------------------------------

def compare(got: Any, expected: Any, rtol: float, atol: float) -> str:
    """Why `got` does not match `expected` (empty when it does), with the grader's shape policy:
    a 1-D answer may come as one row or one column, a scalar as any one-element array."""
    import numpy as np

    if got is None:
        return "your function returned None (is a `return` missing?)"
    if isinstance(got, str):
        return "your function returned text, not numbers"
    answer, want = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if answer.size == want.size and (want.ndim == 0 or (want.ndim == 1 and answer.ndim == 2 and 1 in answer.shape)):
        answer = answer.reshape(want.shape)
    if answer.shape != want.shape:
        return f"expected an answer of shape {_shape(want.shape)}, got shape {_shape(answer.shape)}"
    if np.isnan(answer).any() and not np.isnan(want).any():
        return "your answer contains NaN where a number was expected (an overflow?)"
    if np.isinf(answer).any() and not np.isinf(want).any():
        return "your answer contains an infinity where a finite number was expected (an overflow?)"
    close = np.isclose(answer, want, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return ""
    with np.errstate(all="ignore"):
        gap = np.nan_to_num(np.abs(answer - want), nan=np.inf)
    return f"{int((~close).sum())} of {close.size} value(s) are off; the largest difference is {float(gap.max()):.3g}"


def _shape(shape: tuple) -> str:
    return "scalar" if shape == () else "×".join(str(n) for n in shape)


def _rows(data: dict, cells: list, markdown: list, loaded: dict, results: dict) -> list:
    rows: dict = {}
    numbered = iter(range(len(_cases(data))))
    for item in data["items"]:
        if item["kind"] == "function":
            rows[item["id"]] = _function_row(item, loaded, [results.get(next(numbered)) for _ in item["cases"]])
        elif item["kind"] == "written":
            rows[item["id"]] = _written_row(item, data, loaded, markdown)
    for item in data["items"]:
        if item["kind"] == "static":
            rows[item["id"]] = _static_row(item, cells, rows.get(item["requires"]))
    return [rows[item["id"]] for item in data["items"]]


def _function_row(item: dict, loaded: dict, outcomes: list) -> Row:
    if loaded.get("failed"):
        return Row(False, item["number"], item["title"], f"not checked: {loaded['failed']}")
    if item["name"] not in loaded["defined"]:
        return Row(False, item["number"], item["title"], f"`{item['name']}` is not defined in your file")
    details, passed = [], 0
    for case, outcome in zip(item["cases"], outcomes):
        outcome = outcome or {"error": "not run"}
        reason = outcome["error"] if "error" in outcome else compare(outcome["value"], case["expected"],
                                                                      item["rtol"], item["atol"])
        if not reason:
            passed += 1
            continue
        details += [f"{item['name']}({_arguments(case)})", f"  expected: {_show(case['expected'])}"]
        details += [f"  got:      {_show(outcome['value'])}"] if "value" in outcome else []
        details += [f"  {reason}"] + [f"  {line}" for line in outcome.get("detail", "").strip().splitlines()[-6:]]
    total = len(item["cases"])
    return Row(passed == total, item["number"], item["title"], f"{passed} of {total} visible cases pass",
               tuple(details))


def _arguments(case: dict) -> str:
    return ", ".join([_show(arg) for arg in case["args"]] + [f"{k}={_show(v)}" for k, v in case["kwargs"].items()])


def _show(value: Any) -> str:
    text = json.dumps(value).replace("null", "None").replace("Infinity", "inf").replace("NaN", "nan")
    text = re.sub(r"-?\d+\.\d{7,}(e[-+]?\d+)?", lambda m: f"{float(m.group()):.6g}", text)
    return text if len(text) <= 300 else text[:300] + " …"


def _written_row(item: dict, data: dict, loaded: dict, markdown: list) -> Row:
    patterns = data["patterns"]
    answer = (loaded.get("strings") or {}).get(item["name"])
    if not _real(answer, patterns):
        parts = [other["pattern"] for other in data["items"] if other["kind"] == "written"]
        answer = _markdown_answer(markdown, item["pattern"], parts, patterns)
    head = item["number"], item["title"]
    if not _real(answer, patterns):
        return Row(False, *head, f"no answer yet: write it under a markdown heading naming {item['part']} "
                                 f"or in {item['name']}")
    words = len(re.findall(r"\w+", answer))
    if words < item["min_words"]:
        return Row(False, *head, f"answer found but short ({words} words; a full answer has at least "
                                 f"{item['min_words']})")
    return Row(True, *head, f"answer found ({words} words); it is graded after you submit")


def _real(text: Optional[str], patterns: dict) -> bool:
    return bool(text) and bool(re.search(r"[A-Za-z]{2}", re.sub(patterns["placeholders"], "", text)))


def _markdown_answer(documents: list, part: str, parts: list, patterns: dict) -> Optional[str]:
    """The text under the heading naming `part`, up to a heading of the same or a higher level or
    one naming another part; the first real answer wins."""
    for document in documents:
        body, level = None, 0
        for line in document.splitlines() + ["# end"]:
            heading = re.match(patterns["heading"], line)
            if heading and body is not None and (len(heading.group(1)) <= level
                                                 or any(re.match(p, heading.group(2)) for p in parts)):
                if _real("\n".join(body), patterns):
                    return "\n".join(body).strip()
                body = None
            if heading and body is None and re.match(part, heading.group(2)):
                body, level = [re.sub(part, "", heading.group(2), count=1).strip(" :.)-")], len(heading.group(1))
            elif body is not None:
                body.append(line)
    return None


def _static_row(item: dict, cells: list, required: Optional[Row]) -> Row:
    head = item["number"], item["title"]
    if required is not None and not required.ok:
        return Row(False, *head, f"earns its points once item {required.number} passes every case")
    problem = _static_problem(cells, item)
    if problem:
        return Row(False, *head, problem)
    return Row(True, *head, f"no loop or forbidden call found in `{item['name']}`")


def _static_problem(cells: list, item: dict) -> str:
    """A loop or a forbidden call in the function's own body (helpers it calls are not followed)."""
    definition = None
    for _, source in cells:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        definition = next((node for node in tree.body if isinstance(node, ast.FunctionDef)
                           and node.name == item["name"]), definition)
    if definition is None:
        return f"`{item['name']}` is not defined in your file"
    looping = {"map", "filter", "reduce", "accumulate", item["name"]} if item["forbid_loops"] else set()
    for node in ast.walk(definition):
        if item["forbid_loops"] and isinstance(node, LOOPS):
            return f"`{item['name']}` has a loop (line {node.lineno} of its cell)"
        func = node.func if isinstance(node, ast.Call) else None
        called = getattr(func, "id", None) or getattr(func, "attr", None)
        if called in looping or called in item["forbid_calls"]:
            return f"`{item['name']}` calls `{called}` (line {node.lineno} of its cell)"
    return ""


def _load_notes(loaded: dict) -> list:
    notes = [f"Your file could not run: {loaded['failed']}"] if loaded.get("failed") else []
    for cell in loaded.get("cells", []):
        if cell.get("error"):
            notes.append(f"{cell['label']} raised {cell['error']}\n{cell['traceback'].strip()}")
    if loaded.get("output", "").strip():
        notes.append(f"Your code printed:\n{loaded['output'].rstrip()}")
    return notes


# ---- the report ------------------------------------------------------------------------------

def render(title: str, rows: list, notes: list = ()) -> str:
    """The ✓/✗ table, the details of every ✗, and what is left for after submitting."""
    marks = {True: "✓", False: "✗", None: "·"}
    table = [[marks[row.ok], row.number, row.title, row.summary] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(3)] if table else []
    lines = [title, ""] + list(notes) + ([""] if notes else [])
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths + [0])).rstrip() for line in table]
    for row in rows:
        if row.details:
            lines += ["", f"{marks[row.ok]} {row.number} {row.title}"] + [f"    {line}" for line in row.details]
    passed = sum(row.ok is True for row in rows)
    checked = sum(row.ok is not None for row in rows)
    lines += ["", f"{passed} of {checked} checks pass. {FOOTER}"]
    return "\n".join(lines)


def _print(text: str) -> None:
    """Print, replacing the marks where the terminal cannot show them."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "✓✗·".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.replace("✓", "ok").replace("✗", "X").replace("·", "-")
    print(text.encode(encoding, "replace").decode(encoding, "replace"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
