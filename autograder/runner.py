"""Grade one assignment folder: run every exercise's tests against the student's sandboxed code.

For each exercise the runner checks that the student's files exist, imports the target modules in the sandbox
(once per module; an import that fails, hangs or crashes costs the exercises of that module only), then runs the
tests. A test gets a :class:`Context` with:

* ``ctx.rng`` - a generator seeded per test: fixed for public tests, from the run's seed for hidden ones;
* ``ctx.call(driver, *args)`` - run ``driver(student_modules, *args)`` in the student's process;
* ``ctx.expected(driver, *args)`` - the same driver on the reference: live for hidden tests, the stored value
  (``public_data/``) for public ones, recorded when the release step runs;
* ``ctx.check_gradients(...)`` - numeric gradient check of a student forward pass (see :mod:`.gradcheck`).
"""
from __future__ import annotations

import time
import zlib
from pathlib import Path

import numpy as np

from . import gradcheck, wire
from .fixtures import FixtureStore
from .reference import reference_modules
from .registry import Assignment, Exercise, Fail, T, TestSpec
from .results import AssignmentResult, ExerciseResult, TestResult
from .sandbox import (DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Sandbox, StudentError, StudentNotImplemented,
                      StudentTimeout)


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

    # -- the student's code
    def call(self, driver, *args, timeout: float | None = None):
        return self.runner.sandbox.call(driver_name(driver), *args, timeout=timeout or self.test.timeout)

    def call_many(self, driver, arg_lists, timeout: float | None = None):
        return self.runner.sandbox.call_many(driver_name(driver), arg_lists, timeout=timeout or self.test.timeout)

    # -- the reference
    def _reference(self, driver, args):
        mods = self.runner.reference
        if mods is None:
            raise ReferenceUnavailable(f"the reference solutions of {self.runner.assignment.id} are not available")
        return _roundtrip(driver(mods, *args))

    def expected(self, driver, *args):
        """The reference's result for ``driver(…, *args)``: stored for public tests, live for hidden ones."""
        key = f"{self.key}#{self._n_expected}"
        self._n_expected += 1
        if self.test.hidden:
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

    # -- gradient checks
    def check_gradients(self, forward_driver, inputs: dict, analytic: dict, *, dout=None,
                        threshold: float = gradcheck.DEFAULT_THRESHOLD, eps: float = gradcheck.DEFAULT_EPS,
                        names: dict | None = None, batch_size: int | None = None, max_full: int = gradcheck.MAX_FULL):
        """Compare the student's analytic gradients with numeric ones of the student's own forward pass.

        ``forward_driver(mods, inputs)`` returns the forward output for a dict of inputs; ``analytic`` maps input
        names to the gradients the student's backward returned; ``dout`` is the upstream gradient (None when the
        forward output is a scalar loss). ``names`` gives display names (Text) per input.
        """
        evaluate = lambda points: self.call_many(forward_driver, [[p] for p in points])  # noqa: E731
        numeric = gradcheck.numeric_gradients(evaluate, inputs, list(analytic), dout=dout, eps=eps,
                                              rng=np.random.default_rng(self.rng.integers(2**32)),
                                              max_full=max_full)
        for name, grad in analytic.items():
            what = (names or {}).get(name) or T(f"gradient d{name}" if not name.startswith("d") else name,
                                                f"기울기 d{name}" if not name.startswith("d") else name)
            gradcheck.compare(name, grad, numeric[name], threshold=threshold, what=what, batch_size=batch_size)


def _test_rng(seed: int, key: str, hidden: bool) -> np.random.Generator:
    return np.random.default_rng([seed if hidden else 0, zlib.crc32(key.encode())])


class AssignmentRunner:
    """Grades one assignment folder (or records the public fixtures when ``record``)."""

    def __init__(self, assignment: Assignment, folder: Path | None, *, seed: int = 0, public_only: bool = False,
                 timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB, record: bool = False,
                 exercise_filter=None):
        self.assignment = assignment
        self.folder = Path(folder).resolve() if folder is not None else None
        self.seed = seed
        self.public_only = public_only
        self.record = record
        self.exercise_filter = exercise_filter
        self.reference = reference_modules(assignment.id)
        self.fixtures = FixtureStore(assignment.id) if record else FixtureStore.load(assignment.id)
        self.timeout, self.memory_mb = timeout, memory_mb
        self.sandbox: Sandbox | None = None
        self._sandbox_modules: tuple | None = None
        self._imports: dict[str, StudentError | None] = {}

    def _use_sandbox(self, modules):
        """One child process per set of student modules: code in layers.py never runs in the process that checks
        functions.py, so a hostile or broken module cannot touch the exercises of another file."""
        key = tuple(sorted(modules))
        if self.sandbox is None or self._sandbox_modules != key:
            if self.sandbox is not None:
                self.sandbox.close()
            self.sandbox = Sandbox(self.folder, timeout=self.timeout, memory_mb=self.memory_mb)
            self._sandbox_modules = key

    def run(self) -> AssignmentResult:
        start = time.perf_counter()
        result = AssignmentResult(self.assignment.id, self.assignment.title, str(self.folder) if self.folder else None)
        try:
            for ex in self.assignment.exercises:
                if self.exercise_filter and not self.exercise_filter(ex):
                    continue
                result.exercises.append(self.run_exercise(ex))
        finally:
            if self.sandbox is not None:
                self.sandbox.close()
        result.seconds = time.perf_counter() - start
        return result

    def _selected_tests(self, ex: Exercise) -> list[TestSpec]:
        return [t for t in ex.tests if not (self.public_only and t.hidden)]

    def _import(self, module: str) -> StudentError | None:
        """Import a student module in the current child; a failure is remembered (it would fail again)."""
        if self._imports.get(module, None) is not None:
            return self._imports[module]
        try:
            self.sandbox.import_modules([module])
            self._imports[module] = None
        except StudentError as exc:
            self._imports[module] = exc
        return self._imports[module]

    def run_exercise(self, ex: Exercise) -> ExerciseResult:
        tests = self._selected_tests(ex)
        res = ExerciseResult(ex.id, ex.title, list(ex.targets), hint=ex.hint)

        def all_tests(status, message, misconception=None):
            res.tests = [TestResult(t.name, status, 0.0, t.points, message, t.visibility, misconception) for t in tests]
            return res

        if self.folder is None:
            return all_tests("missing", T(f"the assignment folder {self.assignment.id} is missing from the submission",
                                          f"제출물에 과제 폴더 {self.assignment.id}이(가) 없습니다"))
        for module in ex.modules:
            if not (self.folder / f"{module}.py").is_file():
                return all_tests("missing", T(f"{module}.py is missing from {self.assignment.id}",
                                              f"{self.assignment.id}에 {module}.py 파일이 없습니다"))
        self._use_sandbox(ex.modules)
        for module in ex.modules:
            err = self._import(module)
            if err is not None:
                status = {"not_implemented": "not_implemented", "timeout": "timeout"}.get(err.kind, "error")
                return all_tests(status, T(f"{module}.py could not be imported: ", f"{module}.py를 import할 수 없습니다: ")
                                 + _student_error_text(err))
        timed_out = False
        for t in tests:
            if timed_out:
                res.tests.append(TestResult(t.name, "timeout", 0.0, t.points,
                                            T("not run: an earlier check of this exercise timed out",
                                              "실행하지 않음: 이 문제의 앞선 검사가 시간 초과되었습니다"), t.visibility))
                continue
            tr = self.run_test(ex, t)
            timed_out = tr.status == "timeout"
            res.tests.append(tr)
        return res

    def run_test(self, ex: Exercise, t: TestSpec) -> TestResult:
        ctx = Context(self, ex, t, _test_rng(self.seed, f"{ex.id}::{t.name}", t.hidden))

        def result(status, message, misconception=None):
            score = t.points if status == "passed" else 0.0
            return TestResult(t.name, status, score, t.points, message, t.visibility, misconception)

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
        except ReferenceUnavailable as exc:
            return result("error", T(f"grader setup problem: {exc}", f"채점기 설정 문제: {exc}"))
        except Exception as exc:  # the student's data broke a check in an unforeseen way
            return result("error", T(f"the result could not be checked ({type(exc).__name__}: {exc})",
                                     f"결과를 검사할 수 없습니다 ({type(exc).__name__}: {exc})"))
        return result("passed", T("passed", "통과"))


def _student_error_text(exc: StudentError):
    where = f" [{exc.where}]" if getattr(exc, "where", "") else ""
    printed = ""
    if getattr(exc, "printed", ""):
        printed = " | printed: " + exc.printed.strip().replace("\n", " ")[:300]
    if isinstance(exc, StudentTimeout):
        return T(f"time-out: the code {exc.message}{where}", f"시간 초과: 제한 시간 안에 끝나지 않았습니다 ({exc.message}){where}")
    return T(f"your code raised an error: {exc.message}{where}{printed}",
             f"코드에서 오류가 발생했습니다: {exc.message}{where}{printed}")
