"""autograder.data: the digits loader and split, the IDX parser and MNIST's checksum logic (on small IDX files made
here, no network), the opt-in download (through a local file:// mirror), and the synthetic sets."""
import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np
import pytest

from autograder import data


# ---------------------------------------------------------------------------------------------------- digits

def test_load_digits_floats_in_unit_range_and_labels():
    x, t = data.load_digits()
    assert x.shape == (1797, 1, 8, 8) and x.dtype == np.float64
    assert x.min() == 0.0 and x.max() == 1.0
    assert t.shape == (1797,) and t.dtype == np.int64
    assert np.bincount(t).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    raw, _ = data.load_digits(normalize=False, flatten=True)
    assert raw.shape == (1797, 64) and raw.max() == 16.0
    np.testing.assert_array_equal(raw.reshape(1797, 1, 8, 8) / 16.0, x)
    _, onehot = data.load_digits(one_hot_label=True)
    assert onehot.shape == (1797, 10)
    np.testing.assert_array_equal(onehot.argmax(axis=1), t)
    np.testing.assert_array_equal(onehot.sum(axis=1), 1.0)


def test_digits_split_is_seeded_stratified_and_a_partition():
    (x_tr, t_tr), (x_te, t_te) = data.load_digits_split(flatten=True)
    (x_tr2, t_tr2), (x_te2, t_te2) = data.load_digits_split(flatten=True)
    np.testing.assert_array_equal(x_tr, x_tr2)
    np.testing.assert_array_equal(t_te, t_te2)
    assert len(x_tr) == 1438 and len(x_te) == 359
    x_all, t_all = data.load_digits(flatten=True)
    # a partition: every image appears exactly once in train ∪ test
    key = lambda rows: sorted(map(bytes, np.ascontiguousarray(rows)))  # noqa: E731
    assert key(np.concatenate([x_tr, x_te])) == key(x_all)
    np.testing.assert_array_equal(np.bincount(np.concatenate([t_tr, t_te])), np.bincount(t_all))
    # stratified: each class keeps about 20 % in the test part
    frac = np.bincount(t_te, minlength=10) / np.bincount(t_all)
    assert np.all(np.abs(frac - 0.2) < 0.01)
    (_, _), (x_te3, _) = data.load_digits_split(seed=1, flatten=True)
    assert key(x_te3) != key(x_te)


def test_train_test_split_rejects_bad_arguments():
    with pytest.raises(ValueError):
        data.train_test_split(np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError):
        data.train_test_split(np.zeros((4, 2)), np.zeros(4), test_size=1.5)
    x_tr, t_tr, x_te, t_te = data.train_test_split(np.arange(10)[:, None], np.arange(10) % 2, test_size=0.3,
                                                   stratify=False, seed=3)
    assert len(x_te) == 3 and sorted(np.concatenate([x_tr, x_te]).ravel()) == list(range(10))


def test_missing_digits_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="digits"):
        data.load_digits(path=tmp_path / "nope.npz")


# ---------------------------------------------------------------------------------------------------- IDX / MNIST

def _idx_bytes(arr: np.ndarray) -> bytes:
    codes = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09, np.dtype(">i2"): 0x0B, np.dtype(">i4"): 0x0C,
             np.dtype(">f4"): 0x0D, np.dtype(">f8"): 0x0E}
    header = bytes([0, 0, codes[arr.dtype], arr.ndim]) + struct.pack(f">{arr.ndim}I", *arr.shape)
    return header + arr.tobytes()


def _write_mnist(folder: Path, n_train=6, n_test=4, size=5, seed=0) -> dict:
    """Four small IDX gzip files with the standard names; returns {name: sha256}."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (n_train, size, size), dtype=np.uint8),
        "train-labels-idx1-ubyte.gz": rng.integers(0, 10, n_train, dtype=np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (n_test, size, size), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    sums = {}
    for name, arr in arrays.items():
        path = folder / name
        path.write_bytes(gzip.compress(_idx_bytes(arr), mtime=0))
        sums[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums, arrays


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, ">i2", ">i4", ">f4", ">f8"])
def test_idx_parser_round_trips_every_type(tmp_path, dtype):
    arr = (np.arange(24).reshape(2, 3, 4) - 5).astype(dtype)
    if np.dtype(dtype) == np.uint8:
        arr = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    raw = tmp_path / "a.idx"
    raw.write_bytes(_idx_bytes(arr))
    gz = tmp_path / "a.idx.gz"
    gz.write_bytes(gzip.compress(_idx_bytes(arr)))
    for path in (raw, gz):
        out = data.read_idx(path)
        assert out.shape == arr.shape and out.dtype.isnative
        np.testing.assert_array_equal(out, arr.astype(out.dtype))


def test_idx_parser_rejects_malformed_files():
    good = _idx_bytes(np.zeros((2, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match="two zero bytes"):
        data.parse_idx(b"\x01" + good[1:])
    with pytest.raises(ValueError, match="type code"):
        data.parse_idx(good[:2] + b"\x07" + good[3:])
    with pytest.raises(ValueError, match="does not match"):
        data.parse_idx(good[:-1])
    with pytest.raises(ValueError, match="truncated"):
        data.parse_idx(good[:6])


def test_load_mnist_verifies_checksums_and_parses(tmp_path):
    sums, arrays = _write_mnist(tmp_path)
    (x_tr, t_tr), (x_te, t_te) = data.load_mnist(tmp_path, checksums=sums)
    assert x_tr.shape == (6, 25) and x_te.shape == (4, 25) and x_tr.dtype == np.float64
    np.testing.assert_allclose(x_tr * 255.0, arrays["train-images-idx3-ubyte.gz"].reshape(6, 25))
    np.testing.assert_array_equal(t_te, arrays["t10k-labels-idx1-ubyte.gz"])
    (x_img, _), _ = data.load_mnist(tmp_path, checksums=sums, flatten=False, normalize=False)
    assert x_img.shape == (6, 1, 5, 5) and x_img.max() > 1
    _, (_, onehot) = data.load_mnist(tmp_path, checksums=sums, one_hot_label=True)
    assert onehot.shape == (4, 10)
    # the published checksums of the real files reject these small files
    with pytest.raises(data.ChecksumError, match="SHA-256"):
        data.load_mnist(tmp_path)
    # ... unless verification is switched off
    data.load_mnist(tmp_path, verify=False)
    # a corrupted file is caught
    bad = tmp_path / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(bad.read_bytes()[:-3] + b"xyz")
    with pytest.raises(data.ChecksumError, match="t10k-labels"):
        data.load_mnist(tmp_path, checksums=sums)


def test_missing_mnist_files_say_how_to_get_them(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_MNIST_DIR", str(tmp_path / "mnist"))
    with pytest.raises(FileNotFoundError) as info:
        data.load_mnist()
    msg = str(info.value)
    assert str(tmp_path / "mnist") in msg and "download_mnist" in msg
    assert all(name in msg for name in data.MNIST_FILES)
    assert data.MNIST_MIRRORS[0] in msg


def test_published_checksums_are_the_standard_ones():
    # TensorFlow Datasets' url_checksums/mnist.txt (and the byte sizes of the four files)
    assert data.MNIST_FILES["train-images-idx3-ubyte.gz"] == (
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422)
    assert data.MNIST_FILES["t10k-labels-idx1-ubyte.gz"] == (
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542)
    assert all(len(sha) == 64 for sha, _ in data.MNIST_FILES.values())


def test_download_verifies_and_never_leaves_a_bad_file(tmp_path, monkeypatch):
    """download_mnist through a local file:// mirror: wrong bytes are refused, right bytes are kept."""
    mirror = tmp_path / "mirror"
    sums, _ = _write_mnist(mirror)
    url = mirror.as_uri() + "/"
    target = tmp_path / "dl"
    with pytest.raises(OSError, match="could not download a verified copy"):
        data.download_mnist(target, mirrors=(url,))          # published checksums ≠ these small files
    assert not any(p.is_file() for p in target.iterdir())    # nothing half-written left behind
    monkeypatch.setattr(data, "MNIST_FILES", {name: (sha, 0) for name, sha in sums.items()})
    paths = data.download_mnist(target, mirrors=(tmp_path.as_uri() + "/missing/", url))
    assert sorted(p.name for p in paths) == sorted(sums)
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() == sums[p.name] for p in paths)
    data.load_mnist(target, checksums=sums)


# ---------------------------------------------------------------------------------------------------- synthetic

def test_synthetic_sets_are_seeded():
    x, t = data.make_spiral(50, 3, seed=1)
    assert x.shape == (150, 2) and t.shape == (150,) and np.bincount(t).tolist() == [50, 50, 50]
    np.testing.assert_array_equal(x, data.make_spiral(50, 3, seed=1)[0])
    assert not np.array_equal(x, data.make_spiral(50, 3, seed=2)[0])
    x, t = data.make_xor(400, noise=0.0, seed=0)
    assert x.shape == (400, 2) and set(np.unique(t)) == {0, 1}
    np.testing.assert_array_equal(t, np.logical_xor(x[:, 0] > 0.5, x[:, 1] > 0.5))
    np.testing.assert_array_equal(data.make_xor(50, seed=4)[0], data.make_xor(50, seed=4)[0])


def test_one_hot():
    np.testing.assert_array_equal(data.one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError):
        data.one_hot([3], 3)
