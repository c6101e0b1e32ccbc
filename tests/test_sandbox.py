"""The sandbox and the wire format on their own."""
import numpy as np
import pytest

from autograder import wire
from autograder.sandbox import Sandbox, StudentCrash, StudentException, StudentNotImplemented, StudentTimeout


def test_wire_roundtrip_keeps_types_and_refuses_objects():
    value = {"a": np.arange(6.0).reshape(2, 3)[:, ::2], "s": np.int64(3), "f": float("nan"), "t": (1, "x"),
             "l": [True, None, 2**70], "o": object(), "oa": np.array([object()])}
    back = wire.loads(wire.dumps(value))
    np.testing.assert_array_equal(back["a"], value["a"][:, :])
    assert isinstance(back["s"], np.int64) and np.isnan(back["f"]) and back["t"] == (1, "x")
    assert back["l"] == [True, None, 2**70]
    assert isinstance(back["o"], wire.Opaque) and isinstance(back["oa"], wire.Opaque)


def test_wire_rejects_garbage_and_pickles():
    import io
    import pickle

    for data in (b"", b"\x00\x00\x00\x05{bad", pickle.dumps({"x": 1})):
        with pytest.raises(wire.WireError):
            wire.loads(data)
    buf = io.BytesIO()
    np.save(buf, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    blob = buf.getvalue()
    head = b'{"v": {"__ndarray__": 0}, "sizes": [%d]}' % len(blob)
    with pytest.raises(wire.WireError):
        wire.loads(len(head).to_bytes(4, "big") + head + blob)


@pytest.fixture
def student(tmp_path):
    (tmp_path / "mod.py").write_text(
        "import os, sys, time\n"
        "def ok(x): return x * 2\n"
        "def todo(x): raise NotImplementedError\n"
        "def loop(x):\n    while True: pass\n"
        "def die(x): os._exit(1)\n"
        "def leave(x): sys.exit(2)\n"
        "def talk(x):\n    print('hello ' * 5000)\n    return 1\n")
    return tmp_path


DRIVER = "autograder.checks.common:drive_function"


def call(box, name, x):
    return box.call(DRIVER, "mod", name, [x])["out"]


def test_sandbox_recovers_after_each_kind_of_failure(student):
    with Sandbox(student, timeout=1.0) as box:
        np.testing.assert_array_equal(call(box, "ok", np.arange(3)), [0, 2, 4])
        with pytest.raises(StudentNotImplemented):
            call(box, "todo", 1)
        with pytest.raises(StudentTimeout):
            call(box, "loop", 1)
        assert call(box, "ok", 2) == 4          # a fresh child after the time-out
        with pytest.raises(StudentCrash):
            call(box, "die", 1)
        with pytest.raises(StudentException, match="sys.exit"):
            call(box, "leave", 1)
        assert call(box, "talk", 1) == 1        # printing is captured, bounded, and harmless
        outs = box.call_many(DRIVER, [["mod", "ok", [1]], ["mod", "ok", [2]]])
        assert [o["out"] for o in outs] == [2, 4]
        assert box.restarts >= 2
