"""Release a guided notebook: solution regions stubbed, hidden tests and mark schemes removed, outputs cleared.

The markers are nbgrader's (``### BEGIN SOLUTION`` / ``### END SOLUTION`` in code cells, ``### BEGIN HIDDEN
TESTS`` / ``### END HIDDEN TESTS`` in test cells, ``=== BEGIN MARK SCHEME ===`` / ``=== END MARK SCHEME ===`` in
Markdown), so the same source also works with ``nbgrader generate_assignment``.
"""
from __future__ import annotations

import json
import re

from .release import ReleaseError, strip_solutions

_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*\n?", re.M | re.S)
_SCHEME = re.compile(r"^=== BEGIN MARK SCHEME ===[ \t]*\n.*?^=== END MARK SCHEME ===[ \t]*\n?", re.M | re.S)
_MD_SOLUTION = re.compile(r"^### BEGIN SOLUTION[ \t]*\n.*?^### END SOLUTION[ \t]*\n?", re.M | re.S)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def release_notebook(text: str) -> str:
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        src = _source(cell)
        if cell.get("cell_type") == "code":
            src = _HIDDEN.sub("", src)
            src = strip_solutions(src if src.endswith("\n") or not src else src + "\n").rstrip("\n")
            cell["outputs"] = []
            cell["execution_count"] = None
        elif cell.get("cell_type") == "markdown":
            src = _SCHEME.sub("", src)
            src = _MD_SOLUTION.sub("YOUR ANSWER HERE\n", src)
        if "BEGIN SOLUTION" in src or "BEGIN HIDDEN TESTS" in src:
            raise ReleaseError("unbalanced solution or hidden-test markers in a notebook cell")
        cell["source"] = src
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
