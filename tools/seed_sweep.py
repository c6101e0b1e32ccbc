"""Correct code must get every point on every seed: grade the reference solutions and every correct alternative of
tests/alternatives/ (whole folders and accepted-convention variants) on many seeds, and count the runs that lost a
point. A false failure is a grading bug (an unfair tolerance, a statistical check that is too tight, an input that
hits a kink); the output names the seed and the check so it can be reproduced with `grade … --seed N`.

Usage: python tools/seed_sweep.py [--seeds 200] [--assignment ID ...] [--jobs 2] [--first-seed 1]
Each subject keeps one sandbox across its seeds (it is the same code each time), so a sweep runs at grading speed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def subjects(assignments: list[str], work: Path) -> list[tuple[str, str, Path]]:
    """(assignment, label, folder) for the reference, every alternative folder and every variant."""
    from tests.alternatives import complete_folder
    from tests.alternatives.variants import VARIANTS

    out = []
    for aid in assignments:
        out.append((aid, "reference", ROOT / "solutions" / aid))
        alt = ROOT / "tests" / "alternatives" / aid
        if alt.is_dir():
            for style in sorted(p for p in alt.iterdir() if p.is_dir() and not p.name.startswith("_")):
                out.append((aid, f"alternative {style.name}", complete_folder(style, aid, work / f"{aid}-{style.name}" / aid)))
        for i, v in enumerate(v for v in VARIANTS if v.assignment == aid):
            folder = work / f"{aid}-variant{i}" / aid
            shutil.copytree(ROOT / "solutions" / aid, folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
            path = folder / v.file
            text = path.read_text(encoding="utf-8").replace(v.find, v.replace, 1)
            if "then" in v.extra:
                text = text.replace(*v.extra["then"], 1)
            path.write_text(text, encoding="utf-8")
            out.append((aid, f"variant: {v.name}", folder))
    return out


def sweep(aid: str, label: str, folder: str, seeds: list[int]) -> tuple[str, str, int, list]:
    """Grade one subject on every seed in one sandbox; (assignment, label, runs, [(seed, lost checks)])."""
    from autograder.isolation import Sandbox
    from autograder.registry import get_assignment
    from autograder.runner import AssignmentRunner

    assignment = get_assignment(aid)
    lost = []
    with Sandbox({aid: Path(folder)}) as box:
        for seed in seeds:
            result = AssignmentRunner(assignment, Path(folder), seed=seed, sandbox=box).run()
            bad = [f"{e.id.split('.', 1)[1]} › {t.name}: {t.message.en[:160]}"
                   for e in result.exercises for t in e.tests if not t.passed]
            if bad:
                lost.append((seed, bad))
    return aid, label, len(seeds), lost


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=200)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--assignment", action="append", default=[])
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    from autograder.registry import all_assignments

    ids = args.assignment or [a.id for a in all_assignments()]
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    work = Path(tempfile.mkdtemp(prefix="seed-sweep-"))
    start = time.perf_counter()
    try:
        todo = subjects(ids, work)
        try:
            from tqdm import tqdm
        except ImportError:  # pragma: no cover
            tqdm = None
        bar = tqdm(total=len(todo), unit="subject", desc="seed sweep", file=sys.stderr) if tqdm else None
        results = []
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(sweep, aid, label, str(folder), seeds) for aid, label, folder in todo]
            for fut in as_completed(futures):
                results.append(fut.result())
                if bar:
                    bar.update(1)
        if bar:
            bar.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results.sort(key=lambda r: (r[0], r[1] != "reference", r[1]))
    print(f"seeds {seeds[0]}..{seeds[-1]} ({len(seeds)} per subject), {time.perf_counter() - start:.0f} s")
    print(f"{'assignment':<20}{'subject':<64}{'runs':>6}{'lost a point':>14}")
    total_runs = total_lost = 0
    for aid, label, runs, lost in results:
        total_runs += runs
        total_lost += len(lost)
        print(f"{aid:<20}{label[:63]:<64}{runs:>6}{len(lost):>14}")
        for seed, bad in lost[:3]:
            print(f"{'':<20}  seed {seed}: {bad[0]}" + (f" (+{len(bad) - 1} more)" if len(bad) > 1 else ""))
    per_aid = {}
    for aid, label, runs, lost in results:
        per_aid.setdefault(aid, [0, 0])
        per_aid[aid][0] += runs
        per_aid[aid][1] += len(lost)
    for aid, (runs, lost) in per_aid.items():
        print(f"{aid}: {runs} graded runs of correct code, {lost} with a false failure")
    print(f"all: {total_runs} graded runs of correct code, {total_lost} with a false failure")
    return 1 if total_lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
