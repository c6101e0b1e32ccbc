"""How long does grading the reference submission of a01 + a02 take? (issue: under 2 s wall on 2 cores)

Prints, for the full reference submission of a01_perceptron and a02_backprop (public and hidden checks):
  * kit            — `python -m autograder grade solutions --assignment …` as a user runs it (cold process, wall);
  * kit, in-process — the same grading called from Python after start-up (median of repeats);
  * baseline       — the same checks with every student process started as a fresh interpreter
                     (AUTOGRADER_START_METHOD=spawn), the usual way to isolate student code without a fork server.
Usage: python benchmarks/grading_core.py [--repeats N]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDS = ["a01_perceptron", "a02_backprop"]


def cold_run(env_extra=None) -> float:
    env = dict(os.environ, **(env_extra or {}))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c",
                           "from autograder.submission import grade\n"
                           f"r = [grade('solutions/' + a, seed=1) for a in {IDS!r}]\n"
                           "assert all(x.score == x.max_score for x in r)"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from autograder.submission import grade

    kit_cold = [cold_run() for _ in range(args.repeats)]
    base_cold = [cold_run({"AUTOGRADER_START_METHOD": "spawn"}) for _ in range(args.repeats)]
    warm = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        results = [grade(ROOT / "solutions" / a, seed=1) for a in IDS]
        warm.append(time.perf_counter() - start)
        assert all(r.score == r.max_score for r in results)
    n_ex = sum(len(list(r.exercises())) for r in results)
    n_tests = sum(len(e.tests) for r in results for e in r.exercises())
    med = statistics.median
    print(f"reference submission of {', '.join(IDS)}: {n_ex} exercises, {n_tests} checks; {os.cpu_count()} cores")
    print(f"{'configuration':<44}{'median s':>10}{'min s':>10}")
    print(f"{'kit, cold process (import + fork server)':<44}{med(kit_cold):>10.3f}{min(kit_cold):>10.3f}")
    print(f"{'kit, in-process after start-up':<44}{med(warm):>10.3f}{min(warm):>10.3f}")
    print(f"{'baseline: fresh interpreter per child':<44}{med(base_cold):>10.3f}{min(base_cold):>10.3f}")
    print(f"speed-up over the baseline (cold): {med(base_cold) / med(kit_cold):.1f}x; "
          f"target < 2 s wall: {'met' if med(kit_cold) < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
