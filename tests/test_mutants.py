"""Every realistic wrong implementation in tests/mutants/ loses points on the exercises it breaks — and, where the
catalogue says so, exactly the tests of the property it breaks (see tests/mutants/__init__.py)."""
import importlib
import pkgutil

import pytest

from autograder.registry import get_assignment
from autograder.submission import grade

from . import mutants as mutants_pkg
from .conftest import SOLUTIONS, copy_assignment


def _modules():
    out = {}
    for info in sorted(pkgutil.iter_modules(mutants_pkg.__path__), key=lambda i: i.name):
        out[info.name] = importlib.import_module(f"{mutants_pkg.__name__}.{info.name}")
    return out


MODULES = _modules()
CATALOGUE = [pytest.param(aid, m, id=f"{aid}: {m.name}") for aid, mod in MODULES.items() for m in mod.MUTANTS]


def test_catalogue_is_large_enough():
    per_assignment = {aid: len(mod.MUTANTS) for aid, mod in MODULES.items()}
    assert per_assignment.get("a01_perceptron", 0) + per_assignment.get("a02_backprop", 0) >= 25
    assert per_assignment.get("a03_optimization", 0) + per_assignment.get("a04_regularization", 0) >= 30
    assert per_assignment.get("a05_cnn", 0) >= 15


def _apply(text: str, find: str, replace: str, where: str) -> str:
    count = text.count(find)
    assert count == 1, f"{where}: the mutant's text occurs {count} times in the reference (must be exactly once)"
    return text.replace(find, replace)


@pytest.mark.parametrize("assignment_id, mutant", CATALOGUE)
def test_mutant_loses_points(tmp_path, assignment_id, mutant):
    exact = getattr(MODULES[assignment_id], "EXACT", False)
    folder = copy_assignment(SOLUTIONS, assignment_id, tmp_path)
    path = folder / mutant.file
    text = _apply(path.read_text(encoding="utf-8"), mutant.find, mutant.replace, mutant.name)
    if "then" in mutant.extra:
        text = _apply(text, *mutant.extra["then"], where=mutant.name)
    path.write_text(text, encoding="utf-8")
    assignment = get_assignment(assignment_id)
    wanted = {f"{assignment_id}.{e}" for e in mutant.loses}
    known = {e.id for e in assignment.exercises}
    assert wanted <= known, f"unknown exercises {wanted - known}"
    module = mutant.file.removesuffix(".py")
    affected = {e.id for e in assignment.exercises if module in e.modules} | wanted
    result = grade(folder, assignment=assignment_id, seed=12345, exercise_filter=lambda ex: ex.id in affected)
    exercises = {e.id: e for e in result.exercises()}
    for ex_id in wanted:
        ex = exercises[ex_id]
        assert ex.score < ex.max_score, f"{mutant.name}: {ex_id} kept full marks"
        assert ex.status in ("partial", "failed", "error"), ex.status
    own = exercises[f"{assignment_id}.{mutant.loses[0]}"]
    failing = {t.name for t in own.tests if not t.passed and not t.blocked}  # blocked: counted once its values pass
    if exact:
        assert mutant.fails, f"{mutant.name}: the catalogue is exact, so the mutant must list the tests it fails"
        for ex_id in affected - wanted:
            ex = exercises[ex_id]
            assert ex.status == "passed", f"{mutant.name}: {ex_id} should keep full marks: {ex.feedback().en}"
    if mutant.fails:
        names = {t.name for t in own.tests}
        assert set(mutant.fails) <= names, f"{mutant.name}: unknown tests {set(mutant.fails) - names}"
        assert failing == set(mutant.fails), (f"{mutant.name}: expected exactly {sorted(mutant.fails)} to fail, "
                                              f"failed {sorted(failing)}: {own.feedback().en}")
    if mutant.names:
        named = {key for e in exercises.values() for key in e.misconceptions}
        assert mutant.names in named, f"{mutant.name}: feedback did not name {mutant.names}; named {named}: " + \
            " / ".join(e.feedback().en for e in exercises.values() if e.id in wanted)
