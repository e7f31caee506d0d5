"""Homework 3 -- Chen Wei"""
import numpy as np

ANSWER_1A = ("CNNs are used for image classification because convolution layers have local "
             "receptive fields and share their weights across the image, so there are few "
             "parameters to learn and a feature can be detected at any position "
             "(translation equivariance). Pooling gives invariance to small translations, and "
             "stacking layers builds a hierarchy of features from edges to objects.")
ANSWER_1B = ("RNNs are preferred for sequential data such as text, speech or time series, "
             "where inputs come one after another and can have variable length. The hidden "
             "state carries memory across time steps, so the model can process streaming or "
             "partial inputs and capture temporal dependencies, e.g. motion across frames.")
ANSWER_3C = ("If each token's query matches its own key much more than the other keys and the "
             "norm beta is large, the softmax over the scores becomes nearly one-hot on the "
             "diagonal. Each output is then approximately the value of the same token, so "
             "attention copies the input to the output.")


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
    # closed form: h_T = sum_{k=1}^{T} (-1)^(T-k) x_k + (-1)^T h_0
    T = len(x)
    total = 0.0
    for k in range(1, T + 1):
        total += (-1) ** (T - k) * x[k - 1]
    total += (-1) ** T * h0
    return float(sigmoid(1000 * total))


def token_norms(X):
    return np.linalg.norm(X, axis=1)


def softmax(z):
    z = np.asarray(z, dtype=float)
    z = z - z.max(axis=-1, keepdims=True)
    ez = np.exp(z)
    return ez / ez.sum(axis=-1, keepdims=True)


def attention_weights(X):
    return softmax(X @ X.T)


def self_attention(X):
    return attention_weights(X) @ X
