"""Our grader side by side with Otter-Grader, measured in one run on this machine.

Run: make bench            (or: .venv/bin/python benchmarks/compare_otter.py [--runs N])

Steps, each cached under build/bench/:
1. a virtual environment build/bench/otter-venv with otter-grader installed from the package
   index (same Python as ours; skipped when already installed; capped at OTTER_INSTALL_TIMEOUT
   seconds, 600 by default). If it cannot be installed, Otter's column is left empty and the
   table says why.
2. a virtual environment build/bench/ours-venv with only our runtime install (`pip install .`,
   not editable, no extras), as Gradescope gets it; rebuilt when autograder/ or pyproject.toml
   changes.
3. `otter assign` on our Otter-format HW3 master notebook (benchmarks/otter_hw3/hw3.ipynb),
   once per notebook and Otter version, giving the autograder zip.
4. the measurements:
   a. one notebook, cold start: the whole process, median of --runs fresh runs (after one
      discarded run that warms the file cache), ours and Otter's interleaved:
        ours:  .venv/bin/autograder grade submissions_sample/02_reference_solution.ipynb --out F --quiet
               (and the same from build/bench/ours-venv, with --rubric rubrics/hw3.yaml)
        Otter: otter run -a autograder.zip -o DIR benchmarks/otter_hw3/submission.ipynb
   b. batch throughput: ours from benchmarks/batch_throughput.py --json (200 generated
      submissions, --jobs 2); Otter: `otter run` on N copies of the notebook one after another,
      and N more two at a time, extrapolated to submissions per second.
   c. peak memory of one notebook's grading, in separate runs (sampling would disturb the
      timings): the largest single process (ru_maxrss from wait4, which covers the process
      and every descendant it reaped), and the whole process tree (sum of the tree's PSS,
      sampled from /proc every 10 ms; shared pages counted once).
   d. installed footprint: packages listed by `pip list` in each venv, MB on disk of each
      venv's site-packages (ours-venv against otter-venv; our development .venv too).
Prints one table (ours, Otter, ratio, our target) and writes the same figures to
build/bench/results.json. It reports; it asserts nothing about timings.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "build" / "bench"
OURS_VENV = Path(sys.prefix)
OURS_SAMPLE = REPO / "submissions_sample" / "02_reference_solution.ipynb"
OTTER_DIR = Path(__file__).resolve().parent / "otter_hw3"
OTTER_MASTER = OTTER_DIR / "hw3.ipynb"
OTTER_SUBMISSION = OTTER_DIR / "submission.ipynb"
OTTER_VENV = BENCH / "otter-venv"
CLEAN_VENV = BENCH / "ours-venv"
OTTER_ASSIGN_OUT = BENCH / "otter-assign"
OTTER_SPEC = os.environ.get("OTTER_SPEC", "otter-grader[grading]==7.0.0")
INSTALL_TIMEOUT = float(os.environ.get("OTTER_INSTALL_TIMEOUT", "600"))
BATCH_SCRIPT = REPO / "benchmarks" / "batch_throughput.py"
TARGETS = {"single_seconds": 0.2, "per_second": 100.0, "peak_rss_mb": 150.0}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- set-up


def venv_bin(venv: Path, name: str) -> Path:
    return venv / "bin" / name


def install_otter() -> tuple[bool, str]:
    """(ready, note). Creates the venv and installs OTTER_SPEC unless already done."""
    marker = OTTER_VENV / ".bench-installed"
    if marker.is_file() and marker.read_text().strip() == OTTER_SPEC and venv_bin(OTTER_VENV, "otter").exists():
        return True, f"{OTTER_SPEC} (cached venv)"
    BENCH.mkdir(parents=True, exist_ok=True)
    if OTTER_VENV.exists():
        shutil.rmtree(OTTER_VENV)
    base_python = getattr(sys, "_base_executable", None) or sys.executable
    logfile = BENCH / "otter-install.log"
    log(f"installing {OTTER_SPEC} into {OTTER_VENV.relative_to(REPO)} (log: {logfile.relative_to(REPO)}, "
        f"cap {INSTALL_TIMEOUT:.0f} s)")
    started = time.monotonic()
    try:
        with logfile.open("w") as out:
            subprocess.run([base_python, "-m", "venv", str(OTTER_VENV)], check=True, stdout=out, stderr=out)
            left = INSTALL_TIMEOUT - (time.monotonic() - started)
            subprocess.run(
                [str(venv_bin(OTTER_VENV, "python")), "-m", "pip", "install", "--disable-pip-version-check",
                 "--no-input", OTTER_SPEC],
                check=True, stdout=out, stderr=out, timeout=max(left, 1.0))
    except subprocess.TimeoutExpired:
        return False, f"installing {OTTER_SPEC} took over {INSTALL_TIMEOUT:.0f} s; see {logfile.relative_to(REPO)}"
    except (subprocess.CalledProcessError, OSError) as exc:
        return False, f"could not install {OTTER_SPEC} ({exc}); see {logfile.relative_to(REPO)}"
    if not venv_bin(OTTER_VENV, "otter").exists():
        return False, f"{OTTER_SPEC} installed no `otter` command; see {logfile.relative_to(REPO)}"
    marker.write_text(OTTER_SPEC + "\n")
    return True, f"{OTTER_SPEC} (installed in {time.monotonic() - started:.0f} s)"


def install_ours_clean() -> tuple[bool, str]:
    """A venv with only our runtime install (`pip install .`, not editable, no extras), as on
    Gradescope: what our footprint is compared on, and a second cold-start figure."""
    key = hashlib.sha256((REPO / "pyproject.toml").read_bytes()).hexdigest()
    for path in sorted((REPO / "autograder").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            key = hashlib.sha256(key.encode() + path.read_bytes()).hexdigest()
    marker = CLEAN_VENV / ".bench-installed"
    if marker.is_file() and marker.read_text().strip() == key:
        return True, "cached"
    if CLEAN_VENV.exists():
        shutil.rmtree(CLEAN_VENV)
    base_python = getattr(sys, "_base_executable", None) or sys.executable
    logfile = BENCH / "ours-install.log"
    log(f"installing our package (not editable) into {CLEAN_VENV.relative_to(REPO)}")
    source = Path(tempfile.mkdtemp(prefix="hw3-src-"))
    try:
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(REPO / name, source / name)
        shutil.copytree(REPO / "autograder", source / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
        with logfile.open("w") as out:
            subprocess.run([base_python, "-m", "venv", str(CLEAN_VENV)], check=True, stdout=out, stderr=out)
            subprocess.run([str(venv_bin(CLEAN_VENV, "python")), "-m", "pip", "install", "--disable-pip-version-check",
                            "--no-input", str(source)], check=True, stdout=out, stderr=out, timeout=INSTALL_TIMEOUT)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        return False, f"could not install our package into a clean venv ({exc}); see {logfile.relative_to(REPO)}"
    finally:
        shutil.rmtree(source, ignore_errors=True)
    marker.write_text(key + "\n")
    return True, "installed"


def otter_autograder_zip() -> tuple[Optional[Path], str]:
    """Run `otter assign` on the master notebook once per (notebook, Otter spec); the zip's path."""
    key = hashlib.sha256(OTTER_MASTER.read_bytes() + OTTER_SPEC.encode()).hexdigest()
    stamp = OTTER_ASSIGN_OUT / ".bench-key"
    zips = sorted((OTTER_ASSIGN_OUT / "autograder").glob("*.zip"))
    if stamp.is_file() and stamp.read_text().strip() == key and len(zips) == 1:
        return zips[0], "cached"
    if OTTER_ASSIGN_OUT.exists():
        shutil.rmtree(OTTER_ASSIGN_OUT)
    logfile = BENCH / "otter-assign.log"
    log(f"otter assign {OTTER_MASTER.relative_to(REPO)} -> {OTTER_ASSIGN_OUT.relative_to(REPO)}")
    with logfile.open("w") as out:
        done = subprocess.run([str(venv_bin(OTTER_VENV, "otter")), "assign", str(OTTER_MASTER), str(OTTER_ASSIGN_OUT)],
                              stdout=out, stderr=out, cwd=BENCH, timeout=600)
    zips = sorted((OTTER_ASSIGN_OUT / "autograder").glob("*.zip"))
    if done.returncode != 0 or len(zips) != 1:
        return None, f"otter assign failed (exit {done.returncode}); see {logfile.relative_to(REPO)}"
    stamp.write_text(key + "\n")
    return zips[0], "built"


# ---------------------------------------------------------------- commands


def ours_command(out_dir: Path, notebook: Path = OURS_SAMPLE, venv: Path = OURS_VENV) -> list[str]:
    command = [str(venv_bin(venv, "autograder")), "grade", str(notebook), "--out", str(out_dir / "results.json"), "--quiet"]
    if venv != OURS_VENV:  # installed, not editable: the rubric (and the reference it names) stay in the checkout
        command += ["--rubric", str(REPO / "rubrics" / "hw3.yaml")]
    return command


def otter_command(zip_path: Path, out_dir: Path, notebook: Path = OTTER_SUBMISSION) -> list[str]:
    return [str(venv_bin(OTTER_VENV, "otter")), "run", "-a", str(zip_path), "-o", str(out_dir), "--no-logo", str(notebook)]


def run_timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of one whole process; raises with its stderr tail if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"{Path(command[0]).name} exited {done.returncode}: {' | '.join(tail)}")
    return elapsed


# ---------------------------------------------------------------- memory


def _children_map() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure_memory(command: list[str], cwd: Path) -> dict:
    """Peak memory of one run: ru_maxrss (largest process) and the tree's summed PSS (sampled)."""
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peak_tree_kb, peak_processes = 0, 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree_kb, peak_processes
        while not stop.is_set():
            tree = _children_map()
            pids, todo = [], [process.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(tree.get(pid, ()))
            total = sum(_pss_kb(pid) for pid in pids)
            if total > peak_tree_kb:
                peak_tree_kb, peak_processes = total, len(pids)
            stop.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    sampler.join()
    return {"max_rss_mb": usage.ru_maxrss / 1024, "tree_pss_mb": peak_tree_kb / 1024,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "tree_processes": peak_processes, "exit": process.returncode}


# ---------------------------------------------------------------- footprint


def footprint(venv: Path) -> dict:
    listed = subprocess.run([str(venv_bin(venv, "python")), "-m", "pip", "list", "--format=json",
                             "--disable-pip-version-check"], capture_output=True, text=True)
    packages = len(json.loads(listed.stdout)) if listed.returncode == 0 else None
    site = sorted(venv.glob("lib/python*/site-packages"))
    seen, blocks = set(), 0
    for folder in site:
        for root, _, files in os.walk(folder):
            for name in files:
                try:
                    st = os.lstat(os.path.join(root, name))
                except OSError:
                    continue
                if (st.st_dev, st.st_ino) not in seen:
                    seen.add((st.st_dev, st.st_ino))
                    blocks += st.st_blocks
    return {"packages": packages, "site_packages_mb": blocks * 512 / 1e6}


# ---------------------------------------------------------------- measurements


def otter_batch(zip_path: Path, count: int, workers: int, scratch: Path) -> dict:
    folder = scratch / f"otter-batch-{workers}"
    folder.mkdir()
    notebooks = []
    for index in range(count):
        path = folder / f"submission_{index:03d}.ipynb"
        shutil.copyfile(OTTER_SUBMISSION, path)
        notebooks.append(path)

    def one(path: Path) -> float:
        out = folder / (path.stem + "-out")
        out.mkdir()
        return run_timed(otter_command(zip_path, out, path), folder)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, notebooks))
    seconds = time.perf_counter() - started
    return {"submissions": count, "jobs": workers, "seconds": seconds, "per_second": count / seconds}


def ours_batch() -> dict:
    if not BATCH_SCRIPT.is_file():
        return {"error": f"{BATCH_SCRIPT.relative_to(REPO)} does not exist yet"}
    try:
        done = subprocess.run([sys.executable, str(BATCH_SCRIPT), "--json"], cwd=REPO, capture_output=True,
                              text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return {"error": f"{BATCH_SCRIPT.name} --json ran over 900 s"}
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-2:])
        return {"error": f"{BATCH_SCRIPT.name} --json exited {done.returncode}: {tail}"}
    try:
        figures = json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"error": f"{BATCH_SCRIPT.name} --json did not print one JSON object"}
    missing = {"submissions", "jobs", "seconds", "per_second", "peak_rss_mb"} - set(figures)
    if missing:
        return {"error": f"{BATCH_SCRIPT.name} --json lacks {', '.join(sorted(missing))}"}
    return figures


def manual_points() -> float:
    """Points of the master notebook's manually graded questions (Otter reports them as 0/0)."""
    notebook = json.loads(OTTER_MASTER.read_text(encoding="utf-8"))
    total = 0.0
    for cell in notebook["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "raw" and text.startswith("# BEGIN QUESTION") and "manual: true" in text:
            total += float(text.split("points:")[1].split()[0])
    return total


def score_of(results_file: Path) -> Optional[str]:
    try:
        results = json.loads(results_file.read_text())
    except (OSError, json.JSONDecodeError):
        return None
    tests = results.get("tests", [])
    got = sum(t.get("score") or 0 for t in tests)
    out_of = sum(t.get("max_score") or 0 for t in tests)
    return f"{got:g}/{out_of:g}"


def measure(args) -> dict:
    figures: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_before": os.getloadavg()[0]},
        "runs": args.runs,
        "targets": TARGETS,
        "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
    }
    clean_ready, clean_note = install_ours_clean()
    figures["ours_clean"] = {"available": clean_ready, "setup": clean_note}
    otter_ready, otter_note = (False, "skipped (--no-otter)") if args.no_otter else install_otter()
    zip_path = None
    if otter_ready:
        zip_path, assign_note = otter_autograder_zip()
        if zip_path is None:
            otter_ready, otter_note = False, assign_note
    figures["otter"] = {"available": otter_ready, "setup": otter_note, "spec": OTTER_SPEC,
                        "autograder_zip": str(zip_path.relative_to(REPO)) if zip_path else None,
                        "manual_points": manual_points()}

    scratch = Path(tempfile.mkdtemp(prefix="hw3-bench-"))
    try:
        # a. one notebook, cold start (interleaved, so a burst of load hits both tools alike)
        log(f"single notebook: 1 discarded + {args.runs} timed runs of each")
        ours_times, otter_times, clean_times = [], [], []
        for index in range(args.runs + 1):
            out = scratch / f"ours-{index}"
            out.mkdir()
            elapsed = run_timed(ours_command(out), REPO)
            if index:
                ours_times.append(elapsed)
            if clean_ready:
                out = scratch / f"clean-{index}"
                out.mkdir()
                try:
                    elapsed = run_timed(ours_command(out, venv=CLEAN_VENV), REPO)
                except RuntimeError as exc:
                    log(f"ours-venv: {exc}")
                    clean_ready = False
                    figures["ours_clean"].update(available=False, setup=str(exc))
                    continue
                if index:
                    clean_times.append(elapsed)
            if otter_ready:
                out = scratch / f"otter-{index}"
                out.mkdir()
                try:
                    elapsed = run_timed(otter_command(zip_path, out), REPO)
                except RuntimeError as exc:
                    otter_ready = otter_failed(figures, f"`otter run` failed: {exc}")
                    continue
                if index:
                    otter_times.append(elapsed)
        figures["single"] = {
            "ours": {"median_s": statistics.median(ours_times), "runs_s": ours_times,
                     "score": score_of(scratch / "ours-0" / "results.json")},
            "ours_clean": {"median_s": statistics.median(clean_times), "runs_s": clean_times,
                           "score": score_of(scratch / "clean-0" / "results.json")} if clean_ready else None,
            "otter": {"median_s": statistics.median(otter_times), "runs_s": otter_times,
                      "score": score_of(scratch / "otter-0" / "results.json")} if otter_ready else None,
        }

        # c. peak memory (own runs: the sampler costs CPU)
        log("peak memory: one sampled run of each")
        out = scratch / "ours-mem"
        out.mkdir()
        memory = {"ours": measure_memory(ours_command(out), REPO)}
        if otter_ready:
            out = scratch / "otter-mem"
            out.mkdir()
            memory["otter"] = measure_memory(otter_command(zip_path, out), REPO)
            if memory["otter"]["exit"] != 0:
                otter_ready = otter_failed(figures, f"`otter run` exited {memory['otter']['exit']} in the memory run")
        figures["memory"] = memory

        # b. batch throughput
        log("batch: ours via benchmarks/batch_throughput.py --json")
        batch = {"ours": ours_batch()}
        if otter_ready:
            log(f"batch: otter run on {args.otter_batch} notebooks, one at a time, then two at a time")
            try:
                batch["otter"] = otter_batch(zip_path, args.otter_batch, 1, scratch)
                batch["otter_2"] = otter_batch(zip_path, args.otter_batch, 2, scratch)
            except RuntimeError as exc:
                otter_ready = otter_failed(figures, f"`otter run` failed in the batch: {exc}")
        figures["batch"] = batch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    figures["machine"]["load_after"] = os.getloadavg()[0]

    # d. footprint
    figures["footprint"] = {"ours": footprint(CLEAN_VENV) if clean_ready else None, "ours_dev": footprint(OURS_VENV),
                            "otter": footprint(OTTER_VENV) if otter_ready else None}
    if not otter_ready:  # whatever Otter measured before it failed is left out
        figures["single"]["otter"] = None
        figures["memory"].pop("otter", None)
        figures["batch"].pop("otter", None)
        figures["batch"].pop("otter_2", None)
    return figures


def otter_failed(figures: dict, reason: str) -> bool:
    log(reason)
    figures["otter"].update(available=False, setup=reason)
    return False


# ---------------------------------------------------------------- table


def table(figures: dict) -> str:
    otter_ok = figures["otter"]["available"]
    single, memory, batch, size = figures["single"], figures["memory"], figures["batch"], figures["footprint"]
    ours_batch_figs = batch["ours"]
    rows: list[tuple[str, str, str, str, str]] = []

    def ratio(otter_value, ours_value, better_when_low=True) -> str:
        if not otter_ok or otter_value is None or ours_value in (None, 0) or otter_value == 0:
            return "-"
        value = otter_value / ours_value if better_when_low else ours_value / otter_value
        return f"{value:.1f}x"

    def target(key: str, value, higher=False) -> str:
        goal = TARGETS[key]
        if value is None:
            return ""
        met = value >= goal if higher else value <= goal
        unit = {"single_seconds": " s", "per_second": "/s", "peak_rss_mb": " MB"}[key]
        return f"{'>=' if higher else '<='} {goal:g}{unit} {'met' if met else 'MISSED'}"

    runs = figures["runs"]
    o = single["otter"]
    rows.append((f"(a) one notebook, cold, median of {runs} [s]", f"{single['ours']['median_s']:.3f}",
                 f"{o['median_s']:.3f}" if o else "-", ratio(o and o["median_s"], single["ours"]["median_s"]),
                 target("single_seconds", single["ours"]["median_s"])))
    c = single.get("ours_clean")
    if c:
        rows.append(("    ours from a clean install (ours-venv) [s]", f"{c['median_s']:.3f}", f"{o['median_s']:.3f}" if o else "-",
                     ratio(o and o["median_s"], c["median_s"]), target("single_seconds", c["median_s"])))
    manual = figures["otter"]["manual_points"]
    rows.append(("    its score", single["ours"]["score"] or "?",
                 f"{o['score'] or '?'} +{manual:g} manual" if o else "-", "", ""))
    mo, mt = memory["ours"], memory.get("otter")
    rows.append(("    CPU time, user+sys, one run [s]", f"{mo['cpu_s']:.3f}", f"{mt['cpu_s']:.3f}" if mt else "-",
                 ratio(mt and mt["cpu_s"], mo["cpu_s"]), ""))
    if "error" in ours_batch_figs:
        ours_rate, ours_label = None, "not measured"
    else:
        ours_rate = ours_batch_figs["per_second"]
        ours_label = f"{ours_rate:.1f}"
    ob = batch.get("otter")
    ob2 = batch.get("otter_2")
    jobs = ours_batch_figs.get("jobs", 2)
    n = ours_batch_figs.get("submissions", 200)
    rows.append((f"(b) batch, ours {n} subs --jobs {jobs}; Otter 1 at a time [subs/s]", ours_label,
                 f"{ob['per_second']:.2f}" if ob else "-", ratio(ob and ob["per_second"], ours_rate, False),
                 target("per_second", ours_rate, higher=True)))
    rows.append(("    Otter 2 at a time [subs/s]", ours_label, f"{ob2['per_second']:.2f}" if ob2 else "-",
                 ratio(ob2 and ob2["per_second"], ours_rate, False), ""))
    rows.append(("(c) peak RSS, largest process [MB]", f"{mo['max_rss_mb']:.0f}",
                 f"{mt['max_rss_mb']:.0f}" if mt else "-", ratio(mt and mt["max_rss_mb"], mo["max_rss_mb"]),
                 target("peak_rss_mb", mo["max_rss_mb"])))
    rows.append(("    peak PSS, whole process tree [MB]", f"{mo['tree_pss_mb']:.0f} ({mo['tree_processes']} procs)",
                 f"{mt['tree_pss_mb']:.0f} ({mt['tree_processes']} procs)" if mt else "-",
                 ratio(mt and mt["tree_pss_mb"], mo["tree_pss_mb"]), target("peak_rss_mb", mo["tree_pss_mb"])))
    if "error" not in ours_batch_figs:
        rows.append(("    peak RSS of our batch run [MB]", f"{ours_batch_figs['peak_rss_mb']:.0f}", "-", "",
                     target("peak_rss_mb", ours_batch_figs["peak_rss_mb"])))
    st = size["otter"]
    for label, so in (("runtime install, ours-venv", size["ours"]), ("our dev .venv", size["ours_dev"])):
        if so is None:
            continue
        rows.append((f"(d) packages (pip list), {label}", f"{so['packages']}", f"{st['packages']}" if st else "-",
                     ratio(st and st["packages"], so["packages"]), ""))
        rows.append(("    site-packages on disk [MB]", f"{so['site_packages_mb']:.0f}",
                     f"{st['site_packages_mb']:.0f}" if st else "-",
                     ratio(st and st["site_packages_mb"], so["site_packages_mb"]), ""))

    header = ("measure", "ours", "Otter", "Otter/ours", "our target")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(5)]
    line = lambda r: "  ".join([r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in (1, 2, 3)] + [r[4].ljust(widths[4])]).rstrip()
    out = [line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows]

    machine = figures["machine"]
    notes = [
        f"machine: {machine['cpus']} CPUs, Python {machine['python']}, {machine['platform']}; 1-minute load "
        f"{machine['load_before']:.1f} before, {machine['load_after']:.1f} after (timings are only comparable on a quiet machine)",
        f"Otter: {figures['otter']['setup']}" if otter_ok else f"Otter: column skipped, {figures['otter']['setup']}",
        "ratio: how many times ours is better (Otter's time, memory or size over ours; our rate over Otter's)",
        "(a) whole process from a fresh start, one discarded warm-up run first; ours grades "
        "submissions_sample/02_reference_solution.ipynb, Otter the same answers in benchmarks/otter_hw3/submission.ipynb",
    ]
    notes.append("(a) ours-venv: `pip install .` of this checkout into a fresh venv (not editable, no extras, byte-"
                 "compiled by pip) as on Gradescope, graded with --rubric rubrics/hw3.yaml")
    notes.append("(a) CPU time: ru_utime + ru_stime from wait4 in the memory run, so it covers the child processes "
                 "too (what a 1-CPU grading machine pays)")
    if "error" in ours_batch_figs:
        notes.append(f"(b) ours not measured: {ours_batch_figs['error']}")
    else:
        notes.append(f"(b) ours: {ours_batch_figs['submissions']} generated submissions in {ours_batch_figs['seconds']:.2f} s "
                     f"with --jobs {ours_batch_figs['jobs']} (benchmarks/batch_throughput.py)")
    if ob:
        notes.append(f"(b) Otter: extrapolated from {ob['submissions']} copies of the notebook, {ob['seconds']:.1f} s one "
                     f"at a time and {ob2['seconds']:.1f} s two at a time (`otter run` grades one notebook per process)")
    notes.append("(c) largest process: ru_maxrss from wait4 (the process and every descendant it reaped); "
                 "tree: sum of PSS over the process tree, sampled every 10 ms in a separate run")
    if figures["pythondontwritebytecode"]:
        notes.append("PYTHONDONTWRITEBYTECODE is set here: our package (editable, in the checkout) is compiled from "
                     "source on every run, while pip byte-compiled Otter's site-packages at install")
    notes.append(f"(d) each venv's site-packages on disk; ours-venv holds our package and its runtime dependencies only, "
                 f"{OURS_VENV.name}/ is the development venv (test extra, editable install, whatever else was added)")
    return "\n".join(out + [""] + notes)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed cold runs per tool (default 7, at least 5)")
    parser.add_argument("--otter-batch", type=int, default=6, help="notebooks for Otter's batch rate (default 6)")
    parser.add_argument("--no-otter", action="store_true", help="measure ours only")
    args = parser.parse_args(argv)
    args.runs = max(args.runs, 5)
    figures = measure(args)
    BENCH.mkdir(parents=True, exist_ok=True)
    (BENCH / "results.json").write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    print(table(figures))
    print(f"\nfigures: {(BENCH / 'results.json').relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
