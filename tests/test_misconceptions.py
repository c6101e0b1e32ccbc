"""Every exercise has at least one known mistake that its feedback names (proved by a mutant), and every
misconception has a name and advice in both languages."""
import re

from autograder.misconceptions import CATALOGUE, load_all
from autograder.registry import all_assignments

from .test_mutants import CATALOGUE as MUTANTS


def test_every_exercise_names_at_least_one_mistake():
    named = {}
    for p in MUTANTS:
        aid, m = p.values
        if m.names:
            for ex in m.loses:
                named.setdefault(f"{aid}.{ex}", set()).add(m.names)
    missing = [e.id for a in all_assignments() for e in a.exercises if e.id not in named]
    assert not missing, f"exercises without a mutant whose misconception the feedback names: {missing}"


def test_catalogue_entries_are_bilingual():
    load_all()
    hangul = re.compile("[\uac00-\ud7a3]")
    for key, (name, advice) in CATALOGUE.items():
        assert name.en and advice.en, key
        assert hangul.search(name.ko) and hangul.search(advice.ko), f"{key} has no Korean text"
    for p in MUTANTS:
        if p.values[1].names:
            assert p.values[1].names in CATALOGUE, p.values[1].names
