"""Command line: ``python -m autograder grade | grade-class | check | release``. See README.md.

Exit codes: 0 when the command did its job (whatever the score), 2 for a usage error or an unreadable path,
130 after Ctrl-C (SIGINT) and 143 after SIGTERM — in both cases every student process of the run is stopped first
and finished results are kept.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import signal
import sys
from pathlib import Path


class Terminated(BaseException):
    """SIGTERM arrived: unwind (closing every sandbox on the way) and exit 143."""


def _usage_error(msg: str) -> int:
    print(f"autograder: {msg}", file=sys.stderr)
    return 2


def _limits_kw(args) -> dict:
    return {"timeout": args.timeout, "memory_mb": args.memory_mb, "isolation": args.isolation}


def cmd_grade(args) -> int:
    from .isolation import IsolationUnavailable
    from .reference import solutions_dir
    from .report import atomic_write, console_table, gradescope_json, to_json_text
    from .submission import SubmissionError, grade

    have_reference = solutions_dir() is not None
    if not args.public_only and not have_reference:
        return _usage_error("the reference solutions (solutions/ or $AUTOGRADER_SOLUTIONS) are needed for grading; "
                            "use --public-only to run the public checks alone on their stored values")
    try:
        result = grade(args.path, assignment=args.assignment, seed=args.seed, public_only=args.public_only,
                       fresh=have_reference, **_limits_kw(args))
    except (SubmissionError, IsolationUnavailable) as exc:
        if args.gradescope:
            atomic_write(args.gradescope, json.dumps(gradescope_json(None, error=str(exc)), ensure_ascii=False))
        return _usage_error(str(exc))
    except Exception as exc:  # a grader bug must still leave Gradescope a valid results.json
        if args.gradescope:
            atomic_write(args.gradescope, json.dumps(gradescope_json(None, error=f"grader error: {exc}"),
                                                     ensure_ascii=False))
        raise
    if args.json:
        atomic_write(args.json, to_json_text(result, args.lang))
    if args.gradescope:
        atomic_write(args.gradescope, json.dumps(gradescope_json(result, args.lang), ensure_ascii=False, indent=1))
    if args.feedback:
        from .feedback import feedback_html, feedback_markdown

        data = result.to_json(args.lang)
        render = feedback_html if str(args.feedback).endswith((".html", ".htm")) else feedback_markdown
        atomic_write(args.feedback, render(data, args.lang))
    print(console_table(result, args.lang, verbose=args.verbose))
    return 0


def cmd_gradescope_zip(args) -> int:
    from .gradescope import build_zip
    from .registry import get_assignment

    if args.assignment:
        try:
            get_assignment(args.assignment)
        except KeyError as exc:
            return _usage_error(str(exc.args[0]))
    path = build_zip(args.out, args.assignment, args.lang)
    print(f"Gradescope autograder zip written to {path}")
    return 0


def _closest(word: str, options: list[str]) -> str:
    """'did you mean …' for an unknown id (case-insensitive, and tolerant of a missing module part)."""
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    tails = [o for o in options if o.lower().endswith("." + word.lower().split(".")[-1])]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=3, cutoff=0.5)
    found = list(dict.fromkeys(tails + [lowered[c] for c in close]))[:3]
    return ", ".join(found)


def resolve_target(target: str | None):
    """(assignment id, exercise id or None) of a ``check`` target; ValueError naming the closest ids."""
    from .registry import all_assignments

    if not target:
        return None, None
    assignments = all_assignments()
    ids = [a.id for a in assignments]
    aid = target.split(".")[0]
    if aid not in ids:
        near = _closest(aid, ids)
        raise ValueError(f"unknown assignment {aid!r}" + (f"; did you mean {near}?" if near else "") +
                         f" (known: {', '.join(ids)})")
    if "." not in target:
        return aid, None
    exercises = [e.id for a in assignments if a.id == aid for e in a.exercises]
    if target in exercises:
        return aid, target
    near = _closest(target, exercises)
    raise ValueError(f"unknown exercise {target!r}" + (f"; did you mean {near}?" if near else "") +
                     f" (`python -m autograder check {aid} -v` lists them)")


def _check_target(target: str | None):
    """(folder, assignment id, exercise id) for ``check``: in assignments/, or the current folder."""
    from .registry import all_assignments

    ids = [a.id for a in all_assignments()]
    aid, exercise = resolve_target(target)
    cwd = Path.cwd()
    if aid:
        candidates = [cwd if cwd.name == aid else None, cwd / aid, cwd / "assignments" / aid,
                      cwd.parent / aid if cwd.parent.name == "assignments" else None]
        folder = next((c for c in candidates if c is not None and c.is_dir()), None)
        if folder is None and any((cwd / f).exists() for f in ("gates.py", "layers.py", "optimizers.py", "conv.py")):
            folder = cwd
        if folder is None:
            raise ValueError(f"cannot find the folder of {aid} (looked in ., ./{aid}, ./assignments/{aid})")
        return folder, aid, exercise
    if (cwd / "assignments").is_dir():
        return cwd / "assignments", None, None
    if cwd.name in ids:
        return cwd, cwd.name, None
    return cwd, None, None


def run_check(target: str | None, *, lang: str = "en", verbose: bool = False, timeout=None, memory_mb=None,
              isolation: str = "auto"):
    """The students' self-check: public checks on their fixed inputs, compared with the stored values."""
    from .submission import grade

    folder, aid, exercise = _check_target(target)
    filt = (lambda ex: ex.id == exercise) if exercise else None
    return grade(folder, assignment=aid, public_only=True, exercise_filter=filt, seed=0, fresh=False,
                 timeout=timeout, memory_mb=memory_mb, isolation=isolation)


def cmd_check(args) -> int:
    from .isolation import IsolationUnavailable
    from .report import console_table
    from .submission import SubmissionError

    try:
        result = run_check(args.target, lang=args.lang, **_limits_kw(args))
    except (ValueError, SubmissionError, IsolationUnavailable) as exc:
        return _usage_error(str(exc))
    print(console_table(result, args.lang, verbose=args.verbose, hints=True))
    return 0


def cmd_release(args) -> int:
    from .release import ReleaseError, check_zip_request, release, student_zip

    try:
        if args.zip:  # refuse a zip that would hand out answers before regenerating anything
            check_zip_request(args.assignment or None, args.after or ())
        ids = release(args.solutions, args.out)
        print(f"released {len(ids)} assignments: {', '.join(ids)}")
        if args.zip:
            student_zip(args.zip, args.out, assignments=args.assignment or None, after=args.after or ())
            print(f"student zip written to {args.zip}")
    except ReleaseError as exc:
        return _usage_error(str(exc))
    return 0


def cmd_grade_class(args) -> int:
    from .classroom import grade_class
    from .isolation import IsolationUnavailable

    try:
        return grade_class(args.dir, args.out, jobs=args.jobs, force=args.force, lang=args.lang, seed=args.seed,
                           assignment=args.assignment, **_limits_kw(args))
    except (FileNotFoundError, NotADirectoryError, IsolationUnavailable, ValueError) as exc:
        return _usage_error(str(exc))


def cmd_figures(args) -> int:
    from .figures import render_all

    paths = render_all(args.outdir, full=args.full)
    print(f"{len(paths)} figures written to {args.outdir}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m autograder",
                                description="Autograder of the deep-learning-from-scratch exercise kit.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the feedback")
        sp.add_argument("--timeout", type=float, default=None, help="seconds allowed per call into student code")
        sp.add_argument("--memory-mb", type=int, default=None, help="memory cap of each student process (MB)")
        sp.add_argument("--isolation", choices=["auto", "strict", "process"], default="auto",
                        help="auto: the strongest isolation this machine offers; strict: refuse to grade without "
                             "kernel-enforced isolation; process: a plain child process")

    g = sub.add_parser("grade", help="grade one submission (folder, assignment folder or zip)")
    g.add_argument("path")
    g.add_argument("--assignment", help="grade only this assignment id")
    g.add_argument("--json", help="write the result JSON here")
    g.add_argument("--gradescope", help="write Gradescope's results.json here")
    g.add_argument("--seed", type=int, default=None, help="seed of the test inputs (drawn when omitted)")
    g.add_argument("--public-only", action="store_true", help="run the public checks only")
    g.add_argument("--feedback", help="write the student's feedback here (.md or .html)")
    g.add_argument("-v", "--verbose", action="store_true", help="list every check")
    common(g)
    g.set_defaults(func=cmd_grade)

    c = sub.add_parser("grade-class", help="grade every submission in a folder")
    c.add_argument("dir")
    c.add_argument("--out", required=True)
    c.add_argument("--jobs", type=int, default=2)
    c.add_argument("--force", action="store_true", help="regrade students already graded")
    c.add_argument("--assignment", default=None, help="grade only this assignment id")
    c.add_argument("--seed", type=int, default=None, help="the class run's seed (drawn once and kept on resume)")
    common(c)
    c.set_defaults(func=cmd_grade_class)

    k = sub.add_parser("check", help="students: run the public checks with hints")
    k.add_argument("target", nargs="?", help="assignment id or exercise id (e.g. a02_backprop.layers.Affine)")
    k.add_argument("-v", "--verbose", action="store_true")
    common(k)
    k.set_defaults(func=cmd_check)

    r = sub.add_parser("release", help="regenerate assignments/ from solutions/ (and write a student zip)")
    r.add_argument("--solutions", type=Path, default=None)
    r.add_argument("--out", type=Path, default=None)
    r.add_argument("--zip", type=Path, default=None, help="also write a student zip here")
    r.add_argument("--assignment", action="append", default=[],
                   help="an assignment to put in the zip (repeatable; default: all)")
    r.add_argument("--after", action="append", default=[],
                   help="confirm that this assignment is already due (needed to ship its answers as provided code)")
    r.set_defaults(func=cmd_release)
    z = sub.add_parser("gradescope-zip", help="package the kit as a Gradescope autograder zip")
    z.add_argument("out", type=Path)
    z.add_argument("--assignment", default=None, help="the assignment this Gradescope assignment grades")
    z.add_argument("--lang", choices=["en", "ko"], default="en")
    z.set_defaults(func=cmd_gradescope_zip)

    f = sub.add_parser("figures", help="render every notebook's figures to PNG files (reference solutions)")
    f.add_argument("outdir", type=Path)
    f.add_argument("--full", action="store_true", help="full-size runs (more data and iterations)")
    f.set_defaults(func=cmd_figures)
    return p


def _on_sigterm(signum, frame):
    raise Terminated()


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("autograder: interrupted; finished results are kept", file=sys.stderr)
        return 130
    except Terminated:
        print("autograder: terminated; finished results are kept", file=sys.stderr)
        return 143
    except BrokenPipeError:  # `grade … | head`: the reader left; nothing to say
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
