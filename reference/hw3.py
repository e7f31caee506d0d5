"""Reference solution for HW3, written as a student submission would be.

The grader imports these functions in its own process to compute expected values;
the self-test also runs this file through the sandbox as a submission, where it must
earn full marks. Only numpy is used, so the file runs anywhere a submission runs.
"""
import numpy as np

ANSWER_1A = (
    "CNNs suit image classification because each unit has a local receptive field and the "
    "same filter weights are shared across the whole image, so there are few parameters and "
    "a pattern is detected wherever it appears (translation equivariance); pooling adds some "
    "translation invariance. Stacked layers build a hierarchy of features, from edges to parts "
    "to objects, and images come at a fixed size, so no state over time is needed."
)
ANSWER_1B = (
    "An RNN is preferred when the data is sequential or temporal and its length varies: text, "
    "audio or video. The hidden state carries information through time, so the network can "
    "process partial or streaming input one step at a time and capture temporal dependencies, "
    "such as motion across the frames of a video, that a fixed-size CNN input cannot."
)
ANSWER_3C = (
    "Self-attention copies an input when a token's query matches its own key far more than any "
    "other key. With a large scale or norm (a large beta) the scores grow, the softmax becomes "
    "nearly one-hot on that token, and the output is then approximately that token's value, "
    "so y_i is approximately x_i."
)


def _sigmoid(z):
    """Logistic function without overflow: exp is only taken of non-positive numbers."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def rnn_hidden_states(x, h0=0.0):
    """h_t = x_t - h_{t-1} for t = 1..T."""
    hidden = np.empty(len(x))
    h = float(h0)
    for t, x_t in enumerate(np.asarray(x, dtype=float)):
        h = x_t - h
        hidden[t] = h
    return hidden


def rnn_outputs(x, h0=0.0):
    """y_t = sigmoid(1000 h_t)."""
    return _sigmoid(1000.0 * rnn_hidden_states(x, h0))


def rnn_final_output(x, h0=0.0):
    """y_T from the closed form h_T = sum_k (-1)^(T-k) x_k + (-1)^T h_0."""
    x = np.asarray(x, dtype=float)
    T = len(x)
    signs = (-1.0) ** (T - np.arange(1, T + 1))
    h_T = float(signs @ x) + (-1.0) ** T * float(h0)
    return float(_sigmoid(1000.0 * h_T))


def token_norms(X):
    """Euclidean norm of each row (token) of X."""
    return np.linalg.norm(np.asarray(X, dtype=float), axis=-1)


def softmax(z):
    """Softmax along the last axis, shifted by the max so large inputs cannot overflow."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def attention_weights(X):
    """A = softmax_rows(X X^T): unscaled dot-product scores, tokens as rows."""
    X = np.asarray(X, dtype=float)
    return softmax(X @ X.T)


def self_attention(X):
    """Y = A X: each output is the attention-weighted sum of the tokens."""
    X = np.asarray(X, dtype=float)
    return attention_weights(X) @ X
