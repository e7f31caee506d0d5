# Homework 3
# Olivia Martin
import numpy as np

ANSWER_1A = ("A CNN is a good fit for image classification because convolutions use local "
             "receptive fields and weight sharing: the same small filter is applied at every "
             "position, so there are few parameters and features are detected regardless of "
             "where they are (translation equivariance, plus invariance from pooling). Deeper "
             "layers learn a hierarchy from low-level edges to high-level objects.")
ANSWER_1B = ("RNNs are preferable for sequential or temporal data with variable length, such "
             "as text, speech or video. The hidden state is a memory that is updated at each "
             "step, so the model can handle streaming input one step at a time and capture "
             "dependencies across time such as motion between frames.")
ANSWER_3C = ("Attention copies its input when every query matches its own key much better than "
             "any other key. For large beta the scores are large, the softmax is nearly one-hot, "
             "and the output for each token is approximately its own value vector.")


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def rnn_hidden_states(x, h0=0.0):
    T = len(x)
    hs = np.zeros(T)
    h = h0
    t = 0
    while t < T:
        h = x[t] - h
        hs[t] = h
    return hs


def rnn_outputs(x, h0=0.0):
    # compute the states again here so I can print them while debugging
    ys = np.zeros(len(x))
    h = h0
    for t in range(len(x)):
        h = x[t] - h
        ys[t] = sigmoid(1000 * h)
    return ys


def rnn_final_output(x, h0=0.0):
    x = np.asarray(x, dtype=float)
    T = len(x)
    signs = (-1.0) ** (T - np.arange(1, T + 1))
    return float(sigmoid(1000 * (np.sum(signs * x) + (-1.0) ** T * h0)))


def token_norms(X):
    return np.linalg.norm(X, axis=1)


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def attention_weights(X):
    return softmax(X @ X.T)


def self_attention(X):
    return attention_weights(X) @ X


print("outputs for [1, 2, 3, 4]:", rnn_outputs([1, 2, 3, 4]))
print("final output:", rnn_final_output([1, 2, 3, 4]))
