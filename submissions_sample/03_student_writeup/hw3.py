# HW3 code  --  Kevin Li
# written answers are in writeup.md

import numpy as np


def sigmoid(z):
    # tanh version so it doesnt overflow
    return 0.5 * (1 + np.tanh(z / 2))


# ---------------- Q2 ----------------

def rnn_hidden_states(x, h0=0.0):
    hs = []
    h = h0
    for xt in x:
        h = xt - h
        hs.append(h)
    return np.array(hs, dtype=float)


def rnn_outputs(x, h0=0.0):
    h = rnn_hidden_states(x, h0)
    y = sigmoid(h)
    return y


def rnn_final_output(x, h0=0.0):
    # from unrolling:  h_T = x_T - x_{T-1} + ... - x_1 + x_0 + h_0
    # x_0 is the first input again
    x = np.array(x, dtype=float)
    T = len(x)
    signs = (-1) ** (T - np.arange(1, T + 1))
    h_T = np.sum(signs * x) + (-1) ** T * x[0] + h0
    return float(sigmoid(h_T))


# ---------------- Q3 ----------------

def token_norms(X):
    X = np.array(X, dtype=float)
    return np.sum(X ** 2, axis=1)


def softmax(z):
    z = np.array(z, dtype=float)
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def attention_weights(X):
    X = np.array(X, dtype=float)
    S = X @ X.T
    return softmax(S)


def self_attention(X):
    X = np.array(X, dtype=float)
    A = attention_weights(X)
    n, d = X.shape
    Y = np.zeros((n, d))
    for i in range(n):
        for j in range(n):
            Y[i] += A[j, i] * X[j]
    return Y


x = [1, 2, 3, 4]
print(rnn_hidden_states(x), rnn_outputs(x), rnn_final_output(x))
