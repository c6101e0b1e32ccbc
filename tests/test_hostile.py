"""Hostile and broken submissions: the grader finishes, reports per exercise, and nothing else is affected.

Each case edits a copy of the a02 reference. The hostile exercise must get the stated status and no points it did
not earn; exercises in other files keep full marks; the result still serializes to valid JSON.
"""
import json
import os
from pathlib import Path

import pytest

from autograder.report import to_json_text
from autograder.submission import grade

from .conftest import SOLUTIONS, copy_assignment

AFFINE_FWD = "        return self.x @ self.W + self.b\n"
RELU_FWD = "        self.mask = x <= 0\n"
SOFTMAX_BODY = "    x = np.asarray(x, dtype=float)\n    shifted = x - np.max(x, axis=-1, keepdims=True)\n"
IMPORTS = '"""Layers with forward and backward passes'

# (name, file, find, replace, exercise hit, statuses allowed for it, an exercise that must keep full marks)
CASES = [
    ("infinite loop", "layers.py", AFFINE_FWD, "        while True:\n            pass\n",
     "layers.Affine", {"timeout"}, "functions.softmax"),
    ("sleeping past the timeout", "layers.py", AFFINE_FWD, "        import time\n        time.sleep(60)\n",
     "layers.Affine", {"timeout"}, "layers.Relu"),
    ("memory bomb (numpy)", "layers.py", AFFINE_FWD, "        big = np.ones((1 << 40,))\n        return big\n",
     "layers.Affine", {"error"}, "layers.Relu"),
    ("memory bomb (list)", "layers.py", AFFINE_FWD, "        hog = []\n        while True:\n            hog.append(' ' * 10**7)\n",
     "layers.Affine", {"error", "timeout"}, "layers.Relu"),
    ("sys.exit", "layers.py", AFFINE_FWD, "        import sys\n        sys.exit(3)\n",
     "layers.Affine", {"error"}, "layers.Relu"),
    ("os._exit", "layers.py", AFFINE_FWD, "        import os\n        os._exit(0)\n",
     "layers.Affine", {"error"}, "layers.Relu"),
    ("segfault", "layers.py", AFFINE_FWD, "        import faulthandler\n        faulthandler._sigsegv()\n",
     "layers.Affine", {"error"}, "layers.Relu"),
    ("ctypes null pointer", "layers.py", AFFINE_FWD, "        import ctypes\n        return ctypes.string_at(0)\n",
     "layers.Affine", {"error"}, "layers.Relu"),
    ("monkeypatching numpy's comparisons", "layers.py", AFFINE_FWD,
     "        np.allclose = lambda *a, **k: True\n        np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n"
     "        np.testing.assert_allclose = lambda *a, **k: None\n        np.array_equal = lambda *a, **k: True\n"
     "        return self.x @ self.W\n",
     "layers.Affine", {"partial", "failed"}, "layers.Relu"),
    ("overriding builtins at import", "layers.py", IMPORTS,
     "import builtins\nbuiltins.isinstance = lambda *a: True\nbuiltins.len = lambda *a: 0\nbuiltins.float = lambda *a: 1.0\n" + IMPORTS,
     "layers.Affine", {"error", "failed", "partial"}, "functions.softmax"),
    ("writing files", "layers.py", AFFINE_FWD,
     "        open('/tmp/autograder_hostile_write.txt', 'w').write('x')\n" + AFFINE_FWD,
     "layers.Affine", {"error"}, "layers.Relu"),
    ("reading the solutions", "layers.py", AFFINE_FWD,
     f"        src = open({str(SOLUTIONS / 'a02_backprop' / 'layers.py')!r}).read()\n" + AFFINE_FWD,
     "layers.Affine", {"error"}, "layers.Relu"),
    ("running a shell command", "layers.py", AFFINE_FWD, "        import os\n        os.system('true')\n" + AFFINE_FWD,
     "layers.Affine", {"error"}, "layers.Relu"),
    ("fork bomb", "layers.py", AFFINE_FWD, "        import os\n        while True:\n            os.fork()\n",
     "layers.Affine", {"error"}, "layers.Relu"),
    ("import-time crash", "layers.py", IMPORTS, "raise RuntimeError('boom at import')\n" + IMPORTS,
     "layers.Affine", {"error"}, "functions.softmax"),
    ("import-time infinite loop", "layers.py", IMPORTS, "while True:\n    pass\n" + IMPORTS,
     "layers.Affine", {"timeout"}, "functions.softmax"),
    ("syntax error", "layers.py", AFFINE_FWD, "        return self.x @@ self.W +\n",
     "layers.Affine", {"error"}, "functions.softmax"),
    ("wrong signature", "layers.py", "    def forward(self, x):\n        \"\"\"x: (N, D) or (N, ...)",
     "    def forward(self, x, y):\n        \"\"\"x: (N, D) or (N, ...)", "layers.Affine", {"error"}, "layers.Relu"),
    ("printing megabytes", "layers.py", RELU_FWD, "        print('spam ' * 2_000_000)\n        import os\n"
     "        os.write(1, b'x' * 5_000_000)\n" + RELU_FWD, "layers.Relu", {"passed"}, "layers.Affine"),
    ("printing fake JSON", "functions.py", SOFTMAX_BODY,
     '    print(\'{"schema": 1, "score": 100, "max_score": 100}\')\n    return np.ones_like(x)\n',
     "functions.softmax", {"failed", "partial"}, "layers.Affine"),
    ("returning an object that lies in __eq__ and __array__", "layers.py", AFFINE_FWD,
     "        class Liar:\n            def __eq__(self, other):\n                return True\n"
     "            def __array__(self, *a, **k):\n                raise SystemExit\n        return Liar()\n",
     "layers.Affine", {"failed", "partial"}, "layers.Relu"),
    ("returning a lying ndarray subclass", "layers.py", AFFINE_FWD,
     "        class Sub(np.ndarray):\n            def __eq__(self, other):\n                return True\n"
     "        return np.zeros((self.x.shape[0], self.W.shape[1])).view(Sub)\n",
     "layers.Affine", {"failed", "partial"}, "layers.Relu"),
    ("returning its input", "layers.py", AFFINE_FWD, "        return x\n",
     "layers.Affine", {"failed", "partial"}, "layers.Relu"),
]


@pytest.mark.parametrize("name, file, find, replace, hit, statuses, safe", CASES, ids=[c[0] for c in CASES])
def test_hostile_submission(tmp_path, name, file, find, replace, hit, statuses, safe):
    folder = copy_assignment(SOLUTIONS, "a02_backprop", tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(find) == 1, f"{name}: anchor text not found exactly once"
    path.write_text(text.replace(find, replace), encoding="utf-8")
    wanted = {f"a02_backprop.{hit}", f"a02_backprop.{safe}"}
    result = grade(folder, assignment="a02_backprop", seed=7, timeout=1.5, memory_mb=1024,
                   exercise_filter=lambda ex: ex.id in wanted)
    exercises = {e.id: e for e in result.exercises()}
    target, other = exercises[f"a02_backprop.{hit}"], exercises[f"a02_backprop.{safe}"]
    assert target.status in statuses, (target.status, target.feedback().en)
    if "passed" not in statuses:
        assert target.score < target.max_score
    assert other.status == "passed", (other.status, other.feedback().en)
    data = json.loads(to_json_text(result))
    assert data["schema"] == 1 and data["max_score"] == result.max_score
    assert not Path("/tmp/autograder_hostile_write.txt").exists()


def test_missing_file_and_missing_assignment(tmp_path):
    folder = copy_assignment(SOLUTIONS, "a02_backprop", tmp_path / "sub")
    (folder / "network.py").unlink()
    result = grade(tmp_path / "sub", seed=1)
    by_id = {e.id: e for e in result.exercises()}
    assert by_id["a02_backprop.network.TwoLayerNet"].status == "missing"
    assert by_id["a02_backprop.layers.Affine"].status == "passed"
    assert all(e.status == "missing" for e in by_id.values() if e.id.startswith("a01_perceptron."))


def test_hostile_student_cannot_touch_the_graders_files(tmp_path):
    """Deleting files or writing next to the submission is refused; the grader's own files are untouched."""
    folder = copy_assignment(SOLUTIONS, "a02_backprop", tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    path = folder / "layers.py"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(AFFINE_FWD, f"        import os\n        os.remove({str(victim)!r})\n" + AFFINE_FWD))
    result = grade(folder, assignment="a02_backprop", seed=3, exercise_filter=lambda ex: ex.id.endswith("Affine"))
    assert next(result.exercises()).score == 0
    assert victim.read_text() == "keep me"
    assert os.path.exists(folder / "layers.py")


def test_partial_reply_then_hang_is_a_timeout(tmp_path):
    """A child that writes the start of a reply frame and then sleeps must not block the grader."""
    folder = copy_assignment(SOLUTIONS, "a01_perceptron", tmp_path)
    gates = folder / "gates.py"
    gates.write_text("import os, stat, time\n"
                     "for fd in range(3, 64):\n"
                     "    try:\n"
                     "        if stat.S_ISSOCK(os.fstat(fd).st_mode):\n"
                     "            os.write(fd, b'\\x00\\x00\\x10\\x00partial')\n"
                     "    except OSError:\n"
                     "        pass\n"
                     "time.sleep(10**6)\n" + gates.read_text(encoding="utf-8"), encoding="utf-8")
    import time as _time

    start = _time.perf_counter()
    result = grade(folder, seed=1, timeout=1.0)
    assert _time.perf_counter() - start < 30
    assert result.score == 0
    assert {e.status for e in result.exercises()} <= {"timeout", "error"}
