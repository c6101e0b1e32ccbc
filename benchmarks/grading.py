"""Class-scale grading speed: the kit against nbgrader's autograde on the same course.

Builds a class of N submissions (default 50) of all five assignments — correct ones, buggy ones (mutants from
tests/mutants), released stubs and hostile ones (infinite loop, memory bomb, os._exit, reading solutions/) — and
prints:
  * the median wall seconds to grade one full five-assignment submission (correct submissions, cold process);
  * the wall time of `grade-class --jobs 2` on the whole class, and seconds per submission;
  * in the same run, nbgrader's `autograde` seconds per submission on the same notebooks (a real nbgrader course in a
    temporary folder; skipped with a note when nbgrader is not installed).
Usage: python benchmarks/grading.py [--students N] [--nbgrader-students K] [--keep DIR]
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


def time_single(submission: Path, repeats: int = 3) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "--seed", "1"],
                              cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode:
            raise SystemExit(proc.stderr)
    return times


def time_class(class_dir: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade-class", str(class_dir), "--out", str(out),
                           "--jobs", str(jobs), "--seed", "1", "--force"], cwd=ROOT)
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=50)
    ap.add_argument("--nbgrader-students", type=int, default=2, help="correct students autograded by nbgrader")
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kit-bench-"))
    try:
        class_dir = work / "class"
        kinds = build_class(class_dir, args.students)
        correct = [s for s, k in kinds.items() if k == "correct"]
        print(f"class of {len(kinds)}: " + ", ".join(f"{k} {list(kinds.values()).count(k)}"
                                                     for k in sorted(set(kinds.values()))))
        single = time_single(class_dir / correct[0])
        wall = time_class(class_dir, work / "out", jobs=2)
        nb = time_nbgrader(work, class_dir, correct[: args.nbgrader_students])
        med = statistics.median(single)
        print(f"{'measure':<58}{'seconds':>10}")
        print(f"{'one full five-assignment submission (median, cold process)':<58}{med:>10.2f}")
        print(f"{'whole class, grade-class --jobs 2 (wall)':<58}{wall:>10.2f}")
        print(f"{'  per submission':<58}{wall / len(kinds):>10.2f}")
        if nb is None:
            print("nbgrader autograde: not installed, baseline skipped")
        else:
            print(f"{'nbgrader autograde, per submission (same notebooks)':<58}{nb:>10.2f}")
            print(f"kit vs nbgrader per submission: {nb / med:.1f}x faster (target ≥ 5x)")
        print(f"target: full correct submission under 5 s: {'met' if med < 5 else 'NOT met'}")
    finally:
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
