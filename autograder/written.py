"""Written answers: where they are found (strings, markdown cells, a write-up) and how they score."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

PLACEHOLDERS = re.compile(r"your answer here|your answer|type your answer|todo|tbd|\.\.\.|answer:",
                          re.IGNORECASE)
HEADING = re.compile(r"^ {0,3}(#{1,6})\s*(.*?)\s*#*\s*$")


def part_pattern(part: str) -> re.Pattern:
    """Heading text naming a part like '1a': '1a', '1.b)', 'Q1 (a)', 'Question 3.c:', '1.a):'."""
    number, letter = part[:-1], part[-1]
    return re.compile(
        rf"^(?:q(?:uestion)?|problem|part|ex(?:ercise)?)?\s*\.?\s*{number}\s*[.\-_:]?\s*\(?\s*{letter}\s*\)?"
        r"(?![a-z0-9])", re.IGNORECASE)


def markdown_answers(documents: list[str], parts: tuple[str, ...]) -> dict[str, str]:
    """Answers under headings that name a part; the first non-empty answer per part wins.

    A section runs from its heading to the next heading of the same or a higher level, or
    to the next heading that names any part.
    """
    patterns = {part: part_pattern(part) for part in parts}
    answers: dict[str, str] = {}
    for document in documents:
        for part, text in _sections(document, patterns):
            if part not in answers and real_answer(text):
                answers[part] = text
    return answers


def _sections(document: str, patterns: dict[str, re.Pattern]):
    current: Optional[str] = None
    level = 0
    body: list[str] = []
    for line in document.splitlines():
        heading = HEADING.match(line)
        if heading:
            depth, title = len(heading.group(1)), heading.group(2)
            named = next((p for p, pattern in patterns.items() if pattern.match(title)), None)
            if named or (current and depth <= level):
                if current:
                    yield current, "\n".join(body).strip()
                current, level, body = named, depth, []
                if named:
                    rest = patterns[named].sub("", title, count=1).strip(" :.)-")
                    if rest:
                        body.append(rest)
                continue
        if current:
            body.append(line)
    if current:
        yield current, "\n".join(body).strip()


def real_answer(text: Optional[str]) -> bool:
    """False for None, blank text or a placeholder left from the starter."""
    if not text:
        return False
    return bool(re.search(r"[A-Za-z]{2}", PLACEHOLDERS.sub("", text)))


@dataclass(frozen=True)
class WrittenVerdict:
    """How a written answer scored and what to tell the student."""

    fraction: float
    """Share of the item's points earned."""
    feedback: str
    """Markdown for the student."""


def judge(answer: Optional[str], min_words: int, concepts: dict, manual_review: bool) -> WrittenVerdict:
    """Completion credit for a real answer, plus which expected ideas it seems to mention."""
    if not real_answer(answer):
        return WrittenVerdict(0.0, "**Missing**: no answer was found for this part.")
    words = len(re.findall(r"\w+", answer))
    lines = []
    if words < min_words:
        lines.append(f"Your answer is very short ({words} words; a full answer has at least {min_words}).")
        fraction = 0.0
    else:
        lines.append(f"Answer found ({words} words).")
        fraction = 1.0
    if concepts:
        lowered = answer.lower()
        covered = [name for name, keys in concepts.items() if any(k in lowered for k in keys)]
        missing = [name for name in concepts if name not in covered]
        lines.append(f"Ideas it seems to mention: {', '.join(covered) if covered else 'none of the expected ones'}.")
        if missing:
            lines.append(f"Ideas a grader will look for that it may not cover: {', '.join(missing)}.")
    if manual_review:
        lines.append("_A TA reads every written answer; this score is provisional._")
    return WrittenVerdict(fraction, "\n\n".join(lines))
