"""Loading the rubric: the bundled one validates; each kind of mistake names the file and line."""
from pathlib import Path

import pytest

from autograder.rubric import DEFAULT_RUBRIC, RubricError, load_rubric

BUNDLED = DEFAULT_RUBRIC.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    """A rubric copy in tmp_path whose module paths point back at the repo's reference."""
    reference = DEFAULT_RUBRIC.parent.parent / "reference"
    text = text.replace("../reference/", f"{reference}/")
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_bundled_rubric_totals_100_and_every_item_is_well_formed():
    rubric = load_rubric()
    assert rubric.max_score == 100
    kinds = {item.kind for item in rubric.items}
    assert kinds == {"function", "static", "written"}
    assert len({item.id for item in rubric.items}) == len(rubric.items)


def expect_error(tmp_path, text, needle, *words):
    path = write(tmp_path, text)
    with pytest.raises(RubricError) as error:
        load_rubric(path)
    message = str(error.value)
    assert message.startswith(f"{path}:{line_of(text, needle)}:"), message
    for word in words:
        assert word in message
    assert "docs/rubric.md" in message


def test_unknown_key_is_named_with_its_line(tmp_path):
    text = BUNDLED.replace("    points: 10\n    tolerance", "    points: 10\n    pionts: 3\n    tolerance", 1)
    expect_error(tmp_path, text, "pionts", "unknown key 'pionts'")


def test_wrong_type_is_named_with_its_line(tmp_path):
    text = BUNDLED.replace("    points: 15\n", "    points: fifteen\n", 1)
    expect_error(tmp_path, text, "fifteen", "points", "a number")


def test_missing_field_is_named(tmp_path):
    text = BUNDLED.replace("    title: Token norms\n", "", 1)
    expect_error(tmp_path, text, "id: q3_norms", "missing required key 'title'")


def test_reference_to_an_unknown_function_is_named(tmp_path):
    text = BUNDLED.replace("    name: token_norms\n", "    name: token_norm\n", 1)
    expect_error(tmp_path, text, "name: token_norm", "does not define 'token_norm'")


def test_unknown_mistake_and_unknown_mistake_function_are_named(tmp_path):
    text = BUNDLED.replace("mistakes: [norms_squared,", "mistakes: [norms_cubed,", 1)
    expect_error(tmp_path, text, "norms_cubed", "unknown mistake 'norms_cubed'")
    text = BUNDLED.replace("  norms_squared:\n", "  norms_cubed:\n", 1)
    expect_error(tmp_path, text, "norms_cubed:", "no function 'norms_cubed'")


def test_unknown_family_parameter_is_named(tmp_path):
    text = BUNDLED.replace("params: {beta_min: 0.1, beta_max: 40.0}", "params: {beta_min: 0.1, beta_maks: 40.0}", 1)
    expect_error(tmp_path, text, "beta_maks", "unknown parameter")


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = BUNDLED.replace("    points: 10\n", "    points: [10\n", 1)
    path = write(tmp_path, text)
    with pytest.raises(RubricError, match=rf"^{path}:\d+: YAML syntax error"):
        load_rubric(path)


def test_key_that_does_not_apply_to_the_kind_is_rejected(tmp_path):
    text = BUNDLED.replace("    part: 1a\n", "    part: 1a\n    tolerance: {rtol: 0.1}\n", 1)
    expect_error(tmp_path, text, "tolerance: {rtol: 0.1}", "does not apply to a written item")
