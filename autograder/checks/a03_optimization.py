"""Checks of a03_optimization: update rules (SGD … Adam), gradient clipping, weight initializers, LR schedules.

Every test checks one property, so one mistake costs the tests of its property and no others. Every input is drawn
from the run's seed in graded runs (public tests included); ``check`` uses fixed draws and stored values.

* **optimizers** (driver: :func:`~autograder.drivers.a03_optimization.drive_optimizer`, which records after every
  update both the caller's arrays and whatever ``params[key]`` holds):

  - *values*: ``params[key]`` after each update against the reference (6 updates of three arrays; fresh shapes and
    hyperparameters in the hidden test; the lecture's path on f(x, y) = x²/20 + y²). Gradients are kept away from 0
    (|g| ≥ 0.1), where a default eps changes a step by < 1e-6 relative, so the eps placement never matters here;
  - *in place*: the caller's arrays hold what ``params`` holds (a rebinding update leaves them stale);
  - *grads unchanged*;
  - *a key first seen in a later update* (stateful optimizers): the run where a key joins at update 3 must equal the
    student's own run where that key is there from the start with zero gradients (the state of a correct optimizer
    stays exactly 0 under zero gradients); judged against the student's own run, so a wrong update rule costs the
    values tests only;
  - *eps* (AdaGrad, RMSprop, Adam): gradients of about 1e-5 (some exactly 0) and a non-default eps of the same size.
    Three runs: (g, ε), (c·g, c·ε) and (c·g, 1e-6·c·ε) with c = 2¹². eps must have an effect (run 2 ≠ run 3; an eps
    that is ignored or hard-coded gives equal runs), and the update must be invariant when g and eps scale together
    (it is, exactly, for η·g/(√h + eps) and both accepted Adam forms; eps inside the root is not). When the student's
    rule is otherwise right (run 3 equals the reference), run 1 must equal the reference or, for Adam, the reference
    with eps/√(1 − β2^t) (eps added to √v with a bias-corrected step size: DESIGN §3 accepts both).
  - Adam's *step count*: with a constant gradient every correct step is −η·g/(|g| + eps), whatever β1, β2.
* **clip_grad_norm**: return value; clipped values (rtol 1e-5: an epsilon in the denominator up to about 1e-5·norm
  changes the factor by < 1e-5, norms here are ≥ 1); gradients below max_norm untouched; the caller's arrays scaled.
* **initializers**: statistics of large draws at ``K_SE`` standard errors. With n samples: the sample std within a
  relative K_SE·√((κ − 1)/(4n)) (κ the kurtosis: 3 normal, 1.8 uniform); the mean within K_SE·s/√n (s the sample
  std, so the mean test does not depend on the scale); the kurtosis within K_SE·√(24/n) (the normal's standard error;
  the uniform's is smaller, so this is conservative); for uniform draws max|w| ≈ √3·s (the support). The scale is
  checked on square matrices (fan_in = fan_out), the fans by the ratio of the std on a non-square matrix or a kernel
  to the std on the square matrix (scale-free: a wrong constant does not fail it). The order of the student's draws
  is never relied on; reproducibility is two real calls with equally seeded generators.
* **schedules**: values at fixed and random steps against the reference (rtol 1e-9); cosine decay past
  ``decay_steps`` is judged against the student's own value at ``decay_steps``.
"""
from __future__ import annotations

import math
import zlib

import numpy as np

from .. import expect
from ..drivers.a03_optimization import (drive_clip, drive_descent_path, drive_fans, drive_init_repro, drive_inits,
                                        drive_optimizer, drive_schedule, drive_trajectory)
from ..expect import K_SE, matches, named_mistake
from ..misconceptions import describe, mistake
from ..registry import Assignment, Fail, T, Text
from .common import as_dict, away_from_zero

A = Assignment("a03_optimization", title=T("Optimization: update rules, initialization, schedules",
                                           "최적화: 매개변수 갱신, 가중치 초기화, 학습률 계획"),
               files=("optimizers.py", "initializers.py", "schedules.py"))

# ------------------------------------------------------------------------------------------ misconceptions
mistake("optimizer_rebinds_params", "params[key] rebound instead of updated in place",
        "params[key]를 제자리 갱신하지 않고 새 배열로 바꿈",
        "Assigning a new array to params[key] only changes the dict; the caller's array (and the layers of a network, "
        "which hold that same array) keeps the old values. Change the existing array itself, with an in-place "
        "operator or by writing into all of its elements.",
        "params[key]에 새 배열을 대입하면 딕셔너리만 바뀌고, 호출한 쪽의 배열(그리고 같은 배열을 가진 신경망의 계층)은 "
        "예전 값 그대로입니다. 제자리 연산자나 원소 전체에 값을 써 넣는 방식으로 기존 배열 자체를 바꾸세요.")
mistake("optimizer_modifies_grads", "update writes into grads", "update가 grads에 값을 씀",
        "update must only read the gradients: the caller may still need them (to log them, to clip them, to reuse "
        "them in another optimizer). Compute the scaled gradient as a new array instead of scaling grads[key] in "
        "place.",
        "update는 기울기를 읽기만 해야 합니다: 호출한 쪽이 기울기를 다시 쓸 수 있습니다 (기록, 클리핑, 다른 옵티마이저). "
        "grads[key]를 제자리에서 조정하지 말고 조정된 기울기를 새 배열로 계산하세요.")
mistake("opt_uphill", "the update moves uphill (sign of the gradient term flipped)", "갱신이 오르막으로 감 (기울기 항의 부호가 반대)",
        "The parameters move along +gradient, so the loss grows. The gradient term must be subtracted: W ← W − η·g "
        "(for momentum: v ← αv − η·g, then W ← W + v).",
        "매개변수가 +기울기 방향으로 움직여 손실이 커집니다. 기울기 항은 빼야 합니다: W ← W − η·g "
        "(모멘텀은 v ← αv − η·g 다음 W ← W + v).")
mistake("opt_hyperparams_ignored", "constructor arguments ignored (default values used)", "생성자 인자를 무시함 (기본값 사용)",
        "The trajectory is the one of the DEFAULT hyperparameters: the update must use the values the constructor "
        "received and stored on the object, not fixed numbers.",
        "경로가 기본 하이퍼파라미터의 것과 같습니다: 고정된 숫자가 아니라 생성자가 받아 객체에 저장한 값을 써야 합니다.")
mistake("momentum_state_not_kept", "velocity not kept between updates", "갱신 사이에 속도를 유지하지 않음",
        "The steps equal plain SGD: the velocity of a key must be created once (zeros, the first time the key is "
        "seen) and then carried from one update to the next (v ← αv − η·g).",
        "갱신이 일반 SGD와 같습니다: 키의 속도는 (그 키를 처음 볼 때 0으로) 한 번만 만들고 다음 갱신으로 이어져야 합니다 "
        "(v ← αv − η·g).")
mistake("opt_state_first_call_only", "per-key state created only in the first update", "키별 상태를 첫 갱신에서만 만듦",
        "The state (velocity, squared-gradient sum, moments) must be created for every key the first time THAT key "
        "is seen, not once for the keys of the first call: a network may add parameters later, and a key that first "
        "appears in update 3 must get zeros at update 3 (the book's “create everything on the first call” pattern "
        "raises a KeyError or skips the new key).",
        "상태(속도, 기울기 제곱 합, 모멘트)는 첫 호출의 키들에 대해 한 번 만드는 것이 아니라, 각 키를 처음 볼 때마다 "
        "그 키에 대해 만들어야 합니다: 신경망은 나중에 매개변수를 추가할 수 있고, 3번째 갱신에서 처음 나온 키는 그때 0으로 "
        "시작해야 합니다 (책의 “첫 호출에서 모두 만들기” 방식은 KeyError를 내거나 새 키를 건너뜁니다).")
mistake("nesterov_old_order", "Nesterov with the Korean edition's older order", "한국어판의 예전 순서로 구현한 네스테로프",
        "The kit's rule (the corrected book code, torch's nesterov=True) is v ← μv − η·g, then W ← W + μ·v − η·g with "
        "that NEW v; written with the old velocity it is W ← W + μ²·v_old − (1+μ)·η·g. Your update adds μ²·v with the "
        "new v, which is a different update: check which velocity each term uses.",
        "키트의 규칙(수정된 책 코드, torch의 nesterov=True)은 v ← μv − η·g 다음 그 새 v로 W ← W + μ·v − η·g이고, "
        "예전 속도로 쓰면 W ← W + μ²·v_old − (1+μ)·η·g입니다. 여러분의 갱신은 새 v로 μ²·v를 더해 다른 갱신이 됩니다: "
        "각 항이 어느 속도를 쓰는지 확인하세요.")
mistake("nesterov_is_momentum", "Nesterov implemented as plain momentum", "네스테로프를 일반 모멘텀으로 구현",
        "Nesterov looks ahead along the new velocity: W ← W + μ·v − η·g after v ← μv − η·g (not W ← W + v).",
        "네스테로프는 새 속도 방향으로 한 번 더 내다봅니다: v ← μv − η·g 다음 W ← W + μ·v − η·g (W ← W + v가 아님).")
mistake("opt_no_eps", "no eps in the denominator (0/0 for zero gradients)", "분모에 eps가 없음 (기울기가 0이면 0/0)",
        "Where a gradient has been exactly 0 so far (a dead unit), h (or v) is 0 and g/√h is 0/0 = NaN. The "
        "denominator is √h + eps, with the eps the constructor received.",
        "지금까지 기울기가 정확히 0이었던 원소(죽은 뉴런)에서는 h(또는 v)가 0이라 g/√h가 0/0 = NaN입니다. 분모는 "
        "√h + eps이고, eps는 생성자가 받은 값입니다.")
mistake("opt_eps_ignored", "the eps argument has no effect", "eps 인자가 효과가 없음",
        "With gradients as small as eps, eps decides the size of the step, yet your update is the same whatever eps "
        "the constructor received: a fixed constant (such as the book's 1e-7) stands where the stored eps belongs.",
        "기울기가 eps만큼 작으면 eps가 보폭을 결정하는데, 여러분의 갱신은 생성자가 받은 eps와 상관없이 같습니다: "
        "저장된 eps가 있어야 할 자리에 고정된 상수(책의 1e-7 등)가 있습니다.")
mistake("opt_eps_misplaced", "eps not where the update rule puts it", "eps가 갱신 규칙의 위치에 있지 않음",
        "eps is added to the square root in the denominator: η·g/(√h + eps) (Adam: η·m̂/(√v̂ + eps), or eps added to √v "
        "with the bias-corrected step size η·√(1 − β2^t)/(1 − β1^t)). Inside the root, squared, or added after the "
        "division it changes the update when gradients are small. A correct rule gives the same update when g and "
        "eps are both multiplied by the same number; yours does not.",
        "eps는 분모의 제곱근에 더합니다: η·g/(√h + eps) (Adam: η·m̂/(√v̂ + eps), 또는 편향 보정한 보폭 "
        "η·√(1 − β2^t)/(1 − β1^t)와 함께 √v에 더함). 제곱근 안에 넣거나, 제곱하거나, 나눗셈 뒤에 더하면 기울기가 작을 때 "
        "갱신이 달라집니다. 올바른 규칙은 g와 eps에 같은 수를 곱해도 갱신이 같은데, 여러분의 규칙은 그렇지 않습니다.")
mistake("adagrad_no_accumulation", "AdaGrad h not accumulated (h = g² each step)", "AdaGrad의 h를 누적하지 않음 (매번 h = g²)",
        "h must grow with every update: h ← h + g⊙g, kept per key from one update to the next.",
        "h는 갱신할 때마다 커져야 합니다: h ← h + g⊙g, 키마다 갱신 사이에 유지.")
mistake("rmsprop_no_decay", "RMSprop without forgetting (it is AdaGrad)", "지수이동평균 없는 RMSprop (AdaGrad와 같음)",
        "RMSprop forgets old squared gradients: h ← ρ·h + (1 − ρ)·g⊙g with ρ = decay_rate, not h ← h + g⊙g.",
        "RMSprop은 오래된 기울기 제곱을 잊습니다: h ← ρ·h + (1 − ρ)·g⊙g (ρ = decay_rate), h ← h + g⊙g가 아닙니다.")
mistake("rmsprop_missing_one_minus_rho", "RMSprop without the factor (1 − ρ)", "RMSprop에서 (1 − ρ)를 빠뜨림",
        "h ← ρ·h + (1 − ρ)·g⊙g: the new squared gradient is weighted by (1 − decay_rate).",
        "h ← ρ·h + (1 − ρ)·g⊙g: 새 기울기 제곱에는 (1 − decay_rate)를 곱합니다.")
mistake("adam_no_bias_correction", "Adam without bias correction", "편향 보정 없는 Adam",
        "m and v start at 0, so early on they are too small: divide by (1 − β1^t) and (1 − β2^t) "
        "(m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t)) and step with m̂/(√v̂ + eps).",
        "m과 v가 0에서 시작하므로 초반에 너무 작습니다: (1 − β1^t), (1 − β2^t)로 나눈 m̂, v̂로 갱신하세요 "
        "(m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t), 보폭 m̂/(√v̂ + eps)).")
mistake("adam_t_late", "Adam's step count incremented after the bias correction", "편향 보정 뒤에 Adam의 t를 증가시킴",
        "With t = 0 in the first update, 1 − β^t = 0 and the bias correction divides by zero. t counts the updates "
        "done INCLUDING the current one: increase it first, then compute m̂ and v̂.",
        "첫 갱신에서 t = 0이면 1 − β^t = 0이라 편향 보정이 0으로 나눕니다. t는 지금 갱신을 포함한 갱신 횟수입니다: "
        "먼저 t를 늘리고 m̂, v̂를 계산하세요.")
mistake("adam_t_per_key", "Adam's step count incremented once per key", "Adam의 t를 키마다 증가시킴",
        "t counts updates, not arrays: it grows by one per call of update, outside the loop over the keys.",
        "t는 배열 수가 아니라 갱신 횟수입니다: update 호출 한 번에 1씩, 키에 대한 반복 밖에서 늘어납니다.")
mistake("clip_per_array", "each array clipped by its own norm", "배열마다 각자의 노름으로 클리핑",
        "Use ONE global norm √(Σ over all arrays of Σ g²) and scale every array by the same factor max_norm/norm.",
        "모든 배열을 합친 하나의 노름 √(Σ g²)을 구하고 모든 배열에 같은 비율 max_norm/norm을 곱하세요.")
mistake("clip_always_rescales", "gradients rescaled although their norm is below max_norm",
        "노름이 max_norm보다 작은데도 기울기를 조정함",
        "Only clip when norm > max_norm; smaller gradients stay exactly as they are.",
        "norm > max_norm일 때만 클리핑하세요; 더 작은 기울기는 그대로 둡니다.")
mistake("clip_returns_clipped_norm", "returns the norm after clipping", "클리핑 후의 노름을 반환",
        "Return the global norm measured BEFORE clipping (it is what one logs to see exploding gradients).",
        "클리핑 전에 잰 전체 노름을 반환하세요 (기울기 폭주를 기록할 때 쓰는 값입니다).")
mistake("clip_not_applied", "gradients not scaled", "기울기를 조정하지 않음",
        "When norm > max_norm every array of grads is multiplied by max_norm/norm, in place.",
        "norm > max_norm이면 grads의 모든 배열에 제자리에서 max_norm/norm을 곱합니다.")
mistake("clip_rebinds_grads", "grads[k] rebound instead of scaled in place", "grads[k]를 제자리에서 조정하지 않고 새 배열로 바꿈",
        "Putting a new array into grads[k] only changes the dict; the caller's arrays (the ones an optimizer or a "
        "network holds) keep the unclipped values. Scale each existing array itself, with an in-place operator.",
        "grads[k]에 새 배열을 넣으면 딕셔너리만 바뀌고, 호출한 쪽의 배열(옵티마이저나 신경망이 가진 배열)은 클리핑 전 값 "
        "그대로입니다. 제자리 연산자로 기존 배열 자체를 조정하세요.")
mistake("fans_swapped", "fan_in and fan_out swapped", "fan_in과 fan_out이 뒤바뀜",
        "For an Affine matrix of shape (in, out) (x @ W), fan_in is the number of inputs, the first dimension; for a "
        "kernel (FN, C, FH, FW) fan_in = C·FH·FW.",
        "(in, out) 형상의 Affine 행렬(x @ W)에서 fan_in은 입력 수, 즉 첫 번째 차원입니다; (FN, C, FH, FW) 필터는 "
        "fan_in = C·FH·FW.")
mistake("conv_fans_without_kernel", "kernel fans without the receptive field", "필터의 fan에서 수용 영역(FH·FW)을 빠뜨림",
        "A kernel (FN, C, FH, FW): one output unit sees C·FH·FW inputs, so fan_in = C·FH·FW and fan_out = FN·FH·FW.",
        "(FN, C, FH, FW) 필터의 출력 한 개는 입력 C·FH·FW개를 봅니다: fan_in = C·FH·FW, fan_out = FN·FH·FW.")
mistake("init_uses_fan_out", "scale computed from fan_out instead of fan_in", "fan_in 대신 fan_out으로 크기를 계산",
        "LeCun and He scale by fan_in (inputs per unit): std √(1/fan_in) or √(2/fan_in).",
        "LeCun과 He는 fan_in(유닛당 입력 수)으로 크기를 정합니다: 표준편차 √(1/fan_in) 또는 √(2/fan_in).")
mistake("init_variance_as_std", "the variance used as the standard deviation", "분산을 표준편차로 사용",
        "The formulas give the variance (e.g. 2/fan_in); the std of the normal (and the bound of the uniform) needs "
        "its square root: std √(2/fan_in).",
        "공식은 분산(예: 2/fan_in)입니다; 정규 분포의 표준편차(그리고 균등 분포의 경계)에는 제곱근이 필요합니다: "
        "표준편차 √(2/fan_in).")
mistake("init_uniform_bound_is_std", "uniform bound set to the normal's std", "균등 분포의 경계를 정규 분포의 표준편차로 설정",
        "U(−a, a) has std a/√3, so to get the variance of the normal version the bound is a = √3·std "
        "(e.g. He: √(6/fan_in), Xavier: √(6/(fan_in + fan_out))).",
        "U(−a, a)의 표준편차는 a/√3이므로 정규 버전과 같은 분산이 되려면 경계가 a = √3·std입니다 "
        "(예: He √(6/fan_in), Xavier √(6/(fan_in + fan_out))).")
mistake("init_wrong_distribution", "normal and uniform distributions confused", "정규 분포와 균등 분포를 혼동",
        "*_normal draws from a normal distribution N(0, std²), *_uniform from a uniform one U(−a, a); the sample's "
        "kurtosis (3 for a normal, 1.8 for a uniform) shows which one you drew from.",
        "*_normal은 정규 분포 N(0, std²)에서, *_uniform은 균등 분포 U(−a, a)에서 뽑습니다; 표본 첨도(정규 3, 균등 1.8)가 "
        "어느 분포에서 뽑았는지 보여 줍니다.")
mistake("init_he_missing_factor_2", "He initialization without the factor 2", "2를 빠뜨린 He 초기화",
        "ReLU zeroes half of its inputs, so He doubles the variance: std √(2/fan_in) (√(1/fan_in) is LeCun).",
        "ReLU가 입력의 절반을 0으로 만들므로 He는 분산을 두 배로 합니다: std √(2/fan_in) (√(1/fan_in)은 LeCun).")
mistake("xavier_book_std", "Xavier with the book's 1/√n", "책의 1/√n으로 구현한 Xavier",
        "The book (and the notes on it, and the Advanced Topic lecture) calls std 1/√n \"Xavier\"; in this kit that is "
        "lecun_normal. xavier_* use Glorot's fan_in + fan_out: std √(2/(fan_in + fan_out)), bound "
        "√(6/(fan_in + fan_out)).",
        "책(과 책 정리 노트, Advanced Topic 강의)은 표준편차 1/√n을 \"Xavier\"라 부르지만 이 키트에서는 lecun_normal입니다. "
        "xavier_*는 Glorot의 fan_in + fan_out을 씁니다: std √(2/(fan_in + fan_out)), 경계 √(6/(fan_in + fan_out)).")
mistake("init_ignores_rng", "the rng argument is ignored", "rng 인자를 무시함",
        "Draw with the generator you are given, so that equally seeded generators give equal weights; create a new "
        "default generator only when rng is None.",
        "전달받은 생성기로 뽑아야 같은 시드의 생성기가 같은 가중치를 줍니다; rng가 None일 때만 새 기본 생성기를 만드세요.")
mistake("exp_decay_staircase", "exponential decay with a staircase (floor)", "계단식(floor)으로 구현한 지수 감쇠",
        "exponential_decay is continuous: initial_lr · decay_rate^(step / decay_steps) with a true division.",
        "exponential_decay는 연속적입니다: initial_lr · decay_rate^(step / decay_steps) (진짜 나눗셈).")
mistake("exp_decay_per_step", "decay_rate applied at every step", "매 스텝마다 decay_rate를 곱함",
        "The rate is multiplied by decay_rate once per decay_steps steps: the exponent is step / decay_steps.",
        "학습률은 decay_steps 스텝마다 한 번 decay_rate배가 됩니다: 지수는 step / decay_steps입니다.")
mistake("cosine_not_clipped", "cosine decay not clipped at decay_steps", "decay_steps에서 자르지 않은 코사인 감쇠",
        "Past decay_steps the cosine rises again; the step is clipped first, s = min(step, decay_steps), so the rate "
        "stays at alpha · initial_lr.",
        "decay_steps 이후에는 코사인이 다시 올라갑니다; 먼저 s = min(step, decay_steps)로 자르므로 학습률이 "
        "alpha · initial_lr로 유지됩니다.")
mistake("cosine_alpha_ignored", "cosine decay ignores alpha", "코사인 감쇠에서 alpha를 무시함",
        "lr · ((1 − alpha) · ½(1 + cos(π·s/decay_steps)) + alpha): the rate ends at alpha · initial_lr, not at 0.",
        "lr · ((1 − alpha) · ½(1 + cos(π·s/decay_steps)) + alpha): 학습률은 0이 아니라 alpha · initial_lr에서 끝납니다.")
mistake("step_decay_no_floor", "step decay without the floor", "floor 없는 계단식 감쇠",
        "step_decay is a staircase: initial_lr · drop^⌊step / every⌋ (the number of COMPLETED stairs), not a smooth "
        "curve.",
        "step_decay는 계단 모양입니다: initial_lr · drop^⌊step / every⌋ (다 지난 계단 수), 매끄러운 곡선이 아닙니다.")
mistake("step_decay_off_by_one", "step decay drops one step too early", "계단식 감쇠가 한 스텝 일찍 떨어짐",
        "The first drop happens AT step = every (steps 0 … every − 1 use initial_lr): the exponent is ⌊step / every⌋.",
        "첫 감소는 step = every에서 일어납니다 (0 … every − 1 스텝은 initial_lr): 지수는 ⌊step / every⌋입니다.")


def _known(key: str) -> Text:
    name, advice = describe(key)
    return T(" Known mistake: ", " 알려진 실수: ") + name + T(". ") + advice


def _shared_rng(ctx, name: str) -> np.random.Generator:
    """A generator shared by the tests of one exercise (same draws in each of them, so that ``ctx.call_shared``
    can answer them with one call); drawn from the run's seed in graded runs, fixed in ``check``."""
    seed = ctx.runner.seed if ctx.fresh else 0
    return np.random.default_rng([seed, zlib.crc32(f"{ctx.exercise.id}::{name}".encode())])


# ========================================================================================== optimizers
OPT_RTOL = 1e-6
OPT_KO = {"SGD": "확률적 경사 하강법(SGD)", "Momentum": "모멘텀", "Nesterov": "네스테로프 가속 경사", "AdaGrad": "AdaGrad",
          "RMSprop": "RMSprop", "Adam": "Adam"}


def _opt_atol(kw) -> float:
    """Absolute tolerance of a trajectory: 2e-4 of one step (a step moves a parameter by at most about lr).

    Every listed mistake changes a step by ≥ 1e-2·lr. With |g| ≥ 0.1 the margin accepts every eps placement that
    DESIGN allows (Adam's eps/√(1 − β2^t) form changes a step by ≤ 3.2e-7/0.1 relative), the book's hard-coded
    1e-7 and float reordering.
    """
    return max(1e-7, 2e-4 * abs(kw.get("lr", 0.01)))


def _opt_problem(rng, shapes, steps, *, margin=0.1):
    """Parameters of several shapes and a sequence of gradients with |g| ≥ margin."""
    params0 = {k: rng.standard_normal(s) for k, s in shapes.items()}
    grads_seq = [{k: away_from_zero(rng, s, margin=margin) for k, s in shapes.items()} for _ in range(steps)]
    return params0, grads_seq


def _stack(traj, keys) -> np.ndarray:
    """A trajectory as a matrix (steps, all entries): from a list of dicts per step or a dict of (steps, …) arrays."""
    if isinstance(traj, dict):
        n = len(traj[keys[0]])
        return np.concatenate([np.asarray(traj[k], dtype=np.float64).reshape(n, -1) for k in keys], axis=1)
    return np.array([np.concatenate([np.asarray(step[k], dtype=np.float64).ravel() for k in keys]) for step in traj])


def _nesterov_old_order(params0, grads_seq, lr, mu):
    """The Korean edition's older code: v ← μv − ηg first, then W ← W + μ²v − (1+μ)ηg with the NEW v."""
    W = {k: np.array(v, dtype=np.float64) for k, v in params0.items()}
    v = {k: np.zeros_like(x) for k, x in W.items()}
    traj = []
    for g in grads_seq:
        for k in W:
            v[k] = mu * v[k] - lr * g[k]
            W[k] = W[k] + mu * mu * v[k] - (1 + mu) * lr * g[k]
        traj.append({k: x.copy() for k, x in W.items()})
    return traj


def _adam_without_bias_correction(params0, grads_seq, lr, b1, b2, eps):
    W = {k: np.array(v, dtype=np.float64) for k, v in params0.items()}
    m = {k: np.zeros_like(x) for k, x in W.items()}
    v = {k: np.zeros_like(x) for k, x in W.items()}
    traj = []
    for g in grads_seq:
        for k in W:
            m[k] = b1 * m[k] + (1 - b1) * g[k]
            v[k] = b2 * v[k] + (1 - b2) * g[k] ** 2
            W[k] = W[k] - lr * m[k] / (np.sqrt(v[k]) + eps)
        traj.append({k: x.copy() for k, x in W.items()})
    return traj


def _trajectory(ctx, cls, kw, params0, grads_seq, eps_steps=None) -> np.ndarray:
    """The reference's trajectory (updates, all entries)."""
    args = (cls, kw, params0, grads_seq) + ((eps_steps,) if eps_steps is not None else ())
    return np.asarray(ctx.expected(drive_trajectory, *args), dtype=np.float64)


def _candidates(ctx, make) -> dict:
    """Values of known mistakes, for naming a wrong answer. ``make()`` returns {key: value or function}. In ``check``
    they are all computed before the student's code runs (the stored values are read in a fixed order); in graded
    runs the reference runs live, so a candidate is only computed when a wrong answer needs a name."""
    cands = make()
    if ctx.fresh:
        return cands
    return {k: (v() if callable(v) else v) for k, v in cands.items()}


def _value(cand):
    return cand() if callable(cand) else cand


def _opt_candidates(ctx, cls, kw, params0, grads_seq) -> dict:
    """Trajectories of known mistakes (see :func:`_candidates`)."""
    keys = list(params0)

    def ref(c, k):
        return lambda: _trajectory(ctx, c, k, params0, grads_seq)

    def make():
        cands = {"opt_uphill": ref(cls, {**kw, "lr": -kw["lr"]}), "opt_hyperparams_ignored": ref(cls, {})}
        if cls == "Momentum":
            cands["momentum_state_not_kept"] = ref("Momentum", {**kw, "momentum": 0.0})
        elif cls == "Nesterov":
            cands["nesterov_is_momentum"] = ref("Momentum", kw)
            cands["nesterov_old_order"] = lambda: _stack(_nesterov_old_order(params0, grads_seq, kw["lr"],
                                                                             kw.get("momentum", 0.9)), keys)
        elif cls == "AdaGrad":
            cands["adagrad_no_accumulation"] = ref("RMSprop", {"lr": kw["lr"], "decay_rate": 0.0,
                                                               "eps": kw.get("eps", 1e-7)})
        elif cls == "RMSprop":
            rho, eps = kw.get("decay_rate", 0.99), kw.get("eps", 1e-7)
            cands["rmsprop_no_decay"] = ref("AdaGrad", {"lr": kw["lr"], "eps": eps})
            # h ← ρh + g² is the reference on h̃ = (1 − ρ)h with lr·√(1 − ρ) and eps·√(1 − ρ)
            c = math.sqrt(1 - rho)
            cands["rmsprop_missing_one_minus_rho"] = ref("RMSprop", {"lr": kw["lr"] * c, "decay_rate": rho,
                                                                     "eps": eps * c})
        elif cls == "Adam":
            cands["adam_no_bias_correction"] = lambda: _stack(_adam_without_bias_correction(
                params0, grads_seq, kw["lr"], kw.get("beta1", 0.9), kw.get("beta2", 0.999), kw.get("eps", 1e-8)), keys)
        return cands

    return _candidates(ctx, make)


def _what_opt(cls) -> Text:
    return T(f"{cls}.update", f"{OPT_KO[cls]}.update")


def _reply(res, cls) -> dict:
    """The driver's reply as a dict; an exception raised by update becomes the student's error here."""
    res = as_dict(res, _what_opt(cls))
    expect.unwrap(res.get("raised"))
    return res


def _traj(res, field, params0, n, cls, *, finite=False) -> np.ndarray:
    """One recorded trajectory (``held`` or ``in_dict``) as a matrix (n, all entries), validated."""
    got = as_dict(res.get(field), _what_opt(cls))
    parts = []
    for k, p in params0.items():
        if field == "held":
            what = T(f"the caller's array params['{k}'] during the updates", f"갱신 중 호출한 쪽의 배열 params['{k}']")
        else:
            what = T(f"params['{k}'] after each update (it must stay an array of shape {p.shape})",
                     f"각 갱신 후 params['{k}'] (형상 {p.shape}인 배열이어야 합니다)")
        arr = expect.array(got.get(k), what, shape=(n, *p.shape), finite=finite)
        parts.append(arr.reshape(n, -1))
    return np.concatenate(parts, axis=1)


def _diagnose_not_finite(got, grads_seq, keys, cls):
    bad = ~np.isfinite(got)
    if not bad.any():
        return
    s = int(np.argmax(bad.any(axis=1)))
    g = _stack(grads_seq, keys)
    zero_so_far = np.all(g[: s + 1] == 0, axis=0)
    if np.all(zero_so_far[bad[s]]):
        raise Fail(T(f"{cls}: NaN/inf after update {s + 1}, exactly where the gradient has been 0 so far.",
                     f"{OPT_KO[cls]}: {s + 1}번째 갱신 후 지금까지 기울기가 0이었던 위치에서만 NaN/inf가 나옵니다.")
                   + _known("opt_no_eps"), "opt_no_eps")
    if cls == "Adam" and s == 0 and bad[0].all():
        raise Fail(T("Adam: every parameter is NaN/inf after the first update (a division by 1 − β^0 = 0?).",
                     "Adam: 첫 갱신 후 모든 매개변수가 NaN/inf입니다 (1 − β^0 = 0으로 나눔?).")
                   + _known("adam_t_late"), "adam_t_late")
    raise Fail(T(f"{cls}: {int(bad[s].sum())} parameter value(s) are NaN or infinite after update {s + 1}",
                 f"{OPT_KO[cls]}: {s + 1}번째 갱신 후 매개변수 {int(bad[s].sum())}개가 NaN 또는 무한대입니다"), "not_finite")


def _check_values(ctx, cls, kw, params0, grads_seq, *, shared):
    """params[key] after every update equals the reference's trajectory."""
    keys, n = list(params0), len(grads_seq)
    want_m = _trajectory(ctx, cls, kw, params0, grads_seq)
    cands = _opt_candidates(ctx, cls, kw, params0, grads_seq)
    call = ctx.call_shared if shared else ctx.call
    res = _reply(call(drive_optimizer, cls, kw, params0, grads_seq), cls)
    got = _traj(res, "in_dict", params0, n, cls)
    _diagnose_not_finite(got, grads_seq, keys, cls)
    atol = _opt_atol(kw)
    if np.allclose(got, want_m, rtol=OPT_RTOL, atol=atol):
        return
    args = ", ".join(f"{k}={v:.4g}" for k, v in kw.items())
    what = T(f"the parameter trajectory over {n} updates of {cls}({args})", f"{OPT_KO[cls]}({args})로 {n}번 갱신한 매개변수의 경로")
    for key, cand in cands.items():
        if matches(got, _value(cand), OPT_RTOL, atol):
            raise named_mistake(what, key)
    if cls == "Adam":
        sizes = np.cumsum([0] + [params0[k].size for k in keys])
        first_ok = np.allclose(got[0, :sizes[1]], want_m[0, :sizes[1]], rtol=OPT_RTOL, atol=atol)
        later_bad = not np.allclose(got[0, sizes[1]:], want_m[0, sizes[1]:], rtol=OPT_RTOL, atol=atol)
        t = res.get("t")
        t = int(t) if isinstance(t, (int, np.integer)) and not isinstance(t, (bool, np.bool_)) else None
        if (first_ok and later_bad) or t == n * len(keys) != n:
            raise named_mistake(what, "adam_t_per_key", T(" (the first array's first update is right, the others' are not)",
                                                          " (첫 배열의 첫 갱신은 맞지만 나머지 배열은 틀립니다)"))
    bad = ~np.isclose(got, want_m, rtol=OPT_RTOL, atol=atol)
    s = int(np.argmax(bad.any(axis=1)))
    offsets = np.cumsum([0] + [params0[k].size for k in keys])
    j = int(np.argmax(bad[s]))
    ki = int(np.searchsorted(offsets, j, side="right") - 1)
    k = keys[ki]
    idx = np.unravel_index(j - offsets[ki], params0[k].shape)
    idx = tuple(int(i) for i in idx)
    raise Fail(what + T(f": params['{k}']{list(idx)} after update {s + 1} is {got[s, j]:.10g}, expected {want_m[s, j]:.10g} "
                        f"({int(bad[s].sum())} value(s) wrong after that update; tolerance {atol:g} + {OPT_RTOL:g}·|expected|)",
                        f": {s + 1}번째 갱신 후 params['{k}']{list(idx)}가 {got[s, j]:.10g}인데 기대값은 {want_m[s, j]:.10g}입니다 "
                        f"(그 갱신 후 틀린 값 {int(bad[s].sum())}개; 허용 오차 {atol:g} + {OPT_RTOL:g}·|기대값|)"))


PUBLIC_SHAPES = {"W1": (3, 4), "b1": (4,), "W2": (4, 2)}
VALUE_KW = {"SGD": {"lr": 0.1}, "Momentum": {"lr": 0.05, "momentum": 0.8}, "Nesterov": {"lr": 0.05, "momentum": 0.7},
            "AdaGrad": {"lr": 0.1}, "RMSprop": {"lr": 0.05, "decay_rate": 0.9},
            "Adam": {"lr": 0.05, "beta1": 0.8, "beta2": 0.95}}
VALUE_STEPS = 6


def _values_problem(ctx, cls):
    """The problem the values, in-place and grads tests share (one call of the student's code answers all three)."""
    key = ("a03_optimization", "values", ctx.exercise.id)
    if key not in ctx.runner.shared:
        ctx.runner.shared[key] = _opt_problem(_shared_rng(ctx, "values"), PUBLIC_SHAPES, VALUE_STEPS)
    params0, grads_seq = ctx.runner.shared[key]
    return VALUE_KW[cls], params0, grads_seq


def _moved(res, params0, n, cls) -> np.ndarray:
    """params[key] after the updates, checked to differ from the start (an update that changes nothing fails)."""
    got = _traj(res, "in_dict", params0, n, cls)
    start = np.concatenate([np.asarray(p, dtype=np.float64).ravel() for p in params0.values()])
    if np.array_equal(got[-1], start):
        raise Fail(T(f"{cls}: after {n} updates params holds exactly the initial values: update changed nothing, so "
                     f"this property cannot be checked",
                     f"{OPT_KO[cls]}: {n}번 갱신한 뒤에도 params가 초기값 그대로입니다: update가 아무것도 바꾸지 않아 "
                     f"이 성질을 검사할 수 없습니다"))
    if not np.all(np.isfinite(got)):
        raise Fail(T(f"{cls}: the updates produce NaN or infinite parameters (see the values check), so this property "
                     f"cannot be checked",
                     f"{OPT_KO[cls]}: 갱신 결과 매개변수가 NaN 또는 무한대입니다 (값 검사 참고): 이 성질을 검사할 수 없습니다"))
    return got


def _check_in_place(ctx, cls):
    kw, params0, grads_seq = _values_problem(ctx, cls)
    n = len(grads_seq)
    res = _reply(ctx.call_shared(drive_optimizer, cls, kw, params0, grads_seq), cls)
    _moved(res, params0, n, cls)
    in_dict = as_dict(res.get("in_dict"), _what_opt(cls))
    held = as_dict(res.get("held"), _what_opt(cls))
    for k, p in params0.items():
        d = expect.array(in_dict.get(k), T(f"params['{k}'] after each update", f"각 갱신 후 params['{k}']"),
                         shape=(n, *p.shape), finite=False)
        h = expect.array(held.get(k), T(f"the caller's array params['{k}']", f"호출한 쪽의 배열 params['{k}']"),
                         shape=(n, *p.shape), finite=False)
        if not np.array_equal(d, h, equal_nan=True):
            s = int(np.argmax([not np.array_equal(d[i], h[i], equal_nan=True) for i in range(n)]))
            raise Fail(T(f"after update {s + 1}, params['{k}'] holds other values than the array the caller passed in "
                         f"(update put a new array in the dict): the caller's array, and any layer holding it, was not "
                         f"updated.", f"{s + 1}번째 갱신 후 params['{k}']의 값이 호출한 쪽이 넘긴 배열과 다릅니다 (update가 "
                         f"딕셔너리에 새 배열을 넣었습니다): 호출한 쪽의 배열과 그 배열을 가진 계층은 갱신되지 않았습니다.")
                       + _known("optimizer_rebinds_params"), "optimizer_rebinds_params")


def _check_grads_kept(ctx, cls):
    kw, params0, grads_seq = _values_problem(ctx, cls)
    n = len(grads_seq)
    res = _reply(ctx.call_shared(drive_optimizer, cls, kw, params0, grads_seq), cls)
    _moved(res, params0, n, cls)
    after = as_dict(res.get("grads_after"), _what_opt(cls))
    for k in params0:
        sent = np.array([g[k] for g in grads_seq])
        got = expect.array(after.get(k), T(f"grads['{k}'] after update", f"update 후 grads['{k}']"), shape=sent.shape,
                           finite=False)
        if not np.array_equal(got, sent):
            s = int(np.argmax([not np.array_equal(got[i], sent[i]) for i in range(n)]))
            raise Fail(T(f"update {s + 1} changed grads['{k}'] (the gradients must only be read).",
                         f"{s + 1}번째 update가 grads['{k}']를 바꾸었습니다 (기울기는 읽기만 해야 합니다).")
                       + _known("optimizer_modifies_grads"), "optimizer_modifies_grads")


# the learning rates of the Advanced Topic lecture's comparison on f(x, y) = x²/20 + y² (30 steps from (−7, 2))
PATH_KW = {"SGD": {"lr": 0.95}, "Momentum": {"lr": 0.1}, "Nesterov": {"lr": 0.1}, "AdaGrad": {"lr": 1.5},
           "RMSprop": {"lr": 0.1}, "Adam": {"lr": 0.3}}
PATH_START, PATH_STEPS = (-7.0, 2.0), 30


def _check_path(ctx, cls):
    kw = PATH_KW[cls]
    atol = _opt_atol(kw)
    start = PATH_START
    if ctx.fresh:  # graded runs: a start point near the lecture's, never a stored one
        start = (round(PATH_START[0] + float(ctx.rng.uniform(-0.5, 0.5)), 6),
                 round(PATH_START[1] + float(ctx.rng.uniform(-0.5, 0.5)), 6))
    want = ctx.expected(drive_descent_path, cls, kw, start, PATH_STEPS)
    cands = _candidates(ctx, lambda: {
        "opt_uphill": lambda: ctx.expected(drive_descent_path, cls, {**kw, "lr": -kw["lr"]}, start, PATH_STEPS)})
    got = expect.array(ctx.call(drive_descent_path, cls, kw, start, PATH_STEPS),
                       T(f"{cls} path on f(x, y)", f"f(x, y) 위의 {OPT_KO[cls]} 경로"), shape=want.shape, finite=False)
    args = ", ".join(f"{k}={v}" for k, v in kw.items())
    where = T(f"{cls}({args}) on f(x, y) = x²/20 + y² from ({start[0]:g}, {start[1]:g}), {PATH_STEPS} steps",
              f"f(x, y) = x²/20 + y² 위에서 ({start[0]:g}, {start[1]:g})부터 {PATH_STEPS}스텝, {OPT_KO[cls]}({args})")
    if np.allclose(got, want, rtol=OPT_RTOL, atol=atol):
        return
    if matches(got, _value(cands["opt_uphill"]), OPT_RTOL, atol):
        raise named_mistake(where, "opt_uphill")
    bad = ~np.isclose(got, want, rtol=OPT_RTOL, atol=atol) | ~np.isfinite(got)
    s = int(np.argmax(bad.any(axis=1)))
    raise Fail(where + T(f": the path leaves the reference at step {s}: got (x, y) = ({got[s, 0]:.8g}, {got[s, 1]:.8g}), "
                         f"expected ({want[s, 0]:.8g}, {want[s, 1]:.8g}); end point ({got[-1, 0]:.6g}, {got[-1, 1]:.6g}), "
                         f"expected ({want[-1, 0]:.6g}, {want[-1, 1]:.6g}) (tolerance {atol:g} + {OPT_RTOL:g}·|expected|)",
                         f": 경로가 {s}번째 스텝에서 기준과 달라집니다: (x, y) = ({got[s, 0]:.8g}, {got[s, 1]:.8g}), "
                         f"기대값 ({want[s, 0]:.8g}, {want[s, 1]:.8g}); 끝점 ({got[-1, 0]:.6g}, {got[-1, 1]:.6g}), "
                         f"기대값 ({want[-1, 0]:.6g}, {want[-1, 1]:.6g}) (허용 오차 {atol:g} + {OPT_RTOL:g}·|기대값|)"))


LATE_KEY, LATE_STEP, LATE_STEPS = "new", 2, 5   # the key joins at update LATE_STEP + 1


def _check_late_key(ctx, cls, kw):
    """A key first seen in update 3 works: the student's run equals the student's own run in which the key is there
    from the start with zero gradients (a correct optimizer's state stays exactly 0 under zero gradients)."""
    rng = ctx.rng
    shapes = {"W": (int(rng.integers(2, 5)), int(rng.integers(2, 5))), "b": (int(rng.integers(2, 6)),),
              LATE_KEY: (int(rng.integers(2, 4)), int(rng.integers(2, 4)))}
    params0, grads = _opt_problem(rng, shapes, LATE_STEPS)
    late = [{k: v for k, v in g.items() if k != LATE_KEY} if i < LATE_STEP else g for i, g in enumerate(grads)]
    early = [{**g, LATE_KEY: np.zeros(shapes[LATE_KEY])} if i < LATE_STEP else g for i, g in enumerate(grads)]
    replies = ctx.call_many(drive_optimizer, [[cls, kw, params0, late], [cls, kw, params0, early]])
    res_late = as_dict(replies[0], _what_opt(cls))
    raised = res_late.get("raised")
    if raised is not None:
        if getattr(raised, "type_name", "") == "KeyError" and res_late.get("steps") == LATE_STEP:
            where = f" [{raised.where}]" if getattr(raised, "where", "") else ""
            raise Fail(T(f"{cls}.update raised KeyError when the key '{LATE_KEY}' first appeared in params, at update "
                         f"{LATE_STEP + 1} ({raised.message}){where}.",
                         f"params에 키 '{LATE_KEY}'가 처음 들어온 {LATE_STEP + 1}번째 갱신에서 {OPT_KO[cls]}.update가 "
                         f"KeyError를 냈습니다 ({raised.message}){where}.") + _known("opt_state_first_call_only"),
                       "opt_state_first_call_only")
        expect.unwrap(raised)
    res_early = _reply(replies[1], cls)
    n = LATE_STEPS
    a = _traj(res_late, "in_dict", params0, n, cls)
    b = _traj(res_early, "in_dict", params0, n, cls)
    keys = list(params0)
    offsets = np.cumsum([0] + [params0[k].size for k in keys])
    new = slice(int(offsets[2]), int(offsets[3]))
    start_new = np.asarray(params0[LATE_KEY], dtype=np.float64).ravel()
    if not np.all(np.isfinite(a)):
        raise Fail(T(f"{cls}: the run where the key '{LATE_KEY}' first appears in update {LATE_STEP + 1} produces NaN or "
                     f"infinite parameters (see the values check), so this property cannot be checked",
                     f"{OPT_KO[cls]}: 키 '{LATE_KEY}'가 {LATE_STEP + 1}번째 갱신에서 처음 나오는 실행에서 매개변수가 NaN 또는 "
                     f"무한대가 됩니다 (값 검사 참고): 이 성질을 검사할 수 없습니다"))
    if np.array_equal(a[-1, new], start_new):
        raise Fail(T(f"{cls}: the key '{LATE_KEY}' first appears in update {LATE_STEP + 1} with nonzero gradients, but "
                     f"params['{LATE_KEY}'] never changes.",
                     f"{OPT_KO[cls]}: 키 '{LATE_KEY}'가 {LATE_STEP + 1}번째 갱신에서 0이 아닌 기울기와 함께 처음 나오는데 "
                     f"params['{LATE_KEY}']가 전혀 바뀌지 않습니다.") + _known("opt_state_first_call_only"),
                   "opt_state_first_call_only")
    ok = ~np.isfinite(b) | np.isclose(a, b, rtol=1e-9, atol=1e-12)
    if ok.all():
        return
    s = int(np.argmax(~ok.all(axis=1)))
    j = int(np.argmax(~ok[s]))
    k = keys[int(np.searchsorted(offsets, j, side="right") - 1)]
    raise Fail(T(f"{cls}: with the key '{LATE_KEY}' first seen in update {LATE_STEP + 1}, params['{k}'] after update "
                 f"{s + 1} is {a[s, j]:.10g}; when '{LATE_KEY}' is there from the first update with zero gradients "
                 f"until then, your optimizer gives {b[s, j]:.10g}. A key met later must start from zero state, like a "
                 f"key whose gradients were zero so far (and Adam's step count t is shared by all keys).",
                 f"{OPT_KO[cls]}: 키 '{LATE_KEY}'가 {LATE_STEP + 1}번째 갱신에서 처음 나오면 {s + 1}번째 갱신 후 "
                 f"params['{k}']가 {a[s, j]:.10g}인데, '{LATE_KEY}'가 처음부터 있고 그때까지 기울기가 0이면 여러분의 "
                 f"옵티마이저는 {b[s, j]:.10g}을(를) 줍니다. 나중에 나온 키는 지금까지 기울기가 0이었던 키처럼 0 상태에서 "
                 f"시작해야 합니다 (Adam의 t는 모든 키가 공유합니다)."))


EPS_SCALE = 2.0 ** 12      # c: exact in floating point, so a correct rule gives bit-identical runs 1 and 2
EPS_TINY = 1e-6            # run 3: eps negligible (its effect on a step is < 1e-6·√(1/(1 − β2)) relative)


def _eps_problem(ctx, cls):
    rng = ctx.rng
    shapes = {"W": (int(rng.integers(2, 5)), int(rng.integers(3, 5))), "b": (int(rng.integers(3, 6)),)}
    a = 2.0 ** -17   # gradients of about 1e-5
    params0 = {k: rng.standard_normal(s) for k, s in shapes.items()}
    grads = []
    for s in range(6):
        g = {k: a * away_from_zero(rng, shp, margin=0.2) for k, shp in shapes.items()}
        g["W"].reshape(-1)[1] = 0.0            # a unit whose gradient is always 0
        if s < 2:
            g["b"].reshape(-1)[:2] = 0.0       # units that wake up at the third update
        grads.append(g)
    eps = float(a * rng.uniform(0.5, 2.0))
    kw = {"lr": round(float(rng.uniform(0.01, 0.1)), 4)}
    if cls == "RMSprop":
        kw["decay_rate"] = round(float(rng.uniform(0.8, 0.95)), 3)
    if cls == "Adam":
        kw.update(beta1=round(float(rng.uniform(0.8, 0.9)), 3), beta2=round(float(rng.uniform(0.95, 0.999)), 4))
    return kw, eps, params0, grads


def _check_eps(ctx, cls):
    kw, eps, params0, grads = _eps_problem(ctx, cls)
    keys, n = list(params0), len(grads)
    big = [{k: v * EPS_SCALE for k, v in g.items()} for g in grads]
    runs = [({**kw, "eps": eps}, grads), ({**kw, "eps": eps * EPS_SCALE}, big),
            ({**kw, "eps": eps * EPS_SCALE * EPS_TINY}, big)]
    want1 = _trajectory(ctx, cls, runs[0][0], params0, grads)
    want3 = _trajectory(ctx, cls, runs[2][0], params0, big)
    alt1 = None
    if cls == "Adam":   # eps added to √v with the bias-corrected step size = the reference with eps/√(1 − β2^t)
        b2 = kw["beta2"]
        eps_steps = [eps / math.sqrt(1.0 - b2 ** (t + 1)) for t in range(n)]
        alt1 = _trajectory(ctx, cls, runs[0][0], params0, grads, eps_steps)
    replies = ctx.call_many(drive_optimizer, [[cls, k, params0, g] for k, g in runs])
    got = [_traj(_reply(r, cls), "in_dict", params0, n, cls) for r in replies]
    for r, (_, g) in zip(got, runs):
        _diagnose_not_finite(r, g, keys, cls)
    r1, r2, r3 = got
    start = np.concatenate([np.asarray(params0[k], dtype=np.float64).ravel() for k in keys])
    if np.array_equal(r3[-1], start):
        raise Fail(T(f"{cls}: after {n} updates params holds exactly the initial values: update changed nothing, so the "
                     f"use of eps cannot be checked",
                     f"{OPT_KO[cls]}: {n}번 갱신한 뒤에도 params가 초기값 그대로입니다: update가 아무것도 바꾸지 않아 eps의 "
                     f"사용을 검사할 수 없습니다"))
    atol = _opt_atol(kw)
    args = ", ".join(f"{k}={v:g}" for k, v in kw.items())
    if np.allclose(r2, r3, rtol=OPT_RTOL, atol=atol):
        raise Fail(T(f"{cls}({args}, eps=…) with gradients of about {EPS_SCALE * 2.0 ** -17:.2g}: eps = {eps * EPS_SCALE:.3g} "
                     f"(as large as the gradients) and eps = {eps * EPS_SCALE * EPS_TINY:.3g} give the same updates.",
                     f"기울기가 약 {EPS_SCALE * 2.0 ** -17:.2g}인 {OPT_KO[cls]}({args}, eps=…): eps = {eps * EPS_SCALE:.3g} "
                     f"(기울기만큼 큼)와 eps = {eps * EPS_SCALE * EPS_TINY:.3g}이(가) 같은 갱신을 줍니다.")
                   + _known("opt_eps_ignored"), "opt_eps_ignored")
    if not np.allclose(r1, r2, rtol=1e-9, atol=1e-7 * kw["lr"]):
        raise Fail(T(f"{cls}({args}): multiplying the gradients AND eps by {EPS_SCALE:g} (eps {eps:.3g} → "
                     f"{eps * EPS_SCALE:.3g}) changed the updates (largest change {np.max(np.abs(r1 - r2)):.3g}).",
                     f"{OPT_KO[cls]}({args}): 기울기와 eps에 모두 {EPS_SCALE:g}을(를) 곱했더니 (eps {eps:.3g} → "
                     f"{eps * EPS_SCALE:.3g}) 갱신이 달라졌습니다 (가장 큰 차이 {np.max(np.abs(r1 - r2)):.3g}).")
                   + _known("opt_eps_misplaced"), "opt_eps_misplaced")
    if not np.allclose(r3, want3, rtol=OPT_RTOL, atol=atol):
        return   # the rule itself is wrong: the values tests report it; eps is used in an accepted way
    if np.allclose(r1, want1, rtol=OPT_RTOL, atol=atol) or (alt1 is not None and np.allclose(r1, alt1, rtol=OPT_RTOL, atol=atol)):
        return
    j = np.unravel_index(int(np.argmax(np.abs(r1 - want1))), r1.shape)
    raise Fail(T(f"{cls}({args}, eps={eps:.3g}) with gradients of about 1e-5: your update is right when eps is negligible "
                 f"but not when eps is as large as the gradients: after update {j[0] + 1} a value is {r1[j]:.10g}, "
                 f"expected {want1[j]:.10g}" + (" (or, with eps added to √v and a bias-corrected step size, "
                                                  f"{alt1[j]:.10g})" if alt1 is not None else "") + ".",
                 f"기울기가 약 1e-5인 {OPT_KO[cls]}({args}, eps={eps:.3g}): eps가 무시할 만큼 작을 때는 갱신이 맞지만 eps가 "
                 f"기울기만큼 클 때는 틀립니다: {j[0] + 1}번째 갱신 후 값이 {r1[j]:.10g}인데 기대값은 {want1[j]:.10g}"
                 + (f" (또는 √v에 eps를 더하고 편향 보정한 보폭을 쓰면 {alt1[j]:.10g})" if alt1 is not None else "") + "입니다.")
               + _known("opt_eps_misplaced"), "opt_eps_misplaced")


def _optimizer_exercise(cls, hint: Text, *, points: dict, hidden_kw, stateful=True, has_eps=False):
    ex = A.exercise(f"optimizers.{cls}", targets=[f"optimizers.{cls}"], title=T(cls, OPT_KO[cls]), hint=hint)

    @ex.test(T("update values: 6 updates of three arrays", "갱신 값: 배열 세 개를 6번 갱신"), points=points["values"])
    def _(ctx):
        kw, params0, grads_seq = _values_problem(ctx, cls)
        _check_values(ctx, cls, kw, params0, grads_seq, shared=True)

    @ex.test(T("updates the caller's arrays in place", "호출한 쪽의 배열을 제자리에서 갱신"), points=points["in_place"],
             requires=["update values: 6 updates of three arrays"])
    def _(ctx):
        _check_in_place(ctx, cls)

    @ex.test(T("leaves grads unchanged", "grads를 바꾸지 않음"), points=points["grads"], requires=["update values: 6 updates of three arrays"])
    def _(ctx):
        _check_grads_kept(ctx, cls)

    @ex.test(T("path on f(x, y) = x²/20 + y² (Advanced Topic lecture)", "f(x, y) = x²/20 + y² 위의 경로 (Advanced Topic 강의)"),
             points=points["path"])
    def _(ctx):
        _check_path(ctx, cls)

    if stateful:
        @ex.test(T("a key first seen in a later update", "나중 갱신에서 처음 나온 키"), points=points["late_key"],
                 requires=["update values: 6 updates of three arrays"])
        def _(ctx):
            _check_late_key(ctx, cls, hidden_kw(ctx.rng))

    if has_eps:
        # a rule that is wrong in itself can scale with eps too: eps counts once the update values are the reference's
        @ex.test(T("uses its eps argument (tiny gradients, non-default eps)", "eps 인자 사용 (아주 작은 기울기, 기본값이 아닌 eps)"),
                 points=points["eps"], requires=["update values: 6 updates of three arrays"])
        def _(ctx):
            _check_eps(ctx, cls)

    @ex.test(T("fresh shapes and hyperparameters", "새 형상과 하이퍼파라미터"), points=points["hidden"], hidden=True)
    def _(ctx):
        rng = ctx.rng
        shapes = {"W": (int(rng.integers(2, 6)), int(rng.integers(2, 6))), "b": (int(rng.integers(2, 7)),),
                  "gamma": (1,), "K": (2, 2, 3, 3)}
        params0, grads_seq = _opt_problem(rng, shapes, int(rng.integers(5, 10)))
        _check_values(ctx, cls, hidden_kw(rng), params0, grads_seq, shared=False)

    return ex


_optimizer_exercise(
    "SGD", T("Plain gradient descent: every parameter array moves against its gradient, W ← W − η·g, with the learning "
             "rate the constructor received. Change the very arrays the caller passed in (an in-place update: the "
             "layers of a network hold those arrays), and only read the gradients.",
             "가장 단순한 경사 하강법: 모든 매개변수 배열이 기울기의 반대 방향으로 W ← W − η·g만큼 움직이며, η는 생성자가 "
             "받은 학습률입니다. 호출한 쪽이 넘긴 바로 그 배열을 바꾸고(제자리 갱신: 신경망의 계층이 그 배열을 가지고 "
             "있습니다), 기울기는 읽기만 하세요."),
    points={"values": 1, "in_place": 1, "grads": 0.5, "path": 0.5, "hidden": 1}, stateful=False,
    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.01, 0.3))})
_optimizer_exercise(
    "Momentum", T("A ball rolling downhill keeps its speed: keep one velocity array per parameter key, zeros the first "
                  "time that key is seen (a key may first appear in a later update). Each update: v ← α·v − η·g, then "
                  "W ← W + v, in place (Deep Learning from Scratch ch. 6, “Momentum”).",
                  "비탈을 구르는 공은 속도를 유지합니다: 매개변수 키마다 속도 배열을 하나씩 두고, 그 키를 처음 볼 때 0으로 "
                  "만듭니다 (키는 나중 갱신에서 처음 나올 수도 있습니다). 매 갱신: v ← α·v − η·g, 다음 W ← W + v, 제자리에서 "
                  "(밑바닥부터 시작하는 딥러닝 6장 “모멘텀”)."),
    points={"values": 1, "in_place": 0.5, "grads": 0.5, "path": 1, "late_key": 1, "hidden": 1},
    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.01, 0.2)), "momentum": float(rng.uniform(0.5, 0.95))})
_optimizer_exercise(
    "Nesterov", T("Nesterov looks ahead along the new velocity: first v ← μ·v − η·g, then W ← W + μ·v − η·g with that "
                  "NEW v (written with the old velocity: W ← W + μ²·v_old − (1+μ)·η·g). This is the corrected book code "
                  "and torch's SGD with the nesterov option; the Korean edition's older code orders the terms differently and is a "
                  "different update. Velocities per key, zeros the first time a key is seen.",
                  "네스테로프는 새 속도 방향으로 내다봅니다: 먼저 v ← μ·v − η·g, 다음 그 새 v로 W ← W + μ·v − η·g (예전 "
                  "속도로 쓰면 W ← W + μ²·v_old − (1+μ)·η·g). 수정된 책 코드이자 torch SGD의 nesterov 옵션이며, 한국어판의 "
                  "예전 코드는 항의 순서가 달라 다른 갱신입니다. 속도는 키마다, 키를 처음 볼 때 0."),
    points={"values": 1, "in_place": 0.5, "grads": 0.5, "path": 1, "late_key": 1, "hidden": 1},
    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.01, 0.2)), "momentum": float(rng.uniform(0.5, 0.95))})
_optimizer_exercise(
    "AdaGrad", T("Each element gets its own learning rate that shrinks as it moves: h accumulates the squared gradients, "
                 "h ← h + g⊙g (per key, zeros the first time a key is seen), and the step divides by √h + eps element by "
                 "element: W ← W − η·g/(√h + eps). eps is the constructor's value: it keeps 0/0 away where a gradient has "
                 "always been 0, and decides the step when gradients are tiny.",
                 "원소마다 움직일수록 줄어드는 학습률을 가집니다: h에 기울기 제곱을 누적하고 h ← h + g⊙g (키마다, 키를 처음 "
                 "볼 때 0), 원소별로 √h + eps로 나누어 W ← W − η·g/(√h + eps). eps는 생성자가 받은 값입니다: 기울기가 늘 0이던 "
                 "곳의 0/0을 막고, 기울기가 아주 작을 때 보폭을 정합니다."),
    points={"values": 1, "in_place": 0.5, "grads": 0.5, "path": 0.5, "late_key": 0.5, "eps": 1, "hidden": 1},
    has_eps=True, hidden_kw=lambda rng: {"lr": float(rng.uniform(0.05, 0.5))})
_optimizer_exercise(
    "RMSprop", T("AdaGrad that forgets: h is an exponential moving average of the squared gradients, "
                 "h ← ρ·h + (1 − ρ)·g⊙g with ρ the decay_rate (per key, zeros the first time a key is seen), then "
                 "W ← W − η·g/(√h + eps) with the constructor's eps (the study-group slides, “RMSProp”).",
                 "잊어버리는 AdaGrad: h는 기울기 제곱의 지수이동평균 h ← ρ·h + (1 − ρ)·g⊙g (ρ는 decay_rate, 키마다, 키를 "
                 "처음 볼 때 0)이고, 생성자가 받은 eps로 W ← W − η·g/(√h + eps) (스터디 슬라이드 “RMSProp”)."),
    points={"values": 1, "in_place": 0.5, "grads": 0.5, "path": 0.5, "late_key": 0.5, "eps": 1, "hidden": 1},
    has_eps=True, hidden_kw=lambda rng: {"lr": float(rng.uniform(0.01, 0.1)), "decay_rate": float(rng.uniform(0.8, 0.99))})
adam = _optimizer_exercise(
    "Adam", T("Momentum plus per-element rates, with bias correction. One step counter t for the whole optimizer, "
              "increased once per call before anything else. Per key (zeros the first time a key is seen): "
              "m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g⊙g; bias-corrected m̂ ← m/(1 − β1^t), v̂ ← v/(1 − β2^t); "
              "W ← W − η·m̂/(√v̂ + eps). Adding eps to √v with the step size η·√(1 − β2^t)/(1 − β1^t) instead (the "
              "paper's and the book's form) is accepted too; eps is the constructor's value.",
              "모멘텀과 원소별 학습률에 편향 보정을 더한 방법. 옵티마이저 전체에 스텝 카운터 t 하나를 두고, 호출마다 맨 "
              "먼저 1 늘립니다. 키마다 (키를 처음 볼 때 0): m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g⊙g; 편향 보정 "
              "m̂ ← m/(1 − β1^t), v̂ ← v/(1 − β2^t); W ← W − η·m̂/(√v̂ + eps). 대신 보폭 η·√(1 − β2^t)/(1 − β1^t)와 함께 √v에 "
              "eps를 더하는 형태(논문과 책의 형태)도 인정합니다; eps는 생성자가 받은 값입니다."),
    points={"values": 1, "in_place": 0.5, "grads": 0.5, "path": 0.5, "late_key": 0.5, "eps": 1, "hidden": 1},
    has_eps=True,
    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.005, 0.1)), "beta1": float(rng.uniform(0.7, 0.95)),
                           "beta2": float(rng.uniform(0.9, 0.999))})


@adam.test(T("step count: t grows once per update, before the bias correction",
             "스텝 수: t는 갱신마다 한 번, 편향 보정 전에 증가"), points=1,
           requires=["update values: 6 updates of three arrays"])
def _(ctx):
    # Any sign-like step without moments passes this on its own, so it counts once the values are Adam's.
    # With a constant gradient g the bias-corrected moments are exactly g and g², so every correct Adam step is
    # −lr·g/(|g| + eps) ≈ −lr·sign(g), for every array and every update, whatever β1 and β2.
    rng = ctx.rng
    shapes = {"a": (2, 3), "b": (3,), "c": (1,)}
    params0 = {k: rng.standard_normal(s) for k, s in shapes.items()}
    g = {k: away_from_zero(rng, s, margin=0.2) for k, s in shapes.items()}
    _check_values(ctx, "Adam", {"lr": 0.01}, params0, [g] * 4, shared=False)


# ------------------------------------------------------------------------------------------ clip_grad_norm
clip = A.exercise("optimizers.clip_grad_norm", targets=["optimizers.clip_grad_norm"],
                  title=T("gradient clipping by the global norm", "전체 노름 기준 그래디언트 클리핑"),
                  hint=T("Measure ONE norm over all the arrays together, √(Σ over every array of Σ g²). Only when it "
                         "exceeds max_norm, multiply every array by the same factor max_norm/norm, in place (the caller's "
                         "arrays must change; the direction of the whole gradient is kept); otherwise leave them exactly "
                         "as they are. Report the norm measured before clipping (the study-group slides, gradient "
                         "clipping, Keras clipnorm).",
                         "모든 배열을 합쳐 노름 하나 √(모든 배열의 Σ g²의 합)을 잽니다. 그 값이 max_norm을 넘을 때만 모든 "
                         "배열에 같은 비율 max_norm/norm을 제자리에서 곱하고 (호출한 쪽의 배열이 바뀌어야 하며, 전체 기울기의 "
                         "방향은 유지됩니다), 아니면 그대로 둡니다. 반환값은 클리핑 전에 잰 노름입니다 (스터디 슬라이드의 "
                         "그래디언트 클리핑, Keras clipnorm)."))
CLIP_RTOL = 1e-5  # an epsilon up to 1e-5·norm in the denominator (accepted) changes the factor by < 1e-5 relative


def _scaled_grads(rng, shapes, norm):
    g = {k: rng.standard_normal(s) for k, s in shapes.items()}
    total = math.sqrt(sum(float(np.sum(v * v)) for v in g.values()))
    return {k: v * (norm / total) for k, v in g.items()}


CLIP_SHAPES = {"W1": (3, 4), "b1": (4,), "W2": (4, 2)}


def _clip_problem(ctx):
    """The two calls the public clip tests share: a global norm above max_norm, and one below."""
    rng = _shared_rng(ctx, "clip")
    max_norm = 1.5 if not ctx.fresh else round(float(rng.uniform(1.0, 3.0)), 4)
    above = _scaled_grads(rng, CLIP_SHAPES, max_norm * float(rng.uniform(1.5, 4.0)))
    max_norm_b = 5.0 if not ctx.fresh else round(float(rng.uniform(2.0, 6.0)), 4)
    below = _scaled_grads(rng, CLIP_SHAPES, max_norm_b * float(rng.uniform(0.1, 0.8)))
    return (above, max_norm), (below, max_norm_b)


def _clip_reply(ctx, grads, max_norm):
    res = as_dict(ctx.call_shared(drive_clip, grads, max_norm), T("clip_grad_norm"))
    what = T(f"clip_grad_norm(grads, max_norm={max_norm:g})")
    got_g = as_dict(res.get("grads"), what + T(": grads after the call", ": 호출 후 grads"))
    held = as_dict(res.get("held"), what + T(": the caller's arrays", ": 호출한 쪽의 배열"))
    in_dict = {k: expect.array(got_g.get(k), T(f"grads['{k}'] after clip_grad_norm", f"clip_grad_norm 후 grads['{k}']"),
                               shape=grads[k].shape, finite=False) for k in grads}
    arrays = {k: expect.array(held.get(k), T(f"the caller's array grads['{k}'] after clip_grad_norm",
                                             f"clip_grad_norm 후 호출한 쪽의 배열 grads['{k}']"), shape=grads[k].shape,
                              finite=False) for k in grads}
    return res, in_dict, arrays


def _flat(d, keys):
    return np.concatenate([np.asarray(d[k], dtype=np.float64).ravel() for k in keys])


def _clip_changed(grads, in_dict, arrays, max_norm):
    keys = list(grads)
    if np.array_equal(_flat(in_dict, keys), _flat(grads, keys)) and np.array_equal(_flat(arrays, keys), _flat(grads, keys)):
        raise Fail(T(f"clip_grad_norm(grads, max_norm={max_norm:g}) left gradients whose global norm exceeds max_norm "
                     f"unchanged, so this property cannot be checked",
                     f"clip_grad_norm(grads, max_norm={max_norm:g})가 전체 노름이 max_norm을 넘는 기울기를 그대로 두어 이 "
                     f"성질을 검사할 수 없습니다") + _known("clip_not_applied"), "clip_not_applied")
    if not (np.all(np.isfinite(_flat(in_dict, keys))) and np.all(np.isfinite(_flat(arrays, keys)))):
        raise Fail(T(f"clip_grad_norm(grads, max_norm={max_norm:g}) left NaN or infinite gradients, so this property "
                     f"cannot be checked",
                     f"clip_grad_norm(grads, max_norm={max_norm:g})가 NaN 또는 무한대 기울기를 남겨 이 성질을 검사할 수 "
                     f"없습니다"))


def _check_clipped_values(ctx, grads, max_norm):
    want = ctx.expected(drive_clip, grads, max_norm)
    _, in_dict, _ = _clip_reply(ctx, grads, max_norm)
    keys = list(grads)
    norm = float(want["ret"])
    got = _flat(in_dict, keys)
    want_flat = _flat(want["grads"], keys)
    if np.allclose(got, want_flat, rtol=CLIP_RTOL, atol=1e-12):
        return
    what = T(f"the gradients after clip_grad_norm(grads, max_norm={max_norm:g}) (global norm {norm:.6g})",
             f"clip_grad_norm(grads, max_norm={max_norm:g}) 후의 기울기 (전체 노름 {norm:.6g})")
    cands = {"clip_per_array": np.concatenate([grads[k].ravel() * min(1.0, max_norm / np.linalg.norm(grads[k]))
                                               for k in keys]),
             "clip_not_applied": _flat(grads, keys)}
    for key, cand in cands.items():
        if matches(got, cand, CLIP_RTOL, 1e-12):
            raise named_mistake(what, key)
    for k in keys:
        expect.close(in_dict[k], want["grads"][k], T(f"grads['{k}'] after clipping (global norm {norm:.6g} > max_norm "
                                                     f"{max_norm:g})", f"클리핑 후 grads['{k}'] (전체 노름 {norm:.6g} > "
                                                     f"max_norm {max_norm:g})"), rtol=CLIP_RTOL, atol=1e-12)


@clip.test(T("returns the global norm before clipping", "클리핑 전의 전체 노름을 반환"), points=1)
def _(ctx):
    for grads, max_norm in _clip_problem(ctx):
        want = float(ctx.expected(drive_clip, grads, max_norm)["ret"])
        res, _, _ = _clip_reply(ctx, grads, max_norm)
        expect.scalar_close(res.get("ret"), want,
                            T(f"clip_grad_norm(grads, max_norm={max_norm:g}) return value (global norm {want:.6g})",
                              f"clip_grad_norm(grads, max_norm={max_norm:g})의 반환값 (전체 노름 {want:.6g})"),
                            rtol=1e-9, mistakes={"clip_returns_clipped_norm": min(want, max_norm)} if want > max_norm else None)


@clip.test(T("norm above max_norm: every array scaled by one factor", "노름이 max_norm보다 큼: 모든 배열에 같은 비율"), points=1)
def _(ctx):
    (grads, max_norm), _ = _clip_problem(ctx)
    _check_clipped_values(ctx, grads, max_norm)


@clip.test(T("norm below max_norm: gradients left as they are", "노름이 max_norm보다 작음: 기울기를 그대로 둠"), points=0.5,
           requires=["returns the global norm before clipping"])
def _(ctx):
    (above, max_a), (grads, max_norm) = _clip_problem(ctx)
    _, in_a, arr_a = _clip_reply(ctx, above, max_a)
    _clip_changed(above, in_a, arr_a, max_a)
    want = ctx.expected(drive_clip, grads, max_norm)
    _, in_dict, _ = _clip_reply(ctx, grads, max_norm)
    keys = list(grads)
    got = _flat(in_dict, keys)
    if np.allclose(got, _flat(grads, keys), rtol=1e-12, atol=0):
        return
    norm = float(want["ret"])
    what = T(f"the gradients after clip_grad_norm(grads, max_norm={max_norm:g}) (global norm {norm:.6g} ≤ max_norm)",
             f"clip_grad_norm(grads, max_norm={max_norm:g}) 후의 기울기 (전체 노름 {norm:.6g} ≤ max_norm)")
    if matches(got, _flat(grads, keys) * max_norm / norm, CLIP_RTOL, 1e-12):
        raise named_mistake(what, "clip_always_rescales")
    for k in keys:
        expect.close(in_dict[k], grads[k], what + T(f": grads['{k}']"), rtol=1e-12, atol=0)


@clip.test(T("scales the caller's arrays in place", "호출한 쪽의 배열을 제자리에서 조정"), points=0.5,
           requires=["norm above max_norm: every array scaled by one factor"])
def _(ctx):
    (grads, max_norm), _ = _clip_problem(ctx)
    _, in_dict, arrays = _clip_reply(ctx, grads, max_norm)
    _clip_changed(grads, in_dict, arrays, max_norm)
    rebound = [k for k in grads if not np.array_equal(in_dict[k], arrays[k], equal_nan=True)]
    if rebound:
        raise Fail(T(f"after clip_grad_norm(grads, max_norm={max_norm:g}), grads['{rebound[0]}'] holds other values than "
                     f"the array the caller passed in (a new array was put in the dict): the caller's gradients were not "
                     f"scaled.", f"clip_grad_norm(grads, max_norm={max_norm:g}) 후 grads['{rebound[0]}']의 값이 호출한 "
                     f"쪽이 넘긴 배열과 다릅니다 (딕셔너리에 새 배열을 넣었습니다): 호출한 쪽의 기울기는 조정되지 않았습니다.")
                   + _known("clip_rebinds_grads"), "clip_rebinds_grads")


@clip.test(T("fresh shapes: clipped values", "새 형상: 클리핑된 값"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    shapes = {f"g{i}": tuple(int(d) for d in rng.integers(1, 6, size=int(rng.integers(1, 4))))
              for i in range(int(rng.integers(2, 6)))}
    max_norm = round(float(rng.uniform(1.0, 4.0)), 4)
    _check_clipped_values(ctx, _scaled_grads(rng, shapes, max_norm * float(rng.uniform(1.2, 10.0))), max_norm)


# ========================================================================================== initializers
fans = A.exercise("initializers.fan_in_fan_out", targets=["initializers.fan_in_fan_out"],
                  title=T("fan_in and fan_out of a weight shape", "가중치 형상의 fan_in과 fan_out"),
                  hint=T("fan_in is how many inputs one output unit sees, fan_out how many outputs one input feeds. An "
                         "Affine weight (in, out) has fans in and out. A kernel (FN, C, FH, FW): one output value sees "
                         "C·FH·FW inputs and one input value reaches FN·FH·FW outputs. Give back two Python ints.",
                         "fan_in은 출력 유닛 하나가 보는 입력 수, fan_out은 입력 하나가 닿는 출력 수입니다. Affine 가중치 "
                         "(in, out)의 fan은 in과 out입니다. 필터 (FN, C, FH, FW): 출력 값 하나는 입력 C·FH·FW개를 보고, 입력 "
                         "값 하나는 출력 FN·FH·FW개에 닿습니다. 파이썬 정수 두 개로 돌려주세요."))


def _check_fans(ctx, shapes):
    want = ctx.expected(drive_fans, shapes)
    got = ctx.call(drive_fans, shapes)
    if not isinstance(got, list) or len(got) != len(shapes):
        raise Fail(T("fan_in_fan_out did not return a value for every shape", "fan_in_fan_out이 형상마다 값을 반환하지 않았습니다"))
    for shape, g, w in zip(shapes, got, want):
        what = T(f"fan_in_fan_out({tuple(shape)})")
        g = expect.unwrap(g)
        if not isinstance(g, (list, tuple)) or len(g) != 2:
            raise Fail(T(f"{what.en}: expected a pair (fan_in, fan_out), got {g!r}",
                         f"{what.ko}: (fan_in, fan_out) 쌍이어야 하는데 {g!r}입니다"))
        pair = (expect.integer(g[0], what), expect.integer(g[1], what))
        w = (int(w[0]), int(w[1]))
        if pair == w:
            continue
        key = None
        if pair == (w[1], w[0]):
            key = "fans_swapped"
        elif len(shape) == 4 and pair in ((shape[1], shape[0]), (shape[0], shape[1])):
            key = "conv_fans_without_kernel"
        msg = T(f"{what.en} returned {pair}, expected {w}", f"{what.ko}이(가) {pair}을(를) 반환했는데 {w}이어야 합니다")
        if key:
            msg = msg + T(".") + _known(key)
        raise Fail(msg, key)


def _random_matrix(rng):
    a, b = int(rng.integers(2, 900)), int(rng.integers(2, 900))
    return [a, b if b != a else a + 1]


def _random_kernel(rng):
    fn, c = int(rng.integers(2, 64)), int(rng.integers(1, 64))
    return [fn, c if c != fn else fn + 1, int(rng.integers(2, 8)), int(rng.integers(1, 8))]


@fans.test(T("Affine matrices (in, out)", "Affine 행렬 (in, out)"), points=1)
def _(ctx):
    _check_fans(ctx, [[784, 100], [3, 7], [50, 10], _random_matrix(ctx.rng)])


@fans.test(T("conv kernels (FN, C, FH, FW)", "합성곱 필터 (FN, C, FH, FW)"), points=2)
def _(ctx):
    _check_fans(ctx, [[30, 1, 5, 5], [16, 8, 3, 2], [4, 3, 7, 7], _random_kernel(ctx.rng)])


@fans.test(T("fresh shapes", "새 형상"), points=1, hidden=True)
def _(ctx):
    _check_fans(ctx, [_random_matrix(ctx.rng), _random_kernel(ctx.rng)])


# init specs: name -> (distribution, std(fi, fo), Korean title, hint, mistakes(fi, fo) -> [(key, std)])
KURT = {"normal": 3.0, "uniform": 1.8}

CLASH = T(" (lecun_uniform accepts two bounds: the kit's a = √(3/fan_in), whose variance 1/fan_in matches lecun_normal, "
          "and the bound printed in the CNN blog post (document 002), √(1/n_in), whose variance is only 1/(3·n_in); the "
          "two sources clash, both are graded as right)",
          " (lecun_uniform은 두 경계를 인정합니다: 분산이 lecun_normal과 같은 1/fan_in인 키트의 a = √(3/fan_in)과, CNN 블로그 "
          "글(문서 002)에 인쇄된 √(1/n_in) (분산은 1/(3·n_in)뿐); 두 자료가 서로 다르므로 둘 다 정답으로 채점합니다)")

INITS = {
    "lecun_normal": ("normal", lambda fi, fo: math.sqrt(1 / fi), "르쿤 정규 분포 초기화",
                     T("LeCun normal keeps the variance of a unit's weighted sum equal to that of its inputs: draw from "
                       "a normal distribution with mean 0 and variance 1/fan_in (std √(1/fan_in)), with fan_in from "
                       "fan_in_fan_out and the generator rng you are given. The book calls this std 1/√n “Xavier”.",
                       "LeCun 정규 초기화는 유닛의 가중합 분산을 입력의 분산과 같게 유지합니다: 평균 0, 분산 1/fan_in "
                       "(표준편차 √(1/fan_in))인 정규 분포에서, fan_in_fan_out의 fan_in과 전달받은 생성기 rng로 뽑습니다. 책은 "
                       "이 1/√n 표준편차를 “Xavier”라 부릅니다."),
                     lambda fi, fo: [("init_uses_fan_out", math.sqrt(1 / fo)), ("init_variance_as_std", 1 / fi)]),
    "lecun_uniform": ("uniform", lambda fi, fo: math.sqrt(1 / fi), "르쿤 균등 분포 초기화",
                      T("The uniform version of LeCun: U(−a, a) has variance a²/3, so a = √(3/fan_in) gives the variance "
                        "1/fan_in of lecun_normal (as Xavier's √(6/(fan_in+fan_out)) and He's √(6/fan_in) are √3 times "
                        "their normal std). The CNN blog post (document 002) prints a = √(1/n_in), a third of that "
                        "variance: the sources clash, and both bounds are accepted.",
                        "LeCun의 균등 분포 버전: U(−a, a)의 분산은 a²/3이므로 a = √(3/fan_in)이면 lecun_normal과 같은 분산 "
                        "1/fan_in이 됩니다 (Xavier의 √(6/(fan_in+fan_out)), He의 √(6/fan_in)이 정규 표준편차의 √3배인 것과 "
                        "같습니다). CNN 블로그 글(문서 002)은 a = √(1/n_in)을 인쇄했는데 분산이 그 1/3입니다: 자료가 서로 "
                        "달라 두 경계를 모두 인정합니다."),
                      lambda fi, fo: [("init_uses_fan_out", math.sqrt(1 / fo)),   # bound 3/fan_in or 1/fan_in: no root
                                     ("init_variance_as_std", math.sqrt(3) / fi),
                                     ("init_variance_as_std", 1 / fi / math.sqrt(3))]),
    "xavier_normal": ("normal", lambda fi, fo: math.sqrt(2 / (fi + fo)), "세이비어(글로럿) 정규 분포 초기화",
                      T("Glorot (Xavier) balances the forward and the backward pass: normal with mean 0 and variance "
                        "2/(fan_in + fan_out), as in the study-group slides and the CNN blog post. The book's “Xavier” "
                        "(std 1/√n) is lecun_normal in this kit.",
                        "Glorot(Xavier)는 순전파와 역전파의 균형을 맞춥니다: 평균 0, 분산 2/(fan_in + fan_out)인 정규 분포 "
                        "(스터디 슬라이드, CNN 블로그 글). 책의 “Xavier”(표준편차 1/√n)는 이 키트에서 lecun_normal입니다."),
                      lambda fi, fo: [("xavier_book_std", math.sqrt(1 / fi)), ("init_variance_as_std", 2 / (fi + fo))]),
    "xavier_uniform": ("uniform", lambda fi, fo: math.sqrt(2 / (fi + fo)), "세이비어(글로럿) 균등 분포 초기화",
                       T("Glorot uniform: U(−a, a) with the variance 2/(fan_in + fan_out) of xavier_normal; since U(−a, a) "
                         "has variance a²/3, a = √(6/(fan_in + fan_out)).",
                         "Glorot 균등 분포: xavier_normal과 같은 분산 2/(fan_in + fan_out)의 U(−a, a); U(−a, a)의 분산이 "
                         "a²/3이므로 a = √(6/(fan_in + fan_out))."),
                       lambda fi, fo: [("init_uniform_bound_is_std", math.sqrt(2 / (fi + fo)) / math.sqrt(3)),
                                       ("xavier_book_std", math.sqrt(1 / fi)),
                                       ("init_variance_as_std", 6 / (fi + fo) / math.sqrt(3))]),
    "he_normal": ("normal", lambda fi, fo: math.sqrt(2 / fi), "He 정규 분포 초기화",
                  T("He initialization is made for ReLU, which zeroes half of its inputs, so the variance is doubled: "
                    "normal with mean 0 and variance 2/fan_in (std √(2/fan_in)).",
                    "He 초기화는 입력의 절반을 0으로 만드는 ReLU를 위한 것이라 분산을 두 배로 합니다: 평균 0, 분산 "
                    "2/fan_in (표준편차 √(2/fan_in))인 정규 분포."),
                  lambda fi, fo: [("init_uses_fan_out", math.sqrt(2 / fo)), ("init_variance_as_std", 2 / fi),
                                  ("init_he_missing_factor_2", math.sqrt(1 / fi))]),
    "he_uniform": ("uniform", lambda fi, fo: math.sqrt(2 / fi), "He 균등 분포 초기화",
                   T("He uniform: U(−a, a) with the variance 2/fan_in of he_normal, so a = √(6/fan_in) (U(−a, a) has "
                     "variance a²/3).",
                     "He 균등 분포: he_normal과 같은 분산 2/fan_in의 U(−a, a), 따라서 a = √(6/fan_in) (U(−a, a)의 분산은 "
                     "a²/3)."),
                   lambda fi, fo: [("init_uses_fan_out", math.sqrt(2 / fo)),
                                   ("init_uniform_bound_is_std", math.sqrt(2 / fi) / math.sqrt(3)),
                                   ("init_he_missing_factor_2", math.sqrt(1 / fi)),
                                   ("init_variance_as_std", 6 / fi / math.sqrt(3))]),
}
LECUN_DOC002_STD = lambda fi: math.sqrt(1 / fi) / math.sqrt(3)  # noqa: E731  U(±√(1/n_in)) of document 002


def _rel_se_std(n, kappa):
    """Relative standard error of a sample std of n draws from a distribution of kurtosis kappa."""
    return math.sqrt((kappa - 1) / (4 * n))


def _init_problem(ctx):
    """The draws the statistics tests share: a square matrix (scale), a non-square matrix and a kernel (fans), a small
    matrix drawn with rng=None."""
    rng = _shared_rng(ctx, "init")
    if ctx.fresh:
        n = int(rng.integers(120, 170))
        square = [n, n]
        nonsq = [int(rng.integers(200, 320)), int(rng.integers(35, 70))]
        kernel = [int(rng.integers(48, 96)), int(rng.integers(8, 16)), 3, 3]
        seeds = [int(s) for s in rng.integers(1, 2 ** 30, size=3)]
    else:
        square, nonsq, kernel, seeds = [160, 160], [240, 50], [64, 12, 3, 3], [11, 12, 13]
    small = [int(rng.integers(5, 9)), int(rng.integers(3, 7))]
    return [(square, seeds[0]), (nonsq, seeds[1]), (kernel, seeds[2]), (small, None)]


def _init_draws(ctx, name):
    calls = _init_problem(ctx)
    got = ctx.call_shared(drive_inits, name, [[list(s), seed] for s, seed in calls])
    if not isinstance(got, list) or len(got) != len(calls):
        raise Fail(T(f"{name}: expected one array per call", f"{name}: 호출마다 배열 하나가 있어야 합니다"))
    return calls, got


def _draw(name, w, shape, seed) -> np.ndarray:
    rng_text = "rng=None" if seed is None else f"rng=default_rng({seed})"
    what = T(f"{name}({tuple(shape)}, {rng_text})")
    w = expect.array(w, what, shape=tuple(shape))
    if float(np.ptp(w)) == 0.0:
        raise Fail(T(f"{what.en}: every value is {float(w.flat[0]):.6g}; weights must be random (equal weights keep the "
                     f"units of a layer identical)",
                     f"{what.ko}: 모든 값이 {float(w.flat[0]):.6g}입니다; 가중치는 무작위여야 합니다 (같은 가중치는 한 층의 "
                     f"유닛들을 똑같이 만듭니다)"))
    return w


def _fans_of(ctx, shapes):
    return [(int(f[0]), int(f[1])) for f in ctx.expected(drive_fans, [list(s) for s in shapes])]


def _check_scale(name, w, shape, fi, fo, seed):
    """The sample std of a square matrix's draws against the formula (K_SE standard errors)."""
    dist, std_fn, _, _, cand_fn = INITS[name]
    what = T(f"{name}({tuple(shape)}, rng=default_rng({seed}))")
    n = w.size
    s = float(w.std())
    sigma = std_fn(fi, fo)
    tol = K_SE * _rel_se_std(n, KURT[dist])
    accepted = [sigma] + ([LECUN_DOC002_STD(fi)] if name == "lecun_uniform" else [])
    if any(abs(s / a - 1) <= tol for a in accepted):
        return
    extra = CLASH if name == "lecun_uniform" else T("")
    msg = T(f"{what.en}: sample std {s:.5g}, expected {sigma:.5g} (fan_in = fan_out = {fi}, n = {n} draws; tolerance "
            f"±{tol:.2%}, {K_SE} standard errors of a sample std){extra.en}",
            f"{what.ko}: 표본 표준편차 {s:.5g}, 기대값 {sigma:.5g} (fan_in = fan_out = {fi}, 표본 {n}개; 허용 ±{tol:.2%}, "
            f"표본 표준편차의 표준오차 {K_SE}배){extra.ko}")
    for key, cs in cand_fn(fi, fo):
        if abs(s / cs - 1) <= tol:
            raise Fail(msg + T(".") + _known(key), key)
    raise Fail(msg)


def _init_exercise(name):
    dist, std_fn, title_ko, hint, cand_fn = INITS[name]
    ex = A.exercise(f"initializers.{name}", targets=[f"initializers.{name}", "initializers.fan_in_fan_out"],
                    title=T(name, title_ko), hint=hint)
    kappa = KURT[dist]

    @ex.test(T("returns an array of the requested shape (with and without rng)", "요청한 형상의 배열을 반환 (rng 유무)"),
             points=0.5, requires=["scale: std of a square matrix"])
    def _(ctx):
        calls, got = _init_draws(ctx, name)
        for (shape, seed), w in zip(calls, got):
            _draw(name, w, shape, seed)

    @ex.test(T("scale: std of a square matrix", "크기: 정사각 행렬의 표준편차"), points=1)
    def _(ctx):
        calls, got = _init_draws(ctx, name)
        shape, seed = calls[0]
        w = _draw(name, got[0], shape, seed)
        (fi, fo), = _fans_of(ctx, [shape])
        _check_scale(name, w, shape, fi, fo, seed)

    @ex.test(T("mean 0", "평균 0"), points=0.5, requires=["scale: std of a square matrix"])
    def _(ctx):
        calls, got = _init_draws(ctx, name)
        shape, seed = calls[0]
        w = _draw(name, got[0], shape, seed)
        n, s, mean = w.size, float(w.std()), float(w.mean())
        tol = K_SE * s / math.sqrt(n)
        if abs(mean) > tol:
            raise Fail(T(f"{name}({tuple(shape)}, rng=default_rng({seed})): sample mean {mean:.4g}, expected 0 (tolerance "
                         f"±{tol:.3g} = {K_SE}·s/√n with the sample std s = {s:.4g}, n = {n})",
                         f"{name}({tuple(shape)}, rng=default_rng({seed})): 표본 평균 {mean:.4g}, 기대값 0 (허용 ±{tol:.3g} = "
                         f"{K_SE}·s/√n, 표본 표준편차 s = {s:.4g}, n = {n})"))

    @ex.test(T(f"distribution: {dist}", f"분포: {'정규' if dist == 'normal' else '균등'}"), points=0.5,
             requires=["scale: std of a square matrix"])
    def _(ctx):
        calls, got = _init_draws(ctx, name)
        shape, seed = calls[0]
        w = _draw(name, got[0], shape, seed)
        what = T(f"{name}({tuple(shape)}, rng=default_rng({seed}))")
        n, s, mean = w.size, float(w.std()), float(w.mean())
        kurt = float(np.mean((w - mean) ** 4) / s ** 4)
        tol_k = K_SE * math.sqrt(24 / n)
        if abs(kurt - kappa) > tol_k:
            other = "uniform" if dist == "normal" else "normal"
            msg = T(f"{what.en}: the draws do not look {dist} (sample kurtosis {kurt:.3f}; a {dist} distribution has "
                    f"{kappa}, a {other} one {KURT[other]}; tolerance ±{tol_k:.3f})",
                    f"{what.ko}: {'정규' if dist == 'normal' else '균등'} 분포로 보이지 않습니다 (표본 첨도 {kurt:.3f}; "
                    f"{dist} 분포는 {kappa}, {other} 분포는 {KURT[other]}; 허용 ±{tol_k:.3f})")
            if abs(kurt - KURT[other]) <= tol_k:
                raise Fail(msg + T(".") + _known("init_wrong_distribution"), "init_wrong_distribution")
            raise Fail(msg)
        if dist == "uniform":
            # U(−a, a): a = √3·σ; max|w| lies within a·(1 − 20/n) … a (P(below) = e⁻²⁰), σ estimated by s
            top = float(np.max(np.abs(w)))
            tol_s = K_SE * _rel_se_std(n, kappa)
            low, high = math.sqrt(3) * s * (1 - 20 / n) * (1 - tol_s), math.sqrt(3) * s * (1 + tol_s)
            if not low <= top <= high:
                raise Fail(T(f"{what.en}: the largest |value| is {top:.6g}; uniform draws with the sample std s = {s:.6g} "
                             f"lie within ±√3·s = ±{math.sqrt(3) * s:.6g} and reach close to it (accepted {low:.6g} … "
                             f"{high:.6g})",
                             f"{what.ko}: 가장 큰 |값|이 {top:.6g}입니다; 표본 표준편차 s = {s:.6g}인 균등 분포는 ±√3·s = "
                             f"±{math.sqrt(3) * s:.6g} 안에 있고 그 가까이까지 닿습니다 (허용 {low:.6g} … {high:.6g})"))

    @ex.test(T("fans: the scale follows fan_in / fan_out (non-square matrix, kernel)",
               "fan: 크기가 fan_in / fan_out을 따름 (정사각이 아닌 행렬, 필터)"), points=1)
    def _(ctx):
        calls, got = _init_draws(ctx, name)
        (sq, sq_seed) = calls[0]
        wq = _draw(name, got[0], sq, sq_seed)
        fans_all = _fans_of(ctx, [c[0] for c in calls[:3]])
        fq = fans_all[0]
        sq_std = float(wq.std())
        se_q = _rel_se_std(wq.size, kappa)
        for (shape, seed), w, (fi, fo) in zip(calls[1:3], got[1:3], fans_all[1:3]):
            w = _draw(name, w, shape, seed)
            ratio = float(w.std()) / sq_std
            want = std_fn(fi, fo) / std_fn(*fq)
            tol = K_SE * math.sqrt(se_q ** 2 + _rel_se_std(w.size, kappa) ** 2)
            if abs(ratio / want - 1) <= tol:
                continue
            msg = T(f"{name}: the std on {tuple(shape)} (fan_in = {fi}, fan_out = {fo}) is {ratio:.4g} times the std on "
                    f"the square {tuple(sq)} (fan_in = fan_out = {fq[0]}); the formula gives {want:.4g} (tolerance "
                    f"±{tol:.2%}, {K_SE} standard errors). The scale does not follow the fans as the formula says",
                    f"{name}: {tuple(shape)} (fan_in = {fi}, fan_out = {fo})의 표준편차가 정사각 {tuple(sq)} "
                    f"(fan_in = fan_out = {fq[0]})의 {ratio:.4g}배인데, 공식으로는 {want:.4g}배입니다 (허용 ±{tol:.2%}, "
                    f"표준오차 {K_SE}배). 크기가 공식대로 fan을 따르지 않습니다")
            cands = [(key, a / b) for (key, a), (_, b) in zip(cand_fn(fi, fo), cand_fn(*fq))]
            if len(shape) == 4:   # fans (C, FN) instead of (C·FH·FW, FN·FH·FW)
                cands.append(("conv_fans_without_kernel", std_fn(shape[1], shape[0]) / std_fn(*fq)))
            cands.append(("fans_swapped", std_fn(fo, fi) / std_fn(*fq)))
            for key, cr in cands:
                if abs(ratio / cr - 1) <= tol and abs(cr / want - 1) > tol:
                    raise Fail(msg + T(".") + _known(key), key)
            raise Fail(msg)

    @ex.test(T("reproducible with a seeded rng", "시드를 준 rng로 재현 가능"), points=1,
             requires=["scale: std of a square matrix"])
    def _(ctx):
        rng = ctx.rng
        shape = [int(rng.integers(15, 30)), int(rng.integers(15, 30))]
        seed = int(rng.integers(1, 2 ** 30))
        draws = ctx.call(drive_init_repro, name, shape, seed)
        if not isinstance(draws, list) or len(draws) != 3:
            raise Fail(T(f"{name}: expected three arrays", f"{name}: 배열 세 개가 있어야 합니다"))
        a0, a1, a2 = (_draw(name, d, shape, s) for d, s in zip(draws, (seed, seed, seed + 1)))
        if not np.array_equal(a0, a1):
            raise Fail(T(f"{name}({tuple(shape)}): two calls, each with a generator np.random.default_rng({seed}), gave "
                         f"different weights.",
                         f"{name}({tuple(shape)}): 각각 np.random.default_rng({seed}) 생성기를 준 두 호출이 다른 가중치를 "
                         f"주었습니다.") + _known("init_ignores_rng"), "init_ignores_rng")
        if np.array_equal(a0, a2):
            raise Fail(T(f"{name}({tuple(shape)}): generators seeded {seed} and {seed + 1} gave the same weights: the draws "
                         f"must come from rng.",
                         f"{name}({tuple(shape)}): 시드 {seed}와 {seed + 1}의 생성기가 같은 가중치를 주었습니다: rng에서 "
                         f"뽑아야 합니다.") + _known("init_ignores_rng"), "init_ignores_rng")

    @ex.test(T("scale on a fresh square matrix", "새 정사각 행렬에서의 크기"), points=0.5, hidden=True)
    def _(ctx):
        rng = ctx.rng
        n = int(rng.integers(120, 200))
        seed = int(rng.integers(1, 2 ** 30))
        got = ctx.call(drive_inits, name, [[[n, n], seed]])
        if not isinstance(got, list) or len(got) != 1:
            raise Fail(T(f"{name}: expected one array", f"{name}: 배열 하나가 있어야 합니다"))
        w = _draw(name, got[0], [n, n], seed)
        (fi, fo), = _fans_of(ctx, [[n, n]])
        _check_scale(name, w, [n, n], fi, fo, seed)

    return ex


for _name in INITS:
    _init_exercise(_name)


# ========================================================================================== schedules
SCHED_RTOL = 1e-9


def _check_schedule(ctx, name, steps, args, *, candidates=None):
    want = np.array([float(v) for v in ctx.expected(drive_schedule, name, steps, args)])
    cands = _candidates(ctx, candidates) if candidates else {}
    got = _schedule_reply(ctx, name, steps, args)
    ok = np.isclose(got, want, rtol=SCHED_RTOL, atol=1e-15)
    if ok.all():
        return
    call = f"{name}(step, {', '.join(repr(a) for a in args)})"
    what = T(f"{call} at steps {steps}", f"스텝 {steps}에서의 {call}")
    for key, cand in cands.items():
        if matches(got, _value(cand), SCHED_RTOL, 1e-15):
            raise named_mistake(what, key)
    i = int(np.argmin(ok))
    raise Fail(T(f"{call} at step {steps[i]}: got {got[i]:.10g}, expected {want[i]:.10g} "
                 f"({int((~ok).sum())} of {len(steps)} steps wrong; tolerance {SCHED_RTOL:g} relative)",
                 f"step {steps[i]}에서 {call}: {got[i]:.10g}, 기대값 {want[i]:.10g} "
                 f"({len(steps)}개 스텝 중 {int((~ok).sum())}개 틀림; 상대 허용 오차 {SCHED_RTOL:g})"))


def _schedule_reply(ctx, name, steps, args) -> np.ndarray:
    got_list = ctx.call(drive_schedule, name, steps, args)
    call = f"{name}(step, {', '.join(repr(a) for a in args)})"
    if not isinstance(got_list, list) or len(got_list) != len(steps):
        raise Fail(T(f"{call} did not return a value for every step", f"{call}이(가) 스텝마다 값을 반환하지 않았습니다"))
    return np.array([expect.scalar(v, T(f"{call} at step {s}", f"step {s}에서 {call}")) for v, s in zip(got_list, steps)])


def _schedule_values(ctx, name, steps, args):
    return np.array([float(v) for v in ctx.expected(drive_schedule, name, steps, args)])


def _random_steps(rng, low, high, k):
    return sorted({int(s) for s in rng.integers(low, high, size=k)})


exp_ex = A.exercise("schedules.exponential_decay", targets=["schedules.exponential_decay"],
                    title=T("exponential decay", "지수 감쇠"),
                    hint=T("The rate shrinks by the factor decay_rate over every decay_steps steps, smoothly in between: "
                           "initial_lr · decay_rate^(step / decay_steps) with a true (not floored) division, as Keras' "
                           "ExponentialDecay in the Keras regularization blog post (document 003).",
                           "학습률은 decay_steps 스텝마다 decay_rate배가 되고 그 사이에서는 매끄럽게 줄어듭니다: "
                           "initial_lr · decay_rate^(step / decay_steps), 나눗셈은 내림 없는 진짜 나눗셈 (Keras 규제 블로그 "
                           "글(문서 003)의 Keras ExponentialDecay)."))


def _exp_check(ctx, steps, args):
    lr, ds, rate = args
    _check_schedule(ctx, "exponential_decay", steps, args, candidates=lambda: {
        "exp_decay_staircase": lambda: _schedule_values(ctx, "step_decay", steps, [lr, rate, ds]),
        "exp_decay_per_step": lambda: _schedule_values(ctx, "exponential_decay", steps, [lr, 1, rate])})


def _exp_args(ctx, rng):
    if not ctx.fresh:
        return [0.1, 100, 0.5]
    return [round(float(rng.uniform(0.001, 1)), 4), int(rng.integers(20, 400)), round(float(rng.uniform(0.1, 0.95)), 3)]


@exp_ex.test(T("values at steps 0 … 25·decay_steps (continuous, no staircase)",
               "스텝 0 … 25·decay_steps에서의 값 (계단 없이 연속)"), points=2)
def _(ctx):
    rng = ctx.rng
    lr, ds, rate = args = _exp_args(ctx, rng)
    steps = sorted({0, 1, 5, int(0.37 * ds), ds // 2, ds, int(1.5 * ds), int(2.5 * ds), 10 * ds, 25 * ds}
                   | set(_random_steps(rng, 1, 10 * ds, 4)))
    _exp_check(ctx, steps, args)


@exp_ex.test(T("fresh steps and parameters", "새 스텝과 매개변수"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    ds = int(rng.integers(5, 500))
    steps = [0] + _random_steps(rng, 1, 10 * ds, 8)
    _exp_check(ctx, steps, [round(float(rng.uniform(0.001, 1)), 4), ds, round(float(rng.uniform(0.1, 0.95)), 3)])


cos_ex = A.exercise("schedules.cosine_decay", targets=["schedules.cosine_decay"], title=T("cosine decay", "코사인 감쇠"),
                    hint=T("The rate follows half a cosine from initial_lr down to alpha·initial_lr: with the step s clipped "
                           "at decay_steps (the smaller of step and decay_steps), the rate is initial_lr · ((1 − alpha)·½(1 + "
                           "cos(π·s/decay_steps)) + alpha), and it stays at alpha·initial_lr after decay_steps (the Keras "
                           "regularization blog post, document 003).",
                           "학습률은 initial_lr에서 alpha·initial_lr까지 코사인 반 주기를 따라 내려갑니다: decay_steps에서 자른 "
                           "스텝 s(step과 decay_steps 중 작은 값)로 initial_lr · ((1 − alpha)·½(1 + cos(π·s/decay_steps)) + alpha)"
                           "이고, decay_steps 이후에는 alpha·initial_lr로 유지됩니다 (Keras 규제 블로그 글, 문서 003)."))


def _cos_args(ctx, rng):
    if not ctx.fresh:
        return [0.1, 1000, 0.1]
    return [round(float(rng.uniform(0.001, 1)), 4), int(rng.integers(10, 1000)), round(float(rng.uniform(0.05, 0.3)), 3)]


def _cos_check(ctx, steps, args):
    lr, ds, alpha = args
    _check_schedule(ctx, "cosine_decay", steps, args, candidates=lambda: {
        "cosine_alpha_ignored": lambda: _schedule_values(ctx, "cosine_decay", steps, [lr, ds, 0.0])})


@cos_ex.test(T("values within the decay period", "감쇠 기간 안의 값"), points=1.5)
def _(ctx):
    rng = ctx.rng
    lr, ds, alpha = args = _cos_args(ctx, rng)
    steps = sorted({0, 1, ds // 100, ds // 4, ds // 2, (3 * ds) // 4, ds - 1, ds} | set(_random_steps(rng, 1, ds, 4)))
    _cos_check(ctx, steps, args)


@cos_ex.test(T("past decay_steps the rate stays at its final value", "decay_steps 이후 학습률이 마지막 값에 머무름"),
             points=0.5, requires=["values within the decay period"])
def _(ctx):
    rng = ctx.rng
    lr, ds, alpha = args = _cos_args(ctx, rng)
    past = sorted({ds + 1, int(1.5 * ds), 2 * ds, 5 * ds} | set(_random_steps(rng, ds + 1, 5 * ds, 3)))
    steps = [0, ds] + past
    want = _schedule_values(ctx, "cosine_decay", [0, ds], args)
    got = _schedule_reply(ctx, "cosine_decay", steps, args)
    call = f"cosine_decay(step, {lr!r}, {ds!r}, {alpha!r})"
    if not math.isclose(got[0], want[0], rel_tol=SCHED_RTOL) or not got[1] < got[0] * (1 - 1e-9):
        raise Fail(T(f"{call}: the rate at step 0 is {got[0]:.10g} (expected {want[0]:.10g}) and at decay_steps "
                     f"{got[1]:.10g}: the schedule does not decay, so what happens after decay_steps cannot be checked",
                     f"{call}: step 0의 학습률이 {got[0]:.10g} (기대값 {want[0]:.10g}), decay_steps에서 {got[1]:.10g}입니다: "
                     f"감쇠하지 않으므로 decay_steps 이후를 검사할 수 없습니다"))
    ok = np.isclose(got[2:], got[1], rtol=SCHED_RTOL, atol=1e-15)
    if ok.all():
        return
    i = int(np.argmin(ok))
    raise Fail(T(f"{call}: at step {past[i]} (past decay_steps = {ds}) the rate is {got[2 + i]:.10g}, but at decay_steps it "
                 f"was {got[1]:.10g}; it must stay there.",
                 f"{call}: step {past[i]} (decay_steps = {ds} 이후)의 학습률이 {got[2 + i]:.10g}인데 decay_steps에서는 "
                 f"{got[1]:.10g}이었습니다; 그 값에 머물러야 합니다.") + _known("cosine_not_clipped"), "cosine_not_clipped")


@cos_ex.test(T("fresh steps and parameters", "새 스텝과 매개변수"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    ds = int(rng.integers(10, 1000))
    steps = [0, ds] + _random_steps(rng, 1, ds, 8)
    _cos_check(ctx, steps, [round(float(rng.uniform(0.001, 1)), 4), ds, round(float(rng.uniform(0.01, 0.3)), 3)])


step_ex = A.exercise("schedules.step_decay", targets=["schedules.step_decay"], title=T("step decay", "계단식 감쇠"),
                     hint=T("A staircase: the rate is multiplied by drop once for every COMPLETED stair of length every, "
                            "initial_lr · drop^⌊step / every⌋; steps 0 … every − 1 use initial_lr and the first drop "
                            "happens when step reaches every.",
                            "계단 모양: 길이 every인 계단을 다 지날 때마다 학습률에 drop을 한 번 곱합니다, "
                            "initial_lr · drop^⌊step / every⌋; 0 … every − 1 스텝은 initial_lr이고 첫 감소는 step이 every에 이를 때."))


def _step_check(ctx, steps, args):
    lr, drop, every = args
    _check_schedule(ctx, "step_decay", steps, args, candidates=lambda: {
        "step_decay_no_floor": lambda: _schedule_values(ctx, "exponential_decay", steps, [lr, every, drop]),
        "step_decay_off_by_one": lambda: _schedule_values(ctx, "step_decay", [s + 1 for s in steps], args)})


@step_ex.test(T("values at steps 0 … 10·every (a staircase)", "스텝 0 … 10·every에서의 값 (계단 모양)"), points=2)
def _(ctx):
    rng = ctx.rng
    if ctx.fresh:
        args = [round(float(rng.uniform(0.001, 1)), 4), round(float(rng.uniform(0.1, 0.9)), 3), int(rng.integers(3, 50))]
    else:
        args = [0.1, 0.5, 10]
    every = args[2]
    steps = sorted({0, 1, every // 2, every - 1, every, every + 1, 2 * every - 1, 2 * every, int(2.5 * every),
                    int(5.5 * every), 10 * every} | set(_random_steps(rng, 1, 10 * every, 4)))
    _step_check(ctx, steps, args)


@step_ex.test(T("fresh steps and parameters", "새 스텝과 매개변수"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    every = int(rng.integers(2, 50))
    steps = sorted({0, every - 1, every, 3 * every} | set(_random_steps(rng, 1, 10 * every, 6)))
    _step_check(ctx, steps, [round(float(rng.uniform(0.001, 1)), 4), round(float(rng.uniform(0.1, 0.9)), 3), every])
