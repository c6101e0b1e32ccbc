"""Datasets of the kit (실습 데이터셋): the 8×8 digits, MNIST from local IDX files, and synthetic sets.

* :func:`load_digits` — the 1,797 handwritten digits of 8×8 pixels shipped in ``datasets/digits.npz``
  (provenance and licence: ``datasets/README.md``), as float arrays in [0, 1] and integer labels;
  :func:`train_test_split` / :func:`load_digits_split` give a seeded, stratified train/test split.
* :func:`load_mnist` — MNIST (60,000 + 10,000 images of 28×28) from the four standard ``*-ubyte.gz`` IDX files in
  a local folder, each verified against its published SHA-256 before use. Nothing is downloaded unless you call
  :func:`download_mnist` yourself (needs the internet; the tests never call it).
* :func:`read_idx` — a small parser of the IDX format (gzip or raw).
* :func:`make_spiral`, :func:`make_xor` — synthetic 2-D classification sets from a seeded random generator.

Images come batch first in the (N, C, H, W) layout of the course's CNN code (``flatten=True`` gives (N, D) for
fully connected networks); labels are int64 class indices (``one_hot=True`` gives (N, K) float arrays).

요약: 8×8 digits 데이터, 로컬 IDX 파일에서 읽는 MNIST(SHA-256 검증), 나선형·XOR 합성 데이터를 불러오는 모듈.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import urllib.request
from pathlib import Path

import numpy as np

from .reference import PACKAGE_ROOT

DATASETS_DIR = PACKAGE_ROOT / "datasets"
"""``datasets/`` beside the autograder package (the repository root or the unpacked student kit)."""

DIGITS_FILE = "digits.npz"


class ChecksumError(ValueError):
    """A data file does not have the SHA-256 it should have (corrupted, truncated or a different file)."""


# --------------------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------------------

def one_hot(labels, num_classes: int | None = None) -> np.ndarray:
    """One-hot encoding (원-핫 인코딩) of integer labels: (N,) → (N, num_classes) float64."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes}), got {labels.min()}..{labels.max()}")
    out = np.zeros((labels.size, num_classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


def _shape_images(images: np.ndarray, scale: float, normalize: bool, flatten: bool) -> np.ndarray:
    x = images.astype(np.float64)
    if normalize:
        x /= scale
    n = x.shape[0]
    return x.reshape(n, -1) if flatten else x.reshape(n, 1, *x.shape[1:])


def train_test_split(x, t, test_size: float = 0.2, seed: int = 0, stratify: bool = True):
    """Seeded split into train and test parts (훈련/시험 데이터 분할).

    ``test_size`` is the fraction of samples put in the test part. With ``stratify`` (default) every class keeps
    its proportion in both parts (for each class, round(test_size · n_class) samples go to the test part).
    The same seed always gives the same split. Returns ``(x_train, t_train, x_test, t_test)``; both parts are
    shuffled. ``t`` may be labels (N,) or one-hot (N, K).
    """
    x, t = np.asarray(x), np.asarray(t)
    if len(x) != len(t):
        raise ValueError(f"x has {len(x)} samples but t has {len(t)}")
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be between 0 and 1, got {test_size}")
    rng = np.random.default_rng(seed)
    n = len(x)
    if stratify:
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        test_idx = []
        for c in np.unique(labels):
            members = np.flatnonzero(labels == c)
            rng.shuffle(members)
            test_idx.append(members[:int(round(test_size * len(members)))])
        test_idx = np.concatenate(test_idx)
    else:
        test_idx = rng.permutation(n)[:int(round(test_size * n))]
    is_test = np.zeros(n, dtype=bool)
    is_test[test_idx] = True
    train_idx = rng.permutation(np.flatnonzero(~is_test))
    test_idx = rng.permutation(np.flatnonzero(is_test))
    return x[train_idx], t[train_idx], x[test_idx], t[test_idx]


# --------------------------------------------------------------------------------------------------------------
# the 8×8 digits
# --------------------------------------------------------------------------------------------------------------

def load_digits(*, normalize: bool = True, flatten: bool = False, one_hot_label: bool = False, path=None):
    """The 1,797 handwritten digits of 8×8 pixels (손글씨 숫자 8×8 데이터셋) in ``datasets/digits.npz``.

    Parameters
    ----------
    normalize : bool
        Scale the pixel values from 0..16 to [0, 1] (default). Without it the values stay 0..16 (as float64).
    flatten : bool
        Return x of shape (1797, 64) instead of (1797, 1, 8, 8).
    one_hot_label : bool
        Return t as one-hot rows (1797, 10) instead of labels (1797,).
    path : str or Path, optional
        Another ``.npz`` file with arrays ``images`` (N, 8, 8) and ``labels`` (N,).

    Returns
    -------
    (x, t) : float64 images and int64 labels (or float64 one-hot rows).
    """
    path = Path(path) if path is not None else DATASETS_DIR / DIGITS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the digits set ships with the kit in datasets/{DIGITS_FILE} "
                                "(see datasets/README.md)")
    with np.load(path, allow_pickle=False) as data:
        images, labels = data["images"], data["labels"]
    x = _shape_images(images, 16.0, normalize, flatten)
    t = labels.astype(np.int64)
    return x, (one_hot(t, 10) if one_hot_label else t)


def load_digits_split(*, test_size: float = 0.2, seed: int = 0, normalize: bool = True, flatten: bool = False,
                      one_hot_label: bool = False):
    """The digits split into a training and a test part: ``((x_train, t_train), (x_test, t_test))``.

    Stratified and seeded (see :func:`train_test_split`): with the defaults, 1,438 training and 359 test images,
    the same ones on every machine.
    """
    x, t = load_digits(normalize=normalize, flatten=flatten, one_hot_label=one_hot_label)
    x_tr, t_tr, x_te, t_te = train_test_split(x, t, test_size=test_size, seed=seed)
    return (x_tr, t_tr), (x_te, t_te)


# --------------------------------------------------------------------------------------------------------------
# MNIST from IDX files
# --------------------------------------------------------------------------------------------------------------

# SHA-256 and size in bytes of the four standard gzip files. Source: TensorFlow Datasets' recorded checksums,
# tensorflow_datasets/url_checksums/mnist.txt (https://github.com/tensorflow/datasets), for the files of the
# CVDF mirror https://storage.googleapis.com/cvdf-datasets/mnist/ (the same bytes as Yann LeCun's original
# http://yann.lecun.com/exdb/mnist/ files; torchvision's mirror below serves them too).
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": ("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422),
    "train-labels-idx1-ubyte.gz": ("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881),
    "t10k-images-idx3-ubyte.gz": ("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877),
    "t10k-labels-idx1-ubyte.gz": ("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542),
}
MNIST_CHECKSUMS = {name: sha for name, (sha, _) in MNIST_FILES.items()}
MNIST_MIRRORS = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)
_MNIST_PARTS = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}

# IDX element types: code → big-endian numpy dtype (http://yann.lecun.com/exdb/mnist/, "THE IDX FILE FORMAT")
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def mnist_dir() -> Path:
    """Where :func:`load_mnist` looks by default: ``$KIT_MNIST_DIR``, else ``datasets/mnist``."""
    env = os.environ.get("KIT_MNIST_DIR")
    return Path(env) if env else DATASETS_DIR / "mnist"


def sha256_file(path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_file(path, expected_sha256: str) -> None:
    """Raise :class:`ChecksumError` unless the file's SHA-256 is ``expected_sha256``."""
    actual = sha256_file(path)
    if actual != expected_sha256.lower():
        raise ChecksumError(f"{path}: SHA-256 is {actual}, expected {expected_sha256}. The file is corrupted, "
                            "truncated or not the standard MNIST file: delete it and obtain it again "
                            "(see autograder.data.download_mnist).")


def parse_idx(data: bytes) -> np.ndarray:
    """Parse the bytes of an IDX file: 2 zero bytes, a type code, the number of dimensions, one big-endian uint32
    per dimension, then the values in C order. Returns a native-endian array of that shape."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError("not an IDX file (it must start with two zero bytes)")
    type_code, ndim = data[2], data[3]
    if type_code not in _IDX_TYPES:
        raise ValueError(f"unknown IDX type code 0x{type_code:02x}")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError("IDX header is truncated")
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_TYPES[type_code])
    count = int(np.prod(shape, dtype=np.int64))
    if len(data) != header + count * dtype.itemsize:
        raise ValueError(f"IDX data size does not match its shape {shape}: {len(data) - header} bytes of values, "
                         f"expected {count * dtype.itemsize}")
    arr = np.frombuffer(data, dtype=dtype, count=count, offset=header).reshape(shape)
    return arr.astype(dtype.newbyteorder("="))


def read_idx(path) -> np.ndarray:
    """Read an IDX file (``.gz`` compressed or not) into a numpy array."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        return parse_idx(fh.read())


def _missing_mnist_message(folder: Path, missing: list[str]) -> str:
    return (f"MNIST files not found in {folder}: {', '.join(missing)}.\n"
            "To use MNIST, put the four standard gzip files (keep them compressed) in that folder:\n  "
            + "\n  ".join(MNIST_FILES) +
            f"\nfrom {MNIST_MIRRORS[0]} (or {MNIST_MIRRORS[1]}), or, when online, run\n"
            "  python -c \"from autograder.data import download_mnist; download_mnist()\"\n"
            "which downloads them and verifies their SHA-256. Another folder: load_mnist(folder) or "
            "$KIT_MNIST_DIR. The 8×8 digits (load_digits) need no download.")


def load_mnist(folder=None, *, normalize: bool = True, flatten: bool = True, one_hot_label: bool = False,
               verify: bool = True, checksums: dict | None = None):
    """MNIST (엠니스트 손글씨 숫자) from the four standard IDX gzip files in a local folder.

    Parameters
    ----------
    folder : str or Path, optional
        Folder holding ``train-images-idx3-ubyte.gz``, ``train-labels-idx1-ubyte.gz``, ``t10k-images-idx3-ubyte.gz``
        and ``t10k-labels-idx1-ubyte.gz``; default :func:`mnist_dir`.
    normalize : bool
        Scale pixels from 0..255 to [0, 1] (default).
    flatten : bool
        x of shape (N, 784) (default, as the book's ``load_mnist``) or (N, 1, 28, 28).
    one_hot_label : bool
        Labels as one-hot rows (N, 10).
    verify : bool
        Check each file's SHA-256 before parsing it (default); a mismatch raises :class:`ChecksumError`.
    checksums : dict, optional
        file name → SHA-256 to verify against instead of the published ones (for tests with small files).

    Returns
    -------
    ((x_train, t_train), (x_test, t_test))

    Raises
    ------
    FileNotFoundError
        When a file is missing; the message says how to obtain the files.
    """
    folder = Path(folder) if folder is not None else mnist_dir()
    checksums = MNIST_CHECKSUMS if checksums is None else checksums
    missing = [name for name in MNIST_FILES if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(_missing_mnist_message(folder, missing))
    out = []
    for part in ("train", "test"):
        img_name, lab_name = _MNIST_PARTS[part]
        if verify:
            verify_file(folder / img_name, checksums[img_name])
            verify_file(folder / lab_name, checksums[lab_name])
        images, labels = read_idx(folder / img_name), read_idx(folder / lab_name)
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise ValueError(f"{part}: images {images.shape} and labels {labels.shape} do not fit together")
        x = _shape_images(images, 255.0, normalize, flatten)
        t = labels.astype(np.int64)
        out.append((x, one_hot(t, 10) if one_hot_label else t))
    return tuple(out)


def download_mnist(folder=None, *, mirrors=MNIST_MIRRORS, overwrite: bool = False, timeout: float = 60.0):
    """Download the four MNIST files into ``folder`` (default :func:`mnist_dir`) and verify their SHA-256.

    Opt-in, for users who are online; nothing in the kit calls it. Files already present with the right checksum
    are kept (unless ``overwrite``). Each file is written to a temporary name and renamed only after its
    checksum matched, so a failed download never leaves a bad file behind. Tries the mirrors in order.
    Returns the list of paths.
    """
    folder = Path(folder) if folder is not None else mnist_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (sha, _size) in MNIST_FILES.items():
        target = folder / name
        if target.is_file() and not overwrite:
            try:
                verify_file(target, sha)
                paths.append(target)
                continue
            except ChecksumError:
                pass
        errors = []
        for base in mirrors:
            fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
            tmp = Path(tmp_name)
            try:
                with os.fdopen(fd, "wb") as out, urllib.request.urlopen(base + name, timeout=timeout) as resp:
                    shutil.copyfileobj(resp, out)
                verify_file(tmp, sha)
                os.replace(tmp, target)
                break
            except (OSError, ChecksumError) as exc:
                errors.append(f"{base}{name}: {exc}")
            finally:
                if tmp.exists():
                    tmp.unlink()
        else:
            raise OSError("could not download a verified copy of " + name + ":\n  " + "\n  ".join(errors))
        paths.append(target)
    return paths


# --------------------------------------------------------------------------------------------------------------
# synthetic sets
# --------------------------------------------------------------------------------------------------------------

def make_spiral(n_per_class: int = 100, n_classes: int = 3, noise: float = 0.2, seed: int = 0):
    """Interleaved spirals (나선형 데이터), one arm per class: x (N, 2) float64, t (N,) int64, N = n·classes.

    Arm k has points at radius r ∈ [0, 1] and angle θ = 4r + 2πk/classes (+ Gaussian noise of std ``noise`` on
    θ): a set no straight line separates, for showing what a hidden layer adds.
    """
    rng = np.random.default_rng(seed)
    r = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    t = np.repeat(np.arange(n_classes), n_per_class)
    theta = 4.0 * r + 2.0 * np.pi * t / n_classes + noise * rng.standard_normal(r.size)
    x = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    order = rng.permutation(r.size)
    return x[order], t[order].astype(np.int64)


def make_xor(n: int = 200, noise: float = 0.15, seed: int = 0):
    """The XOR problem as points (XOR 데이터): x (n, 2) float64 near the corners (0,0), (0,1), (1,0), (1,1),
    t (n,) int64 = XOR of the corner's coordinates (1 for (0,1) and (1,0)). Gaussian noise of std ``noise``."""
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(n, 2))
    x = corners + noise * rng.standard_normal((n, 2))
    t = np.logical_xor(corners[:, 0], corners[:, 1]).astype(np.int64)
    return x, t
