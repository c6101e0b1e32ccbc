"""Guided notebooks: the student release of a notebook, and the hidden part of its autograded test cells.

:func:`release_notebook` turns the nbgrader *source* version of a notebook (``solutions/<id>/<id>.ipynb``) into the
student version, exactly as ``nbgrader generate_assignment`` does (nbgrader 0.9's preprocessors LockCells,
ClearSolutions, ClearOutput, ClearHiddenTests, ClearMarkScheme and ComputeChecksums, with their default markers
and stubs), so that ``python -m autograder release`` and ``nbgrader generate_assignment`` write the same file:

* in every cell, a region between lines containing ``BEGIN SOLUTION`` and ``END SOLUTION`` becomes the stub
  (code: ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` at the marker's indentation; Markdown:
  ``YOUR ANSWER HERE``); a solution cell without a region becomes the stub entirely;
* lines from ``BEGIN HIDDEN TESTS`` to ``END HIDDEN TESTS`` are removed, and in Markdown the lines from
  ``=== BEGIN MARK SCHEME ===`` to ``=== END MARK SCHEME ===``;
* outputs and execution counts are cleared; grade, solution and read-only cells are locked (``deletable`` /
  ``editable``) and get nbgrader's ``checksum`` and ``cell_type``;
* the notebook is written as nbformat writes it (what nbgrader's exporter produces).

:func:`hidden_check` is what the hidden region of a test cell calls.
"""
from __future__ import annotations

import re

from .release import ReleaseError

CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
_SOLUTION = ("BEGIN SOLUTION", "END SOLUTION")
_HIDDEN = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
_SCHEME = ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ===")


def _regions(source: str, markers, stub: str | None, what: str) -> tuple[str, bool]:
    """Replace (``stub``) or drop (``None``) every region between marker lines, line by line as nbgrader does."""
    begin, end = markers
    out, inside, found = [], False, False
    for line in source.split("\n"):
        if begin in line:
            if inside:
                raise ReleaseError(f"nested {begin} in a notebook cell ({what})")
            inside = found = True
            if stub is not None:
                indent = re.match(r"\s*", line).group(0)
                out.extend(indent + s for s in stub.split("\n"))
        elif end in line:
            if not inside:
                raise ReleaseError(f"{end} without {begin} in a notebook cell ({what})")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ReleaseError(f"{begin} is never closed in a notebook cell ({what})")
    return "\n".join(out), found


def release_notebook(text: str) -> str:
    """The student version of an nbgrader source notebook (see the module docstring)."""
    import nbformat
    from nbgrader.utils import compute_checksum, is_grade, is_locked, is_solution

    nb = nbformat.reads(text, as_version=4)
    nb.metadata.pop("celltoolbar", None)
    for index, cell in enumerate(nb.cells):
        what = f"cell {index}"
        grade, solution, locked = is_grade(cell), is_solution(cell), is_locked(cell)
        # LockCells (lock_solution_cells, lock_grade_cells and lock_readonly_cells are on by default)
        if solution:
            cell.metadata["deletable"] = False
        elif grade or locked:
            cell.metadata["deletable"] = False
            cell.metadata["editable"] = False
        # ClearSolutions
        source, replaced = _regions(cell.source, _SOLUTION, CODE_STUB if cell.cell_type == "code" else TEXT_STUB,
                                    what)
        if replaced and not solution:
            raise ReleaseError(f"solution region in a cell that is not an nbgrader solution cell ({what})")
        if solution and not replaced:
            source = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
        # ClearOutput
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            for field in ("collapsed", "scrolled"):
                cell.metadata.pop(field, None)
        # ClearHiddenTests, ClearMarkScheme
        source, hidden = _regions(source, _HIDDEN, None, what)
        if hidden and not grade:
            raise ReleaseError(f"hidden tests in a cell that is not an nbgrader grade cell ({what})")
        if cell.cell_type == "markdown":
            source, _ = _regions(source, _SCHEME, None, what)
        cell.source = source
        # ComputeChecksums
        if grade or solution or locked:
            cell.metadata["nbgrader"]["checksum"] = compute_checksum(cell)
            cell.metadata["nbgrader"]["cell_type"] = cell.cell_type
    out = nbformat.writes(nb)
    return out if out.endswith("\n") else out + "\n"


def hidden_check(target: str, *, lang: str = "en", verbose: bool = False, seed: int | None = None):
    """Run every check of ``target`` — public and hidden — on the notebook's folder and print the verdict.

    Used in the hidden part of the guided notebooks' autograded test cells (``### BEGIN HIDDEN TESTS``), which the
    release removes: students never see or run it; ``nbgrader autograde`` puts it back and runs it. The hidden checks
    draw fresh random inputs (``seed=None``) and compare with the reference solutions, so they need ``solutions/``:
    the kit's own (editable install or ``$AUTOGRADER_SOLUTIONS``) or, for an nbgrader course whose root holds
    ``solutions/`` (``autograded/<student>/<id>/`` three levels below it), that one. Raises ``AssertionError``
    unless every check passed, so the test cell fails (0 points in nbgrader). Returns the result.
    """
    import os
    from pathlib import Path

    from .cli import _check_target
    from .reference import solutions_dir
    from .report import console_table
    from .submission import grade

    folder, aid, prefix = _check_target(target)
    if solutions_dir() is None:
        for base in [Path.cwd(), *Path.cwd().parents][:5]:
            if (base / "solutions" / aid).is_dir():
                os.environ["AUTOGRADER_SOLUTIONS"] = str(base / "solutions")
                break
        else:
            raise RuntimeError("the hidden checks need the reference solutions: set $AUTOGRADER_SOLUTIONS to the "
                               "kit's solutions/ folder")
    filt = (lambda ex: ex.id == prefix) if prefix else None
    result = grade(folder, assignment=aid, public_only=False, exercise_filter=filt, seed=seed)
    print(console_table(result, lang, verbose=verbose))
    bad = [e.id for e in result.exercises() if e.status != "passed"]
    if bad or not list(result.exercises()):
        raise AssertionError(f"checks not passed: {', '.join(bad) or target}")
    return result
