"""A real nbgrader course in a temporary folder, driven by the kit's nbgrader_config.py.

generate_assignment from solutions/ → the release equals the committed assignments/ (no solution code, stubs
written by the config's hook); two students submit: one with the correct .py files (and a notebook that writes
warnings to stderr in every cell), one with a wrong Affine backward in layers.py; autograde; the gradebook gives the
first full marks on every autograded cell and the second fewer, and the second's own layers.py was graded.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.release import solution_regions

from .conftest import ASSIGNMENTS, ROOT, SOLUTIONS

AID = "a02_backprop"
NBGRADER = Path(sys.executable).with_name("nbgrader")


def _nbgrader_available():
    return NBGRADER.exists() and Path(sys.executable).with_name("alembic").exists()


pytestmark = pytest.mark.skipif(not _nbgrader_available(), reason="nbgrader (and its alembic) are not installed")


def _run(course: Path, *args):
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # nbgrader runs `alembic`
    env.pop("KIT_FULL", None)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    proc = subprocess.run([str(NBGRADER), *args], cwd=course, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    return proc


def _load_config(course: Path):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(SOLUTIONS / AID, course / "solutions" / AID, ignore=shutil.ignore_patterns("__pycache__"))
    proc = _run(course, "generate_assignment", AID, "--force")
    (course / "generate.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    return course


def test_config_uses_nbgraders_real_options(tmp_path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    shutil.copytree(SOLUTIONS, tmp_path / "solutions", ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    cfg = _load_config(tmp_path)
    assert cfg.CourseDirectory.source_directory == "solutions"
    assert cfg.CourseDirectory.release_directory == "assignments"
    assert cfg.CourseDirectory.root == str(tmp_path)
    with_regions = {aid.name: sorted(p.name for p in aid.glob("*.py") if "### BEGIN SOLUTION" in p.read_text())
                    for aid in sorted((tmp_path / "solutions").iterdir())}
    assert cfg.Autograde.exclude_overwriting == {k: v for k, v in with_regions.items() if v}
    assert with_regions[AID] == ["functions.py", "layers.py", "network.py"]
    for aid, names in with_regions.items():
        for name in names:
            assert str(tmp_path / "solutions" / aid / name) in cfg.CourseDirectory.ignore
            assert str(tmp_path / "solutions" / "." / aid / name) in cfg.CourseDirectory.ignore
    assert cfg.IgnorePattern.enabled is True
    assert cfg.Execute.timeout >= 120
    assert callable(cfg.GenerateAssignment.post_convert_hook)
    # every option set here is a real configurable trait of nbgrader
    from nbgrader.converters import Autograde, GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import Execute, IgnorePattern, OverwriteCells
    classes = {"CourseDirectory": CourseDirectory, "Autograde": Autograde, "GenerateAssignment": GenerateAssignment,
               "Execute": Execute, "IgnorePattern": IgnorePattern, "OverwriteCells": OverwriteCells}
    assert set(cfg) <= set(classes)
    for section, options in cfg.items():
        traits = classes[section].class_traits(config=True)
        assert set(options) <= set(traits), (section, set(options) - set(traits))


def test_warnings_on_stderr_do_not_zero_a_passing_test_cell(tmp_path):
    """nbgrader gives 0 to a test cell with stderr output; the configured IgnorePattern removes warnings first."""
    from nbgrader.preprocessors import IgnorePattern
    from nbgrader.utils import determine_grade

    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    (tmp_path / "solutions").mkdir()
    cfg = _load_config(tmp_path)

    def cell(stderr_text):
        c = nbformat.v4.new_code_cell("check('x', strict=True)")
        c.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 4,
                                  "grade_id": "t", "schema_version": 3}
        c.outputs = [nbformat.v4.new_output("stream", name="stdout", text="passed\n"),
                     nbformat.v4.new_output("stream", name="stderr", text=stderr_text)]
        return c

    warning = "/tmp/ipykernel_1/3.py:5: RuntimeWarning: overflow encountered in exp\n  y = np.exp(x)\n"
    assert determine_grade(cell(warning))[0] == 0          # nbgrader's default: stderr zeroes the cell
    nb = nbformat.v4.new_notebook(cells=[cell(warning), cell("something else went to stderr\n")])
    nb, _ = IgnorePattern(config=cfg)(nb, {})
    assert determine_grade(nb.cells[0]) == (4, 4)           # the warning is dropped: full marks
    assert determine_grade(nb.cells[1])[0] == 0             # other stderr output still counts


def test_release_is_the_committed_student_version_without_solutions(course):
    log = (course / "generate.log").read_text(encoding="utf-8")
    assert "Running post-convert hook" in log
    assert not [line for line in log.splitlines() if "Copying" in line and ".py" in line]  # never copied
    release = course / "assignments" / AID
    files = sorted(p.name for p in release.iterdir())
    assert files == sorted(p.name for p in (ASSIGNMENTS / AID).iterdir() if p.is_file())
    for name in files:  # byte for byte what `python -m autograder release` commits
        assert (release / name).read_bytes() == (ASSIGNMENTS / AID / name).read_bytes(), name
    texts = {p.name: p.read_text(encoding="utf-8") for p in release.iterdir()}
    for text in texts.values():
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text and "hidden_check" not in text
    for sol in (SOLUTIONS / AID).glob("*.py"):
        for line in solution_regions(sol.read_text(encoding="utf-8")):
            code = line.strip()
            if len(code) >= 20 and not code.startswith("#"):
                assert all(code not in text for text in texts.values()), code
    nb = json.loads(texts[f"{AID}.ipynb"])
    answers = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers and all("".join(c["source"]) == "YOUR ANSWER HERE" for c in answers)


def _submit(course: Path, student: str, notebook_cells_before=(), break_affine=False):
    folder = course / "submitted" / student / AID
    folder.mkdir(parents=True)
    for p in (SOLUTIONS / AID).glob("*.py"):
        shutil.copy(p, folder / p.name)
    if break_affine:  # one wrong layer: the transposed and halved weight gradient
        layers = folder / "layers.py"
        text = layers.read_text(encoding="utf-8")
        assert "        self.dW = self.x.T @ dout\n" in text
        layers.write_text(text.replace("        self.dW = self.x.T @ dout\n",
                                       "        self.dW = 0.5 * (dout.T @ self.x).T\n"), encoding="utf-8")
    nb = nbformat.read(course / "assignments" / AID / f"{AID}.ipynb", as_version=4)
    for i, source in enumerate(notebook_cells_before):
        nb.cells.insert(2 + i, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, folder / f"{AID}.ipynb")


WARN_EVERY_CELL = """
# a student's cell: from now on every cell writes a warning to stderr (and counts them in warned.log)
import warnings
warnings.simplefilter("always")
def _noisy(*args):
    warnings.warn("a harmless warning of the student's setup", RuntimeWarning)
    with open("warned.log", "a") as fh:
        fh.write("warned\\n")
get_ipython().events.register("pre_run_cell", _noisy)
"""


def test_autograde_full_marks_for_correct_fewer_for_one_wrong_layer(course):
    from nbgrader.api import Gradebook

    _submit(course, "alice", notebook_cells_before=[WARN_EVERY_CELL])
    _submit(course, "bob", break_affine=True)
    _run(course, "autograde", AID)

    graded = course / "autograded"
    assert "0.5 * (dout.T @ self.x).T" in (graded / "bob" / AID / "layers.py").read_text()   # bob's own file graded
    alice_nb = nbformat.read(graded / "alice" / AID / f"{AID}.ipynb", as_version=4)
    tests = [c for c in alice_nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    warned = (graded / "alice" / AID / "warned.log").read_text().count("warned")
    assert warned > len(tests) > 0                       # a warning went to stderr before every test cell ran
    assert not any(o.get("name") == "stderr" for c in tests for o in c.outputs)   # ... and IgnorePattern removed it

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        alice = gb.find_submission(AID, "alice")
        bob = gb.find_submission(AID, "bob")
        from autograder.registry import get_assignment
        assert alice.max_code_score == get_assignment(AID).max_score() > 0
        assert alice.code_score == alice.max_code_score
        assert bob.code_score < alice.code_score
        lost = {g.name for g in gb.find_submission_notebook(AID, AID, "bob").grades
                if g.auto_score is not None and g.auto_score < g.max_score and not g.name.startswith("q_")}
        assert "test_layers_Affine" in lost
        assert "test_layers_Relu" not in lost and "test_functions_softmax" not in lost
        assert alice.max_written_score > 0  # the written questions wait for manual grading
