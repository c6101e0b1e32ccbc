"""The command line as instructors and students use it (DESIGN §4) and the result JSON (§5)."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

from .conftest import ASSIGNMENTS, ROOT, SOLUTIONS

STATUSES = {"passed", "partial", "failed", "not_implemented", "error", "timeout", "missing"}


def run(*args, cwd=ROOT, env=None):
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=full_env)


def validate_result_json(data):
    assert set(data) >= {"schema", "submission", "score", "max_score", "assignments"}
    assert data["schema"] == 1
    total = 0.0
    for a in data["assignments"]:
        assert set(a) >= {"id", "score", "max_score", "exercises"}
        assert abs(a["max_score"] - sum(e["max_score"] for e in a["exercises"])) < 1e-9
        for e in a["exercises"]:
            assert set(e) >= {"id", "targets", "score", "max_score", "status", "feedback", "tests"}
            assert e["id"].startswith(a["id"] + ".")
            assert e["status"] in STATUSES and isinstance(e["targets"], list) and e["targets"]
            assert abs(e["score"] - sum(t["score"] for t in e["tests"])) < 1e-9
            for t in e["tests"]:
                assert set(t) >= {"name", "passed", "score", "max_score", "message", "visibility"}
                assert t["visibility"] in ("public", "hidden")
        total += a["score"]
    assert abs(total - data["score"]) < 1e-9


def test_grade_solutions_json_and_table(tmp_path):
    out = tmp_path / "out.json"
    gs = tmp_path / "results.json"
    proc = run("grade", "solutions", "--json", str(out), "--gradescope", str(gs), "--seed", "11")
    assert proc.returncode == 0, proc.stderr
    assert "Total:" in proc.stdout
    data = json.loads(out.read_text())
    validate_result_json(data)
    assert data["score"] == data["max_score"] > 0 and data["seed"] == 11
    g = json.loads(gs.read_text())
    assert g["score"] == data["score"] and all(t["status"] == "passed" for t in g["tests"])
    assert {t["visibility"] for t in g["tests"]} == {"visible", "after_published"}


def test_grade_stubs_exit_zero_and_korean(tmp_path):
    out = tmp_path / "out.json"
    proc = run("grade", "assignments", "--json", str(out), "--lang", "ko")
    assert proc.returncode == 0, proc.stderr
    assert "미구현" in proc.stdout and "합계" in proc.stdout
    data = json.loads(out.read_text())
    validate_result_json(data)
    assert data["score"] == 0
    assert all(e["status"] == "not_implemented" for a in data["assignments"] for e in a["exercises"])


def test_grade_zip_of_one_assignment(tmp_path):
    z = tmp_path / "hw.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for p in (SOLUTIONS / "a01_perceptron").glob("*.py"):
            zf.write(p, f"my_homework/{p.name}")
        zf.writestr("../evil.py", "x = 1")  # path traversal entries are skipped
    out = tmp_path / "o.json"
    proc = run("grade", str(z), "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert [a["id"] for a in data["assignments"]] == ["a01_perceptron"]
    assert data["score"] == data["max_score"]
    assert not (tmp_path.parent / "evil.py").exists()


def test_usage_errors_exit_nonzero_with_one_line(tmp_path):
    for args in (["grade", str(tmp_path / "nope")], ["grade", "solutions", "--assignment", "a99_x"]):
        proc = run(*args)
        assert proc.returncode != 0
        assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("autograder:")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    proc = run("grade", str(bad))
    assert proc.returncode != 0


def test_check_from_an_assignment_folder_runs_public_checks_only(tmp_path):
    folder = tmp_path / "a01_perceptron"
    shutil.copytree(ASSIGNMENTS / "a01_perceptron", folder)
    shutil.copy(SOLUTIONS / "a01_perceptron" / "gates.py", folder / "gates.py")
    proc = run("check", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert "public checks only" in proc.stdout
    assert "gates.XOR" in proc.stdout
    proc = run("check", "a01_perceptron.gates.XOR", cwd=tmp_path)
    assert proc.returncode == 0 and "gates.XOR" in proc.stdout and "gates.AND " not in proc.stdout


def test_check_function_for_notebooks(tmp_path, monkeypatch, capsys):
    from autograder import check

    folder = tmp_path / "a02_backprop"
    shutil.copytree(ASSIGNMENTS / "a02_backprop", folder)
    monkeypatch.chdir(folder)
    result = check("a02_backprop.layers.Affine")
    assert [e.id for e in result.exercises()] == ["a02_backprop.layers.Affine"]
    assert "not implemented" in capsys.readouterr().out
    try:
        check("a02_backprop.layers.Affine", strict=True)
    except AssertionError:
        pass
    else:
        raise AssertionError("strict check of a stub must raise")


def test_wrapper_folder_is_looked_into(tmp_path):
    from autograder.submission import grade

    shutil.copytree(SOLUTIONS / "a01_perceptron", tmp_path / "kim" / "homework" / "a01_perceptron")
    result = grade(tmp_path / "kim", seed=2)
    by_id = {a.id: a for a in result.assignments}
    assert by_id["a01_perceptron"].score == by_id["a01_perceptron"].max_score
    assert all(e.status == "missing" for e in by_id["a02_backprop"].exercises)


def test_encrypted_or_corrupt_zip_is_a_one_line_usage_error(tmp_path):
    z = tmp_path / "enc.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a01_perceptron/gates.py", "x = 1")
    data = bytearray(z.read_bytes())
    data[6] |= 0x1  # set the "encrypted" flag of the first local header ...
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 8] |= 0x1  # ... and of its central directory entry
    z.write_bytes(bytes(data))
    proc = run("grade", str(z))
    assert proc.returncode != 0 and proc.stderr.startswith("autograder:") and proc.stderr.count("\n") == 1


def test_unknown_check_target_exits_2_and_names_the_closest(tmp_path):
    for target, hint in [("a02_backprop.layers.affine", "a02_backprop.layers.Affine"),
                         ("a02_backprop.Affine", "a02_backprop.layers.Affine"),
                         ("a02_backprob", "a02_backprop")]:
        proc = run("check", target, cwd=ROOT)
        assert proc.returncode == 2, (target, proc.stdout)
        assert hint in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr


def test_options_for_untrusted_code_are_accepted_by_every_command(tmp_path):
    folder = tmp_path / "a01_perceptron"
    shutil.copytree(SOLUTIONS / "a01_perceptron", folder)
    for args in (["grade", str(folder)], ["check", "a01_perceptron"], ["grade-class", str(tmp_path), "--out",
                                                                      str(tmp_path / "out")]):
        proc = run(*args, "--memory-mb", "1024", "--timeout", "3", "--isolation", "auto", cwd=tmp_path,
                   env={"AUTOGRADER_NO_PROGRESS": "1"})
        assert proc.returncode == 0, (args, proc.stderr)


def test_check_on_a_laptop_without_fork_or_kernel_isolation(tmp_path):
    """The students' path on Windows/macOS/Colab, forced here: a fresh interpreter per student process."""
    folder = tmp_path / "a01_perceptron"
    shutil.copytree(SOLUTIONS / "a01_perceptron", folder)
    proc = run("check", cwd=folder, env={"AUTOGRADER_ISOLATION_DISABLE": "fork,namespaces,landlock,seccomp"})
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    import re

    score = re.search(r"Total: (\S+)/(\S+) ", last)
    assert "isolation: process" in last and score and score.group(1) == score.group(2), last


def test_table_last_line_names_the_isolation_and_json_records_it(tmp_path):
    out = tmp_path / "r.json"
    proc = run("grade", str(SOLUTIONS / "a01_perceptron"), "--json", str(out))
    assert proc.returncode == 0
    data = json.loads(out.read_text())
    assert proc.stdout.strip().splitlines()[-1].endswith(f"isolation: {data['isolation']}]")


def test_broken_pipe_is_quiet():
    proc = subprocess.run(f"{sys.executable} -m autograder grade solutions/a01_perceptron -v | head -1", shell=True,
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
