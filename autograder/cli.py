"""Command line: ``python -m autograder grade | grade-class | check | release``. See README.md."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _usage_error(msg: str) -> int:
    print(f"autograder: {msg}", file=sys.stderr)
    return 2


def cmd_grade(args) -> int:
    from .reference import solutions_dir
    from .report import atomic_write, console_table, gradescope_json, to_json_text
    from .submission import SubmissionError, grade

    if not args.public_only and solutions_dir() is None:
        return _usage_error("the reference solutions (solutions/ or $AUTOGRADER_SOLUTIONS) are needed for the hidden "
                            "checks; use --public-only to run the public checks alone")
    try:
        result = grade(args.path, assignment=args.assignment, seed=args.seed, public_only=args.public_only,
                       timeout=args.timeout, memory_mb=args.memory_mb)
    except SubmissionError as exc:
        if args.gradescope:
            atomic_write(args.gradescope, json.dumps(gradescope_json(None, error=str(exc)), ensure_ascii=False))
        return _usage_error(str(exc))
    except Exception as exc:  # a grader bug must still leave Gradescope a valid results.json
        if args.gradescope:
            atomic_write(args.gradescope, json.dumps(gradescope_json(None, error=f"grader error: {exc}"),
                                                     ensure_ascii=False))
        raise
    print(console_table(result, args.lang, verbose=args.verbose))
    if args.json:
        atomic_write(args.json, to_json_text(result, args.lang))
    if args.gradescope:
        atomic_write(args.gradescope, json.dumps(gradescope_json(result, args.lang), ensure_ascii=False, indent=1))
    if args.feedback:
        from .feedback import feedback_html, feedback_markdown

        data = result.to_json(args.lang)
        render = feedback_html if str(args.feedback).endswith((".html", ".htm")) else feedback_markdown
        atomic_write(args.feedback, render(data, args.lang))
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


def _check_target(target: str | None):
    """(folder, assignment id, exercise filter) for ``check``: in assignments/, or the current folder."""
    from .registry import all_assignments

    ids = [a.id for a in all_assignments()]
    aid, ex_prefix = None, None
    if target:
        aid = target.split(".")[0]
        if aid not in ids:
            raise ValueError(f"unknown assignment {aid!r}; known: {', '.join(ids)}")
        ex_prefix = target if "." in target else None
    cwd = Path.cwd()
    candidates = []
    if aid:
        candidates = [cwd if cwd.name == aid else None, cwd / aid, cwd / "assignments" / aid,
                      cwd.parent / aid if cwd.parent.name == "assignments" else None]
        folder = next((c for c in candidates if c is not None and c.is_dir()), None)
        if folder is None and any((cwd / f).exists() for f in ("gates.py", "layers.py", "optimizers.py", "conv.py")):
            folder = cwd
        if folder is None:
            raise ValueError(f"cannot find the folder of {aid} (looked in ., ./{aid}, ./assignments/{aid})")
        return folder, aid, ex_prefix
    if (cwd / "assignments").is_dir():
        return cwd / "assignments", None, None
    if cwd.name in ids:
        return cwd, cwd.name, None
    return cwd, None, None


def cmd_check(args) -> int:
    from .report import console_table
    from .submission import SubmissionError, grade

    try:
        folder, aid, prefix = _check_target(args.target)
    except ValueError as exc:
        return _usage_error(str(exc))
    filt = (lambda ex: ex.id == prefix or ex.id.startswith(prefix + ".")) if prefix else None
    try:
        result = grade(folder, assignment=aid, public_only=True, exercise_filter=filt, seed=0,
                       timeout=args.timeout)
    except SubmissionError as exc:
        return _usage_error(str(exc))
    print(console_table(result, args.lang, verbose=args.verbose, hints=True))
    return 0


def cmd_release(args) -> int:
    from .release import ReleaseError, release, student_zip

    try:
        ids = release(args.solutions, args.out)
    except ReleaseError as exc:
        return _usage_error(str(exc))
    print(f"released {len(ids)} assignments: {', '.join(ids)}")
    if args.zip:
        student_zip(args.zip, args.out)
        print(f"student zip written to {args.zip}")
    return 0


def cmd_grade_class(args) -> int:
    from .classroom import grade_class

    try:
        return grade_class(args.dir, args.out, jobs=args.jobs, force=args.force, lang=args.lang, seed=args.seed,
                           assignment=args.assignment, timeout=args.timeout)
    except (FileNotFoundError, NotADirectoryError) as exc:
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

    g = sub.add_parser("grade", help="grade one submission (folder, assignment folder or zip)")
    g.add_argument("path")
    g.add_argument("--assignment", help="grade only this assignment id")
    g.add_argument("--json", help="write the result JSON here")
    g.add_argument("--gradescope", help="write Gradescope's results.json here")
    g.add_argument("--seed", type=int, default=None, help="seed of the hidden checks' random inputs")
    g.add_argument("--public-only", action="store_true", help="run the public checks only")
    g.add_argument("--memory-mb", type=int, default=None, help="memory cap of the student process")
    g.add_argument("--feedback", help="write the student's feedback here (.md or .html)")
    g.add_argument("-v", "--verbose", action="store_true", help="list every check")
    common(g)
    g.set_defaults(func=cmd_grade)

    c = sub.add_parser("grade-class", help="grade every submission in a folder")
    c.add_argument("dir")
    c.add_argument("--out", required=True)
    c.add_argument("--jobs", type=int, default=2)
    c.add_argument("--force", action="store_true", help="regrade students already graded")
    c.add_argument("--assignment", default=None)
    c.add_argument("--seed", type=int, default=None)
    common(c)
    c.set_defaults(func=cmd_grade_class)

    k = sub.add_parser("check", help="students: run the public checks with hints")
    k.add_argument("target", nargs="?", help="assignment id or exercise id (e.g. a02_backprop.layers.Affine)")
    k.add_argument("-v", "--verbose", action="store_true")
    common(k)
    k.set_defaults(func=cmd_check)

    r = sub.add_parser("release", help="regenerate assignments/ from solutions/")
    r.add_argument("--solutions", type=Path, default=None)
    r.add_argument("--out", type=Path, default=None)
    r.add_argument("--zip", type=Path, default=None, help="also write a student zip here")
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


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
