"""The reference solutions score full marks; the released stubs score exactly zero, all `not_implemented`."""
import shutil

import pytest

from autograder.registry import all_assignments
from autograder.submission import grade

from .conftest import ASSIGNMENTS, SOLUTIONS

IDS = [a.id for a in all_assignments()]


@pytest.mark.parametrize("seed", [0, 20261122])
def test_solutions_score_full_marks(seed):
    result = grade(SOLUTIONS, seed=seed)
    assert [a.id for a in result.assignments] == IDS
    bad = [(e.id, e.status, e.feedback().en) for e in result.exercises() if e.status != "passed"]
    assert not bad
    assert result.score == result.max_score > 0


def test_every_exercise_has_public_and_hidden_checks():
    for a in all_assignments():
        for ex in a.exercises:
            assert any(not t.hidden for t in ex.tests), f"{ex.id} has no public check"
            assert ex.max_score() > 0
        assert any(t.hidden for ex in a.exercises for t in ex.tests), f"{a.id} has no hidden check"


def test_released_stubs_score_zero_not_implemented():
    result = grade(ASSIGNMENTS, seed=1)
    assert result.score == 0
    for e in result.exercises():
        assert e.status == "not_implemented", (e.id, e.status, e.feedback().en)
        assert all(t.status == "not_implemented" for t in e.tests), e.id


def test_only_layers_completed_grades_the_layer_exercises(tmp_path):
    """A copy of the a02 stubs with only layers.py completed: its exercises pass, the rest stay not_implemented."""
    folder = tmp_path / "a02_backprop"
    shutil.copytree(ASSIGNMENTS / "a02_backprop", folder)
    shutil.copy(SOLUTIONS / "a02_backprop" / "layers.py", folder / "layers.py")
    result = grade(folder, seed=5)
    for e in result.exercises():
        if e.id.startswith("a02_backprop.layers.") or e.id == "a02_backprop.worked_example":
            assert e.status == "passed", (e.id, e.feedback().en)
        else:
            assert e.status == "not_implemented", (e.id, e.status)


def test_public_checks_need_no_solutions(tmp_path, monkeypatch):
    """Students have no solutions/: the public checks run from the stored expected values alone."""
    monkeypatch.setenv("AUTOGRADER_SOLUTIONS", str(tmp_path / "nowhere"))
    from autograder import reference

    monkeypatch.setattr(reference, "_CACHE", {})
    result = grade(SOLUTIONS, seed=0, public_only=True, fresh=False)
    assert result.score == result.max_score
    assert all(t.visibility == "public" for e in result.exercises() for t in e.tests)


def test_required_tests_exist_and_are_not_circular():
    """A test's ``requires`` names other tests of the same exercise (properties that only count with correct values)."""
    for a in all_assignments():
        for ex in a.exercises:
            names = {t.name for t in ex.tests}
            requires = {t.name: set(t.requires) for t in ex.tests}
            for t in ex.tests:
                assert set(t.requires) <= names - {t.name}, (ex.id, t.name, t.requires)
                # chains are allowed (blocking is applied until nothing changes), cycles are not
                seen, todo = set(), list(t.requires)
                while todo:
                    r = todo.pop()
                    assert r != t.name, (ex.id, t.name, "requires itself through", r)
                    if r not in seen:
                        seen.add(r)
                        todo.extend(requires[r])


def test_network_failing_through_a_broken_layer_names_the_layer(tmp_path):
    """The runner's note: TwoLayerNet fails because Affine is wrong, and the feedback says so."""
    from .conftest import copy_assignment

    folder = copy_assignment(SOLUTIONS, "a02_backprop", tmp_path)
    path = folder / "layers.py"
    text = path.read_text(encoding="utf-8")
    assert text.count("self.db = np.sum(dout, axis=0)") == 1
    path.write_text(text.replace("self.db = np.sum(dout, axis=0)", "self.db = dout"), encoding="utf-8")
    result = grade(folder, assignment="a02_backprop", seed=1,
                   exercise_filter=lambda e: e.id.endswith(("layers.Affine", "network.TwoLayerNet")))
    net = next(e for e in result.exercises() if e.id.endswith("TwoLayerNet"))
    assert net.status != "passed" and net.note is not None and "layers.Affine" in net.note.en
    assert "layers.Affine" in net.feedback().en
