"""Grade a whole class: ``python -m autograder grade-class DIR --out OUTDIR [--jobs N] [--seed N] [--force]``.

Every entry of DIR is accounted for: a sub-folder or a ``.zip``/``.tar``/``.tar.gz``/``.tgz`` is a student's
submission and is graded; any other entry (a ``.rar``, a stray file) and any archive that cannot be read gets a row
with status ``error`` and the reason. Hidden entries (``.DS_Store`` …) and OUTDIR itself, when it lies inside DIR,
are not students.

One seed per class run: drawn at the first run (or ``--seed``), stored in ``OUTDIR/.run.json``, reused when the run
is resumed, and recorded in every student's JSON and in the summary — every student of a class faces the same
inputs, whenever they are graded. Each student is graded in a worker process (its own sandbox per submission) and the
result is written atomically as ``OUTDIR/<student>.json`` together with a key over the submission's files, the
grader and the seed; a run that stops at any moment loses nothing finished, and the next run grades only the rest
(``--force`` regrades everyone). SIGINT/SIGTERM stop the workers and every student process, keep what is finished,
rewrite the class files and exit 130/143. At the end ``grades.csv`` (one row per entry), ``summary.json``/``.md`` and
``feedback/<student>.md|.html`` are (re)written from the JSON files. Class files never take a student's name:
students called ``grades`` or ``summary`` get a suffix.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import secrets
import signal
import sys
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from .archives import archive_kind, archive_stem
from .report import atomic_write

RESULT_SUFFIX = ".json"
RESERVED = {"grades", "summary", "feedback", "run"}
RUN_FILE = ".run.json"


@dataclass
class Entry:
    name: str             # the student's name in OUTDIR (unique, safe as a file name)
    path: Path
    problem: str = ""     # why the entry cannot be graded ("" when it can)


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.@+-]", "_", name, flags=re.UNICODE).strip("._") or "student"
    return cleaned[:120]


def discover(class_dir: Path, out_dir: Path | None = None) -> list[Entry]:
    """Every entry of ``class_dir`` as a student (sorted by name), with a problem for those that cannot be graded."""
    class_dir = Path(class_dir)
    if not class_dir.is_dir():
        raise NotADirectoryError(f"{class_dir} is not a folder of submissions")
    skip = Path(out_dir).resolve() if out_dir is not None else None
    entries, taken = [], set()
    for p in sorted(class_dir.iterdir(), key=lambda q: q.name):
        if p.name.startswith(".") or p.name == "__MACOSX":
            continue
        if skip is not None and p.resolve() == skip:
            continue
        problem = ""
        if p.is_symlink():
            problem = f"{p.name} is a symbolic link; submissions must be folders or archives"
            stem = p.name
        elif p.is_dir():
            stem = p.name
        elif p.is_file() and archive_kind(p):
            stem = archive_stem(p)
        else:
            stem = p.stem if p.is_file() else p.name
            problem = f"{p.name} is not a folder or a supported archive (.zip, .tar, .tar.gz, .tgz)"
        name = safe_name(stem)
        if name.lower() in taken or name.lower() in RESERVED:
            name = f"{name}-{hashlib.sha1(p.name.encode()).hexdigest()[:6]}"
        taken.add(name.lower())
        entries.append(Entry(name, p, problem))
    return entries


def fingerprint(path: Path) -> str:
    """SHA-256 over the relative names and contents of a submission's files (an archive: its bytes)."""
    h = hashlib.sha256()
    path = Path(path)
    if path.is_file():
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    for p in sorted(path.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts:
            h.update(p.relative_to(path).as_posix().encode() + b"\0")
            try:
                if p.is_symlink():
                    h.update(b"<link>" + os.readlink(p).encode())
                else:
                    with open(p, "rb") as fh:
                        for block in iter(lambda: fh.read(1 << 20), b""):
                            h.update(block)
            except OSError:
                h.update(b"<unreadable>")
            h.update(b"\0")
    return h.hexdigest()


def grader_fingerprint() -> str:
    """SHA-256 of what decides a grade besides the submission: the checks, the stored public values, the
    reference solutions and the grader version. A change to any of them invalidates stored results."""
    from . import __version__
    from .reference import PACKAGE_ROOT, solutions_dir

    h = hashlib.sha256(__version__.encode())
    files = sorted((PACKAGE_ROOT / "autograder").rglob("*.py")) + sorted((PACKAGE_ROOT / "autograder").rglob("*.json"))
    sol = solutions_dir()
    if sol is not None:
        files += sorted(sol.rglob("*.py"))
    for p in files:
        if "__pycache__" not in p.parts:
            h.update(p.as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def grading_key(path: Path, assignment, grader: str = "", seed=None) -> str:
    """What a stored result must match to be reused: the submission's files, the grader, the scope, the seed."""
    return hashlib.sha256(f"{fingerprint(path)}|{grader}|{assignment or '*'}|{seed}".encode()).hexdigest()


def _load_done(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == 1 else None


def _error_result(student: str, submission: str, reason: str, seed, key: str = "") -> dict:
    return {"schema": 1, "student": student, "submission": submission, "status": "error", "score": 0.0,
            "max_score": 0.0, "assignments": [], "error": reason, "seed": seed, "fingerprint": key}


def _worker_init():
    """In each worker: die with the parent (PR_SET_PDEATHSIG) and leave Ctrl-C to the parent, which stops us."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)


def grade_one(student: str, submission: str, out_dir: str, lang: str, seed, assignment, limits: dict,
              grader: str = "", threads: int | None = None) -> dict:
    """Worker: grade one submission and write its JSON atomically. Never raises for student-caused problems."""
    from .submission import SubmissionError, grade

    start = time.perf_counter()
    key = grading_key(Path(submission), assignment, grader, seed)
    try:
        result = grade(submission, assignment=assignment, seed=seed, threads=threads, **limits)
        data = result.to_json(lang)
        data["status"] = "graded"
    except SubmissionError as exc:
        data = _error_result(student, submission, str(exc), seed)
    data["student"] = student
    data["fingerprint"] = key
    data["wall_seconds"] = round(time.perf_counter() - start, 3)
    atomic_write(Path(out_dir) / f"{student}{RESULT_SUFFIX}", json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return {"student": student, "score": data["score"], "max_score": data["max_score"], "seconds": data["wall_seconds"]}


def _exercise_columns(results: list[dict]) -> list[str]:
    from .registry import all_assignments

    order = [e.id for a in all_assignments() for e in a.exercises]
    seen = {e["id"] for r in results for a in r.get("assignments", []) for e in a["exercises"]}
    return [i for i in order if i in seen] + sorted(seen - set(order))


def write_grades_csv(results: list[dict], path: Path):
    """One row per entry: student, status (graded | error | pending), total, max_total, one column per exercise,
    and the reason for an error or pending row."""
    columns = _exercise_columns(results)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["student", "status", "total", "max_total"] + columns + ["reason"])
    for r in sorted(results, key=lambda r: r["student"]):
        scores = {e["id"]: e["score"] for a in r.get("assignments", []) for e in a["exercises"]}
        w.writerow([_cell(r["student"]), r.get("status", "graded"), _num(r["score"]), _num(r["max_score"])] +
                   [_num(scores.get(c, "")) for c in columns] + [_cell(r.get("error", ""))])
    atomic_write(path, buf.getvalue())


def _num(x):
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def _cell(text) -> str:
    """A text cell a spreadsheet will not run as a formula (a student may name a file '=HYPERLINK(…)')."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def class_summary(results: list[dict], *, seed=None, assignment=None, isolation=None) -> dict:
    """Per-exercise mean score, failure counts by status, the most frequent misconceptions, and the run's facts."""
    per_ex: dict[str, dict] = {}
    mistakes = Counter()
    graded = [r for r in results if r.get("status", "graded") == "graded"]
    for r in graded:
        for a in r.get("assignments", []):
            for e in a["exercises"]:
                s = per_ex.setdefault(e["id"], {"scores": [], "max_score": e["max_score"], "statuses": Counter()})
                s["scores"].append(e["score"])
                s["statuses"][e["status"]] += 1
                for key in {t.get("misconception") for t in e["tests"] if t.get("misconception")}:
                    mistakes[(e["id"], key)] += 1
    exercises = []
    for ex_id in _exercise_columns(graded):
        s = per_ex[ex_id]
        n = len(s["scores"])
        exercises.append({"id": ex_id, "students": n, "mean": round(sum(s["scores"]) / n, 3) if n else 0.0,
                          "max_score": s["max_score"], "not_full_marks": n - s["statuses"]["passed"],
                          "statuses": dict(s["statuses"])})
    totals = [r["score"] for r in graded]
    problems = [{"student": r["student"], "status": r.get("status"), "reason": r.get("error", "")}
                for r in results if r.get("status", "graded") != "graded"]
    return {"entries": len(results), "students": len(graded), "seed": seed, "assignment": assignment or "all",
            "isolation": isolation, "mean_total": round(sum(totals) / len(totals), 3) if totals else 0.0,
            "not_graded": problems, "exercises": exercises,
            "misconceptions": [{"exercise": e, "misconception": k, "students": c} for (e, k), c in mistakes.most_common()]}


def summary_markdown(summary: dict, lang: str = "en") -> str:
    from .misconceptions import describe, load_all

    load_all()
    ko = lang == "ko"
    scope = summary.get("assignment", "all")
    lines = ["# " + ("반 전체 요약" if ko else "Class summary"), "",
             (f"항목 {summary['entries']}개, 채점된 학생 {summary['students']}명, 평균 총점 {summary['mean_total']}"
              if ko else f"{summary['entries']} entries, {summary['students']} graded, mean total "
                         f"{summary['mean_total']}"),
             "",
             (f"과제: {scope} · 시드 {summary.get('seed')} (반 전체 공통) · 격리: {summary.get('isolation')}" if ko else
              f"assignment: {scope} · seed {summary.get('seed')} (one for the whole class) · "
              f"isolation: {summary.get('isolation')}"), ""]
    if summary.get("not_graded"):
        lines += ["## " + ("채점하지 못한 항목" if ko else "Entries not graded"), ""]
        for p in summary["not_graded"]:
            lines.append(f"- **{p['student']}** ({p['status']}): {p['reason']}")
        lines.append("")
    lines += ["| " + (" | ".join(["문제", "평균", "만점", "만점 아님", "상태"] if ko else
                                ["exercise", "mean", "max", "not full marks", "statuses"])) + " |",
              "|---|---|---|---|---|"]
    for e in summary["exercises"]:
        st = ", ".join(f"{k} {v}" for k, v in sorted(e["statuses"].items()))
        lines.append(f"| {e['id']} | {e['mean']} | {_num(e['max_score'])} | {e['not_full_marks']} | {st} |")
    lines += ["", "## " + ("자주 나온 실수" if ko else "Most frequent misconceptions"), ""]
    if not summary["misconceptions"]:
        lines.append("(없음)" if ko else "(none)")
    for m in summary["misconceptions"][:20]:
        name, _ = describe(m["misconception"])
        lines.append(f"- {m['exercise']}: **{name.get(lang)}** — {m['students']}" + ("명" if ko else " students"))
    return "\n".join(lines) + "\n"


def _run_state(out_dir: Path, seed, assignment, force: bool) -> int:
    """The class run's seed: --seed, else the stored one (resume), else a fresh draw; stored for the next run."""
    path = out_dir / RUN_FILE
    stored = _load_json(path)
    before = stored.get("seed") if isinstance(stored.get("seed"), int) else None
    if seed is not None and before is not None and int(seed) != before and not force \
            and any(not r.name.startswith(".") for r in out_dir.glob(f"*{RESULT_SUFFIX}")):
        # finished students keep their results, so a new seed now would give one class two sets of inputs
        raise ValueError(f"{out_dir} holds results graded with seed {before}; --seed {seed} would mix two seeds in one "
                         f"class. Add --force to regrade everybody with seed {seed}, or choose another --out")
    if seed is None:
        seed = stored.get("seed") if isinstance(stored.get("seed"), int) else secrets.randbits(32)
    atomic_write(path, json.dumps({"seed": int(seed), "assignment": assignment}, indent=1) + "\n")
    return int(seed)


def _load_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def grade_class(class_dir, out_dir, *, jobs: int = 2, force: bool = False, lang: str = "en", seed=None,
                assignment=None, timeout=None, memory_mb=None, isolation: str = "auto", progress: bool = True) -> int:
    from .cli import Terminated
    from .feedback import write_feedback
    from .isolation import choose
    from .registry import get_assignment

    if assignment is not None:
        try:
            get_assignment(assignment)
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None
    plan = choose(isolation)  # fails now (usage error) rather than once per student under --isolation strict
    class_dir, out_dir = Path(class_dir), Path(out_dir)
    entries = discover(class_dir, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".*.tmp"):  # leftovers of a run killed mid-write (never a finished file)
        stale.unlink(missing_ok=True)
    seed = _run_state(out_dir, seed, assignment, force)
    limits = {"timeout": timeout, "memory_mb": memory_mb, "isolation": isolation}
    grader = grader_fingerprint()
    todo, skipped = [], 0
    for entry in entries:
        target = out_dir / f"{entry.name}{RESULT_SUFFIX}"
        if entry.problem:
            atomic_write(target, json.dumps(_error_result(entry.name, str(entry.path), entry.problem, seed),
                                            ensure_ascii=False, indent=1) + "\n")
            continue
        done = None if force else _load_done(target)
        if done is not None and done.get("fingerprint") == grading_key(entry.path, assignment, grader, seed):
            skipped += 1
            continue
        todo.append(entry)
    start = time.perf_counter()
    bar = _progress(len(todo), progress)
    failures, interrupted = [], None
    threads = 1 if jobs > 1 else None  # the pool already keeps the cores busy
    args = {e.name: (e.name, str(e.path), str(out_dir), lang, seed, assignment, limits, grader, threads) for e in todo}
    pool = None
    try:
        if jobs <= 1:
            for a in args.values():
                _run_safely(a, failures)
                bar.update(1)
        elif todo:
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), initializer=_worker_init)
            futures = {pool.submit(grade_one, *a): a for a in args.values()}
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for fut in finished:
                    try:
                        fut.result()
                    except Exception as exc:  # a worker died: grade that student again in this process
                        _run_safely(futures[fut], failures, first_error=exc)
                    bar.update(1)
            pool.shutdown(wait=True)
            pool = None
    except KeyboardInterrupt:
        interrupted = 130
    except Terminated:
        interrupted = 143
    finally:
        if pool is not None:
            _stop_pool(pool)
        bar.close()
    results = []
    for entry in entries:
        data = _load_done(out_dir / f"{entry.name}{RESULT_SUFFIX}")
        stale = (data is not None and not entry.problem and interrupted
                 and data.get("fingerprint") != grading_key(entry.path, assignment, grader, seed))
        if data is None or stale:
            data = {"schema": 1, "student": entry.name, "submission": str(entry.path), "status": "pending",
                    "score": 0.0, "max_score": 0.0, "assignments": [],
                    "error": "not graded yet: the run was interrupted; run the same command again to resume"}
        results.append(data)
    write_grades_csv(results, out_dir / "grades.csv")
    summary = class_summary(results, seed=seed, assignment=assignment, isolation=plan.name)
    atomic_write(out_dir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    atomic_write(out_dir / "summary.md", summary_markdown(summary, lang))
    for r in results:
        write_feedback(r, out_dir / "feedback", lang)
    wall = time.perf_counter() - start
    errors = [r for r in results if r.get("status") == "error"]
    print(f"graded {len(todo) if not interrupted else 'part of ' + str(len(todo))} submission(s), {skipped} already "
          f"graded, {len(errors)} entr{'y' if len(errors) == 1 else 'ies'} with errors, in {wall:.1f} s; seed {seed}; "
          f"mean total {summary['mean_total']}; results in {out_dir}", file=sys.stderr)
    for r in errors:
        print(f"  {r['student']}: {r.get('error')}", file=sys.stderr)
    for name, err in failures:
        print(f"  {name}: could not be graded ({err})", file=sys.stderr)
    if interrupted:
        print("interrupted: finished results are kept; run the same command again to resume", file=sys.stderr)
        return interrupted
    return 0


def _stop_pool(pool: ProcessPoolExecutor):
    """Stop the workers now; each one's sandbox dies with it (die-with-parent all the way down)."""
    processes = list(getattr(pool, "_processes", {}).values())
    for p in processes:
        try:
            p.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=True, cancel_futures=True)
    for p in processes:
        try:
            p.join(timeout=5)
        except (OSError, AttributeError, AssertionError):
            pass


def _run_safely(args, failures, first_error=None):
    try:
        grade_one(*args)
    except Exception as exc:  # a grader bug: reported, recorded as an error row (never a stale grade), run goes on
        err = first_error or exc
        failures.append((args[0], f"{type(err).__name__}: {err}"))
        student, submission, out_dir, seed = args[0], args[1], args[2], args[4]
        data = _error_result(student, submission, f"could not be graded: {type(err).__name__}: {err}", seed)
        atomic_write(Path(out_dir) / f"{student}{RESULT_SUFFIX}", json.dumps(data, ensure_ascii=False) + "\n")


class _NoBar:
    def update(self, n):
        pass

    def close(self):
        pass


def _progress(total: int, enabled: bool):
    if not enabled or total == 0:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return _NoBar()
    return tqdm(total=total, unit="student", desc="grading", file=sys.stderr, dynamic_ncols=True,
                disable=os.environ.get("AUTOGRADER_NO_PROGRESS") == "1")
