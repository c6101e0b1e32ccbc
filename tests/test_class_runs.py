"""A course can run on it: every entry of a class folder is accounted for, a class has one seed (reruns and resumed
runs give identical scores), and a stopped run leaves no process behind and keeps what is finished."""
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile

import pytest

from autograder.classroom import grade_class

from .conftest import ASSIGNMENTS, ROOT, SOLUTIONS
from .processes import Tracker, wait_for_no_survivors

AID = "a01_perceptron"


def _copy(src, dest):
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    return dest


def _rows(out):
    return {r["student"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}


def test_every_entry_gets_a_row_and_class_files_are_safe(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    _copy(SOLUTIONS / AID, root / "kim" / AID)                       # a correct folder
    _copy(ASSIGNMENTS / AID, root / "stub" / AID)                    # a stub: graded, 0
    _copy(SOLUTIONS / AID, root / "summary" / AID)                   # named like a class file
    _copy(SOLUTIONS / AID, root / "grades" / AID)
    work = tmp_path / "work"
    _copy(SOLUTIONS / AID, work / AID)
    with zipfile.ZipFile(root / "park.zip", "w") as zf:              # a correct zip
        for p in (work / AID).iterdir():
            zf.write(p, f"{AID}/{p.name}")
    with tarfile.open(root / "lee.tar.gz", "w:gz") as tf:            # a correct .tar.gz
        tf.add(work / AID, arcname=f"hw1/{AID}")
    (root / "mallory.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (root / "choi.rar").write_bytes(b"Rar!\x1a\x07\x00")
    (root / ".DS_Store").write_bytes(b"\0")
    out = root / "results"                                           # the output folder inside the class folder
    for run in range(2):
        assert grade_class(root, out, jobs=2, assignment=AID, progress=False) == 0
        rows = _rows(out)
        renamed = sorted(n for n in rows if n.startswith(("summary-", "grades-")))
        assert set(rows) == {"kim", "stub", "park", "lee", "mallory", "choi", *renamed}, rows.keys()
        assert [n.split("-")[0] for n in renamed] == ["grades", "summary"], renamed
        full = float(rows["kim"]["max_total"])
        for name in ("kim", "park", "lee"):
            assert rows[name]["status"] == "graded" and float(rows[name]["total"]) == full > 0, rows[name]
        assert rows["stub"]["status"] == "graded" and float(rows["stub"]["total"]) == 0
        for name, word in (("mallory", "zip"), ("choi", "not a folder or a supported archive")):
            assert rows[name]["status"] == "error" and word in rows[name]["reason"], rows[name]
            page = (out / "feedback" / f"{name}.md").read_text()
            assert "Everything passed" not in page and rows[name]["reason"] in page
        for name in rows:
            if name.startswith(("summary-", "grades-")):
                assert float(rows[name]["total"]) == full
        assert not any(r.startswith("results") for r in rows), "the output folder was graded as a student"
        summary = json.loads((out / "summary.json").read_text())
        assert summary["entries"] == 8 and summary["students"] == 6 and summary["assignment"] == AID
        assert {p["student"] for p in summary["not_graded"]} == {"mallory", "choi"}
        for f in ("grades.csv", "summary.json", "summary.md", "kim.json"):
            assert (out / f).stat().st_mode & 0o777 == 0o644, f
    seed = json.loads((out / ".run.json").read_text())["seed"]
    assert all(json.loads(p.read_text())["seed"] == seed for p in out.glob("*.json") if p.name != "summary.json")


def _mutant_class(root, n=6):
    """Students whose scores depend on the inputs they are graded with (borderline mistakes)."""
    edits = [None, ("return 1 if total > 0 else 0", "return 1 if total >= 0 else 0"),
             ("return 1 if total > 0 else 0", "return 1 if total > 1e-3 else 0"), None,
             ("return 1 if total > 0 else 0", "return 1 if round(total, 1) > 0 else 0"), None]
    for i in range(n):
        folder = _copy(SOLUTIONS / AID, root / f"s{i}" / AID)
        edit = edits[i % len(edits)]
        if edit:
            path = folder / "gates.py"
            text = path.read_text()
            if edit[0] in text:
                path.write_text(text.replace(edit[0], edit[1]))


def _scores(out):
    return {p.stem: json.loads(p.read_text())["score"] for p in out.glob("s[0-9]*.json")}


def _default_sigint():
    # A test run started in the background of a non-interactive shell (nohup, `cmd &` in a CI script) inherits SIGINT
    # ignored, and Python then rightly keeps ignoring it: Ctrl-C is only meaningful for a foreground command. The
    # grader under test is started as a foreground command would be.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run_cli(args, **kw):
    env = dict(os.environ, AUTOGRADER_NO_PROGRESS="1")
    return subprocess.Popen([sys.executable, "-m", "autograder", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_default_sigint, **kw)


def test_one_seed_per_class_reruns_and_resumed_runs_agree(tmp_path):
    root = tmp_path / "class"
    _mutant_class(root)
    first = tmp_path / "first"
    assert grade_class(root, first, jobs=2, assignment=AID, progress=False) == 0
    seed = json.loads((first / ".run.json").read_text())["seed"]
    scores = _scores(first)
    assert len(scores) == 6
    # a second run regrades nobody, a forced one regrades everybody with the stored seed: same scores
    assert grade_class(root, first, jobs=2, assignment=AID, force=True, progress=False) == 0
    assert _scores(first) == scores
    # another seed into the same folder would give one class two sets of inputs: refused unless everybody is regraded
    with pytest.raises(ValueError, match="two seeds"):
        grade_class(root, first, jobs=2, assignment=AID, seed=seed + 1, progress=False)
    assert json.loads((first / ".run.json").read_text())["seed"] == seed
    # an interrupted run (SIGTERM part-way), then resumed: the same seed, the same scores
    second = tmp_path / "second"
    proc = _run_cli(["grade-class", str(root), "--out", str(second), "--jobs", "1", "--seed", str(seed),
                     "--assignment", AID])
    deadline = time.time() + 120
    while time.time() < deadline and len(list(second.glob("s[0-9]*.json"))) < 2:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 143, proc.stderr.read()
    assert 2 <= len(list(second.glob("s[0-9]*.json"))) <= 6
    assert grade_class(root, second, jobs=2, assignment=AID, progress=False) == 0  # no --seed: the stored one
    assert json.loads((second / ".run.json").read_text())["seed"] == seed
    assert _scores(second) == scores


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_stopping_a_class_run_leaves_no_process_and_keeps_results(tmp_path, sig, code):
    root = tmp_path / "class"
    for i in range(6):
        folder = _copy(SOLUTIONS / AID, root / f"s{i}" / AID)
        if i >= 2:  # slow students keep the run busy: AND hangs until the 2 s timeout, in several tests each, so
            # the signal always arrives while they are being graded, however loaded the machine
            gates = folder / "gates.py"
            anchor = "    return perceptron((x1, x2), (0.5, 0.5), -0.7)"
            gates.write_text(gates.read_text().replace(anchor, "    import time\n    time.sleep(30)\n" + anchor, 1))
    out = tmp_path / "out"
    proc = _run_cli(["grade-class", str(root), "--out", str(out), "--jobs", "2", "--assignment", AID,
                     "--timeout", "2"])
    with Tracker(proc.pid) as tracker:
        deadline = time.time() + 120
        while time.time() < deadline and not list(out.glob("s[0-9]*.json")):
            time.sleep(0.02)
        time.sleep(0.3)
        proc.send_signal(sig)
        assert proc.wait(timeout=60) == code, proc.stderr.read()
    assert len(tracker.seen) >= 3, "the run should have started workers and sandboxes"
    assert wait_for_no_survivors(tracker) == [], "processes of the run survived it"
    finished = [json.loads(p.read_text()) for p in out.glob("s[0-9]*.json")]
    assert finished and all(r["schema"] == 1 for r in finished)
    rows = _rows(out)
    assert len(rows) == 6 and {r["status"] for r in rows.values()} <= {"graded", "pending"}
