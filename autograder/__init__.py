"""Autograder of the deep-learning-from-scratch exercise kit (딥러닝 밑바닥 실습 자동 채점기).

Command line: ``python -m autograder grade|grade-class|check|release`` (see README.md).
In a notebook: ``from autograder import check; check("a02_backprop.layers.Affine")``.
"""
__version__ = "0.1.0"


def check(target: str, *, lang: str = "en", strict: bool = False, verbose: bool = False):
    """Run the public checks of an assignment or one exercise on the student's folder and print the verdict.

    ``target`` is an assignment id (``"a02_backprop"``) or an exercise id (``"a02_backprop.layers.Affine"``).
    The folder is the current one when it is the assignment's folder (as in its notebook), else
    ``./<id>`` or ``./assignments/<id>``. With ``strict=True`` an ``AssertionError`` is raised unless every
    check passed (used by the notebooks' autograded test cells). Returns the result object.
    """
    from .cli import run_check
    from .report import console_table

    result = run_check(target, lang=lang)
    print(console_table(result, lang, verbose=verbose, hints=True))
    if strict:
        bad = [e.id for e in result.exercises() if e.status != "passed"]
        if bad or not list(result.exercises()):
            raise AssertionError(f"checks not passed: {', '.join(bad) or target}")
    return result
