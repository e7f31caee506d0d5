# HW3 -- Ethan Park
import numpy as np

# the test sequences I generated in lab
data = np.load('hw3_data.npy')
print(data.shape)

ANSWER_1A = ("CNNs use local receptive fields and weight sharing, so they have few parameters "
             "and detect features anywhere in the image (translation equivariance); pooling adds "
             "invariance, and stacking layers gives a hierarchy of features from edges to objects.")
ANSWER_1B = ("RNNs are better for sequential data like text or audio where the length is "
             "variable, because the hidden state keeps a memory over time and the network can "
             "take streaming input and learn temporal dependencies.")
ANSWER_3C = ("If each query matches its own key far more than the others and beta is large, the "
             "softmax becomes almost one-hot, so each output is approximately its own value and "
             "the input gets copied.")


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
    return np.linalg.norm(X, axis=1)


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def attention_weights(X):
    return softmax(X @ X.T)


def self_attention(X):
    return attention_weights(X) @ X


for seq in data:
    print(rnn_outputs(seq))
