"""The bundled sample submissions and the per-item scores recorded beside each one.

A sample is any file or folder in submissions_sample/ except README.md and the records
themselves: `NAME.expected.json` beside the sample `NAME.py`, `NAME.ipynb` or `NAME/`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "submissions_sample"
RECORD_SUFFIX = ".expected.json"


@dataclass(frozen=True)
class Sample:
    """One sample submission."""

    name: str
    """The sample's name without suffix, e.g. '04_no_factor_1000'."""
    path: Path
    """The file or folder to grade."""

    @property
    def record_path(self) -> Path:
        return self.path.parent / f"{self.name}{RECORD_SUFFIX}"

    def recorded(self) -> Optional[dict]:
        """The recorded per-item scores, or None when none were recorded yet."""
        if not self.record_path.is_file():
            return None
        return json.loads(self.record_path.read_text(encoding="utf-8"))["items"]


def list_samples(folder: Path = SAMPLES_DIR) -> list[Sample]:
    samples = []
    for path in sorted(Path(folder).iterdir()):
        if path.name.startswith(".") or path.name.endswith(RECORD_SUFFIX) or path.name == "README.md":
            continue
        name = path.name if path.is_dir() else path.stem
        samples.append(Sample(name, path))
    return samples


def item_scores(results: dict) -> dict:
    """Item id -> score, from a results document."""
    return {test["extra_data"]["item"]: test["score"] for test in results["tests"]}


def record(sample: Sample, results: dict) -> None:
    """Store the sample's current per-item scores as its expected ones."""
    scores = item_scores(results)
    document = {"total": results["score"], "items": scores}
    sample.record_path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def differences(expected: dict, got: dict) -> list[str]:
    """Human-readable differences between recorded and actual per-item scores."""
    keys = sorted(set(expected) | set(got))
    return [f"{k}: expected {expected.get(k)}, got {got.get(k)}" for k in keys if expected.get(k) != got.get(k)]
