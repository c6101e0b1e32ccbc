"""Result records of a grading run and their JSON form (DESIGN §5)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .registry import T, Text

STATUSES = ("passed", "partial", "failed", "not_implemented", "error", "timeout", "missing")


@dataclass
class TestResult:
    name: str
    status: str            # passed | failed | not_implemented | error | timeout | missing
    score: float
    max_score: float
    message: Text
    visibility: str        # public | hidden
    misconception: str | None = None
    title: Text | None = None   # the name in English and Korean (``name`` is the English key)
    blocked: bool = False       # failed only because a test it requires did not pass

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def display_name(self, lang: str) -> str:
        return self.title.get(lang) if self.title is not None else self.name

    def to_json(self, lang: str) -> dict:
        out = {"name": self.display_name(lang), "passed": self.passed, "score": self.score,
               "max_score": self.max_score, "message": self.message.get(lang), "visibility": self.visibility,
               "status": self.status, "key": self.name}
        if self.title is not None:
            out["name_all"] = {"en": self.title.en, "ko": self.title.ko}
        if self.misconception:
            out["misconception"] = self.misconception
        if self.blocked:
            out["blocked"] = True
        if not self.passed:
            out["message_all"] = {"en": self.message.en, "ko": self.message.ko}
        return out


@dataclass
class ExerciseResult:
    id: str
    title: Text
    targets: list[str]
    tests: list[TestResult] = field(default_factory=list)
    hint: Text | None = None
    full_max_score: float | None = None   # the exercise's points with its hidden checks (also in public-only runs)
    cause: dict | None = None             # one cause for every test (a missing or unimportable file ...)
    note: Text | None = None              # e.g. "this exercise uses layers.Affine, which fails its own checks"

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 6)

    @property
    def status(self) -> str:
        statuses = [t.status for t in self.tests]
        if not statuses:
            return "passed"
        if all(s == "passed" for s in statuses):
            return "passed"
        if any(s == "passed" for s in statuses):
            return "partial"
        for s in ("missing", "not_implemented"):
            if all(x == s for x in statuses):
                return s
        for s in ("timeout", "error"):
            if s in statuses:
                return s
        return "failed"

    @property
    def misconceptions(self) -> list[str]:
        seen = []
        for t in self.tests:
            if t.misconception and t.misconception not in seen:
                seen.append(t.misconception)
        return seen

    def feedback(self) -> Text:
        status = self.status
        n = len(self.tests)
        if status == "passed":
            return T(f"All {n} checks passed.", f"검사 {n}개를 모두 통과했습니다.")
        bad = [t for t in self.tests if not t.passed]
        if status in ("missing", "not_implemented") or self.cause:
            return bad[0].message
        head = T(f"{n - len(bad)} of {n} checks passed. ", f"검사 {n}개 중 {n - len(bad)}개 통과. ")
        lines, seen = [], set()
        for t in bad:
            key = t.message.en
            if key in seen:
                continue
            seen.add(key)
            lines.append(T(f"[{t.name}] ") + t.message)
            if len(lines) == 3:
                break
        body = lines[0]
        for line in lines[1:]:
            body = body + T(" | ") + line
        if self.note is not None:
            body = body + T(" | ") + self.note
        return head + body

    def to_json(self, lang: str) -> dict:
        fb = self.feedback()
        out = {"id": self.id, "targets": list(self.targets), "score": self.score, "max_score": self.max_score,
               "status": self.status, "feedback": fb.get(lang), "tests": [t.to_json(lang) for t in self.tests],
               "title": {"en": self.title.en, "ko": self.title.ko}, "feedback_all": {"en": fb.en, "ko": fb.ko}}
        if self.hint is not None:
            out["hint"] = {"en": self.hint.en, "ko": self.hint.ko}
        if self.full_max_score is not None and abs(self.full_max_score - self.max_score) > 1e-9:
            out["full_max_score"] = self.full_max_score
        if self.cause:
            out["cause"] = dict(self.cause)
        if self.note is not None:
            out["note"] = {"en": self.note.en, "ko": self.note.ko}
        return out


@dataclass
class AssignmentResult:
    id: str
    title: Text
    folder: str | None
    exercises: list[ExerciseResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 6)

    @property
    def max_score(self) -> float:
        return round(sum(e.max_score for e in self.exercises), 6)

    def to_json(self, lang: str) -> dict:
        return {"id": self.id, "score": self.score, "max_score": self.max_score,
                "exercises": [e.to_json(lang) for e in self.exercises]}


@dataclass
class SubmissionResult:
    submission: str
    assignments: list[AssignmentResult]
    seed: int
    public_only: bool = False
    seconds: float = 0.0
    isolation: str = "process"   # the mechanism that confined the student's code
    fresh: bool = True           # inputs drawn from the seed (graded run) or the fixed public ones (check)
    notes: list = field(default_factory=list)   # what was left out of the submission (links, compiled files …)

    @property
    def score(self) -> float:
        return round(sum(a.score for a in self.assignments), 6)

    @property
    def max_score(self) -> float:
        return round(sum(a.max_score for a in self.assignments), 6)

    def exercises(self):
        for a in self.assignments:
            yield from a.exercises

    def __repr__(self) -> str:  # short, so a notebook cell ending in check(...) does not print a wall of text
        n = sum(1 for _ in self.exercises())
        return f"<grading result: {self.score:g}/{self.max_score:g} over {n} exercise(s)>"

    def to_json(self, lang: str = "en") -> dict:
        from . import __version__

        return {"schema": 1, "submission": self.submission, "score": self.score, "max_score": self.max_score,
                "assignments": [a.to_json(lang) for a in self.assignments],
                "seed": self.seed, "isolation": self.isolation,
                "inputs": "fresh" if self.fresh else "stored public values", "notes": list(self.notes),
                "public_only": self.public_only, "lang": lang,
                "grader_version": __version__, "seconds": round(self.seconds, 3)}
