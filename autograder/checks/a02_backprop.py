"""Checks of a02_backprop: activations and losses, layers with backward passes, TwoLayerNet, and the backprop
worked example of document 001 §6."""
from __future__ import annotations

import numpy as np

from .. import expect
from ..misconceptions import mistake
from ..registry import Assignment, Fail, T
from .common import (as_dict, away_from_zero, check_not_mutated, drive_function, drive_layer, layer_inputs,
                     run_gradient_check)

A = Assignment("a02_backprop", title=T("Backpropagation", "오차역전파법"),
               files=("functions.py", "layers.py", "network.py"))

mistake("softmax_unstable", "softmax without subtracting the maximum", "최댓값을 빼지 않은 소프트맥스",
        "exp of a large score overflows to inf and inf/inf gives NaN: subtract the row maximum before exp.",
        "큰 점수의 exp가 inf로 넘쳐 inf/inf = NaN이 됩니다: exp 전에 각 행의 최댓값을 빼세요.")
mistake("softmax_wrong_axis", "softmax normalized over the wrong axis", "잘못된 축으로 정규화한 소프트맥스",
        "For a batch (N, K) each row (the last axis) must sum to 1: use axis=-1 with keepdims=True.",
        "배치 (N, K)에서는 각 행(마지막 축)의 합이 1이어야 합니다: axis=-1, keepdims=True를 쓰세요.")
mistake("softmax_whole_array", "softmax normalized over the whole batch", "배치 전체로 정규화한 소프트맥스",
        "You divided by the sum over every element: normalize each sample (row) separately.",
        "모든 원소의 합으로 나누었습니다: 샘플(행)마다 따로 정규화하세요.")
mistake("leaky_alpha_ignored", "the alpha argument is ignored", "alpha 인자를 무시함",
        "Use the slope passed as alpha instead of a fixed number.", "고정된 숫자 대신 인자로 받은 alpha를 기울기로 쓰세요.")
mistake("mse_is_sum", "MSE summed instead of averaged", "MSE를 평균 대신 합으로 계산",
        "mean_squared_error is the mean over every element: use np.mean, not np.sum.",
        "mean_squared_error는 모든 원소에 대한 평균입니다: np.sum이 아니라 np.mean을 쓰세요.")
mistake("mse_halved", "MSE with a factor ½", "MSE에 ½을 곱함",
        "The ½ belongs to sum_squared_error, not to the mean squared error.",
        "½은 sum_squared_error의 것이지 평균 제곱 오차에는 없습니다.")
mistake("sse_not_halved", "sum of squares without the factor ½", "½을 빠뜨린 오차제곱합",
        "E = ½ Σ (y − t)²: multiply the sum by 0.5.", "E = ½ Σ (y − t)²: 합에 0.5를 곱하세요.")
mistake("sse_is_mean", "sum of squares averaged", "오차제곱합을 평균으로 계산",
        "sum_squared_error sums over every element (the worked example's E_total), it does not average.",
        "sum_squared_error는 모든 원소를 더합니다 (역전파 예제의 E_total); 평균을 내지 않습니다.")
mistake("ce_not_averaged", "cross entropy summed over the batch", "교차 엔트로피를 배치에 대해 합함",
        "Divide the sum of −log y by the batch size N.", "−log y의 합을 배치 크기 N으로 나누세요.")
mistake("ce_clipped", "loss clipped by a 1e-7 guard", "1e-7 보정으로 잘린 손실",
        "log(y + 1e-7) caps the loss at 16.1; compute the loss from the logits with log-sum-exp so it stays exact.",
        "log(y + 1e-7)은 손실을 16.1에서 자릅니다; 로짓에서 log-sum-exp로 계산해 정확한 값을 유지하세요.")
mistake("relu_mask_from_dout", "ReLU backward masked by dout instead of x", "ReLU 역전파에서 x 대신 dout으로 마스크",
        "The gradient passes where the forward INPUT was positive; remember the mask in forward.",
        "기울기는 순전파 입력이 양수였던 위치로만 흐릅니다; 순전파에서 마스크를 저장하세요.")
mistake("sigmoid_grad_from_input", "sigmoid derivative computed from the input", "입력으로 계산한 시그모이드 미분",
        "σ'(x) = y(1 − y) with y the forward OUTPUT, not x(1 − x).", "σ'(x) = y(1 − y)이고 y는 순전파 출력입니다 (x(1 − x)가 아님).")
mistake("tanh_grad_from_input", "tanh derivative computed from the input", "입력으로 계산한 tanh 미분",
        "tanh'(x) = 1 − y² with y the forward OUTPUT, not 1 − x².", "tanh'(x) = 1 − y²이고 y는 순전파 출력입니다 (1 − x²가 아님).")
mistake("db_not_summed", "bias gradient not summed over the batch", "편향 기울기를 배치에 대해 합하지 않음",
        "db = Σ_n dout[n] (np.sum(dout, axis=0)): every sample adds to the same bias.",
        "db = Σ_n dout[n] (np.sum(dout, axis=0)): 모든 샘플이 같은 편향에 기여합니다.")
mistake("db_averaged", "bias gradient averaged instead of summed", "편향 기울기를 합 대신 평균",
        "The 1/N already is in the loss's gradient; the Affine layer sums: db = np.sum(dout, axis=0).",
        "1/N은 이미 손실의 기울기에 들어 있습니다; Affine 계층은 합합니다: db = np.sum(dout, axis=0).")
mistake("dx_not_reshaped", "dx not reshaped to the input's shape", "dx를 입력 형상으로 되돌리지 않음",
        "For inputs with more than 2 dims, reshape dx back to the original shape of x.",
        "2차원보다 큰 입력이면 dx를 원래 x의 형상으로 되돌리세요.")
mistake("dout_ignored", "backward ignores dout", "역전파에서 dout을 무시함",
        "Multiply the local gradient by the upstream gradient dout (chain rule, 연쇄 법칙).",
        "국소 기울기에 상류 기울기 dout을 곱하세요 (연쇄 법칙).")
mistake("softmax_grad_not_divided", "softmax-with-loss gradient not divided by N", "Softmax-with-Loss 기울기를 N으로 나누지 않음",
        "The loss is a mean over the batch, so its gradient is (y − t)/N.", "손실이 배치 평균이므로 기울기는 (y − t)/N입니다.")
mistake("params_not_shared", "layers use copies of params", "계층이 params의 복사본을 사용",
        "Build the Affine layers with the arrays of self.params themselves, so an in-place update reaches them.",
        "Affine 계층을 self.params의 배열 자체로 만드세요; 그래야 제자리 갱신이 계층에 반영됩니다.")


def ko(en: str, ko_text: str):
    return T(en, ko_text)


# ========================================================================================== functions.py
FUNC_KO = {"step_function": "계단 함수", "sigmoid": "시그모이드 함수", "tanh": "하이퍼볼릭탄젠트 함수", "relu": "렐루 함수",
           "leaky_relu": "리키 렐루 함수", "softmax": "소프트맥스 함수", "mean_squared_error": "평균 제곱 오차",
           "sum_squared_error": "오차제곱합", "cross_entropy_error": "교차 엔트로피 오차",
           "binary_cross_entropy": "이진 교차 엔트로피"}


def _func_exercise(name, hint_en, hint_ko):
    return A.exercise(f"functions.{name}", targets=[f"functions.{name}"], title=T(name, FUNC_KO[name]),
                      hint=T(hint_en, hint_ko))


def _call_and_compare(ctx, name, args, kwargs=None, *, what=None, rtol=1e-7, atol=1e-9, mistakes=None,
                      scalar=False, want=None):
    what = what or T(f"{name}(...)", f"{FUNC_KO[name]}(...)")
    got = as_dict(ctx.call(drive_function, "functions", name, args, kwargs), what)
    if want is None:
        want = ctx.expected(drive_function, "functions", name, args, kwargs)["out"]
    mistakes = mistakes(want) if callable(mistakes) else mistakes
    if scalar:
        expect.scalar_close(got["out"], float(want), what, rtol=rtol, atol=atol, mistakes=mistakes)
    else:
        expect.close(got["out"], want, what, rtol=rtol, atol=atol, mistakes=mistakes)
    for i, a in enumerate(args):
        if isinstance(a, np.ndarray):
            expect.unchanged(a, got["args_after"][i], T(f"{what.en}: argument {i + 1}", f"{what.ko}: 인자 {i + 1}"))
    return got["out"]


def _elementwise_exercise(name, hint_en, hint_ko, *, edge, kwargs=None, mistakes=None):
    ex = _func_exercise(name, hint_en, hint_ko)

    @ex.test("values on a batch", points=1)
    def _(ctx):
        x = away_from_zero(ctx.rng, (4, 5), margin=0.01) * 2
        _call_and_compare(ctx, name, [x], kwargs, mistakes=mistakes and (lambda want: mistakes(ctx, x, want)))

    @ex.test("edge values (0, large |x|, 1-D input)", points=1)
    def _(ctx):
        x = np.array(edge, dtype=float)
        _call_and_compare(ctx, name, [x], kwargs, mistakes=mistakes and (lambda want: mistakes(ctx, x, want)))

    @ex.test("fresh random shapes", points=1, hidden=True)
    def _(ctx):
        for shape in [(7,), (3, 4), (2, 3, 4)]:
            x = ctx.rng.standard_normal(shape) * 3
            _call_and_compare(ctx, name, [x], kwargs)
    return ex


mistake("step_at_zero", "step function gives 1 at x = 0", "x = 0에서 1을 출력하는 계단 함수",
        "The step is 1 only where x > 0 (strictly): use >, not >=.", "x > 0일 때만 1입니다: >=가 아니라 >를 쓰세요.")
mistake("sigmoid_sign", "sigmoid with the sign of x flipped", "x의 부호가 뒤집힌 시그모이드",
        "σ(x) = 1 / (1 + exp(−x)): note the minus sign in the exponent.", "σ(x) = 1 / (1 + exp(−x)): 지수의 음수 부호에 주의하세요.")
mistake("relu_is_step", "ReLU returns the mask instead of the values", "ReLU가 값 대신 마스크를 반환",
        "ReLU keeps the positive values themselves (max(0, x)); returning x > 0 is the step function.",
        "ReLU는 양수 값 자체를 남깁니다 (max(0, x)); x > 0을 반환하면 계단 함수입니다.")
EDGE = [0.0, -1000.0, 1000.0, -1e-3, 1e-3, 30.0, -30.0, 709.0, -745.0]
_elementwise_exercise("step_function", "Return (x > 0) as ints: 1 where x > 0, 0 elsewhere (also at 0).",
                      "(x > 0)을 정수로: x > 0이면 1, 아니면 0 (0에서도 0).", edge=EDGE,
                      mistakes=lambda ctx, x, want: {"step_at_zero": np.where(x == 0, 1.0, want)})
_elementwise_exercise("sigmoid", "1/(1 + exp(−x)) overflows for x = −1000; use ½(1 + tanh(x/2)) or split by sign.",
                      "x = −1000에서 1/(1 + exp(−x))는 넘칩니다; ½(1 + tanh(x/2))를 쓰거나 부호로 나누세요.", edge=EDGE,
                      mistakes=lambda ctx, x, want: {"sigmoid_sign": 1.0 - want})
_elementwise_exercise("tanh", "np.tanh(x), or (e^x − e^−x)/(e^x + e^−x) computed without overflow.",
                      "np.tanh(x), 또는 오버플로 없이 계산한 (e^x − e^−x)/(e^x + e^−x).", edge=EDGE,
                      mistakes=lambda ctx, x, want: {"sign_flipped": -want})
_elementwise_exercise("relu", "np.maximum(0, x).", "np.maximum(0, x).", edge=EDGE,
                      mistakes=lambda ctx, x, want: {"relu_is_step": (want > 0).astype(float)})

leaky = _func_exercise("leaky_relu", "np.where(x > 0, x, alpha * x), with the alpha argument.",
                       "np.where(x > 0, x, alpha * x) — 인자로 받은 alpha 사용.")


@leaky.test("default slope 0.01", points=1)
def _(ctx):
    x = away_from_zero(ctx.rng, (3, 6), margin=0.01) * 2
    _call_and_compare(ctx, "leaky_relu", [x])


@leaky.test("the slope alpha is a parameter (0.1 as in document 001, 0.25)", points=1)
def _(ctx):
    x = away_from_zero(ctx.rng, (3, 6), margin=0.01) * 2
    for alpha in (0.1, 0.25):
        cands = {"leaky_alpha_ignored": np.where(x > 0, x, 0.01 * x)}
        _call_and_compare(ctx, "leaky_relu", [x], {"alpha": alpha}, mistakes=cands,
                          what=T(f"leaky_relu(x, alpha={alpha})", f"리키 렐루(x, alpha={alpha})"))


@leaky.test("fresh random inputs and slopes", points=1, hidden=True)
def _(ctx):
    x = ctx.rng.standard_normal((5, 4)) * 3
    _call_and_compare(ctx, "leaky_relu", [x], {"alpha": float(ctx.rng.uniform(0.02, 0.5))})


softmax = _func_exercise("softmax", "Subtract the max of each row (keepdims=True), exp, divide by the row sums.",
                         "각 행의 최댓값을 빼고 (keepdims=True) exp한 뒤 행의 합으로 나누세요.")


def _softmax_mistakes(ctx, x):
    def wrong_axis():
        return ctx.expected(drive_function, "functions", "softmax", [x.T])["out"].T

    def whole():
        flat = ctx.expected(drive_function, "functions", "softmax", [x.reshape(-1)])["out"]
        return flat.reshape(x.shape)
    return {"softmax_wrong_axis": wrong_axis, "softmax_whole_array": whole}


@softmax.test("rows of a batch sum to 1 and match", points=1)
def _(ctx):
    x = ctx.rng.standard_normal((4, 5)) * 2
    want = ctx.expected(drive_function, "functions", "softmax", [x])["out"]
    mist = _softmax_mistakes(ctx, x)
    mist = {k: f() for k, f in mist.items()}  # evaluate in a fixed order so the stored values line up
    _call_and_compare(ctx, "softmax", [x], want=want, mistakes=mist)


@softmax.test("one vector (1-D input)", points=1)
def _(ctx):
    _call_and_compare(ctx, "softmax", [ctx.rng.standard_normal(6)])


@softmax.test("large scores: no overflow, no NaN", points=1)
def _(ctx):
    x = np.array([[1000.0, 1000.0, 990.0], [-1000.0, -999.0, -1001.0], [0.0, 800.0, -800.0]])
    got = as_dict(ctx.call(drive_function, "functions", "softmax", [x]), T("softmax"))["out"]
    if isinstance(got, np.ndarray) and got.shape == x.shape and not np.all(np.isfinite(got.astype(float))):
        raise Fail(T("softmax of scores around ±1000 contains NaN or inf. ", "±1000 근처 점수의 소프트맥스에 NaN 또는 inf가 있습니다. ")
                   + T("It matches a known mistake: softmax without subtracting the maximum. exp of a large score "
                       "overflows to inf and inf/inf gives NaN: subtract the row maximum before exp.",
                       "알려진 실수와 일치합니다: 최댓값을 빼지 않은 소프트맥스. exp 전에 각 행의 최댓값을 빼세요."),
                   "softmax_unstable")
    _call_and_compare(ctx, "softmax", [x])


@softmax.test("fresh random batches", points=1, hidden=True)
def _(ctx):
    for shape in [(2, 7), (5, 3), (3, 2, 4)]:
        _call_and_compare(ctx, "softmax", [ctx.rng.standard_normal(shape) * 5])


def _loss_exercise(name, hint_en, hint_ko, make_inputs, mistakes=None):
    ex = _func_exercise(name, hint_en, hint_ko)

    @ex.test("value on a batch", points=2)
    def _(ctx):
        args = make_inputs(ctx.rng, 4)
        _call_and_compare(ctx, name, args, scalar=True,
                          mistakes=mistakes and (lambda want: mistakes(args, float(want))))

    @ex.test("fresh random batches", points=1, hidden=True)
    def _(ctx):
        for n in (1, 3, 8):
            _call_and_compare(ctx, name, make_inputs(ctx.rng, n), scalar=True)
    return ex


def _regression_pair(rng, n):
    return [rng.standard_normal((n, 3)), rng.standard_normal((n, 3))]


_loss_exercise("mean_squared_error", "np.mean((y - t) ** 2): the mean over every element.",
               "np.mean((y - t) ** 2): 모든 원소에 대한 평균.", _regression_pair,
               lambda args, w: {"mse_is_sum": w * args[0].size, "mse_halved": w / 2, "sse_not_halved": w * args[0].size,
                                "mse_sum_halved": w * args[0].size / 2})
mistake("mse_sum_halved", "MSE computed as ½ Σ (sum of squares)", "MSE를 ½ Σ(오차제곱합)로 계산",
        "That is sum_squared_error; MSE is the mean of the squared errors.", "그것은 sum_squared_error입니다; MSE는 제곱 오차의 평균입니다.")
_loss_exercise("sum_squared_error", "0.5 * np.sum((y - t) ** 2).", "0.5 * np.sum((y - t) ** 2).", _regression_pair,
               lambda args, w: {"sse_not_halved": 2 * w, "sse_is_mean": w * 2 / args[0].size,
                                "sse_is_half_mean": w / args[0].size})
mistake("sse_is_half_mean", "sum of squares averaged (with ½)", "½을 곱해 평균한 오차제곱합",
        "sum_squared_error sums over every element, it does not average.", "sum_squared_error는 평균을 내지 않고 모두 더합니다.")


def _probs(rng, n, k=4):
    p = rng.uniform(0.05, 1.0, size=(n, k))
    return p / p.sum(axis=1, keepdims=True)


ce = _func_exercise("cross_entropy_error", "Pick y[n, t_n] (or convert one-hot t with argmax), then −mean(log).",
                    "y[n, t_n]을 고르고 (원-핫이면 argmax로 변환) −log의 평균을 구하세요.")
CE_RTOL = 1e-4  # the book's log(y + 1e-7) guard is accepted: y >= 1e-3 keeps its error below 1e-4


@ce.test("labels as class indices", points=1)
def _(ctx):
    y = _probs(ctx.rng, 5)
    t = ctx.rng.integers(0, 4, size=5)
    _call_and_compare(ctx, "cross_entropy_error", [y, t], scalar=True, rtol=CE_RTOL,
                      mistakes=lambda w: {"ce_not_averaged": float(w) * 5})


@ce.test("labels as one-hot vectors", points=1)
def _(ctx):
    y = _probs(ctx.rng, 5)
    t = np.eye(4)[ctx.rng.integers(0, 4, size=5)]
    _call_and_compare(ctx, "cross_entropy_error", [y, t], scalar=True, rtol=CE_RTOL,
                      mistakes=lambda w: {"ce_not_averaged": float(w) * 5})


@ce.test("one sample (1-D y)", points=1)
def _(ctx):
    y = _probs(ctx.rng, 1)[0]
    _call_and_compare(ctx, "cross_entropy_error", [y, np.eye(4)[2]], scalar=True, rtol=CE_RTOL)


@ce.test("fresh random batches", points=1, hidden=True)
def _(ctx):
    for n in (2, 9):
        y = _probs(ctx.rng, n, 6)
        _call_and_compare(ctx, "cross_entropy_error", [y, ctx.rng.integers(0, 6, size=n)], scalar=True, rtol=CE_RTOL)


def _bce_inputs(rng, n):
    return [rng.uniform(0.02, 0.98, size=(n, 2)), rng.integers(0, 2, size=(n, 2)).astype(float)]


_loss_exercise("binary_cross_entropy", "−np.mean(t * np.log(y) + (1 − t) * np.log(1 − y)).",
               "−np.mean(t * np.log(y) + (1 − t) * np.log(1 − y)).", _bce_inputs,
               lambda args, w: {"ce_not_averaged": w * args[0].size, "sign_flipped": -w})


# ========================================================================================== layers.py
LAYER_KO = {"Relu": "렐루 계층", "LeakyRelu": "리키 렐루 계층", "Sigmoid": "시그모이드 계층", "Tanh": "하이퍼볼릭탄젠트 계층",
            "Affine": "Affine 계층", "SoftmaxWithLoss": "Softmax-with-Loss 계층", "SumSquaredLoss": "오차제곱합 손실 계층"}


def _layer_run(ctx, inputs, *, fwd_names=("x",)):
    res = as_dict(ctx.call(drive_layer, inputs), T("layer result", "계층 결과"))
    check_not_mutated(res, inputs, fwd_names, T("forward", "순전파"))
    return res


def _activation_exercise(cls, hint_en, hint_ko, *, ctor_kw=None, extra=None, backward_mistakes=None):
    ex = A.exercise(f"layers.{cls}", targets=[f"layers.{cls}"], title=T(f"{cls} layer", LAYER_KO[cls]),
                    hint=T(hint_en, hint_ko))
    ctor_keys = dict(ctor_kw or {})

    def inputs(rng, shape):
        x = away_from_zero(rng, shape, margin=0.02) * 1.5
        return layer_inputs("layers", cls, ctor_kw={k: k for k in ctor_keys}, **ctor_keys,
                            x=x, dout=rng.standard_normal(shape))

    @ex.test("forward matches the reference", points=1)
    def _(ctx):
        inp = inputs(ctx.rng, (3, 4))
        res = _layer_run(ctx, inp)
        want = ctx.expected(drive_layer, inp)
        expect.close(res["out"], want["out"], T("forward output", "순전파 출력"))

    @ex.test("backward matches numeric gradients", points=2)
    def _(ctx):
        inp = inputs(ctx.rng, (3, 4))
        res = _layer_run(ctx, inp)
        mist = backward_mistakes(inp, res) if backward_mistakes else {}
        if mist:
            want = ctx.expected(drive_layer, inp)["dx"]
            try:
                expect.close(res.get("dx"), want, T("dx"), rtol=1e-6, atol=1e-9, mistakes=mist)
            except Fail as exc:
                if exc.misconception:
                    raise
        run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx (backward output)", "dx (역전파 출력)"))})

    @ex.test("fresh shapes, forward and backward", points=1, hidden=True)
    def _(ctx):
        for shape in [(2, 3, 4), (5, 1)]:
            inp = inputs(ctx.rng, shape)
            res = _layer_run(ctx, inp)
            want = ctx.expected(drive_layer, inp)
            expect.close(res["out"], want["out"], T("forward output", "순전파 출력"))
            expect.close(res["dx"], want["dx"], T("dx"))
    return ex


_activation_exercise("Relu", "forward: mask = (x <= 0); out = x with out[mask] = 0. backward: dout with dout[mask] = 0.",
                     "순전파: mask = (x <= 0); out[mask] = 0. 역전파: dout[mask] = 0.",
                     backward_mistakes=lambda inp, res: {"relu_mask_from_dout": np.where(inp["dout"] > 0, inp["dout"], 0.0)})
_activation_exercise("LeakyRelu", "dx = dout where x > 0, alpha·dout elsewhere.", "x > 0이면 dout, 아니면 alpha·dout.",
                     ctor_kw={"alpha": 0.1},
                     backward_mistakes=lambda inp, res: {"leaky_alpha_ignored": np.where(inp["x"] > 0, inp["dout"], 0.01 * inp["dout"])})
_activation_exercise("Sigmoid", "Keep out = σ(x) in forward; backward returns dout * out * (1 − out).",
                     "순전파에서 out = σ(x)를 저장; 역전파는 dout * out * (1 − out).",
                     backward_mistakes=lambda inp, res: {"sigmoid_grad_from_input": inp["dout"] * inp["x"] * (1 - inp["x"]),
                                                         "dout_ignored": (lambda o: o * (1 - o))(np.asarray(res.get("out"), dtype=float)) if isinstance(res.get("out"), np.ndarray) and res["out"].shape == inp["x"].shape else None})
_activation_exercise("Tanh", "Keep out = tanh(x); backward returns dout * (1 − out²).",
                     "out = tanh(x)를 저장; 역전파는 dout * (1 − out²).",
                     backward_mistakes=lambda inp, res: {"tanh_grad_from_input": inp["dout"] * (1 - inp["x"] ** 2)})


affine = A.exercise("layers.Affine", targets=["layers.Affine"], title=T("Affine layer", "Affine 계층"),
                    hint=T("forward: keep x (flattened to (N, D)); out = x @ W + b. backward: dW = x.T @ dout, "
                           "db = dout.sum(axis=0), dx = (dout @ W.T).reshape(original shape).",
                           "순전파: x를 (N, D)로 펴서 저장; out = x @ W + b. 역전파: dW = x.T @ dout, db = dout.sum(axis=0), "
                           "dx = (dout @ W.T)를 원래 형상으로."))


def _affine_inputs(rng, x_shape, m):
    d = int(np.prod(x_shape[1:]))
    return layer_inputs("layers", "Affine", ctor=("W", "b"), attrs=("dW", "db"),
                        x=rng.standard_normal(x_shape), W=rng.standard_normal((d, m)), b=rng.standard_normal(m),
                        dout=rng.standard_normal((x_shape[0], m)))


def _affine_compare(ctx, inp, res, want):
    n = inp["x"].shape[0]
    expect.close(res["out"], want["out"], T("forward output x·W + b", "순전파 출력 x·W + b"))
    expect.close(res.get("dW"), want["dW"], T("dW"), mistakes={"transposed": want["dW"].T})
    expect.close(res.get("db"), want["db"], T("db"),
                 mistakes={"db_averaged": want["db"] / n, "db_not_summed": inp["dout"]})
    expect.close(res["dx"], want["dx"], T("dx"), mistakes={"dx_not_reshaped": want["dx"].reshape(n, -1)})


@affine.test("forward and backward on a batch", points=2)
def _(ctx):
    inp = _affine_inputs(ctx.rng, (4, 3), 5)
    res = _layer_run(ctx, inp)
    _affine_compare(ctx, inp, res, ctx.expected(drive_layer, inp))


@affine.test("gradients dx, dW, db match numeric gradients", points=2)
def _(ctx):
    inp = _affine_inputs(ctx.rng, (3, 4), 2)
    res = _layer_run(ctx, inp)
    run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx")), "W": ("dW", T("dW")), "b": ("db", T("db"))})


@affine.test("4-D input is flattened per sample; dx has the input's shape", points=1)
def _(ctx):
    inp = _affine_inputs(ctx.rng, (2, 2, 3, 2), 3)
    res = _layer_run(ctx, inp)
    _affine_compare(ctx, inp, res, ctx.expected(drive_layer, inp))


@affine.test("fresh shapes, large arrays by random directions", points=2, hidden=True)
def _(ctx):
    inp = _affine_inputs(ctx.rng, (16, 3, 4, 4), 20)
    res = _layer_run(ctx, inp)
    _affine_compare(ctx, inp, res, ctx.expected(drive_layer, inp))
    run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx")), "W": ("dW", T("dW")), "b": ("db", T("db"))})


swl = A.exercise("layers.SoftmaxWithLoss", targets=["layers.SoftmaxWithLoss"],
                 title=T("Softmax-with-Loss layer", "Softmax-with-Loss 계층"),
                 hint=T("loss_n = logsumexp(x_n) − x_n[t_n] with logsumexp(v) = m + log Σ exp(v − m); "
                        "backward: dout * (softmax(x) − onehot(t)) / N.",
                        "loss_n = logsumexp(x_n) − x_n[t_n], logsumexp(v) = m + log Σ exp(v − m); "
                        "역전파: dout * (softmax(x) − onehot(t)) / N."))


def _swl_inputs(rng, n, k, *, onehot=False, scale=2.0, dout=1.0):
    labels = rng.integers(0, k, size=n)
    t = np.eye(k)[labels] if onehot else labels
    return layer_inputs("layers", "SoftmaxWithLoss", fwd=("x", "t"), x=rng.standard_normal((n, k)) * scale, t=t,
                        dout=np.float64(dout))


def _swl_compare(ctx, inp, res, want, *, dout):
    n = inp["x"].shape[0]
    loss = expect.scalar_close(res["out"], float(want["out"]), T("loss", "손실"), rtol=1e-9,
                               mistakes={"ce_not_averaged": float(want["out"]) * n, "ce_clipped": -np.log(1e-7)})
    del loss
    expect.close(res["dx"], want["dx"], T("dx"), rtol=1e-7,
                 mistakes={"dout_ignored": want["dx"] / dout if dout != 1 else None,
                           "softmax_grad_not_divided": want["dx"] * n})


@swl.test("loss and dx with labels", points=2)
def _(ctx):
    inp = _swl_inputs(ctx.rng, 4, 3, dout=1.0)
    res = _layer_run(ctx, inp, fwd_names=("x", "t"))
    _swl_compare(ctx, inp, res, ctx.expected(drive_layer, inp), dout=1.0)


@swl.test("one-hot labels, and backward(dout) scales dx", points=1)
def _(ctx):
    inp = _swl_inputs(ctx.rng, 3, 4, onehot=True, dout=2.5)
    res = _layer_run(ctx, inp, fwd_names=("x", "t"))
    _swl_compare(ctx, inp, res, ctx.expected(drive_layer, inp), dout=2.5)


@swl.test("large logits: exact loss, no overflow, no 1e-7 clipping", points=2)
def _(ctx):
    x = np.array([[1000.0, -1000.0, 0.0], [-500.0, 300.0, 299.0], [800.0, 0.0, -800.0]])
    t = np.array([1, 0, 2])
    inp = layer_inputs("layers", "SoftmaxWithLoss", fwd=("x", "t"), x=x, t=t, dout=np.float64(1.0))
    res = _layer_run(ctx, inp, fwd_names=("x", "t"))
    # log-sum-exp by hand: row max (+ log(1 + e^-1) where the two largest differ by 1) minus the label's score
    true_loss = (2000.0 + 800.0 + np.log1p(np.exp(-1.0)) + 1600.0) / 3
    expect.scalar_close(res["out"], true_loss, T("loss for logits ±1000", "로짓 ±1000에서의 손실"), rtol=1e-9,
                        mistakes={"ce_clipped": -np.log(1e-7)})
    expect.close(res["dx"], ctx.expected(drive_layer, inp)["dx"], T("dx for logits ±1000", "로짓 ±1000에서의 dx"))


@swl.test("dx matches numeric gradients of the loss", points=1)
def _(ctx):
    inp = _swl_inputs(ctx.rng, 3, 4, dout=1.7)
    res = _layer_run(ctx, inp, fwd_names=("x", "t"))
    run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx"))}, batch_size=3)


@swl.test("fresh batches", points=1, hidden=True)
def _(ctx):
    for n, k, oh in [(7, 5, False), (2, 10, True)]:
        dout = float(ctx.rng.uniform(0.5, 3))
        inp = _swl_inputs(ctx.rng, n, k, onehot=oh, scale=4.0, dout=dout)
        res = _layer_run(ctx, inp, fwd_names=("x", "t"))
        _swl_compare(ctx, inp, res, ctx.expected(drive_layer, inp), dout=dout)


ssl = A.exercise("layers.SumSquaredLoss", targets=["layers.SumSquaredLoss"],
                 title=T("sum-of-squares loss layer", "오차제곱합 손실 계층"),
                 hint=T("forward: 0.5 * np.sum((y − t)**2); backward: dout * (y − t).",
                        "순전파: 0.5 * np.sum((y − t)**2); 역전파: dout * (y − t)."))


def _ssl_inputs(rng, shape, dout=1.0):
    return layer_inputs("layers", "SumSquaredLoss", fwd=("y", "t"), y=rng.uniform(0, 1, shape),
                        t=rng.uniform(0, 1, shape), dout=np.float64(dout))


@ssl.test("loss and gradient", points=2)
def _(ctx):
    inp = _ssl_inputs(ctx.rng, (3, 2), dout=1.0)
    res = _layer_run(ctx, inp, fwd_names=("y", "t"))
    want = ctx.expected(drive_layer, inp)
    w = float(want["out"])
    expect.scalar_close(res["out"], w, T("loss ½Σ(y − t)²", "손실 ½Σ(y − t)²"),
                        mistakes={"sse_not_halved": 2 * w, "sse_is_mean": 2 * w / 6, "sse_is_half_mean": w / 6})
    expect.close(res["dx"], want["dx"], T("dE/dy"), mistakes={"sign_flipped": -want["dx"], "gradient_scaled": want["dx"] / 6})


@ssl.test("backward(dout) matches numeric gradients", points=1)
def _(ctx):
    inp = _ssl_inputs(ctx.rng, (2, 3), dout=0.7)
    res = _layer_run(ctx, inp, fwd_names=("y", "t"))
    run_gradient_check(ctx, inp, res, {"y": ("dx", T("dE/dy"))})


@ssl.test("fresh shapes", points=1, hidden=True)
def _(ctx):
    inp = _ssl_inputs(ctx.rng, (5, 4), dout=float(ctx.rng.uniform(0.5, 2)))
    res = _layer_run(ctx, inp, fwd_names=("y", "t"))
    want = ctx.expected(drive_layer, inp)
    expect.scalar_close(res["out"], float(want["out"]), T("loss", "손실"))
    expect.close(res["dx"], want["dx"], T("dE/dy"))


# ========================================================================================== worked example
W_DOC = [0.3, 0.25, 0.4, 0.35, 0.45, 0.4, 0.7, 0.6]
# Document 001 §6, recomputed to 8 decimals (shared/seeds/README.md); the check's tolerance is 1e-8.
DOC = {
    "z1": 0.08, "z2": 0.11, "h1": 0.51998934, "h2": 0.52747230, "z3": 0.44498412, "z4": 0.68047592,
    "o1": 0.60944600, "o2": 0.66384491, "E_o1": 0.02193381, "E_o2": 0.00203809, "E_total": 0.02397190,
    "dE/do1": 0.20944600, "do1/dz3": 0.23802157, "dE/dW5": 0.02592286,
    "W5+": 0.43703857, "W6+": 0.38685205, "W7+": 0.69629578, "W8+": 0.59624247,
    "dE/dW1": 0.00080888, "W1+": 0.29959556, "W2+": 0.24919112, "W3+": 0.39964496, "W4+": 0.34928991,
    "E_total after": 0.02323634,
}


def drive_worked_example(mods, lr):
    """The 2-2-2 sigmoid network of document 001 §6 built from the student's layers, one SGD step."""
    L = mods.layers
    w = W_DOC
    x = np.array([[0.1, 0.2]])
    t = np.array([[0.4, 0.6]])
    # Affine weights are (in, out): column j holds the weights into unit j.
    Wa = np.array([[w[0], w[2]], [w[1], w[3]]])
    Wb = np.array([[w[4], w[6]], [w[5], w[7]]])

    def forward(Wa, Wb):
        a1, s1, a2, s2, loss = L.Affine(Wa, np.zeros(2)), L.Sigmoid(), L.Affine(Wb, np.zeros(2)), L.Sigmoid(), L.SumSquaredLoss()
        z = a1.forward(x)
        h = s1.forward(z)
        zz = a2.forward(h)
        o = s2.forward(zz)
        e = loss.forward(o, t)
        return (a1, s1, a2, s2, loss), z, h, zz, o, e

    (a1, s1, a2, s2, loss), z, h, zz, o, e = forward(Wa.copy(), Wb.copy())
    e1 = L.SumSquaredLoss().forward(o[:, :1], t[:, :1])
    e2 = L.SumSquaredLoss().forward(o[:, 1:], t[:, 1:])
    de_do = loss.backward(1.0)
    dz_out = s2.backward(de_do)
    dh = a2.backward(dz_out)
    dz_hidden = s1.backward(dh)
    a1.backward(dz_hidden)
    do_dz = s2.backward(np.ones_like(o))
    Wa_new = Wa - lr * np.asarray(a1.dW)
    Wb_new = Wb - lr * np.asarray(a2.dW)
    e_after = forward(Wa_new, Wb_new)[-1]
    return {"z": z, "h": h, "zz": zz, "o": o, "E_o1": e1, "E_o2": e2, "E_total": e, "dE_do": de_do, "do_dz": do_dz,
            "dWb": a2.dW, "dWa": a1.dW, "Wa_new": Wa_new, "Wb_new": Wb_new, "E_after": e_after}


def _worked_values(res) -> dict:
    """Pick the named quantities of the document out of the student's results (None where unavailable)."""
    def el(key, i, j=None):
        v = res.get(key)
        try:
            v = np.asarray(v, dtype=float)
            return float(v[0, i] if j is None else v[i, j]) if v.ndim == 2 else None
        except Exception:
            return None

    def sc(key):
        try:
            return float(np.asarray(res.get(key), dtype=float).reshape(()))
        except Exception:
            return None

    return {"z1": el("z", 0), "z2": el("z", 1), "h1": el("h", 0), "h2": el("h", 1), "z3": el("zz", 0), "z4": el("zz", 1),
            "o1": el("o", 0), "o2": el("o", 1), "E_o1": sc("E_o1"), "E_o2": sc("E_o2"), "E_total": sc("E_total"),
            "dE/do1": el("dE_do", 0), "do1/dz3": el("do_dz", 0), "dE/dW5": el("dWb", 0, 0),
            "W5+": el("Wb_new", 0, 0), "W6+": el("Wb_new", 1, 0), "W7+": el("Wb_new", 0, 1), "W8+": el("Wb_new", 1, 1),
            "dE/dW1": el("dWa", 0, 0), "W1+": el("Wa_new", 0, 0), "W2+": el("Wa_new", 1, 0),
            "W3+": el("Wa_new", 0, 1), "W4+": el("Wa_new", 1, 1), "E_total after": sc("E_after")}


worked = A.exercise("worked_example", targets=["layers.Affine", "layers.Sigmoid", "layers.SumSquaredLoss"],
                    title=T("backprop worked example of document 001", "문서 001의 역전파 계산 예제"),
                    hint=T("The network is x → Affine(W, b=0) → Sigmoid → Affine → Sigmoid → SumSquaredLoss with "
                           "x = (0.1, 0.2), targets (0.4, 0.6), one SGD step at lr 0.5 (document 001 §6).",
                           "x → Affine(W, b=0) → Sigmoid → Affine → Sigmoid → SumSquaredLoss, x = (0.1, 0.2), "
                           "목표 (0.4, 0.6), 학습률 0.5로 SGD 한 번 (문서 001 §6)."))

STAGES = [
    ("forward pass: z, h, o", ["z1", "z2", "h1", "h2", "z3", "z4", "o1", "o2"], 2),
    ("losses E_o1, E_o2, E_total", ["E_o1", "E_o2", "E_total"], 1),
    ("output layer gradients ∂E/∂o1, ∂o1/∂z3, ∂E/∂W5", ["dE/do1", "do1/dz3", "dE/dW5"], 2),
    ("updated output weights W5⁺..W8⁺", ["W5+", "W6+", "W7+", "W8+"], 1),
    ("hidden layer gradient ∂E/∂W1 and W1⁺..W4⁺", ["dE/dW1", "W1+", "W2+", "W3+", "W4+"], 2),
    ("E_total after the step", ["E_total after"], 1),
]


def _stage_test(title, names, points):
    @worked.test(title, points=points)
    def _(ctx):
        res = as_dict(ctx.call(drive_worked_example, 0.5), T("worked example", "역전파 예제"))
        values = _worked_values(res)
        for name in names:
            got = values[name]
            want = DOC[name]
            if got is None or not np.isfinite(got):
                raise Fail(T(f"{name}: no value could be read (got {res.get(name)!r}); check the shapes your layers "
                             f"return for a batch of one sample (1, 2)",
                             f"{name}: 값을 읽을 수 없습니다; 샘플 하나짜리 배치 (1, 2)에 대해 계층이 반환하는 형상을 확인하세요"))
            if abs(got - want) > 1e-8:
                raise Fail(T(f"the first quantity that differs from document 001 is {name}: got {got:.8f}, expected "
                             f"{want:.8f} (tolerance 1e-8)",
                             f"문서 001과 처음으로 다른 값은 {name}입니다: {got:.8f}, 기대값 {want:.8f} (허용 오차 1e-8)"))


for _title, _names, _points in STAGES:
    _stage_test(_title, _names, _points)


# ========================================================================================== network.py
net_ex = A.exercise("network.TwoLayerNet",
                    targets=["network.TwoLayerNet", "layers.Affine", "layers.Relu", "layers.SoftmaxWithLoss"],
                    title=T("two-layer network", "2층 신경망"),
                    hint=T("Build Affine1–Relu1–Affine2 in an OrderedDict from self.params's arrays; gradient runs "
                           "loss, then backward(1) through the layers in reverse and collects dW, db.",
                           "self.params의 배열로 Affine1–Relu1–Affine2를 OrderedDict에 만들고, gradient는 loss 후 "
                           "역순으로 backward(1)를 호출해 dW, db를 모읍니다."))


def drive_net(mods, sizes, params, x, t, what):
    """Build a TwoLayerNet, copy the given parameter values INTO its params arrays, then evaluate."""
    net = mods.network.TwoLayerNet(*sizes, rng=np.random.default_rng(0))
    out = {"keys": sorted(net.params), "shapes": {k: list(np.shape(v)) for k, v in net.params.items()}}
    if params is not None:
        for k, v in params.items():
            net.params[k][...] = v
    if "predict" in what:
        out["predict"] = net.predict(x.copy())
    if "loss" in what:
        out["loss"] = net.loss(x.copy(), t.copy())
    if "accuracy" in what:
        out["accuracy"] = net.accuracy(x.copy(), t.copy())
    if "gradient" in what:
        out["gradient"] = net.gradient(x.copy(), t.copy())
    return out


def drive_net_loss(mods, inputs):
    net = mods.network.TwoLayerNet(*inputs["sizes"], rng=np.random.default_rng(0))
    for k in ("W1", "b1", "W2", "b2"):
        net.params[k][...] = inputs[k]
    return net.loss(inputs["x"].copy(), inputs["t"].copy())


def drive_net_train(mods, sizes, x, t, lr, steps, std):
    net = mods.network.TwoLayerNet(*sizes, weight_init_std=std, rng=np.random.default_rng(1))
    losses = []
    for _ in range(steps):
        grads = net.gradient(x, t)
        for k in ("W1", "b1", "W2", "b2"):
            net.params[k] -= lr * grads[k]
        losses.append(net.loss(x, t))
    return losses


def drive_net_init(mods, sizes, std, seed):
    net = mods.network.TwoLayerNet(*sizes, weight_init_std=std, rng=np.random.default_rng(seed))
    return {k: v for k, v in net.params.items()}


def _net_problem(rng, d=4, h=5, k=3, n=6):
    x = rng.standard_normal((n, d))
    while True:  # keep the hidden pre-activations away from the ReLU kink
        params = {"W1": rng.standard_normal((d, h)) * 0.8, "b1": rng.standard_normal(h) * 0.3,
                  "W2": rng.standard_normal((h, k)) * 0.8, "b2": rng.standard_normal(k) * 0.3}
        if np.min(np.abs(x @ params["W1"] + params["b1"])) > 0.02:
            break
    t = rng.integers(0, k, size=n)
    return (d, h, k), params, x, t


def drive_net_default_rng(mods, sizes):
    """TwoLayerNet built without an rng (rng=None must draw from a fresh default generator)."""
    net = mods.network.TwoLayerNet(*sizes)
    return {"keys": sorted(net.params), "shapes": {k: list(np.shape(v)) for k, v in net.params.items()}}


@net_ex.test("params: keys W1 b1 W2 b2 with the right shapes", points=1)
def _(ctx):
    res = as_dict(ctx.call(drive_net, (4, 5, 3), None, None, None, []), T("TwoLayerNet"))
    as_dict(ctx.call(drive_net_default_rng, (4, 5, 3)), T("TwoLayerNet(4, 5, 3) without rng"))
    want = {"W1": [4, 5], "b1": [5], "W2": [5, 3], "b2": [3]}
    if res["keys"] != sorted(want):
        raise Fail(T(f"params has keys {res['keys']}, expected {sorted(want)}", f"params의 키가 {res['keys']}인데 {sorted(want)}이어야 합니다"))
    for k, shape in want.items():
        if list(res["shapes"][k]) != shape:
            raise Fail(T(f"params['{k}'] has shape {tuple(res['shapes'][k])}, expected {tuple(shape)}",
                         f"params['{k}']의 형상이 {tuple(res['shapes'][k])}인데 {tuple(shape)}이어야 합니다"), "wrong_shape")


@net_ex.test("predict, loss and accuracy with given weights", points=2)
def _(ctx):
    sizes, params, x, t = _net_problem(ctx.rng)
    what = ["predict", "loss", "accuracy"]
    res = as_dict(ctx.call(drive_net, sizes, params, x, t, what), T("TwoLayerNet"))
    want = ctx.expected(drive_net, sizes, params, x, t, what)
    expect.close(res["predict"], want["predict"], T("predict(x)"))
    expect.scalar_close(res["loss"], float(want["loss"]), T("loss(x, t)"))
    expect.scalar_close(res["accuracy"], float(want["accuracy"]), T("accuracy(x, t)"))


@net_ex.test("gradient matches numeric gradients of loss", points=3)
def _(ctx):
    sizes, params, x, t = _net_problem(ctx.rng)
    res = as_dict(ctx.call(drive_net, sizes, params, x, t, ["gradient"]), T("TwoLayerNet"))
    grads = as_dict(res["gradient"], T("gradient(x, t)"))
    missing = [k for k in ("W1", "b1", "W2", "b2") if k not in grads]
    if missing:
        raise Fail(T(f"gradient(x, t) lacks the keys {missing}", f"gradient(x, t)에 키 {missing}이(가) 없습니다"))
    inputs = {"sizes": list(sizes), "x": x, "t": t, **params}
    analytic = {k: expect.array(grads[k], T(f"gradient['{k}']"), shape=params[k].shape) for k in params}
    ctx.check_gradients(drive_net_loss, inputs, analytic, names={k: T(f"gradient['{k}']") for k in params},
                        batch_size=len(t))


@net_ex.test("training on a small batch lowers the loss", points=1)
def _(ctx):
    rng = ctx.rng
    x = rng.standard_normal((12, 4))
    t = (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 0.5).astype(int)
    losses = ctx.call(drive_net_train, (4, 8, 3), x, t, 0.5, 60, 0.5)
    values = [expect.scalar(v, T("loss during training", "학습 중 손실")) for v in losses]
    if not values[-1] < 0.5 * values[0]:
        raise Fail(T(f"after 60 SGD steps (lr 0.5) on 12 samples the loss went from {values[0]:.4f} to {values[-1]:.4f}; "
                     f"a correct network halves it at least. Are the layers built from self.params's own arrays?",
                     f"12개 샘플로 SGD 60번 (학습률 0.5) 후 손실이 {values[0]:.4f}에서 {values[-1]:.4f}가 되었습니다; "
                     f"올바른 신경망이면 절반 이하로 줄어듭니다. 계층이 self.params의 배열 자체를 쓰나요?"), "params_not_shared")


@net_ex.test("initial weights: std weight_init_std, zero biases, seeded rng", points=1, hidden=True)
def _(ctx):
    std = float(ctx.rng.uniform(0.05, 0.5))
    seed = int(ctx.rng.integers(1000))
    p1 = as_dict(ctx.call(drive_net_init, (100, 60, 10), std, seed), T("params"))
    p2 = as_dict(ctx.call(drive_net_init, (100, 60, 10), std, seed), T("params"))
    for k in ("W1", "W2"):
        w = expect.array(p1.get(k), T(f"params['{k}']"))
        n = w.size
        # sample std of n normal draws: relative standard error ≈ 1/sqrt(2n); allow 6 of them
        tol = 6 / np.sqrt(2 * n)
        if abs(w.std() / std - 1) > tol:
            raise Fail(T(f"params['{k}'] has std {w.std():.4g}, expected weight_init_std = {std:.4g} (±{tol:.1%})",
                         f"params['{k}']의 표준편차가 {w.std():.4g}인데 weight_init_std = {std:.4g}이어야 합니다 (±{tol:.1%})"))
        expect.close(p2.get(k), w, T(f"params['{k}'] with the same seeded rng", f"같은 시드의 params['{k}']"))
    for k in ("b1", "b2"):
        expect.close(p1.get(k), np.zeros_like(expect.array(p1.get(k), T(k))), T(f"params['{k}'] (biases start at 0)"))


@net_ex.test("fresh network sizes: gradient vs reference with one-hot labels", points=2, hidden=True)
def _(ctx):
    sizes, params, x, t = _net_problem(ctx.rng, d=6, h=7, k=4, n=9)
    t1 = np.eye(4)[t]
    res = as_dict(ctx.call(drive_net, sizes, params, x, t1, ["loss", "gradient", "accuracy"]), T("TwoLayerNet"))
    want = ctx.expected(drive_net, sizes, params, x, t1, ["loss", "gradient", "accuracy"])
    expect.scalar_close(res["loss"], float(want["loss"]), T("loss(x, t one-hot)"))
    expect.scalar_close(res["accuracy"], float(want["accuracy"]), T("accuracy(x, t one-hot)"))
    grads = as_dict(res["gradient"], T("gradient(x, t)"))
    for k in ("W1", "b1", "W2", "b2"):
        expect.close(grads.get(k), want["gradient"][k], T(f"gradient['{k}']"), rtol=1e-6)
