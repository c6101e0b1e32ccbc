"""The catalogue of realistic wrong implementations (mutants), one module per assignment.

Each mutant is a small text edit of a reference solution file: ``find`` must occur exactly once in that file and
is replaced by ``replace``. ``tests/test_mutants.py`` applies each edit to a copy of ``solutions/<id>``, grades every
exercise that imports the edited file (public and hidden checks, fixed seed) and asserts that:

* each exercise in ``loses`` loses points; the first one is the mutated object's own exercise;
* when ``fails`` is given (test names, in English, of that first exercise), exactly those tests fail there and the
  exercise's other tests pass: one mistake costs the tests of its property, not the whole exercise (a test that
  ``requires`` another — a property only observable inside the student's process — and fails only because that one
  failed is not counted as a failure of its own);
* when the module sets ``EXACT = True``, every exercise that imports the file but is not in ``loses`` keeps full
  marks, and every mutant must give ``fails``;
* when ``names`` is given, the feedback names that misconception.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mutant:
    name: str                 # what the student got wrong, in a few words
    file: str                 # file of the assignment folder, e.g. "layers.py"
    find: str                 # exact text in the reference (must occur once)
    replace: str              # the wrong version
    loses: tuple              # exercise ids (without the assignment prefix) that must lose points
    names: str | None = None  # misconception key the feedback must name (optional)
    extra: dict = field(default_factory=dict)
    fails: tuple = ()         # the tests of loses[0] that must fail, and no others (English test names)
