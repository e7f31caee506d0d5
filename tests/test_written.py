"""Written answers: headings that name a part, placeholders, and how an answer is judged."""
import pytest

from autograder.written import judge, markdown_answers, real_answer

PARTS = ("1a", "1b", "3c")


@pytest.mark.parametrize("heading, part", [
    ("## 1a", "1a"), ("### 1.b)", "1b"), ("# 3.c", "3c"), ("#### 1.a):", "1a"), ("## Q1 (a)", "1a"),
    ("## Question 3c:", "3c"), ("### 1(b) When would an RNN be preferred?", "1b"), ("## Problem 1.a", "1a")])
def test_heading_styles_students_use_are_recognised(heading, part):
    answers = markdown_answers([f"{heading}\nBecause sequences vary in length.\n"], PARTS)
    assert list(answers) == [part]
    assert answers[part].endswith("Because sequences vary in length.")


def test_headings_for_other_numbers_are_not_taken_for_a_part():
    assert markdown_answers(["## 1.10 Appendix\ntext here", "## 11a\nmore text", "## 1ab\nx"], PARTS) == {}


def test_section_ends_at_the_next_heading_of_the_same_level_or_the_next_part():
    document = "## 1a\nWeight sharing.\n### details\nLocal fields.\n## Question 2\nMath.\n#### 1.b):\nSequences.\n"
    answers = markdown_answers([document], PARTS)
    assert answers["1a"] == "Weight sharing.\n### details\nLocal fields."
    assert answers["1b"] == "Sequences."


def test_placeholder_answers_count_as_missing():
    answers = markdown_answers(["## 1a\nYOUR ANSWER HERE\n## 1b\n...\n"], PARTS)
    assert answers == {}
    assert not real_answer("TODO")
    assert real_answer("RNNs carry state")


def test_judge_gives_completion_credit_and_concept_feedback():
    concepts = {"weight sharing": ("shar",), "pooling": ("pool",)}
    verdict = judge("Filters share weights across the image, so few parameters are needed overall here.",
                    5, concepts, True)
    assert verdict.fraction == 1.0
    assert "weight sharing" in verdict.feedback and "pooling" in verdict.feedback
    assert "provisional" in verdict.feedback


def test_judge_reports_missing_and_too_short_answers():
    assert judge(None, 5, {}, False).fraction == 0.0
    assert "Missing" in judge("", 5, {}, False).feedback
    short = judge("CNNs share.", 20, {}, False)
    assert short.fraction == 0.0 and "very short" in short.feedback
