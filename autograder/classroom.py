"""Grade a whole class: ``python -m autograder grade-class DIR --out OUTDIR [--jobs N] [--force]``.

Every entry of DIR (a sub-folder or a ``.zip`` per student) is graded in a pool of worker processes. Each result
is written atomically as ``OUTDIR/<student>.json`` (with a fingerprint of the submission's files), so a run that is
killed at any moment loses nothing already graded and leaves no half-written file; the next run skips students
whose JSON exists for the same submission (``--force`` regrades everyone). At the end ``grades.csv`` (one row per
student, one column per exercise, the total), per-student feedback in Markdown and HTML, and a class summary
(per-exercise means, failure counts, most frequent misconceptions) are (re)written from the JSON files.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from .report import atomic_write

RESULT_SUFFIX = ".json"
RESERVED = {"grades", "summary"}


def discover(class_dir: Path) -> dict[str, Path]:
    """``{student name: submission path}`` for every sub-folder and zip in ``class_dir`` (sorted)."""
    class_dir = Path(class_dir)
    if not class_dir.is_dir():
        raise NotADirectoryError(f"{class_dir} is not a folder of submissions")
    found = {}
    for p in sorted(class_dir.iterdir()):
        if p.name.startswith((".", "_")):
            continue
        if p.is_dir() or (p.is_file() and p.suffix.lower() == ".zip"):
            name = safe_name(p.stem if p.is_file() else p.name)
            if name in found or name in RESERVED:
                name = f"{name}-{hashlib.sha1(p.name.encode()).hexdigest()[:6]}"
            found[name] = p
    return found


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.@+-]", "_", name, flags=re.UNICODE).strip("._") or "student"
    return cleaned[:120]


def fingerprint(path: Path) -> str:
    """SHA-256 over the relative names and contents of a submission's files (a zip: its bytes)."""
    h = hashlib.sha256()
    path = Path(path)
    if path.is_file():
        h.update(path.read_bytes())
        return h.hexdigest()
    for p in sorted(path.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts:
            h.update(p.relative_to(path).as_posix().encode() + b"\0")
            try:
                h.update(p.read_bytes())
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


def grading_key(path: Path, assignment, grader: str = "") -> str:
    """What a stored result must match to be reused: the submission's files, the grader, the scope."""
    return hashlib.sha256(f"{fingerprint(path)}|{grader}|{assignment or '*'}".encode()).hexdigest()


def _load_done(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == 1 else None


def grade_one(student: str, submission: str, out_dir: str, lang: str, seed, assignment, timeout,
              grader: str = "", threads: int | None = None) -> dict:
    """Worker: grade one submission and write its JSON atomically. Never raises for student-caused problems."""
    from .submission import SubmissionError, grade

    start = time.perf_counter()
    fp = grading_key(Path(submission), assignment, grader)
    try:
        result = grade(submission, assignment=assignment, seed=seed, timeout=timeout, threads=threads)
        data = result.to_json(lang)
    except SubmissionError as exc:
        data = {"schema": 1, "submission": submission, "score": 0.0, "max_score": 0.0, "assignments": [],
                "error": str(exc)}
    data["student"] = student
    data["fingerprint"] = fp
    data["wall_seconds"] = round(time.perf_counter() - start, 3)
    atomic_write(Path(out_dir) / f"{student}{RESULT_SUFFIX}", json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return {"student": student, "score": data["score"], "max_score": data["max_score"], "seconds": data["wall_seconds"]}


def _exercise_columns(results: list[dict]) -> list[str]:
    from .registry import all_assignments

    order = [e.id for a in all_assignments() for e in a.exercises]
    seen = {e["id"] for r in results for a in r.get("assignments", []) for e in a["exercises"]}
    return [i for i in order if i in seen] + sorted(seen - set(order))


def write_grades_csv(results: list[dict], path: Path):
    columns = _exercise_columns(results)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["student", "total", "max_total"] + columns)
    for r in sorted(results, key=lambda r: r["student"]):
        scores = {e["id"]: e["score"] for a in r.get("assignments", []) for e in a["exercises"]}
        w.writerow([r["student"], _num(r["score"]), _num(r["max_score"])] + [_num(scores.get(c, "")) for c in columns])
    atomic_write(path, buf.getvalue())


def _num(x):
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def class_summary(results: list[dict]) -> dict:
    """Per-exercise mean score, failure counts by status, and the most frequent misconceptions."""
    per_ex: dict[str, dict] = {}
    mistakes = Counter()
    for r in results:
        for a in r.get("assignments", []):
            for e in a["exercises"]:
                s = per_ex.setdefault(e["id"], {"scores": [], "max_score": e["max_score"], "statuses": Counter()})
                s["scores"].append(e["score"])
                s["statuses"][e["status"]] += 1
                for key in {t.get("misconception") for t in e["tests"] if t.get("misconception")}:
                    mistakes[(e["id"], key)] += 1
    exercises = []
    for ex_id in _exercise_columns(results):
        s = per_ex[ex_id]
        n = len(s["scores"])
        exercises.append({"id": ex_id, "students": n, "mean": round(sum(s["scores"]) / n, 3) if n else 0.0,
                          "max_score": s["max_score"], "not_full_marks": n - s["statuses"]["passed"],
                          "statuses": dict(s["statuses"])})
    totals = [r["score"] for r in results]
    return {"students": len(results), "mean_total": round(sum(totals) / len(totals), 3) if totals else 0.0,
            "exercises": exercises,
            "misconceptions": [{"exercise": e, "misconception": k, "students": c} for (e, k), c in mistakes.most_common()]}


def summary_markdown(summary: dict, lang: str = "en") -> str:
    from .misconceptions import describe, load_all

    load_all()
    ko = lang == "ko"
    lines = ["# " + ("반 전체 요약" if ko else "Class summary"), "",
             (f"학생 {summary['students']}명, 평균 총점 {summary['mean_total']}" if ko else
              f"{summary['students']} students, mean total {summary['mean_total']}"), "",
             "| " + (" | ".join(["문제", "평균", "만점", "만점 아님", "상태"] if ko else
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


def grade_class(class_dir, out_dir, *, jobs: int = 2, force: bool = False, lang: str = "en", seed=None,
                assignment=None, timeout=None, progress: bool = True) -> int:
    from .feedback import write_feedback

    class_dir, out_dir = Path(class_dir), Path(out_dir)
    students = discover(class_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".*.tmp"):  # leftovers of a run killed mid-write (never a finished file)
        stale.unlink(missing_ok=True)
    todo, skipped = [], 0
    grader = grader_fingerprint()
    for name, path in students.items():
        done = None if force else _load_done(out_dir / f"{name}{RESULT_SUFFIX}")
        if done is not None and done.get("fingerprint") == grading_key(path, assignment, grader):
            skipped += 1
            continue
        todo.append((name, path))
    start = time.perf_counter()
    bar = _progress(len(todo), progress)
    failures = []
    if todo:
        threads = 1 if jobs > 1 else None  # the pool already keeps the cores busy
        args = [(name, str(path), str(out_dir), lang, seed, assignment, timeout, grader, threads)
                for name, path in todo]
        if jobs <= 1:
            for a in args:
                _run_safely(a, failures)
                bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
                futures = {pool.submit(grade_one, *a): a for a in args}
                for fut in as_completed(futures):
                    try:
                        fut.result()
                    except Exception as exc:  # a worker died: grade that student again in this process
                        _run_safely(futures[fut], failures, first_error=exc)
                    bar.update(1)
    bar.close()
    results = [r for r in (_load_done(out_dir / f"{n}{RESULT_SUFFIX}") for n in students) if r is not None]
    write_grades_csv(results, out_dir / "grades.csv")
    summary = class_summary(results)
    atomic_write(out_dir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    atomic_write(out_dir / "summary.md", summary_markdown(summary, lang))
    for r in results:
        write_feedback(r, out_dir / "feedback", lang)
    wall = time.perf_counter() - start
    print(f"graded {len(todo)} submission(s), {skipped} already graded, in {wall:.1f} s; "
          f"mean total {summary['mean_total']}; results in {out_dir}", file=sys.stderr)
    for name, err in failures:
        print(f"  {name}: could not be graded ({err})", file=sys.stderr)
    return 0


def _run_safely(args, failures, first_error=None):
    try:
        grade_one(*args)
    except Exception as exc:  # a grader bug: reported, recorded as an error row (never a stale grade), run goes on
        err = first_error or exc
        failures.append((args[0], f"{type(err).__name__}: {err}"))
        student, submission, out_dir = args[0], args[1], args[2]
        data = {"schema": 1, "student": student, "submission": submission, "score": 0.0, "max_score": 0.0,
                "assignments": [], "error": f"could not be graded: {type(err).__name__}: {err}", "fingerprint": ""}
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
