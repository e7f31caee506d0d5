# HW3 submission - Noah Fischer
import numpy as np

ANSWER_1A = ("CNNs suit images because each filter has a small local receptive field and its "
             "weights are shared over the whole image. That means few parameters and "
             "translation equivariance, pooling adds invariance to small shifts, and deeper "
             "layers build a hierarchy from edges to object parts.")
ANSWER_1B = ("An RNN is better for sequential or temporal data of variable length, like text "
             "or audio. Its hidden state carries memory through time, so it can process "
             "streaming input step by step and model dependencies between time steps.")
ANSWER_3C = ("When a token's query matches its own key much more than the others and beta is "
             "large, the softmax becomes nearly one-hot, so each output is approximately that "
             "token's own value and the input is copied.")


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def rnn_hidden_states(x, h0=0.0):
    h = np.zeros(len(x))
    prev = h0
    for t in range(len(x)):
        prev = x[t] - prev
        h[t] = prev
    return h


def rnn_outputs(x, h0=0.0):
    return sigmoid(1000 * rnn_hidden_states(x, h0))


def rnn_final_output(x, h0=0.0):
    x = np.asarray(x, dtype=float)
    T = len(x)
    signs = (-1.0) ** (T - np.arange(1, T + 1))
    return float(sigmoid(1000 * (signs @ x + (-1.0) ** T * h0)))


def token_norms(X):
    return np.sqrt(np.sum(np.asarray(X, dtype=float) ** 2, axis=1)


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def attention_weights(X):
    X = np.asarray(X, dtype=float)
    return softmax(X @ X.T)


def self_attention(X):
    X = np.asarray(X, dtype=float)
    return attention_weights(X) @ X
