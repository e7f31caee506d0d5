# Homework 3
# Author: Sam Okafor
#
# Q1 answers are the strings at the top, Q2 and Q3 are the functions.

import numpy as np

ANSWER_1A = """CNNs work well on images because of locality: each neuron is connected to a
small receptive field instead of the whole image, and the same kernel is reused at every
location. This weight sharing cuts the parameter count a lot and gives translation
equivariance, and pooling layers add a bit of invariance to where exactly things are.
Layer by layer the network learns a hierarchy, from edges to textures to parts to objects."""

ANSWER_1B = """When the data is a sequence, e.g. words in a sentence, audio samples or
frames of a video, and the length is not fixed, an RNN is more natural. It processes one
element at a time and keeps a hidden state as a memory, so it handles variable-length and
streaming input, and it can model temporal dependencies such as motion across frames."""

ANSWER_3C = """If a token's query lines up with its own key much more than with the other
keys, and the vectors have a large norm (large beta), the scores on the diagonal dominate
and the softmax is nearly one-hot. Then each output is approximately the value of the same
token, so the attention layer just copies its input."""


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


# ---------------------------------------------------------------- Q2

def rnn_hidden_states(x, h0=0.0):
    T = len(x)
    h = np.zeros(T)
    h_prev = h0
    for t in range(T):
        h[t] = x[t] - h_prev
        h_prev = h[t]
    return h


def rnn_outputs(x, h0=0.0):
    # output layer: weight on h_t, then the sigmoid
    return sigmoid(rnn_hidden_states(x, h0))


def rnn_final_output(x, h0=0.0):
    x = np.asarray(x, dtype=float)
    T = len(x)
    powers = T - np.arange(1, T + 1)
    h_T = np.sum(((-1.0) ** powers) * x) + ((-1.0) ** T) * h0
    return float(sigmoid(np.array([h_T]))[0])


# ---------------------------------------------------------------- Q3

def token_norms(X):
    return np.linalg.norm(X, axis=1)


def softmax(z):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    e = np.exp(z - m)
    return e / e.sum(axis=-1, keepdims=True)


def attention_weights(X):
    return softmax(X @ X.T)


def self_attention(X):
    return attention_weights(X) @ X


print("Q2 test:", rnn_outputs([1, 2, 3, 4]), rnn_final_output([1, 2, 3, 4]))
