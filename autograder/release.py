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


def provided_objects(folder: Path) -> dict[str, set[str]]:
    """Top-level classes and functions of a released folder that are complete (provided code, no stub inside)."""
    import ast

    out = {}
    for path in sorted(Path(folder).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in tree.body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                stub = any(isinstance(n, ast.Raise) and "NotImplementedError" in ast.unparse(n) for n in ast.walk(node))
                if not stub:
                    names.add(node.name)
        out[path.stem] = names
    return out


def shipped_answers(assignment_id: str, assignments_dir: Path | None = None) -> dict[str, list[str]]:
    """Which other assignments' graded objects this assignment's release contains as provided code, e.g.
    ``{"a02_backprop": ["Affine", "Relu", ...]}`` for a04 (its layers.py ships complete a02 layers)."""
    from .registry import all_assignments

    assignments_dir = Path(assignments_dir) if assignments_dir else PACKAGE_ROOT / "assignments"
    provided = set().union(*provided_objects(assignments_dir / assignment_id).values())
    out = {}
    for other in all_assignments():
        if other.id == assignment_id:
            continue
        graded = {t.split(".")[-1] for e in other.exercises for t in e.targets[:1]}
        both = sorted(provided & graded)
        if both:
            out[other.id] = both
    return out


STUDENT_FILES = Path(__file__).resolve().parent.parent / "course"
# The grader package as students get it, module by module: a file that is not listed here (a stray copy, notes, a
# later assignment's checks) is never packed. tests/test_release.py keeps this list equal to the package's modules.
PACKAGE_MODULES = {
    "": ["__init__", "__main__", "archives", "classroom", "cli", "data", "expect", "feedback", "figures", "fixtures",
         "gradcheck", "gradescope", "misconceptions", "notebooks", "reference", "registry", "release", "report",
         "results", "runner", "submission", "training", "wire"],
    "isolation": ["__init__", "cgroups", "child", "confine", "errors", "frames", "guard", "host", "landlock", "plans",
                  "sandbox", "seccomp"],
    "checks": ["__init__", "common"],   # + one module per released assignment
    "drivers": ["__init__", "common"],  # + one module per released assignment
}


def _package_files(assignments: list[str]) -> list[tuple[Path, str]]:
    """The grader package as students get it: the listed modules, and the checks, drivers and stored public values of
    the released assignments only (nothing else under autograder/, however it got there)."""
    pkg = PACKAGE_ROOT / "autograder"
    files = []
    for sub, names in PACKAGE_MODULES.items():
        per_assignment = list(assignments) if sub in ("checks", "drivers") else []
        for name in names + per_assignment:
            path = pkg / sub / f"{name}.py"
            if path.is_file():
                files.append((path, f"kit/autograder/{path.relative_to(pkg).as_posix()}"))
    for aid in assignments:
        data = pkg / "public_data" / f"{aid}.json"
        if data.exists():
            files.append((data, f"kit/autograder/public_data/{aid}.json"))
    return files


DATA_FILES = {"datasets/README.md", "datasets/digits.npz", "datasets/mnist/README.md"}


def check_zip_request(assignments, after=(), assignments_dir: Path | None = None) -> list[str]:
    """The assignments a student zip will hold; ReleaseError when one is unknown or when the zip would hand out
    another assignment's answers before that assignment is due (see :func:`shipped_answers`)."""
    from .registry import all_assignments

    assignments_dir = Path(assignments_dir) if assignments_dir else PACKAGE_ROOT / "assignments"
    known = [a.id for a in all_assignments()]
    wanted = list(assignments) if assignments else known
    unknown = [a for a in wanted if a not in known]
    if unknown:
        raise ReleaseError(f"unknown assignment(s) {', '.join(unknown)}; known: {', '.join(known)}")
    for aid in wanted:
        for other, names in shipped_answers(aid, assignments_dir).items():
            if other in wanted:
                raise ReleaseError(f"{aid} ships the answers of {other} ({', '.join(names)}) as provided code: they "
                                   f"cannot be released in the same zip")
            if other not in after:
                raise ReleaseError(
                    f"{aid} ships {', '.join(names)} of {other} as provided code (its graded answers): release it only "
                    f"once {other} is due, and confirm that with --after {other}")
    return wanted


def student_zip(zip_path: Path, assignments_dir: Path | None = None, *, assignments=None, after=()) -> Path:
    """A zip for students with the named assignments (all by default) and what they need to work on them.

    Contents: ``kit/README.md`` (the student README, English and Korean), ``kit/SOURCES.md`` (a summary of the five
    source documents the stubs and hints cite), ``kit/pyproject.toml`` (a light install: numpy and tqdm; Jupyter and
    matplotlib as the ``notebooks`` extra), the grader package with the checks of these assignments only, their stored
    public values, the assignments' stub folders and notebooks, and the data files the notebooks use. Never the
    solutions, the instructor README, the kit's tests, or stray files. An assignment whose release ships another
    assignment's graded objects as provided code (a04 and a05 ship a02's layers) can only be packed once that
    assignment is due: name it with ``after``.
    """
    assignments_dir = Path(assignments_dir) if assignments_dir else PACKAGE_ROOT / "assignments"
    wanted = check_zip_request(assignments, after, assignments_dir)
    zip_path = Path(zip_path)
    entries: list[tuple[Path, str]] = []
    for aid in wanted:
        for p in sorted((assignments_dir / aid).rglob("*")):
            if p.is_file() and not any(part in SKIP_NAMES for part in p.parts):
                entries.append((p, f"kit/assignments/{aid}/{p.relative_to(assignments_dir / aid).as_posix()}"))
    entries += _package_files(wanted)
    for rel in sorted(DATA_FILES):
        if (PACKAGE_ROOT / rel).is_file():
            entries.append((PACKAGE_ROOT / rel, f"kit/{rel}"))
    entries += [(STUDENT_FILES / "README.student.md", "kit/README.md"), (STUDENT_FILES / "SOURCES.md", "kit/SOURCES.md"),
                (PACKAGE_ROOT / "pyproject.toml", "kit/pyproject.toml")]
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for src, arc in entries:
            info = zipfile.ZipInfo(arc, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, src.read_bytes())
    return zip_path
