"""Grade one assignment folder: run every exercise's tests against the student's sandboxed code.

For each exercise the runner checks that the student's files exist, imports the target modules in a student
process (one per set of modules; an import that fails, hangs or crashes costs the exercises of that module only),
then runs the tests. A test gets a :class:`Context` with:

* ``ctx.rng`` - the test's random generator. In a graded run (``grade``, ``grade-class``, Gradescope) it is drawn
  from the run's seed for every test, public ones included, so no stored value is ever worth a point; in a
  student's ``check`` it is fixed, so the public checks are reproducible offline;
* ``ctx.call(driver, *args)`` - run ``driver(student_modules, *args)`` in the student's process (plain data back);
  ``ctx.call_shared`` does the same but reuses the reply of an identical earlier call of the same exercise (tests
  that check different properties of one call share one round trip);
* ``ctx.expected(driver, *args)`` - the same driver on the reference solutions, computed here in the grader (graded
  runs), or the value stored by ``release`` for the fixed inputs of ``check``;
* ``ctx.consistency_note(...)`` - for feedback only: whether a student's backward agrees with numeric differences of
  the student's own forward (see :mod:`.gradcheck`).

Nothing returned by the student's process is trusted: drivers can be replaced by the student's code, so every
verdict is computed here from validated data (:mod:`.expect`).
"""
from __future__ import annotations

import hashlib
import time
import zlib
from pathlib import Path

import numpy as np

from . import gradcheck, wire
from .fixtures import FixtureStore
from .isolation import (IsolationError, Limits, Sandbox, StudentError, StudentNotImplemented, StudentTimeout)
from .reference import reference_modules
from .registry import Assignment, Exercise, Fail, T, Text, TestSpec
from .results import AssignmentResult, ExerciseResult, TestResult


class ReferenceUnavailable(RuntimeError):
    pass


def driver_name(func) -> str:
    return f"{func.__module__}:{func.__name__}"


def _roundtrip(value):
    """Pass a reference value through the wire format, so it has exactly the types a student value has."""
    return wire.loads(wire.dumps(value))


class Context:
    """What a test function can use. Created by the runner for every test."""

    def __init__(self, runner: "AssignmentRunner", exercise: Exercise, test: TestSpec, rng: np.random.Generator):
        self.runner = runner
        self.exercise = exercise
        self.test = test
        self.rng = rng
        self._n_expected = 0
        self.key = f"{exercise.id}::{test.name}"

    @property
    def hidden(self) -> bool:
        return self.test.hidden

    @property
    def fresh(self) -> bool:
        """True in graded runs: inputs drawn from the run's seed, expected values from the live reference."""
        return self.runner.fresh

    # -- the student's code
    def call(self, driver, *args, timeout: float | None = None):
        return self.runner.worker.call(driver_name(driver), *args, timeout=timeout or self.test.timeout)

    def call_many(self, driver, arg_lists, timeout: float | None = None) -> list:
        return self.runner.worker.call_many(driver_name(driver), arg_lists, timeout=timeout or self.test.timeout)

    def call_shared(self, driver, *args, timeout: float | None = None):
        """Like :meth:`call`, but an identical call made earlier in this exercise is answered from memory.

        Only for calls whose reply the tests read (never for checks of determinism, which need two real calls).
        """
        key = hashlib.sha256(driver_name(driver).encode() + wire.dumps(list(args))).hexdigest()
        cache = self.runner.shared
        if key not in cache:
            try:
                cache[key] = ("ok", self.call(driver, *args, timeout=timeout))
            except StudentError as exc:
                cache[key] = ("raised", exc)
        kind, value = cache[key]
        if kind == "raised":
            raise value
        return value

    # -- the reference
    def _reference(self, driver, args):
        mods = self.runner.reference
        if mods is None:
            raise ReferenceUnavailable(f"the reference solutions of {self.runner.assignment.id} are not available")
        return _roundtrip(driver(mods, *args))

    def expected(self, driver, *args):
        """The reference's result for ``driver(…, *args)``: live in graded runs, stored in ``check``."""
        key = f"{self.key}#{self._n_expected}"
        self._n_expected += 1
        if self.fresh:
            return self._reference(driver, args)
        store = self.runner.fixtures
        if self.runner.record:
            value = self._reference(driver, args)
            store.put(key, value)
            return value
        try:
            return store.get(key)
        except KeyError:
            raise ReferenceUnavailable(f"no stored expected value {key}: run `python -m autograder release`") from None

    # -- gradients
    def check_gradients(self, forward_driver, inputs: dict, analytic: dict, *, dout=None, reference: dict | None = None,
                        threshold: float = gradcheck.DEFAULT_THRESHOLD, eps: float = gradcheck.DEFAULT_EPS,
                        names: dict | None = None, batch_size: int | None = None, max_full: int = gradcheck.MAX_FULL):
        """Compare the student's gradients with the gradient of the CORRECT function on the same inputs.

        ``analytic`` maps input names to the gradients the student's code returned. ``reference`` maps the same names to
        the reference solution's analytic gradients; without it, the correct gradient is computed here by central
        differences of the reference's forward pass (``forward_driver`` run on the reference modules). ``dout`` is the
        upstream gradient (None when the forward output is a scalar loss). On a mismatch the message also says whether
        the student's backward at least agrees with the student's own forward (:meth:`consistency_note`).
        """
        if reference is None:
            entries = self.expected(gradcheck.reference_numeric, driver_name(forward_driver), inputs, list(analytic),
                                    dout, eps, int(self.rng.integers(2**32)), max_full)
        else:
            entries = {k: ("exact", np.asarray(reference[k], dtype=np.float64)) for k in analytic}
        for name, grad in analytic.items():
            what = (names or {}).get(name) or T(f"gradient d{name}" if not name.startswith("d") else name,
                                                f"기울기 d{name}" if not name.startswith("d") else name)
            note = (lambda name=name, grad=grad: self.consistency_note(forward_driver, inputs, {name: grad}, dout=dout,
                                                                       eps=eps, max_full=max_full))
            gradcheck.compare(name, grad, entries[name], threshold=threshold, what=what, batch_size=batch_size,
                              note=note)

    # -- feedback about gradients (never a verdict)
    def consistency_note(self, forward_driver, inputs: dict, analytic: dict, *, dout=None,
                         eps: float = gradcheck.DEFAULT_EPS, max_full: int = gradcheck.MAX_FULL) -> Text:
        """Compare the student's gradients with numeric differences of the student's OWN forward pass.

        Used only to explain a gradient that disagrees with the reference: "your backward matches your forward, so the
        forward is what is wrong", or "your backward does not even match your own forward". Never raises.
        """
        try:
            evaluate = lambda points: self.call_many(forward_driver, [[p] for p in points])  # noqa: E731
            numeric = gradcheck.numeric_gradients(evaluate, inputs, list(analytic), dout=dout, eps=eps,
                                                  rng=np.random.default_rng(self.rng.integers(2**32)),
                                                  max_full=max_full)
            errors = [gradcheck.agreement(analytic[k], numeric[k]) for k in analytic]
        except (Fail, StudentError, ValueError, TypeError):
            return T("")
        if all(e <= 1e-5 for e in errors):
            return T(" Your backward agrees with numeric differences of your own forward, so the forward it matches is "
                     "not the right function: fix the forward (see that check) and the backward with it.",
                     " 역전파는 여러분의 순전파를 수치 미분한 값과 일치합니다. 즉 순전파가 올바른 함수가 아닙니다: 순전파를 고치면 "
                     "(해당 검사 참고) 역전파도 함께 맞게 됩니다.")
        return T(" It does not agree with numeric differences of your own forward either: the backward formula itself "
                 "is wrong.",
                 " 여러분의 순전파를 수치 미분한 값과도 다릅니다: 역전파 식 자체가 틀렸습니다.")


def _test_rng(seed: int, key: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(key.encode())])


class AssignmentRunner:
    """Grades one assignment folder.

    ``fresh`` (graded runs): every test's inputs come from ``seed`` and every expected value from the live reference.
    Otherwise (the students' ``check``, and ``record`` at release time) inputs are fixed (seed 0) and expected
    values are the stored ones.
    """

    def __init__(self, assignment: Assignment, folder: Path | None, *, seed: int = 0, public_only: bool = False,
                 fresh: bool = True, limits: Limits | None = None, record: bool = False, exercise_filter=None,
                 sandbox: Sandbox | None = None, isolation: str = "auto"):
        self.assignment = assignment
        self.folder = Path(folder).resolve() if folder is not None else None
        self.seed = seed
        self.public_only = public_only
        self.record = record
        self.fresh = fresh and not record
        self.exercise_filter = exercise_filter
        self.reference = reference_modules(assignment.id)
        self.fixtures = FixtureStore(assignment.id) if record else FixtureStore.load(assignment.id)
        self.limits = limits or Limits()
        self._own_sandbox = sandbox is None and self.folder is not None
        if self._own_sandbox:
            sandbox = Sandbox({assignment.id: self.folder}, self.limits, isolation=isolation)
        self.box = sandbox
        self.worker = None
        self._worker_modules: tuple | None = None
        self._imports: dict[str, StudentError | None] = {}
        self.shared: dict = {}

    def _use_worker(self, modules):
        """One student process per set of student modules: code in layers.py never runs in the process that checks
        functions.py, so a hostile or broken module cannot touch the exercises of another file."""
        key = tuple(sorted(modules))
        if self.worker is None or self._worker_modules != key:
            if self.worker is not None:
                self.worker.close()
            self.worker = self.box.worker(self.assignment.id)
            self._worker_modules = key
            self._imports = {}

    def run(self) -> AssignmentResult:
        start = time.perf_counter()
        result = AssignmentResult(self.assignment.id, self.assignment.title, str(self.folder) if self.folder else None)
        try:
            for ex in self.assignment.exercises:
                if self.exercise_filter and not self.exercise_filter(ex):
                    continue
                result.exercises.append(self.run_exercise(ex))
        finally:
            if self.worker is not None:
                self.worker.close()
            if self._own_sandbox:
                self.box.close()
        _note_failing_dependencies(self.assignment, result)
        result.seconds = time.perf_counter() - start
        return result

    def _selected_tests(self, ex: Exercise) -> list[TestSpec]:
        return [t for t in ex.tests if not (self.public_only and t.hidden)]

    def _import(self, module: str) -> StudentError | None:
        """Import a student module in the current process; a failure is remembered (it would fail again)."""
        if module in self._imports:
            return self._imports[module]
        try:
            self.worker.import_modules([module])
            self._imports[module] = None
        except StudentError as exc:
            self._imports[module] = exc
        return self._imports[module]

    def run_exercise(self, ex: Exercise) -> ExerciseResult:
        tests = self._selected_tests(ex)
        res = ExerciseResult(ex.id, ex.title, list(ex.targets), hint=ex.hint, full_max_score=ex.max_score())
        self.shared = {}

        def all_tests(status, message, cause=None):
            res.tests = [TestResult(t.name, status, 0.0, t.points, message, t.visibility, None, t.title) for t in tests]
            res.cause = cause
            return res

        if self.folder is None:
            return all_tests("missing", T(f"the assignment folder {self.assignment.id} is missing from the submission",
                                          f"제출물에 과제 폴더 {self.assignment.id}이(가) 없습니다"),
                             {"kind": "missing_assignment", "assignment": self.assignment.id})
        for module in ex.modules:
            if not (self.folder / f"{module}.py").is_file():
                return all_tests("missing", T(f"{module}.py is missing from {self.assignment.id}",
                                              f"{self.assignment.id}에 {module}.py 파일이 없습니다"),
                                 {"kind": "missing_file", "file": f"{module}.py"})
        self._use_worker(ex.modules)
        for module in ex.modules:
            try:
                err = self._import(module)
            except IsolationError as exc:
                return all_tests("error", T(f"grader setup problem: {exc}", f"채점기 설정 문제: {exc}"),
                                 {"kind": "isolation"})
            if err is not None:
                status = {"not_implemented": "not_implemented", "timeout": "timeout"}.get(err.kind, "error")
                return all_tests(status, T(f"{module}.py could not be imported: ", f"{module}.py를 import할 수 없습니다: ")
                                 + _student_error_text(err), {"kind": "import", "file": f"{module}.py",
                                                              "status": status, "error": err.message})
        timed_out = False
        for t in tests:
            if timed_out:
                res.tests.append(TestResult(t.name, "timeout", 0.0, t.points,
                                            T("not run: an earlier check of this exercise timed out",
                                              "실행하지 않음: 이 문제의 앞선 검사가 시간 초과되었습니다"), t.visibility,
                                            None, t.title))
                continue
            tr = self.run_test(ex, t)
            timed_out = tr.status == "timeout"
            res.tests.append(tr)
        _apply_requirements(tests, res)
        return res

    def run_test(self, ex: Exercise, t: TestSpec) -> TestResult:
        ctx = Context(self, ex, t, _test_rng(self.seed if self.fresh else 0, f"{ex.id}::{t.name}"))

        def result(status, message, misconception=None):
            score = t.points if status == "passed" else 0.0
            return TestResult(t.name, status, score, t.points, message, t.visibility, misconception, t.title)

        try:
            t.func(ctx)
        except Fail as exc:
            return result("failed", exc.message, exc.misconception)
        except StudentNotImplemented as exc:
            return result("not_implemented", T("not implemented yet (NotImplementedError", "아직 구현되지 않음 (NotImplementedError")
                          + (T(f" in {exc.where})") if exc.where else T(")")))
        except StudentTimeout as exc:
            return result("timeout", _student_error_text(exc))
        except StudentError as exc:
            return result("error", _student_error_text(exc))
        except (ReferenceUnavailable, IsolationError) as exc:
            return result("error", T(f"grader setup problem: {exc}", f"채점기 설정 문제: {exc}"))
        except Exception as exc:  # the student's data broke a check in an unforeseen way
            return result("error", T(f"the result could not be checked ({type(exc).__name__}: {exc})",
                                     f"결과를 검사할 수 없습니다 ({type(exc).__name__}: {exc})"))
        return result("passed", T("passed", "통과"))


def _apply_requirements(tests: list[TestSpec], res: ExerciseResult):
    """A test whose required tests did not pass earns nothing (see :meth:`Exercise.test`); its own verdict stays in the
    message when it had failed by itself."""
    by_name = {tr.name: tr for tr in res.tests}
    changed = True
    while changed:  # until nothing changes: a required test may itself be blocked by one it requires (no cycles)
        changed = False
        for spec in tests:
            changed |= _block_if_required_failed(spec, by_name)


def _block_if_required_failed(spec: TestSpec, by_name: dict) -> bool:
    """Turn a passed test into a blocked one when a test it requires has not passed; True when it changed."""
    tr = by_name.get(spec.name)
    missing = [r for r in spec.requires if r in by_name and not by_name[r].passed]
    if tr is None or not missing or tr.status != "passed":
        return False
    names = ", ".join(f"[{by_name[r].display_name('en')}]" for r in missing)
    names_ko = ", ".join(f"[{by_name[r].display_name('ko')}]" for r in missing)
    tr.status, tr.score, tr.blocked = "failed", 0.0, True
    tr.message = T(f"not counted yet: this property is judged from what your own code reports (not against the "
                   f"reference), so it counts once {names} passes",
                   f"아직 인정되지 않음: 이 성질은 (참조 답안과 비교하지 않고) 여러분의 코드가 알려 주는 값으로 판정하므로 "
                   f"{names_ko}을(를) 통과해야 점수로 인정됩니다")
    return True


def _note_failing_dependencies(assignment: Assignment, result: AssignmentResult):
    """An exercise that uses other exercises' objects (a network uses the layers) and fails while one of those
    fails its own checks gets a note naming it: the cause is most likely there, not in the exercise itself."""
    owner = {}
    for ex in assignment.exercises:
        if ex.targets:
            owner.setdefault(ex.targets[0], ex.id)
    by_id = {e.id: e for e in result.exercises}
    for e in result.exercises:
        if e.status in ("passed", "missing", "not_implemented") or getattr(e, "cause", None):
            continue
        broken = []
        for target in e.targets[1:]:
            dep = by_id.get(owner.get(target, ""))
            if dep is not None and dep.id != e.id and dep.status not in ("passed", "not_implemented", "missing"):
                broken.append(target)
        if broken:
            names = ", ".join(broken)
            e.note = T(f"This exercise uses {names}, which already fails its own checks: fix that first, the failures "
                       f"here may all come from it.",
                       f"이 문제는 {names}을(를) 사용하는데, 그 객체가 자체 검사에서 이미 실패합니다: 먼저 그것을 고치세요. "
                       f"여기의 실패는 모두 그 때문일 수 있습니다.")


def _student_error_text(exc: StudentError):
    where = f" [{exc.where}]" if getattr(exc, "where", "") else ""
    printed = ""
    if getattr(exc, "printed", ""):
        printed = " | printed: " + exc.printed.strip().replace("\n", " ")[:300]
    if isinstance(exc, StudentTimeout):
        return T(f"time-out: the code {exc.message}{where}", f"시간 초과: 제한 시간 안에 끝나지 않았습니다 ({exc.message}){where}")
    return T(f"your code raised an error: {exc.message}{where}{printed}",
             f"코드에서 오류가 발생했습니다: {exc.message}{where}{printed}")
