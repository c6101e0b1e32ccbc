"""The sandbox and the wire format on their own."""
import numpy as np
import pytest

from autograder import wire
from autograder.isolation import (Limits, Sandbox, StudentCrash, StudentException, StudentNotImplemented,
                                  StudentTimeout, available, choose)


def test_wire_roundtrip_keeps_types_and_refuses_objects():
    value = {"a": np.arange(6.0).reshape(2, 3)[:, ::2], "s": np.int64(3), "f": float("nan"), "t": (1, "x"),
             "l": [True, None, 2**70], "o": object(), "oa": np.array([object()]), "e": np.zeros((0, 3), np.float32),
             "r": wire.Raised("not_implemented", "NotImplementedError", "", "layers.py line 3 in forward")}
    back = wire.loads(wire.dumps(value))
    np.testing.assert_array_equal(back["a"], value["a"][:, :])
    assert back["a"].flags.writeable and back["e"].shape == (0, 3) and back["e"].dtype == np.float32
    assert isinstance(back["s"], np.int64) and np.isnan(back["f"]) and back["t"] == (1, "x")
    assert back["l"] == [True, None, 2**70]
    assert isinstance(back["o"], wire.Opaque) and isinstance(back["oa"], wire.Opaque)
    assert isinstance(back["r"], wire.Raised) and back["r"].where.startswith("layers.py")


def test_wire_rejects_garbage_and_pickles():
    import json
    import pickle

    for data in (b"", b"\x00\x00\x00\x05{bad", pickle.dumps({"x": 1})):
        with pytest.raises(wire.WireError):
            wire.loads(data)

    def message(node, blob=b""):
        head = json.dumps({"v": node, "sizes": [len(blob)]}).encode()
        return len(head).to_bytes(4, "big") + head + blob

    for node, blob in [({"__ndarray__": 0, "dtype": "|O", "shape": [1]}, b"\0" * 8),
                       ({"__ndarray__": 0, "dtype": "<f8", "shape": [2]}, b"\0" * 8),       # too short
                       ({"__ndarray__": 0, "dtype": "<f8", "shape": [-1]}, b"\0" * 8),
                       ({"__ndarray__": 1, "dtype": "<f8", "shape": [1]}, b"\0" * 8),       # no such blob
                       ({"__raised__": ["a", 1, "b", "c"]}, b"")]:
        with pytest.raises(wire.WireError):
            wire.loads(message(node, blob))


@pytest.fixture
def student(tmp_path):
    folder = tmp_path / "a01_perceptron"
    folder.mkdir()
    (folder / "mod.py").write_text(
        "import os, sys, time\n"
        "def ok(x): return x * 2\n"
        "def todo(x): raise NotImplementedError\n"
        "def loop(x):\n    while True: pass\n"
        "def die(x): os._exit(1)\n"
        "def leave(x): sys.exit(2)\n"
        "def talk(x):\n    print('hello ' * 5000)\n    return 1\n")
    return folder


DRIVER = "autograder.drivers.common:drive_function"


def call(worker, name, x):
    return worker.call(DRIVER, "mod", name, [x])["out"]


PLANS = ["auto", "process"]


@pytest.mark.parametrize("mode", PLANS)
def test_sandbox_recovers_after_each_kind_of_failure(student, mode):
    with Sandbox({"a01_perceptron": student}, Limits(timeout=1.0), isolation=mode) as box:
        worker = box.worker("a01_perceptron")
        np.testing.assert_array_equal(call(worker, "ok", np.arange(3)), [0, 2, 4])
        with pytest.raises(StudentNotImplemented):
            call(worker, "todo", 1)
        with pytest.raises(StudentTimeout):
            call(worker, "loop", 1)
        assert call(worker, "ok", 2) == 4          # a fresh process after the time-out
        with pytest.raises(StudentCrash):
            call(worker, "die", 1)
        with pytest.raises(StudentException, match="sys.exit"):
            call(worker, "leave", 1)
        assert call(worker, "talk", 1) == 1        # printing is captured, bounded, and harmless
        outs = worker.call_many(DRIVER, [["mod", "ok", [1]], ["mod", "ok", [2]]])
        assert [o["out"] for o in outs] == [2, 4]
        assert worker.restarts >= 2


def test_portable_spawn_path_works(student, monkeypatch):
    """The path students on Windows/macOS get: a fresh interpreter per student process, no fork, no kernel rules."""
    monkeypatch.setenv("AUTOGRADER_ISOLATION_DISABLE", "fork")
    plan = choose("auto")
    assert not plan.fork and plan.name == "process"
    with Sandbox({"a01_perceptron": student}, Limits(timeout=2.0), plan=plan) as box:
        worker = box.worker("a01_perceptron")
        assert call(worker, "ok", 3) == 6
        with pytest.raises(StudentTimeout):
            call(worker, "loop", 1)
        assert call(worker, "ok", 4) == 8


def test_auto_uses_the_strongest_mechanism_here():
    have = available()
    plan = choose("auto")
    assert plan.namespaces == bool(have["namespaces"]) and plan.landlock == (have["landlock"] >= 1)
    assert choose("process").name == "process"
