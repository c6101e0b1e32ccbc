"""The checks registry: assignments, their exercises, and each exercise's tests.

A checks module (``autograder/checks/<assignment>.py``) declares everything with three calls::

    A = Assignment("a02_backprop", title=T("Backpropagation", "오차역전파법"),
                   files=("functions.py", "layers.py", "network.py"))
    affine = A.exercise("layers.Affine", targets=["layers.Affine"], title=T("Affine layer", "Affine 계층"))

    @affine.test("forward matches the reference", points=1)              # public
    def _(ctx): ...

    @affine.test("fresh random shapes", points=2, hidden=True)           # hidden
    def _(ctx): ...

A test function receives a :class:`autograder.runner.Context` and either returns (passed) or raises
:class:`Fail` (or lets a student error propagate: the runner turns it into a status).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Text:
    """A message in English and Korean. ``str()`` gives English."""

    en: str
    ko: str

    def get(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def format(self, **kw) -> "Text":
        return Text(self.en.format(**kw), self.ko.format(**kw))

    def __add__(self, other: "Text") -> "Text":
        return Text(self.en + other.en, self.ko + other.ko)

    def __str__(self) -> str:
        return self.en


def T(en: str, ko: str | None = None) -> Text:
    """Shorthand for a bilingual text (Korean defaults to the English text, for names and formulas)."""
    return Text(en, en if ko is None else ko)


class Fail(Exception):
    """A check did not pass. ``message`` is a :class:`Text`; ``misconception`` a key of the catalogue, if named."""

    def __init__(self, message: Text, misconception: str | None = None):
        super().__init__(message.en)
        self.message = message
        self.misconception = misconception


@dataclass
class TestSpec:
    name: str               # English name: the test's stable key (seeds and stored values are keyed by it)
    func: Callable
    points: float
    hidden: bool
    timeout: float | None = None
    title: Text | None = None   # the name in English and Korean
    requires: tuple = ()        # English names of tests of the same exercise that must pass for this one to count

    def __post_init__(self):
        if self.title is None:
            self.title = T(self.name)

    @property
    def visibility(self) -> str:
        return "hidden" if self.hidden else "public"


@dataclass
class Exercise:
    id: str
    assignment: "Assignment"
    title: Text
    targets: list[str]
    hint: Text | None = None
    tests: list[TestSpec] = field(default_factory=list)

    def test(self, name: "str | Text", *, points: float = 1.0, hidden: bool = False, timeout: float | None = None,
             requires: tuple | list = ()):
        """Decorator registering a test function of this exercise. ``name``: English, or ``T(English, Korean)``.

        ``requires`` names tests of this exercise that must pass for this one to count. Use it for a property that can
        only be observed inside the student's process ("does not modify its arguments", "updates in place", "the same
        seed gives the same result"): the student's code can fake such an observation, so it earns its points only
        together with a result the grader checked against the reference.
        """
        title = name if isinstance(name, Text) else T(name)
        if any(t.name == title.en for t in self.tests):
            raise ValueError(f"duplicate test name {title.en!r} in {self.id}")

        def deco(func):
            self.tests.append(TestSpec(title.en, func, float(points), hidden, timeout, title, tuple(requires)))
            return func

        return deco

    def require(self, test: str, *required: str):
        """Make ``test`` count only when ``required`` tests pass (see :meth:`test`); names are the English ones."""
        spec = next((t for t in self.tests if t.name == test), None)
        if spec is None:
            raise ValueError(f"{self.id} has no test {test!r}")
        spec.requires = tuple(spec.requires) + tuple(required)

    @property
    def modules(self) -> list[str]:
        """The student modules the exercise imports, from its targets ('layers.Affine' -> 'layers')."""
        seen = []
        for target in self.targets:
            mod = target.split(".")[0]
            if mod not in seen:
                seen.append(mod)
        return seen

    def max_score(self, public_only: bool = False) -> float:
        return sum(t.points for t in self.tests if not (public_only and t.hidden))


@dataclass
class Assignment:
    id: str
    title: Text
    files: tuple[str, ...]
    exercises: list[Exercise] = field(default_factory=list)

    def __post_init__(self):
        REGISTRY[self.id] = self

    def exercise(self, name: str, *, targets: list[str], title: Text, hint: Text | None = None) -> Exercise:
        ex_id = f"{self.id}.{name}"
        if any(e.id == ex_id for e in self.exercises):
            raise ValueError(f"duplicate exercise {ex_id}")
        for target in targets:
            if target.split(".")[0] + ".py" not in self.files:
                raise ValueError(f"{ex_id}: target {target} is not in a file of {self.id}")
        ex = Exercise(ex_id, self, title, list(targets), hint)
        self.exercises.append(ex)
        return ex

    def max_score(self, public_only: bool = False) -> float:
        return sum(e.max_score(public_only) for e in self.exercises)


REGISTRY: dict[str, Assignment] = {}


def all_assignments() -> list[Assignment]:
    """Every registered assignment, in id order (imports the checks package on first use)."""
    from . import checks  # noqa: F401  (registers the assignments)

    return [REGISTRY[k] for k in sorted(REGISTRY)]


def get_assignment(assignment_id: str) -> Assignment:
    from . import checks  # noqa: F401

    try:
        return REGISTRY[assignment_id]
    except KeyError:
        raise KeyError(f"unknown assignment {assignment_id!r}; known: {', '.join(sorted(REGISTRY))}") from None


def find_exercise(exercise_id: str) -> Exercise:
    for a in all_assignments():
        for e in a.exercises:
            if e.id == exercise_id:
                return e
    raise KeyError(f"unknown exercise {exercise_id!r}")
