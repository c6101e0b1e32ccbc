"""Checks of a03_optimization: update rules (SGD … Adam), gradient clipping, weight initializers, LR schedules.

How the checks work:

* **optimizers**: a driver runs ``update`` several times on a dict of arrays of different shapes and records the
  values of the CALLER's arrays after every step (the objects it passed in). They are compared with the reference
  trajectory. An update that rebinds ``params[key] = …`` leaves the caller's arrays unchanged and fails with its
  own message. Known wrong rules are named by comparing the trajectory with the reference run under changed
  hyperparameters (e.g. ``lr → −lr`` is "moving uphill"; RMSprop without forgetting is AdaGrad) or with a small
  simulation of the wrong rule. Some gradient entries are exactly 0 (dead units), which is where a missing
  ``eps`` shows (0/0 = NaN). Every optimizer also walks f(x, y) = x²/20 + y² from (−7, 2) (document 004).
* **initializers**: statistics of large draws. With n samples the tolerances are k = 6 standard errors:
  mean ± 6·σ/√n; the sample std within a relative 6·√((κ − 1)/(4n)) (κ the kurtosis: 3 normal, 1.8 uniform);
  kurtosis within 6·√(24/n) (the normal's standard error; the uniform's is smaller, so this is conservative).
  Uniform draws never exceed the bound a and reach above a·(1 − 20/n) (P(max < a(1 − 20/n)) = (1 − 20/n)^n ≈ e⁻²⁰).
  Draws are reproducible with a seeded rng; the order of the student's draws is never relied on.
* **schedules**: values at many steps (0, inside and past the decay period) against the reference.
"""
from __future__ import annotations

import math

import numpy as np

from .. import expect
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
        "`params[key] = params[key] - …` puts a NEW array in the dict; the caller's array (and the layers of a "
        "network, which hold it) keeps the old values. Update in place: `params[key] -= …` or `params[key][...] = …`.",
        "`params[key] = params[key] - …`는 딕셔너리에 새 배열을 넣을 뿐이라 호출한 쪽의 배열(그리고 그 배열을 가진 "
        "신경망의 계층)은 예전 값 그대로입니다. 제자리에서 갱신하세요: `params[key] -= …` 또는 `params[key][...] = …`.")
mistake("opt_uphill", "the update moves uphill (sign of the gradient term flipped)", "갱신이 오르막으로 감 (기울기 항의 부호가 반대)",
        "The parameters move along +gradient, so the loss grows. The gradient term must be subtracted: W ← W − η·g "
        "(for momentum: v ← αv − η·g, then W ← W + v).",
        "매개변수가 +기울기 방향으로 움직여 손실이 커집니다. 기울기 항은 빼야 합니다: W ← W − η·g "
        "(모멘텀은 v ← αv − η·g 다음 W ← W + v).")
mistake("opt_hyperparams_ignored", "constructor arguments ignored (default values used)", "생성자 인자를 무시함 (기본값 사용)",
        "The trajectory is the one of the DEFAULT hyperparameters: use self.lr, self.momentum, … that __init__ stored, "
        "not fixed numbers.",
        "경로가 기본 하이퍼파라미터의 것과 같습니다: 고정된 숫자 대신 __init__에서 저장한 self.lr, self.momentum 등을 쓰세요.")
mistake("momentum_state_not_kept", "velocity not kept between updates", "갱신 사이에 속도를 유지하지 않음",
        "The steps equal plain SGD: self.v[key] must be created once (zeros on the first update) and then carried "
        "from one update to the next (v ← αv − η·g).",
        "갱신이 일반 SGD와 같습니다: self.v[key]는 처음 한 번만 0으로 만들고 다음 갱신으로 이어져야 합니다 (v ← αv − η·g).")
mistake("nesterov_old_order", "Nesterov with the Korean edition's older order", "한국어판의 예전 순서로 구현한 네스테로프",
        "You update v first and then add μ²·v with the NEW v. The kit's rule (the corrected book code, torch's "
        "nesterov=True) is v ← μv − η·g; W ← W + μ·v − η·g with that new v, which equals W + μ²·v_old − (1+μ)·η·g "
        "with the OLD v: either change W before v, or use W += μ·v − η·g after updating v.",
        "v를 먼저 갱신한 뒤 새 v로 μ²·v를 더했습니다. 키트의 규칙(수정된 책 코드, torch의 nesterov=True)은 "
        "v ← μv − η·g; W ← W + μ·v − η·g (새 v 사용)이고, 이는 예전 v로 쓴 W + μ²·v_old − (1+μ)·η·g와 같습니다: "
        "W를 v보다 먼저 바꾸거나, v 갱신 후 W += μ·v − η·g를 쓰세요.")
mistake("nesterov_is_momentum", "Nesterov implemented as plain momentum", "네스테로프를 일반 모멘텀으로 구현",
        "Nesterov looks ahead along the new velocity: W ← W + μ·v − η·g after v ← μv − η·g (not W ← W + v).",
        "네스테로프는 새 속도 방향으로 한 번 더 내다봅니다: v ← μv − η·g 다음 W ← W + μ·v − η·g (W ← W + v가 아님).")
mistake("opt_no_eps", "no eps in the denominator (0/0 for zero gradients)", "분모에 eps가 없음 (기울기가 0이면 0/0)",
        "Where a gradient has been exactly 0 so far (a dead unit), h (or v) is 0 and g/√h is 0/0 = NaN. "
        "Add self.eps to the square root: g / (np.sqrt(h) + self.eps).",
        "지금까지 기울기가 정확히 0이었던 원소(죽은 뉴런)에서는 h(또는 v)가 0이라 g/√h가 0/0 = NaN입니다. "
        "제곱근에 self.eps를 더하세요: g / (np.sqrt(h) + self.eps).")
mistake("adagrad_no_accumulation", "AdaGrad h not accumulated (h = g² each step)", "AdaGrad의 h를 누적하지 않음 (매번 h = g²)",
        "h must grow with every update: h ← h + g⊙g (self.h[key] += g * g), kept per key between updates.",
        "h는 갱신할 때마다 커져야 합니다: h ← h + g⊙g (self.h[key] += g * g), 키마다 갱신 사이에 유지.")
mistake("rmsprop_no_decay", "RMSprop without forgetting (it is AdaGrad)", "지수이동평균 없는 RMSprop (AdaGrad와 같음)",
        "RMSprop forgets old squared gradients: h ← ρ·h + (1 − ρ)·g⊙g with ρ = decay_rate, not h ← h + g⊙g.",
        "RMSprop은 오래된 기울기 제곱을 잊습니다: h ← ρ·h + (1 − ρ)·g⊙g (ρ = decay_rate), h ← h + g⊙g가 아닙니다.")
mistake("rmsprop_missing_one_minus_rho", "RMSprop without the factor (1 − ρ)", "RMSprop에서 (1 − ρ)를 빠뜨림",
        "h ← ρ·h + (1 − ρ)·g⊙g: the new squared gradient is weighted by (1 − decay_rate).",
        "h ← ρ·h + (1 − ρ)·g⊙g: 새 기울기 제곱에는 (1 − decay_rate)를 곱합니다.")
mistake("adam_no_bias_correction", "Adam without bias correction", "편향 보정 없는 Adam",
        "m and v start at 0, so early on they are too small: divide by (1 − β1^t) and (1 − β2^t) "
        "(m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t)) and update with m̂/(√v̂ + eps).",
        "m과 v가 0에서 시작하므로 초반에 너무 작습니다: (1 − β1^t), (1 − β2^t)로 나눈 m̂, v̂로 갱신하세요 "
        "(m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t), W ← W − η·m̂/(√v̂ + eps)).")
mistake("adam_t_late", "Adam's step count incremented after the bias correction", "편향 보정 뒤에 Adam의 t를 증가시킴",
        "With t = 0 in the first update, 1 − β^t = 0 and the bias correction divides by zero. Increase t FIRST "
        "(self.t += 1 at the top of update), then compute m̂ and v̂.",
        "첫 갱신에서 t = 0이면 1 − β^t = 0이라 편향 보정이 0으로 나눕니다. update 맨 앞에서 t를 먼저 1 늘리고 "
        "(self.t += 1) m̂, v̂를 계산하세요.")
mistake("adam_t_per_key", "Adam's step count incremented once per key", "Adam의 t를 키마다 증가시킴",
        "t counts updates, not arrays: increase it once per call of update (outside the loop over the keys).",
        "t는 배열 수가 아니라 갱신 횟수입니다: update 한 번에 한 번만 (키에 대한 반복문 밖에서) 늘리세요.")
mistake("clip_per_array", "each array clipped by its own norm", "배열마다 각자의 노름으로 클리핑",
        "Use ONE global norm √(Σ over all arrays of Σ g²) and scale every array by the same factor max_norm/norm.",
        "모든 배열을 합친 하나의 노름 √(Σ g²)을 구하고 모든 배열에 같은 비율 max_norm/norm을 곱하세요.")
mistake("clip_always_rescales", "gradients rescaled although their norm is below max_norm",
        "노름이 max_norm보다 작은데도 기울기를 조정함",
        "Only clip when norm > max_norm; smaller gradients stay exactly as they are.",
        "norm > max_norm일 때만 클리핑하세요; 더 작은 기울기는 그대로 둡니다.")
mistake("clip_returns_clipped_norm", "returns the norm after clipping", "클리핑 후의 노름을 반환",
        "Return the global norm BEFORE clipping (useful to log exploding gradients).",
        "클리핑 전의 전체 노름을 반환하세요 (기울기 폭주를 기록할 때 유용).")
mistake("clip_not_applied", "gradients not scaled", "기울기를 조정하지 않음",
        "When norm > max_norm multiply every array of grads by max_norm/norm in place (g *= factor).",
        "norm > max_norm이면 grads의 모든 배열에 제자리에서 max_norm/norm을 곱하세요 (g *= factor).")
mistake("clip_rebinds_grads", "grads[k] rebound instead of scaled in place", "grads[k]를 제자리에서 조정하지 않고 새 배열로 바꿈",
        "`grads[k] = grads[k] * factor` puts a NEW array in the dict; the caller's arrays (the ones an optimizer or a "
        "network holds) keep the unclipped values. Scale in place: `for g in grads.values(): g *= factor`.",
        "`grads[k] = grads[k] * factor`는 딕셔너리에 새 배열을 넣을 뿐이라 호출한 쪽의 배열(옵티마이저나 신경망이 가진 "
        "배열)은 클리핑 전 값 그대로입니다. 제자리에서 조정하세요: `for g in grads.values(): g *= factor`.")
mistake("fans_swapped", "fan_in and fan_out swapped", "fan_in과 fan_out이 뒤바뀜",
        "For an Affine matrix of shape (in, out) (x @ W), fan_in = in = shape[0]; for a kernel (FN, C, FH, FW) "
        "fan_in = C·FH·FW.",
        "(in, out) 형상의 Affine 행렬(x @ W)은 fan_in = in = shape[0]; (FN, C, FH, FW) 필터는 fan_in = C·FH·FW.")
mistake("conv_fans_without_kernel", "kernel fans without the receptive field", "필터의 fan에서 수용 영역(FH·FW)을 빠뜨림",
        "A kernel (FN, C, FH, FW): one output unit sees C·FH·FW inputs, so fan_in = C·FH·FW and fan_out = FN·FH·FW.",
        "(FN, C, FH, FW) 필터의 출력 한 개는 입력 C·FH·FW개를 봅니다: fan_in = C·FH·FW, fan_out = FN·FH·FW.")
mistake("init_uses_fan_out", "scale computed from fan_out instead of fan_in", "fan_in 대신 fan_out으로 크기를 계산",
        "LeCun and He scale by fan_in (inputs per unit): std √(1/fan_in) or √(2/fan_in).",
        "LeCun과 He는 fan_in(유닛당 입력 수)으로 크기를 정합니다: 표준편차 √(1/fan_in) 또는 √(2/fan_in).")
mistake("init_variance_as_std", "the variance used as the standard deviation", "분산을 표준편차로 사용",
        "The formulas give the variance (e.g. 2/fan_in); the std passed to the normal (or the bound) needs the "
        "square root: std = √(2/fan_in).",
        "공식은 분산(예: 2/fan_in)입니다; 정규 분포의 표준편차(또는 경계)에는 제곱근이 필요합니다: std = √(2/fan_in).")
mistake("init_uniform_bound_is_std", "uniform bound set to the normal's std", "균등 분포의 경계를 정규 분포의 표준편차로 설정",
        "U(−a, a) has std a/√3, so to get the variance of the normal version the bound is a = √3·std "
        "(e.g. He: √(6/fan_in), Xavier: √(6/(fan_in + fan_out))).",
        "U(−a, a)의 표준편차는 a/√3이므로 정규 버전과 같은 분산이 되려면 경계가 a = √3·std입니다 "
        "(예: He √(6/fan_in), Xavier √(6/(fan_in + fan_out))).")
mistake("init_wrong_distribution", "normal and uniform distributions confused", "정규 분포와 균등 분포를 혼동",
        "*_normal draws rng.normal(0, std, shape); *_uniform draws rng.uniform(−a, a, shape).",
        "*_normal은 rng.normal(0, std, shape), *_uniform은 rng.uniform(−a, a, shape)으로 뽑습니다.")
mistake("init_he_missing_factor_2", "He initialization without the factor 2", "2를 빠뜨린 He 초기화",
        "ReLU zeroes half of its inputs, so He doubles the variance: std √(2/fan_in) (√(1/fan_in) is LeCun).",
        "ReLU가 입력의 절반을 0으로 만들므로 He는 분산을 두 배로 합니다: std √(2/fan_in) (√(1/fan_in)은 LeCun).")
mistake("xavier_book_std", "Xavier with the book's 1/√n", "책의 1/√n으로 구현한 Xavier",
        "The book (documents 000, 004) calls std 1/√n \"Xavier\"; in this kit that is lecun_normal. xavier_* use "
        "Glorot's fan_in + fan_out: std √(2/(fan_in + fan_out)), bound √(6/(fan_in + fan_out)).",
        "책(문서 000, 004)은 표준편차 1/√n을 \"Xavier\"라 부르지만 이 키트에서는 lecun_normal입니다. xavier_*는 "
        "Glorot의 fan_in + fan_out을 씁니다: std √(2/(fan_in + fan_out)), 경계 √(6/(fan_in + fan_out)).")
mistake("init_ignores_rng", "the rng argument is ignored", "rng 인자를 무시함",
        "Draw with the generator you are given (rng.normal / rng.uniform), so a seeded rng reproduces the weights; "
        "only when rng is None create np.random.default_rng().",
        "전달받은 생성기(rng.normal / rng.uniform)로 뽑아야 시드가 같으면 같은 가중치가 나옵니다; "
        "rng가 None일 때만 np.random.default_rng()를 만드세요.")
mistake("exp_decay_staircase", "exponential decay with a staircase (floor)", "계단식(floor)으로 구현한 지수 감쇠",
        "exponential_decay is continuous: initial_lr · decay_rate ** (step / decay_steps) with a true division.",
        "exponential_decay는 연속적입니다: initial_lr · decay_rate ** (step / decay_steps) (진짜 나눗셈).")
mistake("exp_decay_per_step", "decay_rate applied at every step", "매 스텝마다 decay_rate를 곱함",
        "The rate is multiplied by decay_rate once per decay_steps steps: the exponent is step / decay_steps.",
        "학습률은 decay_steps 스텝마다 한 번 decay_rate배가 됩니다: 지수는 step / decay_steps입니다.")
mistake("cosine_not_clipped", "cosine decay not clipped at decay_steps", "decay_steps에서 자르지 않은 코사인 감쇠",
        "Past decay_steps the cosine rises again; clip the step first: s = min(step, decay_steps), so the rate stays "
        "at alpha · initial_lr.",
        "decay_steps 이후에는 코사인이 다시 올라갑니다; 먼저 s = min(step, decay_steps)로 자르면 학습률이 "
        "alpha · initial_lr로 유지됩니다.")
mistake("cosine_alpha_ignored", "cosine decay ignores alpha", "코사인 감쇠에서 alpha를 무시함",
        "lr = initial_lr · ((1 − alpha) · ½(1 + cos(π·s/decay_steps)) + alpha): the rate ends at alpha · initial_lr.",
        "lr = initial_lr · ((1 − alpha) · ½(1 + cos(π·s/decay_steps)) + alpha): 학습률은 alpha · initial_lr에서 끝납니다.")
mistake("step_decay_no_floor", "step decay without the floor", "floor 없는 계단식 감쇠",
        "step_decay is a staircase: initial_lr · drop ** (step // every) (math.floor(step / every)), not a smooth curve.",
        "step_decay는 계단 모양입니다: initial_lr · drop ** (step // every) (math.floor(step / every)), 매끄러운 곡선이 아닙니다.")
mistake("step_decay_off_by_one", "step decay drops one step too early", "계단식 감쇠가 한 스텝 일찍 떨어짐",
        "The first drop happens AT step = every (steps 0 … every − 1 use initial_lr): use ⌊step / every⌋.",
        "첫 감소는 step = every에서 일어납니다 (0 … every − 1 스텝은 initial_lr): ⌊step / every⌋를 쓰세요.")






# ========================================================================================== drivers (child side)
def _copy_params(d):
    return {k: np.array(v, dtype=np.float64, copy=True) for k, v in d.items()}


def _plain(v):
    return v.copy() if isinstance(v, np.ndarray) else v


def _stacked(values):
    """One array (steps, *shape) per key, so that a trajectory travels as a few arrays; None if they do not stack."""
    try:
        return np.array([np.asarray(v, dtype=np.float64) for v in values])
    except (TypeError, ValueError):
        return None


def drive_optimizer(mods, cls, kwargs, params0, grads_seq):
    """Run ``update`` once per gradient dict; record the CALLER's arrays after each step (stacked per key)."""
    opt = getattr(mods.optimizers, cls)(**kwargs)
    params = _copy_params(params0)
    held = dict(params)
    held_traj = {k: [] for k in held}
    dict_traj = {k: [] for k in held}
    grads_after = {k: [] for k in grads_seq[0]}
    for g in grads_seq:
        grads = _copy_params(g)
        opt.update(params, grads)
        for k in held:
            held_traj[k].append(held[k].copy())
            dict_traj[k].append(_plain(params.get(k)))
        for k in g:
            grads_after[k].append(grads.get(k))
    # plain data only: whether params[k] was rebound is decided in the grader (held vs in_dict)
    return {"held": {k: np.array(v) for k, v in held_traj.items()},
            "in_dict": {k: _stacked(v) for k, v in dict_traj.items()},
            "grads_after": {k: _stacked(v) for k, v in grads_after.items()},
            "t": getattr(opt, "t", None)}


def drive_descent_path(mods, cls, kwargs, start, steps):
    """The optimizer on f(x, y) = x²/20 + y² (gradient (x/10, 2y)), as in document 004; returns the path."""
    opt = getattr(mods.optimizers, cls)(**kwargs)
    params = {"x": np.array([float(start[0])]), "y": np.array([float(start[1])])}
    path = [[float(start[0]), float(start[1])]]
    for _ in range(steps):
        x = float(np.asarray(params["x"], dtype=float).reshape(-1)[0])
        y = float(np.asarray(params["y"], dtype=float).reshape(-1)[0])
        opt.update(params, {"x": np.array([x / 10.0]), "y": np.array([2.0 * y])})
        path.append([float(np.asarray(params["x"], dtype=float).reshape(-1)[0]),
                     float(np.asarray(params["y"], dtype=float).reshape(-1)[0])])
    return np.array(path)


def drive_clip(mods, grads, max_norm):
    """Clip a dict of arrays; return the dict's arrays afterwards AND the caller's original arrays (``held``)."""
    g = _copy_params(grads)
    held = dict(g)
    ret = mods.optimizers.clip_grad_norm(g, max_norm)
    return {"ret": ret, "grads": {k: _plain(g.get(k)) for k in grads}, "held": {k: held[k].copy() for k in grads}}


def drive_fans(mods, shapes):
    out = []
    for s in shapes:
        r = mods.initializers.fan_in_fan_out(tuple(s))
        out.append(list(r) if isinstance(r, (tuple, list)) else r)
    return out


def drive_init(mods, name, shape, seed):
    return getattr(mods.initializers, name)(tuple(shape), rng=np.random.default_rng(seed))


def drive_init_repro(mods, name, shape, seed):
    """Two draws with the same seed, one with the next seed, one with rng=None."""
    f = getattr(mods.initializers, name)
    return [f(tuple(shape), rng=np.random.default_rng(seed)), f(tuple(shape), rng=np.random.default_rng(seed)),
            f(tuple(shape), rng=np.random.default_rng(seed + 1)), f(tuple(shape))]


def drive_schedule(mods, name, steps, args):
    f = getattr(mods.schedules, name)
    return [f(s, *args) for s in steps]


# ========================================================================================== optimizers
OPT_RTOL = 1e-6


def _opt_atol(kw) -> float:
    """Absolute tolerance of a trajectory: 2e-4 of one step (a step moves a parameter by about lr).

    Every listed mistake changes a step by ≥ 1e-2·lr. The margin accepts the book's Adam, which adds a hard-coded
    1e-7 to √v instead of eps to √v̂ (a relative change of a step of 1e-7/(|g|·√(1 − β2^t)) ≤ 4e-5 for the
    gradients used here, |g| ≥ 0.1 or exactly 0), eps inside or outside a square root, and float reordering.
    """
    return max(1e-7, 2e-4 * abs(kw.get("lr", 0.01)))

OPT_KO = {"SGD": "확률적 경사 하강법(SGD)", "Momentum": "모멘텀", "Nesterov": "네스테로프 가속 경사", "AdaGrad": "AdaGrad",
          "RMSprop": "RMSprop", "Adam": "Adam"}


def _opt_problem(rng, shapes, steps, *, dead=True):
    """Parameters of several shapes and a sequence of gradients; some entries are exactly 0 (dead units)."""
    params0 = {k: rng.standard_normal(s) for k, s in shapes.items()}
    grads_seq = []
    keys = list(shapes)
    for s in range(steps):
        g = {k: away_from_zero(rng, shapes[k], margin=0.1) for k in keys}
        if dead:
            g[keys[1]].reshape(-1)[1] = 0.0              # a unit whose gradient is always 0
            if s < 2:
                g[keys[-1]].reshape(-1)[:2] = 0.0        # units that wake up at the third step
        grads_seq.append(g)
    return params0, grads_seq


def _stack(traj, keys) -> np.ndarray:
    """A trajectory as a matrix (steps, all entries): from a list of dicts per step or a dict of (steps, …) arrays."""
    if isinstance(traj, dict):
        n = len(traj[keys[0]])
        return np.concatenate([np.asarray(traj[k], dtype=np.float64).reshape(n, -1) for k in keys], axis=1)
    return np.array([np.concatenate([np.asarray(step[k], dtype=np.float64).ravel() for k in keys]) for step in traj])


def _nesterov_old_order(params0, grads_seq, lr, mu):
    """The Korean edition's older code: v ← μv − ηg first, then W ← W + μ²v − (1+μ)ηg with the NEW v."""
    W = _copy_params(params0)
    v = {k: np.zeros_like(x) for k, x in W.items()}
    traj = []
    for g in grads_seq:
        for k in W:
            v[k] = mu * v[k] - lr * g[k]
            W[k] = W[k] + mu * mu * v[k] - (1 + mu) * lr * g[k]
        traj.append({k: x.copy() for k, x in W.items()})
    return traj


def _adam_without_bias_correction(params0, grads_seq, lr, b1, b2, eps):
    W = _copy_params(params0)
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


def _opt_candidates(ctx, cls, kw, params0, grads_seq) -> dict:
    """Trajectories of known mistakes, computed in a fixed order (the number of expected() calls never varies)."""
    keys = list(params0)

    def ref(c, k):
        return _stack(ctx.expected(drive_optimizer, c, k, params0, grads_seq)["held"], keys)

    cands = {"opt_uphill": ref(cls, {**kw, "lr": -kw["lr"]}), "opt_hyperparams_ignored": ref(cls, {})}
    if cls == "Momentum":
        cands["momentum_state_not_kept"] = ref("Momentum", {**kw, "momentum": 0.0})
    elif cls == "Nesterov":
        cands["nesterov_is_momentum"] = ref("Momentum", kw)
        cands["nesterov_old_order"] = _stack(_nesterov_old_order(params0, grads_seq, kw["lr"], kw.get("momentum", 0.9)), keys)
    elif cls == "AdaGrad":
        cands["adagrad_no_accumulation"] = ref("RMSprop", {"lr": kw["lr"], "decay_rate": 0.0, "eps": kw.get("eps", 1e-7)})
    elif cls == "RMSprop":
        rho, eps = kw.get("decay_rate", 0.99), kw.get("eps", 1e-7)
        cands["rmsprop_no_decay"] = ref("AdaGrad", {"lr": kw["lr"], "eps": eps})
        # h ← ρh + g² is the reference on h̃ = (1 − ρ)h with lr·√(1 − ρ) and eps·√(1 − ρ)
        c = math.sqrt(1 - rho)
        cands["rmsprop_missing_one_minus_rho"] = ref("RMSprop", {"lr": kw["lr"] * c, "decay_rate": rho, "eps": eps * c})
    elif cls == "Adam":
        cands["adam_no_bias_correction"] = _stack(_adam_without_bias_correction(
            params0, grads_seq, kw["lr"], kw.get("beta1", 0.9), kw.get("beta2", 0.999), kw.get("eps", 1e-8)), keys)
    return cands


def _rebound_keys(res, keys, n, params0) -> list:
    """Keys whose dict entry after an update differs from the caller's array (grader side, from plain data):
    the update put a new object in ``params`` instead of changing the caller's array in place."""
    held, in_dict = res.get("held"), res.get("in_dict")
    if not isinstance(held, dict) or not isinstance(in_dict, dict):
        return []
    out = []
    for k in keys:
        h, d = held.get(k), in_dict.get(k)
        if not isinstance(h, np.ndarray) or not isinstance(d, np.ndarray) or d.dtype.kind not in "biuf":
            continue
        if h.shape != (n, *params0[k].shape) or d.shape != h.shape:
            continue
        if not np.array_equal(h.astype(np.float64), d.astype(np.float64), equal_nan=True):
            out.append(k)
    return out


def _check_trajectory(res, want, params0, grads_seq, cls, candidates, atol):
    what_opt = T(f"{cls}.update", f"{OPT_KO[cls]}.update")
    res = as_dict(res, what_opt)
    keys = list(params0)
    n = len(grads_seq)
    rebound = _rebound_keys(res, keys, n, params0)
    if rebound:
        name, advice = describe("optimizer_rebinds_params")
        raise Fail(T(f"after update, params['{rebound[0]}'] holds other values than the array the caller passed (it "
                     f"is a different object); the caller's arrays were not updated. Known mistake: {name.en}. {advice.en}",
                     f"update 후 params['{rebound[0]}']의 값이 호출한 쪽이 넘긴 배열과 다릅니다 (다른 객체입니다); 호출한 "
                     f"쪽의 배열이 갱신되지 않았습니다. 알려진 실수: {name.ko}. {advice.ko}"), "optimizer_rebinds_params")
    held = as_dict(res.get("held"), what_opt)
    after = as_dict(res.get("grads_after"), what_opt)
    for k in keys:
        expect.unchanged(np.array([g[k] for g in grads_seq]), after.get(k),
                         T(f"grads['{k}'] (update must not change the gradients)", f"grads['{k}'] (update는 기울기를 바꾸면 안 됩니다)"))
    got = np.concatenate([expect.array(held.get(k), T(f"params['{k}'] during the updates", f"갱신 중 params['{k}']"),
                                       shape=(n, *params0[k].shape), finite=False).reshape(n, -1) for k in keys], axis=1)
    held = {k: np.asarray(held[k], dtype=np.float64) for k in keys}
    want_m = _stack(want["held"], keys)
    _diagnose_not_finite(got, grads_seq, keys, cls)
    if np.allclose(got, want_m, rtol=OPT_RTOL, atol=atol):
        return
    what = T(f"the parameter trajectory over {n} updates of {cls}", f"{OPT_KO[cls]}로 {n}번 갱신한 매개변수의 경로")
    for key, cand in candidates.items():
        if matches(got, cand, OPT_RTOL, atol):
            raise named_mistake(what, key)
    if cls == "Adam":
        sizes = np.cumsum([0] + [params0[k].size for k in keys])
        first_ok = np.allclose(got[0, :sizes[1]], want_m[0, :sizes[1]], rtol=OPT_RTOL, atol=atol)
        later_bad = not np.allclose(got[0, sizes[1]:], want_m[0, sizes[1]:], rtol=OPT_RTOL, atol=atol)
        t = res.get("t")
        t = int(t) if isinstance(t, (int, np.integer)) and not isinstance(t, (bool, np.bool_)) else None
        if (first_ok and later_bad) or t == n * len(keys) != n:
            raise named_mistake(what, "adam_t_per_key",
                         T(" (the first array's first update is right, the others' are not)",
                           " (첫 배열의 첫 갱신은 맞지만 나머지 배열은 틀립니다)"))
    for s in range(n):
        for k in keys:
            expect.close(held[k][s], want["held"][k][s],
                         T(f"params['{k}'] after update {s + 1} of {cls}", f"{OPT_KO[cls]}의 {s + 1}번째 갱신 후 params['{k}']"),
                         rtol=OPT_RTOL, atol=atol)


def _diagnose_not_finite(got, grads_seq, keys, cls):
    bad = ~np.isfinite(got)
    if not bad.any():
        return
    s = int(np.argmax(bad.any(axis=1)))
    g = _stack(grads_seq, keys)
    zero_so_far = np.all(g[: s + 1] == 0, axis=0)
    if np.all(zero_so_far[bad[s]]):
        raise Fail(T(f"{cls}: NaN/inf after update {s + 1}, exactly where the gradient has been 0 so far. ",
                     f"{OPT_KO[cls]}: {s + 1}번째 갱신 후 지금까지 기울기가 0이었던 위치에서만 NaN/inf가 나옵니다. ")
                   + T("Known mistake: ", "알려진 실수: ") + describe("opt_no_eps")[0] + T(". ") + describe("opt_no_eps")[1],
                   "opt_no_eps")
    if cls == "Adam" and s == 0 and bad[0].all():
        raise Fail(T("Adam: every parameter is NaN/inf after the first update (a division by 1 − β^0 = 0?). ",
                     "Adam: 첫 갱신 후 모든 매개변수가 NaN/inf입니다 (1 − β^0 = 0으로 나눔?). ")
                   + T("Known mistake: ", "알려진 실수: ") + describe("adam_t_late")[0] + T(". ") + describe("adam_t_late")[1],
                   "adam_t_late")
    raise Fail(T(f"{cls}: {int(bad[s].sum())} parameter value(s) are NaN or infinite after update {s + 1}",
                 f"{OPT_KO[cls]}: {s + 1}번째 갱신 후 매개변수 {int(bad[s].sum())}개가 NaN 또는 무한대입니다"), "not_finite")


def _run_trajectory_test(ctx, cls, kw, shapes, steps):
    params0, grads_seq = _opt_problem(ctx.rng, shapes, steps)
    want = ctx.expected(drive_optimizer, cls, kw, params0, grads_seq)
    cands = _opt_candidates(ctx, cls, kw, params0, grads_seq)
    res = ctx.call(drive_optimizer, cls, kw, params0, grads_seq)
    _check_trajectory(res, want, params0, grads_seq, cls, cands, _opt_atol(kw))


PUBLIC_SHAPES = {"W1": (3, 4), "b1": (4,), "W2": (4, 2)}

# the learning rates of document 004's comparison on f(x, y) = x²/20 + y² (30 steps from (−7, 2))
PATH_KW = {"SGD": {"lr": 0.95}, "Momentum": {"lr": 0.1}, "Nesterov": {"lr": 0.1}, "AdaGrad": {"lr": 1.5},
           "RMSprop": {"lr": 0.1}, "Adam": {"lr": 0.3}}
PATH_START, PATH_STEPS = (-7.0, 2.0), 30


def _check_path(ctx, cls, kw):
    atol = _opt_atol(kw)
    want = ctx.expected(drive_descent_path, cls, kw, PATH_START, PATH_STEPS)
    uphill = ctx.expected(drive_descent_path, cls, {**kw, "lr": -kw["lr"]}, PATH_START, PATH_STEPS)
    got = expect.array(ctx.call(drive_descent_path, cls, kw, PATH_START, PATH_STEPS),
                       T(f"{cls} path on f(x, y)", f"f(x, y) 위의 {OPT_KO[cls]} 경로"), shape=want.shape, finite=False)
    args = ", ".join(f"{k}={v}" for k, v in kw.items())
    where = T(f"{cls}({args}) on f(x, y) = x²/20 + y² from (−7, 2), {PATH_STEPS} steps",
              f"f(x, y) = x²/20 + y² 위에서 (−7, 2)부터 {PATH_STEPS}스텝, {OPT_KO[cls]}({args})")
    if np.allclose(got, want, rtol=OPT_RTOL, atol=atol):
        return
    if matches(got, uphill, OPT_RTOL, atol):
        raise named_mistake(where, "opt_uphill")
    bad = ~np.isclose(got, want, rtol=OPT_RTOL, atol=atol) | ~np.isfinite(got)
    s = int(np.argmax(bad.any(axis=1)))
    raise Fail(where + T(f": the path leaves the reference at step {s}: got (x, y) = ({got[s, 0]:.8g}, {got[s, 1]:.8g}), "
                         f"expected ({want[s, 0]:.8g}, {want[s, 1]:.8g}); end point ({got[-1, 0]:.6g}, {got[-1, 1]:.6g}), "
                         f"expected ({want[-1, 0]:.6g}, {want[-1, 1]:.6g}) (tolerance {atol:g} + {OPT_RTOL:g}·|expected|)",
                         f": 경로가 {s}번째 스텝에서 기준과 달라집니다: (x, y) = ({got[s, 0]:.8g}, {got[s, 1]:.8g}), "
                         f"기대값 ({want[s, 0]:.8g}, {want[s, 1]:.8g}); 끝점 ({got[-1, 0]:.6g}, {got[-1, 1]:.6g}), "
                         f"기대값 ({want[-1, 0]:.6g}, {want[-1, 1]:.6g}) (허용 오차 {atol:g} + {OPT_RTOL:g}·|기대값|)"))


def _optimizer_exercise(cls, kw, hint_en, hint_ko, *, hidden_kw):
    ex = A.exercise(f"optimizers.{cls}", targets=[f"optimizers.{cls}"], title=T(cls, OPT_KO[cls]),
                    hint=T(hint_en, hint_ko))

    @ex.test("6 updates of three arrays (in place) match the reference", points=2)
    def _(ctx):
        _run_trajectory_test(ctx, cls, kw, PUBLIC_SHAPES, 6)

    @ex.test("f(x, y) = x²/20 + y² from (−7, 2): reaches the reference end point", points=1)
    def _(ctx):
        _check_path(ctx, cls, PATH_KW[cls])

    @ex.test("fresh shapes and hyperparameters", points=2 if cls != "SGD" else 1, hidden=True)
    def _(ctx):
        rng = ctx.rng
        shapes = {"W": (int(rng.integers(2, 6)), int(rng.integers(2, 6))), "b": (int(rng.integers(2, 7)),),
                  "gamma": (1,), "K": (2, 2, 3, 3)}
        _run_trajectory_test(ctx, cls, hidden_kw(rng), shapes, int(rng.integers(5, 10)))

    return ex


_optimizer_exercise("SGD", {"lr": 0.1}, "W ← W − lr·g for every key, in place (the -= operator on params[key]).",
                    "모든 키에 대해 W ← W − lr·g를 제자리에서 (params[key]에 -= 연산자).",
                    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.01, 0.3))})
_optimizer_exercise("Momentum", {"lr": 0.05, "momentum": 0.8},
                    "Keep self.v[key] (zeros on first use); v = momentum·v − lr·g; params[key] += v.",
                    "self.v[key]를 유지 (처음엔 0); v = momentum·v − lr·g; params[key] += v.",
                    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.01, 0.2)), "momentum": float(rng.uniform(0.5, 0.95))})
_optimizer_exercise("Nesterov", {"lr": 0.05, "momentum": 0.7},
                    "v = μ·v − lr·g; then params[key] += μ·v − lr·g with the NEW v (equivalently W += μ²·v_old − (1+μ)·lr·g).",
                    "v = μ·v − lr·g; 다음 새 v로 params[key] += μ·v − lr·g (예전 v로 쓰면 W += μ²·v_old − (1+μ)·lr·g).",
                    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.01, 0.2)), "momentum": float(rng.uniform(0.5, 0.95))})
_optimizer_exercise("AdaGrad", {"lr": 0.1},
                    "h[key] += g*g (zeros on first use); params[key] -= lr * g / (np.sqrt(h[key]) + eps).",
                    "h[key] += g*g (처음엔 0); params[key] -= lr * g / (np.sqrt(h[key]) + eps).",
                    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.05, 0.5))})
_optimizer_exercise("RMSprop", {"lr": 0.05, "decay_rate": 0.9},
                    "h = ρ·h + (1 − ρ)·g*g with ρ = decay_rate; params[key] -= lr * g / (np.sqrt(h) + eps).",
                    "h = ρ·h + (1 − ρ)·g*g (ρ = decay_rate); params[key] -= lr * g / (np.sqrt(h) + eps).",
                    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.01, 0.1)), "decay_rate": float(rng.uniform(0.8, 0.99))})
adam = _optimizer_exercise(
    "Adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.95},
    "self.t += 1 FIRST (once per update); m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; m̂ = m/(1−β1^t), v̂ = v/(1−β2^t); "
    "params[key] -= lr·m̂/(√v̂ + eps).",
    "먼저 self.t += 1 (update마다 한 번); m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; m̂ = m/(1−β1^t), v̂ = v/(1−β2^t); "
    "params[key] -= lr·m̂/(√v̂ + eps).",
    hidden_kw=lambda rng: {"lr": float(rng.uniform(0.005, 0.1)), "beta1": float(rng.uniform(0.7, 0.95)),
                           "beta2": float(rng.uniform(0.9, 0.999))})


@adam.test("step count: t grows once per update, before the bias correction", points=1)
def _(ctx):
    # With a constant gradient g the bias-corrected moments are exactly g and g², so every correct Adam step is
    # −lr·g/(|g| + eps) ≈ −lr·sign(g), for every array and every update.
    rng = ctx.rng
    shapes = {"a": (2, 3), "b": (3,), "c": (1,)}
    params0 = {k: rng.standard_normal(s) for k, s in shapes.items()}
    g = {k: away_from_zero(rng, s, margin=0.2) for k, s in shapes.items()}
    grads_seq = [g] * 4
    kw = {"lr": 0.01}
    want = ctx.expected(drive_optimizer, "Adam", kw, params0, grads_seq)
    cands = _opt_candidates(ctx, "Adam", kw, params0, grads_seq)
    res = ctx.call(drive_optimizer, "Adam", kw, params0, grads_seq)
    _check_trajectory(res, want, params0, grads_seq, "Adam", cands, _opt_atol(kw))


# ------------------------------------------------------------------------------------------ clip_grad_norm
clip = A.exercise("optimizers.clip_grad_norm", targets=["optimizers.clip_grad_norm"],
                  title=T("gradient clipping by the global norm", "전체 노름 기준 그래디언트 클리핑"),
                  hint=T("norm = sqrt(sum of np.sum(g**2) over ALL arrays); if norm > max_norm: g *= max_norm / norm for "
                         "every array; return norm (before clipping).",
                         "norm = 모든 배열의 np.sum(g**2)를 더한 값의 제곱근; norm > max_norm이면 모든 배열에 "
                         "g *= max_norm / norm; 클리핑 전 norm을 반환."))
CLIP_RTOL = 1e-8  # a 1e-12 in the denominator (accepted) changes the factor by ~1e-12 relative


def _clip_grads(rng, scale):
    return {"W1": rng.standard_normal((3, 4)) * scale, "b1": rng.standard_normal(4) * scale,
            "W2": rng.standard_normal((4, 2)) * scale}


def _check_clip(ctx, grads, max_norm):
    want = ctx.expected(drive_clip, grads, max_norm)
    res = as_dict(ctx.call(drive_clip, grads, max_norm), T("clip_grad_norm"))
    keys = list(grads)
    norm = float(want["ret"])
    flat = lambda d: np.concatenate([np.asarray(d[k], dtype=float).ravel() for k in keys])  # noqa: E731
    orig = flat(grads)
    per_array = np.concatenate([grads[k].ravel() * min(1.0, max_norm / np.linalg.norm(grads[k])) for k in keys])
    expect.scalar_close(res.get("ret"), norm, T(f"clip_grad_norm(grads, max_norm={max_norm:g}) return value (norm before clipping)",
                                                f"clip_grad_norm(grads, max_norm={max_norm:g})의 반환값 (클리핑 전 노름)"),
                        rtol=CLIP_RTOL, mistakes={"clip_returns_clipped_norm": min(norm, max_norm)} if norm > max_norm else None)
    got_g, held = res.get("grads"), res.get("held")
    if not isinstance(got_g, dict) or not isinstance(held, dict):
        raise Fail(T("the grads dict could not be read back", "grads 딕셔너리를 읽을 수 없습니다"))
    in_dict = {k: expect.array(got_g.get(k), T(f"grads['{k}'] after clipping", f"클리핑 후 grads['{k}']"),
                               shape=grads[k].shape) for k in keys}
    arrays = {k: expect.array(held.get(k), T(f"the caller's array grads['{k}'] after clipping",
                                             f"클리핑 후 호출한 쪽의 배열 grads['{k}']"), shape=grads[k].shape) for k in keys}
    rebound = [k for k in keys if not np.array_equal(in_dict[k], arrays[k])]
    if rebound:
        name, advice = describe("clip_rebinds_grads")
        raise Fail(T(f"after clip_grad_norm(grads, max_norm={max_norm:g}), grads['{rebound[0]}'] is no longer the array "
                     f"the caller passed (its values differ from the caller's array); the caller's gradients were not "
                     f"scaled. Known mistake: {name.en}. {advice.en}",
                     f"clip_grad_norm(grads, max_norm={max_norm:g}) 후 grads['{rebound[0]}']가 호출한 쪽이 넘긴 배열이 "
                     f"아닙니다 (값이 호출한 쪽의 배열과 다름); 호출한 쪽의 기울기는 조정되지 않았습니다. "
                     f"알려진 실수: {name.ko}. {advice.ko}"), "clip_rebinds_grads")
    got = flat(arrays)
    want_flat = flat(want["grads"])
    what = T(f"the gradients after clip_grad_norm(grads, max_norm={max_norm:g}) (global norm {norm:.6g})",
             f"clip_grad_norm(grads, max_norm={max_norm:g}) 후의 기울기 (전체 노름 {norm:.6g})")
    if np.allclose(got, want_flat, rtol=CLIP_RTOL, atol=1e-12):
        return
    cands = {"clip_per_array": per_array}
    if norm > max_norm:
        cands["clip_not_applied"] = orig
    else:
        cands["clip_always_rescales"] = orig * max_norm / norm
    for key, cand in cands.items():
        if matches(got, cand, CLIP_RTOL, 1e-12):
            raise named_mistake(what, key)
    for k in keys:
        expect.close(arrays[k], want["grads"][k], T(f"grads['{k}'] after clipping", f"클리핑 후 grads['{k}']"),
                     rtol=CLIP_RTOL, atol=1e-12)


@clip.test("norm above max_norm: one factor for all arrays, returns the norm before clipping", points=2)
def _(ctx):
    _check_clip(ctx, _clip_grads(ctx.rng, 2.0), 1.5)


@clip.test("norm below max_norm: gradients unchanged", points=1)
def _(ctx):
    _check_clip(ctx, _clip_grads(ctx.rng, 0.1), 5.0)


@clip.test("fresh gradients, both cases", points=1, hidden=True)
def _(ctx):
    for scale in (float(ctx.rng.uniform(1, 5)), float(ctx.rng.uniform(0.01, 0.1))):
        _check_clip(ctx, _clip_grads(ctx.rng, scale), round(float(ctx.rng.uniform(1.0, 2.0)), 3))


# ========================================================================================== initializers
fans = A.exercise("initializers.fan_in_fan_out", targets=["initializers.fan_in_fan_out"],
                  title=T("fan_in and fan_out of a weight shape", "가중치 형상의 fan_in과 fan_out"),
                  hint=T("(in, out) → (in, out); (FN, C, FH, FW) → (C·FH·FW, FN·FH·FW). Return Python ints.",
                         "(in, out) → (in, out); (FN, C, FH, FW) → (C·FH·FW, FN·FH·FW). 파이썬 정수로 반환."))


def _check_fans(ctx, shapes, want):
    got = ctx.call(drive_fans, shapes)
    if not isinstance(got, list) or len(got) != len(shapes):
        raise Fail(T("fan_in_fan_out did not return a value for every shape", "fan_in_fan_out이 형상마다 값을 반환하지 않았습니다"))
    for shape, g, w in zip(shapes, got, want):
        what = T(f"fan_in_fan_out({tuple(shape)})")
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
            name, advice = describe(key)
            msg = msg + T(f". Known mistake: {name.en}. {advice.en}", f". 알려진 실수: {name.ko}. {advice.ko}")
        raise Fail(msg, key)


@fans.test("Affine matrices (in, out)", points=1)
def _(ctx):
    shapes = [[784, 100], [3, 7], [50, 10]]
    _check_fans(ctx, shapes, ctx.expected(drive_fans, shapes))


@fans.test("conv kernels (FN, C, FH, FW)", points=2)
def _(ctx):
    shapes = [[30, 1, 5, 5], [16, 8, 3, 2], [4, 3, 7, 7]]
    _check_fans(ctx, shapes, ctx.expected(drive_fans, shapes))


@fans.test("fresh shapes", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    shapes = [[int(rng.integers(2, 900)), int(rng.integers(2, 900))],
              [int(rng.integers(1, 64)), int(rng.integers(1, 64)), int(rng.integers(1, 8)), int(rng.integers(1, 8))]]
    _check_fans(ctx, shapes, ctx.expected(drive_fans, shapes))


# init specs: name -> (distribution, std(fi, fo), Korean title, hint en, hint ko, mistake candidates(fi, fo) -> {key: std})
KURT = {"normal": 3.0, "uniform": 1.8}


INITS = {
    "lecun_normal": ("normal", lambda fi, fo: math.sqrt(1 / fi), "르쿤 정규 분포 초기화",
                     "rng.normal(0, np.sqrt(1 / fan_in), shape) with fan_in from fan_in_fan_out(shape).",
                     "fan_in_fan_out(shape)의 fan_in으로 rng.normal(0, np.sqrt(1 / fan_in), shape).",
                     lambda fi, fo: {"init_uses_fan_out": math.sqrt(1 / fo), "init_variance_as_std": 1 / fi}),
    "lecun_uniform": ("uniform", lambda fi, fo: math.sqrt(1 / fi), "르쿤 균등 분포 초기화",
                      "rng.uniform(−a, a, shape) with a = √(3/fan_in) (variance 1/fan_in); document 002's "
                      "a = √(1/n_in) is accepted too.",
                      "a = √(3/fan_in) (분산 1/fan_in)으로 rng.uniform(−a, a, shape); 문서 002의 a = √(1/n_in)도 인정합니다.",
                      lambda fi, fo: {"init_uses_fan_out": math.sqrt(1 / fo), "init_variance_as_std": 1 / fi / math.sqrt(3)}),
    "xavier_normal": ("normal", lambda fi, fo: math.sqrt(2 / (fi + fo)), "세이비어(글로럿) 정규 분포 초기화",
                      "rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), shape).",
                      "rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), shape).",
                      lambda fi, fo: {"xavier_book_std": math.sqrt(1 / fi), "init_variance_as_std": 2 / (fi + fo)}),
    "xavier_uniform": ("uniform", lambda fi, fo: math.sqrt(2 / (fi + fo)), "세이비어(글로럿) 균등 분포 초기화",
                       "rng.uniform(−a, a, shape) with a = √(6/(fan_in + fan_out)).",
                       "a = √(6/(fan_in + fan_out))으로 rng.uniform(−a, a, shape).",
                       lambda fi, fo: {"init_uniform_bound_is_std": math.sqrt(2 / (fi + fo)) / math.sqrt(3),
                                       "xavier_book_std": math.sqrt(1 / fi)}),
    "he_normal": ("normal", lambda fi, fo: math.sqrt(2 / fi), "He 정규 분포 초기화",
                  "rng.normal(0, np.sqrt(2 / fan_in), shape).", "rng.normal(0, np.sqrt(2 / fan_in), shape).",
                  lambda fi, fo: {"init_uses_fan_out": math.sqrt(2 / fo), "init_variance_as_std": 2 / fi,
                                  "init_he_missing_factor_2": math.sqrt(1 / fi)}),
    "he_uniform": ("uniform", lambda fi, fo: math.sqrt(2 / fi), "He 균등 분포 초기화",
                   "rng.uniform(−a, a, shape) with a = √(6/fan_in).", "a = √(6/fan_in)으로 rng.uniform(−a, a, shape).",
                   lambda fi, fo: {"init_uses_fan_out": math.sqrt(2 / fo),
                                   "init_uniform_bound_is_std": math.sqrt(2 / fi) / math.sqrt(3),
                                   "init_he_missing_factor_2": math.sqrt(1 / fi)}),
}
LECUN_DOC002_STD = lambda fi: math.sqrt(1 / fi) / math.sqrt(3)  # noqa: E731  U(±√(1/n_in)) of document 002

CLASH = T(" (lecun_uniform accepts two bounds: the kit's a = √(3/fan_in), whose variance 1/fan_in matches lecun_normal, "
          "and document 002's printed a = √(1/n_in), whose variance is only 1/(3·n_in); the two documents clash, "
          "both are graded as right)",
          " (lecun_uniform은 두 경계를 인정합니다: 분산이 lecun_normal과 같은 1/fan_in인 키트의 a = √(3/fan_in)과, "
          "분산이 1/(3·n_in)뿐인 문서 002의 a = √(1/n_in); 두 문서가 서로 다르므로 둘 다 정답으로 채점합니다)")


def _check_init_stats(name, w, shape, fi, fo, *, where: Text):
    dist, std_fn, _, _, _, cand_fn = INITS[name]
    what = T(f"{name}({tuple(shape)})") + where
    w = expect.array(w, what, shape=tuple(shape))
    n = w.size
    sigma = std_fn(fi, fo)
    kappa = KURT[dist]
    s = float(w.std())
    tol = K_SE * math.sqrt((kappa - 1) / (4 * n))  # relative standard error of a sample std, times 6
    accepted = [sigma]
    if name == "lecun_uniform":
        accepted.append(LECUN_DOC002_STD(fi))
    fits = [a for a in accepted if abs(s / a - 1) <= tol]
    label_en = f"fan_in={fi}, fan_out={fo}, n={n} samples"
    if not fits:
        extra = CLASH if name == "lecun_uniform" else T("")
        cands = cand_fn(fi, fo)
        if len(shape) == 4:
            c, fn = shape[1], shape[0]
            cands["conv_fans_without_kernel"] = std_fn(c, fn)
        for key, cs in cands.items():
            if cs is not None and abs(s / cs - 1) <= tol:
                raise Fail(T(f"{what.en}: sample std {s:.5g}, expected {sigma:.5g} ({label_en}; tolerance ±{tol:.2%}, "
                             f"{K_SE} standard errors){extra.en}. It matches a known mistake: {describe(key)[0].en}. "
                             f"{describe(key)[1].en}",
                             f"{what.ko}: 표본 표준편차 {s:.5g}, 기대값 {sigma:.5g} ({label_en}; 허용 ±{tol:.2%}, "
                             f"표준오차 {K_SE}배){extra.ko}. 알려진 실수와 일치합니다: {describe(key)[0].ko}. "
                             f"{describe(key)[1].ko}"), key)
        raise Fail(T(f"{what.en}: sample std {s:.5g}, expected {sigma:.5g} ({label_en}; tolerance ±{tol:.2%}, "
                     f"{K_SE} standard errors of a sample std){extra.en}",
                     f"{what.ko}: 표본 표준편차 {s:.5g}, 기대값 {sigma:.5g} ({label_en}; 허용 ±{tol:.2%}, "
                     f"표본 표준편차의 표준오차 {K_SE}배){extra.ko}"))
    sigma = fits[0]
    mean = float(w.mean())
    tol_mean = K_SE * sigma / math.sqrt(n)
    if abs(mean) > tol_mean:
        raise Fail(T(f"{what.en}: sample mean {mean:.4g}, expected 0 (tolerance ±{tol_mean:.3g} = {K_SE}·σ/√n, {label_en})",
                     f"{what.ko}: 표본 평균 {mean:.4g}, 기대값 0 (허용 ±{tol_mean:.3g} = {K_SE}·σ/√n, {label_en})"))
    kurt = float(np.mean((w - mean) ** 4) / s ** 4)
    tol_k = K_SE * math.sqrt(24 / n)
    if abs(kurt - kappa) > tol_k:
        other = "uniform" if dist == "normal" else "normal"
        key = "init_wrong_distribution" if abs(kurt - KURT[other]) <= tol_k else None
        msg = T(f"{what.en}: the draws do not look {dist} (sample kurtosis {kurt:.3f}; a {dist} distribution has "
                f"{kappa}, a {other} one {KURT[other]}; tolerance ±{tol_k:.3f})",
                f"{what.ko}: {dist} 분포로 보이지 않습니다 (표본 첨도 {kurt:.3f}; {dist} 분포는 {kappa}, {other} 분포는 "
                f"{KURT[other]}; 허용 ±{tol_k:.3f})")
        if key:
            msg = msg + T(f". Known mistake: {describe(key)[0].en}. {describe(key)[1].en}",
                          f". 알려진 실수: {describe(key)[0].ko}. {describe(key)[1].ko}")
        raise Fail(msg, key)
    if dist == "uniform":
        a = sigma * math.sqrt(3)
        top = float(np.max(np.abs(w)))
        if top > a * (1 + 1e-9):
            raise Fail(T(f"{what.en}: a value {top:.6g} lies outside the bound ±{a:.6g} ({label_en})",
                         f"{what.ko}: 값 {top:.6g}이(가) 경계 ±{a:.6g} 밖에 있습니다 ({label_en})"))
        low = a * (1 - 20 / n)
        if top < low:
            raise Fail(T(f"{what.en}: the largest |value| is {top:.6g}; n = {n} uniform draws on ±{a:.6g} reach above "
                         f"{low:.6g} (probability of failing by chance e⁻²⁰)",
                         f"{what.ko}: 가장 큰 |값|이 {top:.6g}입니다; ±{a:.6g} 위 균등 분포 {n}개면 {low:.6g}을(를) "
                         f"넘습니다 (우연히 실패할 확률 e⁻²⁰)"))


def _init_exercise(name):
    dist, _, title_ko, hint_en, hint_ko, _ = INITS[name]
    ex = A.exercise(f"initializers.{name}", targets=[f"initializers.{name}", "initializers.fan_in_fan_out"],
                    title=T(name, title_ko), hint=T(hint_en, hint_ko))

    def run(ctx, shape, seed):
        fi, fo = (int(v) for v in ctx.expected(drive_fans, [shape])[0])  # the reference's fans of the shape
        w = ctx.call(drive_init, name, shape, seed)
        _check_init_stats(name, w, shape, fi, fo, where=T(f" with rng=default_rng({seed})", f" (rng=default_rng({seed}))"))

    @ex.test("statistics of a (300, 100) matrix", points=2)
    def _(ctx):
        run(ctx, [300, 100], 11)

    @ex.test("statistics of a conv kernel (64, 16, 3, 3)", points=1)
    def _(ctx):
        run(ctx, [64, 16, 3, 3], 12)

    @ex.test("reproducible with a seeded rng; rng=None works", points=1)
    def _(ctx):
        shape = [20, 30]
        draws = ctx.call(drive_init_repro, name, shape, 5)
        arrs = [expect.array(d, T(f"{name}((20, 30), rng)"), shape=(20, 30)) for d in draws[:3]]
        expect.array(draws[3], T(f"{name}((20, 30)) with rng=None", f"rng=None인 {name}((20, 30))"), shape=(20, 30))
        if not np.array_equal(arrs[0], arrs[1]):
            raise Fail(T(f"{name}: two calls with np.random.default_rng(5) gave different weights. ",
                         f"{name}: np.random.default_rng(5)로 두 번 호출했는데 가중치가 다릅니다. ")
                       + T("Known mistake: ", "알려진 실수: ") + describe("init_ignores_rng")[0] + T(". ")
                       + describe("init_ignores_rng")[1], "init_ignores_rng")
        if np.array_equal(arrs[0], arrs[2]):
            raise Fail(T(f"{name}: seeds 5 and 6 gave the same weights: the draws must come from rng",
                         f"{name}: 시드 5와 6이 같은 가중치를 주었습니다: rng에서 뽑아야 합니다"), "init_ignores_rng")

    @ex.test("fresh shapes and seeds", points=1, hidden=True)
    def _(ctx):
        rng = ctx.rng
        for shape in ([int(rng.integers(150, 300)), int(rng.integers(60, 150))],
                      [int(rng.integers(32, 96)), int(rng.integers(8, 32)), 3, 3]):
            run(ctx, shape, int(rng.integers(1 << 30)))
    return ex


for _name in INITS:
    _init_exercise(_name)


# ========================================================================================== schedules
SCHED_KO = {"exponential_decay": "지수 감쇠", "cosine_decay": "코사인 감쇠", "step_decay": "계단식 감쇠"}
SCHED_RTOL = 1e-9


def _check_schedule(ctx, name, steps, args, *, candidates=None, clipped_after=None):
    want = np.array([float(v) for v in ctx.expected(drive_schedule, name, steps, args)])
    cands = candidates() if candidates else {}
    got_list = ctx.call(drive_schedule, name, steps, args)
    call = f"{name}(step, {', '.join(repr(a) for a in args)})"
    if not isinstance(got_list, list) or len(got_list) != len(steps):
        raise Fail(T(f"{call} did not return a value for every step", f"{call}이(가) 스텝마다 값을 반환하지 않았습니다"))
    got = np.array([expect.scalar(v, T(f"{call} at step {s}", f"step {s}에서 {call}")) for v, s in zip(got_list, steps)])
    ok = np.isclose(got, want, rtol=SCHED_RTOL, atol=1e-15)
    if ok.all():
        return
    what = T(f"{call} at steps {steps}", f"스텝 {steps}에서의 {call}")
    for key, cand in cands.items():
        if matches(got, cand, SCHED_RTOL, 1e-15):
            raise named_mistake(what, key)
    if clipped_after is not None:
        steps_a = np.asarray(steps, dtype=float)
        if ok[steps_a <= clipped_after].all():
            raise named_mistake(what, "cosine_not_clipped", T(f" past decay_steps = {clipped_after}",
                                                       f" (decay_steps = {clipped_after} 이후)"))
    i = int(np.argmin(ok))
    raise Fail(T(f"{call} at step {steps[i]}: got {got[i]:.10g}, expected {want[i]:.10g} "
                 f"({int((~ok).sum())} of {len(steps)} steps wrong; tolerance {SCHED_RTOL:g} relative)",
                 f"step {steps[i]}에서 {call}: {got[i]:.10g}, 기대값 {want[i]:.10g} "
                 f"({len(steps)}개 스텝 중 {int((~ok).sum())}개 틀림; 상대 허용 오차 {SCHED_RTOL:g})"))


def _schedule_values(ctx, name, steps, args):
    return np.array([float(v) for v in ctx.expected(drive_schedule, name, steps, args)])


exp_ex = A.exercise("schedules.exponential_decay", targets=["schedules.exponential_decay"],
                    title=T("exponential decay", "지수 감쇠"),
                    hint=T("initial_lr * decay_rate ** (step / decay_steps) (true division, no floor).",
                           "initial_lr * decay_rate ** (step / decay_steps) (진짜 나눗셈, floor 없음)."))


def _exp_check(ctx, steps, args):
    lr, ds, rate = args
    _check_schedule(ctx, "exponential_decay", steps, args, candidates=lambda: {
        "exp_decay_staircase": _schedule_values(ctx, "step_decay", steps, [lr, rate, ds]),
        "exp_decay_per_step": _schedule_values(ctx, "exponential_decay", steps, [lr, 1, rate])})


@exp_ex.test("values at steps 0 … 2500 (decay_steps 100, rate 0.5)", points=2)
def _(ctx):
    _exp_check(ctx, [0, 1, 5, 37, 50, 100, 150, 250, 1000, 2500], [0.1, 100, 0.5])


@exp_ex.test("fresh steps and parameters", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    ds = int(rng.integers(5, 500))
    steps = [0] + sorted(int(s) for s in rng.integers(1, 10 * ds, size=8))
    _exp_check(ctx, steps, [round(float(rng.uniform(0.001, 1)), 4), ds, round(float(rng.uniform(0.1, 0.95)), 3)])


cos_ex = A.exercise("schedules.cosine_decay", targets=["schedules.cosine_decay"], title=T("cosine decay", "코사인 감쇠"),
                    hint=T("s = min(step, decay_steps); initial_lr * ((1 − alpha) * 0.5 * (1 + cos(π·s/decay_steps)) + alpha).",
                           "s = min(step, decay_steps); initial_lr * ((1 − alpha) * 0.5 * (1 + cos(π·s/decay_steps)) + alpha)."))


def _cos_check(ctx, steps, args):
    lr, ds, alpha = args
    _check_schedule(ctx, "cosine_decay", steps, args, clipped_after=ds, candidates=lambda: {
        "cosine_alpha_ignored": _schedule_values(ctx, "cosine_decay", steps, [lr, ds, 0.0])})


@cos_ex.test("values at steps 0 … 5000 (decay_steps 1000, alpha 0.1), also past decay_steps", points=2)
def _(ctx):
    _cos_check(ctx, [0, 1, 10, 250, 500, 750, 999, 1000, 1001, 1500, 2000, 5000], [0.1, 1000, 0.1])


@cos_ex.test("fresh steps and parameters", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    ds = int(rng.integers(10, 1000))
    steps = [0, ds, 2 * ds] + sorted(int(s) for s in rng.integers(1, 3 * ds, size=8))
    _cos_check(ctx, steps, [round(float(rng.uniform(0.001, 1)), 4), ds, round(float(rng.uniform(0.01, 0.3)), 3)])


step_ex = A.exercise("schedules.step_decay", targets=["schedules.step_decay"], title=T("step decay", "계단식 감쇠"),
                     hint=T("initial_lr * drop ** (step // every) — a staircase.",
                            "initial_lr * drop ** (step // every) — 계단 모양."))


def _step_check(ctx, steps, args):
    lr, drop, every = args
    _check_schedule(ctx, "step_decay", steps, args, candidates=lambda: {
        "step_decay_no_floor": _schedule_values(ctx, "exponential_decay", steps, [lr, every, drop]),
        "step_decay_off_by_one": _schedule_values(ctx, "step_decay", [s + 1 for s in steps], args)})


@step_ex.test("values at steps 0 … 100 (drop 0.5 every 10)", points=2)
def _(ctx):
    _step_check(ctx, [0, 1, 5, 9, 10, 11, 19, 20, 25, 55, 100], [0.1, 0.5, 10])


@step_ex.test("fresh steps and parameters", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    every = int(rng.integers(2, 50))
    steps = [0, every - 1, every, 3 * every] + sorted(int(s) for s in rng.integers(1, 10 * every, size=6))
    _step_check(ctx, steps, [round(float(rng.uniform(0.001, 1)), 4), round(float(rng.uniform(0.1, 0.9)), 3), every])
