import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS = ROOT / "assignments"


def copy_assignment(src_root: Path, assignment_id: str, dest: Path) -> Path:
    """Copy one assignment folder (without caches) to dest/<id> and return it."""
    target = dest / assignment_id
    shutil.copytree(src_root / assignment_id, target, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    return target


@pytest.fixture
def solution_copy(tmp_path):
    def make(assignment_id: str) -> Path:
        return copy_assignment(SOLUTIONS, assignment_id, tmp_path)
    return make
