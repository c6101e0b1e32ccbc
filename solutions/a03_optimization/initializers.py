"""Weight initializers (가중치 초기화, 매개변수 초기값 설정).

This module holds the random initial weights used in the course and the helper that counts the fans:

- ``fan_in_fan_out``  fan-in / fan-out of an Affine matrix (in, out) or a conv kernel (FN, C, FH, FW)
- ``lecun_normal``, ``lecun_uniform``    LeCun initialization (르쿤 초기화), variance 1/fan_in
- ``xavier_normal``, ``xavier_uniform``  Xavier / Glorot initialization (세이비어 / 글로럿 초기화),
                                         variance 2/(fan_in + fan_out)
- ``he_normal``, ``he_uniform``          He initialization (He 초기화), variance 2/fan_in, for ReLU

Sources: document 000 "2. 가중치의 초기값" and 004 "Weight Initialization" (the book's "Xavier" = std 1/√n and
He = std √(2/n)); document 001 part 5 "3. 가중치 초기화" (Glorot and He, uniform and normal); document 002
"Weight (parameter) initialization" (LeCun, Xavier, He, uniform and normal).

Why random: equal initial weights keep every unit of a layer identical forever (대칭성을 무너뜨리기 위해 무작위로
초기화). Why these scales: they keep the variance of the activations (and gradients) roughly constant from
layer to layer, so that sigmoid outputs do not pile up at 0 and 1 (기울기 소실) and ReLU outputs do not die out.

Two names clash between the documents; this kit uses them as follows:

- "Xavier": documents 000 and 004 (and the book) call the normal distribution with std 1/√n "Xavier".
  That is what is elsewhere called LeCun normal, and it is ``lecun_normal`` here. Documents 001 and 002 use
  Xavier = Glorot: std √(2/(n_in + n_out)) or U(±√(6/(n_in + n_out))); ``xavier_normal`` / ``xavier_uniform``
  follow 001 and 002.
- LeCun uniform: document 002 prints U(±√(1/n_in)). A uniform distribution U(−a, a) has variance a²/3, so that
  bound gives variance 1/(3·n_in), not the 1/n_in of LeCun normal. The kit uses a = √(3/n_in), consistent with
  the ±√(6/(n_in+n_out)) of Xavier uniform and the ±√(6/n_in) of He uniform (both are "variance of the normal
  version" × 3 under the root).

Rule for uniform versions: U(−a, a) with a = √(3·variance), the variance being that of the normal version.

Every initializer has the signature ``(shape, rng=None)``: ``shape`` is a 2-D (in, out) or 4-D (FN, C, FH, FW)
shape, ``rng`` a ``numpy.random.Generator`` (``None`` → ``numpy.random.default_rng()``), and it returns a new
float64 array of exactly that shape, deterministic for a given seeded ``rng``.

요약: LeCun, Xavier(Glorot), He 초기화의 정규·균등 분포 버전과 fan_in/fan_out 계산을 구현하는 모듈.
"""

import numpy as np


def fan_in_fan_out(shape):
    """Return (fan_in, fan_out) of a weight shape (입력·출력 연결 수).

    - Affine matrix, shape (in, out) (the book's ``x @ W`` layout): fan_in = in, fan_out = out.
    - Convolution kernel, shape (FN, C, FH, FW) (filters, channels, height, width):
      fan_in = C·FH·FW (inputs seen by one output unit), fan_out = FN·FH·FW.

    Parameters
    ----------
    shape : tuple of int
        A 2-D or 4-D shape (a list is accepted too).

    Returns
    -------
    tuple (int, int)
        ``(fan_in, fan_out)`` as Python ints.

    Raises
    ------
    ValueError
        If ``shape`` has another number of dimensions (1-D, 3-D, ...) or a dimension smaller than 1.

    요약: (in, out) 행렬은 (in, out), (FN, C, FH, FW) 필터는 (C·FH·FW, FN·FH·FW) 를 돌려준다.
    """
    ### BEGIN SOLUTION
    dims = tuple(int(d) for d in np.atleast_1d(shape))
    if len(dims) == 2:
        fan_in, fan_out = dims
    elif len(dims) == 4:
        fn, c, fh, fw = dims
        fan_in = c * fh * fw
        fan_out = fn * fh * fw
    else:
        raise ValueError(
            f"fan_in_fan_out expects a 2-D (in, out) or 4-D (FN, C, FH, FW) shape, got {dims} "
            f"({len(dims)}-D)")
    if min(dims) < 1:
        raise ValueError(f"fan_in_fan_out expects positive dimensions, got {dims}")
    return fan_in, fan_out
    ### END SOLUTION


def lecun_normal(shape, rng=None):
    """LeCun normal initialization (르쿤 정규 분포 초기화).

        W ~ N(0, std²),  std = √(1 / fan_in)

    Document 002 ("LeCun Normal"). This is also what documents 000 and 004 (and the book) call "Xavier":
    std 1/√n with n the number of nodes of the previous layer.

    Parameters
    ----------
    shape : tuple of int
        (in, out) or (FN, C, FH, FW); fans from ``fan_in_fan_out``.
    rng : numpy.random.Generator or None
        Source of randomness; ``None`` → ``np.random.default_rng()``.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``shape``.

    요약: 평균 0, 표준편차 √(1/fan_in) 인 정규 분포 (책의 "Xavier" 초기값과 같음).
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng() if rng is None else rng
    fan_in, _ = fan_in_fan_out(shape)
    std = np.sqrt(1.0 / fan_in)
    return rng.normal(0.0, std, size=tuple(shape)).astype(np.float64, copy=False)
    ### END SOLUTION


def lecun_uniform(shape, rng=None):
    """LeCun uniform initialization (르쿤 균등 분포 초기화).

        W ~ U(−a, a),  a = √(3 / fan_in)        (variance a²/3 = 1/fan_in)

    Document 002 prints the bound as √(1/n_in). U(±√(1/n_in)) has variance 1/(3·n_in), a third of the variance of
    its own LeCun normal, and breaks the pattern of Xavier uniform ±√(6/(n_in+n_out)) and He uniform ±√(6/n_in),
    whose bounds are √3 × the normal std. The kit therefore uses √(3/fan_in) (as Keras' ``lecun_uniform`` does);
    graders accept both bounds, but the reference is √(3/fan_in).

    Parameters
    ----------
    shape : tuple of int
        (in, out) or (FN, C, FH, FW).
    rng : numpy.random.Generator or None
        ``None`` → ``np.random.default_rng()``.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``shape`` with values in [−a, a).

    요약: U(−√(3/fan_in), √(3/fan_in)); 문서 002 의 √(1/n_in) 은 분산이 1/(3·n_in) 이 되어 정규 버전과 맞지 않는다.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng() if rng is None else rng
    fan_in, _ = fan_in_fan_out(shape)
    bound = np.sqrt(3.0 / fan_in)
    return rng.uniform(-bound, bound, size=tuple(shape)).astype(np.float64, copy=False)
    ### END SOLUTION


def xavier_normal(shape, rng=None):
    """Xavier (Glorot) normal initialization (세이비어/글로럿 정규 분포 초기화).

        W ~ N(0, std²),  std = √(2 / (fan_in + fan_out))

    Documents 001 and 002 (Glorot & Bengio); good with S-shaped activations (sigmoid, tanh).
    Naming clash: the book and documents 000 / 004 call std 1/√n "Xavier"; in this kit that is ``lecun_normal``
    (it is also the value ``weight_init_std='xavier'`` gives in a04's MultiLayerNetExtend, to stay with the
    book). ``xavier_normal`` always means the Glorot formula above.

    Parameters
    ----------
    shape : tuple of int
        (in, out) or (FN, C, FH, FW).
    rng : numpy.random.Generator or None
        ``None`` → ``np.random.default_rng()``.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``shape``.

    요약: 표준편차 √(2/(fan_in+fan_out)) 인 정규 분포 (책의 1/√n "Xavier" 는 lecun_normal).
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng() if rng is None else rng
    fan_in, fan_out = fan_in_fan_out(shape)
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=tuple(shape)).astype(np.float64, copy=False)
    ### END SOLUTION


def xavier_uniform(shape, rng=None):
    """Xavier (Glorot) uniform initialization (세이비어/글로럿 균등 분포 초기화).

        W ~ U(−a, a),  a = √(6 / (fan_in + fan_out))     (variance 2/(fan_in + fan_out))

    Documents 001 and 002 (and PyTorch's ``xavier_uniform_`` in 002's example).

    Parameters
    ----------
    shape : tuple of int
        (in, out) or (FN, C, FH, FW).
    rng : numpy.random.Generator or None
        ``None`` → ``np.random.default_rng()``.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``shape`` with values in [−a, a).

    요약: U(−√(6/(fan_in+fan_out)), √(6/(fan_in+fan_out))).
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng() if rng is None else rng
    fan_in, fan_out = fan_in_fan_out(shape)
    bound = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=tuple(shape)).astype(np.float64, copy=False)
    ### END SOLUTION


def he_normal(shape, rng=None):
    """He normal initialization (He 정규 분포 초기화), suited to ReLU (ReLU 에 특화된 초기값).

        W ~ N(0, std²),  std = √(2 / fan_in)

    Documents 000, 001, 002, 004. ReLU zeroes half of its inputs, so the variance is doubled compared with
    LeCun normal to keep the activation scale from layer to layer.

    Parameters
    ----------
    shape : tuple of int
        (in, out) or (FN, C, FH, FW).
    rng : numpy.random.Generator or None
        ``None`` → ``np.random.default_rng()``.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``shape``.

    요약: 평균 0, 표준편차 √(2/fan_in) 인 정규 분포.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng() if rng is None else rng
    fan_in, _ = fan_in_fan_out(shape)
    std = np.sqrt(2.0 / fan_in)
    return rng.normal(0.0, std, size=tuple(shape)).astype(np.float64, copy=False)
    ### END SOLUTION


def he_uniform(shape, rng=None):
    """He uniform initialization (He 균등 분포 초기화).

        W ~ U(−a, a),  a = √(6 / fan_in)        (variance 2/fan_in)

    Documents 001 and 002.

    Parameters
    ----------
    shape : tuple of int
        (in, out) or (FN, C, FH, FW).
    rng : numpy.random.Generator or None
        ``None`` → ``np.random.default_rng()``.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``shape`` with values in [−a, a).

    요약: U(−√(6/fan_in), √(6/fan_in)).
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng() if rng is None else rng
    fan_in, _ = fan_in_fan_out(shape)
    bound = np.sqrt(6.0 / fan_in)
    return rng.uniform(-bound, bound, size=tuple(shape)).astype(np.float64, copy=False)
    ### END SOLUTION
