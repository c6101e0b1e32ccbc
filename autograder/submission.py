"""Find the assignment folders in a submission (a folder of assignment folders, one assignment folder, or an archive
of either: .zip, .tar, .tar.gz, .tgz) and grade them in one sandbox."""
from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .archives import ArchiveError, copy_folder, extract
from .registry import all_assignments, get_assignment
from .results import SubmissionResult
from .isolation import Limits, Sandbox
from .runner import AssignmentRunner

DEFAULT_THREADS = int(os.environ.get("AUTOGRADER_THREADS", str(min(2, os.cpu_count() or 1))))


class SubmissionError(Exception):
    """The submission cannot be read (usage error or unreadable path)."""


def unpack(path: Path, dest: Path) -> Path:
    """Unpack an archive submission into ``dest``; the submission root inside it (a single wrapper folder such as
    ``hw/…`` is looked into)."""
    try:
        extract(path, dest)
    except ArchiveError as exc:
        raise SubmissionError(str(exc)) from None
    entries = [p for p in dest.iterdir() if not p.name.startswith(".")]
    ids = {a.id for a in all_assignments()}
    if len(entries) == 1 and entries[0].is_dir() and entries[0].name not in ids:
        return entries[0]
    return dest


def locate(root: Path, only: str | None = None, _depth: int = 0) -> dict[str, Path | None]:
    """Map assignment ids to folders in ``root``. A folder of assignment folders maps every known id (absent →
    None); a single assignment folder maps its own id (by ``only``, its name, its notebook or its files)."""
    ids = [a.id for a in all_assignments()]
    if only is not None:
        get_assignment(only)  # raises KeyError for an unknown id
    subdirs = {p.name: p for p in root.iterdir() if p.is_dir()} if root.is_dir() else {}
    visible = {n: p for n, p in subdirs.items() if not n.startswith((".", "__"))}
    if (_depth < 3 and len(visible) == 1 and not any(root.glob("*.py")) and not any(root.glob("*.ipynb"))
            and next(iter(visible)) not in ids):
        return locate(next(iter(visible.values())), only, _depth + 1)  # a wrapper folder ("hw2/…"): look inside it
    if any(i in subdirs for i in ids):
        wanted = [only] if only else ids
        return {i: subdirs.get(i) for i in wanted}
    if only:
        return {only: root}
    if root.name in ids:
        return {root.name: root}
    for i in ids:
        if (root / f"{i}.ipynb").exists():
            return {i: root}
    present = {p.name for p in root.glob("*.py")}
    scores = {a.id: len(present & set(a.files)) / len(a.files) for a in all_assignments()}
    best = max(scores.values(), default=0)
    winners = [i for i, s in scores.items() if s == best and s > 0]
    if len(winners) == 1:
        return {winners[0]: root}
    if not winners:
        raise SubmissionError(f"{root} holds no assignment folder ({', '.join(ids)}) and no assignment files")
    raise SubmissionError(f"{root} could be any of {', '.join(winners)}: name it with --assignment")


def grade(path, *, assignment: str | None = None, seed: int | None = None, public_only: bool = False,
          timeout: float | None = None, memory_mb: int | None = None, exercise_filter=None,
          progress=None, threads: int | None = None, isolation: str = "auto", fresh: bool = True) -> SubmissionResult:
    """Grade a submission path (folder or zip). Raises :class:`SubmissionError` when it cannot be read.

    ``fresh`` (graded runs): every test's inputs are drawn from ``seed`` and compared with the live reference.
    ``fresh=False`` is the students' ``check``: the fixed public inputs and their stored expected values.
    The student's code runs in one sandbox for the whole submission (``isolation``: auto, strict or process).
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionError(f"{path} does not exist")
    seed = secrets.randbits(32) if seed is None else int(seed)
    start = time.perf_counter()
    tmp = None
    box = None
    try:
        # The grader never works on the submitted files in place: a folder is copied by the archive rules (no link is
        # followed — one could point at the solutions or another student —, no compiled code), an archive unpacked.
        tmp = Path(tempfile.mkdtemp(prefix="autograder-submission-"))
        os.chmod(tmp, 0o755)
        notes: list[str] = []
        if path.is_file():
            root = unpack(path, tmp)
        else:
            root = tmp / (path.resolve().name or "submission")  # the name tells which assignment a lone folder is
            try:
                notes = copy_folder(path, root)
            except ArchiveError as exc:
                raise SubmissionError(str(exc)) from None
            except OSError as exc:
                raise SubmissionError(f"{path} cannot be read ({exc})") from None
        try:
            folders = locate(root, assignment)
        except KeyError as exc:
            raise SubmissionError(str(exc.args[0])) from None
        except OSError as exc:
            raise SubmissionError(f"{path} cannot be read ({exc})") from None
        except SubmissionError as exc:  # say it of the submitted path, not of the grader's copy
            text = str(exc).replace(str(root), str(path))
            raise SubmissionError(text + ("; " + "; ".join(notes) if notes else "")) from None
        defaults = Limits()
        limits = Limits(timeout=defaults.timeout if timeout is None else float(timeout),
                        memory_mb=defaults.memory_mb if memory_mb is None else int(memory_mb))
        box = Sandbox({aid: f for aid, f in folders.items() if f is not None}, limits, isolation=isolation)
        if any(f is not None for f in folders.values()):
            box.start()  # the sandbox loads numpy while the grader loads the checks and the reference

        def run_one(aid):
            runner = AssignmentRunner(get_assignment(aid), folders[aid], seed=seed, public_only=public_only,
                                      exercise_filter=exercise_filter, limits=limits, sandbox=box, fresh=fresh)
            result = runner.run()
            if progress:
                progress(aid)
            return result

        # Assignments are independent (each has its own student processes); grading two at a time keeps both
        # cores busy while one waits for its student process.
        threads = max(1, min(threads if threads is not None else DEFAULT_THREADS, len(folders)))
        if threads == 1:
            results = [run_one(aid) for aid in folders]
        else:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                results = list(pool.map(run_one, list(folders)))
        return SubmissionResult(str(path), results, seed, public_only, time.perf_counter() - start,
                                isolation=box.mechanism, fresh=fresh, notes=notes)
    finally:
        if box is not None:
            box.close()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
