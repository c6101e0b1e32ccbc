"""Checks of a05_cnn: the convolution output size, im2col/col2im, the Convolution and Pooling layers, data
augmentation and SimpleConvNet (document 000 ch. 7, document 002; DESIGN §3 "Conventions the checks rely on").

* conv_output_size: exact integers from OH = (H + 2P − FH)/S + 1 on square and non-square cases; a ValueError whose
  message names the numbers when the windows do not tile the padded input or the size would be < 1.
* im2col / col2im / Convolution / Pooling: values against the reference on stride 1/2, pad 0/1/2, non-square
  inputs and windows, several channels and batch sizes (only shapes that tile exactly); col2im as the adjoint of
  im2col (⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩, with the reference's im2col); backward passes by numeric gradients of
  the student's own forward (float64 central differences: full vector–Jacobian products on small shapes, random
  directions on larger ones; max-pooling inputs without ties).
* Augmentation: never compared draw by draw with the reference (the order of the student's random draws is
  free): exact per-sample invariants (every output sample is its own input flipped / shifted by some allowed
  (dy, dx) with zeros coming in), statistics with tolerances of K_SE standard errors of the sample size, and
  reproducibility under the same seeded rng.
* SimpleConvNet: params keys and shapes, predict / loss / accuracy with given weights copied INTO net.params,
  gradient against numeric gradients of loss (inputs kept away from ReLU kinks and max-pool ties), and training a
  few SGD steps from given weights.
"""
from __future__ import annotations

import math
import re

import numpy as np

from .. import expect
from ..expect import K_SE, named_mistake
from ..misconceptions import mistake
from ..registry import Assignment, Fail, T
from .common import as_dict, check_not_mutated, distinct, drive_layer, layer_inputs, run_gradient_check

A = Assignment("a05_cnn", title=T("Convolutional networks", "합성곱 신경망"),
               files=("conv.py", "augmentation.py", "network.py"))


# ------------------------------------------------------------------------------------------ misconceptions
mistake("conv_size_float", "output size returned as a float", "출력 크기를 실수로 반환",
        "(H + 2P − FH) / S is a float in Python 3: after checking divisibility return an int, e.g. with //.",
        "파이썬 3에서 (H + 2P − FH) / S는 실수입니다: 나누어떨어지는지 확인한 뒤 // 등으로 정수를 반환하세요.")
mistake("conv_size_not_validated", "shapes that do not tile accepted (floor division)", "나누어떨어지지 않는 크기를 허용 (내림 나눗셈)",
        "When (H + 2P − FH) is not divisible by S, or the result is < 1, raise ValueError instead of returning a "
        "size: floor division silently drops the last rows and columns.",
        "(H + 2P − FH)가 S로 나누어떨어지지 않거나 결과가 1보다 작으면 크기를 반환하지 말고 ValueError를 발생시키세요: "
        "내림 나눗셈은 마지막 행과 열을 조용히 버립니다.")
mistake("conv_size_wrong_exception", "wrong exception type for a bad size", "잘못된 크기에 다른 종류의 예외",
        "Raise ValueError (not assert / AssertionError, not another exception type) naming the numbers.",
        "assert나 다른 예외가 아니라, 숫자를 담은 ValueError를 발생시키세요.")
mistake("conv_size_off_by_one", "output size off by one", "출력 크기가 1만큼 틀림",
        "OH = (H + 2P − FH) / S + 1: the first window counts too (the + 1).",
        "OH = (H + 2P − FH) / S + 1: 첫 번째 창도 세어야 합니다 (+ 1).")
mistake("conv_size_pad_once", "padding counted once", "패딩을 한 번만 더함",
        "P zeros are added on EACH side, so the padded size is H + 2P.",
        "패딩 P는 양쪽에 각각 붙으므로 패딩된 크기는 H + 2P입니다.")
mistake("conv_size_stride_ignored", "stride ignored in the output size", "출력 크기에서 스트라이드를 무시함",
        "Windows start every S pixels: divide (H + 2P − FH) by S.",
        "창은 S 픽셀마다 시작합니다: (H + 2P − FH)를 S로 나누세요.")
mistake("im2col_column_order", "im2col columns not in (channel, row, column) order",
        "im2col 열 순서가 (채널, 행, 열)이 아님",
        "Column k = (c·FH + u)·FW + v must be channel c, window row u, window column v — the order of "
        "W.reshape(FN, -1) — otherwise the matrix product pairs pixels with the wrong weights.",
        "열 k = (c·FH + u)·FW + v는 채널 c, 창의 행 u, 열 v여야 합니다 (W.reshape(FN, -1)의 순서); 그렇지 않으면 "
        "행렬 곱이 픽셀을 엉뚱한 가중치와 곱합니다.")
mistake("im2col_row_order", "im2col rows not in (sample, out row, out column) order",
        "im2col 행 순서가 (샘플, 출력 행, 출력 열)이 아님",
        "Row r = (n·OH + i)·OW + j is the window of sample n at output position (i, j): samples vary slowest.",
        "행 r = (n·OH + i)·OW + j는 샘플 n의 출력 위치 (i, j)의 창입니다: 샘플 인덱스가 가장 느리게 바뀝니다.")
mistake("col2im_overwrites", "col2im writes overlapping windows instead of adding them",
        "col2im이 겹치는 창의 값을 더하지 않고 덮어씀",
        "A pixel covered by several windows must receive the SUM of their entries: use img[...] += block (or "
        "np.add.at), not an assignment, which keeps only the last value written.",
        "여러 창에 걸친 픽셀은 그 값들의 합을 받아야 합니다: 대입(마지막 값만 남음)이 아니라 img[...] += block "
        "(또는 np.add.at)을 쓰세요.")
mistake("conv_flipped_kernel", "true convolution (flipped kernel)", "커널을 뒤집은 진짜 합성곱",
        "Deep-learning 'convolution' is cross-correlation: out = Σ W[f, c, u, v]·x[c, i·S + u, j·S + v] with "
        "the filter NOT flipped.",
        "딥러닝의 '합성곱'은 교차 상관입니다: 필터를 뒤집지 않고 out = Σ W[f, c, u, v]·x[c, i·S + u, j·S + v].")
mistake("conv_no_bias", "convolution without the bias", "편향을 더하지 않은 합성곱",
        "Add b[f] to every output position of filter f.", "필터 f의 모든 출력 위치에 b[f]를 더하세요.")
mistake("conv_dw_last_sample", "dW not summed over the batch (only the last sample)", "dW를 배치에 대해 합하지 않음 (마지막 샘플만)",
        "Every sample and every output position adds to the same filter: dW = Σ_n Σ_(i,j) dout · window "
        "(colᵀ @ dout for the whole batch); in a loop over samples use +=, not =.",
        "모든 샘플과 출력 위치가 같은 필터에 기여합니다: dW = Σ_n Σ_(i,j) dout · 창 (배치 전체의 colᵀ @ dout); "
        "샘플 반복문에서는 =가 아니라 +=를 쓰세요.")
mistake("conv_dw_averaged", "dW averaged over the batch", "dW를 배치에 대해 평균함",
        "The 1/N is already in the loss's gradient: the layer sums over the batch.",
        "1/N은 이미 손실의 기울기에 들어 있습니다: 계층은 배치에 대해 합합니다.")
mistake("conv_db_not_summed", "db not summed over the batch and positions", "db를 배치와 위치에 대해 합하지 않음",
        "db[f] = Σ over samples and output positions of dout[n, f, i, j]: np.sum(dout, axis=(0, 2, 3)), shape (FN,).",
        "db[f] = 모든 샘플과 출력 위치에 대한 dout[n, f, i, j]의 합: np.sum(dout, axis=(0, 2, 3)), 형상 (FN,).")
mistake("pool_max_pad_zero", "max pooling padded with zeros", "0으로 패딩한 최대 풀링",
        "Max pooling pads with −inf so that padding never wins; with zeros an all-negative window gives 0.",
        "최대 풀링은 −inf로 패딩해 패딩이 최댓값이 되지 않게 합니다; 0으로 패딩하면 모두 음수인 창이 0을 냅니다.")
mistake("pool_mode_ignored", "pooling mode ignored", "풀링 mode를 무시함",
        "mode='max' takes the maximum of each window, mode='avg' its mean.",
        "mode='max'는 창의 최댓값, mode='avg'는 평균입니다.")
mistake("pool_avg_not_divided", "average pooling not divided by the window size", "평균 풀링을 창 크기로 나누지 않음",
        "The mean of a PH × PW window is its sum / (PH·PW), and backward spreads dout / (PH·PW) to each element.",
        "PH × PW 창의 평균은 합 / (PH·PW)이고, 역전파는 각 원소에 dout / (PH·PW)를 나눠 줍니다.")
mistake("pool_avg_excludes_pad", "average pooling does not count the padded zeros", "평균 풀링에서 패딩된 0을 세지 않음",
        "In this kit average pooling divides by PH·PW always (padded zeros count, like count_include_pad=True).",
        "이 과제의 평균 풀링은 항상 PH·PW로 나눕니다 (패딩된 0도 셈, count_include_pad=True와 같음).")
mistake("pool_max_grad_everywhere", "max-pool gradient sent to every element of the window",
        "최대 풀링 기울기를 창의 모든 원소에 전달",
        "Only the position of the maximum influenced the output: dout goes there alone (remember it in forward, "
        "e.g. with argmax), the other positions get 0.",
        "출력에 영향을 준 것은 최댓값 위치뿐입니다: dout은 그 위치로만 가고 (순전파에서 argmax 등으로 기억) "
        "나머지는 0을 받습니다.")
mistake("aug_samples_reordered", "augmentation reorders the samples", "증강이 샘플 순서를 바꿈",
        "Output sample n must come from input sample n, so the labels of the batch stay valid.",
        "출력 샘플 n은 입력 샘플 n에서 나와야 배치의 레이블이 그대로 유효합니다.")
mistake("aug_ignores_rng", "the rng argument is not used", "rng 인자를 사용하지 않음",
        "Draw every random number from the generator passed as rng (rng.random, rng.integers, rng.standard_normal), "
        "not from np.random.* or a new default_rng: then the same seed gives the same batch.",
        "모든 난수를 인자로 받은 rng에서 뽑으세요 (rng.random, rng.integers, rng.standard_normal); np.random.*나 새 "
        "default_rng를 쓰지 마세요: 그래야 같은 시드가 같은 배치를 만듭니다.")
mistake("flip_wrong_axis", "images flipped upside down instead of left–right", "좌우 대신 상하로 뒤집음",
        "A horizontal flip reverses the columns, the LAST axis: x[n][..., ::-1].",
        "좌우 반전은 마지막 축(열)을 뒤집습니다: x[n][..., ::-1].")
mistake("flip_probability_inverted", "flip probability inverted (1 − p)", "반전 확률이 뒤바뀜 (1 − p)",
        "Flip a sample when its uniform draw is < p, so that p is the probability of flipping.",
        "균등 난수가 p보다 작을 때 뒤집어야 p가 반전 확률이 됩니다.")
mistake("flip_whole_batch", "one flip decision for the whole batch", "배치 전체에 한 번만 반전 여부를 결정",
        "Decide for every sample independently: draw N numbers, e.g. rng.random(N) < p.",
        "샘플마다 독립적으로 정하세요: 난수 N개, 예: rng.random(N) < p.")
mistake("flip_channels_independently", "channels of one image flipped independently", "한 이미지의 채널을 따로 반전",
        "All channels of a sample flip together (one decision per sample).",
        "한 샘플의 모든 채널은 함께 뒤집힙니다 (샘플마다 한 번 결정).")
mistake("shift_wraps", "shift wraps around (np.roll)", "이동이 반대편으로 돌아 들어옴 (np.roll)",
        "What leaves the image is lost and the vacated pixels are 0: np.roll moves the content around instead.",
        "이미지 밖으로 나간 부분은 버리고 빈 곳은 0으로 채워야 합니다: np.roll은 내용을 반대편으로 돌려 넣습니다.")
mistake("shift_too_far", "shift larger than max_shift", "max_shift보다 크게 이동",
        "dy and dx are integers from −max_shift to max_shift, both ends included.",
        "dy와 dx는 −max_shift부터 max_shift까지의 정수입니다 (양 끝 포함).")
mistake("shift_channels_independently", "channels of one image shifted independently", "한 이미지의 채널을 따로 이동",
        "All channels of a sample move by the same (dy, dx).", "한 샘플의 모든 채널은 같은 (dy, dx)만큼 이동합니다.")
mistake("shift_end_excluded", "shift range misses ±max_shift", "이동 범위에서 ±max_shift가 빠짐",
        "rng.integers(low, high) excludes high: use rng.integers(-max_shift, max_shift + 1, size=N).",
        "rng.integers(low, high)는 high를 포함하지 않습니다: rng.integers(-max_shift, max_shift + 1, size=N)를 쓰세요.")
mistake("shift_same_draw", "dy and dx drawn as one number", "dy와 dx를 같은 난수로 뽑음",
        "Draw dy and dx independently (two draws of N integers).", "dy와 dx를 독립적으로 뽑으세요 (정수 N개씩 두 번).")
mistake("noise_wrong_scale", "noise scaled by std² or √std instead of std", "잡음을 std 대신 std² 또는 √std로 조정",
        "std is the standard deviation: x + std · rng.standard_normal(x.shape).",
        "std는 표준편차입니다: x + std · rng.standard_normal(x.shape).")
mistake("noise_not_gaussian", "noise not Gaussian", "잡음이 정규분포가 아님",
        "Use normal (Gaussian) noise, rng.standard_normal, not uniform noise: about 68.3 % of the values must lie "
        "within ±std.",
        "균등분포가 아니라 정규분포 잡음(rng.standard_normal)을 쓰세요: 값의 약 68.3 %가 ±std 안에 있어야 합니다.")
mistake("noise_not_independent", "the same noise repeated", "같은 잡음을 반복해서 더함",
        "Draw independent noise for every element of the batch: rng.standard_normal(x.shape).",
        "배치의 모든 원소마다 독립적인 잡음을 뽑으세요: rng.standard_normal(x.shape).")
mistake("shift_edge_fill", "shift fills with the border pixels instead of zeros", "이동 후 빈 곳을 0 대신 가장자리 픽셀로 채움",
        "The pixels that enter the image are 0: pad with zeros (np.zeros / np.pad's default mode='constant'), not "
        "mode='edge', which repeats the border.",
        "이미지로 들어오는 픽셀은 0입니다: 가장자리를 반복하는 mode='edge'가 아니라 0으로 패딩하세요 "
        "(np.zeros 또는 np.pad의 기본값 mode='constant').")
mistake("rotate_clockwise", "rotation clockwise instead of counter-clockwise", "반시계 대신 시계 방향으로 회전",
        "rotate90(x, k) turns counter-clockwise like np.rot90(x, k, axes=(-2, -1)).",
        "rotate90(x, k)는 np.rot90(x, k, axes=(-2, -1))처럼 반시계 방향으로 돌립니다.")
mistake("rotate_wrong_axes", "rotation over the wrong axes", "잘못된 축으로 회전",
        "Rotate the images, i.e. the LAST two axes (H, W): axes=(-2, -1); np.rot90's default (0, 1) turns the batch.",
        "이미지, 즉 마지막 두 축 (H, W)을 돌리세요: axes=(-2, -1); np.rot90의 기본값 (0, 1)은 배치 축을 돌립니다.")
mistake("rotate_k_ignored", "the number of quarter turns k ignored", "회전 횟수 k를 무시함",
        "Turn by k·90° (k may be negative or ≥ 4; it counts modulo 4).",
        "k·90°만큼 돌리세요 (k는 음수이거나 4 이상일 수 있고, 4로 나눈 나머지만 의미가 있습니다).")
mistake("cnn_params_not_shared", "layers use copies of params", "계층이 params의 복사본을 사용",
        "Build Convolution and Affine with the arrays of self.params themselves (no .copy()), so that a change of "
        "net.params (an optimizer's in-place update) reaches the layers.",
        "Convolution과 Affine을 self.params의 배열 자체로 만드세요 (.copy() 없이); 그래야 net.params의 변경 "
        "(옵티마이저의 제자리 갱신)이 계층에 반영됩니다.")
mistake("cnn_pool_size_ignored", "W2 sized without the 2×2 pooling", "2×2 풀링을 빼고 W2 크기를 계산",
        "The pooling halves the convolution output: W2 has FN·(OH/2)·(OW/2) rows.",
        "풀링이 합성곱 출력을 절반으로 줄입니다: W2의 행 수는 FN·(OH/2)·(OW/2)입니다.")
mistake("accuracy_drops_last_batch", "accuracy ignores the last, smaller batch", "정확도에서 마지막 작은 배치를 버림",
        "Predict every sample: loop with range(0, N, batch_size) and divide the correct count by N.",
        "모든 샘플을 예측하세요: range(0, N, batch_size)로 반복하고 맞힌 개수를 N으로 나누세요.")




def _same(a: np.ndarray, b: np.ndarray, tol: float = 1e-9) -> bool:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= tol * (1 + np.abs(b))))


def _per_sample_equal(a: np.ndarray, b: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """(N,) booleans: sample n of a equals sample n of b (shapes must agree)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    close = np.abs(a - b) <= tol * (1 + np.abs(b))
    return np.all(close.reshape(close.shape[0], -1), axis=1)


# ========================================================================================== drivers (child side)
def drive_conv_size(mods, cases):
    """conv_output_size(H, FH, S, P) for every case; student errors propagate."""
    return [mods.conv.conv_output_size(h, f, s, p) for h, f, s, p in cases]


def drive_conv_size_errors(mods, cases):
    """conv_output_size on cases that may be rejected: the value, or the exception's type and message."""
    out = []
    for h, f, s, p in cases:
        try:
            out.append({"value": mods.conv.conv_output_size(h, f, s, p)})
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001 - the type and message are the data being checked
            # data only: the verdict (is it a ValueError?) is made grader-side from the class's MRO
            out.append({"raised": type(exc).__name__,
                        "mro": [[str(getattr(c, "__module__", "")), str(getattr(c, "__qualname__", ""))]
                                for c in type(exc).__mro__],
                        "message": str(exc)[:1000]})
    return out


def drive_im2col(mods, x, fh, fw, stride, pad):
    col = mods.conv.im2col(x, fh, fw, stride, pad)
    return {"col": col, "x_after": x}


def drive_im2col_col(mods, x, fh, fw, stride, pad):
    return mods.conv.im2col(x, fh, fw, stride, pad)


def drive_col2im(mods, col, input_shape, fh, fw, stride, pad):
    img = mods.conv.col2im(col, tuple(input_shape), fh, fw, stride, pad)
    return {"img": img, "col_after": col}


def drive_layer_keys(mods, inputs, keys):
    """drive_layer, returning only the given keys (keeps the stored expected values small)."""
    res = drive_layer(mods, inputs)
    return {k: res.get(k) for k in keys}


def drive_im2col_dots(mods, xs, c, fh, fw, stride, pad):
    """⟨im2col(x), c⟩ for every x (used on the reference only)."""
    return [float(np.sum(mods.conv.im2col(x, fh, fw, stride, pad) * c)) for x in xs]


def drive_col2im_img(mods, col, input_shape, fh, fw, stride, pad):
    return mods.conv.col2im(col, tuple(input_shape), fh, fw, stride, pad)


def drive_aug(mods, name, x, arg, seed):
    """Call augmentation.<name>(x, arg, rng) with a seeded generator; also return x afterwards."""
    out = getattr(mods.augmentation, name)(x, arg, np.random.default_rng(seed))
    return {"out": out, "x_after": x}


def drive_aug_seeds(mods, name, x, arg, seeds):
    return [getattr(mods.augmentation, name)(x.copy(), arg, np.random.default_rng(s)) for s in seeds]


def drive_rotate(mods, x, k):
    out = mods.augmentation.rotate90(x, k)
    return {"out": out, "x_after": x}


def drive_rotate_out(mods, x, k):
    return mods.augmentation.rotate90(x, k)


def _make_net(mods, spec, seed=0, std=None):
    kw = {"input_dim": tuple(spec["input_dim"]), "conv_param": spec.get("conv_param"),
          "hidden_size": spec["hidden"], "output_size": spec["out"], "rng": np.random.default_rng(seed)}
    if std is not None:
        kw["weight_init_std"] = std
    return mods.network.SimpleConvNet(**kw)


def drive_net_shapes(mods, spec):
    net = _make_net(mods, spec)
    return {"keys": [str(k) for k in net.params],
            "shapes": {str(k): list(np.shape(v)) for k, v in net.params.items()}}


def drive_net_eval(mods, spec, params, x, t, what, batch_size):
    """Build a net, copy the given values INTO net.params one key at a time, recording predict(x) before and after
    every key (the grader finds the keys whose change does not change predict: layers holding copies), then
    evaluate what is asked. Data only: every comparison is made grader-side."""
    net = _make_net(mods, spec)
    out = {"traces": []}
    if params is not None:
        out["traces"].append(np.array(net.predict(x.copy()), dtype=np.float64, copy=True))
        for k in NET_KEYS:
            net.params[k][...] = params[k]
            out["traces"].append(np.array(net.predict(x.copy()), dtype=np.float64, copy=True))
    if "predict" in what:
        out["predict"] = net.predict(x.copy())
    if "loss" in what:
        out["loss"] = net.loss(x.copy(), t.copy())
    if "accuracy" in what:
        out["accuracy"] = net.accuracy(x.copy(), t.copy(), batch_size)
    if "gradient" in what:
        out["gradient"] = net.gradient(x.copy(), t.copy())
    return out


def drive_net_loss(mods, inputs):
    net = _make_net(mods, inputs["spec"])
    for k in ("W1", "b1", "W2", "b2", "W3", "b3"):
        net.params[k][...] = inputs[k]
    return net.loss(inputs["x"].copy(), inputs["t"].copy())


def drive_net_train(mods, spec, params, x, t, lr, steps):
    net = _make_net(mods, spec)
    for k, v in params.items():
        net.params[k][...] = v
    losses = [net.loss(x.copy(), t.copy())]
    for _ in range(steps):
        grads = net.gradient(x.copy(), t.copy())
        for k in ("W1", "b1", "W2", "b2", "W3", "b3"):
            net.params[k] -= lr * grads[k]
        losses.append(net.loss(x.copy(), t.copy()))
    return losses


def drive_net_init(mods, spec, std, seed):
    net = _make_net(mods, spec, seed=seed, std=std)
    return {str(k): v for k, v in net.params.items()}


def drive_net_margins(mods, spec, params, x):
    """Reference only (through ctx.expected): distances of the test point from the kinks of SimpleConvNet — the
    smallest |conv pre-activation|, the smallest gap between the two largest positive values of a pooling window,
    the smallest |hidden pre-activation|."""
    cp = spec["conv_param"]
    conv = mods.conv.Convolution(params["W1"], params["b1"], stride=cp["stride"], pad=cp["pad"])
    a1 = conv.forward(x)
    r1 = np.maximum(a1, 0)
    n, c, h, w = r1.shape
    win = r1.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(-1, 4)
    top = np.sort(win, axis=1)[:, ::-1]
    gaps = np.where(top[:, 0] > 0, top[:, 0] - top[:, 1], np.inf)
    pooled = mods.conv.Pooling(2, 2, stride=2).forward(r1)
    a2 = pooled.reshape(n, -1) @ params["W2"] + params["b2"]
    return {"conv": float(np.min(np.abs(a1))), "pool": float(np.min(gaps)), "hidden": float(np.min(np.abs(a2)))}


# ========================================================================================== conv_output_size
size_ex = A.exercise("conv.conv_output_size", targets=["conv.conv_output_size"],
                     title=T("convolution output size", "합성곱 출력 크기"),
                     hint=T("span = H + 2·P − FH; raise ValueError (with H, FH, S, P in the message) when span < 0 or "
                            "span % S != 0; otherwise return span // S + 1 as an int.",
                            "span = H + 2·P − FH; span < 0이거나 span % S != 0이면 (H, FH, S, P를 담은) ValueError를 "
                            "발생시키고, 아니면 span // S + 1을 정수로 반환하세요."))

# (H, W, FH, FW, S, P): square and non-square inputs and filters that tile exactly (OH and OW checked separately)
SIZE_CASES = [(28, 28, 5, 5, 1, 0), (4, 4, 3, 3, 1, 1), (7, 11, 3, 5, 2, 1), (4, 6, 3, 2, 1, 1), (32, 20, 4, 2, 2, 0),
              (5, 8, 5, 1, 1, 0), (10, 15, 4, 6, 3, 0), (6, 6, 2, 2, 2, 2), (1, 1, 3, 3, 1, 1), (9, 9, 1, 1, 4, 0)]
# (H, FH, S, P) that must be rejected: not divisible by S, or the window larger than the padded input
BAD_SIZE_CASES = [(28, 2, 3, 0), (8, 3, 2, 0), (6, 3, 2, 1), (3, 5, 1, 0), (4, 9, 1, 2), (3, 7, 2, 1), (10, 4, 4, 2)]


def _size_axis_cases(cases):
    """Every (H, W, FH, FW, S, P) case as two one-axis calls (H, FH, S, P) and (W, FW, S, P)."""
    out = []
    for h, w, fh, fw, s, p in cases:
        out += [(h, fh, s, p), (w, fw, s, p)]
    return out


# Known wrong versions of the function: (span, value from span, whether the span is checked for divisibility)
SIZE_MISTAKES = {
    "conv_size_off_by_one": (lambda h, f, s, p: h + 2 * p - f, lambda span, s: span // s, True),
    "conv_size_pad_once": (lambda h, f, s, p: h + p - f, lambda span, s: span // s + 1, True),
    "conv_size_stride_ignored": (lambda h, f, s, p: h + 2 * p - f, lambda span, s: span + 1, False),
}


def _behaves_like(key, cases, got) -> bool:
    """Whether every result (a value, or an exception) is what the wrong version ``key`` would give."""
    span_of, value_of, divisible = SIZE_MISTAKES[key]
    for (h, f, s, p), g in zip(cases, got):
        span = span_of(h, f, s, p)
        rejects = span < 0 or (divisible and span % s != 0)
        if not isinstance(g, dict):
            return False
        if "raised" in g:
            if not rejects:
                return False
        elif rejects or g.get("value") != value_of(span, s):
            return False
    return True


def _size_int(value, call):
    if isinstance(value, (float, np.floating)):
        raise named_mistake(T(f"{call} returned the float {value!r}", f"{call}이(가) 실수 {value!r}를 반환했습니다"), "conv_size_float")
    return expect.integer(value, T(call))


def _size_case_text(i, cases):
    h, f, s, p = cases[i]
    case = SIZE_CASES[i // 2]
    axis = "OW" if i % 2 else "OH"
    return (f"conv_output_size({h}, {f}, stride={s}, pad={p})",
            T(f"{axis} of a {case[0]}×{case[1]} input with a {case[2]}×{case[3]} filter",
              f"{case[0]}×{case[1]} 입력, {case[2]}×{case[3]} 필터의 {axis}"))


@size_ex.test("OH = (H + 2P − FH)/S + 1 on square and non-square inputs and filters", points=2)
def _(ctx):
    cases = _size_axis_cases(SIZE_CASES)
    got = ctx.call(drive_conv_size_errors, cases)
    want = ctx.expected(drive_conv_size, cases)
    if not isinstance(got, list) or len(got) != len(cases):
        raise Fail(T("conv_output_size: the calls did not return one result each", "conv_output_size: 호출마다 결과가 하나씩 오지 않았습니다"))
    for i, (g, w) in enumerate(zip(got, want)):
        call, where = _size_case_text(i, cases)
        g = as_dict(g, T(call))
        if "raised" not in g:
            _size_int(g.get("value"), call)
        if "raised" in g or g.get("value") != w:
            for key in SIZE_MISTAKES:
                if _behaves_like(key, cases, got):
                    raise named_mistake(T("conv_output_size: wrong sizes", "conv_output_size: 크기가 틀렸습니다"), key)
            if "raised" in g:
                raise Fail(T(f"{call} raised {g['raised']}({g.get('message', '')!r}), but the windows tile exactly "
                             f"({where.en}: expected {w})", f"{call}이(가) {g['raised']}({g.get('message', '')!r})를 "
                             f"발생시켰지만 창이 정확히 맞습니다 ({where.ko}: 기대값 {w})"))
            value = _size_int(g.get("value"), call)
            raise Fail(T(f"{call} returned {value}, expected {w} ({where.en})",
                         f"{call}이(가) {value}을(를) 반환했는데 {w}이어야 합니다 ({where.ko})"))


def _is_value_error(g: dict) -> bool:
    """Grader-side verdict from the class MRO the driver reported (``isinstance`` in the student's process could be
    fooled by a patched ``builtins.ValueError``)."""
    mro = g.get("mro")
    if not isinstance(mro, list):
        return False
    return any(isinstance(c, list) and len(c) == 2 and c[0] == "builtins" and c[1] == "ValueError" for c in mro)


def _mentions(message: str, number: int) -> bool:
    return re.search(rf"(?<![\d.]){number}(?![\d])", message) is not None


def _check_rejections(ctx, cases, got, want):
    if not isinstance(got, list) or len(got) != len(cases):
        raise Fail(T("conv_output_size: the calls did not return one result each", "conv_output_size: 호출마다 결과가 하나씩 오지 않았습니다"))
    for (h, f, s, p), g, w in zip(cases, got, want):
        call = f"conv_output_size({h}, {f}, stride={s}, pad={p})"
        g = as_dict(g, T(call))
        span = h + 2 * p - f
        if "raised" not in w:   # the reference accepts it: the value must agree
            if "raised" in g:
                raise Fail(T(f"{call} raised {g['raised']}: {g.get('message', '')!r}, but the windows tile exactly "
                             f"(expected {w['value']})", f"{call}이(가) {g['raised']}를 발생시켰지만 창이 정확히 맞습니다 "
                             f"(기대값 {w['value']})"))
            value = _size_int(g.get("value"), call)
            if value != int(w["value"]):
                raise Fail(T(f"{call} returned {value}, expected {w['value']}", f"{call}이(가) {value}을(를) 반환했는데 "
                             f"{w['value']}이어야 합니다"))
            continue
        why = (T(f"{h} + 2·{p} − {f} = {span} is not divisible by {s}", f"{h} + 2·{p} − {f} = {span}이(가) {s}로 나누어떨어지지 않음")
               if span >= 0 and span % s else
               T(f"the {f}-wide window is larger than the padded input {h + 2 * p}",
                 f"{f} 크기의 창이 패딩된 입력 {h + 2 * p}보다 큼"))
        if "raised" not in g:
            raise named_mistake(T(f"{call} returned {g.get('value')!r} instead of raising ValueError ({why.en})",
                           f"{call}이(가) ValueError 대신 {g.get('value')!r}을(를) 반환했습니다 ({why.ko})"),
                         "conv_size_not_validated")
        if not _is_value_error(g):
            raise named_mistake(T(f"{call} raised {g['raised']} instead of ValueError",
                           f"{call}이(가) ValueError 대신 {g['raised']}를 발생시켰습니다"), "conv_size_wrong_exception")
        message = str(g.get("message", ""))
        needed = [h, f] + ([s] if span >= 0 and span % s else []) + ([p] if p else [])
        missing = [n for n in needed if not _mentions(message, n)]
        if missing:
            raise Fail(T(f"{call} raised ValueError({message!r}); the message must name the offending numbers "
                         f"(missing: {', '.join(map(str, missing))})",
                         f"{call}이(가) ValueError({message!r})를 발생시켰습니다; 메시지에 문제가 된 숫자를 넣으세요 "
                         f"(빠진 숫자: {', '.join(map(str, missing))})"))


@size_ex.test("ValueError naming the numbers when the windows do not tile or the size is < 1", points=2)
def _(ctx):
    got = ctx.call(drive_conv_size_errors, BAD_SIZE_CASES)
    want = ctx.expected(drive_conv_size_errors, BAD_SIZE_CASES)
    _check_rejections(ctx, BAD_SIZE_CASES, got, want)


@size_ex.test("fresh random sizes, accepted and rejected", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    cases = [(int(rng.integers(1, 40)), int(rng.integers(1, 9)), int(rng.integers(1, 5)), int(rng.integers(0, 4)))
             for _ in range(40)]
    _check_rejections(ctx, cases, ctx.call(drive_conv_size_errors, cases), ctx.expected(drive_conv_size_errors, cases))


# ========================================================================================== im2col
im2col_ex = A.exercise("conv.im2col", targets=["conv.im2col"], title=T("im2col", "im2col (이미지 → 행렬 전개)"),
                       hint=T("Pad x with P zeros on each side of H and W; col[(n·OH + i)·OW + j, (c·FH + u)·FW + v] = "
                              "x_pad[n, c, i·S + u, j·S + v]. Build the windows with sliding_window_view (or one slice "
                              "per offset (u, v)), then transpose and reshape to (N·OH·OW, C·FH·FW).",
                              "H와 W 양쪽에 P개의 0을 붙이고, col[(n·OH + i)·OW + j, (c·FH + u)·FW + v] = "
                              "x_pad[n, c, i·S + u, j·S + v]. sliding_window_view (또는 (u, v)마다 슬라이스 하나)로 창을 "
                              "만든 뒤 축을 바꾸고 (N·OH·OW, C·FH·FW)로 reshape하세요."))

# (x shape, FH, FW, S, P): stride 1/2/3, pad 0/1/2, non-square inputs and filters, channels, batches
IM2COL_CONFIGS = [((2, 3, 5, 5), 3, 3, 1, 0), ((1, 2, 6, 8), 2, 4, 2, 0), ((3, 2, 4, 5), 3, 2, 1, 1),
                  ((2, 1, 7, 5), 3, 3, 2, 1), ((1, 3, 3, 4), 2, 3, 1, 2), ((2, 2, 8, 8), 2, 2, 3, 0)]


def _out_hw(shape, fh, fw, s, p):
    return (shape[2] + 2 * p - fh) // s + 1, (shape[3] + 2 * p - fw) // s + 1


def _im2col_candidates(want, shape, fh, fw, s, p):
    n, c = shape[0], shape[1]
    oh, ow = _out_hw(shape, fh, fw, s, p)
    r = n * oh * ow
    return {"im2col_column_order": lambda: want.reshape(r, c, fh, fw).transpose(0, 2, 3, 1).reshape(r, -1),
            "im2col_row_order": lambda: want.reshape(n, oh, ow, -1).transpose(1, 2, 0, 3).reshape(r, -1),
            "transposed": lambda: want.T}


def _check_im2col(ctx, configs, xs, *, candidates=True):
    results = ctx.call_many(drive_im2col, [[x, fh, fw, s, p] for x, (_, fh, fw, s, p) in zip(xs, configs)])
    for x, (shape, fh, fw, s, p), res in zip(xs, configs, results):
        what = T(f"im2col(x of shape {shape}, {fh}, {fw}, stride={s}, pad={p})")
        res = as_dict(res, what)
        want = ctx.expected(drive_im2col_col, x, fh, fw, s, p)
        mist = _im2col_candidates(want, shape, fh, fw, s, p) if candidates else None
        expect.close(res.get("col"), want, what, rtol=0, atol=1e-12, mistakes=mist)
        expect.unchanged(x, res.get("x_after"), what + T(": argument x", ": 인자 x"))


@im2col_ex.test("values: rows (n, i, j), columns (c, u, v) for stride 1/2/3, pad 0/1/2, non-square shapes", points=3)
def _(ctx):
    xs = [ctx.rng.standard_normal(cfg[0]) for cfg in IM2COL_CONFIGS]
    _check_im2col(ctx, IM2COL_CONFIGS, xs)


@im2col_ex.test("float32 stays float32; the input is not modified", points=1)
def _(ctx):
    shape, fh, fw, s, p = (2, 2, 4, 6), 3, 3, 1, 1
    x = ctx.rng.standard_normal(shape).astype(np.float32)
    res = as_dict(ctx.call(drive_im2col, x, fh, fw, s, p), T("im2col"))
    col = res.get("col")
    what = T(f"im2col(float32 x of shape {shape}, {fh}, {fw}, stride={s}, pad={p})")
    if isinstance(col, np.ndarray) and col.dtype != np.float32:
        raise Fail(T(f"{what.en}: dtype {col.dtype}, expected float32 (keep the input's dtype, e.g. "
                     f"np.zeros(..., dtype=x.dtype) for the padded copy)",
                     f"{what.ko}: dtype이 {col.dtype}인데 float32여야 합니다 (입력의 dtype 유지, 예: 패딩 배열에 "
                     f"np.zeros(..., dtype=x.dtype))"))
    want = ctx.expected(drive_im2col_col, x, fh, fw, s, p)
    expect.close(col, want, what, rtol=0, atol=1e-6, mistakes=_im2col_candidates(want, shape, fh, fw, s, p))
    expect.unchanged(x, res.get("x_after"), what + T(": argument x", ": 인자 x"))


def _random_tiling(rng, fh, fw, s, p, max_out=5):
    """An input size (H, W) whose fh × fw windows with stride s and pad p tile exactly."""
    sizes = []
    for f in (fh, fw):
        lo = max(1, int(math.ceil((2 * p + 1 - f) / s)) + 1)   # smallest output size with an input >= 1
        o = int(rng.integers(lo, max(lo, max_out) + 1))
        sizes.append(s * (o - 1) + f - 2 * p)
    return tuple(sizes)


def _random_conv_configs(rng, k, *, max_n=3, max_c=3, max_f=4, max_p=2, pool=False):
    configs = []
    for _ in range(k):
        fh, fw = (int(v) for v in rng.integers(1 if not pool else 2, max_f + 1, size=2))
        s = int(rng.integers(1, 4))
        p = int(rng.integers(0, min(max_p, min(fh, fw) - 1 if pool else max_p) + 1))
        h, w = _random_tiling(rng, fh, fw, s, p)
        configs.append(((int(rng.integers(1, max_n + 1)), int(rng.integers(1, max_c + 1)), h, w), fh, fw, s, p))
    return configs


@im2col_ex.test("fresh random shapes, strides and pads", points=2, hidden=True)
def _(ctx):
    configs = _random_conv_configs(ctx.rng, 6)
    _check_im2col(ctx, configs, [ctx.rng.standard_normal(cfg[0]) for cfg in configs], candidates=False)


# ========================================================================================== col2im
col2im_ex = A.exercise("conv.col2im", targets=["conv.col2im"], title=T("col2im", "col2im (행렬 → 이미지)"),
                       hint=T("The exact reverse of im2col's index map: reshape col to (N, OH, OW, C, FH, FW) (or the "
                              "transposed order), start from zeros of the padded shape and ADD the block of every "
                              "filter offset (u, v) at img[:, :, u:u + S·OH:S, v:v + S·OW:S]; finally cut the padding off.",
                              "im2col의 인덱스 대응을 거꾸로: col을 (N, OH, OW, C, FH, FW)로 reshape하고, 패딩된 형상의 0 "
                              "배열에서 시작해 필터 위치 (u, v)마다 img[:, :, u:u + S·OH:S, v:v + S·OW:S]에 블록을 더한 "
                              "뒤 패딩을 잘라내세요."))

# overlapping windows (stride < filter), gaps (stride > filter), padding, non-square shapes
COL2IM_CONFIGS = [((2, 2, 5, 5), 3, 3, 1, 0), ((1, 3, 4, 6), 2, 3, 1, 1), ((2, 1, 7, 5), 3, 3, 2, 1),
                  ((1, 2, 8, 8), 2, 2, 3, 0), ((2, 2, 3, 4), 2, 2, 1, 2)]


def _col_shape(shape, fh, fw, s, p):
    oh, ow = _out_hw(shape, fh, fw, s, p)
    return shape[0] * oh * ow, shape[1] * fh * fw


@col2im_ex.test("adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩", points=2)
def _(ctx):
    rng = ctx.rng
    cols = [rng.standard_normal(_col_shape(*cfg)) for cfg in COL2IM_CONFIGS]
    results = ctx.call_many(drive_col2im, [[c, list(cfg[0]), *cfg[1:]] for c, cfg in zip(cols, COL2IM_CONFIGS)])
    for c, (shape, fh, fw, s, p), res in zip(cols, COL2IM_CONFIGS, results):
        what = T(f"col2im(c, {shape}, {fh}, {fw}, stride={s}, pad={p})")
        res = as_dict(res, what)
        img = expect.array(res.get("img"), what, shape=shape)
        expect.unchanged(c, res.get("col_after"), what + T(": argument col", ": 인자 col"))
        xs = [rng.standard_normal(shape) for _ in range(3)]
        for x, lhs in zip(xs, ctx.expected(drive_im2col_dots, xs, c, fh, fw, s, p)):
            rhs = float(np.sum(x * img))
            if abs(lhs - rhs) > 1e-9 * (1 + abs(lhs)):
                raise Fail(T(f"{what.en} is not the adjoint of im2col: for a random x, ⟨im2col(x), c⟩ = {lhs:.10g} but "
                             f"⟨x, col2im(c)⟩ = {rhs:.10g} (tolerance 1e-9 relative). Every entry of c must be added to "
                             f"the pixel that im2col copied it from (overlaps add up, padding is dropped)",
                             f"{what.ko}가 im2col의 수반 연산이 아닙니다: 무작위 x에 대해 ⟨im2col(x), c⟩ = {lhs:.10g}인데 "
                             f"⟨x, col2im(c)⟩ = {rhs:.10g}입니다 (상대 허용 오차 1e-9). c의 각 원소는 im2col이 복사해 온 "
                             f"픽셀에 더해져야 합니다 (겹치면 합산, 패딩은 버림)"))


@col2im_ex.test("overlapping windows add up; values against the reference", points=2)
def _(ctx):
    rng = ctx.rng
    for shape, fh, fw, s, p in COL2IM_CONFIGS:
        ones = np.ones(_col_shape(shape, fh, fw, s, p))
        rand = rng.standard_normal(ones.shape)
        res = ctx.call_many(drive_col2im, [[ones, list(shape), fh, fw, s, p], [rand, list(shape), fh, fw, s, p]])
        want_ones = ctx.expected(drive_col2im_img, ones, list(shape), fh, fw, s, p)
        want_rand = ctx.expected(drive_col2im_img, rand, list(shape), fh, fw, s, p)
        what = T(f"col2im(ones, {shape}, {fh}, {fw}, stride={s}, pad={p}) (how many windows cover each pixel)",
                 f"col2im(ones, {shape}, {fh}, {fw}, stride={s}, pad={p}) (각 픽셀을 덮는 창의 수)")
        expect.close(as_dict(res[0], what).get("img"), want_ones, what, rtol=0, atol=1e-12,
                     mistakes={"col2im_overwrites": (want_ones > 0).astype(float)})
        what = T(f"col2im(random c, {shape}, {fh}, {fw}, stride={s}, pad={p})", f"col2im(무작위 c, {shape}, {fh}, {fw}, stride={s}, pad={p})")
        expect.close(as_dict(res[1], what).get("img"), want_rand, what, rtol=1e-10, atol=1e-12)


@col2im_ex.test("fresh random shapes: values and the adjoint identity", points=2, hidden=True)
def _(ctx):
    rng = ctx.rng
    for shape, fh, fw, s, p in _random_conv_configs(rng, 5):
        c = rng.standard_normal(_col_shape(shape, fh, fw, s, p))
        what = T(f"col2im(c, {shape}, {fh}, {fw}, stride={s}, pad={p})")
        res = as_dict(ctx.call(drive_col2im, c, list(shape), fh, fw, s, p), what)
        want = ctx.expected(drive_col2im_img, c, list(shape), fh, fw, s, p)
        expect.close(res.get("img"), want, what, rtol=1e-10, atol=1e-12)


# ========================================================================================== Convolution
conv_ex = A.exercise("conv.Convolution", targets=["conv.Convolution", "conv.im2col", "conv.col2im"],
                     title=T("convolution layer", "합성곱 계층"),
                     hint=T("forward: col = im2col(x, FH, FW, S, P); out = col @ W.reshape(FN, -1).T + b, reshaped to "
                            "(N, OH, OW, FN) and transposed to (N, FN, OH, OW); keep x.shape and col. backward: "
                            "D = dout.transpose(0, 2, 3, 1).reshape(-1, FN); db = D.sum(axis=0); dW = (col.T @ D).T "
                            "reshaped to W.shape; dx = col2im(D @ W.reshape(FN, -1), x.shape, FH, FW, S, P).",
                            "순전파: col = im2col(x, FH, FW, S, P); out = col @ W.reshape(FN, -1).T + b를 (N, OH, OW, FN)"
                            "으로 reshape 후 (N, FN, OH, OW)로 전치; x.shape과 col을 저장. 역전파: D = dout.transpose(0, 2, "
                            "3, 1).reshape(-1, FN); db = D.sum(axis=0); dW = (col.T @ D).T를 W.shape으로; dx = col2im(D @ "
                            "W.reshape(FN, -1), x.shape, FH, FW, S, P)."))

# (x shape, W shape, S, P)
CONV_FORWARD_CONFIGS = [((2, 3, 5, 6), (4, 3, 3, 3), 1, 0), ((3, 2, 7, 5), (2, 2, 3, 3), 2, 1),
                        ((1, 2, 4, 6), (3, 2, 2, 4), 1, 2), ((2, 2, 6, 8), (3, 2, 2, 4), 2, 0)]
CONV_SMALL_CONFIGS = [((2, 2, 3, 4), (2, 2, 3, 2), 1, 1), ((2, 1, 3, 3), (2, 1, 3, 3), 2, 1)]
CONV_LARGE_CONFIGS = [((4, 3, 8, 10), (5, 3, 3, 3), 1, 1), ((3, 2, 9, 7), (4, 2, 3, 3), 2, 2)]


def _conv_inputs(rng, x_shape, w_shape, s, p, *, dout=True, x=None, W=None):
    x = rng.standard_normal(x_shape) if x is None else x
    W = rng.standard_normal(w_shape) * 0.5 if W is None else W
    b = rng.standard_normal(w_shape[0])
    arrays = {"x": x, "W": W, "b": b, "stride": s, "pad": p}
    if dout:
        oh, ow = _out_hw(x_shape, w_shape[2], w_shape[3], s, p)
        arrays["dout"] = rng.standard_normal((x_shape[0], w_shape[0], oh, ow))
    return layer_inputs("conv", "Convolution", ctor=("W", "b"), ctor_kw={"stride": "stride", "pad": "pad"},
                        attrs=("dW", "db"), **arrays)


def _conv_name(inp):
    return T(f"Convolution(W {inp['W'].shape}, stride={inp['stride']}, pad={inp['pad']}) on x {inp['x'].shape}")


def _with(inp, **changes):
    out = dict(inp)
    out.update(changes)
    return out


def _flip_w(W):
    return W[:, :, ::-1, ::-1].copy()


def _column_order_w(W):
    """The filters a convolution effectively uses when im2col's columns are (u, v, c) but W is reshaped (c, u, v)."""
    fn, c, fh, fw = W.shape
    return W.reshape(fn, fh, fw, c).transpose(0, 3, 1, 2).copy()


def _conv_run(ctx, inp):
    what = _conv_name(inp)
    res = as_dict(ctx.call(drive_layer, inp), what)
    check_not_mutated(res, inp, ["x"], what)
    return res, what


@conv_ex.test("forward matches the reference (stride 1/2, pad 0/1/2, non-square, channels, batches)", points=3)
def _(ctx):
    for x_shape, w_shape, s, p in CONV_FORWARD_CONFIGS:
        inp = _conv_inputs(ctx.rng, x_shape, w_shape, s, p, dout=False)
        res, what = _conv_run(ctx, inp)
        want = ctx.expected(drive_layer_keys, inp, ["out"])["out"]
        flipped = ctx.expected(drive_layer_keys, _with(inp, W=_flip_w(inp["W"])), ["out"])["out"]
        reordered = ctx.expected(drive_layer_keys, _with(inp, W=_column_order_w(inp["W"])), ["out"])["out"]
        mist = {"conv_flipped_kernel": flipped, "im2col_column_order": reordered,
                "conv_no_bias": want - inp["b"].reshape(1, -1, 1, 1)}
        expect.close(res.get("out"), want, what + T(": forward output", ": 순전파 출력"), mistakes=mist)


def _conv_backward_vs_reference(ctx, inp, res, what, *, candidates=True):
    want = ctx.expected(drive_layer_keys, inp, ["dx", "dW", "db"])
    dout, n = inp["dout"], inp["x"].shape[0]
    mist_w = mist_b = None
    if candidates:
        last = ctx.expected(drive_layer_keys, _with(inp, x=inp["x"][-1:], dout=dout[-1:]), ["dW"])
        mist_w = {"conv_dw_last_sample": last["dW"], "conv_dw_averaged": want["dW"] / n,
                  "conv_flipped_kernel": want["dW"][:, :, ::-1, ::-1]}
        partial = [dout.sum(axis=(2, 3)), dout.sum(axis=0), dout[-1].sum(axis=(1, 2)), dout.sum(axis=(0, 2)),
                   dout.sum(axis=(0, 3)), dout.sum(axis=(2, 3)).mean(axis=0), dout.mean(axis=(0, 2, 3))]
        mist_b = {f"conv_db_not_summed#{i}": v for i, v in enumerate(partial)}
    _close_keys(res.get("db"), want["db"], what + T(": db (self.db after backward)", ": db (역전파 후 self.db)"), mist_b)
    _close_keys(res.get("dW"), want["dW"], what + T(": dW (self.dW after backward)", ": dW (역전파 후 self.dW)"), mist_w)
    _close_keys(res.get("dx"), want["dx"], what + T(": dx (returned by backward)", ": dx (backward의 반환값)"), None)


def _close_keys(got, want, what, mistakes, rtol=1e-7, atol=1e-9):
    """expect.close, where a mistake key may carry a '#i' suffix (several candidates for one mistake)."""
    try:
        expect.close(got, want, what, rtol=rtol, atol=atol, mistakes=mistakes)
    except Fail as exc:
        if exc.misconception and "#" in exc.misconception:
            key = exc.misconception.split("#")[0]
            raise named_mistake(what + T(" is wrong", " 값이 틀렸습니다"), key) from None
        raise


@conv_ex.test("backward: dx, dW, db against the reference", points=2)
def _(ctx):
    for x_shape, w_shape, s, p in CONV_FORWARD_CONFIGS[:3]:
        inp = _conv_inputs(ctx.rng, x_shape, w_shape, s, p)
        res, what = _conv_run(ctx, inp)
        _conv_backward_vs_reference(ctx, inp, res, what)


@conv_ex.test("backward: dx, dW, db match numeric gradients (small shapes, full check)", points=3)
def _(ctx):
    for x_shape, w_shape, s, p in CONV_SMALL_CONFIGS:
        inp = _conv_inputs(ctx.rng, x_shape, w_shape, s, p)
        res, _ = _conv_run(ctx, inp)
        run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx")), "W": ("dW", T("dW")), "b": ("db", T("db"))},
                           batch_size=x_shape[0], max_full=100)


@conv_ex.test("backward on larger shapes: random-direction numeric checks", points=2)
def _(ctx):
    for x_shape, w_shape, s, p in CONV_LARGE_CONFIGS:
        inp = _conv_inputs(ctx.rng, x_shape, w_shape, s, p)
        res, _ = _conv_run(ctx, inp)
        run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx")), "W": ("dW", T("dW")), "b": ("db", T("db"))},
                           batch_size=x_shape[0], max_full=8)


@conv_ex.test("fresh random shapes: forward, backward and numeric gradients", points=2, hidden=True)
def _(ctx):
    rng = ctx.rng
    for shape, fh, fw, s, p in _random_conv_configs(rng, 3):
        fn = int(rng.integers(1, 5))
        inp = _conv_inputs(rng, shape, (fn, shape[1], fh, fw), s, p)
        res, what = _conv_run(ctx, inp)
        expect.close(res.get("out"), ctx.expected(drive_layer_keys, inp, ["out"])["out"], what + T(": forward output", ": 순전파 출력"))
        _conv_backward_vs_reference(ctx, inp, res, what, candidates=False)
        run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx")), "W": ("dW", T("dW")), "b": ("db", T("db"))},
                           batch_size=shape[0], max_full=16)


# ========================================================================================== Pooling
pool_ex = A.exercise("conv.Pooling", targets=["conv.Pooling"], title=T("pooling layer (max and average)", "풀링 계층 (최대, 평균)"),
                     hint=T("forward: pad (−inf for max, 0 for avg), take every PH × PW window with stride S, reduce "
                            "it (max, remembering the argmax, or sum / (PH·PW)). backward: max sends each dout to the "
                            "argmax of its window only; avg spreads dout / (PH·PW) over the window; overlaps add up "
                            "and the padding is cut off.",
                            "순전파: 패딩(max는 −inf, avg는 0) 후 스트라이드 S로 PH × PW 창을 모두 취해 줄입니다 (max는 "
                            "argmax를 기억, avg는 합 / (PH·PW)). 역전파: max는 각 dout을 창의 argmax 위치로만, avg는 "
                            "dout / (PH·PW)를 창 전체에 나눠 줍니다; 겹치면 더하고 패딩은 잘라냅니다."))

# (x shape, PH, PW, stride (None = default), pad)
POOL_CONFIGS = [((2, 3, 4, 6), 2, 2, None, 0), ((1, 2, 5, 5), 3, 3, 1, 1), ((2, 2, 6, 9), 2, 3, None, 0),
                ((1, 1, 7, 7), 3, 3, 2, 0), ((2, 2, 4, 4), 2, 2, 2, 1), ((1, 2, 4, 5), 3, 3, 1, 2)]
POOL_SMALL_CONFIGS = [((2, 1, 4, 4), 2, 2, None, 0), ((1, 1, 4, 4), 3, 3, 1, 1), ((1, 1, 2, 7), 2, 3, 2, 0)]
POOL_LARGE_CONFIGS = [((3, 3, 8, 10), 2, 2, None, 0), ((2, 3, 9, 9), 3, 3, 2, 1)]


def _pool_inputs(x, ph, pw, s, p, mode, dout=None):
    arrays = {"x": x, "pool_h": ph, "pool_w": pw, "stride": s, "pad": p, "mode": mode}
    if dout is not None:
        arrays["dout"] = dout
    return layer_inputs("conv", "Pooling", ctor=("pool_h", "pool_w"),
                        ctor_kw={"stride": "stride", "pad": "pad", "mode": "mode"}, **arrays)


def _pool_out_hw(shape, ph, pw, s, p):
    s = ph if s is None else s
    return (shape[2] + 2 * p - ph) // s + 1, (shape[3] + 2 * p - pw) // s + 1


def _pool_x(rng, shape, mode):
    # max: distinct values (no ties), mostly negative so that a zero padding would win somewhere
    return distinct(rng, shape) - 1.0 if mode == "max" else rng.standard_normal(shape)


def _pool_name(inp):
    s = "None" if inp["stride"] is None else inp["stride"]
    return T(f"Pooling({inp['pool_h']}, {inp['pool_w']}, stride={s}, pad={inp['pad']}, mode='{inp['mode']}') "
             f"on x {inp['x'].shape}")


def _pool_run(ctx, inp):
    what = _pool_name(inp)
    res = as_dict(ctx.call(drive_layer, inp), what)
    check_not_mutated(res, inp, ["x"], what)
    return res, what


def _pool_forward_test(ctx, mode):
    for shape, ph, pw, s, p in POOL_CONFIGS:
        x = _pool_x(ctx.rng, shape, mode)
        inp = _pool_inputs(x, ph, pw, s, p, mode)
        res, what = _pool_run(ctx, inp)
        want = ctx.expected(drive_layer_keys, inp, ["out"])["out"]
        other = ctx.expected(drive_layer_keys, _with(inp, mode="avg" if mode == "max" else "max"), ["out"])["out"]
        mist = {"pool_mode_ignored": other}
        if mode == "max" and p:
            zero_padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
            mist["pool_max_pad_zero"] = ctx.expected(drive_layer_keys, _with(inp, x=zero_padded, pad=0), ["out"])["out"]
        if mode == "avg":
            mist["pool_avg_not_divided"] = want * ph * pw
            if p:
                covered = ctx.expected(drive_layer_keys, _with(inp, x=np.ones(shape)), ["out"])["out"]  # fraction of real pixels
                mist["pool_avg_excludes_pad"] = want / covered
        expect.close(res.get("out"), want, what + T(": forward output", ": 순전파 출력"), mistakes=mist)


@pool_ex.test("max pooling forward (padding never wins; default stride = pool size)", points=2)
def _(ctx):
    _pool_forward_test(ctx, "max")


@pool_ex.test("average pooling forward (padded zeros count)", points=2)
def _(ctx):
    _pool_forward_test(ctx, "avg")


@pool_ex.test("backward (max and avg) against the reference", points=2)
def _(ctx):
    rng = ctx.rng
    for mode in ("max", "avg"):
        for shape, ph, pw, s, p in POOL_CONFIGS[:3]:
            x = _pool_x(rng, shape, "max")   # distinct values for both modes
            oh, ow = _pool_out_hw(shape, ph, pw, s, p)
            inp = _pool_inputs(x, ph, pw, s, p, mode, dout=rng.standard_normal((shape[0], shape[1], oh, ow)))
            res, what = _pool_run(ctx, inp)
            want = ctx.expected(drive_layer_keys, inp, ["dx"])["dx"]
            other = ctx.expected(drive_layer_keys, _with(inp, mode="avg" if mode == "max" else "max"), ["dx"])["dx"]
            if mode == "max":
                mist = {"pool_max_grad_everywhere": other * ph * pw, "pool_mode_ignored": other}
            else:
                mist = {"pool_avg_not_divided": want * ph * pw, "pool_mode_ignored": other}
            expect.close(res.get("dx"), want, what + T(": dx (returned by backward)", ": dx (backward의 반환값)"),
                         mistakes=mist)


@pool_ex.test("max pooling backward matches numeric gradients (inputs without ties)", points=2)
def _(ctx):
    rng = ctx.rng
    for shape, ph, pw, s, p in POOL_SMALL_CONFIGS:
        oh, ow = _pool_out_hw(shape, ph, pw, s, p)
        inp = _pool_inputs(distinct(rng, shape), ph, pw, s, p, "max",
                           dout=rng.standard_normal((shape[0], shape[1], oh, ow)))
        res, _ = _pool_run(ctx, inp)
        run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx"))}, max_full=100)


@pool_ex.test("average pooling backward matches numeric gradients", points=1)
def _(ctx):
    rng = ctx.rng
    for shape, ph, pw, s, p in POOL_SMALL_CONFIGS:
        oh, ow = _pool_out_hw(shape, ph, pw, s, p)
        inp = _pool_inputs(rng.standard_normal(shape), ph, pw, s, p, "avg",
                           dout=rng.standard_normal((shape[0], shape[1], oh, ow)))
        res, _ = _pool_run(ctx, inp)
        run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx"))}, max_full=100)


@pool_ex.test("backward on larger shapes: random-direction numeric checks", points=1)
def _(ctx):
    rng = ctx.rng
    for mode in ("max", "avg"):
        for shape, ph, pw, s, p in POOL_LARGE_CONFIGS:
            oh, ow = _pool_out_hw(shape, ph, pw, s, p)
            inp = _pool_inputs(distinct(rng, shape), ph, pw, s, p, mode,
                               dout=rng.standard_normal((shape[0], shape[1], oh, ow)))
            res, _ = _pool_run(ctx, inp)
            run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx"))}, max_full=8)


@pool_ex.test("fresh random shapes and windows: forward, backward, numeric gradients", points=2, hidden=True)
def _(ctx):
    rng = ctx.rng
    for shape, ph, pw, s, p in _random_conv_configs(rng, 3, pool=True):
        stride = None if (s == ph and rng.random() < 0.5) else s
        for mode in ("max", "avg"):
            oh, ow = _pool_out_hw(shape, ph, pw, s, p)
            inp = _pool_inputs(distinct(rng, shape), ph, pw, stride, p, mode,
                               dout=rng.standard_normal((shape[0], shape[1], oh, ow)))
            res, what = _pool_run(ctx, inp)
            want = ctx.expected(drive_layer_keys, inp, ["out", "dx"])
            expect.close(res.get("out"), want["out"], what + T(": forward output", ": 순전파 출력"))
            expect.close(res.get("dx"), want["dx"], what + T(": dx (returned by backward)", ": dx (backward의 반환값)"))
            run_gradient_check(ctx, inp, res, {"x": ("dx", T("dx"))}, max_full=16)


# ========================================================================================== augmentation: helpers
def _aug_images(rng, shape, dtype=np.float64):
    """Images with distinct positive values (no symmetry, no zeros): every flip or shift is recognizable."""
    n = int(np.prod(shape))
    return ((rng.permutation(n) + 1.0) / n).reshape(shape).astype(dtype)


def _aug_output(res, x, what, *, shape=None):
    res = as_dict(res, what)
    out = res.get("out")
    expect.unchanged(x, res.get("x_after"), what + T(": argument x", ": 인자 x"))
    arr = expect.array(out, what, shape=x.shape if shape is None else shape)
    if out.dtype != x.dtype:
        raise Fail(T(f"{what.en}: dtype {out.dtype}, expected {x.dtype} (the dtype of the input is kept)",
                     f"{what.ko}: dtype이 {out.dtype}인데 입력과 같은 {x.dtype}이어야 합니다"))
    return arr


def _row_keys(a: np.ndarray) -> list[bytes]:
    """One hashable key per sample: its values as float64 bytes (−0.0 folded into 0.0)."""
    flat = np.ascontiguousarray(np.asarray(a, dtype=np.float64).reshape(a.shape[0], -1) + 0.0)
    return [row.tobytes() for row in flat]


def _reordered(x, out, transforms) -> bool:
    """True when some output sample n equals (exactly) a transform of another input sample m != n.

    Matched by hashing the samples, so the cost is linear in the batch size for each transform (the transforms copy
    values, and the output has the input's dtype, so a reordered sample is an exact copy)."""
    n = x.shape[0]
    if out.shape[0] != n:
        return False
    out_keys = _row_keys(out)
    for f in transforms:
        where: dict[bytes, list[int]] = {}
        for m, key in enumerate(_row_keys(np.asarray(f(x)))):
            where.setdefault(key, []).append(m)
        for i, key in enumerate(out_keys):
            if any(m != i for m in where.get(key, ())):
                return True
    return False


def _check_reproducible(ctx, name, x, arg, label):
    outs = ctx.call(drive_aug_seeds, name, x, arg, [123, 123, 456])
    if not isinstance(outs, list) or len(outs) != 3:
        raise Fail(T(f"{label}: the calls did not return three arrays", f"{label}: 세 번의 호출 결과가 오지 않았습니다"))
    a, b, c = (expect.array(o, T(f"{label} output", f"{label} 출력"), shape=x.shape) for o in outs)
    if not np.array_equal(a, b):
        raise named_mistake(T(f"{label}: two calls with rng=np.random.default_rng(123) gave different results",
                       f"{label}: rng=np.random.default_rng(123)로 두 번 호출한 결과가 다릅니다"), "aug_ignores_rng")
    if np.array_equal(a, c):
        raise named_mistake(T(f"{label}: rng=np.random.default_rng(123) and default_rng(456) gave the same result",
                       f"{label}: rng=np.random.default_rng(123)과 default_rng(456)의 결과가 같습니다"), "aug_ignores_rng")


# ========================================================================================== horizontal_flip
flip_ex = A.exercise("augmentation.horizontal_flip", targets=["augmentation.horizontal_flip"],
                     title=T("horizontal flip", "좌우 반전"),
                     hint=T("Choose the samples with rng.random(N) < p (one decision per sample) and reverse their "
                            "LAST axis (all channels together) in a copy of x.",
                            "rng.random(N) < p로 뒤집을 샘플을 고르고 (샘플마다 한 번 결정), x의 복사본에서 그 샘플들의 "
                            "마지막 축을 뒤집으세요 (모든 채널을 함께)."))


def _flip_decisions(x, out, label, p):
    """(N,) booleans: which samples were mirrored; fails unless every sample is x[n] or x[n] mirrored."""
    same = _per_sample_equal(out, x)
    mirrored = _per_sample_equal(out, x[..., ::-1])
    ok = same | mirrored
    if ok.all():
        return mirrored
    what = T(f"{label}", f"{label}")
    if np.all(same | _per_sample_equal(out, x[..., ::-1, :])):
        raise named_mistake(what + T(": the changed samples are x[n] upside down", ": 바뀐 샘플이 x[n]을 상하로 뒤집은 것입니다"),
                     "flip_wrong_axis")
    if x.ndim == 4:
        ch = (np.all(np.abs(out - x) <= 1e-9, axis=(2, 3)) | np.all(np.abs(out - x[..., ::-1]) <= 1e-9, axis=(2, 3)))
        if ch.all():
            raise named_mistake(what + T(": some images have only part of their channels flipped",
                                  ": 일부 이미지는 채널의 일부만 뒤집혔습니다"), "flip_channels_independently")
    if _reordered(x, out, [lambda a: a, lambda a: a[..., ::-1]]):
        raise named_mistake(what + T(": an output sample is (a flip of) ANOTHER input sample",
                              ": 출력 샘플이 다른 입력 샘플(또는 그 반전)입니다"), "aug_samples_reordered")
    i = int(np.argmax(~ok))
    raise Fail(T(f"{label}: output sample {i} is neither x[{i}] nor x[{i}][..., ::-1] (its left–right mirror image)",
                 f"{label}: 출력 샘플 {i}이(가) x[{i}]도 x[{i}][..., ::-1](좌우 반전)도 아닙니다"))


@flip_ex.test("every sample is itself or its mirror image; shape, dtype, sample order kept; p = 0 and p = 1", points=2)
def _(ctx):
    rng = ctx.rng
    cases = [(_aug_images(rng, (40, 3, 4, 5), np.float32), 0.5), (_aug_images(rng, (30, 4, 5)), 0.5),
             (_aug_images(rng, (12, 2, 3, 4)), 0.0), (_aug_images(rng, (12, 3, 4)), 1.0)]
    results = ctx.call_many(drive_aug, [["horizontal_flip", x, p, 7] for x, p in cases])
    for (x, p), res in zip(cases, results):
        label = f"horizontal_flip(x of shape {x.shape} {x.dtype}, p={p})"
        out = _aug_output(res, x, T(label))
        flipped = _flip_decisions(x, out, label, p)
        if p in (0.0, 1.0) and not np.all(flipped == (p == 1.0)):
            if np.all(flipped == (p == 0.0)):
                raise named_mistake(T(f"{label}: {'every' if p == 0 else 'no'} sample was flipped",
                               f"{label}: {'모든' if p == 0 else '어떤'} 샘플도 {'뒤집혔습니다' if p == 0 else '뒤집히지 않았습니다'}"),
                             "flip_probability_inverted")
            raise Fail(T(f"{label}: {int(flipped.sum())} of {len(flipped)} samples flipped, expected "
                         f"{'none' if p == 0 else 'all'}", f"{label}: {len(flipped)}개 중 {int(flipped.sum())}개가 "
                         f"뒤집혔는데 {'하나도 없어야' if p == 0 else '모두 뒤집혀야'} 합니다"))
        if p == 0.5 and (flipped.all() or not flipped.any()):
            raise named_mistake(T(f"{label}: {'all' if flipped.all() else 'none'} of the {len(flipped)} samples flipped",
                           f"{label}: 샘플 {len(flipped)}개가 {'모두 뒤집혔습니다' if flipped.all() else '하나도 뒤집히지 않았습니다'}"),
                         "flip_whole_batch")


def _check_flip_rate(ctx, p, shape, seed):
    x = _aug_images(ctx.rng, shape)
    label = f"horizontal_flip(x of shape {shape}, p={p})"
    out = _aug_output(ctx.call(drive_aug, "horizontal_flip", x, p, seed), x, T(label))
    flipped = _flip_decisions(x, out, label, p)
    n = len(flipped)
    rate = float(flipped.mean())
    tol = K_SE * math.sqrt(p * (1 - p) / n)  # binomial standard error of the flipped fraction
    if abs(rate - p) <= tol:
        return
    key = None
    if rate in (0.0, 1.0):
        key = "flip_whole_batch"
    elif abs(rate - (1 - p)) <= tol:
        key = "flip_probability_inverted"
    msg = T(f"{label}: {rate:.4f} of the {n} samples flipped, expected p = {p} (tolerance ±{tol:.4f}, {K_SE} binomial "
            f"standard errors)", f"{label}: 샘플 {n}개 중 {rate:.4f} 비율이 뒤집혔는데 p = {p}이어야 합니다 (허용 "
            f"±{tol:.4f}, 이항 표준오차 {K_SE}배)")
    if key:
        raise named_mistake(msg, key)
    raise Fail(msg)


@flip_ex.test("the flip probability p holds (statistics over 4000 samples)", points=2)
def _(ctx):
    _check_flip_rate(ctx, 0.3, (4000, 2, 3), 11)
    _check_flip_rate(ctx, 0.8, (4000, 1, 2, 3), 12)


@flip_ex.test("reproducible with a seeded rng, different for another seed", points=1)
def _(ctx):
    _check_reproducible(ctx, "horizontal_flip", _aug_images(ctx.rng, (64, 3, 4)), 0.5, "horizontal_flip(x, p=0.5, rng)")


@flip_ex.test("fresh p and shapes: invariants and statistics", points=1, hidden=True)
def _(ctx):
    p = round(float(ctx.rng.uniform(0.1, 0.9)), 3)
    _check_flip_rate(ctx, p, (3000, 2, 2, 3), int(ctx.rng.integers(1 << 30)))
    _check_flip_rate(ctx, p, (3000, 3, 2), int(ctx.rng.integers(1 << 30)))


# ========================================================================================== random_shift
shift_ex = A.exercise("augmentation.random_shift", targets=["augmentation.random_shift"],
                      title=T("random shift", "무작위 이동"),
                      hint=T("dy, dx = rng.integers(-m, m + 1, size=N) each; out[n, ..., i, j] = x[n, ..., i − dy_n, "
                             "j − dx_n] inside the image, 0 elsewhere: pad by m zeros and cut the H × W window starting "
                             "at (m − dy_n, m − dx_n) — no np.roll (it wraps around).",
                             "dy, dx = 각각 rng.integers(-m, m + 1, size=N); 이미지 안에서는 out[n, ..., i, j] = "
                             "x[n, ..., i − dy_n, j − dx_n], 밖은 0: m개의 0으로 패딩하고 (m − dy_n, m − dx_n)에서 "
                             "시작하는 H × W 창을 잘라내세요 — np.roll은 반대편으로 돌아오므로 쓰지 마세요."))


def _shifted(x, dy, dx):
    """x (N, ..., H, W) with the content moved by (dy, dx) (down/right for positive values), zeros coming in."""
    h, w = x.shape[-2:]
    out = np.zeros_like(x)
    if abs(dy) >= h or abs(dx) >= w:
        return out
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        x[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


def _shifted_edge(img, dy, dx):
    """One image (..., H, W) moved by (dy, dx) with the border pixels repeated into the vacated pixels."""
    h, w = img.shape[-2:]
    rows = np.clip(np.arange(h) - dy, 0, h - 1)
    cols = np.clip(np.arange(w) - dx, 0, w - 1)
    return img[..., rows[:, None], cols[None, :]]


def _shift_amounts(x, out, m, label):
    """(dy, dx) of every sample; fails (naming the mistake) unless every sample is x[n] moved by some allowed shift."""
    n = x.shape[0]
    dy = np.zeros(n, dtype=int)
    dx = np.zeros(n, dtype=int)
    found = np.zeros(n, dtype=bool)
    for a in range(-m, m + 1):
        for b in range(-m, m + 1):
            hit = _per_sample_equal(out, _shifted(x, a, b)) & ~found
            dy[hit], dx[hit], found[hit] = a, b, True
    if found.all():
        return dy, dx
    i = int(np.argmax(~found))
    what = T(label)
    h, w = x.shape[-2:]
    for a in range(-m, m + 1):
        for b in range(-m, m + 1):
            if (a, b) != (0, 0) and _same(out[i], np.roll(x[i], (a, b), axis=(-2, -1))):
                raise named_mistake(what + T(f": sample {i} is x[{i}] rolled by ({a}, {b}) with the pixels that left the image "
                                      f"coming back on the other side", f": 샘플 {i}이(가) x[{i}]를 ({a}, {b})만큼 np.roll한 "
                                      f"것입니다 (밖으로 나간 픽셀이 반대편으로 들어옴)"), "shift_wraps")
    for a in range(-m, m + 1):
        for b in range(-m, m + 1):
            if (a, b) != (0, 0) and _same(out[i], _shifted_edge(x[i], a, b)):
                raise named_mistake(what + T(f": sample {i} is x[{i}] moved by ({a}, {b}) with the border pixels repeated "
                                      f"into the vacated pixels instead of zeros", f": 샘플 {i}이(가) x[{i}]를 ({a}, {b})만큼 "
                                      f"옮기고 빈 곳을 0 대신 가장자리 픽셀로 채운 것입니다"), "shift_edge_fill")
    for a in range(-h + 1, h):
        for b in range(-w + 1, w):
            if max(abs(a), abs(b)) > m and _same(out[i], _shifted(x[i:i + 1], a, b)[0]):
                raise named_mistake(what + T(f": sample {i} moved by ({a}, {b}), more than max_shift = {m}",
                                      f": 샘플 {i}이(가) ({a}, {b})만큼 이동했습니다 (max_shift = {m}보다 큼)"), "shift_too_far")
    if x.ndim == 4:
        per_channel = all(any(_same(out[i, c], _shifted(x[i:i + 1, c], a, b)[0])
                              for a in range(-m, m + 1) for b in range(-m, m + 1)) for c in range(x.shape[1]))
        if per_channel:
            raise named_mistake(what + T(f": the channels of sample {i} moved by different amounts",
                                  f": 샘플 {i}의 채널들이 서로 다르게 이동했습니다"), "shift_channels_independently")
    moved = [lambda z, a=a, b=b: _shifted(z, a, b) for a in range(-m, m + 1) for b in range(-m, m + 1)]
    if _reordered(x, out, moved):
        raise named_mistake(what + T(": an output sample is a shift of ANOTHER input sample", ": 출력 샘플이 다른 입력 샘플을 이동한 것입니다"),
                     "aug_samples_reordered")
    raise Fail(T(f"{label}: output sample {i} is not x[{i}] moved by any (dy, dx) with |dy|, |dx| ≤ {m} and zeros in the "
                 f"vacated pixels", f"{label}: 출력 샘플 {i}이(가) |dy|, |dx| ≤ {m}인 어떤 (dy, dx)만큼 x[{i}]를 옮기고 빈 곳을 "
                 f"0으로 채운 것이 아닙니다"))


@shift_ex.test("every sample is its input moved by some |dy|, |dx| ≤ max_shift with zeros elsewhere", points=3)
def _(ctx):
    rng = ctx.rng
    cases = [(_aug_images(rng, (60, 2, 6, 7)), 2), (_aug_images(rng, (40, 5, 6), np.float32), 1),
             (_aug_images(rng, (30, 3, 4, 4)), 3), (_aug_images(rng, (8, 2, 5, 5)), 0)]
    results = ctx.call_many(drive_aug, [["random_shift", x, m, 5] for x, m in cases])
    for (x, m), res in zip(cases, results):
        label = f"random_shift(x of shape {x.shape} {x.dtype}, max_shift={m})"
        out = _aug_output(res, x, T(label))
        dy, dx = _shift_amounts(x, out, m, label)
        if m >= 2 and not (np.any(dy != 0) and np.any(dx != 0)):
            raise Fail(T(f"{label}: no sample moved {'vertically' if not np.any(dy) else 'horizontally'}",
                         f"{label}: {'세로로' if not np.any(dy) else '가로로'} 이동한 샘플이 없습니다"))


@shift_ex.test("dy and dx are uniform on −max_shift … max_shift and independent (statistics over 3000 samples)", points=1)
def _(ctx):
    m, n = 2, 3000
    x = _aug_images(ctx.rng, (n, 5, 5))
    label = f"random_shift(x of shape {x.shape}, max_shift={m})"
    out = _aug_output(ctx.call(drive_aug, "random_shift", x, m, 9), x, T(label))
    _check_shift_stats(*_shift_amounts(x, out, m, label), m, label)


def _check_shift_stats(dy, dx, m, label):
    n = len(dy)
    q = 1.0 / (2 * m + 1)
    for name, d in (("dy", dy), ("dx", dx)):
        for v in (-m, m):   # never drawn in n samples: probability (1 − q)^n, i.e. < 1e-100 here
            if not np.any(d == v):
                raise named_mistake(T(f"{label}: no sample has {name} = {v} among {n}", f"{label}: 샘플 {n}개 중 {name} = {v}인 것이 "
                               f"없습니다"), "shift_end_excluded")
    tol = K_SE * math.sqrt(q * (1 - q) / n)  # binomial standard error of one value's frequency
    for name, d in (("dy", dy), ("dx", dx)):
        for v in range(-m, m + 1):
            f = float(np.mean(d == v))
            if abs(f - q) > tol:
                msg = T(f"{label}: {name} = {v} in {f:.4f} of the samples, expected 1/(2·max_shift + 1) = {q:.4f} "
                        f"(tolerance ±{tol:.4f}, {K_SE} binomial standard errors)",
                        f"{label}: {name} = {v}인 샘플 비율이 {f:.4f}인데 1/(2·max_shift + 1) = {q:.4f}이어야 합니다 "
                        f"(허용 ±{tol:.4f}, 이항 표준오차 {K_SE}배)")
                raise Fail(msg)
    same = float(np.mean(dy == dx))
    if abs(same - q) > tol:
        msg = T(f"{label}: dy = dx in {same:.4f} of the samples, expected {q:.4f} for independent draws (tolerance ±{tol:.4f})",
                f"{label}: dy = dx인 샘플 비율이 {same:.4f}인데 독립적으로 뽑으면 {q:.4f}입니다 (허용 ±{tol:.4f})")
        raise named_mistake(msg, "shift_same_draw") if same > 0.9 else Fail(msg)


@shift_ex.test("reproducible with a seeded rng, different for another seed", points=1)
def _(ctx):
    _check_reproducible(ctx, "random_shift", _aug_images(ctx.rng, (32, 2, 5, 5)), 2, "random_shift(x, max_shift=2, rng)")


@shift_ex.test("fresh max_shift and shapes: invariants and statistics", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    m = int(rng.integers(1, 4))
    h, w = int(rng.integers(m + 2, m + 6)), int(rng.integers(m + 2, m + 6))
    x = _aug_images(rng, (1500, 2, h, w))
    label = f"random_shift(x of shape {x.shape}, max_shift={m})"
    out = _aug_output(ctx.call(drive_aug, "random_shift", x, m, int(rng.integers(1 << 30))), x, T(label))
    _check_shift_stats(*_shift_amounts(x, out, m, label), m, label)


# ========================================================================================== add_noise
noise_ex = A.exercise("augmentation.add_noise", targets=["augmentation.add_noise"], title=T("Gaussian noise", "가우시안 잡음"),
                      hint=T("out = x + std · rng.standard_normal(x.shape), returned in x's dtype (a new array).",
                             "out = x + std · rng.standard_normal(x.shape), x의 dtype으로 반환 (새 배열)."))

P_WITHIN_1SD = math.erf(1 / math.sqrt(2))  # 0.6827: probability that |N(0, σ²)| < σ


def _check_noise(ctx, x, std, seed):
    label = f"add_noise(x of shape {x.shape} {x.dtype}, std={std})"
    out = _aug_output(ctx.call(drive_aug, "add_noise", x, std, seed), x, T(label))
    e = out - x.astype(np.float64)
    n = e.size
    if np.allclose(e, 0, atol=1e-12):
        raise Fail(T(f"{label}: the output equals the input (no noise added)", f"{label}: 출력이 입력과 같습니다 (잡음이 없음)"))
    per_sample = e.reshape(e.shape[0], -1)
    if np.allclose(per_sample, per_sample[:1], atol=1e-12) or np.allclose(per_sample, per_sample[:, :1], atol=1e-12):
        raise named_mistake(T(f"{label}: the same noise value{'s repeat in every sample' if per_sample.shape[0] > 1 else ''}",
                       f"{label}: 같은 잡음 값이 반복됩니다"), "noise_not_independent")
    # mean of n independent N(0, σ²): standard error σ/√n
    se_mean = std / math.sqrt(n)
    if abs(e.mean()) > K_SE * se_mean:
        raise Fail(T(f"{label}: the noise (output − input) has mean {e.mean():.4g}, expected 0 (tolerance "
                     f"±{K_SE * se_mean:.3g}, {K_SE} standard errors)", f"{label}: 잡음(출력 − 입력)의 평균이 {e.mean():.4g}인데 "
                     f"0이어야 합니다 (허용 ±{K_SE * se_mean:.3g}, 표준오차 {K_SE}배)"))
    # sample standard deviation: relative standard error ≈ 1/√(2n)
    s = float(e.std())
    rel = K_SE / math.sqrt(2 * n)
    if abs(s / std - 1) > rel:
        msg = T(f"{label}: the noise (output − input) has standard deviation {s:.4g}, expected std = {std} (tolerance "
                f"±{rel:.1%}, {K_SE} standard errors)", f"{label}: 잡음(출력 − 입력)의 표준편차가 {s:.4g}인데 std = {std}여야 "
                f"합니다 (허용 ±{rel:.1%}, 표준오차 {K_SE}배)")
        if any(abs(s / alt - 1) <= rel for alt in (std ** 2, math.sqrt(std))):
            raise named_mistake(msg, "noise_wrong_scale")
        raise Fail(msg)
    # shape of the distribution: fraction within ±σ (binomial standard error)
    frac = float(np.mean(np.abs(e) < std))
    tol = K_SE * math.sqrt(P_WITHIN_1SD * (1 - P_WITHIN_1SD) / n)
    if abs(frac - P_WITHIN_1SD) > tol:
        raise named_mistake(T(f"{label}: {frac:.4f} of the noise values lie within ±std, expected {P_WITHIN_1SD:.4f} for "
                       f"Gaussian noise (tolerance ±{tol:.4f})", f"{label}: 잡음 값의 {frac:.4f}가 ±std 안에 있는데 정규분포면 "
                       f"{P_WITHIN_1SD:.4f}입니다 (허용 ±{tol:.4f})"), "noise_not_gaussian")
    # neighbouring elements uncorrelated: correlation of n' pairs has standard error 1/√n'
    a, b = e[..., :-1].ravel(), e[..., 1:].ravel()
    r = float(np.corrcoef(a, b)[0, 1])
    if abs(r) > K_SE / math.sqrt(a.size):
        raise named_mistake(T(f"{label}: neighbouring noise values are correlated (r = {r:.3f})",
                       f"{label}: 이웃한 잡음 값들이 상관되어 있습니다 (r = {r:.3f})"), "noise_not_independent")


@noise_ex.test("shape and dtype kept, input not modified, std = 0 gives the input", points=1)
def _(ctx):
    rng = ctx.rng
    cases = [(rng.standard_normal((6, 3, 5, 5)).astype(np.float32), 0.2), (rng.uniform(0, 1, (7, 4, 6)), 0.5),
             (rng.standard_normal((4, 2, 3, 3)), 0.0)]
    results = ctx.call_many(drive_aug, [["add_noise", x, std, 3] for x, std in cases])
    for (x, std), res in zip(cases, results):
        label = f"add_noise(x of shape {x.shape} {x.dtype}, std={std})"
        out = _aug_output(res, x, T(label))
        if std == 0:
            expect.close(out, x, T(label), rtol=0, atol=0)
        elif np.allclose(out, x, atol=1e-12):
            raise Fail(T(f"{label}: the output equals the input (no noise added)", f"{label}: 출력이 입력과 같습니다 (잡음이 없음)"))


@noise_ex.test("noise with mean 0 and standard deviation std, Gaussian, independent per element (statistics)", points=2)
def _(ctx):
    _check_noise(ctx, ctx.rng.uniform(-1, 1, (200, 1, 10, 10)), 0.3, 17)
    _check_noise(ctx, ctx.rng.uniform(0, 1, (100, 12, 10)).astype(np.float32), 2.0, 18)


@noise_ex.test("reproducible with a seeded rng, different for another seed", points=1)
def _(ctx):
    _check_reproducible(ctx, "add_noise", ctx.rng.uniform(0, 1, (8, 3, 4, 4)), 0.1, "add_noise(x, std=0.1, rng)")


@noise_ex.test("fresh std and shapes: statistics", points=1, hidden=True)
def _(ctx):
    std = round(float(ctx.rng.uniform(0.05, 3.0)), 3)
    _check_noise(ctx, ctx.rng.standard_normal((150, 2, 8, 9)), std, int(ctx.rng.integers(1 << 30)))


# ========================================================================================== rotate90
rot_ex = A.exercise("augmentation.rotate90", targets=["augmentation.rotate90"], title=T("rotation by 90°", "90도 회전"),
                    hint=T("np.rot90(x, k, axes=(-2, -1)).copy(): counter-clockwise over the last two axes.",
                           "np.rot90(x, k, axes=(-2, -1)).copy(): 마지막 두 축에 대해 반시계 방향."))


def _rot_candidates(x, k, want):
    return {"rotate_clockwise": lambda: np.rot90(want, -2 * k, axes=(-2, -1)),
            "rotate_wrong_axes": lambda: np.rot90(x, k),
            "rotate_k_ignored": lambda: np.rot90(want, 1 - k, axes=(-2, -1))}


def _check_rotations(ctx, cases, *, candidates=True):
    results = ctx.call_many(drive_rotate, [[x, k] for x, k in cases])
    for (x, k), res in zip(cases, results):
        what = T(f"rotate90(x of shape {x.shape}, k={k})")
        res = as_dict(res, what)
        want = ctx.expected(drive_rotate_out, x, k)
        expect.close(res.get("out"), want, what, rtol=0, atol=0, mistakes=_rot_candidates(x, k, want) if candidates else None)
        expect.unchanged(x, res.get("x_after"), what + T(": argument x", ": 인자 x"))


@rot_ex.test("equals np.rot90 over the last two axes for k = −1 … 5 (non-square, 3-D and 4-D)", points=2)
def _(ctx):
    rng = ctx.rng
    x4 = rng.standard_normal((2, 3, 4, 5))
    x3 = rng.standard_normal((3, 5, 4))
    cases = [(x, k) for k in (1, 2, 3, -1, 0, 4, 5) for x in (x4, x3)]
    _check_rotations(ctx, cases)


@rot_ex.test("fresh shapes and k", points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    cases = []
    for _ in range(4):
        nd = int(rng.integers(3, 5))
        shape = tuple(int(v) for v in rng.integers(1, 7, size=nd))
        cases.append((rng.standard_normal(shape), int(rng.integers(-6, 7))))
    _check_rotations(ctx, cases, candidates=False)


# ========================================================================================== SimpleConvNet
net_ex = A.exercise("network.SimpleConvNet",
                    targets=["network.SimpleConvNet", "conv.Convolution", "conv.Pooling", "conv.im2col", "conv.col2im",
                             "conv.conv_output_size"],
                    title=T("SimpleConvNet", "단순 합성곱 신경망 (SimpleConvNet)"),
                    hint=T("W1 (FN, C, F, F), W2 (FN·(OH/2)·(OW/2), hidden), W3 (hidden, K), biases 0; layers "
                           "Conv1–Relu1–Pool1(2, 2, stride=2)–Affine1–Relu2–Affine2 built from self.params's own "
                           "arrays, SoftmaxWithLoss last; gradient = loss, then backward(1) in reverse order.",
                           "W1 (FN, C, F, F), W2 (FN·(OH/2)·(OW/2), hidden), W3 (hidden, K), 편향 0; 계층 "
                           "Conv1–Relu1–Pool1(2, 2, stride=2)–Affine1–Relu2–Affine2를 self.params의 배열 자체로 만들고 "
                           "마지막에 SoftmaxWithLoss; gradient는 loss 후 역순으로 backward(1)."))

NET_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")


def _spec(input_dim, fn, f, pad, stride, hidden, out):
    return {"input_dim": list(input_dim), "conv_param": {"filter_num": fn, "filter_size": f, "pad": pad, "stride": stride},
            "hidden": hidden, "out": out}


def _net_params(rng, spec, scale=0.6):
    c, h, w = spec["input_dim"]
    cp = spec["conv_param"]
    fn, f = cp["filter_num"], cp["filter_size"]
    oh = (h + 2 * cp["pad"] - f) // cp["stride"] + 1
    ow = (w + 2 * cp["pad"] - f) // cp["stride"] + 1
    shapes = {"W1": (fn, c, f, f), "b1": (fn,), "W2": (fn * (oh // 2) * (ow // 2), spec["hidden"]),
              "b2": (spec["hidden"],), "W3": (spec["hidden"], spec["out"]), "b3": (spec["out"],)}
    params = {}
    for k, s in shapes.items():
        fan_in = int(np.prod(s[1:])) if k == "W1" else s[0]
        params[k] = rng.standard_normal(s) * (scale / math.sqrt(fan_in) if k.startswith("W") else 0.3)
    return params


def _net_call(ctx, spec, params, x, t, what, batch_size=100):
    res = as_dict(ctx.call(drive_net_eval, spec, params, x, t, what, batch_size), T("SimpleConvNet"))
    return res


def _check_shapes(got, want, spec_text):
    got = as_dict(got, T("SimpleConvNet"))
    keys = got.get("keys", [])
    keys = sorted(str(k) for k in keys) if isinstance(keys, list) else []
    if keys != sorted(NET_KEYS):
        raise Fail(T(f"SimpleConvNet({spec_text}).params has keys {keys}, expected {sorted(NET_KEYS)}",
                     f"SimpleConvNet({spec_text}).params의 키가 {keys}인데 {sorted(NET_KEYS)}이어야 합니다"))
    for k in NET_KEYS:
        g, w = list(got["shapes"][k]), list(want["shapes"][k])
        if g != w:
            what = T(f"SimpleConvNet({spec_text}).params['{k}'] has shape {tuple(g)}, expected {tuple(w)}",
                     f"SimpleConvNet({spec_text}).params['{k}']의 형상이 {tuple(g)}인데 {tuple(w)}이어야 합니다")
            if k == "W2" and len(g) == 2 and g[0] == 4 * w[0]:
                raise named_mistake(what, "cnn_pool_size_ignored")
            raise Fail(what, "wrong_shape")


@net_ex.test("params: keys W1 b1 W2 b2 W3 b3 with the right shapes (default conv_param, pad, non-square input)",
             points=1)
def _(ctx):
    specs = [({"input_dim": [1, 28, 28], "conv_param": None, "hidden": 100, "out": 10},
              "input_dim=(1, 28, 28), conv_param=None"),
             (_spec((2, 8, 10), 3, 3, 1, 1, 7, 4), "input_dim=(2, 8, 10), filter_num=3, filter_size=3, pad=1"),
             (_spec((3, 7, 11), 4, 3, 1, 2, 5, 3), "input_dim=(3, 7, 11), filter_num=4, filter_size=3, pad=1, stride=2")]
    results = ctx.call_many(drive_net_shapes, [[s] for s, _ in specs])
    for (spec, text), got in zip(specs, results):
        _check_shapes(got, ctx.expected(drive_net_shapes, spec), text)


def _unchanged_keys(res) -> list[str]:
    """The keys of net.params whose new values did not change predict(x), from the driver's predict traces."""
    traces = res.get("traces")
    if not isinstance(traces, list) or len(traces) != len(NET_KEYS) + 1:
        return []
    keys = []
    for k, before, now in zip(NET_KEYS, traces[:-1], traces[1:]):
        if (isinstance(before, np.ndarray) and isinstance(now, np.ndarray) and before.shape == now.shape
                and np.array_equal(before, now)):
            keys.append(k)
    return keys


def _check_unshared(res):
    keys = _unchanged_keys(res)
    if keys and not any(k.startswith("W") for k in keys):
        raise Fail(T(f"SimpleConvNet: writing new values into net.params[{', '.join(map(repr, keys))}] did not change "
                     f"predict(x): is every bias added, by a layer built from the arrays of self.params?",
                     f"SimpleConvNet: net.params[{', '.join(map(repr, keys))}]에 새 값을 써 넣어도 predict(x)가 바뀌지 "
                     f"않았습니다: 모든 편향을 self.params의 배열로 만든 계층에서 더하나요?"))
    if keys:
        raise named_mistake(T(f"SimpleConvNet: writing new values into net.params[{', '.join(map(repr, keys))}] "
                       f"(net.params[k][...] = value) did not change predict(x)",
                       f"SimpleConvNet: net.params[{', '.join(map(repr, keys))}]에 새 값을 써 넣어도 "
                       f"(net.params[k][...] = value) predict(x)가 바뀌지 않았습니다"), "cnn_params_not_shared")


@net_ex.test("predict, loss and accuracy with given weights", points=2)
def _(ctx):
    rng = ctx.rng
    spec = _spec((2, 6, 8), 3, 3, 1, 1, 5, 4)
    params = _net_params(rng, spec)
    x = rng.standard_normal((6, 2, 6, 8))
    t = rng.integers(0, 4, size=6)
    # the last, smaller batch (samples 4 and 5 with batch_size=4) holds correctly predicted samples
    t[4:] = np.argmax(ctx.expected(drive_net_eval, spec, params, x, t, ["predict"], 4)["predict"][4:], axis=1)
    what = ["predict", "loss", "accuracy"]
    res = _net_call(ctx, spec, params, x, t, what, batch_size=4)
    want = ctx.expected(drive_net_eval, spec, params, x, t, what, 4)
    pred = res.get("predict")
    if not (isinstance(pred, np.ndarray) and _same(pred, want["predict"], 1e-7)):
        _check_unshared(res)
    expect.close(pred, want["predict"], T("SimpleConvNet.predict(x) (scores before softmax)",
                                          "SimpleConvNet.predict(x) (소프트맥스 전 점수)"))
    expect.scalar_close(res.get("loss"), float(want["loss"]), T("SimpleConvNet.loss(x, t)"))
    hits = np.argmax(want["predict"], axis=1) == t
    expect.scalar_close(res.get("accuracy"), float(want["accuracy"]),
                        T("SimpleConvNet.accuracy(x, t, batch_size=4) on 6 samples", "SimpleConvNet.accuracy(x, t, batch_size=4) (샘플 6개)"),
                        mistakes={"accuracy_drops_last_batch": float(hits[:4].sum()) / 6})


def _margins_ok(m, margin):
    return all(v > margin for v in (m["conv"], m["pool"], m["hidden"]))


def _net_gradient_problem(ctx, spec, n, margin=1e-3):
    """Weights and inputs whose ReLU pre-activations and max-pool windows keep away from their kinks (checked on
    the reference: the number of attempts depends on ctx.rng only)."""
    rng = ctx.rng
    for _ in range(50):
        params = _net_params(rng, spec, scale=1.0)
        params["b1"] = rng.standard_normal(params["b1"].shape) * 0.3
        x = rng.standard_normal((n, *spec["input_dim"]))
        if _margins_ok(ctx.expected(drive_net_margins, spec, params, x), margin):
            break
    t = rng.integers(0, spec["out"], size=n)
    return params, x, t


def _net_gradients(res, params):
    grads = as_dict(res.get("gradient"), T("SimpleConvNet.gradient(x, t)"))
    missing = [k for k in NET_KEYS if k not in grads]
    if missing:
        raise Fail(T(f"SimpleConvNet.gradient(x, t) lacks the keys {missing}", f"SimpleConvNet.gradient(x, t)에 키 {missing}이(가) 없습니다"))
    return {k: expect.array(grads[k], T(f"gradient['{k}']"), shape=params[k].shape) for k in NET_KEYS}


@net_ex.test("gradient matches numeric gradients of loss (tiny net; random directions for W1, W2)", points=3)
def _(ctx):
    spec = _spec((1, 6, 6), 2, 3, 0, 1, 4, 3)
    params, x, t = _net_gradient_problem(ctx, spec, 3)
    res = _net_call(ctx, spec, params, x, t, ["gradient"])
    analytic = _net_gradients(res, params)
    inputs = {"spec": spec, "x": x, "t": t, **params}
    ctx.check_gradients(drive_net_loss, inputs, analytic, names={k: T(f"gradient['{k}']") for k in NET_KEYS},
                        batch_size=len(t), max_full=16)


@net_ex.test("training from given weights: 20 SGD steps on a tiny batch lower the loss", points=1)
def _(ctx):
    rng = ctx.rng
    spec = _spec((1, 6, 6), 3, 3, 0, 1, 6, 3)
    params = _net_params(rng, spec, scale=1.0)
    x = rng.standard_normal((8, 1, 6, 6))
    t = rng.integers(0, 3, size=8)
    losses = ctx.call(drive_net_train, spec, params, x, t, 0.1, 20)
    if not isinstance(losses, list) or len(losses) != 21:
        raise Fail(T("the training run did not return 21 losses", "학습 결과로 손실 21개가 오지 않았습니다"))
    values = [expect.scalar(v, T("loss during training", "학습 중 손실")) for v in losses]
    if values[-1] <= 0.8 * values[0]:
        return
    msg = T(f"after 20 SGD steps (lr 0.1, params updated in place) on 8 samples the loss went from {values[0]:.4f} to "
            f"{values[-1]:.4f}; a correct network lowers it by more than 20 %",
            f"샘플 8개로 SGD 20번 (학습률 0.1, params 제자리 갱신) 후 손실이 {values[0]:.4f}에서 {values[-1]:.4f}가 되었습니다; "
            f"올바른 신경망이면 20 % 넘게 줄어듭니다")
    if max(values) - min(values) < 1e-12:
        raise named_mistake(msg, "cnn_params_not_shared")
    raise Fail(msg)


@net_ex.test("initial weights: std weight_init_std, zero biases, seeded rng", points=1, hidden=True)
def _(ctx):
    std = round(float(ctx.rng.uniform(0.05, 0.5)), 3)
    seed = int(ctx.rng.integers(1000))
    spec = _spec((1, 12, 12), 20, 3, 1, 1, 50, 10)
    p1, p2 = (as_dict(r, T("params")) for r in ctx.call_many(drive_net_init, [[spec, std, seed], [spec, std, seed]]))
    for k in ("W1", "W2", "W3"):
        w = expect.array(p1.get(k), T(f"params['{k}']"))
        tol = K_SE / math.sqrt(2 * w.size)  # relative standard error of a sample std of n normal draws
        if abs(w.std() / std - 1) > tol:
            raise Fail(T(f"params['{k}'] has std {w.std():.4g}, expected weight_init_std = {std:.4g} (±{tol:.1%})",
                         f"params['{k}']의 표준편차가 {w.std():.4g}인데 weight_init_std = {std:.4g}이어야 합니다 (±{tol:.1%})"))
        expect.close(p2.get(k), w, T(f"params['{k}'] with the same seeded rng", f"같은 시드의 params['{k}']"), rtol=0, atol=0)
    for k in ("b1", "b2", "b3"):
        b = expect.array(p1.get(k), T(f"params['{k}']"))
        expect.close(b, np.zeros_like(b), T(f"params['{k}'] (biases start at 0)", f"params['{k}'] (편향은 0에서 시작)"))


@net_ex.test("fresh sizes: loss, accuracy (one-hot labels) and gradient against the reference", points=2, hidden=True)
def _(ctx):
    rng = ctx.rng
    c = int(rng.integers(1, 3))
    f = int(rng.choice([2, 3]))
    pad = int(rng.integers(0, 2))
    h = 2 * int(rng.integers(2, 5)) + f - 1 - 2 * pad
    w = 2 * int(rng.integers(2, 5)) + f - 1 - 2 * pad
    spec = _spec((c, h, w), int(rng.integers(2, 5)), f, pad, 1, int(rng.integers(3, 8)), int(rng.integers(2, 6)))
    params, x, t = _net_gradient_problem(ctx, spec, int(rng.integers(2, 6)))
    t1 = np.eye(spec["out"])[t]
    what = ["predict", "loss", "accuracy", "gradient"]
    res = _net_call(ctx, spec, params, x, t1, what, batch_size=3)
    want = ctx.expected(drive_net_eval, spec, params, x, t1, what, 3)
    if not (isinstance(res.get("predict"), np.ndarray) and _same(res["predict"], want["predict"], 1e-7)):
        _check_unshared(res)
    expect.close(res.get("predict"), want["predict"], T("SimpleConvNet.predict(x)"))
    expect.scalar_close(res.get("loss"), float(want["loss"]), T("SimpleConvNet.loss(x, t one-hot)"))
    expect.scalar_close(res.get("accuracy"), float(want["accuracy"]), T("SimpleConvNet.accuracy(x, t one-hot, batch_size=3)"))
    grads = _net_gradients(res, params)
    for k in NET_KEYS:
        expect.close(grads[k], want["gradient"][k], T(f"SimpleConvNet.gradient(x, t)['{k}']"), rtol=1e-6, atol=1e-9)
