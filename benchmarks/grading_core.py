"""What does each isolation plan cost? Grading the full reference submission (all five assignments, public and hidden
checks) in a cold process, under every plan this machine offers, against the plain-process plan as the baseline.

Plans: namespaces+landlock+seccomp (bubblewrap), landlock+seccomp (what Docker/Gradescope get), process (a forking
host without kernel rules), and the portable path students on Windows/macOS get (a fresh interpreter per student
process). Interleaved repeats, medians.
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
sys.path.insert(0, str(ROOT))
PROGRAM = ("from autograder.submission import grade\n"
           "r = grade('solutions', seed=1, isolation={mode!r})\n"
           "assert r.score == r.max_score, r.score\n"
           "print(r.isolation)")


def cold_run(disable: str, mode: str) -> tuple[float, str]:
    env = dict(os.environ, AUTOGRADER_ISOLATION_DISABLE=disable)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PROGRAM.format(mode=mode)], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    return time.perf_counter() - start, proc.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    from autograder.isolation import available

    have = available()
    configs = []
    if have["namespaces"]:
        configs.append(("", "auto"))
    if have["landlock"]:
        configs.append(("namespaces", "auto"))
    configs += [("", "process"), ("fork", "process")]
    times = {c: [] for c in configs}
    names = {}
    for _ in range(args.repeats):
        for c in configs:
            seconds, name = cold_run(*c)
            times[c].append(seconds)
            names[c] = name + (" (fresh interpreter per student process)" if c[0] == "fork" else "")
    base = statistics.median(times[("", "process")])
    print(f"all five assignments of the reference solutions, cold process; {os.cpu_count()} cores")
    print(f"{'isolation':<58}{'median s':>10}{'min s':>8}{'vs process':>12}")
    for c in configs:
        med = statistics.median(times[c])
        print(f"{names[c]:<58}{med:>10.2f}{min(times[c]):>8.2f}{med / base:>11.2f}x")


if __name__ == "__main__":
    main()
