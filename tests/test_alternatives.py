"""Correct code scores full marks, however it is written (DESIGN §6): every alternative implementation of
tests/alternatives/ — whole folders in other styles and single-convention variants of the reference — gets every
point, in graded runs on fresh seeds and in the students' own ``check``."""
import importlib
import shutil
from pathlib import Path

import pytest

from autograder.submission import grade

from .alternatives import Variant, complete_folder
from .conftest import SOLUTIONS

HERE = Path(__file__).parent / "alternatives"
SEEDS = (101, 20261202)


def _folders():
    out = []
    for aid_dir in sorted(p for p in HERE.iterdir() if p.is_dir() and p.name.startswith("a0")):
        for style in sorted(p for p in aid_dir.iterdir() if p.is_dir() and not p.name.startswith("_")):
            out.append(pytest.param(aid_dir.name, style, id=f"{aid_dir.name}/{style.name}"))
    return out


def _variants():
    module = importlib.import_module(f"{__package__}.alternatives.variants")
    return [pytest.param(v, id=f"{v.assignment}: {v.name}") for v in module.VARIANTS]


def _not_full(result):
    return [(e.id, e.status, [(t.name, t.message.en) for t in e.tests if not t.passed])
            for e in result.exercises() if e.status != "passed"]


def _grade_everywhere(folder: Path, aid: str, seeds=SEEDS):
    for seed in seeds:
        result = grade(folder, assignment=aid, seed=seed)
        assert result.max_score > 0
        assert not _not_full(result), f"seed {seed}: {_not_full(result)}"
    own_check = grade(folder, assignment=aid, public_only=True, seed=0)
    assert not _not_full(own_check), f"check: {_not_full(own_check)}"


@pytest.mark.parametrize("aid, style", _folders())
def test_alternative_folder_scores_full_marks(tmp_path, aid, style):
    folder = complete_folder(style, aid, tmp_path / aid)
    _grade_everywhere(folder, aid)


def _apply(text: str, find: str, replace: str, where: str) -> str:
    count = text.count(find)
    assert count == 1, f"{where}: the variant's text occurs {count} times in the reference (must be exactly once)"
    return text.replace(find, replace)


@pytest.mark.parametrize("variant", _variants())
def test_accepted_convention_scores_full_marks(tmp_path, variant: Variant):
    folder = tmp_path / variant.assignment
    shutil.copytree(SOLUTIONS / variant.assignment, folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    path = folder / variant.file
    text = _apply(path.read_text(encoding="utf-8"), variant.find, variant.replace, variant.name)
    if "then" in variant.extra:
        text = _apply(text, *variant.extra["then"], where=variant.name)
    path.write_text(text, encoding="utf-8")
    _grade_everywhere(folder, variant.assignment, seeds=SEEDS[:1])  # tools/seed_sweep.py runs them on many seeds


def test_catalogue_covers_every_assignment():
    styles = {p.values[0] for p in _folders()}
    variants = {p.values[0].assignment for p in _variants()}
    from autograder.registry import all_assignments

    for a in all_assignments():
        assert a.id in styles, f"no alternative folder for {a.id}"
    assert {"a02_backprop", "a03_optimization", "a04_regularization", "a05_cnn"} <= variants
