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
# Gradescope image setup; also runs locally: GRADESCOPE_ROOT=/some/folder bash setup.sh
# A virtual environment with the grader's run-time needs (numpy, tqdm, pyseccomp), and bubblewrap where the system
# lets us install it (the grader then uses the strongest isolation the container allows; see kit/SECURITY.md).
set -euo pipefail
ROOT="${GRADESCOPE_ROOT:-/autograder}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip bubblewrap libseccomp2; } \
    || echo "setup.sh: apt-get failed; continuing with what is installed" >&2
fi
python3 -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --upgrade pip
"$ROOT/venv/bin/python" -m pip install --quiet {requirements}
"$ROOT/venv/bin/python" -c "import numpy, tqdm; print('grader environment ready: numpy', numpy.__version__)"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Grade $ROOT/submission and write $ROOT/results/results.json — also when grading fails, saying why.
set -uo pipefail
ROOT="${{GRADESCOPE_ROOT:-/autograder}}"
HERE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
KIT="$HERE/kit"
RESULTS="$ROOT/results/results.json"
LOG="$ROOT/results/grader.log"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
PY="$ROOT/venv/bin/python"
[ -x "$PY" ] || PY="${{AUTOGRADER_PYTHON:-python3}}"
export AUTOGRADER_SOLUTIONS="$KIT/solutions" PYTHONPATH="$KIT${{PYTHONPATH:+:$PYTHONPATH}}" PYTHONDONTWRITEBYTECODE=1
cd "$KIT"
"$PY" -m autograder grade "$ROOT/submission" {assignment_flag}--lang {lang} --gradescope "$RESULTS" 2> "$LOG"
status=$?
if [ ! -s "$RESULTS" ]; then
  # the grader could not even start (a broken environment): report what it printed
  python3 - "$RESULTS" "$LOG" "$status" <<'PY' || echo '{{"score": 0.0, "output": "The autograder could not start; see grader.log.", "tests": []}}' > "$RESULTS"
import json, sys
log = open(sys.argv[2], encoding="utf-8", errors="replace").read()[-3000:]
text = ("The autograder could not grade this submission (exit code " + sys.argv[3] + "). This is a problem of the "
        "grader's setup, not of your code; your instructor has been shown this message:" + chr(10) * 2 + log)
json.dump({{"score": 0.0, "output": text, "output_format": "text", "tests": [], "visibility": "visible"}},
          open(sys.argv[1], "w"))
PY
fi
exit 0
"""

REQUIREMENTS = ['"numpy>=1.24"', '"tqdm>=4.60"', '"pyseccomp>=0.1.2"']


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
        _add(zf, SETUP_SH.replace("{requirements}", " ".join(REQUIREMENTS)).encode(), "setup.sh", executable=True)
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
        for name in ("pyproject.toml", "README.md", "SECURITY.md"):
            if (PACKAGE_ROOT / name).exists():
                _add(zf, PACKAGE_ROOT / name, f"kit/{name}")
    return out
