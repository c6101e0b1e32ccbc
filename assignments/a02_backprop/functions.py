"""Activation functions and loss functions (활성화 함수와 손실 함수).

Sources: document 001 §2 (활성화 함수: 계단, 시그모이드, 하이퍼볼릭탄젠트, 렐루, 리키 렐루, 소프트맥스) and §3
(손실함수: MSE, 크로스 엔트로피); document 003 (MSE, BCE, CCE; Leaky ReLU slope 0.01).

All functions take numpy arrays (or scalars) and return new arrays of the same shape (the losses return one
float). None of them modifies its input.
"""
import numpy as np


def step_function(x):
    """Step function (계단 함수): 1 where x > 0, else 0.

    x : ndarray of any shape. Returns an int array (dtype int) of the same shape; x = 0 gives 0.

    요약: 0보다 크면 1, 아니면 0.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def sigmoid(x):
    """Sigmoid (시그모이드 함수): σ(x) = 1 / (1 + exp(−x)), elementwise.

    x : ndarray of any shape (float). Returns a float array of the same shape with values in (0, 1).
    Must not overflow or warn for large |x| (e.g. x = −1000 gives 0, not a warning and NaN): compute it
    in a form that never takes exp of a large positive number (for example via np.tanh: σ(x) = ½(1 + tanh(x/2)),
    or by treating x ≥ 0 and x < 0 separately).

    요약: 1 / (1 + e^(−x)); 큰 |x|에서도 오버플로가 나지 않게 계산하세요.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def tanh(x):
    """Hyperbolic tangent (하이퍼볼릭탄젠트 함수): tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)), elementwise.

    x : ndarray of any shape. Returns a float array in (−1, 1). (np.tanh is allowed: it is stable.)

    요약: 쌍곡탄젠트; 출력 범위 (−1, 1), 원점 대칭.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def relu(x):
    """ReLU (렐루 함수): max(0, x), elementwise.

    x : ndarray of any shape. Returns an array of the same shape (and dtype).

    요약: 음수는 0, 양수는 그대로.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU (리키 렐루 함수): x where x > 0, alpha·x elsewhere.

    x : ndarray of any shape; alpha : the slope for negative inputs.
    Document 003 calls 0.01 the usual slope; document 001 draws max(0.1x, x), i.e. alpha = 0.1. The kit takes the
    slope as a parameter with default 0.01.

    요약: 양수는 그대로, 음수는 alpha배 (기본값 0.01; 문서 001은 0.1 사용).
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def softmax(x):
    """Softmax (소프트맥스 함수) over the last axis: y_k = exp(x_k) / Σ_j exp(x_j).

    x : ndarray of shape (K,) or (N, K) (any leading axes). Returns an array of the same shape whose entries are
    positive and sum to 1 along the last axis.
    Numerically stable: subtract the maximum of each row first (exp(x − max) has the same ratio and never
    overflows), so x = [1000, 1000] gives [0.5, 0.5], not NaN.

    요약: 마지막 축에 대한 소프트맥스; 오버플로를 막기 위해 각 행의 최댓값을 먼저 빼세요.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def mean_squared_error(y, t):
    """Mean squared error (평균 제곱 오차, MSE): mean over every element of (y − t)².

    y, t : arrays of the same shape (predictions and targets). Returns a float.
    Document 001 and 003 define MSE as the mean; compare sum_squared_error below (the worked example's loss).

    요약: (y − t)²의 전체 평균.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def sum_squared_error(y, t):
    """Sum of squared errors, halved (오차제곱합): E = ½ Σ (y − t)² over every element.

    y, t : arrays of the same shape. Returns a float. This is the loss E of the backprop worked example of
    document 001 §6 (E_total = Σ ½(target − output)²).

    요약: ½ Σ (y − t)² (문서 001 역전파 예제의 손실).
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def cross_entropy_error(y, t):
    """Cross-entropy error (교차 엔트로피 오차): E = −(1/N) Σ_n log y[n, t_n].

    y : probabilities, shape (K,) for one sample or (N, K) for a batch.
    t : the labels, either class indices (shape () or (N,)) or one-hot vectors (same shape as y).
    Returns the mean over the batch (a float). A 1-D y is treated as a batch of one.
    The exact value is −log y; the book's guard log(y + 1e-7) is accepted by the checks (which use probabilities
    ≥ 1e-3), but do not clip values in other ways.

    요약: 정답 클래스 확률의 −log를 배치 평균; t는 정답 레이블 또는 원-핫 벡터.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def binary_cross_entropy(y, t):
    """Binary cross-entropy (이진 교차 엔트로피, BCE): mean over every element of
    −[t·log y + (1 − t)·log(1 − y)].

    y : predicted probabilities in (0, 1), any shape; t : targets 0/1 of the same shape. Returns a float
    (document 003).

    요약: −[t log y + (1−t) log(1−y)]의 전체 평균.
    """
    # YOUR CODE HERE
    raise NotImplementedError()
