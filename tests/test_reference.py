"""The reference solution against values worked out by hand from the contract."""
import math

import numpy as np
import pytest

from autograder.expected import load_module
from autograder.families import hw3_tokens
from conftest import REPO

ref = load_module(REPO / "reference" / "hw3.py", "_reference_under_test")


def test_softmax_of_6_0_2_matches_the_hand_computed_values():
    assert np.round(ref.softmax([6.0, 0.0, 2.0]), 4).tolist() == [0.9796, 0.0024, 0.0179]


def test_softmax_is_stable_for_huge_inputs_and_works_row_wise():
    out = ref.softmax([[1000.0, 1000.0], [0.0, -2000.0]])
    assert np.allclose(out, [[0.5, 0.5], [1.0, 0.0]])
    assert not np.isnan(out).any()


def test_hidden_states_and_outputs_for_a_short_sequence_worked_by_hand():
    # h1 = 1 - 0 = 1, h2 = 2 - 1 = 1, h3 = 3 - 1 = 2, h4 = 4 - 2 = 2
    assert ref.rnn_hidden_states([1, 2, 3, 4]).tolist() == [1, 1, 2, 2]
    # with h0 = 5: h1 = -4, h2 = 6, h3 = -3
    assert ref.rnn_hidden_states([1, 2, 3], h0=5).tolist() == [-4, 6, -3]
    assert ref.rnn_outputs([1, 2, 3], h0=5).tolist() == [0.0, 1.0, 0.0]


def test_final_output_is_a_tie_when_alternating_sums_are_equal():
    # x4 - x3 + x2 - x1 = 4 - 3 + 2 - 1 = 2 > 0; [1, 2, 2, 1] gives 1 - 2 + 2 - 1 = 0
    assert ref.rnn_final_output([1, 2, 3, 4]) == 1.0
    assert ref.rnn_final_output([1, 2, 2, 1]) == 0.5
    assert ref.rnn_final_output([3, 1]) == 0.0


@pytest.mark.parametrize("length", [1, 2, 5, 8, 33])
@pytest.mark.parametrize("h0", [0.0, 1.0, -2.5])
def test_closed_form_agrees_with_the_recurrence(length, h0):
    x = np.random.default_rng(length).integers(-20, 21, size=length)
    assert ref.rnn_final_output(x, h0) == pytest.approx(ref.rnn_outputs(x, h0)[-1], abs=1e-12)


def test_token_norms_are_sqrt2_beta_beta_sqrt2_beta():
    beta = 3.0
    X = hw3_tokens(np.eye(4), beta)
    assert ref.token_norms(X) == pytest.approx([math.sqrt(2) * beta, beta, math.sqrt(2) * beta])


def test_scores_and_weights_follow_the_contract_and_approach_identity():
    X = hw3_tokens(np.eye(4), 1.0)
    assert (X @ X.T).tolist() == [[2, 0, 1], [0, 1, 0], [1, 0, 2]]
    A = ref.attention_weights(X)
    assert np.allclose(A.sum(axis=1), 1.0)
    e = math.e
    assert A[1] == pytest.approx([1 / (2 + e), e / (2 + e), 1 / (2 + e)])
    big = hw3_tokens(np.eye(4), 30.0)
    assert np.allclose(ref.attention_weights(big), np.eye(3), atol=1e-6)
    assert np.allclose(ref.self_attention(big), big, atol=1e-4)
