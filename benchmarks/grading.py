"""Grading speed: the kit against its previous version (a git ref) and against nbgrader, in the same run.

Builds a class of N submissions (default 50) of all five assignments — correct ones, buggy ones (mutants from
tests/mutants), released stubs and hostile ones (infinite loop, memory bomb, os._exit, reading solutions/) — and
prints, for the current kit and for the baseline (default: the kit as it was before the kernel sandbox, commit
33bd216, checked out in a temporary git worktree):
  * the median wall seconds to grade one full five-assignment correct submission in a cold process;
  * the wall time of `grade-class --jobs 2` on the whole class, and seconds per submission;
  * optionally (--nbgrader K), nbgrader's `autograde` seconds per submission on the same notebooks.
Usage: python benchmarks/grading.py [--students N] [--baseline REF] [--repeats R] [--nbgrader K] [--keep DIR]
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOSTILE = {
    "infinite loop": "while True:\n    pass\n",
    "memory bomb": "_hog = [bytearray(10**8) for _ in range(10**4)]\n",
    "os._exit": "import os\nos._exit(0)\n",
    "reads solutions": f"print(open({str(ROOT / 'solutions' / 'a02_backprop' / 'layers.py')!r}).read()[:10])\n",
}


def load_mutants():
    sys.path.insert(0, str(ROOT))
    pkg = importlib.import_module("tests.mutants")
    out = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        out[info.name] = importlib.import_module(f"tests.mutants.{info.name}").MUTANTS
    return out


def build_class(dest: Path, n: int, seed: int = 0) -> dict[str, str]:
    """Create n student folders; return {student: kind}."""
    rng = random.Random(seed)
    mutants = load_mutants()
    ids = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("_"))
    kinds = {}
    for i in range(n):
        kind = ["correct", "buggy", "buggy", "stub", "hostile"][i % 5]
        name = f"student{i:03d}"
        folder = dest / name
        src = ROOT / ("assignments" if kind == "stub" else "solutions")
        for aid in ids:
            shutil.copytree(src / aid, folder / aid, ignore=shutil.ignore_patterns("__pycache__"))
        if kind == "buggy":
            for aid in ids:
                cands = mutants.get(aid, [])
                if cands:
                    m = rng.choice(cands)
                    path = folder / aid / m.file
                    path.write_text(path.read_text(encoding="utf-8").replace(m.find, m.replace, 1), encoding="utf-8")
        if kind == "hostile":
            what, code = list(HOSTILE.items())[(i // 5) % len(HOSTILE)]
            path = folder / "a02_backprop" / "layers.py"
            path.write_text(code + path.read_text(encoding="utf-8"), encoding="utf-8")
            kind = f"hostile ({what})"
        kinds[name] = kind
    return kinds


def time_single(submission: Path, repeats: int = 3, kit: Path = ROOT) -> list[float]:
    """Cold-process wall seconds of `grade SUBMISSION` with the kit at ``kit`` (its own solutions and checks)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "--seed", "1"],
                              cwd=kit, capture_output=True, text=True, env=_env(kit))
        times.append(time.perf_counter() - start)
        if proc.returncode:
            raise SystemExit(proc.stderr)
    return times


def _env(kit: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(kit), AUTOGRADER_NO_PROGRESS="1")
    env.pop("AUTOGRADER_SOLUTIONS", None)
    return env


def time_class(class_dir: Path, out: Path, jobs: int, kit: Path = ROOT) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade-class", str(class_dir), "--out", str(out),
                           "--jobs", str(jobs), "--seed", "1", "--force"], cwd=kit, env=_env(kit),
                          stdout=subprocess.DEVNULL)
    if proc.returncode:
        raise SystemExit("grade-class failed")
    return time.perf_counter() - start


def time_nbgrader(workdir: Path, class_dir: Path, students: list[str]) -> float | None:
    """nbgrader autograde seconds per submission (all five notebooks) in a real course built from the kit's
    nbgrader_config.py; None when nbgrader is not installed."""
    bindir = Path(sys.executable).parent
    nbgrader = bindir / "nbgrader"
    if not nbgrader.exists():
        return None
    course = workdir / "nbcourse"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    ids = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("_"))
    for aid in ids:
        shutil.copytree(ROOT / "solutions" / aid, course / "solutions" / aid, ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("KIT_FULL", None)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    for aid in ids:
        subprocess.run([str(nbgrader), "generate_assignment", aid, "--force"], cwd=course, env=env, check=True,
                       capture_output=True)
    for s in students:
        for aid in ids:
            dst = course / "submitted" / s / aid
            dst.mkdir(parents=True)
            for p in (class_dir / s / aid).glob("*.py"):
                shutil.copy(p, dst / p.name)
            shutil.copy(course / "assignments" / aid / f"{aid}.ipynb", dst / f"{aid}.ipynb")
    start = time.perf_counter()
    for s in students:
        for aid in ids:
            proc = subprocess.run([str(nbgrader), "autograde", aid, "--student", s, "--force"], cwd=course, env=env,
                                  capture_output=True, text=True)
            if proc.returncode:
                print(f"nbgrader autograde {aid} {s} failed: {proc.stderr[-500:]}")
    return (time.perf_counter() - start) / len(students)


def baseline_worktree(ref: str, dest: Path) -> Path | None:
    """The kit at ``ref`` in a temporary git worktree (None when git or the ref is unavailable)."""
    proc = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(dest), ref],
                          capture_output=True, text=True)
    if proc.returncode:
        print(f"baseline {ref}: not available ({proc.stderr.strip()[:200]})")
        return None
    return dest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=50)
    ap.add_argument("--baseline", default="33bd216", help="git ref of the kit to compare with")
    ap.add_argument("--repeats", type=int, default=5, help="cold runs of one full submission, per kit")
    ap.add_argument("--nbgrader", type=int, default=0, help="correct students autograded by nbgrader (slow)")
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kit-bench-"))
    base = None
    try:
        class_dir = work / "class"
        kinds = build_class(class_dir, args.students)
        correct = [s for s, k in kinds.items() if k == "correct"]
        print(f"class of {len(kinds)}: " + ", ".join(f"{k} {list(kinds.values()).count(k)}"
                                                     for k in sorted(set(kinds.values()))))
        kits = {"kit (this version)": ROOT}
        base = baseline_worktree(args.baseline, work / "baseline") if args.baseline else None
        if base is not None:
            kits[f"baseline ({args.baseline})"] = base
        rows = {}
        for label, kit in kits.items():  # interleaved repeats would be fairer; runs are long enough to average
            single = time_single(class_dir / correct[0], args.repeats, kit)
            wall = time_class(class_dir, work / f"out-{len(rows)}", jobs=2, kit=kit)
            rows[label] = (statistics.median(single), min(single), wall, wall / len(kinds))
        print(f"{'':<34}{'one full submission, cold (s)':>32}{'grade-class --jobs 2':>24}")
        print(f"{'':<34}{'median':>16}{'min':>16}{'wall s':>12}{'s/student':>12}")
        for label, (med, mn, wall, per) in rows.items():
            print(f"{label:<34}{med:>16.2f}{mn:>16.2f}{wall:>12.1f}{per:>12.2f}")
        kit_row = rows["kit (this version)"]
        print(f"target: one full correct submission under 2.5 s cold: {'met' if kit_row[0] < 2.5 else 'NOT met'} "
              f"({kit_row[0]:.2f} s)")
        if base is not None:
            b = rows[f"baseline ({args.baseline})"]
            print(f"grade-class per student: {kit_row[3]:.2f} s vs {b[3]:.2f} s = {kit_row[3] / b[3]:.2f}x the "
                  f"baseline (target ≤ 1.3x); one submission: {kit_row[0] / b[0]:.2f}x")
        if args.nbgrader:
            nb = time_nbgrader(work, class_dir, correct[: args.nbgrader])
            if nb is None:
                print("nbgrader autograde: not installed, skipped")
            else:
                print(f"nbgrader autograde, per submission (same notebooks): {nb:.2f} s; kit: "
                      f"{nb / kit_row[0]:.1f}x faster")
    finally:
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True, ignore=shutil.ignore_patterns("baseline"))
        if base is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
