"""The catalogue of known mistakes: a key per mistake, with its name and what to look at, in English and Korean.

Checks pass the value a mistake would produce to :func:`autograder.expect.close` (or raise
``Fail(..., misconception=key)`` themselves); when a student's wrong answer matches, the feedback names the
mistake instead of only printing an error figure. Reports count how often each key occurs across a class.
"""
from __future__ import annotations

from .registry import T, Text

CATALOGUE: dict[str, tuple[Text, Text]] = {}


def mistake(key: str, name_en: str, name_ko: str, advice_en: str, advice_ko: str):
    CATALOGUE[key] = (T(name_en, name_ko), T(advice_en, advice_ko))


def describe(key: str) -> tuple[Text, Text]:
    return CATALOGUE.get(key, (T(key), T("")))


# --- generic
mistake("wrong_shape", "wrong output shape", "출력 형상 오류",
        "Compare the shapes in the docstring with what your code returns.",
        "docstring에 적힌 형상과 반환값의 형상을 비교해 보세요.")
mistake("not_finite", "NaN or infinite values", "NaN 또는 무한대 값",
        "Look for overflow in exp, log of 0, or division by 0.",
        "exp 오버플로, log(0), 0으로 나누기를 확인하세요.")
mistake("mutates_input", "input modified in place", "입력을 제자리에서 수정",
        "Do not write into the arrays you receive; compute new arrays instead.",
        "전달받은 배열에 값을 쓰지 말고 새 배열을 만드세요.")
mistake("float_not_int", "float returned instead of int", "정수 대신 실수 반환",
        "Return 0 or 1 as int.", "0 또는 1을 정수로 반환하세요.")
mistake("sign_flipped", "sign flipped", "부호가 반대",
        "Your value is the negative of the right one: check the direction of the update or gradient.",
        "값의 부호가 정반대입니다: 갱신 방향이나 기울기의 부호를 확인하세요.")
mistake("transposed", "transposed result", "전치된 결과",
        "Your matrix is the transpose of the right one: check the order of the factors in the matrix product.",
        "결과가 올바른 행렬의 전치입니다: 행렬 곱의 순서를 확인하세요.")
mistake("gradient_scaled", "gradient off by a constant factor", "기울기가 상수배만큼 틀림",
        "Your gradient has the right direction but the wrong size: a missing or extra division by the batch size "
        "or a missing factor 1/2 or 2 are the usual causes.",
        "기울기의 방향은 맞지만 크기가 틀립니다: 배치 크기로 나누기를 빠뜨렸거나 두 번 했는지, 1/2이나 2 배를 확인하세요.")
mistake("gradient_zero", "gradient is zero", "기울기가 0",
        "Your backward returns zeros where the correct gradient is not zero: each input should receive the upstream "
        "gradient times the local derivative (chain rule, 연쇄 법칙).",
        "올바른 기울기가 0이 아닌데 역전파가 0을 반환합니다: 각 입력은 상류 기울기에 국소 미분을 곱한 값을 받아야 합니다 (연쇄 법칙).")
mistake("not_averaged_over_batch", "not averaged over the batch", "배치 평균을 내지 않음",
        "The value is N times too large: divide the sum by the batch size N.",
        "값이 N배 큽니다: 합을 배치 크기 N으로 나누세요.")
mistake("averaged_twice", "divided by the batch size twice (or when not needed)", "배치 크기로 두 번(불필요하게) 나눔",
        "The value is N times too small: check where you divide by the batch size N.",
        "값이 N배 작습니다: 배치 크기 N으로 나누는 위치를 확인하세요.")


def load_all():
    """Import every checks module so that their mistakes are registered too."""
    from . import checks  # noqa: F401
