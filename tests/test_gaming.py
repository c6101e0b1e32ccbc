"""Gaming submissions earn nothing (DESIGN §6): a lookup table of the stored public values, replaced drivers, a
tampered reply loop, and each assignment's own cheats (tests/gaming/<id>.py). Every attack is first shown to work
where it should (the lookup table does earn points in the students' own ``check``, which uses the stored values),
then shown to earn 0 in graded runs, while the honest files of the same submission keep full marks."""
import hashlib
import importlib
import pkgutil
import shutil
from pathlib import Path

import pytest

from autograder import wire
from autograder.registry import all_assignments, get_assignment
from autograder.runner import Context, driver_name
from autograder.submission import grade

from . import gaming as gaming_pkg
from .conftest import ASSIGNMENTS, SOLUTIONS

IDS = [a.id for a in all_assignments()]
SEED = 4242

# Replaces every driver in the student's process. Placed at the top of a stub module, so it runs when the grader
# imports that module; TABLE (when present) maps sha256(wire.dumps([driver name, args])) to the stored value.
DRIVER_SWAP = '''
import hashlib as _h, importlib as _il, pathlib as _pl, sys as _sys
from autograder import wire as _w
_TABLE_FILE = _pl.Path(__file__).with_name("table.bin")
_TABLE = _w.loads(_TABLE_FILE.read_bytes()) if _TABLE_FILE.exists() else dict()
_REPLY = {reply!r}
def _swap():
    names = [m for m in list(_sys.modules) if m.startswith(("autograder.drivers", "autograder.checks"))]
    for pkg in ("autograder.drivers", "autograder.checks"):
        try:
            import pkgutil as _pk
            base = _il.import_module(pkg)
            names += [f"{{pkg}}.{{i.name}}" for i in _pk.iter_modules(base.__path__)]
        except Exception:
            pass
    for modname in set(names):
        try:
            mod = _il.import_module(modname)
        except Exception:
            continue
        for attr in list(vars(mod)):
            fn = getattr(mod, attr)
            if not attr.startswith("drive") or not callable(fn):
                continue
            def fake(mods, *args, _name=f"{{modname}}:{{attr}}", _orig=fn):
                key = _h.sha256(_w.dumps([_name, list(args)])).hexdigest()
                if key in _TABLE:
                    return _TABLE[key]
                if _REPLY == "original":
                    return _orig(mods, *args)
                return {{"list": [], "dict": {{}}, "none": None}}[_REPLY]
            setattr(mod, attr, fake)
_swap()
'''


def _student_modules(aid):
    return [f[:-3] for f in get_assignment(aid).files]


def _cheat_folder(tmp_path, aid, module, prefix, extra=None) -> Path:
    folder = tmp_path / aid
    shutil.copytree(SOLUTIONS / aid, folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    stub = (ASSIGNMENTS / aid / f"{module}.py").read_text(encoding="utf-8")
    (folder / f"{module}.py").write_text(prefix + "\n" + stub, encoding="utf-8")
    for name, data in (extra or {}).items():
        (folder / name).write_bytes(data)
    return folder


def _split(result, aid, module):
    """(exercises whose own object lives in ``module``, exercises that do not import ``module`` at all)."""
    own, other = {}, {}
    specs = {x.id: x for x in get_assignment(aid).exercises}
    for e in result.exercises():
        spec = specs[e.id]
        if spec.targets[0].split(".")[0] == module:
            own[e.id] = e
        elif module not in spec.modules:
            other[e.id] = e
    return own, other


def _all_cheat_folder(tmp_path, aid, prefix, extra=None) -> Path:
    """Every student file of the assignment is the stub plus ``prefix``: a student who wrote no code at all."""
    folder = tmp_path / aid
    shutil.copytree(ASSIGNMENTS / aid, folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    for module in _student_modules(aid):
        path = folder / f"{module}.py"
        path.write_text(prefix + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    for name, data in (extra or {}).items():
        (folder / name).write_bytes(data)
    return folder


def _lookup_table(aid) -> dict:
    """Every (driver, arguments) → value pair a student can derive from the shipped public checks and stored values:
    the public checks are run here, in their students' mode, and each stored value they read is recorded with the
    call it belongs to."""
    table = {}
    original = Context.expected

    def spy(self, driver, *args):
        value = original(self, driver, *args)
        name = driver_name(driver)
        if name.startswith("autograder.drivers"):
            table[hashlib.sha256(wire.dumps([name, list(args)])).hexdigest()] = value
        return value

    Context.expected = spy
    try:
        grade(SOLUTIONS / aid, assignment=aid, public_only=True, fresh=False, seed=0)
    finally:
        Context.expected = original
    return table


@pytest.mark.parametrize("aid", IDS)
def test_lookup_table_of_the_stored_values_earns_nothing_in_graded_runs(tmp_path, aid):
    table = _lookup_table(aid)
    assert table, f"{aid}: no stored value recorded"
    blob = wire.dumps(table)
    swap = DRIVER_SWAP.format(reply="original")
    # a student who wrote nothing but the lookup table, in every file
    folder = _all_cheat_folder(tmp_path / "all", aid, swap, {"table.bin": blob})
    graded = grade(folder, assignment=aid, seed=SEED)
    earned = {e.id: e.score for e in graded.exercises() if e.score > 0}
    assert not earned, f"{aid}: the lookup table earned points in a graded run: {earned}"
    # the attack is real: in the students' own check (stored values) the same table earns points. (a05's public checks
    # batch several cases into one call while the stored values are per case, so this generic table finds no match
    # there; tests/gaming/a05_cnn.py has a05's own lookup cheat, which does work in check and earns 0 in grades.)
    own = grade(folder, assignment=aid, public_only=True, fresh=False, seed=0)
    if aid != "a05_cnn":
        assert own.score > 0, f"{aid}: the lookup table should work on the stored values"
    # the table in one file next to honest files: the objects of that file earn nothing, the other files keep
    # every point
    for module in _student_modules(aid):
        folder = _cheat_folder(tmp_path / module, aid, module, swap, {"table.bin": blob})
        graded = grade(folder, assignment=aid, seed=SEED)
        own_objects, other = _split(graded, aid, module)
        earned = {k: e.score for k, e in own_objects.items() if e.score > 0}
        assert not earned, f"{aid}/{module}.py: the lookup table earned points in a graded run: {earned}"
        assert all(e.status == "passed" for e in other.values()), \
            [(k, e.feedback().en) for k, e in other.items() if e.status != "passed"]


@pytest.mark.parametrize("aid", IDS)
@pytest.mark.parametrize("reply", ["list", "dict", "none"])
def test_replaced_drivers_earn_nothing(tmp_path, aid, reply):
    folder = _all_cheat_folder(tmp_path / "all", aid, DRIVER_SWAP.format(reply=reply))
    result = grade(folder, assignment=aid, seed=SEED)
    earned = {e.id: e.score for e in result.exercises() if e.score > 0}
    assert not earned, f"{aid} with every driver answering {reply}: earned {earned}"
    for module in _student_modules(aid):
        folder = _cheat_folder(tmp_path / module, aid, module, DRIVER_SWAP.format(reply=reply))
        result = grade(folder, assignment=aid, seed=SEED)
        own_objects, other = _split(result, aid, module)
        earned = {k: e.score for k, e in own_objects.items() if e.score > 0}
        assert not earned, f"{aid}/{module}.py with drivers answering {reply}: earned {earned}"
        assert all(e.status == "passed" for e in other.values())


TAMPER = '''
import autograder.isolation.child as _c
_real = _c._run
def _short(req, mods):
    value = _real(req, mods) if req.get("op") == "import" else [None] * len(req["calls"])
    return value if req.get("op") == "import" else value[:{keep}]
_c._run = _short
'''


@pytest.mark.parametrize("keep", [0, 1])
def test_reply_loop_returning_short_lists_earns_nothing(tmp_path, keep):
    aid, module = "a05_cnn", "conv"
    folder = _cheat_folder(tmp_path, aid, module, TAMPER.format(keep=keep))
    result = grade(folder, assignment=aid, seed=SEED)
    hit, other = _split(result, aid, module)
    assert sum(e.score for e in hit.values()) == 0, {k: e.score for k, e in hit.items()}
    assert all(e.status == "passed" for e in other.values())


def _cheats():
    out = []
    for info in sorted(pkgutil.iter_modules(gaming_pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{gaming_pkg.__name__}.{info.name}")
        for cheat in getattr(module, "CHEATS", []):
            out.append(pytest.param(info.name, cheat, id=f"{info.name}: {cheat.name}"))
    return out


@pytest.mark.parametrize("aid, cheat", _cheats())
def test_assignment_cheat_earns_nothing(tmp_path, aid, cheat):
    folder = tmp_path / aid
    shutil.copytree(SOLUTIONS / aid, folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    for name, text in cheat.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, data in cheat.extra_files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    result = grade(folder, assignment=aid, seed=SEED)
    by_id = {e.id.split(".", 1)[1]: e for e in result.exercises()}
    for ex in cheat.zero:
        assert by_id[ex].score == 0, f"{cheat.name}: {ex} earned {by_id[ex].score}: " + \
            "; ".join(f"{t.name}: passed" for t in by_id[ex].tests if t.passed)
    for ex in cheat.honest:
        assert by_id[ex].status == "passed", (ex, by_id[ex].feedback().en)


def test_hints_teach_rather_than_answer():
    """A hint explains the idea; it never holds a line of numpy code to paste (DESIGN §6)."""
    import re

    code = re.compile(r"\bnp\.\w+\(|\breturn\b|\w+\s*=\s*[\w(]|\.(sum|mean|copy|reshape|T)\b|\[\s*:|\w+\[[^\]]*\]\s*=")
    offenders = []
    for a in all_assignments():
        for e in a.exercises:
            if e.hint is not None:
                for text in (e.hint.en, e.hint.ko):
                    if code.search(text):
                        offenders.append((e.id, text))
    assert not offenders, offenders


def test_gaming_earns_nothing_under_grade_class(tmp_path):
    """The same catalogue through ``grade-class``: one student per cheat (each hands in only the assignment it games),
    plus one lookup-table student and one replaced-drivers student per assignment and an honest student. Every
    gamed exercise is 0 in the student's JSON and the cheat's total in grades.csv is exactly what its honest
    exercises are worth."""
    import csv
    import io
    import json

    from autograder.classroom import grade_class

    root = tmp_path / "class"
    expected = {}  # student -> (assignment, exercises that must be 0, exercises that must be full)
    for aid in IDS:
        specs = [x.id.split(".", 1)[1] for x in get_assignment(aid).exercises]
        folder = _all_cheat_folder(tmp_path / "lk" / aid, aid, DRIVER_SWAP.format(reply="original"),
                                   {"table.bin": wire.dumps(_lookup_table(aid))})
        shutil.copytree(folder, root / f"lookup-{aid[:3]}" / aid)
        expected[f"lookup-{aid[:3]}"] = (aid, specs, ())
        folder = _all_cheat_folder(tmp_path / "dr" / aid, aid, DRIVER_SWAP.format(reply="list"))
        shutil.copytree(folder, root / f"drivers-{aid[:3]}" / aid)
        expected[f"drivers-{aid[:3]}"] = (aid, specs, ())
    for i, (aid, cheat) in enumerate(p.values for p in _cheats()):
        folder = root / f"cheat{i:02d}" / aid
        shutil.copytree(SOLUTIONS / aid, folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
        for name, text in cheat.files.items():
            (folder / name).write_text(text, encoding="utf-8")
        for name, data in cheat.extra_files.items():
            (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
        expected[f"cheat{i:02d}"] = (aid, cheat.zero, cheat.honest)
    shutil.copytree(SOLUTIONS / "a02_backprop", root / "honest" / "a02_backprop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    out = tmp_path / "out"
    assert grade_class(root, out, jobs=2, seed=SEED, progress=False) == 0
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert set(rows) == set(expected) | {"honest"}
    honest = json.loads((out / "honest.json").read_text())
    a02 = next(a for a in honest["assignments"] if a["id"] == "a02_backprop")
    assert a02["score"] == a02["max_score"] > 0 and float(rows["honest"]["total"]) == a02["score"]
    for student, (aid, zero, full) in expected.items():
        data = json.loads((out / f"{student}.json").read_text())
        assert data["seed"] == SEED
        graded = next(a for a in data["assignments"] if a["id"] == aid)
        by_id = {e["id"].split(".", 1)[1]: e for e in graded["exercises"]}
        earned = {x: by_id[x]["score"] for x in zero if by_id[x]["score"] > 0}
        assert not earned, f"{student} ({aid}) earned points under grade-class: {earned}"
        for x in full:
            assert by_id[x]["score"] == by_id[x]["max_score"], (student, x, by_id[x]["feedback"])
        # nothing but the honest exercises' points reach the grade book
        honest_points = sum(e["score"] for x, e in by_id.items() if x not in zero)
        assert float(rows[student]["total"]) == pytest.approx(honest_points), (student, rows[student])
