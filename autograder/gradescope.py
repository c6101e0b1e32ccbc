"""Package the kit as a Gradescope autograder zip (``setup.sh``, ``run_autograder`` and the kit itself).

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once when it builds the image, and runs
``run_autograder`` for every submission: the student's files are in ``/autograder/submission`` and the grader
must write ``/autograder/results/results.json``. ``run_autograder`` honours ``$GRADESCOPE_ROOT`` (default
``/autograder``) so the same script can be tried locally on a folder with that layout.
"""
from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from .reference import PACKAGE_ROOT

SETUP_SH = """#!/usr/bin/env bash
# Gradescope image setup: a virtual environment with the grader's only run-time needs (numpy, tqdm).
set -euo pipefail
if ! command -v python3 >/dev/null; then apt-get update && apt-get install -y python3 python3-venv python3-pip; fi
python3 -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --quiet "numpy>=1.24" "tqdm>=4.60"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Grade /autograder/submission and write /autograder/results/results.json (also when grading fails).
set -uo pipefail
ROOT="${{GRADESCOPE_ROOT:-/autograder}}"
KIT="$ROOT/source/kit"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
PY="$ROOT/venv/bin/python"
[ -x "$PY" ] || PY="${{AUTOGRADER_PYTHON:-python3}}"
export AUTOGRADER_SOLUTIONS="$KIT/solutions" PYTHONPATH="$KIT${{PYTHONPATH:+:$PYTHONPATH}}"
cd "$KIT"
"$PY" -m autograder grade "$ROOT/submission" {assignment_flag}--lang {lang} --gradescope "$RESULTS"
if [ ! -s "$RESULTS" ]; then
  echo '{{"score": 0.0, "output": "The autograder could not grade this submission; please contact the course staff.", "tests": [], "visibility": "visible"}}' > "$RESULTS"
fi
exit 0
"""


def _add(zf: zipfile.ZipFile, path: Path, arcname: str, executable: bool = False):
    info = zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0))
    info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, path.read_bytes() if isinstance(path, Path) else path)


def build_zip(out: Path, assignment: str | None = None, lang: str = "en") -> Path:
    """Write the autograder zip for one assignment (or for all, when ``assignment`` is None)."""
    out = Path(out)
    flag = f"--assignment {assignment} " if assignment else ""
    with zipfile.ZipFile(out, "w") as zf:
        _add(zf, SETUP_SH.encode(), "setup.sh", executable=True)
        _add(zf, RUN_AUTOGRADER.format(assignment_flag=flag, lang=lang).encode(), "run_autograder", executable=True)
        wanted = [PACKAGE_ROOT / "autograder", PACKAGE_ROOT / "solutions"]
        for base in wanted:
            for p in sorted(base.rglob("*")):
                if not p.is_file() or "__pycache__" in p.parts or ".ipynb_checkpoints" in p.parts:
                    continue
                rel = p.relative_to(PACKAGE_ROOT)
                if rel.parts[0] == "solutions" and assignment and rel.parts[1] != assignment:
                    continue
                _add(zf, p, f"kit/{rel.as_posix()}")
        for name in ("pyproject.toml", "README.md"):
            if (PACKAGE_ROOT / name).exists():
                _add(zf, PACKAGE_ROOT / name, f"kit/{name}")
    return out
