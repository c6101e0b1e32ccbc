"""assignments/ is exactly what the release step makes from solutions/, and leaks no solution code."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.fixtures import DATA_DIR, from_jsonable
from autograder.release import (BEGIN, END, ReleaseError, record_fixtures, release_assignment, solution_regions,
                                strip_solutions)

from .conftest import ASSIGNMENTS, ROOT, SOLUTIONS


def _files(root: Path):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts}


def test_assignments_equal_a_fresh_release(tmp_path):
    ids = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert sorted(p.name for p in ASSIGNMENTS.iterdir() if p.is_dir() and p.name != "__pycache__") == ids
    for aid in ids:
        release_assignment(SOLUTIONS / aid, tmp_path / aid)
        fresh, committed = _files(tmp_path / aid), _files(ASSIGNMENTS / aid)
        assert sorted(fresh) == sorted(committed), f"{aid}: file lists differ"
        for name in fresh:
            assert fresh[name] == committed[name], f"assignments/{aid}/{name} is stale: run `python -m autograder release`"


def test_stored_public_values_are_fresh():
    stores = record_fixtures(save=False)
    for aid, store in stores.items():
        stored = json.loads((DATA_DIR / f"{aid}.json").read_text(encoding="utf-8"))
        assert sorted(stored) == sorted(store.data), f"{aid}: stored public values are stale"
        for key in stored:
            a, b = from_jsonable(stored[key]), from_jsonable(store.data[key])
            _assert_same(a, b, key)


def _assert_same(a, b, key):
    if isinstance(a, dict):
        assert sorted(a) == sorted(b), key
        for k in a:
            _assert_same(a[k], b[k], key)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), key
        for x, y in zip(a, b):
            _assert_same(x, y, key)
    elif isinstance(a, (np.ndarray, np.generic, float, int)) and not isinstance(a, bool):
        np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-12, atol=1e-14,
                                   err_msg=key)
    else:
        assert a == b, key


def test_no_solution_markers_or_code_in_student_files():
    student_files = [p for p in ASSIGNMENTS.rglob("*") if p.is_file() and p.suffix in (".py", ".ipynb")]
    student_files += [p for p in (ROOT / "autograder").rglob("*") if p.is_file() and p.suffix in (".py", ".json")]
    texts = {p: p.read_text(encoding="utf-8") for p in student_files}
    for p, text in texts.items():
        if p.parent.name != "autograder" or p.name not in ("release.py", "notebooks.py"):
            if "assignments" in p.parts:
                assert BEGIN not in text and END not in text, f"solution marker in {p}"
                assert "BEGIN HIDDEN TESTS" not in text, f"hidden tests in {p}"
    # every substantial line of a solution region must be absent from its own released folder and from the
    # grader package (later assignments ship earlier layers complete on purpose, e.g. a04's provided Affine)
    for sol in SOLUTIONS.rglob("*.py"):
        aid = sol.relative_to(SOLUTIONS).parts[0]
        for line in solution_regions(sol.read_text(encoding="utf-8")):
            code = line.strip()
            if len(code) < 28 or code.startswith("#"):
                continue
            for p, text in texts.items():
                if "assignments" in p.parts and aid not in p.parts:
                    continue
                assert code not in text, f"solution line of {sol.relative_to(ROOT)} leaks into {p.relative_to(ROOT)}: {code}"


def test_strip_solutions_keeps_indentation_and_rejects_bad_markers():
    src = "def f(x):\n    \"\"\"doc\"\"\"\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION\n\nY = 2\n"
    assert strip_solutions(src) == ("def f(x):\n    \"\"\"doc\"\"\"\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
                                    "\nY = 2\n")
    with pytest.raises(ReleaseError):
        strip_solutions("    ### BEGIN SOLUTION\n    x = 1\n")
    with pytest.raises(ReleaseError):
        strip_solutions("x = 1\n### END SOLUTION\n")
    with pytest.raises(ReleaseError):
        strip_solutions("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n")


def _solution_lines() -> set[str]:
    lines = set()
    for path in SOLUTIONS.rglob("*.py"):
        lines |= {line.strip() for line in solution_regions(path.read_text(encoding="utf-8")) if len(line.strip()) >= 28}
    return lines


def test_one_assignment_zip_holds_that_assignment_and_nothing_a_student_must_not_see(tmp_path):
    import zipfile

    from autograder.release import student_zip

    stray = [ROOT / "autograder" / "stray_notes.txt", ROOT / "datasets" / "stray.bin",
             ROOT / "autograder" / "checks" / "scratch_copy.py"]
    for p in stray:
        p.write_text("stray")
    try:
        path = student_zip(tmp_path / "a02.zip", assignments=["a02_backprop"])
    finally:
        for p in stray:
            p.unlink()
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        texts = {n: zf.read(n).decode("utf-8", errors="replace") for n in names}
    assert {n.split("/")[2] for n in names if n.startswith("kit/assignments/")} == {"a02_backprop"}
    assert {"kit/README.md", "kit/SOURCES.md", "kit/pyproject.toml", "kit/autograder/public_data/a02_backprop.json",
            "kit/assignments/a02_backprop/a02_backprop.ipynb"} <= set(names)
    assert not any("stray" in n or "scratch_copy" in n for n in names), "stray files were packed"
    assert not any(n.startswith(("kit/solutions", "kit/tests", "kit/benchmarks", "kit/tools")) for n in names)
    assert not any(n.startswith("kit/autograder/public_data/") and "a02_backprop" not in n for n in names)
    assert not any(n.startswith(("kit/autograder/checks/a0", "kit/autograder/drivers/a0")) and "a02_backprop" not in n
                   for n in names), "another assignment's checks were packed"
    readme = texts["kit/README.md"]
    assert "python -m autograder check a02_backprop" in readme and "한국어" in readme and "Hand in" in readme
    assert "grade solutions" not in readme, "the instructor README was packed"
    leaked = {n: line for n, text in texts.items() for line in _solution_lines() if line in text}
    assert not leaked, leaked
    for n, text in texts.items():
        if n.startswith("kit/assignments/"):
            assert BEGIN not in text and "BEGIN HIDDEN TESTS" not in text, n


def test_zip_ships_another_assignments_answers_only_after_it_is_due(tmp_path):
    import zipfile

    from autograder.release import ReleaseError, shipped_answers, student_zip

    assert {"Affine", "Relu", "SoftmaxWithLoss"} <= set(shipped_answers("a04_regularization")["a02_backprop"])
    assert "a02_backprop" in shipped_answers("a05_cnn")
    assert shipped_answers("a02_backprop") == {}
    with pytest.raises(ReleaseError, match="--after a02_backprop"):
        student_zip(tmp_path / "a04.zip", assignments=["a04_regularization"])
    with pytest.raises(ReleaseError):
        student_zip(tmp_path / "both.zip", assignments=["a02_backprop", "a05_cnn"], after=["a02_backprop"])
    path = student_zip(tmp_path / "a04.zip", assignments=["a04_regularization"], after=["a02_backprop"])
    with zipfile.ZipFile(path) as zf:
        assert not any(n.startswith("kit/assignments/a02_backprop") for n in zf.namelist())
    proc = subprocess.run([sys.executable, "-m", "autograder", "release", "--zip", str(tmp_path / "x.zip"),
                           "--assignment", "a05_cnn"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "--after a02_backprop" in proc.stderr


def test_package_module_list_matches_the_package():
    """release.PACKAGE_MODULES (what a student zip may contain) lists exactly the package's own modules."""
    from autograder.registry import all_assignments
    from autograder.release import PACKAGE_MODULES

    ids = {a.id for a in all_assignments()}
    for sub, names in PACKAGE_MODULES.items():
        folder = ROOT / "autograder" / sub
        present = {p.stem for p in folder.glob("*.py")} - ids
        assert present == set(names), (sub, present ^ set(names))
