"""Checks of a04_regularization: batch and layer normalization, dropout, L1/L2 penalties, early stopping, and
MultiLayerNetExtend (Affine–BN–activation–Dropout with weight decay).

* Normalization layers: forward values against the reference, backward by numeric gradients of the student's own
  forward (float64 central differences, batch ≥ 2, 2-D and 4-D), running statistics over several batches.
  The book's start of the running variance at 0 is accepted (DESIGN §3) besides the kit's 1.
* Dropout: masks are never compared with the reference (the order of the student's random draws is free); the
  checks use statistics with tolerances of 6 standard errors of the sample size, exact invariants (every output is
  0 or x/(1 − ratio); backward uses the same mask), identity in test mode, and reproducibility with a seeded rng.
* MultiLayerNetExtend: the whole ``gradient`` is checked numerically with batch norm, weight decay AND dropout on;
  the dropout masks are fixed by building the network with the same seeded rng for every evaluation. Training-mode
  dropout is compared with the reference under the student's OWN masks: with one hidden layer and a full-row-rank
  last W, the dropout output is recovered from the student's logits and checked against the reference's (mask-free)
  hidden activations; every unit must be 0 or h/(1 − ratio), so no draw order is assumed.
"""
from __future__ import annotations

import math

import numpy as np

from .. import expect, gradcheck
from ..expect import K_SE, matches, named_mistake
from ..misconceptions import describe, mistake
from ..registry import Assignment, Fail, T, Text
from .common import as_dict, check_not_mutated, drive_function, drive_layer, layer_inputs

A = Assignment("a04_regularization", title=T("Regularization and normalization", "규제와 정규화"),
               files=("layers.py", "regularization.py", "network.py"))


# ------------------------------------------------------------------------------------------ misconceptions
mistake("bn_unbiased_variance", "batch norm with the unbiased variance (÷ (m − 1))", "불편 분산(÷ (m − 1))을 쓴 배치 정규화",
        "Batch normalization uses the biased mini-batch variance σ² = (1/m) Σ (x − μ)² (np.var / np.mean, ddof=0).",
        "배치 정규화는 편향 분산 σ² = (1/m) Σ (x − μ)²을 씁니다 (np.var 또는 np.mean, ddof=0).")
mistake("bn_running_stats_in_training", "running statistics used in training mode", "학습 모드에서 이동 평균 통계를 사용",
        "With train_flg=True normalize with the mean and variance of THIS batch; running_mean/running_var are only "
        "updated in training and used in test mode.",
        "train_flg=True이면 지금 배치의 평균과 분산으로 정규화하세요; running_mean/running_var는 학습 때 갱신만 하고 "
        "추론(test) 모드에서 사용합니다.")
mistake("bn_batch_stats_in_test", "batch statistics used in test mode", "추론 모드에서 배치 통계를 사용",
        "With train_flg=False normalize with running_mean and running_var (and do not update them).",
        "train_flg=False이면 running_mean과 running_var로 정규화하세요 (갱신하지 않음).")
mistake("bn_wrong_axis", "batch norm over the features of each sample", "샘플마다 특성 축으로 정규화한 배치 정규화",
        "Batch norm normalizes every FEATURE over the batch (axis 0); per sample over the features is layer norm.",
        "배치 정규화는 각 특성을 배치 축(axis 0)으로 정규화합니다; 샘플마다 특성 축으로 하는 것은 층 정규화입니다.")
mistake("bn_4d_not_per_channel", "4-D batch norm per position instead of per channel", "4차원 입력을 채널이 아니라 위치별로 정규화",
        "For (N, C, H, W) the statistics of channel c are taken over N, H and W together: "
        "x.mean(axis=(0, 2, 3), keepdims=True); gamma and beta have shape (C,).",
        "(N, C, H, W)에서 채널 c의 통계는 N, H, W 전체에 대해 구합니다: x.mean(axis=(0, 2, 3), keepdims=True); "
        "gamma, beta의 형상은 (C,)입니다.")
mistake("bn_backward_no_mean_path", "batch norm backward ignores the mean's dependence on x",
        "배치 정규화 역전파에서 평균이 x에 의존하는 경로를 빠뜨림",
        "μ_B depends on every x_i: include the path x → μ_B, which subtracts the batch mean of dx̂ "
        "(dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / √(σ² + eps)).",
        "μ_B는 모든 x_i에 의존합니다: x → μ_B 경로를 포함하세요; dx̂의 배치 평균을 빼는 항입니다 "
        "(dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / √(σ² + eps)).")
mistake("bn_backward_no_var_path", "batch norm backward ignores the variance's dependence on x",
        "배치 정규화 역전파에서 분산이 x에 의존하는 경로를 빠뜨림",
        "σ_B² depends on every x_i: include the path x → σ_B², the term −x̂·mean(dx̂·x̂).",
        "σ_B²는 모든 x_i에 의존합니다: x → σ_B² 경로, 즉 −x̂·mean(dx̂·x̂) 항을 포함하세요.")
mistake("bn_backward_stats_as_constants", "batch norm backward treats the batch statistics as constants",
        "배치 정규화 역전파에서 배치 통계를 상수로 취급",
        "After a TRAINING forward μ_B and σ_B² are functions of x; dx = dout·γ/√(σ² + eps) is only right after a "
        "test-mode forward. Follow the graph through μ_B and σ_B².",
        "학습 모드 순전파 뒤에는 μ_B와 σ_B²가 x의 함수입니다; dx = dout·γ/√(σ² + eps)는 추론 모드 뒤에만 맞습니다. "
        "μ_B와 σ_B²를 거치는 경로도 따라가세요.")
mistake("bn_momentum_swapped", "running-average momentum swapped", "이동 평균의 momentum을 뒤바꿈",
        "running ← momentum·running + (1 − momentum)·batch: the OLD value keeps the weight momentum (0.9).",
        "running ← momentum·running + (1 − momentum)·batch: 예전 값에 momentum(0.9)의 가중치를 줍니다.")
mistake("bn_running_var_unbiased", "running variance updated with the unbiased variance", "이동 분산을 불편 분산으로 갱신",
        "The kit uses the same biased σ_B² (÷ m) for the normalization and for the running update.",
        "키트는 정규화와 이동 평균 갱신 모두에 같은 편향 분산 σ_B² (÷ m)을 씁니다.")
mistake("bn_test_updates_running_stats", "running statistics changed in test mode", "추론 모드에서 이동 평균 통계가 바뀜",
        "A forward with train_flg=False must not change running_mean and running_var.",
        "train_flg=False인 순전파는 running_mean과 running_var를 바꾸면 안 됩니다.")
mistake("ln_normalized_over_batch", "layer norm over the batch (that is batch norm)", "배치 축으로 정규화한 층 정규화 (배치 정규화와 같음)",
        "Layer norm normalizes each SAMPLE over its features: mean and variance along axis=-1 with keepdims=True.",
        "층 정규화는 샘플마다 특성 축으로 정규화합니다: axis=-1, keepdims=True로 평균과 분산을 구하세요.")
mistake("dropout_not_scaled", "dropout without the 1/(1 − ratio) scaling", "1/(1 − ratio) 배율이 없는 드롭아웃",
        "Inverted dropout scales the kept units by 1/(1 − ratio) in training, so the expected output equals the input "
        "and test mode can be the identity.",
        "역 드롭아웃은 학습 때 남긴 값에 1/(1 − ratio)를 곱해 기댓값을 입력과 같게 하므로 추론 때는 그대로 통과시킵니다.")
mistake("dropout_ratio_is_keep_prob", "dropout_ratio used as the keep probability", "dropout_ratio를 남길 확률로 사용",
        "dropout_ratio is the probability of DROPPING a unit: mask = rng.random(x.shape) >= ratio keeps 1 − ratio.",
        "dropout_ratio는 뉴런을 끌 확률입니다: mask = rng.random(x.shape) >= ratio이면 1 − ratio만큼 남습니다.")
mistake("dropout_scaled_at_test", "dropout rescales in test mode", "추론 모드에서 드롭아웃이 값을 조정함",
        "With inverted dropout the scaling happens in training; in test mode return x unchanged (the book's "
        "x·(1 − ratio) belongs to the non-inverted version).",
        "역 드롭아웃은 학습 때 배율을 적용하므로 추론 때는 x를 그대로 돌려줍니다 (책의 x·(1 − ratio)는 역 드롭아웃이 아닌 버전).")
mistake("dropout_applied_at_test", "units dropped in test mode", "추론 모드에서도 뉴런을 끔",
        "With train_flg=False dropout is the identity: no mask.", "train_flg=False이면 드롭아웃은 항등 함수입니다: 마스크 없음.")
mistake("dropout_backward_new_mask", "dropout backward uses a different mask", "드롭아웃 역전파가 다른 마스크를 사용",
        "Keep the mask of the forward pass (self.mask) and use it in backward; do not draw a new one.",
        "순전파의 마스크(self.mask)를 저장해 역전파에 쓰세요; 새로 뽑지 마세요.")
mistake("dropout_backward_not_scaled", "dropout backward without the 1/(1 − ratio) scaling", "드롭아웃 역전파에 1/(1 − ratio)가 없음",
        "The forward multiplies by mask/(1 − ratio), so the gradient is dout·mask/(1 − ratio).",
        "순전파가 mask/(1 − ratio)를 곱하므로 기울기는 dout·mask/(1 − ratio)입니다.")
mistake("dropout_ignores_rng", "dropout ignores the rng argument", "드롭아웃이 rng 인자를 무시함",
        "Draw the masks with the generator given to __init__ (self.rng.random(x.shape)), so a seeded rng reproduces them.",
        "__init__에 받은 생성기로 마스크를 뽑으세요 (self.rng.random(x.shape)); 그래야 같은 시드가 같은 마스크를 줍니다.")
mistake("dropout_mask_reused", "the same dropout mask at every forward", "순전파마다 같은 드롭아웃 마스크",
        "Draw a NEW mask at every training forward.", "학습 모드 순전파마다 새 마스크를 뽑으세요.")
mistake("l2_penalty_no_half", "L2 penalty without ½", "½이 없는 L2 규제 항",
        "The kit's weight decay term is ½·λ·ΣW² (so that its gradient is exactly λW).",
        "키트의 가중치 감소 항은 ½·λ·ΣW²입니다 (그래야 기울기가 정확히 λW).")
mistake("l2_grad_no_lambda", "L2 gradient without λ", "λ가 없는 L2 기울기", "d(½λΣW²)/dW = λ·W: multiply by lam.",
        "d(½λΣW²)/dW = λ·W: lam을 곱하세요.")
mistake("l2_grad_doubled", "L2 gradient 2λW", "L2 기울기를 2λW로 계산",
        "The ½ of the penalty cancels the 2 of the square: the gradient is λ·W.",
        "규제 항의 ½이 제곱의 2를 없애므로 기울기는 λ·W입니다.")
mistake("l1_penalty_no_abs", "L1 penalty without the absolute value", "절댓값이 없는 L1 규제 항",
        "L1 sums |W|: λ·Σ np.abs(W); without abs, positive and negative weights cancel.",
        "L1은 |W|를 더합니다: λ·Σ np.abs(W); 절댓값이 없으면 양수와 음수가 상쇄됩니다.")
mistake("l1_penalty_halved", "L1 penalty with a factor ½", "½을 곱한 L1 규제 항",
        "The kit's L1 penalty is λ·Σ|W| (no ½).", "키트의 L1 규제 항은 λ·Σ|W|입니다 (½ 없음).")
mistake("l1_grad_no_lambda", "L1 gradient without λ", "λ가 없는 L1 기울기", "The gradient is λ·sign(W).",
        "기울기는 λ·sign(W)입니다.")
mistake("l1_grad_sign_at_zero", "L1 gradient not 0 at W = 0", "W = 0에서 0이 아닌 L1 기울기",
        "The kit uses sign(0) = 0 (np.sign): weights that are exactly 0 get gradient 0.",
        "키트는 sign(0) = 0 (np.sign)을 씁니다: 정확히 0인 가중치의 기울기는 0입니다.")
mistake("early_stopping_off_by_one", "early stopping off by one", "조기 종료가 한 번 어긋남",
        "Stop when `patience` consecutive steps have not improved: counter += 1 on a bad step, stop when "
        "counter >= patience (patience = 2: improve, bad, bad → stop at the second bad step).",
        "개선되지 않은 스텝이 patience번 연속이면 멈춥니다: 나쁜 스텝마다 counter += 1, counter >= patience이면 중단 "
        "(patience = 2: 개선, 나쁨, 나쁨 → 두 번째 나쁜 스텝에서 중단).")
mistake("early_stopping_min_delta_ignored", "min_delta ignored", "min_delta를 무시함",
        "An improvement must beat the best loss by more than min_delta: val_loss < best − min_delta.",
        "개선은 최고 손실보다 min_delta 넘게 작아야 합니다: val_loss < best − min_delta.")
mistake("early_stopping_ties_improve", "an equal loss counted as an improvement", "같은 손실을 개선으로 셈",
        "Use a strict comparison: val_loss < best − min_delta (a plateau is not an improvement).",
        "엄격한 비교를 쓰세요: val_loss < best − min_delta (정체는 개선이 아님).")
mistake("wd_missing_in_grad", "weight decay missing from the gradient", "기울기에 가중치 감소가 빠짐",
        "The loss contains ½λΣW², so every weight gradient gets + λ·W (grads['W1'] = dW + λ·W1, …).",
        "손실에 ½λΣW²가 있으므로 모든 가중치 기울기에 λ·W를 더합니다 (grads['W1'] = dW + λ·W1, …).")
mistake("wd_missing_in_loss", "weight decay missing from the loss", "손실에 가중치 감소가 빠짐",
        "loss = cross entropy + ½·λ·Σ over every W of ΣW² (biases, γ and β are not penalized).",
        "loss = 교차 엔트로피 + 모든 W에 대한 ½·λ·ΣW² (편향, γ, β는 제외).")
mistake("wd_no_half", "weight decay term without ½", "½이 없는 가중치 감소 항",
        "The term is ½·λ·ΣW², whose gradient is λW.", "항은 ½·λ·ΣW²이고 그 기울기가 λW입니다.")
mistake("wd_on_biases", "weight decay applied to biases or γ, β", "편향이나 γ, β에도 가중치 감소를 적용",
        "Only the weight matrices W are decayed; b, γ and β get their plain gradients.",
        "가중치 행렬 W만 감소시킵니다; b, γ, β는 원래 기울기 그대로입니다.")
mistake("mlne_params_not_shared", "layers use copies of params", "계층이 params의 복사본을 사용",
        "Build the layers with the arrays of self.params themselves (no .copy()), so that an in-place change of "
        "params (an optimizer's update) reaches the layers.",
        "계층을 self.params의 배열 자체로 만드세요 (.copy() 없이); 그래야 params의 제자리 변경(옵티마이저의 갱신)이 "
        "계층에 반영됩니다.")


def _known(message: Text, key: str) -> Fail:
    name, advice = describe(key)
    return Fail(message + T(f". Known mistake: {name.en}. {advice.en}", f". 알려진 실수: {name.ko}. {advice.ko}"), key)






def _close(got, want, what, *, rtol=1e-6, atol=1e-8, mistakes=None):
    """expect.close with mistake candidates; the message names the mistake the wrong values match."""
    if not matches(got, want, rtol, atol):
        pairs = mistakes.items() if isinstance(mistakes, dict) else (mistakes or [])
        for key, cand in pairs:
            if matches(got, cand, rtol, atol):
                raise named_mistake(what, key)
    expect.close(got, want, what, rtol=rtol, atol=atol)


# ========================================================================================== drivers (child side)
def _plain(v):
    return v.copy() if isinstance(v, np.ndarray) else v


def drive_bn_sequence(mods, gamma, beta, ctor_kw, batches, x_test, test_first):
    """Optionally a test-mode forward first, then training forwards, then a test-mode forward."""
    bn = mods.layers.BatchNormalization(gamma.copy(), beta.copy(), **{k: _plain(v) for k, v in ctor_kw.items()})
    res = {"stats": [], "train_out": []}

    def stats():
        return {"running_mean": _plain(getattr(bn, "running_mean", None)),
                "running_var": _plain(getattr(bn, "running_var", None))}
    if test_first:
        res["first_test_out"] = bn.forward(x_test.copy(), train_flg=False)
        res["after_first_test"] = stats()
    for xb in batches:
        res["train_out"].append(bn.forward(xb.copy(), train_flg=True))
        res["stats"].append(stats())
    res["test_out"] = bn.forward(x_test.copy(), train_flg=False)
    res["after_test"] = stats()
    return res


def drive_bn_reference_start(mods, gamma, beta, ctor_kw, batches, x_test, test_first, var0):
    """Reference only: the same sequence with the running variance starting at ``var0`` (0: the book, 1: the kit)."""
    kw = dict(ctor_kw)
    kw.setdefault("running_mean", np.zeros(np.shape(gamma)))
    kw["running_var"] = np.full(np.shape(gamma), float(var0))
    return drive_bn_sequence(mods, gamma, beta, kw, batches, x_test, test_first)


def _unflatten(inputs):
    """Split the flat vector ``theta`` of a gradient-check point into named arrays (copies)."""
    out, start = {}, 0
    for k, shape in zip(inputs["__keys__"], inputs["__shapes__"]):
        size = int(np.prod(shape))
        out[k] = np.array(inputs["theta"][start:start + size]).reshape(shape)
        start += size
    return out


def drive_norm_flat(mods, inputs):
    """Forward output of BatchNormalization / LayerNormalization at one gradient-check point (x, gamma, beta in theta)."""
    a = _unflatten(inputs)
    f = inputs["__fixed__"]
    kw = {k: (np.asarray(v, dtype=float) if isinstance(v, list) else v) for k, v in f["ctor_kw"].items()}
    layer = getattr(mods.layers, f["cls"])(a["gamma"], a["beta"], **kw)
    if f["cls"] == "BatchNormalization":
        return layer.forward(a["x"], train_flg=f["train"])
    return layer.forward(a["x"])


def drive_ln_rows(mods, gamma, beta, x):
    """Layer norm on the whole batch and on every sample alone."""
    L = mods.layers.LayerNormalization
    out = [L(gamma.copy(), beta.copy()).forward(x.copy())]
    for i in range(x.shape[0]):
        out.append(L(gamma.copy(), beta.copy()).forward(x[i:i + 1].copy()))
    return out


def drive_dropout(mods, ratio, seed, x, dout, train):
    d = mods.layers.Dropout(ratio, rng=np.random.default_rng(seed))
    out = d.forward(x, train_flg=train)
    dx = d.backward(dout.copy())
    return {"out": out, "dx": dx, "x_after": x}


def drive_dropout_masks(mods, ratio, seed, x):
    """Two forwards of one layer, and one forward of a second layer with the same seed."""
    d1 = mods.layers.Dropout(ratio, rng=np.random.default_rng(seed))
    a = d1.forward(x.copy(), train_flg=True)
    b = d1.forward(x.copy(), train_flg=True)
    d2 = mods.layers.Dropout(ratio, rng=np.random.default_rng(seed))
    c = d2.forward(x.copy(), train_flg=True)
    return [a, b, c]


def drive_early_stopping(mods, patience, min_delta, losses):
    es = mods.regularization.EarlyStopping(patience, min_delta)
    return [es.step(v) for v in losses]


def drive_mlne(mods, ctor, seed, params, x, t, what, t_alt=None):
    """Build the network (seeded), optionally set params IN PLACE, then compute ``what`` in order
    (``accuracy_alt``: accuracy with the labels ``t_alt``, e.g. one-hot)."""
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))
    res = {}
    if params:
        net = _set_params(net, params)
    for w in what:
        if w == "params":
            res[w] = {k: _plain(v) for k, v in net.params.items()}
        elif w == "predict":
            res[w] = net.predict(x.copy(), train_flg=False)
        elif w == "predict_train":
            res[w] = net.predict(x.copy(), train_flg=True)
        elif w == "loss":
            res[w] = net.loss(x.copy(), t.copy())
        elif w == "loss_train":
            res[w] = net.loss(x.copy(), t.copy(), train_flg=True)
        elif w == "accuracy":
            res[w] = net.accuracy(x.copy(), t.copy())
        elif w == "accuracy_alt":
            res[w] = net.accuracy(x.copy(), t_alt.copy())
        elif w == "gradient":
            g = net.gradient(x.copy(), t.copy())
            res[w] = {k: _plain(v) for k, v in g.items()} if isinstance(g, dict) else g
    return res


def _set_params(net, params):
    for k, v in params.items():
        if k not in net.params:
            raise KeyError(f"net.params has no key {k!r} (keys: {sorted(net.params)})")
        if np.shape(net.params[k]) != np.shape(v):
            raise ValueError(f"net.params[{k!r}] has shape {np.shape(net.params[k])}, expected {np.shape(v)}")
        net.params[k][...] = v
    return net


def drive_mlne_dropout(mods, ctor, seed, params, x, t):
    """Two networks built with the same seed (so the same dropout masks): training-mode logits of the first,
    training-mode loss of the second."""
    net = _set_params(mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed)), params)
    z = net.predict(x.copy(), train_flg=True)
    net = _set_params(mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed)), params)
    return {"predict_train": z, "loss_train": net.loss(x.copy(), t.copy(), train_flg=True)}


def drive_mlne_dropout_inputs(mods, ctor, seed, params, x):
    """Reference only: the inputs of the Dropout layers in a training-mode forward (no randomness before the
    first Dropout layer, so the first one's input does not depend on any mask)."""
    net = _set_params(mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed)), params)
    seen = []
    for name, layer in net.layers.items():
        if name.startswith("Dropout"):
            def fwd(v, train_flg=True, _orig=layer.forward):
                seen.append(np.array(v, dtype=np.float64))
                return _orig(v, train_flg)
            layer.forward = fwd
    net.predict(x.copy(), train_flg=True)
    return seen


def drive_mlne_probe(mods, ctor, seed, x, delta):
    """Change each array of net.params in place (and back) and record the test-mode prediction each time."""
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))
    base = net.predict(x.copy(), train_flg=False)
    changed = {}
    for k in list(net.params):
        net.params[k] += delta
        changed[k] = net.predict(x.copy(), train_flg=False)
        net.params[k] -= delta
    return {"base": base, "changed": changed}


def drive_mlne_book_bn(mods, ctor, seed, params, x, t, what):
    """Reference only: drive_mlne with every BatchNormalization's running variance starting at 0 (the book)."""
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))
    for layer in net.layers.values():
        if isinstance(layer, mods.layers.BatchNormalization):
            layer.running_var = np.zeros_like(layer.running_var)
    _set_params(net, params)
    out = {}
    for w in what:
        out[w] = {"predict": lambda: net.predict(x.copy(), train_flg=False),
                  "predict_train": lambda: net.predict(x.copy(), train_flg=True),
                  "loss": lambda: net.loss(x.copy(), t.copy()),
                  "loss_train": lambda: net.loss(x.copy(), t.copy(), train_flg=True),
                  "accuracy": lambda: net.accuracy(x.copy(), t.copy())}[w]()
    return out


def drive_mlne_loss(mods, inputs):
    """Training-mode loss for the gradient checker (same seed → same dropout masks at every evaluation).

    All parameters travel as one flat vector ``theta`` (split by ``__keys__`` and ``__shapes__``), so a batch of
    perturbed points is one array each.
    """
    f = inputs["__fixed__"]
    net = mods.network.MultiLayerNetExtend(**f["ctor"], rng=np.random.default_rng(f["seed"]))
    _set_params(net, {**{k: np.asarray(v, dtype=float) for k, v in f["fixed_params"].items()}, **_unflatten(inputs)})
    return net.loss(np.asarray(f["x"], dtype=float), np.asarray(f["t"]), train_flg=True)


def drive_mlne_train(mods, ctor, seed, x, t, lr, steps):
    """Plain SGD on net.params in place with the network's own gradient; returns the test-mode losses."""
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))
    losses = [net.loss(x.copy(), t.copy())]
    for _ in range(steps):
        grads = net.gradient(x.copy(), t.copy())
        for k in net.params:
            net.params[k] -= lr * grads[k]
        losses.append(net.loss(x.copy(), t.copy()))
    return losses


# ========================================================================================== BatchNormalization
bn_ex = A.exercise("layers.BatchNormalization", targets=["layers.BatchNormalization"],
                   title=T("batch normalization", "배치 정규화"),
                   hint=T("Training: μ = x.mean(axes), σ² = ((x − μ)²).mean(axes) (biased), x̂ = (x − μ)/√(σ² + eps), "
                          "y = γx̂ + β, axes (0,) for (N, D) and (0, 2, 3) for (N, C, H, W); update the running stats. "
                          "Test: use the running stats. Backward: dβ = Σ dout, dγ = Σ dout·x̂, "
                          "dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/√(σ² + eps) with dx̂ = dout·γ.",
                          "학습: μ = x.mean(axes), σ² = ((x − μ)²).mean(axes) (편향 분산), x̂ = (x − μ)/√(σ² + eps), "
                          "y = γx̂ + β; (N, D)는 axes (0,), (N, C, H, W)는 (0, 2, 3); 이동 평균 갱신. 추론: 이동 평균 사용. "
                          "역전파: dβ = Σ dout, dγ = Σ dout·x̂, dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/√(σ² + eps), dx̂ = dout·γ."))
BN_EPS = 1e-5


def _bn_data(rng, shape):
    c = shape[1]
    offset = rng.uniform(-1, 1, size=(1, c) + (1,) * (len(shape) - 2))
    return rng.standard_normal(shape) * rng.uniform(0.5, 2.0) + offset


def _bn_inputs(rng, shape, *, train=True, running=False, momentum=None):
    c = shape[1]
    arrays = {"x": _bn_data(rng, shape), "gamma": rng.uniform(0.5, 1.5, c), "beta": rng.standard_normal(c) * 0.5,
              "train": bool(train), "dout": rng.standard_normal(shape)}
    ctor_kw = {}
    if momentum is not None:
        arrays["momentum"] = float(momentum)
        ctor_kw["momentum"] = "momentum"
    if running:
        arrays["rm"] = rng.standard_normal(c) * 0.5
        arrays["rv"] = rng.uniform(0.5, 2.0, c)
        ctor_kw.update(running_mean="rm", running_var="rv")
    return layer_inputs("layers", "BatchNormalization", ctor=("gamma", "beta"), ctor_kw=ctor_kw, fwd=("x",),
                        fwd_kw={"train_flg": "train"}, attrs=("dgamma", "dbeta"), **arrays)


def _bshape(x, gamma):
    return (1, -1) if x.ndim == 2 else (1, -1, 1, 1)


def _axes(x):
    return (0,) if x.ndim == 2 else (0, 2, 3)


def _bn_forward_candidates(inp):
    """Wrong forward variants (grader side): the unbiased variance."""
    x, g, b = inp["x"], inp["gamma"], inp["beta"]
    ax = _axes(x)
    m = x.size // g.size
    mu = x.mean(axis=ax, keepdims=True)
    var_u = ((x - mu) ** 2).sum(axis=ax, keepdims=True) / (m - 1)
    bs = _bshape(x, g)
    return {"bn_unbiased_variance": g.reshape(bs) * (x - mu) / np.sqrt(var_u + BN_EPS) + b.reshape(bs)}


def _bn_backward_candidates(inp):
    """Wrong backward variants (grader side), built from the batch statistics of x."""
    x, g, dout = inp["x"], inp["gamma"], inp["dout"]
    ax = _axes(x)
    mu = x.mean(axis=ax, keepdims=True)
    std = np.sqrt(((x - mu) ** 2).mean(axis=ax, keepdims=True) + BN_EPS)
    xn = (x - mu) / std
    dxn = dout * g.reshape(_bshape(x, g))
    return {"bn_backward_stats_as_constants": dxn / std,
            "bn_backward_no_mean_path": (dxn - xn * np.mean(dxn * xn, axis=ax, keepdims=True)) / std,
            "bn_backward_no_var_path": (dxn - np.mean(dxn, axis=ax, keepdims=True)) / std}


def _flat_gradient_check(ctx, driver, fixed, arrays: dict, analytic: dict, *, dout=None, batch_size=None,
                         names=None, max_full=None):
    """Numeric gradients of ``driver`` at points where every checked array is part of one flat vector ``theta``.

    Same method as ``ctx.check_gradients`` (float64 central differences, threshold 1e-6), but a point travels as one
    array (fixed data as plain lists), which keeps the round trip to the student's process short. Up to ``max_full``
    entries (default: all) every entry is perturbed and the arrays are compared one by one; beyond, 8 random
    directions of the whole vector are compared at once. ``analytic`` may leave out arrays that stay fixed.
    """
    keys = list(arrays)
    theta = np.concatenate([np.asarray(arrays[k], dtype=np.float64).ravel() for k in keys])
    inputs = {"__fixed__": fixed, "__keys__": keys, "__shapes__": [list(np.shape(arrays[k])) for k in keys], "theta": theta}
    evaluate = lambda points: ctx.call_many(driver, [[p] for p in points])  # noqa: E731
    entry = gradcheck.numeric_gradients(evaluate, inputs, ["theta"], dout=dout, max_full=max_full or theta.size,
                                        rng=np.random.default_rng(ctx.rng.integers(2**32)))["theta"]
    if entry[0] == "dirs":
        assert set(analytic) == set(keys)
        label = ", ".join((names or {}).get(k, T(k)).en for k in keys)
        label_ko = ", ".join((names or {}).get(k, T(k)).ko for k in keys)
        gradcheck.compare("theta", np.concatenate([np.asarray(analytic[k], dtype=float).ravel() for k in keys]), entry,
                          what=T(f"the gradients ({label})", f"기울기 ({label_ko})"), batch_size=batch_size)
        return
    numeric = entry[1]
    start = 0
    for k in keys:
        size = int(np.size(arrays[k]))
        part = numeric[start:start + size].reshape(np.shape(arrays[k]))
        start += size
        if k in analytic:
            gradcheck.compare(k, analytic[k], ("full", part), what=(names or {}).get(k, T(k)), batch_size=batch_size)


def _norm_gradient_check(ctx, inp, res, mode=None, max_full=None):
    """dx, dgamma, dbeta of a BatchNormalization / LayerNormalization run against numeric gradients."""
    spec = inp["__spec__"]
    suffix = T(f" ({mode[0]})", f" ({mode[1]})") if mode else T("")
    analytic, names = {}, {}
    for name, key in (("x", "dx"), ("gamma", "dgamma"), ("beta", "dbeta")):
        disp = T(key) + suffix
        if res.get(key) is None:
            raise Fail(T(f"{disp.en} is None: backward must set it", f"{disp.ko}이(가) None입니다: backward에서 설정해야 합니다"))
        analytic[name] = expect.array(res[key], disp, shape=np.shape(inp[name]))
        names[name] = disp
    ctor_kw = {k: (inp[a].tolist() if isinstance(inp[a], np.ndarray) else inp[a]) for k, a in spec["ctor_kw"].items()}
    fixed = {"cls": spec["cls"], "ctor_kw": ctor_kw, "train": bool(inp.get("train", True))}
    _flat_gradient_check(ctx, drive_norm_flat, fixed, {k: inp[k] for k in ("x", "gamma", "beta")}, analytic,
                         dout=inp["dout"], names=names, max_full=max_full)


def _layer_run(ctx, inp, what):
    res = as_dict(ctx.call(drive_layer, inp), what)
    check_not_mutated(res, inp, ("x",), T("forward", "순전파"))
    return res


def _bn_forward_check(ctx, inp, res, want, extra_cands):
    cands = [*_bn_forward_candidates(inp).items(), *(extra_cands.items() if isinstance(extra_cands, dict) else extra_cands)]
    mode = "training" if inp["train"] else "test"
    _close(res.get("out"), want["out"], T(f"BatchNormalization forward ({mode} mode, x of shape {inp['x'].shape})",
                                          f"배치 정규화 순전파 ({'학습' if inp['train'] else '추론'} 모드, x 형상 {inp['x'].shape})"),
           mistakes=cands)


def _bn_backward_check(ctx, inp, res, want):
    cands = _bn_backward_candidates(inp)
    dx = res.get("dx")
    if isinstance(dx, np.ndarray) and dx.shape == inp["x"].shape and not np.allclose(dx, want["dx"], rtol=1e-6, atol=1e-8):
        for key, cand in cands.items():
            if matches(dx, cand, 1e-6, 1e-8):
                raise named_mistake(T("dx of BatchNormalization.backward", "배치 정규화 역전파의 dx"), key)
    _norm_gradient_check(ctx, inp, res)


@bn_ex.test("training forward on (N, D): per-feature batch statistics, biased variance", points=2)
def _(ctx):
    inp = _bn_inputs(ctx.rng, (6, 4), running=True)
    inp["__spec__"]["state"] = ["running_mean", "running_var"]
    want = ctx.expected(drive_layer, inp)
    test_mode = ctx.expected(drive_layer, {**inp, "train": False})["out"]
    test_mode_updated = ctx.expected(drive_layer, {**inp, "train": False, "rm": want["running_mean"],
                                                   "rv": want["running_var"]})["out"]
    ln = layer_inputs("layers", "LayerNormalization", ctor=("gamma", "beta"), fwd=("x",),
                      x=inp["x"], gamma=inp["gamma"], beta=inp["beta"])
    per_sample = ctx.expected(drive_layer, ln)["out"]
    res = _layer_run(ctx, inp, T("BatchNormalization"))
    _bn_forward_check(ctx, inp, res, want, [("bn_running_stats_in_training", test_mode), ("bn_wrong_axis", per_sample),
                                            ("bn_running_stats_in_training", test_mode_updated)])


@bn_ex.test("backward on (N, D): dx, dgamma, dbeta match numeric gradients (batch 4)", points=2)
def _(ctx):
    inp = _bn_inputs(ctx.rng, (4, 3))
    want = ctx.expected(drive_layer, inp)
    res = _layer_run(ctx, inp, T("BatchNormalization"))
    _bn_backward_check(ctx, inp, res, want)


@bn_ex.test("4-D input (N, C, H, W): per-channel statistics, forward and numeric gradients", points=2)
def _(ctx):
    n, c, h, w = 2, 3, 2, 2
    inp = _bn_inputs(ctx.rng, (n, c, h, w))
    want = ctx.expected(drive_layer, inp)
    flat = layer_inputs("layers", "BatchNormalization", ctor=("gamma", "beta"), fwd=("x",), fwd_kw={"train_flg": "train"},
                        x=inp["x"].reshape(n, -1), gamma=np.repeat(inp["gamma"], h * w),
                        beta=np.repeat(inp["beta"], h * w), train=True)
    per_position = ctx.expected(drive_layer, flat)["out"].reshape(n, c, h, w)
    res = _layer_run(ctx, inp, T("BatchNormalization"))
    _bn_forward_check(ctx, inp, res, want, {"bn_4d_not_per_channel": per_position})
    _bn_backward_check(ctx, inp, res, want)


def _check_stats(res_stats, want_stats, what: Text, cands: dict, *, rtol=1e-9):
    for name in ("running_mean", "running_var"):
        got = res_stats.get(name) if isinstance(res_stats, dict) else None
        if got is None:
            raise Fail(T(f"{what.en}: the attribute {name} is missing (keep the running statistics in self.running_mean "
                         f"and self.running_var)", f"{what.ko}: 속성 {name}이(가) 없습니다 (이동 평균 통계를 "
                         f"self.running_mean과 self.running_var에 저장하세요)"))
        _close(got, want_stats[name], T(f"{name} {what.en}", f"{what.ko} {name}"), rtol=rtol, atol=1e-12,
               mistakes={k: v[name] for k, v in cands.items()})


@bn_ex.test("running statistics over 3 training batches; test mode uses them and leaves them unchanged", points=2)
def _(ctx):
    rng = ctx.rng
    c = 4
    gamma, beta = rng.uniform(0.5, 1.5, c), rng.standard_normal(c) * 0.5
    ctor = {"momentum": 0.8, "running_mean": rng.standard_normal(c) * 0.5, "running_var": rng.uniform(0.5, 2.0, c)}
    batches = [_bn_data(rng, (5, c)) for _ in range(3)]
    x_test = _bn_data(rng, (3, c))
    want = ctx.expected(drive_bn_sequence, gamma, beta, ctor, batches, x_test, False)
    swapped = ctx.expected(drive_bn_sequence, gamma, beta, {**ctor, "momentum": 0.2}, batches, x_test, False)
    batch_stats = _batch_normalized(ctx, x_test, gamma, beta)
    # the running variance updated with the unbiased batch variance (grader side)
    rv, unb = ctor["running_var"].copy(), []
    for xb in batches:
        rv = 0.8 * rv + 0.2 * xb.var(axis=0, ddof=1)
        unb.append(rv.copy())
    res = as_dict(ctx.call(drive_bn_sequence, gamma, beta, ctor, batches, x_test, False), T("BatchNormalization"))
    for i in range(len(batches)):
        expect.close(res["train_out"][i], want["train_out"][i], T(f"training forward of batch {i + 1}", f"{i + 1}번째 배치의 학습 순전파"),
                     rtol=1e-6, atol=1e-8)
        cands = {"bn_momentum_swapped": swapped["stats"][i],
                 "bn_running_var_unbiased": {"running_mean": np.full(c, np.nan), "running_var": unb[i]}}
        _check_stats(res["stats"][i], want["stats"][i], T(f"after training batch {i + 1} (momentum 0.8)",
                                                         f"{i + 1}번째 학습 배치 후 (momentum 0.8)"), cands)
    for name in ("running_mean", "running_var"):
        got = res["after_test"].get(name)
        if not matches(got, want["stats"][-1][name], 1e-12, 1e-15):
            raise Fail(T(f"{name} changed during a test-mode forward. ", f"추론 모드 순전파에서 {name}이(가) 바뀌었습니다. ")
                       + T("Known mistake: ", "알려진 실수: ") + describe("bn_test_updates_running_stats")[0] + T(". ")
                       + describe("bn_test_updates_running_stats")[1], "bn_test_updates_running_stats")
    _close(res.get("test_out"), want["test_out"], T("test-mode forward after training", "학습 후 추론 모드 순전파"),
           mistakes={"bn_batch_stats_in_test": batch_stats})


def _batch_normalized(ctx, x, gamma, beta):
    """The reference's training-mode output on x (the candidate of 'batch statistics in test mode')."""
    spec = layer_inputs("layers", "BatchNormalization", ctor=("gamma", "beta"), fwd=("x",), fwd_kw={"train_flg": "train"},
                        x=x, gamma=gamma, beta=beta, train=True)
    return ctx.expected(drive_layer, spec)["out"]


@bn_ex.test("default running statistics: test mode before training, then 2 training batches", points=1)
def _(ctx):
    # running_mean = 0 and running_var = 1 (kit) or 0 (the book's start): both are accepted (DESIGN §3).
    rng = ctx.rng
    c = 3
    gamma, beta = rng.uniform(0.5, 1.5, c), rng.standard_normal(c) * 0.5
    batches = [_bn_data(rng, (4, c)) for _ in range(2)]
    x_test = _bn_data(rng, (3, c))
    alts = {"1": ctx.expected(drive_bn_reference_start, gamma, beta, {}, batches, x_test, True, 1.0),
            "0": ctx.expected(drive_bn_reference_start, gamma, beta, {}, batches, x_test, True, 0.0)}
    batch_stats = _batch_normalized(ctx, x_test, gamma, beta)
    res = as_dict(ctx.call(drive_bn_sequence, gamma, beta, {}, batches, x_test, True), T("BatchNormalization"))
    first = expect.array(res.get("first_test_out"), T("test-mode forward before any training", "학습 전 추론 모드 순전파"),
                         shape=x_test.shape)
    start = next((k for k, a in alts.items() if matches(first, a["first_test_out"], 1e-6, 1e-8)), None)
    if start is None:
        key = "bn_batch_stats_in_test" if matches(first, batch_stats, 1e-6, 1e-8) else None
        msg = T("BatchNormalization(gamma, beta) in test mode before any training: expected the running statistics' "
                "start values, mean 0 and variance 1 (so the output is ≈ γ·x + β; the book's variance 0 is accepted "
                f"too), got {np.array2string(first[0], precision=5)} for the first row, expected "
                f"{np.array2string(alts['1']['first_test_out'][0], precision=5)}",
                "BatchNormalization(gamma, beta)를 학습 전에 추론 모드로 실행하면 이동 평균 통계의 초기값(평균 0, 분산 1; "
                "출력 ≈ γ·x + β; 책의 분산 0도 인정)을 써야 합니다. 첫 행이 "
                f"{np.array2string(first[0], precision=5)}인데 {np.array2string(alts['1']['first_test_out'][0], precision=5)}이어야 합니다")
        if key:
            msg = msg + T(f". Known mistake: {describe(key)[0].en}. {describe(key)[1].en}",
                          f". 알려진 실수: {describe(key)[0].ko}. {describe(key)[1].ko}")
        raise Fail(msg, key)
    want = alts[start]
    label = T(f" (running statistics started at mean 0, variance {start})", f" (이동 평균 통계 초기값: 평균 0, 분산 {start})")
    for i in range(len(batches)):
        _check_stats(res["stats"][i], want["stats"][i], T(f"after training batch {i + 1}", f"{i + 1}번째 학습 배치 후") + label, {})
    expect.close(res.get("test_out"), want["test_out"], T("test-mode forward after 2 batches", "2개 배치 후 추론 모드 순전파") + label,
                 rtol=1e-6, atol=1e-8)


@bn_ex.test("test mode with given running statistics: backward (statistics are constants); 4-D per channel", points=1)
def _(ctx):
    inp = _bn_inputs(ctx.rng, (3, 4), train=False, running=True)
    res = _layer_run(ctx, inp, T("BatchNormalization"))
    _norm_gradient_check(ctx, inp, res, mode=("test mode", "추론 모드"))
    # (N, C, H, W): running_mean and running_var of shape (C,) broadcast per channel, with W ≠ C and W == C
    for shape in ((2, 3, 2, 2), (2, 3, 2, 3)):
        inp = _bn_inputs(ctx.rng, shape, train=False, running=True)
        want = ctx.expected(drive_layer, inp)
        batch = ctx.expected(drive_layer, {**inp, "train": True})["out"]
        res = _layer_run(ctx, inp, T("BatchNormalization"))
        _close(res.get("out"), want["out"], T(f"BatchNormalization forward (test mode, given running statistics of shape "
                                              f"({shape[1]},), x of shape {shape}: one mean and variance per channel)",
                                              f"배치 정규화 순전파 (추론 모드, 형상 ({shape[1]},)의 이동 평균 통계, x 형상 {shape}: "
                                              f"채널마다 평균과 분산 하나)"),
               mistakes={"bn_batch_stats_in_test": batch})
        for k in ("dx", "dgamma", "dbeta"):
            expect.close(res.get(k), want[k], T(f"{k} after a test-mode forward, x of shape {shape}",
                                                f"추론 모드 순전파 뒤 {k}, x 형상 {shape}"), rtol=1e-6, atol=1e-8)


@bn_ex.test("fresh shapes and momentum: forward, backward, running statistics vs the reference", points=2, hidden=True)
def _(ctx):
    rng = ctx.rng
    for shape in [(int(rng.integers(2, 9)), int(rng.integers(2, 7))),
                  (int(rng.integers(2, 5)), int(rng.integers(1, 5)), int(rng.integers(1, 4)), int(rng.integers(2, 4)))]:
        inp = _bn_inputs(rng, shape, running=True, momentum=round(float(rng.uniform(0.5, 0.99)), 3))
        inp["__spec__"]["state"] = ["running_mean", "running_var"]
        want = ctx.expected(drive_layer, inp)
        res = _layer_run(ctx, inp, T("BatchNormalization"))
        _bn_forward_check(ctx, inp, res, want, {})
        for k in ("dx", "dgamma", "dbeta"):
            expect.close(res.get(k), want[k], T(f"{k} for x of shape {shape}", f"x 형상 {shape}의 {k}"), rtol=1e-6, atol=1e-8)
        _check_stats(res, want, T(f"after one training forward of shape {shape}", f"형상 {shape}의 학습 순전파 1회 후"), {})


@bn_ex.test("larger batch: gradients by random directions", points=1, hidden=True)
def _(ctx):
    inp = _bn_inputs(ctx.rng, (16, 10))
    res = _layer_run(ctx, inp, T("BatchNormalization"))
    _norm_gradient_check(ctx, inp, res, max_full=64)


# ========================================================================================== LayerNormalization
ln_ex = A.exercise("layers.LayerNormalization", targets=["layers.LayerNormalization"],
                   title=T("layer normalization", "층 정규화"),
                   hint=T("Like batch norm but along axis=-1 of each sample (keepdims=True); no running statistics. "
                          "Backward: dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/√(σ² + eps) with the means along axis=-1; "
                          "dγ, dβ are sums over the batch.",
                          "배치 정규화와 같지만 샘플마다 axis=-1 (keepdims=True)로 계산; 이동 평균 없음. 역전파: "
                          "dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/√(σ² + eps) (평균은 axis=-1), dγ, dβ는 배치에 대한 합."))


def _ln_inputs(rng, n, d):
    x = rng.standard_normal((n, d)) * rng.uniform(0.5, 2.0, size=(n, 1)) + rng.uniform(-1, 1, size=(n, 1))
    return layer_inputs("layers", "LayerNormalization", ctor=("gamma", "beta"), fwd=("x",), attrs=("dgamma", "dbeta"),
                        x=x, gamma=rng.uniform(0.5, 1.5, d), beta=rng.standard_normal(d) * 0.5,
                        dout=rng.standard_normal((n, d)))


@ln_ex.test("forward normalizes every sample over its features", points=2)
def _(ctx):
    inp = _ln_inputs(ctx.rng, 4, 5)
    want = ctx.expected(drive_layer, inp)
    bn = layer_inputs("layers", "BatchNormalization", ctor=("gamma", "beta"), fwd=("x",), fwd_kw={"train_flg": "train"},
                      x=inp["x"], gamma=inp["gamma"], beta=inp["beta"], train=True)
    over_batch = ctx.expected(drive_layer, bn)["out"]
    res = _layer_run(ctx, inp, T("LayerNormalization"))
    _close(res.get("out"), want["out"], T("LayerNormalization forward", "층 정규화 순전파"),
           mistakes={"ln_normalized_over_batch": over_batch})


@ln_ex.test("backward: dx, dgamma, dbeta match numeric gradients", points=2)
def _(ctx):
    inp = _ln_inputs(ctx.rng, 3, 5)
    res = _layer_run(ctx, inp, T("LayerNormalization"))
    _norm_gradient_check(ctx, inp, res)


@ln_ex.test("a sample's output does not depend on the rest of the batch (also a batch of 1)", points=1)
def _(ctx):
    inp = _ln_inputs(ctx.rng, 4, 6)
    outs = ctx.call(drive_ln_rows, inp["gamma"], inp["beta"], inp["x"])
    full = expect.array(outs[0], T("LayerNormalization forward on the batch", "배치에 대한 층 정규화 순전파"), shape=(4, 6))
    for i in range(4):
        row = expect.array(outs[i + 1], T(f"forward of sample {i} alone", f"샘플 {i}만의 순전파"), shape=(1, 6))
        if not np.allclose(row[0], full[i], rtol=1e-9, atol=1e-12):
            name, advice = describe("ln_normalized_over_batch")
            raise Fail(T(f"sample {i} gives {np.array2string(row[0], precision=5)} alone but "
                         f"{np.array2string(full[i], precision=5)} inside a batch of 4: layer norm must not mix samples. "
                         f"Known mistake: {name.en}. {advice.en}",
                         f"샘플 {i}만 넣으면 {np.array2string(row[0], precision=5)}인데 4개 배치 안에서는 "
                         f"{np.array2string(full[i], precision=5)}입니다: 층 정규화는 샘플을 섞으면 안 됩니다. "
                         f"알려진 실수: {name.ko}. {advice.ko}"), "ln_normalized_over_batch")


@ln_ex.test("fresh shapes vs the reference", points=1, hidden=True)
def _(ctx):
    inp = _ln_inputs(ctx.rng, int(ctx.rng.integers(1, 9)), int(ctx.rng.integers(2, 12)))
    want = ctx.expected(drive_layer, inp)
    res = _layer_run(ctx, inp, T("LayerNormalization"))
    for k in ("out", "dx", "dgamma", "dbeta"):
        expect.close(res.get(k), want[k], T(f"LayerNormalization {k}", f"층 정규화 {k}"), rtol=1e-6, atol=1e-8)


# ========================================================================================== Dropout
do_ex = A.exercise("layers.Dropout", targets=["layers.Dropout"], title=T("inverted dropout", "(역) 드롭아웃"),
                   hint=T("Training: self.mask = self.rng.random(x.shape) >= ratio; return x * self.mask / (1 − ratio). "
                          "Test: return x. Backward: dout * self.mask / (1 − ratio) (dout after a test forward).",
                          "학습: self.mask = self.rng.random(x.shape) >= ratio; x * self.mask / (1 − ratio) 반환. "
                          "추론: x 반환. 역전파: dout * self.mask / (1 − ratio) (추론 뒤에는 dout)."))


def _dropout_call(ctx, ratio, seed, x, dout, train):
    res = as_dict(ctx.call(drive_dropout, ratio, seed, x, dout, train), T("Dropout"))
    expect.unchanged(x, res.get("x_after"), T("Dropout.forward: argument x", "Dropout.forward: 인자 x"))
    out = expect.array(res.get("out"), T("Dropout.forward output", "Dropout.forward 출력"), shape=x.shape)
    dx = expect.array(res.get("dx"), T("Dropout.backward output", "Dropout.backward 출력"), shape=x.shape)
    return out, dx


def _check_dropout_train(ctx, ratio, shape, seed):
    rng = ctx.rng
    x = rng.uniform(0.5, 1.5, shape) * rng.choice([-1.0, 1.0], size=shape)
    dout = rng.uniform(0.5, 1.5, shape) * rng.choice([-1.0, 1.0], size=shape)
    out, dx = _dropout_call(ctx, ratio, seed, x, dout, True)
    n = x.size
    q = out / x                      # per unit: 0 (dropped) or 1/(1 − ratio) (kept)
    scale = 1.0 / (1.0 - ratio)
    kept = np.isclose(q, scale, rtol=1e-9, atol=0)
    dropped = q == 0
    call = f"Dropout({ratio}) training forward on {n} units"
    call_ko = f"Dropout({ratio}) 학습 순전파 ({n}개 값)"
    if not np.all(kept | dropped):
        if np.all(np.isclose(q, 1.0, rtol=1e-9, atol=0) | dropped):
            raise named_mistake(T(call, call_ko), "dropout_not_scaled",
                         T(f" (kept units are x, not x/(1 − {ratio}))", f" (남은 값이 x/(1 − {ratio})가 아니라 x)"))
        i = int(np.argmax(~(kept | dropped)))
        raise Fail(T(f"{call}: every output must be 0 or x/(1 − ratio) = {scale:.6g}·x; e.g. x = {x.flat[i]:.6g} gave "
                     f"{out.flat[i]:.6g}", f"{call_ko}: 모든 출력은 0 또는 x/(1 − ratio) = {scale:.6g}·x여야 합니다; 예: "
                     f"x = {x.flat[i]:.6g}에서 {out.flat[i]:.6g}"))
    p = 1.0 - ratio
    frac = float(kept.mean())
    tol = K_SE * math.sqrt(p * (1 - p) / n)  # binomial standard error of the kept fraction
    if abs(frac - p) > tol:
        key = "dropout_ratio_is_keep_prob" if abs(frac - ratio) <= tol else None
        msg = T(f"{call}: kept fraction {frac:.4f}, expected 1 − ratio = {p:.4f} (tolerance ±{tol:.4f}, {K_SE} binomial "
                f"standard errors)", f"{call_ko}: 남은 비율 {frac:.4f}, 기대값 1 − ratio = {p:.4f} (허용 ±{tol:.4f}, "
                f"이항 표준오차 {K_SE}배)")
        if key:
            msg = msg + T(f". Known mistake: {describe(key)[0].en}. {describe(key)[1].en}",
                          f". 알려진 실수: {describe(key)[0].ko}. {describe(key)[1].ko}")
        raise Fail(msg, key)
    # expectation preserved: out − x has mean 0 and variance x²·ratio/(1 − ratio) per unit
    se = math.sqrt(float(np.sum(x ** 2)) * ratio / (1 - ratio)) / n
    diff = float(np.mean(out) - np.mean(x))
    if abs(diff) > K_SE * se:
        raise Fail(T(f"{call}: mean output {np.mean(out):.5g} vs mean input {np.mean(x):.5g}; inverted dropout keeps the "
                     f"expectation (tolerance ±{K_SE * se:.3g})", f"{call_ko}: 출력 평균 {np.mean(out):.5g}, 입력 평균 "
                     f"{np.mean(x):.5g}; 역 드롭아웃은 기댓값을 유지합니다 (허용 ±{K_SE * se:.3g})"))
    # backward: the same mask and scale
    want_dx = dout * q
    if not np.allclose(dx, want_dx, rtol=1e-9, atol=1e-12):
        what = T("Dropout.backward after a training forward", "학습 순전파 뒤 Dropout.backward")
        if np.allclose(dx, dout * kept, rtol=1e-9, atol=1e-12):
            raise named_mistake(what, "dropout_backward_not_scaled")
        if not np.array_equal(dx == 0, dropped):
            raise _known(what + T(": the zeros of dx are not where the forward pass dropped units",
                                  ": dx의 0 위치가 순전파에서 끈 위치와 다릅니다"), "dropout_backward_new_mask")
        raise Fail(T("Dropout.backward after a training forward: dx must be dout·mask/(1 − ratio) with the forward's mask",
                     "학습 순전파 뒤 Dropout.backward: dx는 순전파의 마스크로 dout·mask/(1 − ratio)여야 합니다"))


@do_ex.test("training: kept fraction 1 − ratio, kept units scaled by 1/(1 − ratio), backward with the same mask", points=3)
def _(ctx):
    _check_dropout_train(ctx, 0.3, (200, 200), 3)


@do_ex.test("test mode is the identity (forward and backward)", points=1)
def _(ctx):
    rng = ctx.rng
    x = rng.uniform(0.5, 1.5, (20, 30))
    dout = rng.standard_normal((20, 30))
    ratio = 0.4
    out, dx = _dropout_call(ctx, ratio, 4, x, dout, False)
    what = T(f"Dropout({ratio}).forward(x, train_flg=False)")
    _close(out, x, what, rtol=1e-12, atol=0,
           mistakes={"dropout_scaled_at_test": x * (1 - ratio), "dropout_applied_at_test": None})
    if np.any(out == 0):
        raise named_mistake(what, "dropout_applied_at_test")
    expect.close(dx, dout, T("Dropout.backward after a test-mode forward", "추론 모드 순전파 뒤 Dropout.backward"),
                 rtol=1e-12, atol=0)


@do_ex.test("masks: reproducible with a seeded rng, new mask at every forward", points=1)
def _(ctx):
    x = ctx.rng.uniform(0.5, 1.5, (40, 50))
    outs = ctx.call(drive_dropout_masks, 0.5, 21, x)
    a, b, c = (expect.array(o, T("Dropout.forward output", "Dropout.forward 출력"), shape=x.shape) for o in outs)
    if not np.array_equal(a == 0, c == 0):
        raise _known(T("two Dropout(0.5) layers built with rng=np.random.default_rng(21) drew different first masks",
                       "rng=np.random.default_rng(21)로 만든 두 Dropout(0.5) 계층의 첫 마스크가 다릅니다"), "dropout_ignores_rng")
    if np.array_equal(a == 0, b == 0):
        raise _known(T("two training forwards of one Dropout(0.5) layer on 2000 units used the same mask",
                       "한 Dropout(0.5) 계층의 두 번의 학습 순전파(2000개 값)가 같은 마스크를 썼습니다"), "dropout_mask_reused")


@do_ex.test("fresh ratio and a 4-D input", points=1, hidden=True)
def _(ctx):
    _check_dropout_train(ctx, round(float(ctx.rng.uniform(0.1, 0.8)), 3), (10, 8, 15, 20), int(ctx.rng.integers(1 << 30)))


# ========================================================================================== penalties
REG_KO = {"l2_penalty": "L2 규제 항", "l2_grad": "L2 규제 기울기", "l1_penalty": "L1 규제 항", "l1_grad": "L1 규제 기울기"}


def _weights(rng):
    return [rng.standard_normal((3, 4)), rng.standard_normal((4, 2)) * 2, rng.standard_normal((2, 3, 2, 2))]


def _penalty_exercise(name, hint_en, hint_ko, mistakes_fn):
    ex = A.exercise(f"regularization.{name}", targets=[f"regularization.{name}"], title=T(name, REG_KO[name]),
                    hint=T(hint_en, hint_ko))

    def check(ctx, weights, lam):
        got = as_dict(ctx.call(drive_function, "regularization", name, [weights, lam]), T(name))
        want = float(ctx.expected(drive_function, "regularization", name, [weights, lam])["out"])
        what = T(f"{name}(3 weight arrays, lam={lam})", f"{REG_KO[name]}(가중치 배열 3개, lam={lam})")
        expect.scalar_close(got["out"], want, what, rtol=1e-9, mistakes=mistakes_fn(weights, lam, want))
        for i, (w, after) in enumerate(zip(weights, got["args_after"][0] if isinstance(got["args_after"][0], list) else [])):
            expect.unchanged(w, after, T(f"{name}: weights[{i}]"))

    @ex.test("value for a list of arrays", points=1)
    def _(ctx):
        check(ctx, _weights(ctx.rng), 0.05)
        empty = as_dict(ctx.call(drive_function, "regularization", name, [[], 0.1]), T(name))
        expect.scalar_close(empty["out"], 0.0, T(f"{name}([], lam=0.1)"))

    @ex.test("fresh arrays and lambda", points=1, hidden=True)
    def _(ctx):
        check(ctx, _weights(ctx.rng), round(float(ctx.rng.uniform(0.001, 1)), 4))
    return ex


def _grad_exercise(name, hint_en, hint_ko, mistakes_fn, *, zeros=False):
    ex = A.exercise(f"regularization.{name}", targets=[f"regularization.{name}"], title=T(name, REG_KO[name]),
                    hint=T(hint_en, hint_ko))

    def check(ctx, W, lam):
        got = as_dict(ctx.call(drive_function, "regularization", name, [W, lam]), T(name))
        want = ctx.expected(drive_function, "regularization", name, [W, lam])["out"]
        _close(got["out"], want, T(f"{name}(W, lam={lam})", f"{REG_KO[name]}(W, lam={lam})"), rtol=1e-9, atol=0,
               mistakes=mistakes_fn(W, lam, want))
        expect.unchanged(W, got["args_after"][0], T(f"{name}: argument W", f"{REG_KO[name]}: 인자 W"))

    @ex.test("gradient of a weight matrix" + (" (with exact zeros)" if zeros else ""), points=1)
    def _(ctx):
        W = ctx.rng.standard_normal((4, 5))
        if zeros:
            W[0, :2] = 0.0
            W[3, 4] = 0.0
        check(ctx, W, 0.05)

    @ex.test("fresh shapes and lambda", points=1, hidden=True)
    def _(ctx):
        W = ctx.rng.standard_normal((3, 2, 4))
        if zeros:
            W[1, 1] = 0.0
        check(ctx, W, round(float(ctx.rng.uniform(0.001, 1)), 4))
    return ex


_penalty_exercise("l2_penalty", "0.5 * lam * sum(np.sum(W ** 2) for W in weights).",
                  "0.5 * lam * sum(np.sum(W ** 2) for W in weights).",
                  lambda ws, lam, want: {"l2_penalty_no_half": 2 * want})
_grad_exercise("l2_grad", "lam * W.", "lam * W.",
               lambda W, lam, want: {"l2_grad_no_lambda": W, "l2_grad_doubled": 2 * want})
_penalty_exercise("l1_penalty", "lam * sum(np.sum(np.abs(W)) for W in weights).",
                  "lam * sum(np.sum(np.abs(W)) for W in weights).",
                  lambda ws, lam, want: {"l1_penalty_no_abs": lam * sum(float(np.sum(w)) for w in ws),
                                         "l1_penalty_halved": want / 2})
_grad_exercise("l1_grad", "lam * np.sign(W) (0 where W == 0).", "lam * np.sign(W) (W == 0이면 0).",
               lambda W, lam, want: [("l1_grad_no_lambda", np.sign(W)),
                                     ("l1_grad_sign_at_zero", np.where(W == 0, lam, want)),
                                     ("l1_grad_sign_at_zero", np.where(W == 0, -lam, want))], zeros=True)


# ========================================================================================== EarlyStopping
es_ex = A.exercise("regularization.EarlyStopping", targets=["regularization.EarlyStopping"],
                   title=T("early stopping", "조기 종료"),
                   hint=T("If best is None or val_loss < best − min_delta: best = val_loss, counter = 0; else counter += 1 "
                          "and stopped = counter >= patience. Return stopped.",
                          "best가 None이거나 val_loss < best − min_delta이면 best = val_loss, counter = 0; 아니면 counter += 1, "
                          "counter >= patience이면 stopped = True. stopped를 반환."))


def _check_es(ctx, patience, min_delta, losses, *, extra=None):
    want = [bool(v) for v in ctx.expected(drive_early_stopping, patience, min_delta, losses)]
    cands = {"early_stopping_off_by_one": [ctx.expected(drive_early_stopping, p, min_delta, losses)
                                           for p in (patience + 1, max(patience - 1, 1))],
             "early_stopping_min_delta_ignored": [ctx.expected(drive_early_stopping, patience, 0.0, losses)]
             if min_delta > 0 else []}
    cands.update(extra or {})
    got = ctx.call(drive_early_stopping, patience, min_delta, losses)
    call = f"EarlyStopping(patience={patience}, min_delta={min_delta})"
    if not isinstance(got, list) or len(got) != len(losses):
        raise Fail(T(f"{call}.step did not return a value for every loss", f"{call}.step이 손실마다 값을 반환하지 않았습니다"))
    vals = []
    for i, v in enumerate(got):
        if not isinstance(v, (bool, np.bool_)) and not (isinstance(v, (int, np.integer)) and v in (0, 1)):
            raise Fail(T(f"{call}.step({losses[i]}) returned {v!r}; return True or False",
                         f"{call}.step({losses[i]})이(가) {v!r}을(를) 반환했습니다; True 또는 False를 반환하세요")
                       + (T(" (missing `return`?)", " (`return`을 빠뜨렸나요?)") if v is None else T("")))
        vals.append(bool(v))
    if vals == want:
        return
    i = next(j for j in range(len(want)) if vals[j] != want[j])
    msg = T(f"{call} on the losses {losses}: step {i + 1} (loss {losses[i]}) returned {vals[i]}, expected {want[i]} "
            f"(returned {vals}, expected {want})",
            f"손실 {losses}에 대한 {call}: {i + 1}번째 step (손실 {losses[i]})이 {vals[i]}을(를) 반환했는데 {want[i]}이어야 "
            f"합니다 (반환 {vals}, 기대 {want})")
    for key, alts in cands.items():
        if any([bool(v) for v in alt] == vals for alt in alts):
            name, advice = describe(key)
            raise Fail(msg + T(f". Known mistake: {name.en}. {advice.en}", f". 알려진 실수: {name.ko}. {advice.ko}"), key)
    raise Fail(msg)


@es_ex.test("patience: stops after `patience` steps without improvement, not before", points=2)
def _(ctx):
    _check_es(ctx, 3, 0.0, [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.69, 0.7, 0.71, 0.72, 0.73, 0.74])
    _check_es(ctx, 1, 0.0, [0.5, 0.4, 0.45, 0.3])


@es_ex.test("min_delta: decreases smaller than min_delta do not count", points=2)
def _(ctx):
    _check_es(ctx, 2, 0.05, [1.0, 0.97, 0.9, 0.88, 0.86, 0.7, 0.69, 0.68, 0.67])
    # best stays 1.0 after 0.97 (not an improvement), so 0.94 < 1.0 − 0.05 improves; lowering best to 0.97 on the
    # non-improving step would make 0.94 a second bad step and stop
    _check_es(ctx, 2, 0.05, [1.0, 0.97, 0.94, 0.93])


@es_ex.test("never stops while the loss keeps improving; a plateau is no improvement", points=1)
def _(ctx):
    improving = [round(2.0 * 0.9 ** i, 6) for i in range(30)]
    _check_es(ctx, 1, 0.0, improving)
    flat = [0.5, 0.5, 0.5, 0.5]
    _check_es(ctx, 2, 0.0, flat, extra={"early_stopping_ties_improve": [[False] * 4]})


@es_ex.test("fresh loss curves", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    for _ in range(3):
        losses = [round(float(v), 4) for v in 1.0 / (1 + np.arange(20)) + rng.normal(0, 0.05, 20) + np.linspace(0, 0.3, 20)]
        _check_es(ctx, int(rng.integers(1, 5)), round(float(rng.choice([0.0, 0.01, 0.03])), 3), losses)


# ========================================================================================== MultiLayerNetExtend
net_ex = A.exercise("network.MultiLayerNetExtend",
                    targets=["network.MultiLayerNetExtend", "layers.BatchNormalization", "layers.Dropout"],
                    title=T("MultiLayerNetExtend: BN, dropout, weight decay", "MultiLayerNetExtend: 배치 정규화, 드롭아웃, 가중치 감소"),
                    hint=T("Layers [Affine{i} → BatchNorm{i} → Activation_function{i} → Dropout{i}] × n → Affine{n+1}, "
                           "sharing the arrays of self.params; loss = softmax cross entropy + ½λΣW²; gradient: training "
                           "forward, backward in reverse order, grads['W{i}'] = dW + λ·W{i}.",
                           "계층 [Affine{i} → BatchNorm{i} → Activation_function{i} → Dropout{i}] × n → Affine{n+1}, "
                           "self.params의 배열 공유; loss = 소프트맥스 교차 엔트로피 + ½λΣW²; gradient: 학습 모드 순전파 후 "
                           "역순으로 역전파, grads['W{i}'] = dW + λ·W{i}."))


def _net_params(rng, sizes, bn, scale=0.8):
    params = {}
    n_layers = len(sizes) - 1
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = rng.standard_normal((n_in, n_out)) * scale
        params[f"b{i}"] = rng.standard_normal(n_out) * 0.3
        if bn and i < n_layers:
            params[f"gamma{i}"] = rng.uniform(0.5, 1.5, n_out)
            params[f"beta{i}"] = rng.standard_normal(n_out) * 0.3
    return params


def _ctor(d, hidden, k, **kw):
    return {"input_size": d, "hidden_size_list": list(hidden), "output_size": k, **kw}


def _keys_wanted(sizes, bn):
    n = len(sizes) - 1
    keys = {f"W{i}": (sizes[i - 1], sizes[i]) for i in range(1, n + 1)}
    keys.update({f"b{i}": (sizes[i],) for i in range(1, n + 1)})
    if bn:
        keys.update({f"gamma{i}": (sizes[i],) for i in range(1, n)})
        keys.update({f"beta{i}": (sizes[i],) for i in range(1, n)})
    return keys


@net_ex.test("params: keys W, b (and gamma, beta with batch norm) with the right shapes", points=1)
def _(ctx):
    for bn in (True, False):
        ctor = _ctor(4, [5, 3], 2, use_batchnorm=bn)
        res = as_dict(ctx.call(drive_mlne, ctor, 0, None, np.zeros((1, 4)), np.zeros(1, dtype=int), ["params"]),
                      T("MultiLayerNetExtend"))
        params = as_dict(res.get("params"), T("net.params"))
        want = _keys_wanted([4, 5, 3, 2], bn)
        if sorted(params) != sorted(want):
            raise Fail(T(f"MultiLayerNetExtend(4, [5, 3], 2, use_batchnorm={bn}).params has keys {sorted(params)}, "
                         f"expected {sorted(want)}",
                         f"MultiLayerNetExtend(4, [5, 3], 2, use_batchnorm={bn}).params의 키가 {sorted(params)}인데 "
                         f"{sorted(want)}이어야 합니다"))
        for k, shape in want.items():
            arr = expect.array(params[k], T(f"params['{k}']"), shape=shape)
            if k[0] == "b" or k.startswith("beta"):
                expect.close(arr, np.zeros(shape), T(f"params['{k}'] (starts at 0)", f"params['{k}'] (0에서 시작)"))
            if k.startswith("gamma"):
                expect.close(arr, np.ones(shape), T(f"params['{k}'] (starts at 1)", f"params['{k}'] (1에서 시작)"))


@net_ex.test("weight_init_std 'relu', 'he', 'sigmoid', 'xavier' and a number: std of every W", points=1)
def _(ctx):
    sizes = [200, 100, 50, 10]
    for spec, std_fn in (("relu", lambda n: math.sqrt(2 / n)), ("he", lambda n: math.sqrt(2 / n)),
                         ("sigmoid", lambda n: math.sqrt(1 / n)), ("xavier", lambda n: math.sqrt(1 / n)),
                         (0.05, lambda n: 0.05)):
        ctor = _ctor(200, [100, 50], 10, weight_init_std=spec)
        res = as_dict(ctx.call(drive_mlne, ctor, 7, None, np.zeros((1, 200)), np.zeros(1, dtype=int), ["params"]),
                      T("MultiLayerNetExtend"))
        params = as_dict(res.get("params"), T("net.params"))
        for i in range(1, 4):
            w = expect.array(params.get(f"W{i}"), T(f"params['W{i}']"), shape=(sizes[i - 1], sizes[i]))
            n, std = w.size, std_fn(sizes[i - 1])
            tol = K_SE * math.sqrt(0.5 / n)  # relative standard error of a normal sample's std: 1/√(2n)
            if abs(w.std() / std - 1) > tol:
                raise Fail(T(f"weight_init_std={spec!r}: params['W{i}'] (fan_in {sizes[i - 1]}) has std {w.std():.5g}, "
                             f"expected {std:.5g} (tolerance ±{tol:.1%}, {K_SE} standard errors for {n} samples; "
                             f"'relu'/'he' → √(2/n_in), 'sigmoid'/'xavier' → √(1/n_in), a number → that std)",
                             f"weight_init_std={spec!r}: params['W{i}'] (fan_in {sizes[i - 1]})의 표준편차가 {w.std():.5g}인데 "
                             f"{std:.5g}이어야 합니다 (허용 ±{tol:.1%}, 표본 {n}개의 표준오차 {K_SE}배; "
                             f"'relu'/'he' → √(2/n_in), 'sigmoid'/'xavier' → √(1/n_in), 숫자 → 그 표준편차)"))


def _net_problem(rng, d, hidden, k, n, bn, *, onehot=False):
    sizes = [d, *hidden, k]
    params = _net_params(rng, sizes, bn)
    x = rng.standard_normal((n, d))
    labels = rng.integers(0, k, size=n)
    t = np.eye(k)[labels] if onehot else labels
    return params, x, t


@net_ex.test("predict and loss in training and test mode with batch norm; weight decay in the loss", points=2)
def _(ctx):
    params, x, t = _net_problem(ctx.rng, 5, [6, 4], 3, 8, True)
    lam = 0.05
    ctor = _ctor(5, [6, 4], 3, use_batchnorm=True, weight_decay_lambda=lam)
    what = ["predict_train", "loss_train", "predict", "loss", "accuracy"]
    want = ctx.expected(drive_mlne, ctor, 0, params, x, t, what)
    book = ctx.expected(drive_mlne_book_bn, ctor, 0, params, x, t, what)
    no_wd = ctx.expected(drive_mlne, {**ctor, "weight_decay_lambda": 0}, 0, params, x, t, what)
    onehot = np.eye(3)[t]
    res = as_dict(ctx.call(drive_mlne, ctor, 0, params, x, t, what + ["accuracy_alt"], onehot), T("MultiLayerNetExtend"))
    expect.close(res.get("predict_train"), want["predict_train"], T("predict(x, train_flg=True) (batch statistics)",
                                              "predict(x, train_flg=True) (배치 통계)"), rtol=1e-6, atol=1e-8)
    wd = float(want["loss_train"]) - float(no_wd["loss_train"])
    expect.scalar_close(res.get("loss_train"), float(want["loss_train"]),
                        T(f"loss(x, t, train_flg=True) with weight_decay_lambda={lam}",
                          f"weight_decay_lambda={lam}인 loss(x, t, train_flg=True)"), rtol=1e-7,
                        mistakes={"wd_missing_in_loss": float(no_wd["loss_train"]),
                                  "wd_no_half": float(no_wd["loss_train"]) + 2 * wd})
    book_start = (not matches(res.get("predict"), want["predict"], 1e-6, 1e-8)
                  and matches(res.get("predict"), book["predict"], 1e-6, 1e-8))
    alt = book if book_start else want
    label = T("") if alt is want else T(" (running variance started at 0 as in the book)", " (책처럼 이동 분산이 0에서 시작)")
    expect.close(res.get("predict"), alt["predict"], T("predict(x) in test mode after two training forwards",
                                                       "학습 순전파 2번 뒤 추론 모드 predict(x)") + label, rtol=1e-6, atol=1e-8)
    expect.scalar_close(res.get("loss"), float(alt["loss"]), T("loss(x, t) in test mode", "추론 모드 loss(x, t)") + label, rtol=1e-7)
    expect.scalar_close(res.get("accuracy"), float(alt["accuracy"]), T("accuracy(x, t)") + label)
    expect.scalar_close(res.get("accuracy_alt"), float(alt["accuracy"]),
                        T("accuracy(x, t) with one-hot labels t (N, 3)", "원-핫 레이블 t (N, 3)로 구한 accuracy(x, t)") + label)


@net_ex.test("the layers use the arrays of net.params (an in-place change changes the output)", points=1)
def _(ctx):
    ctor = _ctor(4, [5, 3], 2, use_batchnorm=True, use_dropout=True)
    x = ctx.rng.standard_normal((6, 4))
    res = as_dict(ctx.call(drive_mlne_probe, ctor, 0, x, 0.5), T("MultiLayerNetExtend"))
    base = expect.array(res.get("base"), T("predict(x)"), shape=(6, 2))
    changed = as_dict(res.get("changed"), T("MultiLayerNetExtend"))
    same = [k for k, out in changed.items() if matches(out, base, 0, 1e-15)]
    if same:
        name, advice = describe("mlne_params_not_shared")
        raise Fail(T(f"adding 0.5 in place to net.params[{same[0]!r}] (also {same[1:]}) did not change predict(x) at all: "
                     f"the layers do not use these arrays. Known mistake: {name.en}. {advice.en}",
                     f"net.params[{same[0]!r}]에 제자리에서 0.5를 더해도 predict(x)가 전혀 바뀌지 않았습니다 (그 밖에 {same[1:]}): "
                     f"계층이 이 배열을 쓰지 않습니다. 알려진 실수: {name.ko}. {advice.ko}"), "mlne_params_not_shared")


@net_ex.test("dropout: the identity in test mode; in training the reference network under the net's own masks",
             points=1)
def _(ctx):
    params, x, t = _net_problem(ctx.rng, 5, [6, 4], 3, 8, False)
    ctor = _ctor(5, [6, 4], 3, use_dropout=True, dropout_ratio=0.5, activation="sigmoid")
    want = ctx.expected(drive_mlne, ctor, 0, params, x, t, ["predict", "loss"])
    res = as_dict(ctx.call(drive_mlne, ctor, 0, params, x, t, ["predict", "loss"]), T("MultiLayerNetExtend"))
    expect.close(res.get("predict"), want["predict"], T("predict(x) with use_dropout=True in test mode",
                                                        "use_dropout=True, 추론 모드 predict(x)"), rtol=1e-6, atol=1e-8)
    expect.scalar_close(res.get("loss"), float(want["loss"]), T("loss(x, t) with use_dropout=True in test mode",
                                                                "use_dropout=True, 추론 모드 loss(x, t)"), rtol=1e-7)
    _dropout_training_check(ctx)


def _dropout_training_check(ctx):
    """Training mode with dropout, compared with the reference under the SAME masks, whatever the order of draws.

    One hidden layer of H = 5 units and k = 6 outputs: the logits are z = v·W2 + b2 with v = h ⊙ mask/(1 − ratio),
    h = sigmoid(x·W1 + b1) the (mask-free) input of the Dropout layer, recorded from the reference. W2 (H × k,
    H ≤ k) has full row rank, so v = (z − b2)·W2⁺ recovers the student's dropout output from the student's logits;
    v/h must be 0 or 1/(1 − ratio) for every unit. The logits must then equal the reference's h under that mask, the
    kept fraction must be 1 − ratio within 6 binomial standard errors, and the training loss (a network built with
    the same seed, so the same masks) must be the softmax cross entropy of these logits plus ½λΣW².
    """
    ratio, lam, n, d, hid, k = 0.3, 0.05, 200, 5, 5, 6
    params, x, t = _net_problem(ctx.rng, d, [hid], k, n, False)
    ctor = _ctor(d, [hid], k, use_dropout=True, dropout_ratio=ratio, activation="sigmoid", weight_init_std="sigmoid",
                 weight_decay_lambda=lam)
    seed = 4
    h = np.asarray(ctx.expected(drive_mlne_dropout_inputs, ctor, seed, params, x)[0], dtype=np.float64)
    res = as_dict(ctx.call(drive_mlne_dropout, ctor, seed, params, x, t), T("MultiLayerNetExtend"))
    call = (f"MultiLayerNetExtend({d}, [{hid}], {k}, activation='sigmoid', use_dropout=True, dropout_ratio={ratio}, "
            f"weight_decay_lambda={lam}, rng=default_rng({seed}))")
    what_z = T(f"predict(x, train_flg=True) of {call} on {n} samples", f"{call}의 predict(x, train_flg=True) (샘플 {n}개)")
    z = expect.array(res.get("predict_train"), what_z, shape=(n, k))
    W2, b2 = params["W2"], params["b2"]
    v = (z - b2) @ np.linalg.pinv(W2)
    scale = 1.0 / (1.0 - ratio)
    q = v / h                                     # per unit: 0 (dropped) or 1/(1 − ratio) (kept)
    kept = q > 0.5 * scale
    ok = np.abs(q - np.where(kept, scale, 0.0)) <= 1e-6 * scale
    if not ok.all():
        if np.allclose(q, 1.0, rtol=1e-6, atol=1e-6):
            raise Fail(what_z + T(": the logits are those of the network WITHOUT dropout: with use_dropout=True every "
                                  "hidden activation must be followed by a Dropout layer (self.layers['Dropout{i}'] = "
                                  "Dropout(dropout_ratio, rng=self.rng)) that predict calls with train_flg",
                                  ": 로짓이 드롭아웃이 없는 신경망의 것입니다: use_dropout=True이면 모든 은닉 활성화 다음에 "
                                  "Dropout 계층(self.layers['Dropout{i}'] = Dropout(dropout_ratio, rng=self.rng))이 있고 "
                                  "predict가 train_flg와 함께 호출해야 합니다"))
        nonzero = np.abs(q) > 1e-6 * scale
        c = float(np.median(q[nonzero])) if nonzero.any() else 0.0
        if c > 1.0 and np.allclose(q[nonzero], c, rtol=1e-6):
            r = 1.0 - 1.0 / c
            raise Fail(what_z + T(f": the kept units are scaled by {c:.6g} = 1/(1 − {r:.4g}), expected "
                                  f"1/(1 − dropout_ratio) = {scale:.6g}: give the Dropout layers the dropout_ratio of "
                                  f"the constructor",
                                  f": 남은 값에 {c:.6g} = 1/(1 − {r:.4g})가 곱해졌는데 1/(1 − dropout_ratio) = {scale:.6g}"
                                  f"이어야 합니다: Dropout 계층에 생성자의 dropout_ratio를 넘기세요"))
        i = np.unravel_index(int(np.argmax(~ok)), ok.shape)
        raise Fail(what_z + T(f": the logits are not those of the reference network under any dropout mask (inverted "
                              f"dropout after the hidden activation: every unit 0 or h/(1 − {ratio})); e.g. sample "
                              f"{i[0]}, hidden unit {i[1]}: h = {h[i]:.6g}, the dropout output behind your logits is "
                              f"{v[i]:.6g}",
                              f": 로짓이 어떤 드롭아웃 마스크로도 기준 신경망의 것과 같지 않습니다 (은닉 활성화 뒤의 역 드롭아웃: "
                              f"각 값은 0 또는 h/(1 − {ratio})); 예: 샘플 {i[0]}, 은닉 유닛 {i[1]}: h = {h[i]:.6g}인데 "
                              f"로짓에 해당하는 드롭아웃 출력은 {v[i]:.6g}"))
    expect.close(z, (h * kept * scale) @ W2 + b2, what_z + T(" (the reference network under the same dropout masks)",
                                                            " (같은 드롭아웃 마스크를 쓴 기준 신경망)"), rtol=1e-6, atol=1e-8)
    p_keep, units = 1.0 - ratio, kept.size
    frac = float(kept.mean())
    tol = K_SE * math.sqrt(p_keep * (1 - p_keep) / units)
    if abs(frac - p_keep) > tol:
        raise Fail(what_z + T(f": {frac:.4f} of the {units} hidden units were kept, expected 1 − dropout_ratio = "
                              f"{p_keep:.4f} (tolerance ±{tol:.4f}, {K_SE} binomial standard errors)",
                              f": 은닉 유닛 {units}개 중 {frac:.4f}가 남았는데 1 − dropout_ratio = {p_keep:.4f}이어야 "
                              f"합니다 (허용 ±{tol:.4f}, 이항 표준오차 {K_SE}배)"))
    zmax = z.max(axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(z - zmax), axis=1)) + zmax[:, 0]
    penalty = 0.5 * lam * sum(float(np.sum(params[f"W{i}"] ** 2)) for i in (1, 2))
    loss_want = float(np.mean(lse - z[np.arange(n), t])) + penalty
    expect.scalar_close(res.get("loss_train"), loss_want,
                        T(f"loss(x, t, train_flg=True) of {call} (the same seed, so the same masks as predict: softmax "
                          f"cross entropy of those logits + ½λΣW²)",
                          f"{call}의 loss(x, t, train_flg=True) (같은 시드이므로 predict와 같은 마스크: 그 로짓의 "
                          f"소프트맥스 교차 엔트로피 + ½λΣW²)"), rtol=1e-7)


def _grads(res, keys, what: Text):
    grads = as_dict(res.get("gradient"), what)
    missing = [k for k in keys if k not in grads]
    if missing:
        raise Fail(T(f"{what.en} lacks the keys {missing}", f"{what.ko}에 키 {missing}이(가) 없습니다"))
    return grads


@net_ex.test("gradient with batch norm and weight decay matches the reference", points=2)
def _(ctx):
    params, x, t = _net_problem(ctx.rng, 4, [5, 4], 3, 6, True)
    lam = 0.1
    ctor = _ctor(4, [5, 4], 3, use_batchnorm=True, weight_decay_lambda=lam)
    want = ctx.expected(drive_mlne, ctor, 0, params, x, t, ["gradient"])["gradient"]
    no_wd = ctx.expected(drive_mlne, {**ctor, "weight_decay_lambda": 0}, 0, params, x, t, ["gradient"])["gradient"]
    res = as_dict(ctx.call(drive_mlne, ctor, 0, params, x, t, ["gradient"]), T("MultiLayerNetExtend"))
    grads = _grads(res, params, T("gradient(x, t)"))
    for k in params:
        mist = ({"wd_missing_in_grad": no_wd[k]} if k.startswith("W")
                else {"wd_on_biases": want[k] + lam * params[k]})
        _close(grads[k], want[k], T(f"gradient(x, t)['{k}'] (weight_decay_lambda={lam})"), rtol=1e-6, atol=1e-9, mistakes=mist)


@net_ex.test("whole gradient vs numeric gradients of the training loss (BN, weight decay, dropout with a fixed mask)",
             points=3)
def _(ctx):
    _numeric_net_check(ctx, 3, [4, 3], 3, 5, dropout=0.3, bn=True, lam=0.1, activation="sigmoid")


def _numeric_net_check(ctx, d, hidden, k, n, *, dropout, bn, lam, activation):
    params, x, t = _net_problem(ctx.rng, d, hidden, k, n, bn)
    ctor = _ctor(d, hidden, k, use_batchnorm=bn, weight_decay_lambda=lam, activation=activation,
                 weight_init_std="sigmoid" if activation == "sigmoid" else "relu",
                 use_dropout=dropout > 0, dropout_ratio=dropout if dropout > 0 else 0.5)
    seed = 3
    res = as_dict(ctx.call(drive_mlne, ctor, seed, params, x, t, ["gradient"]), T("MultiLayerNetExtend"))
    grads = _grads(res, params, T("gradient(x, t)"))
    analytic = {}
    for key in params:
        g = expect.array(grads[key], T(f"gradient['{key}']"), shape=params[key].shape)
        if bn and key[0] == "b" and key[1:].isdigit() and int(key[1:]) <= len(hidden):
            # with batch norm after Affine{i} the loss does not depend on b{i}: the batch mean removes it
            if np.max(np.abs(g)) > 1e-8:
                raise Fail(T(f"gradient['{key}'] = {np.array2string(g, precision=3)}; with batch norm right after Affine, "
                             f"the batch mean cancels b, so the loss does not depend on it and its gradient is 0 "
                             f"(up to rounding, |·| ≤ 1e-8). Check the BatchNormalization backward (its dx sums to 0 "
                             f"over the batch)",
                             f"gradient['{key}'] = {np.array2string(g, precision=3)}; Affine 바로 뒤에 배치 정규화가 있으면 "
                             f"배치 평균이 b를 없애므로 손실이 b에 의존하지 않아 기울기가 0입니다 (반올림 오차 |·| ≤ 1e-8). "
                             f"배치 정규화 역전파를 확인하세요 (dx의 배치 합이 0)"))
            continue
        analytic[key] = g
    # the biases b{i} before batch norm stay fixed (checked above); every other entry is perturbed
    fixed_params = {k: params[k] for k in params if k not in analytic}
    fixed = {"ctor": ctor, "seed": seed, "x": x.tolist(), "t": t.tolist()}
    fixed_ctor_params = {k: v.tolist() for k, v in fixed_params.items()}
    _flat_gradient_check(ctx, drive_mlne_loss, {**fixed, "fixed_params": fixed_ctor_params},
                         {k: params[k] for k in analytic}, analytic, batch_size=n,
                         names={k: T(f"gradient['{k}']") for k in analytic})


@net_ex.test("fresh sizes: gradient vs the reference with one-hot labels", points=2, hidden=True)
def _(ctx):
    rng = ctx.rng
    d, k, n = int(rng.integers(3, 8)), int(rng.integers(2, 6)), int(rng.integers(3, 10))
    hidden = [int(h) for h in rng.integers(2, 8, size=int(rng.integers(1, 4)))]
    bn = bool(rng.integers(2))
    lam = round(float(rng.uniform(0, 0.3)), 3)
    act = str(rng.choice(["relu", "sigmoid"]))
    params, x, t = _net_problem(rng, d, hidden, k, n, bn, onehot=True)
    ctor = _ctor(d, hidden, k, use_batchnorm=bn, weight_decay_lambda=lam, activation=act)
    want = ctx.expected(drive_mlne, ctor, 1, params, x, t, ["loss_train", "gradient"])
    res = as_dict(ctx.call(drive_mlne, ctor, 1, params, x, t, ["loss_train", "gradient"]), T("MultiLayerNetExtend"))
    label = f"({d}, {hidden}, {k}, activation={act!r}, use_batchnorm={bn}, weight_decay_lambda={lam})"
    expect.scalar_close(res.get("loss_train"), float(want["loss_train"]), T(f"loss(x, t, train_flg=True) {label}"), rtol=1e-7)
    grads = _grads(res, params, T("gradient(x, t)"))
    for key in params:
        expect.close(grads[key], want["gradient"][key], T(f"gradient['{key}'] {label}"), rtol=1e-6, atol=1e-9)


@net_ex.test("fresh sizes with dropout: numeric gradient check", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    _numeric_net_check(ctx, int(rng.integers(2, 5)), [int(rng.integers(3, 6))], int(rng.integers(2, 4)),
                       int(rng.integers(3, 7)), dropout=round(float(rng.uniform(0.2, 0.6)), 2), bn=bool(rng.integers(2)),
                       lam=round(float(rng.uniform(0, 0.3)), 3), activation="sigmoid")


@net_ex.test("training with SGD on net.params in place lowers the loss", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    x = rng.standard_normal((20, 4))
    t = (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 0.5).astype(int)
    ctor = _ctor(4, [10, 10], 3, use_batchnorm=True, weight_decay_lambda=0.001)
    losses = ctx.call(drive_mlne_train, ctor, 2, x, t, 0.1, 40)
    values = [expect.scalar(v, T("loss during training", "학습 중 손실")) for v in losses]
    if not values[-1] < 0.7 * values[0]:
        raise Fail(T(f"after 40 SGD steps (lr 0.1) on 20 samples the test-mode loss went from {values[0]:.4f} to "
                     f"{values[-1]:.4f}; a correct network lowers it by 30 % at least. ",
                     f"20개 샘플로 SGD 40번 (학습률 0.1) 후 추론 모드 손실이 {values[0]:.4f}에서 {values[-1]:.4f}가 되었습니다; "
                     f"올바른 신경망이면 30 % 이상 줄어듭니다. ")
                   + T("Maybe: ", "혹시: ") + describe("mlne_params_not_shared")[0] + T(". ") + describe("mlne_params_not_shared")[1],
                   "mlne_params_not_shared")
