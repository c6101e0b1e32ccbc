"""Benchmark of the reference Convolution and Pooling layers (solutions/a05_cnn/conv.py).

For several layer shapes it measures the time of one forward + backward pass of the reference layer (median of
several repeats) and compares it with

  (a) the matrix-product floor of an im2col design: the three products forward ``col @ Wm``, backward
      ``dout @ Wm.T`` and ``col.T @ dout`` on matrices built beforehand (no im2col, no col2im, no reshaping);
  (b) a straightforward textbook im2col / col2im implementation (one slice copy per filter offset, rows ordered
      (N, OH, OW) and columns (C, FH, FW) in row-major memory), written here for the comparison;
  (c) PyTorch CPU ``conv2d`` / ``max_pool2d`` forward + backward, when ``import torch`` works.

Targets: the geometric mean of reference / floor is at most 2.5, and the reference is on geometric mean at least
1.3 times faster than the textbook version (for pooling only the textbook target applies).

Usage:  python benchmarks/conv.py [--quick] [--repeats R] [--strict]
  --quick    smaller batches and fewer repeats (a few seconds)
  --strict   exit with status 1 when a target is missed (default: always 0)
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "solutions" / "a05_cnn" / "conv.py"

CONV_RATIO_TARGET = 2.5      # reference / matrix-product floor, geometric mean, at most
TEXTBOOK_SPEEDUP_TARGET = 1.3  # textbook / reference, geometric mean, at least


def load_reference():
    spec = importlib.util.spec_from_file_location("a05_cnn_conv_reference", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def blas_threads() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        env = {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
               if k in os.environ}
        return f"unknown (threadpoolctl not installed; env {env or 'unset'})"
    infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not infos:
        return "unknown (no BLAS found by threadpoolctl)"
    return ", ".join(f"{i.get('internal_api')} {i.get('num_threads')} threads" for i in infos)


def interleaved_medians(contenders: dict, repeats: int) -> dict:
    """Median wall time in milliseconds of each callable in ``contenders``.

    The contenders are timed in turn, round after round (one warm-up round first), so that a slow spell of the
    machine affects all of them alike instead of biasing the ratios.
    """
    times = {name: [] for name in contenders}
    for round_ in range(repeats + 1):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - start
            if round_:
                times[name].append(elapsed)
    return {name: 1e3 * statistics.median(values) for name, values in times.items()}


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


# --------------------------------------------------------------------------------------------------------------
# (b) the textbook version: what one writes first, following the book's structure
# --------------------------------------------------------------------------------------------------------------

def textbook_im2col(images, fh, fw, stride, pad, fill=0.0):
    n, c, h, w = images.shape
    oh = (h + 2 * pad - fh) // stride + 1
    ow = (w + 2 * pad - fw) // stride + 1
    padded = np.pad(images, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant", constant_values=fill)
    col = np.zeros((n, c, fh, fw, oh, ow), dtype=images.dtype)
    for u in range(fh):
        for v in range(fw):
            col[:, :, u, v, :, :] = padded[:, :, u:u + stride * oh:stride, v:v + stride * ow:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def textbook_col2im(col, shape, fh, fw, stride, pad):
    n, c, h, w = shape
    oh = (h + 2 * pad - fh) // stride + 1
    ow = (w + 2 * pad - fw) // stride + 1
    blocks = col.reshape(n, oh, ow, c, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=col.dtype)
    for u in range(fh):
        for v in range(fw):
            img[:, :, u:u + stride * oh:stride, v:v + stride * ow:stride] += blocks[:, :, u, v, :, :]
    return img[:, :, pad:pad + h, pad:pad + w]


class TextbookConvolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        fn, _, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh = (h + 2 * self.pad - fh) // self.stride + 1
        ow = (w + 2 * self.pad - fw) // self.stride + 1
        self.x_shape = x.shape
        self.col = textbook_im2col(x, fh, fw, self.stride, self.pad)
        self.col_W = self.W.reshape(fn, -1).T
        out = self.col @ self.col_W + self.b
        return out.reshape(n, oh, ow, fn).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = dout.sum(axis=0)
        self.dW = (self.col.T @ dout).transpose(1, 0).reshape(fn, c, fh, fw)
        dcol = dout @ self.col_W.T
        return textbook_col2im(dcol, self.x_shape, fh, fw, self.stride, self.pad)


class TextbookMaxPooling:
    def __init__(self, ph, pw, stride, pad=0):
        self.ph, self.pw, self.stride, self.pad = ph, pw, stride, pad

    def forward(self, x):
        n, c, h, w = x.shape
        oh = (h + 2 * self.pad - self.ph) // self.stride + 1
        ow = (w + 2 * self.pad - self.pw) // self.stride + 1
        col = textbook_im2col(x, self.ph, self.pw, self.stride, self.pad, fill=-np.inf)
        col = col.reshape(-1, self.ph * self.pw)
        self.x_shape = x.shape
        self.arg_max = np.argmax(col, axis=1)
        out = np.max(col, axis=1)
        return out.reshape(n, oh, ow, c).transpose(0, 3, 1, 2)

    def backward(self, dout):
        size = self.ph * self.pw
        dout = dout.transpose(0, 2, 3, 1)
        dmax = np.zeros((dout.size, size), dtype=dout.dtype)
        dmax[np.arange(self.arg_max.size), self.arg_max.ravel()] = dout.ravel()
        dcol = dmax.reshape(dout.shape[0] * dout.shape[1] * dout.shape[2], -1)
        return textbook_col2im(dcol, self.x_shape, self.ph, self.pw, self.stride, self.pad)


# --------------------------------------------------------------------------------------------------------------

def try_torch():
    try:
        import torch
    except Exception as exc:  # ImportError, or a broken install
        return None, f"PyTorch not available ({type(exc).__name__}: {exc}); column (c) skipped"
    return torch, f"PyTorch {torch.__version__}, {torch.get_num_threads()} intra-op threads"


# (name, N, C, H, W, FN, F, pad, stride, dtype)
CONV_SHAPES = [
    ("MNIST conv1 5x5", 128, 1, 28, 28, 30, 5, 0, 1, np.float64),
    ("CIFAR conv1 3x3", 128, 3, 32, 32, 16, 3, 1, 1, np.float32),
    ("mid 3x3", 64, 16, 16, 16, 32, 3, 1, 1, np.float32),
    ("mid 5x5", 64, 32, 14, 14, 64, 5, 2, 1, np.float64),
    ("deep 3x3", 32, 64, 8, 8, 64, 3, 1, 1, np.float32),
]
# (name, N, C, H, W, pool, stride, pad, dtype)
POOL_SHAPES = [
    ("MNIST pool 2x2", 128, 30, 24, 24, 2, 2, 0, np.float64),
    ("CIFAR pool 2x2", 128, 16, 32, 32, 2, 2, 0, np.float32),
    ("mid pool 2x2", 64, 64, 16, 16, 2, 2, 0, np.float32),
    ("overlap 3x3 s2 p1", 64, 32, 15, 15, 3, 2, 1, np.float32),
]


def bench_conv(ref, torch, repeats, quick, rng):
    rows = []
    for name, n, c, h, w, fn, f, pad, stride, dtype in CONV_SHAPES:
        if quick:
            n = max(8, n // 2)
        x = rng.standard_normal((n, c, h, w)).astype(dtype)
        W = (0.1 * rng.standard_normal((fn, c, f, f))).astype(dtype)
        b = rng.standard_normal(fn).astype(dtype)
        oh = (h + 2 * pad - f) // stride + 1
        ow = (w + 2 * pad - f) // stride + 1
        dout = rng.standard_normal((n, fn, oh, ow)).astype(dtype)

        layer = ref.Convolution(W, b, stride=stride, pad=pad)
        book = TextbookConvolution(W, b, stride=stride, pad=pad)
        # the two implementations must agree before their times mean anything
        out_r, dx_r = layer.forward(x), layer.backward(dout)
        out_b, dx_b = book.forward(x), book.backward(dout)
        tol = 1e-3 if dtype == np.float32 else 1e-9
        for got, want in ((out_r, out_b), (dx_r, dx_b), (layer.dW, book.dW), (layer.db, book.db)):
            scale = max(1.0, float(np.abs(want).max()))
            assert got.dtype == dtype and np.allclose(got, want, rtol=tol, atol=tol * scale), name

        # (a) the floor: the three products of an im2col design on matrices built beforehand
        col = np.ascontiguousarray(textbook_im2col(x, f, f, stride, pad))       # (N·OH·OW, C·FH·FW)
        w_mat = np.ascontiguousarray(W.reshape(fn, -1).T)                       # (C·FH·FW, FN)
        d_mat = np.ascontiguousarray(dout.transpose(0, 2, 3, 1).reshape(-1, fn))  # (N·OH·OW, FN)
        contenders = {
            "ref": lambda: (layer.forward(x), layer.backward(dout)),
            "floor": lambda: (col @ w_mat, d_mat @ w_mat.T, col.T @ d_mat),
            "book": lambda: (book.forward(x), book.backward(dout)),
        }
        if torch is not None:
            tx = torch.from_numpy(x).requires_grad_(True)
            tW = torch.from_numpy(W.copy()).requires_grad_(True)
            tb = torch.from_numpy(b.copy()).requires_grad_(True)
            tdout = torch.from_numpy(dout)

            def run_torch(tx=tx, tW=tW, tb=tb, tdout=tdout, stride=stride, pad=pad):
                tx.grad = tW.grad = tb.grad = None
                torch.nn.functional.conv2d(tx, tW, tb, stride=stride, padding=pad).backward(tdout)

        t = interleaved_medians(contenders, repeats)
        if torch is not None:
            # timed on its own, after the others: PyTorch's worker threads keep spinning for a moment after each
            # operation and would slow down whatever numpy code ran right after them
            t.update(interleaved_medians({"torch": run_torch}, repeats))
        shape = f"{n}x{c}x{h}x{w} * {fn}x{c}x{f}x{f} P{pad} S{stride}"
        rows.append((name, shape, np.dtype(dtype).name, t["ref"], t["floor"], t["book"], t.get("torch")))
    return rows


def bench_pool(ref, torch, repeats, quick, rng):
    rows = []
    for name, n, c, h, w, p, stride, pad, dtype in POOL_SHAPES:
        if quick:
            n = max(8, n // 2)
        x = rng.standard_normal((n, c, h, w)).astype(dtype)
        oh = (h + 2 * pad - p) // stride + 1
        ow = (w + 2 * pad - p) // stride + 1
        dout = rng.standard_normal((n, c, oh, ow)).astype(dtype)
        layer = ref.Pooling(p, p, stride=stride, pad=pad, mode="max")
        book = TextbookMaxPooling(p, p, stride, pad)
        out_r, dx_r = layer.forward(x), layer.backward(dout)
        out_b, dx_b = book.forward(x), book.backward(dout)
        assert np.array_equal(out_r, out_b) and np.allclose(dx_r, dx_b) and dx_r.dtype == dtype, name
        contenders = {
            "ref": lambda: (layer.forward(x), layer.backward(dout)),
            "book": lambda: (book.forward(x), book.backward(dout)),
        }
        if torch is not None:
            tx = torch.from_numpy(x).requires_grad_(True)
            tdout = torch.from_numpy(dout)

            def run_torch(tx=tx, tdout=tdout, p=p, stride=stride, pad=pad):
                tx.grad = None
                torch.nn.functional.max_pool2d(tx, p, stride=stride, padding=pad).backward(tdout)

        t = interleaved_medians(contenders, repeats)
        if torch is not None:
            t.update(interleaved_medians({"torch": run_torch}, repeats))
        shape = f"{n}x{c}x{h}x{w} {p}x{p} P{pad} S{stride}"
        rows.append((name, shape, np.dtype(dtype).name, t["ref"], None, t["book"], t.get("torch")))
    return rows


def print_table(title, rows):
    print(f"\n{title}")
    header = (f"{'layer':<18} {'shape':<34} {'dtype':<8} {'ref ms':>8} {'floor ms':>9} {'ref/floor':>9} "
              f"{'book ms':>8} {'book/ref':>8} {'torch ms':>9} {'ref/torch':>9}")
    print(header)
    print("-" * len(header))
    for name, shape, dtype, t_ref, t_floor, t_book, t_torch in rows:
        floor = f"{t_floor:9.2f} {t_ref / t_floor:9.2f}" if t_floor else f"{'-':>9} {'-':>9}"
        torch_cols = f"{t_torch:9.2f} {t_ref / t_torch:9.2f}" if t_torch else f"{'-':>9} {'-':>9}"
        print(f"{name:<18} {shape:<34} {dtype:<8} {t_ref:8.2f} {floor} {t_book:8.2f} {t_book / t_ref:8.2f} "
              f"{torch_cols}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller batches and fewer repeats")
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats per measurement (median)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    repeats = args.repeats or (5 if args.quick else 11)

    ref = load_reference()
    torch, torch_note = try_torch()
    print(f"reference: {REFERENCE.relative_to(ROOT)}")
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"BLAS: {blas_threads()}")
    print(torch_note)
    print(f"median of {repeats} interleaved rounds after one warm-up round; times are forward + backward in ms")

    rng = np.random.default_rng(0)
    conv_rows = bench_conv(ref, torch, repeats, args.quick, rng)
    pool_rows = bench_pool(ref, torch, repeats, args.quick, rng)
    print_table("Convolution (forward + backward)", conv_rows)
    print_table("Max pooling (forward + backward)", pool_rows)

    conv_floor = geomean([r[3] / r[4] for r in conv_rows])
    conv_book = geomean([r[5] / r[3] for r in conv_rows])
    pool_book = geomean([r[5] / r[3] for r in pool_rows])
    results = [
        ("convolution: reference / floor", conv_floor, f"<= {CONV_RATIO_TARGET}", conv_floor <= CONV_RATIO_TARGET),
        ("convolution: textbook / reference", conv_book, f">= {TEXTBOOK_SPEEDUP_TARGET}",
         conv_book >= TEXTBOOK_SPEEDUP_TARGET),
        ("max pooling: textbook / reference", pool_book, f">= {TEXTBOOK_SPEEDUP_TARGET}",
         pool_book >= TEXTBOOK_SPEEDUP_TARGET),
    ]
    if torch is not None:
        print(f"\nconvolution: reference / torch, geometric mean {geomean([r[3] / r[6] for r in conv_rows]):.2f}"
              f"; max pooling: {geomean([r[3] / r[6] for r in pool_rows]):.2f} (information only)")
    print("\nGeometric means and targets")
    for label, value, target, ok in results:
        print(f"  {label:<36} {value:6.2f}  target {target:<7} {'OK' if ok else 'MISSED'}")
    all_ok = all(ok for *_, ok in results)
    print("all targets hold" if all_ok else "some targets missed")
    return 0 if (all_ok or not args.strict) else 1


if __name__ == "__main__":
    sys.exit(main())
