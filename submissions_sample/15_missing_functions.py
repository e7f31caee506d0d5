# HW3 (partial -- ran out of time, sorry!)
# Grace Kim
import numpy as np

ANSWER_1A = ("CNNs are good for images because the filters look at local regions (local "
             "receptive fields) and the same weights are shared across the image, so there are "
             "far fewer parameters than a dense network. Shared filters make detection "
             "translation equivariant, pooling adds invariance to small shifts, and deeper "
             "layers build a hierarchy of features from simple edges to whole objects.")


def rnn_hidden_states(x, h0=0.0):
    h = []
    prev = h0
    for xt in x:
        prev = xt - prev
        h.append(prev)
    return np.array(h, dtype=float)


def rnn_outputs(x, h0=0.0):
    z = 1000.0 * rnn_hidden_states(x, h0)
    # stable sigmoid
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def token_norms(X):
    return np.linalg.norm(X, axis=1)


print(rnn_hidden_states(np.array([1, 2, 3, 4])))
print(rnn_outputs(np.array([1, 2, 3, 4])))

# TODO: question 3 softmax / attention
