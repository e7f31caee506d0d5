"""HW3: CNNs vs RNNs, a hand-built RNN, and self-attention.

Student: Priya Raman
Everything below only needs numpy.  Arrays come back as numpy arrays.
"""
import numpy as np


# ----------------------------------------------------------------------------
# Question 1 (written)
# ----------------------------------------------------------------------------

ANSWER_1A = (
    "A convolutional layer only looks at a small local patch of the image (a local "
    "receptive field) and slides the same filter over every position, so the weights "
    "are shared and the layer needs far fewer parameters than a dense layer on raw "
    "pixels. Because the same filter is reused everywhere, a pattern such as an edge is "
    "found wherever it appears (translation equivariance), and pooling makes the "
    "response fairly invariant to small shifts. Stacking layers gives a hierarchy of "
    "features: low-level edges and textures combine into parts and then into whole "
    "objects. Images also come as fixed-size grids, which is exactly what a CNN expects."
)

ANSWER_1B = (
    "An RNN is the better choice when the data is a sequence in time, such as text, "
    "speech or sensor readings, and in particular when the sequences have variable "
    "length. The network carries a hidden state (a memory of what it has seen) from one "
    "step to the next, so it can consume a stream or a partial input one step at a time "
    "and give a prediction after every step. It can also pick up dependencies across time, "
    "for example the motion of an object over several video frames, which a CNN that sees "
    "a single frame cannot capture."
)

ANSWER_3C = (
    "Self-attention copies token i to output i when the query of token i matches its own "
    "key much better than any other key. In this problem all scores scale with beta "
    "squared, so when beta (the norm of the tokens) is large the gap between the diagonal "
    "score and the rest becomes huge and the softmax saturates to an almost one-hot row. "
    "The output is then a weighted average dominated by a single value, so y_i is "
    "approximately x_i and the layer simply copies its input."
)


# ----------------------------------------------------------------------------
# Question 2: h_t = x_t - h_{t-1},  y_t = sigmoid(1000 h_t)
# ----------------------------------------------------------------------------

def sigmoid(z):
    """Numerically safe logistic function.

    np.exp(-z) overflows for very negative z (and 1000*h is easily -20000),
    so I only ever exponentiate -|z|, which is <= 0.
    """
    z = np.asarray(z, dtype=float)
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


def rnn_hidden_states(x, h0=0.0):
    """Run the recurrence and return [h_1, ..., h_T]."""
    x = np.asarray(x, dtype=float)
    h = np.zeros(len(x))
    prev = float(h0)
    for t in range(len(x)):
        prev = x[t] - prev          # input weight +1, recurrent weight -1, no bias
        h[t] = prev
    return h


def rnn_outputs(x, h0=0.0):
    """[y_1, ..., y_T] with y_t = sigmoid(1000 * h_t)."""
    return sigmoid(1000.0 * rnn_hidden_states(x, h0))


def rnn_final_output(x, h0=0.0):
    """y_T straight from the unrolled formula (no loop over t).

    h_T = sum_{k=1..T} (-1)^(T-k) x_k + (-1)^T h_0
    For even T this is x_T - x_{T-1} + ... + x_2 - x_1 + h_0.
    """
    x = np.asarray(x, dtype=float)
    T = x.shape[0]
    k = np.arange(1, T + 1)
    signs = (-1.0) ** (T - k)
    h_T = np.dot(signs, x) + (-1.0) ** T * float(h0)
    return float(sigmoid(1000.0 * h_T))


# ----------------------------------------------------------------------------
# Question 3: self-attention with Q = K = V = X (tokens are the rows of X)
# ----------------------------------------------------------------------------

def token_norms(X):
    """Euclidean length of every token (row)."""
    X = np.asarray(X, dtype=float)
    return np.sqrt(np.sum(X * X, axis=1))


def softmax(z):
    """Softmax over the last axis; subtracting the max keeps exp() from overflowing."""
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def attention_weights(X):
    """A = softmax over each row of the (unscaled) score matrix S = X X^T."""
    X = np.asarray(X, dtype=float)
    S = X @ X.T
    return softmax(S)


def self_attention(X):
    """Y = A X, i.e. y_i = sum_j A_ij x_j."""
    X = np.asarray(X, dtype=float)
    return attention_weights(X) @ X


def make_tokens(beta, basis=None):
    """The three tokens from the handout, as rows, for a given orthonormal basis a, b, c, d."""
    if basis is None:
        basis = np.eye(4)
    a, b, c, d = basis
    return beta * np.vstack([b + d, a, b + c])


if __name__ == "__main__":
    # quick sanity checks I ran while writing this
    print("h  :", rnn_hidden_states([1, 2, 3, 4]))
    print("y  :", rnn_outputs([1, 2, 3, 4]))
    print("y_T:", rnn_final_output([1, 2, 3, 4]))
    X = make_tokens(30.0)
    print("norms:", token_norms(X))
    print("A:\n", np.round(attention_weights(X), 4))
    print("Y - X max abs:", np.abs(self_attention(X) - X).max())
