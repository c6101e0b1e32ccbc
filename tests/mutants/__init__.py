"""The catalogue of realistic wrong implementations (mutants), one module per assignment.

Each mutant is a small text edit of a reference solution file: ``find`` must occur exactly once in that file and
is replaced by ``replace``. ``tests/test_mutants.py`` applies each edit to a copy of ``solutions/<id>``, grades the
exercises named in ``loses`` (public and hidden checks, fixed seed) and asserts that each of them loses points;
when ``names`` is given, the feedback must name that misconception.
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
