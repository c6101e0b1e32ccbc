"""Every realistic wrong implementation in tests/mutants/ must lose points on the exercises it breaks."""
import importlib
import pkgutil

import pytest

from autograder.registry import get_assignment
from autograder.submission import grade

from . import mutants as mutants_pkg
from .conftest import SOLUTIONS, copy_assignment


def _catalogue():
    items = []
    for info in sorted(pkgutil.iter_modules(mutants_pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{mutants_pkg.__name__}.{info.name}")
        for m in module.MUTANTS:
            items.append(pytest.param(info.name, m, id=f"{info.name}: {m.name}"))
    return items


CATALOGUE = _catalogue()


def test_catalogue_is_large_enough():
    per_assignment = {}
    for p in CATALOGUE:
        per_assignment[p.values[0]] = per_assignment.get(p.values[0], 0) + 1
    assert per_assignment.get("a01_perceptron", 0) + per_assignment.get("a02_backprop", 0) >= 25
    for aid in ("a03_optimization", "a04_regularization"):
        if aid in per_assignment:
            assert per_assignment["a03_optimization"] + per_assignment.get("a04_regularization", 0) >= 30
    if "a05_cnn" in per_assignment:
        assert per_assignment["a05_cnn"] >= 15


def _apply(text: str, find: str, replace: str, where: str) -> str:
    count = text.count(find)
    assert count == 1, f"{where}: the mutant's text occurs {count} times in the reference (must be exactly once)"
    return text.replace(find, replace)


@pytest.mark.parametrize("assignment_id, mutant", CATALOGUE)
def test_mutant_loses_points(tmp_path, assignment_id, mutant):
    folder = copy_assignment(SOLUTIONS, assignment_id, tmp_path)
    path = folder / mutant.file
    text = _apply(path.read_text(encoding="utf-8"), mutant.find, mutant.replace, mutant.name)
    if "then" in mutant.extra:
        text = _apply(text, *mutant.extra["then"], where=mutant.name)
    path.write_text(text, encoding="utf-8")
    wanted = {f"{assignment_id}.{e}" for e in mutant.loses}
    known = {e.id for e in get_assignment(assignment_id).exercises}
    assert wanted <= known, f"unknown exercises {wanted - known}"
    result = grade(folder, assignment=assignment_id, seed=12345, exercise_filter=lambda ex: ex.id in wanted)
    exercises = {e.id: e for e in result.exercises()}
    for ex_id in wanted:
        ex = exercises[ex_id]
        assert ex.score < ex.max_score, f"{mutant.name}: {ex_id} kept full marks"
        assert ex.status in ("partial", "failed", "error"), ex.status
    if mutant.names:
        named = {key for e in exercises.values() for key in e.misconceptions}
        assert mutant.names in named, f"{mutant.name}: feedback did not name {mutant.names}; named {named}: " + \
            " / ".join(e.feedback().en for e in exercises.values())
