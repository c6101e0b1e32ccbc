"""Comparison helpers for checks. They run in the grader, on plain data the student process sent back.

Every helper raises :class:`autograder.registry.Fail` with an English and a Korean message that says what was
compared, how (tolerance), where it differs, and - when the wrong value matches a known mistake from
:mod:`autograder.misconceptions` - which mistake it is and what to look at.
"""
from __future__ import annotations

import numbers

import numpy as np

from .isolation.errors import StudentException, StudentNotImplemented
from .misconceptions import describe as describe_mistake
from .registry import Fail, T, Text
from .wire import Opaque, Raised


def fail(en: str, ko: str, misconception: str | None = None):
    raise Fail(T(en, ko), misconception)


def unwrap(value):
    """A value a driver sent back. A :class:`Raised` record (the student's code raised in that stage of the call)
    becomes the student's error here, so it costs the checks that need that stage and no other."""
    if isinstance(value, Raised):
        args = dict(exc_type=value.type_name, where=value.where)
        if value.kind == "not_implemented":
            raise StudentNotImplemented(value.message or "NotImplementedError", **args)
        if value.kind == "exit":
            raise StudentException(f"the code called sys.exit({value.message})", **args)
        if value.kind == "memory":
            raise StudentException("ran out of memory", **args)
        raise StudentException(f"{value.type_name}: {value.message}" if value.type_name else value.message, **args)
    return value


def _kind_of(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, Opaque):
        return value.type_name
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    return type(value).__name__


def _none_hint(value) -> Text:
    if value is None:
        return T(" (missing `return`?)", " (`return`을 빠뜨렸나요?)")
    return T("")


def array(got, what: Text, *, shape=None, finite: bool = True) -> np.ndarray:
    """Check that ``got`` is a real-valued numpy array (of ``shape`` if given); return it as float64."""
    got = unwrap(got)
    if not isinstance(got, np.ndarray):
        if isinstance(got, (numbers.Number, np.generic)) and shape == ():
            got = np.asarray(got)
        else:
            kind = _kind_of(got)
            raise Fail(T(f"{what.en}: expected a numpy array, got {kind}", f"{what.ko}: numpy 배열이어야 하는데 {kind}을(를) 반환했습니다")
                       + _none_hint(got))
    if got.dtype.kind not in "biuf":
        raise Fail(T(f"{what.en}: expected real numbers, got dtype {got.dtype}", f"{what.ko}: 실수 배열이어야 하는데 dtype이 {got.dtype}입니다"))
    if shape is not None and tuple(got.shape) != tuple(shape):
        raise Fail(T(f"{what.en}: shape {tuple(got.shape)}, expected {tuple(shape)}",
                     f"{what.ko}: 형상(shape)이 {tuple(got.shape)}인데 {tuple(shape)}이어야 합니다"), "wrong_shape")
    out = got.astype(np.float64)
    if finite and not np.all(np.isfinite(out)):
        bad = int(np.size(out) - np.count_nonzero(np.isfinite(out)))
        raise Fail(T(f"{what.en}: {bad} value(s) are NaN or infinite (overflow? log of 0? division by 0?)",
                     f"{what.ko}: 값 {bad}개가 NaN 또는 무한대입니다 (오버플로? log(0)? 0으로 나눔?)"), "not_finite")
    return out


def scalar(got, what: Text) -> float:
    """Check that ``got`` is one real number (Python or numpy scalar, or a 0-d/size-1 array); return it."""
    got = unwrap(got)
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "biuf":
        got = got.reshape(())[()]
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (numbers.Real, np.integer, np.floating)):
        kind = _kind_of(got)
        raise Fail(T(f"{what.en}: expected one number, got {kind}", f"{what.ko}: 숫자 하나여야 하는데 {kind}을(를) 반환했습니다")
                   + _none_hint(got))
    value = float(got)
    if not np.isfinite(value):
        raise Fail(T(f"{what.en}: the value is {value} (overflow? log of 0?)", f"{what.ko}: 값이 {value}입니다 (오버플로? log(0)?)"),
                   "not_finite")
    return value


K_SE = 6  # standard errors allowed by statistical checks (false failure probability about 1e-9 per check)


def matches(got, cand, rtol: float, atol: float) -> bool:
    """True when ``got`` equals the candidate value ``cand`` (same shape, finite, within the tolerance)."""
    if isinstance(got, Raised):
        return False
    if cand is None or not isinstance(got, (np.ndarray, np.generic, float, int)):
        return False
    try:
        cand = np.asarray(cand, dtype=np.float64)
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if cand.shape != got.shape or not np.all(np.isfinite(cand)) or not np.all(np.isfinite(got)):
        return False
    return bool(np.allclose(got, cand, rtol=rtol, atol=atol))


_match = matches


def named_mistake(what: Text, key: str, detail: Text | None = None) -> Fail:
    """The failure for a wrong value that matches the known mistake ``key`` (name and advice in both languages)."""
    name, advice = describe_mistake(key)
    detail = detail or T("")
    return Fail(T(f"{what.en} is wrong{detail.en}, and it matches a known mistake: {name.en}. {advice.en}",
                  f"{what.ko} 값이 틀렸고{detail.ko}, 알려진 실수와 일치합니다: {name.ko}. {advice.ko}"), key)


_mistake_fail = named_mistake


def close(got, want, what: Text, *, rtol: float = 1e-7, atol: float = 1e-9, mistakes: dict | None = None,
          shape_from_want: bool = True):
    """Check that array ``got`` equals ``want`` within ``|got-want| <= atol + rtol*|want|`` elementwise.

    ``mistakes`` maps a misconception key to the value that mistake would produce (array, or a function returning
    it, evaluated only when needed); if the wrong answer matches one, the message names it.
    """
    got = unwrap(got)
    want = np.asarray(want, dtype=np.float64)
    if mistakes and isinstance(got, np.ndarray) and got.dtype.kind in "biuf" and got.shape != want.shape:
        for key, cand in mistakes.items():
            cand = cand() if callable(cand) else cand
            if _match(got.astype(np.float64), cand, rtol, atol):
                raise _mistake_fail(what, key)
    got = array(got, what, shape=want.shape if shape_from_want else None, finite=bool(np.all(np.isfinite(want))))
    ok = np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    if np.all(ok):
        return
    for key, cand in (mistakes or {}).items():
        cand = cand() if callable(cand) else cand
        if _match(got, cand, rtol, atol):
            raise _mistake_fail(what, key)
    n_bad = int(ok.size - np.count_nonzero(ok))
    diff = np.abs(got - want)
    diff[ok] = -1
    idx = np.unravel_index(int(np.argmax(diff)), want.shape) if want.ndim else ()
    at = f" at index {tuple(int(i) for i in idx)}" if want.ndim else ""
    g, w = float(got[idx]), float(want[idx])
    rule = f"|got − expected| ≤ {atol:g} + {rtol:g}·|expected|"
    raise Fail(T(f"{what.en}: {n_bad} of {want.size} value(s) differ from the expected ones; e.g.{at} got {g:.10g}, "
                 f"expected {w:.10g} (tolerance {rule})",
                 f"{what.ko}: {want.size}개 중 {n_bad}개 값이 기대값과 다릅니다; 예:{at.replace(' at index', ' 인덱스')} "
                 f"{g:.10g}, 기대값 {w:.10g} (허용 오차 {rule})"))


def scalar_close(got, want: float, what: Text, *, rtol: float = 1e-7, atol: float = 1e-9, mistakes: dict | None = None):
    """Like :func:`close` for one number."""
    value = scalar(got, what)
    if abs(value - want) <= atol + rtol * abs(want):
        return value
    for key, cand in (mistakes or {}).items():
        cand = cand() if callable(cand) else cand
        try:
            cand = float(cand)
        except (TypeError, ValueError):
            continue
        if np.isfinite(cand) and abs(value - cand) <= atol + rtol * abs(cand):
            raise _mistake_fail(what, key)
    rule = f"|got − expected| ≤ {atol:g} + {rtol:g}·|expected|"
    raise Fail(T(f"{what.en}: got {value:.10g}, expected {want:.10g} (tolerance {rule})",
                 f"{what.ko}: {value:.10g}을(를) 반환했는데 기대값은 {want:.10g}입니다 (허용 오차 {rule})"))


def integer(got, what: Text) -> int:
    """Check that ``got`` is an integer (Python int or numpy integer; bool counts as 0/1)."""
    got = unwrap(got)
    if isinstance(got, np.ndarray) and got.shape == () and got.dtype.kind in "biu":
        got = got[()]
    if isinstance(got, (bool, np.bool_, int, np.integer)):
        return int(got)
    if isinstance(got, (float, np.floating)) and float(got).is_integer():
        raise Fail(T(f"{what.en}: returned the float {got!r}; return an int (e.g. `return 1`, not `return 1.0`)",
                     f"{what.ko}: 실수 {got!r}를 반환했습니다; 정수를 반환하세요 (`return 1.0`이 아니라 `return 1`)"), "float_not_int")
    kind = _kind_of(got)
    raise Fail(T(f"{what.en}: expected an int, got {kind}", f"{what.ko}: 정수여야 하는데 {kind}을(를) 반환했습니다") + _none_hint(got))


def unchanged(before: np.ndarray, after, what: Text):
    """The student's code must not modify its input arrays."""
    after = unwrap(after)
    after = array(after, what, shape=np.shape(before), finite=False)
    if not np.array_equal(np.asarray(before, dtype=np.float64), after, equal_nan=True):
        raise Fail(T(f"{what.en} was modified in place; the function must not change its inputs (work on a copy)",
                     f"{what.ko}이(가) 제자리에서 바뀌었습니다; 입력을 바꾸지 말고 복사본으로 계산하세요"), "mutates_input")
