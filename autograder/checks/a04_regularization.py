"""Checks of a04_regularization: batch and layer normalization, dropout, L1/L2 penalties, early stopping, and
MultiLayerNetExtend (Affine–BN–activation–Dropout with weight decay).

Every test checks one property. The drivers (:mod:`autograder.drivers.a04_regularization`) only call the student's
code and send back what they got; every verdict is computed here from validated replies.

* Normalization layers: forward values against the reference; every gradient (dx, dgamma, dbeta) against the
  REFERENCE's backward on the same inputs and upstream gradient (batch ≥ 2; 2-D and 4-D), so a backward that is wrong
  but agrees with a wrong forward earns nothing; running statistics over several batches. The book's start of the
  running variance at 0 is accepted (DESIGN §3) besides the kit's 1.
* Dropout: masks are never compared with the reference (the order of the student's random draws is free). The mask
  is read from the student's forward OUTPUT (a unit is kept where the output is not 0; inputs are never 0), and the
  checks use statistics with tolerances of 6 standard errors, exact invariants (every output is 0 or x/(1 − ratio);
  backward is dout·mask/(1 − ratio) with that mask), the identity in test mode and reproducibility with a seeded rng.
* EarlyStopping: only the steps up to and including the first True are judged (DESIGN §3: what ``step`` answers
  after it has said stop is not specified).
* MultiLayerNetExtend: gradients against the reference; with dropout, against the reference network under the
  student's OWN masks: with one hidden layer and a full-row-rank last W the dropout output is recovered from the
  student's training-mode logits, every unit must be 0 or h/(1 − ratio) (h the reference's mask-free hidden output),
  and the correct gradient under that mask is assembled here from the reference's mask-free Jacobian of h.
* Graded runs draw every input fresh (``ctx.rng``); the fixed public values (early-stopping curves, …) are
  transformed with fresh random numbers there, so a table of the stored public answers earns nothing.
* A test that would pass for a layer that does nothing (an argument-mutation check, a "same seed, same mask"
  check …) first asks for evidence that the call did its work (outputs that depend on the inputs, a mask that drops
  some units and keeps others), so that objects returning zeros earn nothing.
"""
from __future__ import annotations

import json
import math
import zlib

import numpy as np

from .. import expect
from ..drivers.a04_regularization import (PROVIDED_MARK, drive_bn_sequence, drive_dropout, drive_dropout_masks,
                                          drive_dropout_modes, drive_early_stopping, drive_ln_rows, drive_mlne,
                                          drive_mlne_args, drive_mlne_init, drive_mlne_loss, drive_mlne_masked,
                                          drive_mlne_probe, drive_mlne_train)
from ..expect import K_SE, matches, named_mistake
from ..misconceptions import describe, mistake
from ..registry import Assignment, Fail, T, Text
from ..wire import Raised
from .common import as_dict, drive_function, drive_layer, layer_inputs, run_gradient_check

A = Assignment("a04_regularization", title=T("Regularization and normalization", "규제와 정규화"),
               files=("layers.py", "regularization.py", "network.py"))


# ------------------------------------------------------------------------------------------ misconceptions
mistake("bn_unbiased_variance", "batch norm with the unbiased variance (÷ (m − 1))", "불편 분산(÷ (m − 1))을 쓴 배치 정규화",
        "Batch normalization uses the biased mini-batch variance σ² = (1/m) Σ (x − μ)², divided by the number m of "
        "values per feature, not by m − 1 (numpy's variance does this by default; ddof stays 0).",
        "배치 정규화는 편향 분산 σ² = (1/m) Σ (x − μ)²을 씁니다. 특성마다 값의 개수 m으로 나누고 m − 1로 나누지 않습니다 "
        "(numpy의 분산 기본값이 이것이며 ddof는 0).")
mistake("bn_running_stats_in_training", "running statistics used in training mode", "학습 모드에서 이동 평균 통계를 사용",
        "With train_flg=True normalize with the mean and variance of THIS batch; running_mean/running_var are only "
        "updated in training and used in test mode.",
        "train_flg=True이면 지금 배치의 평균과 분산으로 정규화하세요; running_mean/running_var는 학습 때 갱신만 하고 "
        "추론(test) 모드에서 사용합니다.")
mistake("bn_batch_stats_in_test", "batch statistics used in test mode", "추론 모드에서 배치 통계를 사용",
        "With train_flg=False normalize with running_mean and running_var (and do not update them).",
        "train_flg=False이면 running_mean과 running_var로 정규화하세요 (갱신하지 않음).")
mistake("bn_wrong_axis", "batch norm over the features of each sample", "샘플마다 특성 축으로 정규화한 배치 정규화",
        "Batch norm normalizes every FEATURE over the batch (the batch axis); per sample over the features is layer "
        "norm.",
        "배치 정규화는 각 특성을 배치 축으로 정규화합니다; 샘플마다 특성 축으로 하는 것은 층 정규화입니다.")
mistake("bn_4d_not_per_channel", "4-D batch norm per position instead of per channel", "4차원 입력을 채널이 아니라 위치별로 정규화",
        "For (N, C, H, W) the statistics of channel c are taken over the batch axis and both spatial axes together "
        "(m = N·H·W values per channel); gamma and beta have shape (C,) and broadcast over N, H, W.",
        "(N, C, H, W)에서 채널 c의 통계는 배치 축과 두 공간 축 전체에 대해 구합니다 (채널마다 m = N·H·W개 값); "
        "gamma, beta의 형상은 (C,)이며 N, H, W 방향으로 브로드캐스트됩니다.")
mistake("bn_backward_no_mean_path", "batch norm backward ignores the mean's dependence on x",
        "배치 정규화 역전파에서 평균이 x에 의존하는 경로를 빠뜨림",
        "μ_B depends on every x_i: the path x → μ_B subtracts the batch mean of dx̂ "
        "(dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / √(σ² + eps)).",
        "μ_B는 모든 x_i에 의존합니다: x → μ_B 경로가 dx̂의 배치 평균을 빼는 항입니다 "
        "(dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / √(σ² + eps)).")
mistake("bn_backward_no_var_path", "batch norm backward ignores the variance's dependence on x",
        "배치 정규화 역전파에서 분산이 x에 의존하는 경로를 빠뜨림",
        "σ_B² depends on every x_i: the path x → σ_B² gives the term −x̂·mean(dx̂·x̂).",
        "σ_B²는 모든 x_i에 의존합니다: x → σ_B² 경로가 −x̂·mean(dx̂·x̂) 항을 만듭니다.")
mistake("bn_backward_stats_as_constants", "batch norm backward treats the batch statistics as constants",
        "배치 정규화 역전파에서 배치 통계를 상수로 취급",
        "After a TRAINING forward μ_B and σ_B² are functions of x; dx = dout·γ/√(σ² + eps) is only right after a "
        "test-mode forward. Follow the graph through μ_B and σ_B².",
        "학습 모드 순전파 뒤에는 μ_B와 σ_B²가 x의 함수입니다; dx = dout·γ/√(σ² + eps)는 추론 모드 뒤에만 맞습니다. "
        "μ_B와 σ_B²를 거치는 경로도 따라가세요.")
mistake("bn_test_backward_batch_formula", "batch norm backward after a test-mode forward follows the batch statistics",
        "추론 모드 순전파 뒤의 배치 정규화 역전파가 배치 통계를 따름",
        "In test mode the output uses running_mean and running_var, which do not depend on x: the paths through the "
        "batch mean and variance do not exist, and dx is dout·γ/√(running_var + eps). Remember in forward which mode "
        "it ran in.",
        "추론 모드의 출력은 x와 무관한 running_mean, running_var를 씁니다: 배치 평균과 분산을 거치는 경로가 없으므로 "
        "dx는 dout·γ/√(running_var + eps)입니다. 순전파가 어떤 모드로 실행되었는지 기억해 두세요.")
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
        "Layer norm normalizes each SAMPLE over its own features: one mean and one variance per row, taken along the "
        "feature axis (keep that axis as size 1 so they broadcast back).",
        "층 정규화는 샘플마다 자기 특성으로 정규화합니다: 행마다 평균 하나와 분산 하나를 특성 축을 따라 구합니다 "
        "(그 축을 크기 1로 남겨 두면 다시 브로드캐스트됩니다).")
mistake("dropout_not_scaled", "dropout without the 1/(1 − ratio) scaling", "1/(1 − ratio) 배율이 없는 드롭아웃",
        "Inverted dropout scales the kept units by 1/(1 − ratio) in training, so the expected output equals the input "
        "and test mode can be the identity.",
        "역 드롭아웃은 학습 때 남긴 값에 1/(1 − ratio)를 곱해 기댓값을 입력과 같게 하므로 추론 때는 그대로 통과시킵니다.")
mistake("dropout_ratio_is_keep_prob", "dropout_ratio used as the keep probability", "dropout_ratio를 남길 확률로 사용",
        "dropout_ratio is the probability of DROPPING a unit: each unit is kept with probability 1 − ratio.",
        "dropout_ratio는 뉴런을 끌 확률입니다: 각 뉴런은 1 − ratio의 확률로 남습니다.")
mistake("dropout_scaled_at_test", "dropout rescales in test mode", "추론 모드에서 드롭아웃이 값을 조정함",
        "With inverted dropout the scaling happens in training; in test mode the output is the input unchanged (the "
        "book's x·(1 − ratio) belongs to the non-inverted version).",
        "역 드롭아웃은 학습 때 배율을 적용하므로 추론 때는 입력을 그대로 내보냅니다 (책의 x·(1 − ratio)는 역 드롭아웃이 아닌 버전).")
mistake("dropout_applied_at_test", "units dropped in test mode", "추론 모드에서도 뉴런을 끔",
        "With train_flg=False dropout is the identity: no mask.", "train_flg=False이면 드롭아웃은 항등 함수입니다: 마스크 없음.")
mistake("dropout_backward_new_mask", "dropout backward uses a different mask", "드롭아웃 역전파가 다른 마스크를 사용",
        "Keep the mask of the forward pass on the layer and use it in backward; do not draw a new one.",
        "순전파의 마스크를 계층에 저장해 역전파에 쓰세요; 새로 뽑지 마세요.")
mistake("dropout_backward_not_scaled", "dropout backward without the 1/(1 − ratio) scaling", "드롭아웃 역전파에 1/(1 − ratio)가 없음",
        "The forward multiplies by mask/(1 − ratio), so the gradient is dout·mask/(1 − ratio).",
        "순전파가 mask/(1 − ratio)를 곱하므로 기울기는 dout·mask/(1 − ratio)입니다.")
mistake("dropout_ignores_rng", "dropout ignores the rng argument", "드롭아웃이 rng 인자를 무시함",
        "Draw the masks with the generator given to __init__ (not with np.random's global state), so that a seeded "
        "rng reproduces them.",
        "마스크는 __init__에 받은 생성기로 뽑으세요 (np.random의 전역 상태가 아니라); 그래야 같은 시드가 같은 마스크를 줍니다.")
mistake("dropout_mask_reused", "the same dropout mask at every forward", "순전파마다 같은 드롭아웃 마스크",
        "Draw a NEW mask at every training forward.", "학습 모드 순전파마다 새 마스크를 뽑으세요.")
mistake("l2_penalty_no_half", "L2 penalty without ½", "½이 없는 L2 규제 항",
        "The kit's weight decay term is ½·λ·ΣW² (so that its gradient is exactly λW).",
        "키트의 가중치 감소 항은 ½·λ·ΣW²입니다 (그래야 기울기가 정확히 λW).")
mistake("l2_grad_no_lambda", "L2 gradient without λ", "λ가 없는 L2 기울기", "d(½λΣW²)/dW is λ·W: the strength λ stays.",
        "d(½λΣW²)/dW는 λ·W입니다: 강도 λ가 남습니다.")
mistake("l2_grad_doubled", "L2 gradient 2λW", "L2 기울기를 2λW로 계산",
        "The ½ of the penalty cancels the 2 of the square: the gradient is λ·W.",
        "규제 항의 ½이 제곱의 2를 없애므로 기울기는 λ·W입니다.")
mistake("l1_penalty_no_abs", "L1 penalty without the absolute value", "절댓값이 없는 L1 규제 항",
        "L1 sums |W|, the absolute values; without them positive and negative weights cancel.",
        "L1은 절댓값 |W|를 더합니다; 절댓값이 없으면 양수와 음수 가중치가 상쇄됩니다.")
mistake("l1_penalty_halved", "L1 penalty with a factor ½", "½을 곱한 L1 규제 항",
        "The kit's L1 penalty is λ·Σ|W| (no ½).", "키트의 L1 규제 항은 λ·Σ|W|입니다 (½ 없음).")
mistake("l1_grad_no_lambda", "L1 gradient without λ", "λ가 없는 L1 기울기", "The gradient is λ·sign(W).",
        "기울기는 λ·sign(W)입니다.")
mistake("l1_grad_sign_at_zero", "L1 gradient not 0 at W = 0", "W = 0에서 0이 아닌 L1 기울기",
        "The kit uses sign(0) = 0 (numpy's sign does): weights that are exactly 0 get gradient 0.",
        "키트는 sign(0) = 0을 씁니다 (numpy의 sign이 그렇습니다): 정확히 0인 가중치의 기울기는 0입니다.")
mistake("early_stopping_off_by_one", "early stopping off by one", "조기 종료가 한 번 어긋남",
        "Stop when `patience` consecutive steps have not improved: with patience 2 the sequence improve, bad, bad stops "
        "at the second bad step, not at the first and not at a third.",
        "개선되지 않은 스텝이 patience번 연속이면 멈춥니다: patience가 2이면 개선, 나쁨, 나쁨에서 두 번째 나쁜 스텝에 "
        "멈춥니다 (첫 번째도, 세 번째도 아님).")
mistake("early_stopping_min_delta_ignored", "min_delta ignored", "min_delta를 무시함",
        "An improvement must beat the best loss by more than min_delta: val_loss < best − min_delta.",
        "개선은 최고 손실보다 min_delta 넘게 작아야 합니다: val_loss < best − min_delta.")
mistake("early_stopping_ties_improve", "an equal loss counted as an improvement", "같은 손실을 개선으로 셈",
        "Use a strict comparison: val_loss < best − min_delta (a plateau is not an improvement).",
        "엄격한 비교를 쓰세요: val_loss < best − min_delta (정체는 개선이 아님).")
mistake("wd_missing_in_grad", "weight decay missing from the gradient", "기울기에 가중치 감소가 빠짐",
        "The loss contains ½λΣW², so the gradient of every weight matrix gets the extra term λ·W on top of the "
        "Affine layer's dW.",
        "손실에 ½λΣW²가 있으므로 모든 가중치 행렬의 기울기에 Affine 계층의 dW 외에 λ·W 항이 더해집니다.")
mistake("wd_missing_in_loss", "weight decay missing from the loss", "손실에 가중치 감소가 빠짐",
        "loss = cross entropy + ½·λ·Σ over every W of ΣW² (biases, γ and β are not penalized).",
        "loss = 교차 엔트로피 + 모든 W에 대한 ½·λ·ΣW² (편향, γ, β는 제외).")
mistake("wd_no_half", "weight decay term without ½", "½이 없는 가중치 감소 항",
        "The term is ½·λ·ΣW², whose gradient is λW.", "항은 ½·λ·ΣW²이고 그 기울기가 λW입니다.")
mistake("wd_on_biases", "weight decay applied to biases or γ, β", "편향이나 γ, β에도 가중치 감소를 적용",
        "Only the weight matrices W are decayed; b, γ and β get their plain gradients.",
        "가중치 행렬 W만 감소시킵니다; b, γ, β는 원래 기울기 그대로입니다.")
mistake("mlne_params_not_shared", "layers use copies of params", "계층이 params의 복사본을 사용",
        "Build the layers with the arrays of self.params themselves, not copies, so that an in-place change of "
        "params (an optimizer's update) reaches the layers.",
        "계층을 복사본이 아니라 self.params의 배열 자체로 만드세요; 그래야 params의 제자리 변경(옵티마이저의 갱신)이 "
        "계층에 반영됩니다.")
mistake("mlne_train_flg_not_passed", "test mode runs like training mode (train_flg not passed on)",
        "추론 모드가 학습 모드처럼 동작 (train_flg를 넘기지 않음)",
        "predict(x, train_flg) must hand train_flg to the BatchNormalization and Dropout layers (the other layers "
        "take only x); otherwise they run in their default training mode even when the network is asked for test "
        "mode. (If your BatchNormalization fails its own checks in test mode, the cause may be there instead.)",
        "predict(x, train_flg)는 train_flg를 BatchNormalization과 Dropout 계층에 넘겨야 합니다 (다른 계층은 x만 받음); "
        "그러지 않으면 신경망에 추론 모드를 요청해도 그 계층들은 기본값인 학습 모드로 동작합니다. (BatchNormalization이 "
        "추론 모드 검사에서 실패한다면 원인이 그쪽일 수도 있습니다.)")


# ------------------------------------------------------------------------------------------ helpers
def _known(message: Text, key: str) -> Fail:
    name, advice = describe(key)
    return Fail(message + T(f". Known mistake: {name.en}. {advice.en}", f". 알려진 실수: {name.ko}. {advice.ko}"), key)


def _provided_fail(head: str, where: str, info: dict) -> Fail:
    """The failure for an exception raised inside a layer that layers.py provides complete: which call, with which
    shapes, and that the cause is the student's code that made the call."""
    def text(v, n=80):
        return str(v)[:n] if isinstance(v, (str, int, float)) else ""

    def pairs(v):
        if not isinstance(v, list):
            return ""
        return ", ".join(f"{text(p[0], 20)}: {text(p[1], 40)}" for p in v[:4] if isinstance(p, list) and len(p) == 2)

    layer, method = text(info.get("layer"), 30), text(info.get("method"), 20)
    args, attrs, caller = pairs(info.get("args")), pairs(info.get("attrs")), text(info.get("caller"))
    own = f" (its {attrs})" if attrs else ""
    own_ko = f" (계층의 {attrs})" if attrs else ""
    by = f"by {caller}" if caller else "by your code"
    by_ko = f"{caller}에서" if caller else "여러분의 코드에서"
    at = f" [{where}]" if where else ""
    return Fail(T(f"your code raised an error {head}{at}. It happened inside the provided layer {layer}.{method}, "
                  f"called {by} with {args or 'these arguments'}{own}. The provided layers are complete and correct: "
                  f"the arrays passed to {layer}.{method} do not fit together, so the cause is the code that called it "
                  f"({caller or 'your network'}): look at which array it passes and with which shape.",
                  f"코드에서 오류가 발생했습니다 {head}{at}. 오류는 제공된 계층 {layer}.{method} 안에서 났고, {by_ko} "
                  f"{args or '이 인자들'}{own_ko}(으)로 호출되었습니다. 제공된 계층은 완성되어 있고 올바릅니다: "
                  f"{layer}.{method}에 넘긴 배열들의 형상이 서로 맞지 않으므로, 원인은 그것을 호출한 코드"
                  f"({caller or '여러분의 신경망'})에 있습니다: 어떤 배열을 어떤 형상으로 넘기는지 확인하세요."))


def _unwrap(value):
    """expect.unwrap, with a readable explanation for an error raised inside a provided layer."""
    if isinstance(value, Raised) and PROVIDED_MARK in value.message:
        head, _, blob = value.message.partition(PROVIDED_MARK)
        try:
            info = json.loads(blob)
        except ValueError:
            info = None
        if isinstance(info, dict):
            raise _provided_fail(head, value.where, info)
    return expect.unwrap(value)


def _arr(value, what: Text, shape=None, finite=True) -> np.ndarray:
    return expect.array(_unwrap(value), what, shape=shape, finite=finite)


def _close(got, want, what, *, rtol=1e-6, atol=1e-8, mistakes=None):
    """expect.close with mistake candidates; the message names the mistake the wrong values match."""
    got = _unwrap(got)
    if not matches(got, want, rtol, atol):
        pairs = mistakes.items() if isinstance(mistakes, dict) else (mistakes or [])
        for key, cand in pairs:
            if matches(got, cand, rtol, atol):
                raise named_mistake(what, key)
    expect.close(got, want, what, rtol=rtol, atol=atol)


def _shared_rng(ctx, tag: str) -> np.random.Generator:
    """A generator shared by the tests of one exercise that read one call (``ctx.call_shared``): drawn from the run's
    seed in graded runs, fixed in the students' ``check``."""
    seed = ctx.runner.seed if ctx.fresh else 0
    return np.random.default_rng([int(seed) % 2**63, zlib.crc32(f"{ctx.exercise.id}::{tag}".encode())])


def _unchanged(before, after, what: Text):
    """The argument must come back, with the same values (a missing reply fails too)."""
    expect.unchanged(before, _unwrap(after), what)


def _does_work(out_a, out_b, what: Text, shape=None):
    """Evidence that a call computes its output from its arguments (two different inputs, two different outputs);
    a check of argument mutation earns nothing for an object that does no work."""
    a = _arr(out_a, what, shape=shape)
    b = _arr(out_b, what, shape=shape)
    if a.shape == b.shape and np.allclose(a, b, rtol=1e-9, atol=1e-12):
        raise Fail(what + T(": two different inputs gave the same output, so the object does not compute its output "
                            "from its arguments; this check (arguments left unchanged) counts only for an object that "
                            "does the work",
                            ": 서로 다른 두 입력에 같은 출력이 나왔습니다. 객체가 인자로 출력을 계산하지 않으므로, 이 검사"
                            "(인자를 바꾸지 않음)는 실제로 계산하는 객체에만 점수를 줍니다"))


def _fresh_value(ctx, fixed: float, low: float, high: float, digits: int = 4) -> float:
    """``fixed`` in the students' check, a fresh random value in graded runs."""
    return fixed if not ctx.fresh else round(float(ctx.rng.uniform(low, high)), digits)


# ========================================================================================== BatchNormalization
bn_ex = A.exercise("layers.BatchNormalization", targets=["layers.BatchNormalization"],
                   title=T("batch normalization", "배치 정규화"),
                   hint=T("Read the batch-norm equations of the study-group slides (001, part 5) and of \"Deep Learning "
                          "from Scratch\" ch. 6. In training every feature (every channel of an (N, C, H, W) input) is "
                          "normalized with the mean μ_B and the biased variance σ_B² of the mini-batch (divide by the "
                          "number of values, not that number minus 1), then scaled by γ and shifted by β; the running "
                          "statistics move toward μ_B and σ_B² with weight 1 − momentum. In test mode the running "
                          "statistics take their place and stay as they are. In backward, dβ and dγ add up dout and "
                          "dout·x̂ over the same axes as the statistics; dx follows the computational graph back "
                          "through x̂, σ_B² and μ_B, because each of them depends on every x_i of the batch (after a "
                          "test-mode forward the statistics are constants). A failed gradient check says whether your "
                          "backward at least agrees with your own forward.",
                          "스터디 슬라이드(001, 5부)와 『밑바닥부터 시작하는 딥러닝』 6장의 배치 정규화 식을 보세요. 학습 "
                          "때는 각 특성((N, C, H, W) 입력이면 각 채널)을 미니 배치의 평균 μ_B와 편향 분산 σ_B²(값의 "
                          "개수로 나눔, 개수 − 1이 아님)로 정규화한 뒤 γ로 스케일, β로 시프트합니다; 이동 평균 통계는 "
                          "1 − momentum의 가중치로 μ_B, σ_B² 쪽으로 움직입니다. 추론 모드에서는 이동 평균 통계를 대신 "
                          "쓰고 바꾸지 않습니다. 역전파에서 dβ와 dγ는 통계와 같은 축으로 dout과 dout·x̂를 더한 것이고, "
                          "dx는 x̂, σ_B², μ_B를 거꾸로 거쳐 계산 그래프를 따라갑니다 (셋 모두 배치의 모든 x_i에 의존; "
                          "추론 모드 순전파 뒤에는 통계가 상수). 기울기 검사가 실패하면 역전파가 여러분의 순전파와는 "
                          "일치하는지도 알려 줍니다."))
BN_EPS = 1e-5


def _bn_data(rng, shape):
    c = shape[1]
    offset = rng.uniform(-1, 1, size=(1, c) + (1,) * (len(shape) - 2))
    return rng.standard_normal(shape) * rng.uniform(0.5, 2.0) + offset


def _bn_inputs(rng, shape, *, train=True, running=False, momentum=None, dout=True, state=False):
    c = shape[1]
    arrays = {"x": _bn_data(rng, shape), "gamma": rng.uniform(0.5, 1.5, c), "beta": rng.standard_normal(c) * 0.5,
              "train": bool(train)}
    if dout:
        arrays["dout"] = rng.standard_normal(shape)
    ctor_kw = {}
    if momentum is not None:
        arrays["momentum"] = float(momentum)
        ctor_kw["momentum"] = "momentum"
    if running:
        arrays["rm"] = rng.standard_normal(c) * 0.5
        arrays["rv"] = rng.uniform(0.5, 2.0, c)
        ctor_kw.update(running_mean="rm", running_var="rv")
    return layer_inputs("layers", "BatchNormalization", ctor=("gamma", "beta"), ctor_kw=ctor_kw, fwd=("x",),
                        fwd_kw={"train_flg": "train"}, attrs=("dgamma", "dbeta") if dout else (),
                        state=("running_mean", "running_var") if state else (), **arrays)


def _bshape(x):
    return (1, -1) if x.ndim == 2 else (1, -1, 1, 1)


def _axes(x):
    return (0,) if x.ndim == 2 else (0, 2, 3)


def _bn_unbiased(inp):
    """The forward with the unbiased variance (grader side, the candidate of a named mistake)."""
    x, g, b = inp["x"], inp["gamma"], inp["beta"]
    ax = _axes(x)
    m = x.size // g.size
    mu = x.mean(axis=ax, keepdims=True)
    var_u = ((x - mu) ** 2).sum(axis=ax, keepdims=True) / (m - 1)
    bs = _bshape(x)
    return g.reshape(bs) * (x - mu) / np.sqrt(var_u + BN_EPS) + b.reshape(bs)


def _bn_backward_candidates(inp):
    """Wrong backward variants (grader side), built from the batch statistics of x."""
    x, g, dout = inp["x"], inp["gamma"], inp["dout"]
    ax = _axes(x)
    mu = x.mean(axis=ax, keepdims=True)
    std = np.sqrt(((x - mu) ** 2).mean(axis=ax, keepdims=True) + BN_EPS)
    xn = (x - mu) / std
    dxn = dout * g.reshape(_bshape(x))
    return {"bn_backward_stats_as_constants": dxn / std,
            "bn_backward_no_mean_path": (dxn - xn * np.mean(dxn * xn, axis=ax, keepdims=True)) / std,
            "bn_backward_no_var_path": (dxn - np.mean(dxn, axis=ax, keepdims=True)) / std}


def _bn_training_formula_on_running(inp):
    """The training-mode backward formula applied to the test-mode normalization (the running statistics)."""
    x, g, dout = inp["x"], inp["gamma"], inp["dout"]
    std = np.sqrt(inp["rv"] + BN_EPS)
    xn = (x - inp["rm"]) / std
    dxn = dout * g
    return (dxn - dxn.mean(axis=0) - xn * np.mean(dxn * xn, axis=0)) / std


def _bn_case(ctx, tag, shape, **kw):
    """One BatchNormalization call (forward, backward) shared by the tests of its properties."""
    inp = _bn_inputs(_shared_rng(ctx, tag), shape, **kw)
    res = as_dict(ctx.call_shared(drive_layer, inp), T("BatchNormalization"))
    return inp, res


def _mode(inp):
    return ("training", "학습") if inp["train"] else ("test", "추론")


def _bn_what(inp, what="forward", what_ko="순전파"):
    en, ko = _mode(inp)
    return T(f"BatchNormalization {what} ({en} mode, x of shape {inp['x'].shape})",
             f"배치 정규화 {what_ko} ({ko} 모드, x 형상 {inp['x'].shape})")


BN_CASES = {"2d": dict(shape=(6, 4), running=True, state=True), "4d": dict(shape=(2, 3, 2, 2), running=True)}
BN_TEST_CASES = {"test2d": dict(shape=(3, 4), train=False, running=True),
                 "test4d": dict(shape=(2, 3, 2, 2), train=False, running=True),
                 "test4d_w_eq_c": dict(shape=(2, 3, 2, 3), train=False, running=True)}


@bn_ex.test(T("training forward on (N, D): per-feature batch statistics, biased variance",
              "(N, D) 학습 순전파: 특성마다 배치 통계, 편향 분산"), points=1)
def _(ctx):
    inp, res = _bn_case(ctx, "2d", **BN_CASES["2d"])
    want = ctx.expected(drive_layer, inp)
    test_mode = ctx.expected(drive_layer, {**inp, "train": False})["out"]
    ln = layer_inputs("layers", "LayerNormalization", ctor=("gamma", "beta"), fwd=("x",),
                      x=inp["x"], gamma=inp["gamma"], beta=inp["beta"])
    per_sample = ctx.expected(drive_layer, ln)["out"]
    updated = ctx.expected(drive_layer, {**inp, "train": False, "rm": want["running_mean"], "rv": want["running_var"]})
    _close(res.get("out"), want["out"], _bn_what(inp),
           mistakes=[("bn_unbiased_variance", _bn_unbiased(inp)), ("bn_running_stats_in_training", test_mode),
                     ("bn_running_stats_in_training", updated["out"]), ("bn_wrong_axis", per_sample)])


@bn_ex.test(T("training forward on (N, C, H, W): statistics per channel over N, H, W",
              "(N, C, H, W) 학습 순전파: 채널마다 N, H, W에 대한 통계"), points=1)
def _(ctx):
    inp, res = _bn_case(ctx, "4d", **BN_CASES["4d"])
    n, c, h, w = inp["x"].shape
    want = ctx.expected(drive_layer, inp)
    flat = layer_inputs("layers", "BatchNormalization", ctor=("gamma", "beta"), fwd=("x",), fwd_kw={"train_flg": "train"},
                        x=inp["x"].reshape(n, -1), gamma=np.repeat(inp["gamma"], h * w),
                        beta=np.repeat(inp["beta"], h * w), train=True)
    per_position = ctx.expected(drive_layer, flat)["out"].reshape(n, c, h, w)
    _close(res.get("out"), want["out"], _bn_what(inp),
           mistakes=[("bn_4d_not_per_channel", per_position), ("bn_unbiased_variance", _bn_unbiased(inp))])


@bn_ex.test(T("backward after a training forward: dx equals the reference's (2-D and 4-D)",
              "학습 순전파 뒤 역전파: dx가 참조 답안과 같음 (2차원, 4차원)"), points=1)
def _(ctx):
    for tag in ("2d", "4d"):
        inp, res = _bn_case(ctx, tag, **BN_CASES[tag])
        want = ctx.expected(drive_layer, inp)["dx"]  # (every stored value is read in a fixed order)
        dx = _unwrap(res.get("dx"))
        if isinstance(dx, np.ndarray) and dx.shape == inp["x"].shape:
            if not matches(dx, want, 1e-6, 1e-8):
                for key, cand in _bn_backward_candidates(inp).items():
                    if matches(dx, cand, 1e-6, 1e-8):
                        raise named_mistake(_bn_what(inp, "dx", "dx"), key)
        run_gradient_check(ctx, inp, res, {"x": ("dx", _bn_what(inp, "dx", "dx"))}, batch_size=inp["x"].shape[0])


@bn_ex.test(T("backward after a training forward: dgamma and dbeta equal the reference's (2-D and 4-D)",
              "학습 순전파 뒤 역전파: dgamma, dbeta가 참조 답안과 같음 (2차원, 4차원)"), points=1)
def _(ctx):
    for tag in ("2d", "4d"):
        inp, res = _bn_case(ctx, tag, **BN_CASES[tag])
        run_gradient_check(ctx, inp, res, {"gamma": ("dgamma", _bn_what(inp, "dgamma", "dgamma")),
                                           "beta": ("dbeta", _bn_what(inp, "dbeta", "dbeta"))})


def _stat(res_stats, name, what: Text, shape):
    stats = _unwrap(res_stats)
    got = _unwrap(stats.get(name)) if isinstance(stats, dict) else None
    if got is None:
        raise Fail(T(f"{what.en}: the attribute {name} is missing or None (keep the running statistics in "
                     f"self.running_mean and self.running_var)",
                     f"{what.ko}: 속성 {name}이(가) 없거나 None입니다 (이동 평균 통계를 self.running_mean과 "
                     f"self.running_var에 저장하세요)"))
    return expect.array(got, T(f"{name} {what.en}", f"{what.ko} {name}"), shape=shape)


@bn_ex.test(T("running statistics after 3 training batches: momentum·running + (1 − momentum)·batch",
              "학습 배치 3개 뒤 이동 평균 통계: momentum·running + (1 − momentum)·batch"), points=1)
def _(ctx):
    rng = ctx.rng
    c = 4
    m = _fresh_value(ctx, 0.8, 0.5, 0.95, 3)
    gamma, beta = rng.uniform(0.5, 1.5, c), rng.standard_normal(c) * 0.5
    ctor = {"momentum": m, "running_mean": rng.standard_normal(c) * 0.5, "running_var": rng.uniform(0.5, 2.0, c)}
    batches = [_bn_data(rng, (5, c)) for _ in range(3)]
    want = ctx.expected(drive_bn_sequence, gamma, beta, ctor, batches, None)
    swapped = ctx.expected(drive_bn_sequence, gamma, beta, {**ctor, "momentum": round(1 - m, 6)}, batches, None)
    rv, unbiased = ctor["running_var"].copy(), []
    for xb in batches:
        rv = m * rv + (1 - m) * xb.var(axis=0, ddof=1)
        unbiased.append(rv.copy())
    res = as_dict(ctx.call(drive_bn_sequence, gamma, beta, ctor, batches, None), T("BatchNormalization"))
    stats, outs = res.get("stats"), res.get("train_out")
    if not (isinstance(stats, list) and isinstance(outs, list) and len(stats) == len(outs) == len(batches)):
        raise Fail(T("BatchNormalization: the running statistics after each training batch did not come back",
                     "배치 정규화: 학습 배치마다 이동 평균 통계가 돌아오지 않았습니다"))
    for i in range(len(batches)):
        _unwrap(outs[i])  # the training forward must have run
        what = T(f"after training batch {i + 1} (momentum {m})", f"{i + 1}번째 학습 배치 후 (momentum {m})")
        for name in ("running_mean", "running_var"):
            got = _stat(stats[i], name, what, (c,))
            cands = {"bn_momentum_swapped": _unwrap(swapped["stats"][i][name])}
            if name == "running_var":
                cands["bn_running_var_unbiased"] = unbiased[i]
            _close(got, _unwrap(want["stats"][i][name]), T(f"{name} {what.en}", f"{what.ko} {name}"), rtol=1e-9,
                   atol=1e-12, mistakes=cands)


@bn_ex.test(T("default running statistics: test mode before any training uses mean 0, variance 1 (or the book's 0)",
              "기본 이동 평균 통계: 학습 전 추론 모드는 평균 0, 분산 1 (또는 책의 0)을 씀"), points=1)
def _(ctx):
    rng = ctx.rng
    c = 3
    spec = layer_inputs("layers", "BatchNormalization", ctor=("gamma", "beta"), fwd=("x",), fwd_kw={"train_flg": "train"},
                        x=_bn_data(rng, (4, c)), gamma=rng.uniform(0.5, 1.5, c), beta=rng.standard_normal(c) * 0.5,
                        train=False)
    kit = ctx.expected(drive_layer, spec)["out"]
    book_spec = {**spec, "rm": np.zeros(c), "rv": np.zeros(c),
                 "__spec__": {**spec["__spec__"], "ctor_kw": {"running_mean": "rm", "running_var": "rv"}}}
    book = ctx.expected(drive_layer, book_spec)["out"]
    batch = ctx.expected(drive_layer, {**spec, "train": True})["out"]
    res = as_dict(ctx.call(drive_layer, spec), T("BatchNormalization"))
    first = _arr(res.get("out"), T("test-mode forward before any training", "학습 전 추론 모드 순전파"), shape=spec["x"].shape)
    if matches(first, kit, 1e-6, 1e-8) or matches(first, book, 1e-6, 1e-8):
        return
    msg = T("BatchNormalization(gamma, beta) in test mode before any training: expected the running statistics' "
            "start values, mean 0 and variance 1 (so the output is ≈ γ·x + β; the book's variance 0 is accepted "
            f"too), got {np.array2string(first[0], precision=5)} for the first row, expected "
            f"{np.array2string(kit[0], precision=5)}",
            "BatchNormalization(gamma, beta)를 학습 전에 추론 모드로 실행하면 이동 평균 통계의 초기값(평균 0, 분산 1; "
            "출력 ≈ γ·x + β; 책의 분산 0도 인정)을 써야 합니다. 첫 행이 "
            f"{np.array2string(first[0], precision=5)}인데 {np.array2string(kit[0], precision=5)}이어야 합니다")
    if matches(first, batch, 1e-6, 1e-8):
        raise _known(msg, "bn_batch_stats_in_test")
    raise Fail(msg)


@bn_ex.test(T("test-mode forward normalizes with the given running statistics (2-D; 4-D per channel)",
              "추론 모드 순전파는 주어진 이동 평균 통계로 정규화 (2차원; 4차원은 채널마다)"), points=1)
def _(ctx):
    for tag, case in BN_TEST_CASES.items():
        inp, res = _bn_case(ctx, tag, **case)
        want = ctx.expected(drive_layer, inp)["out"]
        batch = ctx.expected(drive_layer, {**inp, "train": True})["out"]
        shape = inp["x"].shape
        extra = (T(f", running statistics of shape ({shape[1]},): one mean and variance per channel",
                   f", 이동 평균 통계 형상 ({shape[1]},): 채널마다 평균과 분산 하나") if len(shape) == 4 else T(""))
        _close(res.get("out"), want, _bn_what(inp) + extra, mistakes={"bn_batch_stats_in_test": batch})


@bn_ex.test(T("a test-mode forward leaves the running statistics unchanged",
              "추론 모드 순전파는 이동 평균 통계를 바꾸지 않음"), points=1)
def _(ctx):
    rng = ctx.rng
    c = 4
    gamma, beta = rng.uniform(0.5, 1.5, c), rng.standard_normal(c) * 0.5
    ctor = {"running_mean": rng.standard_normal(c) * 0.5, "running_var": rng.uniform(0.5, 2.0, c)}
    batch, x_test = _bn_data(rng, (5, c)), _bn_data(rng, (3, c))
    res = as_dict(ctx.call(drive_bn_sequence, gamma, beta, ctor, [batch], x_test), T("BatchNormalization"))
    stats, outs = res.get("stats"), res.get("train_out")
    if not (isinstance(stats, list) and isinstance(outs, list) and len(stats) == len(outs) == 1):
        raise Fail(T("BatchNormalization: the running statistics after the training batch did not come back",
                     "배치 정규화: 학습 배치 후 이동 평균 통계가 돌아오지 않았습니다"))
    _unwrap(outs[0])  # the training forward must have run
    out = _arr(res.get("test_out"), T("test-mode forward", "추론 모드 순전파"), shape=x_test.shape)
    after_train = T("after one training forward", "학습 순전파 1회 후")
    after_test = T("after the test-mode forward that followed", "이어진 추론 모드 순전파 후")
    held = {}
    for name in ("running_mean", "running_var"):
        held[name] = _stat(stats[0], name, after_train, (c,))
        now = _stat(res.get("after_test"), name, after_test, (c,))
        if not np.array_equal(held[name], now):
            raise _known(T(f"{name} changed during a test-mode forward: {np.array2string(held[name], precision=5)} "
                           f"before, {np.array2string(now, precision=5)} after",
                           f"추론 모드 순전파에서 {name}이(가) 바뀌었습니다: 전 {np.array2string(held[name], precision=5)}, "
                           f"후 {np.array2string(now, precision=5)}"), "bn_test_updates_running_stats")
    # evidence that the layer keeps and uses these statistics (otherwise "unchanged" would say nothing)
    own = gamma * (x_test - held["running_mean"]) / np.sqrt(np.maximum(held["running_var"], 0) + BN_EPS) + beta
    if not np.allclose(out, own, rtol=1e-6, atol=1e-8):
        raise Fail(T("the test-mode forward does not normalize with the running statistics the layer holds "
                     "(γ·(x − running_mean)/√(running_var + eps) + β), so whether it leaves them unchanged says "
                     "nothing: see the check of the test-mode forward",
                     "추론 모드 순전파가 계층이 가진 이동 평균 통계로 정규화하지 않습니다 "
                     "(γ·(x − running_mean)/√(running_var + eps) + β). 따라서 통계를 바꾸지 않는지는 의미가 없습니다: "
                     "추론 모드 순전파 검사를 보세요"))


@bn_ex.test(T("backward after a test-mode forward: dx treats the statistics as constants",
              "추론 모드 순전파 뒤 역전파: dx는 통계를 상수로 취급"), points=1)
def _(ctx):
    inp, res = _bn_case(ctx, "test2d", **BN_TEST_CASES["test2d"])
    want = ctx.expected(drive_layer, inp)["dx"]
    batch_stats = ctx.expected(drive_layer, {**inp, "train": True})["dx"]
    dx = _unwrap(res.get("dx"))
    if isinstance(dx, np.ndarray) and dx.shape == inp["x"].shape:
        if not matches(dx, want, 1e-6, 1e-8) and (matches(dx, batch_stats, 1e-6, 1e-8)
                                                   or matches(dx, _bn_training_formula_on_running(inp), 1e-6, 1e-8)):
            raise _known(_bn_what(inp, "dx", "dx") + T(" is the gradient of a TRAINING-mode forward",
                                                      "이(가) 학습 모드 순전파의 기울기입니다"), "bn_test_backward_batch_formula")
    run_gradient_check(ctx, inp, res, {"x": ("dx", _bn_what(inp, "dx", "dx"))})


def _check_layer_args(ctx, specs, name: str, name_ko: str):
    """forward's x and backward's dout come back unchanged; the first two specs (same shape, different values) must
    give different outputs and gradients (evidence that the layer computes them from its arguments)."""
    replies = ctx.call_many(drive_layer, [[s] for s in specs])
    replies = [as_dict(r, T(name)) for r in replies]
    shape = specs[0]["x"].shape
    _does_work(replies[0].get("out"), replies[1].get("out"), T(f"{name}.forward", f"{name_ko} 순전파"), shape)
    _does_work(replies[0].get("dx"), replies[1].get("dx"), T(f"{name}.backward", f"{name_ko} 역전파"), shape)
    for spec, res in zip(specs, replies):
        mode = T("") if "train" not in spec else T(f" ({_mode(spec)[0]} mode)", f" ({_mode(spec)[1]} 모드)")
        after = res.get("inputs_after")
        after = after.get("x") if isinstance(after, dict) else None
        _unchanged(spec["x"], after, T(f"{name}.forward{mode.en}: argument x", f"{name_ko} 순전파{mode.ko}: 인자 x"))
        _unchanged(spec["dout"], res.get("dout_after"),
                   T(f"{name}.backward{mode.en}: argument dout", f"{name_ko} 역전파{mode.ko}: 인자 dout"))


@bn_ex.test(T("does not modify its arguments (x in forward, dout in backward; both modes)",
              "인자를 바꾸지 않음 (순전파의 x, 역전파의 dout; 두 모드)"), points=1)
def _(ctx):
    rng = ctx.rng
    specs = [_bn_inputs(rng, (5, 3)), _bn_inputs(rng, (5, 3)), _bn_inputs(rng, (4, 3), train=False, running=True)]
    _check_layer_args(ctx, specs, "BatchNormalization", "배치 정규화")


def _fresh_bn_shapes(rng):
    return [(int(rng.integers(2, 9)), int(rng.integers(2, 7))),
            (int(rng.integers(2, 5)), int(rng.integers(1, 5)), int(rng.integers(1, 4)), int(rng.integers(2, 4)))]


@bn_ex.test(T("fresh shapes and momentum: training forward", "새 형상과 momentum: 학습 순전파"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    for shape in _fresh_bn_shapes(rng):
        inp = _bn_inputs(rng, shape, running=True, momentum=round(float(rng.uniform(0.5, 0.99)), 3), dout=False)
        want = ctx.expected(drive_layer, inp)
        res = as_dict(ctx.call(drive_layer, inp), T("BatchNormalization"))
        _close(res.get("out"), want["out"], _bn_what(inp), mistakes={"bn_unbiased_variance": _bn_unbiased(inp)})


@bn_ex.test(T("fresh shapes and momentum: running statistics after one training forward",
              "새 형상과 momentum: 학습 순전파 1회 후 이동 평균 통계"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    for shape in _fresh_bn_shapes(rng):
        inp = _bn_inputs(rng, shape, running=True, momentum=round(float(rng.uniform(0.5, 0.99)), 3), dout=False,
                         state=True)
        want = ctx.expected(drive_layer, inp)
        res = as_dict(ctx.call(drive_layer, inp), T("BatchNormalization"))
        what = T(f"after one training forward of shape {shape} (momentum {inp['momentum']})",
                 f"형상 {shape}의 학습 순전파 1회 후 (momentum {inp['momentum']})")
        for name in ("running_mean", "running_var"):
            got = _stat({name: res.get(name)}, name, what, (shape[1],))
            _close(got, want[name], T(f"{name} {what.en}", f"{what.ko} {name}"), rtol=1e-9, atol=1e-12)


@bn_ex.test(T("larger batch: dx equals the reference's", "더 큰 배치: dx가 참조 답안과 같음"), points=1, hidden=True)
def _(ctx):
    inp = _bn_inputs(ctx.rng, (16, 10))
    res = as_dict(ctx.call(drive_layer, inp), T("BatchNormalization"))
    run_gradient_check(ctx, inp, res, {"x": ("dx", _bn_what(inp, "dx", "dx"))}, batch_size=16)


# ========================================================================================== LayerNormalization
ln_ex = A.exercise("layers.LayerNormalization", targets=["layers.LayerNormalization"],
                   title=T("layer normalization", "층 정규화"),
                   hint=T("Layer norm (the study-group slides (001), \"5. 층 정규화\") is batch norm turned sideways: each "
                          "SAMPLE is normalized with the mean and the biased variance of its own features, then scaled "
                          "by γ and shifted by β, so a sample's output never depends on the other samples and there are "
                          "no running statistics. The backward has the same form as batch norm's training backward, "
                          "with the means taken along each row instead of down each column; dγ and dβ still add up over "
                          "the batch.",
                          "층 정규화(스터디 슬라이드 001, \"5. 층 정규화\")는 배치 정규화를 옆으로 돌린 것입니다: 각 샘플을 "
                          "자기 특성들의 평균과 편향 분산으로 정규화한 뒤 γ로 스케일, β로 시프트하므로 한 샘플의 출력은 "
                          "다른 샘플과 무관하고 이동 평균 통계도 없습니다. 역전파는 배치 정규화의 학습 모드 역전파와 같은 "
                          "꼴이며 평균을 열 방향이 아니라 행마다 구합니다; dγ, dβ는 여전히 배치에 대해 더합니다."))


def _ln_inputs(rng, n, d):
    x = rng.standard_normal((n, d)) * rng.uniform(0.5, 2.0, size=(n, 1)) + rng.uniform(-1, 1, size=(n, 1))
    return layer_inputs("layers", "LayerNormalization", ctor=("gamma", "beta"), fwd=("x",), attrs=("dgamma", "dbeta"),
                        x=x, gamma=rng.uniform(0.5, 1.5, d), beta=rng.standard_normal(d) * 0.5,
                        dout=rng.standard_normal((n, d)))


def _ln_case(ctx):
    inp = _ln_inputs(_shared_rng(ctx, "ln"), 4, 5)
    return inp, as_dict(ctx.call_shared(drive_layer, inp), T("LayerNormalization"))


@ln_ex.test(T("forward normalizes every sample over its features", "순전파는 샘플마다 특성에 대해 정규화"), points=1)
def _(ctx):
    inp, res = _ln_case(ctx)
    want = ctx.expected(drive_layer, inp)
    bn = layer_inputs("layers", "BatchNormalization", ctor=("gamma", "beta"), fwd=("x",), fwd_kw={"train_flg": "train"},
                      x=inp["x"], gamma=inp["gamma"], beta=inp["beta"], train=True)
    over_batch = ctx.expected(drive_layer, bn)["out"]
    _close(res.get("out"), want["out"], T("LayerNormalization forward", "층 정규화 순전파"),
           mistakes={"ln_normalized_over_batch": over_batch})


@ln_ex.test(T("backward: dx equals the reference's", "역전파: dx가 참조 답안과 같음"), points=1)
def _(ctx):
    inp, res = _ln_case(ctx)
    run_gradient_check(ctx, inp, res, {"x": ("dx", T("LayerNormalization dx", "층 정규화 dx"))})


@ln_ex.test(T("backward: dgamma and dbeta equal the reference's", "역전파: dgamma, dbeta가 참조 답안과 같음"), points=1)
def _(ctx):
    inp, res = _ln_case(ctx)
    run_gradient_check(ctx, inp, res, {"gamma": ("dgamma", T("LayerNormalization dgamma", "층 정규화 dgamma")),
                                       "beta": ("dbeta", T("LayerNormalization dbeta", "층 정규화 dbeta"))})


@ln_ex.test(T("a sample's output does not depend on the rest of the batch (also a batch of 1)",
              "한 샘플의 출력은 배치의 나머지와 무관 (배치 크기 1 포함)"), points=1)
def _(ctx):
    inp = _ln_inputs(ctx.rng, 4, 6)
    outs = ctx.call(drive_ln_rows, inp["gamma"], inp["beta"], inp["x"])
    if not isinstance(outs, list) or len(outs) != 5:
        raise Fail(T("LayerNormalization: the forward outputs did not come back", "층 정규화: 순전파 출력이 돌아오지 않았습니다"))
    full = _arr(outs[0], T("LayerNormalization forward on the batch", "배치에 대한 층 정규화 순전파"), shape=(4, 6))
    if np.allclose(full, full[:1], rtol=1e-9, atol=1e-12):
        raise Fail(T("LayerNormalization gives the same output row for 4 different samples: the output does not come "
                     "from the samples, so whether it depends on the rest of the batch cannot be checked",
                     "층 정규화가 서로 다른 샘플 4개에 같은 출력 행을 냅니다: 출력이 샘플에서 계산되지 않으므로 배치의 "
                     "나머지와 무관한지 검사할 수 없습니다"))
    for i in range(4):
        row = _arr(outs[i + 1], T(f"forward of sample {i} alone", f"샘플 {i}만의 순전파"), shape=(1, 6))
        if not np.allclose(row[0], full[i], rtol=1e-9, atol=1e-12):
            raise _known(T(f"sample {i} gives {np.array2string(row[0], precision=5)} alone but "
                           f"{np.array2string(full[i], precision=5)} inside a batch of 4: layer norm must not mix samples",
                           f"샘플 {i}만 넣으면 {np.array2string(row[0], precision=5)}인데 4개 배치 안에서는 "
                           f"{np.array2string(full[i], precision=5)}입니다: 층 정규화는 샘플을 섞으면 안 됩니다"),
                         "ln_normalized_over_batch")


@ln_ex.test(T("does not modify its arguments (x in forward, dout in backward)",
              "인자를 바꾸지 않음 (순전파의 x, 역전파의 dout)"), points=1)
def _(ctx):
    _check_layer_args(ctx, [_ln_inputs(ctx.rng, 3, 5), _ln_inputs(ctx.rng, 3, 5)], "LayerNormalization", "층 정규화")


@ln_ex.test(T("fresh shapes, larger batch: dx equals the reference's", "새 형상, 더 큰 배치: dx가 참조 답안과 같음"),
            points=1, hidden=True)
def _(ctx):
    inp = _ln_inputs(ctx.rng, int(ctx.rng.integers(8, 17)), int(ctx.rng.integers(2, 12)))
    res = as_dict(ctx.call(drive_layer, inp), T("LayerNormalization"))
    run_gradient_check(ctx, inp, res, {"x": ("dx", T("LayerNormalization dx", "층 정규화 dx"))})


# ========================================================================================== Dropout
do_ex = A.exercise("layers.Dropout", targets=["layers.Dropout"], title=T("inverted dropout", "(역) 드롭아웃"),
                   hint=T("Inverted dropout (documents 000, 001 and 003): in training every unit is dropped "
                          "independently with probability dropout_ratio, drawn with the generator the layer was given, "
                          "and a NEW mask is drawn at every forward; the kept units are multiplied by 1/(1 − ratio) so "
                          "that the expected output equals the input. The layer keeps its mask, and backward lets the "
                          "gradient through the same kept units with the same factor. In test mode nothing is dropped "
                          "or scaled: the layer is the identity, forward and backward.",
                          "역 드롭아웃(문서 000, 001, 003): 학습 때 각 뉴런을 dropout_ratio의 확률로 독립적으로 끄며, "
                          "계층이 받은 생성기로 뽑고 순전파마다 새 마스크를 뽑습니다; 남은 뉴런에는 1/(1 − ratio)를 곱해 "
                          "출력의 기댓값이 입력과 같게 합니다. 계층은 마스크를 기억하고, 역전파는 같은 뉴런으로 같은 배율을 "
                          "곱해 기울기를 흘립니다. 추론 모드에서는 아무것도 끄거나 곱하지 않습니다: 순전파도 역전파도 항등 "
                          "함수입니다."))

DROPOUT_RATIO = 0.3


def _signed(rng, shape):
    """Values with |v| in [0.5, 1.5] and a random sign (never 0, so a dropped unit is exactly where the output is 0)."""
    return rng.uniform(0.5, 1.5, shape) * rng.choice([-1.0, 1.0], size=shape)


def _dropout_case(ctx):
    rng = _shared_rng(ctx, "train")
    shape = (200, 200)
    x, dout = _signed(rng, shape), _signed(rng, shape)
    res = as_dict(ctx.call_shared(drive_dropout, DROPOUT_RATIO, 3, x, dout, True), T("Dropout"))
    return x, dout, res


def _dropout_mask(out, x, ratio, call: Text):
    """The mask the forward used, read from its output (kept where the output is not 0); both kept and dropped units
    must occur."""
    kept = out != 0
    n = kept.size
    if kept.all() or not kept.any():
        state = T("no unit was dropped", "꺼진 뉴런이 없습니다") if kept.all() else T("every unit was dropped",
                                                                              "모든 뉴런이 꺼졌습니다")
        raise Fail(call + T(f": {state.en} among {n} units with dropout_ratio = {ratio} (the chance of that is "
                            f"negligible for a dropout layer); a training forward drops each unit with probability "
                            f"ratio and keeps it otherwise",
                            f": dropout_ratio = {ratio}인데 {n}개 중 {state.ko} (드롭아웃이라면 그럴 확률은 무시할 만큼 "
                            f"작습니다); 학습 순전파는 각 뉴런을 ratio의 확률로 끄고 아니면 남깁니다"))
    # a kept unit is x times one common factor (which factor is the scaling test's business): an output that is not a
    # masked copy of x (the mask itself, noise …) has no mask to judge, whatever its zeros look like
    factor = out[kept] / x[kept]
    common = float(np.median(factor))
    off = ~np.isclose(factor, common, rtol=1e-9, atol=0) if common > 0 else np.ones(factor.shape, bool)
    if off.any():
        i = int(np.flatnonzero(kept.ravel())[int(np.argmax(off))])
        raise Fail(call + T(f": the output is not a masked copy of x: a kept unit (output not 0) must be x times one "
                            f"common positive factor, but x = {x.flat[i]:.6g} gave {out.flat[i]:.6g} while most kept "
                            f"units are {common:.6g}·x",
                            f": 출력이 x에 마스크를 씌운 것이 아닙니다: 남은 뉴런(출력이 0이 아님)은 x에 공통된 양의 배율 하나를 "
                            f"곱한 값이어야 하는데, x = {x.flat[i]:.6g}에서 {out.flat[i]:.6g}이고 대부분의 남은 뉴런은 "
                            f"{common:.6g}·x입니다"))
    return kept


def _dropout_call_text(ratio, n):
    return T(f"Dropout({ratio}) training forward on {n} units", f"Dropout({ratio}) 학습 순전파 ({n}개 값)")


def _check_dropout_scale(x, out, ratio):
    call = _dropout_call_text(ratio, x.size)
    kept = _dropout_mask(out, x, ratio, call)
    scale = 1.0 / (1.0 - ratio)
    ok = np.where(kept, np.isclose(out, x * scale, rtol=1e-9, atol=0), True)
    if not ok.all():
        if np.allclose(out[kept], x[kept], rtol=1e-9, atol=0):
            raise named_mistake(call, "dropout_not_scaled",
                                T(f" (kept units are x, not x/(1 − {ratio}))", f" (남은 값이 x/(1 − {ratio})가 아니라 x)"))
        i = int(np.argmax(~ok))
        raise Fail(T(f"{call.en}: every output must be 0 or x/(1 − ratio) = {scale:.6g}·x; e.g. x = {x.flat[i]:.6g} gave "
                     f"{out.flat[i]:.6g}", f"{call.ko}: 모든 출력은 0 또는 x/(1 − ratio) = {scale:.6g}·x여야 합니다; 예: "
                     f"x = {x.flat[i]:.6g}에서 {out.flat[i]:.6g}"))


def _check_dropout_fraction(x, out, ratio):
    call = _dropout_call_text(ratio, x.size)
    kept = _dropout_mask(out, x, ratio, call)
    p = 1.0 - ratio
    frac = float(kept.mean())
    tol = K_SE * math.sqrt(p * (1 - p) / kept.size)  # binomial standard error of the kept fraction
    if abs(frac - p) > tol:
        msg = T(f"{call.en}: kept fraction {frac:.4f}, expected 1 − ratio = {p:.4f} (tolerance ±{tol:.4f}, {K_SE} "
                f"binomial standard errors)", f"{call.ko}: 남은 비율 {frac:.4f}, 기대값 1 − ratio = {p:.4f} (허용 "
                f"±{tol:.4f}, 이항 표준오차 {K_SE}배)")
        if abs(frac - ratio) <= tol:
            raise _known(msg, "dropout_ratio_is_keep_prob")
        raise Fail(msg)


@do_ex.test(T("training: every output is 0 or x/(1 − ratio)", "학습: 모든 출력은 0 또는 x/(1 − ratio)"), points=1)
def _(ctx):
    x, _, res = _dropout_case(ctx)
    out = _arr(res.get("out"), T("Dropout.forward output", "Dropout.forward 출력"), shape=x.shape)
    _check_dropout_scale(x, out, DROPOUT_RATIO)


@do_ex.test(T("training: the kept fraction is 1 − ratio", "학습: 남는 비율은 1 − ratio"), points=1)
def _(ctx):
    x, _, res = _dropout_case(ctx)
    out = _arr(res.get("out"), T("Dropout.forward output", "Dropout.forward 출력"), shape=x.shape)
    _check_dropout_fraction(x, out, DROPOUT_RATIO)


@do_ex.test(T("backward after a training forward: dout·mask/(1 − ratio) with the forward's own mask",
              "학습 순전파 뒤 역전파: 순전파 자신의 마스크로 dout·mask/(1 − ratio)"), points=1)
def _(ctx):
    x, dout, res = _dropout_case(ctx)
    ratio = DROPOUT_RATIO
    out = _arr(res.get("out"), T("Dropout.forward output", "Dropout.forward 출력"), shape=x.shape)
    kept = _dropout_mask(out, x, ratio, _dropout_call_text(ratio, x.size))
    what = T("Dropout.backward after a training forward", "학습 순전파 뒤 Dropout.backward")
    dx = _arr(res.get("dx"), what, shape=x.shape)
    want = dout * kept / (1.0 - ratio)
    if np.allclose(dx, want, rtol=1e-9, atol=1e-12):
        return
    if np.allclose(dx, dout * kept, rtol=1e-9, atol=1e-12):
        raise named_mistake(what, "dropout_backward_not_scaled")
    if not np.array_equal(dx != 0, kept):
        raise _known(what + T(": the zeros of dx are not where the forward pass dropped units (its output is 0 there)",
                              ": dx의 0 위치가 순전파에서 끈 위치(출력이 0인 곳)와 다릅니다"), "dropout_backward_new_mask")
    raise Fail(what + T(": dx must be dout·mask/(1 − ratio) with the mask of the forward pass (kept where its output is "
                        "not 0)", ": dx는 순전파의 마스크(출력이 0이 아닌 곳)로 dout·mask/(1 − ratio)여야 합니다"))


@do_ex.test(T("test mode is the identity after a training forward (forward and backward)",
              "학습 순전파 뒤 추론 모드는 항등 함수 (순전파와 역전파)"), points=1)
def _(ctx):
    rng = ctx.rng
    ratio = 0.4
    x, dout = _signed(rng, (20, 30)), rng.standard_normal((20, 30))
    res = as_dict(ctx.call(drive_dropout_modes, ratio, 4, x, dout), T("Dropout"))
    train = _arr(res.get("train_out"), T("Dropout.forward output (training mode)", "Dropout.forward 출력 (학습 모드)"),
                 shape=x.shape)
    _dropout_mask(train, x, ratio, _dropout_call_text(ratio, x.size))
    what = T(f"Dropout({ratio}).forward(x, train_flg=False) after a training forward",
             f"학습 순전파 뒤 Dropout({ratio}).forward(x, train_flg=False)")
    out = _arr(res.get("test_out"), what, shape=x.shape)
    if np.any(out == 0):
        raise named_mistake(what, "dropout_applied_at_test")
    _close(out, x, what, rtol=1e-12, atol=0, mistakes={"dropout_scaled_at_test": x * (1 - ratio)})
    expect.close(_unwrap(res.get("dx")), dout, T("Dropout.backward after a test-mode forward",
                                                 "추론 모드 순전파 뒤 Dropout.backward"), rtol=1e-12, atol=0)


def _masks(ctx):
    x = _signed(_shared_rng(ctx, "masks"), (40, 50))
    outs = ctx.call_shared(drive_dropout_masks, 0.5, 21, x)
    if not isinstance(outs, list) or len(outs) != 3:
        raise Fail(T("Dropout: the three forward outputs did not come back", "Dropout: 순전파 출력 3개가 돌아오지 않았습니다"))
    masks = []
    for o in outs:
        out = _arr(o, T("Dropout.forward output", "Dropout.forward 출력"), shape=x.shape)
        masks.append(_dropout_mask(out, x, 0.5, _dropout_call_text(0.5, x.size)))
    return masks


@do_ex.test(T("masks: two layers built with the same seeded rng draw the same mask",
              "마스크: 같은 시드의 rng로 만든 두 계층은 같은 마스크를 뽑음"), points=0.5)
def _(ctx):
    a, _, c = _masks(ctx)
    if not np.array_equal(a, c):
        raise _known(T("two Dropout(0.5) layers built with rng=np.random.default_rng(21) drew different first masks",
                       "rng=np.random.default_rng(21)로 만든 두 Dropout(0.5) 계층의 첫 마스크가 다릅니다"), "dropout_ignores_rng")


@do_ex.test(T("masks: a new mask at every training forward", "마스크: 학습 순전파마다 새 마스크"), points=0.5)
def _(ctx):
    a, b, _ = _masks(ctx)
    if np.array_equal(a, b):
        raise _known(T("two training forwards of one Dropout(0.5) layer on 2000 units used the same mask",
                       "한 Dropout(0.5) 계층의 두 번의 학습 순전파(2000개 값)가 같은 마스크를 썼습니다"), "dropout_mask_reused")


@do_ex.test(T("does not modify its arguments (x in forward, dout in backward; both modes)",
              "인자를 바꾸지 않음 (순전파의 x, 역전파의 dout; 두 모드)"), points=0.5)
def _(ctx):
    rng = ctx.rng
    calls = [[DROPOUT_RATIO, 5, _signed(rng, (30, 40)), _signed(rng, (30, 40)), True],
             [DROPOUT_RATIO, 6, _signed(rng, (30, 40)), _signed(rng, (30, 40)), False]]
    replies = [as_dict(r, T("Dropout")) for r in ctx.call_many(drive_dropout, calls)]
    x0 = calls[0][2]
    out = _arr(replies[0].get("out"), T("Dropout.forward output (training mode)", "Dropout.forward 출력 (학습 모드)"),
               shape=x0.shape)
    _dropout_mask(out, x0, DROPOUT_RATIO, _dropout_call_text(DROPOUT_RATIO, x0.size))
    for (ratio, seed, x, dout, train), res in zip(calls, replies):
        mode, mode_ko = ("training", "학습") if train else ("test", "추론")
        _unchanged(x, res.get("x_after"), T(f"Dropout.forward ({mode} mode): argument x", f"Dropout.forward ({mode_ko} 모드): 인자 x"))
        _unchanged(dout, res.get("dout_after"), T(f"Dropout.backward (after a {mode}-mode forward): argument dout",
                                                  f"Dropout.backward ({mode_ko} 모드 순전파 뒤): 인자 dout"))


@do_ex.test(T("fresh ratio and a 4-D input: outputs 0 or x/(1 − ratio), kept fraction 1 − ratio",
              "새 ratio와 4차원 입력: 출력은 0 또는 x/(1 − ratio), 남는 비율 1 − ratio"), points=0.5, hidden=True)
def _(ctx):
    rng = ctx.rng
    ratio = round(float(rng.uniform(0.1, 0.8)), 3)
    shape = (10, 8, 15, 20)
    x, dout = _signed(rng, shape), _signed(rng, shape)
    res = as_dict(ctx.call(drive_dropout, ratio, int(rng.integers(1 << 30)), x, dout, True), T("Dropout"))
    out = _arr(res.get("out"), T("Dropout.forward output", "Dropout.forward 출력"), shape=shape)
    _check_dropout_scale(x, out, ratio)
    _check_dropout_fraction(x, out, ratio)


# ========================================================================================== penalties
REG_KO = {"l2_penalty": "L2 규제 항", "l2_grad": "L2 규제 기울기", "l1_penalty": "L1 규제 항", "l1_grad": "L1 규제 기울기"}


def _weights(rng, n=3):
    shapes = [(3, 4), (4, 2), (2, 3, 2, 2), (5,), (2, 2)]
    return [rng.standard_normal(shapes[i % len(shapes)]) * (1 + i % 2) for i in range(n)]


def _penalty_exercise(name, hint, mistakes_fn):
    ex = A.exercise(f"regularization.{name}", targets=[f"regularization.{name}"], title=T(name, REG_KO[name]),
                    hint=hint)
    ko = REG_KO[name]

    def value(ctx, weights, lam, what: Text):
        got = as_dict(ctx.call(drive_function, "regularization", name, [weights, lam]), T(name))
        want = float(ctx.expected(drive_function, "regularization", name, [weights, lam])["out"])
        expect.scalar_close(got.get("out"), want, what, rtol=1e-9, atol=1e-12, mistakes=mistakes_fn(weights, lam, want))

    @ex.test(T("value for a list of three weight arrays", "가중치 배열 3개의 리스트에 대한 값"), points=0.5)
    def _(ctx):
        lam = _fresh_value(ctx, 0.05, 0.001, 1.0)
        value(ctx, _weights(ctx.rng), lam, T(f"{name}(3 weight arrays, lam={lam})", f"{ko}(가중치 배열 3개, lam={lam})"))

    @ex.test(T("any number of arrays: none (the penalty is 0), one, five", "배열 개수와 무관: 없음 (0), 하나, 다섯"),
             points=0.5)
    def _(ctx):
        lam = _fresh_value(ctx, 0.1, 0.001, 1.0)
        for n in (0, 1, 5):
            value(ctx, _weights(ctx.rng, n), lam, T(f"{name}({n} weight arrays, lam={lam})",
                                                    f"{ko}(가중치 배열 {n}개, lam={lam})"))

    @ex.test(T("does not modify the weight arrays", "가중치 배열을 바꾸지 않음"), points=0.5)
    def _(ctx):
        calls = [[_weights(ctx.rng), 0.5], [_weights(ctx.rng), 0.5]]
        replies = [as_dict(r, T(name)) for r in ctx.call_many(drive_function, [["regularization", name, c] for c in calls])]
        a = expect.scalar(replies[0].get("out"), T(f"{name} value", f"{ko} 값"))
        b = expect.scalar(replies[1].get("out"), T(f"{name} value", f"{ko} 값"))
        if abs(a - b) <= 1e-12 * max(1.0, abs(a)):
            raise Fail(T(f"{name} gave {a:.6g} for two different lists of weights: the value does not come from the "
                         f"weights, so this check (weights left unchanged) counts for nothing",
                         f"{ko}이(가) 서로 다른 두 가중치 리스트에 {a:.6g}을(를) 냈습니다: 값이 가중치에서 계산되지 않으므로 "
                         f"이 검사(가중치를 바꾸지 않음)는 의미가 없습니다"))
        for (weights, _), res in zip(calls, replies):
            after = res.get("args_after")
            after = after[0] if isinstance(after, list) and after else None
            if not isinstance(after, list) or len(after) != len(weights):
                raise Fail(T(f"{name}: the list of weights came back with a different length (items added or removed)",
                             f"{ko}: 가중치 리스트의 길이가 바뀌었습니다 (항목 추가 또는 삭제)"), "mutates_input")
            for i, (w, w_after) in enumerate(zip(weights, after)):
                _unchanged(w, w_after, T(f"{name}: weights[{i}]", f"{ko}: weights[{i}]"))

    @ex.test(T("fresh arrays and lambda", "새 배열과 lambda"), points=0.5, hidden=True)
    def _(ctx):
        lam = round(float(ctx.rng.uniform(0.001, 1)), 4)
        n = int(ctx.rng.integers(1, 6))
        value(ctx, _weights(ctx.rng, n), lam, T(f"{name}({n} weight arrays, lam={lam})", f"{ko}(가중치 배열 {n}개, lam={lam})"))
    return ex


def _grad_exercise(name, hint, mistakes_fn, *, zeros=False):
    ex = A.exercise(f"regularization.{name}", targets=[f"regularization.{name}"], title=T(name, REG_KO[name]),
                    hint=hint)
    ko = REG_KO[name]

    def value(ctx, W, lam):
        got = as_dict(ctx.call(drive_function, "regularization", name, [W, lam]), T(name))
        want = ctx.expected(drive_function, "regularization", name, [W, lam])["out"]
        _close(got.get("out"), want, T(f"{name}(W of shape {W.shape}, lam={lam})", f"{ko}(형상 {W.shape}인 W, lam={lam})"),
               rtol=1e-9, atol=0, mistakes=mistakes_fn(W, lam, want))

    @ex.test(T("gradient of a weight matrix", "가중치 행렬의 기울기"), points=0.5 if zeros else 1)
    def _(ctx):
        value(ctx, ctx.rng.standard_normal((4, 5)), _fresh_value(ctx, 0.05, 0.001, 1.0))

    if zeros:
        @ex.test(T("weights that are exactly 0 get gradient 0", "정확히 0인 가중치의 기울기는 0"), points=0.5)
        def _(ctx):
            W = ctx.rng.standard_normal((4, 5))
            W[0, :2] = 0.0
            W[3, 4] = 0.0
            W[ctx.rng.random((4, 5)) < 0.2] = 0.0
            value(ctx, W, _fresh_value(ctx, 0.05, 0.001, 1.0))

    @ex.test(T("does not modify W", "W를 바꾸지 않음"), points=0.5)
    def _(ctx):
        Ws = [ctx.rng.standard_normal((3, 4)), ctx.rng.standard_normal((3, 4))]
        replies = [as_dict(r, T(name)) for r in ctx.call_many(drive_function, [["regularization", name, [W, 0.5]]
                                                                                for W in Ws])]
        _does_work(replies[0].get("out"), replies[1].get("out"), T(name, ko), (3, 4))
        for W, res in zip(Ws, replies):
            after = res.get("args_after")
            _unchanged(W, after[0] if isinstance(after, list) and after else None, T(f"{name}: argument W", f"{ko}: 인자 W"))

    @ex.test(T("fresh shapes and lambda", "새 형상과 lambda"), points=0.5, hidden=True)
    def _(ctx):
        W = ctx.rng.standard_normal((3, 2, 4))
        if zeros:
            W[1, 1] = 0.0
        value(ctx, W, round(float(ctx.rng.uniform(0.001, 1)), 4))
    return ex


_penalty_exercise("l2_penalty",
                  T("The L2 penalty (weight decay, document 000 \"4. 바른 학습을 위해\"; document 003) is half of λ times "
                    "the sum of the squares of every element of every weight array in the list. The ½ is there so "
                    "that its gradient is exactly λW. An empty list has nothing to penalize.",
                    "L2 규제 항(가중치 감소, 문서 000 \"4. 바른 학습을 위해\"; 문서 003)은 리스트에 있는 모든 가중치 배열의 "
                    "모든 원소의 제곱합에 λ를 곱하고 절반으로 나눈 값입니다. ½은 기울기가 정확히 λW가 되게 하려고 "
                    "붙습니다. 빈 리스트에는 규제할 것이 없습니다."),
                  lambda ws, lam, want: {"l2_penalty_no_half": 2 * want})
_grad_exercise("l2_grad",
               T("Differentiate the penalty ½λΣW² with respect to one weight: the ½ cancels the 2 of the square, so each "
                 "weight's gradient is λ times that weight (document 000: dL/dW gains the term λW).",
                 "규제 항 ½λΣW²를 가중치 하나에 대해 미분하세요: ½이 제곱의 2를 없애므로 각 가중치의 기울기는 그 가중치의 "
                 "λ배입니다 (문서 000: dL/dW에 λW 항이 더해짐)."),
               lambda W, lam, want: {"l2_grad_no_lambda": W, "l2_grad_doubled": 2 * want})
_penalty_exercise("l1_penalty",
                  T("The L1 penalty (documents 001 and 003: Lasso) is λ times the sum of the absolute values of every "
                    "element of every weight array in the list, without a ½. An empty list has nothing to penalize.",
                    "L1 규제 항(문서 001, 003: Lasso)은 리스트에 있는 모든 가중치 배열의 모든 원소의 절댓값 합에 λ를 "
                    "곱한 값이며 ½은 없습니다. 빈 리스트에는 규제할 것이 없습니다."),
                  lambda ws, lam, want: {"l1_penalty_no_abs": lam * sum(float(np.sum(w)) for w in ws),
                                         "l1_penalty_halved": want / 2})
_grad_exercise("l1_grad",
               T("|w| has slope +1 for positive w and −1 for negative w, so each weight's gradient is λ times the sign "
                 "of that weight; at exactly 0 the kit takes the sign to be 0 (the subgradient that numpy's sign "
                 "gives).",
                 "|w|의 기울기는 w가 양수면 +1, 음수면 −1이므로 각 가중치의 기울기는 그 가중치의 부호에 λ를 곱한 값입니다; "
                 "정확히 0에서는 키트가 부호를 0으로 봅니다 (numpy의 sign이 주는 부분 기울기)."),
               lambda W, lam, want: [("l1_grad_no_lambda", np.sign(W)),
                                     ("l1_grad_sign_at_zero", np.where(W == 0, lam, want)),
                                     ("l1_grad_sign_at_zero", np.where(W == 0, -lam, want))], zeros=True)


# ========================================================================================== EarlyStopping
es_ex = A.exercise("regularization.EarlyStopping", targets=["regularization.EarlyStopping"],
                   title=T("early stopping", "조기 종료"),
                   hint=T("Early stopping (document 003 \"조기 종료\"; document 000): remember the best validation loss "
                          "so far and count the consecutive steps that did not improve on it. A step improves when its "
                          "loss is below the best by MORE than min_delta (the first step always improves); an "
                          "improvement becomes the new best and starts the count again, any other step adds one to the "
                          "count and leaves the best as it was. step answers True once the count reaches patience. "
                          "Only the answers up to the first True are graded.",
                          "조기 종료(문서 003 \"조기 종료\"; 문서 000): 지금까지의 최고 검증 손실을 기억하고, 그보다 나아지지 "
                          "않은 스텝이 연속 몇 번인지 셉니다. 손실이 최고값보다 min_delta를 넘게 작으면 개선입니다 (첫 "
                          "스텝은 항상 개선); 개선이면 새 최고값이 되고 세기를 다시 시작하며, 그 밖의 스텝은 횟수를 하나 "
                          "늘리고 최고값은 그대로 둡니다. 횟수가 patience에 이르면 step은 True를 답합니다. 처음 True가 "
                          "나올 때까지의 답만 채점합니다."))

# the public cases (check mode); graded runs prepend a fresh run of improving steps and rescale them
ES_CASES = {
    "patience": [(3, 0.0, [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.74]), (1, 0.0, [0.5, 0.4, 0.45, 0.3])],
    "reset": [(3, 0.0, [1.0, 1.1, 1.2, 0.9, 0.95, 0.97, 0.8, 0.85, 0.86, 0.87, 0.9, 0.91])],
    "min_delta": [(2, 0.05, [1.0, 0.9, 0.88, 0.87, 0.865, 0.86, 0.858, 0.856])],
    "best": [(2, 0.05, [1.0, 0.97, 0.94, 0.96, 0.99, 1.0, 1.01])],
    "plateau": [(2, 0.0, [0.6, 0.5, 0.5, 0.5, 0.5, 0.5])],
    "improving": [(1, 0.0, [round(2.0 * 0.9 ** i, 6) for i in range(30)] + [0.1, 0.11, 0.12])],
}


def _es_fresh(ctx, patience, min_delta, losses):
    """In graded runs: a fresh number k of improving steps in front and a fresh positive scale and offset (the order
    of the losses and every comparison with best − min_delta stay as designed, with margins far above rounding).
    Returns (patience, min_delta, losses, k)."""
    if not ctx.fresh:
        return patience, min_delta, list(losses), 0
    rng = ctx.rng
    k = int(rng.integers(0, 4))
    head = [losses[0] + 0.2 * (k - i) for i in range(k)]
    a, b = float(rng.uniform(0.5, 3.0)), float(rng.uniform(0.0, 2.0))
    return patience, round(min_delta * a, 12), [round(a * v + b, 12) for v in head + list(losses)], k


def _es_answers(got, losses, call, upto):
    """The student's answers for the steps 0 … upto (stops early at the first True), validated."""
    if not isinstance(got, list) or len(got) != len(losses):
        raise Fail(T(f"{call}.step did not give an answer for every loss", f"{call}.step이 손실마다 답을 주지 않았습니다"))
    vals = []
    for i in range(upto + 1):
        v = _unwrap(got[i])
        if not isinstance(v, (bool, np.bool_)) and not (isinstance(v, (int, np.integer)) and v in (0, 1)):
            raise Fail(T(f"{call}.step({losses[i]}) answered {v!r}; answer True or False",
                         f"{call}.step({losses[i]})이(가) {v!r}을(를) 답했습니다; True 또는 False로 답하세요")
                       + (T(" (missing `return`?)", " (`return`을 빠뜨렸나요?)") if v is None else T("")))
        vals.append(bool(v))
        if v:
            break
    return vals


def _first_true(vals):
    return next((i for i, v in enumerate(vals) if v), None)


def _check_es(ctx, case, *, exact, never_key=None, no_stop_through=None):
    """Judge the steps up to and including the first True. ``exact``: the first True must come exactly at the
    expected step; otherwise (the other properties) no True before the expected step (or only through step
    ``no_stop_through`` of the public case, when the property is decided there), and a True by the end of the
    losses (their tails leave room for a stop one step late, which is the patience check's business)."""
    patience, min_delta, losses, shift = _es_fresh(ctx, *case)
    want = [bool(v) for v in ctx.expected(drive_early_stopping, patience, min_delta, losses)]
    # the answers of the named mistakes (every stored value is read, in a fixed order, before the verdict)
    off_by_one = [[bool(v) for v in ctx.expected(drive_early_stopping, p, min_delta, losses)]
                  for p in (patience + 1, max(patience - 1, 1)) if p != patience]
    no_delta = [bool(v) for v in ctx.expected(drive_early_stopping, patience, 0.0, losses)] if min_delta > 0 else None
    e = _first_true(want)
    earliest = e if no_stop_through is None else no_stop_through + shift + 1
    got = ctx.call(drive_early_stopping, patience, min_delta, losses)
    call = f"EarlyStopping(patience={patience}, min_delta={min_delta:.6g})"
    vals = _es_answers(got, losses, call, e if exact else len(losses) - 1)
    first = _first_true(vals)
    if (first == e) if exact else (first is not None and first >= earliest):
        return
    shown = [float(f"{v:.6g}") for v in losses]
    if first is not None and first < (e if exact else earliest):
        msg = T(f"{call} on the losses {shown}: step {first + 1} (loss {shown[first]}) answered True (stop), expected "
                f"False; the first True belongs at step {e + 1}",
                f"손실 {shown}에 대한 {call}: {first + 1}번째 step (손실 {shown[first]})이 True(중단)를 답했는데 False여야 "
                f"합니다; 처음 True는 {e + 1}번째 step이어야 합니다")
    else:
        where = f"step {e + 1}" if exact else f"any step up to the last ({len(losses)})"
        where_ko = f"{e + 1}번째 step" if exact else f"마지막({len(losses)}번째) step까지 어느 step에서도"
        msg = T(f"{call} on the losses {shown}: {where} answered False, expected True at step {e + 1} (patience = "
                f"{patience} consecutive steps without an improvement of more than min_delta)",
                f"손실 {shown}에 대한 {call}: {where_ko} False를 답했는데 {e + 1}번째 step에서 True여야 합니다 "
                f"(min_delta를 넘는 개선 없이 patience = {patience}번 연속)")
    keys = []
    if exact:
        if first is None:  # for naming the mistake only: where the student does stop (still up to the first True)
            try:
                first = _first_true(_es_answers(got, losses, call, len(losses) - 1))
            except Exception:  # noqa: BLE001 - a later step's error changes nothing in the verdict
                first = None
        for alt in off_by_one:
            if first is not None and _first_true(alt) == first:
                keys.append("early_stopping_off_by_one")
    if no_delta is not None and first != e and _first_true(no_delta) == first:
        keys.append("early_stopping_min_delta_ignored")
    if never_key and first is None:
        keys.append(never_key)
    if keys:
        raise _known(msg, keys[0])
    raise Fail(msg)


@es_ex.test(T("stops exactly when `patience` consecutive steps have not improved", "개선 없는 스텝이 patience번 연속일 때 정확히 멈춤"),
            points=1)
def _(ctx):
    for case in ES_CASES["patience"]:
        _check_es(ctx, case, exact=True)


@es_ex.test(T("an improvement starts the count again (non-consecutive bad steps do not add up)",
              "개선되면 횟수를 다시 셈 (연속되지 않은 나쁜 스텝은 합쳐지지 않음)"), points=1)
def _(ctx):
    for case in ES_CASES["reset"]:
        _check_es(ctx, case, exact=False)


@es_ex.test(T("min_delta: decreases of min_delta or less do not count as improvements",
              "min_delta: min_delta 이하로 줄어든 것은 개선이 아님"), points=1)
def _(ctx):
    for case in ES_CASES["min_delta"]:
        _check_es(ctx, case, exact=False, never_key="early_stopping_min_delta_ignored")


@es_ex.test(T("a step that does not improve leaves the best loss as it was", "개선되지 않은 스텝은 최고 손실을 바꾸지 않음"),
            points=1)
def _(ctx):
    # best stays 1.0 after 0.97 (not an improvement with min_delta 0.05), so 0.94 < 1.0 − 0.05 improves; lowering
    # best to 0.97 on the non-improving step makes 0.94 a second bad step and stops there, at step 3. Only the
    # steps through 0.94 decide this property (a counter that an improvement does not reset stops one step later:
    # that is the reset check's business).
    for case in ES_CASES["best"]:
        _check_es(ctx, case, exact=False, no_stop_through=2)


@es_ex.test(T("a plateau (the same loss again) is not an improvement", "정체(같은 손실)는 개선이 아님"), points=0.5)
def _(ctx):
    for case in ES_CASES["plateau"]:
        _check_es(ctx, case, exact=False, never_key="early_stopping_ties_improve")


@es_ex.test(T("keeps going while the loss improves (30 steps), then stops", "손실이 개선되는 동안(30 스텝) 계속하다가 멈춤"),
            points=0.5)
def _(ctx):
    for case in ES_CASES["improving"]:
        _check_es(ctx, case, exact=False)


@es_ex.test(T("fresh loss curves", "새 손실 곡선"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    for _ in range(3):
        patience = int(rng.integers(1, 5))
        min_delta = round(float(rng.choice([0.0, 0.01, 0.03])), 3)
        curve = 1.0 / (1 + np.arange(20)) + rng.normal(0, 0.05, 20) + np.linspace(0, 0.3, 20)
        losses = [float(v) for v in curve]  # not rounded: no comparison lands on best − min_delta exactly
        top = max(losses)
        losses += [top + 0.1 * (i + 1) for i in range(patience + 2)]  # a rising tail: a stop is due
        _check_es(ctx, (patience, min_delta, losses), exact=True)


# ========================================================================================== MultiLayerNetExtend
net_ex = A.exercise("network.MultiLayerNetExtend",
                    targets=["network.MultiLayerNetExtend", "layers.BatchNormalization", "layers.Dropout"],
                    title=T("MultiLayerNetExtend: BN, dropout, weight decay", "MultiLayerNetExtend: 배치 정규화, 드롭아웃, 가중치 감소"),
                    hint=T("This is the MultiLayerNetExtend of \"Deep Learning from Scratch\" ch. 6. For every hidden "
                           "size the network has an Affine layer, a BatchNormalization layer (with use_batchnorm), the "
                           "activation and a Dropout layer (with use_dropout), in that order, then a last Affine layer "
                           "and SoftmaxWithLoss. Build the layers from the arrays of params themselves (an optimizer "
                           "updates params in place and the layers must see it). weight_init_std picks the std of the "
                           "weights: He's √(2/n_in) for 'relu' or 'he', √(1/n_in) for 'sigmoid' or 'xavier', or the "
                           "number given; biases start at 0, γ at 1 and β at 0. predict hands train_flg to the batch-norm "
                           "and dropout layers only. The loss adds ½λ·ΣW² over every W (document 000, weight decay). "
                           "gradient runs a training-mode loss, then backward from the loss layer through the layers in "
                           "reverse order, and collects dW (plus λW), db, dγ and dβ under the keys of params.",
                           "『밑바닥부터 시작하는 딥러닝』 6장의 MultiLayerNetExtend입니다. 은닉층 크기마다 Affine 계층, "
                           "BatchNormalization 계층(use_batchnorm일 때), 활성화 함수, Dropout 계층(use_dropout일 때)을 이 "
                           "순서로 두고, 마지막에 Affine 계층과 SoftmaxWithLoss를 둡니다. 계층은 params의 배열 자체로 "
                           "만드세요 (옵티마이저가 params를 제자리에서 갱신하므로 계층이 그것을 봐야 함). weight_init_std는 "
                           "가중치의 표준편차를 정합니다: 'relu'나 'he'는 He의 √(2/n_in), 'sigmoid'나 'xavier'는 "
                           "√(1/n_in), 숫자면 그 값; 편향은 0, γ는 1, β는 0에서 시작합니다. predict는 train_flg를 배치 "
                           "정규화와 드롭아웃 계층에만 넘깁니다. 손실에는 모든 W에 대한 ½λ·ΣW²를 더합니다 (문서 000, "
                           "가중치 감소). gradient는 학습 모드로 손실을 구한 뒤 손실 계층부터 계층들을 역순으로 역전파하고, "
                           "dW(+ λW), db, dγ, dβ를 params와 같은 키로 모읍니다."))


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


def _ctor_text(ctor):
    extra = ", ".join(f"{k}={v!r}" for k, v in ctor.items() if k not in ("input_size", "hidden_size_list", "output_size"))
    return f"{ctor['input_size']}, {ctor['hidden_size_list']}, {ctor['output_size']}" + (f", {extra}" if extra else "")


def _keys_wanted(sizes, bn):
    n = len(sizes) - 1
    keys = {f"W{i}": (sizes[i - 1], sizes[i]) for i in range(1, n + 1)}
    keys.update({f"b{i}": (sizes[i],) for i in range(1, n + 1)})
    if bn:
        keys.update({f"gamma{i}": (sizes[i],) for i in range(1, n)})
        keys.update({f"beta{i}": (sizes[i],) for i in range(1, n)})
    return keys


def _net_problem(rng, d, hidden, k, n, bn, *, onehot=False):
    sizes = [d, *hidden, k]
    params = _net_params(rng, sizes, bn)
    x = rng.standard_normal((n, d))
    labels = rng.integers(0, k, size=n)
    t = np.eye(k)[labels] if onehot else labels
    return params, x, t


def _layout_text(layout):
    if not isinstance(layout, dict):
        return type(layout).__name__
    return "{" + ", ".join(f"{k}: {tuple(v) if isinstance(v, list) else v}" for k, v in sorted(layout.items())) + "}"


def _net_reply(res, params, ctor):
    """The reply of a network driver. The network's params must have the keys and shapes of ``params`` (the checks
    write their values into them); otherwise nothing was evaluated."""
    res = as_dict(res, T("MultiLayerNetExtend"))
    if params:
        layout = _unwrap(res.get("layout"))
        if not isinstance(layout, dict) or any(not isinstance(layout.get(k), list) or list(layout[k]) != list(np.shape(v))
                                               for k, v in params.items()):
            want = {k: list(np.shape(v)) for k, v in params.items()}
            raise Fail(T(f"MultiLayerNetExtend({_ctor_text(ctor)}).params is {_layout_text(layout)} (keys: shapes), "
                         f"expected at least {_layout_text(want)}: the checks write their parameter values into "
                         f"net.params[key] (see the params check)",
                         f"MultiLayerNetExtend({_ctor_text(ctor)}).params가 {_layout_text(layout)} (키: 형상)인데 "
                         f"적어도 {_layout_text(want)}이어야 합니다: 검사는 매개변수 값을 net.params[key]에 써 넣습니다 "
                         f"(params 검사 참고)"), "wrong_shape")
        _unwrap(res.get("set"))
    return res


def _grads(res, params, what: Text) -> dict:
    grads = _unwrap(res.get("gradient"))
    if not isinstance(grads, dict):
        raise Fail(T(f"{what.en}: expected a dict, got {type(grads).__name__}", f"{what.ko}: dict이어야 하는데 "
                     f"{type(grads).__name__}입니다") + (T(" (missing `return`?)", " (`return`을 빠뜨렸나요?)")
                                                        if grads is None else T("")))
    missing = [k for k in params if k not in grads]
    if missing:
        raise Fail(T(f"{what.en} lacks the keys {missing} (it has {sorted(grads)})",
                     f"{what.ko}에 키 {missing}이(가) 없습니다 (있는 키: {sorted(grads)})"))
    return {k: _arr(grads[k], T(f"{what.en}['{k}']", f"{what.ko}['{k}']"), shape=np.shape(params[k])) for k in params}


def _named_wd(grads, want, params, lam, what: Text):
    """A gradient that matches the reference's up to the weight decay term is named."""
    for k, g in grads.items():
        ref = np.asarray(want[k], dtype=np.float64)
        if matches(g, ref, 1e-6, 1e-9):
            continue
        if k.startswith("W") and matches(g, ref - lam * params[k], 1e-6, 1e-9):
            raise named_mistake(T(f"{what.en}['{k}']", f"{what.ko}['{k}']"), "wd_missing_in_grad")
        if not k.startswith("W") and lam > 0 and matches(g, ref + lam * params[k], 1e-6, 1e-9):
            raise named_mistake(T(f"{what.en}['{k}']", f"{what.ko}['{k}']"), "wd_on_biases")


def _check_net_gradients(ctx, ctor, seed, params, x, t, grads, want, lam, what: Text):
    _named_wd(grads, want, params, lam, what)
    inputs = {**{k: np.asarray(v, dtype=np.float64) for k, v in params.items()},
              "__fixed__": {"ctor": ctor, "seed": seed, "x": x, "t": t}}
    ctx.check_gradients(drive_mlne_loss, inputs, grads, reference={k: want[k] for k in grads},
                        names={k: T(f"{what.en}['{k}']", f"{what.ko}['{k}']") for k in grads}, batch_size=len(x))


# ---------------------------------------------------------------------------------- grader-side reference helpers
def _reference_net(mods, ctor, seed, params):
    net = mods.network.MultiLayerNetExtend(**ctor, rng=np.random.default_rng(seed))
    for k, v in (params or {}).items():
        net.params[k][...] = v
    return net


def _reference_book_bn(mods, ctor, seed, params, x, t, what):
    """The reference network with every BatchNormalization's running variance starting at 0 (the book)."""
    net = _reference_net(mods, ctor, seed, None)
    for layer in net.layers.values():
        if isinstance(layer, mods.layers.BatchNormalization):
            layer.running_var = np.zeros_like(layer.running_var)
    for k, v in params.items():
        net.params[k][...] = v
    calls = {"predict": lambda: net.predict(x.copy(), train_flg=False),
             "predict_train": lambda: net.predict(x.copy(), train_flg=True),
             "loss_train": lambda: net.loss(x.copy(), t.copy(), train_flg=True)}
    return {w: calls[w]() for w in what}


def _reference_hidden(mods, ctor, seed, params, x, jacobian=False):
    """The input h of the first Dropout layer in a training-mode forward of the reference network (nothing random
    comes before it), and with ``jacobian`` the derivatives of every entry of h with respect to the parameters of
    the first block (W1, b1 and, with batch norm, gamma1, beta1): J[key][r] = ∂h.flat[r]/∂key."""
    net = _reference_net(mods, ctor, seed, params)
    names = list(net.layers)
    first = names[:names.index("Dropout1")]
    h = x.copy()
    for name in first:
        layer = net.layers[name]
        h = layer.forward(h, True) if name.startswith("BatchNorm") else layer.forward(h)
    out = {"h": np.array(h, dtype=np.float64)}
    if jacobian:
        keys = [k for k in ("W1", "b1", "gamma1", "beta1") if k in params]
        n, hid = h.shape
        J = {k: np.zeros((n * hid,) + np.shape(params[k])) for k in keys}
        for r in range(n * hid):
            d = np.zeros((n, hid))
            d.flat[r] = 1.0
            for name in reversed(first):
                d = net.layers[name].backward(d)
            J["W1"][r], J["b1"][r] = net.layers["Affine1"].dW, net.layers["Affine1"].db
            if "gamma1" in J:
                J["gamma1"][r], J["beta1"][r] = net.layers["BatchNorm1"].dgamma, net.layers["BatchNorm1"].dbeta
        out["J"] = J
    return out


def _softmax_ce(z, t):
    """Mean softmax cross entropy of logits z (N, K) for labels (N,) or one-hot (N, K), and its gradient."""
    zmax = z.max(axis=1, keepdims=True)
    e = np.exp(z - zmax)
    p = e / e.sum(axis=1, keepdims=True)
    onehot = t if np.ndim(t) == 2 else np.eye(z.shape[1])[np.asarray(t, dtype=int)]
    loss = float(np.mean(np.log(e.sum(axis=1)) + zmax[:, 0] - np.sum(onehot * z, axis=1)))
    return loss, (p - onehot) / len(z)


def _recover_mask(z, h, W2, b2, ratio, what: Text):
    """The student's dropout mask behind training-mode logits z = (h ⊙ mask/(1 − ratio))·W2 + b2 (W2 of full row
    rank): kept where the recovered dropout output is h/(1 − ratio), dropped where it is 0."""
    v = (z - b2) @ np.linalg.pinv(W2)
    scale = 1.0 / (1.0 - ratio)
    q = v / h                                     # per unit: 0 (dropped) or 1/(1 − ratio) (kept)
    kept = q > 0.5 * scale
    ok = np.abs(q - np.where(kept, scale, 0.0)) <= 1e-6 * scale
    if ok.all():
        return kept
    if np.allclose(q, 1.0, rtol=1e-6, atol=1e-6):
        raise Fail(what + T(": the logits are those of the network WITHOUT dropout: with use_dropout=True every hidden "
                            "activation is followed by a Dropout layer, and predict hands it train_flg",
                            ": 로짓이 드롭아웃이 없는 신경망의 것입니다: use_dropout=True이면 모든 은닉 활성화 다음에 Dropout "
                            "계층이 있고 predict가 그 계층에 train_flg를 넘겨야 합니다"))
    nonzero = np.abs(q) > 1e-6 * scale
    c = float(np.median(q[nonzero])) if nonzero.any() else 0.0
    if c > 1.0 and np.allclose(q[nonzero], c, rtol=1e-6):
        r = 1.0 - 1.0 / c
        raise Fail(what + T(f": the kept units are scaled by {c:.6g} = 1/(1 − {r:.4g}), expected 1/(1 − dropout_ratio) = "
                            f"{scale:.6g}: give the Dropout layers the dropout_ratio of the constructor",
                            f": 남은 값에 {c:.6g} = 1/(1 − {r:.4g})가 곱해졌는데 1/(1 − dropout_ratio) = {scale:.6g}이어야 "
                            f"합니다: Dropout 계층에 생성자의 dropout_ratio를 넘기세요"))
    i = np.unravel_index(int(np.argmax(~ok)), ok.shape)
    raise Fail(what + T(f": the logits are not those of the reference network under any dropout mask (inverted dropout "
                        f"after the hidden activation: every unit 0 or h/(1 − {ratio})); e.g. sample {i[0]}, hidden unit "
                        f"{i[1]}: h = {h[i]:.6g}, the dropout output behind your logits is {v[i]:.6g}",
                        f": 로짓이 어떤 드롭아웃 마스크로도 기준 신경망의 것과 같지 않습니다 (은닉 활성화 뒤의 역 드롭아웃: "
                        f"각 값은 0 또는 h/(1 − {ratio})); 예: 샘플 {i[0]}, 은닉 유닛 {i[1]}: h = {h[i]:.6g}인데 로짓에 "
                        f"해당하는 드롭아웃 출력은 {v[i]:.6g}"))


def _masked_gradient(h, J, params, kept, ratio, lam, t):
    """The correct gradient of the training loss of a one-hidden-layer network under the dropout mask ``kept``:
    softmax cross entropy of (h ⊙ mask/(1 − ratio))·W2 + b2 plus ½λΣW², back through the mask to h and, with the
    reference's Jacobian J of h, to the first block's parameters."""
    m = kept / (1.0 - ratio)
    v = h * m
    W2, b2 = params["W2"], params["b2"]
    _, dz = _softmax_ce(v @ W2 + b2, t)
    grads = {"W2": v.T @ dz + lam * W2, "b2": dz.sum(axis=0)}
    dh = (dz @ W2.T) * m
    for k, jac in J.items():
        grads[k] = np.tensordot(dh.ravel(), np.asarray(jac, dtype=np.float64), axes=1)
    grads["W1"] = grads["W1"] + lam * params["W1"]
    return grads


# ---------------------------------------------------------------------------------- tests
@net_ex.test(T("params: the book's keys and shapes, and the layers use these very arrays",
               "params: 책의 키와 형상, 계층이 바로 이 배열들을 사용"), points=1)
def _(ctx):
    x = ctx.rng.standard_normal((6, 4))
    for bn in (True, False):
        ctor = _ctor(4, [5, 3], 2, use_batchnorm=bn, use_dropout=True)
        call = f"MultiLayerNetExtend({_ctor_text(ctor)})"
        res = as_dict(ctx.call(drive_mlne_probe, ctor, 0, x, 0.5), T("MultiLayerNetExtend"))
        layout = _unwrap(res.get("layout"))
        want = {k: list(v) for k, v in _keys_wanted([4, 5, 3, 2], bn).items()}
        if not isinstance(layout, dict) or sorted(layout) != sorted(want):
            raise Fail(T(f"{call}.params has the keys {sorted(layout) if isinstance(layout, dict) else layout}, expected "
                         f"{sorted(want)}", f"{call}.params의 키가 {sorted(layout) if isinstance(layout, dict) else layout}"
                         f"인데 {sorted(want)}이어야 합니다"))
        for k, shape in want.items():
            if list(layout[k]) != shape:
                raise Fail(T(f"{call}.params['{k}'] has shape {tuple(layout[k])}, expected {tuple(shape)}",
                             f"{call}.params['{k}']의 형상이 {tuple(layout[k])}인데 {tuple(shape)}이어야 합니다"), "wrong_shape")
        base = _arr(res.get("base"), T(f"{call}.predict(x)"), shape=(6, 2))
        changed = _unwrap(res.get("changed"))
        if not isinstance(changed, dict) or sorted(changed) != sorted(want):
            raise Fail(T(f"{call}: the predictions after changing each array of params did not come back",
                         f"{call}: params의 각 배열을 바꾼 뒤의 예측이 돌아오지 않았습니다"))
        # with batch norm, the biases b1, b2 in front of it act through the running statistics only (their effect
        # in training mode is removed by the batch mean): they are probed in the network without batch norm
        probed = [k for k in want if not (bn and k in ("b1", "b2"))]
        same = [k for k in probed if matches(_arr(changed[k], T(f"{call}.predict(x)"), shape=(6, 2)), base, 0, 1e-15)]
        if same:
            raise _known(T(f"adding 0.5 in place to {call}.params[{same[0]!r}] (also {same[1:]}) did not change "
                           f"predict(x) at all: the layers do not use these arrays",
                           f"{call}.params[{same[0]!r}]에 제자리에서 0.5를 더해도 predict(x)가 전혀 바뀌지 않았습니다 (그 밖에 "
                           f"{same[1:]}): 계층이 이 배열을 쓰지 않습니다"), "mlne_params_not_shared")


@net_ex.test(T("initial parameters: std of every W for weight_init_std 'relu', 'he', 'sigmoid', 'xavier' and a number; "
               "b 0, gamma 1, beta 0",
               "초기 매개변수: weight_init_std 'relu', 'he', 'sigmoid', 'xavier', 숫자에 따른 모든 W의 표준편차; b 0, gamma 1, "
               "beta 0"), points=1)
def _(ctx):
    sizes = [200, 100, 50, 10]
    specs = (("relu", lambda n: math.sqrt(2 / n)), ("he", lambda n: math.sqrt(2 / n)),
             ("sigmoid", lambda n: math.sqrt(1 / n)), ("xavier", lambda n: math.sqrt(1 / n)),
             (_fresh_value(ctx, 0.05, 0.01, 0.2, 3), None))
    x, t = ctx.rng.standard_normal((4, 200)), ctx.rng.integers(0, 10, 4)
    ctors = [_ctor(200, [100, 50], 10, weight_init_std=spec, use_batchnorm=True, use_dropout=True) for spec, _ in specs]
    replies = ctx.call_many(drive_mlne_init, [[c, 7, x, t] for c in ctors])
    for (spec, std_fn), ctor, res in zip(specs, ctors, replies):
        res = as_dict(res, T("MultiLayerNetExtend"))
        params = as_dict(_unwrap(res.get("params")), T("net.params"))
        call = f"MultiLayerNetExtend({_ctor_text(ctor)})"
        for i in range(1, 4):
            w = _arr(params.get(f"W{i}"), T(f"{call}.params['W{i}']"), shape=(sizes[i - 1], sizes[i]))
            n, std = w.size, (std_fn(sizes[i - 1]) if std_fn else float(spec))
            tol = K_SE * math.sqrt(0.5 / n)  # relative standard error of a normal sample's std: 1/√(2n)
            if abs(w.std() / std - 1) > tol or abs(w.mean()) > K_SE * std / math.sqrt(n):
                raise Fail(T(f"weight_init_std={spec!r}: params['W{i}'] (fan_in {sizes[i - 1]}) has mean {w.mean():.3g} "
                             f"and std {w.std():.5g}, expected mean 0 and std {std:.5g} (tolerance ±{tol:.1%}, {K_SE} "
                             f"standard errors for {n} samples; 'relu'/'he' → √(2/n_in), 'sigmoid'/'xavier' → "
                             f"√(1/n_in), a number → that std)",
                             f"weight_init_std={spec!r}: params['W{i}'] (fan_in {sizes[i - 1]})의 평균이 {w.mean():.3g}, "
                             f"표준편차가 {w.std():.5g}인데 평균 0, 표준편차 {std:.5g}이어야 합니다 (허용 ±{tol:.1%}, 표본 "
                             f"{n}개의 표준오차 {K_SE}배; 'relu'/'he' → √(2/n_in), 'sigmoid'/'xavier' → √(1/n_in), 숫자 → "
                             f"그 표준편차)"))
        for key, shape, value in [(f"b{i}", (sizes[i],), 0.0) for i in range(1, 4)] + \
                                 [(f"gamma{i}", (sizes[i],), 1.0) for i in range(1, 3)] + \
                                 [(f"beta{i}", (sizes[i],), 0.0) for i in range(1, 3)]:
            expect.close(_arr(params.get(key), T(f"{call}.params['{key}']"), shape=shape), np.full(shape, value),
                         T(f"{call}.params['{key}'] (starts at {value:g})", f"{call}.params['{key}'] ({value:g}에서 시작)"))
        loss = _unwrap(res.get("loss_train"))
        expect.scalar(loss, T(f"{call}.loss(x, t, train_flg=True) (a freshly built network must also run)",
                              f"{call}.loss(x, t, train_flg=True) (새로 만든 신경망은 실행도 되어야 함)"))


def _bn_net_case(ctx):
    """One network with batch norm and weight decay: a training-mode predict, a training-mode loss (the second
    training forward), then a test-mode predict. Shared by the tests of these three properties."""
    params, x, t = _net_problem(_shared_rng(ctx, "bn"), 5, [6, 4], 3, 8, True)
    ctor = _ctor(5, [6, 4], 3, use_batchnorm=True, weight_decay_lambda=0.05)
    what = ["predict_train", "loss_train", "predict"]
    res = _net_reply(ctx.call_shared(drive_mlne, ctor, 0, params, x, t, what), params, ctor)
    return params, x, t, ctor, what, res


@net_ex.test(T("predict(x, train_flg=True) with batch norm (batch statistics)",
               "배치 정규화가 있는 predict(x, train_flg=True) (배치 통계)"), points=1)
def _(ctx):
    params, x, t, ctor, what, res = _bn_net_case(ctx)
    want = ctx.expected(drive_mlne, ctor, 0, params, x, t, ["predict_train"])
    _close(res.get("predict_train"), want["predict_train"],
           T(f"MultiLayerNetExtend({_ctor_text(ctor)}).predict(x, train_flg=True)"), rtol=1e-6, atol=1e-8)


@net_ex.test(T("loss: softmax cross entropy of the logits + ½λΣW² over every W",
               "손실: 로짓의 소프트맥스 교차 엔트로피 + 모든 W에 대한 ½λΣW²"), points=1)
def _(ctx):
    params, x, t, ctor, what, res = _bn_net_case(ctx)
    lam = ctor["weight_decay_lambda"]
    z = _arr(res.get("predict_train"), T("predict(x, train_flg=True)"), shape=(len(x), ctor["output_size"]))
    ce, _ = _softmax_ce(z, t)
    penalty = 0.5 * lam * sum(float(np.sum(v ** 2)) for k, v in params.items() if k.startswith("W"))
    expect.scalar_close(_unwrap(res.get("loss_train")), ce + penalty,
                        T(f"loss(x, t, train_flg=True) with weight_decay_lambda={lam} (the softmax cross entropy of "
                          f"your own predict(x, train_flg=True) + ½λΣW²)",
                          f"weight_decay_lambda={lam}인 loss(x, t, train_flg=True) (여러분의 predict(x, train_flg=True)의 "
                          f"소프트맥스 교차 엔트로피 + ½λΣW²)"), rtol=1e-7,
                        mistakes={"wd_missing_in_loss": ce, "wd_no_half": ce + 2 * penalty})


@net_ex.test(T("predict(x) in test mode after training forwards uses the running statistics",
               "학습 순전파 뒤 추론 모드 predict(x)는 이동 평균 통계를 사용"), points=1)
def _(ctx):
    params, x, t, ctor, what, res = _bn_net_case(ctx)
    reference = ctx.expected(drive_mlne, ctor, 0, params, x, t, what)
    want = reference["predict"]
    book = ctx.expected(_reference_book_bn, ctor, 0, params, x, t, what)["predict"]
    got = _unwrap(res.get("predict"))
    if matches(got, book, 1e-6, 1e-8):
        return
    what_t = T("predict(x) in test mode after two training forwards", "학습 순전파 2번 뒤 추론 모드 predict(x)")
    own_train = res.get("predict_train")
    if (matches(got, own_train, 1e-6, 1e-8) and matches(own_train, reference["predict_train"], 1e-6, 1e-8)
            and not matches(got, want, 1e-6, 1e-8)):
        raise named_mistake(what_t + T(" equals predict(x, train_flg=True)", "이(가) predict(x, train_flg=True)와 같음"),
                            "mlne_train_flg_not_passed")
    _close(got, want, what_t, rtol=1e-6, atol=1e-8)


@net_ex.test(T("accuracy(x, t): the fraction of samples whose largest test-mode logit is the label (labels and "
               "one-hot labels)",
               "accuracy(x, t): 추론 모드 로짓의 최댓값 위치가 레이블과 같은 샘플의 비율 (레이블과 원-핫 레이블)"), points=1)
def _(ctx):
    """Judged against the network's OWN test-mode logits (predict(x) just before, in the same call), so that a
    mistake in predict costs the predict checks only."""
    rng = ctx.rng
    n, k = 40, 3
    params, x, _ = _net_problem(rng, 5, [6], k, n, True)
    ctor = _ctor(5, [6], k, use_batchnorm=True)
    logits = np.asarray(ctx.expected(drive_mlne, ctor, 0, params, x, None, ["predict"])["predict"], dtype=np.float64)
    t = logits.argmax(axis=1)
    wrong = rng.random(n) < 0.3
    t[wrong] = (t[wrong] + rng.integers(1, k, size=int(wrong.sum()))) % k
    res = _net_reply(ctx.call(drive_mlne, ctor, 0, params, x, t, ["predict", "accuracy", "accuracy_alt"], np.eye(k)[t]),
                     params, ctor)
    own = _arr(res.get("predict"), T("predict(x)"), shape=(n, k))
    want = float(np.mean(own.argmax(axis=1) == t))
    expect.scalar_close(_unwrap(res.get("accuracy")), want,
                        T(f"accuracy(x, t) on {n} samples (labels t of shape ({n},); the fraction of samples where the "
                          f"largest logit of your predict(x) is at the label)",
                          f"샘플 {n}개의 accuracy(x, t) (형상 ({n},)인 레이블 t; 여러분의 predict(x)에서 가장 큰 로짓의 위치가 "
                          f"레이블과 같은 샘플의 비율)"))
    expect.scalar_close(_unwrap(res.get("accuracy_alt")), want,
                        T(f"accuracy(x, t) with one-hot labels t of shape ({n}, {k})",
                          f"형상 ({n}, {k})인 원-핫 레이블 t로 구한 accuracy(x, t)"))


@net_ex.test(T("dropout: test-mode predict is the network without dropout", "드롭아웃: 추론 모드 predict는 드롭아웃 없는 신경망"),
             points=1)
def _(ctx):
    params, x, t = _net_problem(ctx.rng, 5, [6, 4], 3, 8, False)
    ctor = _ctor(5, [6, 4], 3, use_dropout=True, dropout_ratio=0.5, activation="sigmoid")
    want = ctx.expected(drive_mlne, ctor, 0, params, x, t, ["predict"])
    res = _net_reply(ctx.call(drive_mlne, ctor, 0, params, x, t, ["predict"]), params, ctor)
    _close(res.get("predict"), want["predict"], T("predict(x) with use_dropout=True in test mode",
                                                  "use_dropout=True, 추론 모드 predict(x)"), rtol=1e-6, atol=1e-8)


@net_ex.test(T("dropout in training: the logits are the reference network's under the net's own masks",
               "학습 때 드롭아웃: 로짓이 신경망 자신의 마스크를 쓴 기준 신경망의 것과 같음"), points=1)
def _(ctx):
    """One hidden layer of H = 5 units and k = 6 outputs: z = v·W2 + b2 with v = h ⊙ mask/(1 − ratio), h the
    (mask-free) input of the Dropout layer, recorded from the reference. W2 (H × k, H ≤ k) has full row rank, so
    v = (z − b2)·W2⁺ recovers the student's dropout output from the student's logits; v/h must be 0 or 1/(1 − ratio)
    for every unit, and the kept fraction 1 − ratio within 6 binomial standard errors."""
    ratio, lam, n, d, hid, k = 0.3, 0.05, 200, 5, 5, 6
    params, x, t = _net_problem(ctx.rng, d, [hid], k, n, False)
    ctor = _ctor(d, [hid], k, use_dropout=True, dropout_ratio=ratio, activation="sigmoid", weight_init_std="sigmoid",
                 weight_decay_lambda=lam)
    seed = 4
    h = np.asarray(ctx.expected(_reference_hidden, ctor, seed, params, x)["h"], dtype=np.float64)
    res = _net_reply(ctx.call(drive_mlne, ctor, seed, params, x, t, ["predict_train"]), params, ctor)
    what = T(f"predict(x, train_flg=True) of MultiLayerNetExtend({_ctor_text(ctor)}) on {n} samples",
             f"MultiLayerNetExtend({_ctor_text(ctor)})의 predict(x, train_flg=True) (샘플 {n}개)")
    z = _arr(res.get("predict_train"), what, shape=(n, k))
    kept = _recover_mask(z, h, params["W2"], params["b2"], ratio, what)
    expect.close(z, (h * kept / (1 - ratio)) @ params["W2"] + params["b2"],
                 what + T(" (the reference network under the same dropout masks)", " (같은 드롭아웃 마스크를 쓴 기준 신경망)"),
                 rtol=1e-6, atol=1e-8)
    p_keep, units = 1.0 - ratio, kept.size
    frac = float(kept.mean())
    tol = K_SE * math.sqrt(p_keep * (1 - p_keep) / units)
    if abs(frac - p_keep) > tol:
        raise Fail(what + T(f": {frac:.4f} of the {units} hidden units were kept, expected 1 − dropout_ratio = "
                            f"{p_keep:.4f} (tolerance ±{tol:.4f}, {K_SE} binomial standard errors)",
                            f": 은닉 유닛 {units}개 중 {frac:.4f}가 남았는데 1 − dropout_ratio = {p_keep:.4f}이어야 "
                            f"합니다 (허용 ±{tol:.4f}, 이항 표준오차 {K_SE}배)"))


@net_ex.test(T("gradient with batch norm and weight decay equals the reference's",
               "배치 정규화와 가중치 감소가 있는 gradient가 참조 답안과 같음"), points=2)
def _(ctx):
    params, x, t = _net_problem(ctx.rng, 4, [5, 4], 3, 6, True)
    lam = _fresh_value(ctx, 0.1, 0.02, 0.3, 3)
    ctor = _ctor(4, [5, 4], 3, use_batchnorm=True, weight_decay_lambda=lam)
    want = ctx.expected(drive_mlne, ctor, 0, params, x, t, ["gradient"])["gradient"]
    res = _net_reply(ctx.call(drive_mlne, ctor, 0, params, x, t, ["gradient"]), params, ctor)
    what = T(f"gradient(x, t) (weight_decay_lambda={lam})")
    _check_net_gradients(ctx, ctor, 0, params, x, t, _grads(res, params, what), want, lam, what)


@net_ex.test(T("gradient with batch norm, dropout and weight decay equals the reference's under the net's own masks",
               "배치 정규화, 드롭아웃, 가중치 감소가 있는 gradient가 신경망 자신의 마스크에서 참조 답안과 같음"), points=2)
def _(ctx):
    """The masks are those of predict(x, train_flg=True) of a network built with the same seed (recovered from its
    logits, as in the dropout check); the correct gradient under them is assembled from the reference's mask-free
    Jacobian of the hidden output (see :func:`_masked_gradient`)."""
    rng = ctx.rng
    d, hid, k, n = 4, 3, 4, 6
    ratio = _fresh_value(ctx, 0.3, 0.2, 0.5, 3)
    lam = _fresh_value(ctx, 0.1, 0.02, 0.3, 3)
    params, x, t = _net_problem(rng, d, [hid], k, n, True)
    ctor = _ctor(d, [hid], k, use_batchnorm=True, use_dropout=True, dropout_ratio=ratio, activation="sigmoid",
                 weight_init_std="sigmoid", weight_decay_lambda=lam)
    seed = 5
    ref = ctx.expected(_reference_hidden, ctor, seed, params, x, True)
    h = np.asarray(ref["h"], dtype=np.float64)
    res = _net_reply(ctx.call(drive_mlne_masked, ctor, seed, params, x, t), params, ctor)
    what_z = T(f"predict(x, train_flg=True) of MultiLayerNetExtend({_ctor_text(ctor)})",
               f"MultiLayerNetExtend({_ctor_text(ctor)})의 predict(x, train_flg=True)")
    z = _arr(res.get("predict_train"), what_z, shape=(n, k))
    kept = _recover_mask(z, h, params["W2"], params["b2"], ratio, what_z)
    want = _masked_gradient(h, ref["J"], params, kept, ratio, lam, t)
    what = T(f"gradient(x, t) under the dropout masks of predict(x, train_flg=True) (same seed; weight_decay_lambda={lam})",
             f"predict(x, train_flg=True)의 드롭아웃 마스크에서 gradient(x, t) (같은 시드; weight_decay_lambda={lam})")
    _check_net_gradients(ctx, ctor, seed, params, x, t, _grads(res, params, what), want, lam, what)


@net_ex.test(T("does not modify its arguments x and t (predict, loss, accuracy, gradient)",
               "인자 x와 t를 바꾸지 않음 (predict, loss, accuracy, gradient)"), points=1)
def _(ctx):
    params, x, t = _net_problem(ctx.rng, 4, [5], 3, 6, True)
    ctor = _ctor(4, [5], 3, use_batchnorm=True, use_dropout=True, weight_decay_lambda=0.05)
    res = _net_reply(ctx.call(drive_mlne_args, ctor, 0, params, x, t), params, ctor)
    pred = _arr(res.get("predict"), T("predict(x)"), shape=(6, 3))
    if np.allclose(pred, pred[:1], rtol=1e-9, atol=1e-12):
        raise Fail(T("predict(x) gives the same logits for 6 different samples: the network does not compute them from "
                     "x, so this check (arguments left unchanged) counts for nothing",
                     "predict(x)가 서로 다른 샘플 6개에 같은 로짓을 냅니다: 신경망이 x로 계산하지 않으므로 이 검사(인자를 "
                     "바꾸지 않음)는 의미가 없습니다"))
    _unchanged(x, res.get("x_after"), T("argument x (after predict, loss, accuracy and gradient)",
                                        "인자 x (predict, loss, accuracy, gradient 후)"))
    _unchanged(t, res.get("t_after"), T("argument t (after loss, accuracy and gradient)",
                                        "인자 t (loss, accuracy, gradient 후)"))


@net_ex.test(T("fresh sizes: gradient with batch norm equals the reference's (one-hot labels)",
               "새 크기: 배치 정규화가 있는 gradient가 참조 답안과 같음 (원-핫 레이블)"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    d, k, n = int(rng.integers(3, 8)), int(rng.integers(2, 6)), int(rng.integers(3, 10))
    hidden = [int(h) for h in rng.integers(2, 8, size=int(rng.integers(1, 4)))]
    lam = round(float(rng.uniform(0, 0.3)), 3)
    act = str(rng.choice(["relu", "sigmoid"]))
    params, x, t = _net_problem(rng, d, hidden, k, n, True, onehot=True)
    ctor = _ctor(d, hidden, k, use_batchnorm=True, weight_decay_lambda=lam, activation=act)
    want = ctx.expected(drive_mlne, ctor, 1, params, x, t, ["gradient"])["gradient"]
    res = _net_reply(ctx.call(drive_mlne, ctor, 1, params, x, t, ["gradient"]), params, ctor)
    what = T(f"gradient(x, t) of MultiLayerNetExtend({_ctor_text(ctor)})")
    _check_net_gradients(ctx, ctor, 1, params, x, t, _grads(res, params, what), want, lam, what)


@net_ex.test(T("training with SGD on net.params in place lowers the loss", "net.params를 제자리에서 SGD로 학습하면 손실이 줄어듦"),
             points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    x = rng.standard_normal((20, 4))
    t = (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 0.5).astype(int)
    ctor = _ctor(4, [10, 10], 3, use_batchnorm=True, weight_decay_lambda=0.001)
    losses = _unwrap(ctx.call(drive_mlne_train, ctor, 2, x, t, 0.1, 40))
    if not isinstance(losses, list) or len(losses) != 41:
        raise Fail(T("the losses during training did not come back", "학습 중 손실이 돌아오지 않았습니다"))
    values = [expect.scalar(v, T("loss during training", "학습 중 손실")) for v in losses]
    if not values[-1] < 0.7 * values[0]:
        raise Fail(T(f"after 40 SGD steps (lr 0.1) on 20 samples the test-mode loss went from {values[0]:.4f} to "
                     f"{values[-1]:.4f}; a correct network lowers it by 30 % at least (do the layers use the arrays of "
                     f"net.params, and does gradient follow the layers in reverse order?)",
                     f"20개 샘플로 SGD 40번 (학습률 0.1) 후 추론 모드 손실이 {values[0]:.4f}에서 {values[-1]:.4f}가 "
                     f"되었습니다; 올바른 신경망이면 30 % 이상 줄어듭니다 (계층이 net.params의 배열을 쓰나요? gradient가 "
                     f"계층을 역순으로 따라가나요?)"))


# ------------------------------------------------------------------------------------------ what counts with what
# A property that can only be observed inside the student's process (arguments not modified, statistics left alone,
# masks drawn from the seed …) can be faked there, so it counts once the same object's values match the reference.
GATES = [
    (bn_ex, {"default running statistics: test mode before any training uses mean 0, variance 1 (or the book's 0)":
            "test-mode forward normalizes with the given running statistics (2-D; 4-D per channel)",
            "a test-mode forward leaves the running statistics unchanged":
            "test-mode forward normalizes with the given running statistics (2-D; 4-D per channel)",
            "does not modify its arguments (x in forward, dout in backward; both modes)":
            "training forward on (N, D): per-feature batch statistics, biased variance"}),
    (ln_ex, {"a sample's output does not depend on the rest of the batch (also a batch of 1)":
            "forward normalizes every sample over its features",
            "does not modify its arguments (x in forward, dout in backward)":
            "forward normalizes every sample over its features"}),
    (do_ex, {name: "training: the kept fraction is 1 − ratio" for name in (
        "training: every output is 0 or x/(1 − ratio)",
        "backward after a training forward: dout·mask/(1 − ratio) with the forward's own mask",
        "test mode is the identity after a training forward (forward and backward)",
        "masks: two layers built with the same seeded rng draw the same mask",
        "masks: a new mask at every training forward",
        "does not modify its arguments (x in forward, dout in backward; both modes)")}),
    # loss and accuracy are judged on the network's own logits (one mistake, one test), and the params probe only
    # sees that predict changes: they count once the logits are the reference's
    (net_ex, {"params: the book's keys and shapes, and the layers use these very arrays":
             "predict(x, train_flg=True) with batch norm (batch statistics)",
             "loss: softmax cross entropy of the logits + ½λΣW² over every W":
             "predict(x, train_flg=True) with batch norm (batch statistics)",
             "accuracy(x, t): the fraction of samples whose largest test-mode logit is the label (labels and "
             "one-hot labels)":
             "predict(x) in test mode after training forwards uses the running statistics",
             "does not modify its arguments x and t (predict, loss, accuracy, gradient)":
             "predict(x, train_flg=True) with batch norm (batch statistics)",
             "training with SGD on net.params in place lowers the loss":
             "gradient with batch norm and weight decay equals the reference's"}),
]
for _ex, _gates in GATES:
    for _test, _required in _gates.items():
        _ex.require(_test, _required)
for _ex in A.exercises:
    if _ex.id.endswith(("_penalty",)):
        _ex.require("does not modify the weight arrays", "value for a list of three weight arrays")
    elif _ex.id.endswith(("_grad",)):
        _ex.require("does not modify W", "gradient of a weight matrix")

