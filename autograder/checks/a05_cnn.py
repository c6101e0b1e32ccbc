"""Checks of a05_cnn: the convolution output size, im2col/col2im, the Convolution and Pooling layers, data
augmentation and SimpleConvNet (document 000 ch. 7, document 002; DESIGN §3 "Conventions the checks rely on").

Every test checks ONE property, so one mistake costs the test of its property and no other:

* values are compared with the reference on fixed shapes (the configurations that matter: stride 1/2/3, pad 0/1/2,
  non-square inputs and windows, channels, batches) filled with random data; in graded runs every test's data are
  drawn from the run's seed and a fresh random configuration is mixed in, so a table of the stored public values is
  worth nothing. conv_output_size's fixed edge cases are kept and fresh random cases are shuffled in;
* padded and unpadded pooling are separate tests; so are forward and backward, each gradient (dx, dW, db), "does not
  modify its arguments" (every argument of every call, backward included) and "float32 stays float32" (one test per
  object);
* gradients are compared with the reference's gradient on the same inputs and upstream gradient (a wrong but
  self-consistent layer — zeros everywhere, a cached forward with a zero backward — earns nothing);
* the tests of secondary properties (arguments unchanged, dtype kept) first ask for visible work: two different
  inputs of the same shape must give different outputs, an augmentation must actually flip / shift / add noise /
  rotate. An object that does nothing earns nothing there, while a wrong-but-working one loses only its own tests;
* augmentation is never compared draw by draw with the reference (the order of the student's random draws is free):
  exact per-sample invariants, statistics with tolerances of K_SE standard errors of the sample size, and
  reproducibility under the same seeded rng;
* SimpleConvNet: shapes of params, predict / loss / accuracy with given weights written INTO net.params, gradient
  against the reference's gradient; an error raised inside the provided layers.py names the call, the shapes and
  the student's line that made it.

Tests that read different properties of the same calls build identical inputs from a generator shared by the
exercise (:func:`_shared_rng`) and use ``ctx.call_shared``, so splitting costs no extra round trip.
"""
from __future__ import annotations

import functools
import math
import re
import zlib

import numpy as np

from .. import expect
from ..drivers.a05_cnn import (NET_KEYS, PROVIDED_MARK, drive_aug_items, drive_aug_seeds, drive_col2im_img,
                               drive_col2im_items, drive_conv_inplace, drive_conv_size, drive_conv_twice,
                               drive_im2col_col, drive_im2col_items, drive_layer_items, drive_layer_keys,
                               drive_net_eval, drive_net_init, drive_net_loss, drive_net_margins, drive_net_reference,
                               drive_net_shapes,
                               drive_rotate_items, drive_rotate_out)
from ..drivers.common import drive_layer_out
from ..expect import K_SE, named_mistake
from ..misconceptions import mistake
from ..registry import Assignment, Fail, T, Text
from ..wire import Raised
from .common import as_dict, distinct, layer_inputs

A = Assignment("a05_cnn", title=T("Convolutional networks", "합성곱 신경망"),
               files=("conv.py", "augmentation.py", "network.py"))


# ------------------------------------------------------------------------------------------ misconceptions
mistake("conv_size_float", "output size returned as a float", "출력 크기를 실수로 반환",
        "(H + 2P − FH) / S is a float in Python 3: once divisibility is checked, compute the size with integer "
        "division so that the result is an int.",
        "파이썬 3에서 (H + 2P − FH) / S는 실수입니다: 나누어떨어지는지 확인한 뒤 정수 나눗셈으로 계산해 정수를 "
        "반환하세요.")
mistake("conv_size_not_validated", "shapes that do not tile accepted (floor division)", "나누어떨어지지 않는 크기를 허용 (내림 나눗셈)",
        "When (H + 2P − FH) is not divisible by S, or the result is < 1, raise ValueError instead of returning a "
        "size: floor division silently drops the last rows and columns.",
        "(H + 2P − FH)가 S로 나누어떨어지지 않거나 결과가 1보다 작으면 크기를 반환하지 말고 ValueError를 발생시키세요: "
        "내림 나눗셈은 마지막 행과 열을 조용히 버립니다.")
mistake("conv_size_wrong_exception", "wrong exception type for a bad size", "잘못된 크기에 다른 종류의 예외",
        "Raise ValueError (not assert / AssertionError, not another exception type) naming the numbers.",
        "assert나 다른 예외가 아니라, 숫자를 담은 ValueError를 발생시키세요.")
mistake("conv_size_off_by_one", "output size off by one", "출력 크기가 1만큼 틀림",
        "OH is (H + 2P − FH) / S + 1: the first window counts too (the + 1).",
        "OH는 (H + 2P − FH) / S + 1입니다: 첫 번째 창도 세어야 합니다 (+ 1).")
mistake("conv_size_pad_once", "padding counted once", "패딩을 한 번만 더함",
        "P zeros are added on EACH side, so the padded size is H + 2P.",
        "패딩 P는 양쪽에 각각 붙으므로 패딩된 크기는 H + 2P입니다.")
mistake("conv_size_stride_ignored", "stride ignored in the output size", "출력 크기에서 스트라이드를 무시함",
        "Windows start every S pixels: divide (H + 2P − FH) by S.",
        "창은 S 픽셀마다 시작합니다: (H + 2P − FH)를 S로 나누세요.")
mistake("im2col_column_order", "im2col columns not in (channel, row, column) order",
        "im2col 열 순서가 (채널, 행, 열)이 아님",
        "Column k = (c·FH + u)·FW + v must be channel c, window row u, window column v — the order in which a "
        "filter's weights are flattened — otherwise the matrix product pairs pixels with the wrong weights.",
        "열 k = (c·FH + u)·FW + v는 채널 c, 창의 행 u, 열 v여야 합니다 (필터 가중치를 펼치는 순서); 그렇지 않으면 "
        "행렬 곱이 픽셀을 엉뚱한 가중치와 곱합니다.")
mistake("im2col_row_order", "im2col rows not in (sample, out row, out column) order",
        "im2col 행 순서가 (샘플, 출력 행, 출력 열)이 아님",
        "Row r = (n·OH + i)·OW + j is the window of sample n at output position (i, j): samples vary slowest.",
        "행 r = (n·OH + i)·OW + j는 샘플 n의 출력 위치 (i, j)의 창입니다: 샘플 인덱스가 가장 느리게 바뀝니다.")
mistake("col2im_overwrites", "col2im writes overlapping windows instead of adding them",
        "col2im이 겹치는 창의 값을 더하지 않고 덮어씀",
        "A pixel covered by several windows must receive the SUM of their entries: add each block into the image "
        "(an in-place addition, or numpy's unbuffered add.at); an assignment keeps only the last value written.",
        "여러 창에 걸친 픽셀은 그 값들의 합을 받아야 합니다: 블록을 이미지에 더하세요 (제자리 덧셈 또는 numpy의 "
        "버퍼 없는 add.at); 대입은 마지막으로 쓴 값만 남깁니다.")
mistake("conv_flipped_kernel", "true convolution (flipped kernel)", "커널을 뒤집은 진짜 합성곱",
        "Deep-learning 'convolution' is cross-correlation: out = Σ W[f, c, u, v]·x[c, i·S + u, j·S + v] with "
        "the filter NOT flipped.",
        "딥러닝의 '합성곱'은 교차 상관입니다: 필터를 뒤집지 않고 out = Σ W[f, c, u, v]·x[c, i·S + u, j·S + v].")
mistake("conv_no_bias", "convolution without the bias", "편향을 더하지 않은 합성곱",
        "Add b[f] to every output position of filter f.", "필터 f의 모든 출력 위치에 b[f]를 더하세요.")
mistake("conv_dw_last_sample", "dW not summed over the batch (only the last sample)", "dW를 배치에 대해 합하지 않음 (마지막 샘플만)",
        "Every sample and every output position adds to the same filter: dW = Σ_n Σ_(i,j) dout · window "
        "(one matrix product over the whole batch); in a loop over samples accumulate instead of assigning.",
        "모든 샘플과 출력 위치가 같은 필터에 기여합니다: dW = Σ_n Σ_(i,j) dout · 창 (배치 전체에 대한 행렬 곱 하나); "
        "샘플 반복문에서는 대입하지 말고 누적하세요.")
mistake("conv_dw_averaged", "dW averaged over the batch", "dW를 배치에 대해 평균함",
        "The 1/N is already in the loss's gradient: the layer sums over the batch.",
        "1/N은 이미 손실의 기울기에 들어 있습니다: 계층은 배치에 대해 합합니다.")
mistake("conv_db_not_summed", "db not summed over the batch and positions", "db를 배치와 위치에 대해 합하지 않음",
        "db[f] = Σ over samples and output positions of dout[n, f, i, j]: sum over the batch axis and both position "
        "axes, leaving one value per filter, shape (FN,).",
        "db[f] = 모든 샘플과 출력 위치에 대한 dout[n, f, i, j]의 합: 배치 축과 두 위치 축에 대해 합해 필터마다 값 "
        "하나, 형상 (FN,)이 남아야 합니다.")
mistake("conv_stale_forward", "backward uses what an earlier forward kept", "역전파가 이전 순전파에서 저장한 값을 사용",
        "Every forward must overwrite what it keeps for backward (the input's shape, the im2col matrix): backward "
        "belongs to the LAST forward.",
        "순전파는 매번 역전파에 필요한 값(입력 형상, im2col 행렬)을 새로 저장해야 합니다: 역전파는 마지막 순전파에 "
        "대한 것입니다.")
mistake("conv_keeps_copies", "Convolution works on copies of W and b", "Convolution이 W와 b의 복사본을 사용",
        "The layer must use the arrays W and b it was given (not copies made in __init__ or forward), so that an "
        "optimizer updating them in place trains the layer.",
        "계층은 받은 배열 W, b 자체를 써야 합니다 (__init__나 forward에서 만든 복사본이 아니라); 그래야 옵티마이저의 "
        "제자리 갱신이 계층을 학습시킵니다.")
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
        "Only the position of the maximum influenced the output: dout goes there alone (remember that position, its "
        "argmax, in forward), the other positions get 0.",
        "출력에 영향을 준 것은 최댓값 위치뿐입니다: dout은 그 위치로만 가고 (순전파에서 그 위치, 즉 argmax를 기억) "
        "나머지는 0을 받습니다.")
mistake("pool_default_stride_pool_h", "default stride taken as pool_h in both directions",
        "기본 스트라이드를 두 방향 모두 pool_h로 잡음",
        "stride=None means the pool size in EACH direction: a step of pool_h down and pool_w across, so that the "
        "windows tile the input without overlapping; one number for both directions is right only for square windows.",
        "stride=None은 방향마다 풀링 크기를 뜻합니다: 세로로 pool_h, 가로로 pool_w씩 움직여 창이 겹치지 않고 입력을 "
        "덮습니다; 두 방향에 한 숫자를 쓰는 것은 정사각형 창일 때만 맞습니다.")
mistake("cnn_dtype_float64", "float32 input turned into float64", "float32 입력이 float64로 바뀜",
        "Arrays you create (zeros for the padding or for sums, random draws) get numpy's default float64 unless you "
        "give them the dtype of the input, and one float64 array in the arithmetic promotes the result: create "
        "work arrays in the input's dtype.",
        "직접 만드는 배열(패딩이나 합을 위한 0 배열, 난수)은 입력의 dtype을 지정하지 않으면 numpy 기본값 float64가 "
        "되고, 계산에 float64 배열이 하나라도 섞이면 결과가 float64로 바뀝니다: 작업 배열을 입력의 dtype으로 만드세요.")
mistake("aug_samples_reordered", "augmentation reorders the samples", "증강이 샘플 순서를 바꿈",
        "Output sample n must come from input sample n, so the labels of the batch stay valid.",
        "출력 샘플 n은 입력 샘플 n에서 나와야 배치의 레이블이 그대로 유효합니다.")
mistake("aug_ignores_rng", "the rng argument is not used", "rng 인자를 사용하지 않음",
        "Draw every random number from the generator passed as rng, not from numpy's global random functions or a "
        "new generator: then the same seed gives the same batch.",
        "모든 난수를 인자로 받은 생성기 rng에서 뽑으세요; numpy의 전역 난수 함수나 새 생성기를 쓰지 마세요: 그래야 "
        "같은 시드가 같은 배치를 만듭니다.")
mistake("flip_wrong_axis", "images flipped upside down instead of left–right", "좌우 대신 상하로 뒤집음",
        "A horizontal flip reverses the order of the columns, i.e. the LAST axis, not the rows.",
        "좌우 반전은 열의 순서, 즉 마지막 축을 뒤집습니다 (행이 아니라).")
mistake("flip_probability_inverted", "flip probability inverted (1 − p)", "반전 확률이 뒤바뀜 (1 − p)",
        "Flip a sample when its uniform draw is below p, so that p is the probability of flipping.",
        "균등 난수가 p보다 작을 때 뒤집어야 p가 반전 확률이 됩니다.")
mistake("flip_whole_batch", "one flip decision for the whole batch", "배치 전체에 한 번만 반전 여부를 결정",
        "Decide for every sample independently: one uniform draw per sample.",
        "샘플마다 독립적으로 정하세요: 샘플마다 균등 난수 하나.")
mistake("flip_channels_independently", "channels of one image flipped independently", "한 이미지의 채널을 따로 반전",
        "All channels of a sample flip together (one decision per sample).",
        "한 샘플의 모든 채널은 함께 뒤집힙니다 (샘플마다 한 번 결정).")
mistake("shift_wraps", "shift wraps around (np.roll)", "이동이 반대편으로 돌아 들어옴 (np.roll)",
        "What leaves the image is lost and the vacated pixels are 0: a roll moves the content around instead.",
        "이미지 밖으로 나간 부분은 버리고 빈 곳은 0으로 채워야 합니다: roll은 내용을 반대편으로 돌려 넣습니다.")
mistake("shift_too_far", "shift larger than max_shift", "max_shift보다 크게 이동",
        "dy and dx are integers from −max_shift to max_shift, both ends included.",
        "dy와 dx는 −max_shift부터 max_shift까지의 정수입니다 (양 끝 포함).")
mistake("shift_channels_independently", "channels of one image shifted independently", "한 이미지의 채널을 따로 이동",
        "All channels of a sample move by the same (dy, dx).", "한 샘플의 모든 채널은 같은 (dy, dx)만큼 이동합니다.")
mistake("shift_end_excluded", "shift range misses ±max_shift", "이동 범위에서 ±max_shift가 빠짐",
        "The upper bound of an integer draw is excluded: raise it by one so that +max_shift can be drawn too.",
        "정수 난수의 상한은 포함되지 않습니다: +max_shift도 나올 수 있게 상한을 1 올리세요.")
mistake("shift_same_draw", "dy and dx drawn as one number", "dy와 dx를 같은 난수로 뽑음",
        "Draw dy and dx independently (two draws of N integers).", "dy와 dx를 독립적으로 뽑으세요 (정수 N개씩 두 번).")
mistake("noise_wrong_scale", "noise scaled by std² or √std instead of std", "잡음을 std 대신 std² 또는 √std로 조정",
        "std is the standard deviation: multiply standard normal draws by std itself.",
        "std는 표준편차입니다: 표준정규분포 난수에 std 자체를 곱하세요.")
mistake("noise_not_gaussian", "noise not Gaussian", "잡음이 정규분포가 아님",
        "Use normal (Gaussian) draws, not uniform ones: about 68.3 % of the values must lie within ±std.",
        "균등분포가 아니라 정규분포 난수를 쓰세요: 값의 약 68.3 %가 ±std 안에 있어야 합니다.")
mistake("noise_not_independent", "the same noise repeated", "같은 잡음을 반복해서 더함",
        "Draw independent noise for every element of the batch: one draw per element, every sample its own.",
        "배치의 모든 원소마다 독립적인 잡음을 뽑으세요: 원소마다 하나씩, 샘플마다 따로.")
mistake("shift_edge_fill", "shift fills with the border pixels instead of zeros", "이동 후 빈 곳을 0 대신 가장자리 픽셀로 채움",
        "The pixels that enter the image are 0: pad with zeros (a constant fill), not by repeating the border.",
        "이미지로 들어오는 픽셀은 0입니다: 가장자리를 반복하지 말고 0(상수)으로 패딩하세요.")
mistake("rotate_clockwise", "rotation clockwise instead of counter-clockwise", "반시계 대신 시계 방향으로 회전",
        "rotate90(x, k) turns counter-clockwise, like numpy's rot90 over the last two axes.",
        "rotate90(x, k)는 마지막 두 축에 대한 numpy의 rot90처럼 반시계 방향으로 돌립니다.")
mistake("rotate_wrong_axes", "rotation over the wrong axes", "잘못된 축으로 회전",
        "Rotate the images, i.e. the LAST two axes (H, W); rot90's default axes are the first two, which turns the "
        "batch axis into an image axis.",
        "이미지, 즉 마지막 두 축 (H, W)을 돌리세요; rot90의 기본 축은 처음 두 축이라 배치 축을 돌려 버립니다.")
mistake("rotate_k_ignored", "the number of quarter turns k ignored", "회전 횟수 k를 무시함",
        "Turn by k·90° (k may be negative or ≥ 4; it counts modulo 4).",
        "k·90°만큼 돌리세요 (k는 음수이거나 4 이상일 수 있고, 4로 나눈 나머지만 의미가 있습니다).")
mistake("cnn_params_not_shared", "layers use copies of params", "계층이 params의 복사본을 사용",
        "Build Convolution and Affine with the arrays stored in self.params themselves (not copies), so that a "
        "change of net.params (an optimizer's in-place update) reaches the layers.",
        "Convolution과 Affine을 self.params에 저장된 배열 자체로 만드세요 (복사본이 아니라); 그래야 net.params의 "
        "변경 (옵티마이저의 제자리 갱신)이 계층에 반영됩니다.")
mistake("cnn_pool_size_ignored", "W2 sized without the 2×2 pooling", "2×2 풀링을 빼고 W2 크기를 계산",
        "The pooling halves the convolution output: W2 has FN·(OH/2)·(OW/2) rows.",
        "풀링이 합성곱 출력을 절반으로 줄입니다: W2의 행 수는 FN·(OH/2)·(OW/2)입니다.")
mistake("accuracy_drops_last_batch", "accuracy ignores the last, smaller batch", "정확도에서 마지막 작은 배치를 버림",
        "Predict every sample: let the last batch be smaller than batch_size and divide the correct count by N.",
        "모든 샘플을 예측하세요: 마지막 배치는 batch_size보다 작아도 되고, 맞힌 개수를 N으로 나눕니다.")


# ========================================================================================== shared helpers
def _shared_rng(ctx, tag: str) -> np.random.Generator:
    """A generator shared by the tests of one exercise (``ctx.rng`` is per test).

    Tests that check different properties of the same calls build identical inputs from it, so ``ctx.call_shared``
    answers them with one round trip. Like ``ctx.rng`` it comes from the run's seed in graded runs and is fixed
    (seed 0) in the students' check and at release."""
    seed = ctx.runner.seed if ctx.fresh else 0
    return np.random.default_rng([int(seed), zlib.crc32(f"{ctx.exercise.id}::{tag}".encode())])


def _per_exercise(build):
    """Memoize a builder of shared calls for the exercise being graded: the tests that read one set of calls build the
    inputs, send them (``ctx.call_shared``) and validate the replies once. The memo lives in the runner's per-exercise
    store of shared replies, which is emptied when the next exercise starts; an exception is replayed to every test."""
    @functools.wraps(build)
    def wrapper(ctx, *args):
        key = ("a05_cnn", build.__name__, repr(args))
        store = ctx.runner.shared
        if key not in store:
            try:
                store[key] = ("ok", build(ctx, *args))
            except Exception as exc:  # noqa: BLE001 - replayed below, to every test that reads these calls
                store[key] = ("raised", exc)
        kind, value = store[key]
        if kind == "raised":
            raise value
        return value
    return wrapper


def _replies(got, n: int, what: Text) -> list:
    """A student-returned list must hold one reply per call (never zip over it unchecked)."""
    if type(got) is not list or len(got) != n:
        count = f"{len(got)} replies" if isinstance(got, list) else type(got).__name__
        raise Fail(T(f"{what.en}: {n} calls were made but {count} came back", f"{what.ko}: 호출 {n}번에 대한 결과가 "
                     f"{count}입니다"))
    return got


def _item(reply, what: Text) -> dict:
    return as_dict(reply, what)


def _responds(a, b, what: Text):
    """Gate of the tests of secondary properties (arguments unchanged, dtype kept): the object must do visible work,
    i.e. two different inputs of the same shape give different outputs. A zero, constant or cached output earns
    nothing there (the value tests say what is wrong)."""
    a, b = expect.unwrap(a), expect.unwrap(b)
    if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
        raise Fail(T(f"{what.en}: no array came back, so this property cannot be checked",
                     f"{what.ko}: 배열이 돌아오지 않아 이 성질을 검사할 수 없습니다"))
    if a.shape == b.shape and a.dtype.kind in "biuf" and b.dtype.kind in "biuf" and np.array_equal(a, b):
        raise Fail(T(f"{what.en}: two different inputs of the same shape gave the same output (all zeros, constant or "
                     f"cached?); this check needs an output that depends on the input",
                     f"{what.ko}: 형상이 같은 서로 다른 두 입력에 같은 출력이 나왔습니다 (모두 0, 상수, 또는 저장된 값?); "
                     f"이 검사는 입력에 따라 달라지는 출력이 필요합니다"))


def _candidate(ctx, driver, *args, key=None):
    """The value a known mistake would give, from the reference. Graded runs compute it only when the student's value
    is wrong (a function, evaluated by expect.close on a mismatch); the students' check needs it stored, so there it
    is computed at once (the stored values are read in call order)."""
    def get():
        value = ctx.expected(driver, *args)
        return value if key is None else value[key]
    return get if ctx.fresh else get()


def _value(cand):
    return cand() if callable(cand) else cand


def _dtype_kept(value, want, what: Text):
    value = expect.unwrap(value)
    if not isinstance(value, np.ndarray):
        raise Fail(T(f"{what.en}: expected a numpy array, got {type(value).__name__}",
                     f"{what.ko}: numpy 배열이어야 하는데 {type(value).__name__}입니다"))
    if value.dtype != np.dtype(want):
        detail = T(f": dtype {value.dtype}, expected {np.dtype(want)} (the input's dtype is kept)",
                   f": dtype이 {value.dtype}인데 입력과 같은 {np.dtype(want)}이어야 합니다")
        if value.dtype == np.float64 and np.dtype(want) == np.float32:
            raise named_mistake(what, "cnn_dtype_float64", detail)
        raise Fail(what + detail)


def _unchanged(before, after, what: Text):
    expect.unchanged(before, after, what)


# ========================================================================================== conv_output_size
size_ex = A.exercise("conv.conv_output_size", targets=["conv.conv_output_size"],
                     title=T("convolution output size", "합성곱 출력 크기"),
                     hint=T("Count the window positions along one axis: the padded input has H + 2P cells, a window "
                            "covers FH of them and a new window starts every S cells, so after the first window "
                            "there are (H + 2P − FH)/S more. That must be a whole number and not negative; otherwise "
                            "the windows do not tile the padded input and the function raises ValueError with H, FH, "
                            "S and P in its message (the notes on 'Deep Learning from Scratch', Chapter 7, the output size formula).",
                            "한 축에서 창의 위치를 세어 보세요: 패딩된 입력은 H + 2P칸이고 창 하나가 FH칸을 덮으며 S칸마다 "
                            "새 창이 시작되므로, 첫 창 다음에 (H + 2P − FH)/S개가 더 있습니다. 이 값은 음이 아닌 정수여야 "
                            "하고, 그렇지 않으면 창이 패딩된 입력을 정확히 덮지 못하므로 H, FH, S, P를 메시지에 담은 "
                            "ValueError를 발생시킵니다 ('밑바닥부터 시작하는 딥러닝' 정리 노트 7장, 출력 크기 공식)."))

# (H, W, FH, FW, S, P): square and non-square inputs and filters that tile exactly (OH and OW checked separately)
SIZE_CASES = [(28, 28, 5, 5, 1, 0), (4, 4, 3, 3, 1, 1), (7, 11, 3, 5, 2, 1), (4, 6, 3, 2, 1, 1), (32, 20, 4, 2, 2, 0),
              (5, 8, 5, 1, 1, 0), (10, 15, 4, 6, 3, 0), (6, 6, 2, 2, 2, 2), (1, 1, 3, 3, 1, 1), (9, 9, 1, 1, 4, 0)]
# (H, FH, S, P) whose span H + 2P − FH >= 0 is not divisible by S, and sizes that tile (pad 0)
NONTILING_CASES = [(28, 2, 3, 0), (8, 3, 2, 0), (6, 3, 2, 1), (10, 4, 4, 2), (13, 4, 5, 1)]
TILING_CASES = [(28, 5, 1, 0), (32, 4, 2, 0), (9, 1, 4, 0), (10, 4, 3, 0)]
# windows larger than the padded input (span < 0), and windows exactly as large (span = 0: output size 1)
TOO_LARGE_CASES = [(3, 5, 1, 0), (4, 9, 1, 2), (3, 7, 2, 1), (1, 4, 3, 1)]
EXACT_FIT_CASES = [(3, 5, 1, 1), (4, 8, 3, 2), (6, 6, 2, 0)]


def _span(case):
    h, f, s, p = case
    return h + 2 * p - f


def _must_reject(case) -> bool:
    span = _span(case)
    return span < 0 or span % case[2] != 0


def _valid_case(rng, pad=True):
    while True:
        f, s = int(rng.integers(1, 9)), int(rng.integers(1, 5))
        p = int(rng.integers(0, 4)) if pad else 0
        h = s * int(rng.integers(0, 8)) + f - 2 * p
        if h >= 1:
            return (h, f, s, p)


def _nontiling_case(rng):
    while True:
        h, f, s, p = int(rng.integers(1, 40)), int(rng.integers(1, 9)), int(rng.integers(2, 6)), int(rng.integers(0, 4))
        span = h + 2 * p - f
        if span >= 0 and span % s:
            return (h, f, s, p)


def _too_large_case(rng):
    h, p = int(rng.integers(1, 12)), int(rng.integers(0, 3))
    return (h, h + 2 * p + int(rng.integers(1, 6)), int(rng.integers(1, 5)), p)


def _exact_fit_case(rng):
    h, p = int(rng.integers(1, 12)), int(rng.integers(0, 3))
    return (h, h + 2 * p, int(rng.integers(1, 5)), p)


def _mixed(ctx, fixed, make, k):
    """The fixed cases, plus (graded runs) k fresh ones from ``make(rng)``, shuffled together."""
    cases = list(fixed)
    if ctx.fresh:
        cases += [make(ctx.rng) for _ in range(k)]
        cases = [cases[i] for i in ctx.rng.permutation(len(cases))]
    return cases


def _call_text(case):
    h, f, s, p = case
    return f"conv_output_size({h}, {f}, stride={s}, pad={p})"


def _size_replies(ctx, cases):
    got = _replies(ctx.call(drive_conv_size, [list(c) for c in cases]), len(cases), T("conv_output_size"))
    return [as_dict(g, T(_call_text(c))) for c, g in zip(cases, got)]


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
        if "raised" in g:
            if not rejects:
                return False
        elif rejects or g.get("value") != value_of(span, s):
            return False
    return True


def _size_int(value, call):
    if isinstance(value, (float, np.floating)):
        raise named_mistake(T(f"{call} returned the float {value!r}", f"{call}이(가) 실수 {value!r}를 반환했습니다"),
                            "conv_size_float")
    return expect.integer(value, T(call))


def _is_value_error(g: dict) -> bool:
    """Grader-side verdict from the class MRO the driver reported (``isinstance`` in the student's process could be
    fooled by a patched ``builtins.ValueError``)."""
    mro = g.get("mro")
    if not isinstance(mro, list):
        return False
    return any(isinstance(c, list) and len(c) == 2 and c[0] == "builtins" and c[1] == "ValueError" for c in mro)


def _mentions(message: str, number: int) -> bool:
    return re.search(rf"(?<![\d.]){number}(?![\d])", message) is not None


def _why_rejected(case) -> Text:
    h, f, s, p = case
    span = _span(case)
    if span >= 0:
        return T(f"{h} + 2·{p} − {f} = {span} is not divisible by {s}", f"{h} + 2·{p} − {f} = {span}이(가) {s}로 나누어떨어지지 않음")
    return T(f"the {f}-wide window is larger than the padded input {h + 2 * p}", f"{f} 크기의 창이 패딩된 입력 {h + 2 * p}보다 큼")


def _check_accepts_and_rejects(cases, got):
    """Cases that tile must return (any value: the value is another test's property); the others must raise
    ValueError."""
    for case, g in zip(cases, got):
        call = _call_text(case)
        if not _must_reject(case):
            if "raised" in g:
                raise Fail(T(f"{call} raised {g['raised']}({g.get('message', '')!r}), but the windows tile exactly "
                             f"({_span(case)} is divisible by {case[2]})",
                             f"{call}이(가) {g['raised']}({g.get('message', '')!r})를 발생시켰지만 창이 정확히 맞습니다 "
                             f"({_span(case)}은(는) {case[2]}로 나누어떨어짐)"))
            continue
        why = _why_rejected(case)
        if "raised" not in g:
            raise named_mistake(T(f"{call} returned {g.get('value')!r} instead of raising ValueError ({why.en})",
                                  f"{call}이(가) ValueError 대신 {g.get('value')!r}을(를) 반환했습니다 ({why.ko})"),
                                "conv_size_not_validated")
        if not _is_value_error(g):
            raise named_mistake(T(f"{call} raised {g['raised']} instead of ValueError ({why.en})",
                                  f"{call}이(가) ValueError 대신 {g['raised']}를 발생시켰습니다 ({why.ko})"),
                                "conv_size_wrong_exception")


@size_ex.test(T("sizes that tile: OH = (H + 2P − FH)/S + 1, returned as an int",
                "나누어떨어지는 크기: OH = (H + 2P − FH)/S + 1을 정수로 반환"), points=2)
def _(ctx):
    fixed = []
    for h, w, fh, fw, s, p in SIZE_CASES:
        fixed += [(h, fh, s, p), (w, fw, s, p)]
    cases = _mixed(ctx, fixed, _valid_case, 12)
    got = _size_replies(ctx, cases)
    for case, g in zip(cases, got):
        call, want = _call_text(case), _span(case) // case[2] + 1
        if "raised" not in g:
            _size_int(g.get("value"), call)
        if "raised" in g or g.get("value") != want:
            for key in SIZE_MISTAKES:
                if _behaves_like(key, cases, got):
                    raise named_mistake(T("conv_output_size: wrong sizes", "conv_output_size: 크기가 틀렸습니다"), key)
            if "raised" in g:
                raise Fail(T(f"{call} raised {g['raised']}({g.get('message', '')!r}), but the windows tile exactly "
                             f"(expected {want})", f"{call}이(가) {g['raised']}({g.get('message', '')!r})를 발생시켰지만 "
                             f"창이 정확히 맞습니다 (기대값 {want})"))
            raise Fail(T(f"{call} returned {g.get('value')}, expected {want} = ({case[0]} + 2·{case[3]} − {case[1]})/"
                         f"{case[2]} + 1", f"{call}이(가) {g.get('value')}을(를) 반환했는데 {want} = ({case[0]} + "
                         f"2·{case[3]} − {case[1]})/{case[2]} + 1이어야 합니다"))


@size_ex.test(T("sizes that do not tile (not divisible by the stride) raise ValueError",
                "나누어떨어지지 않는 크기(스트라이드로 나누어떨어지지 않음)는 ValueError"), points=1)
def _(ctx):
    cases = _mixed(ctx, NONTILING_CASES + TILING_CASES, _nontiling_case, 6)
    if ctx.fresh:
        cases += [_valid_case(ctx.rng, pad=False) for _ in range(3)]
    _check_accepts_and_rejects(cases, _size_replies(ctx, cases))


@size_ex.test(T("the ValueError message names the offending numbers", "ValueError 메시지에 문제가 된 숫자가 들어 있음"),
              points=1)
def _(ctx):
    rejected = _mixed(ctx, NONTILING_CASES[:3] + TOO_LARGE_CASES[:2], _nontiling_case, 3)
    if ctx.fresh:
        rejected += [_too_large_case(ctx.rng) for _ in range(3)]
    accepted = [_valid_case(ctx.rng, pad=False)] if ctx.fresh else [TILING_CASES[0]]
    cases = rejected + accepted
    got = _size_replies(ctx, cases)
    for case, g in zip(accepted, got[len(rejected):]):
        if "raised" in g:
            raise Fail(T(f"{_call_text(case)} raised {g['raised']} although the windows tile exactly: the messages can "
                         f"only be about the offending numbers if valid sizes are accepted",
                         f"{_call_text(case)}이(가) 창이 정확히 맞는데도 {g['raised']}를 발생시켰습니다: 유효한 크기를 "
                         f"받아들여야 메시지가 문제가 된 숫자를 설명한다고 볼 수 있습니다"))
    checked = 0
    for case, g in zip(rejected, got):
        if "raised" not in g or not _is_value_error(g):
            continue   # not raising ValueError at all is the other tests' property
        h, f, s, p = case
        span = _span(case)
        message = str(g.get("message", ""))
        needed = [h, f] + ([s] if span >= 0 and span % s else []) + ([p] if p else [])
        missing = [n for n in needed if not _mentions(message, n)]
        if missing:
            raise Fail(T(f"{_call_text(case)} raised ValueError({message!r}); the message must name the offending "
                         f"numbers (missing: {', '.join(map(str, missing))})",
                         f"{_call_text(case)}이(가) ValueError({message!r})를 발생시켰습니다; 메시지에 문제가 된 숫자를 "
                         f"넣으세요 (빠진 숫자: {', '.join(map(str, missing))})"))
        checked += 1
    if not checked:
        raise Fail(T(f"conv_output_size raised no ValueError for any of {len(rejected)} sizes that must be rejected, so "
                     f"there is no message to check", f"conv_output_size가 거부해야 할 크기 {len(rejected)}개 중 어느 것에도 "
                     f"ValueError를 발생시키지 않아 검사할 메시지가 없습니다"))


@size_ex.test(T("windows larger than the padded input raise ValueError (output size < 1)",
                "패딩된 입력보다 큰 창은 ValueError (출력 크기 < 1)"), points=1, hidden=True)
def _(ctx):
    cases = TOO_LARGE_CASES + EXACT_FIT_CASES
    if ctx.fresh:
        cases += [_too_large_case(ctx.rng) for _ in range(4)] + [_exact_fit_case(ctx.rng) for _ in range(3)]
        cases = [cases[i] for i in ctx.rng.permutation(len(cases))]
    _check_accepts_and_rejects(cases, _size_replies(ctx, cases))


# ========================================================================================== im2col
im2col_ex = A.exercise("conv.im2col", targets=["conv.im2col"], title=T("im2col", "im2col (이미지 → 행렬 전개)"),
                       hint=T("Each output position (i, j) of sample n looks at one FH × FW window of the padded "
                              "image, whose top-left corner is at row i·S, column j·S. im2col lays every window out as "
                              "one row of a matrix: rows ordered by sample, then output row, then output column; "
                              "inside a row the window's values ordered by channel, then window row, then window "
                              "column — the order in which a filter's weights are flattened — so that one matrix "
                              "product applies every filter at every position ('Deep Learning from Scratch' §7.4). "
                              "Pad with zeros first, in an array of the input's dtype.",
                              "샘플 n의 출력 위치 (i, j)는 패딩된 이미지에서 왼쪽 위 모서리가 (i·S, j·S)인 FH × FW 창 "
                              "하나를 봅니다. im2col은 각 창을 행렬의 한 행으로 펼칩니다: 행은 샘플, 출력 행, 출력 열 "
                              "순서이고, 한 행 안의 값은 채널, 창의 행, 창의 열 순서 — 필터 가중치를 펼치는 순서 — 여서 "
                              "행렬 곱 한 번으로 모든 위치에 모든 필터를 적용합니다 ('밑바닥부터 시작하는 딥러닝' §7.4). "
                              "먼저 입력과 같은 dtype의 배열에 0으로 패딩하세요."))

# (x shape, FH, FW, S, P)
IM2COL_CONFIGS = [((2, 3, 5, 5), 3, 3, 1, 0), ((1, 2, 6, 8), 2, 4, 2, 0), ((3, 2, 4, 5), 3, 2, 1, 0),
                  ((2, 2, 8, 8), 2, 2, 3, 0), ((2, 1, 7, 5), 3, 3, 2, 0)]
IM2COL_PAD_CONFIGS = [((3, 2, 4, 5), 3, 2, 1, 1), ((2, 1, 7, 5), 3, 3, 2, 1), ((1, 3, 3, 4), 2, 3, 1, 2)]


def _out_hw(shape, fh, fw, s, p):
    sh, sw = (s, s) if not isinstance(s, (tuple, list)) else s
    return (shape[2] + 2 * p - fh) // sh + 1, (shape[3] + 2 * p - fw) // sw + 1


def _tiling_size(rng, f, s, p, max_out=5):
    lo = max(1, int(math.ceil((2 * p + 1 - f) / s)) + 1)   # smallest output size with an input >= 1
    o = int(rng.integers(lo, max(lo, max_out) + 1))
    return s * (o - 1) + f - 2 * p


def _random_conv_configs(rng, k, *, max_n=3, max_c=3, max_f=4, pad=(0, 2), pool=False, gaps=False):
    """k (x shape, FH, FW, S, P) whose windows tile exactly; pad drawn from the range ``pad`` (below the window size
    for pooling); ``gaps``: the stride exceeds the window (pixels covered by no window)."""
    configs = []
    for _ in range(k):
        fh, fw = (int(v) for v in rng.integers(2 if pool else 1, max_f + 1, size=2))
        s = int(rng.integers(max(fh, fw) + 1, max(fh, fw) + 3)) if gaps else int(rng.integers(1, 4))
        hi = min(pad[1], min(fh, fw) - 1) if pool else pad[1]
        p = int(rng.integers(pad[0], max(pad[0], hi) + 1))
        h, w = _tiling_size(rng, fh, s, p), _tiling_size(rng, fw, s, p)
        configs.append(((int(rng.integers(1, max_n + 1)), int(rng.integers(1, max_c + 1)), h, w), fh, fw, s, p))
    return configs


def _im2col_candidates(want, shape, fh, fw, s, p):
    n, c = shape[0], shape[1]
    oh, ow = _out_hw(shape, fh, fw, s, p)
    r = n * oh * ow
    return {"im2col_column_order": lambda: want.reshape(r, c, fh, fw).transpose(0, 2, 3, 1).reshape(r, -1),
            "im2col_row_order": lambda: want.reshape(n, oh, ow, -1).transpose(1, 2, 0, 3).reshape(r, -1),
            "transposed": lambda: want.T}


def _im2col_what(x, fh, fw, s, p) -> Text:
    return T(f"im2col(x of shape {x.shape} {x.dtype}, {fh}, {fw}, stride={s}, pad={p})")


@_per_exercise
def _im2col_public(ctx):
    """The unpadded calls shared by the public tests: every configuration, the first one twice (different data),
    and a fresh random configuration in graded runs."""
    rng = _shared_rng(ctx, "im2col")
    configs = IM2COL_CONFIGS + IM2COL_CONFIGS[:1]
    if ctx.fresh:
        configs = configs + _random_conv_configs(rng, 1, pad=(0, 0))
    items = [[rng.standard_normal(shape), fh, fw, s, p] for shape, fh, fw, s, p in configs]
    got = _replies(ctx.call_shared(drive_im2col_items, items), len(items), T("im2col"))
    return items, [_item(g, _im2col_what(*it)) for it, g in zip(items, got)]


def _check_im2col_values(ctx, items, got, *, candidates=True):
    for (x, fh, fw, s, p), res in zip(items, got):
        what = _im2col_what(x, fh, fw, s, p)
        want = ctx.expected(drive_im2col_col, x, fh, fw, s, p)
        expect.close(res.get("col"), want, what, rtol=0, atol=1e-12,
                     mistakes=_im2col_candidates(want, x.shape, fh, fw, s, p) if candidates else None)


@im2col_ex.test(T("values: rows (n, i, j), columns (c, u, v) for stride 1/2/3, non-square shapes (no padding)",
                  "값: 행 (n, i, j), 열 (c, u, v), 스트라이드 1/2/3, 정사각형이 아닌 형상 (패딩 없음)"), points=3)
def _(ctx):
    items, got = _im2col_public(ctx)
    _check_im2col_values(ctx, items, got)


@im2col_ex.test(T("does not modify its argument x", "인자 x를 바꾸지 않음"), points=1)
def _(ctx):
    items, got = _im2col_public(ctx)
    _responds(got[0].get("col"), got[len(IM2COL_CONFIGS)].get("col"), T("im2col", "im2col"))
    for (x, fh, fw, s, p), res in zip(items, got):
        _unchanged(x, res.get("x_after"), _im2col_what(x, fh, fw, s, p) + T(": argument x", ": 인자 x"))


@im2col_ex.test(T("float32 stays float32", "float32는 float32로 유지"), points=1)
def _(ctx):
    rng = ctx.rng
    configs = [IM2COL_CONFIGS[0], IM2COL_CONFIGS[0], IM2COL_PAD_CONFIGS[0]]
    items = [[rng.standard_normal(shape).astype(np.float32), fh, fw, s, p] for shape, fh, fw, s, p in configs]
    got = [_item(g, _im2col_what(*it)) for it, g in zip(items, _replies(ctx.call(drive_im2col_items, items),
                                                                          len(items), T("im2col")))]
    _responds(got[0].get("col"), got[1].get("col"), T("im2col (float32)"))
    for it, res in zip(items, got):
        col = res.get("col")
        if isinstance(col, Raised) and it[4]:
            continue   # a crash with padding costs the padding test, not this one
        _dtype_kept(col, np.float32, _im2col_what(*it))


@im2col_ex.test(T("padding: P zeros around each image", "패딩: 각 이미지 둘레에 0을 P개"), points=1, hidden=True)
def _(ctx):
    configs = IM2COL_PAD_CONFIGS + _random_conv_configs(ctx.rng, 2, pad=(1, 2))
    items = [[ctx.rng.standard_normal(shape), fh, fw, s, p] for shape, fh, fw, s, p in configs]
    got = _replies(ctx.call(drive_im2col_items, items), len(items), T("im2col"))
    _check_im2col_values(ctx, items, [_item(g, _im2col_what(*it)) for it, g in zip(items, got)])


# ========================================================================================== col2im
col2im_ex = A.exercise("conv.col2im", targets=["conv.col2im"], title=T("col2im", "col2im (행렬 → 이미지)"),
                       hint=T("col2im walks im2col's bookkeeping backwards: every entry of the matrix belongs to one "
                              "window (its row) and one offset inside the window (its column), i.e. to one pixel of "
                              "the padded image, and it is ADDED to that pixel. A pixel covered by several windows "
                              "collects the sum of their entries, a pixel covered by none stays 0, and the padding "
                              "border is cut away at the end. This makes col2im the adjoint (transpose) of im2col, "
                              "which is why it turns ∂L/∂col into ∂L/∂x ('Deep Learning from Scratch' §7.4).",
                              "col2im은 im2col의 대응 관계를 거꾸로 따라갑니다: 행렬의 각 원소는 창 하나(행)와 창 안의 "
                              "위치 하나(열), 즉 패딩된 이미지의 픽셀 하나에 속하며 그 픽셀에 더해집니다. 여러 창에 걸친 "
                              "픽셀은 그 값들의 합을 받고, 어느 창에도 속하지 않는 픽셀은 0으로 남으며, 마지막에 패딩 "
                              "테두리를 잘라냅니다. 그래서 col2im은 im2col의 수반(전치) 연산이고 ∂L/∂col을 ∂L/∂x로 "
                              "바꿉니다 ('밑바닥부터 시작하는 딥러닝' §7.4)."))

# overlapping windows (stride < filter) and touching ones, no padding
COL2IM_CONFIGS = [((2, 2, 5, 5), 3, 3, 1, 0), ((1, 3, 4, 6), 2, 3, 1, 0), ((2, 1, 7, 5), 3, 3, 2, 0),
                  ((2, 2, 3, 4), 2, 2, 1, 0)]
# padding, windows that do not overlap (stride >= filter)
COL2IM_PAD_CONFIGS = [((1, 2, 4, 4), 2, 2, 2, 1), ((2, 1, 4, 7), 3, 3, 3, 1), ((1, 2, 5, 3), 1, 1, 2, 1)]
# gaps: stride > filter, pixels covered by no window
COL2IM_GAP_CONFIGS = [((1, 2, 8, 8), 2, 2, 3, 0), ((2, 1, 7, 8), 1, 2, 3, 0)]


def _col_shape(shape, fh, fw, s, p):
    oh, ow = _out_hw(shape, fh, fw, s, p)
    return shape[0] * oh * ow, shape[1] * fh * fw


def _col2im_what(col, shape, fh, fw, s, p) -> Text:
    return T(f"col2im(col {col.shape} {col.dtype}, {tuple(shape)}, {fh}, {fw}, stride={s}, pad={p})")


def _col2im_call(ctx, items, *, shared=False):
    call = ctx.call_shared if shared else ctx.call
    got = _replies(call(drive_col2im_items, items), len(items), T("col2im"))
    return [_item(g, _col2im_what(*it)) for it, g in zip(items, got)]


@_per_exercise
def _col2im_public(ctx):
    """The unpadded calls shared by the public tests: per configuration a matrix of ones (the number of windows
    covering each pixel) and a random one; the first configuration again with other data; a fresh random
    configuration in graded runs."""
    rng = _shared_rng(ctx, "col2im")
    configs = list(COL2IM_CONFIGS)
    if ctx.fresh:
        configs += _random_conv_configs(rng, 1, pad=(0, 0))
    items = []
    for shape, fh, fw, s, p in configs:
        items.append([np.ones(_col_shape(shape, fh, fw, s, p)), list(shape), fh, fw, s, p])
        items.append([rng.standard_normal(_col_shape(shape, fh, fw, s, p)), list(shape), fh, fw, s, p])
    shape, fh, fw, s, p = configs[0]
    items.append([rng.standard_normal(_col_shape(shape, fh, fw, s, p)), list(shape), fh, fw, s, p])
    return items, _col2im_call(ctx, items, shared=True)


def _check_col2im_values(ctx, items, got):
    for (col, shape, fh, fw, s, p), res in zip(items, got):
        what = _col2im_what(col, shape, fh, fw, s, p)
        want = ctx.expected(drive_col2im_img, col, list(shape), fh, fw, s, p)
        mist = {"col2im_overwrites": (want > 0).astype(float)} if np.all(col == 1) else None
        expect.close(res.get("img"), want, what, rtol=1e-10, atol=1e-12, mistakes=mist)


@col2im_ex.test(T("values: overlapping windows add up (no padding)", "값: 겹치는 창의 값이 더해짐 (패딩 없음)"), points=2)
def _(ctx):
    items, got = _col2im_public(ctx)
    _check_col2im_values(ctx, items, got)


@col2im_ex.test(T("does not modify its argument col", "인자 col을 바꾸지 않음"), points=1)
def _(ctx):
    items, got = _col2im_public(ctx)
    _responds(got[1].get("img"), got[-1].get("img"), T("col2im"))
    for it, res in zip(items, got):
        _unchanged(it[0], res.get("col_after"), _col2im_what(*it) + T(": argument col", ": 인자 col"))


@col2im_ex.test(T("float32 stays float32", "float32는 float32로 유지"), points=1)
def _(ctx):
    rng = ctx.rng
    configs = [COL2IM_CONFIGS[0], COL2IM_CONFIGS[0], COL2IM_PAD_CONFIGS[0]]
    items = [[rng.standard_normal(_col_shape(*cfg)).astype(np.float32), list(cfg[0]), *cfg[1:]] for cfg in configs]
    got = _col2im_call(ctx, items)
    _responds(got[0].get("img"), got[1].get("img"), T("col2im (float32)"))
    for it, res in zip(items, got):
        img = res.get("img")
        if isinstance(img, Raised) and it[5]:
            continue   # a crash with padding costs the padding test, not this one
        _dtype_kept(img, np.float32, _col2im_what(*it))


@col2im_ex.test(T("padding: entries that fall on the padding are dropped", "패딩: 패딩 위치에 해당하는 값은 버림"), points=1)
def _(ctx):
    configs = list(COL2IM_PAD_CONFIGS)
    if ctx.fresh:
        configs += _random_conv_configs(ctx.rng, 1, pad=(1, 2), gaps=True)
    items = [[ctx.rng.standard_normal(_col_shape(*cfg)), list(cfg[0]), *cfg[1:]] for cfg in configs]
    _check_col2im_values(ctx, items, _col2im_call(ctx, items))


@col2im_ex.test(T("pixels covered by no window (stride > filter size) receive 0",
                  "어느 창에도 속하지 않는 픽셀(스트라이드 > 필터 크기)은 0"), points=1, hidden=True)
def _(ctx):
    configs = COL2IM_GAP_CONFIGS + _random_conv_configs(ctx.rng, 2, pad=(0, 0), gaps=True)
    items = [[ctx.rng.standard_normal(_col_shape(*cfg)), list(cfg[0]), *cfg[1:]] for cfg in configs]
    _check_col2im_values(ctx, items, _col2im_call(ctx, items))


# ========================================================================================== Convolution
conv_ex = A.exercise("conv.Convolution", targets=["conv.Convolution", "conv.im2col", "conv.col2im"],
                     title=T("convolution layer", "합성곱 계층"),
                     hint=T("Forward: unfold the input with im2col, flatten every filter into one row (channel, row, "
                            "column: the order of im2col's columns), and one matrix product gives every filter's "
                            "response at every position; add each filter's bias and arrange the result as (N, FN, OH, "
                            "OW). Keep what backward needs. Backward is the chain rule of that matrix product: the "
                            "bias gradient sums the upstream gradient over samples and positions, the filter gradient "
                            "pairs the upstream gradient with the unfolded input, and the input gradient sends the "
                            "upstream gradient back through the filters and folds it into image shape with col2im "
                            "('Deep Learning from Scratch' §7.4 and the notes on its Chapter 7).",
                            "순전파: im2col로 입력을 펼치고, 각 필터를 한 행으로 펼치면 (채널, 행, 열: im2col의 열 순서) "
                            "행렬 곱 한 번으로 모든 위치에서 모든 필터의 응답이 나옵니다; 필터마다 편향을 더하고 결과를 "
                            "(N, FN, OH, OW)로 배치하세요. 역전파에 필요한 것을 저장하세요. 역전파는 그 행렬 곱의 연쇄 "
                            "법칙입니다: 편향의 기울기는 상류 기울기를 샘플과 위치에 대해 합하고, 필터의 기울기는 상류 "
                            "기울기와 펼친 입력을 짝지으며, 입력의 기울기는 상류 기울기를 필터를 거쳐 되돌려 col2im으로 "
                            "이미지 형상으로 접습니다 ('밑바닥부터 시작하는 딥러닝' §7.4와 7장 정리 노트)."))

# (x shape, W shape, S, P)
CONV_CONFIGS = [((2, 3, 5, 6), (4, 3, 3, 3), 1, 0), ((3, 2, 7, 5), (2, 2, 3, 3), 2, 1),
                ((1, 2, 4, 6), (3, 2, 2, 4), 1, 2), ((2, 2, 6, 8), (3, 2, 2, 4), 2, 0),
                ((2, 2, 3, 4), (2, 2, 3, 2), 1, 1)]


def _conv_inputs(rng, x_shape, w_shape, s, p, dtype=np.float64):
    oh, ow = _out_hw(x_shape, w_shape[2], w_shape[3], s, p)
    arrays = {"x": rng.standard_normal(x_shape).astype(dtype), "W": (rng.standard_normal(w_shape) * 0.5).astype(dtype),
              "b": rng.standard_normal(w_shape[0]).astype(dtype), "stride": s, "pad": p,
              "dout": rng.standard_normal((x_shape[0], w_shape[0], oh, ow)).astype(dtype)}
    return layer_inputs("conv", "Convolution", ctor=("W", "b"), ctor_kw={"stride": "stride", "pad": "pad"},
                        attrs=("dW", "db"), **arrays)


def _conv_name(inp) -> Text:
    return T(f"Convolution(W {inp['W'].shape}, stride={inp['stride']}, pad={inp['pad']}) on x {inp['x'].shape} "
             f"{inp['x'].dtype}")


def _with(inp, **changes):
    out = dict(inp)
    out.update(changes)
    return out


def _random_conv_config(rng, *, touching=False):
    """A random (x shape, W shape, S, P); ``touching``: P < the filter size, so that every window holds real
    pixels (otherwise a window lying in the padding only would make the output independent of x there)."""
    while True:
        (shape, fh, fw, s, p), = _random_conv_configs(rng, 1)
        if not touching or p < min(fh, fw):
            return shape, (int(rng.integers(1, 5)), shape[1], fh, fw), s, p


@_per_exercise
def _conv_public(ctx):
    """The calls shared by the public tests (forward, dx, dW, db, arguments): every configuration, the first one
    again with other data, and a fresh random configuration in graded runs."""
    rng = _shared_rng(ctx, "conv")
    configs = CONV_CONFIGS + CONV_CONFIGS[:1]
    if ctx.fresh:
        configs = configs + [_random_conv_config(rng)]
    items = [_conv_inputs(rng, *cfg) for cfg in configs]
    got = _replies(ctx.call_shared(drive_layer_items, items), len(items), T("Convolution"))
    return items, [_item(g, _conv_name(inp)) for inp, g in zip(items, got)]


def _flip_w(W):
    return W[:, :, ::-1, ::-1].copy()


def _column_order_w(W):
    """The filters a convolution effectively uses when im2col's columns are (u, v, c) but W is flattened (c, u, v)."""
    fn, c, fh, fw = W.shape
    return W.reshape(fn, fh, fw, c).transpose(0, 3, 1, 2).copy()


def _layer_gradient(ctx, inp, res, name, key, disp: Text, want, *, mistakes=None, batch_size=None):
    """The student's ``key`` (dx, dW, db) against the reference's gradient ``want`` on the same inputs and dout; a
    wrong value that matches a known mistake is named first."""
    grad = expect.unwrap(res.get(key))
    if grad is None:
        raise Fail(T(f"{disp.en} is None: backward must set it", f"{disp.ko}이(가) None입니다: backward에서 설정해야 합니다"))
    grad = expect.array(grad, disp)
    if mistakes and not expect.matches(grad, want, 1e-7, 1e-9):
        for mkey, cand in mistakes.items():
            if expect.matches(grad, _value(cand), 1e-7, 1e-9):
                raise named_mistake(disp, mkey.split("#")[0])
    inputs = {k: v for k, v in inp.items() if k != "dout"}
    ctx.check_gradients(drive_layer_out, inputs, {name: grad}, dout=inp["dout"], reference={name: want},
                        names={name: disp}, batch_size=batch_size)


@conv_ex.test(T("forward values (stride 1/2, pad 0/1/2, non-square, channels, batches)",
                "순전파 값 (스트라이드 1/2, 패딩 0/1/2, 정사각형이 아닌 형상, 채널, 배치)"), points=3)
def _(ctx):
    items, got = _conv_public(ctx)
    for inp, res in zip(items, got):
        what = _conv_name(inp) + T(": forward output", ": 순전파 출력")
        want = ctx.expected(drive_layer_keys, inp, ["out"])["out"]
        mist = {"conv_flipped_kernel": _candidate(ctx, drive_layer_keys, _with(inp, W=_flip_w(inp["W"])), ["out"],
                                                  key="out"),
                "im2col_column_order": _candidate(ctx, drive_layer_keys, _with(inp, W=_column_order_w(inp["W"])),
                                                  ["out"], key="out"),
                "conv_no_bias": want - inp["b"].reshape(1, -1, 1, 1)}
        expect.close(res.get("out"), want, what, mistakes=mist)


@conv_ex.test(T("backward: dx equals the correct gradient", "역전파: dx가 올바른 기울기와 같음"), points=2)
def _(ctx):
    items, got = _conv_public(ctx)
    for inp, res in zip(items, got):
        want = ctx.expected(drive_layer_keys, inp, ["dx"])["dx"]
        _layer_gradient(ctx, inp, res, "x", "dx", _conv_name(inp) + T(": dx (returned by backward)",
                                                                       ": dx (backward의 반환값)"), want)


@conv_ex.test(T("backward: dW equals the correct gradient", "역전파: dW가 올바른 기울기와 같음"), points=2)
def _(ctx):
    items, got = _conv_public(ctx)
    for inp, res in zip(items, got):
        want = ctx.expected(drive_layer_keys, inp, ["dW"])["dW"]
        last = _candidate(ctx, drive_layer_keys, _with(inp, x=inp["x"][-1:], dout=inp["dout"][-1:]), ["dW"], key="dW")
        n = inp["x"].shape[0]
        mist = {"conv_dw_averaged": want / n, "conv_flipped_kernel": want[:, :, ::-1, ::-1]}
        if n > 1:
            mist["conv_dw_last_sample"] = last
        _layer_gradient(ctx, inp, res, "W", "dW", _conv_name(inp) + T(": dW (self.dW after backward)",
                                                                      ": dW (역전파 후 self.dW)"), want,
                        mistakes=mist, batch_size=n)


@conv_ex.test(T("backward: db equals the correct gradient", "역전파: db가 올바른 기울기와 같음"), points=1)
def _(ctx):
    items, got = _conv_public(ctx)
    for inp, res in zip(items, got):
        want = ctx.expected(drive_layer_keys, inp, ["db"])["db"]
        dout = inp["dout"]
        partial = [dout.sum(axis=(2, 3)), dout.sum(axis=0), dout[-1].sum(axis=(1, 2)), dout.sum(axis=(0, 2)),
                   dout.sum(axis=(0, 3)), dout.sum(axis=(2, 3)).mean(axis=0), dout.mean(axis=(0, 2, 3))]
        what = _conv_name(inp) + T(": db (self.db after backward)", ": db (역전파 후 self.db)")
        db = expect.unwrap(res.get("db"))
        if isinstance(db, np.ndarray) and db.dtype.kind in "biuf" and not expect.matches(db, want, 1e-7, 1e-9):
            for cand in partial:
                if expect.matches(db, cand, 1e-7, 1e-9) and not np.allclose(cand, want):
                    raise named_mistake(what, "conv_db_not_summed")
        _layer_gradient(ctx, inp, res, "b", "db", what, want)


@conv_ex.test(T("does not modify its arguments (W, b, x, dout)", "인자(W, b, x, dout)를 바꾸지 않음"), points=1)
def _(ctx):
    items, got = _conv_public(ctx)
    _responds(got[0].get("out"), got[len(CONV_CONFIGS)].get("out"), T("Convolution.forward"))
    for inp, res in zip(items, got):
        name = _conv_name(inp)
        for arg in ("W", "b"):
            _unchanged(inp[arg], as_dict(res.get("ctor_after"), name).get(arg),
                       name + T(f": constructor argument {arg}", f": 생성자 인자 {arg}"))
        _unchanged(inp["x"], as_dict(res.get("inputs_after"), name).get("x"),
                   name + T(": forward argument x", ": 순전파 인자 x"))
        if "dout_after" in res:
            _unchanged(inp["dout"], res.get("dout_after"), name + T(": backward argument dout", ": 역전파 인자 dout"))


@conv_ex.test(T("float32 stays float32 (output and gradients)", "float32는 float32로 유지 (출력과 기울기)"), points=1)
def _(ctx):
    configs = [CONV_CONFIGS[0], CONV_CONFIGS[0], CONV_CONFIGS[1]]
    items = [_conv_inputs(ctx.rng, *cfg, dtype=np.float32) for cfg in configs]
    got = [_item(g, _conv_name(inp)) for inp, g in zip(items, _replies(ctx.call(drive_layer_items, items), len(items),
                                                                       T("Convolution")))]
    _responds(got[0].get("out"), got[1].get("out"), T("Convolution.forward (float32)"))
    for inp, res in zip(items, got):
        name = _conv_name(inp)
        if isinstance(res.get("out"), Raised) and inp["pad"]:
            continue   # a crash with padding costs the value tests, not this one
        _dtype_kept(res.get("out"), np.float32, name + T(": forward output", ": 순전파 출력"))
        if isinstance(res.get("dx"), Raised):
            continue   # a crashing backward costs the gradient tests
        for key in ("dx", "dW", "db"):
            if res.get(key) is not None:   # an attribute backward did not set costs the gradient tests
                _dtype_kept(res.get(key), np.float32, name + T(f": {key}"))


@conv_ex.test(T("backward after a second forward belongs to the second forward",
                "두 번째 순전파 뒤의 역전파는 두 번째 순전파에 대한 것"), points=1, hidden=True)
def _(ctx):
    shape, w_shape, s, p = _random_conv_config(ctx.rng, touching=True)
    inp = {k: v for k, v in _conv_inputs(ctx.rng, shape, w_shape, s, p).items() if k != "__spec__"}
    inp["x1"] = ctx.rng.standard_normal(shape)
    res = as_dict(ctx.call(drive_conv_twice, inp), T("Convolution"))
    name = T(f"Convolution(W {w_shape}, stride={s}, pad={p}): forward(x1), forward(x2), backward(dout)")
    _responds(res.get("first"), res.get("second"), name)
    alone = expect.array(res.get("alone"), T("a new layer's forward(x2)", "새 계층의 forward(x2)"))
    expect.close(res.get("second"), alone, name + T(": the second forward's output, compared with a new layer's",
                                                     ": 두 번째 순전파 출력 (새 계층의 출력과 비교)"), rtol=1e-10, atol=1e-12)
    for key in ("dx", "dW", "db"):
        if isinstance(res.get(f"{key}_b"), Raised) or res.get(f"{key}_b") is None:
            continue   # a backward that fails (or sets nothing) after ONE forward is the gradient tests' concern
        ref = expect.array(res.get(f"{key}_b"), T(f"{key} of a new layer after forward(x2) only"))
        got = expect.unwrap(res.get(f"{key}_a"))
        try:
            expect.close(got, ref, name + T(f": {key}, compared with a new layer that saw only x2",
                                            f": {key} (x2만 본 새 계층과 비교)"), rtol=1e-10, atol=1e-12)
        except Fail as exc:
            raise Fail(exc.message, "conv_stale_forward") from None


@conv_ex.test(T("uses W and b themselves: in-place changes reach the next forward",
                "W와 b 자체를 사용: 제자리 변경이 다음 순전파에 반영됨"), points=1, hidden=True)
def _(ctx):
    shape, w_shape, s, p = _random_conv_config(ctx.rng, touching=True)
    inp = {k: v for k, v in _conv_inputs(ctx.rng, shape, w_shape, s, p).items() if k not in ("__spec__", "dout")}
    inp["W2"] = ctx.rng.standard_normal(w_shape) * 0.5
    inp["b2"] = ctx.rng.standard_normal(w_shape[0])
    res = as_dict(ctx.call(drive_conv_inplace, inp), T("Convolution"))
    name = T(f"Convolution(W {w_shape}, stride={s}, pad={p})")
    fresh = expect.array(res.get("fresh"), T("a new layer's forward", "새 계층의 순전파"))
    _responds(res.get("before"), fresh, name)
    after = expect.unwrap(res.get("after"))
    before = expect.unwrap(res.get("before"))
    if isinstance(after, np.ndarray) and isinstance(before, np.ndarray) and after.shape == before.shape \
            and np.array_equal(after, before):
        raise named_mistake(name + T(": after W[...] and b[...] were overwritten in place, forward(x) still gave the "
                                     "old output", ": W[...]와 b[...]를 제자리에서 바꾼 뒤에도 forward(x)가 예전 출력을 "
                                     "냈습니다"), "conv_keeps_copies")
    expect.close(after, fresh, name + T(": forward after W and b were overwritten in place, compared with a new layer "
                                        "built from the new values", ": W와 b를 제자리에서 바꾼 뒤의 순전파 (새 값으로 "
                                        "만든 계층과 비교)"), rtol=1e-10, atol=1e-12)


# ========================================================================================== Pooling
pool_ex = A.exercise("conv.Pooling", targets=["conv.Pooling"], title=T("pooling layer (max and average)", "풀링 계층 (최대, 평균)"),
                     hint=T("Each output value summarizes one PH × PW window; windows start every SH rows and SW "
                            "columns (by default the pool size in each direction, so they tile without overlapping). "
                            "Max pooling keeps the largest value and remembers where it was; padding must never win, "
                            "so pad with minus infinity. Average pooling divides the window's sum by PH·PW, padded "
                            "zeros included. Backward: max pooling hands each upstream value to the remembered "
                            "position alone; average pooling spreads it evenly, a share of 1/(PH·PW) per cell; where "
                            "windows overlap the shares add up, and shares that land on the padding are dropped "
                            "(the notes on 'Deep Learning from Scratch', Chapter 7, pooling layer).",
                            "출력 값 하나는 PH × PW 창 하나를 요약합니다; 창은 SH행, SW열마다 시작합니다 (기본값은 방향마다 "
                            "풀링 크기라서 겹치지 않고 덮음). 최대 풀링은 가장 큰 값을 취하고 그 위치를 기억합니다; "
                            "패딩이 이기면 안 되므로 음의 무한대로 패딩합니다. 평균 풀링은 창의 합을 PH·PW로 나눕니다 "
                            "(패딩된 0 포함). 역전파: 최대 풀링은 상류 값을 기억한 위치에만 주고, 평균 풀링은 칸마다 "
                            "1/(PH·PW)씩 고르게 나눠 줍니다; 창이 겹치면 몫이 더해지고 패딩에 떨어진 몫은 버립니다 "
                            "('밑바닥부터 시작하는 딥러닝' 정리 노트 7장, 풀링 계층)."))

# (x shape, PH, PW, stride (None = default; only with square windows here), pad)
POOL_CONFIGS = [((2, 3, 4, 6), 2, 2, None, 0), ((1, 2, 5, 5), 3, 3, 1, 0), ((2, 2, 6, 8), 2, 3, 1, 0),
                ((1, 1, 7, 7), 3, 3, 2, 0), ((2, 2, 4, 6), 2, 2, 2, 0)]
POOL_PAD_CONFIGS = [((2, 2, 4, 4), 2, 2, 2, 1), ((1, 2, 4, 5), 3, 3, 1, 2), ((1, 1, 5, 5), 3, 3, 2, 1)]
# non-square windows with the default stride: (pool_h, pool_w)
POOL_DEFAULT_CONFIGS = [((2, 2, 6, 9), 2, 3, None, 0), ((1, 2, 4, 6), 2, 3, None, 0), ((2, 1, 9, 4), 3, 2, None, 0)]
# strides given as pairs (SH, SW)
POOL_PAIR_CONFIGS = [((2, 2, 6, 9), 2, 3, (2, 3), 0), ((1, 2, 5, 8), 2, 2, (1, 2), 0), ((2, 1, 7, 6), 3, 2, (2, 1), 0)]


def _pool_inputs(x, ph, pw, s, p, mode, dout=None):
    arrays = {"x": x, "pool_h": ph, "pool_w": pw, "stride": s, "pad": p, "mode": mode}
    if dout is not None:
        arrays["dout"] = dout
    return layer_inputs("conv", "Pooling", ctor=("pool_h", "pool_w"),
                        ctor_kw={"stride": "stride", "pad": "pad", "mode": "mode"}, **arrays)


def _pool_out_hw(shape, ph, pw, s, p):
    s = (ph, pw) if s is None else s
    return _out_hw(shape, ph, pw, s, p)


def _pool_x(rng, shape, mode, *, positive=False):
    """max: distinct values (no ties), mostly negative so that a zero padding would win somewhere (or all positive,
    where zero and −inf padding agree); avg: normal values."""
    if mode == "max":
        return distinct(rng, shape) + (3.0 if positive else -1.0)
    return rng.standard_normal(shape)


def _pool_item(rng, cfg, mode, dtype=np.float64, *, positive=False):
    shape, ph, pw, s, p = cfg
    oh, ow = _pool_out_hw(shape, ph, pw, s, p)
    x = _pool_x(rng, shape, mode, positive=positive).astype(dtype)
    return _pool_inputs(x, ph, pw, s, p, mode, dout=rng.standard_normal((shape[0], shape[1], oh, ow)).astype(dtype))


def _pool_name(inp) -> Text:
    return T(f"Pooling({inp['pool_h']}, {inp['pool_w']}, stride={inp['stride']}, pad={inp['pad']}, "
             f"mode='{inp['mode']}') on x {inp['x'].shape} {inp['x'].dtype}")


def _random_pool_configs(rng, k, pad):
    out = []
    for shape, ph, pw, s, p in _random_conv_configs(rng, k, pool=True, pad=pad):
        out.append((shape, ph, pw, None if (s == ph == pw and rng.random() < 0.5) else s, p))
    return out


POOL_GROUPS = ("max", "max_pad", "avg", "avg_pad", "default")


@_per_exercise
def _pool_public(ctx):
    """The calls shared by the public tests, in groups: max and average pooling without and with padding, the
    default stride. Each group repeats its first configuration with other data (the output must depend on the
    input: a cached output fails); graded runs add a fresh random configuration to each of the first four groups."""
    rng = _shared_rng(ctx, "pool")
    plans = {"max": (POOL_CONFIGS, "max"), "max_pad": (POOL_PAD_CONFIGS, "max"), "avg": (POOL_CONFIGS, "avg"),
             "avg_pad": (POOL_PAD_CONFIGS, "avg"), "default": (POOL_DEFAULT_CONFIGS, "max")}
    groups, flat = {}, []
    for g in POOL_GROUPS:
        configs, mode = plans[g]
        configs = list(configs) + list(configs[:1])
        if ctx.fresh and g != "default":
            configs += _random_pool_configs(rng, 1, (1, 2) if g.endswith("_pad") else (0, 0))
        groups[g] = (len(flat), len(configs))
        flat += [_pool_item(rng, cfg, mode) for cfg in configs]
    got = _replies(ctx.call_shared(drive_layer_items, flat), len(flat), T("Pooling"))
    got = [_item(g, _pool_name(inp)) for inp, g in zip(flat, got)]
    return {g: (flat[a:a + n], got[a:a + n]) for g, (a, n) in groups.items()}


def _pool_forward(ctx, items, got, *, default_stride=False):
    for inp, res in zip(items, got):
        what = _pool_name(inp) + T(": forward output", ": 순전파 출력")
        mode, ph, pw, p = inp["mode"], inp["pool_h"], inp["pool_w"], inp["pad"]
        want = ctx.expected(drive_layer_keys, inp, ["out"])["out"]
        mist = {"pool_mode_ignored": _candidate(ctx, drive_layer_keys, _with(inp, mode="avg" if mode == "max" else "max"),
                                                ["out"], key="out")}
        if mode == "max" and p:
            zero_padded = np.pad(inp["x"], ((0, 0), (0, 0), (p, p), (p, p)))
            mist["pool_max_pad_zero"] = _candidate(ctx, drive_layer_keys, _with(inp, x=zero_padded, pad=0), ["out"],
                                                   key="out")
        if mode == "avg":
            mist["pool_avg_not_divided"] = want * ph * pw
            if p:   # the fraction of real pixels in each window
                covered = _candidate(ctx, drive_layer_keys, _with(inp, x=np.ones(inp["x"].shape)), ["out"], key="out")
                mist["pool_avg_excludes_pad"] = ((lambda c=covered, w=want: w / _value(c)) if ctx.fresh
                                                 else want / covered)
        if default_stride and (inp["x"].shape[3] + 2 * p - pw) % ph == 0:
            mist["pool_default_stride_pool_h"] = _candidate(ctx, drive_layer_keys, _with(inp, stride=ph), ["out"],
                                                            key="out")
        expect.close(res.get("out"), want, what, mistakes=mist)


@pool_ex.test(T("max pooling forward (no padding)", "최대 풀링 순전파 (패딩 없음)"), points=2)
def _(ctx):
    _pool_forward(ctx, *_pool_public(ctx)["max"])


@pool_ex.test(T("max pooling forward with padding: padding never wins", "패딩이 있는 최대 풀링 순전파: 패딩은 최댓값이 되지 않음"),
              points=1)
def _(ctx):
    _pool_forward(ctx, *_pool_public(ctx)["max_pad"])


@pool_ex.test(T("average pooling forward (no padding)", "평균 풀링 순전파 (패딩 없음)"), points=1)
def _(ctx):
    _pool_forward(ctx, *_pool_public(ctx)["avg"])


@pool_ex.test(T("average pooling forward with padding: padded zeros count", "패딩이 있는 평균 풀링 순전파: 패딩된 0도 셈"),
              points=1)
def _(ctx):
    _pool_forward(ctx, *_pool_public(ctx)["avg_pad"])


@pool_ex.test(T("the default stride (None) is the pool size (pool_h, pool_w)",
                "기본 스트라이드(None)는 풀링 크기 (pool_h, pool_w)"), points=1)
def _(ctx):
    _pool_forward(ctx, *_pool_public(ctx)["default"], default_stride=True)


def _pool_backward(ctx, items, got):
    for inp, res in zip(items, got):
        mode, ph, pw = inp["mode"], inp["pool_h"], inp["pool_w"]
        want = ctx.expected(drive_layer_keys, inp, ["dx"])["dx"]
        other = _candidate(ctx, drive_layer_keys, _with(inp, mode="avg" if mode == "max" else "max"), ["dx"], key="dx")
        if mode == "max":
            mist = {"pool_max_grad_everywhere": ((lambda o=other, k=ph * pw: _value(o) * k) if ctx.fresh
                                                 else other * ph * pw),
                    "pool_mode_ignored": other}
        else:
            mist = {"pool_avg_not_divided": want * ph * pw, "pool_mode_ignored": other}
        _layer_gradient(ctx, inp, res, "x", "dx", _pool_name(inp) + T(": dx (returned by backward)",
                                                                      ": dx (backward의 반환값)"), want, mistakes=mist)


@pool_ex.test(T("max pooling backward equals the correct gradient (no padding)",
                "최대 풀링 역전파가 올바른 기울기와 같음 (패딩 없음)"), points=1)
def _(ctx):
    _pool_backward(ctx, *_pool_public(ctx)["max"])


@pool_ex.test(T("average pooling backward equals the correct gradient (no padding)",
                "평균 풀링 역전파가 올바른 기울기와 같음 (패딩 없음)"), points=1)
def _(ctx):
    _pool_backward(ctx, *_pool_public(ctx)["avg"])


@pool_ex.test(T("does not modify its arguments (x, dout)", "인자(x, dout)를 바꾸지 않음"), points=1)
def _(ctx):
    groups = _pool_public(ctx)
    items, got = groups["max"]
    _responds(got[0].get("out"), got[len(POOL_CONFIGS)].get("out"), T("Pooling.forward"))
    for g in POOL_GROUPS:
        for inp, res in zip(*groups[g]):
            name = _pool_name(inp)
            _unchanged(inp["x"], as_dict(res.get("inputs_after"), name).get("x"),
                       name + T(": forward argument x", ": 순전파 인자 x"))
            if "dout_after" in res:
                _unchanged(inp["dout"], res.get("dout_after"), name + T(": backward argument dout", ": 역전파 인자 dout"))


@pool_ex.test(T("float32 stays float32 (output and dx)", "float32는 float32로 유지 (출력과 dx)"), points=1)
def _(ctx):
    rng = ctx.rng
    plan = [(POOL_CONFIGS[0], "max"), (POOL_CONFIGS[0], "max"), (POOL_CONFIGS[2], "avg"), (POOL_PAD_CONFIGS[0], "max"),
            (POOL_PAD_CONFIGS[1], "avg")]
    items = [_pool_item(rng, cfg, mode, np.float32) for cfg, mode in plan]
    got = [_item(g, _pool_name(inp)) for inp, g in zip(items, _replies(ctx.call(drive_layer_items, items), len(items),
                                                                       T("Pooling")))]
    _responds(got[0].get("out"), got[1].get("out"), T("Pooling.forward (float32)"))
    for inp, res in zip(items, got):
        name = _pool_name(inp)
        for key in ("out", "dx"):
            if isinstance(res.get(key), Raised) and inp["pad"]:
                continue   # a crash with padding costs the padding tests
            if key == "dx" and isinstance(res.get(key), Raised) and not isinstance(res.get("out"), Raised):
                continue   # a crashing backward costs the backward tests
            _dtype_kept(res.get(key), np.float32, name + T(f": {key}"))


@pool_ex.test(T("backward with padding (max and average): the padding's share is dropped",
                "패딩이 있는 역전파 (최대, 평균): 패딩 몫은 버림"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    configs = POOL_PAD_CONFIGS + POOL_PAD_CONFIGS[:1] + _random_pool_configs(rng, 1, (1, 2))
    # max: positive values, where zero padding and −inf padding agree (the padding of the forward is another test)
    items = [_pool_item(rng, cfg, "max", positive=True) for cfg in configs] + \
            [_pool_item(rng, cfg, "avg") for cfg in configs]
    got = _replies(ctx.call(drive_layer_items, items), len(items), T("Pooling"))
    _pool_backward(ctx, items, [_item(g, _pool_name(inp)) for inp, g in zip(items, got)])


@pool_ex.test(T("stride given as a pair (SH, SW)", "스트라이드를 쌍 (SH, SW)으로 지정"), points=1, hidden=True)
def _(ctx):
    items = [_pool_item(ctx.rng, cfg, "max") for cfg in POOL_PAIR_CONFIGS + POOL_PAIR_CONFIGS[:1]]
    got = _replies(ctx.call(drive_layer_items, items), len(items), T("Pooling"))
    _pool_forward(ctx, items, [_item(g, _pool_name(inp)) for inp, g in zip(items, got)])


# ========================================================================================== augmentation: helpers
def _aug_images(rng, shape, dtype=np.float64):
    """Images with distinct positive values (no symmetry, no zeros): every flip or shift is recognizable."""
    n = int(np.prod(shape))
    return ((rng.permutation(n) + 1.0) / n).reshape(shape).astype(dtype)


def _aug_label(name, x, arg_name, arg) -> str:
    return f"{name}(x of shape {x.shape} {x.dtype}, {arg_name}={arg})"


def _aug_call(ctx, items, *, shared=False):
    """Items [name, x, arg, seed]; returns the validated replies {"out", "x_after"}."""
    call = ctx.call_shared if shared else ctx.call
    got = _replies(call(drive_aug_items, items), len(items), T(items[0][0]))
    return [_item(g, T(items[0][0])) for g in got]


def _aug_out(res, x, label, *, shape=None) -> np.ndarray:
    """The output as float64, checked to be an array of the input's shape (any real dtype: dtype is its own test)."""
    return expect.array(res.get("out"), T(label), shape=x.shape if shape is None else shape)


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


def _changed(x, out) -> np.ndarray:
    """(N,) booleans: output sample n differs from input sample n."""
    return ~_per_sample_equal(out, x)


def _row_keys(a: np.ndarray) -> list[bytes]:
    """One hashable key per sample: its values as float64 bytes (−0.0 folded into 0.0)."""
    flat = np.ascontiguousarray(np.asarray(a, dtype=np.float64).reshape(a.shape[0], -1) + 0.0)
    return [row.tobytes() for row in flat]


def _reordered(x, out, transforms) -> bool:
    """True when some output sample n equals (exactly) a transform of another input sample m != n.

    Matched by hashing the samples, so the cost is linear in the batch size for each transform."""
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
    outs = _replies(ctx.call(drive_aug_seeds, name, x, arg, [123, 123, 456]), 3, T(label))
    a, b, c = (expect.array(o, T(f"{label} output", f"{label} 출력"), shape=x.shape) for o in outs)
    if not np.array_equal(a, b):
        raise named_mistake(T(f"{label}: two calls with rng=np.random.default_rng(123) gave different results",
                              f"{label}: rng=np.random.default_rng(123)로 두 번 호출한 결과가 다릅니다"), "aug_ignores_rng")
    if np.array_equal(a, c):
        raise named_mistake(T(f"{label}: rng=np.random.default_rng(123) and default_rng(456) gave the same result",
                              f"{label}: rng=np.random.default_rng(123)과 default_rng(456)의 결과가 같습니다"),
                            "aug_ignores_rng")


def _augmentation_gate(pairs, name, *, zeros_allowed):
    """Gate of the dtype/argument tests of flip and shift: every output must be made of its input's values (per
    sample, plus zeros where a shift brings them in) and not be all zeros, and some output sample must differ from
    its input (the augmentation happened in at least one of the calls)."""
    changed = False
    for x, out, label in pairs:
        _values_from_input(x, out, label, zeros_allowed=zeros_allowed)
        changed |= bool(np.any(_changed(np.asarray(x, dtype=np.float64), out)))
    if not changed:
        raise Fail(T(f"{name}: no output sample differs from its input in any call (nothing was augmented): this check "
                     f"needs a working augmentation", f"{name}: 어떤 호출에서도 입력과 다른 출력 샘플이 없습니다 (증강이 "
                     f"일어나지 않음): 이 검사는 동작하는 증강이 필요합니다"))


def _values_from_input(x, out, label, *, zeros_allowed):
    arr = np.asarray(out, dtype=np.float64)
    xs = np.asarray(x, dtype=np.float64)
    if not np.any(arr):
        raise Fail(T(f"{label}: the output is all zeros: this check needs a working augmentation",
                     f"{label}: 출력이 모두 0입니다: 이 검사는 동작하는 증강이 필요합니다"))
    n = xs.shape[0]
    fx, fo = xs.reshape(n, -1), arr.reshape(n, -1)
    # sample i's values moved to their own band, so that one sorted search checks every sample at once
    lo, width = float(fx.min()), float(fx.max() - fx.min()) + 1.0
    band = np.arange(n)[:, None] * width
    keys = np.sort(fx - lo + band, axis=1).ravel()
    probe = fo - lo + band
    pos = np.clip(np.searchsorted(keys, probe.ravel()), 0, keys.size - 1).reshape(fo.shape)
    inside = keys[pos] == probe
    if zeros_allowed:
        inside |= fo == 0
    bad = ~np.all(inside, axis=1)
    if bad.any():
        i = int(np.argmax(bad))
        raise Fail(T(f"{label}: output sample {i} holds values that are not in input sample {i}: this check needs "
                     f"a working augmentation", f"{label}: 출력 샘플 {i}에 입력 샘플 {i}에 없는 값이 있습니다: 이 검사는 "
                     f"동작하는 증강이 필요합니다"))


# ========================================================================================== horizontal_flip
flip_ex = A.exercise("augmentation.horizontal_flip", targets=["augmentation.horizontal_flip"],
                     title=T("horizontal flip", "좌우 반전"),
                     hint=T("Decide for every sample on its own, with one uniform draw from the generator you are "
                            "given: the sample is mirrored when its draw falls below p, so p is the probability of a "
                            "flip. Mirroring reverses the order of the columns (the last axis) of all channels of that "
                            "sample together. Build the result in a new array so that the input stays as it was "
                            "(the blog post 'CNN #3', data augmentation: flip).",
                            "샘플마다 따로, 인자로 받은 생성기에서 균등 난수 하나로 정하세요: 난수가 p보다 작으면 그 "
                            "샘플을 뒤집으므로 p가 반전 확률입니다. 뒤집기는 그 샘플의 모든 채널에서 열의 순서(마지막 축)를 "
                            "함께 거꾸로 합니다. 입력이 그대로 남도록 결과는 새 배열에 만드세요 (블로그 글 'CNN #3', 데이터 증강: flip)."))


@_per_exercise
def _flip_public(ctx):
    rng = _shared_rng(ctx, "flip")
    items = [["horizontal_flip", _aug_images(rng, (40, 3, 4, 5)), 0.5, 7],
             ["horizontal_flip", _aug_images(rng, (30, 4, 5)), 0.5, 8],
             ["horizontal_flip", _aug_images(rng, (12, 2, 3, 4)), 1.0, 9],
             ["horizontal_flip", _aug_images(rng, (20, 3, 4, 5), np.float32), 0.5, 10],
             ["horizontal_flip", _aug_images(rng, (16, 2, 3), np.float32), 1.0, 11]]
    if ctx.fresh:
        items.append(["horizontal_flip", _aug_images(rng, (int(rng.integers(8, 40)), 2, 3, 4)),
                      round(float(rng.uniform(0.2, 0.8)), 3), int(rng.integers(1 << 30))])
    return items, _aug_call(ctx, items, shared=True)


def _aug_secondary(ctx, public, func: str, param: str, *, zeros_allowed: bool, check: str, gate_if=lambda v: True):
    """The float32 test (``check="dtype"``) or the arguments test (``check="args"``) of horizontal_flip and random_shift,
    read from the public calls: gated first on the function doing visible work on those calls (``gate_if`` picks the
    calls that must show it, by their parameter value), then one verdict per call."""
    items, got = public(ctx)
    f32 = check == "dtype"
    pairs = [(x, _aug_out(res, x, _aug_label(name, x, param, v)), _aug_label(name, x, param, v))
             for (name, x, v, _), res in zip(items, got) if gate_if(v) and (not f32 or x.dtype == np.float32)]
    _augmentation_gate(pairs, func, zeros_allowed=zeros_allowed)
    for (name, x, v, _), res in zip(items, got):
        label = _aug_label(name, x, param, v)
        if f32 and x.dtype == np.float32:
            _dtype_kept(res.get("out"), np.float32, T(label))
        elif not f32:
            _unchanged(x, res.get("x_after"), T(label) + T(": argument x", ": 인자 x"))


def _flip_invariant(x, out, label):
    """Fails (naming the mistake) unless every output sample is x[n] or x[n] mirrored left–right."""
    ok = _per_sample_equal(out, x) | _per_sample_equal(out, x[..., ::-1])
    if ok.all():
        return
    what = T(label)
    if np.all(_per_sample_equal(out, x) | _per_sample_equal(out, x[..., ::-1, :])):
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
    raise Fail(T(f"{label}: output sample {i} is neither x[{i}] nor x[{i}] mirrored left–right (its last axis reversed)",
                 f"{label}: 출력 샘플 {i}이(가) x[{i}]도, x[{i}]를 좌우로 뒤집은 것(마지막 축을 거꾸로)도 아닙니다"))


@flip_ex.test(T("every sample is itself or its left–right mirror image (shape and sample order kept)",
                "모든 샘플은 자기 자신 또는 좌우 반전 (형상과 샘플 순서 유지)"), points=1)
def _(ctx):
    items, got = _flip_public(ctx)
    flipped_any = False
    for (name, x, p, seed), res in zip(items, got):
        label = _aug_label(name, x, "p", p)
        out = _aug_out(res, x, label)
        _flip_invariant(x.astype(np.float64), out, label)
        flipped_any |= bool(np.any(_changed(x, out)))
    if not flipped_any:
        raise Fail(T("horizontal_flip flipped no sample in any call (p = 0.5 and p = 1 included): this check needs a "
                     "working flip", "horizontal_flip이 어떤 호출에서도 (p = 0.5와 p = 1 포함) 샘플을 뒤집지 않았습니다: 이 "
                     "검사는 동작하는 반전이 필요합니다"))


def _flip_rate_check(label, changed, p):
    n = len(changed)
    rate = float(changed.mean())
    if p in (0.0, 1.0):
        if rate != p:
            msg = T(f"{label}: {int(changed.sum())} of {n} samples changed, expected {'none' if p == 0 else 'all'}",
                    f"{label}: {n}개 중 {int(changed.sum())}개가 바뀌었는데 {'하나도 없어야' if p == 0 else '모두 바뀌어야'} 합니다")
            if rate == 1 - p:
                raise named_mistake(msg, "flip_probability_inverted")
            raise Fail(msg)
        return
    tol = K_SE * math.sqrt(p * (1 - p) / n)  # binomial standard error of the flipped fraction
    if abs(rate - p) <= tol:
        return
    msg = T(f"{label}: {rate:.4f} of the {n} samples flipped, expected p = {p} (tolerance ±{tol:.4f}, {K_SE} binomial "
            f"standard errors)", f"{label}: 샘플 {n}개 중 {rate:.4f} 비율이 뒤집혔는데 p = {p}이어야 합니다 (허용 "
            f"±{tol:.4f}, 이항 표준오차 {K_SE}배)")
    if rate in (0.0, 1.0):
        raise named_mistake(msg, "flip_whole_batch")
    if abs(rate - (1 - p)) <= tol:
        raise named_mistake(msg, "flip_probability_inverted")
    raise Fail(msg)


@_per_exercise
def _flip_stats(ctx):
    """The large calls shared by the statistical tests (rate, independence): p = 0.3 and 0.8 on 4000 samples, p = 0
    and p = 1, and a fresh p in graded runs; the seeds of the generators come from the run."""
    rng = _shared_rng(ctx, "flip-stats")
    plan = [(0.3, (4000, 2, 3)), (0.8, (4000, 1, 2, 3)), (0.0, (300, 2, 3)), (1.0, (300, 2, 3))]
    if ctx.fresh:
        plan.append((round(float(rng.uniform(0.1, 0.9)), 3), (3000, 2, 3)))
    items = [["horizontal_flip", _aug_images(rng, shape), p, int(rng.integers(1 << 30))] for p, shape in plan]
    return items, _aug_call(ctx, items, shared=True)


@flip_ex.test(T("the flip probability p holds: p = 0 flips none, p = 1 all, others at rate p (statistics)",
                "반전 확률 p: p = 0이면 없음, p = 1이면 모두, 그 밖에는 비율 p (통계)"), points=1)
def _(ctx):
    items, got = _flip_stats(ctx)
    for (name, x, p, _), res in zip(items, got):
        label = _aug_label(name, x, "p", p)
        _flip_rate_check(label, _changed(x, _aug_out(res, x, label)), p)


@flip_ex.test(T("reproducible with a seeded rng, different for another seed", "같은 시드의 rng로 재현 가능, 다른 시드면 다름"),
              points=1)
def _(ctx):
    _check_reproducible(ctx, "horizontal_flip", _aug_images(ctx.rng, (64, 3, 4)), 0.5, "horizontal_flip(x, p=0.5, rng)")


@flip_ex.test(T("float32 stays float32", "float32는 float32로 유지"), points=1)
def _(ctx):
    _aug_secondary(ctx, _flip_public, "horizontal_flip", "p", zeros_allowed=False, check="dtype")


@flip_ex.test(T("does not modify its argument x", "인자 x를 바꾸지 않음"), points=1)
def _(ctx):
    _aug_secondary(ctx, _flip_public, "horizontal_flip", "p", zeros_allowed=False, check="args")


@flip_ex.test(T("samples are decided independently (no pattern across the batch)",
                "샘플마다 독립적으로 결정 (배치에 걸친 규칙 없음)"), points=1, hidden=True)
def _(ctx):
    items, got = _flip_stats(ctx)
    name, x, p, _ = items[0]
    label = _aug_label(name, x, "p", p)
    d = _changed(x, _aug_out(got[0], x, label)).astype(float)
    if d.std() == 0:
        raise named_mistake(T(f"{label}: {'every' if d[0] else 'no'} sample flipped", f"{label}: 샘플이 "
                              f"{'모두 뒤집혔습니다' if d[0] else '하나도 뒤집히지 않았습니다'}"), "flip_whole_batch")
    r = float(np.corrcoef(d[:-1], d[1:])[0, 1])
    tol = K_SE / math.sqrt(len(d) - 1)   # standard error of a correlation of independent pairs
    if abs(r) > tol:
        raise Fail(T(f"{label}: the decisions of neighbouring samples are correlated (r = {r:.3f}, tolerance ±{tol:.3f}, "
                     f"{K_SE} standard errors): each sample needs its own random draw",
                     f"{label}: 이웃한 샘플의 결정이 상관되어 있습니다 (r = {r:.3f}, 허용 ±{tol:.3f}, 표준오차 {K_SE}배): "
                     f"샘플마다 난수를 따로 뽑아야 합니다"))


# ========================================================================================== random_shift
shift_ex = A.exercise("augmentation.random_shift", targets=["augmentation.random_shift"],
                      title=T("random shift", "무작위 이동"),
                      hint=T("Every sample gets its own whole-number offsets dy and dx, each drawn uniformly from "
                             "−max_shift to +max_shift with both ends possible, and all its channels move together. "
                             "The content moves by that offset; what leaves the image is lost and the pixels that "
                             "become empty are 0 — nothing wraps around to the other side. One way to see it: pad the "
                             "batch with max_shift zeros on every side and cut out the H × W window that starts "
                             "max_shift − dy rows and max_shift − dx columns into the padded image (the blog post 'CNN #3', "
                             "shift and crop).",
                             "샘플마다 정수 이동량 dy, dx를 −max_shift부터 +max_shift까지 (양 끝 포함) 균등하게 따로 뽑고, "
                             "그 샘플의 모든 채널을 함께 옮깁니다. 내용이 그만큼 움직이고, 이미지 밖으로 나간 부분은 "
                             "버리며 비게 된 픽셀은 0입니다 — 반대편으로 돌아 들어오지 않습니다. 한 가지 방법: 배치의 사방에 "
                             "0을 max_shift개씩 덧대고, 패딩된 이미지에서 max_shift − dy행, max_shift − dx열 위치부터 "
                             "H × W 창을 잘라냅니다 (블로그 글 'CNN #3', shift and crop)."))


def _shifted(x, dy, dx):
    """x (N, ..., H, W) with the content moved by (dy, dx) (down/right for positive values), zeros coming in."""
    h, w = x.shape[-2:]
    out = np.zeros_like(x)
    if abs(dy) >= h or abs(dx) >= w:
        return out
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        x[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


def _shifted_edge(x, dy, dx):
    """x (..., H, W) moved by (dy, dx) with the border pixels repeated into the vacated pixels."""
    h, w = x.shape[-2:]
    rows = np.clip(np.arange(h) - dy, 0, h - 1)
    cols = np.clip(np.arange(w) - dx, 0, w - 1)
    return x[..., rows[:, None], cols[None, :]]


def _rolled(x, dy, dx):
    return np.roll(x, (dy, dx), axis=(-2, -1))


def _match_shifts(x, out, m, models):
    """(dy, dx, found): for every sample, the allowed shift (|dy|, |dx| ≤ m) under which ``out[n]`` is one of the
    ``models`` applied to ``x[n]``. Each sample is only tried with the offset by which the largest pixel of its
    central region (always inside the image after an allowed shift) moved, so the cost is linear in the batch; images
    without a central region are tried with every allowed offset."""
    n = x.shape[0]
    h, w = x.shape[-2:]
    dy, dx, found = np.zeros(n, dtype=int), np.zeros(n, dtype=int), np.zeros(n, dtype=bool)
    if h > 2 * m and w > 2 * m:
        x0, o0 = x.reshape(n, -1, h, w)[:, 0], np.asarray(out).reshape(n, -1, h, w)[:, 0]
        core = x0[:, m:h - m, m:w - m].reshape(n, -1)
        k = core.argmax(axis=1)
        rows, cols = k // (w - 2 * m) + m, k % (w - 2 * m) + m
        hits = (o0 == core[np.arange(n), k][:, None, None]).reshape(n, -1)
        seen = hits.any(axis=1)
        at = hits.argmax(axis=1)
        cand_y, cand_x = at // w - rows, at % w - cols
        seen &= (np.abs(cand_y) <= m) & (np.abs(cand_x) <= m)
        plans = [(a, b, seen & (cand_y == a) & (cand_x == b)) for a, b in set(zip(cand_y[seen], cand_x[seen]))]
    else:
        everyone = np.ones(n, dtype=bool)
        plans = [(a, b, everyone) for a in range(-m, m + 1) for b in range(-m, m + 1)]
    for model in models:
        for a, b, who in plans:
            idx = np.flatnonzero(who & ~found)
            if idx.size:
                hit = idx[_per_sample_equal(out[idx], model(x[idx], int(a), int(b)))]
                dy[hit], dx[hit], found[hit] = a, b, True
    return dy, dx, found


def _shift_amounts_any(x, out, m):
    """(dy, dx, found): the shift of every sample under any fill model (zeros, wrap-around, border repeated), so
    that the statistics of the offsets do not depend on how the vacated pixels are filled (another test's property)."""
    return _match_shifts(x, out, m, (_shifted, _rolled, _shifted_edge))


def _shift_amounts(x, out, m, label):
    """(dy, dx) of every sample; fails (naming the mistake) unless every sample is x[n] moved by some allowed shift
    with zeros coming in."""
    dy, dx, found = _match_shifts(x, out, m, (_shifted,))
    if found.all():
        return dy, dx
    i = int(np.argmax(~found))
    what = T(label)
    h, w = x.shape[-2:]
    for a in range(-m, m + 1):
        for b in range(-m, m + 1):
            if (a, b) != (0, 0) and _same(out[i], _rolled(x[i], a, b)):
                raise named_mistake(what + T(f": sample {i} is x[{i}] rolled by ({a}, {b}) with the pixels that left the "
                                             f"image coming back on the other side", f": 샘플 {i}이(가) x[{i}]를 ({a}, {b})"
                                             f"만큼 roll한 것입니다 (밖으로 나간 픽셀이 반대편으로 들어옴)"), "shift_wraps")
    for a in range(-m, m + 1):
        for b in range(-m, m + 1):
            if (a, b) != (0, 0) and _same(out[i], _shifted_edge(x[i], a, b)):
                raise named_mistake(what + T(f": sample {i} is x[{i}] moved by ({a}, {b}) with the border pixels "
                                             f"repeated into the vacated pixels instead of zeros",
                                             f": 샘플 {i}이(가) x[{i}]를 ({a}, {b})만큼 옮기고 빈 곳을 0 대신 가장자리 "
                                             f"픽셀로 채운 것입니다"), "shift_edge_fill")
    for a in range(-h + 1, h):
        for b in range(-w + 1, w):
            if max(abs(a), abs(b)) > m and _same(out[i], _shifted(x[i:i + 1], a, b)[0]):
                raise named_mistake(what + T(f": sample {i} moved by ({a}, {b}), more than max_shift = {m}",
                                             f": 샘플 {i}이(가) ({a}, {b})만큼 이동했습니다 (max_shift = {m}보다 큼)"),
                                    "shift_too_far")
    if x.ndim == 4:
        per_channel = all(any(_same(out[i, c], _shifted(x[i:i + 1, c], a, b)[0])
                              for a in range(-m, m + 1) for b in range(-m, m + 1)) for c in range(x.shape[1]))
        if per_channel:
            raise named_mistake(what + T(f": the channels of sample {i} moved by different amounts",
                                         f": 샘플 {i}의 채널들이 서로 다르게 이동했습니다"), "shift_channels_independently")
    moved = [lambda z, a=a, b=b: _shifted(z, a, b) for a in range(-m, m + 1) for b in range(-m, m + 1)]
    if _reordered(x, out, moved):
        raise named_mistake(what + T(": an output sample is a shift of ANOTHER input sample",
                                     ": 출력 샘플이 다른 입력 샘플을 이동한 것입니다"), "aug_samples_reordered")
    raise Fail(T(f"{label}: output sample {i} is not x[{i}] moved by any (dy, dx) with |dy|, |dx| ≤ {m} and zeros in the "
                 f"vacated pixels", f"{label}: 출력 샘플 {i}이(가) |dy|, |dx| ≤ {m}인 어떤 (dy, dx)만큼 x[{i}]를 옮기고 빈 "
                 f"곳을 0으로 채운 것이 아닙니다"))


@_per_exercise
def _shift_public(ctx):
    rng = _shared_rng(ctx, "shift")
    items = [["random_shift", _aug_images(rng, (60, 2, 6, 7)), 2, 5],
             ["random_shift", _aug_images(rng, (40, 5, 6), np.float32), 1, 6],
             ["random_shift", _aug_images(rng, (30, 3, 4, 4)), 3, 7],
             ["random_shift", _aug_images(rng, (8, 2, 5, 5)), 0, 8],
             ["random_shift", _aug_images(rng, (24, 2, 5, 5), np.float32), 2, 9]]
    if ctx.fresh:
        m = int(rng.integers(1, 4))
        items.append(["random_shift", _aug_images(rng, (30, 2, int(rng.integers(2 * m + 1, 2 * m + 4)),
                                                        int(rng.integers(2 * m + 1, 2 * m + 4)))), m,
                      int(rng.integers(1 << 30))])
    return items, _aug_call(ctx, items, shared=True)


@shift_ex.test(T("every sample is its input moved by some |dy|, |dx| ≤ max_shift, zeros coming in",
                 "모든 샘플은 입력을 |dy|, |dx| ≤ max_shift만큼 옮긴 것이고 빈 곳은 0"), points=1)
def _(ctx):
    items, got = _shift_public(ctx)
    moved_any = False
    for (name, x, m, _), res in zip(items, got):
        label = _aug_label(name, x, "max_shift", m)
        dy, dx = _shift_amounts(x.astype(np.float64), _aug_out(res, x, label), m, label)
        moved_any |= bool(np.any(dy != 0) or np.any(dx != 0))
    if not moved_any:
        raise Fail(T("random_shift moved no sample in any call (max_shift up to 3): this check needs a working shift",
                     "random_shift가 어떤 호출에서도 (max_shift 최대 3) 샘플을 옮기지 않았습니다: 이 검사는 동작하는 이동이 "
                     "필요합니다"))


@_per_exercise
def _shift_stats_call(ctx, m=2, n=3000):
    """The offsets of one large call shared by the statistical tests (distribution, independence)."""
    rng = _shared_rng(ctx, "shift-stats")
    shape = (n, 5, 5)
    if ctx.fresh:   # images at least 2·max_shift + 1 wide: every shift (and every wrap-around) is recognizable
        m = int(rng.integers(1, 4))
        shape = (n, int(rng.integers(2 * m + 1, 2 * m + 4)), int(rng.integers(2 * m + 1, 2 * m + 4)))
    x = _aug_images(rng, shape)
    label = _aug_label("random_shift", x, "max_shift", m)
    res, = _aug_call(ctx, [["random_shift", x, m, int(rng.integers(1 << 30))]], shared=True)
    out = _aug_out(res, x, label)
    dy, dx, found = _shift_amounts_any(x, out, m)
    return dy, dx, found, m, label


def _shift_stat_amounts(ctx, tag):
    dy, dx, found, m, label = _shift_stats_call(ctx)
    if not found.all():
        i = int(np.argmax(~found))
        raise Fail(T(f"{label}: the shift of output sample {i} cannot be recognized (it is not x[{i}] moved by any "
                     f"|dy|, |dx| ≤ {m}), so the {tag} cannot be measured",
                     f"{label}: 출력 샘플 {i}의 이동량을 알아볼 수 없어 (x[{i}]를 |dy|, |dx| ≤ {m}만큼 옮긴 것이 아님) "
                     f"{tag}을(를) 측정할 수 없습니다"))
    return dy, dx, m, label


@shift_ex.test(T("dy and dx are uniform on −max_shift … max_shift, both ends included (statistics)",
                 "dy와 dx는 −max_shift … max_shift에서 균등 (양 끝 포함, 통계)"), points=1)
def _(ctx):
    dy, dx, m, label = _shift_stat_amounts(ctx, "distribution")
    n = len(dy)
    q = 1.0 / (2 * m + 1)
    for name, d in (("dy", dy), ("dx", dx)):
        for v in (-m, m):   # never drawn in n samples: probability (1 − q)^n, i.e. < 1e-100 here
            if not np.any(d == v):
                raise named_mistake(T(f"{label}: no sample has {name} = {v} among {n}",
                                      f"{label}: 샘플 {n}개 중 {name} = {v}인 것이 없습니다"), "shift_end_excluded")
    tol = K_SE * math.sqrt(q * (1 - q) / n)  # binomial standard error of one value's frequency
    for name, d in (("dy", dy), ("dx", dx)):
        for v in range(-m, m + 1):
            f = float(np.mean(d == v))
            if abs(f - q) > tol:
                raise Fail(T(f"{label}: {name} = {v} in {f:.4f} of the samples, expected 1/(2·max_shift + 1) = {q:.4f} "
                             f"(tolerance ±{tol:.4f}, {K_SE} binomial standard errors)",
                             f"{label}: {name} = {v}인 샘플 비율이 {f:.4f}인데 1/(2·max_shift + 1) = {q:.4f}이어야 합니다 "
                             f"(허용 ±{tol:.4f}, 이항 표준오차 {K_SE}배)"))


@shift_ex.test(T("dy and dx are drawn independently (statistics)", "dy와 dx를 독립적으로 뽑음 (통계)"), points=1, hidden=True)
def _(ctx):
    dy, dx, m, label = _shift_stat_amounts(ctx, "independence")
    n = len(dy)
    q = 1.0 / (2 * m + 1)
    tol = K_SE * math.sqrt(q * (1 - q) / n)
    same = float(np.mean(dy == dx))
    if abs(same - q) > tol:
        msg = T(f"{label}: dy = dx in {same:.4f} of the samples, expected {q:.4f} for independent draws (tolerance "
                f"±{tol:.4f}, {K_SE} binomial standard errors)",
                f"{label}: dy = dx인 샘플 비율이 {same:.4f}인데 독립적으로 뽑으면 {q:.4f}입니다 (허용 ±{tol:.4f}, 이항 "
                f"표준오차 {K_SE}배)")
        raise named_mistake(msg, "shift_same_draw") if same > 0.9 else Fail(msg)
    if dy.std() > 0 and dx.std() > 0:
        r = float(np.corrcoef(dy, dx)[0, 1])
        if abs(r) > K_SE / math.sqrt(n):
            raise Fail(T(f"{label}: dy and dx are correlated (r = {r:.3f}, tolerance ±{K_SE / math.sqrt(n):.3f})",
                         f"{label}: dy와 dx가 상관되어 있습니다 (r = {r:.3f}, 허용 ±{K_SE / math.sqrt(n):.3f})"))


@shift_ex.test(T("reproducible with a seeded rng, different for another seed", "같은 시드의 rng로 재현 가능, 다른 시드면 다름"),
               points=1)
def _(ctx):
    _check_reproducible(ctx, "random_shift", _aug_images(ctx.rng, (32, 2, 5, 5)), 2, "random_shift(x, max_shift=2, rng)")


@shift_ex.test(T("float32 stays float32", "float32는 float32로 유지"), points=1)
def _(ctx):
    _aug_secondary(ctx, _shift_public, "random_shift", "max_shift", zeros_allowed=True, check="dtype")


@shift_ex.test(T("does not modify its argument x", "인자 x를 바꾸지 않음"), points=1)
def _(ctx):
    _aug_secondary(ctx, _shift_public, "random_shift", "max_shift", zeros_allowed=True, check="args",
                   gate_if=lambda m: m > 0)


# ========================================================================================== add_noise
noise_ex = A.exercise("augmentation.add_noise", targets=["augmentation.add_noise"], title=T("Gaussian noise", "가우시안 잡음"),
                      hint=T("Gaussian noise: to every element add its own independent draw from a normal "
                             "distribution with mean 0 and standard deviation std, taken from the generator you are "
                             "given. The result is a new array with the shape and the dtype of the input (the blog "
                             "post 'CNN #3', data augmentation: adding noise).",
                             "가우시안 잡음: 각 원소에 평균 0, 표준편차 std인 정규분포에서 독립적으로 뽑은 값을 하나씩 "
                             "더합니다 (인자로 받은 생성기 사용). 결과는 입력과 형상, dtype이 같은 새 배열입니다 (블로그 글 "
                             "'CNN #3', 데이터 증강: adding noise)."))

P_WITHIN_1SD = math.erf(1 / math.sqrt(2))  # 0.6827: probability that |N(0, σ²)| < σ


@_per_exercise
def _noise_public(ctx):
    rng = _shared_rng(ctx, "noise")
    items = [["add_noise", rng.uniform(-1, 1, (1, 1, 100, 100)), 0.3, 17],
             ["add_noise", rng.uniform(0, 1, (1, 120, 100)).astype(np.float32), 2.0, 18],
             ["add_noise", rng.standard_normal((4, 2, 3, 3)), 0.0, 19],
             ["add_noise", rng.standard_normal((6, 3, 5, 5)).astype(np.float32), 0.2, 3],
             ["add_noise", rng.standard_normal((7, 4, 6)), 0.5, 4]]
    if ctx.fresh:
        items.append(["add_noise", rng.standard_normal((1, 2, 60, 80)), round(float(rng.uniform(0.05, 3.0)), 3),
                      int(rng.integers(1 << 30))])
    return items, _aug_call(ctx, items, shared=True)


def _noise_gate(x, out, label):
    """Gate of the dtype/argument tests: noise was added (the output differs from the input) and the output still
    follows the input (a zero or unrelated output earns nothing there)."""
    e = out - x.astype(np.float64)
    if np.allclose(e, 0, atol=1e-12):
        raise Fail(T(f"{label}: the output equals the input (no noise added): this check needs working noise",
                     f"{label}: 출력이 입력과 같습니다 (잡음이 없음): 이 검사는 동작하는 잡음이 필요합니다"))
    if out.std() == 0 or float(np.corrcoef(out.ravel(), x.astype(np.float64).ravel())[0, 1]) < 0.5:
        raise Fail(T(f"{label}: the output does not follow the input (small noise on values of standard deviation 1): "
                     f"this check needs working noise", f"{label}: 출력이 입력을 따르지 않습니다 (표준편차 1인 값에 작은 "
                     f"잡음): 이 검사는 동작하는 잡음이 필요합니다"))


def _check_noise_distribution(x, out, std, label):
    e = out - x.astype(np.float64)
    if std == 0:
        expect.close(out, x, T(label + " (std = 0 adds nothing)", label + " (std = 0이면 아무것도 더하지 않음)"),
                     rtol=0, atol=0)
        return
    n = e.size
    if np.allclose(e, 0, atol=1e-12):
        raise Fail(T(f"{label}: the output equals the input (no noise added)", f"{label}: 출력이 입력과 같습니다 (잡음이 없음)"))
    # mean of n independent N(0, σ²): standard error σ/√n
    se_mean = std / math.sqrt(n)
    if abs(e.mean()) > K_SE * se_mean:
        raise Fail(T(f"{label}: the noise (output − input) has mean {e.mean():.4g}, expected 0 (tolerance "
                     f"±{K_SE * se_mean:.3g}, {K_SE} standard errors)", f"{label}: 잡음(출력 − 입력)의 평균이 "
                     f"{e.mean():.4g}인데 0이어야 합니다 (허용 ±{K_SE * se_mean:.3g}, 표준오차 {K_SE}배)"))
    # sample standard deviation: relative standard error ≈ 1/√(2n); float32 rounding of the output adds ~1e-7·|x|
    s = float(e.std())
    rel = K_SE / math.sqrt(2 * n) + (1e-6 * float(np.abs(x).max()) / std if x.dtype == np.float32 else 0.0)
    if abs(s / std - 1) > rel:
        msg = T(f"{label}: the noise (output − input) has standard deviation {s:.4g}, expected std = {std} (tolerance "
                f"±{rel:.1%}, {K_SE} standard errors)", f"{label}: 잡음(출력 − 입력)의 표준편차가 {s:.4g}인데 std = "
                f"{std}여야 합니다 (허용 ±{rel:.1%}, 표준오차 {K_SE}배)")
        if any(abs(s / alt - 1) <= rel for alt in (std ** 2, math.sqrt(std))):
            raise named_mistake(msg, "noise_wrong_scale")
        raise Fail(msg)
    # shape of the distribution: fraction within ±σ (binomial standard error)
    frac = float(np.mean(np.abs(e) < std))
    tol = K_SE * math.sqrt(P_WITHIN_1SD * (1 - P_WITHIN_1SD) / n)
    if abs(frac - P_WITHIN_1SD) > tol:
        raise named_mistake(T(f"{label}: {frac:.4f} of the noise values lie within ±std, expected {P_WITHIN_1SD:.4f} "
                              f"for Gaussian noise (tolerance ±{tol:.4f})", f"{label}: 잡음 값의 {frac:.4f}가 ±std 안에 "
                              f"있는데 정규분포면 {P_WITHIN_1SD:.4f}입니다 (허용 ±{tol:.4f})"), "noise_not_gaussian")


@noise_ex.test(T("noise (output − input) has mean 0, standard deviation std and a Gaussian shape; std = 0 adds nothing",
                 "잡음(출력 − 입력)은 평균 0, 표준편차 std, 정규분포 모양; std = 0이면 아무것도 더하지 않음"), points=1)
def _(ctx):
    items, got = _noise_public(ctx)
    for idx in (0, 1, 2) + ((5,) if ctx.fresh else ()):
        name, x, std, _ = items[idx]
        label = _aug_label(name, x, "std", std)
        _check_noise_distribution(x, _aug_out(got[idx], x, label), std, label)


@noise_ex.test(T("noise is independent across elements and samples", "잡음은 원소와 샘플마다 독립"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    std = round(float(rng.uniform(0.1, 0.5)), 3)
    x = rng.standard_normal((200, 2, 6, 7))
    label = _aug_label("add_noise", x, "std", std)
    res, = _aug_call(ctx, [["add_noise", x, std, int(rng.integers(1 << 30))]])
    out = _aug_out(res, x, label)
    _noise_gate(x, out, label)
    e = out - x
    per_sample = e.reshape(e.shape[0], -1)
    if np.allclose(per_sample, 0, atol=1e-12):
        raise Fail(T(f"{label}: no noise was added", f"{label}: 잡음이 더해지지 않았습니다"))
    if np.allclose(per_sample, per_sample[:1], atol=1e-12) or np.allclose(per_sample, per_sample[:, :1], atol=1e-12):
        raise named_mistake(T(f"{label}: the same noise values repeat in every sample (or within a sample)",
                              f"{label}: 같은 잡음 값이 모든 샘플에서 (또는 한 샘플 안에서) 반복됩니다"), "noise_not_independent")
    # correlations of independent pairs have standard error 1/√(number of pairs)
    for what_en, what_ko, a, b in (("neighbouring elements", "이웃한 원소", e[..., :-1].ravel(), e[..., 1:].ravel()),
                                   ("consecutive samples", "연속한 샘플", per_sample[:-1].ravel(), per_sample[1:].ravel())):
        r = float(np.corrcoef(a, b)[0, 1])
        if abs(r) > K_SE / math.sqrt(a.size):
            raise named_mistake(T(f"{label}: the noise of {what_en} is correlated (r = {r:.3f}, tolerance "
                                  f"±{K_SE / math.sqrt(a.size):.3f})", f"{label}: {what_ko}의 잡음이 상관되어 있습니다 "
                                  f"(r = {r:.3f}, 허용 ±{K_SE / math.sqrt(a.size):.3f})"), "noise_not_independent")


@noise_ex.test(T("reproducible with a seeded rng, different for another seed", "같은 시드의 rng로 재현 가능, 다른 시드면 다름"),
               points=1)
def _(ctx):
    _check_reproducible(ctx, "add_noise", ctx.rng.uniform(0, 1, (8, 3, 4, 4)), 0.1, "add_noise(x, std=0.1, rng)")


@noise_ex.test(T("float32 stays float32", "float32는 float32로 유지"), points=1)
def _(ctx):
    items, got = _noise_public(ctx)
    name, x, std, _ = items[3]
    label = _aug_label(name, x, "std", std)
    _noise_gate(x, _aug_out(got[3], x, label), label)
    for idx in (1, 3):
        name, x, std, _ = items[idx]
        _dtype_kept(got[idx].get("out"), np.float32, T(_aug_label(name, x, "std", std)))


@noise_ex.test(T("does not modify its argument x", "인자 x를 바꾸지 않음"), points=1)
def _(ctx):
    items, got = _noise_public(ctx)
    name, x, std, _ = items[3]
    label = _aug_label(name, x, "std", std)
    _noise_gate(x, _aug_out(got[3], x, label), label)
    for (name, x, std, _), res in zip(items, got):
        _unchanged(x, res.get("x_after"), T(_aug_label(name, x, "std", std)) + T(": argument x", ": 인자 x"))


# ========================================================================================== rotate90
rot_ex = A.exercise("augmentation.rotate90", targets=["augmentation.rotate90"], title=T("rotation by 90°", "90도 회전"),
                    hint=T("A quarter turn counter-clockwise makes an H × W image a W × H image whose top row is the "
                           "original right-most column (read top to bottom, it becomes left to right). k quarter "
                           "turns compose; a negative k turns clockwise and k counts modulo 4. Only the last two axes "
                           "(rows, columns) turn: the batch and channel axes stay where they are, and the input array "
                           "is left unchanged (the blog post 'CNN #3', data augmentation: rotation).",
                           "반시계 방향으로 90도 돌리면 H × W 이미지가 W × H 이미지가 되고, 맨 위 행은 원래 가장 오른쪽 "
                           "열입니다 (위에서 아래로 읽던 것이 왼쪽에서 오른쪽으로). k번 돌리기는 합성되고, 음수 k는 시계 "
                           "방향이며 k는 4로 나눈 나머지만 의미가 있습니다. 마지막 두 축(행, 열)만 돌리고 배치와 채널 축은 "
                           "그대로 두며, 입력 배열은 바꾸지 않습니다 (블로그 글 'CNN #3', 데이터 증강: rotation)."))


def _rot_candidates(x, k, want):
    return {"rotate_clockwise": lambda: np.rot90(want, -2 * k, axes=(-2, -1)),
            "rotate_wrong_axes": lambda: np.rot90(x, k),
            "rotate_k_ignored": lambda: np.rot90(want, 1 - k, axes=(-2, -1))}


@_per_exercise
def _rot_public(ctx):
    rng = _shared_rng(ctx, "rotate")
    x4 = rng.standard_normal((2, 3, 4, 5))
    x3 = rng.standard_normal((3, 5, 4))
    items = [[x, k] for k in (1, 2, 3, -1, 0, 4, 5) for x in (x4, x3)]
    if ctx.fresh:
        for _ in range(2):
            shape = tuple(int(v) for v in rng.integers(1, 7, size=int(rng.integers(3, 5))))
            items.append([rng.standard_normal(shape), int(rng.integers(-6, 7))])
    got = _replies(ctx.call_shared(drive_rotate_items, items), len(items), T("rotate90"))
    return items, [_item(g, T("rotate90")) for g in got]


def _rot_gate(x, res, label):
    """Gate of the dtype/argument tests: rotate90(x, 1) on non-square images must move the values (a permutation of
    x's values, not x itself)."""
    out = expect.array(res.get("out"), T(label))
    if out.size != x.size or not np.array_equal(np.sort(out.ravel()), np.sort(x.astype(np.float64).ravel())) \
            or (out.shape == x.shape and np.array_equal(out, x)):
        raise Fail(T(f"{label}: the output is not a rearrangement of x's values that differs from x: this check needs a "
                     f"working rotation", f"{label}: 출력이 x의 값을 재배열한, x와 다른 배열이 아닙니다: 이 검사는 동작하는 "
                     f"회전이 필요합니다"))


@rot_ex.test(T("equals a counter-clockwise turn of the last two axes for k = −1 … 5 (non-square, 3-D and 4-D)",
               "k = −1 … 5에서 마지막 두 축을 반시계 방향으로 돌린 것과 같음 (정사각형이 아닌 3차원, 4차원)"), points=1)
def _(ctx):
    items, got = _rot_public(ctx)
    for (x, k), res in zip(items, got):
        what = T(f"rotate90(x of shape {x.shape}, k={k})")
        want = ctx.expected(drive_rotate_out, x, k)
        expect.close(res.get("out"), want, what, rtol=0, atol=0, mistakes=_rot_candidates(x, k, want))


@rot_ex.test(T("does not modify its argument x", "인자 x를 바꾸지 않음"), points=1)
def _(ctx):
    items, got = _rot_public(ctx)
    _rot_gate(items[0][0], got[0], f"rotate90(x of shape {items[0][0].shape}, k=1)")
    for (x, k), res in zip(items, got):
        _unchanged(x, res.get("x_after"), T(f"rotate90(x of shape {x.shape}, k={k}): argument x",
                                            f"rotate90(x of shape {x.shape}, k={k}): 인자 x"))


@rot_ex.test(T("float32 stays float32", "float32는 float32로 유지"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    items = [[rng.standard_normal((2, 3, 4, 5)).astype(np.float32), 1], [rng.standard_normal((3, 5, 4)).astype(np.float32), 2]]
    got = [_item(g, T("rotate90")) for g in _replies(ctx.call(drive_rotate_items, items), len(items), T("rotate90"))]
    _rot_gate(items[0][0], got[0], f"rotate90(x of shape {items[0][0].shape} float32, k=1)")
    for (x, k), res in zip(items, got):
        _dtype_kept(res.get("out"), np.float32, T(f"rotate90(x of shape {x.shape} float32, k={k})"))


# ========================================================================================== SimpleConvNet
net_ex = A.exercise("network.SimpleConvNet",
                    targets=["network.SimpleConvNet", "conv.Convolution", "conv.Pooling", "conv.im2col", "conv.col2im",
                             "conv.conv_output_size"],
                    title=T("SimpleConvNet", "단순 합성곱 신경망 (SimpleConvNet)"),
                    hint=T("The network is Convolution, ReLU, 2 × 2 max pooling with stride 2, Affine, ReLU, Affine, "
                           "with softmax-with-loss on top ('Deep Learning from Scratch' §7.5 and the notes on its Chapter 7). "
                           "conv_output_size gives the convolution's output size; the pooling halves it, so the first "
                           "Affine layer takes FN·(OH/2)·(OW/2) inputs. Build the layers from the very arrays stored in "
                           "params (not copies), so that updating params updates the layers. The gradient is one "
                           "forward pass of the loss, then backward from the loss layer through the layers in reverse "
                           "order, collecting each layer's parameter gradients under the keys of params.",
                           "신경망은 Convolution, ReLU, 스트라이드 2인 2 × 2 최대 풀링, Affine, ReLU, Affine이고 맨 위에 "
                           "softmax-with-loss가 있습니다 ('밑바닥부터 시작하는 딥러닝' §7.5와 7장 정리 노트). 합성곱의 출력 "
                           "크기는 conv_output_size로 구하고, 풀링이 이를 절반으로 줄이므로 첫 Affine 계층의 입력은 "
                           "FN·(OH/2)·(OW/2)개입니다. 계층은 params에 저장된 배열 자체로 만드세요 (복사본이 아니라); 그래야 "
                           "params를 갱신하면 계층도 갱신됩니다. 기울기는 손실의 순전파 한 번, 그다음 손실 계층부터 계층을 "
                           "역순으로 거치는 역전파이며, 각 계층의 매개변수 기울기를 params의 키로 모읍니다."))


def _spec(input_dim, fn, f, pad, stride, hidden, out):
    return {"input_dim": list(input_dim), "conv_param": {"filter_num": fn, "filter_size": f, "pad": pad, "stride": stride},
            "hidden": hidden, "out": out}


def _spec_text(spec) -> str:
    cp = spec.get("conv_param")
    conv = "conv_param=None" if cp is None else (f"filter_num={cp['filter_num']}, filter_size={cp['filter_size']}, "
                                                 f"pad={cp['pad']}, stride={cp['stride']}")
    return f"input_dim={tuple(spec['input_dim'])}, {conv}, hidden_size={spec['hidden']}, output_size={spec['out']}"


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


def _random_spec(rng):
    c = int(rng.integers(1, 3))
    f = int(rng.choice([2, 3]))
    pad = int(rng.integers(0, 2))
    h = 2 * int(rng.integers(2, 5)) + f - 1 - 2 * pad
    w = 2 * int(rng.integers(2, 5)) + f - 1 - 2 * pad
    return _spec((c, h, w), int(rng.integers(2, 5)), f, pad, 1, int(rng.integers(3, 8)), int(rng.integers(2, 6)))


def _margins_ok(m, margin):
    return all(v > margin for v in (m["conv"], m["pool"], m["hidden"]))


def _net_problem(ctx, rng, spec, n, margin=1e-3):
    """Weights and inputs whose ReLU pre-activations and max-pool windows keep away from their kinks (checked on
    the reference: the number of attempts depends on the generator only)."""
    for _ in range(50):
        params = _net_params(rng, spec, scale=1.0)
        params["b1"] = rng.standard_normal(params["b1"].shape) * 0.3
        x = rng.standard_normal((n, *spec["input_dim"]))
        if _margins_ok(ctx.expected(drive_net_margins, spec, params, x), margin):
            break
    return params, x


def _labels(rng, right, k, fixed_right=()):
    """Labels whose accuracy under the predictions ``right`` (argmax of the reference) differs from the accuracy of
    every constant prediction (a network that outputs zeros predicts class 0 everywhere): samples in
    ``fixed_right`` are predicted correctly, the others at random."""
    n = len(right)
    for _ in range(200):
        correct = rng.random(n) < 0.5
        correct[list(fixed_right)] = True
        t = np.where(correct, right, (right + rng.integers(1, k, size=n)) % k)
        acc = float(np.mean(t == right))
        if all(abs(acc - float(np.mean(t == c))) > 1e-9 for c in range(k)) and 0 < acc < 1:
            return t
    return t


def _net_value(res: dict, key: str):
    """A stage of drive_net_eval; an error raised inside the provided layers.py is explained as the student's call."""
    value = res.get(key)
    if isinstance(value, Raised) and PROVIDED_MARK in value.message:
        detail = value.message.replace(f" {PROVIDED_MARK} ", " ").replace(PROVIDED_MARK, "")
        caller = value.where or "network.py"
        raise Fail(T(f"an error was raised inside the provided layers.py, called from your code ({caller}): {detail}. "
                     f"layers.py is given complete and correct: the cause is the arrays your code passed to it — "
                     f"compare their shapes with what the layer expects",
                     f"제공된 layers.py 안에서 오류가 발생했습니다. 호출한 곳은 여러분의 코드({caller})입니다: {detail}. "
                     f"layers.py는 완성된 올바른 코드이므로 원인은 여러분의 코드가 넘긴 배열입니다 — 그 형상을 계층이 "
                     f"기대하는 형상과 비교해 보세요"))
    traces = res.get("traces") if isinstance(res.get("traces"), list) else []
    failed_write = next((v for v in traces if isinstance(v, Raised) and v.message.startswith("in net.params[")), None)
    if failed_write is not None and not isinstance(value, Raised):
        expect.unwrap(failed_write)   # the given weights could not be written into net.params: nothing to compare
    return expect.unwrap(value)


NET_SPEC = _spec((2, 6, 8), 3, 3, 1, 1, 5, 4)
NET_WHAT = ["predict", "loss", "accuracy", "gradient"]


def _net_public(ctx, need=()):
    """One problem shared by the public tests: weights away from the kinks, 6 samples evaluated with batch_size 4
    (the last, smaller batch holds correctly predicted samples), labels whose accuracy no constant prediction has.
    ``need``: the reference's stages the test compares with."""
    params, x, t, res = _net_public_call(ctx)
    want = ctx.expected(drive_net_reference, NET_SPEC, params, x, t, list(need), 4) if need else {}
    return params, x, t, res, want


@_per_exercise
def _net_public_call(ctx):
    rng = _shared_rng(ctx, "net")
    params, x = _net_problem(ctx, rng, NET_SPEC, 6)
    t0 = np.zeros(6, dtype=np.int64)
    right = np.argmax(ctx.expected(drive_net_reference, NET_SPEC, params, x, t0, ["predict"], 4)["predict"], axis=1)
    t = _labels(rng, right, NET_SPEC["out"], fixed_right=(4, 5))
    res = as_dict(ctx.call_shared(drive_net_eval, NET_SPEC, params, x, t, NET_WHAT, 4), T("SimpleConvNet"))
    return params, x, t, res


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
                              f"(in place) did not change predict(x)",
                              f"SimpleConvNet: net.params[{', '.join(map(repr, keys))}]에 새 값을 (제자리에서) 써 넣어도 "
                              f"predict(x)가 바뀌지 않았습니다"), "cnn_params_not_shared")


def _check_shapes(got, want, spec_text):
    got = as_dict(got, T("SimpleConvNet"))
    keys = got.get("keys", [])
    keys = sorted(str(k) for k in keys) if isinstance(keys, list) else []
    if keys != sorted(NET_KEYS):
        raise Fail(T(f"SimpleConvNet({spec_text}).params has keys {keys}, expected {sorted(NET_KEYS)}",
                     f"SimpleConvNet({spec_text}).params의 키가 {keys}인데 {sorted(NET_KEYS)}이어야 합니다"))
    shapes = as_dict(got.get("shapes"), T("SimpleConvNet: shapes"))
    for k in NET_KEYS:
        g = shapes.get(k)
        g = list(g) if isinstance(g, (list, tuple)) else g
        w = list(want["shapes"][k])
        if g != w:
            what = T(f"SimpleConvNet({spec_text}).params['{k}'] has shape {g}, expected {tuple(w)}",
                     f"SimpleConvNet({spec_text}).params['{k}']의 형상이 {g}인데 {tuple(w)}이어야 합니다")
            if k == "W2" and isinstance(g, list) and len(g) == 2 and g[0] == 4 * w[0]:
                raise named_mistake(what, "cnn_pool_size_ignored")
            raise Fail(what, "wrong_shape")
    heads = as_dict(got.get("head"), T("SimpleConvNet: params"))
    for k in ("W1", "W2", "W3"):
        head = expect.array(heads.get(k), T(f"SimpleConvNet({spec_text}).params['{k}']"))
        if head.size and not np.any(head):
            raise Fail(T(f"SimpleConvNet({spec_text}).params['{k}'] starts with zeros only: a network holds random "
                         f"initial weights (weight_init_std · N(0, 1)), so its shapes are only checked on real weights",
                         f"SimpleConvNet({spec_text}).params['{k}']의 앞부분이 모두 0입니다: 신경망은 무작위 초기 가중치 "
                         f"(weight_init_std · N(0, 1))를 가지므로 실제 가중치에서만 형상을 검사합니다"))


@net_ex.test(T("params: keys W1 b1 W2 b2 W3 b3 with the right shapes (default conv_param, pad, non-square input)",
               "params: 올바른 형상의 키 W1 b1 W2 b2 W3 b3 (기본 conv_param, 패딩, 정사각형이 아닌 입력)"), points=1)
def _(ctx):
    specs = [{"input_dim": [1, 28, 28], "conv_param": None, "hidden": 100, "out": 10},
             _spec((2, 8, 10), 3, 3, 1, 1, 7, 4), _spec((3, 7, 11), 4, 3, 1, 2, 5, 3)]
    if ctx.fresh:
        specs.append(_random_spec(ctx.rng))
    results = ctx.call_many(drive_net_shapes, [[s] for s in specs])
    for spec, got in zip(specs, results):
        _check_shapes(got, ctx.expected(drive_net_shapes, spec), _spec_text(spec))


@net_ex.test(T("predict with given weights", "주어진 가중치로 predict"), points=1)
def _(ctx):
    params, x, t, res, want = _net_public(ctx, ["predict"])
    pred = _net_value(res, "predict")
    if not (isinstance(pred, np.ndarray) and _same(pred, want["predict"], 1e-7)):
        _check_unshared(res)
    expect.close(pred, want["predict"], T("SimpleConvNet.predict(x) (scores before softmax)",
                                          "SimpleConvNet.predict(x) (소프트맥스 전 점수)"))


@net_ex.test(T("loss with given weights", "주어진 가중치로 loss"), points=1)
def _(ctx):
    params, x, t, res, want = _net_public(ctx, ["loss"])
    loss = _net_value(res, "loss")
    if not (isinstance(loss, (float, int, np.floating, np.ndarray)) and np.allclose(loss, want["loss"], rtol=1e-7)):
        _check_unshared(res)
    expect.scalar_close(loss, float(want["loss"]), T("SimpleConvNet.loss(x, t)"))


@net_ex.test(T("accuracy with given weights, the last smaller batch included", "주어진 가중치로 accuracy (마지막 작은 배치 포함)"),
             points=1)
def _(ctx):
    params, x, t, res, want = _net_public(ctx, ["predict", "accuracy"])
    hits = np.argmax(want["predict"], axis=1) == t
    expect.scalar_close(_net_value(res, "accuracy"), float(want["accuracy"]),
                        T("SimpleConvNet.accuracy(x, t, batch_size=4) on 6 samples",
                          "SimpleConvNet.accuracy(x, t, batch_size=4) (샘플 6개)"),
                        mistakes={"accuracy_drops_last_batch": float(hits[:4].sum()) / 6})


@net_ex.test(T("gradient equals the correct gradient of the loss", "gradient가 손실의 올바른 기울기와 같음"), points=2)
def _(ctx):
    params, x, t, res, want = _net_public(ctx, ["gradient"])
    grads = as_dict(_net_value(res, "gradient"), T("SimpleConvNet.gradient(x, t)"))
    missing = [k for k in NET_KEYS if k not in grads]
    if missing:
        raise Fail(T(f"SimpleConvNet.gradient(x, t) lacks the keys {missing}", f"SimpleConvNet.gradient(x, t)에 키 "
                     f"{missing}이(가) 없습니다"))
    analytic = {k: expect.array(grads[k], T(f"gradient['{k}']")) for k in NET_KEYS}
    inputs = {"spec": NET_SPEC, "x": x, "t": t, **params}
    ctx.check_gradients(drive_net_loss, inputs, analytic, reference={k: want["gradient"][k] for k in NET_KEYS},
                        names={k: T(f"SimpleConvNet.gradient(x, t)['{k}']") for k in NET_KEYS}, batch_size=len(t),
                        max_full=16)


@net_ex.test(T("does not modify its arguments (x, t)", "인자(x, t)를 바꾸지 않음"), points=1)
def _(ctx):
    params, x, t, res, want = _net_public(ctx)
    traces = res.get("traces") if isinstance(res.get("traces"), list) else []
    arrays = [v for v in traces if isinstance(v, np.ndarray)]
    if len(arrays) < 2 or all(a.shape == arrays[0].shape and np.array_equal(a, arrays[0]) for a in arrays[1:]):
        for v in traces:
            if isinstance(v, Raised):
                _net_value({"trace": v}, "trace")   # the error that stopped predict
        raise Fail(T("SimpleConvNet.predict(x) did not change when the weights in net.params changed: this check needs "
                     "a working network", "net.params의 가중치를 바꿔도 SimpleConvNet.predict(x)가 바뀌지 않았습니다: 이 "
                     "검사는 동작하는 신경망이 필요합니다"))
    for arg, before in (("x", x), ("t", t)):
        after = as_dict(res.get(f"{arg}_after"), T("SimpleConvNet"))
        for stage in NET_WHAT:
            if stage in after:
                _unchanged(before, after[stage], T(f"SimpleConvNet.{stage}: argument {arg}", f"SimpleConvNet.{stage}: 인자 {arg}"))


INIT_SPEC = _spec((1, 12, 12), 20, 3, 1, 1, 50, 10)
MIN_STAT_SAMPLES = 100


@_per_exercise
def _net_init(ctx):
    rng = _shared_rng(ctx, "init")
    std = round(float(rng.uniform(0.05, 0.5)), 3)
    seed = int(rng.integers(1000))
    return std, as_dict(ctx.call_shared(drive_net_init, INIT_SPEC, std, seed), T("params"))


@net_ex.test(T("initial weights have standard deviation weight_init_std", "초기 가중치의 표준편차는 weight_init_std"),
             points=1, hidden=True)
def _(ctx):
    std, p = _net_init(ctx)
    for k in ("W1", "W2", "W3"):
        w = expect.array(p.get(k), T(f"params['{k}']"))
        if w.size < MIN_STAT_SAMPLES:   # shapes are the params test's business; a std needs enough values to judge
            raise Fail(T(f"params['{k}'] of SimpleConvNet({_spec_text(INIT_SPEC)}) has {w.size} values, too few to "
                         f"judge its std (that network's smallest weight array has 180)",
                         f"SimpleConvNet({_spec_text(INIT_SPEC)})의 params['{k}']에 값이 {w.size}개뿐이라 표준편차를 "
                         f"판정할 수 없습니다 (그 신경망에서 가장 작은 가중치 배열도 180개)"))
        tol = K_SE / math.sqrt(2 * w.size)  # relative standard error of a sample std of n normal draws
        if abs(w.std() / std - 1) > tol:
            raise Fail(T(f"params['{k}'] has std {w.std():.4g}, expected weight_init_std = {std:.4g} (±{tol:.1%})",
                         f"params['{k}']의 표준편차가 {w.std():.4g}인데 weight_init_std = {std:.4g}이어야 합니다 (±{tol:.1%})"))


@net_ex.test(T("initial biases are 0", "초기 편향은 0"), points=1, hidden=True)
def _(ctx):
    std, p = _net_init(ctx)
    for k in ("W1", "W2", "W3"):
        if not np.any(expect.array(p.get(k), T(f"params['{k}']"))):
            raise Fail(T(f"params['{k}'] is all zeros: the biases are only checked next to random weights",
                         f"params['{k}']가 모두 0입니다: 편향은 무작위 가중치가 있을 때만 검사합니다"))
    for k in ("b1", "b2", "b3"):
        b = expect.array(p.get(k), T(f"params['{k}']"))
        expect.close(b, np.zeros_like(b), T(f"params['{k}'] (biases start at 0)", f"params['{k}'] (편향은 0에서 시작)"))


@net_ex.test(T("accuracy with one-hot labels", "원-핫 레이블로 accuracy"), points=1, hidden=True)
def _(ctx):
    rng = ctx.rng
    spec = _random_spec(rng)
    n = int(rng.integers(4, 9))
    params, x = _net_problem(ctx, rng, spec, n)
    t0 = np.zeros(n, dtype=np.int64)
    right = np.argmax(ctx.expected(drive_net_reference, spec, params, x, t0, ["predict"], n)["predict"], axis=1)
    t1 = np.eye(spec["out"])[_labels(rng, right, spec["out"])]
    res = as_dict(ctx.call(drive_net_eval, spec, params, x, t1, ["accuracy"], n), T("SimpleConvNet"))
    want = ctx.expected(drive_net_reference, spec, params, x, t1, ["accuracy"], n)
    expect.scalar_close(_net_value(res, "accuracy"), float(want["accuracy"]),
                        T(f"SimpleConvNet.accuracy(x, t one-hot of shape {t1.shape}, batch_size={n})",
                          f"SimpleConvNet.accuracy(x, 원-핫 t {t1.shape}, batch_size={n})"))


# ------------------------------------------------------------------------------------------ what counts with what
# A property that can only be observed inside the student's process (arguments not modified, dtype kept, the same
# seed giving the same draw, an exception's type …) can be faked there, so it counts once the same object's values
# match the reference (for the augmentations: once the statistics show the augmentation really happens).
def _gate(exercise: str, anchor: str, *tests: str):
    ex = next(e for e in A.exercises if e.id == f"{A.id}.{exercise}")
    for name in tests:
        ex.require(name, anchor)


_gate("conv.conv_output_size", "sizes that tile: OH = (H + 2P − FH)/S + 1, returned as an int",
      "sizes that do not tile (not divisible by the stride) raise ValueError",
      "the ValueError message names the offending numbers",
      "windows larger than the padded input raise ValueError (output size < 1)")
_gate("conv.im2col", "values: rows (n, i, j), columns (c, u, v) for stride 1/2/3, non-square shapes (no padding)",
      "does not modify its argument x", "float32 stays float32")
_gate("conv.col2im", "values: overlapping windows add up (no padding)", "does not modify its argument col",
      "float32 stays float32")
_gate("conv.Convolution", "forward values (stride 1/2, pad 0/1/2, non-square, channels, batches)",
      "does not modify its arguments (W, b, x, dout)", "float32 stays float32 (output and gradients)",
      # these two compare the layer with a new layer of the student's own class
      "backward after a second forward belongs to the second forward",
      "uses W and b themselves: in-place changes reach the next forward")
_gate("conv.Pooling", "max pooling forward (no padding)", "does not modify its arguments (x, dout)",
      "float32 stays float32 (output and dx)")
# the flip statistics count changed samples, so they count once every changed sample is the mirror image (a sign flip
# or any other change would otherwise pass them; the mirror test itself needs some sample flipped); the rest count
# once the statistics hold as well
_gate("augmentation.horizontal_flip",
      "every sample is itself or its left–right mirror image (shape and sample order kept)",
      "the flip probability p holds: p = 0 flips none, p = 1 all, others at rate p (statistics)",
      "samples are decided independently (no pattern across the batch)")
_gate("augmentation.horizontal_flip",
      "the flip probability p holds: p = 0 flips none, p = 1 all, others at rate p (statistics)",
      "reproducible with a seeded rng, different for another seed", "float32 stays float32",
      "does not modify its argument x")
_gate("augmentation.random_shift", "dy and dx are uniform on −max_shift … max_shift, both ends included (statistics)",
      "every sample is its input moved by some |dy|, |dx| ≤ max_shift, zeros coming in",
      "reproducible with a seeded rng, different for another seed", "float32 stays float32",
      "does not modify its argument x")
_gate("augmentation.add_noise",
      "noise (output − input) has mean 0, standard deviation std and a Gaussian shape; std = 0 adds nothing",
      "reproducible with a seeded rng, different for another seed", "float32 stays float32",
      "does not modify its argument x")
_gate("augmentation.rotate90",
      "equals a counter-clockwise turn of the last two axes for k = −1 … 5 (non-square, 3-D and 4-D)",
      "does not modify its argument x", "float32 stays float32")
_gate("network.SimpleConvNet", "predict with given weights",
      "params: keys W1 b1 W2 b2 W3 b3 with the right shapes (default conv_param, pad, non-square input)",
      "does not modify its arguments (x, t)")
_gate("network.SimpleConvNet", "initial weights have standard deviation weight_init_std", "initial biases are 0")
