"""The guided notebooks: generated from tools/make_notebooks.py, valid nbgrader sources whose test cells carry the
autograder's points, released without solutions or hidden tests, and runnable top to bottom on the solutions.

The runs use the quick sizes (``KIT_FULL`` unset) and execute two notebooks at a time (one kernel each).
"""
import asyncio
import importlib.util
import json
import os
import re
import time

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.notebooks import release_notebook
from autograder.registry import get_assignment

from .conftest import ASSIGNMENTS, ROOT, SOLUTIONS

IDS = ["a01_perceptron", "a02_backprop", "a03_optimization", "a04_regularization", "a05_cnn"]


def _generator():
    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "tools" / "make_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _source(aid):
    return nbformat.read(SOLUTIONS / aid / f"{aid}.ipynb", as_version=4)


def _nbg(cell):
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize("aid", IDS)
def test_notebook_is_what_the_generator_writes(aid):
    assert (SOLUTIONS / aid / f"{aid}.ipynb").read_text(encoding="utf-8") == _generator().render(aid), \
        f"solutions/{aid}/{aid}.ipynb is stale: run python tools/make_notebooks.py"


@pytest.mark.parametrize("aid", IDS)
def test_nbgrader_metadata_and_points(aid):
    from nbgrader.nbgraderformat import MetadataValidator

    nb = _source(aid)
    MetadataValidator().validate_nb(nb)
    assert all(not c.get("outputs") for c in nb.cells), "sources are output-free"
    graded = [c for c in nb.cells if _nbg(c).get("grade")]
    ids = [_nbg(c)["grade_id"] for c in graded]
    assert len(ids) == len(set(ids))
    tests = [c for c in graded if c.cell_type == "code"]
    questions = [c for c in graded if c.cell_type == "markdown"]
    assert 1 <= len(questions) <= 2
    for q in questions:
        meta = _nbg(q)
        assert meta["solution"] and not meta["locked"] and meta["points"] > 0 and meta["schema_version"] == 3
        assert q.source.startswith("### BEGIN SOLUTION\n") and q.source.endswith("\n### END SOLUTION")
    expected = {e.id: e.max_score() for e in get_assignment(aid).exercises}
    seen = {}
    for cell in tests:
        meta = _nbg(cell)
        assert meta["locked"] and not meta["solution"] and meta["schema_version"] == 3
        assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False
        public = re.search(r'^check\("([^"]+)", strict=True\);$', cell.source, re.M)
        hidden = re.search(r'^### BEGIN HIDDEN TESTS\n(?:.*\n)*?hidden_check\("([^"]+)"\);\n### END HIDDEN TESTS$',
                           cell.source, re.M)
        assert public and hidden and public.group(1) == hidden.group(1), cell.source
        seen[public.group(1)] = meta["points"]
    assert seen == expected, "one test cell per exercise, worth the exercise's points in the autograder"
    # every other check(...) call names an existing assignment or exercise prefix
    for cell in nb.cells:
        if cell.cell_type == "code":
            for target in re.findall(r'\bcheck\("([^"]+)"', cell.source):
                assert target == aid or any(e == target or e.startswith(target + ".") for e in expected), target


@pytest.mark.parametrize("aid", IDS)
def test_released_notebook_has_no_solutions_or_hidden_tests(aid):
    source_text = (SOLUTIONS / aid / f"{aid}.ipynb").read_text(encoding="utf-8")
    released_text = (ASSIGNMENTS / aid / f"{aid}.ipynb").read_text(encoding="utf-8")
    assert released_text == release_notebook(source_text), "stale release: run python -m autograder release"
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "hidden_check", "MARK SCHEME"):
        assert marker not in released_text, marker
    released = json.loads(released_text)
    answers = [c for c in released["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers and all("".join(c["source"]) == "YOUR ANSWER HERE" for c in answers)
    for cell in _source(aid).cells:
        if _nbg(cell).get("solution"):  # no sentence of a model answer survives
            for line in cell.source.split("\n")[1:-1]:
                if len(line) > 30:
                    assert line not in released_text, line
    for cell in released["cells"]:
        meta = cell["metadata"].get("nbgrader")
        if meta and (meta.get("grade") or meta.get("solution")):
            assert meta.get("checksum") and meta.get("cell_type") == cell["cell_type"]


# ---------------------------------------------------------------------------------------------------- execution

async def _execute_all(ids, parallel=2):
    sem = asyncio.Semaphore(parallel)

    async def run(aid):
        async with sem:
            start = time.perf_counter()
            try:
                nb = _source(aid)
                client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                        resources={"metadata": {"path": str(SOLUTIONS / aid)}})
                await client.async_execute()
            except Exception as exc:  # noqa: BLE001 (reported by the test of this notebook)
                return aid, exc, time.perf_counter() - start
            return aid, nb, time.perf_counter() - start

    return await asyncio.gather(*(run(aid) for aid in ids))


@pytest.fixture(scope="module")
def executed():
    saved = {k: os.environ.get(k) for k in ("KIT_FULL", "OPENBLAS_NUM_THREADS")}
    os.environ.pop("KIT_FULL", None)              # quick sizes
    os.environ["OPENBLAS_NUM_THREADS"] = "1"       # the kernels inherit it
    try:
        results = asyncio.run(_execute_all(IDS))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return {aid: (nb, seconds) for aid, nb, seconds in results}


@pytest.mark.parametrize("aid", IDS)
def test_notebook_runs_top_to_bottom_on_the_solutions(executed, aid):
    nb, seconds = executed[aid]
    if isinstance(nb, Exception):
        raise nb
    print(f"{aid}: {seconds:.1f} s")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", (i, out.get("ename"), out.get("evalue"))
            assert not (out.output_type == "stream" and out.name == "stderr"), (i, out.text[:500])
    figures = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if o.output_type in ("execute_result", "display_data") and "image/png" in o.get("data", {})]
    assert figures, "the notebook draws its plots"
    tests = [c for c in nb.cells if _nbg(c).get("grade") and c.cell_type == "code"]
    for cell in tests:  # public and hidden checks both ran and passed
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert text.count("Total:") == 2 and "(public checks only)" in text, text
