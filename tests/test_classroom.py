"""Grading a class: hostile students, resumption after kill -9, exports (CSV, Gradescope, feedback)."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from autograder.classroom import grade_class
from autograder.report import gradescope_json
from autograder.submission import grade

from .conftest import ASSIGNMENTS, ROOT, SOLUTIONS

AFFINE_FWD = "        return self.x @ self.W + self.b\n"


def make_student(root, name, edit=None, source=SOLUTIONS):
    folder = root / name / "a02_backprop"
    shutil.copytree(source / "a02_backprop", folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    if edit:
        path = folder / "layers.py"
        text = path.read_text(encoding="utf-8")
        assert text.count(AFFINE_FWD) == 1
        path.write_text(text.replace(AFFINE_FWD, edit), encoding="utf-8")
    return folder


@pytest.fixture
def classroom(tmp_path):
    root = tmp_path / "class"
    out = tmp_path / "out"
    make_student(root, "correct")
    make_student(root, "stub", source=ASSIGNMENTS)
    make_student(root, "buggy", "        return self.x @ self.W\n")
    make_student(root, "peeker", f"        open({str(root / 'correct' / 'a02_backprop' / 'layers.py')!r}).read()\n" + AFFINE_FWD)
    make_student(root, "vandal", f"        open({str(out / 'correct.json')!r}, 'w').write('{{}}')\n" + AFFINE_FWD)
    make_student(root, "faker", "        print('{\"schema\": 1, \"score\": 1e9}')\n        import autograder.expect as e\n"
                 "        e.close = lambda *a, **k: None\n        return x\n")
    make_student(root, "sleeper", "        import time\n        time.sleep(30)\n")
    return root, out


def test_hostile_class_finishes_and_scores_are_earned(classroom):
    root, out = classroom
    assert grade_class(root, out, jobs=2, seed=3, assignment="a02_backprop", timeout=1.5, progress=False) == 0
    res = {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")
           if p.stem != "summary" and not p.name.startswith(".")}
    assert set(res) == {"correct", "stub", "buggy", "peeker", "vandal", "faker", "sleeper"}
    full = res["correct"]["max_score"]
    assert res["correct"]["score"] == full > 0
    assert res["stub"]["score"] == 0

    def affine(name):
        ex = [e for a in res[name]["assignments"] for e in a["exercises"] if e["id"] == "a02_backprop.layers.Affine"]
        return ex[0]

    for name, status in [("buggy", {"partial", "failed"}), ("peeker", {"error"}), ("vandal", {"error"}),
                         ("faker", {"failed", "partial"}), ("sleeper", {"timeout"})]:
        ex = affine(name)
        assert ex["status"] in status, (name, ex["status"], ex["feedback"])
        assert ex["score"] < ex["max_score"], name
        assert res[name]["score"] < full, name
        # exercises that do not touch Affine keep full marks: nothing leaked between exercises
        softmax = [e for a in res[name]["assignments"] for e in a["exercises"] if e["id"].endswith("functions.softmax")][0]
        assert softmax["status"] == "passed", name
    # the vandal could not overwrite another student's result; the correct student is graded as when alone
    alone = grade(root / "correct", assignment="a02_backprop", seed=3)
    assert res["correct"]["score"] == alone.score
    lines = (out / "grades.csv").read_text().splitlines()
    assert lines[0].startswith("student,status,total,max_total,a02_backprop.functions.step_function")
    assert len(lines) == 1 + 7
    summary = json.loads((out / "summary.json").read_text())
    assert summary["students"] == 7 and summary["seed"] == 3 and summary["assignment"] == "a02_backprop"
    assert any(m["misconception"] for m in summary["misconceptions"]) or summary["misconceptions"] == []
    for name in res:
        assert (out / "feedback" / f"{name}.md").exists() and (out / "feedback" / f"{name}.html").exists()


def test_kill_dash_nine_then_resume_loses_nothing(tmp_path):
    root = tmp_path / "class"
    for i in range(8):
        make_student(root, f"s{i}", None if i % 2 == 0 else "        return self.x @ self.W\n")
    out = tmp_path / "out"
    env = dict(os.environ, AUTOGRADER_NO_PROGRESS="1")
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "grade-class", str(root), "--out", str(out),
                             "--jobs", "1", "--seed", "5", "--assignment", "a02_backprop"],
                            cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("s[0-9]*.json"))) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("s[0-9]*.json")}
    assert 2 <= len(first) < 8, "the run should have been interrupted part-way"
    for p in out.glob("s[0-9]*.json"):
        json.loads(p.read_text())  # every finished file is complete
    assert grade_class(root, out, jobs=2, seed=5, assignment="a02_backprop", progress=False) == 0
    results = {p.stem: json.loads(p.read_text()) for p in out.glob("s[0-9]*.json")}
    assert len(results) == 8 and not list(out.glob(".*.tmp"))
    for name, mtime in first.items():
        assert (out / name).stat().st_mtime_ns == mtime, f"{name} was graded again"
    for i in range(8):
        r = results[f"s{i}"]
        assert (r["score"] == r["max_score"]) == (i % 2 == 0)
    # --force regrades everyone
    assert grade_class(root, out, jobs=2, seed=5, assignment="a02_backprop", force=True, progress=False) == 0
    assert all((out / n).stat().st_mtime_ns != m for n, m in first.items())


GRADESCOPE_TOP = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
                  "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
                   "tags", "visibility", "extra_data"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def validate_gradescope(data):
    """Gradescope's published results.json fields: nothing else, the right types and values."""
    assert set(data) <= GRADESCOPE_TOP and "tests" in data
    assert isinstance(data.get("score", 0.0), (int, float))
    assert data.get("visibility", "visible") in VISIBILITY and data.get("stdout_visibility", "hidden") in VISIBILITY
    for t in data["tests"]:
        assert set(t) <= GRADESCOPE_TEST
        assert t["status"] in ("passed", "failed") and t["visibility"] in VISIBILITY
        assert 0 <= t["score"] <= t["max_score"]
        assert isinstance(t["name"], str) and isinstance(t["output"], str)
    if data["tests"]:
        assert abs(sum(t["score"] for t in data["tests"]) - data["score"]) < 1e-9


def test_gradescope_results_valid_for_graded_and_crashed():
    result = grade(SOLUTIONS / "a01_perceptron", seed=1)
    data = gradescope_json(result)
    validate_gradescope(data)
    assert data["score"] == result.max_score
    assert any(t["visibility"] == "after_published" for t in data["tests"])
    validate_gradescope(gradescope_json(None, error="could not read the submission"))


def test_gradescope_zip_runs_locally(tmp_path):
    zpath = tmp_path / "autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "autograder", "gradescope-zip", str(zpath), "--assignment",
                           "a02_backprop"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    gs = tmp_path / "gs"
    (gs / "source").mkdir(parents=True)
    with zipfile.ZipFile(zpath) as zf:
        names = zf.namelist()
        assert "setup.sh" in names and "run_autograder" in names
        assert not any("a01_perceptron" in n for n in names if n.startswith("kit/solutions/"))
        zf.extractall(gs / "source")
    sub = gs / "submission"
    sub.mkdir()
    for f in ("functions.py", "layers.py", "network.py"):   # a student uploads the files themselves
        shutil.copy(SOLUTIONS / "a02_backprop" / f, sub / f)
    text = (sub / "layers.py").read_text().replace(AFFINE_FWD, "        return self.x @ self.W\n")
    (sub / "layers.py").write_text(text)
    env = dict(os.environ, GRADESCOPE_ROOT=str(gs), AUTOGRADER_PYTHON=sys.executable)
    run = subprocess.run(["bash", str(gs / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads((gs / "results" / "results.json").read_text())
    validate_gradescope(data)
    assert 0 < data["score"] < sum(t["max_score"] for t in data["tests"])
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert failed and all("Affine" in t["name"] or "TwoLayerNet" in t["name"] for t in failed)


def test_gradescope_results_say_what_failed_when_the_grader_cannot_start(tmp_path):
    """A Gradescope image whose setup went wrong (no numpy): results.json names the error, not just "contact staff"."""
    zpath = tmp_path / "autograder.zip"
    subprocess.run([sys.executable, "-m", "autograder", "gradescope-zip", str(zpath), "--assignment", "a01_perceptron"],
                   cwd=ROOT, check=True, capture_output=True)
    gs = tmp_path / "gs"
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(gs / "source")
    shutil.copytree(SOLUTIONS / "a01_perceptron", gs / "submission")
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    env = dict(os.environ, GRADESCOPE_ROOT=str(gs), AUTOGRADER_PYTHON=str(bare / "bin" / "python"))
    run = subprocess.run(["bash", str(gs / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads((gs / "results" / "results.json").read_text())
    validate_gradescope(data)
    assert "numpy" in data["output"] and "setup" in data["output"], data["output"]


def test_feedback_in_korean(tmp_path):
    out = tmp_path / "fb.md"
    folder = make_student(tmp_path / "k", "kim", "        return self.x @ self.W\n")
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(folder), "--lang", "ko", "--feedback",
                           str(out)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert "채점 피드백" in text and "고칠 점" in text and "Affine" in text
    html_out = tmp_path / "fb.html"
    subprocess.run([sys.executable, "-m", "autograder", "grade", str(folder), "--feedback", str(html_out)], cwd=ROOT,
                   check=True, capture_output=True)
    assert html_out.read_text().startswith("<!DOCTYPE html>")
