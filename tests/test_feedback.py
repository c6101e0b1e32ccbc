"""Feedback a student can act on: grouped by cause, failures first, passed exercises collapsed, in either language."""
import re
import shutil

from autograder.feedback import feedback_html, feedback_markdown
from autograder.report import console_table
from autograder.submission import grade

from .conftest import ASSIGNMENTS, SOLUTIONS


def test_a_stub_submission_fits_on_one_screen():
    result = grade(ASSIGNMENTS, seed=1)
    page = feedback_markdown(result.to_json("en"), "en")
    assert len(page.splitlines()) < 80, len(page.splitlines())
    assert "Not implemented yet" in page and "Everything passed" not in page


def test_one_syntax_error_is_reported_once(tmp_path):
    folder = tmp_path / "a02_backprop"
    shutil.copytree(SOLUTIONS / "a02_backprop", folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    layers = folder / "layers.py"
    layers.write_text(layers.read_text(encoding="utf-8").replace("class Relu", "class Relu(", 1), encoding="utf-8")
    result = grade(folder, seed=1)
    data = result.to_json("en")
    for page in (feedback_markdown(data, "en"), feedback_html(data, "en")):
        assert page.count("SyntaxError") == 1, page
    table = console_table(result, "en")
    assert table.count("SyntaxError") == 1 and "same cause as above" in table


def test_a_missing_assignment_is_one_line(tmp_path):
    shutil.copytree(SOLUTIONS / "a02_backprop", tmp_path / "sub" / "a02_backprop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    data = grade(tmp_path / "sub", seed=1).to_json("en")
    page = feedback_markdown(data, "en")
    lines = [line for line in page.splitlines() if "is missing from the submission" in line]
    assert len(lines) == 4 and len(page.splitlines()) < 40, page


def test_html_puts_failures_first_in_colour_and_collapses_passes(tmp_path):
    folder = tmp_path / "a02_backprop"
    shutil.copytree(SOLUTIONS / "a02_backprop", folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    layers = folder / "layers.py"
    text = layers.read_text(encoding="utf-8")
    assert text.count("self.db = np.sum(dout, axis=0)") == 1
    layers.write_text(text.replace("self.db = np.sum(dout, axis=0)", "self.db = dout"), encoding="utf-8")
    page = feedback_html(grade(folder, seed=1).to_json("en"), "en")
    assert "<details>" in page and "class='card" in page and "#cf222e" in page
    assert page.index("a02_backprop.layers.Affine") < page.index("<details>")


def test_korean_feedback_names_checks_and_statuses_in_korean(tmp_path):
    folder = tmp_path / "a02_backprop"
    shutil.copytree(SOLUTIONS / "a02_backprop", folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    layers = folder / "layers.py"
    layers.write_text(layers.read_text(encoding="utf-8").replace("self.db = np.sum(dout, axis=0)", "self.db = dout"),
                      encoding="utf-8")
    result = grade(folder, seed=1)
    page = feedback_markdown(result.to_json("ko"), "ko")
    assert "채점 피드백" in page and "고칠 점" in page
    failing = [t for e in result.exercises() for t in e.tests if not t.passed]
    assert failing and all(re.search(r"[가-힣]", t.display_name("ko")) for t in failing), \
        [t.display_name("ko") for t in failing]
    table = console_table(result, "ko", verbose=True)
    assert "부분 점수" in table or "실패" in table
