"""Checks of a02_backprop: activations and losses, layers with backward passes, TwoLayerNet, and the backprop
worked example of the study-group slides (001).

Grader side. The drivers (:mod:`autograder.drivers.common`, :mod:`autograder.drivers.a02_backprop`) only call the
student's code; every reply is validated here and every verdict is computed here. Each test checks one property;
tests that read different properties of one call share that call (``ctx.call_shared``) and therefore draw their
inputs from one generator per exercise (:func:`_shared_rng`): the run's seed in graded runs, fixed in ``check``.
"""
from __future__ import annotations

import hashlib
import zlib

import numpy as np

from .. import expect, wire
from ..drivers.a02_backprop import (drive_net, drive_net_default_rng, drive_net_inits, drive_net_loss, drive_net_train,
                                    drive_worked_example)
from ..misconceptions import describe as describe_mistake, mistake
from ..registry import Assignment, Fail, T
from .common import as_dict, away_from_zero, drive_function, drive_layer, drive_layer_out, layer_inputs

A = Assignment("a02_backprop", title=T("Backpropagation", "오차역전파법"),
               files=("functions.py", "layers.py", "network.py"))

mistake("softmax_unstable", "softmax without subtracting the maximum", "최댓값을 빼지 않은 소프트맥스",
        "exp of a large score overflows to inf and inf/inf gives NaN: subtract the row maximum before exp.",
        "큰 점수의 exp가 inf로 넘쳐 inf/inf = NaN이 됩니다: exp 전에 각 행의 최댓값을 빼세요.")
mistake("softmax_wrong_axis", "softmax normalized over the wrong axis", "잘못된 축으로 정규화한 소프트맥스",
        "For a batch (N, K) each row (the last axis) must sum to 1: reduce over the last axis and keep it as a "
        "dimension of size 1 (keepdims) so the division goes row by row.",
        "배치 (N, K)에서는 각 행(마지막 축)의 합이 1이어야 합니다: 마지막 축으로 합하고 크기 1인 차원으로 남겨(keepdims) "
        "행별로 나누세요.")
mistake("softmax_whole_array", "softmax normalized over the whole batch", "배치 전체로 정규화한 소프트맥스",
        "You divided by the sum over every element: normalize each sample (row) separately.",
        "모든 원소의 합으로 나누었습니다: 샘플(행)마다 따로 정규화하세요.")
mistake("leaky_alpha_ignored", "the alpha argument is ignored", "alpha 인자를 무시함",
        "Use the slope passed as alpha instead of a fixed number.", "고정된 숫자 대신 인자로 받은 alpha를 기울기로 쓰세요.")
mistake("mse_is_sum", "MSE summed instead of averaged", "MSE를 평균 대신 합으로 계산",
        "mean_squared_error is the mean over every element, not the sum.",
        "mean_squared_error는 모든 원소에 대한 평균이지 합이 아닙니다.")
mistake("mse_halved", "MSE with a factor ½", "MSE에 ½을 곱함",
        "The ½ belongs to sum_squared_error, not to the mean squared error.",
        "½은 sum_squared_error의 것이지 평균 제곱 오차에는 없습니다.")
mistake("sse_not_halved", "sum of squares without the factor ½", "½을 빠뜨린 오차제곱합",
        "E is ½ Σ (y − t)²: the sum is halved.", "E는 ½ Σ (y − t)²입니다: 합에 ½을 곱합니다.")
mistake("sse_is_mean", "sum of squares averaged", "오차제곱합을 평균으로 계산",
        "sum_squared_error sums over every element (the worked example's E_total), it does not average.",
        "sum_squared_error는 모든 원소를 더합니다 (역전파 예제의 E_total); 평균을 내지 않습니다.")
mistake("ce_not_averaged", "cross entropy summed over the batch", "교차 엔트로피를 배치에 대해 합함",
        "Divide the sum of −log y by the batch size N.", "−log y의 합을 배치 크기 N으로 나누세요.")
mistake("ce_clipped", "loss clipped by a 1e-7 guard", "1e-7 보정으로 잘린 손실",
        "log(y + 1e-7) caps the loss at 16.1 and shifts every small probability; compute the loss from the logits "
        "with log-sum-exp so it stays exact.",
        "log(y + 1e-7)은 손실을 16.1에서 자르고 작은 확률을 모두 바꿉니다; 로짓에서 log-sum-exp로 계산해 정확한 값을 "
        "유지하세요.")
mistake("relu_mask_from_dout", "ReLU backward masked by dout instead of x", "ReLU 역전파에서 x 대신 dout으로 마스크",
        "The gradient passes where the forward INPUT was positive; remember that mask in forward.",
        "기울기는 순전파 입력이 양수였던 위치로만 흐릅니다; 순전파에서 그 마스크를 저장하세요.")
mistake("sigmoid_grad_from_input", "sigmoid derivative computed from the input", "입력으로 계산한 시그모이드 미분",
        "σ'(x) is y(1 − y) with y the forward OUTPUT, not x(1 − x).", "σ'(x)는 y(1 − y)이고 y는 순전파 출력입니다 (x(1 − x)가 아님).")
mistake("tanh_grad_from_input", "tanh derivative computed from the input", "입력으로 계산한 tanh 미분",
        "tanh'(x) is 1 − y² with y the forward OUTPUT, not 1 − x².", "tanh'(x)는 1 − y²이고 y는 순전파 출력입니다 (1 − x²가 아님).")
mistake("db_not_summed", "bias gradient not summed over the batch", "편향 기울기를 배치에 대해 합하지 않음",
        "Every sample adds to the same bias, so db is dout summed over the batch axis; it has the shape of b.",
        "모든 샘플이 같은 편향에 기여하므로 db는 dout을 배치 축으로 합한 것이며 b와 형상이 같습니다.")
mistake("db_averaged", "bias gradient averaged instead of summed", "편향 기울기를 합 대신 평균",
        "The 1/N already is in the loss's gradient; the Affine layer sums dout over the batch.",
        "1/N은 이미 손실의 기울기에 들어 있습니다; Affine 계층은 dout을 배치에 대해 합합니다.")
mistake("dx_not_reshaped", "dx not reshaped to the input's shape", "dx를 입력 형상으로 되돌리지 않음",
        "For inputs with more than 2 dims, give dx back the original shape of x (remember it in forward).",
        "2차원보다 큰 입력이면 dx를 원래 x의 형상으로 되돌리세요 (순전파에서 형상을 기억해 두세요).")
mistake("dout_ignored", "backward ignores dout", "역전파에서 dout을 무시함",
        "Multiply the local gradient by the upstream gradient dout (chain rule, 연쇄 법칙).",
        "국소 기울기에 상류 기울기 dout을 곱하세요 (연쇄 법칙).")
mistake("softmax_grad_not_divided", "softmax-with-loss gradient not divided by N", "Softmax-with-Loss 기울기를 N으로 나누지 않음",
        "The loss is a mean over the batch, so its gradient is (y − t)/N.", "손실이 배치 평균이므로 기울기는 (y − t)/N입니다.")
mistake("params_not_shared", "layers use copies of params", "계층이 params의 복사본을 사용",
        "Build the Affine layers with the arrays of self.params themselves, so an in-place update reaches them.",
        "Affine 계층을 self.params의 배열 자체로 만드세요; 그래야 제자리 갱신이 계층에 반영됩니다.")
mistake("sigmoid_overflow", "sigmoid overflows for large |x|", "큰 |x|에서 넘치는 시그모이드",
        "1/(1 + e^(−x)) computes e^1000 at x = −1000: the value still comes out as 0, but numpy warns about the "
        "overflow. Use a form that never exponentiates a large positive number: σ(x) equals ½(1 + tanh(x/2)), and for "
        "x < 0 it equals eˣ/(1 + eˣ).",
        "1/(1 + e^(−x))는 x = −1000에서 e^1000을 계산합니다: 값은 0으로 나오지만 numpy가 오버플로 경고를 냅니다. 큰 "
        "양수를 지수로 쓰지 않는 식을 쓰세요: σ(x)는 ½(1 + tanh(x/2))와 같고, x < 0이면 eˣ/(1 + eˣ)와도 같습니다.")
mistake("overflow_warning", "overflow while computing the result", "계산 중 오버플로",
        "The values are right but computing them overflowed (numpy's RuntimeWarning): arrange the formula so that "
        "exp only sees scores minus their row maximum (every exponent ≤ 0).",
        "값은 맞지만 계산 중 오버플로가 났습니다 (numpy의 RuntimeWarning): exp에는 각 행의 최댓값을 뺀 점수만 들어가도록 "
        "(모든 지수 ≤ 0) 식을 바꾸세요.")

RTOL, ATOL = 1e-7, 1e-9


def _shared_rng(ctx, tag: str) -> np.random.Generator:
    """One generator per exercise and tag, so tests that read different properties of one call draw the same inputs
    (and share the call): from the run's seed in graded runs, fixed in ``check``."""
    seed = ctx.runner.seed if ctx.fresh else 0
    return np.random.default_rng([seed, zlib.crc32(f"{ctx.exercise.id}::{tag}".encode())])


def _expected(ctx, driver, *args):
    """``ctx.expected``; in graded runs (the reference computed live, deterministic) once per exercise for identical
    arguments, so tests that read different properties of one call share the reference's reply too."""
    if not ctx.fresh:
        return ctx.expected(driver, *args)
    key = "a02:expected:" + hashlib.sha256(f"{driver.__module__}:{driver.__name__}".encode()
                                           + wire.dumps(list(args))).hexdigest()
    cache = ctx.runner.shared
    if key not in cache:
        cache[key] = ctx.expected(driver, *args)
    return cache[key]


def _gradient_check(ctx, inputs: dict, res: dict, wrt: dict, *, batch_size=None, threshold=1e-6):
    """As :func:`checks.common.run_gradient_check`: the gradients the student's backward gave must equal the
    reference's backward on the same inputs and dout (``wrt`` maps input names to (result key, display name))."""
    analytic, names = {}, {}
    expect.unwrap(res.get("dx"))   # backward itself raised: that error, not "dW is None"
    for name, (key, disp) in wrt.items():
        grad = expect.unwrap(res.get(key))
        if grad is None:
            raise Fail(T(f"{disp.en} is None: backward must set it", f"{disp.ko}이(가) None입니다: backward에서 설정해야 합니다"))
        analytic[name] = expect.array(grad, disp)
        names[name] = disp
    want = _expected(ctx, drive_layer, inputs)
    reference = {name: want[key] for name, (key, _) in wrt.items()}
    forward_inputs = {k: v for k, v in inputs.items() if k != "dout"}
    ctx.check_gradients(drive_layer_out, forward_inputs, analytic, dout=inputs.get("dout"), reference=reference,
                        threshold=threshold, names=names, batch_size=batch_size)


def _bad_warnings(warned) -> list[str]:
    """The numerical warnings that mean something went wrong (overflow, invalid value, division by zero); underflow to
    0 is what a correct stable formula does."""
    if not isinstance(warned, list):
        return []
    keep = ("overflow", "invalid value", "divide by zero")
    return [w for w in warned if isinstance(w, str) and any(k in w for k in keep)]


def _list(value, n: int, what) -> list:
    value = expect.unwrap(value)
    if not isinstance(value, list) or len(value) != n:
        kind = f"a list of {len(value)}" if isinstance(value, list) else type(value).__name__
        raise Fail(T(f"{what.en}: expected a list of {n}, got {kind}", f"{what.ko}: 길이 {n}인 리스트여야 하는데 {kind}입니다"))
    return value


# ========================================================================================== functions.py
FUNC_KO = {"step_function": "계단 함수", "sigmoid": "시그모이드 함수", "tanh": "하이퍼볼릭탄젠트 함수", "relu": "렐루 함수",
           "leaky_relu": "리키 렐루 함수", "softmax": "소프트맥스 함수", "mean_squared_error": "평균 제곱 오차",
           "sum_squared_error": "오차제곱합", "cross_entropy_error": "교차 엔트로피 오차",
           "binary_cross_entropy": "이진 교차 엔트로피"}


def _func_exercise(name, hint):
    return A.exercise(f"functions.{name}", targets=[f"functions.{name}"], title=T(name, FUNC_KO[name]), hint=hint)


def _fcall(ctx, name, args, kwargs=None, *, shared=True) -> dict:
    call = ctx.call_shared if shared else ctx.call
    return as_dict(call(drive_function, "functions", name, args, kwargs), T(f"{name}(...)", f"{FUNC_KO[name]}(...)"))


def _compare_out(ctx, name, args, kwargs=None, *, what=None, rtol=RTOL, atol=ATOL, mistakes=None, scalar=False,
                 want=None, shared=True) -> dict:
    """The output of ``name(*args, **kwargs)`` equals the reference's (named mistakes recognised)."""
    what = what or T(f"{name}(...)", f"{FUNC_KO[name]}(...)")
    got = _fcall(ctx, name, args, kwargs, shared=shared)
    if want is None:
        want = _expected(ctx, drive_function, "functions", name, args, kwargs)["out"]
    mistakes = mistakes(want) if callable(mistakes) else mistakes
    if scalar:
        expect.scalar_close(got.get("out"), float(want), what, rtol=rtol, atol=atol, mistakes=mistakes)
    else:
        expect.close(got.get("out"), want, what, rtol=rtol, atol=atol, mistakes=mistakes)
    return got


def _no_warning(got: dict, what, key: str, en: str, ko: str):
    """The values were right; numerical warnings (overflow …) while computing them still fail the test."""
    bad = _bad_warnings(got.get("warnings"))
    if bad:
        name, advice = describe_mistake(key)
        raise Fail(T(f"{what.en}: the values are right, but computing them raised {bad[0]!r}. {en} It matches a known "
                     f"mistake: {name.en}. {advice.en}",
                     f"{what.ko}: 값은 맞지만 계산 중 {bad[0]!r} 경고가 발생했습니다. {ko} 알려진 실수와 일치합니다: "
                     f"{name.ko}. {advice.ko}"), key)


def _arguments_test(ex, name, make_args, *, requires, kwargs=None, points=0.5):
    """'does not modify its arguments', read from the call of the values test ``requires`` (shared). Whether the
    arguments changed can only be observed inside the student's process, so the test counts once that values test
    (checked against the reference) passes."""

    @ex.test(T("does not modify its arguments", "인자를 수정하지 않음"), points=points, requires=(requires,))
    def _(ctx):
        args = make_args(_shared_rng(ctx, "main"))
        r = _fcall(ctx, name, args, kwargs)
        what = T(f"{name}(...)", f"{FUNC_KO[name]}(...)")
        after = _list(r.get("args_after"), len(args), T(f"{what.en}: the arguments after the call",
                                                          f"{what.ko}: 호출 후 인자"))
        for i, a in enumerate(args):
            if isinstance(a, np.ndarray):
                expect.unchanged(a, after[i], T(f"{what.en}: argument {i + 1}", f"{what.ko}: 인자 {i + 1}"))


EDGE = [0.0, -1000.0, 1000.0, -1e-3, 1e-3, 30.0, -30.0, 709.0, -745.0]


def _edge_values(rng) -> np.ndarray:
    """The fixed edge values (0, ±1000, …) mixed with fresh ones in a random order (so the exact call never repeats)."""
    fresh = np.concatenate([rng.uniform(-1000, 1000, size=4), rng.standard_normal(3) * 30,
                            rng.uniform(1e-4, 1e-2, size=2) * rng.choice([-1, 1], size=2)])
    x = np.concatenate([np.array(EDGE), fresh])
    return x[rng.permutation(x.size)]


def _elementwise_exercise(name, hint, *, mistakes=None, warn=None, edge_points=1.0):
    ex = _func_exercise(name, hint)

    def batch(rng):
        return [away_from_zero(rng, (4, 5), margin=0.01) * 2]

    @ex.test(T("values on a batch", "배치에서의 값"), points=1)
    def _(ctx):
        (x,) = batch(_shared_rng(ctx, "main"))
        _compare_out(ctx, name, [x], mistakes=mistakes and (lambda want: mistakes(x, want)))

    @ex.test(T("edge values (0, large |x|, 1-D input)", "경계값 (0, 큰 |x|, 1차원 입력)"), points=edge_points)
    def _(ctx):
        x = _edge_values(ctx.rng)
        what = T(f"{name}(x) for x = 0, ±1000, … (1-D)", f"{FUNC_KO[name]}(x), x = 0, ±1000, … (1차원)")
        got = _compare_out(ctx, name, [x], what=what, mistakes=mistakes and (lambda want: mistakes(x, want)))
        if warn:
            _no_warning(got, what, *warn)

    _arguments_test(ex, name, batch, requires="values on a batch")

    @ex.test(T("fresh random shapes", "새 무작위 형상"), points=0.5, hidden=True)
    def _(ctx):
        for shape in [(7,), (3, 4), (2, 3, 4)]:
            x = ctx.rng.standard_normal(shape) * 3
            _compare_out(ctx, name, [x], shared=False)
    return ex


mistake("step_at_zero", "step function gives 1 at x = 0", "x = 0에서 1을 출력하는 계단 함수",
        "The step is 1 only where x > 0 (strictly): at exactly 0 it gives 0.", "x > 0일 때만 1입니다 (엄격한 부등호): 정확히 0이면 0.")
mistake("sigmoid_sign", "sigmoid with the sign of x flipped", "x의 부호가 뒤집힌 시그모이드",
        "σ(x) is 1 / (1 + exp(−x)): note the minus sign in the exponent.", "σ(x)는 1 / (1 + exp(−x)): 지수의 음수 부호에 주의하세요.")
mistake("relu_is_step", "ReLU returns the mask instead of the values", "ReLU가 값 대신 마스크를 반환",
        "ReLU keeps the positive values themselves; returning whether x > 0 is the step function.",
        "ReLU는 양수 값 자체를 남깁니다; x > 0인지 여부를 반환하면 계단 함수입니다.")

_elementwise_exercise(
    "step_function",
    T("The step function is 1 where the input is strictly positive and 0 elsewhere, 0 itself included (the "
      "study-group slides, 001: activation functions). It works elementwise on an array of any shape and returns "
      "integers.",
      "계단 함수는 입력이 0보다 큰 곳에서 1, 나머지(0 포함)에서 0입니다 (스터디 발표 자료 001, 활성화 함수). 임의 형상의 "
      "배열에 원소별로 적용하고 정수를 반환합니다."),
    mistakes=lambda x, want: {"step_at_zero": np.where(x == 0, 1.0, want)})
_elementwise_exercise(
    "sigmoid",
    T("σ(x) is 1/(1 + e^(−x)), elementwise. Written that way, e^(−x) overflows for x far below 0 (x = −1000 needs "
      "e^1000) and numpy warns: use an equivalent form that never exponentiates a large positive number — σ(x) "
      "equals ½(1 + tanh(x/2)), and for negative x it also equals eˣ/(1 + eˣ).",
      "σ(x)는 원소별로 1/(1 + e^(−x))입니다. 그대로 쓰면 x가 아주 작을 때 e^(−x)가 넘치고 (x = −1000이면 e^1000) numpy가 "
      "경고합니다: 큰 양수를 지수로 쓰지 않는 같은 식을 쓰세요 — σ(x)는 ½(1 + tanh(x/2))와 같고, x가 음수이면 "
      "eˣ/(1 + eˣ)와도 같습니다."),
    mistakes=lambda x, want: {"sigmoid_sign": 1.0 - want},
    warn=("sigmoid_overflow",
          "The sigmoid must stay silent for |x| up to 1000: use a form that never exponentiates a large positive "
          "number.",
          "시그모이드는 |x| ≤ 1000에서 경고 없이 계산되어야 합니다: 큰 양수를 지수로 쓰지 않는 식을 쓰세요."))
_elementwise_exercise(
    "tanh",
    T("tanh(x) is (eˣ − e^(−x))/(eˣ + e^(−x)), elementwise, with values in (−1, 1). Written out literally it gives "
      "inf/inf for |x| near 1000; numpy's own tanh is stable and allowed.",
      "tanh(x)는 원소별로 (eˣ − e^(−x))/(eˣ + e^(−x))이고 값은 (−1, 1)에 있습니다. 그대로 쓰면 |x|가 1000 근처일 때 "
      "inf/inf가 됩니다; numpy의 tanh는 안정적이며 써도 됩니다."),
    mistakes=lambda x, want: {"sign_flipped": -want})
_elementwise_exercise(
    "relu",
    T("ReLU keeps the positive inputs as they are and replaces the others by 0, elementwise (max(0, x) in the "
      "study-group slides, 001). It returns the values, not a mask of where they are positive.",
      "ReLU는 원소별로 양수 입력은 그대로 두고 나머지는 0으로 바꿉니다 (스터디 발표 자료 001의 max(0, x)). 양수 위치를 "
      "나타내는 마스크가 아니라 값을 반환합니다."),
    mistakes=lambda x, want: {"relu_is_step": (want > 0).astype(float)})

leaky = _func_exercise(
    "leaky_relu",
    T("Leaky ReLU passes positive inputs unchanged and multiplies the others by the slope alpha. The slope is an "
      "argument: 0.01 by default (the Keras regularization post, 003), 0.1 in the study-group slides (001) — use "
      "the alpha you are given.",
      "리키 렐루는 양수 입력은 그대로, 나머지는 기울기 alpha를 곱합니다. 기울기는 인자입니다: 기본값 0.01 (Keras 규제 "
      "블로그 글, 003), 스터디 발표 자료(001)는 0.1 — 전달받은 alpha를 쓰세요."))


def _leaky_x(rng):
    return [away_from_zero(rng, (3, 6), margin=0.01) * 2]


@leaky.test(T("default slope 0.01", "기본 기울기 0.01"), points=1)
def _(ctx):
    (x,) = _leaky_x(_shared_rng(ctx, "main"))
    _compare_out(ctx, "leaky_relu", [x])


@leaky.test(T("the slope alpha is a parameter (0.1 as in document 001, 0.25)", "기울기 alpha는 인자 (문서 001의 0.1, 0.25)"),
            points=1)
def _(ctx):
    x = away_from_zero(ctx.rng, (3, 6), margin=0.01) * 2
    for alpha in (0.1, 0.25, float(np.round(ctx.rng.uniform(0.02, 0.5), 3))):
        cands = {"leaky_alpha_ignored": np.where(x > 0, x, 0.01 * x)}
        _compare_out(ctx, "leaky_relu", [x], {"alpha": alpha}, mistakes=cands, shared=False,
                     what=T(f"leaky_relu(x, alpha={alpha})", f"리키 렐루(x, alpha={alpha})"))


_arguments_test(leaky, "leaky_relu", _leaky_x, requires="default slope 0.01")


@leaky.test(T("fresh random inputs and slopes", "새 무작위 입력과 기울기"), points=0.5, hidden=True)
def _(ctx):
    x = ctx.rng.standard_normal((5, 4)) * 3
    _compare_out(ctx, "leaky_relu", [x], {"alpha": float(ctx.rng.uniform(0.02, 0.5))}, shared=False)


softmax = _func_exercise(
    "softmax",
    T("softmax turns each row of scores into probabilities: the exp of each score divided by the sum of the exps of "
      "its row (the last axis). Subtracting the row's maximum from every score first gives the same fractions and "
      "keeps every exponent ≤ 0, so scores of ±1000 neither overflow nor give NaN. Keep the reduced axis as a "
      "dimension of size 1 so the division goes row by row; a 1-D input is one row.",
      "소프트맥스는 점수의 각 행을 확률로 바꿉니다: 각 점수의 exp를 그 행(마지막 축)의 exp 합으로 나눕니다. 먼저 각 점수에서 "
      "행의 최댓값을 빼도 비율은 같고 모든 지수가 0 이하가 되어, ±1000의 점수에서도 넘치거나 NaN이 되지 않습니다. "
      "합한 축을 크기 1인 차원으로 남겨 행별로 나누세요; 1차원 입력은 행 하나입니다."))


def _softmax_mistakes(ctx, x):
    def wrong_axis():
        return _expected(ctx, drive_function, "functions", "softmax", [x.T])["out"].T

    def whole():
        flat = _expected(ctx, drive_function, "functions", "softmax", [x.reshape(-1)])["out"]
        return flat.reshape(x.shape)
    return {"softmax_wrong_axis": wrong_axis, "softmax_whole_array": whole}


def _softmax_batch(rng):
    return [rng.standard_normal((4, 5)) * 2]


@softmax.test(T("rows of a batch sum to 1 and match", "배치의 각 행의 합이 1이고 값이 일치"), points=1)
def _(ctx):
    (x,) = _softmax_batch(_shared_rng(ctx, "main"))
    want = _expected(ctx, drive_function, "functions", "softmax", [x])["out"]
    mist = {k: f() for k, f in _softmax_mistakes(ctx, x).items()}  # in a fixed order so the stored values line up
    _compare_out(ctx, "softmax", [x], want=want, mistakes=mist)


@softmax.test(T("one vector (1-D input)", "벡터 하나 (1차원 입력)"), points=0.5)
def _(ctx):
    _compare_out(ctx, "softmax", [ctx.rng.standard_normal(6)], shared=False)


def _large_scores(rng):
    fixed = np.array([[1000.0, 1000.0, 990.0], [-1000.0, -999.0, -1001.0], [0.0, 800.0, -800.0]])
    fresh = rng.uniform(-1000, 1000, size=(3, 3))
    fresh[0, int(rng.integers(3))] = float(rng.choice([-1000.0, 1000.0]))
    x = np.concatenate([fixed, fresh])
    return x[rng.permutation(len(x))]


@softmax.test(T("large scores: no overflow, no NaN", "큰 점수: 오버플로·NaN 없음"), points=1)
def _(ctx):
    x = _large_scores(ctx.rng)
    what = T("softmax of scores around ±1000", "±1000 근처 점수의 소프트맥스")
    got = _fcall(ctx, "softmax", [x], shared=False)
    out = expect.unwrap(got.get("out"))
    if isinstance(out, np.ndarray) and out.shape == x.shape and out.dtype.kind in "biuf" \
            and not np.all(np.isfinite(out.astype(float))):
        raise expect.named_mistake(what, "softmax_unstable", T(" (NaN or inf)", " (NaN 또는 inf)"))
    want = _expected(ctx, drive_function, "functions", "softmax", [x])["out"]
    expect.close(out, want, what)
    _no_warning(got, what, "overflow_warning", "softmax must stay silent for scores up to ±1000.",
                "소프트맥스는 ±1000까지의 점수에서 경고 없이 계산되어야 합니다.")


_arguments_test(softmax, "softmax", _softmax_batch, requires="rows of a batch sum to 1 and match")


@softmax.test(T("fresh random batches", "새 무작위 배치"), points=1, hidden=True)
def _(ctx):
    for shape in [(2, 7), (5, 3), (3, 2, 4)]:
        _compare_out(ctx, "softmax", [ctx.rng.standard_normal(shape) * 5], shared=False)


def _loss_exercise(name, hint, make_inputs, mistakes=None):
    ex = _func_exercise(name, hint)

    @ex.test(T("value on a batch", "배치에서의 값"), points=2)
    def _(ctx):
        args = make_inputs(_shared_rng(ctx, "main"), 4)
        _compare_out(ctx, name, args, scalar=True, mistakes=mistakes and (lambda want: mistakes(args, float(want))))

    _arguments_test(ex, name, lambda rng: make_inputs(rng, 4), requires="value on a batch")

    @ex.test(T("fresh random batches", "새 무작위 배치"), points=0.5, hidden=True)
    def _(ctx):
        for n in (1, 3, 8):
            _compare_out(ctx, name, make_inputs(ctx.rng, n), scalar=True, shared=False)
    return ex


def _regression_pair(rng, n):
    return [rng.standard_normal((n, 3)), rng.standard_normal((n, 3))]


mistake("mse_sum_halved", "MSE computed as ½ Σ (sum of squares)", "MSE를 ½ Σ(오차제곱합)로 계산",
        "That is sum_squared_error; MSE is the mean of the squared errors.",
        "그것은 sum_squared_error입니다; MSE는 제곱 오차의 평균입니다.")
_loss_exercise("mean_squared_error",
               T("Mean squared error: the average of (y − t)² over every element of the arrays (the study-group "
                 "slides, 001, and the Keras regularization post, 003) — no ½ factor, and a mean, not a sum.",
                 "평균 제곱 오차: 배열의 모든 원소에 대한 (y − t)²의 평균 (스터디 발표 자료 001, Keras 규제 블로그 글 003) — "
                 "½ 없음, 합이 아니라 평균."),
               _regression_pair,
               lambda args, w: {"mse_is_sum": w * args[0].size, "mse_halved": w / 2,
                                "sse_not_halved": w * args[0].size, "mse_sum_halved": w * args[0].size / 2})
mistake("sse_is_half_mean", "sum of squares averaged (with ½)", "½을 곱해 평균한 오차제곱합",
        "sum_squared_error sums over every element, it does not average.", "sum_squared_error는 평균을 내지 않고 모두 더합니다.")
_loss_exercise("sum_squared_error",
               T("Half the sum of squared errors, ½ Σ (y − t)² over every element: the loss E of the worked backprop "
                 "example in the study-group slides (001). A sum, not a mean.",
                 "오차제곱합의 절반, 모든 원소에 대한 ½ Σ (y − t)²: 스터디 발표 자료(001) 역전파 예제의 손실 E입니다. 평균이 "
                 "아니라 합."),
               _regression_pair,
               lambda args, w: {"sse_not_halved": 2 * w, "sse_is_mean": w * 2 / args[0].size,
                                "sse_is_half_mean": w / args[0].size})


def _probs(rng, n, k=4):
    p = rng.uniform(0.05, 1.0, size=(n, k))
    return p / p.sum(axis=1, keepdims=True)


ce = _func_exercise(
    "cross_entropy_error",
    T("Cross entropy is the mean over the batch of −log y of each sample's correct class. Labels come either as "
      "class indices or as one-hot rows (the position of the 1 is the class); a 1-D y is a batch of one sample.",
      "교차 엔트로피는 각 샘플의 정답 클래스 확률 y에 대한 −log y를 배치에 대해 평균한 것입니다. 레이블은 클래스 번호이거나 "
      "원-핫 행(1의 위치가 클래스)입니다; 1차원 y는 샘플 하나짜리 배치입니다."))
CE_RTOL = 1e-4  # the book's log(y + 1e-7) guard is accepted: y >= 1e-3 keeps its error below 1e-4


def _ce_batch(rng, n=5):
    return [_probs(rng, n), rng.integers(0, 4, size=n)]


@ce.test(T("labels as class indices", "클래스 번호 레이블"), points=1)
def _(ctx):
    args = _ce_batch(_shared_rng(ctx, "main"))
    _compare_out(ctx, "cross_entropy_error", args, scalar=True, rtol=CE_RTOL,
                 mistakes=lambda w: {"ce_not_averaged": float(w) * 5})


@ce.test(T("labels as one-hot vectors", "원-핫 레이블"), points=1)
def _(ctx):
    y = _probs(ctx.rng, 5)
    t = np.eye(4)[ctx.rng.integers(0, 4, size=5)]
    _compare_out(ctx, "cross_entropy_error", [y, t], scalar=True, rtol=CE_RTOL, shared=False,
                 mistakes=lambda w: {"ce_not_averaged": float(w) * 5})


@ce.test(T("one sample (1-D y)", "샘플 하나 (1차원 y)"), points=0.5)
def _(ctx):
    y = _probs(ctx.rng, 1)[0]
    _compare_out(ctx, "cross_entropy_error", [y, np.eye(4)[int(ctx.rng.integers(4))]], scalar=True, rtol=CE_RTOL,
                 shared=False)


_arguments_test(ce, "cross_entropy_error", _ce_batch, requires="labels as class indices")


@ce.test(T("fresh random batches", "새 무작위 배치"), points=1, hidden=True)
def _(ctx):
    for n in (2, 9):
        y = _probs(ctx.rng, n, 6)
        _compare_out(ctx, "cross_entropy_error", [y, ctx.rng.integers(0, 6, size=n)], scalar=True, rtol=CE_RTOL,
                     shared=False)


def _bce_inputs(rng, n):
    return [rng.uniform(0.02, 0.98, size=(n, 2)), rng.integers(0, 2, size=(n, 2)).astype(float)]


_loss_exercise("binary_cross_entropy",
               T("Binary cross entropy is the mean over every element of −[t·log y + (1 − t)·log(1 − y)] (the Keras "
                 "regularization post, 003): the first term counts where t is 1, the second where t is 0.",
                 "이진 교차 엔트로피는 모든 원소에 대한 −[t·log y + (1 − t)·log(1 − y)]의 평균입니다 (Keras 규제 블로그 글, "
                 "003): 첫 항은 t가 1인 곳, 둘째 항은 t가 0인 곳을 셉니다."),
               _bce_inputs,
               lambda args, w: {"ce_not_averaged": w * args[0].size, "sign_flipped": -w})


# ========================================================================================== layers.py
LAYER_KO = {"Relu": "렐루 계층", "LeakyRelu": "리키 렐루 계층", "Sigmoid": "시그모이드 계층", "Tanh": "하이퍼볼릭탄젠트 계층",
            "Affine": "Affine 계층", "SoftmaxWithLoss": "Softmax-with-Loss 계층", "SumSquaredLoss": "오차제곱합 손실 계층"}


def _layer(ctx, inputs, *, shared=True) -> dict:
    call = ctx.call_shared if shared else ctx.call
    cls = inputs["__spec__"]["cls"]
    return as_dict(call(drive_layer, inputs), T(f"{cls} (forward and backward)", f"{LAYER_KO[cls]} (순전파와 역전파)"))


def _named_first(got, want, candidates: dict, what):
    """Before a gradient comparison: a wrong result equal to a known mistake's value is reported as that mistake."""
    got = expect.unwrap(got)
    if not isinstance(got, np.ndarray) or expect.matches(got, want, 1e-6, 1e-9):
        return
    for key, cand in candidates.items():
        cand = cand() if callable(cand) else cand
        if cand is not None and expect.matches(got, cand, 1e-6, 1e-9):
            raise expect.named_mistake(what, key)


def _layer_arguments_test(ex, make_inputs, fwd_names, *, requires, points=0.5):
    """'does not modify its arguments': the forward arguments and backward's dout are unchanged after the calls (read
    from the shared call of the forward test). Only observable inside the student's process, so the test counts once
    the forward test ``requires`` (checked against the reference) passes."""

    @ex.test(T("does not modify its arguments (forward and backward)", "인자를 수정하지 않음 (순전파와 역전파)"),
             points=points, requires=(requires,))
    def _(ctx):
        inp = make_inputs(_shared_rng(ctx, "main"))
        res = _layer(ctx, inp)
        cls = inp["__spec__"]["cls"]
        after = as_dict(res.get("inputs_after"), T(f"{cls}: the forward arguments after the calls",
                                                   f"{cls}: 호출 후 순전파 인자"))
        for n in fwd_names:
            if n not in after:
                raise Fail(T(f"{cls}: the forward argument {n} did not come back", f"{cls}: 순전파 인자 {n}이(가) 돌아오지 않았습니다"))
            expect.unchanged(inp[n], after[n], T(f"{cls}.forward: argument {n}", f"{cls}.forward: 인자 {n}"))
        if isinstance(inp.get("dout"), np.ndarray):
            expect.unchanged(inp["dout"], res.get("dout_after"), T(f"{cls}.backward: argument dout",
                                                                   f"{cls}.backward: 인자 dout"))


def _activation_exercise(cls, hint, *, ctor_kw=None, backward_mistakes=None, large=None, backward_points=1.5):
    ex = A.exercise(f"layers.{cls}", targets=[f"layers.{cls}"], title=T(f"{cls} layer", LAYER_KO[cls]), hint=hint)
    ctor_keys = dict(ctor_kw or {})

    def inputs(rng, shape):
        kw = {k: (v(rng) if callable(v) else v) for k, v in ctor_keys.items()}
        x = away_from_zero(rng, shape, margin=0.02) * 1.5
        return layer_inputs("layers", cls, ctor_kw={k: k for k in kw}, **kw, x=x, dout=rng.standard_normal(shape))

    main = lambda rng: inputs(rng, (3, 4))  # noqa: E731

    @ex.test(T("forward matches the reference", "순전파가 참조 답안과 일치"), points=1)
    def _(ctx):
        inp = main(_shared_rng(ctx, "main"))
        res = _layer(ctx, inp)
        want = _expected(ctx, drive_layer, inp)
        expect.close(res.get("out"), want["out"], T("forward output", "순전파 출력"))

    @ex.test(T("backward matches the correct gradient", "역전파가 올바른 기울기와 일치"), points=backward_points)
    def _(ctx):
        inp = main(_shared_rng(ctx, "main"))
        res = _layer(ctx, inp)
        if backward_mistakes:
            want = _expected(ctx, drive_layer, inp)["dx"]
            _named_first(res.get("dx"), want, backward_mistakes(inp, res), T("dx (backward output)", "dx (역전파 출력)"))
        _gradient_check(ctx, inp, res, {"x": ("dx", T("dx (backward output)", "dx (역전파 출력)"))})

    if large:
        @ex.test(T("large |x| (±1000): finite, exact, no overflow warning", "큰 |x| (±1000): 유한, 정확, 오버플로 경고 없음"),
                 points=0.5)
        def _(ctx):
            x = _edge_values(ctx.rng).reshape(2, -1)
            inp = layer_inputs("layers", cls, x=x, dout=np.ones_like(x))
            res = _layer(ctx, inp, shared=False)
            what = T(f"{cls}.forward(x) for x = 0, ±1000, …", f"{cls}.forward(x), x = 0, ±1000, …")
            expect.close(res.get("out"), _expected(ctx, drive_layer, inp)["out"], what)
            _no_warning(res, what, *large)

    _layer_arguments_test(ex, main, ("x",), requires="forward matches the reference")

    def fresh(ctx):
        rng = _shared_rng(ctx, "fresh")
        return [inputs(rng, shape) for shape in [(2, 3, 4), (5, 1)]]

    @ex.test(T("fresh shapes: forward", "새 형상: 순전파"), points=0.5, hidden=True)
    def _(ctx):
        for inp in fresh(ctx):
            res = _layer(ctx, inp)
            expect.close(res.get("out"), _expected(ctx, drive_layer, inp)["out"], T("forward output", "순전파 출력"))

    @ex.test(T("fresh shapes: backward", "새 형상: 역전파"), points=0.5, hidden=True)
    def _(ctx):
        for inp in fresh(ctx):
            res = _layer(ctx, inp)
            _gradient_check(ctx, inp, res, {"x": ("dx", T("dx (backward output)", "dx (역전파 출력)"))})
    return ex


def _relu_mistakes(inp, res):
    return {"relu_mask_from_dout": np.where(inp["dout"] > 0, inp["dout"], 0.0)}


def _sigmoid_mistakes(inp, res):
    out = res.get("out")
    y = out.astype(float) if isinstance(out, np.ndarray) and out.shape == inp["x"].shape and out.dtype.kind in "biuf" \
        else None
    return {"sigmoid_grad_from_input": inp["dout"] * inp["x"] * (1 - inp["x"]),
            "dout_ignored": (y * (1 - y)) if y is not None else None}


_activation_exercise(
    "Relu",
    T("Forward: remember where the input was ≤ 0 and output the input with those places set to 0. Backward: the "
      "upstream gradient passes where the input was positive and is 0 elsewhere (the local derivative of ReLU is 1 "
      "or 0). Build new arrays — neither x nor dout may change.",
      "순전파: 입력이 0 이하였던 위치를 기억하고 그 위치를 0으로 바꾼 출력을 냅니다. 역전파: 입력이 양수였던 위치로만 상류 "
      "기울기가 흐르고 나머지는 0입니다 (ReLU의 국소 미분은 1 또는 0). 새 배열을 만드세요 — x도 dout도 바뀌면 안 됩니다."),
    backward_mistakes=_relu_mistakes)
_activation_exercise(
    "LeakyRelu",
    T("Like ReLU, but where the input was ≤ 0 the forward multiplies it by alpha, and the backward multiplies the "
      "upstream gradient there by alpha (the local derivative). Use the layer's own alpha.",
      "ReLU와 같지만 입력이 0 이하인 곳에서 순전파는 alpha를 곱하고, 역전파는 그곳의 상류 기울기에 alpha(국소 미분)를 "
      "곱합니다. 계층에 주어진 alpha를 쓰세요."),
    ctor_kw={"alpha": lambda rng: float(np.round(rng.uniform(0.05, 0.3), 3))},
    backward_mistakes=lambda inp, res: {"leaky_alpha_ignored": np.where(inp["x"] > 0, inp["dout"], 0.01 * inp["dout"])})
_activation_exercise(
    "Sigmoid",
    T("With y the forward output σ(x), the local derivative is y(1 − y): keep y from the forward pass and multiply the "
      "upstream gradient by it. Compute σ in a form that does not overflow for x = −1000 (see the sigmoid function).",
      "순전파 출력 σ(x)를 y라 하면 국소 미분은 y(1 − y)입니다: 순전파의 y를 저장해 두고 상류 기울기에 곱하세요. σ는 "
      "x = −1000에서도 넘치지 않는 식으로 계산하세요 (sigmoid 함수 참고)."),
    backward_mistakes=_sigmoid_mistakes, backward_points=1.0,
    large=("sigmoid_overflow",
           "The Sigmoid layer must stay silent for |x| up to 1000: use a form that never exponentiates a large "
           "positive number.",
           "Sigmoid 계층은 |x| ≤ 1000에서 경고 없이 계산되어야 합니다: 큰 양수를 지수로 쓰지 않는 식을 쓰세요."))
_activation_exercise(
    "Tanh",
    T("With y the forward output tanh(x), the local derivative is 1 − y²: keep y from the forward pass and multiply "
      "the upstream gradient by it.",
      "순전파 출력 tanh(x)를 y라 하면 국소 미분은 1 − y²입니다: 순전파의 y를 저장해 두고 상류 기울기에 곱하세요."),
    backward_mistakes=lambda inp, res: {"tanh_grad_from_input": inp["dout"] * (1 - inp["x"] ** 2)})


# ------------------------------------------------------------------------------------------ Affine
affine = A.exercise(
    "layers.Affine", targets=["layers.Affine"], title=T("Affine layer", "Affine 계층"),
    hint=T("Forward: flatten each sample to a row (N, D), then xW + b; remember x (flattened) and its original shape. "
           "Backward, by the chain rule: ∂L/∂x is dout·Wᵀ given back the input's shape, ∂L/∂W is xᵀ·dout (the shape "
           "of W), and ∂L/∂b is dout summed over the batch (the shape of b) — every sample adds to the same bias.",
           "순전파: 각 샘플을 한 행으로 펴서 (N, D) xW + b를 계산하고, 편 x와 원래 형상을 기억합니다. 역전파(연쇄 법칙): "
           "∂L/∂x는 dout·Wᵀ를 입력의 형상으로 되돌린 것, ∂L/∂W는 xᵀ·dout (W의 형상), ∂L/∂b는 dout을 배치에 대해 합한 "
           "것 (b의 형상) — 모든 샘플이 같은 편향에 기여합니다."))


def _affine_inputs(rng, x_shape, m):
    d = int(np.prod(x_shape[1:]))
    return layer_inputs("layers", "Affine", ctor=("W", "b"), attrs=("dW", "db"),
                        x=rng.standard_normal(x_shape), W=rng.standard_normal((d, m)), b=rng.standard_normal(m),
                        dout=rng.standard_normal((x_shape[0], m)))


def _affine_main(rng):
    return _affine_inputs(rng, (4, 3), 5)


def _affine_4d(rng):
    return _affine_inputs(rng, (2, 2, 3, 2), 3)


def _affine_fresh(rng):
    return _affine_inputs(rng, (16, 3, 4, 4), 20)


@affine.test(T("forward output x·W + b", "순전파 출력 x·W + b"), points=1)
def _(ctx):
    inp = _affine_main(_shared_rng(ctx, "main"))
    res = _layer(ctx, inp)
    expect.close(res.get("out"), _expected(ctx, drive_layer, inp)["out"], T("forward output x·W + b", "순전파 출력 x·W + b"))


@affine.test(T("dx matches the correct gradient", "dx가 올바른 기울기와 일치"), points=1)
def _(ctx):
    inp = _affine_main(_shared_rng(ctx, "main"))
    _gradient_check(ctx, inp, _layer(ctx, inp), {"x": ("dx", T("dx"))})


def _dw_transposed(res, want, name="dW", label=None):
    """A weight gradient of W's transposed shape whose transpose is right: the 'transposed' mistake, said plainly."""
    got = expect.unwrap(res.get(name))
    name = label or name
    if isinstance(got, np.ndarray) and got.ndim == 2 and got.shape != want.shape and got.T.shape == want.shape \
            and expect.matches(got.T, want, 1e-6, 1e-9):
        raise Fail(T(f"{name} has shape {got.shape}, the transpose of W's shape {want.shape}, and its transpose equals "
                     f"the correct gradient. It matches a known mistake: transposed result. Your matrix is the "
                     f"transpose of the right one: check the order of the factors in the matrix product.",
                     f"{name}의 형상이 {got.shape}로 W의 형상 {want.shape}의 전치이고, 그 전치가 올바른 기울기와 같습니다. "
                     f"알려진 실수와 일치합니다: 전치된 결과. 행렬 곱의 순서를 확인하세요."), "transposed")


@affine.test(T("dW matches the correct gradient", "dW가 올바른 기울기와 일치"), points=1)
def _(ctx):
    inp = _affine_main(_shared_rng(ctx, "main"))
    res = _layer(ctx, inp)
    _dw_transposed(res, _expected(ctx, drive_layer, inp)["dW"])
    _gradient_check(ctx, inp, res, {"W": ("dW", T("dW"))})


@affine.test(T("db matches the correct gradient", "db가 올바른 기울기와 일치"), points=1)
def _(ctx):
    inp = _affine_main(_shared_rng(ctx, "main"))
    res = _layer(ctx, inp)
    want = _expected(ctx, drive_layer, inp)["db"]
    n = inp["x"].shape[0]
    db = expect.unwrap(res.get("db"))
    if isinstance(db, np.ndarray) and db.shape == inp["dout"].shape and expect.matches(db, inp["dout"], 1e-9, 1e-12):
        raise expect.named_mistake(T("db"), "db_not_summed")
    _named_first(db, want, {"db_averaged": want / n}, T("db"))
    _gradient_check(ctx, inp, res, {"b": ("db", T("db"))}, batch_size=n)


@affine.test(T("4-D input: flattened per sample in forward", "4차원 입력: 순전파에서 샘플별로 펼침"), points=0.5)
def _(ctx):
    inp = _affine_4d(_shared_rng(ctx, "4d"))
    res = _layer(ctx, inp)
    expect.close(res.get("out"), _expected(ctx, drive_layer, inp)["out"],
                 T("forward output for a 4-D x", "4차원 x의 순전파 출력"))


@affine.test(T("4-D input: dx has the input's shape", "4차원 입력: dx가 입력의 형상"), points=0.5)
def _(ctx):
    inp = _affine_4d(_shared_rng(ctx, "4d"))
    res = _layer(ctx, inp)
    want = _expected(ctx, drive_layer, inp)["dx"]
    n = inp["x"].shape[0]
    dx = expect.unwrap(res.get("dx"))
    if isinstance(dx, np.ndarray) and dx.shape != want.shape and dx.size == want.size \
            and expect.matches(dx, want.reshape(dx.shape), 1e-6, 1e-9):
        raise Fail(T(f"dx for a 4-D x {inp['x'].shape} has shape {dx.shape}; its values are right. It matches a known "
                     f"mistake: dx not reshaped to the input's shape. For inputs with more than 2 dims, give dx back "
                     f"the original shape of x (remember it in forward).",
                     f"4차원 x {inp['x'].shape}에 대한 dx의 형상이 {dx.shape}입니다; 값은 맞습니다. 알려진 실수와 일치합니다: "
                     f"dx를 입력 형상으로 되돌리지 않음. 2차원보다 큰 입력이면 dx를 원래 x의 형상으로 되돌리세요."),
                   "dx_not_reshaped")
    del n
    _gradient_check(ctx, inp, res, {"x": ("dx", T("dx for a 4-D x", "4차원 x의 dx"))})


_layer_arguments_test(affine, _affine_main, ("x",), requires="forward output x·W + b")


@affine.test(T("fresh shapes: forward", "새 형상: 순전파"), points=0.5, hidden=True)
def _(ctx):
    inp = _affine_fresh(_shared_rng(ctx, "fresh"))
    res = _layer(ctx, inp)
    expect.close(res.get("out"), _expected(ctx, drive_layer, inp)["out"], T("forward output", "순전파 출력"))


@affine.test(T("fresh shapes: gradients dx, dW, db", "새 형상: 기울기 dx, dW, db"), points=1, hidden=True)
def _(ctx):
    inp = _affine_fresh(_shared_rng(ctx, "fresh"))
    res = _layer(ctx, inp)
    expect.unwrap(res.get("dx"))
    _dw_transposed(res, _expected(ctx, drive_layer, inp)["dW"])
    _gradient_check(ctx, inp, res, {"x": ("dx", T("dx")), "W": ("dW", T("dW")), "b": ("db", T("db"))},
                       batch_size=inp["x"].shape[0])


# ------------------------------------------------------------------------------------------ SoftmaxWithLoss
swl = A.exercise(
    "layers.SoftmaxWithLoss", targets=["layers.SoftmaxWithLoss"],
    title=T("Softmax-with-Loss layer", "Softmax-with-Loss 계층"),
    hint=T("The loss of sample n is log Σₖ exp(xₙₖ) minus the score of its label; compute log Σ exp with the row "
           "maximum m taken out (m + log Σ exp(x − m)) so the loss is exact for huge logits, and average over the "
           "batch. Labels come as indices or one-hot rows. Backward returns dout times (softmax(x) − one-hot(t)) / N: "
           "the book ignores dout, the kit does not.",
           "샘플 n의 손실은 log Σₖ exp(xₙₖ)에서 정답 레이블의 점수를 뺀 것입니다; log Σ exp는 행의 최댓값 m을 빼서 "
           "(m + log Σ exp(x − m)) 계산해야 큰 로짓에서도 정확하며, 배치에 대해 평균합니다. 레이블은 번호 또는 원-핫 "
           "행입니다. 역전파는 dout × (softmax(x) − one-hot(t)) / N을 반환합니다: 책은 dout을 무시하지만 이 과제는 아닙니다."))


def _swl_inputs(rng, n, k, *, onehot=False, scale=2.0, dout=1.0, x=None, labels=None):
    labels = rng.integers(0, k, size=n) if labels is None else labels
    t = np.eye(k)[labels] if onehot else labels
    x = rng.standard_normal((n, k)) * scale if x is None else x
    return layer_inputs("layers", "SoftmaxWithLoss", fwd=("x", "t"), x=x, t=t, dout=np.float64(dout))


def _row_losses(x, t):
    """−log softmax(x)[t] per row, exactly (log-sum-exp), computed here from the inputs."""
    labels = np.argmax(t, axis=1) if np.ndim(t) == 2 else np.asarray(t)
    m = np.max(x, axis=1)
    lse = m + np.log(np.sum(np.exp(x - m[:, None]), axis=1))
    return lse - x[np.arange(len(x)), labels]


def _swl_loss_mistakes(inp, want):
    rows = _row_losses(inp["x"], inp["t"])
    n = len(rows)
    return {"ce_not_averaged": float(want) * n, "ce_clipped": float(np.mean(-np.log(np.exp(-rows) + 1e-7)))}


def _swl_main(rng):
    return _swl_inputs(rng, 4, 3, dout=1.0)


@swl.test(T("loss with labels as class indices", "클래스 번호 레이블의 손실"), points=1)
def _(ctx):
    inp = _swl_main(_shared_rng(ctx, "main"))
    res = _layer(ctx, inp)
    want = float(_expected(ctx, drive_layer, inp)["out"])
    expect.scalar_close(res.get("out"), want, T("loss", "손실"), rtol=1e-9, mistakes=_swl_loss_mistakes(inp, want))


@swl.test(T("loss with one-hot labels", "원-핫 레이블의 손실"), points=0.5)
def _(ctx):
    inp = _swl_inputs(ctx.rng, 3, 4, onehot=True)
    res = _layer(ctx, inp, shared=False)
    want = float(_expected(ctx, drive_layer, inp)["out"])
    expect.scalar_close(res.get("out"), want, T("loss with one-hot t", "원-핫 t의 손실"), rtol=1e-9,
                        mistakes=_swl_loss_mistakes(inp, want))


@swl.test(T("dx (dout = 1) matches the correct gradient", "dx (dout = 1)가 올바른 기울기와 일치"), points=1)
def _(ctx):
    inp = _swl_main(_shared_rng(ctx, "main"))
    res = _layer(ctx, inp)
    want = _expected(ctx, drive_layer, inp)["dx"]
    n = inp["x"].shape[0]
    _named_first(res.get("dx"), want, {"softmax_grad_not_divided": want * n, "sign_flipped": -want}, T("dx"))
    _gradient_check(ctx, inp, res, {"x": ("dx", T("dx"))}, batch_size=n)


def _scaling_test(ex, make_main, cls, *, points, requires):
    """'backward(dout) multiplies by dout': dx for dout = c is c times dx for dout = 1, on the same forward inputs.
    Judged relative to the student's own dx for dout = 1, so it counts once the gradient test ``requires`` passes."""

    @ex.test(T("backward(dout) multiplies the gradient by dout", "backward(dout)가 기울기에 dout을 곱함"), points=points,
             requires=(requires,))
    def _(ctx):
        inp1 = make_main(_shared_rng(ctx, "main"))
        c = float(np.round(ctx.rng.uniform(1.5, 4.0), 3))
        inp_c = dict(inp1, dout=np.float64(c))
        r1 = _layer(ctx, inp1)
        rc = _layer(ctx, inp_c, shared=False)
        shape = np.shape(inp1["x"] if "x" in inp1 else inp1["y"])
        d1 = expect.array(r1.get("dx"), T("dx for dout = 1", "dout = 1일 때의 dx"), shape=shape)
        dc = expect.array(rc.get("dx"), T(f"dx for dout = {c}", f"dout = {c}일 때의 dx"), shape=shape)
        if np.allclose(dc, c * d1, rtol=1e-7, atol=1e-12):
            return
        if np.allclose(dc, d1, rtol=1e-7, atol=1e-12):
            raise expect.named_mistake(T(f"{cls}.backward({c})", f"{cls}.backward({c})"), "dout_ignored",
                                       T(" (it returned the same dx as backward(1))", " (backward(1)과 같은 dx를 반환함)"))
        denom = float(np.sum(d1 * d1))
        ratio = f"about {float(np.sum(dc * d1)) / denom:.4g} times it" if denom > 0 else "something else"
        ratio_ko = f"약 {float(np.sum(dc * d1)) / denom:.4g}배" if denom > 0 else "다른 값"
        raise Fail(T(f"{cls}.backward({c}) should return {c} times backward(1) (the chain rule multiplies the local "
                     f"gradient by dout); it returned {ratio}",
                     f"{cls}.backward({c})는 backward(1)의 {c}배여야 합니다 (연쇄 법칙: 국소 기울기 × dout); {ratio_ko}를 "
                     f"반환했습니다"))


_scaling_test(swl, _swl_main, "SoftmaxWithLoss", points=1, requires="dx (dout = 1) matches the correct gradient")


def _swl_large(rng):
    fixed = np.array([[1000.0, -1000.0, 0.0], [-500.0, 300.0, 299.0], [800.0, 0.0, -800.0]])
    fresh = rng.uniform(-1000, 1000, size=(3, 3))
    x = np.concatenate([fixed, fresh])
    labels = np.concatenate([[1, 0, 2], rng.integers(0, 3, size=3)])
    order = rng.permutation(len(x))
    return _swl_inputs(rng, len(x), 3, x=x[order], labels=labels[order])


@swl.test(T("large logits: exact loss, no overflow, no 1e-7 clipping", "큰 로짓: 정확한 손실, 오버플로·1e-7 자르기 없음"),
          points=1)
def _(ctx):
    inp = _swl_large(_shared_rng(ctx, "large"))
    res = _layer(ctx, inp)
    what = T("loss for logits up to ±1000", "±1000까지의 로짓에서의 손실")
    got = expect.unwrap(res.get("out"))
    if isinstance(got, (float, np.floating, np.ndarray)) and np.size(got) == 1 and np.asarray(got).dtype.kind == "f" \
            and not np.isfinite(np.asarray(got, dtype=float).reshape(())):
        value = float(np.asarray(got, dtype=float).reshape(()))
        raise expect.named_mistake(what, "softmax_unstable", T(f" (it is {value})", f" (값이 {value})"))
    want = float(_expected(ctx, drive_layer, inp)["out"])
    expect.scalar_close(got, want, what, rtol=1e-9, mistakes=_swl_loss_mistakes(inp, want))
    _no_warning(res, what, "overflow_warning", "SoftmaxWithLoss must stay silent for logits up to ±1000.",
                "SoftmaxWithLoss는 ±1000까지의 로짓에서 경고 없이 계산되어야 합니다.")


@swl.test(T("large logits: dx", "큰 로짓: dx"), points=0.5)
def _(ctx):
    inp = _swl_large(_shared_rng(ctx, "large"))
    res = _layer(ctx, inp)
    expect.close(res.get("dx"), _expected(ctx, drive_layer, inp)["dx"],
                 T("dx for logits up to ±1000", "±1000까지의 로짓에서의 dx"))


_layer_arguments_test(swl, _swl_main, ("x", "t"), requires="loss with labels as class indices")


def _swl_fresh(ctx):
    rng = _shared_rng(ctx, "fresh")
    return [_swl_inputs(rng, n, k, onehot=oh, scale=4.0) for n, k, oh in [(7, 5, False), (2, 10, True)]]


@swl.test(T("fresh batches: loss", "새 배치: 손실"), points=0.5, hidden=True)
def _(ctx):
    for inp in _swl_fresh(ctx):
        res = _layer(ctx, inp)
        expect.scalar_close(res.get("out"), float(_expected(ctx, drive_layer, inp)["out"]), T("loss", "손실"), rtol=1e-9)


@swl.test(T("fresh batches: dx", "새 배치: dx"), points=1, hidden=True)
def _(ctx):
    for inp in _swl_fresh(ctx):
        res = _layer(ctx, inp)
        _gradient_check(ctx, inp, res, {"x": ("dx", T("dx"))}, batch_size=inp["x"].shape[0])


# ------------------------------------------------------------------------------------------ SumSquaredLoss
ssl = A.exercise(
    "layers.SumSquaredLoss", targets=["layers.SumSquaredLoss"],
    title=T("sum-of-squares loss layer", "오차제곱합 손실 계층"),
    hint=T("E is ½ Σ (y − t)² over every element — the worked example's loss in the study-group slides (001), a sum, "
           "not a mean. Its gradient with respect to y is y − t, multiplied by the upstream dout.",
           "E는 모든 원소에 대한 ½ Σ (y − t)²입니다 — 스터디 발표 자료(001) 역전파 예제의 손실이며 평균이 아니라 합입니다. "
           "y에 대한 기울기는 y − t에 상류 기울기 dout을 곱한 것입니다."))


def _ssl_inputs(rng, shape, dout=1.0):
    return layer_inputs("layers", "SumSquaredLoss", fwd=("y", "t"), y=rng.uniform(0, 1, shape),
                        t=rng.uniform(0, 1, shape), dout=np.float64(dout))


def _ssl_main(rng):
    return _ssl_inputs(rng, (3, 2))


@ssl.test(T("loss ½Σ(y − t)²", "손실 ½Σ(y − t)²"), points=1)
def _(ctx):
    inp = _ssl_main(_shared_rng(ctx, "main"))
    res = _layer(ctx, inp)
    w = float(_expected(ctx, drive_layer, inp)["out"])
    size = inp["y"].size
    expect.scalar_close(res.get("out"), w, T("loss ½Σ(y − t)²", "손실 ½Σ(y − t)²"),
                        mistakes={"sse_not_halved": 2 * w, "sse_is_mean": 2 * w / size, "sse_is_half_mean": w / size})


@ssl.test(T("dE/dy (dout = 1) matches the correct gradient", "dE/dy (dout = 1)가 올바른 기울기와 일치"), points=1)
def _(ctx):
    inp = _ssl_main(_shared_rng(ctx, "main"))
    res = _layer(ctx, inp)
    want = _expected(ctx, drive_layer, inp)["dx"]
    _named_first(res.get("dx"), want, {"sign_flipped": -want}, T("dE/dy"))
    _gradient_check(ctx, inp, res, {"y": ("dx", T("dE/dy"))})


_scaling_test(ssl, _ssl_main, "SumSquaredLoss", points=0.5,
              requires="dE/dy (dout = 1) matches the correct gradient")
_layer_arguments_test(ssl, _ssl_main, ("y", "t"), requires="loss ½Σ(y − t)²")


def _ssl_fresh(ctx):
    return _ssl_inputs(_shared_rng(ctx, "fresh"), (5, 4))


@ssl.test(T("fresh shapes: loss", "새 형상: 손실"), points=0.5, hidden=True)
def _(ctx):
    inp = _ssl_fresh(ctx)
    res = _layer(ctx, inp)
    expect.scalar_close(res.get("out"), float(_expected(ctx, drive_layer, inp)["out"]), T("loss", "손실"))


@ssl.test(T("fresh shapes: gradient", "새 형상: 기울기"), points=0.5, hidden=True)
def _(ctx):
    inp = _ssl_fresh(ctx)
    res = _layer(ctx, inp)
    _gradient_check(ctx, inp, res, {"y": ("dx", T("dE/dy"))})


# ========================================================================================== worked example
W_DOC = [0.3, 0.25, 0.4, 0.35, 0.45, 0.4, 0.7, 0.6]
LR = 0.5
# The study-group slides (001), backprop example, recomputed to 8 decimals (shared/seeds/README.md); tolerance 1e-8.
DOC = {
    "z1": 0.08, "z2": 0.11, "h1": 0.51998934, "h2": 0.52747230, "z3": 0.44498412, "z4": 0.68047592,
    "o1": 0.60944600, "o2": 0.66384491, "E_o1": 0.02193381, "E_o2": 0.00203809, "E_total": 0.02397190,
    "dE/do1": 0.20944600, "do1/dz3": 0.23802157, "dE/dW5": 0.02592286,
    "W5+": 0.43703857, "W6+": 0.38685205, "W7+": 0.69629578, "W8+": 0.59624247,
    "dE/dW1": 0.00080888, "W1+": 0.29959556, "W2+": 0.24919112, "W3+": 0.39964496, "W4+": 0.34928991,
    "E_total after": 0.02323634,
}


def _doc_inputs():
    w = W_DOC
    # Affine weights are (in, out): column j holds the weights into unit j.
    Wa = np.array([[w[0], w[2]], [w[1], w[3]]])
    Wb = np.array([[w[4], w[6]], [w[5], w[7]]])
    return np.array([[0.1, 0.2]]), np.array([[0.4, 0.6]]), Wa, Wb, LR


def _fresh_inputs(rng):
    """A fresh 2-2-2 network: random inputs, targets, weights (the document's sizes and learning rate)."""
    x = rng.uniform(-1, 1, size=(1, 2))
    t = rng.uniform(0.05, 0.95, size=(1, 2))
    Wa = rng.uniform(-1, 1, size=(2, 2))
    Wb = rng.uniform(-1, 1, size=(2, 2))
    return x, t, Wa, Wb, LR


def _with_updates(res: dict, inputs) -> dict:
    """The student's results plus the updated weights W ← W − lr·dW, computed here from the student's dW."""
    _, _, Wa, Wb, lr = inputs
    out = dict(res)
    for key, W, dkey in (("Wa_new", Wa, "dWa"), ("Wb_new", Wb, "dWb")):
        d = res.get(dkey)
        if isinstance(d, np.ndarray) and d.shape == W.shape and d.dtype.kind in "biuf":
            out[key] = W - lr * d.astype(float)
        else:
            out[key] = d
    return out


def _doc_values(res) -> dict:
    """The document's named quantities picked out of the student's results (None where unavailable)."""
    def el(key, i, j=None):
        v = res.get(key)
        if not isinstance(v, np.ndarray) or v.ndim != 2 or v.dtype.kind not in "biuf":
            return None
        try:
            return float(v[0, i] if j is None else v[i, j])
        except IndexError:
            return None

    def sc(key):
        v = res.get(key)
        if isinstance(v, (bool, np.bool_)):
            return None
        if isinstance(v, (int, float, np.integer, np.floating)):
            return float(v)
        if isinstance(v, np.ndarray) and v.size == 1 and v.dtype.kind in "biuf":
            return float(v.reshape(()))
        return None

    return {"z1": el("z", 0), "z2": el("z", 1), "h1": el("h", 0), "h2": el("h", 1), "z3": el("zz", 0),
            "z4": el("zz", 1), "o1": el("o", 0), "o2": el("o", 1), "E_o1": sc("E_o1"), "E_o2": sc("E_o2"),
            "E_total": sc("E_total"),
            "dE/do1": el("dE_do", 0), "do1/dz3": el("do_dz", 0), "dE/dW5": el("dWb", 0, 0),
            "W5+": el("Wb_new", 0, 0), "W6+": el("Wb_new", 1, 0), "W7+": el("Wb_new", 0, 1), "W8+": el("Wb_new", 1, 1),
            "dE/dW1": el("dWa", 0, 0), "W1+": el("Wa_new", 0, 0), "W2+": el("Wa_new", 1, 0),
            "W3+": el("Wa_new", 0, 1), "W4+": el("Wa_new", 1, 1), "E_total after": sc("E_after")}


worked = A.exercise(
    "worked_example", targets=["layers.Affine", "layers.Sigmoid", "layers.SumSquaredLoss"],
    title=T("backprop worked example of document 001", "문서 001의 역전파 계산 예제"),
    hint=T("Rebuild the backprop worked example of the study-group slides (001) from your own layers: x → Affine (no "
           "bias) → Sigmoid → Affine → Sigmoid → sum-of-squares loss, then one SGD step W ← W − 0.5·∂E/∂W. Affine "
           "weights are (in, out): column j holds the weights into unit j. The checks also run the same network on "
           "fresh random numbers. The first stage that differs points at the layer to look at: the forward values at "
           "a forward pass, the gradients at a backward pass.",
           "스터디 발표 자료(001)의 역전파 계산 예제를 여러분의 계층으로 다시 만듭니다: x → Affine (편향 없음) → Sigmoid → "
           "Affine → Sigmoid → 오차제곱합 손실, 그리고 SGD 한 번 W ← W − 0.5·∂E/∂W. Affine 가중치는 (입력, 출력) 형상이라 "
           "j번째 열이 j번째 유닛으로 들어가는 가중치입니다. 같은 신경망을 새 무작위 값으로도 검사합니다. 처음으로 다른 "
           "단계가 살펴볼 계층을 알려 줍니다: 순전파 값이면 순전파, 기울기면 역전파."))

STAGES = [
    (T("forward pass: z, h, o", "순전파: z, h, o"), ["z1", "z2", "h1", "h2", "z3", "z4", "o1", "o2"],
     ["z", "h", "zz", "o"], 2),
    (T("losses E_o1, E_o2, E_total", "손실 E_o1, E_o2, E_total"), ["E_o1", "E_o2", "E_total"],
     ["E_o1", "E_o2", "E_total"], 1),
    (T("output layer gradients ∂E/∂o1, ∂o1/∂z3, ∂E/∂W5", "출력층 기울기 ∂E/∂o1, ∂o1/∂z3, ∂E/∂W5"),
     ["dE/do1", "do1/dz3", "dE/dW5"], ["dE_do", "do_dz", "dWb"], 1.5),
    (T("updated output weights W5⁺..W8⁺", "갱신된 출력층 가중치 W5⁺..W8⁺"), ["W5+", "W6+", "W7+", "W8+"], ["Wb_new"], 1),
    (T("hidden layer gradient ∂E/∂W1 and W1⁺..W4⁺", "은닉층 기울기 ∂E/∂W1과 W1⁺..W4⁺"),
     ["dE/dW1", "W1+", "W2+", "W3+", "W4+"], ["dWa", "Wa_new"], 1.5),
    (T("E_total after the step", "갱신 후 E_total"), ["E_total after"], ["E_after"], 1),
]
STAGE_KO = {"z": "z", "h": "h", "zz": "z (출력층)", "o": "o", "E_o1": "E_o1", "E_o2": "E_o2", "E_total": "E_total",
            "dE_do": "∂E/∂o", "do_dz": "∂o/∂z", "dWb": "출력층 dW", "Wb_new": "갱신된 출력층 W", "dWa": "은닉층 dW",
            "Wa_new": "갱신된 은닉층 W", "E_after": "갱신 후 E_total"}
STAGE_EN = {"zz": "z (output layer)", "dE_do": "∂E/∂o", "do_dz": "∂o/∂z", "dWb": "dW of the output layer",
            "Wb_new": "updated output weights", "dWa": "dW of the hidden layer", "Wa_new": "updated hidden weights",
            "E_after": "E_total after the step"}


def _stage_test(title, names, keys, points):
    @worked.test(title, points=points)
    def _(ctx):
        doc = _doc_inputs()
        res = _with_updates(as_dict(ctx.call_shared(drive_worked_example, *doc),
                                    T("worked example", "역전파 예제")), doc)
        for key in keys:
            expect.unwrap(res.get(key))   # the student's error in this stage, if any
        values = _doc_values(res)
        for name in names:
            got, want = values[name], DOC[name]
            if got is None or not np.isfinite(got):
                raise Fail(T(f"{name}: no value could be read; check the shapes your layers return for a batch of "
                             f"one sample (1, 2)",
                             f"{name}: 값을 읽을 수 없습니다; 샘플 하나짜리 배치 (1, 2)에 대해 계층이 반환하는 형상을 확인하세요"))
            if abs(got - want) > 1e-8:
                raise Fail(T(f"the first quantity of this stage that differs from document 001 is {name}: got "
                             f"{got:.8f}, expected {want:.8f} (tolerance 1e-8)",
                             f"이 단계에서 문서 001과 처음으로 다른 값은 {name}입니다: {got:.8f}, 기대값 {want:.8f} "
                             f"(허용 오차 1e-8)"))
        fresh = _fresh_inputs(_shared_rng(ctx, "fresh"))
        res = _with_updates(as_dict(ctx.call_shared(drive_worked_example, *fresh),
                                    T("worked example", "역전파 예제")), fresh)
        want = _with_updates(_expected(ctx, drive_worked_example, *fresh), fresh)
        for key in keys:
            what = T(f"on a fresh 2-2-2 network (random inputs, targets and weights), {STAGE_EN.get(key, key)}",
                     f"새 2-2-2 신경망(무작위 입력, 목표, 가중치)에서 {STAGE_KO.get(key, key)}")
            if np.ndim(want[key]) == 0:
                expect.scalar_close(res.get(key), float(want[key]), what, rtol=1e-7, atol=1e-10)
            else:
                expect.close(res.get(key), want[key], what, rtol=1e-7, atol=1e-10)


for _title, _names, _keys, _points in STAGES:
    _stage_test(_title, _names, _keys, _points)


@worked.test(T("fresh batch and learning rate: the weights and E_total after one step",
               "새 배치와 학습률: 한 번 갱신한 뒤의 가중치와 E_total"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    n = int(rng.integers(2, 5))
    inputs = (rng.uniform(-1, 1, size=(n, 2)), rng.uniform(0.05, 0.95, size=(n, 2)), rng.uniform(-1, 1, size=(2, 2)),
              rng.uniform(-1, 1, size=(2, 2)), float(np.round(rng.uniform(0.1, 1.0), 3)))
    res = _with_updates(as_dict(ctx.call(drive_worked_example, *inputs), T("worked example", "역전파 예제")), inputs)
    want = _with_updates(_expected(ctx, drive_worked_example, *inputs), inputs)
    for key in ("Wb_new", "Wa_new"):
        expect.close(res.get(key), want[key], T(f"a batch of {n} samples, lr {inputs[4]}: {STAGE_EN[key]}",
                                                f"샘플 {n}개 배치, 학습률 {inputs[4]}: {STAGE_KO[key]}"), rtol=1e-7, atol=1e-10)
    expect.scalar_close(res.get("E_after"), float(want["E_after"]),
                        T(f"a batch of {n} samples, lr {inputs[4]}: E_total after the step",
                          f"샘플 {n}개 배치, 학습률 {inputs[4]}: 갱신 후 E_total"), rtol=1e-7, atol=1e-10)


# ========================================================================================== network.py
net_ex = A.exercise(
    "network.TwoLayerNet",
    targets=["network.TwoLayerNet", "layers.Affine", "layers.Relu", "layers.SoftmaxWithLoss"],
    title=T("two-layer network", "2층 신경망"),
    hint=T("Affine–ReLU–Affine, then Softmax-with-Loss (the book's TwoLayerNet, ch. 5). The layers must hold the very "
           "arrays of params, not copies, so that updating params in place changes the network. The gradient runs the "
           "loss forward, then every layer's backward in reverse order starting from dout 1, and collects each "
           "Affine's ∂L/∂W and ∂L/∂b under the keys of params.",
           "Affine–ReLU–Affine 다음 Softmax-with-Loss입니다 (책 5장의 TwoLayerNet). 계층은 params의 배열 자체를 가져야 "
           "(복사본이 아니라) params를 제자리에서 갱신할 때 신경망이 바뀝니다. gradient는 손실을 순전파한 뒤 dout 1부터 "
           "계층을 역순으로 역전파하고, 각 Affine의 ∂L/∂W와 ∂L/∂b를 params와 같은 키로 모읍니다."))

KEYS = ("W1", "b1", "W2", "b2")


def _scores(params, x):
    """The network's scores, computed here (to choose test problems whose accuracy is neither 0 nor 1)."""
    h = np.maximum(0, x @ params["W1"] + params["b1"])
    return h @ params["W2"] + params["b2"]


def _net_problem(rng, d=4, h=5, k=3, n=6):
    while True:
        x = rng.standard_normal((n, d))
        params = {"W1": rng.standard_normal((d, h)) * 0.8, "b1": rng.standard_normal(h) * 0.3,
                  "W2": rng.standard_normal((h, k)) * 0.8, "b2": rng.standard_normal(k) * 0.3}
        t = rng.integers(0, k, size=n)
        acc = float(np.mean(np.argmax(_scores(params, x), axis=1) == t))
        # keep the hidden pre-activations away from the ReLU kink; an accuracy of 0 or 1 tells little
        if np.min(np.abs(x @ params["W1"] + params["b1"])) > 0.02 and 0 < acc < 1:
            return (d, h, k), params, x, t


WHAT = ["predict", "loss", "accuracy", "gradient"]


def _net_run(ctx, tag, *, onehot=False):
    kw = dict(d=6, h=7, k=4, n=9) if onehot else {}
    sizes, params, x, t = _net_problem(_shared_rng(ctx, tag), **kw)
    if onehot:
        t = np.eye(sizes[2])[t]
    res = as_dict(ctx.call_shared(drive_net, sizes, params, x, t, WHAT), T("TwoLayerNet"))
    want = _expected(ctx, drive_net, sizes, params, x, t, WHAT)
    return sizes, params, x, t, res, want


def _net_gradient(ctx, sizes, params, x, t, res, want):
    grads = as_dict(res.get("gradient"), T("gradient(x, t)"))
    missing = [k for k in KEYS if k not in grads]
    if missing:
        raise Fail(T(f"gradient(x, t) lacks the keys {missing}", f"gradient(x, t)에 키 {missing}이(가) 없습니다"))
    for k in ("W1", "W2"):
        _dw_transposed(grads, want["gradient"][k], k, label=f"gradient['{k}']")
    analytic = {k: expect.array(grads[k], T(f"gradient['{k}']"), shape=params[k].shape) for k in KEYS}
    inputs = {"sizes": list(sizes), "x": x, "t": t, **params}
    ctx.check_gradients(drive_net_loss, inputs, analytic, reference={k: want["gradient"][k] for k in KEYS},
                        names={k: T(f"gradient['{k}']") for k in KEYS}, batch_size=len(x))


def _small_sizes(rng):
    return tuple(int(v) for v in (rng.integers(2, 7), rng.integers(2, 9), rng.integers(2, 6)))


def _weights_drawn(info, what):
    """A network's params as arrays; Fail unless its forward pass ran and its weights are not all zero."""
    info = as_dict(info, what)
    expect.unwrap(info.get("predict"))     # a network whose predict does not run is not judged on its parameters
    params = as_dict(info.get("params"), T("params"))
    for k in ("W1", "W2"):
        w = expect.array(params.get(k), T(f"params['{k}']"))
        if not np.any(w):
            raise Fail(T(f"params['{k}'] is all zeros: the weights are not initialized", f"params['{k}']가 모두 0입니다: "
                         f"가중치가 초기화되지 않았습니다"))
    return params


@net_ex.test(T("params: keys W1 b1 W2 b2 with the right shapes", "params: 키 W1 b1 W2 b2와 올바른 형상"), points=0.5)
def _(ctx):
    sizes = _small_sizes(ctx.rng)
    x = ctx.rng.standard_normal((2, sizes[0]))
    infos = _list(ctx.call(drive_net_inits, sizes, 0.1, [1], x), 1, T("TwoLayerNet"))
    _weights_drawn(infos[0], T("TwoLayerNet"))
    res = infos[0]
    d, h, k = sizes
    want = {"W1": [d, h], "b1": [h], "W2": [h, k], "b2": [k]}
    if res.get("keys") != sorted(want):
        raise Fail(T(f"params has keys {res.get('keys')}, expected {sorted(want)}",
                     f"params의 키가 {res.get('keys')}인데 {sorted(want)}이어야 합니다"))
    shapes = as_dict(res.get("shapes"), T("params shapes", "params 형상"))
    for key, shape in want.items():
        got = shapes.get(key)
        if not isinstance(got, list) or [int(v) for v in got if isinstance(v, int)] != shape:
            raise Fail(T(f"TwoLayerNet{sizes}: params['{key}'] has shape {got}, expected {tuple(shape)}",
                         f"TwoLayerNet{sizes}: params['{key}']의 형상이 {got}인데 {tuple(shape)}이어야 합니다"), "wrong_shape")


def _stale_scores(res, params, x) -> list:
    """What predict gives when a layer keeps its own copy of the initial weights instead of the arrays of params
    (the values written into params then never reach it): one candidate per layer that could hold a copy."""
    initial = res.get("initial")
    if not isinstance(initial, dict):
        return []
    try:
        init = {k: np.asarray(initial[k], dtype=float) for k in KEYS}
    except (KeyError, TypeError, ValueError):
        return []
    if any(init[k].shape != params[k].shape for k in KEYS):
        return []
    out = []
    for first, second in ((init, params), (params, init), (init, init)):
        mixed = {"W1": first["W1"], "b1": first["b1"], "W2": second["W2"], "b2": second["b2"]}
        out.append(_scores(mixed, x))
    return out


@net_ex.test(T("predict with given weights", "주어진 가중치로 predict"), points=1)
def _(ctx):
    sizes, params, x, t, res, want = _net_run(ctx, "main")
    got = expect.unwrap(res.get("predict"))
    if isinstance(got, np.ndarray) and not expect.matches(got, want["predict"], RTOL, ATOL):
        if any(np.any(cand) and expect.matches(got, cand, 1e-6, 1e-9) for cand in _stale_scores(res, params, x)):
            raise expect.named_mistake(T("predict(x)"), "params_not_shared",
                                       T(" (it ignores the weights written into net.params)",
                                         " (net.params에 쓴 가중치를 무시함)"))
    expect.close(got, want["predict"], T("predict(x)"))


@net_ex.test(T("loss with given weights", "주어진 가중치로 loss"), points=0.5)
def _(ctx):
    *_, res, want = _net_run(ctx, "main")
    expect.scalar_close(res.get("loss"), float(want["loss"]), T("loss(x, t)"))


@net_ex.test(T("accuracy with given weights", "주어진 가중치로 accuracy"), points=0.5)
def _(ctx):
    *_, res, want = _net_run(ctx, "main")
    expect.scalar_close(res.get("accuracy"), float(want["accuracy"]), T("accuracy(x, t)"))


@net_ex.test(T("gradient matches the correct gradient", "gradient가 올바른 기울기와 일치"), points=3)
def _(ctx):
    _net_gradient(ctx, *_net_run(ctx, "main"))


@net_ex.test(T("training on a small batch lowers the loss", "작은 배치로 학습하면 손실이 줄어듦"), points=1,
             requires=("loss with given weights", "gradient matches the correct gradient"))
def _(ctx):
    # Only the losses the student's process reports are seen here, so this counts once loss and gradient are right:
    # what it adds is that the updates of params reach the layers.
    rng = ctx.rng
    x = rng.standard_normal((12, 4))
    t = (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 0.5).astype(int)
    losses = _list(ctx.call(drive_net_train, (4, 8, 3), x, t, 0.5, 60, 0.5), 60, T("losses during training",
                                                                                   "학습 중 손실"))
    values = [expect.scalar(v, T("loss during training", "학습 중 손실")) for v in losses]
    if values[-1] < 0.5 * values[0]:
        return
    msg = T(f"after 60 SGD steps (lr 0.5) on 12 samples the loss went from {values[0]:.4f} to {values[-1]:.4f}; a "
            f"correct network halves it at least",
            f"12개 샘플로 SGD 60번 (학습률 0.5) 후 손실이 {values[0]:.4f}에서 {values[-1]:.4f}가 되었습니다; 올바른 신경망이면 "
            f"절반 이하로 줄어듭니다")
    if max(values) - min(values) <= 1e-12 * max(1.0, abs(values[0])):
        raise expect.named_mistake(T("training", "학습"), "params_not_shared",
                                   T(f": {msg.en}, and it did not change at all — the updates of params never reach "
                                     f"the layers", f": {msg.ko}. 손실이 전혀 변하지 않았습니다 — params의 갱신이 계층에 "
                                     f"전달되지 않습니다"))
    raise Fail(msg + T(" (check the gradient; are the layers built from the arrays of params themselves?)",
                       " (기울기를 확인하세요; 계층이 params의 배열 자체로 만들어졌나요?)"))


@net_ex.test(T("works without an rng (rng=None)", "rng 없이 동작 (rng=None)"), points=0.5, hidden=True,
             requires=("params: keys W1 b1 W2 b2 with the right shapes",))
def _(ctx):
    sizes = _small_sizes(ctx.rng)
    x = ctx.rng.standard_normal((2, sizes[0]))
    info = as_dict(ctx.call(drive_net_default_rng, sizes, x), T(f"TwoLayerNet{sizes} without rng",
                                                                  f"rng 없는 TwoLayerNet{sizes}"))
    _weights_drawn(info, T("TwoLayerNet"))


INIT_SIZES = (100, 60, 10)


def _inits(ctx):
    rng = _shared_rng(ctx, "init")
    std = float(np.round(rng.uniform(0.05, 0.5), 4))
    seed = int(rng.integers(1000))
    x = rng.standard_normal((2, INIT_SIZES[0]))
    infos = _list(ctx.call_shared(drive_net_inits, INIT_SIZES, std, [seed, seed, seed + 1], x), 3, T("TwoLayerNet"))
    return std, [_weights_drawn(i, T("TwoLayerNet")) for i in infos]


# a std or a zero bias says little about arrays of the wrong shape (one element has std 0 within the tolerance of one
# sample): the initial values count once the keys and shapes are right
@net_ex.test(T("initial weights have std weight_init_std", "초기 가중치의 표준편차가 weight_init_std"), points=0.5,
             hidden=True, requires=("params: keys W1 b1 W2 b2 with the right shapes",))
def _(ctx):
    std, (p1, _, _) = _inits(ctx)
    for k in ("W1", "W2"):
        w = expect.array(p1.get(k), T(f"params['{k}']"))
        tol = expect.K_SE / np.sqrt(2 * w.size)   # relative standard error of a sample std ≈ 1/√(2n)
        if abs(w.std() / std - 1) > tol or abs(w.mean()) > expect.K_SE * std / np.sqrt(w.size):
            raise Fail(T(f"params['{k}'] has mean {w.mean():.4g} and std {w.std():.4g}; expected mean 0 and std "
                         f"weight_init_std = {std:.4g} (±{tol:.1%})",
                         f"params['{k}']의 평균이 {w.mean():.4g}, 표준편차가 {w.std():.4g}인데 평균 0, 표준편차 "
                         f"weight_init_std = {std:.4g}이어야 합니다 (±{tol:.1%})"))


@net_ex.test(T("biases start at 0", "편향의 초깃값은 0"), points=0.5, hidden=True,
             requires=("params: keys W1 b1 W2 b2 with the right shapes",))
def _(ctx):
    _, (p1, _, _) = _inits(ctx)
    for k in ("b1", "b2"):
        b = expect.array(p1.get(k), T(f"params['{k}']"))
        expect.close(b, np.zeros_like(b), T(f"params['{k}'] (biases start at 0)", f"params['{k}'] (편향은 0에서 시작)"),
                     atol=0.0, rtol=0.0)


@net_ex.test(T("the weights are drawn from the given rng", "가중치를 주어진 rng에서 뽑음"), points=0.5, hidden=True,
             requires=("initial weights have std weight_init_std",))
def _(ctx):
    _, (p1, p2, p3) = _inits(ctx)
    for k in ("W1", "W2"):
        expect.close(p2.get(k), expect.array(p1.get(k), T(k)), T(f"params['{k}'] with a second rng of the same seed",
                                                              f"같은 시드의 두 번째 rng로 만든 params['{k}']"),
                     rtol=0.0, atol=0.0)
        if np.array_equal(expect.array(p3.get(k), T(k)), expect.array(p1.get(k), T(k))):
            raise Fail(T(f"params['{k}'] is the same for rngs of different seeds: draw the weights from the rng "
                         f"argument",
                         f"시드가 다른 rng에서도 params['{k}']가 같습니다: 가중치를 인자로 받은 rng에서 뽑으세요"))


@net_ex.test(T("one-hot labels: loss", "원-핫 레이블: loss"), points=0.5, hidden=True)
def _(ctx):
    *_, res, want = _net_run(ctx, "onehot", onehot=True)
    expect.scalar_close(res.get("loss"), float(want["loss"]), T("loss(x, t one-hot)"))


@net_ex.test(T("one-hot labels: accuracy", "원-핫 레이블: accuracy"), points=0.5, hidden=True)
def _(ctx):
    *_, res, want = _net_run(ctx, "onehot", onehot=True)
    expect.scalar_close(res.get("accuracy"), float(want["accuracy"]), T("accuracy(x, t one-hot)"))


@net_ex.test(T("one-hot labels: gradient", "원-핫 레이블: gradient"), points=0.5, hidden=True)
def _(ctx):
    _net_gradient(ctx, *_net_run(ctx, "onehot", onehot=True))
