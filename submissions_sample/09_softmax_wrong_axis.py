# HW3  -  Lukas Brandt
# (numpy only, as required)
import numpy as np

ANSWER_1A = ("For images, a CNN is the standard choice because the convolution uses local "
             "receptive fields and shares one small set of weights across the entire image. "
             "That keeps the parameter count small, makes the features translation "
             "equivariant, and together with pooling gives some invariance to shifts. The "
             "stacked layers form a hierarchy, low-level edges first and high-level shapes "
             "later, and the input always has the same fixed size.")

ANSWER_1B = ("For sequences: language, speech, time series or video frames, where the length "
             "is variable and the order matters. The RNN carries a hidden state through time, "
             "so it can work on streaming input step by step and remember context from "
             "earlier steps, which lets it capture temporal dependencies like motion.")

ANSWER_3C = ("A token is copied when its query matches its own key much more than the other "
             "keys. With a large beta the scores become very large, the softmax turns into an "
             "almost one-hot vector, and the output is then approximately the value of that "
             "same token.")


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0,
                    1.0 / (1.0 + np.exp(-np.abs(z))),
                    np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def rnn_hidden_states(x, h0=0.0):
    x = np.asarray(x, dtype=float)
    states = np.zeros_like(x)
    h = h0
    for t in range(x.shape[0]):
        h = x[t] - h
        states[t] = h
    return states


def rnn_outputs(x, h0=0.0):
    return sigmoid(1000 * rnn_hidden_states(x, h0))


def rnn_final_output(x, h0=0.0):
    x = np.asarray(x, dtype=float)
    T = x.shape[0]
    exponents = T - np.arange(1, T + 1)
    hT = np.sum((-1.0) ** exponents * x) + (-1.0) ** T * h0
    return float(sigmoid(1000 * hT))


def token_norms(X):
    return np.sqrt(np.sum(np.square(X), axis=1))


def softmax(z):
    z = np.asarray(z, dtype=float)
    z = z - np.max(z, axis=0, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=0, keepdims=True)


def attention_weights(X):
    S = np.dot(X, X.T)
    return softmax(S)


def self_attention(X):
    return np.dot(attention_weights(X), X)


if __name__ == "__main__":
    print(softmax(np.array([6.0, 0.0, 2.0])))
    X = 2.0 * np.array([[0, 1, 0, 1], [1, 0, 0, 0], [0, 1, 1, 0]], dtype=float)
    print(attention_weights(X))
