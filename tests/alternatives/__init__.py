"""The catalogue of correct alternative implementations: code written differently from ``solutions/`` that
follows DESIGN §3 and must therefore score full marks on every object.

Two forms:

* **folders** — ``tests/alternatives/<assignment id>/<style>/`` holds the files students edit for that assignment,
  written in another style: explicit loops instead of vectorization, the textbook's style where DESIGN accepts it,
  other numerically sound formulas. A file the folder does not hold (a05's provided ``layers.py``) is taken from the
  student release, as a student's folder would have it (:func:`complete_folder`);
* **variants** — :data:`variants.VARIANTS`: small text edits of a reference solution file, one per convention that
  DESIGN §3 explicitly accepts (e.g. Adam's two eps placements, the book's ``log(y + 1e-7)`` guard, a pair stride,
  an EarlyStopping that un-stops after it returned True). Each edit's ``find`` must occur exactly once.

``tests/test_alternatives.py`` grades each one (graded runs on fresh seeds and the students' ``check`` on the stored
public values) and asserts full marks; ``tools/seed_sweep.py`` repeats that on many seeds.
"""
import shutil
from dataclasses import dataclass, field
from pathlib import Path

RELEASE = Path(__file__).resolve().parent.parent.parent / "assignments"


PROVIDED_BANNER = "# Provided layers"   # where a release file's complete, ungraded classes begin (a04's layers.py)


def complete_folder(style: Path, assignment: str, dest: Path) -> Path:
    """A gradable copy of an alternative folder: the student release's files, overlaid with the alternative's.

    A release file that ends in a provided section (a04's ``layers.py`` carries a02's layers complete) keeps that
    section: the alternative holds only what students write, and the provided part is appended from the release."""
    shutil.copytree(RELEASE / assignment, dest, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    for p in Path(style).glob("*.py"):
        text = p.read_text(encoding="utf-8")
        release = (RELEASE / assignment / p.name)
        if release.exists() and PROVIDED_BANNER not in text:
            lines = release.read_text(encoding="utf-8").splitlines(keepends=True)
            at = next((i for i, line in enumerate(lines) if line.startswith(PROVIDED_BANNER)), None)
            if at is not None:
                text = text.rstrip() + "\n\n\n" + "".join(lines[at - 1:])
        (dest / p.name).write_text(text, encoding="utf-8")
    return dest


@dataclass(frozen=True)
class Variant:
    assignment: str           # assignment id, e.g. "a03_optimization"
    name: str                 # the accepted convention, in a few words
    file: str                 # file of the assignment folder, e.g. "optimizers.py"
    find: str                 # exact text in the reference (must occur once)
    replace: str              # the alternative, equally correct version
    why: str = ""             # where DESIGN / the documents accept it
    extra: dict = field(default_factory=dict)   # {"then": (find, replace)} for a second edit
