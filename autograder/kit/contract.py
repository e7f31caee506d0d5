"""The sentences the starter files show students, in the words of the assignment contract.

Names, signatures, parts and order come from the rubric and the reference; this table only
adds what a student reads. A name, part or question missing here falls back to its rubric
title, so a new rubric item needs no change to this file. (The reference's own docstrings
are not used: one of them states the closed form that question 2 asks for.)
"""
from __future__ import annotations

QUESTIONS = {
    "q1": "Question 1 — CNNs and RNNs (written)",
    "q2": "Question 2 — a recurrence computed by an RNN",
    "q3": "Question 3 — self-attention",
}

DOCSTRINGS = {
    "rnn_hidden_states": "The hidden states h_1..h_T of h_t = x_t − h_{t−1}, starting from h_0 = h0.\n\n"
                         "x holds the integer inputs x_1..x_T. Return a 1-D array of length T.",
    "rnn_outputs": "The outputs y_1..y_T, where y_t = σ(1000·h_t) and σ(z) = 1 / (1 + e^{−z}).\n\n"
                   "Return a 1-D array of length T.",
    "rnn_final_output": "The last output y_T as a float, from your closed form for h_T.\n\n"
                        "Compute it directly from x and h0: no loop over t.",
    "token_norms": "The Euclidean norm of each token (row) of X, as a 1-D array.",
    "softmax": "The softmax of z along its last axis.\n\n"
               "It must give finite answers for large inputs (e.g. [1000, 999, 990]).",
    "attention_weights": "The n×n attention weights A: the softmax of each row of the scores S = X Xᵀ.\n\n"
                         "The tokens are the rows of X; the scores are not scaled.",
    "self_attention": "The n×d self-attention outputs Y = A X (queries = keys = values = the tokens).",
}

PROMPTS = {
    "1a": "Why are CNNs the usual choice for image classification?",
    "1b": "When would an RNN be preferred over a CNN?",
    "3c": "How can self-attention copy an input to the output?",
}
