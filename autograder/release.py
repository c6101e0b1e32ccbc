"""Make the student version: ``solutions/`` → ``assignments/`` plus the public checks' stored expected values.

In every ``.py`` file each region ::

    <indent>### BEGIN SOLUTION
    ...
    <indent>### END SOLUTION

becomes ``<indent># YOUR CODE HERE`` and ``<indent>raise NotImplementedError()``; everything else (docstrings,
signatures, provided code) is kept byte for byte. Notebooks are released by :mod:`autograder.notebooks`
(solution cells, hidden tests and mark schemes removed). The output is deterministic, so a test can demand that
the committed ``assignments/`` equals a fresh release.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from .reference import PACKAGE_ROOT

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
_BEGIN_RE = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[ \t]*$")
_END_RE = re.compile(r"^[ \t]*### END SOLUTION[ \t]*$")


class ReleaseError(Exception):
    pass


def strip_solutions(source: str, filename: str = "<source>") -> str:
    """Replace every solution region of a Python source by the stub lines (raises on unbalanced markers)."""
    out, indent, start = [], None, 0
    for lineno, line in enumerate(source.splitlines(keepends=True), 1):
        text = line.rstrip("\r\n")
        begin = _BEGIN_RE.match(text)
        if indent is None:
            if begin:
                indent, start = begin.group("indent"), lineno
                out.append(f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError()\n")
            elif _END_RE.match(text):
                raise ReleaseError(f"{filename}:{lineno}: {END} without {BEGIN}")
            else:
                out.append(line)
        else:
            if begin:
                raise ReleaseError(f"{filename}:{lineno}: nested {BEGIN} (the region opened at line {start})")
            if _END_RE.match(text):
                indent = None
    if indent is not None:
        raise ReleaseError(f"{filename}:{start}: {BEGIN} is never closed")
    return "".join(out)


def solution_regions(source: str) -> list[str]:
    """The lines inside solution regions (used by tests that look for leaks)."""
    lines, inside = [], False
    for line in source.splitlines():
        if _BEGIN_RE.match(line):
            inside = True
        elif _END_RE.match(line):
            inside = False
        elif inside:
            lines.append(line)
    return lines


def _release_file(src: Path, dst: Path):
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.suffix == ".py":
        text = strip_solutions(src.read_text(encoding="utf-8"), str(src))
        dst.write_bytes(text.encode("utf-8"))
    elif src.suffix == ".ipynb":
        from .notebooks import release_notebook

        dst.write_bytes(release_notebook(src.read_text(encoding="utf-8")).encode("utf-8"))
    else:
        shutil.copyfile(src, dst)


def release_assignment(src_dir: Path, dst_dir: Path):
    """Release one assignment folder into ``dst_dir`` (replacing its previous content)."""
    if dst_dir.exists():
        shutil.rmtree(dst_dir)
    for src in sorted(src_dir.rglob("*")):
        rel = src.relative_to(src_dir)
        if any(part in SKIP_NAMES for part in rel.parts) or src.is_dir():
            continue
        _release_file(src, dst_dir / rel)


def record_fixtures(assignment_ids=None, *, save: bool = True):
    """Run the public tests on the reference solutions and store the values they compare against.

    Returns ``{assignment id: FixtureStore}``. Fails loudly if a public test does not pass on the reference.
    """
    from .registry import all_assignments
    from .reference import solutions_dir
    from .runner import AssignmentRunner

    stores = {}
    root = solutions_dir()
    for a in all_assignments():
        if assignment_ids and a.id not in assignment_ids:
            continue
        runner = AssignmentRunner(a, root / a.id, public_only=True, record=True)
        result = runner.run()
        bad = [f"{e.id}: {e.feedback().en}" for e in result.exercises if e.status != "passed"]
        if bad:
            raise ReleaseError("public checks fail on the reference solutions:\n  " + "\n  ".join(bad))
        stores[a.id] = runner.fixtures
        if save:
            runner.fixtures.save()
    return stores


def release(solutions: Path | None = None, out: Path | None = None, *, fixtures: bool = True) -> list[str]:
    """Regenerate ``out`` (default ``assignments/``) from ``solutions``; returns the assignment ids released."""
    solutions = Path(solutions) if solutions else PACKAGE_ROOT / "solutions"
    out = Path(out) if out else PACKAGE_ROOT / "assignments"
    if not solutions.is_dir():
        raise ReleaseError(f"{solutions} does not exist")
    ids = sorted(p.name for p in solutions.iterdir() if p.is_dir() and p.name not in SKIP_NAMES)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.iterdir():
        if stale.is_dir() and stale.name not in ids:
            shutil.rmtree(stale)
    for aid in ids:
        release_assignment(solutions / aid, out / aid)
    if fixtures:
        record_fixtures(ids)
    return ids


def student_zip(zip_path: Path, assignments_dir: Path | None = None):
    """A zip for students: the released assignments, the grader package (public data only) and install files."""
    assignments_dir = Path(assignments_dir) if assignments_dir else PACKAGE_ROOT / "assignments"
    zip_path = Path(zip_path)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        def add_tree(base: Path, arc_prefix: str):
            for p in sorted(base.rglob("*")):
                if p.is_file() and not any(part in SKIP_NAMES for part in p.parts):
                    zf.write(p, f"{arc_prefix}/{p.relative_to(base).as_posix()}")
        add_tree(assignments_dir, "kit/assignments")
        add_tree(PACKAGE_ROOT / "autograder", "kit/autograder")
        if (PACKAGE_ROOT / "datasets").is_dir():
            add_tree(PACKAGE_ROOT / "datasets", "kit/datasets")
        for name in ("pyproject.toml", "README.md"):
            if (PACKAGE_ROOT / name).exists():
                zf.write(PACKAGE_ROOT / name, f"kit/{name}")
    return zip_path
