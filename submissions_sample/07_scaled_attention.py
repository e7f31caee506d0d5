# Homework 3: RNN + attention
# Aisha Bello

import numpy as np

ANSWER_1A = ("CNNs are built for grid data like images. A convolution only connects each "
             "output to a small local patch, and the filter is shared over the image, so there "
             "are far fewer parameters and the layer is translation equivariant; pooling adds "
             "some invariance. Stacked conv layers learn a hierarchy of features, starting with "
             "edges at low level and ending with object-level features at high level.")

ANSWER_1B = ("RNNs are better when the input is a sequence (text, speech, sensor time series, "
             "video) whose length varies. The hidden state stores memory of the past and is "
             "updated one step at a time, which lets the model process a stream online and "
             "capture long-range temporal dependencies and context.")

ANSWER_3C = ("If the query of a token matches its own key much more than any other key, and "
             "the scale of the vectors (beta) is large, the softmax saturates and becomes "
             "one-hot. The output is then approximately the value of that same token, so the "
             "input is copied.")


def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500, 500)
    return 1.0 / (1.0 + np.exp(-z))


def rnn_hidden_states(x, h0=0.0):
    h = np.zeros(len(x))
    for t in range(len(x)):
        h[t] = x[t] - (h[t - 1] if t > 0 else h0)
    return h


def rnn_outputs(x, h0=0.0):
    return sigmoid(1000 * rnn_hidden_states(x, h0))


def rnn_final_output(x, h0=0.0):
    x = np.asarray(x, dtype=float)
    T = len(x)
    signs = (-1.0) ** (T - np.arange(1, T + 1))
    return float(sigmoid(1000 * (signs @ x + (-1.0) ** T * h0)))


def token_norms(X):
    return np.linalg.norm(X, axis=1)


def softmax(z):
    z = np.asarray(z, dtype=float)
    z = z - z.max(axis=-1, keepdims=True)
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def attention_weights(X):
    # scaled dot-product attention like in "Attention is all you need"
    d = X.shape[1]
    scores = X @ X.T / np.sqrt(d)
    return softmax(scores)


def self_attention(X):
    A = attention_weights(X)
    return A @ X


# test on the tokens from the problem (standard basis)
a, b, c, d = np.eye(4)
beta = 5.0
X = beta * np.array([b + d, a, b + c])
print("norms", token_norms(X))
print("weights\n", attention_weights(X).round(3))
print("outputs\n", self_attention(X).round(3))
