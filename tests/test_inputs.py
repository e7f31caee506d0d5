"""Generated test inputs: deterministic, within the rubric's ranges, hard where it matters."""
import numpy as np

from autograder.families import FAMILY_PARAMS
from autograder.inputs import generate, rubric_cases
from autograder.rubric import CaseFamily, load_rubric


def test_the_same_rubric_gives_the_same_cases_every_time():
    rubric = load_rubric()
    assert rubric_cases(rubric) == rubric_cases(rubric)


def test_int_sequences_respect_lengths_and_h0_choices():
    family = CaseFamily("int_sequence", 200, 5, {"min_length": 1, "max_length": 40, "low": -20, "high": 20,
                                                 "h0": [0.0, 1.0, -2.5]})
    cases = generate(family)
    lengths = [len(args[0]) for args, _ in cases]
    assert min(lengths) == 1 and max(lengths) == 40
    assert all(-20 <= v <= 20 for args, _ in cases for v in args[0])
    assert {kwargs["h0"] for _, kwargs in cases} == {0.0, 1.0, -2.5}
    assert all(isinstance(v, int) for args, _ in cases for v in args[0])


def test_near_zero_cases_end_with_a_small_hidden_state():
    family = CaseFamily("int_sequence", 20, 9, {**FAMILY_PARAMS["int_sequence"], "near_zero": 0.5})
    for args, kwargs in generate(family)[:10]:
        x = np.array(args[0])
        signs = (-1.0) ** (len(x) - np.arange(1, len(x) + 1))
        h_T = signs @ x + (-1) ** len(x) * kwargs["h0"]
        assert abs(h_T) <= 2


def test_token_families_cover_small_and_overflowing_betas_with_orthonormal_bases():
    family = CaseFamily("hw3_tokens", 12, 1, {"beta_min": 0.1, "beta_max": 40.0})
    norms = [np.linalg.norm(np.array(args[0]), axis=1) for args, _ in generate(family)]
    betas = [n[1] for n in norms]
    assert min(betas) == np.float64(0.1) or abs(min(betas) - 0.1) < 1e-9
    assert max(betas) >= 30
    for n, beta in zip(norms, betas):
        assert np.allclose(n, [np.sqrt(2) * beta, beta, np.sqrt(2) * beta])
    # exp(x_1 · x_1) = exp(2 β²) overflows a float64 for the largest β: the stability test bites
    assert 2 * max(betas) ** 2 > np.log(np.finfo(float).max)


def test_rubric_has_visible_examples_and_hidden_cases_for_every_function_item():
    rubric = load_rubric()
    cases = rubric_cases(rubric)
    for item in rubric.items:
        if item.kind == "function":
            mine = [c for c in cases if c.item_id == item.id]
            assert any(c.visible for c in mine) and any(not c.visible for c in mine)
