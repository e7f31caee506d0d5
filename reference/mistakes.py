"""The mistake catalogue: each common wrong answer from the contract as its own function.

Every function has the signature of the graded name it imitates. The rubric says which
mistake targets which item and what feedback names it; the grader matches a student's
failing answers against these outputs. The file uses numpy only and defines no graded
names, so the self-test can append it to the reference and rebind one graded name to a
mistake to build a submission that makes exactly that mistake.
"""
import numpy as np


def _sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _hidden(x, h0, recurrent_weight=-1.0):
    hidden, h = [], float(h0)
    for x_t in np.asarray(x, dtype=float):
        h = x_t + recurrent_weight * h
        hidden.append(h)
    return np.array(hidden)


def _alternating_sum(x):
    x = np.asarray(x, dtype=float)
    T = len(x)
    return float(((-1.0) ** (T - np.arange(1, T + 1))) @ x)


def _softmax_rows(S):
    e = np.exp(S - S.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# --- Question 2 --------------------------------------------------------------------------

def hidden_plus_recurrence(x, h0=0.0):
    """h_t = x_t + h_{t-1}: recurrent weight +1 instead of -1."""
    return _hidden(x, h0, recurrent_weight=1.0)


def outputs_without_factor_1000(x, h0=0.0):
    """y_t = sigmoid(h_t): the output weight 1000 is dropped."""
    return _sigmoid(_hidden(x, h0))


def final_without_factor_1000(x, h0=0.0):
    """y_T = sigmoid(h_T): the output weight 1000 is dropped."""
    T = len(x)
    return float(_sigmoid(_alternating_sum(x) + (-1.0) ** T * float(h0)))


def final_stray_x0(x, h0=0.0):
    """The alternating sum gains a stray x_0 term (the first input counted once more)."""
    x = np.asarray(x, dtype=float)
    T = len(x)
    h_T = _alternating_sum(x) + (-1.0) ** T * x[0] + (-1.0) ** T * float(h0)
    return float(_sigmoid(1000.0 * h_T))


def final_starts_plus_x1(x, h0=0.0):
    """The alternating sum starts with +x_1 (x_1 - x_2 + x_3 ...): every input sign flipped for even T."""
    x = np.asarray(x, dtype=float)
    signs = (-1.0) ** np.arange(len(x))
    h_T = float(signs @ x) + (-1.0) ** len(x) * float(h0)
    return float(_sigmoid(1000.0 * h_T))


def final_without_h0(x, h0=0.0):
    """h_0 is left out of the closed form."""
    return float(_sigmoid(1000.0 * _alternating_sum(x)))


def final_h0_sign_always_plus(x, h0=0.0):
    """h_0 always enters with a + sign, which is wrong for odd T."""
    return float(_sigmoid(1000.0 * (_alternating_sum(x) + float(h0))))


# --- Question 3 --------------------------------------------------------------------------

def norms_squared(X):
    """Squared norms: the square root is missing."""
    return np.sum(np.asarray(X, dtype=float) ** 2, axis=-1)


def norms_of_columns(X):
    """Norms of the columns: the tokens were treated as columns instead of rows."""
    return np.linalg.norm(np.asarray(X, dtype=float), axis=0)


def softmax_without_max_shift(z):
    """exp(z) / sum exp(z) with no max-subtraction: overflows to nan for large inputs."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=float))
        return e / e.sum(axis=-1, keepdims=True)


def softmax_over_columns(z):
    """Softmax over the first axis (columns) instead of the last."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def weights_scaled_by_sqrt_d(X):
    """Scores divided by sqrt(d): this problem uses unscaled dot products."""
    X = np.asarray(X, dtype=float)
    return _softmax_rows(X @ X.T / np.sqrt(X.shape[1]))


def weights_without_max_shift(X):
    """Softmax without max-subtraction: nan once beta is large."""
    X = np.asarray(X, dtype=float)
    return softmax_without_max_shift(X @ X.T)


def weights_over_columns(X):
    """Softmax over each column of the scores instead of each row."""
    X = np.asarray(X, dtype=float)
    return softmax_over_columns(X @ X.T)


def weights_tokens_as_columns(X):
    """Scores X^T X: the tokens were treated as columns instead of rows."""
    X = np.asarray(X, dtype=float)
    return _softmax_rows(X.T @ X)


def outputs_scaled_by_sqrt_d(X):
    """Outputs built from scores divided by sqrt(d)."""
    X = np.asarray(X, dtype=float)
    return weights_scaled_by_sqrt_d(X) @ X


def outputs_without_max_shift(X):
    """Outputs built from a softmax that overflows for large beta."""
    X = np.asarray(X, dtype=float)
    with np.errstate(invalid="ignore"):
        return weights_without_max_shift(X) @ X


def outputs_indices_swapped(X):
    """y_i = sum_j A_ji x_j: the indices of the weighted sum are mixed up (A^T X)."""
    X = np.asarray(X, dtype=float)
    return _softmax_rows(X @ X.T).T @ X


def outputs_over_columns(X):
    """Outputs built from weights normalised over columns instead of rows."""
    X = np.asarray(X, dtype=float)
    return weights_over_columns(X) @ X
